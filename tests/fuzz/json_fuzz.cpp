// JSON (nlohmann-json's parser under mr::json): any bytes parse or give mr::json::ParseError, and
// whatever parses is written so that it reads back equal, compact and pretty-printed.
#include <cstdlib>
#include <string_view>

#include "engine/core/json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    mr::json::Value v;
    try {
        v = mr::json::parse(std::string_view(reinterpret_cast<const char*>(data), size));
    } catch (const mr::Error&) {
        return 0;
    }
    if (!(mr::json::parse(mr::json::dump(v)) == v)) std::abort();
    if (!(mr::json::parse(mr::json::dump(v, 2)) == v)) std::abort();
    return 0;
}
