#pragma once
// A recorded grounding session: everything needed to show one question again without any model,
// and nothing that names the patient. It holds the picture exactly as the reasoner saw it (RGB,
// after windowing), the question, the engine settings, the raw token stream with the time each
// piece arrived, the parsed answer, the expert's prompts and mask, and the user's final mask.
// Deliberately absent: the source path, the slice's DICOM attributes (names, IDs, dates, UIDs,
// institution) and the image metadata; only pixels and numbers cross from the case.
#include <optional>
#include <string>
#include <vector>

#include "engine/core/error.h"
#include "engine/core/geometry.h"
#include "engine/core/raster.h"
#include "engine/imaging/windowing.h"
#include "engine/segment/segmentation_expert.h"
#include "engine/session/engine_settings.h"

namespace mr::record {

class SessionFileError : public mr::Error {
public:
    using mr::Error::Error;
};

// One piece of the reasoner's text as it streamed (about one token), `ms` after the question.
struct TracePiece {
    double ms = 0;
    std::string text;
};

struct RecordedSession {
    bool scripted = false;  // written by hand (the demo tour), not by a model
    std::string question;
    mr::RgbImage image;                          // as the reasoner and the expert saw it
    bool sliceAsDisplayed = false;               // a gray slice through `window`; else an RGB picture
    std::optional<imaging::WindowLevel> window;  // the window it was shown through, when gray
    mr::session::EngineSettings settings;        // which models and how they were asked
    std::string reasonerDescription, dtype;      // e.g. "Qwen2.5-VL (local)", "bfloat16"
    int modelWidth = 0, modelHeight = 0;         // the image the model saw, after its own resize
    std::string stopReason;                      // "end of sequence", "maximum new tokens", ...
    double decodeTokensPerSecond = 0;
    std::vector<TracePiece> trace;  // in arrival order, ms not decreasing
    std::string outcome;            // ground::groundingOutcomeName(): "mask", "format_issue", ...
    std::string message;            // the engine's message for that outcome ("" for a mask)
    // The answer in the image's pixels (absent parts were not in the model's output).
    std::optional<mr::Box> box;
    std::optional<mr::Point> point1, point2;
    // What the expert was given and what it made; absent when it did not run.
    std::optional<mr::Box> promptBox;
    std::vector<segment::PointPrompt> promptPoints;
    std::string expertName;
    std::optional<mr::Mask> expertMask;  // the expert's best mask, 0/1
    std::optional<float> expertScore;    // its own estimate of that mask, when it gives one
    std::optional<mr::Mask> finalMask;   // after the user's corrections, 0/1

    // The whole raw text: the pieces joined.
    std::string traceText() const;
    // The time of the last piece (0 without any).
    double durationMs() const;
};

// The file format's version: readers accept any 1.x and reject other majors.
inline constexpr int kSessionFormatMajor = 1;
inline constexpr int kSessionFormatMinor = 0;
// The largest session file read (a 2048 × 2048 picture with two masks stays well below it).
inline constexpr uint64_t kMaxSessionFileBytes = uint64_t(256) << 20;
// The most trace pieces one session may hold (a model writes at most 32768 new tokens).
inline constexpr size_t kMaxTracePieces = 65536;

// The session as one JSON document (the images and masks as base64 PNG inside it).
std::string sessionToJson(const RecordedSession& session);
// Parses and checks everything: the version, every size against engine/core/limits.h, pictures
// that decode to the stated size, masks on the image's grid, coordinates inside the image, times
// in order. Throws SessionFileError naming the field and why.
RecordedSession sessionFromJson(std::string_view text);

// Writes atomically (mr::writeFileAtomic); throws mr::FileError / SessionFileError.
void saveSession(const std::string& path, const RecordedSession& session);
// Reads a file from anywhere; errors name the file. The plain entry point for tools (a figure
// from a session): image, question, traceText(), box and points, masks.
RecordedSession loadSession(const std::string& path);

}  // namespace mr::record
