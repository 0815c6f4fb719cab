// The DICOMweb client's parts without a PACS: multipart bodies, DICOM JSON, the retry policy
// against a scripted server, the disk cache's size limit, password sources.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "engine/core/files.h"
#include "engine/pacs/credentials.h"
#include "engine/pacs/dicom_json.h"
#include "engine/pacs/dicomweb_client.h"
#include "engine/pacs/multipart.h"
#include "engine/pacs/retry.h"
#include "engine/pacs/series_cache.h"
#include "fault_server.h"
#include "orthanc_server.h"
#include "tests/support/scratch_dir.h"

namespace fs = std::filesystem;
using namespace mr::pacs;
using mr::pacs::testing::FaultServer;

namespace {
using mr::testing::freshDir;
// A file that passes the DICM check.
std::string fakeDicom(const std::string& path, char fill) {
    std::string bytes(128, '\0');
    bytes += "DICM";
    bytes += std::string(1000, fill);
    mr::writeFileAtomic(path, bytes);
    return bytes;
}
}  // namespace

TEST(Multipart, RoundTripAndLineEnds) {
    const std::string a = "first\r\n--not-the-boundary\r\n", b(3000, '\x00');
    const std::string boundary = chooseBoundary({a, b});
    const std::string body = buildMultipart({a, b}, "application/dicom", boundary);
    auto parts = parseMultipart(body, boundary);
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[0].body, a);
    EXPECT_EQ(parts[1].body, b);
    EXPECT_EQ(parts[0].contentType, "application/dicom");
    // LF line ends, a preamble, an epilogue and a quoted boundary.
    const std::string lf =
        "preamble\n--xyz\nContent-Type: Application/DICOM\n\nPART1\n--xyz\n\nPART2\n--xyz--\nepilogue";
    EXPECT_EQ(boundaryOf("multipart/related; type=\"application/dicom\"; boundary=\"xyz\""), "xyz");
    parts = parseMultipart(lf, "xyz");
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[0].body, "PART1");
    EXPECT_EQ(parts[0].contentType, "application/dicom");
    EXPECT_EQ(parts[1].body, "PART2");
}

TEST(Multipart, DamagedBodiesAreErrors) {
    EXPECT_THROW(boundaryOf("multipart/related; type=application/dicom"), MultipartError);
    EXPECT_THROW(parseMultipart("no delimiter here", "b"), MultipartError);
    EXPECT_THROW(parseMultipart("--b\r\nContent-Type: x\r\n\r\nbody cut off", "b"), MultipartError);
    EXPECT_THROW(parseMultipart("--b\r\nContent-Type: x no header end\r\n--b--", "b"), MultipartError);
    EXPECT_THROW(parseMultipart("--b", "b"), MultipartError);
    EXPECT_TRUE(parseMultipart("--b--\r\n", "b").empty());
}

TEST(DicomJson, StudiesSeriesInstances) {
    const auto reply = mr::json::parse(R"([{
        "0020000D": {"vr": "UI", "Value": ["1.2.3"]},
        "00100010": {"vr": "PN", "Value": [{"Alphabetic": "DOE^JANE"}]},
        "00080020": {"vr": "DA", "Value": ["20260101"]},
        "00080061": {"vr": "CS", "Value": ["CT", "SEG"]},
        "00201206": {"vr": "IS", "Value": [2]},
        "00080050": {"vr": "SH"}
    }, {"00100010": {"vr": "PN"}}])");
    const auto studies = parseStudies(reply);
    ASSERT_EQ(studies.size(), 1u);  // the second has no study UID
    EXPECT_EQ(studies[0].patientName, "DOE^JANE");
    EXPECT_EQ(studies[0].modalities, "CT\\SEG");
    EXPECT_EQ(studies[0].seriesCount, 2);
    EXPECT_EQ(studies[0].accessionNumber, "");
    EXPECT_THROW(parseSeries(mr::json::parse("{\"a\": 1}")), mr::json::ParseError);
    EXPECT_THROW(parseInstances(mr::json::parse("[1, 2]")), mr::json::ParseError);
}

// The queries ask for exactly what the parsers read: a reply holding every requested field
// fills every member of the row.
TEST(DicomJson, QueriesAskForEveryColumnTheParsersRead) {
    const auto replyWith = [](const std::vector<std::string>& fields) {
        mr::json::Value row = mr::json::Value::object();
        for (const std::string& f : fields) {
            mr::json::Value attribute = mr::json::Value::object();
            attribute.set("Value", mr::json::Value(mr::json::Array{mr::json::Value("7")}));
            row.set(f, attribute);
        }
        return mr::json::Value(mr::json::Array{row});
    };
    const auto studies = parseStudies(replyWith(studyFields()));
    ASSERT_EQ(studies.size(), 1u);
    const StudyResult& s = studies[0];
    for (const std::string* text : {&s.studyInstanceUid, &s.patientName, &s.patientId, &s.studyDate, &s.studyTime,
                                    &s.description, &s.accessionNumber, &s.modalities})
        EXPECT_EQ(*text, "7");
    EXPECT_EQ(s.seriesCount, 7);
    EXPECT_EQ(s.instanceCount, 7);
    const auto series = parseSeries(replyWith(seriesFields()));
    ASSERT_EQ(series.size(), 1u);
    for (const std::string* text : {&series[0].studyInstanceUid, &series[0].seriesInstanceUid, &series[0].modality,
                                    &series[0].description, &series[0].seriesDate})
        EXPECT_EQ(*text, "7");
    EXPECT_EQ(series[0].seriesNumber, 7);
    EXPECT_EQ(series[0].instanceCount, 7);
}

TEST(Retry, TransientStatusesAreRetriedWithBackOff) {
    FaultServer server({{503, "busy"}, {502, "gateway"}, {200, "[]", "application/dicom+json"}});
    ServerConfig config;
    config.url = server.url() + "/dicom-web";
    config.retry = {4, 0.05, 2.0, 1.0};
    DicomWebClient client(config);
    std::vector<std::string> retries;
    const auto t0 = std::chrono::steady_clock::now();
    EXPECT_TRUE(client.findStudies({}).empty());
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_EQ(server.requests(), 3);
    EXPECT_GE(seconds, 0.05 + 0.1);  // waited 50 ms, then 100 ms
    EXPECT_NE(server.lastRequest().find("GET /dicom-web/studies?"), std::string::npos);
}

TEST(Retry, ServerErrorsFailAtOnceWithTheReason) {
    FaultServer server({{500, "disk is full"}});
    ServerConfig config;
    config.url = server.url();
    config.retry = {4, 0.05, 2.0, 1.0};
    const std::string dir = freshDir("pacs_store500");
    const std::string bytes = fakeDicom(dir + "/seg.dcm", 'x');
    try {
        DicomWebClient(config).store({dir + "/seg.dcm"});
        FAIL() << "a 500 was taken for success";
    } catch (const PacsError& e) {
        const std::string m = e.what();
        EXPECT_EQ(e.status(), 500);
        EXPECT_NE(m.find("HTTP 500"), std::string::npos) << m;
        EXPECT_NE(m.find("disk is full"), std::string::npos) << m;
    }
    EXPECT_EQ(server.requests(), 1);
    EXPECT_EQ(mr::readFile(dir + "/seg.dcm"), bytes);  // the file is untouched
    // The request was a proper STOW-RS body holding the file.
    const std::string request = server.lastRequest();
    EXPECT_NE(request.find("POST /studies"), std::string::npos);
    EXPECT_NE(request.find("multipart/related; type=\"application/dicom\""), std::string::npos);
    EXPECT_NE(request.find(bytes), std::string::npos);
}

TEST(Retry, RefusedConnectionsGiveUpWithAClearMessage) {
    int port = 0;
    {
        FaultServer probe({});
        port = std::stoi(probe.url().substr(probe.url().rfind(':') + 1));
    }  // now closed
    ServerConfig config;
    config.url = "http://127.0.0.1:" + std::to_string(port) + "/dicom-web";
    config.retry = {3, 0.02, 2.0, 1.0};
    try {
        DicomWebClient(config).findStudies({});
        FAIL() << "no server, no error";
    } catch (const PacsError& e) {
        EXPECT_NE(std::string(e.what()).find("cannot reach"), std::string::npos) << e.what();
    }
}

TEST(Retry, CancelStopsTheWait) {
    FaultServer server({{503, "busy"}});
    ServerConfig config;
    config.url = server.url();
    config.retry = {10, 5.0, 2.0, 5.0};
    mr::CancelToken cancel;
    std::thread canceller([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        cancel.cancel();
    });
    const auto t0 = std::chrono::steady_clock::now();
    EXPECT_THROW(DicomWebClient(config).findStudies({}, cancel), mr::Cancelled);
    canceller.join();
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 3.0);
}

TEST(SeriesCache, KeepsWholeSeriesWithinTheLimit) {
    const std::string root = freshDir("pacs_cache");
    std::ofstream(root + "/not-ours.txt") << "someone else's file";
    SeriesCache cache(root, 5000);
    EXPECT_TRUE(cache.find("1.2", "1.2.1").empty());
    for (int i = 0; i < 3; ++i) {
        const std::string series = "1.2." + std::to_string(i);
        const std::string staging = cache.staging("1.2", series);
        EXPECT_TRUE(cache.find("1.2", series).empty()) << "a partial series counts as cached";
        mr::writeFileAtomic(staging + "/a.dcm", std::string(2000, 'a'));
        const std::string folder = cache.commit("1.2", series);
        EXPECT_EQ(cache.find("1.2", series), folder);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));  // distinct use times
    }
    // Three series of 2000 bytes over a 5000-byte limit: the oldest went.
    EXPECT_TRUE(cache.find("1.2", "1.2.0").empty());
    EXPECT_FALSE(cache.find("1.2", "1.2.1").empty());
    EXPECT_FALSE(cache.find("1.2", "1.2.2").empty());
    EXPECT_LE(cache.totalBytes(), 5000u + 200u);
    EXPECT_TRUE(fs::exists(root + "/not-ours.txt"));
}

TEST(Credentials, SecretsComeFromTheEnvironmentOrAFile) {
    ::setenv("MR_TEST_SECRET", "s3cret", 1);
    EXPECT_EQ(readSecret("env:MR_TEST_SECRET"), "s3cret");
    const std::string dir = freshDir("pacs_secret");
    mr::writeFileAtomic(dir + "/pw", "from-file\r\nsecond line\n");
    EXPECT_EQ(readSecret("file:" + dir + "/pw"), "from-file");
    EXPECT_THROW(readSecret("env:MR_TEST_SECRET_UNSET_X"), mr::Error);
    EXPECT_THROW(readSecret("s3cret"), mr::Error);
    try {
        readSecret("hunter2-typed-on-the-command-line");
    } catch (const mr::Error& e) {
        EXPECT_EQ(std::string(e.what()).find("hunter2-typed"), std::string::npos) << "the message shows the secret";
    }
}

TEST(DicomWebQuery, ParametersKeepWildcardsAndEscapeSeparators) {
    EXPECT_EQ(queryParameter("PatientName", "DOE^J*"), "PatientName=DOE^J*");
    EXPECT_EQ(queryParameter("StudyDescription", "CT abdomen"), "StudyDescription=CT?abdomen");
    EXPECT_EQ(queryParameter("PatientID", "a&b=c#d%e+f"), "PatientID=a%26b%3Dc%23d%25e%2Bf");
    EXPECT_EQ(queryParameter("PatientName", "M\xC3\xBCller"), "PatientName=M%C3%BCller");
}

// HTTPS with a self-signed certificate made here, served by `openssl s_server -WWW` on a free
// port: trusted through the CA file it works, the system's trust store refuses it with a message
// that names the certificate problem, and verification off accepts it.
TEST(HttpClientTls, CertificatesAreVerified) {
    const std::string dir = freshDir("pacs_tls");
    const std::string make = "cd " + dir +
                             " && openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 "
                             "-addext subjectAltName=IP:127.0.0.1 -keyout key.pem -out cert.pem >/dev/null 2>&1";
    if (std::system(make.c_str()) != 0) GTEST_SKIP() << "openssl cannot make a test certificate here";
    mr::writeFileAtomic(dir + "/ok.json", "[]");
    const int port = mr::pacs::testing::freeLocalPort();
    const pid_t pid = fork();
    if (pid == 0) {
        if (chdir(dir.c_str()) != 0) _exit(127);
        const std::string accept = "127.0.0.1:" + std::to_string(port);
        execlp("openssl", "openssl", "s_server", "-quiet", "-WWW", "-accept", accept.c_str(), "-cert", "cert.pem",
               "-key", "key.pem", static_cast<char*>(nullptr));
        _exit(127);
    }
    ASSERT_GT(pid, 0);
    struct Stop {
        pid_t pid;
        ~Stop() {
            kill(pid, SIGTERM);
            waitpid(pid, nullptr, 0);
        }
    } stop{pid};
    const std::string url = "https://127.0.0.1:" + std::to_string(port) + "/ok.json";
    TlsOptions trusted;
    trusted.caFile = dir + "/cert.pem";
    HttpResponse r;
    for (int i = 0; i < 100; ++i) {  // until s_server listens
        try {
            r = HttpClient({}, trusted).send({"GET", url, {}, {}, 1 << 20});
            break;
        } catch (const HttpError&) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "[]");
    try {
        HttpClient({}, TlsOptions{}).send({"GET", url, {}, {}, 1 << 20});
        FAIL() << "an untrusted certificate was accepted";
    } catch (const HttpError& e) {
        EXPECT_NE(std::string(e.what()).find("certificate"), std::string::npos) << e.what();
        EXPECT_FALSE(e.transient());
    }
    TlsOptions anyCertificate;
    anyCertificate.verifyPeer = false;
    EXPECT_EQ(HttpClient({}, anyCertificate).send({"GET", url, {}, {}, 1 << 20}).body, "[]");
}
