#pragma once
// Engine Settings: which reasoner model folder and which segmentation expert (classical, SAM or
// MedSAM with its checkpoint) the app uses, on which device and in which precision, and how the
// reasoner decodes. What is missing is shown live under each field by validators the app injects
// (the engine's checks), so the widget itself knows nothing of model files.
#include <QDialog>
#include <QString>
#include <QStringList>

#include <functional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSettings;
class QSpinBox;
class QTimer;

namespace mr::widgets {

// The settings as plain values; QSettings group "engine".
struct EngineSettings {
    QString reasonerFolder;                      // empty: no reasoner (manual prompting only)
    QString expertType = QStringLiteral("classical");  // "classical", "sam", "medsam"
    QString expertCheckpoint;                    // SAM/MedSAM weights; unused for classical
    QString device = QStringLiteral("auto");     // "auto", "cpu", "cuda" or "cuda:N"
    QString dtype = QStringLiteral("auto");      // "auto", "float32", "bfloat16", "float16", "int8" (CPU)
    int maxNewTokens = 1024;
    bool doSample = false;                       // false: greedy decoding (as MedReasoner evaluates)
    double temperature = 0.7;                    // the four below are used only when sampling
    double topP = 0.9;
    int topK = 50;
    qint64 seed = 0;

    // Missing or unreadable keys keep the defaults above; unknown choices fall back to them too.
    static EngineSettings load(QSettings& settings);
    void save(QSettings& settings) const;

    bool operator==(const EngineSettings& o) const;
    bool operator!=(const EngineSettings& o) const { return !(*this == o); }
};

class EngineSettingsDialog : public QDialog {
    Q_OBJECT
public:
    // Problems of a reasoner folder / of an expert checkpoint for a type ("sam", "medsam"), one
    // short sentence each; empty when usable. Called on the GUI thread, shortly after edits.
    using ReasonerValidator = std::function<QStringList(const QString& folder)>;
    using ExpertValidator = std::function<QStringList(const QString& path, const QString& type)>;

    explicit EngineSettingsDialog(QWidget* parent = nullptr);

    void setSettings(const EngineSettings& settings);
    EngineSettings settings() const;
    // The loaded reasoner's precision, why it was chosen, load time and memory; hidden when empty.
    void setLoadedModel(const QString& summary);

    // The reasoner validator is not called for an empty folder, the expert one not for the
    // classical expert (it needs no file). Validates at once.
    void setValidators(ReasonerValidator reasoner, ExpertValidator expert);

    QStringList reasonerProblems() const { return reasonerProblems_; }
    QStringList expertProblems() const { return expertProblems_; }
    // A folder is set and the validator (if any) found nothing missing.
    bool isReasonerReady() const;

public Q_SLOTS:
    void validateNow();

Q_SIGNALS:
    void reasonerReadyChanged(bool ready);

private:
    void browseReasoner();
    void browseCheckpoint();
    void updateEnabled();
    void scheduleValidation();
    void showProblems(QLabel* label, const QStringList& problems);
    void updateReadiness();

    QLineEdit* reasonerEdit_ = nullptr;
    QPushButton* reasonerBrowse_ = nullptr;
    QLabel* reasonerProblemsLabel_ = nullptr;
    QComboBox* expertType_ = nullptr;
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
    QLabel* readiness_ = nullptr;
    QTimer* validateTimer_ = nullptr;

    ReasonerValidator reasonerValidator_;
    ExpertValidator expertValidator_;
    QStringList reasonerProblems_, expertProblems_;
    int lastReady_ = -1;
};

}  // namespace mr::widgets
