#pragma once
// How deeply a DICOM file's sequences nest, found without recursion before DCMTK reads the file:
// DCMTK's reader recurses once per nested sequence item, so a file of a few megabytes that nests
// 100000 sequences overflows the stack. Files nesting deeper than limits::kMaxDicomSequenceDepth
// are refused with a clear error instead.
#include <cstdint>
#include <string>

namespace mr::imaging::detail {

struct SequenceNesting {
    int maxDepth = 0;       // deepest sequence level seen (0: no sequences)
    bool complete = false;  // false: the walk stopped at bytes it could not follow
    int64_t itemTags = 0;   // item tags in the file's bytes, counted when the walk stopped early
};

// Walks the data elements of bytes[0, size) (preamble and meta group optional, implicit or
// explicit VR, either byte order; encapsulated pixel data skipped) and stops once the depth
// passes `limit`.
SequenceNesting measureSequenceNesting(const uint8_t* bytes, uint64_t size, int limit);

// Throws ImageReadError when the file's sequences nest deeper than the limit, or when the walk
// cannot follow the file and it holds more item tags than the limit (a depth it cannot rule out).
void checkSequenceNesting(const std::string& path);

}  // namespace mr::imaging::detail
