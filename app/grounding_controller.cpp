#include "app/grounding_controller.h"

#include <QCoreApplication>
#include <QMetaObject>
#include <QPointer>

#include <algorithm>
#include <chrono>
#include <memory>

#include "app/answer_problem_text.h"
#include "app/background_task.h"
#include "app/prompt_controller.h"
#include "engine/ground/grounding_pipeline.h"
#include "engine/ground/model_set.h"
#include "engine/ground/reasoner_image.h"
#include "engine/ground/stage.h"
#include "widgets/multi_planar_view.h"
#include "widgets/reasoning_panel.h"

namespace mr::app {

namespace {
// Runs f on the GUI thread later; safe when the receiver is gone by then.
template <class F>
void onGuiThread(QObject* receiver, F f) {
    QPointer<QObject> guard(receiver);
    QMetaObject::invokeMethod(
        QCoreApplication::instance(),
        [guard, f = std::move(f)] {
            if (guard) f();
        },
        Qt::QueuedConnection);
}
// The text stream, also advancing the task's progress bar: the pieces received (about one per
// token) against the most tokens the reasoner may write.
mr::reason::TextDeltaFn countingTokens(mr::reason::TextDeltaFn show, mr::ProgressFn progress, int64_t maxTokens,
                                       const QString& stepFormat) {
    auto count = std::make_shared<int64_t>(0);
    const int64_t most = std::max<int64_t>(1, maxTokens);
    return [show = std::move(show), progress = std::move(progress), count, most, stepFormat](std::string_view delta) {
        if (show) show(delta);
        if (!progress) return;
        const int64_t n = ++*count;
        progress(std::min(0.99, double(n) / double(most)), stepFormat.arg(n).arg(most).toStdString());
    };
}
// The box and points of an answer (original pixels) as markers on `slice`.
mr::widgets::PromptMarkers answerMarkers(const mr::reason::ParsedAnswer& a, int64_t slice) {
    mr::widgets::PromptMarkers m;
    m.slice = slice;
    m.box = a.box;
    if (a.point1) m.points.push_back({{a.point1->x, a.point1->y, true}, QStringLiteral("points_1")});
    if (a.point2) m.points.push_back({{a.point2->x, a.point2->y, true}, QStringLiteral("points_2")});
    return m;
}
}  // namespace

GroundingController::GroundingController(mr::widgets::MultiPlanarView* viewer, mr::widgets::ReasoningPanel* panel,
                                         BackgroundTask* task, PromptController* prompts, QObject* parent)
    : QObject(parent), viewer_(viewer), panel_(panel), task_(task), prompts_(prompts) {
    connect(panel_, &mr::widgets::ReasoningPanel::coordinateClicked, this, [this](double x, double y) {
        viewer_->centreOn({x, y, double(prompts_->prompts().slice)});
    });
    connect(task_, &BackgroundTask::finished, this, [this] { setBusy(false); });
    applySettings(settings_);
}

GroundingController::~GroundingController() = default;

void GroundingController::applySettings(const mr::session::EngineSettings& settings) {
    settings_ = settings;
    loadedModelSummary_.clear();
    pipeline_ = std::make_shared<mr::ground::GroundingPipeline>(settings.models);
    prompts_->setPipeline(pipeline_);
}

bool GroundingController::reasonerConfigured() const { return reasonerProblem().isEmpty(); }

QString GroundingController::reasonerProblem() const {
    if (!settings_.models.hasReasoner()) return tr("No reasoner model is configured.");
    const auto problems = mr::ground::validateReasonerSettings(settings_.models.reasoner);
    return problems.empty() ? QString() : QString::fromStdString(problems.front());
}

void GroundingController::setBusy(bool busy) {
    if (busy == busy_) return;
    busy_ = busy;
    Q_EMIT busyChanged(busy);
}

void GroundingController::cancel() {
    if (busy_) task_->cancel();
}

void GroundingController::startOver() {
    cancel();
    forgetResult();
    panel_->clear();
}

void GroundingController::ask(const QString& question) {
    const mr::imaging::Image image = viewer_->image();
    if (image.empty() || !reasonerConfigured()) return;
    auto* axial = viewer_->view(mr::widgets::SliceOrientation::Axial);
    const int64_t slice = axial->slice();
    std::optional<mr::imaging::WindowLevel> window;
    if (!image.isColor()) window = axial->windowLevel();

    mr::ground::GroundingRequest request;
    request.image = mr::ground::reasonerImageFromSlice(image, slice, window);
    request.image.source = image.metadata().source;
    request.question = question.toStdString();
    request.multimask = mr::ground::answerPromptsUseMultimask(settings_.models.expert.type);
    try {
        request.ask = settings_.askOptions();  // reads the prompt template file, if one is set
    } catch (const std::exception& e) {
        panel_->clear();
        panel_->setQuestion(question);
        panel_->setFailed(tr("Prompt"), QString::fromStdString(e.what()));
        return;
    }
    panel_->clear();
    panel_->setQuestion(question);
    prompts_->clearPrompts();
    setBusy(true);
    Q_EMIT asked(question);

    auto pipeline = pipeline_;
    QPointer<GroundingController> self(this);
    mr::ground::GroundingCallbacks callbacks;
    const auto start = std::chrono::steady_clock::now();  // pieces are timed as they are generated
    callbacks.onTextDelta = [self, start](std::string_view delta) {
        const QString text = QString::fromUtf8(delta.data(), qsizetype(delta.size()));
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        onGuiThread(self, [self, text, ms] {
            self->panel_->appendText(text);
            Q_EMIT self->textStreamed(text, ms);
        });
    };
    callbacks.onStage = [self](const mr::ground::StageEvent& e) {
        const QString id = QString::fromLatin1(mr::ground::stageName(e.stage));
        const bool running = e.status == mr::ground::StageStatus::Started;
        const double ms = e.elapsedMs;
        const bool failed = e.status == mr::ground::StageStatus::Failed;
        const QString detail = QString::fromStdString(e.detail);
        onGuiThread(self, [self, id, running, ms, failed, detail] {
            if (failed) self->panel_->setFailed(id, detail);
            else self->panel_->setStage(id, QString(), running, ms);
        });
    };
    callbacks.onAnswer = [self, slice](const mr::reason::ParsedAnswer& a, const mr::ground::GroundingResult&) {
        if (!a.box && !a.point1 && !a.point2) return;
        const mr::widgets::PromptMarkers m = answerMarkers(a, slice);
        onGuiThread(self, [self, m] { self->prompts_->setPrompts(m); });  // drawn before the mask exists
    };
    const QString tokensStep = tr("Answering: %1 of at most %2 tokens");
    task_->run<std::shared_ptr<mr::ground::GroundingResult>>(
        tr("Answering: %1").arg(question),
        [pipeline, request, callbacks, tokensStep](const mr::CancelToken& cancel, const mr::ProgressFn& progress) {
            mr::ground::GroundingCallbacks withProgress = callbacks;
            withProgress.onLoadProgress = progress;  // the task's progress bar while the models load
            withProgress.onTextDelta =
                countingTokens(callbacks.onTextDelta, progress, request.ask.maxNewTokens, tokensStep);
            auto r = std::make_shared<mr::ground::GroundingResult>(pipeline->run(request, withProgress, cancel));
            return r;
        },
        [this](std::shared_ptr<mr::ground::GroundingResult> r) {
            lastResult_ = r;
            showResult(*r);
        });
}

void GroundingController::showFinishedRun(std::shared_ptr<const mr::ground::GroundingResult> run) {
    const auto& a = run->answer;
    const bool answered = run->outcome != mr::ground::GroundingOutcome::Cancelled;  // as live: no markers after a stop
    if (answered && (a.box || a.point1 || a.point2)) prompts_->setPrompts(answerMarkers(a, run->image.slice));
    lastResult_ = run;
    showResult(*run);
}

void GroundingController::showResult(const mr::ground::GroundingResult& r) {
    using mr::ground::GroundingOutcome;
    panel_->finishText();
    if (r.reply.timings.decodeTokensPerSecond > 0) panel_->setDecodeRate(r.reply.timings.decodeTokensPerSecond);
    panel_->setPrecision(QString::fromStdString(r.reasonerLoad.dtype));
    if (!r.reasonerLoad.dtype.empty()) loadedModelSummary_ = QString::fromStdString(r.reasonerLoad.summary());
    switch (r.outcome) {
        case GroundingOutcome::Mask:
        case GroundingOutcome::AnswerOnly: {
            const auto& a = r.answer;
            QString html;
            if (a.box)
                html += tr("Box (%1, %2) – (%3, %4)")
                            .arg(a.box->x1, 0, 'f', 0)
                            .arg(a.box->y1, 0, 'f', 0)
                            .arg(a.box->x2, 0, 'f', 0)
                            .arg(a.box->y2, 0, 'f', 0);
            if (a.point1 && a.point2)
                html += "<br>" + tr("Points (%1, %2) and (%3, %4)")
                                     .arg(a.point1->x, 0, 'f', 0)
                                     .arg(a.point1->y, 0, 'f', 0)
                                     .arg(a.point2->x, 0, 'f', 0)
                                     .arg(a.point2->y, 0, 'f', 0);
            html += "<br>" +
                    tr("in original pixels; the model saw %1 × %2").arg(r.reply.modelWidth).arg(r.reply.modelHeight);
            if (r.hasMask()) {
                // The expert's score as it gave it, and a warning when the mask is most of the image.
                html += "<br>" +
                        tr("Expert's mask: %1").arg(PromptController::scoreText(*r.mask, r.expertName).toHtmlEscaped());
                const QString warning = PromptController::coverageWarning(*r.mask);
                if (!warning.isEmpty()) {
                    html += QStringLiteral("<br><b style=\"color:#c0392b\">%1</b>").arg(warning.toHtmlEscaped());
                    Q_EMIT message(warning);
                }
            }
            panel_->showAnswerSummary(html);
            if (r.hasMask()) prompts_->showMask(*r.mask, r.image.slice, tr("Expert's mask"), true);
            break;
        }
        case GroundingOutcome::Cancelled: panel_->setCancelled(); break;
        case GroundingOutcome::FormatIssue: panel_->showFormatProblem(answerProblemText(r)); break;
        default: panel_->showFormatProblem(QString::fromStdString(r.message)); break;
    }
    Q_EMIT finished(QString::fromLatin1(mr::ground::groundingOutcomeName(r.outcome)));
}

}  // namespace mr::app
