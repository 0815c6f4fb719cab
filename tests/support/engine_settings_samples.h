#pragma once
// Engine settings with every field away from its default, shared by the tests of their QSettings
// mapping (tests/app) and of the Engine Settings dialog (tests/widgets).
#include "engine/session/engine_settings.h"

namespace mr::test {

// A local MedReasoner-7B on CUDA with MedSAM, sampling with explicit values, no think.
inline mr::session::EngineSettings sampleEngineSettings() {
    mr::session::EngineSettings s;
    s.models.reasoner.folder = "/models/MedReasoner-7B";
    s.models.expert.type = mr::ground::ExpertType::MedSam;
    s.models.expert.checkpoint = "/models/medsam_vit_b.pth";
    s.models.reasoner.device = s.models.expert.device = "cuda";
    s.models.reasoner.dtype = "bfloat16";
    s.ask.maxNewTokens = 768;
    s.ask.doSample = true;
    s.ask.temperature = 0.35;
    s.ask.topP = 0.8;
    s.ask.topK = 20;
    s.ask.seed = 1234;
    s.ask.think = false;
    return s;
}

// The same, asking a reasoner server (its API key named by an environment variable).
inline mr::session::EngineSettings sampleServerSettings() {
    mr::session::EngineSettings s = sampleEngineSettings();
    auto& remote = s.models.reasoner.server;
    s.models.reasoner.source = mr::ground::ReasonerSource::Server;
    remote.baseUrl = "http://gpu-server:8000/v1";
    remote.model = "MedReasoner-7B";
    remote.apiKeyEnv = "MEDREASONER_API_KEY";
    remote.connectTimeoutSeconds = 5;
    remote.idleTimeoutSeconds = 90;
    return s;
}

}  // namespace mr::test
