#pragma once
// 2D pictures (PNG, JPEG, BMP, TIFF; 8- or 16-bit; gray or colour) through OpenCV, as one-slice
// images (multi-page TIFF of equal pages: one slice per page). Colour becomes RGB (OpenCV reads
// BGR); alpha is dropped; 16-bit colour is reduced to 8 bits with a note.
#include <string>

#include "engine/core/cancel.h"
#include "engine/imaging/image.h"

namespace mr::imaging {

// Throws ImageReadError naming the file and the reason.
Image readImage2D(const std::string& path, const mr::CancelToken& cancel = {});

}  // namespace mr::imaging
