// Session files: a round trip keeps every field; truncated, corrupt and future files give clear
// errors; a session recorded from a DICOM series holds none of its patient identifiers.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "engine/core/files.h"
#include "engine/demo/abdomen_phantom.h"
#include "engine/ground/grounding_pipeline.h"
#include "engine/ground/reasoner_image.h"
#include "engine/imaging/dicom_scanner.h"
#include "engine/imaging/dicom_series_reader.h"
#include "engine/imaging/dicom_series_writer.h"
#include "engine/record/recorded_session.h"
#include "engine/record/session_from_run.h"
#include "engine/segment/classical_expert.h"
#include "tests/engine/ground/fakes.h"

namespace fs = std::filesystem;
using mr::record::RecordedSession;
using mr::record::SessionFileError;

namespace {

RecordedSession sample() {
    RecordedSession s;
    s.question = "Where is the lesion? (é, 病灶)";
    s.image.width = 40;
    s.image.height = 30;
    for (int i = 0; i < 40 * 30 * 3; ++i) s.image.rgb.push_back(uint8_t(i * 7));
    s.sliceAsDisplayed = true;
    s.window = mr::imaging::WindowLevel{40, 400};
    s.settings.models.reasoner.folder = "/models/qwen";
    s.settings.ask.maxNewTokens = 77;
    s.reasonerDescription = "Qwen2.5-VL (local, cpu)";
    s.dtype = "float32";
    s.modelWidth = 56;
    s.modelHeight = 28;
    s.stopReason = "end of sequence";
    s.decodeTokensPerSecond = 12.5;
    s.trace = {{0, "<think>"}, {12.5, "a \"quoted\"\nline"}, {12.5, "</think>"}, {40, "<answer>{}</answer>"}};
    s.outcome = "mask";
    s.box = mr::Box{2, 3, 40, 30};
    s.point1 = mr::Point{10.5, 11};
    s.point2 = mr::Point{20, 21.25};
    s.promptBox = s.box;
    s.promptPoints = {{10.5, 11, true}, {5, 6, false}};
    s.expertName = "sam";
    s.expertScore = 0.875f;
    s.expertMask = mr::Mask{40, 30, std::vector<uint8_t>(1200, 0)};
    for (int i = 100; i < 400; ++i) s.expertMask->pixels[size_t(i)] = 1;
    s.finalMask = s.expertMask;
    s.finalMask->pixels[5] = 1;
    return s;
}

void expectSame(const RecordedSession& a, const RecordedSession& b) {
    EXPECT_EQ(a.scripted, b.scripted);
    EXPECT_EQ(a.question, b.question);
    EXPECT_EQ(a.image.width, b.image.width);
    EXPECT_EQ(a.image.height, b.image.height);
    EXPECT_EQ(a.image.rgb, b.image.rgb);
    EXPECT_EQ(a.sliceAsDisplayed, b.sliceAsDisplayed);
    EXPECT_EQ(a.window, b.window);
    EXPECT_EQ(a.settings, b.settings);
    EXPECT_EQ(a.reasonerDescription, b.reasonerDescription);
    EXPECT_EQ(a.dtype, b.dtype);
    EXPECT_EQ(a.modelWidth, b.modelWidth);
    EXPECT_EQ(a.modelHeight, b.modelHeight);
    EXPECT_EQ(a.stopReason, b.stopReason);
    EXPECT_EQ(a.decodeTokensPerSecond, b.decodeTokensPerSecond);
    ASSERT_EQ(a.trace.size(), b.trace.size());
    for (size_t i = 0; i < a.trace.size(); ++i) {
        EXPECT_EQ(a.trace[i].ms, b.trace[i].ms);
        EXPECT_EQ(a.trace[i].text, b.trace[i].text);
    }
    EXPECT_EQ(a.outcome, b.outcome);
    EXPECT_EQ(a.message, b.message);
    EXPECT_EQ(a.box, b.box);
    EXPECT_EQ(a.point1, b.point1);
    EXPECT_EQ(a.point2, b.point2);
    EXPECT_EQ(a.promptBox, b.promptBox);
    ASSERT_EQ(a.promptPoints.size(), b.promptPoints.size());
    for (size_t i = 0; i < a.promptPoints.size(); ++i) {
        EXPECT_EQ(a.promptPoints[i].x, b.promptPoints[i].x);
        EXPECT_EQ(a.promptPoints[i].y, b.promptPoints[i].y);
        EXPECT_EQ(a.promptPoints[i].positive, b.promptPoints[i].positive);
    }
    EXPECT_EQ(a.expertName, b.expertName);
    EXPECT_EQ(a.expertScore, b.expertScore);
    ASSERT_EQ(a.expertMask.has_value(), b.expertMask.has_value());
    if (a.expertMask) EXPECT_EQ(a.expertMask->pixels, b.expertMask->pixels);
    ASSERT_EQ(a.finalMask.has_value(), b.finalMask.has_value());
    if (a.finalMask) EXPECT_EQ(a.finalMask->pixels, b.finalMask->pixels);
}

// The error sessionFromJson gives for `json`, or "" when it reads.
std::string errorOf(const std::string& json) {
    try {
        mr::record::sessionFromJson(json);
    } catch (const SessionFileError& e) {
        return e.what();
    }
    return "";
}

// `json` with the first `from` replaced by `to` (which must be there).
std::string edited(std::string json, const std::string& from, const std::string& to) {
    const size_t at = json.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return at == std::string::npos ? json : json.replace(at, from.size(), to);
}

fs::path scratch(const std::string& name) {
    fs::path p = fs::temp_directory_path() / ("mr_record_test_" + std::to_string(::getpid())) / name;
    fs::create_directories(p.parent_path());
    return p;
}

}  // namespace

TEST(RecordedSession, RoundTripKeepsEveryField) {
    const RecordedSession s = sample();
    expectSame(s, mr::record::sessionFromJson(mr::record::sessionToJson(s)));
    EXPECT_EQ(s.traceText(), "<think>a \"quoted\"\nline</think><answer>{}</answer>");
    EXPECT_EQ(s.durationMs(), 40);

    // Through a file, and an answer-less run without masks or window.
    RecordedSession bare = sample();
    bare.window.reset();
    bare.sliceAsDisplayed = false;
    bare.box.reset();
    bare.point1.reset();
    bare.point2.reset();
    bare.promptBox.reset();
    bare.promptPoints.clear();
    bare.expertMask.reset();
    bare.expertScore.reset();
    bare.finalMask.reset();
    bare.outcome = "format_issue";
    bare.message = "The model's output has no usable answer";
    bare.scripted = true;
    const std::string path = scratch("bare.mrsession").string();
    mr::record::saveSession(path, bare);
    expectSame(bare, mr::record::loadSession(path));
}

TEST(RecordedSession, TruncatedOrCorruptFilesGiveClearErrors) {
    const std::string json = mr::record::sessionToJson(sample());
    const std::string path = scratch("cut.mrsession").string();
    mr::writeFileAtomic(path, json.substr(0, json.size() / 2));
    try {
        mr::record::loadSession(path);
        FAIL() << "a truncated file was read";
    } catch (const SessionFileError& e) {
        EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("not valid JSON"), std::string::npos) << e.what();
    }
    EXPECT_THROW(mr::record::loadSession(scratch("missing.mrsession").string()), mr::FileError);

    EXPECT_NE(errorOf("[1, 2]").find("not a JSON object"), std::string::npos);
    EXPECT_NE(errorOf("{\"format\": \"zip\"}").find("not a MedReasoner session"), std::string::npos);
    EXPECT_NE(errorOf(edited(json, "\"question\"", "\"q\"")).find("no \"question\""), std::string::npos);
    EXPECT_NE(errorOf(edited(json, "\"png\": \"", "\"png\": \"*")).find("not base64"), std::string::npos);
    EXPECT_NE(errorOf(edited(json, "\"width\": 40", "\"width\": 41")).find("image png is 40"), std::string::npos);
    EXPECT_NE(errorOf(edited(json, "\"width\": 40", "\"width\": 4000000")).find("between"), std::string::npos);
    EXPECT_NE(errorOf(edited(json, "\"height\": 30", "\"height\": -3")).find("between"), std::string::npos);
    EXPECT_NE(errorOf(edited(json, "12.5,", "99,")).find("earlier than the piece before"), std::string::npos);
    EXPECT_NE(errorOf(edited(json, "\"outcome\": \"mask\"", "\"outcome\": \"maybe\"")).find("unknown"),
              std::string::npos);
    // Coordinates outside the image, a mask that is not on the image's grid, a wrong type.
    RecordedSession far = sample();
    far.box->x1 = -2;
    EXPECT_NE(errorOf(mr::record::sessionToJson(far)).find("answer bbox x1 is -2"), std::string::npos);
    far = sample();
    far.point2->y = 31;
    EXPECT_NE(errorOf(mr::record::sessionToJson(far)).find("outside 0..30"), std::string::npos);
    RecordedSession small = sample();
    small.finalMask = mr::Mask{20, 15, std::vector<uint8_t>(300, 1)};
    EXPECT_THROW(mr::record::sessionToJson(small), SessionFileError);
    EXPECT_NE(errorOf(edited(json, "\"scripted\": false", "\"scripted\": 0")).find("scripted"), std::string::npos);
}

TEST(RecordedSession, UnknownMajorVersionIsRejectedNewerMinorRead) {
    const std::string json = mr::record::sessionToJson(sample());
    const std::string future = edited(json, "\"format_version\": \"1.0\"", "\"format_version\": \"2.0\"");
    EXPECT_NE(errorOf(future).find("format_version 2.0 is not supported"), std::string::npos) << errorOf(future);
    EXPECT_NE(errorOf(edited(json, "\"1.0\"", "\"one\"")).find("not MAJOR.MINOR"), std::string::npos);
    EXPECT_EQ(errorOf(edited(json, "\"1.0\"", "\"1.7\"")), "");
}

TEST(RecordedSession, RecordedFromDicomHoldsNoPatientIdentifiers) {
    mr::demo::PhantomOptions o;
    o.width = o.height = 64;
    o.slices = 4;
    o.pixelSpacing = 5.0;
    const mr::demo::Phantom phantom = mr::demo::makeAbdomenPhantom(o);
    mr::imaging::DicomSeriesOptions w;
    w.patientName = "DOE^JANE^QUINCY";
    w.patientId = "PID7781234";
    w.studyDescription = "ST-MARYS-INFIRMARY ABDOMEN";
    w.seriesDescription = "PORTAL-VENOUS-SECRET";
    w.uidRoot = "1.2.826.0.1.3680043.10.1500.4242";
    const fs::path folder = scratch("patient-doe-jane");
    mr::imaging::writeDicomSeries(phantom.ct, folder.string(), w);
    const auto scan = mr::imaging::scanDicomFolder(folder.string());
    ASSERT_EQ(scan.series.size(), 1u);
    mr::imaging::Image image = mr::imaging::readDicomSeries(scan.series[0]);
    image.metadata().source = folder.string();

    mr::ground::GroundingRequest request;
    request.image = mr::ground::reasonerImageFromSlice(image, 2, mr::imaging::WindowLevel{40, 400});
    request.image.source = image.metadata().source;
    request.question = "Where is the liver?";
    const std::string output =
        "<think>liver</think><answer>{\"bbox\": [5, 10, 30, 40], \"points_1\": [15, 20], \"points_2\": [20, 25]}"
        "</answer>";
    auto reasoner = std::make_shared<mr::ground::testing::ScriptedReasoner>(output, 64, 64);
    std::shared_ptr<mr::segment::SegmentationExpert> expert(mr::segment::makeClassicalExpert());
    mr::ground::GroundingPipeline pipeline(reasoner, expert);
    std::vector<mr::record::TracePiece> trace;
    mr::ground::GroundingCallbacks callbacks;
    callbacks.onTextDelta = [&](std::string_view d) { trace.push_back({double(trace.size()), std::string(d)}); };
    const mr::ground::GroundingResult run = pipeline.run(request, callbacks);
    ASSERT_EQ(run.outcome, mr::ground::GroundingOutcome::Mask) << run.message;

    RecordedSession s = mr::record::sessionFromRun(run, trace, {});
    s.finalMask = s.expertMask;
    const std::string path = scratch("doe.mrsession").string();
    mr::record::saveSession(path, s);
    const std::string bytes = mr::readFile(path);
    const std::vector<std::string> identifiers = {"DOE",
                                                  "JANE",
                                                  "QUINCY",
                                                  "PID7781234",
                                                  "MARYS",
                                                  "INFIRMARY",
                                                  "PORTAL-VENOUS-SECRET",
                                                  "1.2.826.0.1.3680043",
                                                  image.metadata().studyInstanceUid,
                                                  image.metadata().seriesInstanceUid,
                                                  "patient-doe-jane",
                                                  folder.string()};
    for (const auto& id : identifiers) {
        ASSERT_FALSE(id.empty());
        EXPECT_EQ(bytes.find(id), std::string::npos) << id << " is in the session file";
    }

    // What it recorded plays back as the run it was.
    const RecordedSession back = mr::record::loadSession(path);
    EXPECT_EQ(back.traceText(), run.reply.text);
    const mr::ground::GroundingResult replayed = mr::record::runFromSession(back);
    EXPECT_EQ(replayed.outcome, run.outcome);
    EXPECT_EQ(replayed.reply.text, run.reply.text);
    EXPECT_EQ(replayed.answer.box, run.answer.box);
    EXPECT_EQ(replayed.answer.point1, run.answer.point1);
    EXPECT_EQ(replayed.answer.point2, run.answer.point2);
    EXPECT_EQ(replayed.answer.ok(), run.answer.ok());
    ASSERT_TRUE(replayed.hasMask());
    EXPECT_EQ(*replayed.bestMask(), *run.bestMask());
    EXPECT_EQ(replayed.image.rgb.rgb, run.image.rgb.rgb);
    EXPECT_TRUE(replayed.image.source.empty());
}
