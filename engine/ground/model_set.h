#pragma once
// Which models the grounding pipeline uses, how to check the user's choices before loading
// gigabytes, and the loaded pair. Standard library only (the Reasoner and SegmentationExpert
// interfaces), so the GUI's settings dialog can include it.
#include <memory>
#include <string>
#include <vector>

#include "engine/core/cancel.h"
#include "engine/core/error.h"
#include "engine/reason/reasoner.h"
#include "engine/segment/segmentation_expert.h"
#include "engine/serve/remote_settings.h"

namespace mr::ground {

// Thrown when settings cannot be used; what() lists every problem, one per line after the first.
class ModelSettingsError : public mr::Error {
public:
    ModelSettingsError(const std::string& what, std::vector<std::string> problems);
    const std::vector<std::string>& problems() const { return problems_; }

private:
    std::vector<std::string> problems_;
};

enum class ExpertType { Classical, Sam, MedSam, MedSam2 };
const char* expertTypeName(ExpertType type);  // "classical", "sam", "medsam", "medsam2"
// "classical", "sam", "medsam", "medsam2" (case-insensitive); throws ModelSettingsError otherwise.
ExpertType parseExpertType(const std::string& text);
// Whether the reasoner's box and points go to this expert with multimask on (best score kept):
// MedReasoner's infer.py calls MedSAM2 that way; the SAM and MedSAM paths ask for one mask.
inline bool answerPromptsUseMultimask(ExpertType type) { return type == ExpertType::MedSam2; }

// Where the reasoner runs: a model folder loaded here, or an OpenAI-compatible server.
enum class ReasonerSource { Folder, Server };
const char* reasonerSourceName(ReasonerSource source);  // "folder", "server"
// "folder", "server" (case-insensitive); throws ModelSettingsError otherwise.
ReasonerSource parseReasonerSource(const std::string& text);

struct ReasonerSettings {
    ReasonerSource source = ReasonerSource::Folder;
    std::string folder;           // a Hugging Face Qwen2.5-VL folder; empty: no reasoner
    std::string device = "auto";  // auto, cpu, cuda, cuda:N
    std::string dtype = "auto";   // auto, float32, bfloat16, float16, int8 (see reason::ReasonerLoadOptions)
    bool cacheInt8 = false;       // int8: keep the quantized weights beside the model for later loads
    bool checkMemory = true;
    serve::RemoteReasonerSettings server;  // Server: URL, model name, API key source, timeouts
};

struct ExpertSettings {
    ExpertType type = ExpertType::Classical;
    std::string checkpoint;       // .safetensors / .pth / .pt for SAM, MedSAM, MedSAM2; unused for classical
    std::string device = "auto";  // auto, cpu, cuda, cuda:N
    std::string dtype = "auto";   // auto / float32, or float16 (CUDA only; CPU always runs float32)
    // MedSAM2: 0 = the checkpoint config's size (MedSAM2: 512, as trained); 1024 = MedReasoner's
    // own call path (its yaml says 1024 for the same weights).
    int imageSize = 0;
};

struct ModelSettings {
    ReasonerSettings reasoner;
    ExpertSettings expert;
    // A folder is set, or a server is chosen (whose settings validation checks).
    bool hasReasoner() const { return reasoner.source == ReasonerSource::Server || !reasoner.folder.empty(); }
};

// What is missing or wrong in a reasoner folder, one short sentence per problem; empty when it
// looks loadable. Checks: the folder exists; config.json exists, parses, has a vision_config;
// weights (*.safetensors; every shard a model.safetensors.index.json names); the tokenizer
// (vocab.json + merges.txt, or tokenizer.json). Reads no weights. Never throws.
std::vector<std::string> validateReasonerFolder(const std::string& dir);

// Problems of the expert choice: a SAM/MedSAM/MedSAM2 checkpoint that is missing, not a file or
// not .safetensors/.pth/.pt; a device, dtype or MedSAM2 image size that is not understood. Never throws.
std::vector<std::string> validateExpertSettings(const ExpertSettings& settings);

// The reasoner's problems: the folder's (validateReasonerFolder) with its device and dtype, or the
// server settings' (serve::validateRemoteSettings). Never throws.
std::vector<std::string> validateReasonerSettings(const ReasonerSettings& settings);

// Both of the above (reasoner problems prefixed "reasoner: ", expert ones "expert: "); the reasoner
// is only checked when one is configured. Never throws.
std::vector<std::string> validateModelSettings(const ModelSettings& settings);

// The loaded models. Either may be null (no reasoner configured: manual prompting only).
struct ModelSet {
    std::shared_ptr<reason::Reasoner> reasoner;
    std::shared_ptr<segment::SegmentationExpert> expert;
    std::string reasonerDescription, expertDescription;
    reason::ReasonerLoadReport reasonerLoad;  // the dtype chosen and why, load time, memory
};

// Validates (throws ModelSettingsError listing every problem), then loads the expert and the
// reasoner (when configured; a server is asked whether it serves the model, see
// serve::RemoteReasoner::connect, and throws serve::RemoteError when not). Progress covers both; mr::Cancelled when cancelled; load failures are
// mr::Error subclasses naming the file.
ModelSet loadModelSet(const ModelSettings& settings, const mr::ProgressFn& progress = {},
                      const mr::CancelToken& cancel = {});

// Loads only the expert (the classical one needs no file).
std::shared_ptr<segment::SegmentationExpert> loadExpert(const ExpertSettings& settings);

}  // namespace mr::ground
