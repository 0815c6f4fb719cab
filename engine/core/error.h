#pragma once
// The engine's error type. Every failure the user can cause (bad file, bad model, bad answer)
// is reported as an mr::Error (or a subclass) whose message names what and why; nothing else
// escapes the engine's public functions.
#include <stdexcept>
#include <string>

namespace mr {

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Thrown by long work when its CancelToken was triggered.
class Cancelled : public Error {
public:
    Cancelled() : Error("cancelled") {}
};

}  // namespace mr
