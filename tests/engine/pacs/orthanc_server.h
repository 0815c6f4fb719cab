#pragma once
// A real Orthanc with its DICOMweb plugin for tests: started on 127.0.0.1 on free HTTP and DICOM
// ports with a storage folder and a configuration of its own (never the system service), basic
// authentication for one user, and stopped when the object goes. start() after stop() brings it
// back on the same ports with the same storage.
#include <string>
#include <sys/types.h>

namespace mr::pacs::testing {

class OrthancServer {
public:
    // folder: an empty folder for the configuration, storage and log.
    OrthancServer(std::string folder, std::string user = "alice", std::string password = "wonderland");
    ~OrthancServer();
    OrthancServer(const OrthancServer&) = delete;
    OrthancServer& operator=(const OrthancServer&) = delete;

    // Starts and waits until it answers (up to 30 s). Returns false and sets failure() when
    // Orthanc or its DICOMweb plugin is missing or does not come up.
    bool start();
    void stop();  // SIGTERM, then SIGKILL after 10 s
    bool running() const { return pid_ > 0; }
    const std::string& failure() const { return failure_; }

    std::string dicomWebUrl() const { return "http://127.0.0.1:" + std::to_string(httpPort_) + "/dicom-web"; }
    const std::string& user() const { return user_; }
    const std::string& password() const { return password_; }
    std::string logTail() const;

private:
    std::string folder_, user_, password_;
    int httpPort_ = 0, dicomPort_ = 0;
    pid_t pid_ = -1;
    std::string failure_;
};

// A TCP port on 127.0.0.1 that nothing listens on right now.
int freeLocalPort();

}  // namespace mr::pacs::testing
