#include "app/engine_settings_store.h"

#include <QRegularExpression>
#include <QSettings>

#include <cmath>
#include <optional>

namespace mr::app {

namespace {

QString oneOf(const QVariant& value, const QStringList& allowed, const QString& fallback) {
    const QString s = value.toString().trimmed().toLower();
    return allowed.contains(s) ? s : fallback;
}

std::string text(QSettings& s, const char* key, const std::string& fallback) {
    return s.value(QLatin1String(key), QString::fromStdString(fallback)).toString().toStdString();
}

// A number in (lo, hi]; else nothing (the key is missing, "default", or out of range).
std::optional<double> readNumber(QSettings& s, const char* key, double lo, double hi) {
    bool ok = false;
    const double d = s.value(QLatin1String(key)).toDouble(&ok);
    if (ok && std::isfinite(d) && d > lo && d <= hi) return d;
    return std::nullopt;
}

}  // namespace

mr::session::EngineSettings loadEngineSettings(QSettings& s) {
    mr::session::EngineSettings e;
    auto& r = e.models.reasoner;
    auto& x = e.models.expert;
    s.beginGroup(QStringLiteral("engine"));
    r.source = mr::ground::parseReasonerSource(
        oneOf(s.value(QStringLiteral("reasonerSource")), {"folder", "server"}, "folder").toStdString());
    r.folder = text(s, "reasonerFolder", r.folder);
    r.server.baseUrl = text(s, "serverUrl", "");
    r.server.model = text(s, "serverModel", "");
    r.server.apiKeyEnv = text(s, "apiKeyEnv", "");
    r.server.apiKeyFile = text(s, "apiKeyFile", "");
    if (auto t = readNumber(s, "connectTimeout", 0, 86400)) r.server.connectTimeoutSeconds = *t;
    if (auto t = readNumber(s, "idleTimeout", 0, 86400)) r.server.idleTimeoutSeconds = *t;
    const QString type =
        oneOf(s.value(QStringLiteral("expertType")), {"classical", "sam", "medsam", "medsam2"}, "classical");
    x.type = mr::ground::parseExpertType(type.toStdString());
    x.checkpoint = text(s, "expertCheckpoint", x.checkpoint);
    // MedSAM2's input size: 512 or 1024; anything else (or another expert) means the checkpoint's.
    const int size = s.value(QStringLiteral("expertImageSize"), 0).toInt();
    x.imageSize = x.type == mr::ground::ExpertType::MedSam2 && (size == 512 || size == 1024) ? size : 0;
    // A particular GPU ("cuda:1") is kept as it is.
    static const QRegularExpression cudaIndex(QStringLiteral("^cuda:\\d+$"));
    const QString device = s.value(QStringLiteral("device"), "auto").toString().trimmed().toLower();
    r.device = x.device =
        (cudaIndex.match(device).hasMatch() ? device : oneOf(device, {"auto", "cpu", "cuda"}, "auto")).toStdString();
    r.dtype = oneOf(s.value(QStringLiteral("dtype")), {"auto", "float32", "bfloat16", "float16", "int8"}, "auto")
                  .toStdString();
    // The expert runs float32 on the CPU; it follows float16 alone, on a GPU.
    x.dtype = r.dtype == "float16" ? "float16" : "auto";
    e.promptTemplateFile = text(s, "promptTemplateFile", "");
    e.ask.think = s.value(QStringLiteral("think"), true).toBool();
    if (s.value(QStringLiteral("customSystemMessage"), false).toBool())
        e.ask.systemMessage = text(s, "systemMessage", "");
    if (auto n = readNumber(s, "maxNewTokens", 0, 32768)) e.ask.maxNewTokens = int64_t(*n);
    e.ask.doSample = s.value(QStringLiteral("doSample"), false).toBool();
    // Unset sampling values come from the model's generation_config.json.
    e.ask.temperature = readNumber(s, "temperature", 0, 5);
    e.ask.topP = readNumber(s, "topP", 0, 1);
    if (auto k = readNumber(s, "topK", -1, 100000)) e.ask.topK = int64_t(*k);
    e.ask.repetitionPenalty = readNumber(s, "repetitionPenalty", 0, 10);
    if (auto seed = readNumber(s, "seed", -1, 9.0e15)) e.ask.seed = uint64_t(*seed);
    s.endGroup();
    return e;
}

void saveEngineSettings(QSettings& s, const mr::session::EngineSettings& e) {
    s.beginGroup(QStringLiteral("engine"));
    const auto& r = e.models.reasoner;
    s.setValue(QStringLiteral("reasonerSource"), QString::fromLatin1(mr::ground::reasonerSourceName(r.source)));
    s.setValue(QStringLiteral("reasonerFolder"), QString::fromStdString(r.folder));
    // Where the API key is, never the key.
    s.setValue(QStringLiteral("serverUrl"), QString::fromStdString(r.server.baseUrl));
    s.setValue(QStringLiteral("serverModel"), QString::fromStdString(r.server.model));
    s.setValue(QStringLiteral("apiKeyEnv"), QString::fromStdString(r.server.apiKeyEnv));
    s.setValue(QStringLiteral("apiKeyFile"), QString::fromStdString(r.server.apiKeyFile));
    s.setValue(QStringLiteral("connectTimeout"), r.server.connectTimeoutSeconds);
    s.setValue(QStringLiteral("idleTimeout"), r.server.idleTimeoutSeconds);
    s.setValue(QStringLiteral("expertType"), QString::fromLatin1(mr::ground::expertTypeName(e.models.expert.type)));
    s.setValue(QStringLiteral("expertCheckpoint"), QString::fromStdString(e.models.expert.checkpoint));
    s.setValue(QStringLiteral("expertImageSize"), e.models.expert.imageSize);
    s.setValue(QStringLiteral("device"), QString::fromStdString(e.models.reasoner.device));
    s.setValue(QStringLiteral("dtype"), QString::fromStdString(e.models.reasoner.dtype));
    s.setValue(QStringLiteral("promptTemplateFile"), QString::fromStdString(e.promptTemplateFile));
    s.setValue(QStringLiteral("think"), e.ask.think);
    s.setValue(QStringLiteral("customSystemMessage"), e.ask.systemMessage.has_value());
    s.setValue(QStringLiteral("systemMessage"), QString::fromStdString(e.ask.systemMessage.value_or("")));
    s.setValue(QStringLiteral("maxNewTokens"), qint64(e.ask.maxNewTokens));
    s.setValue(QStringLiteral("doSample"), e.ask.doSample);
    // "default" (no number) stands for a value left to the model's generation_config.json.
    auto number = [](const auto& v) { return v ? QVariant(double(*v)) : QVariant(QStringLiteral("default")); };
    s.setValue(QStringLiteral("temperature"), number(e.ask.temperature));
    s.setValue(QStringLiteral("topP"), number(e.ask.topP));
    s.setValue(QStringLiteral("topK"), number(e.ask.topK));
    s.setValue(QStringLiteral("repetitionPenalty"), number(e.ask.repetitionPenalty));
    s.setValue(QStringLiteral("seed"), number(e.ask.seed));
    s.endGroup();
}

}  // namespace mr::app
