// SAM 2.1 / MedSAM2 architecture numbers from tensor shapes and a config file, the way
// loadSam2Model reads them. The input is JSON: {"shapes": {"<key>": [dims...]}, "config": {...}}
// (the checkpoint's tensors and the config beside it), or a config file alone. Whatever is accepted
// must validate and list the weights it expects.
#include "engine/core/json.h"
#include "engine/segment/sam2/sam2_config.h"
#include "engine/segment/sam2/sam2_weights.h"
#include "tests/fuzz/model_config_fuzz.h"

using namespace mr::segment::sam2;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        const mr::json::Value root = mr::json::parse(std::string_view(reinterpret_cast<const char*>(data), size));
        Sam2Config config;
        if (const mr::json::Value* shapesJson = root.find("shapes"); shapesJson && shapesJson->isObject()) {
            const ShapeMap shapes = mr::fuzz::shapesFromJson(*shapesJson);
            const mr::json::Value* file = root.find("config");
            config = Sam2Config::fromShapes(shapes, file ? findSam2ModelSection(*file) : nullptr);
        } else if (const mr::json::Value* model = findSam2ModelSection(root)) {
            config.applyModelJson(*model);
        }
        config.validate();
        sam2WeightShapes(config);
    } catch (const mr::Error&) {}
    return 0;
}
