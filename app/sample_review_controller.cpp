#include "app/sample_review_controller.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>

#include "app/background_task.h"
#include "app/dataset_controller.h"
#include "app/grounding_controller.h"
#include "app/main_window.h"
#include "app/second_reading_controller.h"
#include "app/mask_editor.h"
#include "app/prompt_controller.h"
#include "engine/dataset/deidentify.h"
#include "engine/dataset/volume_mask.h"
#include "engine/edit/edit_statistics.h"
#include "engine/imaging/image_reader.h"
#include "engine/imaging/label_map.h"
#include "app/dataset_decision.h"
#include "engine/session/sample_builder.h"
#include "widgets/dataset_browser.h"
#include "widgets/dataset_folder_dialog.h"
#include "widgets/multi_planar_view.h"
#include "widgets/reasoning_panel.h"
#include "widgets/review_dialog.h"
#include "widgets/umrg_categories.h"

namespace mr::app {

namespace {
const char* kDatasetKey = "dataset/folder";
const char* kAnnotatorKey = "dataset/annotator";
const char* kSupercategoryKey = "dataset/lastSupercategory";
const char* kCategoryKey = "dataset/lastCategory";
const char* kQuestionKey = "dataset/lastQuestion";

std::vector<uint8_t> maskBits(const mr::imaging::Image& m, const mr::imaging::Image& image) {
    if (m.empty() || m.width() != image.width() || m.height() != image.height() ||
        m.pixelType() != mr::imaging::PixelType::UInt8)
        return std::vector<uint8_t>(size_t(image.width() * image.height()), 0);
    std::vector<uint8_t> bits(m.data<uint8_t>(), m.data<uint8_t>() + m.width() * m.height());
    for (uint8_t& b : bits) b = b ? 1 : 0;
    return bits;
}

// What reviewing a saved sample needs, read and prepared off the GUI thread: the image, the
// expert's first mask and the final mask as 0/1 pixels, and the first mask as a one-label map
// (shown as an outline under the editable mask).
struct SavedSampleFiles {
    mr::imaging::Image image;
    std::vector<uint8_t> firstBits, finalBits;
    mr::imaging::LabelMap firstOutline;
};

SavedSampleFiles readSavedSample(const std::string& image, const std::string& first, const std::string& final,
                                 const std::string& outlineName, const mr::CancelToken& c) {
    SavedSampleFiles f;
    f.image = mr::imaging::readImage(image, c);
    // An imported record may have no expert mask, or no mask at all.
    f.firstBits = maskBits(first.empty() ? mr::imaging::Image() : mr::imaging::readImage(first, c), f.image);
    f.finalBits = maskBits(final.empty() ? mr::imaging::Image() : mr::imaging::readImage(final, c), f.image);
    mr::imaging::LabelMap& outline = f.firstOutline;
    outline.labels = mr::imaging::Image(mr::imaging::PixelType::UInt8, f.image.geometry());
    std::copy(f.firstBits.begin(), f.firstBits.end(), outline.labels.data<uint8_t>());
    outline.table.resize(2);
    outline.table[1] = {outlineName, 255, 160, 40, true};
    outline.present = mr::imaging::presentLabels(outline.labels, c);
    return f;
}

// What reviewing a saved sample over its open source series needs: the expert's first mask on the
// sample's slice and the saved masks as (slice, 0/1 pixels): every slice of its volume mask, or the
// final 2-D mask on its own slice.
struct SavedOverSource {
    std::vector<uint8_t> firstBits;
    std::vector<std::pair<int64_t, std::vector<uint8_t>>> masks;
};

SavedOverSource readSavedOverSource(const std::string& first, const std::string& final, const std::string& volume,
                                    const mr::dataset::Sample& sample, const mr::CancelToken& c) {
    SavedOverSource f;
    mr::imaging::Geometry sliceGrid;
    sliceGrid.size = {sample.source.size[0], sample.source.size[1], 1};
    const mr::imaging::Image sliceShape(mr::imaging::PixelType::UInt8, sliceGrid);
    f.firstBits = maskBits(first.empty() ? mr::imaging::Image() : mr::imaging::readImage(first, c), sliceShape);
    if (volume.empty()) {
        f.masks.emplace_back(
            sample.source.slice,
            maskBits(final.empty() ? mr::imaging::Image() : mr::imaging::readImage(final, c), sliceShape));
        return f;
    }
    const mr::imaging::Image v = mr::dataset::readVolumeMaskFile(volume, sample);
    const size_t n = v.sliceBytes();
    for (int64_t z = 0; z < v.depth(); ++z) {
        const uint8_t* slice = v.bytes() + size_t(z) * n;
        f.masks.emplace_back(z, std::vector<uint8_t>(slice, slice + n));
    }
    return f;
}
}  // namespace

SampleReviewController::SampleReviewController(MainWindow* window, MaskEditor* editor, DatasetController* dataset,
                                               mr::widgets::DatasetBrowser* browser)
    : QObject(window), window_(window), editor_(editor), dataset_(dataset), browser_(browser) {
    connect(dataset_, &DatasetController::samplesChanged, this,
            [this] { browser_->setDataset(dataset_->folder(), dataset_->readOnly(), dataset_->samples()); });
    connect(dataset_, &DatasetController::opened, this,
            [this](const QString& folder, bool readOnly, const QStringList& warnings) {
                QSettings().setValue(kDatasetKey, folder);
                Q_EMIT message(dataset_->foreignView()
                                   ? tr("Dataset %1 opened read-only: records written by another tool").arg(folder)
                               : readOnly ? tr("Dataset %1 opened read-only").arg(folder)
                                          : tr("Dataset %1 opened").arg(folder));
                for (const QString& w : warnings) Q_EMIT message(w);
                if (saveAfterOpen_) {
                    saveAfterOpen_ = false;
                    if (readOnly) Q_EMIT message(tr("The dataset is open read-only: the sample was not saved."));
                    else saveSample();
                }
            });
    connect(dataset_, &DatasetController::locked, this, &SampleReviewController::onLocked);
    connect(dataset_, &DatasetController::choiceNeeded, this, &SampleReviewController::onChoiceNeeded);
    connect(dataset_, &DatasetController::revised, this, [this](const QString& id) {
        const mr::dataset::Sample* s = dataset_->find(id);
        Q_EMIT message(tr("Saved revision %1 of sample %2").arg(s ? s->revisions.size() : 0).arg(id));
        browser_->selectId(id);
    });
    connect(dataset_, &DatasetController::saved, this, [this](const QString& id) {
        Q_EMIT message(tr("Saved sample %1 to the dataset").arg(id));
        browser_->selectId(id);
    });
    connect(dataset_, &DatasetController::failed, this, [this](const QString& what, const QString& reason) {
        saveAfterOpen_ = false;
        QMessageBox::warning(window_, what, reason);
    });
    connect(window_, &MainWindow::imageShown, this, [this] {
        reviewingId_.clear();
        savedMask_.clear();
    });
    connect(browser_, &mr::widgets::DatasetBrowser::openRequested, this, &SampleReviewController::reviewSample);
    connect(browser_, &mr::widgets::DatasetBrowser::statusChangeRequested, dataset_, &DatasetController::setStatus);
    connect(browser_, &mr::widgets::DatasetBrowser::deleteRequested, dataset_, &DatasetController::remove);
    connect(browser_, &mr::widgets::DatasetBrowser::refreshRequested, dataset_, &DatasetController::reload);
    connect(browser_, &mr::widgets::DatasetBrowser::openDatasetRequested, this, &SampleReviewController::chooseDataset);
    connect(browser_, &mr::widgets::DatasetBrowser::exportRequested, this, &SampleReviewController::exportDataset);
    connect(dataset_, &DatasetController::exported, this,
            [this](const QString& path) { Q_EMIT message(tr("Dataset exported to %1").arg(path)); });
}

void SampleReviewController::chooseDataset() {
    QSettings s;
    const QString last = s.value(kDatasetKey).toString();
    const QString start = last.isEmpty() ? QDir::homePath() : QFileInfo(last).absolutePath();
    const QString folder = mr::widgets::DatasetFolderDialog::getFolder(window_, start);
    if (folder.isEmpty()) {
        saveAfterOpen_ = false;
        return;
    }
    dataset_->open(folder);
}

void SampleReviewController::exportDataset(const QString& format) {
    if (!dataset_->isOpen()) return;
    const QString base = QFileInfo(dataset_->folder()).absolutePath();
    QString path;
    if (format == "coco")
        path = QFileDialog::getSaveFileName(window_, tr("Export COCO JSON"), base + "/coco.json", tr("JSON (*.json)"));
    else path = QFileDialog::getExistingDirectory(window_, tr("Export to Folder"), base);
    if (!path.isEmpty()) dataset_->exportTo(format, path);
}

void SampleReviewController::onLocked(const QString& folder, const QString& reason) {
    saveAfterOpen_ = false;
    const auto answer = QMessageBox::question(
        window_, tr("Dataset in Use"), tr("%1\n\nOpen it read-only? You can browse it but not save to it.").arg(reason),
        QMessageBox::Open | QMessageBox::Cancel, QMessageBox::Open);
    if (answer == QMessageBox::Open) dataset_->openReadOnly(folder);
}

void SampleReviewController::onChoiceNeeded(const QString& folder, mr::dataset::DatasetChoiceError::Choice choice,
                                            const mr::dataset::FolderSurvey& survey, const QStringList& details) {
    const bool saving = saveAfterOpen_;
    saveAfterOpen_ = false;
    const std::optional<DatasetDecision> decision = askDatasetDecision(window_, folder, choice, survey, details);
    if (!decision) return;
    if (decision->readOnly) {
        if (saving) Q_EMIT message(tr("The sample was not saved: the dataset is open read-only."));
        dataset_->openReadOnly(folder);
        return;
    }
    saveAfterOpen_ = saving;
    dataset_->openWith(folder, decision->options);
}

mr::session::CaseState SampleReviewController::currentCase() const {
    mr::session::CaseState c;
    c.image = window_->viewer()->image();
    if (!c.image.isColor()) c.window = window_->viewer()->view(mr::widgets::SliceOrientation::Axial)->windowLevel();
    c.lastRun = window_->grounding()->lastResult();
    if (editor_->hasReview()) {
        c.reviewSlice = editor_->reviewSlice();
        c.firstMask = editor_->firstMask();
        c.mask = editor_->sliceMask(c.reviewSlice);
        c.reviewSeconds = editor_->secondsSinceReviewStarted();
        if (editor_->volume() && c.image.depth() > 1)
            c.volumeMask = mr::session::volumeMaskOf(*editor_->volume(), c.image.geometry(), c.reviewSlice);
    }
    return c;
}

void SampleReviewController::saveSample() {
    if (window_->secondReading()->saveIfReading()) return;  // a blind reading or an adjudication on screen
    const mr::imaging::Image& image = window_->viewer()->image();
    if (image.empty() || !editor_->hasReview()) {
        Q_EMIT message(tr("Nothing to save yet: ask a question or prompt the expert to get a mask."));
        return;
    }
    if (!reviewingId_.isEmpty()) {
        saveRevision();
        return;
    }
    if (!dataset_->isOpen() || dataset_->readOnly()) {
        // A dataset open read-only (the one reopened at start, or another tool's records) opens
        // for saving now; the store asks first where that needs a decision.
        saveAfterOpen_ = true;
        if (dataset_->isOpen()) dataset_->open(dataset_->folder());
        else chooseDataset();
        return;
    }
    const mr::session::CaseState state = currentCase();
    QSettings s;
    mr::dataset::ReviewChoice initial = mr::session::initialChoiceOf(state);
    initial.annotator = s.value(kAnnotatorKey).toString().toStdString();
    // The last category only for the same question; otherwise the one the question names, or none.
    const mr::widgets::UmrgProposal proposal =
        mr::widgets::proposeUmrgCategory(QString::fromStdString(initial.question), s.value(kQuestionKey).toString(),
                                         {s.value(kSupercategoryKey).toString(), s.value(kCategoryKey).toString()});
    initial.supercategory = proposal.supercategory.toStdString();
    initial.category = proposal.category.toStdString();
    mr::widgets::ReviewDialog dialog(mr::session::reviewSummaryOf(state), initial, window_);
    if (dialog.exec() != QDialog::Accepted) return;
    const mr::dataset::ReviewChoice choice = dialog.choice();
    s.setValue(kAnnotatorKey, QString::fromStdString(choice.annotator));
    s.setValue(kSupercategoryKey, QString::fromStdString(choice.supercategory));
    s.setValue(kCategoryKey, QString::fromStdString(choice.category));
    s.setValue(kQuestionKey, QString::fromStdString(choice.question));
    try {
        const mr::session::SampleDraft draft = mr::session::buildSample(
            state, choice, dataset_->salt(), QCoreApplication::applicationVersion().toStdString());
        Q_EMIT message(tr("Saving the sample…"));
        dataset_->save(draft.sample, draft.pixels);
    } catch (const std::exception& e) {
        QMessageBox::warning(window_, tr("Save Sample"), QString::fromStdString(e.what()));
    }
}

void SampleReviewController::saveRevision() {
    const mr::dataset::Sample* found = dataset_->find(reviewingId_);
    if (!found) {
        Q_EMIT message(tr("Sample %1 is no longer in the dataset.").arg(reviewingId_));
        return;
    }
    if (dataset_->readOnly()) {
        Q_EMIT message(tr("The dataset is open read-only: open it for saving to keep a new revision of sample %1.")
                           .arg(reviewingId_));
        return;
    }
    const mr::dataset::Sample saved = *found;
    const mr::session::CaseState state = currentCase();
    mr::dataset::ReviewSummary summary = mr::session::reviewSummaryOf(state);
    summary.revision = int(std::max<size_t>(1, saved.revisions.size())) + 1;
    if (savedMask_.size() == state.mask.size()) {
        const auto change = mr::edit::compareMasks(savedMask_.data(), state.mask.data(), state.mask.size());
        summary.dice = change.dice;
        summary.pixelsChanged = change.pixelsChanged;
    }
    QSettings s;
    mr::dataset::ReviewChoice initial;
    initial.status =
        saved.status == mr::dataset::ReviewStatus::Imported ? mr::dataset::ReviewStatus::Accepted : saved.status;
    initial.question = saved.question;
    initial.category = saved.category;
    initial.supercategory = saved.supercategory;
    initial.modality = saved.modality;
    initial.annotator = s.value(kAnnotatorKey).toString().toStdString();  // who corrects it now
    mr::widgets::ReviewDialog dialog(summary, initial, window_);
    if (dialog.exec() != QDialog::Accepted) return;
    const mr::dataset::ReviewChoice choice = dialog.choice();
    s.setValue(kAnnotatorKey, QString::fromStdString(choice.annotator));
    try {
        const mr::dataset::Sample edited =
            mr::session::revisionOf(saved, choice, state.mask, int(state.image.width()), int(state.image.height()));
        Q_EMIT message(tr("Saving revision %1 of sample %2…").arg(summary.revision).arg(reviewingId_));
        dataset_->revise(edited, state.mask);
        savedMask_ = state.mask;
    } catch (const std::exception& e) {
        QMessageBox::warning(window_, tr("Save Revision"), QString::fromStdString(e.what()));
    }
}

std::string SampleReviewController::pathOf(const std::string& relative) const {
    return relative.empty() ? std::string() : dataset_->absolutePath(relative).toStdString();
}

bool SampleReviewController::showsSourceOf(const mr::dataset::Sample& sample) const {
    const mr::imaging::Image& image = window_->viewer()->image();
    if (image.empty() || image.geometry().size != sample.source.size || !editor_->volume()) return false;
    return mr::dataset::describeSource(image, sample.source.slice, dataset_->salt()).seriesKey ==
           sample.source.seriesKey;
}

void SampleReviewController::reviewSample(const QString& id) {
    const mr::dataset::Sample* found = dataset_->find(id);
    if (!found) return;
    const mr::dataset::Sample sample = *found;
    if (sample.volumeMask && showsSourceOf(sample)) {
        reviewOverSource(sample);
        return;
    }
    const std::string image = pathOf(sample.imageFile);
    const std::string first = pathOf(sample.firstMaskFile), final = pathOf(sample.maskFile);  // may be "" (imported)
    const std::string outlineName = tr("Expert's first mask").toStdString();
    window_->task()->run<SavedSampleFiles>(
        tr("Opening sample %1").arg(id),
        [image, first, final, outlineName](const mr::CancelToken& c, const mr::ProgressFn&) {
            return readSavedSample(image, first, final, outlineName, c);
        },
        [this, sample, id](SavedSampleFiles f) {
            window_->showImage(f.image, tr("sample %1").arg(id));
            reviewingId_ = id;
            // The expert's first mask as an outline, the final mask as the editable layer.
            window_->showLabelMap(f.firstOutline);
            window_->viewer()->setOverlayOutline(true);
            editor_->applyExpertMask(0, f.firstBits, tr("Expert's mask (saved)"), true);
            editor_->applyExpertMask(0, f.finalBits, tr("Saved correction"), false);
            savedMask_ = f.finalBits;
            QString text = tr("Reviewing sample %1 (%2): the outline is the expert's first mask, the filled layer the "
                              "saved mask")
                               .arg(id, QString::fromLatin1(mr::dataset::reviewStatusName(sample.status)));
            if (sample.volumeMask)
                text += tr(". Its volume mask (slices %1–%2) shows over its source series: open that series and "
                           "review the sample again")
                            .arg(sample.volumeMask->firstSlice + 1)
                            .arg(sample.volumeMask->lastSlice + 1);
            showSavedAnswer(sample, text);
        });
}

void SampleReviewController::reviewSampleOverItsSource(const QString& id) {
    const mr::dataset::Sample* found = dataset_->find(id);
    if (found && showsSourceOf(*found)) reviewOverSource(*found);
    else reviewSample(id);
}

// The sample's source series is on screen: its saved volume mask becomes the editable mask of
// every slice (a 2-D sample: its final mask on its slice), one undo step after the expert's first
// mask, shown in all three orientations.
void SampleReviewController::reviewOverSource(const mr::dataset::Sample& sample) {
    const QString id = QString::fromStdString(sample.id);
    const std::string first = pathOf(sample.firstMaskFile), final = pathOf(sample.maskFile);
    const std::string volume = sample.volumeMask ? pathOf(sample.volumeMask->file) : std::string();
    const mr::edit::MaskVolume* target = editor_->volume();
    window_->task()->run<SavedOverSource>(
        tr("Opening sample %1").arg(id),
        [first, final, volume, sample](const mr::CancelToken& c, const mr::ProgressFn&) {
            return readSavedOverSource(first, final, volume, sample, c);
        },
        [this, sample, id, target](SavedOverSource f) {
            if (editor_->volume() != target) return;  // another image was opened meanwhile
            const int64_t z = sample.source.slice;
            window_->viewer()->setCrosshair({sample.source.size[0] / 2, sample.source.size[1] / 2, z});
            editor_->applyExpertMask(z, f.firstBits, tr("Expert's mask (saved)"), true);
            editor_->applySliceMasks(f.masks, sample.volumeMask ? tr("Saved volume mask") : tr("Saved correction"));
            reviewingId_ = id;
            for (const auto& [slice, bits] : f.masks)
                if (slice == z) savedMask_ = bits;
            const QString status = QString::fromLatin1(mr::dataset::reviewStatusName(sample.status));
            showSavedAnswer(sample, sample.volumeMask
                                        ? tr("Reviewing sample %1 (%2) over its source series: the mask is the "
                                             "saved volume mask (slices %3–%4)")
                                              .arg(id, status)
                                              .arg(sample.volumeMask->firstSlice + 1)
                                              .arg(sample.volumeMask->lastSlice + 1)
                                        : tr("Reviewing sample %1 (%2) over its source series: the mask on slice "
                                             "%3 is the saved one")
                                              .arg(id, status)
                                              .arg(z + 1));
        });
}

// The reasoner's prompts, question and trace of a saved sample; an imported record has only its
// ground-truth box and points.
void SampleReviewController::showSavedAnswer(const mr::dataset::Sample& sample, const QString& message) {
    mr::widgets::PromptMarkers markers;
    markers.box = sample.bbox ? sample.bbox : sample.truthBox;
    const auto& points = sample.bbox ? sample.points : sample.truthPoints;
    const char* names[] = {"points_1", "points_2"};
    for (size_t i = 0; i < points.size(); ++i)
        markers.points.push_back(
            {{points[i].x, points[i].y, true}, QString::fromLatin1(names[std::min<size_t>(i, 1)])});
    if (!markers.empty()) window_->prompts()->setPrompts(markers);

    auto* panel = window_->reasoningPanel();
    panel->clear();
    panel->setQuestion(QString::fromStdString(sample.question));
    if (!sample.rawOutput.empty()) {
        panel->appendText(QString::fromStdString(sample.rawOutput));
        panel->finishText();
    }
    Q_EMIT this->message(message);
}

}  // namespace mr::app
