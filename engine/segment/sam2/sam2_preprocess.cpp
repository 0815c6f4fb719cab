#include "engine/segment/sam2/sam2_preprocess.h"

#include "engine/core/error.h"
#include "engine/reason/preprocess/pil_resize.h"
#include "engine/segment/segmentation_expert.h"

namespace mr::segment::sam2 {

namespace F = torch::nn::functional;
using torch::Tensor;

Tensor imagePredictorInput(const mr::RgbImage& image, const Sam2Config& c) {
    checkImage(image);
    const int S = c.imageSize;
    Tensor x = torch::from_blob(const_cast<uint8_t*>(image.rgb.data()), {image.height, image.width, 3}, torch::kUInt8)
                   .permute({2, 0, 1})
                   .to(torch::kFloat32)
                   .div(255)
                   .unsqueeze(0);
    if (image.height != S || image.width != S)
        x = F::interpolate(x, F::InterpolateFuncOptions()
                                  .size(std::vector<int64_t>{S, S})
                                  .mode(torch::kBilinear)
                                  .align_corners(false)
                                  .antialias(true));
    Tensor mean = torch::tensor(std::vector<float>(c.imageMean.begin(), c.imageMean.end())).view({1, 3, 1, 1});
    Tensor sd = torch::tensor(std::vector<float>(c.imageStd.begin(), c.imageStd.end())).view({1, 3, 1, 1});
    return ((x - mean) / sd).contiguous();
}

Image8 resizeVolumeSlice(const uint8_t* gray, int width, int height, int imageSize) {
    if (width < 1 || height < 1) throw mr::Error("volume slice is empty");
    if (width == imageSize && height == imageSize)  // Image.resize returns a copy
        return Image8{width, height, 1, std::vector<uint8_t>(gray, gray + size_t(width) * size_t(height))};
    // The RGB conversion repeats the gray channel, which Pillow resizes channel by channel.
    return Image8{imageSize, imageSize, 1, mr::reason::resizeBicubicPil(gray, width, height, 1, imageSize, imageSize)};
}

Tensor volumeSliceInput(const uint8_t* gray, int width, int height, const Sam2Config& c) {
    const int S = c.imageSize;
    const Image8 r = resizeVolumeSlice(gray, width, height, S);
    Tensor out = torch::empty({1, 3, S, S}, torch::kFloat32);
    float* o = out.data_ptr<float>();
    const size_t plane = size_t(S) * size_t(S);
    for (int ch = 0; ch < 3; ++ch) {
        const double mean = double(c.imageMean[size_t(ch)]), sd = double(c.imageStd[size_t(ch)]);
        for (size_t i = 0; i < plane; ++i) o[size_t(ch) * plane + i] = float((double(r.data[i]) / 255.0 - mean) / sd);
    }
    return out;
}

float toModelFrame(double v, int size, int imageSize) {
    const float normalized = float(v) / float(size);  // float32 division, then float32 product
    return normalized * float(imageSize);
}

std::pair<Tensor, Tensor> promptPointTensors(const Prompts& p, int width, int height, int imageSize) {
    std::vector<float> coords;
    std::vector<int32_t> labels;
    auto add = [&](double x, double y, int32_t label) {
        coords.push_back(toModelFrame(x, width, imageSize));
        coords.push_back(toModelFrame(y, height, imageSize));
        labels.push_back(label);
    };
    if (p.box) {
        add(p.box->x1, p.box->y1, 2);
        add(p.box->x2, p.box->y2, 3);
    }
    for (const auto& pt : p.points) add(pt.x, pt.y, pt.positive ? 1 : 0);
    const int64_t n = int64_t(labels.size());
    return {torch::tensor(coords, torch::kFloat32).reshape({n, 2}), torch::tensor(labels, torch::kInt32).reshape({n})};
}

}  // namespace mr::segment::sam2
