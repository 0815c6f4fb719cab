#include "widgets/reasoning_panel.h"

#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLayout>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QRegularExpression>
#include <QScrollBar>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextFrame>
#include <QTimer>
#include <QUrl>
#include <QVBoxLayout>

#include <cmath>

#include "widgets/flow_layout.h"

namespace mr::widgets {

namespace {

const QString kCoordScheme = QStringLiteral("coord");

bool isDark(const QPalette& palette) { return palette.color(QPalette::Base).lightness() < 128; }

// A small state marker, painted so it never depends on a font having the glyph.
QPixmap stateIcon(ReasoningPanel::StageState state, qreal dpr) {
    const int size = 12;
    QPixmap pm(QSize(size, size) * dpr);
    pm.setDevicePixelRatio(dpr);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF r(1, 1, size - 2, size - 2);
    using S = ReasoningPanel::StageState;
    auto disc = [&](const QColor& c) {
        p.setPen(Qt::NoPen);
        p.setBrush(c);
        p.drawEllipse(r);
        p.setPen(QPen(Qt::white, 1.6, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.setBrush(Qt::NoBrush);
    };
    switch (state) {
        case S::Pending:
            p.setPen(QPen(QColor(0x9a, 0xa3, 0xae), 1.3));
            p.drawEllipse(r.adjusted(0.5, 0.5, -0.5, -0.5));
            break;
        case S::Running:
            p.setPen(QPen(QColor(0x1a, 0x73, 0xe8), 1.5));
            p.drawEllipse(r.adjusted(0.5, 0.5, -0.5, -0.5));
            p.setPen(Qt::NoPen);
            p.setBrush(QColor(0x1a, 0x73, 0xe8));
            p.drawEllipse(r.center(), 2.5, 2.5);
            break;
        case S::Finished: {
            disc(QColor(0x1e, 0x8e, 0x3e));
            QPainterPath tick;
            tick.moveTo(3.4, 6.2);
            tick.lineTo(5.2, 8.0);
            tick.lineTo(8.7, 4.3);
            p.drawPath(tick);
            break;
        }
        case S::Failed:
            disc(QColor(0xd9, 0x30, 0x25));
            p.drawLine(QPointF(4, 4), QPointF(8, 8));
            p.drawLine(QPointF(8, 4), QPointF(4, 8));
            break;
        case S::Cancelled:
            disc(QColor(0xe3, 0x7a, 0x00));
            p.drawLine(QPointF(3.8, 6), QPointF(8.2, 6));
            break;
    }
    return pm;
}

QString chipStyle(ReasoningPanel::StageState state, bool dark) {
    using S = ReasoningPanel::StageState;
    struct Colors {
        const char *bg, *border, *text;
    };
    Colors c{};
    switch (state) {
        case S::Pending:
            c = dark ? Colors{"transparent", "#4a5058", "#9aa3ae"} : Colors{"transparent", "#d5d9df", "#6b7480"};
            break;
        case S::Running:
            c = dark ? Colors{"#1c2c44", "#3d6fb6", "#bcd4f6"} : Colors{"#e8f0fe", "#9ec0f5", "#174ea6"};
            break;
        case S::Finished:
            c = dark ? Colors{"#1b3123", "#3f7a52", "#b9e0c4"} : Colors{"#e9f5ec", "#a9d5b6", "#1e5e33"};
            break;
        case S::Failed:
            c = dark ? Colors{"#3b1e1c", "#a4453d", "#f4c0ba"} : Colors{"#fdecea", "#f0aaa2", "#a50e0e"};
            break;
        case S::Cancelled:
            c = dark ? Colors{"#3a2b14", "#a86d1c", "#f5d39d"} : Colors{"#fff4e5", "#f2c47f", "#8a4b00"};
            break;
    }
    return QStringLiteral(
               "QFrame#stageChip { background: %1; border: 1px solid %2; border-radius: 10px; }"
               "QFrame#stageChip QLabel { color: %3; background: transparent; border: none; }")
        .arg(QLatin1String(c.bg), QLatin1String(c.border), QLatin1String(c.text));
}

QTextCharFormat sectionFormat(ReasoningPanel::Section section, const QPalette& palette) {
    const bool dark = isDark(palette);
    QTextCharFormat f;
    f.setProperty(ReasoningPanel::kSectionProperty, int(section));
    switch (section) {
        case ReasoningPanel::Section::Other: f.setForeground(palette.color(QPalette::Text)); break;
        case ReasoningPanel::Section::Think:
            f.setForeground(dark ? QColor(0xa0, 0xa8, 0xb3) : QColor(0x5c, 0x66, 0x73));
            break;
        case ReasoningPanel::Section::Answer: {
            const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
            f.setFontFamilies({mono.family(), QStringLiteral("DejaVu Sans Mono"), QStringLiteral("monospace")});
            f.setFontFixedPitch(true);
            f.setFontStyleHint(QFont::Monospace);
            f.setForeground(dark ? QColor(0xf2, 0xe6, 0xc4) : QColor(0x3b, 0x2f, 0x0b));
            break;
        }
        case ReasoningPanel::Section::Heading:
            f.setForeground(dark ? QColor(0x8a, 0x93, 0x9e) : QColor(0x6b, 0x74, 0x80));
            f.setFontWeight(QFont::DemiBold);
            f.setFontCapitalization(QFont::AllUppercase);
            f.setFontLetterSpacingType(QFont::AbsoluteSpacing);
            f.setFontLetterSpacing(0.6);
            f.setFontPointSize(std::max(7.0, QFont().pointSizeF() - 1.0));
            break;
    }
    return f;
}

}  // namespace

ReasoningPanel::ReasoningPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(6);

    questionLabel_ = new QLabel(this);
    questionLabel_->setObjectName("questionLabel");
    questionLabel_->setWordWrap(true);
    questionLabel_->setTextFormat(Qt::RichText);
    questionLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    questionLabel_->hide();
    layout->addWidget(questionLabel_);

    stageStrip_ = new QWidget(this);
    stageStrip_->setObjectName("stageStrip");
    new FlowLayout(stageStrip_, 4);
    layout->addWidget(stageStrip_);
    for (const char* id : {"load", "encode", "reason", "segment", "done"}) stage(QLatin1String(id), true);

    auto makeBand = [this, layout](const char* name) {
        auto* band = new QLabel(this);
        band->setObjectName(QLatin1String(name));
        band->setWordWrap(true);
        band->setTextFormat(Qt::RichText);
        band->setTextInteractionFlags(Qt::TextSelectableByMouse);
        band->hide();
        layout->addWidget(band);
        return band;
    };
    noticeBand_ = makeBand("noticeBand");
    statusBand_ = makeBand("statusBand");
    formatBand_ = makeBand("formatBand");

    summary_ = new QLabel(this);
    summary_->setObjectName("answerSummary");
    summary_->setWordWrap(true);
    summary_->setTextFormat(Qt::RichText);
    summary_->setTextInteractionFlags(Qt::TextBrowserInteraction);
    summary_->setOpenExternalLinks(false);
    summary_->hide();
    connect(summary_, &QLabel::linkActivated, this, [this](const QString& link) { activateLink(QUrl(link)); });
    layout->addWidget(summary_);

    trace_ = new QTextBrowser(this);
    trace_->setObjectName("traceView");
    trace_->setOpenLinks(false);
    trace_->setOpenExternalLinks(false);
    trace_->setUndoRedoEnabled(false);
    trace_->document()->setUndoRedoEnabled(false);
    trace_->document()->setDocumentMargin(8);
    connect(trace_, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) { activateLink(url); });
    layout->addWidget(trace_, 1);

    ticker_ = new QTimer(this);
    ticker_->setInterval(200);
    connect(ticker_, &QTimer::timeout, this, &ReasoningPanel::refreshRunningStages);

    retranslate();
}

ReasoningPanel::~ReasoningPanel() = default;

// ---- the streamed text ---------------------------------------------------------------------

void ReasoningPanel::clear() {
    raw_.clear();
    splitter_ = mr::reason::AnswerStreamSplitter();
    section_ = Section::Other;
    pendingSpace_.clear();
    sectionStarted_ = false;
    think_.clear();
    answer_.clear();
    answerFrame_ = nullptr;
    trace_->clear();
    question_.clear();
    questionLabel_->hide();
    statusBand_->hide();
    formatBand_->hide();
    formatProblem_.clear();
    summary_->clear();
    summary_->hide();
    decodeRate_ = 0;
    precision_.clear();
    ticker_->stop();
    // Stages added on the fly go; the standard five return to pending.
    for (auto it = stages_.begin(); it != stages_.end();) {
        StageEntry& e = **it;
        static const QStringList standard{"load", "encode", "reason", "segment", "done"};
        if (!standard.contains(e.id)) {
            delete e.chip;
            it = stages_.erase(it);
            continue;
        }
        e.label.clear();
        e.state = StageState::Pending;
        e.elapsedMs = 0;
        refreshStage(e);
        ++it;
    }
}

void ReasoningPanel::setQuestion(const QString& question) {
    question_ = question;
    questionLabel_->setVisible(!question.isEmpty());
    questionLabel_->setText(
        QStringLiteral("<div style='color:%1; font-size:small;'>%2</div><div style='font-weight:600;'>%3</div>")
            .arg(isDark(palette()) ? QStringLiteral("#8a939e") : QStringLiteral("#6b7480"),
                 tr("Question").toHtmlEscaped(), question.toHtmlEscaped()));
}

void ReasoningPanel::appendText(const QString& delta) {
    if (delta.isEmpty()) return;
    QScrollBar* bar = trace_->verticalScrollBar();
    const bool follow = bar->value() >= bar->maximum() - 4;
    raw_ += delta;
    renderPieces(splitter_.push(delta.toStdString()));
    if (follow) bar->setValue(bar->maximum());
}

void ReasoningPanel::finishText() { renderPieces(splitter_.finish()); }

void ReasoningPanel::renderPieces(const std::vector<mr::reason::StreamPiece>& pieces) {
    using mr::reason::StreamSection;
    for (const auto& piece : pieces) {
        const Section section = piece.section == StreamSection::Think    ? Section::Think
                                : piece.section == StreamSection::Answer ? Section::Answer
                                                                         : Section::Other;
        if (piece.kind == mr::reason::StreamPiece::Kind::SectionStart) enterSection(section);
        else emitText(QString::fromStdString(piece.text));
    }
}

void ReasoningPanel::enterSection(Section section) {
    section_ = section;
    pendingSpace_.clear();
    sectionStarted_ = false;
    if (section == Section::Think) {
        insertTraceText(tr("Reasoning"), Section::Heading);
    } else if (section == Section::Answer) {
        answer_.clear();
        insertTraceText(tr("Answer"), Section::Heading);
        QTextCursor c(trace_->document());
        c.movePosition(QTextCursor::End);
        const bool dark = isDark(palette());
        QTextFrameFormat frame;
        frame.setBackground(dark ? QColor(0x3a, 0x32, 0x1a) : QColor(0xff, 0xf6, 0xda));
        frame.setBorder(1);
        frame.setBorderBrush(dark ? QColor(0x8a, 0x72, 0x2c) : QColor(0xe6, 0xc8, 0x6e));
        frame.setBorderStyle(QTextFrameFormat::BorderStyle_Solid);
        frame.setPadding(6);
        frame.setTopMargin(2);
        frame.setBottomMargin(4);
        answerFrame_ = c.insertFrame(frame);
    }
}

void ReasoningPanel::emitText(const QString& text) {
    if (section_ == Section::Answer) {
        answer_ += text;
        renderAnswer();
        return;
    }
    if (section_ == Section::Think) think_ += text;
    // Leading and trailing blank space of a section is not shown (the model puts newlines around
    // its tags); inner space is shown once something visible follows it.
    QString s = pendingSpace_ + text;
    if (!sectionStarted_) {
        int i = 0;
        while (i < s.size() && s[i].isSpace()) ++i;
        s.remove(0, i);
    }
    int end = int(s.size());
    while (end > 0 && s[end - 1].isSpace()) --end;
    pendingSpace_ = s.mid(end);
    s.truncate(end);
    if (s.isEmpty()) return;
    if (!sectionStarted_) {
        sectionStarted_ = true;
        insertTraceText(s, section_);  // a new paragraph
    } else {
        QTextCursor c(trace_->document());
        c.movePosition(QTextCursor::End);
        c.insertText(s, sectionFormat(section_, palette()));
    }
}

// Starts a new paragraph at the end of the trace with `text` in the section's look.
void ReasoningPanel::insertTraceText(const QString& text, Section section) {
    QTextCursor c(trace_->document());
    c.movePosition(QTextCursor::End);
    QTextBlockFormat block;
    block.setTopMargin(section == Section::Heading ? 8 : 2);
    block.setBottomMargin(section == Section::Heading ? 2 : 4);
    block.setLineHeight(section == Section::Heading ? 100 : 120, QTextBlockFormat::ProportionalHeight);
    const QTextCharFormat format = sectionFormat(section, palette());
    if (c.block().length() <= 1 && !c.currentFrame()->parentFrame()) {
        c.setBlockFormat(block);  // the empty paragraph at the end (a new document, after the answer box)
        c.setBlockCharFormat(format);
    } else {
        c.insertBlock(block, format);
    }
    c.insertText(text, format);
}

void ReasoningPanel::renderAnswer() {
    if (!answerFrame_) return;
    // The answer is short: redraw it whole, so coordinates split between deltas become links.
    QTextCursor c(trace_->document());
    c.setPosition(answerFrame_->firstPosition());
    c.setPosition(answerFrame_->lastPosition(), QTextCursor::KeepAnchor);
    c.removeSelectedText();
    QString text = answer_;
    int from = 0, to = int(text.size());
    while (from < to && text[from].isSpace()) ++from;
    while (to > from && text[to - 1].isSpace()) --to;
    text = text.mid(from, to - from);

    const QTextCharFormat plain = sectionFormat(Section::Answer, palette());
    QTextCharFormat link = plain;
    const bool dark = isDark(palette());
    link.setAnchor(true);
    link.setForeground(dark ? QColor(0x8a, 0xb4, 0xf8) : QColor(0x0b, 0x57, 0xd0));
    link.setFontUnderline(true);
    link.setBackground(dark ? QColor(0x1c, 0x2c, 0x44) : QColor(0xe3, 0xec, 0xfb));
    const std::string utf8 = text.toStdString();
    size_t pos = 0;
    for (const auto& span : mr::reason::findCoordinates(utf8)) {
        if (span.begin > pos) c.insertText(QString::fromStdString(utf8.substr(pos, span.begin - pos)), plain);
        const QString x = QString::fromStdString(span.x), y = QString::fromStdString(span.y);
        link.setAnchorHref(kCoordScheme + QLatin1Char(':') + x + QLatin1Char(',') + y);
        link.setToolTip(tr("Centre the view on (%1, %2)").arg(x, y));
        c.insertText(QString::fromStdString(utf8.substr(span.begin, span.end - span.begin)), link);
        pos = span.end;
    }
    if (pos < utf8.size()) c.insertText(QString::fromStdString(utf8.substr(pos)), plain);
}

QStringList ReasoningPanel::coordinateLinks() const {
    QStringList links;
    if (!answerFrame_) return links;
    for (auto it = answerFrame_->begin(); !it.atEnd(); ++it) {
        const QTextBlock block = it.currentBlock();
        for (auto f = block.begin(); !f.atEnd(); ++f) {
            const QTextCharFormat format = f.fragment().charFormat();
            if (format.isAnchor() && format.anchorHref().startsWith(kCoordScheme + QLatin1Char(':')))
                links.append(format.anchorHref());
        }
    }
    return links;
}

bool ReasoningPanel::activateLink(const QUrl& url) {
    const QString s = url.toString();
    if (!s.startsWith(kCoordScheme + QLatin1Char(':'))) return false;
    const QStringList parts = s.mid(kCoordScheme.size() + 1).split(QLatin1Char(','));
    if (parts.size() != 2) return false;
    bool okX = false, okY = false;
    const double x = parts[0].trimmed().toDouble(&okX), y = parts[1].trimmed().toDouble(&okY);
    if (!okX || !okY || !std::isfinite(x) || !std::isfinite(y)) return false;
    Q_EMIT coordinateClicked(x, y);
    return true;
}

// ---- bands above the trace -----------------------------------------------------------------

void ReasoningPanel::showBand(QLabel* band, const QString& title, const QString& message) {
    QString html = QStringLiteral("<b>%1</b>").arg(title.toHtmlEscaped());
    if (!message.isEmpty())
        html += QStringLiteral(" %1").arg(message.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>")));
    band->setText(html);
    band->show();
}

void ReasoningPanel::showAnswerSummary(const QString& html) {
    summary_->setText(html);
    summary_->setVisible(!html.isEmpty());
}

void ReasoningPanel::setNotice(const QString& text) {
    notice_ = text;
    noticeBand_->setText(QStringLiteral("<b>%1</b>").arg(text.toHtmlEscaped()));
    noticeBand_->setVisible(!text.isEmpty());
}

void ReasoningPanel::showFormatProblem(const QString& message) {
    formatProblem_ = message;
    if (message.isEmpty()) {
        formatBand_->hide();
        return;
    }
    showBand(formatBand_, tr("The answer could not be read."), message);
    // The run finished but gave no usable answer: its end gets no green tick.
    if (StageEntry* done = stage(QStringLiteral("done"), false); done && done->state == StageState::Finished) {
        done->state = StageState::Failed;
        refreshStage(*done);
    }
}

// ---- stages --------------------------------------------------------------------------------

QString ReasoningPanel::canonicalStageId(const QString& id) {
    const QString s = id.trimmed().toLower();
    if (s == QLatin1String("loading_model") || s == QLatin1String("loading")) return QStringLiteral("load");
    if (s == QLatin1String("encoding_image") || s == QLatin1String("encoding")) return QStringLiteral("encode");
    if (s == QLatin1String("reasoning")) return QStringLiteral("reason");
    if (s == QLatin1String("segmenting")) return QStringLiteral("segment");
    return s;
}

QString ReasoningPanel::defaultStageName(const QString& id) const {
    if (id == QLatin1String("load")) return tr("Load model");
    if (id == QLatin1String("encode")) return tr("Encode image");
    if (id == QLatin1String("reason")) return tr("Reasoning");
    if (id == QLatin1String("segment")) return tr("Segment");
    if (id == QLatin1String("done")) return tr("Done");
    return id;
}

ReasoningPanel::StageEntry* ReasoningPanel::stage(const QString& rawId, bool create) {
    const QString id = canonicalStageId(rawId);
    for (auto& e : stages_)
        if (e->id == id) return e.get();
    if (!create || id.isEmpty()) return nullptr;
    auto entry = std::make_unique<StageEntry>();
    entry->id = id;
    auto* chip = new QFrame(stageStrip_);
    chip->setObjectName("stageChip");
    chip->setProperty("stageId", id);
    auto* row = new QHBoxLayout(chip);
    row->setContentsMargins(7, 2, 9, 2);
    row->setSpacing(5);
    entry->icon = new QLabel(chip);
    entry->text = new QLabel(chip);
    entry->text->setObjectName(QStringLiteral("stage_") + id);
    row->addWidget(entry->icon);
    row->addWidget(entry->text);
    entry->chip = chip;
    // New stages go before "done", which stays last.
    auto* flow = static_cast<FlowLayout*>(stageStrip_->layout());
    auto doneIt =
        std::find_if(stages_.begin(), stages_.end(), [](const auto& e) { return e->id == QLatin1String("done"); });
    if (doneIt != stages_.end()) {
        QLayoutItem* doneItem = flow->takeAt(flow->indexOf((*doneIt)->chip));
        flow->addWidget(chip);
        flow->addItem(doneItem);
        doneIt = stages_.insert(doneIt, std::move(entry));
        refreshStage(**doneIt);
        return doneIt->get();
    }
    flow->addWidget(chip);
    stages_.push_back(std::move(entry));
    refreshStage(*stages_.back());
    return stages_.back().get();
}

const ReasoningPanel::StageEntry* ReasoningPanel::stage(const QString& rawId) const {
    const QString id = canonicalStageId(rawId);
    for (const auto& e : stages_)
        if (e->id == id) return e.get();
    return nullptr;
}

ReasoningPanel::StageState ReasoningPanel::stageState(const QString& stageId) const {
    const StageEntry* e = stage(stageId);
    return e ? e->state : StageState::Pending;
}

QString ReasoningPanel::stageText(const QString& stageId) const {
    const StageEntry* e = stage(stageId);
    return e ? e->text->text() : QString();
}

namespace {

QString formatDuration(double ms) {
    const QLocale locale;
    if (ms < 1000) return ReasoningPanel::tr("%1 ms").arg(locale.toString(qRound(ms)));
    if (ms < 60000) return ReasoningPanel::tr("%1 s").arg(locale.toString(ms / 1000.0, 'f', 1));
    const int total = int(ms / 1000.0);
    return ReasoningPanel::tr("%1 min %2 s").arg(total / 60).arg(total % 60, 2, 10, QLatin1Char('0'));
}

}  // namespace

void ReasoningPanel::refreshStage(StageEntry& e) {
    QString text = e.label.isEmpty() ? defaultStageName(e.id) : e.label;
    double ms = e.elapsedMs;
    if (e.state == StageState::Running && e.clock.isValid()) ms += double(e.clock.elapsed());
    const QString dot = QStringLiteral(" \u00b7 ");
    if (e.state != StageState::Pending) {
        if (e.state == StageState::Running && ms < 50) text += QStringLiteral("\u2026");
        else text += QLatin1Char(' ') + formatDuration(ms);
    }
    if (e.id == QLatin1String("reason") && decodeRate_ > 0 && e.state != StageState::Pending) {
        const QLocale locale;
        const QString rate =
            decodeRate_ >= 10 ? locale.toString(qRound(decodeRate_)) : locale.toString(decodeRate_, 'f', 1);
        text += dot + tr("%1 tok/s").arg(rate);
    }
    if (e.id == QLatin1String("reason") && !precision_.isEmpty() && e.state != StageState::Pending)
        text += dot + precision_;
    e.text->setText(text);
    e.text->setToolTip(text);
    // A longer text (timing, rate, precision) widens the chip: lay the strip out again.
    if (e.chip->sizeHint().width() != e.chip->width()) stageStrip_->layout()->invalidate();
    e.icon->setPixmap(stateIcon(e.state, devicePixelRatioF()));
    e.chip->setStyleSheet(chipStyle(e.state, isDark(palette())));
    QString tip;
    switch (e.state) {
        case StageState::Pending: tip = tr("Not started"); break;
        case StageState::Running: tip = tr("Running"); break;
        case StageState::Finished: tip = tr("Finished"); break;
        case StageState::Failed: tip = tr("Failed"); break;
        case StageState::Cancelled: tip = tr("Stopped"); break;
    }
    e.chip->setToolTip(tip);
}

void ReasoningPanel::refreshRunningStages() {
    bool any = false;
    for (auto& e : stages_)
        if (e->state == StageState::Running) {
            refreshStage(*e);
            any = true;
        }
    if (!any) ticker_->stop();
}

void ReasoningPanel::setStage(const QString& stageId, const QString& label, bool running, double elapsedMs) {
    StageEntry* e = stage(stageId, true);
    if (!e) return;
    if (!label.isEmpty()) e->label = label;
    e->elapsedMs = std::max(0.0, elapsedMs);
    if (running) {
        e->state = StageState::Running;
        e->clock.start();
        if (!ticker_->isActive()) ticker_->start();
    } else {
        e->state = StageState::Finished;
        e->clock.invalidate();
    }
    if (e->id == QLatin1String("done") && !running) {
        finishText();
        // The run's end says how it ended: a failed or stopped stage marks it too.
        for (const auto& other : stages_) {
            if (other->state == StageState::Failed) e->state = StageState::Failed;
            if (other->state == StageState::Cancelled && e->state != StageState::Failed)
                e->state = StageState::Cancelled;
        }
        if (!formatProblem_.isEmpty() && e->state == StageState::Finished) e->state = StageState::Failed;
    }
    refreshStage(*e);
}

void ReasoningPanel::setDecodeRate(double tokensPerSecond) {
    decodeRate_ = std::isfinite(tokensPerSecond) ? tokensPerSecond : 0;
    if (StageEntry* e = stage(QStringLiteral("reason"), false)) refreshStage(*e);
}

void ReasoningPanel::setPrecision(const QString& dtype) {
    precision_ = dtype;
    if (StageEntry* e = stage(QStringLiteral("reason"), false)) refreshStage(*e);
}

void ReasoningPanel::setCancelled() {
    finishText();
    for (auto& e : stages_) {  // running stages stop; so does a "done" the engine reported just before
        if (e->state != StageState::Running && !(e->id == QLatin1String("done") && e->state == StageState::Finished))
            continue;
        if (e->clock.isValid()) {
            e->elapsedMs += double(e->clock.elapsed());
            e->clock.invalidate();
        }
        e->state = StageState::Cancelled;
        refreshStage(*e);
    }
    showBand(statusBand_, tr("Stopped."), tr("The text generated so far is kept below."));
    statusBand_->setProperty("kind", "cancelled");
    retranslate();
}

void ReasoningPanel::setFailed(const QString& stageId, const QString& message) {
    finishText();
    for (auto& e : stages_) {
        if (e->state != StageState::Running) continue;
        if (e->clock.isValid()) e->elapsedMs += double(e->clock.elapsed());
        e->clock.invalidate();
        e->state = StageState::Cancelled;
    }
    StageEntry* failed = stage(stageId, true);
    QString name;
    if (failed) {
        failed->state = StageState::Failed;
        name = failed->label.isEmpty() ? defaultStageName(failed->id) : failed->label;
    }
    for (auto& e : stages_) refreshStage(*e);
    showBand(statusBand_, name.isEmpty() ? tr("Failed.") : tr("%1 failed.").arg(name), message);
    statusBand_->setProperty("kind", "failed");
    retranslate();
}

// ---- looks ---------------------------------------------------------------------------------

void ReasoningPanel::retranslate() {
    trace_->setPlaceholderText(
        tr("Ask a question about the image: the model's reasoning appears here as it is "
           "written, then its answer with the box and the points."));
    const bool dark = isDark(palette());
    formatBand_->setStyleSheet(
        dark ? QStringLiteral("QLabel { background:#3a2f12; color:#f5dc9b; border:1px solid #8a6d1c;"
                              " border-radius:4px; padding:6px 8px; }")
             : QStringLiteral("QLabel { background:#fff4d6; color:#6b4a00; border:1px solid #ecc870;"
                              " border-radius:4px; padding:6px 8px; }"));
    noticeBand_->setStyleSheet(formatBand_->styleSheet());
    const bool failed = statusBand_->property("kind").toString() == QLatin1String("failed");
    if (failed)
        statusBand_->setStyleSheet(
            dark ? QStringLiteral("QLabel { background:#3b1e1c; color:#f4c0ba; border:1px solid #a4453d;"
                                  " border-radius:4px; padding:6px 8px; }")
                 : QStringLiteral("QLabel { background:#fdecea; color:#8c1d18; border:1px solid #f0aaa2;"
                                  " border-radius:4px; padding:6px 8px; }"));
    else
        statusBand_->setStyleSheet(
            dark ? QStringLiteral("QLabel { background:#2d3138; color:#d5d9df; border:1px solid #4a5058;"
                                  " border-radius:4px; padding:6px 8px; }")
                 : QStringLiteral("QLabel { background:#f1f3f5; color:#3c4450; border:1px solid #d5d9df;"
                                  " border-radius:4px; padding:6px 8px; }"));
    summary_->setStyleSheet(
        dark ? QStringLiteral(
                   "QLabel { background:#22262c; border:1px solid #3a4048; border-radius:4px; padding:6px 8px; }")
             : QStringLiteral(
                   "QLabel { background:#f7f9fb; border:1px solid #dde2e8; border-radius:4px; padding:6px 8px; }"));
    for (auto& e : stages_) refreshStage(*e);
}

void ReasoningPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange || event->type() == QEvent::PaletteChange) {
        retranslate();
        if (!question_.isEmpty()) setQuestion(question_);
    }
    QWidget::changeEvent(event);
}

}  // namespace mr::widgets
