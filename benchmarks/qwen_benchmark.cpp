// Qwen2.5-VL speed with the 7B model's layer shapes but few layers, random weights built in
// memory (no files): the vision tower on a 448×448 image, prefill and decode throughput of the
// language model, and the cost of one decoder layer (prefill and decode) and one vision block
// (window and full attention), measured as the difference between the configured stack and an
// empty one (embedding, final norm, lm_head and merger only). From those, the full 7B (28 decoder
// layers, 32 vision blocks) is extrapolated. Asserts nothing.
//
//   qwen_benchmark [--device auto|cpu|cuda|cuda:N] [--dtype float32|bfloat16|float16] [--layers N]
//                  [--vision-layers N] [--prompt-tokens N] [--new-tokens N] [--runs N] [--threads N]
//   qwen_benchmark --folder DIR [--image-size 840] [--device D] [--dtype auto|...|int8] [--new-tokens N]
//
// With --folder, the real model path instead: a Hugging Face folder (e.g. the 7B-shaped one of
// make_qwen_folder) loaded as the reasoner loads it (dtype choice, zero-copy mapping or int8),
// then the vision tower on an image-size² picture of random pixels, the prefill of a prompt as
// long as the chat prompt for it, and greedy decoding; only the tokenizer and the image processor
// are left out (they are not in the model core). Prints load time, peak RSS, vision ms, prefill
// and decode tokens/s.
//
// The model core's own VisionTower and TextDecoder run here, on the same weight structs that
// QwenVLModel::load fills; QwenVLModel itself only loads from a folder, and a folder for these
// shapes would be gigabytes of random numbers on disk.
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iomanip>
#include <iostream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "benchmarks/machine_info.h"
#include "engine/core/process_memory.h"
#include "engine/reason/qwen/config.h"
#include "engine/reason/qwen/generation.h"
#include "engine/reason/qwen/precision.h"
#include "engine/reason/qwen/grid.h"
#include "engine/reason/qwen/kv_cache.h"
#include "engine/reason/qwen/model.h"
#include "engine/reason/qwen/text_decoder.h"
#include "engine/reason/qwen/vision_tower.h"
#include "engine/reason/qwen/weights.h"

namespace q = mr::reason::qwen;

namespace {

using Clock = std::chrono::steady_clock;

struct Bench {
    c10::Device device = c10::Device(c10::kCPU);
    at::ScalarType dtype = at::kFloat;
    int runs = 3;

    void sync() const {
        if (device.is_cuda()) torch::cuda::synchronize(device.index());
    }
    at::TensorOptions opts() const { return at::TensorOptions().device(device).dtype(dtype); }
    // Small uniform values: finite activations through the random layers.
    at::Tensor rand(std::vector<int64_t> shape, double scale = 0.02) const {
        return at::empty(shape, at::TensorOptions().device(device).dtype(at::kFloat)).uniform_(-scale, scale).to(dtype);
    }
    at::Tensor ones(int64_t n) const { return at::ones({n}, opts()); }
    q::Linear linear(int64_t out, int64_t in, bool bias) const {
        return q::Linear{rand({out, in}), bias ? rand({out}) : at::Tensor()};
    }
    // Median milliseconds of `runs` calls after one warm-up.
    double time(const std::function<void()>& f) const {
        f();
        sync();
        std::vector<double> ms;
        for (int i = 0; i < runs; ++i) {
            const auto t0 = Clock::now();
            f();
            sync();
            ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        }
        std::sort(ms.begin(), ms.end());
        return ms.size() % 2 ? ms[ms.size() / 2] : 0.5 * (ms[ms.size() / 2 - 1] + ms[ms.size() / 2]);
    }
};

q::VisionWeights visionWeights(const Bench& b, const q::VisionConfig& v, int blocks) {
    q::VisionWeights w;
    w.patchEmbed = b.rand({v.hiddenSize, v.patchDim()});
    for (int i = 0; i < blocks; ++i) {
        q::VisionBlockWeights k;
        k.norm1 = b.ones(v.hiddenSize);
        k.norm2 = b.ones(v.hiddenSize);
        k.qkv = b.linear(3 * v.hiddenSize, v.hiddenSize, true);
        k.proj = b.linear(v.hiddenSize, v.hiddenSize, true);
        k.gate = b.linear(v.intermediateSize, v.hiddenSize, true);
        k.up = b.linear(v.intermediateSize, v.hiddenSize, true);
        k.down = b.linear(v.hiddenSize, v.intermediateSize, true);
        w.blocks.push_back(k);
    }
    const int64_t merged = v.hiddenSize * v.mergeUnit();
    w.mergerNorm = b.ones(v.hiddenSize);
    w.mergerFc1 = b.linear(merged, merged, true);
    w.mergerFc2 = b.linear(v.outHiddenSize, merged, true);
    return w;
}

q::DecoderLayerWeights decoderLayer(const Bench& b, const q::TextConfig& t) {
    q::DecoderLayerWeights l;
    const int64_t qDim = t.numHeads * t.headDim, kvDim = t.numKeyValueHeads * t.headDim;
    l.inputNorm = b.ones(t.hiddenSize);
    l.postAttentionNorm = b.ones(t.hiddenSize);
    l.q = b.linear(qDim, t.hiddenSize, true);
    l.k = b.linear(kvDim, t.hiddenSize, true);
    l.v = b.linear(kvDim, t.hiddenSize, true);
    l.o = b.linear(t.hiddenSize, qDim, false);
    l.gate = b.linear(t.intermediateSize, t.hiddenSize, false);
    l.up = b.linear(t.intermediateSize, t.hiddenSize, false);
    l.down = b.linear(t.hiddenSize, t.intermediateSize, false);
    return l;
}

// Prefill (embed, decoder, logits of the last position) and greedy decode steps, like DecodeSession.
struct TextTimes {
    double prefillMs = 0, stepMs = 0;
};

TextTimes timeText(const Bench& b, const q::TextDecoder& dec, int promptTokens, int newTokens) {
    const int64_t vocab = dec.config().vocabSize;
    const at::Tensor ids = at::randint(0, vocab, {promptTokens}, at::kLong);
    const at::Tensor pos = at::arange(promptTokens, at::kLong).unsqueeze(0).expand({3, promptTokens}).contiguous();
    TextTimes t;
    q::KVCache cache = dec.newCache(promptTokens + newTokens + 1);
    t.prefillMs = b.time([&] {
        cache.clear();
        at::Tensor h = dec.forward(dec.embed(ids), pos, cache);
        (void)dec.logits(h[h.size(0) - 1]).argmax().item<int64_t>();
    });
    // Decode: median step time over newTokens greedy steps after one prefill.
    cache.clear();
    at::Tensor h = dec.forward(dec.embed(ids), pos, cache);
    int64_t token = dec.logits(h[h.size(0) - 1]).argmax().item<int64_t>();
    std::vector<double> ms;
    for (int i = 0; i < newTokens; ++i) {
        const auto t0 = Clock::now();
        const at::Tensor p = at::full({3, 1}, cache.length(), at::kLong);
        at::Tensor x = dec.forward(dec.embed(at::tensor({token}, at::kLong)), p, cache);
        token = dec.logits(x[0]).argmax().item<int64_t>();
        b.sync();
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    if (ms.size() > 1) ms.erase(ms.begin());  // first step: warm-up
    std::sort(ms.begin(), ms.end());
    t.stepMs = ms.empty() ? 0 : ms[ms.size() / 2];
    return t;
}

// The real path on a model folder (see the header comment).
int runFolder(const std::string& folder, const std::string& deviceText, const std::string& dtypeText, int imageSize,
              int newTokens) {
    const c10::Device device =
        q::parseDevice(deviceText == "auto" ? (torch::cuda::is_available() ? "cuda" : "cpu") : deviceText);
    const q::Precision precision = q::choosePrecision(dtypeText.empty() ? "auto" : dtypeText, device, folder);
    q::LoadOptions lo;
    lo.device = device;
    lo.dtype = precision.compute;
    lo.int8 = precision.int8;
    auto model = q::QwenVLModel::load(folder, lo);
    const q::ModelLoadReport& r = model->loadReport();
    std::cout << "folder:        " << folder << "\n"
              << "precision:     " << precision.name() << " (" << precision.reason << ") on " << device.str() << "\n"
              << "load:          " << r.loadMs << " ms; weights " << mr::formatGiB(r.weights.mappedBytes) << " mapped, "
              << mr::formatGiB(r.weights.privateBytes) << " in memory; peak RSS "
              << mr::formatGiB(mr::peakResidentBytes()) << "\n";
    if (!r.memoryNote.empty()) std::cout << "note:          " << r.memoryNote << "\n";

    const q::ModelConfig& c = model->config();
    const int64_t side = imageSize / (c.vision.patchSize * c.vision.spatialMergeSize) * c.vision.spatialMergeSize;
    q::Prompt prompt;
    prompt.grids = {q::GridTHW{1, side, side}};
    prompt.pixelValues = at::randn({side * side, c.vision.patchDim()});
    const int64_t imageTokens = side * side / c.vision.mergeUnit();
    // The chat prompt around the image: ~90 tokens before it and ~560 after (MedReasoner's instruction).
    for (int64_t i = 0; i < 90; ++i) prompt.ids.push_back(1000 + i);
    prompt.ids.push_back(c.visionStartTokenId);
    prompt.ids.insert(prompt.ids.end(), size_t(imageTokens), c.imageTokenId);
    prompt.ids.push_back(c.visionEndTokenId);
    for (int64_t i = 0; i < 560; ++i) prompt.ids.push_back(2000 + i);
    q::GenerationConfig g;
    g.maxNewTokens = newTokens;
    g.eosTokenIds = {};
    const q::GenerationResult gr = q::generate(*model, prompt, g);
    const double textPrefillMs = gr.prefillMs - gr.visionMs;
    std::cout << "image:         " << side * c.vision.patchSize << "x" << side * c.vision.patchSize << " ("
              << side * side << " patches, " << imageTokens << " image tokens); prompt " << gr.promptTokens
              << " tokens\n"
              << "vision tower:  " << gr.visionMs << " ms\n"
              << "prefill:       " << textPrefillMs << " ms = " << gr.promptTokens * 1000.0 / textPrefillMs
              << " tokens/s\n"
              << "decode:        " << gr.tokens.size() << " tokens at " << gr.decodeTokensPerSecond << " tokens/s\n"
              << "peak RSS:      " << mr::formatGiB(mr::peakResidentBytes()) << "\n";
    return 0;
}

void usage() {
    std::cerr << "usage: qwen_benchmark [--device auto|cpu|cuda|cuda:N] [--dtype float32|bfloat16|float16]\n"
                 "                      [--layers N] [--vision-layers N] [--prompt-tokens N] [--new-tokens N]\n"
                 "                      [--runs N] [--threads N]\n"
                 "       qwen_benchmark --folder DIR [--image-size 840] [--device D] [--dtype auto|...|int8]\n"
                 "                      [--new-tokens N] [--threads N]\n";
}

struct Options {
    std::string device = "auto", dtype;
    int layers = 2, visionLayers = 2, promptTokens = 256, newTokens = 16, runs = 3;
    int threads = int(std::max(1u, std::thread::hardware_concurrency()));
    std::string folder;
    int imageSize = 840;
};

// Exits with 0 after --help and 2 on a bad argument.
Options parseOptions(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) {
                usage();
                std::exit(2);
            }
            return argv[++i];
        };
        auto number = [&](int least) { return std::max(least, std::atoi(next().c_str())); };
        if (a == "--device") o.device = next();
        else if (a == "--dtype") o.dtype = next();
        else if (a == "--layers") o.layers = number(0);
        else if (a == "--vision-layers") o.visionLayers = number(0);
        else if (a == "--prompt-tokens") o.promptTokens = number(1);
        else if (a == "--new-tokens") o.newTokens = number(1);
        else if (a == "--runs") o.runs = number(1);
        else if (a == "--threads") o.threads = number(1);
        else if (a == "--folder") o.folder = next();
        else if (a == "--image-size") o.imageSize = number(28);
        else {
            usage();
            std::exit(a == "-h" || a == "--help" ? 0 : 2);
        }
    }
    return o;
}

Bench makeBench(const Options& o) {
    Bench b;
    b.runs = o.runs;
    const std::string deviceText = o.device == "auto" ? (torch::cuda::is_available() ? "cuda" : "cpu") : o.device;
    b.device = q::parseDevice(deviceText);
    if (b.device.is_cuda() && !torch::cuda::is_available())
        throw mr::Error("CUDA was requested but this libtorch build has no CUDA or no GPU is present");
    if (b.device.is_cuda() && !b.device.has_index()) b.device = c10::Device(c10::kCUDA, 0);
    b.dtype = o.dtype.empty() ? (b.device.is_cuda() ? at::kBFloat16 : at::kFloat) : q::parseDtype(o.dtype);
    return b;
}

// Qwen2.5-VL-7B's shapes (config.json of the released model), with few layers.
q::TextConfig text7b() {
    q::TextConfig t;
    t.vocabSize = 152064;
    t.hiddenSize = 3584;
    t.intermediateSize = 18944;
    t.numHeads = 28;
    t.numKeyValueHeads = 4;
    t.headDim = t.hiddenSize / t.numHeads;  // 128
    t.mropeSection = {16, 24, 24};
    t.ropeTheta = 1000000.0;
    t.maxPositionEmbeddings = 128000;
    return t;
}

q::VisionConfig vision7b() {
    q::VisionConfig v;
    v.hiddenSize = 1280;
    v.numHeads = 16;  // head dim 80, as in the released vision_config
    v.intermediateSize = 3420;
    v.outHiddenSize = 3584;
    v.windowSize = 112;
    return v;
}

constexpr int kFullLayers7b = 28, kFullBlocks7b = 32, kFullAttBlocks7b = 4;  // fullatt 7, 15, 23, 31

void printHeader(const Bench& b, const q::TextConfig& t, const q::VisionConfig& v, const Options& o) {
    std::cout << "Qwen2.5-VL benchmark (random weights; 7B layer shapes: text hidden " << t.hiddenSize << ", "
              << t.numHeads << " heads, " << t.numKeyValueHeads << " KV heads, intermediate " << t.intermediateSize
              << ", vocab " << t.vocabSize << "; vision hidden " << v.hiddenSize << ", " << v.numHeads
              << " heads, intermediate " << v.intermediateSize << ", out " << v.outHiddenSize << ")\n";
    std::cout << "device:        " << b.device.str() << " " << q::dtypeName(b.dtype) << "\n";
    std::cout << "threads:       " << at::get_num_threads() << " (hardware " << std::thread::hardware_concurrency()
              << "), interop " << at::get_num_interop_threads() << "\n";
    std::cout << "BLAS:          " << mr::bench::loadedBlas() << "\n";
    std::cout << "load average:  " << mr::bench::loadAverage() << " (before)\n";
    std::cout << "layers:        " << o.layers << " text, " << o.visionLayers << " vision; prompt " << o.promptTokens
              << " tokens, " << o.newTokens << " new tokens; median of " << o.runs << " runs after a warm-up\n"
              << std::fixed << std::setprecision(1);
    std::cout.flush();
}

// Vision tower: 448×448 → 32×32 patches (1024), 256 merged tokens.
void benchVision(const Bench& b, const q::VisionConfig& v, int visionLayers) {
    const std::vector<q::GridTHW> grids{{1, 448 / v.patchSize, 448 / v.patchSize}};
    const at::Tensor pixels = at::randn({grids[0].patches(), v.patchDim()}, at::kFloat);
    auto visionMs = [&](int blocks, bool allFull) {
        q::VisionConfig c = v;
        c.depth = blocks;
        if (allFull)
            for (int i = 0; i < blocks; ++i) c.fullAttBlockIndexes.push_back(i);
        q::VisionTower tower(c, visionWeights(b, c, blocks));
        return b.time([&] { (void)tower.forward(pixels, grids); });
    };
    const double v0 = visionMs(0, false);
    const double vWin = visionLayers > 0 ? visionMs(visionLayers, false) : v0;
    const double vFull = visionLayers > 0 ? visionMs(visionLayers, true) : v0;
    const double perWindowBlock = visionLayers > 0 ? (vWin - v0) / visionLayers : 0;
    const double perFullBlock = visionLayers > 0 ? (vFull - v0) / visionLayers : 0;
    std::cout << "vision tower, 448x448 (1024 patches -> 256 tokens):\n"
              << "  " << visionLayers << " window-attention blocks: " << vWin << " ms; " << visionLayers
              << " full-attention blocks: " << vFull << " ms; no blocks (patch embed + merger): " << v0 << " ms\n"
              << "  per block: window attention " << perWindowBlock << " ms, full attention " << perFullBlock << " ms\n"
              << "  7B tower estimate (" << kFullBlocks7b - kFullAttBlocks7b << " window + " << kFullAttBlocks7b
              << " full blocks): "
              << v0 + (kFullBlocks7b - kFullAttBlocks7b) * perWindowBlock + kFullAttBlocks7b * perFullBlock << " ms\n";
    std::cout.flush();
}

// Language model: the configured stack and an empty one sharing embedding/norm/lm_head.
void benchText(const Bench& b, const q::TextConfig& t, const Options& o) {
    const int layers = o.layers, promptTokens = o.promptTokens;
    q::TextWeights shared;
    shared.embedTokens = b.rand({t.vocabSize, t.hiddenSize});
    shared.lmHead = q::Linear{shared.embedTokens, {}, {}};  // tied: one 152064×3584 matrix in memory, same cost
    shared.norm = b.ones(t.hiddenSize);
    q::TextWeights full = shared;
    for (int i = 0; i < layers; ++i) full.layers.push_back(decoderLayer(b, t));
    q::TextConfig t0 = t, tn = t;
    t0.numLayers = 0;
    tn.numLayers = layers;
    const q::TextDecoder empty(t0, shared);
    const q::TextDecoder dec(tn, full);
    const TextTimes e = timeText(b, empty, promptTokens, o.newTokens);
    const TextTimes d = layers > 0 ? timeText(b, dec, promptTokens, o.newTokens) : e;
    const double perLayerPrefill = layers > 0 ? (d.prefillMs - e.prefillMs) / layers : 0;
    const double perLayerStep = layers > 0 ? (d.stepMs - e.stepMs) / layers : 0;
    std::cout << "language model, " << layers << " layers:\n"
              << "  prefill " << promptTokens << " tokens: " << d.prefillMs
              << " ms = " << promptTokens * 1000.0 / d.prefillMs << " tokens/s\n"
              << "  decode: " << d.stepMs << " ms/token = " << 1000.0 / d.stepMs << " tokens/s\n"
              << "  per decoder layer: prefill " << perLayerPrefill << " ms (" << perLayerPrefill / promptTokens
              << " ms/token), decode " << perLayerStep << " ms/token\n"
              << "  embedding + final norm + lm_head: prefill " << e.prefillMs << " ms, decode " << e.stepMs
              << " ms/token\n";
    const double prefill7b = e.prefillMs + kFullLayers7b * perLayerPrefill;
    const double step7b = e.stepMs + kFullLayers7b * perLayerStep;
    std::cout << "  7B estimate (" << kFullLayers7b << " layers): prefill " << prefill7b
              << " ms = " << promptTokens * 1000.0 / prefill7b << " tokens/s, decode " << step7b
              << " ms/token = " << 1000.0 / step7b << " tokens/s\n";
}

}  // namespace

int main(int argc, char** argv) {
    const Options o = parseOptions(argc, argv);
    try {
        c10::InferenceMode inference;
        at::set_num_threads(o.threads);
        if (!o.folder.empty()) {
            std::cout << std::fixed << std::setprecision(1) << "BLAS:          " << mr::bench::loadedBlas() << "\n"
                      << "load average:  " << mr::bench::loadAverage() << " (before)\n";
            const int rc = runFolder(o.folder, o.device, o.dtype, o.imageSize, o.newTokens);
            std::cout << "load average:  " << mr::bench::loadAverage() << " (after)\n";
            return rc;
        }
        const Bench b = makeBench(o);
        at::manual_seed(0);
        const q::TextConfig t = text7b();
        const q::VisionConfig v = vision7b();
        printHeader(b, t, v, o);
        benchVision(b, v, o.visionLayers);
        benchText(b, t, o);
        std::cout << "load average:  " << mr::bench::loadAverage() << " (after)\n";
    } catch (const std::exception& e) {
        std::cerr << "qwen_benchmark: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
