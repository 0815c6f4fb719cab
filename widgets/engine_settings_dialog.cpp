#include "widgets/engine_settings_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSpinBox>
#include <QStyle>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace mr::widgets {

// ---- EngineSettings ------------------------------------------------------------------------

namespace {

QString oneOf(const QVariant& value, const QStringList& allowed, const QString& fallback) {
    const QString s = value.toString().trimmed().toLower();
    return allowed.contains(s) ? s : fallback;
}

const QStringList kExpertTypes{QStringLiteral("classical"), QStringLiteral("sam"), QStringLiteral("medsam")};
const QStringList kDevices{QStringLiteral("auto"), QStringLiteral("cpu"), QStringLiteral("cuda")};
const QStringList kDtypes{QStringLiteral("auto"), QStringLiteral("float32"), QStringLiteral("bfloat16"),
                          QStringLiteral("float16"), QStringLiteral("int8")};

}  // namespace

EngineSettings EngineSettings::load(QSettings& s) {
    EngineSettings e;
    s.beginGroup(QStringLiteral("engine"));
    e.reasonerFolder = s.value(QStringLiteral("reasonerFolder"), e.reasonerFolder).toString();
    e.expertType = oneOf(s.value(QStringLiteral("expertType"), e.expertType), kExpertTypes, e.expertType);
    e.expertCheckpoint = s.value(QStringLiteral("expertCheckpoint"), e.expertCheckpoint).toString();
    // A particular GPU ("cuda:1") is kept as it is.
    static const QRegularExpression cudaIndex(QStringLiteral("^cuda:\\d+$"));
    const QString device = s.value(QStringLiteral("device"), e.device).toString().trimmed().toLower();
    e.device = cudaIndex.match(device).hasMatch() ? device : oneOf(device, kDevices, e.device);
    e.dtype = oneOf(s.value(QStringLiteral("dtype"), e.dtype), kDtypes, e.dtype);
    bool ok = false;
    int i = s.value(QStringLiteral("maxNewTokens"), e.maxNewTokens).toInt(&ok);
    if (ok && i > 0) e.maxNewTokens = i;
    e.doSample = s.value(QStringLiteral("doSample"), e.doSample).toBool();
    double d = s.value(QStringLiteral("temperature"), e.temperature).toDouble(&ok);
    if (ok && std::isfinite(d) && d > 0) e.temperature = d;
    d = s.value(QStringLiteral("topP"), e.topP).toDouble(&ok);
    if (ok && std::isfinite(d) && d > 0 && d <= 1) e.topP = d;
    i = s.value(QStringLiteral("topK"), e.topK).toInt(&ok);
    if (ok && i >= 0) e.topK = i;
    const qint64 seed = s.value(QStringLiteral("seed"), e.seed).toLongLong(&ok);
    if (ok && seed >= 0) e.seed = seed;
    s.endGroup();
    return e;
}

void EngineSettings::save(QSettings& s) const {
    s.beginGroup(QStringLiteral("engine"));
    s.setValue(QStringLiteral("reasonerFolder"), reasonerFolder);
    s.setValue(QStringLiteral("expertType"), expertType);
    s.setValue(QStringLiteral("expertCheckpoint"), expertCheckpoint);
    s.setValue(QStringLiteral("device"), device);
    s.setValue(QStringLiteral("dtype"), dtype);
    s.setValue(QStringLiteral("maxNewTokens"), maxNewTokens);
    s.setValue(QStringLiteral("doSample"), doSample);
    s.setValue(QStringLiteral("temperature"), temperature);
    s.setValue(QStringLiteral("topP"), topP);
    s.setValue(QStringLiteral("topK"), topK);
    s.setValue(QStringLiteral("seed"), seed);
    s.endGroup();
}

bool EngineSettings::operator==(const EngineSettings& o) const {
    return reasonerFolder == o.reasonerFolder && expertType == o.expertType &&
           expertCheckpoint == o.expertCheckpoint && device == o.device && dtype == o.dtype &&
           maxNewTokens == o.maxNewTokens && doSample == o.doSample && qFuzzyCompare(temperature, o.temperature) &&
           qFuzzyCompare(topP, o.topP) && topK == o.topK && seed == o.seed;
}

// ---- EngineSettingsDialog ------------------------------------------------------------------

namespace {

QLabel* makeProblemLabel(QWidget* parent, const char* name) {
    auto* label = new QLabel(parent);
    label->setObjectName(QLatin1String(name));
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setStyleSheet(QStringLiteral("QLabel { color: #c5221f; }"));
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    label->hide();
    return label;
}

QLabel* makeNote(const QString& text, QWidget* parent) {
    auto* note = new QLabel(text, parent);
    note->setWordWrap(true);
    note->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    QPalette p = note->palette();
    p.setColor(QPalette::WindowText, p.color(QPalette::PlaceholderText));
    note->setPalette(p);
    return note;
}

void selectData(QComboBox* combo, const QString& value) {
    const int i = combo->findData(value);
    combo->setCurrentIndex(i >= 0 ? i : 0);
}

}  // namespace

EngineSettingsDialog::EngineSettingsDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Engine Settings"));
    setObjectName("EngineSettingsDialog");
    auto* layout = new QVBoxLayout(this);
    layout->setSpacing(10);

    // Reasoner.
    auto* reasonerBox = new QGroupBox(tr("Reasoner model"), this);
    auto* reasonerForm = new QFormLayout(reasonerBox);
    reasonerForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto* reasonerRow = new QHBoxLayout;
    reasonerEdit_ = new QLineEdit(reasonerBox);
    reasonerEdit_->setObjectName("reasonerFolderEdit");
    reasonerEdit_->setClearButtonEnabled(true);
    reasonerEdit_->setPlaceholderText(tr("None: questions cannot be answered"));
    reasonerBrowse_ = new QPushButton(tr("Browse…"), reasonerBox);
    reasonerBrowse_->setObjectName("reasonerBrowseButton");
    reasonerBrowse_->setAutoDefault(false);
    reasonerRow->addWidget(reasonerEdit_, 1);
    reasonerRow->addWidget(reasonerBrowse_);
    reasonerForm->addRow(tr("Folder:"), reasonerRow);
    reasonerProblemsLabel_ = makeProblemLabel(reasonerBox, "reasonerProblems");
    reasonerForm->addRow(QString(), reasonerProblemsLabel_);
    QLabel* note = makeNote(tr("A Qwen2.5-VL model folder, e.g. MedReasoner-7B."), reasonerBox);
    note->setWordWrap(false);
    note->setToolTip(tr("The folder holds config.json, the *.safetensors weights and the tokenizer files."));
    reasonerEdit_->setToolTip(note->toolTip());
    reasonerForm->addRow(QString(), note);
    layout->addWidget(reasonerBox);

    // Segmentation expert.
    auto* expertBox = new QGroupBox(tr("Segmentation expert"), this);
    auto* expertForm = new QFormLayout(expertBox);
    expertForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    expertType_ = new QComboBox(expertBox);
    expertType_->setObjectName("expertTypeCombo");
    expertType_->addItem(tr("Classical (no model)"), QStringLiteral("classical"));
    expertType_->addItem(tr("SAM"), QStringLiteral("sam"));
    expertType_->addItem(tr("MedSAM"), QStringLiteral("medsam"));
    expertForm->addRow(tr("Type:"), expertType_);
    auto* checkpointRow = new QHBoxLayout;
    checkpointEdit_ = new QLineEdit(expertBox);
    checkpointEdit_->setObjectName("expertCheckpointEdit");
    checkpointEdit_->setClearButtonEnabled(true);
    checkpointEdit_->setPlaceholderText(tr("A .safetensors or .pth file"));
    checkpointBrowse_ = new QPushButton(tr("Browse…"), expertBox);
    checkpointBrowse_->setObjectName("checkpointBrowseButton");
    checkpointBrowse_->setAutoDefault(false);
    checkpointRow->addWidget(checkpointEdit_, 1);
    checkpointRow->addWidget(checkpointBrowse_);
    expertForm->addRow(tr("Checkpoint:"), checkpointRow);
    expertProblemsLabel_ = makeProblemLabel(expertBox, "expertProblems");
    expertForm->addRow(QString(), expertProblemsLabel_);
    layout->addWidget(expertBox);

    // Device and precision.
    auto* computeBox = new QGroupBox(tr("Computation"), this);
    auto* computeForm = new QFormLayout(computeBox);
    computeForm->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    device_ = new QComboBox(computeBox);
    device_->setObjectName("deviceCombo");
    device_->addItem(tr("Auto"), QStringLiteral("auto"));
    device_->addItem(tr("CPU"), QStringLiteral("cpu"));
    device_->addItem(tr("CUDA"), QStringLiteral("cuda"));
    device_->setToolTip(tr("Auto uses the GPU when CUDA is available, otherwise the CPU."));
    computeForm->addRow(tr("Device:"), device_);
    dtype_ = new QComboBox(computeBox);
    dtype_->setObjectName("dtypeCombo");
    dtype_->addItem(tr("Auto"), QStringLiteral("auto"));
    dtype_->addItem(tr("float32"), QStringLiteral("float32"));
    dtype_->addItem(tr("bfloat16"), QStringLiteral("bfloat16"));
    dtype_->addItem(tr("float16"), QStringLiteral("float16"));
    dtype_->addItem(tr("int8 weights (CPU)"), QStringLiteral("int8"));
    dtype_->setToolTip(tr("Auto: bfloat16 on CUDA; on the CPU bfloat16 where the processor computes it natively or "
                          "float32 would not fit, float32 for small models.\nint8: the reasoner's linear layers in "
                          "8 bits (CPU only): about half the memory of bfloat16 and faster decoding."));
    computeForm->addRow(tr("Precision:"), dtype_);
    loadedModel_ = makeNote(QString(), computeBox);
    loadedModel_->setObjectName("loadedModelLabel");
    loadedModel_->hide();
    computeForm->addRow(loadedModel_);
    layout->addWidget(computeBox);

    // Generation.
    auto* genBox = new QGroupBox(tr("Generation"), this);
    auto* genForm = new QFormLayout(genBox);
    genForm->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    maxNewTokens_ = new QSpinBox(genBox);
    maxNewTokens_->setObjectName("maxNewTokensSpin");
    maxNewTokens_->setRange(1, 32768);
    maxNewTokens_->setSingleStep(128);
    maxNewTokens_->setToolTip(tr("The reasoner stops after this many tokens even without an answer."));
    genForm->addRow(tr("Maximum new tokens:"), maxNewTokens_);
    greedy_ = new QCheckBox(tr("Greedy decoding (deterministic, as MedReasoner is evaluated)"), genBox);
    greedy_->setObjectName("greedyCheck");
    genForm->addRow(QString(), greedy_);
    temperature_ = new QDoubleSpinBox(genBox);
    temperature_->setObjectName("temperatureSpin");
    temperature_->setRange(0.01, 5.0);
    temperature_->setDecimals(2);
    temperature_->setSingleStep(0.05);
    genForm->addRow(tr("Temperature:"), temperature_);
    topP_ = new QDoubleSpinBox(genBox);
    topP_->setObjectName("topPSpin");
    topP_->setRange(0.001, 1.0);
    topP_->setDecimals(3);
    topP_->setSingleStep(0.05);
    genForm->addRow(tr("Top-p:"), topP_);
    topK_ = new QSpinBox(genBox);
    topK_->setObjectName("topKSpin");
    topK_->setRange(0, 100000);
    topK_->setSpecialValueText(tr("Off"));
    genForm->addRow(tr("Top-k:"), topK_);
    seed_ = new QSpinBox(genBox);
    seed_->setObjectName("seedSpin");
    seed_->setRange(0, std::numeric_limits<int>::max());
    seed_->setToolTip(tr("The same seed, question and image give the same sampled answer."));
    genForm->addRow(tr("Seed:"), seed_);
    layout->addWidget(genBox);

    // Extra height goes here, not into the groups or the readiness band.
    layout->addStretch(1);

    // One label column width for all groups, so the fields line up.
    int labelWidth = 0;
    const QList<QFormLayout*> forms{reasonerForm, expertForm, computeForm, genForm};
    for (QFormLayout* form : forms)
        for (int row = 0; row < form->rowCount(); ++row)
            if (QLayoutItem* item = form->itemAt(row, QFormLayout::LabelRole))
                if (item->widget()) labelWidth = std::max(labelWidth, item->widget()->sizeHint().width());
    for (QFormLayout* form : forms)
        for (int row = 0; row < form->rowCount(); ++row)
            if (QLayoutItem* item = form->itemAt(row, QFormLayout::LabelRole))
                if (item->widget()) item->widget()->setMinimumWidth(labelWidth);

    // Whether questions can be answered with this setup.
    readiness_ = new QLabel(this);
    readiness_->setObjectName("readinessLabel");
    readiness_->setWordWrap(true);
    readiness_->setTextFormat(Qt::RichText);
    layout->addWidget(readiness_);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel |
                                             QDialogButtonBox::RestoreDefaults,
                                         this);
    buttons->setObjectName("buttonBox");
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this, [this] {
        EngineSettings defaults;
        // The chosen files stay: restoring defaults is about how the models run.
        defaults.reasonerFolder = reasonerEdit_->text();
        defaults.expertType = expertType_->currentData().toString();
        defaults.expertCheckpoint = checkpointEdit_->text();
        setSettings(defaults);
    });
    layout->addWidget(buttons);

    validateTimer_ = new QTimer(this);
    validateTimer_->setSingleShot(true);
    validateTimer_->setInterval(300);
    connect(validateTimer_, &QTimer::timeout, this, &EngineSettingsDialog::validateNow);

    connect(reasonerBrowse_, &QPushButton::clicked, this, &EngineSettingsDialog::browseReasoner);
    connect(checkpointBrowse_, &QPushButton::clicked, this, &EngineSettingsDialog::browseCheckpoint);
    connect(reasonerEdit_, &QLineEdit::textChanged, this, &EngineSettingsDialog::scheduleValidation);
    connect(checkpointEdit_, &QLineEdit::textChanged, this, &EngineSettingsDialog::scheduleValidation);
    connect(expertType_, &QComboBox::currentIndexChanged, this, [this] {
        updateEnabled();
        validateNow();
    });
    connect(greedy_, &QCheckBox::toggled, this, &EngineSettingsDialog::updateEnabled);

    setSettings(EngineSettings());
    setMinimumWidth(560);
}

void EngineSettingsDialog::setLoadedModel(const QString& summary) {
    loadedModel_->setText(summary.isEmpty() ? QString() : tr("Loaded now: %1").arg(summary));
    loadedModel_->setVisible(!summary.isEmpty());
}

void EngineSettingsDialog::setSettings(const EngineSettings& s) {
    reasonerEdit_->setText(s.reasonerFolder);
    selectData(expertType_, s.expertType);
    checkpointEdit_->setText(s.expertCheckpoint);
    if (device_->findData(s.device) < 0 && s.device.startsWith(QLatin1String("cuda:")))
        device_->addItem(tr("CUDA device %1").arg(s.device.mid(5)), s.device);
    selectData(device_, s.device);
    selectData(dtype_, s.dtype);
    maxNewTokens_->setValue(s.maxNewTokens);
    greedy_->setChecked(!s.doSample);
    temperature_->setValue(s.temperature);
    topP_->setValue(s.topP);
    topK_->setValue(s.topK);
    seed_->setValue(int(std::min<qint64>(s.seed, std::numeric_limits<int>::max())));
    updateEnabled();
    validateNow();
}

EngineSettings EngineSettingsDialog::settings() const {
    EngineSettings s;
    s.reasonerFolder = reasonerEdit_->text().trimmed();
    s.expertType = expertType_->currentData().toString();
    s.expertCheckpoint = checkpointEdit_->text().trimmed();
    s.device = device_->currentData().toString();
    s.dtype = dtype_->currentData().toString();
    s.maxNewTokens = maxNewTokens_->value();
    s.doSample = !greedy_->isChecked();
    s.temperature = temperature_->value();
    s.topP = topP_->value();
    s.topK = topK_->value();
    s.seed = seed_->value();
    return s;
}

void EngineSettingsDialog::setValidators(ReasonerValidator reasoner, ExpertValidator expert) {
    reasonerValidator_ = std::move(reasoner);
    expertValidator_ = std::move(expert);
    validateNow();
}

bool EngineSettingsDialog::isReasonerReady() const {
    return !reasonerEdit_->text().trimmed().isEmpty() && reasonerProblems_.isEmpty();
}

void EngineSettingsDialog::validateNow() {
    validateTimer_->stop();
    const QString folder = reasonerEdit_->text().trimmed();
    reasonerProblems_.clear();
    if (!folder.isEmpty()) {
        if (reasonerValidator_)
            reasonerProblems_ = reasonerValidator_(folder);
        else if (!QFileInfo(folder).isDir())
            reasonerProblems_ << tr("The folder does not exist.");
    }
    const QString type = expertType_->currentData().toString();
    const QString checkpoint = checkpointEdit_->text().trimmed();
    expertProblems_.clear();
    if (type != QLatin1String("classical")) {
        if (expertValidator_)
            expertProblems_ = expertValidator_(checkpoint, type);
        else if (checkpoint.isEmpty())
            expertProblems_ << tr("Choose the checkpoint file.");
        else if (!QFileInfo(checkpoint).isFile())
            expertProblems_ << tr("The checkpoint file does not exist.");
    }
    showProblems(reasonerProblemsLabel_, reasonerProblems_);
    showProblems(expertProblemsLabel_, expertProblems_);
    updateReadiness();
    // Problem lists come and go: grow the dialog rather than squeeze its fields.
    if (isVisible()) {
        layout()->activate();
        const int wanted = sizeHint().height();
        if (height() < wanted) resize(width(), wanted);
    }
}

void EngineSettingsDialog::browseReasoner() {
    const QString start = reasonerEdit_->text().isEmpty() ? QDir::homePath() : reasonerEdit_->text();
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose the Reasoner Model Folder"), start);
    if (!dir.isEmpty()) {
        reasonerEdit_->setText(QDir::toNativeSeparators(dir));
        validateNow();
    }
}

void EngineSettingsDialog::browseCheckpoint() {
    const QString current = checkpointEdit_->text();
    const QString start = current.isEmpty() ? QDir::homePath() : QFileInfo(current).absolutePath();
    const QString file = QFileDialog::getOpenFileName(
        this, tr("Choose the Expert Checkpoint"), start,
        tr("Checkpoints (*.safetensors *.pth *.pt);;All files (*)"));
    if (!file.isEmpty()) {
        checkpointEdit_->setText(QDir::toNativeSeparators(file));
        validateNow();
    }
}

void EngineSettingsDialog::updateEnabled() {
    const bool needsCheckpoint = expertType_->currentData().toString() != QLatin1String("classical");
    checkpointEdit_->setEnabled(needsCheckpoint);
    checkpointBrowse_->setEnabled(needsCheckpoint);
    const bool sampling = !greedy_->isChecked();
    temperature_->setEnabled(sampling);
    topP_->setEnabled(sampling);
    topK_->setEnabled(sampling);
    seed_->setEnabled(sampling);
}

void EngineSettingsDialog::scheduleValidation() { validateTimer_->start(); }

void EngineSettingsDialog::showProblems(QLabel* label, const QStringList& problems) {
    QStringList lines;
    for (const QString& p : problems) lines << QStringLiteral("\u2022 ") + p.toHtmlEscaped();
    label->setText(lines.join(QStringLiteral("<br>")));
    // A hidden row takes no space in the form (a hidden widget alone would keep its spacing).
    if (auto* form = qobject_cast<QFormLayout*>(label->parentWidget()->layout()))
        form->setRowVisible(label, !problems.isEmpty());
    else
        label->setVisible(!problems.isEmpty());
}

void EngineSettingsDialog::updateReadiness() {
    const bool ready = isReasonerReady();
    const QString folder = reasonerEdit_->text().trimmed();
    QString text;
    QString style;
    if (ready) {
        text = tr("<b>Reasoner ready.</b> Questions about the image can be answered.");
        style = QStringLiteral("QLabel { background:#e9f5ec; color:#1e5e33; border:1px solid #a9d5b6; border-radius:4px; padding:6px 8px; }");
    } else if (folder.isEmpty()) {
        text = tr("<b>No reasoner.</b> Questions cannot be answered until a reasoner model folder is chosen; "
                  "manual prompting with the segmentation expert still works.");
        style = QStringLiteral("QLabel { background:#f1f3f5; color:#3c4450; border:1px solid #d5d9df; border-radius:4px; padding:6px 8px; }");
    } else {
        text = tr("<b>Reasoner not ready.</b> The folder is missing what is listed above; the settings can be "
                  "saved anyway and completed later.");
        style = QStringLiteral("QLabel { background:#fdecea; color:#8c1d18; border:1px solid #f0aaa2; border-radius:4px; padding:6px 8px; }");
    }
    readiness_->setText(text);
    readiness_->setStyleSheet(style);
    if (int(ready) != lastReady_) {
        lastReady_ = int(ready);
        Q_EMIT reasonerReadyChanged(ready);
    }
}

}  // namespace mr::widgets
