#pragma once
// Second reader and adjudication. A second reader reads a saved sample blind: its image and
// question only, the first reader's mask hidden; what they save (Ctrl+S) is kept as a reading of
// the sample, not as a new sample. Then both masks show over the image (where both readers, only
// the first, only the second marked the structure) with the agreement, and an adjudicator keeps the
// first reader's mask, the second's, or the mask as edited (Ctrl+1 / Ctrl+2 / Ctrl+3); the store
// records the final mask as a revision with who decided.
#include <QObject>
#include <QString>

#include <cstdint>
#include <vector>

class QAction;
class QDockWidget;

namespace mr::widgets {
class SecondReadingPanel;
}

namespace mr::app {

class MainWindow;

class SecondReadingController : public QObject {
    Q_OBJECT
public:
    explicit SecondReadingController(MainWindow* window);

    QDockWidget* dock() const { return dock_; }
    mr::widgets::SecondReadingPanel* panel() const { return panel_; }
    bool readingBlind() const { return state_ == State::Blind; }
    bool comparing() const { return state_ == State::Comparing; }
    const QString& sampleId() const { return id_; }
    // The masks compared (0/1, the sample image's size): the first reader's and the second's.
    const std::vector<uint8_t>& firstMask() const { return first_; }
    const std::vector<uint8_t>& secondMask() const { return second_; }

    // Ctrl+S while a sample is read blind or compared: saves the reading, or says how to decide.
    // Returns false when neither is on screen (an ordinary save).
    bool saveIfReading();

public Q_SLOTS:
    // The sample's image and question only. A sample this reader has read already opens compared.
    void readBlind(const QString& id);
    // The sample's first reader's mask and its latest reading over its image, with their agreement.
    void compare(const QString& id);
    void decide(const QString& decision);  // "first", "second" or "edited"

Q_SIGNALS:
    void shown(const QString& id);  // the blind image or the comparison is on screen
    void message(const QString& text);

private:
    enum class State { None, Blind, Comparing };
    void showSample(const QString& id, State state);
    QString askName(const QString& title, const QString& label);
    void onImageShown(const QString& source);

    MainWindow* window_;
    QDockWidget* dock_ = nullptr;
    mr::widgets::SecondReadingPanel* panel_ = nullptr;
    QAction* decisions_[3] = {};
    State state_ = State::None;
    QString id_, source_;  // the sample on screen, and the source name its image was shown with
    std::vector<uint8_t> first_, second_;
};

}  // namespace mr::app
