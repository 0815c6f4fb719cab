// The engine settings in QSettings (a temporary INI file): defaults when nothing is stored, a
// round trip of every field, unknown or broken values falling back to the defaults, a particular
// GPU kept, and settings of earlier versions (concrete sampling values) still read.
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include "app/engine_settings_store.h"

using mr::session::EngineSettings;

class EngineSettingsStoreTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    static EngineSettings sample() {
        EngineSettings s;
        s.models.reasoner.folder = "/models/MedReasoner-7B";
        s.models.expert.type = mr::ground::ExpertType::MedSam;
        s.models.expert.checkpoint = "/models/medsam_vit_b.pth";
        s.models.reasoner.device = s.models.expert.device = "cuda";
        s.models.reasoner.dtype = "bfloat16";
        s.promptTemplateFile = "/prompts/biopsy.txt";
        s.ask.think = false;
        s.ask.systemMessage = "";
        s.ask.maxNewTokens = 768;
        s.ask.doSample = true;
        s.ask.temperature = 0.35;
        s.ask.topP = 0.8;
        s.ask.topK = 20;
        s.ask.repetitionPenalty = 1.1;
        s.ask.seed = 1234;
        return s;
    }

private Q_SLOTS:
    void defaultsWhenNothingIsStored() {
        QSettings empty(dir_.filePath("empty.ini"), QSettings::IniFormat);
        const EngineSettings s = mr::app::loadEngineSettings(empty);
        QVERIFY(s == EngineSettings());
        QCOMPARE(s.ask.maxNewTokens, int64_t(1024));
        QVERIFY(!s.ask.doSample && s.ask.think && !s.ask.temperature);
    }

    void roundTripsThroughAnIniFile() {
        const QString ini = dir_.filePath("engine.ini");
        {
            QSettings settings(ini, QSettings::IniFormat);
            mr::app::saveEngineSettings(settings, sample());
        }
        QSettings settings(ini, QSettings::IniFormat);
        QCOMPARE(settings.value("engine/expertType").toString(), QStringLiteral("medsam"));
        QCOMPARE(settings.value("engine/maxNewTokens").toInt(), 768);
        QVERIFY(mr::app::loadEngineSettings(settings) == sample());  // an empty custom system message too

        // Unknown choices fall back to the defaults instead of leaking into the engine.
        settings.setValue("engine/device", "tpu");
        settings.setValue("engine/maxNewTokens", "lots");
        settings.setValue("engine/topP", 7);
        const EngineSettings loaded = mr::app::loadEngineSettings(settings);
        QCOMPARE(QString::fromStdString(loaded.models.reasoner.device), QStringLiteral("auto"));
        QCOMPARE(loaded.ask.maxNewTokens, int64_t(1024));
        QVERIFY(!loaded.ask.topP);

        // A particular GPU is kept.
        settings.setValue("engine/device", "cuda:1");
        QCOMPARE(QString::fromStdString(mr::app::loadEngineSettings(settings).models.reasoner.device), QStringLiteral("cuda:1"));
    }

    void aServerRoundTripsWithoutItsKey() {
        EngineSettings s = sample();
        auto& remote = s.models.reasoner.server;
        s.models.reasoner.source = mr::ground::ReasonerSource::Server;
        remote.baseUrl = "http://gpu-server:8000/v1";
        remote.model = "MedReasoner-7B";
        remote.apiKeyEnv = "MEDREASONER_API_KEY";
        remote.connectTimeoutSeconds = 5;
        remote.idleTimeoutSeconds = 90;
        const QString ini = dir_.filePath("server.ini");
        {
            QSettings settings(ini, QSettings::IniFormat);
            mr::app::saveEngineSettings(settings, s);
        }
        QSettings settings(ini, QSettings::IniFormat);
        QVERIFY(mr::app::loadEngineSettings(settings) == s);
        QCOMPARE(settings.value("engine/apiKeyEnv").toString(), QStringLiteral("MEDREASONER_API_KEY"));
    }

    void settingsOfEarlierVersionsAreRead() {
        QSettings settings(dir_.filePath("old.ini"), QSettings::IniFormat);
        settings.setValue("engine/reasonerFolder", "/models/old");
        settings.setValue("engine/doSample", false);
        settings.setValue("engine/temperature", 0.7);
        settings.setValue("engine/topK", 50);
        settings.setValue("engine/seed", 0);
        const EngineSettings s = mr::app::loadEngineSettings(settings);
        QCOMPARE(QString::fromStdString(s.models.reasoner.folder), QStringLiteral("/models/old"));
        QCOMPARE(*s.ask.temperature, 0.7);
        QCOMPARE(*s.ask.topK, int64_t(50));
        QCOMPARE(*s.ask.seed, uint64_t(0));
        QVERIFY(s.ask.think && !s.ask.systemMessage && s.promptTemplateFile.empty());
    }
};

QTEST_MAIN(EngineSettingsStoreTest)
#include "engine_settings_store_test.moc"
