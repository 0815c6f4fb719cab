#pragma once
// "Correct and keep": saving the review on screen as a dataset sample (the review dialog, then a
// write on the dataset's worker), and reviewing a saved sample again from the dataset browser (its
// image as the reasoner saw it, the trace, the prompts, the expert's first mask as an outline
// and the final mask as the editable layer).
#include <QObject>
#include <QString>

#include "engine/dataset/dataset_store.h"
#include "engine/session/case_state.h"

namespace mr::widgets {
class DatasetBrowser;
}

namespace mr::app {

class DatasetController;
class MainWindow;
class MaskEditor;

class SampleReviewController : public QObject {
    Q_OBJECT
public:
    SampleReviewController(MainWindow* window, MaskEditor* editor, DatasetController* dataset,
                           mr::widgets::DatasetBrowser* browser);

public Q_SLOTS:
    void chooseDataset();  // a folder dialog; the store asks before a folder with content becomes a dataset
    // The review dialog, then the write; asks for a dataset first when none is open. A saved
    // sample under review is saved as its next revision.
    void saveSample();
    void reviewSample(const QString& id);
    // The same, but a sample whose source series is on screen is put over that series (its volume
    // mask, or its mask on its own slice) instead of replacing it: the worklist reopening a study.
    void reviewSampleOverItsSource(const QString& id);
    void exportDataset(const QString& format);  // asks where, then exports on the dataset's worker

Q_SIGNALS:
    void message(const QString& text);

private:
    void onLocked(const QString& folder, const QString& reason);
    mr::session::CaseState currentCase() const;  // the case on screen, for saving it
    // Whether the image on screen is the series `sample` was saved from (its salted key and size).
    bool showsSourceOf(const mr::dataset::Sample& sample) const;
    std::string pathOf(const std::string& relative) const;  // "" for ""
    void reviewOverSource(const mr::dataset::Sample& sample);  // the volume mask, or the 2-D mask on its slice
    void showSavedAnswer(const mr::dataset::Sample& sample, const QString& message);
    void saveRevision();  // saveSample() for the saved sample under review
    void onChoiceNeeded(const QString& folder, mr::dataset::DatasetChoiceError::Choice choice,
                        const mr::dataset::FolderSurvey& survey, const QStringList& details);

    MainWindow* window_;
    MaskEditor* editor_;
    DatasetController* dataset_;
    mr::widgets::DatasetBrowser* browser_;
    bool saveAfterOpen_ = false;
    QString reviewingId_;            // the saved sample on screen, if any (saving it again makes a revision)
    std::vector<uint8_t> savedMask_;  // its saved mask on the review slice, what a revision is compared with
};

}  // namespace mr::app
