// The engine settings in QSettings (a temporary INI file): defaults when nothing is stored, a
// round trip of every field, unknown or broken values falling back to the defaults, a particular
// GPU kept, and settings of earlier versions (concrete sampling values) still read.
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include "app/engine_settings_store.h"
#include "tests/support/engine_settings_samples.h"

using mr::session::EngineSettings;

class EngineSettingsStoreTest : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    static EngineSettings sample() {
        EngineSettings s = mr::test::sampleEngineSettings();
        s.promptTemplateFile = "/prompts/biopsy.txt";
        s.ask.systemMessage = "";
        s.ask.repetitionPenalty = 1.1;
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
        QCOMPARE(QString::fromStdString(mr::app::loadEngineSettings(settings).models.reasoner.device),
                 QStringLiteral("cuda:1"));
    }

    void aServerRoundTripsWithoutItsKey() {
        EngineSettings s = mr::test::sampleServerSettings();
        s.promptTemplateFile = "/prompts/biopsy.txt";
        s.ask.systemMessage = "";
        s.ask.repetitionPenalty = 1.1;
        const QString ini = dir_.filePath("server.ini");
        {
            QSettings settings(ini, QSettings::IniFormat);
            mr::app::saveEngineSettings(settings, s);
        }
        QSettings settings(ini, QSettings::IniFormat);
        QVERIFY(mr::app::loadEngineSettings(settings) == s);
        QCOMPARE(settings.value("engine/apiKeyEnv").toString(), QStringLiteral("MEDREASONER_API_KEY"));
    }

    void medSam2AndItsImageSizeRoundTrip() {
        EngineSettings s = sample();
        s.models.expert.type = mr::ground::ExpertType::MedSam2;
        s.models.expert.checkpoint = "/models/MedSAM2_latest.pt";
        s.models.expert.imageSize = 1024;  // MedReasoner's pipeline
        const QString ini = dir_.filePath("medsam2.ini");
        {
            QSettings settings(ini, QSettings::IniFormat);
            mr::app::saveEngineSettings(settings, s);
        }
        QSettings settings(ini, QSettings::IniFormat);
        QCOMPARE(settings.value("engine/expertType").toString(), QStringLiteral("medsam2"));
        QCOMPARE(settings.value("engine/expertImageSize").toInt(), 1024);
        QVERIFY(mr::app::loadEngineSettings(settings) == s);

        // A size MedSAM2 is not run at, or a size with another expert, falls back to the checkpoint's.
        settings.setValue("engine/expertImageSize", 768);
        QCOMPARE(mr::app::loadEngineSettings(settings).models.expert.imageSize, 0);
        settings.setValue("engine/expertImageSize", 512);
        QCOMPARE(mr::app::loadEngineSettings(settings).models.expert.imageSize, 512);
        settings.setValue("engine/expertType", "medsam");
        QCOMPARE(mr::app::loadEngineSettings(settings).models.expert.imageSize, 0);
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
