// `medreasoner ground` with the session layer's engine options: a prompt template file becomes the
// user turn byte for byte (as the --json report shows it), the options' help comes from their
// declaration, and bad values are refused before any model loads.
#include <gtest/gtest.h>

#include <filesystem>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "app/cli/command.h"
#include "engine/core/files.h"
#include "engine/core/json.h"
#include "engine/ground/model_set.h"

namespace fs = std::filesystem;

namespace {

const std::string kReasonerDir = std::string(MR_FIXTURES_DIR) + "/qwen2_5_vl-tiny";
const std::string kDir = std::string(MR_TEST_OUTPUT_DIR) + "/ground";

std::string picture() {
    fs::create_directories(kDir);
    const std::string path = kDir + "/picture.png";
    cv::imwrite(path, cv::Mat(56, 84, CV_8UC3, cv::Scalar(40, 90, 160)));
    return path;
}

std::string run(const std::vector<std::string>& args, int& rc) {
    testing::internal::CaptureStdout();
    testing::internal::CaptureStderr();
    try {
        rc = mr::cli::command("ground").run(args);
    } catch (...) {
        testing::internal::GetCapturedStdout();
        testing::internal::GetCapturedStderr();
        throw;
    }
    testing::internal::GetCapturedStderr();
    return testing::internal::GetCapturedStdout();
}

}  // namespace

TEST(GroundCommand, PromptTemplateBecomesTheUserTurnByteForByte) {
    const std::string templ = "Radiology consult.\n  Question: «{Question}»\n\tAnswer as JSON {\"bbox\": [..]}.\n\n";
    const std::string file = kDir + "/template.txt";
    fs::create_directories(kDir);
    mr::writeFileAtomic(file, templ);
    int rc = -1;
    const std::string out = run({"--reasoner", kReasonerDir, picture(), "Where is the {lesion}?", "--answer-only",
                                 "--json", "--max-new-tokens", "2", "--prompt-template", file, "--system-message",
                                 "Be brief.", "--repetition-penalty", "1.1", "--device", "cpu"},
                                rc);
    const mr::json::Value j = mr::json::parse(out);
    const std::string expected =
        "Radiology consult.\n  Question: «Where is the {lesion}?»\n\tAnswer as JSON {\"bbox\": [..]}.\n\n";
    EXPECT_EQ(j.at("user_prompt").asString(), expected);
    const mr::json::Value& ask = j.at("settings").at("ask");
    EXPECT_EQ(ask.at("prompt_template_file").asString(), file);
    EXPECT_EQ(ask.at("system_message").asString(), "Be brief.");
    EXPECT_DOUBLE_EQ(ask.at("repetition_penalty").asDouble(), 1.1);
    EXPECT_EQ(ask.at("max_new_tokens").asInt(), 2);
}

TEST(GroundCommand, TheBuiltInPromptWithoutThink) {
    int rc = -1;
    const std::string out = run({"--reasoner", kReasonerDir, picture(), "Where is the lesion?", "--answer-only",
                                 "--json", "--max-new-tokens", "1", "--no-think", "--device", "cpu"},
                                rc);
    const std::string prompt = mr::json::parse(out).at("user_prompt").asString();
    EXPECT_NE(prompt.find("Where is the lesion?"), std::string::npos);
    EXPECT_EQ(prompt.find("<think>"), std::string::npos) << prompt;
}

TEST(GroundCommand, HelpComesFromTheDeclarations) {
    const std::string help = mr::cli::command("ground").help();
    for (const char* option : {"--prompt-template", "--system-message", "--repetition-penalty", "--temperature",
                               "--top-p", "--top-k", "--seed", "--no-think", "--max-new-tokens", "--reasoner"})
        EXPECT_NE(help.find(option), std::string::npos) << option << " missing from:\n" << help;
    EXPECT_NE(mr::cli::command("ground").usage().find("medreasoner ground"), std::string::npos);
}

TEST(GroundCommand, BadValuesAreRefusedBeforeLoading) {
    int rc = -1;
    const std::string image = picture();
    EXPECT_THROW(run({"--reasoner", kReasonerDir, image, "q", "--answer-only", "--top-p", "abc"}, rc),
                 mr::cli::UsageError);
    EXPECT_THROW(run({"--reasoner", kReasonerDir, image, "q", "--answer-only", "--no-such-option"}, rc),
                 mr::cli::UsageError);
    try {
        run({"--reasoner", kReasonerDir, image, "q", "--answer-only", "--top-p", "2", "--prompt-template",
             kDir + "/missing.txt"},
            rc);
        FAIL() << "expected the settings to be refused";
    } catch (const mr::ground::ModelSettingsError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("top-p must be greater than 0 and at most 1"), std::string::npos) << m;
        EXPECT_NE(m.find("missing.txt"), std::string::npos) << m;
    }
}
