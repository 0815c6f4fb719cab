#include "widgets/slice_overlay.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "engine/edit/mask_volume.h"

namespace mr::widgets {

namespace {

uint32_t rgbaWord(uint8_t r, uint8_t g, uint8_t b, uint8_t a) {
    const uint8_t px[4] = {r, g, b, a};
    uint32_t word;
    std::memcpy(&word, px, 4);
    return word;
}

// How the slice's two in-plane axes are walked: screen axes u and v over the volume's index
// strides, and the output's strides (the 2D overlay keeps the relative order of the two axes).
struct PlaneWalk {
    SliceAxes ax;
    int64_t nu = 0, nv = 0;   // voxels along u and v
    int64_t su = 0, sv = 0;   // volume strides along u and v
    int64_t ou = 0, ov = 0;   // output strides along u and v
    int64_t sliceOffset = 0;  // volume offset of the slice's first voxel

    PlaneWalk(const std::array<int64_t, 3>& size, SliceOrientation o, int64_t slice) : ax(axesOf(o)) {
        const int64_t stride[3] = {1, size[0], size[0] * size[1]};
        nu = size[size_t(ax.u)], nv = size[size_t(ax.v)];
        su = stride[ax.u], sv = stride[ax.v];
        ou = ax.u < ax.v ? 1 : nv, ov = ax.u < ax.v ? nu : 1;
        sliceOffset = slice * stride[ax.slice];
    }
};

// One RGBA word per label value, so colouring is a table lookup per voxel.
std::array<uint32_t, 256> labelColours(const mr::imaging::LabelTable& table, const LabelOverlayStyle& style) {
    std::array<uint32_t, 256> lut{};
    const uint8_t alpha = uint8_t(std::lround((style.outline ? 1.0 : style.opacity) * 255));
    for (size_t l = 1; l < table.size() && l < 256; ++l) {
        const mr::imaging::LabelEntry& e = table[l];
        if (e.visible) lut[l] = rgbaWord(e.r, e.g, e.b, alpha);
    }
    return lut;
}

// `onTop`: only the coloured pixels are written (outlines drawn again over the mask).
void paintLabels(const uint8_t* lab, const PlaneWalk& w, const std::array<uint32_t, 256>& lut, bool outline, bool onTop,
                 uint32_t* out) {
    for (int64_t b = 0; b < w.nv; ++b) {
        const uint8_t* row = lab + b * w.sv;
        uint32_t* orow = out + b * w.ov;
        for (int64_t a = 0; a < w.nu; ++a) {
            const uint8_t l = row[a * w.su];
            uint32_t c = lut[l];
            if (c && outline) {
                const bool inside = a > 0 && a + 1 < w.nu && b > 0 && b + 1 < w.nv && row[(a - 1) * w.su] == l &&
                                    row[(a + 1) * w.su] == l && row[a * w.su - w.sv] == l && row[a * w.su + w.sv] == l;
                if (inside) c = 0;
            }
            if (c || !onTop) orow[a * w.ou] = c;
        }
    }
}

// The editable mask: translucent inside, opaque at its border (in this plane), `display`'s
// maskBorderVoxels wide.
void paintMask(const MaskLayer& m, const DisplayStyle& display, const PlaneWalk& w, SliceOrientation o, int64_t slice,
               uint32_t* out) {
    const mr::edit::MaskVolume& vol = *m.volume;
    uint8_t r = m.r, g = m.g, b = m.b;
    if (display.maskColour)
        r = uint8_t(display.maskColour->red()), g = uint8_t(display.maskColour->green()),
        b = uint8_t(display.maskColour->blue());
    const uint32_t insideWord = rgbaWord(r, g, b, display.maskInsideAlpha), borderWord = rgbaWord(r, g, b, 255);
    const int border = std::max(1, display.maskBorderVoxels);
    const int64_t width = vol.width();
    auto maskAt = [&](int64_t a, int64_t b) {
        if (a < 0 || b < 0 || a >= w.nu || b >= w.nv) return false;
        int64_t idx[3];
        idx[w.ax.u] = a;
        idx[w.ax.v] = b;
        idx[w.ax.slice] = slice;
        const uint8_t* s = vol.sliceOrNull(idx[2]);
        return s && s[idx[1] * width + idx[0]] != 0;
    };
    // An axial slice nobody painted costs nothing; other planes cross every slice.
    if (o == SliceOrientation::Axial && !vol.sliceOrNull(slice)) return;
    for (int64_t b = 0; b < w.nv; ++b)
        for (int64_t a = 0; a < w.nu; ++a) {
            if (!maskAt(a, b)) continue;
            bool edge = false;
            for (int d = 1; d <= border && !edge; ++d)
                edge = !maskAt(a - d, b) || !maskAt(a + d, b) || !maskAt(a, b - d) || !maskAt(a, b + d);
            out[a * w.ou + b * w.ov] = edge ? borderWord : insideWord;
        }
}

// The bounding box of the coloured pixels with a one-voxel margin, as an extent (not a new
// origin, so voxel positions stay exact).
OverlaySlice cropToColoured(const std::vector<uint32_t>& out, const std::array<int64_t, 3>& size, const SliceAxes& ax) {
    const int i = std::min(ax.u, ax.v), j = std::max(ax.u, ax.v);  // in-plane axes, memory order
    const int64_t ni = size[size_t(i)], nj = size[size_t(j)];
    int64_t i0 = ni, i1 = -1, j0 = nj, j1 = -1;
    for (int64_t y = 0; y < nj; ++y) {
        const uint32_t* row = out.data() + y * ni;
        int64_t a = 0, b = ni - 1;
        while (a < ni && !row[a]) ++a;
        if (a == ni) continue;
        while (!row[b]) --b;
        i0 = std::min(i0, a), i1 = std::max(i1, b), j0 = std::min(j0, y), j1 = y;
    }
    OverlaySlice s;
    if (i1 < 0) return s;
    i0 = std::max<int64_t>(i0 - 1, 0), j0 = std::max<int64_t>(j0 - 1, 0);
    i1 = std::min(i1 + 1, ni - 1), j1 = std::min(j1 + 1, nj - 1);
    const int64_t boxWidth = i1 - i0 + 1;
    s.rgba.resize(size_t(boxWidth * (j1 - j0 + 1)));
    uint32_t* to = s.rgba.data();
    for (int64_t y = j0; y <= j1; ++y, to += boxWidth) std::memcpy(to, out.data() + y * ni + i0, size_t(boxWidth) * 4);
    s.extent[size_t(2 * i)] = int(i0), s.extent[size_t(2 * i + 1)] = int(i1);
    s.extent[size_t(2 * j)] = int(j0), s.extent[size_t(2 * j + 1)] = int(j1);
    return s;
}

}  // namespace

OverlaySlice colourOverlaySlice(const std::array<int64_t, 3>& size, SliceOrientation orientation, int64_t slice,
                                const mr::imaging::Image& labels, const mr::imaging::LabelTable& table,
                                const LabelOverlayStyle& style, const std::optional<MaskLayer>& mask,
                                const DisplayStyle& display) {
    if (labels.empty() && !mask) return {};
    const PlaneWalk walk(size, orientation, slice);
    std::vector<uint32_t> out(size_t(walk.nu * walk.nv), 0u);
    const auto lut = labelColours(table, style);
    const uint8_t* lab = labels.empty() ? nullptr : labels.data<uint8_t>() + walk.sliceOffset;
    if (lab) paintLabels(lab, walk, lut, style.outline, false, out.data());
    if (mask && mask->volume) paintMask(*mask, display, walk, orientation, slice, out.data());
    if (lab && style.outline && mask) paintLabels(lab, walk, lut, style.outline, true, out.data());
    return cropToColoured(out, size, walk.ax);
}

}  // namespace mr::widgets
