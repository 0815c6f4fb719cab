// Writes a Qwen2.5-VL-7B-shaped model folder with random bfloat16 weights, laid out as the
// released checkpoint is (classic key names, shards of at most ~3.9 GB + model.safetensors.index.json,
// config.json of the 7B, generation and preprocessor configs), with the tokenizer files copied from
// a folder that has them (the tiny test fixture), and optionally a test image. For the full-size
// benchmark (benchmarks/qwen7b_end_to_end.sh); ~16.6 GB at full depth, so it goes to a temporary
// folder, never into the repository. Weights are random, so the model's text is gibberish: only
// speed and memory mean anything.
//
//   make_qwen_folder --out DIR --tokenizer-from DIR [--layers 28] [--vision-layers 32]
//                    [--image PATH.bmp --image-size 840] [--seed 0]
#include <torch/torch.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "engine/core/files.h"
#include "engine/core/json.h"
#include "engine/nn/safetensors.h"
#include "engine/reason/qwen/config.h"
#include "engine/reason/qwen/weights.h"

namespace fs = std::filesystem;
namespace q = mr::reason::qwen;
using mr::json::Value;

namespace {

constexpr uint64_t kShardBytes = 3900000000ull;  // the released 7B's shards are 3.9 GB and less

// config.json of Qwen2.5-VL-7B-Instruct (vocabulary, sizes, special ids), with the depths asked for.
Value config7b(int layers, int visionLayers) {
    Value v = Value::object();
    v.set("depth", visionLayers);
    v.set("hidden_act", "silu");
    v.set("hidden_size", 1280);
    v.set("intermediate_size", 3420);
    v.set("num_heads", 16);
    v.set("in_chans", 3);
    v.set("out_hidden_size", 3584);
    v.set("patch_size", 14);
    v.set("spatial_merge_size", 2);
    v.set("spatial_patch_size", 14);
    v.set("window_size", 112);
    Value full = Value::array();
    for (int i = 7; i < visionLayers; i += 8) full.push_back(i);
    v.set("fullatt_block_indexes", full);
    v.set("tokens_per_second", 2);
    v.set("temporal_patch_size", 2);
    Value rope = Value::object();
    rope.set("type", "mrope");
    rope.set("mrope_section", Value(mr::json::Array{16, 24, 24}));
    Value c = Value::object();
    c.set("architectures", Value(mr::json::Array{"Qwen2_5_VLForConditionalGeneration"}));
    for (auto [k, id] : {std::pair{"bos_token_id", 151643},
                         {"eos_token_id", 151645},
                         {"vision_start_token_id", 151652},
                         {"vision_end_token_id", 151653},
                         {"vision_token_id", 151654},
                         {"image_token_id", 151655},
                         {"video_token_id", 151656}})
        c.set(k, id);
    c.set("hidden_act", "silu");
    c.set("hidden_size", 3584);
    c.set("intermediate_size", 18944);
    c.set("max_position_embeddings", 128000);
    c.set("max_window_layers", 28);
    c.set("model_type", "qwen2_5_vl");
    c.set("num_attention_heads", 28);
    c.set("num_hidden_layers", layers);
    c.set("num_key_value_heads", 4);
    c.set("rms_norm_eps", 1e-6);
    c.set("rope_theta", 1000000.0);
    c.set("sliding_window", 32768);
    c.set("tie_word_embeddings", false);
    c.set("torch_dtype", "bfloat16");
    c.set("use_cache", true);
    c.set("use_sliding_window", false);
    c.set("vision_config", v);
    c.set("rope_scaling", rope);
    c.set("vocab_size", 152064);
    return c;
}

// Random values a trained model's weights resemble in scale: norms 1, biases small, matrices
// uniform with standard deviation 1/sqrt(fan_in) (so activations stay finite through 28 layers).
at::Tensor randomWeight(const std::string& name, const std::vector<int64_t>& shape) {
    const bool norm = name.find("norm") != std::string::npos || name.find("ln_q") != std::string::npos;
    if (norm) return at::ones(shape, at::kBFloat16);
    if (shape.size() == 1) return at::empty(shape, at::kFloat).uniform_(-0.02, 0.02).to(at::kBFloat16);
    int64_t fanIn = 1;
    for (size_t i = 1; i < shape.size(); ++i) fanIn *= shape[i];
    const double a = name.find("embed_tokens") != std::string::npos ? 0.05 : std::sqrt(3.0 / double(fanIn));
    return at::empty(shape, at::kFloat).uniform_(-a, a).to(at::kBFloat16);
}

uint64_t bytesOf(const std::vector<int64_t>& shape) {
    uint64_t n = 2;
    for (int64_t d : shape) n *= uint64_t(d);
    return n;
}

void writeShards(const std::string& out, const q::ModelConfig& config) {
    const auto layout = q::checkpointLayout(config);
    std::vector<std::vector<size_t>> shards(1);
    uint64_t size = 0, total = 0;
    for (size_t i = 0; i < layout.size(); ++i) {
        const uint64_t b = bytesOf(layout[i].second);
        if (size > 0 && size + b > kShardBytes) {
            shards.emplace_back();
            size = 0;
        }
        shards.back().push_back(i);
        size += b;
        total += b;
    }
    Value map = Value::object();
    for (size_t s = 0; s < shards.size(); ++s) {
        char name[64];
        std::snprintf(name, sizeof name, "model-%05zu-of-%05zu.safetensors", s + 1, shards.size());
        std::vector<mr::nn::SafeTensorsWriter::Entry> entries;
        for (size_t i : shards[s]) {
            entries.push_back({layout[i].first, at::kBFloat16, layout[i].second});
            map.set(layout[i].first, name);
        }
        mr::nn::SafeTensorsWriter w(out + "/" + name, entries, {{"format", "pt"}});
        for (size_t i : shards[s]) w.write(randomWeight(layout[i].first, layout[i].second));
        w.commit();
        std::cerr << "wrote " << name << " (" << entries.size() << " tensors)\n";
    }
    Value meta = Value::object();
    meta.set("total_size", total);
    Value index = Value::object();
    index.set("metadata", meta);
    index.set("weight_map", map);
    mr::writeFileAtomic(out + "/model.safetensors.index.json", mr::json::dump(index, 2));
}

// A 24-bit BMP: a soft gradient with a bright round "lesion", so the image is not trivial.
void writeImage(const std::string& path, int size) {
    const int row = (3 * size + 3) / 4 * 4;
    std::string data(size_t(54 + row * size), '\0');
    auto put32 = [&](size_t at, uint32_t v) {
        for (int i = 0; i < 4; ++i) data[at + size_t(i)] = char((v >> (8 * i)) & 0xFF);
    };
    data[0] = 'B';
    data[1] = 'M';
    put32(2, uint32_t(data.size()));
    put32(10, 54);
    put32(14, 40);
    put32(18, uint32_t(size));
    put32(22, uint32_t(size));
    data[26] = 1;
    data[28] = 24;
    put32(34, uint32_t(row * size));
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
            const double dx = x - 0.6 * size, dy = y - 0.4 * size;
            const bool lesion = dx * dx + dy * dy < 0.01 * size * size;
            const int g = lesion ? 230 : 40 + (x + y) * 120 / (2 * size);
            for (int c = 0; c < 3; ++c) data[size_t(54 + y * row + 3 * x + c)] = char(g);
        }
    mr::writeFileAtomic(path, data);
}

int usage() {
    std::cerr << "usage: make_qwen_folder --out DIR --tokenizer-from DIR [--layers 28] [--vision-layers 32]\n"
                 "                        [--image PATH.bmp --image-size 840] [--seed 0]\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    std::string out, tokenizerFrom, image;
    int layers = 28, visionLayers = 32, imageSize = 840, seed = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (i + 1 >= argc) return usage();
        const std::string v = argv[++i];
        if (a == "--out") out = v;
        else if (a == "--tokenizer-from") tokenizerFrom = v;
        else if (a == "--layers") layers = std::atoi(v.c_str());
        else if (a == "--vision-layers") visionLayers = std::atoi(v.c_str());
        else if (a == "--image") image = v;
        else if (a == "--image-size") imageSize = std::atoi(v.c_str());
        else if (a == "--seed") seed = std::atoi(v.c_str());
        else return usage();
    }
    if (out.empty() || tokenizerFrom.empty() || layers < 1 || visionLayers < 1 || imageSize < 28) return usage();
    try {
        c10::InferenceMode inference;
        at::manual_seed(seed);
        fs::create_directories(out);
        mr::writeFileAtomic(out + "/config.json", mr::json::dump(config7b(layers, visionLayers), 2));
        for (const char* f : {"generation_config.json", "preprocessor_config.json", "vocab.json", "merges.txt",
                              "tokenizer_config.json", "chat_template.json"})
            fs::copy_file(fs::path(tokenizerFrom) / f, fs::path(out) / f, fs::copy_options::overwrite_existing);
        writeShards(out, q::ModelConfig::load(out));
        if (!image.empty()) writeImage(image, imageSize);
    } catch (const std::exception& e) {
        std::cerr << "make_qwen_folder: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
