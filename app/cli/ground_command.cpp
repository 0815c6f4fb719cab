// `medreasoner ground --reasoner DIR --expert PATH|classical IMAGE "question" --out mask.png [--json]`:
// the app's grounding pipeline without the GUI. The reasoning trace streams to stderr (unless
// --json), the mask (0/255, the image's size) is written atomically as a PNG, and --json prints the
// whole result (question, image kind, raw output, think, answer in original pixels, issues, mask
// statistics, stage timings) on stdout.
#include <unistd.h>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <sstream>

#include "app/cli/command.h"
#include "app/cli/interrupt.h"
#include "app/cli/model_args.h"
#include "engine/core/cancel.h"
#include "engine/core/files.h"
#include "engine/ground/grounding_json.h"
#include "engine/ground/grounding_pipeline.h"

namespace g = mr::ground;

namespace {

// The mask as an 8-bit PNG (0 / 255), written atomically.
void writeMaskPng(const std::string& path, const std::vector<uint8_t>& mask, int width, int height) {
    cv::Mat m(height, width, CV_8UC1);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) m.at<uint8_t>(y, x) = mask[size_t(y) * size_t(width) + size_t(x)] ? 255 : 0;
    std::vector<uchar> png;
    try {
        if (!cv::imencode(".png", m, png)) throw mr::Error(path + ": cannot encode the mask as PNG");
    } catch (const cv::Exception& e) {
        throw mr::Error(path + ": cannot encode the mask as PNG (" + e.what() + ")");
    }
    mr::writeFileAtomic(path, std::string_view(reinterpret_cast<const char*>(png.data()), png.size()));
}

}  // namespace


namespace {

int runGround(const std::vector<std::string>& argv) {
    mr::cli::Args args(argv,
                       {"reasoner", "expert", "expert-type", "expert-device", "expert-dtype", "expert-image-size", "device", "dtype", "out",
                        "slice", "window", "max-new-tokens", "image-key"},
                       {"json", "no-think", "sample", "answer-only"});
    if (args.positional().size() != 2) throw mr::cli::UsageError("expected IMAGE and \"question\"");
    const std::string imagePath = args.positional()[0];
    const std::string question = args.positional()[1];
    const auto out = args.value("out");
    const bool answerOnly = args.flag("answer-only");
    if (!out && !answerOnly) throw mr::cli::UsageError("--out mask.png is required (or --answer-only)");
    const auto reasonerDir = args.value("reasoner");
    if (!reasonerDir) throw mr::cli::UsageError("--reasoner DIR (a Qwen2.5-VL model folder) is required");

    const g::ModelSettings settings = mr::cli::modelSettingsFromArgs(args, *reasonerDir);

    std::optional<int64_t> slice;
    if (auto s = args.value("slice")) slice = mr::cli::parseInteger(*s, "--slice");
    std::optional<mr::imaging::WindowLevel> window;
    if (auto w = args.value("window")) {
        auto v = mr::cli::parseNumbers(*w, "--window");
        if (v.size() != 2 || !(v[1] > 0)) throw mr::cli::UsageError("--window needs C,W with W > 0");
        window = mr::imaging::WindowLevel{v[0], v[1]};
    }

    g::GroundingRequest req;
    req.image = g::readReasonerImage(imagePath, slice, window);
    req.question = question;
    req.imageKey = args.value("image-key", "");
    req.segment = !answerOnly;
    // MedReasoner's eval/infer.py: predict(points, [1,1], box) with multimask on, best score kept.
    req.multimask = settings.expert.type == g::ExpertType::MedSam2;
    req.ask.think = !args.flag("no-think");
    req.ask.doSample = args.flag("sample");
    if (auto n = args.value("max-new-tokens")) {
        req.ask.maxNewTokens = mr::cli::parseInteger(*n, "--max-new-tokens");
        if (req.ask.maxNewTokens < 1) throw mr::cli::UsageError("--max-new-tokens must be at least 1");
    }

    const bool json = args.flag("json");
    bool atLineStart = true;
    g::GroundingCallbacks cb;
    if (!json) {
        cb.onStage = [&](const g::StageEvent& e) {
            if (e.stage == g::Stage::Done) return;
            if (!atLineStart) std::cerr << "\n";
            char buf[64] = "";
            if (e.status != g::StageStatus::Started) std::snprintf(buf, sizeof buf, " (%.0f ms)", e.elapsedMs);
            std::cerr << "[" << g::stageLabel(e.stage) << ": " << g::stageStatusName(e.status) << buf;
            if (!e.detail.empty()) std::cerr << " - " << e.detail;
            std::cerr << "]\n";
            atLineStart = true;
            if (e.stage == g::Stage::Reasoning && e.status == g::StageStatus::Started) std::cerr << std::flush;
        };
        cb.onTextDelta = [&](std::string_view d) {
            std::cerr << d << std::flush;
            if (!d.empty()) atLineStart = d.back() == '\n';
        };
        cb.onAnswer = [&](const mr::reason::ParsedAnswer& a, const g::GroundingResult&) {
            if (!atLineStart) std::cerr << "\n";
            atLineStart = true;
            if (a.box && a.point1 && a.point2) {
                char buf[256];
                std::snprintf(buf, sizeof buf,
                              "[answer in original pixels: box %.1f,%.1f,%.1f,%.1f  points %.1f,%.1f  %.1f,%.1f]\n",
                              a.box->x1, a.box->y1, a.box->x2, a.box->y2, a.point1->x, a.point1->y, a.point2->x,
                              a.point2->y);
                std::cerr << buf;
            }
            for (const auto& i : a.issues)
                std::cerr << "[" << (i.severity == mr::reason::AnswerSeverity::Error ? "error" : "warning") << ": "
                          << i.message << "]\n";
        };
        std::cerr << "image: " << imagePath << " (" << req.image.rgb.width << "x" << req.image.rgb.height << ", "
                  << req.image.describe() << ")\n";
    }

    g::GroundingPipeline pipeline(settings);
    mr::CancelToken cancel;
    g::GroundingResult r = [&] {
        mr::cli::InterruptCancels interrupts(cancel);
        return pipeline.run(req, cb, cancel);
    }();
    if (!json && !atLineStart) std::cerr << "\n";

    bool wrote = false;
    if (const auto* mask = r.bestMask(); mask && out) {
        writeMaskPng(*out, *mask, r.mask->width, r.mask->height);
        wrote = true;
    }
    if (json) {
        mr::json::Value j = g::groundingResultToJson(r);
        j.set("out", wrote ? mr::json::Value(*out) : mr::json::Value());
        std::cout << mr::json::dump(j, 2) << "\n";
    } else {
        if (r.mask)
            for (const auto& w : r.mask->warnings) std::cerr << "warning: " << w << "\n";
        char line[256];
        std::snprintf(line, sizeof line, "timings: load %.0f ms, encode %.0f ms, reason %.0f ms, segment %.0f ms, total %.0f ms\n",
                      g::stageMs(r.timings, g::Stage::LoadingModel), g::stageMs(r.timings, g::Stage::EncodingImage),
                      g::stageMs(r.timings, g::Stage::Reasoning), g::stageMs(r.timings, g::Stage::Segmenting),
                      g::stageMs(r.timings, g::Stage::Done));
        std::cerr << line;
        if (wrote) {
            const g::MaskStats s = g::maskStats(*r.mask);
            std::snprintf(line, sizeof line, "mask: %dx%d, %llu foreground pixels (%.2f%%) -> ", s.width, s.height,
                          static_cast<unsigned long long>(s.area), 100.0 * s.fraction);
            std::cout << line << *out << "\n";
        }
    }
    switch (r.outcome) {
        case g::GroundingOutcome::Mask:
        case g::GroundingOutcome::AnswerOnly: return 0;
        case g::GroundingOutcome::Cancelled: std::cerr << "medreasoner ground: cancelled\n"; return 130;
        default:
            std::cerr << "medreasoner ground: " << r.message << (out && !wrote ? " (no mask written)" : "") << "\n";
            return 1;
    }
}

const mr::cli::Registration reg(
    {"ground",
     "ground --reasoner DIR --expert PATH|classical [--expert-type sam|medsam|medsam2|classical] IMAGE \"question\" "
     "--out mask.png [--json] [--slice N] [--window C,W] [--max-new-tokens N] [--device D] [--dtype T] "
     "[--expert-device D] [--expert-dtype T] [--expert-image-size 512|1024] [--no-think] [--sample] [--answer-only]",
     "ask an image a question: reasoning trace, box and points, and the expert's mask (exit 1 without a mask)",
     runGround});

}  // namespace
