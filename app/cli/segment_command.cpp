// `medreasoner segment IMAGE --expert sam|medsam|classical [--model PATH] --box x1,y1,x2,y2
//  [--point x,y[,0|1]]... --out mask.png [--json] [--multimask] [--device auto|cpu|cuda[-half]]`:
// one promptable segmentation from the command line. The image is read with OpenCV (gray images
// are replicated to RGB); the best mask is written as an 8-bit PNG (0 / 255).
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <sstream>

#include "app/cli/command.h"
#include "engine/core/json.h"
#include "engine/segment/classical_expert.h"
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
    bool json = false, multimask = false;
};

int run(const SegmentArgs& args) {
    const std::string& imagePath = args.image;
    const std::string& expertName = args.expert;
    const std::string* out = &args.out;

    seg::Prompts prompts;
    prompts.multimask = args.multimask;
    if (const std::string* b = args.box.empty() ? nullptr : &args.box) {
        auto v = mr::cli::parseNumbers(*b, "--box");
        if (v.size() != 4) throw mr::cli::UsageError("--box needs x1,y1,x2,y2");
        prompts.box = std::array<double, 4>{v[0], v[1], v[2], v[3]};
    }
    for (const auto& p : args.points) {
        auto v = mr::cli::parseNumbers(p, "--point");
        if (v.size() != 2 && v.size() != 3) throw mr::cli::UsageError("--point needs x,y or x,y,0|1");
        if (v.size() == 3 && v[2] != 0 && v[2] != 1) throw mr::cli::UsageError("--point label must be 0 or 1");
        prompts.points.push_back({v[0], v[1], v.size() == 2 || v[2] == 1});
    }

    auto t0 = std::chrono::steady_clock::now();
    cv::Mat bgr = cv::imread(imagePath, cv::IMREAD_COLOR);
    if (bgr.empty()) throw mr::Error(imagePath + ": cannot read the image (missing or not a format OpenCV reads)");
    cv::Mat rgb;
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    seg::RgbImage image{rgb.cols, rgb.rows, std::vector<uint8_t>(rgb.total() * 3)};
    for (int y = 0; y < rgb.rows; ++y) std::memcpy(&image.rgb[size_t(y) * size_t(rgb.cols) * 3], rgb.ptr(y), size_t(rgb.cols) * 3);
    const double readMs = msSince(t0);

    std::unique_ptr<seg::SegmentationExpert> expert;
    t0 = std::chrono::steady_clock::now();
    if (expertName == "classical") {
        expert = seg::makeClassicalExpert();
    } else if (expertName == "sam" || expertName == "medsam") {
        if (args.model.empty()) throw mr::cli::UsageError("--expert " + expertName + " needs --model PATH (.pth or .safetensors)");
        expert = seg::loadSamExpert(args.model, expertName == "sam" ? seg::SamVariant::Sam : seg::SamVariant::MedSam,
                                    mr::nn::parseDeviceChoice(args.device));
    } else {
        throw mr::cli::UsageError("--expert must be sam, medsam or classical");
    }
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
        Value j = Value::object();
        j.set("image", imagePath);
        j.set("width", r.width);
        j.set("height", r.height);
        j.set("expert", expert->name());
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
        j.set("out", *out);
        Value warn = Value::array();
        for (const auto& w : r.warnings) warn.push_back(w);
        j.set("warnings", warn);
        Value t = Value::object();
        t.set("read", readMs);
        t.set("load", loadMs);
        t.set("set_image", embedMs);
        t.set("predict", predictMs);
        j.set("timings_ms", t);
        std::cout << mr::json::dump(j, 2) << "\n";
    } else {
        char line[256];
        std::snprintf(line, sizeof line, "%s: %dx%d, %zu mask(s), best #%d score %.4f, %zu foreground pixels -> %s\n",
                      expert->name().c_str(), r.width, r.height, r.masks.size(), r.best, double(r.scores[size_t(r.best)]),
                      area, out->c_str());
        std::cout << line;
        std::snprintf(line, sizeof line, "timings: load %.0f ms, set image %.0f ms, predict %.0f ms\n", loadMs, embedMs, predictMs);
        std::cout << line;
    }
    return 0;
}

void declare(CLI::App& app, SegmentArgs& a) {
    app.add_option("image", a.image, "a picture OpenCV reads (gray images are replicated to RGB)")->required()->type_name("IMAGE");
    app.add_option("--expert", a.expert, "sam, medsam or classical")->capture_default_str();
    app.add_option("--model", a.model, "the SAM/MedSAM checkpoint (.pth or .safetensors)")->type_name("PATH");
    app.add_option("--box", a.box, "the box prompt in image pixels")->type_name("x1,y1,x2,y2");
    app.add_option("--point", a.points, "a point prompt, positive unless the label is 0 (repeatable)")
        ->type_name("x,y[,0|1]")
        ->allow_extra_args(false);
    app.add_option("--out", a.out, "the best mask as an 8-bit PNG (0/255)")->required()->type_name("mask.png");
    app.add_option("--device", a.device, "auto, cpu, cuda or cuda-half")->capture_default_str();
    app.add_flag("--multimask", a.multimask, "three candidate masks; the best is written");
    app.add_flag("--json", a.json, "print the scores and areas of every mask, and timings, as JSON");
}

const mr::cli::Registration reg(mr::cli::makeCommand<SegmentArgs>(
    "segment", "segment an image with box and point prompts (SAM, MedSAM or the classical expert)", declare, run));

}  // namespace
