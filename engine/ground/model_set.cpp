#include "engine/ground/model_set.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <regex>

#include "engine/core/json.h"
#include "engine/reason/qwen_reasoner.h"
#include "engine/segment/classical_expert.h"
#include "engine/segment/sam2/sam2_expert.h"
#include "engine/serve/remote_reasoner.h"

namespace fs = std::filesystem;

namespace mr::ground {

namespace {

std::string joinProblems(const std::string& head, const std::vector<std::string>& problems) {
    std::string s = head;
    for (const auto& p : problems) s += "\n  - " + p;
    return s;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

bool isDevice(const std::string& d) {
    static const std::regex re("auto|cpu|cuda(:[0-9]+)?");
    return std::regex_match(d, re);
}

bool isFile(const fs::path& p) {
    std::error_code ec;
    return fs::is_regular_file(p, ec);
}

}  // namespace

ModelSettingsError::ModelSettingsError(const std::string& what, std::vector<std::string> problems)
    : mr::Error(joinProblems(what, problems)), problems_(std::move(problems)) {}

const char* expertTypeName(ExpertType type) {
    switch (type) {
        case ExpertType::Classical: return "classical";
        case ExpertType::Sam: return "sam";
        case ExpertType::MedSam: return "medsam";
        case ExpertType::MedSam2: return "medsam2";
    }
    return "?";
}

ExpertType parseExpertType(const std::string& text) {
    const std::string t = lower(text);
    if (t == "classical") return ExpertType::Classical;
    if (t == "sam") return ExpertType::Sam;
    if (t == "medsam") return ExpertType::MedSam;
    if (t == "medsam2") return ExpertType::MedSam2;
    throw ModelSettingsError("unknown expert type '" + text + "'",
                             {"expert type must be sam, medsam, medsam2 or classical"});
}

const char* reasonerSourceName(ReasonerSource source) { return source == ReasonerSource::Server ? "server" : "folder"; }

ReasonerSource parseReasonerSource(const std::string& text) {
    const std::string t = lower(text);
    if (t == "folder") return ReasonerSource::Folder;
    if (t == "server") return ReasonerSource::Server;
    throw ModelSettingsError("unknown reasoner source '" + text + "'",
                             {"the reasoner source must be folder or server"});
}

std::vector<std::string> validateReasonerFolder(const std::string& dir) {
    std::vector<std::string> problems;
    std::error_code ec;
    if (dir.empty()) return {"no folder chosen"};
    if (!fs::exists(dir, ec)) return {dir + ": folder does not exist"};
    if (!fs::is_directory(dir, ec)) return {dir + ": not a folder"};
    const fs::path d(dir);

    // config.json: present, JSON, a vision-language model.
    const fs::path config = d / "config.json";
    if (!isFile(config)) {
        problems.push_back("config.json missing");
    } else {
        try {
            const auto v = mr::json::parseFile(config.string());
            if (!v.isObject()) problems.push_back("config.json: not a JSON object");
            else if (!v.contains("vision_config"))
                problems.push_back("config.json: no vision_config (not a Qwen2.5-VL vision-language model)");
        } catch (const std::exception& e) {
            problems.push_back(std::string("config.json: not valid JSON (") + e.what() + ")");
        }
    }

    // Weights: *.safetensors, and every shard the index names.
    bool anySafetensors = false;
    for (const auto& entry : fs::directory_iterator(d, ec))
        if (entry.path().extension() == ".safetensors" && isFile(entry.path())) anySafetensors = true;
    const fs::path index = d / "model.safetensors.index.json";
    if (isFile(index)) {
        try {
            const auto v = mr::json::parseFile(index.string());
            const auto* map = v.find("weight_map");
            if (!map || !map->isObject()) {
                problems.push_back("model.safetensors.index.json: no weight_map");
            } else {
                std::vector<std::string> shards;
                for (const auto& [key, file] : map->items())
                    if (file.isString() && std::find(shards.begin(), shards.end(), file.asString()) == shards.end())
                        shards.push_back(file.asString());
                for (const auto& s : shards)
                    if (!isFile(d / s)) problems.push_back(s + " missing (listed in model.safetensors.index.json)");
            }
        } catch (const std::exception& e) {
            problems.push_back(std::string("model.safetensors.index.json: not valid JSON (") + e.what() + ")");
        }
    } else if (!anySafetensors) {
        problems.push_back("no *.safetensors (the model weights)");
    }

    // Tokenizer: slow files or tokenizer.json.
    const bool vocab = isFile(d / "vocab.json"), merges = isFile(d / "merges.txt"), fast = isFile(d / "tokenizer.json");
    if (!fast && !(vocab && merges)) {
        if (vocab && !merges)
            problems.push_back("tokenizer: merges.txt missing (vocab.json present) and no tokenizer.json");
        else if (merges && !vocab)
            problems.push_back("tokenizer: vocab.json missing (merges.txt present) and no tokenizer.json");
        else problems.push_back("tokenizer: vocab.json+merges.txt or tokenizer.json missing");
    }
    return problems;
}

std::vector<std::string> validateExpertSettings(const ExpertSettings& s) {
    std::vector<std::string> problems;
    if (s.type == ExpertType::Classical) return problems;  // needs no file, runs on the CPU
    const std::string what = s.type == ExpertType::Sam ? "SAM" : s.type == ExpertType::MedSam ? "MedSAM" : "MedSAM2";
    std::error_code ec;
    if (s.checkpoint.empty()) {
        problems.push_back("no " + what + " checkpoint chosen (.safetensors or .pth)");
    } else if (!fs::exists(s.checkpoint, ec)) {
        problems.push_back(s.checkpoint + ": file does not exist");
    } else if (!fs::is_regular_file(s.checkpoint, ec)) {
        problems.push_back(s.checkpoint + ": not a file");
    } else {
        const std::string ext = lower(fs::path(s.checkpoint).extension().string());
        if (ext != ".safetensors" && ext != ".pth" && ext != ".pt")
            problems.push_back(s.checkpoint + ": not a .safetensors or .pth checkpoint");
    }
    if (!isDevice(s.device)) problems.push_back("device '" + s.device + "' is not auto, cpu, cuda or cuda:N");
    const std::string dt = lower(s.dtype);
    if (dt != "auto" && dt != "float32" && dt != "float16" && dt != "half")
        problems.push_back("dtype '" + s.dtype + "': the " + what + " expert runs float32 or float16");
    const bool badSize = s.imageSize < 64 || s.imageSize > 4096 || s.imageSize % 32 != 0;
    if (s.imageSize != 0 && (s.type != ExpertType::MedSam2 || badSize))
        problems.push_back("image size " + std::to_string(s.imageSize) +
                           ": only MedSAM2 takes one, a multiple of 32 (512 as trained, 1024 as MedReasoner runs it)");
    return problems;
}

std::vector<std::string> validateReasonerSettings(const ReasonerSettings& r) {
    if (r.source == ReasonerSource::Server) return serve::validateRemoteSettings(r.server);
    std::vector<std::string> problems = validateReasonerFolder(r.folder);
    if (!isDevice(r.device)) problems.push_back("device '" + r.device + "' is not auto, cpu, cuda or cuda:N");
    const std::string dt = lower(r.dtype);
    if (dt != "auto" && dt != "float32" && dt != "bfloat16" && dt != "float16" && dt != "int8")
        problems.push_back("dtype '" + r.dtype + "' is not auto, float32, bfloat16, float16 or int8");
    if (dt == "int8" && lower(r.device).rfind("cuda", 0) == 0)
        problems.push_back("int8 weights run on the CPU only (choose bfloat16 or float16 for CUDA)");
    return problems;
}

std::vector<std::string> validateModelSettings(const ModelSettings& settings) {
    std::vector<std::string> problems;
    if (settings.hasReasoner())
        for (const auto& p : validateReasonerSettings(settings.reasoner)) problems.push_back("reasoner: " + p);
    for (const auto& p : validateExpertSettings(settings.expert)) problems.push_back("expert: " + p);
    return problems;
}

std::shared_ptr<segment::SegmentationExpert> loadExpert(const ExpertSettings& s) {
    if (auto problems = validateExpertSettings(s); !problems.empty())
        throw ModelSettingsError("the segmentation expert cannot be loaded:", problems);
    if (s.type == ExpertType::Classical)
        return std::shared_ptr<segment::SegmentationExpert>(segment::makeClassicalExpert());
    nn::DeviceChoice device = nn::parseDeviceChoice(s.device);
    const std::string dt = lower(s.dtype);
    device.halfOnGpu = dt == "float16" || dt == "half";
    if (s.type == ExpertType::MedSam2) {
        segment::sam2::Sam2LoadOptions options;
        options.imageSize = s.imageSize;
        options.device = device;
        return std::shared_ptr<segment::SegmentationExpert>(segment::sam2::loadMedSam2Expert(s.checkpoint, options));
    }
    return std::shared_ptr<segment::SegmentationExpert>(segment::loadSamExpert(
        s.checkpoint, s.type == ExpertType::Sam ? segment::SamVariant::Sam : segment::SamVariant::MedSam, device));
}

ModelSet loadModelSet(const ModelSettings& settings, const mr::ProgressFn& progress, const mr::CancelToken& cancel) {
    if (auto problems = validateModelSettings(settings); !problems.empty())
        throw ModelSettingsError("the model settings cannot be used:", problems);
    ModelSet set;
    cancel.check();
    if (progress) progress(0.0, "loading the segmentation expert");
    set.expert = loadExpert(settings.expert);
    set.expertDescription = set.expert->name();
    if (settings.expert.type != ExpertType::Classical) set.expertDescription += " " + settings.expert.checkpoint;
    cancel.check();
    if (settings.hasReasoner() && settings.reasoner.source == ReasonerSource::Server) {
        if (progress) progress(0.5, "connecting to the reasoner server");
        auto remote = std::make_shared<serve::RemoteReasoner>(settings.reasoner.server);
        remote->connect(cancel);
        set.reasoner = remote;
        set.reasonerDescription = set.reasoner->description();
    } else if (settings.hasReasoner()) {
        reason::ReasonerLoadOptions lo;
        lo.device = settings.reasoner.device;
        lo.dtype = lower(settings.reasoner.dtype);
        lo.checkMemory = settings.reasoner.checkMemory;
        lo.cacheInt8 = settings.reasoner.cacheInt8;
        lo.cancel = cancel;
        if (progress) lo.progress = [&](double f, std::string_view what) { progress(0.1 + 0.9 * f, what); };
        set.reasoner = std::shared_ptr<reason::Reasoner>(reason::QwenReasoner::load(settings.reasoner.folder, lo));
        set.reasonerDescription = set.reasoner->description();
        set.reasonerLoad = set.reasoner->loadReport();
    }
    if (progress) progress(1.0, "models loaded");
    return set;
}

}  // namespace mr::ground
