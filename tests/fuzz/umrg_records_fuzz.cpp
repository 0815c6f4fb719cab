// A U-MRG dataset's records file (annotations.json): records read, written back and read again.
#include "engine/core/json.h"
#include "engine/dataset/umrg_records.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    mr::fuzz::limitMemory();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = mr::fuzz::writeInput(data, size, "annotations.json");
    try {
        for (const auto& r : mr::dataset::loadRecords(path)) {
            const mr::json::Value v = mr::dataset::recordToJson(r);
            mr::dataset::recordFromJson(mr::json::parse(mr::json::dump(v)), "round trip");
            mr::json::dump(r.groundTruth());
        }
    } catch (const mr::Error&) {}
    return 0;
}
