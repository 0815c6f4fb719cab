#include "engine/segment/sam_preprocess.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "engine/core/error.h"

namespace mr::segment {
namespace {

// ---- Pillow (libImaging/Resample.c) -------------------------------------------------------
constexpr int kPrecisionBits = 32 - 8 - 2;

double bilinearFilter(double x) {
    if (x < 0.0) x = -x;
    if (x < 1.0) return 1.0 - x;
    return 0.0;
}

struct Coeffs {
    int ksize = 0;
    std::vector<int> bounds;  // xmin, count per output pixel
    std::vector<int> kk;      // fixed-point coefficients, ksize per output pixel
};

Coeffs precomputeCoeffs(int inSize, float in0, float in1, int outSize) {
    Coeffs c;
    double scale = double(in1 - in0) / outSize;
    double filterscale = scale < 1.0 ? 1.0 : scale;
    double support = 1.0 * filterscale;
    c.ksize = int(std::ceil(support)) * 2 + 1;
    std::vector<double> pre(size_t(outSize) * size_t(c.ksize), 0.0);
    c.bounds.resize(size_t(outSize) * 2);
    for (int xx = 0; xx < outSize; ++xx) {
        double center = in0 + (xx + 0.5) * scale;
        double ww = 0.0;
        double ss = 1.0 / filterscale;
        int xmin = int(center - support + 0.5);
        if (xmin < 0) xmin = 0;
        int xmax = int(center + support + 0.5);
        if (xmax > inSize) xmax = inSize;
        xmax -= xmin;
        double* k = &pre[size_t(xx) * size_t(c.ksize)];
        for (int x = 0; x < xmax; ++x) {
            double w = bilinearFilter((x + xmin - center + 0.5) * ss);
            k[x] = w;
            ww += w;
        }
        for (int x = 0; x < xmax; ++x)
            if (ww != 0.0) k[x] /= ww;
        c.bounds[size_t(xx) * 2] = xmin;
        c.bounds[size_t(xx) * 2 + 1] = xmax;
    }
    c.kk.resize(pre.size());
    for (size_t i = 0; i < pre.size(); ++i)
        c.kk[i] = pre[i] < 0 ? int(-0.5 + pre[i] * (1 << kPrecisionBits)) : int(0.5 + pre[i] * (1 << kPrecisionBits));
    return c;
}

inline uint8_t clip8(int v) {
    int s = v >> kPrecisionBits;  // arithmetic shift, as in Pillow
    return uint8_t(s < 0 ? 0 : s > 255 ? 255 : s);
}

// ---- SciPy ndimage (ni_splines.c, ni_interpolation.c, ni_filters.c) ------------------------
constexpr double kPole3 = -0.267949192431122706472553658494127633;  // sqrt(3) - 2

// scikit-image's mode 'reflect' is ndimage's 'mirror' (d c b | a b c d | c b a).
void initCausalMirror(double* c, long n, double z) {
    double zi = z;
    const double zn1 = std::pow(z, double(n - 1));
    c[0] = c[0] + zn1 * c[n - 1];
    for (long i = 1; i < n - 1; ++i) {
        c[0] += zi * (c[i] + zn1 * c[n - 1 - i]);
        zi *= z;
    }
    c[0] /= 1 - zn1 * zn1;
}

void initAnticausalMirror(double* c, long n, double z) { c[n - 1] = (z * c[n - 2] + c[n - 1]) * z / (z * z - 1); }

// apply_filter for order 3, mode mirror.
void splineFilterLine(double* c, long n) {
    if (n <= 1) return;
    const double z = kPole3;
    double gain = 1.0;
    gain *= (1.0 - z) * (1.0 - 1.0 / z);
    for (long i = 0; i < n; ++i) c[i] *= gain;
    initCausalMirror(c, n, z);
    for (long i = 1; i < n; ++i) c[i] += z * c[i - 1];
    initAnticausalMirror(c, n, z);
    for (long i = n - 2; i >= 0; --i) c[i] = z * (c[i + 1] - c[i]);
}

// map_coordinate for NI_EXTEND_MIRROR.
double mapMirror(double in, long len) {
    if (in < 0) {
        if (len <= 1) return 0;
        long sz2 = 2 * len - 2;
        in = double(sz2) * double(long(-in / double(sz2))) + in;
        in = in <= 1 - len ? in + double(sz2) : -in;
    } else if (in > double(len - 1)) {
        if (len <= 1) return 0;
        long sz2 = 2 * len - 2;
        in -= double(sz2) * double(long(in / double(sz2)));
        if (in >= len) in = double(sz2) - in;
    }
    return in;
}

void splineWeights3(double x, double* w) {
    x -= std::floor(x);
    double y = x, z = 1.0 - x;
    w[1] = (y * y * (y - 2.0) * 3.0 + 4.0) / 6.0;
    w[2] = (z * z * (z - 2.0) * 3.0 + 4.0) / 6.0;
    w[0] = z * z * z / 6.0;
    w[3] = 1.0;
    for (int i = 0; i < 3; ++i) w[3] -= w[i];
}

// One axis of a C-contiguous 3-D array: calls f(line pointer as strided access).
template <class F>
void forEachLine(const std::array<long, 3>& dims, int axis, F&& f) {
    std::array<long, 3> strides{dims[1] * dims[2], dims[2], 1};
    int a = (axis + 1) % 3, b = (axis + 2) % 3;
    if (a > b) std::swap(a, b);
    for (long i = 0; i < dims[a]; ++i)
        for (long j = 0; j < dims[b]; ++j) f(i * strides[a] + j * strides[b], strides[axis], dims[axis]);
}

// gaussian_filter1d(sigma, truncate=4, mode='mirror') along one axis, in place.
void gaussianAxis(std::vector<double>& data, const std::array<long, 3>& dims, int axis, double sigma) {
    const int lw = int(4.0 * sigma + 0.5);
    std::vector<double> w(size_t(2 * lw + 1));
    const double sigma2 = sigma * sigma;
    for (int i = -lw; i <= lw; ++i) w[size_t(i + lw)] = std::exp(-0.5 / sigma2 * double(i * i));
    double sum = 0.0;
    for (double v : w) sum += v;
    for (double& v : w) v = v / sum;
    std::reverse(w.begin(), w.end());
    const double* fw = w.data() + lw;  // centre
    std::vector<double> line, out;
    forEachLine(dims, axis, [&](long start, long stride, long n) {
        line.assign(size_t(n + 2 * lw), 0.0);
        for (long i = 0; i < n; ++i) line[size_t(i + lw)] = data[size_t(start + i * stride)];
        for (int e = 1; e <= lw; ++e) {  // 'mirror' extension: d c b | a b c d | c b a
            long l = e, r = n - 1 - e;
            l = std::min(std::max(l, 0L), n - 1);
            r = std::min(std::max(r, 0L), n - 1);
            line[size_t(lw - e)] = line[size_t(lw + l)];
            line[size_t(lw + n - 1 + e)] = line[size_t(lw + r)];
        }
        out.resize(size_t(n));
        for (long ll = 0; ll < n; ++ll) {
            const double* il = line.data() + lw + ll;
            double acc = il[0] * fw[0];
            for (int jj = -lw; jj < 0; ++jj) acc += (il[jj] + il[-jj]) * fw[jj];
            out[size_t(ll)] = acc;
        }
        for (long i = 0; i < n; ++i) data[size_t(start + i * stride)] = out[size_t(i)];
    });
}

}  // namespace

std::pair<int, int> resizeLongestSideShape(int height, int width, int longSide) {
    double scale = longSide * 1.0 / std::max(height, width);
    double newh = height * scale, neww = width * scale;
    return {int(newh + 0.5), int(neww + 0.5)};
}

Image8 pillowResizeBilinear(const Image8& in, int outW, int outH) {
    if (in.width < 1 || in.height < 1 || outW < 1 || outH < 1 || in.channels < 1)
        throw mr::Error("resize: empty image or target size");
    const int C = in.channels;
    const bool needH = outW != in.width, needV = outH != in.height;
    Image8 cur = in;
    Coeffs vert = precomputeCoeffs(in.height, 0.0f, float(in.height), outH);
    if (needH) {
        Coeffs hz = precomputeCoeffs(in.width, 0.0f, float(in.width), outW);
        // Pillow only computes the rows the vertical pass uses; values are identical.
        Image8 tmp{outW, in.height, C, std::vector<uint8_t>(size_t(outW) * size_t(in.height) * size_t(C))};
        for (int yy = 0; yy < in.height; ++yy) {
            const uint8_t* row = &in.data[size_t(yy) * size_t(in.width) * size_t(C)];
            uint8_t* orow = &tmp.data[size_t(yy) * size_t(outW) * size_t(C)];
            for (int xx = 0; xx < outW; ++xx) {
                int xmin = hz.bounds[size_t(xx) * 2], xmax = hz.bounds[size_t(xx) * 2 + 1];
                const int* k = &hz.kk[size_t(xx) * size_t(hz.ksize)];
                for (int ch = 0; ch < C; ++ch) {
                    int ss = 1 << (kPrecisionBits - 1);
                    for (int x = 0; x < xmax; ++x) ss += int(row[size_t(x + xmin) * size_t(C) + size_t(ch)]) * k[x];
                    orow[size_t(xx) * size_t(C) + size_t(ch)] = clip8(ss);
                }
            }
        }
        cur = std::move(tmp);
    }
    if (needV) {
        Image8 out{cur.width, outH, C, std::vector<uint8_t>(size_t(cur.width) * size_t(outH) * size_t(C))};
        const size_t rowLen = size_t(cur.width) * size_t(C);
        for (int yy = 0; yy < outH; ++yy) {
            int ymin = vert.bounds[size_t(yy) * 2], ymax = vert.bounds[size_t(yy) * 2 + 1];
            const int* k = &vert.kk[size_t(yy) * size_t(vert.ksize)];
            uint8_t* orow = &out.data[size_t(yy) * rowLen];
            for (size_t xc = 0; xc < rowLen; ++xc) {
                int ss = 1 << (kPrecisionBits - 1);
                for (int y = 0; y < ymax; ++y) ss += int(cur.data[size_t(y + ymin) * rowLen + xc]) * k[y];
                orow[xc] = clip8(ss);
            }
        }
        cur = std::move(out);
    }
    return cur;
}

std::vector<double> skimageResizeCubic(const Image8& in, int outH, int outW) {
    if (in.width < 1 || in.height < 1 || outW < 1 || outH < 1 || in.channels < 1)
        throw mr::Error("resize: empty image or target size");
    const std::array<long, 3> idim{in.height, in.width, in.channels};
    const std::array<long, 3> odim{outH, outW, in.channels};
    std::vector<double> img(in.data.begin(), in.data.end());
    double minV = 255, maxV = 0;
    for (uint8_t v : in.data) {
        minV = std::min(minV, double(v));
        maxV = std::max(maxV, double(v));
    }
    // Anti-aliasing: gaussian_filter with sigma = max(0, (factor - 1) / 2) on axes with sigma > 1e-15.
    for (int ax = 0; ax < 3; ++ax) {
        double factor = double(idim[size_t(ax)]) / double(odim[size_t(ax)]);
        double sigma = std::max(0.0, (factor - 1) / 2);
        if (sigma > 1e-15) gaussianAxis(img, idim, ax, sigma);
    }
    // Cubic B-spline prefilter along each axis (mode 'mirror').
    std::vector<double> line;
    for (int ax = 0; ax < 3; ++ax) {
        forEachLine(idim, ax, [&](long start, long stride, long n) {
            line.resize(size_t(n));
            for (long i = 0; i < n; ++i) line[size_t(i)] = img[size_t(start + i * stride)];
            splineFilterLine(line.data(), n);
            for (long i = 0; i < n; ++i) img[size_t(start + i * stride)] = line[size_t(i)];
        });
    }
    // Per-axis tap offsets and weights (NI_ZoomShift with grid_mode).
    const std::array<long, 3> istr{idim[1] * idim[2], idim[2], 1};
    std::array<std::vector<long>, 3> taps;       // 4 input indices (already mapped) per output index
    std::array<std::vector<double>, 3> weights;  // 4 weights per output index
    for (int ax = 0; ax < 3; ++ax) {
        const long len = idim[size_t(ax)], on = odim[size_t(ax)];
        const double zoom = double(len) / double(on);
        taps[size_t(ax)].resize(size_t(on) * 4);
        weights[size_t(ax)].resize(size_t(on) * 4);
        for (long kk = 0; kk < on; ++kk) {
            double cc = double(kk);
            cc += 0.5;
            cc *= zoom;
            cc -= 0.5;
            cc = mapMirror(cc, len);
            long start = long(std::floor(cc)) - 1;
            for (int hh = 0; hh < 4; ++hh) {
                long idx = start + hh;
                if (start < 0 || start + 3 >= len) idx = long(mapMirror(double(idx), len));
                taps[size_t(ax)][size_t(kk) * 4 + size_t(hh)] = idx * istr[size_t(ax)];
            }
            splineWeights3(cc, &weights[size_t(ax)][size_t(kk) * 4]);
        }
    }
    std::vector<double> out(size_t(odim[0] * odim[1] * odim[2]));
    size_t o = 0;
    for (long i0 = 0; i0 < odim[0]; ++i0) {
        const long* t0 = &taps[0][size_t(i0) * 4];
        const double* w0 = &weights[0][size_t(i0) * 4];
        for (long i1 = 0; i1 < odim[1]; ++i1) {
            const long* t1 = &taps[1][size_t(i1) * 4];
            const double* w1 = &weights[1][size_t(i1) * 4];
            for (long i2 = 0; i2 < odim[2]; ++i2, ++o) {
                const long* t2 = &taps[2][size_t(i2) * 4];
                const double* w2 = &weights[2][size_t(i2) * 4];
                double t = 0.0;
                for (int a = 0; a < 4; ++a)
                    for (int b = 0; b < 4; ++b) {
                        const long base = t0[a] + t1[b];
                        for (int c = 0; c < 4; ++c) {
                            double coeff = img[size_t(base + t2[c])];
                            coeff *= w0[a];
                            coeff *= w1[b];
                            coeff *= w2[c];
                            t += coeff;
                        }
                    }
                out[o] = std::min(std::max(t, minV), maxV);  // clip to the input range
            }
        }
    }
    return out;
}

Image8 truncateToUint8(const std::vector<double>& values, int width, int height, int channels) {
    Image8 r{width, height, channels, std::vector<uint8_t>(values.size())};
    for (size_t i = 0; i < values.size(); ++i) {
        double v = values[i];
        r.data[i] = uint8_t(v <= 0 ? 0 : v >= 255 ? 255 : int(v));
    }
    return r;
}

std::vector<float> samNormalizeAndPad(const Image8& rgb, const std::array<float, 3>& mean,
                                      const std::array<float, 3>& stdev, int padSize) {
    if (rgb.channels != 3) throw mr::Error("SAM preprocessing needs a 3-channel image");
    if (rgb.width > padSize || rgb.height > padSize)
        throw mr::Error("SAM preprocessing: image larger than the input size");
    std::vector<float> out(size_t(3) * size_t(padSize) * size_t(padSize), 0.0f);
    for (int c = 0; c < 3; ++c)
        for (int y = 0; y < rgb.height; ++y)
            for (int x = 0; x < rgb.width; ++x) {
                float v = float(rgb.data[(size_t(y) * size_t(rgb.width) + size_t(x)) * 3 + size_t(c)]);
                float d = v - mean[size_t(c)];
                out[(size_t(c) * size_t(padSize) + size_t(y)) * size_t(padSize) + size_t(x)] = d / stdev[size_t(c)];
            }
    return out;
}

std::vector<float> medsamNormalize(const Image8& rgb) {
    if (rgb.channels != 3) throw mr::Error("MedSAM preprocessing needs a 3-channel image");
    uint8_t mn = 255, mx = 0;
    for (uint8_t v : rgb.data) {
        mn = std::min(mn, v);
        mx = std::max(mx, v);
    }
    const double range = std::max(double(uint8_t(mx - mn)), 1e-8);
    const size_t plane = size_t(rgb.width) * size_t(rgb.height);
    std::vector<float> out(plane * 3);
    for (size_t p = 0; p < plane; ++p)
        for (size_t c = 0; c < 3; ++c) out[c * plane + p] = float(double(uint8_t(rgb.data[p * 3 + c] - mn)) / range);
    return out;
}

}  // namespace mr::segment
