// A Qwen2.5-VL folder's JSON configs: the same bytes as config.json, generation_config.json and
// preprocessor_config.json; what is accepted is then used the way loading a reasoner uses it
// (the image processor's resize of a small image, the vision window layout of its patch grid).
#include <string_view>
#include <vector>

#include "engine/core/json.h"
#include "engine/reason/preprocess/image_processor.h"
#include "engine/reason/qwen/config.h"
#include "engine/reason/qwen/vision_windows.h"
#include "tests/fuzz/fuzz_support.h"

using namespace mr::reason;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    mr::fuzz::limitMemory();
    torch::zeros({2}).sum();  // libtorch's lazily created globals, before leak checking starts
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    mr::json::Value root;
    try {
        root = mr::json::parse(std::string_view(reinterpret_cast<const char*>(data), size));
    } catch (const mr::Error&) {
        return 0;
    }
    std::optional<qwen::ModelConfig> model;
    try {
        model = qwen::ModelConfig::fromJson(root, "config.json");
    } catch (const mr::Error&) {}
    try {
        qwen::GenerationConfig::fromJson(root, "generation_config.json");
    } catch (const mr::Error&) {}
    try {
        const ImageProcessorConfig processor = ImageProcessorConfig::fromJson(root, "preprocessor_config.json");
        const std::vector<uint8_t> rgb(size_t(96) * 64 * 3, 128);
        const ProcessedImage image = processImage(rgb.data(), 96, 64, processor);
        image.numImageTokens(processor.mergeSize);
        if (model) qwen::computeVisionLayout({{image.gridT, image.gridH, image.gridW}}, model->vision);
    } catch (const mr::Error&) {}
    return 0;
}
