// `medreasoner figure` on a sample of a dataset the test saves: PNG (read back with OpenCV, the
// mask's colour on it), SVG (the question in it), PDF (rendered by pdftoppm), by id with --dataset
// and by the sample's image file; a recorded session's .mrsession file; names that are no sample
// and unknown formats are clear errors, and the dataset folder is not changed.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <opencv2/imgcodecs.hpp>

#include "app/cli/command.h"
#include "engine/core/error.h"
#include "engine/core/files.h"
#include "engine/record/recorded_session.h"
#include "tests/engine/dataset/dataset_test_util.h"
#include "tests/support/foreign_umrg_folder.h"

namespace fs = std::filesystem;

namespace {

int run(const std::vector<std::string>& args) {
    for (const auto& c : mr::cli::commands())
        if (c.name == "figure") return c.run(args);
    throw std::runtime_error("no figure command");
}

// A dataset with one saved CT sample: 96×80 pixels, a round mask, the answer's box and points.
std::string datasetWithOneSample() {
    const std::string dir = mr::dataset::test::freshDir("figure-dataset");
    auto store = mr::dataset::DatasetStore::open(dir);
    mr::dataset::Sample s = mr::dataset::test::makeSample("Where would you biopsy the liver lesion?");
    s.think = "The liver shows a round hypodense lesion.\nIts margin is the best target.";
    s.answerText = R"({"bbox":[30,22,66,58],"points_1":[44,40],"points_2":[52,42]})";
    s.bbox = mr::Box{30, 22, 66, 58};
    s.points = {{44, 40}, {52, 42}};
    s.source.kind = "dicom_series";
    s.source.size = {96, 80, 1};
    s.source.spacing = {0.7, 0.7, 2.5};
    mr::dataset::SamplePixels px = mr::dataset::test::makePixels(96, 80, 1);
    for (int y = 0; y < 80; ++y)
        for (int x = 0; x < 96; ++x) {
            const size_t i = size_t(y * 96 + x);
            px.rgb[i * 3] = px.rgb[i * 3 + 1] = px.rgb[i * 3 + 2] = uint8_t(60 + x);
            px.finalMask[i] = (x - 48) * (x - 48) + (y - 40) * (y - 40) < 144;
        }
    EXPECT_EQ(store->append(s, px).id, "000001");
    return dir;
}

// Pixels of the figure's mask outline colour (BGR as OpenCV reads it).
int maskColourPixels(const cv::Mat& bgr) {
    int n = 0;
    for (int y = 0; y < bgr.rows; ++y)
        for (int x = 0; x < bgr.cols; ++x) {
            const cv::Vec3b p = bgr.at<cv::Vec3b>(y, x);
            n += std::abs(p[0] - 255) + std::abs(p[1] - 200) + p[2] < 40;
        }
    return n;
}

}  // namespace

TEST(FigureCommand, DrawsASavedSampleAsPngSvgAndPdf) {
    const std::string dir = datasetWithOneSample();
    const auto before = mr::test::snapshotFiles(dir);
    const std::string out = std::string(MR_TEST_OUTPUT_DIR);

    testing::internal::CaptureStdout();
    EXPECT_EQ(run({"000001", "--dataset", dir, "--out", out + "/sample.png"}), 0);
    EXPECT_NE(testing::internal::GetCapturedStdout().find("sample 000001"), std::string::npos);
    const cv::Mat png = cv::imread(out + "/sample.png", cv::IMREAD_COLOR);
    ASSERT_FALSE(png.empty());
    EXPECT_GT(png.cols, 1000);  // side by side: image and text column
    EXPECT_GT(maskColourPixels(png), 100);

    // By the sample's image file, stacked, the trace trimmed.
    testing::internal::CaptureStdout();
    EXPECT_EQ(run({dir + "/images/000001.png", "--out", out + "/sample.svg", "--layout", "stacked", "--trace",
                   "trimmed", "--trace-lines", "1"}),
              0);
    testing::internal::GetCapturedStdout();
    const std::string svg = mr::readFile(out + "/sample.svg");
    EXPECT_NE(svg.find("<svg"), std::string::npos);
    EXPECT_NE(svg.find("Where would you biopsy the liver lesion?"), std::string::npos);
    EXPECT_NE(svg.find("1 more line"), std::string::npos);
    EXPECT_NE(svg.find("mm"), std::string::npos);  // the spacing is known: the scale bar is in mm

    testing::internal::CaptureStdout();
    EXPECT_EQ(run({"000001", "--dataset", dir, "--out", out + "/sample.pdf"}), 0);
    testing::internal::GetCapturedStdout();
    EXPECT_EQ(mr::readFile(out + "/sample.pdf").substr(0, 5), "%PDF-");
    if (std::string(MR_PDFTOPPM).empty() || !fs::exists(MR_PDFTOPPM)) {
        GTEST_SKIP() << "pdftoppm (poppler-utils) is not installed; scripts/setup.sh installs it";
    }
    const std::string page = out + "/sample-page";
    const std::string command =
        std::string(MR_PDFTOPPM) + " -png -r 50 -singlefile '" + out + "/sample.pdf' '" + page + "'";
    ASSERT_EQ(std::system(command.c_str()), 0);
    const cv::Mat rendered = cv::imread(page + ".png", cv::IMREAD_COLOR);
    ASSERT_FALSE(rendered.empty());
    cv::Scalar mean, deviation;
    cv::meanStdDev(rendered, mean, deviation);
    EXPECT_GT(deviation[0], 10) << "the rendered page is blank";

    EXPECT_EQ(mr::test::snapshotFiles(dir), before);  // read-only
}

// A session as the app records it: an 80×64 picture, the streamed trace, box, points, the
// corrected mask.
mr::record::RecordedSession smallSession() {
    mr::record::RecordedSession s;
    s.question = "Which structure is enhancing?";
    s.image.width = 80, s.image.height = 64;
    s.image.rgb.assign(size_t(80 * 64 * 3), 90);
    s.modelWidth = 80, s.modelHeight = 64;
    s.trace = {{0, "<think>A bright round focus "},
               {40, "on the left.</think>"},
               {90, R"(<answer>{"bbox":[20,16,44,40],"points_1":[30,28],"points_2":[34,30]}</answer>)"}};
    s.outcome = "mask";
    s.box = mr::Box{20, 16, 44, 40};
    s.point1 = mr::Point{30, 28};
    s.point2 = mr::Point{34, 30};
    mr::Mask mask;
    mask.width = 80, mask.height = 64;
    mask.pixels.assign(size_t(80 * 64), 0);
    for (int y = 0; y < 64; ++y)
        for (int x = 0; x < 80; ++x) mask.pixels[size_t(y * 80 + x)] = (x - 32) * (x - 32) + (y - 28) * (y - 28) < 100;
    s.finalMask = mask;
    return s;
}

TEST(FigureCommand, DrawsARecordedSession) {
    const std::string out = std::string(MR_TEST_OUTPUT_DIR);
    const std::string folder = mr::dataset::test::freshDir("figure-session");
    fs::create_directories(folder);
    const std::string session = folder + "/case.mrsession";
    mr::record::saveSession(session, smallSession());
    testing::internal::CaptureStdout();
    EXPECT_EQ(run({session, "--out", out + "/session.png"}), 0);
    EXPECT_NE(testing::internal::GetCapturedStdout().find("session " + session), std::string::npos);
    const cv::Mat png = cv::imread(out + "/session.png", cv::IMREAD_COLOR);
    ASSERT_FALSE(png.empty());
    EXPECT_GT(maskColourPixels(png), 50);

    testing::internal::CaptureStdout();
    EXPECT_EQ(run({session, "--out", out + "/session.svg"}), 0);
    testing::internal::GetCapturedStdout();
    const std::string svg = mr::readFile(out + "/session.svg");
    EXPECT_NE(svg.find("Which structure is enhancing?"), std::string::npos);
    EXPECT_NE(svg.find("A bright round focus on the left."), std::string::npos);  // the trace, joined
    EXPECT_NE(svg.find("px"), std::string::npos);  // a session has no spacing: the scale bar is in pixels

    try {
        run({session + ".missing.mrsession", "--out", out + "/never.png"});
        ADD_FAILURE() << "a missing session file drew a figure";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find(".missing.mrsession"), std::string::npos) << e.what();
    }
}

TEST(FigureCommand, NamesThatAreNoSampleAreClearErrors) {
    const std::string dir = datasetWithOneSample();
    const std::string out = std::string(MR_TEST_OUTPUT_DIR) + "/never.png";
    auto message = [&](const std::vector<std::string>& args) {
        try {
            run(args);
        } catch (const std::exception& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_NE(message({"session.json", "--out", out}).find("not a dataset sample"), std::string::npos);
    EXPECT_NE(message({"000009", "--dataset", dir, "--out", out}).find("not a dataset sample"), std::string::npos);
    EXPECT_NE(message({"000001", "--dataset", dir + "/nowhere", "--out", out}).find("no such folder"),
              std::string::npos);
    EXPECT_NE(message({"000001", "--dataset", dir, "--out", out + ".jpg"}).find(".png, .svg or .pdf"),
              std::string::npos);
    EXPECT_THROW(run({"000001", "--dataset", dir, "--out", out, "--layout", "diagonal"}), mr::cli::UsageError);
    EXPECT_FALSE(fs::exists(out));
}
