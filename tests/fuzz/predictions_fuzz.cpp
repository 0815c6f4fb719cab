// A predictions file for `medreasoner score` (JSON Lines or a JSON list from another program):
// every id it holds is looked up the way the evaluation runner does.
#include "engine/eval/predictor.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    mr::fuzz::limitMemory();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = mr::fuzz::writeInput(data, size, "predictions.jsonl");
    try {
        mr::eval::PredictionsFile file(path);
        file.describe();
        for (const auto& id : file.ids()) {
            mr::eval::PredictRequest request;
            request.id = id;
            try {
                file.predict(request, mr::CancelToken());
            } catch (const mr::Error&) {}
        }
    } catch (const mr::Error&) {}
    return 0;
}
