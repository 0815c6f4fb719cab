#pragma once
// `medreasoner serve` in-process for GUI tests: a reasoner (and the classical expert) served on a
// free loopback port, stopped when dropped; and engine settings that ask through it.
#include <QString>

#include <memory>
#include <string>

#include "engine/ground/grounding_pipeline.h"
#include "engine/segment/classical_expert.h"
#include "engine/serve/reasoner_server.h"
#include "engine/session/engine_settings.h"

namespace mr::test {

inline std::shared_ptr<mr::segment::SegmentationExpert> classicalExpert() {
    return std::shared_ptr<mr::segment::SegmentationExpert>(mr::segment::makeClassicalExpert());
}

struct ServedReasoner {
    std::unique_ptr<mr::serve::ReasonerServer> server;
    QString url;
    ServedReasoner(std::shared_ptr<mr::reason::Reasoner> reasoner, const std::string& name) {
        mr::serve::ServeOptions o;
        o.port = 0;
        o.modelName = name;
        o.log = [](const std::string&) {};
        server = std::make_unique<mr::serve::ReasonerServer>(
            std::make_shared<mr::ground::GroundingPipeline>(std::move(reasoner), classicalExpert()), o);
        url = QStringLiteral("http://127.0.0.1:%1/v1").arg(server->start());
    }
};

inline mr::session::EngineSettings askThroughServer(const QString& url, const QString& model) {
    mr::session::EngineSettings s;
    s.models.reasoner.source = mr::ground::ReasonerSource::Server;
    s.models.reasoner.server.baseUrl = url.toStdString();
    s.models.reasoner.server.model = model.toStdString();
    s.ask.maxNewTokens = 20;
    return s;
}

}  // namespace mr::test
