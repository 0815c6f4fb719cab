// The Engine Settings dialog (offscreen): the session layer's settings round-trip through the
// dialog, the checkpoint, sampling and prompt fields follow the choices, a prompt template file is
// checked as it is typed, and the injected validators' problems appear under their fields while OK
// stays enabled. (The QSettings mapping is tested in tests/app/engine_settings_store_test.cpp.)
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

#include "widgets/engine_settings_dialog.h"
#include "tests/support/engine_settings_samples.h"

using mr::session::EngineSettings;
using mr::widgets::EngineSettingsDialog;

class EngineSettingsDialogTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    static EngineSettings sample() {
        EngineSettings s = mr::test::sampleEngineSettings();
        s.ask.repetitionPenalty = 1.05;
        s.ask.systemMessage = "You are a careful radiologist.";
        return s;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        QDir().mkpath(QStringLiteral(MR_TEST_OUTPUT_DIR));
    }

    void dialogShowsAndReturnsTheSettings() {
        EngineSettingsDialog dialog;
        dialog.setSettings(sample());
        QVERIFY(dialog.settings() == sample());
        QCOMPARE(dialog.findChild<QComboBox*>("expertTypeCombo")->currentData().toString(), QStringLiteral("medsam"));
        QCOMPARE(dialog.findChild<QSpinBox*>("maxNewTokensSpin")->value(), 768);
        QCOMPARE(dialog.findChild<QLineEdit*>("systemMessageEdit")->text(),
                 QStringLiteral("You are a careful radiologist."));

        // Classical needs no checkpoint; greedy decoding needs no sampling values.
        auto* checkpoint = dialog.findChild<QLineEdit*>("expertCheckpointEdit");
        auto* temperature = dialog.findChild<QDoubleSpinBox*>("temperatureSpin");
        auto* seed = dialog.findChild<QSpinBox*>("seedSpin");
        QVERIFY(checkpoint->isEnabled() && temperature->isEnabled() && seed->isEnabled());
        dialog.findChild<QComboBox*>("expertTypeCombo")->setCurrentIndex(0);
        QVERIFY(!checkpoint->isEnabled());
        QVERIFY(!dialog.findChild<QPushButton*>("checkpointBrowseButton")->isEnabled());
        dialog.findChild<QCheckBox*>("greedyCheck")->setChecked(true);
        QVERIFY(!temperature->isEnabled() && !seed->isEnabled());
        QVERIFY(!dialog.settings().ask.doSample);
        QVERIFY(dialog.settings().models.expert.type == mr::ground::ExpertType::Classical);

        // A value at its spin box's minimum is "not set": the model's generation config decides.
        temperature->setValue(temperature->minimum());
        QVERIFY(!dialog.settings().ask.temperature);
        QCOMPARE(temperature->text(), QStringLiteral("Model default"));

        // Restore Defaults resets how the models run and are asked, and keeps the chosen files.
        dialog.setSettings(sample());
        dialog.findChild<QDialogButtonBox*>("buttonBox")->button(QDialogButtonBox::RestoreDefaults)->click();
        EngineSettings expected;
        expected.models.reasoner.folder = sample().models.reasoner.folder;
        expected.models.expert.type = sample().models.expert.type;
        expected.models.expert.checkpoint = sample().models.expert.checkpoint;
        QVERIFY(dialog.settings() == expected);
    }

    void medSam2IsChosenWithItsImageSize() {
        EngineSettingsDialog dialog;
        EngineSettings s = sample();
        s.models.expert.type = mr::ground::ExpertType::MedSam2;
        s.models.expert.checkpoint = "/models/MedSAM2_latest.pt";
        s.models.expert.imageSize = 1024;
        dialog.setSettings(s);
        QVERIFY(dialog.settings() == s);
        auto* type = dialog.findChild<QComboBox*>("expertTypeCombo");
        auto* size = dialog.findChild<QComboBox*>("expertImageSizeCombo");
        QCOMPARE(type->currentData().toString(), QStringLiteral("medsam2"));
        QVERIFY(size->isEnabled());
        QVERIFY(size->currentText().contains(QStringLiteral("MedReasoner")));

        size->setCurrentIndex(size->findData(512));
        QCOMPARE(dialog.settings().models.expert.imageSize, 512);
        // Only MedSAM2 has a size to choose: another expert runs at its checkpoint's.
        type->setCurrentIndex(type->findData(QStringLiteral("sam")));
        QVERIFY(!size->isEnabled());
        QCOMPARE(dialog.settings().models.expert.imageSize, 0);
        type->setCurrentIndex(type->findData(QStringLiteral("medsam2")));
        QCOMPARE(dialog.settings().models.expert.imageSize, 512);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.grab().save(QStringLiteral(MR_TEST_OUTPUT_DIR "/engine_settings_medsam2.png"));
    }

    void promptTemplateFileIsCheckedLive() {
        EngineSettingsDialog dialog;
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto* edit = dialog.findChild<QLineEdit*>("promptTemplateEdit");
        auto* problems = dialog.findChild<QLabel*>("promptTemplateProblems");
        auto* think = dialog.findChild<QCheckBox*>("thinkCheck");
        QVERIFY(think->isEnabled());
        const QString file = dir_.filePath("template.txt");
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("Look at the image. There is no placeholder here.\n");
        f.close();
        edit->setText(file);
        dialog.validateNow();
        QVERIFY(problems->isVisible());
        QVERIFY(problems->text().contains("{Question}"));
        QVERIFY(!think->isEnabled());  // a template says itself what it asks for
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("Answer with a box and two points.\n{Question}\n");
        f.close();
        dialog.validateNow();
        QVERIFY(!problems->isVisible());
        QCOMPARE(QString::fromStdString(dialog.settings().promptTemplateFile), file);
    }

    void validatorProblemsAppearUnderTheirFields() {
        EngineSettingsDialog dialog;
        QStringList reasonerCalls;
        QList<QPair<QString, QString>> expertCalls;
        dialog.setValidators(
            [&](const QString& folder) {
                reasonerCalls << folder;
                if (folder.endsWith(QLatin1String("good"))) return QStringList();
                return QStringList{QStringLiteral("config.json is missing."),
                                   QStringLiteral("No *.safetensors weights.")};
            },
            [&](const QString& path, const QString& type) {
                expertCalls.append({path, type});
                return path.isEmpty() ? QStringList{QStringLiteral("Choose a checkpoint.")} : QStringList();
            });
        dialog.resize(600, dialog.sizeHint().height());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QSignalSpy readiness(&dialog, &EngineSettingsDialog::reasonerReadyChanged);

        // Nothing chosen: no red, but the dialog says questions cannot be answered.
        auto* reasonerProblems = dialog.findChild<QLabel*>("reasonerProblems");
        auto* expertProblems = dialog.findChild<QLabel*>("expertProblems");
        auto* readinessLabel = dialog.findChild<QLabel*>("readinessLabel");
        QVERIFY(!reasonerProblems->isVisible() && !expertProblems->isVisible());
        QVERIFY(!dialog.isReasonerReady());
        QVERIFY(reasonerCalls.isEmpty() && expertCalls.isEmpty());  // empty folder, classical expert
        QVERIFY(readinessLabel->text().contains(QStringLiteral("No reasoner")));

        auto* folder = dialog.findChild<QLineEdit*>("reasonerFolderEdit");
        QTest::keyClicks(folder, QStringLiteral("/models/bad"));
        QTRY_VERIFY(reasonerProblems->isVisible());  // live, shortly after typing
        QVERIFY(reasonerProblems->text().contains(QStringLiteral("config.json is missing.")));
        QVERIFY(reasonerProblems->text().contains(QStringLiteral("No *.safetensors weights.")));
        QCOMPARE(reasonerCalls.last(), QStringLiteral("/models/bad"));
        QVERIFY(!dialog.isReasonerReady());
        QCOMPARE(dialog.reasonerProblems().size(), 2);
        auto* buttons = dialog.findChild<QDialogButtonBox*>("buttonBox");
        QVERIFY(buttons->button(QDialogButtonBox::Ok)->isEnabled());  // incomplete setups can be saved

        dialog.findChild<QComboBox*>("expertTypeCombo")->setCurrentIndex(2);  // MedSAM
        QVERIFY(expertProblems->isVisible());
        QVERIFY(expertProblems->text().contains(QStringLiteral("Choose a checkpoint.")));
        QCOMPARE(expertCalls.last().second, QStringLiteral("medsam"));
        QTest::qWait(20);  // let the layouts settle
        QVERIFY(dialog.grab().save(QStringLiteral(MR_TEST_OUTPUT_DIR "/engine_settings_problems.png")));

        folder->setText(QStringLiteral("/models/good"));
        dialog.validateNow();
        QVERIFY(!reasonerProblems->isVisible());
        QVERIFY(dialog.isReasonerReady());
        QVERIFY(!readiness.isEmpty() && readiness.last().at(0).toBool());
        dialog.findChild<QLineEdit*>("expertCheckpointEdit")->setText(QStringLiteral("/models/medsam.pth"));
        dialog.validateNow();
        QVERIFY(!expertProblems->isVisible());
        QCOMPARE(expertCalls.last(), (QPair<QString, QString>{"/models/medsam.pth", "medsam"}));
        QTest::qWait(20);  // let the layouts settle
        QVERIFY(dialog.grab().save(QStringLiteral(MR_TEST_OUTPUT_DIR "/engine_settings_ready.png")));
    }

    void aServerIsChosenWithItsFieldsAndChecked() {
        EngineSettings server = mr::test::sampleServerSettings();
        server.ask.repetitionPenalty = 1.05;
        server.ask.systemMessage = "You are a careful radiologist.";

        EngineSettingsDialog dialog;
        QList<EngineSettings> checked;
        dialog.setServerValidator([&](const EngineSettings& s) {
            checked << s;
            return s.models.reasoner.server.baseUrl.rfind("http", 0) == 0 ? QStringList()
                                                                          : QStringList{QStringLiteral("bad URL")};
        });
        dialog.setSettings(server);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(dialog.settings() == server);
        QVERIFY(dialog.serverChosen());
        auto* url = dialog.findChild<QLineEdit*>("serverUrlEdit");
        auto* folder = dialog.findChild<QLineEdit*>("reasonerFolderEdit");
        QVERIFY(url->isVisible() && !folder->isVisible());
        QVERIFY(dialog.isReasonerReady());
        QVERIFY(!checked.isEmpty() && checked.last().models.reasoner.server.model == "MedReasoner-7B");
        QTest::qWait(20);  // let the layouts settle
        QVERIFY(dialog.grab().save(QStringLiteral(MR_TEST_OUTPUT_DIR "/engine_settings_server.png")));

        url->setText(QStringLiteral("gpu-server:8000"));
        dialog.validateNow();
        QVERIFY(!dialog.isReasonerReady());
        QVERIFY(dialog.findChild<QLabel*>("reasonerProblems")->text().contains(QStringLiteral("bad URL")));

        // A key file instead of a variable; only one of them is kept.
        dialog.findChild<QComboBox*>("apiKeyKindCombo")->setCurrentIndex(2);
        dialog.findChild<QLineEdit*>("apiKeyEdit")->setText(QStringLiteral("/etc/medreasoner/key"));
        QCOMPARE(QString::fromStdString(dialog.settings().models.reasoner.server.apiKeyFile),
                 QStringLiteral("/etc/medreasoner/key"));
        QVERIFY(dialog.settings().models.reasoner.server.apiKeyEnv.empty());

        // Back to a folder: its row returns, the server's go.
        dialog.findChild<QComboBox*>("reasonerSourceCombo")->setCurrentIndex(0);
        QVERIFY(!url->isVisible() && folder->isVisible());
        QVERIFY(dialog.settings().models.reasoner.source == mr::ground::ReasonerSource::Folder);
        QCOMPARE(QString::fromStdString(dialog.settings().models.reasoner.server.model),
                 QStringLiteral("MedReasoner-7B"));  // kept for later
    }
};

QTEST_MAIN(EngineSettingsDialogTest)
#include "engine_settings_dialog_test.moc"
