// `medreasoner seg-export` and `pacs find|get|put` through
// their registered commands (the command files are compiled into this test), the PACS part
// against a real Orthanc started here (skipped, saying why, when it cannot start).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "app/cli/command.h"
#include "engine/core/files.h"
#include "engine/dataset/dataset_store.h"
#include "engine/demo/demo_case.h"
#include "engine/imaging/dicom_scanner.h"
#include "engine/imaging/dicom_seg_reader.h"
#include "engine/imaging/dicom_series_reader.h"
#include "engine/imaging/nifti.h"
#include "tests/engine/pacs/orthanc_server.h"
#include "tests/engine/imaging/dciodvfy.h"

namespace fs = std::filesystem;
namespace im = mr::imaging;
using mr::pacs::testing::OrthancServer;

namespace {

const std::string kDir = std::string(MR_TEST_OUTPUT_DIR) + "/cli";

const mr::demo::DemoCase& demo() {
    static const mr::demo::DemoCase d = mr::demo::ensureDemoCase(std::string(MR_TEST_OUTPUT_DIR) + "/demo");
    return d;
}

std::string fresh(const std::string& name) {
    const std::string p = kDir + "/" + name;
    fs::remove_all(p);
    fs::create_directories(p);
    return p;
}

}  // namespace

TEST(SegExportCli, LabelMapBecomesOneSegmentPerLabel) {
    const std::string out = fresh("seg_export") + "/labels.dcm";
    ASSERT_EQ(mr::cli::command("seg-export")
                  .run({"--image", demo().dicomFolder, "--mask", demo().labelsPath, "--out", out, "--annotator",
                        "Reviewer^Rita", "--link-source"}),
              0);
    mr::imaging::testing::expectValidDicom(out);
    const im::Image ct = im::readDicomSeries(im::scanDicomFolder(demo().dicomFolder).series.at(0));
    const im::Image labels = im::readNifti(demo().labelsPath);
    const im::DicomSeg seg = im::readDicomSeg(out);
    EXPECT_EQ(seg.contentCreator, "Reviewer^Rita");
    const im::Segmentation placed = im::placeDicomSeg(seg, im::segSourceOf(ct));
    // Segment k holds exactly the voxels of the k-th label value present, in value order.
    std::vector<int> values;
    for (size_t i = 0; i < labels.byteSize(); ++i)
        if (labels.bytes()[i] && std::find(values.begin(), values.end(), labels.bytes()[i]) == values.end())
            values.push_back(labels.bytes()[i]);
    std::sort(values.begin(), values.end());
    ASSERT_EQ(placed.segments.size(), values.size());
    const size_t slice = size_t(ct.width() * ct.height());
    std::vector<uint8_t> want(slice), got(slice);
    for (size_t k = 0; k < values.size(); ++k)
        for (int64_t z = 0; z < ct.depth(); ++z) {
            const uint8_t* v = labels.bytes() + size_t(z) * slice;
            for (size_t i = 0; i < slice; ++i) want[i] = v[i] == values[k];
            const auto& s = placed.segments[k].slices[size_t(z)];
            if (s.empty()) std::fill(got.begin(), got.end(), 0);
            else got = s;
            ASSERT_EQ(got, want) << "label " << values[k] << " slice " << z;
        }
}

TEST(SegExportCli, BadArgumentsAreUsageErrors) {
    const auto& c = mr::cli::command("seg-export");
    EXPECT_THROW(c.run({"--image", demo().dicomFolder}), mr::cli::UsageError);
    const std::string dir = fresh("seg_export_bad");
    // A one-slice PNG over a 160-slice series needs --slice.
    mr::writeFileAtomic(dir + "/mask.png", mr::readFile(demo().labelsPath));  // not even a PNG
    EXPECT_THROW(c.run({"--image", demo().dicomFolder, "--mask", dir + "/mask.png", "--out", dir + "/x.dcm"}),
                 mr::Error);
    EXPECT_FALSE(fs::exists(dir + "/x.dcm"));
}

TEST(PacsCli, PutFindGetAgainstOrthanc) {
    OrthancServer server(fresh("orthanc"));
    if (!server.start()) GTEST_SKIP() << "Orthanc cannot start here: " << server.failure();
    ::setenv("MR_TEST_PACS_PASSWORD", server.password().c_str(), 1);
    const std::vector<std::string> auth = {"--server",        server.dicomWebUrl(),        "--user",    server.user(),
                                           "--password-from", "env:MR_TEST_PACS_PASSWORD", "--retries", "1"};
    auto with = [&](std::vector<std::string> args) {
        args.insert(args.end(), auth.begin(), auth.end());
        return args;
    };
    const auto files = im::scanDicomFolder(demo().dicomFolder).series.at(0).files;
    const std::vector<std::string> three(files.begin(), files.begin() + 3);
    const auto& pacs = mr::cli::command("pacs");
    std::vector<std::string> put = {"put"};
    put.insert(put.end(), three.begin(), three.end());
    ASSERT_EQ(pacs.run(with(put)), 0);

    ::testing::internal::CaptureStdout();
    ASSERT_EQ(pacs.run(with({"find", "--patient", "ANONYMOUS*", "--json"})), 0);
    const auto studies = mr::json::parse(::testing::internal::GetCapturedStdout());
    ASSERT_EQ(studies.size(), 1u);
    const std::string study = studies[0].at("study_instance_uid").asString();
    ::testing::internal::CaptureStdout();
    ASSERT_EQ(pacs.run(with({"find", "--study", study, "--json"})), 0);
    const auto series = mr::json::parse(::testing::internal::GetCapturedStdout());
    ASSERT_EQ(series.size(), 1u);
    EXPECT_EQ(series[0].at("instances").asInt(), 3);

    const std::string out = fresh("pacs_get");
    ASSERT_EQ(pacs.run(with({"get", "--study", study, "--series", series[0].at("series_instance_uid").asString(),
                             "--out", out, "--cache", fresh("pacs_cache"), "--quiet"})),
              0);
    size_t got = 0;
    for (const auto& e : fs::directory_iterator(out)) got += e.path().extension() == ".dcm";
    EXPECT_EQ(got, 3u);

    // A wrong password: a clear error, and nothing written.
    ::setenv("MR_TEST_PACS_PASSWORD", "wrong", 1);
    try {
        pacs.run(with({"find"}));
        FAIL() << "a wrong password was accepted";
    } catch (const mr::Error& e) {
        EXPECT_NE(std::string(e.what()).find("check the user name and password"), std::string::npos) << e.what();
    }
    // A refused store keeps the files and says where they are.
    try {
        pacs.run(with(put));
        FAIL() << "a store with a wrong password succeeded";
    } catch (const mr::Error& e) {
        EXPECT_NE(std::string(e.what()).find(three[0]), std::string::npos) << e.what();
    }
}
