#pragma once
// Engine Settings: which reasoner model folder and which segmentation expert (classical, SAM,
// MedSAM or MedSAM2 with its checkpoint, and MedSAM2's image size) the app uses, on which device and in which precision, how the
// reasoner is asked (prompt template, system message, think) and how it decodes. It edits the
// session layer's EngineSettings (engine/session), the same value the command line fills. What is
// missing is shown live under each field by validators the app injects (the engine's checks), so
// the widget itself knows nothing of model files.
#include <QDialog>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

#include "engine/session/engine_settings.h"

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSettings;
class QSpinBox;
class QTimer;

namespace mr::widgets {

class ReasonerServerFields;

class EngineSettingsDialog : public QDialog {
    Q_OBJECT
public:
    // Problems of a reasoner folder / of an expert checkpoint for a type ("sam", "medsam", "medsam2"), one
    // short sentence each; empty when usable. Called on the GUI thread, shortly after edits.
    using ReasonerValidator = std::function<QStringList(const QString& folder)>;
    using ExpertValidator = std::function<QStringList(const QString& path, const QString& type)>;
    // Problems of the reasoner server settings (URL, model, API key source, timeouts).
    using ServerValidator = std::function<QStringList(const mr::session::EngineSettings& settings)>;

    explicit EngineSettingsDialog(QWidget* parent = nullptr);

    using EngineSettings = mr::session::EngineSettings;
    void setSettings(const EngineSettings& settings);
    // The fields' values on top of the settings last set (so options the dialog does not show,
    // e.g. the reasoner's memory check, are kept).
    EngineSettings settings() const;
    // The loaded reasoner's precision, why it was chosen, load time and memory; hidden when empty.
    void setLoadedModel(const QString& summary);

    // The reasoner validator is not called for an empty folder, the expert one not for the
    // classical expert (it needs no file). Validates at once.
    void setValidators(ReasonerValidator reasoner, ExpertValidator expert);
    void setServerValidator(ServerValidator server);

    QStringList reasonerProblems() const { return reasonerProblems_; }
    QStringList expertProblems() const { return expertProblems_; }
    // A folder (or a server's URL and model) is set and the validator (if any) found nothing missing.
    bool isReasonerReady() const;
    bool serverChosen() const;

public Q_SLOTS:
    void validateNow();

Q_SIGNALS:
    void reasonerReadyChanged(bool ready);

private:
    void browseReasoner();
    void browseCheckpoint();
    void browseTemplate();
    QWidget* buildReasonerGroup();
    QWidget* buildExpertGroup();
    QWidget* buildComputationGroup();
    QWidget* buildPromptGroup();
    QWidget* buildGenerationGroup();
    void alignFormLabels();
    QDialogButtonBox* buildButtons();
    void connectFields();
    void updateEnabled();
    void scheduleValidation();
    void showProblems(QLabel* label, const QStringList& problems);
    void updateReadiness();

    QComboBox* reasonerSource_ = nullptr;
    QFormLayout* reasonerForm_ = nullptr;
    QList<QWidget*> folderRows_;
    ReasonerServerFields* server_ = nullptr;
    QLineEdit* reasonerEdit_ = nullptr;
    QPushButton* reasonerBrowse_ = nullptr;
    QLabel* reasonerProblemsLabel_ = nullptr;
    QComboBox* expertType_ = nullptr;
    QComboBox* expertImageSize_ = nullptr;  // MedSAM2 only: 0 (the checkpoint's), 512 or 1024
    QLineEdit* checkpointEdit_ = nullptr;
    QPushButton* checkpointBrowse_ = nullptr;
    QLabel* expertProblemsLabel_ = nullptr;
    QComboBox* device_ = nullptr;
    QComboBox* dtype_ = nullptr;
    QLabel* loadedModel_ = nullptr;
    QSpinBox* maxNewTokens_ = nullptr;
    QCheckBox* greedy_ = nullptr;
    QDoubleSpinBox* temperature_ = nullptr;
    QDoubleSpinBox* topP_ = nullptr;
    QSpinBox* topK_ = nullptr;
    QSpinBox* seed_ = nullptr;
    QDoubleSpinBox* repetitionPenalty_ = nullptr;
    QLineEdit* templateEdit_ = nullptr;
    QLabel* templateProblemsLabel_ = nullptr;
    QCheckBox* think_ = nullptr;
    QCheckBox* customSystem_ = nullptr;
    QLineEdit* systemMessage_ = nullptr;
    EngineSettings base_;
    QLabel* readiness_ = nullptr;
    QTimer* validateTimer_ = nullptr;

    ReasonerValidator reasonerValidator_;
    ExpertValidator expertValidator_;
    ServerValidator serverValidator_;
    QStringList reasonerProblems_, expertProblems_;
    int lastReady_ = -1;
};

}  // namespace mr::widgets
