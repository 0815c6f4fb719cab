#pragma once
// A tiny HTTP server for fault tests: it listens on 127.0.0.1 on a free port, reads each request
// (headers and a Content-Length body) and answers with the next scripted reply; the last reply
// repeats. It records the requests so tests can check what the client sent.
#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace mr::pacs::testing {

struct ScriptedReply {
    int status = 500;
    std::string body;
    std::string contentType = "text/plain";
};

class FaultServer {
public:
    explicit FaultServer(std::vector<ScriptedReply> replies);
    ~FaultServer();
    FaultServer(const FaultServer&) = delete;
    FaultServer& operator=(const FaultServer&) = delete;

    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    int requests() const { return requests_; }
    std::string lastRequest() const;

private:
    void serve();
    std::vector<ScriptedReply> replies_;
    int listener_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    std::atomic<int> requests_{0};
    mutable std::mutex mutex_;
    std::string last_;
    std::thread thread_;
};

}  // namespace mr::pacs::testing
