// The DICOMweb client against a real Orthanc (Debian's orthanc + orthanc-dicomweb), started here on
// 127.0.0.1 on free ports with its own storage and configuration: upload the demo series, find
// it, retrieve it and load it, store a SEG made on the retrieved series, find the SEG, retrieve it
// and compare. Faults: a wrong password, Orthanc stopped in the middle of a retrieval (and the
// retrieval resumed after a restart). Skips, saying why, only when Orthanc cannot start.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <memory>

#include "engine/core/files.h"
#include "engine/demo/demo_case.h"
#include "engine/imaging/dicom_scanner.h"
#include "engine/imaging/dicom_seg_reader.h"
#include "engine/imaging/dicom_seg_writer.h"
#include "engine/imaging/dicom_series_reader.h"
#include "engine/imaging/segment_terms.h"
#include "engine/pacs/dicomweb_client.h"
#include "orthanc_server.h"
#include "tests/support/scratch_dir.h"

namespace fs = std::filesystem;
namespace im = mr::imaging;
using namespace mr::pacs;
using mr::pacs::testing::OrthancServer;

namespace {

using mr::testing::freshDir;

const mr::demo::DemoCase& demo() {
    static const mr::demo::DemoCase d = mr::demo::ensureDemoCase(std::string(MR_TEST_OUTPUT_DIR) + "/demo");
    return d;
}

std::vector<std::string> demoFiles() { return im::scanDicomFolder(demo().dicomFolder).series.at(0).files; }

ServerConfig configFor(const OrthancServer& server, const std::string& password) {
    ServerConfig c;
    c.url = server.dicomWebUrl();
    c.auth = {HttpAuth::Kind::Basic, server.user(), password};
    c.retry = {2, 0.05, 2.0, 0.2};  // quick give-up keeps the fault tests short
    return c;
}

std::vector<std::string> dicomFilesIn(const std::string& folder) {
    std::vector<std::string> files;
    for (const auto& e : fs::directory_iterator(folder))
        if (e.path().extension() == ".dcm") files.push_back(e.path().string());
    return files;
}

// One Orthanc for the suite (starting one takes a second or two), with the demo series on it.
class OrthancTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        server_ = std::make_unique<OrthancServer>(freshDir("orthanc"));
        if (!server_->start()) return;
        DicomWebClient client(configFor(*server_, server_->password()));
        uploaded_ = client.store(demoFiles()).stored;
    }
    static void TearDownTestSuite() { server_.reset(); }
    void SetUp() override {
        if (!server_->running()) GTEST_SKIP() << "Orthanc cannot start here: " << server_->failure();
    }
    static std::unique_ptr<OrthancServer> server_;
    static int uploaded_;
};
std::unique_ptr<OrthancServer> OrthancTest::server_;
int OrthancTest::uploaded_ = 0;

}  // namespace

TEST_F(OrthancTest, UploadFindRetrieveStoreSegAndCompare) {
    const auto files = demoFiles();
    EXPECT_EQ(uploaded_, int(files.size()));
    const DicomWebClient client(configFor(*server_, server_->password()));
    const im::Image local = im::readDicomSeries(files);

    // Find: by patient name (with a wildcard), by modality and date, and by nothing that matches.
    StudyQuery byName;
    byName.patientName = "ANONYMOUS*";
    const auto studies = client.findStudies(byName);
    ASSERT_EQ(studies.size(), 1u);
    EXPECT_EQ(studies[0].studyInstanceUid, local.metadata().studyInstanceUid);
    EXPECT_EQ(studies[0].patientId, "DEMO0001");
    StudyQuery byModality;
    byModality.modality = "CT";
    byModality.studyDate = "20250101-20261231";
    EXPECT_EQ(client.findStudies(byModality).size(), 1u);
    StudyQuery nobody;
    nobody.patientName = "NOBODY*";
    EXPECT_TRUE(client.findStudies(nobody).empty());
    const auto series = client.findSeries(studies[0].studyInstanceUid);
    ASSERT_EQ(series.size(), 1u);
    EXPECT_EQ(series[0].modality, "CT");

    // Retrieve into the cache and load it as the viewer does: the same voxels and geometry.
    SeriesCache cache(freshDir("orthanc_cache"), uint64_t(1) << 30);
    double last = 0;
    const std::string folder = client.retrieveSeries(studies[0].studyInstanceUid, series[0].seriesInstanceUid, cache,
                                                     {}, [&](double f, std::string_view) { last = f; });
    EXPECT_DOUBLE_EQ(last, 1.0);
    const auto retrievedFiles = dicomFilesIn(folder);
    ASSERT_EQ(retrievedFiles.size(), files.size());
    const im::Image retrieved = im::readDicomSeries(retrievedFiles);
    ASSERT_EQ(retrieved.geometry().size, local.geometry().size);
    for (int i = 0; i < 3; ++i) EXPECT_NEAR(retrieved.geometry().origin[i], local.geometry().origin[i], 1e-9);
    ASSERT_EQ(retrieved.byteSize(), local.byteSize());
    EXPECT_EQ(std::memcmp(retrieved.bytes(), local.bytes(), local.byteSize()), 0);
    // A second retrieval comes from the cache.
    std::string said;
    EXPECT_EQ(client.retrieveSeries(studies[0].studyInstanceUid, series[0].seriesInstanceUid, cache, {},
                                    [&](double, std::string_view what) { said = std::string(what); }),
              folder);
    EXPECT_NE(said.find("cache"), std::string::npos);

    // A SEG linked to the retrieved series, stored, found, retrieved and compared.
    im::Segmentation seg;
    seg.geometry = retrieved.geometry();
    seg.addSegment(im::describeSegment("liver tumor", "MedSAM", "MedReasoner-7B", "test"));
    for (int64_t z = 75; z < 80; ++z) {
        std::vector<uint8_t> m(size_t(retrieved.width() * retrieved.height()), 0);
        for (int64_t y = 150; y < 170 + z - 75; ++y)
            for (int64_t x = 140; x < 175; ++x) m[size_t(y * retrieved.width() + x)] = 1;
        seg.setSlice(0, z, m.data(), m.size());
    }
    const std::string segPath = freshDir("orthanc_seg") + "/seg.dcm";
    im::SegWriteOptions options;
    options.identity = im::SegIdentity::LinkedToSource;
    im::writeDicomSeg(seg, im::segSourceOf(retrieved), options, segPath);
    EXPECT_EQ(client.store({segPath}).stored, 1);
    const auto segSeries = client.findSeries(studies[0].studyInstanceUid, "SEG");
    ASSERT_EQ(segSeries.size(), 1u);
    const std::string segFolder =
        client.retrieveSeries(studies[0].studyInstanceUid, segSeries[0].seriesInstanceUid, cache);
    const auto segFiles = dicomFilesIn(segFolder);
    ASSERT_EQ(segFiles.size(), 1u);
    const im::Segmentation back = im::placeDicomSeg(im::readDicomSeg(segFiles[0]), im::segSourceOf(retrieved));
    ASSERT_EQ(back.segments.size(), 1u);
    for (size_t z = 0; z < seg.segments[0].slices.size(); ++z) {
        const auto& want = seg.segments[0].slices[z];
        const auto& got = back.segments[0].slices[z];
        EXPECT_EQ(want.empty(), got.empty()) << "slice " << z;
        if (!want.empty()) EXPECT_EQ(got, want) << "slice " << z;
    }
    EXPECT_EQ(back.segments[0].description.label, "liver tumor");
}

TEST_F(OrthancTest, WrongPasswordSaysSo) {
    const DicomWebClient client(configFor(*server_, "not-the-password"));
    try {
        client.findStudies({});
        FAIL() << "a wrong password was accepted";
    } catch (const PacsError& e) {
        EXPECT_EQ(e.status(), 401);
        EXPECT_NE(std::string(e.what()).find("check the user name and password"), std::string::npos) << e.what();
        EXPECT_EQ(std::string(e.what()).find("not-the-password"), std::string::npos)
            << "the message shows the password";
    }
}

TEST_F(OrthancTest, StoppedMidRetrieveKeepsWhatArrivedAndResumes) {
    const DicomWebClient client(configFor(*server_, server_->password()));
    const auto study = client.findStudies({}).at(0).studyInstanceUid;
    std::string seriesUid;
    for (const auto& s : client.findSeries(study, "CT")) seriesUid = s.seriesInstanceUid;
    SeriesCache cache(freshDir("orthanc_cache_fault"), uint64_t(1) << 30);
    int received = 0;
    try {
        client.retrieveSeries(study, seriesUid, cache, {}, [&](double, std::string_view what) {
            if (what.rfind("Retrieving", 0) == 0 && ++received == 5) server_->stop();  // the PACS goes down
        });
        FAIL() << "the retrieval survived a stopped server";
    } catch (const PacsError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("cannot reach"), std::string::npos) << m;
        EXPECT_NE(m.find("5 of 160 instances received"), std::string::npos) << m;
    }
    EXPECT_TRUE(cache.find(study, seriesUid).empty()) << "a partial series must not look cached";
    EXPECT_EQ(dicomFilesIn(cache.staging(study, seriesUid)).size(), 5u);

    ASSERT_TRUE(server_->start()) << server_->failure();
    int fetched = 0;
    const std::string folder =
        client.retrieveSeries(study, seriesUid, cache, {}, [&](double, std::string_view) { ++fetched; });
    EXPECT_EQ(dicomFilesIn(folder).size(), 160u);
    EXPECT_EQ(im::readDicomSeries(dicomFilesIn(folder)).depth(), 160);
}
