// SAM / MedSAM architecture numbers from tensor shapes and config.json (see model_config_fuzz.h).
#include "engine/segment/sam_config.h"
#include "tests/fuzz/model_config_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    mr::fuzz::fuzzModelConfig<mr::segment::SamConfig, mr::segment::ShapeMap>(data, size);
    return 0;
}
