#include "engine/pacs/multipart.h"

#include <algorithm>
#include <cctype>
#include <random>

namespace mr::pacs {

namespace {

std::string lower(std::string_view s) {
    std::string r(s);
    for (char& c : r) c = char(std::tolower(static_cast<unsigned char>(c)));
    return r;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// Position after the line end that follows `from` (CRLF or LF), or npos.
size_t afterLine(std::string_view s, size_t from) {
    const size_t nl = s.find('\n', from);
    return nl == std::string_view::npos ? nl : nl + 1;
}

// The Content-Type of a part's header block (lines up to the empty line).
std::string partType(std::string_view headers) {
    size_t pos = 0;
    while (pos < headers.size()) {
        size_t end = headers.find('\n', pos);
        if (end == std::string_view::npos) end = headers.size();
        std::string_view line = trim(headers.substr(pos, end - pos));
        const size_t colon = line.find(':');
        if (colon != std::string_view::npos && lower(trim(line.substr(0, colon))) == "content-type")
            return lower(trim(line.substr(colon + 1)));
        pos = end + 1;
    }
    return {};
}

}  // namespace

std::string boundaryOf(const std::string& contentType) {
    const std::string lowerType = lower(contentType);
    size_t at = lowerType.find("boundary=");
    if (at == std::string::npos)
        throw MultipartError("the reply's Content-Type names no multipart boundary: " + contentType);
    at += 9;
    std::string b;
    if (at < contentType.size() && contentType[at] == '"') {
        const size_t end = contentType.find('"', at + 1);
        if (end == std::string::npos) throw MultipartError("unterminated boundary in Content-Type: " + contentType);
        b = contentType.substr(at + 1, end - at - 1);
    } else {
        const size_t end = contentType.find_first_of("; \t", at);
        b = contentType.substr(at, end == std::string::npos ? std::string::npos : end - at);
    }
    if (b.empty() || b.size() > 200) throw MultipartError("invalid multipart boundary in Content-Type: " + contentType);
    return b;
}

std::vector<Part> parseMultipart(std::string_view body, const std::string& boundary) {
    const std::string delimiter = "--" + boundary;
    // The first delimiter starts the body or a line.
    size_t pos = body.compare(0, delimiter.size(), delimiter) == 0 ? 0 : std::string_view::npos;
    if (pos == std::string_view::npos) {
        const size_t at = body.find("\n" + delimiter);
        if (at == std::string_view::npos) throw MultipartError("the multipart reply has no part delimiter");
        pos = at + 1;
    }
    std::vector<Part> parts;
    for (;;) {
        size_t after = pos + delimiter.size();
        if (body.substr(after, 2) == "--") return parts;  // closing delimiter
        const size_t start = afterLine(body, after);
        if (start == std::string_view::npos) throw MultipartError("the multipart reply ends after a delimiter");
        // The part ends at the line end before the next delimiter line.
        const size_t next = body.find("\n" + delimiter, start > 0 ? start - 1 : 0);
        if (next == std::string_view::npos)
            throw MultipartError("the multipart reply is cut off (no closing delimiter)");
        size_t end = next;
        if (end > start && body[end - 1] == '\r') --end;
        std::string_view whole = body.substr(start, end - start);
        size_t headerEnd = whole.find("\r\n\r\n");
        size_t bodyStart = headerEnd == std::string_view::npos ? std::string_view::npos : headerEnd + 4;
        if (headerEnd == std::string_view::npos) {
            headerEnd = whole.find("\n\n");
            bodyStart = headerEnd == std::string_view::npos ? std::string_view::npos : headerEnd + 2;
        }
        if (whole.substr(0, 2) == "\r\n" || whole.substr(0, 1) == "\n") {  // a part without headers
            headerEnd = 0;
            bodyStart = whole[0] == '\r' ? 2 : 1;
        }
        if (bodyStart == std::string_view::npos)
            throw MultipartError("a part of the multipart reply has no header end");
        parts.push_back({partType(whole.substr(0, headerEnd)), whole.substr(bodyStart)});
        pos = next + 1;
    }
}

std::string chooseBoundary(const std::vector<std::string_view>& parts) {
    std::mt19937_64 rng(std::random_device{}());
    for (;;) {
        std::string b = "medreasoner-" + std::to_string(rng());
        const std::string delimiter = "--" + b;
        if (std::none_of(parts.begin(), parts.end(),
                         [&](std::string_view p) { return p.find(delimiter) != std::string_view::npos; }))
            return b;
    }
}

std::string buildMultipart(const std::vector<std::string_view>& parts, const std::string& partType,
                           const std::string& boundary) {
    size_t total = 0;
    for (auto p : parts) total += p.size() + boundary.size() + partType.size() + 32;
    std::string out;
    out.reserve(total + boundary.size() + 8);
    for (auto p : parts) {
        out += "--" + boundary + "\r\nContent-Type: " + partType + "\r\n\r\n";
        out.append(p.data(), p.size());
        out += "\r\n";
    }
    out += "--" + boundary + "--\r\n";
    return out;
}

}  // namespace mr::pacs
