// The session layer: engine settings (validation, the prompt template file, the JSON form that
// reports and recorded sessions use) and turning a reviewed case into a dataset sample.
#include <gtest/gtest.h>

#include <filesystem>

#include "engine/core/files.h"
#include "engine/session/engine_settings.h"
#include "engine/session/sample_builder.h"

namespace fs = std::filesystem;
using mr::session::CaseState;
using mr::session::EngineSettings;

namespace {
const std::string kDir = std::string(MR_TEST_OUTPUT_DIR) + "/session";

bool mentions(const std::vector<std::string>& problems, const std::string& text) {
    for (const auto& p : problems)
        if (p.find(text) != std::string::npos) return true;
    return false;
}
}  // namespace

TEST(EngineSettings, DefaultsAreUsableAndProblemsAreListed) {
    EXPECT_TRUE(EngineSettings().problems().empty());
    EngineSettings s;
    s.promptTemplateFile = kDir + "/missing.txt";
    s.ask.maxNewTokens = 0;
    s.ask.topP = 1.5;
    s.ask.temperature = 0;
    s.models.reasoner.folder = kDir + "/no-model";
    const auto p = s.problems();
    EXPECT_TRUE(mentions(p, "missing.txt")) << p.size();
    EXPECT_TRUE(mentions(p, "max new tokens must be between 1 and 32768"));
    EXPECT_TRUE(mentions(p, "top-p must be greater than 0 and at most 1"));
    EXPECT_TRUE(mentions(p, "temperature must be greater than 0"));
    EXPECT_TRUE(mentions(p, "reasoner: "));
}

TEST(EngineSettings, TheTemplateFileIsReadWhenAsking) {
    fs::create_directories(kDir);
    EngineSettings s;
    s.promptTemplateFile = kDir + "/no-placeholder.txt";
    mr::writeFileAtomic(s.promptTemplateFile, "Look closely.\n");
    EXPECT_THROW(s.askOptions(), mr::Error);
    mr::writeFileAtomic(s.promptTemplateFile, "Look closely.\n{Question}\n");
    EXPECT_EQ(s.askOptions().promptTemplate, "Look closely.\n{Question}\n");
    EXPECT_TRUE(EngineSettings().askOptions().promptTemplate.empty());
}

TEST(EngineSettings, JsonRoundTripAndEquality) {
    EngineSettings s;
    s.models.reasoner.folder = "/models/MedReasoner-7B";
    s.models.reasoner.dtype = "bfloat16";
    s.models.expert.type = mr::ground::ExpertType::MedSam;
    s.models.expert.checkpoint = "/models/medsam.pth";
    s.promptTemplateFile = "/prompts/t.txt";
    s.ask.systemMessage = "Be brief.";
    s.ask.doSample = true;
    s.ask.temperature = 0.3;
    s.ask.topK = 7;
    s.ask.seed = 99;
    const EngineSettings back = mr::session::engineSettingsFromJson(mr::session::engineSettingsToJson(s));
    EXPECT_TRUE(back == s);
    EXPECT_FALSE(back == EngineSettings());
    EXPECT_EQ(*back.ask.systemMessage, "Be brief.");
    EXPECT_FALSE(back.ask.topP.has_value());
    EXPECT_THROW(mr::session::engineSettingsFromJson(mr::json::parse("{\"reasoner\": {}}")), mr::Error);
}

TEST(SampleBuilder, ManualReviewBecomesASampleWithItsStatistics) {
    CaseState c;
    mr::imaging::Geometry g;
    g.size = {8, 6, 3};
    c.image = mr::imaging::Image(mr::imaging::PixelType::Int16, g);
    c.image.metadata().modality = "CT";
    EXPECT_FALSE(c.hasReview());
    c.reviewSlice = 1;
    c.firstMask.assign(48, 0);
    c.mask.assign(48, 0);
    for (int i : {10, 11, 18, 19}) c.firstMask[size_t(i)] = 1;
    for (int i : {10, 11, 18, 19, 20}) c.mask[size_t(i)] = 1;
    c.reviewSeconds = 12;
    ASSERT_TRUE(c.hasReview());
    EXPECT_FALSE(c.runBelongsToReview());
    EXPECT_EQ(mr::session::initialChoiceOf(c).modality, "CT");
    const auto summary = mr::session::reviewSummaryOf(c);
    EXPECT_EQ(summary.pixelsChanged, 1);
    EXPECT_NEAR(summary.dice, 8.0 / 9.0, 1e-9);
    mr::dataset::ReviewChoice choice;
    choice.status = mr::dataset::ReviewStatus::Corrected;
    choice.question = "Where?";
    choice.category = "liver tumor";
    const auto draft = mr::session::buildSample(c, choice, "salt", "9.9");
    EXPECT_EQ(draft.sample.status, mr::dataset::ReviewStatus::Corrected);
    EXPECT_EQ(draft.sample.question, "Where?");
    EXPECT_EQ(draft.sample.appVersion, "9.9");
    EXPECT_EQ(draft.sample.source.slice, 1);
    EXPECT_EQ(draft.sample.pixelsChanged, 1);
    EXPECT_EQ(*draft.sample.truthBox, (mr::Box{2, 1, 4, 2}));
    EXPECT_EQ(draft.pixels.width, 8);
    EXPECT_EQ(draft.pixels.rgb.size(), 48u * 3);
    EXPECT_TRUE(draft.sample.rawOutput.empty());
    c.mask.clear();
    EXPECT_THROW(mr::session::buildSample(c, choice, "salt", "9.9"), mr::Error);
}

TEST(SampleBuilder, TheTraceStateSaysCompleteStoppedOrMalformed) {
    mr::ground::GroundingResult r;
    r.reasoned = r.answerParsed = true;
    r.answer.box = mr::Box{1, 1, 4, 4};
    r.answer.point1 = mr::Point{2, 2};
    r.answer.point2 = mr::Point{3, 3};
    r.outcome = mr::ground::GroundingOutcome::Mask;
    r.reply.stopReason = "end of sequence";
    EXPECT_EQ(mr::session::traceStateOf(r), "complete");
    r.reply.cancelled = true;
    r.outcome = mr::ground::GroundingOutcome::Cancelled;
    EXPECT_EQ(mr::session::traceStateOf(r), "stopped");
    r = {};
    r.answerParsed = true;
    r.outcome = mr::ground::GroundingOutcome::FormatIssue;
    r.reply.stopReason = "end of sequence";
    EXPECT_EQ(mr::session::traceStateOf(r), "malformed");
    r.reply.stopReason = "maximum new tokens";  // cut off before it could answer
    EXPECT_EQ(mr::session::traceStateOf(r), "stopped");
}
