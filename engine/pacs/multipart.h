#pragma once
// multipart/related bodies as DICOMweb uses them (RFC 2387): WADO-RS replies hold one DICOM
// instance per part; STOW-RS requests send them the same way. libcurl moves bytes but does not
// parse multipart replies, so this small bounds-checked reader does.
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/error.h"

namespace mr::pacs {

class MultipartError : public mr::Error {
public:
    using mr::Error::Error;
};

struct Part {
    std::string contentType;  // of the part ("application/dicom"), lower case
    std::string_view body;    // points into the parsed buffer
};

// The boundary parameter of a Content-Type header value; throws MultipartError when absent.
std::string boundaryOf(const std::string& contentType);

// Splits `body` at "--boundary" delimiter lines (CRLF or LF line ends, preamble and epilogue
// ignored). Throws MultipartError when the closing delimiter or a part's header end is missing.
std::vector<Part> parseMultipart(std::string_view body, const std::string& boundary);

// A boundary that occurs in none of the parts.
std::string chooseBoundary(const std::vector<std::string_view>& parts);

// "--b\r\nContent-Type: type\r\n\r\n<part>\r\n" per part, then "--b--\r\n".
std::string buildMultipart(const std::vector<std::string_view>& parts, const std::string& partType,
                           const std::string& boundary);

}  // namespace mr::pacs
