#pragma once
// The one error type every image reader throws for input it cannot use: it names the file (or
// folder) and the reason, so a user can tell which of 400 files is broken and why.
#include <string>

#include "engine/core/error.h"

namespace mr::imaging {

class ImageReadError : public mr::Error {
public:
    ImageReadError(std::string file, std::string reason)
        : mr::Error(file + ": " + reason), file_(std::move(file)), reason_(std::move(reason)) {}
    const std::string& file() const { return file_; }
    const std::string& reason() const { return reason_; }

private:
    std::string file_;
    std::string reason_;
};

}  // namespace mr::imaging
