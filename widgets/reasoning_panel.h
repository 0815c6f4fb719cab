#pragma once
// The reasoning panel beside the viewer: the question, a stage strip (load model → encode image →
// reasoning → segment → done, each with its state and timing), and the reasoner's text streamed
// as it is generated with the <think> part muted and the <answer> part in a highlighted monospace
// box whose coordinates (the box corners and each point) are links. Knows only plain text and
// numbers; the app feeds it from the grounding pipeline's events, and the engine's answer-format
// module (engine/reason/text/answer_stream.h) says which text is which.
#include <QElapsedTimer>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <memory>
#include <vector>

#include "engine/reason/text/answer_stream.h"

class QLabel;
class QTextBrowser;
class QTextFrame;
class QTimer;
class QUrl;

namespace mr::widgets {

class ReasoningPanel : public QWidget {
    Q_OBJECT
public:
    // Which part of the reasoner's text a character belongs to. Stored in the trace document's
    // character formats under kSectionProperty so tests and tools can tell the parts apart.
    enum class Section { Other = 0, Think = 1, Answer = 2, Heading = 3 };
    static constexpr int kSectionProperty = 0x100000 + 1;  // QTextFormat::UserProperty + 1

    enum class StageState { Pending, Running, Finished, Failed, Cancelled };

    explicit ReasoningPanel(QWidget* parent = nullptr);
    ~ReasoningPanel() override;

    QString question() const { return question_; }
    QString rawText() const { return raw_; }        // everything appended since clear()
    QString thinkText() const { return think_; }    // inside <think>…</think> (so far)
    QString answerText() const { return answer_; }  // inside <answer>…</answer> (so far)
    // The coordinate links currently in the answer, as "coord:x,y" hrefs, in order.
    QStringList coordinateLinks() const;
    StageState stageState(const QString& stageId) const;
    QString stageText(const QString& stageId) const;  // e.g. "Reasoning 2.4 s · 18 tok/s"
    QTextBrowser* traceView() const { return trace_; }

public Q_SLOTS:
    void clear();
    void setQuestion(const QString& question);
    // Appends raw model text as it streams; tags may be split anywhere between deltas.
    void appendText(const QString& delta);
    // Everything has arrived: text held back as a possible tag start is shown as it is.
    void finishText();

    // A rich-text summary above the trace (e.g. the parsed prompts in image pixels); links of the
    // form "coord:x,y" in it emit coordinateClicked too. Empty hides it.
    void showAnswerSummary(const QString& html);
    // A warning band above the trace (e.g. the answer is not valid JSON); the trace stays.
    void showFormatProblem(const QString& message);
    // A band that clear() keeps (e.g. "Scripted example, not model output"); empty hides it.
    void setNotice(const QString& text);
    QString notice() const { return notice_; }

    // stageId: "load", "encode", "reason", "segment", "done" (the engine's "loading_model",
    // "encoding_image", "reasoning", "segmenting" are accepted too; other ids get a new entry).
    // label: shown instead of the default name when not empty. running: the stage has started
    // (its clock then ticks on from elapsedMs); otherwise it finished after elapsedMs.
    void setStage(const QString& stageId, const QString& label, bool running, double elapsedMs);
    void setDecodeRate(double tokensPerSecond);  // shown with the reasoning stage; <= 0 hides it
    void setPrecision(const QString& dtype);     // e.g. "bfloat16", shown with the reasoning stage
    void setCancelled();                         // the running stage stops; the trace stays
    void setFailed(const QString& stage, const QString& message);

    // Handles a link from the trace or the summary: "coord:x,y" emits coordinateClicked.
    // Returns whether it was a coordinate link.
    bool activateLink(const QUrl& url);

Q_SIGNALS:
    // Coordinates exactly as written in the answer (the image as the model saw it).
    void coordinateClicked(double x, double y);

protected:
    void changeEvent(QEvent* event) override;

private:
    struct StageEntry {
        QString id;
        QString label;  // custom label; empty: the default name
        StageState state = StageState::Pending;
        double elapsedMs = 0;
        QElapsedTimer clock;  // while running: time since elapsedMs was reported
        QWidget* chip = nullptr;
        QLabel* icon = nullptr;
        QLabel* text = nullptr;
    };

    static QString canonicalStageId(const QString& id);
    QString defaultStageName(const QString& id) const;
    StageEntry* stage(const QString& id, bool create);
    const StageEntry* stage(const QString& id) const;
    void refreshStage(StageEntry& entry);
    void refreshRunningStages();
    void retranslate();

    void renderPieces(const std::vector<mr::reason::StreamPiece>& pieces);  // renders what the splitter made certain
    void emitText(const QString& text);
    void enterSection(Section section);
    void insertTraceText(const QString& text, Section section);
    void renderAnswer();
    void showBand(QLabel* band, const QString& title, const QString& message);

    QLabel* questionLabel_ = nullptr;
    QWidget* stageStrip_ = nullptr;
    QLabel* statusBand_ = nullptr;  // failed / cancelled
    QLabel* formatBand_ = nullptr;  // answer format problem
    QLabel* noticeBand_ = nullptr;  // what the text is, when not a live model's (kept by clear())
    QString notice_;
    QLabel* summary_ = nullptr;
    QTextBrowser* trace_ = nullptr;
    QTimer* ticker_ = nullptr;

    std::vector<std::unique_ptr<StageEntry>> stages_;
    double decodeRate_ = 0;
    QString precision_;

    QString question_;
    QString raw_;
    mr::reason::AnswerStreamSplitter splitter_;  // the engine's reading of the <think>/<answer> format
    Section section_ = Section::Other;
    QString pendingSpace_;  // whitespace held until something visible follows in the section
    bool sectionStarted_ = false;
    QString think_, answer_;
    QTextFrame* answerFrame_ = nullptr;
    QString formatProblem_;
};

}  // namespace mr::widgets
