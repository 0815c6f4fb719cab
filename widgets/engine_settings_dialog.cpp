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

#include "widgets/reasoner_server_fields.h"

namespace mr::widgets {

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

// A choice list: each item's text and the value stored for it, with its tooltip.
QComboBox* makeChoices(QWidget* parent, const char* name, std::initializer_list<std::pair<QString, QVariant>> items,
                       const QString& tip) {
    auto* combo = new QComboBox(parent);
    combo->setObjectName(QLatin1String(name));
    for (const auto& [text, value] : items) combo->addItem(text, value);
    combo->setToolTip(tip);
    return combo;
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
    // Two columns (what runs | how it is asked), so the dialog fits a 1280×720 screen.
    auto* outer = new QVBoxLayout(this);
    auto* columns = new QHBoxLayout;
    columns->setSpacing(14);
    auto* layout = new QVBoxLayout;
    auto* right = new QVBoxLayout;
    columns->addLayout(layout, 1);
    columns->addLayout(right, 1);
    outer->addLayout(columns);
    layout->setSpacing(10);
    layout->addWidget(buildReasonerGroup());
    layout->addWidget(buildExpertGroup());
    layout->addWidget(buildComputationGroup());
    right->addWidget(buildPromptGroup());
    right->addWidget(buildGenerationGroup());
    right->addStretch(1);
    // Extra height goes here, not into the groups or the readiness band.
    layout->addStretch(1);
    alignFormLabels();

    // Whether questions can be answered with this setup.
    readiness_ = new QLabel(this);
    readiness_->setObjectName("readinessLabel");
    readiness_->setWordWrap(true);
    readiness_->setTextFormat(Qt::RichText);
    outer->addWidget(readiness_);
    outer->addWidget(buildButtons());
    connectFields();

    setSettings(EngineSettings());
    setMinimumWidth(960);
}

// A model folder here, or a server.
QWidget* EngineSettingsDialog::buildReasonerGroup() {
    auto* reasonerBox = new QGroupBox(tr("Reasoner model"), this);
    auto* reasonerForm = new QFormLayout(reasonerBox);
    reasonerForm_ = reasonerForm;
    reasonerForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    reasonerSource_ = makeChoices(
        reasonerBox, "reasonerSourceCombo",
        {{tr("Model folder"), QStringLiteral("folder")}, {tr("Server (OpenAI-compatible)"), QStringLiteral("server")}},
        tr("Run the reasoner here from a model folder, or ask a GPU server (vLLM, "
           "medreasoner serve, …)."));
    reasonerForm->addRow(tr("Reasoner:"), reasonerSource_);
    auto* folderField = new QWidget(reasonerBox);  // one widget per row, so rows can be hidden
    auto* reasonerRow = new QHBoxLayout(folderField);
    reasonerRow->setContentsMargins(0, 0, 0, 0);
    reasonerEdit_ = new QLineEdit(reasonerBox);
    reasonerEdit_->setObjectName("reasonerFolderEdit");
    reasonerEdit_->setClearButtonEnabled(true);
    reasonerEdit_->setPlaceholderText(tr("None: questions cannot be answered"));
    reasonerBrowse_ = new QPushButton(tr("Browse…"), reasonerBox);
    reasonerBrowse_->setObjectName("reasonerBrowseButton");
    reasonerBrowse_->setAutoDefault(false);
    reasonerRow->addWidget(reasonerEdit_, 1);
    reasonerRow->addWidget(reasonerBrowse_);
    reasonerForm->addRow(tr("Folder:"), folderField);
    QLabel* note = makeNote(tr("A Qwen2.5-VL model folder, e.g. MedReasoner-7B."), reasonerBox);
    note->setToolTip(tr("The folder holds config.json, the *.safetensors weights and the tokenizer files."));
    reasonerEdit_->setToolTip(note->toolTip());
    reasonerForm->addRow(QString(), note);
    folderRows_ = {folderField, note};
    server_ = new ReasonerServerFields(reasonerForm, reasonerBox);
    reasonerProblemsLabel_ = makeProblemLabel(reasonerBox, "reasonerProblems");
    reasonerForm->addRow(QString(), reasonerProblemsLabel_);
    return reasonerBox;
}

QWidget* EngineSettingsDialog::buildExpertGroup() {
    auto* expertBox = new QGroupBox(tr("Segmentation expert"), this);
    auto* expertForm = new QFormLayout(expertBox);
    expertForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    expertType_ = makeChoices(expertBox, "expertTypeCombo",
                              {{tr("Classical (no model)"), QStringLiteral("classical")},
                               {tr("SAM"), QStringLiteral("sam")},
                               {tr("MedSAM"), QStringLiteral("medsam")},
                               {tr("MedSAM2"), QStringLiteral("medsam2")}},
                              tr("MedSAM2 (SAM 2.1, Hiera) is the expert MedReasoner's paper runs; it also carries "
                                 "a mask through a volume (Mask \u2192 Propagate Through Volume)."));
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
    expertImageSize_ = makeChoices(expertBox, "expertImageSizeCombo",
                                   {{tr("From the checkpoint (MedSAM2: 512, as trained)"), 0},
                                    {tr("512 (as MedSAM2 is trained)"), 512},
                                    {tr("1024 (MedReasoner's pipeline)"), 1024}},
                                   tr("The side MedSAM2 resizes each image to. MedReasoner's own scripts run the "
                                      "same weights at 1024; 512 is faster and what the model was trained at."));
    expertForm->addRow(tr("Image size:"), expertImageSize_);
    expertProblemsLabel_ = makeProblemLabel(expertBox, "expertProblems");
    expertForm->addRow(QString(), expertProblemsLabel_);
    return expertBox;
}

// Device and precision.
QWidget* EngineSettingsDialog::buildComputationGroup() {
    auto* computeBox = new QGroupBox(tr("Computation"), this);
    auto* computeForm = new QFormLayout(computeBox);
    computeForm->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    device_ = makeChoices(computeBox, "deviceCombo",
                          {{tr("Auto"), QStringLiteral("auto")},
                           {tr("CPU"), QStringLiteral("cpu")},
                           {tr("CUDA"), QStringLiteral("cuda")}},
                          tr("Auto uses the GPU when CUDA is available, otherwise the CPU."));
    computeForm->addRow(tr("Device:"), device_);
    dtype_ = makeChoices(computeBox, "dtypeCombo",
                         {{tr("Auto"), QStringLiteral("auto")},
                          {tr("float32"), QStringLiteral("float32")},
                          {tr("bfloat16"), QStringLiteral("bfloat16")},
                          {tr("float16"), QStringLiteral("float16")},
                          {tr("int8 weights (CPU)"), QStringLiteral("int8")}},
                         tr("Auto: bfloat16 on CUDA; on the CPU bfloat16 where the processor computes it natively or "
                            "float32 would not fit, float32 for small models.\nint8: the reasoner's linear layers in "
                            "8 bits (CPU only): about half the memory of bfloat16 and faster decoding."));
    computeForm->addRow(tr("Precision:"), dtype_);
    loadedModel_ = makeNote(QString(), computeBox);
    loadedModel_->setObjectName("loadedModelLabel");
    loadedModel_->hide();
    computeForm->addRow(loadedModel_);
    return computeBox;
}

// One label column width for all groups, so the fields line up.
void EngineSettingsDialog::alignFormLabels() {
    int labelWidth = 0;
    QList<QFormLayout*> forms;
    for (QGroupBox* box : findChildren<QGroupBox*>()) forms << qobject_cast<QFormLayout*>(box->layout());
    for (QFormLayout* form : forms)
        for (int row = 0; row < form->rowCount(); ++row)
            if (QLayoutItem* item = form->itemAt(row, QFormLayout::LabelRole))
                if (item->widget()) labelWidth = std::max(labelWidth, item->widget()->sizeHint().width());
    for (QFormLayout* form : forms)
        for (int row = 0; row < form->rowCount(); ++row)
            if (QLayoutItem* item = form->itemAt(row, QFormLayout::LabelRole))
                if (item->widget()) item->widget()->setMinimumWidth(labelWidth);
}

QDialogButtonBox* EngineSettingsDialog::buildButtons() {
    auto* buttons =
        new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults, this);
    buttons->setObjectName("buttonBox");
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this, [this] {
        // The chosen model files stay: restoring defaults is about how the models run and are asked.
        const EngineSettings chosen = settings();
        EngineSettings defaults;
        defaults.models.reasoner.folder = chosen.models.reasoner.folder;
        defaults.models.reasoner.source = chosen.models.reasoner.source;
        defaults.models.reasoner.server = chosen.models.reasoner.server;
        defaults.models.expert.type = chosen.models.expert.type;
        defaults.models.expert.checkpoint = chosen.models.expert.checkpoint;
        defaults.models.expert.imageSize = chosen.models.expert.imageSize;
        setSettings(defaults);
    });
    return buttons;
}

// Edits validate (after a pause for typing) and enable the fields that depend on them.
void EngineSettingsDialog::connectFields() {
    validateTimer_ = new QTimer(this);
    validateTimer_->setSingleShot(true);
    validateTimer_->setInterval(300);
    connect(validateTimer_, &QTimer::timeout, this, &EngineSettingsDialog::validateNow);

    connect(reasonerBrowse_, &QPushButton::clicked, this, &EngineSettingsDialog::browseReasoner);
    connect(checkpointBrowse_, &QPushButton::clicked, this, &EngineSettingsDialog::browseCheckpoint);
    connect(reasonerEdit_, &QLineEdit::textChanged, this, &EngineSettingsDialog::scheduleValidation);
    connect(checkpointEdit_, &QLineEdit::textChanged, this, &EngineSettingsDialog::scheduleValidation);
    connect(templateEdit_, &QLineEdit::textChanged, this, &EngineSettingsDialog::scheduleValidation);
    connect(templateEdit_, &QLineEdit::textChanged, this, &EngineSettingsDialog::updateEnabled);
    connect(customSystem_, &QCheckBox::toggled, this, &EngineSettingsDialog::updateEnabled);
    connect(server_, &ReasonerServerFields::edited, this, &EngineSettingsDialog::scheduleValidation);
    connect(reasonerSource_, &QComboBox::currentIndexChanged, this, [this] {
        updateEnabled();
        validateNow();
    });
    connect(expertType_, &QComboBox::currentIndexChanged, this, [this] {
        updateEnabled();
        validateNow();
    });
    connect(greedy_, &QCheckBox::toggled, this, &EngineSettingsDialog::updateEnabled);
}

void EngineSettingsDialog::setLoadedModel(const QString& summary) {
    loadedModel_->setText(summary.isEmpty() ? QString() : tr("Loaded now: %1").arg(summary));
    loadedModel_->setVisible(!summary.isEmpty());
}

void EngineSettingsDialog::setSettings(const EngineSettings& s) {
    base_ = s;
    const auto& m = s.models;
    selectData(reasonerSource_, QString::fromLatin1(mr::ground::reasonerSourceName(m.reasoner.source)));
    reasonerEdit_->setText(QString::fromStdString(m.reasoner.folder));
    server_->setSettings(m.reasoner.server);
    selectData(expertType_, QString::fromLatin1(mr::ground::expertTypeName(m.expert.type)));
    checkpointEdit_->setText(QString::fromStdString(m.expert.checkpoint));
    expertImageSize_->setCurrentIndex(std::max(0, expertImageSize_->findData(m.expert.imageSize)));
    const QString device = QString::fromStdString(m.reasoner.device);
    if (device_->findData(device) < 0 && device.startsWith(QLatin1String("cuda:")))
        device_->addItem(tr("CUDA device %1").arg(device.mid(5)), device);
    selectData(device_, device);
    selectData(dtype_, QString::fromStdString(m.reasoner.dtype));
    templateEdit_->setText(QString::fromStdString(s.promptTemplateFile));
    think_->setChecked(s.ask.think);
    customSystem_->setChecked(s.ask.systemMessage.has_value());
    systemMessage_->setText(QString::fromStdString(s.ask.systemMessage.value_or("")));
    maxNewTokens_->setValue(int(std::clamp<int64_t>(s.ask.maxNewTokens, 1, 32768)));
    greedy_->setChecked(!s.ask.doSample);
    // The minimum of each spin box stands for "not set": the model's generation_config.json decides.
    temperature_->setValue(s.ask.temperature.value_or(temperature_->minimum()));
    topP_->setValue(s.ask.topP.value_or(topP_->minimum()));
    topK_->setValue(s.ask.topK ? int(std::min<int64_t>(*s.ask.topK, topK_->maximum())) : topK_->minimum());
    repetitionPenalty_->setValue(s.ask.repetitionPenalty.value_or(repetitionPenalty_->minimum()));
    seed_->setValue(s.ask.seed ? int(std::min<uint64_t>(*s.ask.seed, uint64_t(seed_->maximum()))) : seed_->minimum());
    updateEnabled();
    validateNow();
}

mr::session::EngineSettings EngineSettingsDialog::settings() const {
    EngineSettings s = base_;
    auto& m = s.models;
    m.reasoner.source = serverChosen() ? mr::ground::ReasonerSource::Server : mr::ground::ReasonerSource::Folder;
    m.reasoner.folder = reasonerEdit_->text().trimmed().toStdString();
    m.reasoner.server = server_->settings(m.reasoner.server);
    m.expert.type = mr::ground::parseExpertType(expertType_->currentData().toString().toStdString());
    m.expert.checkpoint = checkpointEdit_->text().trimmed().toStdString();
    // Only MedSAM2 has a choice of size; the others always run at their checkpoint's.
    m.expert.imageSize = m.expert.type == mr::ground::ExpertType::MedSam2 ? expertImageSize_->currentData().toInt() : 0;
    m.reasoner.device = m.expert.device = device_->currentData().toString().toStdString();
    m.reasoner.dtype = dtype_->currentData().toString().toStdString();
    // The expert runs float32 on the CPU; it follows float16 alone, on a GPU.
    m.expert.dtype = m.reasoner.dtype == "float16" ? "float16" : "auto";
    s.promptTemplateFile = templateEdit_->text().trimmed().toStdString();
    s.ask.think = think_->isChecked();
    s.ask.systemMessage.reset();
    if (customSystem_->isChecked()) s.ask.systemMessage = systemMessage_->text().toStdString();
    s.ask.maxNewTokens = maxNewTokens_->value();
    s.ask.doSample = !greedy_->isChecked();
    auto unlessMinimum = [](const auto* spin) {
        using T = decltype(spin->value());
        return spin->value() == spin->minimum() ? std::optional<T>() : std::optional<T>(spin->value());
    };
    s.ask.temperature = unlessMinimum(temperature_);
    s.ask.topP = unlessMinimum(topP_);
    s.ask.repetitionPenalty = unlessMinimum(repetitionPenalty_);
    if (auto k = unlessMinimum(topK_)) s.ask.topK = *k;
    else s.ask.topK.reset();
    if (auto seed = unlessMinimum(seed_)) s.ask.seed = uint64_t(*seed);
    else s.ask.seed.reset();
    return s;
}

QWidget* EngineSettingsDialog::buildPromptGroup() {
    auto* box = new QGroupBox(tr("Prompt"), this);
    box->setObjectName("promptGroup");
    auto* form = new QFormLayout(box);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto* row = new QHBoxLayout;
    templateEdit_ = new QLineEdit(box);
    templateEdit_->setObjectName("promptTemplateEdit");
    templateEdit_->setClearButtonEnabled(true);
    templateEdit_->setPlaceholderText(tr("MedReasoner's grounding prompt"));
    templateEdit_->setToolTip(
        tr("A text file whose {Question} is replaced by the question; it becomes the user turn."));
    auto* browse = new QPushButton(tr("Browse…"), box);
    browse->setObjectName("promptTemplateBrowseButton");
    browse->setAutoDefault(false);
    connect(browse, &QPushButton::clicked, this, &EngineSettingsDialog::browseTemplate);
    row->addWidget(templateEdit_, 1);
    row->addWidget(browse);
    form->addRow(tr("Template:"), row);
    templateProblemsLabel_ = makeProblemLabel(box, "promptTemplateProblems");
    form->addRow(QString(), templateProblemsLabel_);
    think_ = new QCheckBox(tr("Reason first (<think>…</think>)"), box);
    think_->setObjectName("thinkCheck");
    think_->setToolTip(tr("Part of the built-in prompt; a template file says itself what it asks for."));
    form->addRow(QString(), think_);
    auto* systemRow = new QHBoxLayout;
    customSystem_ = new QCheckBox(tr("Custom:"), box);
    customSystem_->setObjectName("customSystemCheck");
    systemMessage_ = new QLineEdit(box);
    systemMessage_->setObjectName("systemMessageEdit");
    systemMessage_->setPlaceholderText(tr("The chat template's default system message"));
    systemRow->addWidget(customSystem_);
    systemRow->addWidget(systemMessage_, 1);
    form->addRow(tr("System message:"), systemRow);
    return box;
}

QWidget* EngineSettingsDialog::buildGenerationGroup() {
    auto* genBox = new QGroupBox(tr("Generation"), this);
    genBox->setObjectName("generationGroup");
    auto* genForm = new QFormLayout(genBox);
    genForm->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    maxNewTokens_ = new QSpinBox(genBox);
    maxNewTokens_->setObjectName("maxNewTokensSpin");
    maxNewTokens_->setRange(1, 32768);
    maxNewTokens_->setSingleStep(128);
    maxNewTokens_->setToolTip(tr("The reasoner stops after this many tokens even without an answer."));
    genForm->addRow(tr("Maximum new tokens:"), maxNewTokens_);
    repetitionPenalty_ = new QDoubleSpinBox(genBox);
    repetitionPenalty_->setObjectName("repetitionPenaltySpin");
    repetitionPenalty_->setRange(0.0, 3.0);
    repetitionPenalty_->setDecimals(2);
    repetitionPenalty_->setSingleStep(0.05);
    repetitionPenalty_->setSpecialValueText(tr("Model default"));
    repetitionPenalty_->setToolTip(tr("Above 1 discourages repeating tokens; applies to greedy decoding too."));
    genForm->addRow(tr("Repetition penalty:"), repetitionPenalty_);
    greedy_ = new QCheckBox(tr("Greedy (as MedReasoner is evaluated)"), genBox);
    greedy_->setToolTip(tr("Deterministic: the most likely token each time. Off: sampling with the values below."));
    greedy_->setObjectName("greedyCheck");
    genForm->addRow(QString(), greedy_);
    temperature_ = new QDoubleSpinBox(genBox);
    temperature_->setObjectName("temperatureSpin");
    temperature_->setRange(0.0, 5.0);
    temperature_->setDecimals(2);
    temperature_->setSingleStep(0.05);
    temperature_->setSpecialValueText(tr("Model default"));
    genForm->addRow(tr("Temperature:"), temperature_);
    topP_ = new QDoubleSpinBox(genBox);
    topP_->setObjectName("topPSpin");
    topP_->setRange(0.0, 1.0);
    topP_->setDecimals(3);
    topP_->setSingleStep(0.05);
    topP_->setSpecialValueText(tr("Model default"));
    genForm->addRow(tr("Top-p:"), topP_);
    topK_ = new QSpinBox(genBox);
    topK_->setObjectName("topKSpin");
    topK_->setRange(-1, 100000);
    topK_->setSpecialValueText(tr("Model default"));
    topK_->setToolTip(tr("0 turns top-k off."));
    genForm->addRow(tr("Top-k:"), topK_);
    seed_ = new QSpinBox(genBox);
    seed_->setObjectName("seedSpin");
    seed_->setRange(-1, std::numeric_limits<int>::max());
    seed_->setSpecialValueText(tr("Random"));
    seed_->setToolTip(tr("The same seed, question and image give the same sampled answer."));
    genForm->addRow(tr("Seed:"), seed_);
    return genBox;
}

void EngineSettingsDialog::setValidators(ReasonerValidator reasoner, ExpertValidator expert) {
    reasonerValidator_ = std::move(reasoner);
    expertValidator_ = std::move(expert);
    validateNow();
}

void EngineSettingsDialog::setServerValidator(ServerValidator server) {
    serverValidator_ = std::move(server);
    validateNow();
}

bool EngineSettingsDialog::serverChosen() const {
    return reasonerSource_->currentData().toString() == QLatin1String("server");
}

bool EngineSettingsDialog::isReasonerReady() const {
    if (serverChosen()) return !server_->empty() && reasonerProblems_.isEmpty();
    return !reasonerEdit_->text().trimmed().isEmpty() && reasonerProblems_.isEmpty();
}

void EngineSettingsDialog::validateNow() {
    validateTimer_->stop();
    const QString folder = reasonerEdit_->text().trimmed();
    reasonerProblems_.clear();
    if (serverChosen()) {
        if (server_->empty()) {
            // nothing entered yet: no red
        } else if (serverValidator_) {
            reasonerProblems_ = serverValidator_(settings());
        }
    } else if (!folder.isEmpty()) {
        if (reasonerValidator_) reasonerProblems_ = reasonerValidator_(folder);
        else if (!QFileInfo(folder).isDir()) reasonerProblems_ << tr("The folder does not exist.");
    }
    const QString type = expertType_->currentData().toString();
    const QString checkpoint = checkpointEdit_->text().trimmed();
    expertProblems_.clear();
    if (type != QLatin1String("classical")) {
        if (expertValidator_) expertProblems_ = expertValidator_(checkpoint, type);
        else if (checkpoint.isEmpty()) expertProblems_ << tr("Choose the checkpoint file.");
        else if (!QFileInfo(checkpoint).isFile()) expertProblems_ << tr("The checkpoint file does not exist.");
    }
    QStringList templateProblems;
    if (const QString file = templateEdit_->text().trimmed(); !file.isEmpty()) {
        try {
            mr::session::readPromptTemplate(file.toStdString());
        } catch (const std::exception& e) {
            templateProblems << QString::fromStdString(e.what());
        }
    }
    showProblems(reasonerProblemsLabel_, reasonerProblems_);
    showProblems(expertProblemsLabel_, expertProblems_);
    showProblems(templateProblemsLabel_, templateProblems);
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
    const QString file = QFileDialog::getOpenFileName(this, tr("Choose the Expert Checkpoint"), start,
                                                      tr("Checkpoints (*.safetensors *.pth *.pt);;All files (*)"));
    if (!file.isEmpty()) {
        checkpointEdit_->setText(QDir::toNativeSeparators(file));
        validateNow();
    }
}

void EngineSettingsDialog::browseTemplate() {
    const QString current = templateEdit_->text();
    const QString start = current.isEmpty() ? QDir::homePath() : QFileInfo(current).absolutePath();
    const QString file = QFileDialog::getOpenFileName(this, tr("Choose a Prompt Template"), start,
                                                      tr("Text files (*.txt *.md *.prompt);;All files (*)"));
    if (!file.isEmpty()) {
        templateEdit_->setText(QDir::toNativeSeparators(file));
        validateNow();
    }
}

void EngineSettingsDialog::updateEnabled() {
    const bool server = serverChosen();
    for (QWidget* w : folderRows_) reasonerForm_->setRowVisible(w, !server);
    for (QWidget* w : server_->rows()) reasonerForm_->setRowVisible(w, server);
    const bool needsCheckpoint = expertType_->currentData().toString() != QLatin1String("classical");
    checkpointEdit_->setEnabled(needsCheckpoint);
    checkpointBrowse_->setEnabled(needsCheckpoint);
    expertImageSize_->setEnabled(expertType_->currentData().toString() == QLatin1String("medsam2"));
    const bool sampling = !greedy_->isChecked();
    temperature_->setEnabled(sampling);
    topP_->setEnabled(sampling);
    topK_->setEnabled(sampling);
    seed_->setEnabled(sampling);
    think_->setEnabled(templateEdit_->text().trimmed().isEmpty());  // the built-in prompt's option
    systemMessage_->setEnabled(customSystem_->isChecked());
}

void EngineSettingsDialog::scheduleValidation() { validateTimer_->start(); }

void EngineSettingsDialog::showProblems(QLabel* label, const QStringList& problems) {
    QStringList lines;
    for (const QString& p : problems) lines << QStringLiteral("\u2022 ") + p.toHtmlEscaped();
    label->setText(lines.join(QStringLiteral("<br>")));
    // A hidden row takes no space in the form (a hidden widget alone would keep its spacing).
    if (auto* form = qobject_cast<QFormLayout*>(label->parentWidget()->layout()))
        form->setRowVisible(label, !problems.isEmpty());
    else label->setVisible(!problems.isEmpty());
}

void EngineSettingsDialog::updateReadiness() {
    const bool ready = isReasonerReady();
    const bool nothingChosen = serverChosen() ? server_->empty() : reasonerEdit_->text().trimmed().isEmpty();
    QString text;
    QString style;
    if (ready) {
        text = tr("<b>Reasoner ready.</b> Questions about the image can be answered.");
        style = QStringLiteral(
            "QLabel { background:#e9f5ec; color:#1e5e33; border:1px solid #a9d5b6; border-radius:4px; padding:6px 8px; }");
    } else if (nothingChosen) {
        text =
            tr("<b>No reasoner.</b> Questions cannot be answered until a reasoner model folder is chosen; "
               "manual prompting with the segmentation expert still works.");
        style = QStringLiteral(
            "QLabel { background:#f1f3f5; color:#3c4450; border:1px solid #d5d9df; border-radius:4px; padding:6px 8px; }");
    } else if (serverChosen()) {
        text =
            tr("<b>Reasoner server not ready.</b> Its settings have the problems listed above; they can be "
               "saved anyway and completed later.");
        style = QStringLiteral(
            "QLabel { background:#fdecea; color:#8c1d18; border:1px solid #f0aaa2; border-radius:4px; padding:6px 8px; }");
    } else {
        text =
            tr("<b>Reasoner not ready.</b> The folder is missing what is listed above; the settings can be "
               "saved anyway and completed later.");
        style = QStringLiteral(
            "QLabel { background:#fdecea; color:#8c1d18; border:1px solid #f0aaa2; border-radius:4px; padding:6px 8px; }");
    }
    readiness_->setText(text);
    readiness_->setStyleSheet(style);
    if (int(ready) != lastReady_) {
        lastReady_ = int(ready);
        Q_EMIT reasonerReadyChanged(ready);
    }
}

}  // namespace mr::widgets
