#include "engine/reason/preprocess/pil_resize.h"

#include <cmath>
#include <cstring>
#include <stdexcept>

namespace mr::reason {
namespace {

constexpr int kPrecisionBits = 32 - 8 - 2;

double bicubic(double x) {
    constexpr double a = -0.5;
    if (x < 0.0) x = -x;
    if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
    if (x < 2.0) return (((x - 5) * x + 8) * x - 4) * a;
    return 0.0;
}

// Per output index: first input index, tap count, and fixed-point taps (ksize apart).
struct Coeffs {
    int ksize = 0;
    std::vector<int> first, count;
    std::vector<int32_t> taps;
};

Coeffs precompute(int inSize, int outSize) {
    constexpr double support0 = 2.0;
    const double scale = double(inSize) / outSize;  // box (0, inSize)
    const double filterscale = scale < 1.0 ? 1.0 : scale;
    const double support = support0 * filterscale;
    Coeffs c;
    c.ksize = int(std::ceil(support)) * 2 + 1;
    c.first.resize(size_t(outSize));
    c.count.resize(size_t(outSize));
    c.taps.assign(size_t(outSize) * size_t(c.ksize), 0);
    std::vector<double> k(size_t(c.ksize));
    for (int xx = 0; xx < outSize; ++xx) {
        const double center = (xx + 0.5) * scale;
        const double ss = 1.0 / filterscale;
        int xmin = int(center - support + 0.5);
        if (xmin < 0) xmin = 0;
        int xmax = int(center + support + 0.5);
        if (xmax > inSize) xmax = inSize;
        xmax -= xmin;
        double ww = 0.0;
        for (int x = 0; x < xmax; ++x) {
            const double w = bicubic((x + xmin - center + 0.5) * ss);
            k[size_t(x)] = w;
            ww += w;
        }
        for (int x = 0; x < xmax; ++x) {
            if (ww != 0.0) k[size_t(x)] /= ww;
            const double v = k[size_t(x)];
            c.taps[size_t(xx) * size_t(c.ksize) + size_t(x)] =
                v < 0 ? int32_t(-0.5 + v * (1 << kPrecisionBits)) : int32_t(0.5 + v * (1 << kPrecisionBits));
        }
        c.first[size_t(xx)] = xmin;
        c.count[size_t(xx)] = xmax;
    }
    return c;
}

inline uint8_t clip8(int32_t v) {
    const int32_t s = v >> kPrecisionBits;  // arithmetic shift, as in Pillow's lookup table
    return s < 0 ? 0 : s > 255 ? 255 : uint8_t(s);
}

}  // namespace

std::vector<uint8_t> resizeBicubicPil(const uint8_t* in, int width, int height, int channels, int outWidth,
                                      int outHeight) {
    if (!in || width <= 0 || height <= 0 || outWidth <= 0 || outHeight <= 0 || channels < 1 || channels > 4)
        throw std::invalid_argument("resizeBicubicPil: bad image or size");
    const size_t ch = size_t(channels);
    std::vector<uint8_t> cur(in, in + size_t(width) * size_t(height) * ch);
    int curW = width;
    if (outWidth != width) {  // horizontal pass
        const Coeffs c = precompute(width, outWidth);
        std::vector<uint8_t> tmp(size_t(outWidth) * size_t(height) * ch);
        for (int y = 0; y < height; ++y) {
            const uint8_t* row = cur.data() + size_t(y) * size_t(width) * ch;
            uint8_t* orow = tmp.data() + size_t(y) * size_t(outWidth) * ch;
            for (int xx = 0; xx < outWidth; ++xx) {
                const int32_t* k = &c.taps[size_t(xx) * size_t(c.ksize)];
                const int xmin = c.first[size_t(xx)], n = c.count[size_t(xx)];
                for (size_t b = 0; b < ch; ++b) {
                    int32_t ss = 1 << (kPrecisionBits - 1);
                    for (int x = 0; x < n; ++x) ss += int32_t(row[size_t(x + xmin) * ch + b]) * k[x];
                    orow[size_t(xx) * ch + b] = clip8(ss);
                }
            }
        }
        cur.swap(tmp);
        curW = outWidth;
    }
    if (outHeight != height) {  // vertical pass
        const Coeffs c = precompute(height, outHeight);
        std::vector<uint8_t> tmp(size_t(curW) * size_t(outHeight) * ch);
        const size_t stride = size_t(curW) * ch;
        for (int yy = 0; yy < outHeight; ++yy) {
            const int32_t* k = &c.taps[size_t(yy) * size_t(c.ksize)];
            const int ymin = c.first[size_t(yy)], n = c.count[size_t(yy)];
            uint8_t* orow = tmp.data() + size_t(yy) * stride;
            for (size_t i = 0; i < stride; ++i) {
                int32_t ss = 1 << (kPrecisionBits - 1);
                for (int y = 0; y < n; ++y) ss += int32_t(cur[size_t(y + ymin) * stride + i]) * k[y];
                orow[i] = clip8(ss);
            }
        }
        cur.swap(tmp);
    }
    return cur;
}

}  // namespace mr::reason
