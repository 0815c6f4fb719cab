#include "engine/session/figure_scene.h"

#include <cmath>

#include "engine/core/error.h"
#include "engine/dataset/dataset_store.h"
#include "engine/dataset/sample.h"
#include "engine/imaging/image_2d_reader.h"

namespace mr::session {

namespace {

bool insideImage(const mr::Point& p, const mr::RgbImage& image) {
    return std::isfinite(p.x) && std::isfinite(p.y) && p.x >= 0 && p.y >= 0 && p.x <= image.width &&
           p.y <= image.height;
}

// A saved sample's picture as interleaved RGB (gray pictures replicate into three channels).
mr::RgbImage rgbOf(const mr::imaging::Image& image, const std::string& path) {
    if (image.depth() != 1) throw mr::Error(path + ": the sample image has more than one slice");
    mr::RgbImage out;
    out.width = int(image.width()), out.height = int(image.height());
    const size_t n = size_t(out.width) * size_t(out.height);
    out.rgb.resize(n * 3);
    for (size_t i = 0; i < n; ++i)
        for (size_t c = 0; c < 3; ++c) {
            const int64_t x = int64_t(i % size_t(out.width)), y = int64_t(i / size_t(out.width));
            out.rgb[i * 3 + c] = uint8_t(std::lround(image.value(x, y, 0, image.isColor() ? int(c) : 0)));
        }
    return out;
}

}  // namespace

void checkFigureScene(const FigureScene& s) {
    if (s.image.empty()) throw mr::Error("figure: there is no image to draw");
    const size_t pixels = size_t(s.image.width) * size_t(s.image.height);
    if (s.image.rgb.size() != pixels * 3)
        throw mr::Error("figure: the image holds " + std::to_string(s.image.rgb.size()) + " bytes, not " +
                        std::to_string(pixels * 3) + " (width × height × 3)");
    if (!s.mask.pixels.empty() &&
        (s.mask.width != s.image.width || s.mask.height != s.image.height || s.mask.pixels.size() != pixels))
        throw mr::Error("figure: the mask is " + std::to_string(s.mask.width) + " × " + std::to_string(s.mask.height) +
                        ", the image " + std::to_string(s.image.width) + " × " + std::to_string(s.image.height));
    if (s.box && (!insideImage({s.box->x1, s.box->y1}, s.image) || !insideImage({s.box->x2, s.box->y2}, s.image) ||
                  s.box->x1 > s.box->x2 || s.box->y1 > s.box->y2))
        throw mr::Error("figure: the box is not a box inside the image");
    for (const mr::Point& p : s.points)
        if (!insideImage(p, s.image)) throw mr::Error("figure: a key point lies outside the image");
    if (s.pixelSpacingMm)
        for (double mm : *s.pixelSpacingMm)
            if (!std::isfinite(mm) || mm <= 0) throw mr::Error("figure: the pixel spacing must be positive");
}

FigureScene figureSceneOfSample(const mr::dataset::DatasetStore& store, const mr::dataset::Sample& sample) {
    if (sample.imageFile.empty()) throw mr::Error("sample " + sample.id + " names no image file");
    FigureScene scene;
    const std::string imagePath = store.absolutePath(sample.imageFile);
    scene.image = rgbOf(mr::imaging::readImage2D(imagePath), imagePath);
    if (!sample.maskFile.empty()) {
        const std::string maskPath = store.absolutePath(sample.maskFile);
        const mr::imaging::Image m = mr::imaging::readImage2D(maskPath);
        if (m.width() != scene.image.width || m.height() != scene.image.height || m.depth() != 1)
            throw mr::Error(maskPath + ": the mask's size differs from the sample image's");
        scene.mask.width = scene.image.width, scene.mask.height = scene.image.height;
        scene.mask.pixels.resize(size_t(scene.mask.width) * size_t(scene.mask.height));
        for (int64_t y = 0; y < m.height(); ++y)
            for (int64_t x = 0; x < m.width(); ++x)
                scene.mask.pixels[size_t(y * m.width() + x)] = m.value(x, y, 0) != 0 ? 1 : 0;
    }
    scene.box = sample.bbox;
    scene.points = sample.points;
    if (sample.source.kind != "picture" && sample.source.kind != "")
        scene.pixelSpacingMm = std::array<double, 2>{sample.source.spacing[0], sample.source.spacing[1]};
    scene.title = "Sample " + sample.id + (sample.modality.empty() ? "" : " · " + sample.modality);
    scene.question = sample.question;
    scene.think = sample.think;
    scene.answer = sample.answerText;
    checkFigureScene(scene);
    return scene;
}

}  // namespace mr::session
