#pragma once
// The image model shared by every part: a 2D or 3D grid of voxels with its physical geometry and
// series metadata. A 2D image is a one-slice volume. Values are stored after DICOM rescale
// (CT voxels hold Hounsfield units), so value() is what a radiologist reads.
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/core/error.h"

namespace mr::imaging {

enum class PixelType { UInt8, Int16, UInt16, Float32, Rgb8 };

size_t bytesPerVoxel(PixelType t);
const char* pixelTypeName(PixelType t);

// Index axes: x = column, y = row, z = slice. Physical space is DICOM patient space (LPS, mm).
struct Geometry {
    std::array<int64_t, 3> size{1, 1, 1};
    std::array<double, 3> spacing{1, 1, 1};
    std::array<double, 3> origin{0, 0, 0};  // centre of voxel (0,0,0)
    // Row-major 3x3; column j is the unit direction of index axis j.
    std::array<double, 9> direction{1, 0, 0, 0, 1, 0, 0, 0, 1};

    int64_t voxelCount() const { return size[0] * size[1] * size[2]; }
    std::array<double, 3> indexToPhysical(const std::array<double, 3>& index) const;
    std::array<double, 3> physicalToIndex(const std::array<double, 3>& point) const;
};

struct WindowPreset {
    std::string name;
    double center = 0;
    double width = 1;
};

// Which DICOM instance (and frame) a slice was read from: what a DICOM SEG references.
struct SliceSource {
    std::string file;  // the file it was read from
    std::string sopClassUid, sopInstanceUid;
    int64_t frame = 0;  // 1-based frame number in a multi-frame file; 0 for a single-frame file
};

struct Metadata {
    std::string modality;  // DICOM Modality (CT, MR, OT for photographs, ...)
    std::string bodyPart;
    std::string photometric;        // MONOCHROME2, RGB, ... (of the stored voxels)
    std::string sourcePhotometric;  // as found in the file when it differs (MONOCHROME1, YBR_FULL, ...)
    std::string seriesDescription;
    std::string studyDescription;
    std::string manufacturer;
    std::string transferSyntax;
    std::string seriesInstanceUid;
    std::string studyInstanceUid;
    std::string frameOfReferenceUid;
    // The direction cosines come from the file (DICOM Image Orientation (Patient), a NIfTI qform or
    // sform code > 0): only then do patient-side letters (A/P/R/L/S/I) mean anything. Pictures and
    // files without orientation get the identity direction with this false.
    bool orientationKnown = false;
    // DICOM only: one entry per slice z (empty for slices inserted into gaps); empty otherwise.
    std::vector<SliceSource> sliceSources;
    std::string units;                              // "HU" for CT
    double rescaleSlope = 1, rescaleIntercept = 0;  // as found in the file (already applied)
    std::vector<WindowPreset> windows;              // from the file first, then standard presets
    std::string source;                             // the file or folder it came from
    std::vector<std::string> warnings;              // e.g. uneven spacing, missing slices
    std::vector<std::string> notes;                 // conversions applied on load (e.g. MONOCHROME1 inverted)
};

class Image {
public:
    Image() = default;
    // Allocates zero-filled voxels.
    Image(PixelType type, const Geometry& geometry);

    bool empty() const { return !buffer_; }
    PixelType pixelType() const { return type_; }
    int channels() const { return type_ == PixelType::Rgb8 ? 3 : 1; }
    bool isColor() const { return type_ == PixelType::Rgb8; }
    const Geometry& geometry() const { return geometry_; }
    Geometry& geometry() { return geometry_; }
    const Metadata& metadata() const { return metadata_; }
    Metadata& metadata() { return metadata_; }
    int64_t width() const { return geometry_.size[0]; }
    int64_t height() const { return geometry_.size[1]; }
    int64_t depth() const { return geometry_.size[2]; }

    uint8_t* bytes() { return buffer_.get(); }
    const uint8_t* bytes() const { return buffer_.get(); }
    size_t byteSize() const { return size_t(geometry_.voxelCount()) * bytesPerVoxel(type_); }
    size_t sliceBytes() const { return size_t(width() * height()) * bytesPerVoxel(type_); }

    // Typed access; throws mr::Error when T does not match the pixel type (uint8_t for Rgb8).
    template <class T>
    T* data();
    template <class T>
    const T* data() const;

    bool contains(int64_t x, int64_t y, int64_t z) const {
        return x >= 0 && y >= 0 && z >= 0 && x < width() && y < height() && z < depth();
    }
    // The stored value at a voxel (channel for colour); throws when outside the image.
    double value(int64_t x, int64_t y, int64_t z, int channel = 0) const;
    // Minimum and maximum over all voxels and channels.
    std::pair<double, double> valueRange() const;

private:
    PixelType type_ = PixelType::UInt8;
    Geometry geometry_;
    Metadata metadata_;
    std::shared_ptr<uint8_t[]> buffer_;
};

// Standard CT presets (brain, soft tissue, lung, bone, liver), in that order.
std::vector<WindowPreset> standardCtPresets();

}  // namespace mr::imaging
