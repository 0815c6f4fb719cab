#pragma once
// How large anything read from a file may be, stated once. Every size, count, index and product
// taken from a model file, image, dataset or config is checked against these limits before it is
// used, with overflow-safe arithmetic, so that a damaged or hostile file gives a clear
// mr::LimitError quickly and within bounded memory instead of a crash or a huge allocation.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/error.h"

namespace mr {

// A size or count from a file outside the limits below; the message names what and the limit.
class LimitError : public Error {
public:
    using Error::Error;
};

}  // namespace mr

namespace mr::limits {

// Layers (blocks) of any model: real ones have at most ~100 (Qwen2.5-VL-72B: 80).
inline constexpr int64_t kMaxLayers = 4096;
// Elements of one tensor; the largest real weight (Qwen2.5-VL-72B's embedding) has 1.25e9.
inline constexpr int64_t kMaxTensorElements = int64_t(1) << 31;
// Dimensions of one tensor.
inline constexpr int64_t kMaxTensorRank = 8;
// One architecture number of a model (a width, head count, patch or vocabulary size).
inline constexpr int64_t kMaxModelDimension = int64_t(1) << 24;
// Pixels of the image a model sees after its own resize (Qwen2.5-VL's max_pixels: 12845056);
// the patches of such an image stay within the tensor limit.
inline constexpr int64_t kMaxModelImagePixels = int64_t(1) << 28;
// A patch, merge or window size in pixels (products of two stay within an int).
inline constexpr int64_t kMaxPatchSize = 4096;
// Voxels along one image axis (DICOM rows/columns are 16-bit; three axes multiply without overflow).
inline constexpr int64_t kMaxImageAxis = int64_t(1) << 20;
// Voxels of one image (a 2048^3 volume; memoryBudget() is checked as well).
inline constexpr int64_t kMaxImageVoxels = int64_t(1) << 33;
// Nesting depth of content that parsers would otherwise follow recursively.
inline constexpr int kMaxJsonDepth = 512;
inline constexpr int kMaxPickleDepth = 256;         // a state_dict nests about 5 deep
inline constexpr int kMaxDicomSequenceDepth = 128;  // structured reports nest about 20 deep
// Text files read whole into memory (JSON configs and records, merges.txt, predictions).
inline constexpr uint64_t kMaxTextFileBytes = uint64_t(512) << 20;
// Token ids of a tokenizer (Qwen2.5: 151665 tokens).
inline constexpr int64_t kMaxTokenId = 10'000'000;
inline constexpr uint64_t kMaxPickleBytes = uint64_t(1) << 30;
// Entries of one ZIP archive (a torch.save checkpoint has one per tensor storage, plus three).
inline constexpr int64_t kMaxZipEntries = int64_t(1) << 20;
// Objects one pickle may create (each costs ~200 bytes; a state_dict needs ~10 per tensor).
inline constexpr int64_t kMaxPickleObjects = int64_t(1) << 21;

// What the machine's memory allows for one allocation driven by a file: 80% of physical memory
// unless lowered with setMemoryBudget() (the fuzz targets do, to stay within libFuzzer's limit).
uint64_t memoryBudget();
void setMemoryBudget(uint64_t bytes);  // 0 restores the default
// Throws LimitError when `bytes` exceed memoryBudget(); `what` names the data ("image.nii: voxels").
void checkAllocation(uint64_t bytes, std::string_view what);

// Overflow-safe arithmetic: false on overflow.
bool mulOverflows(int64_t a, int64_t b, int64_t* out);
bool addOverflows(int64_t a, int64_t b, int64_t* out);
// a * b; throws LimitError("<what> overflows") on overflow.
int64_t checkedMul(int64_t a, int64_t b, std::string_view what);
int64_t checkedAdd(int64_t a, int64_t b, std::string_view what);

// v itself when lo <= v <= hi; else throws LimitError("<what> is <v>; it must be between lo and hi").
int64_t checkRange(int64_t v, int64_t lo, int64_t hi, std::string_view what);
// The number of elements of a tensor shape: every dimension >= 0, at most kMaxTensorRank of them,
// the product computed without overflow and at most `maxElements`.
int64_t elementCount(const std::vector<int64_t>& shape, std::string_view what,
                     int64_t maxElements = kMaxTensorElements);

}  // namespace mr::limits
