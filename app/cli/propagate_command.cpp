// `medreasoner propagate VOLUME --expert medsam2 --model FILE --slice K --box x1,y1,x2,y2
//  [--point x,y[,0|1]]... [--mask KEY.png] [--window C,W] [--from A --to B] [--image-size 512|1024]
//  [--forward-only|--backward-only] [--all-components] [--device D] --out mask.nii.gz [--json]`:
// carries a prompt on slice K through a CT/MR volume (a DICOM series folder or a NIfTI file) as
// MedSAM2's CT script does, and writes the label map as NIfTI with the volume's geometry.
// 8-bit volumes are fed as they are; others are clipped to the window and stretched to 0..255 over
// the clipped range (the script's preprocessing). Progress on stderr; Ctrl+C cancels.
#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <chrono>
#include <iostream>

#include "app/cli/command.h"
#include "app/cli/interrupt.h"
#include "app/cli/prompt_args.h"
#include "engine/core/json.h"
#include "engine/eval/progress_bar.h"
#include "engine/imaging/image_reader.h"
#include "engine/imaging/nifti.h"
#include "engine/imaging/windowing.h"
#include "engine/segment/sam2/sam2_model.h"
#include "engine/segment/sam2/volume_propagation.h"

namespace img = mr::imaging;
namespace s2 = mr::segment::sam2;
using mr::json::Value;

namespace {

double msSince(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

template <class T>
void windowToBytes(const T* v, size_t n, double lower, double upper, std::vector<uint8_t>& out,
                   std::vector<std::string>& warnings) {
    // np.clip to the window, then (x - min) / (max - min) * 255 over the clipped volume, np.uint8.
    double lo = upper, hi = lower;
    for (size_t i = 0; i < n; ++i) {
        const double c = std::clamp(double(v[i]), lower, upper);
        lo = std::min(lo, c);
        hi = std::max(hi, c);
    }
    out.assign(n, 0);
    if (!(hi > lo)) {
        warnings.push_back("the volume is constant inside the window: every slice is black");
        return;
    }
    for (size_t i = 0; i < n; ++i) out[i] = uint8_t((std::clamp(double(v[i]), lower, upper) - lo) / (hi - lo) * 255.0);
}

// The volume as the model sees it: 8 bits per voxel.
std::vector<uint8_t> modelBytes(const img::Image& image, const std::optional<img::WindowLevel>& window,
                                std::vector<std::string>& warnings, Value& info) {
    const size_t n = size_t(image.geometry().voxelCount());
    if (image.pixelType() == img::PixelType::UInt8) {
        info.set("preprocessing", "8-bit voxels as they are");
        return std::vector<uint8_t>(image.bytes(), image.bytes() + n);
    }
    const img::WindowLevel w = window ? *window : img::defaultWindow(image);
    const double lower = w.center - w.width / 2, upper = w.center + w.width / 2;
    info.set("preprocessing", "window clip + min-max to 0..255");
    info.set("window", Value(mr::json::Array{Value(w.center), Value(w.width)}));
    std::vector<uint8_t> out;
    switch (image.pixelType()) {
        case img::PixelType::Int16: windowToBytes(image.data<int16_t>(), n, lower, upper, out, warnings); break;
        case img::PixelType::UInt16: windowToBytes(image.data<uint16_t>(), n, lower, upper, out, warnings); break;
        case img::PixelType::Float32: windowToBytes(image.data<float>(), n, lower, upper, out, warnings); break;
        default: throw mr::Error("propagate needs a gray volume (CT, MR); this one is colour");
    }
    return out;
}

s2::SlicePrompt promptFromArgs(const mr::cli::Args& args, int width, int height) {
    s2::SlicePrompt p;
    const auto slice = args.value("slice");
    if (!slice) throw mr::cli::UsageError("--slice K (0-based index of the prompted slice) is required");
    p.slice = int(mr::cli::parseInteger(*slice, "--slice"));
    const mr::segment::Prompts prompts = mr::cli::promptsFromArgs(args);
    p.box = prompts.box;
    p.points = prompts.points;
    if (auto m = args.value("mask")) {
        if (p.box || !p.points.empty()) throw mr::cli::UsageError("--mask replaces --box and --point");
        cv::Mat mask = cv::imread(*m, cv::IMREAD_GRAYSCALE);
        if (mask.empty()) throw mr::Error(*m + ": cannot read the mask (missing or not an image)");
        if (mask.cols != width || mask.rows != height)
            throw mr::Error(*m + ": the mask is " + std::to_string(mask.cols) + "x" + std::to_string(mask.rows) +
                            ", the slices are " + std::to_string(width) + "x" + std::to_string(height));
        p.mask = {width, height, std::vector<uint8_t>(mask.begin<uint8_t>(), mask.end<uint8_t>())};
    }
    if (!p.box && p.points.empty() && p.mask.pixels.empty())
        throw mr::cli::UsageError("give the key slice's prompt: --box x1,y1,x2,y2 (and --point), or --mask KEY.png");
    return p;
}

s2::PropagationRequest requestFromArgs(const mr::cli::Args& args, int width, int height, int depth) {
    if (args.flag("forward-only") && args.flag("backward-only"))
        throw mr::cli::UsageError("--forward-only and --backward-only exclude each other");
    s2::PropagationRequest req;
    req.prompt = promptFromArgs(args, width, height);
    req.firstSlice = args.value("from") ? int(mr::cli::parseInteger(*args.value("from"), "--from")) : 0;
    req.lastSlice = args.value("to") ? int(mr::cli::parseInteger(*args.value("to"), "--to")) : depth - 1;
    req.forward = !args.flag("backward-only");
    req.backward = !args.flag("forward-only");
    req.keepLargestComponent = !args.flag("all-components");
    return req;
}

Value resultJson(const s2::PropagationResult& r) {
    Value steps = Value::array();
    for (const auto& s : r.steps) {
        Value j = Value::object();
        j.set("slice", s.slice);
        j.set("direction", s.reverse ? "backward" : "forward");
        j.set("prompted", s.prompted);
        j.set("object_score_logit", double(s.objectScoreLogit));
        j.set("object_present", s.objectScoreLogit > 0);
        j.set("area", s.area);
        steps.push_back(j);
    }
    Value slices = Value::array();
    const size_t plane = size_t(r.width) * size_t(r.height);
    for (int z = 0; z < r.depth; ++z) {
        const auto* m = r.mask.data() + plane * size_t(z);
        Value j = Value::object();
        j.set("slice", z);
        j.set("area", int64_t(std::count(m, m + plane, uint8_t(1))));
        slices.push_back(j);
    }
    Value out = Value::object();
    out.set("steps", steps);
    out.set("slices", slices);
    out.set("union_voxels", r.unionVoxels);
    out.set("final_voxels", r.finalVoxels);
    return out;
}

int run(const std::vector<std::string>& argv) {
    mr::cli::Args args(argv,
                       {"expert", "model", "slice", "box", "point", "mask", "window", "from", "to", "image-size",
                        "device", "out"},
                       {"json", "forward-only", "backward-only", "all-components"});
    if (args.positional().size() != 1) throw mr::cli::UsageError("expected exactly one VOLUME");
    if (args.value("expert", "medsam2") != "medsam2") throw mr::cli::UsageError("only --expert medsam2 propagates");
    const auto modelPath = args.value("model");
    if (!modelPath) throw mr::cli::UsageError("--model FILE (MedSAM2 .pt or .safetensors) is required");
    const auto out = args.value("out");
    if (!out) throw mr::cli::UsageError("--out mask.nii.gz is required");
    if (!(out->size() > 4 && (out->substr(out->size() - 4) == ".nii" || out->substr(out->size() - 7) == ".nii.gz")))
        throw mr::cli::UsageError("--out must end in .nii or .nii.gz");
    std::optional<img::WindowLevel> window;
    if (auto w = args.value("window")) {
        auto v = mr::cli::parseNumbers(*w, "--window");
        if (v.size() != 2 || !(v[1] > 0)) throw mr::cli::UsageError("--window needs C,W with W > 0");
        window = img::WindowLevel{v[0], v[1]};
    }
    s2::Sam2LoadOptions load;
    if (auto s = args.value("image-size")) load.imageSize = int(mr::cli::parseInteger(*s, "--image-size"));
    load.device = mr::nn::parseDeviceChoice(args.value("device", "auto"));

    mr::CancelToken cancel;
    mr::cli::InterruptCancels interrupts(cancel);
    auto t0 = std::chrono::steady_clock::now();
    const img::Image image = img::readImage(args.positional()[0], cancel);
    if (image.isColor()) throw mr::Error(args.positional()[0] + ": propagate needs a gray volume (CT, MR), not colour");
    Value info = Value::object();
    std::vector<std::string> warnings = image.metadata().warnings;
    const std::vector<uint8_t> bytes = modelBytes(image, window, warnings, info);
    Value timings = Value::object();
    timings.set("read", msSince(t0));
    const int W = int(image.width()), H = int(image.height()), D = int(image.depth());

    const s2::PropagationRequest req = requestFromArgs(args, W, H, D);

    t0 = std::chrono::steady_clock::now();
    auto model = s2::loadSam2Model(*modelPath, load);
    timings.set("load", msSince(t0));
    t0 = std::chrono::steady_clock::now();
    mr::eval::ProgressBar bar(std::cerr, "propagate");
    const s2::PropagationResult r = s2::propagateThroughVolume(
        *model, {bytes.data(), W, H, D}, req,
        [&](double f, std::string_view what) { bar.update(size_t(f * 1000 + 0.5), 1000, 0, what); }, cancel);
    bar.finish();
    timings.set("propagate", msSince(t0));

    img::Image labels(img::PixelType::UInt8, image.geometry());
    std::copy(r.mask.begin(), r.mask.end(), labels.bytes());
    img::writeNifti(labels, *out, cancel);
    warnings.insert(warnings.end(), r.warnings.begin(), r.warnings.end());
    for (const auto& w : warnings) std::cerr << "warning: " << w << "\n";

    if (args.flag("json")) {
        Value j = resultJson(r);
        j.set("volume", args.positional()[0]);
        j.set("size", Value(mr::json::Array{Value(W), Value(H), Value(D)}));
        j.set("input", info);
        j.set("model", *modelPath);
        j.set("image_size", model->config().imageSize);
        j.set("key_slice", req.prompt.slice);
        j.set("range", Value(mr::json::Array{Value(req.firstSlice), Value(req.lastSlice)}));
        j.set("out", *out);
        Value warn = Value::array();
        for (const auto& w : warnings) warn.push_back(w);
        j.set("warnings", warn);
        j.set("timings_ms", timings);
        std::cout << mr::json::dump(j, 2) << "\n";
    } else {
        std::cout << "medsam2: " << W << "x" << H << "x" << D << ", key slice " << req.prompt.slice << ", "
                  << r.steps.size() << " slice steps, " << r.finalVoxels << " voxels (union " << r.unionVoxels
                  << ") -> " << *out << "\n";
        std::cout << "timings (ms): " << mr::json::dump(timings) << "\n";
    }
    return 0;
}

const mr::cli::Registration reg(
    {"propagate",
     "propagate VOLUME --expert medsam2 --model FILE --slice K --box x1,y1,x2,y2 [--point x,y[,0|1]]... "
     "[--mask KEY.png] [--window C,W] [--from A --to B] [--image-size 512|1024] [--forward-only|--backward-only] "
     "[--all-components] [--device auto|cpu|cuda[-half]] --out mask.nii.gz [--json]",
     "carry a box (or a mask) on one slice through a CT/MR volume with MedSAM2 (forward and backward)", run});

}  // namespace
