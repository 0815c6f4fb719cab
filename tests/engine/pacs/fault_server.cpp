#include "fault_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace mr::pacs::testing {

namespace {
// Reads one request: headers up to the empty line, then Content-Length bytes of body.
std::string readRequest(int fd) {
    std::string data;
    char buf[65536];
    size_t headerEnd = std::string::npos, need = 0;
    for (;;) {
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, 5000) <= 0) return data;
        const ssize_t n = recv(fd, buf, sizeof buf, 0);
        if (n <= 0) return data;
        data.append(buf, size_t(n));
        if (headerEnd == std::string::npos) {
            headerEnd = data.find("\r\n\r\n");
            if (headerEnd == std::string::npos) continue;
            std::string lower = data.substr(0, headerEnd);
            for (char& c : lower) c = char(std::tolower(static_cast<unsigned char>(c)));
            const size_t at = lower.find("content-length:");
            need = at == std::string::npos ? 0 : size_t(std::stoull(lower.substr(at + 15)));
        }
        if (data.size() >= headerEnd + 4 + need) return data;
    }
}
}  // namespace

FaultServer::FaultServer(std::vector<ScriptedReply> replies) : replies_(std::move(replies)) {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    if (listener_ < 0) throw std::runtime_error("socket");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(listener_, 8) != 0)
        throw std::runtime_error("bind/listen");
    socklen_t len = sizeof addr;
    getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
}

FaultServer::~FaultServer() {
    stop_ = true;
    shutdown(listener_, SHUT_RDWR);
    close(listener_);
    if (thread_.joinable()) thread_.join();
}

std::string FaultServer::lastRequest() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return last_;
}

void FaultServer::serve() {
    while (!stop_) {
        pollfd p{listener_, POLLIN, 0};
        if (poll(&p, 1, 100) <= 0) continue;
        const int fd = accept(listener_, nullptr, nullptr);
        if (fd < 0) continue;
        const std::string request = readRequest(fd);
        const int index = requests_++;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            last_ = request;
        }
        const ScriptedReply& r =
            replies_.empty() ? ScriptedReply{} : replies_[std::min<size_t>(size_t(index), replies_.size() - 1)];
        const std::string reply =
            "HTTP/1.1 " + std::to_string(r.status) + " Scripted\r\nContent-Type: " + r.contentType +
            "\r\nContent-Length: " + std::to_string(r.body.size()) + "\r\nConnection: close\r\n\r\n" + r.body;
        send(fd, reply.data(), reply.size(), MSG_NOSIGNAL);
        close(fd);
    }
}

}  // namespace mr::pacs::testing
