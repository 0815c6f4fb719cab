#include "engine/edit/mask_volume.h"

#include <algorithm>
#include <string>

#include "engine/core/error.h"

namespace mr::edit {

MaskVolume::MaskVolume(int width, int height, int64_t depth) : width_(width), height_(height) {
    if (width < 0 || height < 0 || depth < 0)
        throw Error("mask volume: negative size " + std::to_string(width) + "x" + std::to_string(height) + "x" +
                    std::to_string(depth));
    slices_.resize(size_t(depth));
}

void MaskVolume::check(int64_t z) const {
    if (z < 0 || z >= depth())
        throw Error("mask volume: slice " + std::to_string(z) + " is outside 0.." + std::to_string(depth() - 1));
}

MaskView MaskVolume::slice(int64_t z) {
    check(z);
    auto& s = slices_[size_t(z)];
    if (!s) {
        s.reset(new uint8_t[sliceSize()]());  // value-initialised: zero
        ++allocated_;
    }
    return MaskView{s.get(), width_, height_};
}

const uint8_t* MaskVolume::sliceOrNull(int64_t z) const {
    check(z);
    return slices_[size_t(z)].get();
}

bool MaskVolume::sliceEmpty(int64_t z) const {
    const uint8_t* p = sliceOrNull(z);
    return !p || std::all_of(p, p + sliceSize(), [](uint8_t v) { return v == 0; });
}

void MaskVolume::clear() {
    for (auto& s : slices_) s.reset();
    allocated_ = 0;
}

int64_t MaskVolume::countVoxels(int64_t z) const {
    const uint8_t* p = sliceOrNull(z);
    if (!p) return 0;
    return int64_t(std::count_if(p, p + sliceSize(), [](uint8_t v) { return v != 0; }));
}

}  // namespace mr::edit
