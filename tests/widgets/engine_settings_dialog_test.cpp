// Engine settings (offscreen): values round-trip through QSettings in a temporary INI file and
// through the dialog, the checkpoint and sampling fields follow the choices, and the injected
// validators' problems appear under their fields while OK stays enabled.
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

#include "widgets/engine_settings_dialog.h"

using mr::widgets::EngineSettings;
using mr::widgets::EngineSettingsDialog;

class EngineSettingsDialogTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    static EngineSettings sample() {
        EngineSettings s;
        s.reasonerFolder = QStringLiteral("/models/MedReasoner-7B");
        s.expertType = QStringLiteral("medsam");
        s.expertCheckpoint = QStringLiteral("/models/medsam_vit_b.pth");
        s.device = QStringLiteral("cuda");
        s.dtype = QStringLiteral("bfloat16");
        s.maxNewTokens = 768;
        s.doSample = true;
        s.temperature = 0.35;
        s.topP = 0.8;
        s.topK = 20;
        s.seed = 1234;
        return s;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        QDir().mkpath(QStringLiteral(MR_TEST_OUTPUT_DIR));
    }

    void defaultsWhenNothingIsStored() {
        QSettings empty(dir_.filePath(QStringLiteral("empty.ini")), QSettings::IniFormat);
        const EngineSettings s = EngineSettings::load(empty);
        QCOMPARE(s, EngineSettings());
        QCOMPARE(s.maxNewTokens, 1024);
        QVERIFY(!s.doSample);
        QCOMPARE(s.expertType, QStringLiteral("classical"));
        QCOMPARE(s.device, QStringLiteral("auto"));
    }

    void roundTripsThroughAnIniFile() {
        const QString ini = dir_.filePath(QStringLiteral("engine.ini"));
        {
            QSettings settings(ini, QSettings::IniFormat);
            sample().save(settings);
        }
        QSettings settings(ini, QSettings::IniFormat);
        QCOMPARE(settings.value(QStringLiteral("engine/expertType")).toString(), QStringLiteral("medsam"));
        QCOMPARE(settings.value(QStringLiteral("engine/maxNewTokens")).toInt(), 768);
        QCOMPARE(EngineSettings::load(settings), sample());

        // Unknown choices fall back to the defaults instead of leaking into the engine.
        settings.setValue(QStringLiteral("engine/device"), QStringLiteral("tpu"));
        settings.setValue(QStringLiteral("engine/maxNewTokens"), QStringLiteral("lots"));
        const EngineSettings loaded = EngineSettings::load(settings);
        QCOMPARE(loaded.device, QStringLiteral("auto"));
        QCOMPARE(loaded.maxNewTokens, 1024);

        // A particular GPU is kept and offered in the dialog.
        settings.setValue(QStringLiteral("engine/device"), QStringLiteral("cuda:1"));
        const EngineSettings gpu1 = EngineSettings::load(settings);
        QCOMPARE(gpu1.device, QStringLiteral("cuda:1"));
        EngineSettingsDialog dialog;
        dialog.setSettings(gpu1);
        QCOMPARE(dialog.settings().device, QStringLiteral("cuda:1"));
    }

    void dialogShowsAndReturnsTheSettings() {
        EngineSettingsDialog dialog;
        dialog.setSettings(sample());
        QCOMPARE(dialog.settings(), sample());
        QCOMPARE(dialog.findChild<QComboBox*>("expertTypeCombo")->currentData().toString(), QStringLiteral("medsam"));
        QCOMPARE(dialog.findChild<QSpinBox*>("maxNewTokensSpin")->value(), 768);

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
        QVERIFY(!dialog.settings().doSample);
        QCOMPARE(dialog.settings().expertType, QStringLiteral("classical"));

        // Through the dialog into a file and back.
        const QString ini = dir_.filePath(QStringLiteral("dialog.ini"));
        {
            QSettings settings(ini, QSettings::IniFormat);
            dialog.settings().save(settings);
        }
        QSettings settings(ini, QSettings::IniFormat);
        EngineSettingsDialog again;
        again.setSettings(EngineSettings::load(settings));
        QCOMPARE(again.settings(), dialog.settings());

        // Restore Defaults resets how the models run and keeps the chosen files.
        again.setSettings(sample());
        again.findChild<QDialogButtonBox*>("buttonBox")->button(QDialogButtonBox::RestoreDefaults)->click();
        EngineSettings expected;
        expected.reasonerFolder = sample().reasonerFolder;
        expected.expertType = sample().expertType;
        expected.expertCheckpoint = sample().expertCheckpoint;
        QCOMPARE(again.settings(), expected);
    }

    void validatorProblemsAppearUnderTheirFields() {
        EngineSettingsDialog dialog;
        QStringList reasonerCalls;
        QList<QPair<QString, QString>> expertCalls;
        dialog.setValidators(
            [&](const QString& folder) {
                reasonerCalls << folder;
                if (folder.endsWith(QLatin1String("good"))) return QStringList();
                return QStringList{QStringLiteral("config.json is missing."), QStringLiteral("No *.safetensors weights.")};
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
        EngineSettings server = sample();
        server.reasonerSource = QStringLiteral("server");
        server.serverUrl = QStringLiteral("http://gpu-server:8000/v1");
        server.serverModel = QStringLiteral("MedReasoner-7B");
        server.apiKeyEnv = QStringLiteral("MEDREASONER_API_KEY");
        server.connectTimeout = 5;
        server.idleTimeout = 90;
        const QString ini = dir_.filePath(QStringLiteral("server.ini"));
        {
            QSettings settings(ini, QSettings::IniFormat);
            server.save(settings);
        }
        QSettings settings(ini, QSettings::IniFormat);
        QCOMPARE(EngineSettings::load(settings), server);
        QCOMPARE(settings.value(QStringLiteral("engine/apiKeyEnv")).toString(), QStringLiteral("MEDREASONER_API_KEY"));

        EngineSettingsDialog dialog;
        QList<EngineSettings> checked;
        dialog.setServerValidator([&](const EngineSettings& s) {
            checked << s;
            return s.serverUrl.startsWith(QLatin1String("http")) ? QStringList() : QStringList{QStringLiteral("bad URL")};
        });
        dialog.setSettings(server);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QCOMPARE(dialog.settings(), server);
        QVERIFY(dialog.serverChosen());
        auto* url = dialog.findChild<QLineEdit*>("serverUrlEdit");
        auto* folder = dialog.findChild<QLineEdit*>("reasonerFolderEdit");
        QVERIFY(url->isVisible() && !folder->isVisible());
        QVERIFY(dialog.isReasonerReady());
        QVERIFY(!checked.isEmpty() && checked.last().serverModel == QStringLiteral("MedReasoner-7B"));
        QTest::qWait(20);  // let the layouts settle
        QVERIFY(dialog.grab().save(QStringLiteral(MR_TEST_OUTPUT_DIR "/engine_settings_server.png")));

        url->setText(QStringLiteral("gpu-server:8000"));
        dialog.validateNow();
        QVERIFY(!dialog.isReasonerReady());
        QVERIFY(dialog.findChild<QLabel*>("reasonerProblems")->text().contains(QStringLiteral("bad URL")));

        // A key file instead of a variable; only one of them is kept.
        dialog.findChild<QComboBox*>("apiKeyKindCombo")->setCurrentIndex(2);
        dialog.findChild<QLineEdit*>("apiKeyEdit")->setText(QStringLiteral("/etc/medreasoner/key"));
        QCOMPARE(dialog.settings().apiKeyFile, QStringLiteral("/etc/medreasoner/key"));
        QVERIFY(dialog.settings().apiKeyEnv.isEmpty());

        // Back to a folder: its row returns, the server's go.
        dialog.findChild<QComboBox*>("reasonerSourceCombo")->setCurrentIndex(0);
        QVERIFY(!url->isVisible() && folder->isVisible());
        QCOMPARE(dialog.settings().reasonerSource, QStringLiteral("folder"));
        QCOMPARE(dialog.settings().serverModel, QStringLiteral("MedReasoner-7B"));  // kept for later
    }
};

QTEST_MAIN(EngineSettingsDialogTest)
#include "engine_settings_dialog_test.moc"
