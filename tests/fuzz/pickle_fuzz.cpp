// The restricted unpickler on its own (data.pkl of a torch.save checkpoint): it never runs code,
// and any bytes give a state description or a PickleError, within bounded depth and memory.
#include "engine/nn/restricted_pickle.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        mr::nn::pickle::load(data, size, "fuzz.pkl");
    } catch (const mr::Error&) {}
    return 0;
}
