// `medreasoner ground --reasoner DIR --expert PATH|classical IMAGE "question" --out mask.png [--json]`:
// the app's grounding pipeline without the GUI. The reasoning trace streams to stderr (unless
// --json), the mask (0/255, the image's size) is written atomically as a PNG, and --json prints the
// whole result (question, image kind, raw output, think, answer in original pixels, issues, mask
// statistics, stage timings) on stdout.
#include <unistd.h>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <memory>
#include <optional>
#include <cstdio>
#include <iostream>
#include <sstream>

#include "app/cli/command.h"
#include "app/cli/interrupt.h"
#include "app/cli/engine_options.h"
#include "engine/core/cancel.h"
#include "engine/core/files.h"
#include "engine/core/process_memory.h"
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

// The reasoner's precision, load and speed figures, on stderr in every mode (stdout may be JSON).
void printReasonerReport(const g::GroundingResult& r) {
    const mr::reason::ReasonerLoadReport& l = r.reasonerLoad;
    if (!l.dtype.empty()) std::cerr << "reasoner: " << l.summary() << "\n";
    if (!l.notes.empty()) std::cerr << "reasoner: " << l.notes << "\n";
    if (!r.reasoned) return;
    const auto& t = r.reply.timings;
    char line[320];
    std::snprintf(line, sizeof line,
                  "speed: vision tower %.0f ms; prefill %lld tokens at %.1f tokens/s; decode %lld tokens at %.2f "
                  "tokens/s; peak memory %s\n",
                  t.visionMs, static_cast<long long>(t.promptTokens), t.prefillTokensPerSecond,
                  static_cast<long long>(t.generatedTokens), t.decodeTokensPerSecond,
                  t.peakRssBytes ? mr::formatGiB(t.peakRssBytes).c_str() : "unknown");
    std::cerr << line;
}

struct GroundArgs {
    std::unique_ptr<mr::cli::EngineOptions> engine;
    std::string image, question, out, window, imageKey;
    std::optional<int64_t> slice;
    bool json = false, answerOnly = false;
};

void declareGround(CLI::App& app, GroundArgs& a) {
    app.add_option("image", a.image, "a picture, a DICOM file or folder, or a NIfTI file")
        ->required()
        ->type_name("IMAGE");
    app.add_option("question", a.question, "the clinical question")->required()->type_name("\"question\"");
    app.add_option("--out", a.out, "the expert's mask as an 8-bit PNG (0/255)")->type_name("mask.png");
    app.add_flag("--answer-only", a.answerOnly, "stop after the answer: no expert, no mask");
    app.add_flag("--json", a.json, "print the whole result as JSON (the trace is not streamed)");
    app.add_option_function<int64_t>(
        "--slice", [&a](const int64_t& z) { a.slice = z; }, "the axial slice of a volume (default: the middle one)");
    app.add_option("--window", a.window, "the window a gray image is shown through (default: the image's)")
        ->type_name("C,W");
    app.add_option("--image-key", a.imageKey, "an id for the expert's embedding cache")->type_name("KEY");
    a.engine = std::make_unique<mr::cli::EngineOptions>(app);
}

// The trace, the stages and the answer on stderr as they come; `atLineStart` tracks whether the
// next note needs a newline first.
g::GroundingCallbacks streamToStderr(bool& atLineStart) {
    g::GroundingCallbacks cb;
    cb.onStage = [&atLineStart](const g::StageEvent& e) {
        if (e.stage == g::Stage::Done) return;
        if (!atLineStart) std::cerr << "\n";
        char buf[64] = "";
        if (e.status != g::StageStatus::Started) std::snprintf(buf, sizeof buf, " (%.0f ms)", e.elapsedMs);
        std::cerr << "[" << g::stageLabel(e.stage) << ": " << g::stageStatusName(e.status) << buf;
        if (!e.detail.empty()) std::cerr << " - " << e.detail;
        std::cerr << "]\n" << std::flush;
        atLineStart = true;
    };
    cb.onTextDelta = [&atLineStart](std::string_view d) {
        std::cerr << d << std::flush;
        if (!d.empty()) atLineStart = d.back() == '\n';
    };
    cb.onAnswer = [&atLineStart](const mr::reason::ParsedAnswer& a, const g::GroundingResult&) {
        if (!atLineStart) std::cerr << "\n";
        atLineStart = true;
        if (a.box && a.point1 && a.point2) {
            char buf[256];
            std::snprintf(
                buf, sizeof buf, "[answer in original pixels: box %.1f,%.1f,%.1f,%.1f  points %.1f,%.1f  %.1f,%.1f]\n",
                a.box->x1, a.box->y1, a.box->x2, a.box->y2, a.point1->x, a.point1->y, a.point2->x, a.point2->y);
            std::cerr << buf;
        }
        for (const auto& i : a.issues)
            std::cerr << "[" << (i.severity == mr::reason::AnswerSeverity::Error ? "error" : "warning") << ": "
                      << i.message << "]\n";
    };
    return cb;
}

// Timings on stderr, the mask's size and file on stdout.
void printSummary(const g::GroundingResult& r, const std::optional<std::string>& written) {
    if (r.mask)
        for (const auto& w : r.mask->warnings) std::cerr << "warning: " << w << "\n";
    char line[256];
    std::snprintf(line, sizeof line,
                  "timings: load %.0f ms, encode %.0f ms, reason %.0f ms, segment %.0f ms, total %.0f ms\n",
                  g::stageMs(r.timings, g::Stage::LoadingModel), g::stageMs(r.timings, g::Stage::EncodingImage),
                  g::stageMs(r.timings, g::Stage::Reasoning), g::stageMs(r.timings, g::Stage::Segmenting),
                  g::stageMs(r.timings, g::Stage::Done));
    std::cerr << line;
    if (written) {
        const g::MaskStats s = g::maskStats(*r.mask);
        std::snprintf(line, sizeof line, "mask: %dx%d, %llu foreground pixels (%.2f%%) -> ", s.width, s.height,
                      static_cast<unsigned long long>(s.area), 100.0 * s.fraction);
        std::cout << line << *written << "\n";
    }
}

g::GroundingRequest requestOf(const GroundArgs& args, const mr::session::EngineSettings& engine) {
    std::optional<mr::imaging::WindowLevel> window;
    if (!args.window.empty()) {
        auto v = mr::cli::parseNumbers(args.window, "--window");
        if (v.size() != 2 || !(v[1] > 0)) throw mr::cli::UsageError("--window needs C,W with W > 0");
        window = mr::imaging::WindowLevel{v[0], v[1]};
    }
    g::GroundingRequest req;
    req.image = g::readReasonerImage(args.image, args.slice, window);
    req.question = args.question;
    req.imageKey = args.imageKey;
    req.segment = !args.answerOnly;
    req.ask = engine.askOptions();
    // MedReasoner's eval/infer.py: predict(points, [1,1], box) with multimask on, best score kept.
    req.multimask = g::answerPromptsUseMultimask(engine.models.expert.type);
    return req;
}

int runGround(const GroundArgs& args) {
    if (args.out.empty() && !args.answerOnly)
        throw mr::cli::UsageError("--out mask.png is required (or --answer-only)");
    const mr::session::EngineSettings engine = args.engine->settings();
    const g::GroundingRequest req = requestOf(args, engine);

    bool atLineStart = true;
    g::GroundingCallbacks cb;
    if (!args.json) {
        cb = streamToStderr(atLineStart);
        std::cerr << "image: " << args.image << " (" << req.image.rgb.width << "x" << req.image.rgb.height << ", "
                  << req.image.describe() << ")\n";
    }
    g::GroundingPipeline pipeline(engine.models);
    mr::CancelToken cancel;
    g::GroundingResult r = [&] {
        mr::cli::InterruptCancels interrupts(cancel);
        return pipeline.run(req, cb, cancel);
    }();
    if (!args.json && !atLineStart) std::cerr << "\n";
    printReasonerReport(r);

    std::optional<std::string> written;
    if (const auto* mask = r.bestMask(); mask && !args.out.empty()) {
        writeMaskPng(args.out, *mask, r.mask->width, r.mask->height);
        written = args.out;
    }
    if (args.json) {
        mr::json::Value j = g::groundingResultToJson(r);
        j.set("out", written ? mr::json::Value(*written) : mr::json::Value());
        j.set("settings", mr::session::engineSettingsToJson(engine));
        std::cout << mr::json::dump(j, 2) << "\n";
    } else {
        printSummary(r, written);
    }
    switch (r.outcome) {
        case g::GroundingOutcome::Mask:
        case g::GroundingOutcome::AnswerOnly: return 0;
        case g::GroundingOutcome::Cancelled: std::cerr << "medreasoner ground: cancelled\n"; return 130;
        default:
            std::cerr << "medreasoner ground: " << r.message
                      << (!args.out.empty() && !written ? " (no mask written)" : "") << "\n";
            return 1;
    }
}

const mr::cli::Registration reg(mr::cli::makeCommand<GroundArgs>(
    "ground", "ask an image a question: reasoning trace, box and points, and the expert's mask (exit 1 without a mask)",
    declareGround, runGround));

}  // namespace
