#include "engine/reason/preprocess/image_processor.h"

#include <cmath>

#include "engine/core/json.h"
#include "engine/core/limits.h"
#include "engine/reason/preprocess/pil_resize.h"

namespace mr::reason {

ImageProcessorConfig ImageProcessorConfig::fromJson(const json::Value& j, const std::string& what) {
    if (!j.isObject()) throw mr::Error(what + ": not a JSON object");
    ImageProcessorConfig c;
    namespace lim = mr::limits;
    // Every number comes from a file: within mr::limits, so that factor() and pixel counts cannot overflow.
    auto pixels = [&](const json::Value& obj, const char* key, int64_t current) {
        const auto* v = obj.find(key);
        if (!v || v->isNull()) return current;
        return lim::checkRange(v->asInt(), 1, lim::kMaxModelImagePixels, what + ": " + key);
    };
    auto patch = [&](const char* key, int current) {
        const auto* v = j.find(key);
        if (!v || v->isNull()) return current;
        return int(lim::checkRange(v->asInt(), 1, lim::kMaxPatchSize, what + ": " + key));
    };
    try {
        if (const auto* size = j.find("size"); size && size->isObject()) {
            c.minPixels = pixels(*size, "min_pixels", c.minPixels);
            c.maxPixels = pixels(*size, "max_pixels", c.maxPixels);
            c.minPixels = pixels(*size, "shortest_edge", c.minPixels);
            c.maxPixels = pixels(*size, "longest_edge", c.maxPixels);
        }
        c.minPixels = pixels(j, "min_pixels", c.minPixels);
        c.maxPixels = pixels(j, "max_pixels", c.maxPixels);
        c.patchSize = patch("patch_size", c.patchSize);
        c.temporalPatchSize = patch("temporal_patch_size", c.temporalPatchSize);
        c.mergeSize = patch("merge_size", c.mergeSize);
        c.doResize = j.get("do_resize", c.doResize);
        c.doRescale = j.get("do_rescale", c.doRescale);
        c.rescaleFactor = j.get("rescale_factor", c.rescaleFactor);
        c.doNormalize = j.get("do_normalize", c.doNormalize);
        auto triple = [&](const char* key, std::array<double, 3>& out) {
            const auto* v = j.find(key);
            if (!v || v->isNull()) return;
            if (v->isNumber()) {
                out = {v->asDouble(), v->asDouble(), v->asDouble()};
                return;
            }
            if (!v->isArray() || v->size() != 3) throw mr::Error(what + ": " + key + " must hold 3 numbers");
            for (size_t i = 0; i < 3; ++i) out[i] = (*v)[i].asDouble();
        };
        triple("image_mean", c.imageMean);
        triple("image_std", c.imageStd);
    } catch (const json::ParseError& e) {
        throw mr::Error(what + ": " + e.what());
    }
    for (size_t i = 0; i < 3; ++i)
        if (!(c.imageStd[i] > 0) || !std::isfinite(c.imageStd[i]) || !std::isfinite(c.imageMean[i]))
            throw mr::Error(what + ": image_std values must be positive (and image_mean finite)");
    if (!std::isfinite(c.rescaleFactor)) throw mr::Error(what + ": rescale_factor must be finite");
    if (c.minPixels <= 0 || c.maxPixels < c.minPixels)
        throw mr::Error(what + ": min_pixels/max_pixels are inconsistent");
    return c;
}

ImageProcessorConfig ImageProcessorConfig::fromFile(const std::string& path) {
    return fromJson(json::parseFile(path), path);
}

std::vector<uint8_t> resizeForModel(const uint8_t* rgb, int width, int height, const ImageProcessorConfig& config,
                                    ResizedSize* sizeOut) {
    if (!rgb || width <= 0 || height <= 0)
        throw ImageSizeError("image is empty (" + std::to_string(width) + "x" + std::to_string(height) + ")");
    ResizedSize size{height, width};
    if (config.doResize) size = smartResize(height, width, config.factor(), config.minPixels, config.maxPixels);
    if (size.height % config.factor() != 0 || size.width % config.factor() != 0)
        throw ImageSizeError("image " + std::to_string(width) + "x" + std::to_string(height) +
                             " is not a multiple of " + std::to_string(config.factor()) +
                             " pixels and resizing is disabled");
    // Before resizing: the patches repeat the image over the temporal patch, H x W x 3 x temporal
    // floats (held twice while they are built), beside the resized image itself.
    const int64_t values =
        mr::limits::elementCount({size.height, size.width, 3, config.temporalPatchSize}, "the model's input image");
    mr::limits::checkAllocation(uint64_t(values) * 8 + uint64_t(size.width) * uint64_t(size.height) * 7,
                                "the model's input image");
    if (sizeOut) *sizeOut = size;
    if (size.width == width && size.height == height)
        return std::vector<uint8_t>(rgb, rgb + size_t(width) * size_t(height) * 3);
    return resizeBicubicPil(rgb, width, height, 3, size.width, size.height);
}

ProcessedImage processImage(const uint8_t* rgb, int width, int height, const ImageProcessorConfig& config) {
    ResizedSize size;
    const std::vector<uint8_t> resized = resizeForModel(rgb, width, height, config, &size);
    const int64_t H = size.height, W = size.width, C = 3;

    // Channel-first float32 image, computed exactly as numpy does it.
    std::vector<float> chw(size_t(C * H * W));
    float meanF[3], stdF[3];
    for (int c = 0; c < 3; ++c) {
        meanF[c] = float(config.imageMean[size_t(c)]);
        stdF[c] = float(config.imageStd[size_t(c)]);
    }
    for (int64_t y = 0; y < H; ++y)
        for (int64_t x = 0; x < W; ++x)
            for (int64_t c = 0; c < C; ++c) {
                const uint8_t v = resized[size_t((y * W + x) * C + c)];
                float f = config.doRescale ? float(double(v) * config.rescaleFactor) : float(v);
                if (config.doNormalize) f = (f - meanF[c]) / stdF[c];
                chw[size_t((c * H + y) * W + x)] = f;
            }

    const int64_t p = config.patchSize, m = config.mergeSize, tp = config.temporalPatchSize;
    const int64_t gridT = 1, gridH = H / p, gridW = W / p;
    torch::Tensor img = torch::from_blob(chw.data(), {1, C, H, W}, torch::kFloat32);
    // One still image fills a whole temporal patch (repeated), as the original does.
    torch::Tensor frames = img.expand({tp, C, H, W});
    torch::Tensor patches = frames.reshape({gridT, tp, C, gridH / m, m, p, gridW / m, m, p})
                                .permute({0, 3, 6, 4, 7, 2, 1, 5, 8})
                                .reshape({gridT * gridH * gridW, C * tp * p * p})
                                .contiguous()
                                .clone();
    ProcessedImage out;
    out.pixelValues = patches;
    out.gridT = gridT;
    out.gridH = gridH;
    out.gridW = gridW;
    out.resizedWidth = int(W);
    out.resizedHeight = int(H);
    return out;
}

}  // namespace mr::reason
