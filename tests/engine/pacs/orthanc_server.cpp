#include "orthanc_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "engine/core/files.h"
#include "engine/pacs/http_client.h"

namespace fs = std::filesystem;

namespace mr::pacs::testing {

namespace {
std::string findOrthanc() {
    for (const char* p : {"/usr/sbin/Orthanc", "/usr/bin/Orthanc", "/usr/local/bin/Orthanc"})
        if (::access(p, X_OK) == 0) return p;
    return {};
}
const char* kPlugin = "/usr/share/orthanc/plugins/libOrthancDicomWeb.so";
}  // namespace

int freeLocalPort() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        if (fd >= 0) close(fd);
        return 0;
    }
    socklen_t len = sizeof addr;
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    close(fd);
    return ntohs(addr.sin_port);
}

OrthancServer::OrthancServer(std::string folder, std::string user, std::string password)
    : folder_(std::move(folder)), user_(std::move(user)), password_(std::move(password)) {
    httpPort_ = freeLocalPort();
    dicomPort_ = freeLocalPort();
    while (dicomPort_ == httpPort_) dicomPort_ = freeLocalPort();
}

OrthancServer::~OrthancServer() { stop(); }

std::string OrthancServer::logTail() const {
    try {
        const std::string log = mr::readFile(folder_ + "/orthanc.log");
        return log.size() > 2000 ? log.substr(log.size() - 2000) : log;
    } catch (const mr::Error&) {
        return {};
    }
}

bool OrthancServer::start() {
    if (running()) return true;
    const std::string exe = findOrthanc();
    if (exe.empty()) {
        failure_ = "Orthanc is not installed (Debian package orthanc; scripts/setup.sh installs it)";
        return false;
    }
    if (::access(kPlugin, R_OK) != 0) {
        failure_ = std::string("the DICOMweb plugin is missing (") + kPlugin + "; Debian package orthanc-dicomweb)";
        return false;
    }
    fs::create_directories(folder_ + "/storage");
    // Our own instance: loopback only, its own ports, storage and plugin list; DICOMweb on.
    std::ofstream(folder_ + "/orthanc.json")
        << "{\n  \"Name\": \"MedReasonerTest\",\n  \"StorageDirectory\": \"" << folder_ << "/storage\",\n"
        << "  \"IndexDirectory\": \"" << folder_ << "/storage\",\n  \"Plugins\": [\"" << kPlugin << "\"],\n"
        << "  \"HttpPort\": " << httpPort_ << ",\n  \"DicomPort\": " << dicomPort_ << ",\n"
        << "  \"RemoteAccessAllowed\": false,\n  \"AuthenticationEnabled\": true,\n"
        << "  \"RegisteredUsers\": {\"" << user_ << "\": \"" << password_ << "\"},\n"
        << "  \"HttpCompressionEnabled\": false,\n  \"ConcurrentJobs\": 1,\n"
        << "  \"DicomWeb\": {\"Enable\": true, \"Root\": \"/dicom-web/\", \"EnableWado\": false}\n}\n";
    pid_ = fork();
    if (pid_ == 0) {
        const int log = open((folder_ + "/orthanc.log").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (log >= 0) {
            dup2(log, 1);
            dup2(log, 2);
        }
        const std::string config = folder_ + "/orthanc.json";
        execl(exe.c_str(), exe.c_str(), config.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    if (pid_ < 0) {
        failure_ = "cannot fork";
        return false;
    }
    HttpClient http({HttpAuth::Kind::Basic, user_, password_}, {}, {2, 5});
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            failure_ = "Orthanc exited while starting; its log:\n" + logTail();
            return false;
        }
        try {
            if (http.send({"GET", dicomWebUrl() + "/studies", {}, {}, 1 << 20}).status == 200) return true;
        } catch (const HttpError&) {}
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    stop();
    failure_ = "Orthanc did not answer within 30 s; its log:\n" + logTail();
    return false;
}

void OrthancServer::stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    int status = 0;
    while (waitpid(pid_, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            kill(pid_, SIGKILL);
            waitpid(pid_, &status, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    pid_ = -1;
}

}  // namespace mr::pacs::testing
