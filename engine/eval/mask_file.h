#pragma once
// Binary masks as image files: the predictions' and the ground truth's (any image whose non-zero
// pixels are the structure), and the masks an evaluation keeps for its case viewer (PNG, 0/255).
#include <optional>
#include <string>

#include "engine/eval/predictor.h"

namespace mr::eval {

// The mask at `path` as 0/1 per pixel (any non-zero channel is foreground); nullopt with `error`
// set when the file is missing or cannot be decoded.
std::optional<MaskImage> readMaskFile(const std::string& path, std::string& error);

// Writes `mask` as an 8-bit PNG (0/255) atomically. Throws mr::FileError when it cannot.
void writeMaskFile(const std::string& path, const MaskImage& mask);

// A file name part for a sample id: the id itself when it is a plain name (letters, digits, '.',
// '-', '_'), else those characters kept and the rest '_', with a hash of the id so that two ids
// never share a name.
std::string fileNameOfId(const std::string& id);

}  // namespace mr::eval
