#include "engine/dataset/volume_mask.h"

#include <algorithm>

#include "engine/dataset/dataset_store.h"
#include "engine/imaging/nifti.h"

namespace mr::dataset {

namespace {

mr::imaging::Geometry gridOf(const SourceReference& source) {
    mr::imaging::Geometry g;
    g.size = source.size;
    g.spacing = source.spacing;
    g.origin = source.origin;
    g.direction = source.direction;
    return g;
}

std::string sizeText(const std::array<int64_t, 3>& s) {
    return std::to_string(s[0]) + "x" + std::to_string(s[1]) + "x" + std::to_string(s[2]);
}

}  // namespace

std::string volumeMaskFileName(const std::string& id) { return "masks/" + id + "_volume.nii.gz"; }

std::optional<std::pair<int64_t, int64_t>> maskedSliceRange(const mr::imaging::Image& mask) {
    if (mask.empty() || mask.pixelType() != mr::imaging::PixelType::UInt8) return std::nullopt;
    std::optional<std::pair<int64_t, int64_t>> range;
    const size_t n = mask.sliceBytes();
    for (int64_t z = 0; z < mask.depth(); ++z) {
        const uint8_t* slice = mask.bytes() + size_t(z) * n;
        if (std::none_of(slice, slice + n, [](uint8_t v) { return v != 0; })) continue;
        if (!range) range = std::make_pair(z, z);
        range->second = z;
    }
    return range;
}

std::string encodeVolumeMask(const mr::imaging::Image& mask, const SourceReference& source) {
    if (mask.empty() || mask.pixelType() != mr::imaging::PixelType::UInt8)
        throw DatasetError("cannot save the volume mask: it must be a uint8 volume");
    if (mask.geometry().size != source.size)
        throw DatasetError("cannot save the volume mask: it is " + sizeText(mask.geometry().size) +
                           " voxels but the source volume is " + sizeText(source.size));
    mr::imaging::Image labels(mr::imaging::PixelType::UInt8, gridOf(source));
    const size_t n = labels.sliceBytes() * size_t(labels.depth());
    std::transform(mask.bytes(), mask.bytes() + n, labels.bytes(), [](uint8_t v) { return uint8_t(v ? 1 : 0); });
    try {
        return mr::imaging::encodeNifti(labels, true);
    } catch (const mr::Error& e) {
        throw DatasetError(std::string("cannot save the volume mask: ") + e.what());
    }
}

mr::imaging::Image readVolumeMask(const DatasetStore& store, const Sample& sample) {
    if (!sample.volumeMask) throw DatasetError("sample " + sample.id + " has no volume mask");
    return readVolumeMaskFile(store.absolutePath(sample.volumeMask->file), sample);
}

mr::imaging::Image readVolumeMaskFile(const std::string& path, const Sample& sample) {
    mr::imaging::Image image;
    try {
        image = mr::imaging::readNifti(path);
    } catch (const mr::Error& e) {
        throw DatasetError("cannot read the volume mask of sample " + sample.id + ": " + e.what());
    }
    if (image.pixelType() != mr::imaging::PixelType::UInt8 || image.geometry().size != sample.source.size)
        throw DatasetError("the volume mask of sample " + sample.id + " (" + path + ") is not a uint8 label map of " +
                           "its source's size " + sizeText(sample.source.size));
    const size_t n = image.sliceBytes() * size_t(image.depth());
    std::transform(image.bytes(), image.bytes() + n, image.bytes(), [](uint8_t v) { return uint8_t(v ? 1 : 0); });
    image.geometry() = gridOf(sample.source);
    return image;
}

}  // namespace mr::dataset
