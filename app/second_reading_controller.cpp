#include "app/second_reading_controller.h"

#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QInputDialog>
#include <QSettings>

#include <optional>

#include "app/background_task.h"
#include "app/dataset_controller.h"
#include "app/main_window.h"
#include "app/mask_editor.h"
#include "engine/dataset/sample.h"
#include "engine/eval/mask_file.h"
#include "engine/imaging/image_reader.h"
#include "engine/session/mask_comparison.h"
#include "widgets/multi_planar_view.h"
#include "widgets/reasoning_panel.h"
#include "widgets/second_reading_panel.h"

namespace mr::app {

namespace {
constexpr const char* kAnnotatorKey = "dataset/annotator";  // the name the review dialog remembers

// A sample's image, and for a comparison the two readers' masks.
struct LoadedReading {
    mr::imaging::Image image;
    std::optional<mr::Mask> first, second;
    QString error;  // a mask that cannot be read
};

LoadedReading loadReading(const std::string& image, const std::string& first, const std::string& second,
                          const mr::CancelToken& cancel) {
    LoadedReading l;
    l.image = mr::imaging::readImage(image, cancel);
    std::string error;
    for (auto [path, mask] : {std::pair{&first, &l.first}, std::pair{&second, &l.second}}) {
        if (path->empty()) continue;
        *mask = mr::eval::readMaskFile(*path, error);
        if (!*mask) l.error = QString::fromStdString(error);
        else if (mask->value().width != l.image.width() || mask->value().height != l.image.height())
            l.error = QString::fromStdString(*path + ": the mask's size differs from the image's");
    }
    return l;
}

std::vector<uint8_t> bitsOf(const std::optional<mr::Mask>& m) { return m ? m->pixels : std::vector<uint8_t>(); }
}  // namespace

SecondReadingController::SecondReadingController(MainWindow* window) : QObject(window), window_(window) {
    panel_ = new mr::widgets::SecondReadingPanel(window);
    dock_ = new QDockWidget(tr("Second Reading"), window);
    dock_->setObjectName("secondReadingDock");
    dock_->setWidget(panel_);
    window->addDockWidget(Qt::LeftDockWidgetArea, dock_);
    dock_->hide();
    const char* decisions[] = {"first", "second", "edited"};
    const QString names[] = {tr("Keep the &First Reader's Mask"), tr("Keep the &Second Reader's Mask"),
                             tr("Keep the Mask as &Edited")};
    const QString keys[] = {tr("Ctrl+1"), tr("Ctrl+2"), tr("Ctrl+3")};
    for (int i = 0; i < 3; ++i) {
        decisions_[i] = new QAction(names[i], this);
        decisions_[i]->setObjectName(QStringLiteral("adjudicate_%1").arg(QString::fromLatin1(decisions[i])));
        decisions_[i]->setShortcut(QKeySequence(keys[i]));
        decisions_[i]->setEnabled(false);
        window->addAction(decisions_[i]);  // the keys work wherever the focus is in the window
        const QString decision = QString::fromLatin1(decisions[i]);
        connect(decisions_[i], &QAction::triggered, this, [this, decision] { decide(decision); });
    }
    const auto key = [this](int i) { return decisions_[i]->shortcut().toString(QKeySequence::NativeText); };
    panel_->setDecisionKeys(key(0), key(1), key(2));
    connect(panel_, &mr::widgets::SecondReadingPanel::decisionRequested, this, &SecondReadingController::decide);
    connect(window, &MainWindow::imageShown, this, &SecondReadingController::onImageShown);
    DatasetController* dataset = window->dataset();
    connect(dataset, &DatasetController::readingSaved, this, [this](const QString& id) {
        Q_EMIT message(tr("Saved the blind reading of sample %1").arg(id));
        if (id == id_ && state_ == State::Blind) compare(id);  // now both masks may be seen
    });
    connect(dataset, &DatasetController::adjudicated, this, [this](const QString& id) {
        Q_EMIT message(tr("Saved the adjudication of sample %1").arg(id));
        if (id != id_) return;
        const mr::dataset::Sample* s = window_->dataset()->find(id);
        if (s && !s->revisions.empty())
            panel_->showDecision(tr("Adjudicated by %1: %2")
                                     .arg(QString::fromStdString(s->revisions.back().annotator),
                                          QString::fromStdString(s->revisions.back().decision)));
    });
}

void SecondReadingController::readBlind(const QString& id) {
    const mr::dataset::Sample* s = window_->dataset()->find(id);
    if (!s) return;
    // A reader who has read this sample already sees the comparison: there is nothing left to hide.
    const std::string me = QSettings().value(kAnnotatorKey).toString().toStdString();
    for (const mr::dataset::Reading& r : s->readings)
        if (!me.empty() && r.annotator == me) {
            compare(id);
            return;
        }
    showSample(id, State::Blind);
}

void SecondReadingController::compare(const QString& id) {
    const mr::dataset::Sample* s = window_->dataset()->find(id);
    if (!s) return;
    if (s->readings.empty()) {
        Q_EMIT message(tr("Sample %1 has no second reading yet.").arg(id));
        return;
    }
    showSample(id, State::Comparing);
}

void SecondReadingController::showSample(const QString& id, State state) {
    const mr::dataset::Sample sample = *window_->dataset()->find(id);
    const QDir folder(window_->dataset()->folder());
    const auto path = [&folder](const std::string& relative) {
        return relative.empty() ? std::string() : folder.filePath(QString::fromStdString(relative)).toStdString();
    };
    const std::string image = path(sample.imageFile);
    std::string first, second;
    if (state == State::Comparing) {
        const auto accepted = mr::dataset::acceptedRevisionOf(sample);
        first = path(accepted ? accepted->maskFile : sample.maskFile);
        second = path(sample.readings.back().maskFile);
    }
    window_->task()->run<LoadedReading>(
        tr("Opening sample %1").arg(id),
        [image, first, second](const mr::CancelToken& c, const mr::ProgressFn&) {
            return loadReading(image, first, second, c);
        },
        [this, id, state, sample](LoadedReading l) {
            source_ =
                state == State::Blind ? tr("sample %1 (blind reading)").arg(id) : tr("sample %1 (readings)").arg(id);
            window_->showImage(l.image, source_);
            window_->reasoningPanel()->clear();
            state_ = state;
            id_ = id;
            first_ = bitsOf(l.first);
            second_ = bitsOf(l.second);
            if (state == State::Blind) {
                panel_->showBlind(id);
                Q_EMIT message(tr("Blind reading of sample %1: the first reader's mask is hidden until you save "
                                  "yours (Ctrl+S)")
                                   .arg(id));
            } else {
                const mr::dataset::Reading& r = sample.readings.back();
                window_->showLabelMap(mr::session::maskComparisonMap(
                    l.first ? &*l.first : nullptr, l.second ? &*l.second : nullptr, l.image.geometry(),
                    {tr("Both readers").toStdString(), tr("First reader only").toStdString(),
                     tr("Second reader only").toStdString()}));
                // Outlined, so the disagreement shows over the editable mask (the second reader's).
                window_->viewer()->setOverlayOutline(true);
                if (!second_.empty())
                    window_->maskEditor()->applyExpertMask(0, second_, tr("Second reader's mask"), true);
                panel_->showComparison(id, {QString::fromStdString(r.firstReader), QString::fromStdString(r.annotator),
                                            r.diceToFirst, r.pixelsInDisagreement});
                if (!l.error.isEmpty()) Q_EMIT message(l.error);
            }
            for (QAction* a : decisions_) a->setEnabled(state == State::Comparing && l.error.isEmpty());
            dock_->show();
            dock_->raise();
            Q_EMIT shown(id);
        });
}

void SecondReadingController::onImageShown(const QString& source) {
    if (source == source_) return;  // the sample this controller just put on screen
    state_ = State::None;
    id_.clear();
    source_.clear();
    first_.clear();
    second_.clear();
    for (QAction* a : decisions_) a->setEnabled(false);
    dock_->hide();
}

QString SecondReadingController::askName(const QString& title, const QString& label) {
    QSettings s;
    bool ok = false;
    const QString name =
        QInputDialog::getText(window_, title, label, QLineEdit::Normal, s.value(kAnnotatorKey).toString(), &ok)
            .trimmed();
    if (!ok || name.isEmpty()) return {};
    s.setValue(kAnnotatorKey, name);
    return name;
}

bool SecondReadingController::saveIfReading() {
    if (state_ == State::Comparing) {
        Q_EMIT message(
            tr("Decide which mask the sample keeps: Ctrl+1 the first reader's, Ctrl+2 the second's, "
               "Ctrl+3 the mask as edited."));
        return true;
    }
    if (state_ != State::Blind) return false;
    MaskEditor* editor = window_->maskEditor();
    if (!editor->hasReview()) {
        Q_EMIT message(tr("Nothing to save yet: ask a question, prompt the expert or draw a mask."));
        return true;
    }
    const QString name = askName(tr("Save Blind Reading"), tr("Second reader's name:"));
    if (name.isEmpty()) return true;
    window_->dataset()->addReading(id_, name, editor->sliceMask(editor->reviewSlice()),
                                   editor->secondsSinceReviewStarted());
    return true;
}

void SecondReadingController::decide(const QString& decision) {
    if (state_ != State::Comparing) return;
    const std::vector<uint8_t> mask = decision == QLatin1String("first")    ? first_
                                      : decision == QLatin1String("second") ? second_
                                                                            : window_->maskEditor()->sliceMask(0);
    const QString name = askName(tr("Adjudicate Sample %1").arg(id_), tr("Adjudicator's name:"));
    if (!name.isEmpty()) window_->dataset()->adjudicate(id_, name, mask, decision);
}

}  // namespace mr::app
