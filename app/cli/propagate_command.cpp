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
#include <optional>

#include "app/cli/command.h"
#include "app/cli/interrupt.h"
#include "app/cli/prompt_args.h"
#include "engine/core/json.h"
#include "engine/eval/progress_bar.h"
#include "engine/imaging/byte_volume.h"
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

struct PropagateArgs {
    std::string volume, expert = "medsam2", model, box, mask, window, out, device = "auto";
    std::vector<std::string> points;
    int slice = -1, from = 0, to = -1, imageSize = 0;
    bool json = false, forwardOnly = false, backwardOnly = false, allComponents = false;
};

s2::SlicePrompt promptOf(const PropagateArgs& a, int width, int height) {
    s2::SlicePrompt p;
    p.slice = a.slice;
    const mr::segment::Prompts prompts = mr::cli::promptsFromOptions(a.box, a.points);
    p.box = prompts.box;
    p.points = prompts.points;
    if (!a.mask.empty()) {
        if (p.box || !p.points.empty()) throw mr::cli::UsageError("--mask replaces --box and --point");
        cv::Mat mask = cv::imread(a.mask, cv::IMREAD_GRAYSCALE);
        if (mask.empty()) throw mr::Error(a.mask + ": cannot read the mask (missing or not an image)");
        if (mask.cols != width || mask.rows != height)
            throw mr::Error(a.mask + ": the mask is " + std::to_string(mask.cols) + "x" + std::to_string(mask.rows) +
                            ", the slices are " + std::to_string(width) + "x" + std::to_string(height));
        p.mask = {width, height, std::vector<uint8_t>(mask.begin<uint8_t>(), mask.end<uint8_t>())};
    }
    if (!p.box && p.points.empty() && p.mask.pixels.empty())
        throw mr::cli::UsageError("give the key slice's prompt: --box x1,y1,x2,y2 (and --point), or --mask KEY.png");
    return p;
}

s2::PropagationRequest requestOf(const PropagateArgs& a, int width, int height, int depth) {
    if (a.forwardOnly && a.backwardOnly)
        throw mr::cli::UsageError("--forward-only and --backward-only exclude each other");
    s2::PropagationRequest req;
    req.prompt = promptOf(a, width, height);
    req.firstSlice = a.from;
    req.lastSlice = a.to < 0 ? depth - 1 : a.to;
    req.forward = !a.backwardOnly;
    req.backward = !a.forwardOnly;
    req.keepLargestComponent = !a.allComponents;
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

void checkArgs(const PropagateArgs& a) {
    if (a.expert != "medsam2") throw mr::cli::UsageError("only --expert medsam2 propagates");
    const std::string& o = a.out;
    if (!(o.size() > 4 && (o.substr(o.size() - 4) == ".nii" || (o.size() > 7 && o.substr(o.size() - 7) == ".nii.gz"))))
        throw mr::cli::UsageError("--out must end in .nii or .nii.gz");
}

std::optional<img::WindowLevel> windowOf(const PropagateArgs& a) {
    if (a.window.empty()) return std::nullopt;
    auto v = mr::cli::parseNumbers(a.window, "--window");
    if (v.size() != 2 || !(v[1] > 0)) throw mr::cli::UsageError("--window needs C,W with W > 0");
    return img::WindowLevel{v[0], v[1]};
}

int run(const PropagateArgs& a) {
    checkArgs(a);
    const std::optional<img::WindowLevel> window = windowOf(a);
    s2::Sam2LoadOptions load;
    load.imageSize = a.imageSize;
    load.device = mr::nn::parseDeviceChoice(a.device);

    mr::CancelToken cancel;
    mr::cli::InterruptCancels interrupts(cancel);
    auto t0 = std::chrono::steady_clock::now();
    const img::Image image = img::readImage(a.volume, cancel);
    if (image.isColor()) throw mr::Error(a.volume + ": propagate needs a gray volume (CT, MR), not colour");
    std::vector<std::string> warnings = image.metadata().warnings;
    img::ByteVolume byteVolume = img::byteVolumeForModel(image, window);
    warnings.insert(warnings.end(), byteVolume.warnings.begin(), byteVolume.warnings.end());
    const std::vector<uint8_t>& bytes = byteVolume.voxels;
    Value info = Value::object();
    info.set("preprocessing", byteVolume.window ? "window clip + min-max to 0..255" : "8-bit voxels as they are");
    if (byteVolume.window)
        info.set("window", Value(mr::json::Array{Value(byteVolume.window->center), Value(byteVolume.window->width)}));
    Value timings = Value::object();
    timings.set("read", msSince(t0));
    const int W = int(image.width()), H = int(image.height()), D = int(image.depth());
    const s2::PropagationRequest req = requestOf(a, W, H, D);

    t0 = std::chrono::steady_clock::now();
    auto model = s2::loadSam2Model(a.model, load);
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
    img::writeNifti(labels, a.out, cancel);
    warnings.insert(warnings.end(), r.warnings.begin(), r.warnings.end());
    for (const auto& w : warnings) std::cerr << "warning: " << w << "\n";
    if (a.json) {
        Value j = resultJson(r);
        j.set("volume", a.volume);
        j.set("size", Value(mr::json::Array{Value(W), Value(H), Value(D)}));
        j.set("input", info);
        j.set("model", a.model);
        j.set("image_size", model->config().imageSize);
        j.set("key_slice", req.prompt.slice);
        j.set("range", Value(mr::json::Array{Value(req.firstSlice), Value(req.lastSlice)}));
        j.set("out", a.out);
        Value warn = Value::array();
        for (const auto& w : warnings) warn.push_back(w);
        j.set("warnings", warn);
        j.set("timings_ms", timings);
        std::cout << mr::json::dump(j, 2) << "\n";
    } else {
        std::cout << "medsam2: " << W << "x" << H << "x" << D << ", key slice " << req.prompt.slice << ", "
                  << r.steps.size() << " slice steps, " << r.finalVoxels << " voxels (union " << r.unionVoxels
                  << ") -> " << a.out << "\ntimings (ms): " << mr::json::dump(timings) << "\n";
    }
    return 0;
}

void declare(CLI::App& app, PropagateArgs& a) {
    app.add_option("volume", a.volume, "a DICOM series folder or a NIfTI file")->required()->type_name("VOLUME");
    app.add_option("--expert", a.expert, "the expert that propagates: medsam2")->capture_default_str();
    app.add_option("--model", a.model, "the MedSAM2 checkpoint (.pt or .safetensors)")->required()->type_name("FILE");
    app.add_option("--slice", a.slice, "the prompted slice (0-based)")->required()->type_name("K");
    mr::cli::declarePromptOptions(app, a.box, a.points);
    app.add_option("--mask", a.mask,
                   "instead of --box: a mask of the key slice (non-zero = object), e.g. an edited one")
        ->type_name("KEY.png");
    app.add_option("--window", a.window, "window for non-8-bit volumes (default: the file's, else soft tissue)")
        ->type_name("C,W");
    app.add_option("--from", a.from, "first slice to track (default: 0)")->type_name("A");
    app.add_option("--to", a.to, "last slice to track (default: the last)")->type_name("B");
    app.add_option("--image-size", a.imageSize, "512 as MedSAM2 is trained (default), 1024 as MedReasoner runs it")
        ->type_name("512|1024");
    app.add_flag("--forward-only", a.forwardOnly, "track towards the last slice only");
    app.add_flag("--backward-only", a.backwardOnly, "track towards the first slice only");
    app.add_flag("--all-components", a.allComponents,
                 "keep every 3-D component (default: the largest, as the CT script)");
    app.add_option("--device", a.device, "auto, cpu, cuda or cuda-half")->capture_default_str();
    app.add_option("--out", a.out, "the label map (0/1) with the volume's geometry")
        ->required()
        ->type_name("mask.nii.gz");
    app.add_flag("--json", a.json, "print per-slice object scores and areas, and timings, as JSON");
}

const mr::cli::Registration reg(mr::cli::makeCommand<PropagateArgs>(
    "propagate", "carry a box (or a mask) on one slice through a CT/MR volume with MedSAM2 (forward and backward)",
    declare, run));

}  // namespace
