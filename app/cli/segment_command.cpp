// `medreasoner segment IMAGE --expert sam|medsam|medsam2|classical [--model PATH] [--image-size 512|1024]
//  --box x1,y1,x2,y2 [--point x,y[,0|1]]... --out mask.png [--json] [--multimask]
//  [--device auto|cpu|cuda[-half]]`: one promptable segmentation from the command line. The image is
// read with OpenCV (gray images are replicated to RGB); the best mask is written as an 8-bit PNG
// (0 / 255). --image-size is MedSAM2's (512 as trained; 1024 as MedReasoner runs it).
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <sstream>

#include "app/cli/command.h"
#include "app/cli/prompt_args.h"
#include "engine/core/json.h"
#include "engine/segment/classical_expert.h"
#include "engine/segment/sam2/sam2_expert.h"
#include "engine/segment/segmentation_expert.h"

namespace seg = mr::segment;
using mr::json::Value;

namespace {

double msSince(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

struct SegmentArgs {
    std::string image, expert = "classical", model, box, out, device = "auto";
    std::vector<std::string> points;
    int imageSize = 0;
    bool json = false, multimask = false;
};

std::unique_ptr<seg::SegmentationExpert> loadExpert(const SegmentArgs& args) {
    const std::string& name = args.expert;
    if (args.imageSize != 0 && name != "medsam2") throw mr::cli::UsageError("--image-size applies to medsam2");
    if (name == "classical") return seg::makeClassicalExpert();
    if (name != "sam" && name != "medsam" && name != "medsam2")
        throw mr::cli::UsageError("--expert must be sam, medsam, medsam2 or classical");
    if (args.model.empty())
        throw mr::cli::UsageError("--expert " + name + " needs --model PATH (.pth, .pt or .safetensors)");
    const auto device = mr::nn::parseDeviceChoice(args.device);
    if (name == "medsam2") {
        seg::sam2::Sam2LoadOptions options;
        options.device = device;
        options.imageSize = args.imageSize;
        return seg::sam2::loadMedSam2Expert(args.model, options);
    }
    return seg::loadSamExpert(args.model, name == "sam" ? seg::SamVariant::Sam : seg::SamVariant::MedSam, device);
}

Value resultJson(const SegmentArgs& args, const seg::SegmentationExpert& expert, const seg::MaskPrediction& r,
                 const Value& timings) {
    Value j = Value::object();
    j.set("image", args.image);
    j.set("width", r.width);
    j.set("height", r.height);
    j.set("expert", expert.name());
    if (!args.model.empty()) j.set("model", args.model);
    Value masks = Value::array();
    for (size_t i = 0; i < r.masks.size(); ++i) {
        size_t a = 0;
        for (uint8_t v : r.masks[i]) a += v;
        Value m = Value::object();
        m.set("score", double(r.scores[i]));
        m.set("area", uint64_t(a));
        masks.push_back(m);
    }
    j.set("masks", masks);
    j.set("best", r.best);
    if (const auto* s2 = dynamic_cast<const seg::sam2::Sam2Expert*>(&expert)) {
        j.set("image_size", s2->model().config().imageSize);
        j.set("low_res_size", r.lowResSize);
    }
    j.set("out", args.out);
    Value warn = Value::array();
    for (const auto& w : r.warnings) warn.push_back(w);
    j.set("warnings", warn);
    j.set("timings_ms", timings);
    return j;
}

int run(const SegmentArgs& args) {
    const std::string& imagePath = args.image;
    const std::string& expertName = args.expert;
    const std::string* out = &args.out;

    seg::Prompts prompts = mr::cli::promptsFromOptions(args.box, args.points);
    prompts.multimask = args.multimask;

    auto t0 = std::chrono::steady_clock::now();
    cv::Mat bgr = cv::imread(imagePath, cv::IMREAD_COLOR);
    if (bgr.empty()) throw mr::Error(imagePath + ": cannot read the image (missing or not a format OpenCV reads)");
    cv::Mat rgb;
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    seg::RgbImage image{rgb.cols, rgb.rows, std::vector<uint8_t>(rgb.total() * 3)};
    for (int y = 0; y < rgb.rows; ++y)
        std::memcpy(&image.rgb[size_t(y) * size_t(rgb.cols) * 3], rgb.ptr(y), size_t(rgb.cols) * 3);
    const double readMs = msSince(t0);

    t0 = std::chrono::steady_clock::now();
    const std::unique_ptr<seg::SegmentationExpert> expert = loadExpert(args);
    const double loadMs = msSince(t0);
    mr::CancelToken cancel;
    t0 = std::chrono::steady_clock::now();
    expert->setImage(image, cancel);
    const double embedMs = msSince(t0);
    t0 = std::chrono::steady_clock::now();
    seg::MaskPrediction r = expert->predict(prompts, cancel);
    const double predictMs = msSince(t0);

    const auto& best = r.masks.at(size_t(r.best));
    cv::Mat mask(r.height, r.width, CV_8UC1);
    size_t area = 0;
    for (int y = 0; y < r.height; ++y)
        for (int x = 0; x < r.width; ++x) {
            uint8_t v = best[size_t(y) * size_t(r.width) + size_t(x)];
            mask.at<uint8_t>(y, x) = v ? 255 : 0;
            area += v;
        }
    try {
        if (!cv::imwrite(*out, mask)) throw mr::Error(*out + ": cannot write the mask");
    } catch (const cv::Exception& e) {
        throw mr::Error(*out + ": cannot write the mask (" + e.what() + ")");
    }
    for (const auto& w : r.warnings) std::cerr << "warning: " << w << "\n";

    if (args.json) {
        Value t = Value::object();
        t.set("read", readMs);
        t.set("load", loadMs);
        t.set("set_image", embedMs);
        t.set("predict", predictMs);
        std::cout << mr::json::dump(resultJson(args, *expert, r, t), 2) << "\n";
    } else {
        char line[256];
        std::snprintf(line, sizeof line, "%s: %dx%d, %zu mask(s), best #%d score %.4f, %zu foreground pixels -> %s\n",
                      expert->name().c_str(), r.width, r.height, r.masks.size(), r.best,
                      double(r.scores[size_t(r.best)]), area, out->c_str());
        std::cout << line;
        std::snprintf(line, sizeof line, "timings: load %.0f ms, set image %.0f ms, predict %.0f ms\n", loadMs, embedMs,
                      predictMs);
        std::cout << line;
    }
    return 0;
}

void declare(CLI::App& app, SegmentArgs& a) {
    app.add_option("image", a.image, "a picture OpenCV reads (gray images are replicated to RGB)")
        ->required()
        ->type_name("IMAGE");
    app.add_option("--expert", a.expert, "sam, medsam, medsam2 or classical")->capture_default_str();
    app.add_option("--model", a.model, "the SAM/MedSAM/MedSAM2 checkpoint (.pth, .pt or .safetensors)")
        ->type_name("PATH");
    app.add_option("--image-size", a.imageSize,
                   "MedSAM2's input size: 512 as trained (default: the checkpoint's config), "
                   "1024 as MedReasoner runs it")
        ->type_name("512|1024");
    mr::cli::declarePromptOptions(app, a.box, a.points);
    app.add_option("--out", a.out, "the best mask as an 8-bit PNG (0/255)")->required()->type_name("mask.png");
    app.add_option("--device", a.device, "auto, cpu, cuda or cuda-half")->capture_default_str();
    app.add_flag("--multimask", a.multimask, "three candidate masks; the best is written");
    app.add_flag("--json", a.json, "print the scores and areas of every mask, and timings, as JSON");
}

const mr::cli::Registration reg(mr::cli::makeCommand<SegmentArgs>(
    "segment", "segment an image with box and point prompts (SAM, MedSAM, MedSAM2 or the classical expert)", declare,
    run));

}  // namespace
