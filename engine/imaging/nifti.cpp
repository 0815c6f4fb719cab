#include "engine/imaging/nifti.h"

#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <memory>
#include <vector>

#include "engine/imaging/image_read_error.h"

namespace mr::imaging {

namespace {
#pragma pack(push, 1)
struct Nifti1Header {
    int32_t sizeof_hdr;
    char data_type[10];
    char db_name[18];
    int32_t extents;
    int16_t session_error;
    char regular;
    char dim_info;
    int16_t dim[8];
    float intent_p1, intent_p2, intent_p3;
    int16_t intent_code;
    int16_t datatype;
    int16_t bitpix;
    int16_t slice_start;
    float pixdim[8];
    float vox_offset;
    float scl_slope;
    float scl_inter;
    int16_t slice_end;
    char slice_code;
    char xyzt_units;
    float cal_max, cal_min;
    float slice_duration;
    float toffset;
    int32_t glmax, glmin;
    char descrip[80];
    char aux_file[24];
    int16_t qform_code, sform_code;
    float quatern_b, quatern_c, quatern_d;
    float qoffset_x, qoffset_y, qoffset_z;
    float srow_x[4], srow_y[4], srow_z[4];
    char intent_name[16];
    char magic[4];
};
#pragma pack(pop)
static_assert(sizeof(Nifti1Header) == 348, "NIfTI-1 header is 348 bytes");

enum : int16_t {
    DT_UINT8 = 2,
    DT_INT16 = 4,
    DT_INT32 = 8,
    DT_FLOAT32 = 16,
    DT_FLOAT64 = 64,
    DT_RGB24 = 128,
    DT_INT8 = 256,
    DT_UINT16 = 512,
    DT_UINT32 = 768,
    DT_INT64 = 1024,
    DT_UINT64 = 1280
};

template <class T>
void swapValue(T& v) {
    auto* b = reinterpret_cast<unsigned char*>(&v);
    std::reverse(b, b + sizeof(T));
}

void swapHeader(Nifti1Header& h) {
    swapValue(h.sizeof_hdr);
    swapValue(h.extents);
    swapValue(h.session_error);
    for (auto& d : h.dim) swapValue(d);
    swapValue(h.intent_p1);
    swapValue(h.intent_p2);
    swapValue(h.intent_p3);
    swapValue(h.intent_code);
    swapValue(h.datatype);
    swapValue(h.bitpix);
    swapValue(h.slice_start);
    for (auto& p : h.pixdim) swapValue(p);
    swapValue(h.vox_offset);
    swapValue(h.scl_slope);
    swapValue(h.scl_inter);
    swapValue(h.slice_end);
    swapValue(h.cal_max);
    swapValue(h.cal_min);
    swapValue(h.slice_duration);
    swapValue(h.toffset);
    swapValue(h.glmax);
    swapValue(h.glmin);
    swapValue(h.qform_code);
    swapValue(h.sform_code);
    swapValue(h.quatern_b);
    swapValue(h.quatern_c);
    swapValue(h.quatern_d);
    swapValue(h.qoffset_x);
    swapValue(h.qoffset_y);
    swapValue(h.qoffset_z);
    for (int i = 0; i < 4; ++i) {
        swapValue(h.srow_x[i]);
        swapValue(h.srow_y[i]);
        swapValue(h.srow_z[i]);
    }
}

// gzread reads plain files too (transparent mode), so one reader serves .nii and .nii.gz.
struct GzFile {
    gzFile f = nullptr;
    explicit GzFile(gzFile g) : f(g) {}
    ~GzFile() {
        if (f) gzclose(f);
    }
};

void readExact(gzFile f, void* dst, size_t n, const std::string& path) {
    auto* p = static_cast<uint8_t*>(dst);
    while (n > 0) {
        unsigned chunk = unsigned(std::min<size_t>(n, 1u << 30));
        int got = gzread(f, p, chunk);
        if (got <= 0) {
            int err = 0;
            const char* msg = gzerror(f, &err);
            throw ImageReadError(path,
                                 std::string("truncated NIfTI file: voxel data end early") +
                                     (err != Z_OK && err != Z_STREAM_END && msg ? std::string(" (") + msg + ")" : ""));
        }
        p += got;
        n -= size_t(got);
    }
}

int bytesOf(int16_t dt) {
    switch (dt) {
        case DT_UINT8:
        case DT_INT8: return 1;
        case DT_INT16:
        case DT_UINT16: return 2;
        case DT_RGB24: return 3;
        case DT_INT32:
        case DT_UINT32:
        case DT_FLOAT32: return 4;
        case DT_FLOAT64:
        case DT_INT64:
        case DT_UINT64: return 8;
    }
    return 0;
}

// One stored value of type T at p (any alignment), as a double.
template <class T>
double loadAs(const uint8_t* p) {
    T v;
    std::memcpy(&v, p, sizeof v);
    return double(v);
}

double rawValue(const uint8_t* p, int16_t dt) {
    switch (dt) {
        case DT_UINT8: return *p;
        case DT_INT8: return int8_t(*p);
        case DT_INT16: return loadAs<int16_t>(p);
        case DT_UINT16: return loadAs<uint16_t>(p);
        case DT_INT32: return loadAs<int32_t>(p);
        case DT_UINT32: return loadAs<uint32_t>(p);
        case DT_FLOAT32: return loadAs<float>(p);
        case DT_FLOAT64: return loadAs<double>(p);
        case DT_INT64: return loadAs<int64_t>(p);
        case DT_UINT64: return loadAs<uint64_t>(p);
    }
    return 0;
}

using Mat3 = std::array<double, 9>;

struct Int16Overflow {};

// LPS <-> RAS flips the first two world axes.
void rasToLps(Mat3& m, std::array<double, 3>& t) {
    for (int c = 0; c < 3; ++c) {
        m[size_t(c)] = -m[size_t(c)];
        m[size_t(3 + c)] = -m[size_t(3 + c)];
    }
    t[0] = -t[0];
    t[1] = -t[1];
}

std::string trimmed(const char* s, size_t n) {
    std::string r(s, strnlen(s, n));
    while (!r.empty() && r.back() == ' ') r.pop_back();
    return r;
}
}  // namespace

bool looksLikeNifti(const std::string& path) {
    gzFile f = gzopen(path.c_str(), "rb");
    if (!f) return false;
    GzFile guard(f);
    Nifti1Header h;
    if (gzread(f, &h, sizeof h) != int(sizeof h)) return false;
    if (h.sizeof_hdr != 348) swapValue(h.sizeof_hdr);
    return h.sizeof_hdr == 348 && (std::memcmp(h.magic, "n+1", 4) == 0 || std::memcmp(h.magic, "ni1", 4) == 0);
}

namespace {
// The 348-byte header, byte-swapped to host order when the file is big-endian (swapped), and checked.
Nifti1Header readHeader(gzFile f, const std::string& path, bool& swapped) {
    Nifti1Header h;
    if (gzread(f, &h, sizeof h) != int(sizeof h))
        throw ImageReadError(path, "not a NIfTI file (too short for a header)");
    swapped = false;
    if (h.sizeof_hdr != 348) {
        int32_t s = h.sizeof_hdr;
        swapValue(s);
        if (s == 540) throw ImageReadError(path, "NIfTI-2 files are not supported");
        if (s != 348) {
            if (h.sizeof_hdr == 540) throw ImageReadError(path, "NIfTI-2 files are not supported");
            throw ImageReadError(path, "not a NIfTI-1 file (header size " + std::to_string(h.sizeof_hdr) + ")");
        }
        swapHeader(h);
        swapped = true;
    }
    if (std::memcmp(h.magic, "ni1", 4) == 0)
        throw ImageReadError(path, "a NIfTI .hdr/.img pair: open a single-file .nii instead");
    if (std::memcmp(h.magic, "n+1", 4) != 0) throw ImageReadError(path, "not a NIfTI-1 file (bad magic)");
    if (h.dim[0] < 1 || h.dim[0] > 7)
        throw ImageReadError(path, "bad number of dimensions " + std::to_string(h.dim[0]));
    for (int i = 1; i <= h.dim[0]; ++i)
        if (h.dim[i] < 1) throw ImageReadError(path, "bad dimension " + std::to_string(h.dim[i]));
    if (bytesOf(h.datatype) == 0)
        throw ImageReadError(path, "unsupported NIfTI data type " + std::to_string(h.datatype));
    if (h.dim[0] >= 5 && h.dim[5] > 1) throw ImageReadError(path, "vector-valued NIfTI images are not supported");
    return h;
}

// Geometry from the sform (preferred): its columns give spacing and direction; a sheared one is reported.
void sformGeometry(const Nifti1Header& h, double unit, const std::string& path, Geometry& g,
                   std::vector<std::string>& warnings) {
    Mat3 m{};
    std::array<double, 3> t{};
    const float* rows[3] = {h.srow_x, h.srow_y, h.srow_z};
    for (int r = 0; r < 3; ++r) {
        for (int c = 0; c < 3; ++c) m[size_t(r * 3 + c)] = double(rows[r][c]) * unit;
        t[size_t(r)] = double(rows[r][3]) * unit;
    }
    rasToLps(m, t);
    for (int c = 0; c < 3; ++c) {
        double len = std::sqrt(m[size_t(c)] * m[size_t(c)] + m[size_t(3 + c)] * m[size_t(3 + c)] +
                               m[size_t(6 + c)] * m[size_t(6 + c)]);
        if (!(len > 0)) throw ImageReadError(path, "degenerate sform (zero voxel size)");
        g.spacing[size_t(c)] = len;
        for (int r = 0; r < 3; ++r) g.direction[size_t(r * 3 + c)] = m[size_t(r * 3 + c)] / len;
    }
    g.origin = t;
    // Voxel axes must be orthogonal for the image model; a sheared sform is reported.
    for (int a = 0; a < 3; ++a)
        for (int b = a + 1; b < 3; ++b) {
            double d = 0;
            for (int r = 0; r < 3; ++r) d += g.direction[size_t(r * 3 + a)] * g.direction[size_t(r * 3 + b)];
            if (std::abs(d) > 1e-3) {
                warnings.push_back("sform has shear; geometry is approximate");
                a = b = 3;
            }
        }
}

// Direction and origin from the qform quaternion (spacing comes from pixdim).
void qformGeometry(const Nifti1Header& h, double unit, Geometry& g) {
    double b = h.quatern_b, c = h.quatern_c, d = h.quatern_d;
    double a = 1.0 - (b * b + c * c + d * d);
    if (a < 1e-7) {  // 180-degree rotation: renormalise (b,c,d), a = 0
        double s = 1.0 / std::sqrt(b * b + c * c + d * d);
        b *= s;
        c *= s;
        d *= s;
        a = 0;
    } else {
        a = std::sqrt(a);
    }
    const double qfac = h.pixdim[0] < 0 ? -1.0 : 1.0;
    Mat3 m = {a * a + b * b - c * c - d * d, 2 * (b * c - a * d),           2 * (b * d + a * c),
              2 * (b * c + a * d),           a * a + c * c - b * b - d * d, 2 * (c * d - a * b),
              2 * (b * d - a * c),           2 * (c * d + a * b),           a * a + d * d - c * c - b * b};
    for (int r = 0; r < 3; ++r) m[size_t(r * 3 + 2)] *= qfac;
    std::array<double, 3> t = {double(h.qoffset_x) * unit, double(h.qoffset_y) * unit, double(h.qoffset_z) * unit};
    rasToLps(m, t);
    g.direction = m;
    g.origin = t;
}

// The volume's geometry in LPS millimetres: sform, else qform, else RAS axes assumed.
Geometry niftiGeometry(const Nifti1Header& h, const std::array<int64_t, 3>& size, const std::string& path,
                       std::vector<std::string>& warnings) {
    // Units: convert metres/microns to millimetres.
    double unit = 1;
    switch (h.xyzt_units & 7) {
        case 1: unit = 1000; break;
        case 3: unit = 0.001; break;
        default: break;
    }
    Geometry g;
    g.size = size;
    if (h.sform_code > 0) {
        sformGeometry(h, unit, path, g, warnings);
        return g;
    }
    for (int i = 0; i < 3; ++i) {
        double p = std::abs(double(h.pixdim[i + 1])) * unit;
        g.spacing[size_t(i)] = p > 0 && std::isfinite(p) ? p : 1.0;
    }
    if (h.qform_code > 0) {
        qformGeometry(h, unit, g);
    } else {
        // No orientation at all (ANALYZE-style): assume RAS axes, as ITK and others do.
        g.direction = {-1, 0, 0, 0, -1, 0, 0, 0, 1};
        warnings.push_back("NIfTI file without qform/sform: orientation assumed");
    }
    return g;
}

// How stored values become output voxels.
struct VoxelFormat {
    int16_t datatype = 0;
    int bpv = 0;  // bytes per stored value
    bool swapped = false;
    bool scaled = false;  // apply slope and inter
    double slope = 1, inter = 0;
    PixelType type = PixelType::Float32;
};

// Output type: the stored type, or after scl_slope/scl_inter int16 when integral and fitting.
VoxelFormat chooseVoxelFormat(const Nifti1Header& h, bool swapped, bool forceFloat, std::vector<std::string>& notes) {
    VoxelFormat v;
    v.datatype = h.datatype;
    v.bpv = bytesOf(h.datatype);
    v.swapped = swapped;
    double slope = h.scl_slope, inter = h.scl_inter;
    v.slope = slope;
    v.inter = inter;
    v.scaled = std::isfinite(slope) && slope != 0 && std::isfinite(inter) && !(slope == 1 && inter == 0);
    auto integral = [](double x) { return std::abs(x - std::round(x)) < 1e-9; };
    if (h.datatype == DT_RGB24) {
        v.type = PixelType::Rgb8;
        v.scaled = false;
    } else if (!v.scaled) {
        switch (h.datatype) {
            case DT_UINT8: v.type = PixelType::UInt8; break;
            case DT_INT8:
            case DT_INT16: v.type = PixelType::Int16; break;
            case DT_UINT16: v.type = PixelType::UInt16; break;
            default: v.type = PixelType::Float32; break;
        }
    } else if (!forceFloat && integral(slope) && integral(inter) &&
               (h.datatype == DT_UINT8 || h.datatype == DT_INT8 || h.datatype == DT_INT16 || h.datatype == DT_UINT16)) {
        v.type = PixelType::Int16;  // optimistic: values that do not fit make the caller read float32
    }
    if (v.type == PixelType::Float32 && (h.datatype == DT_INT32 || h.datatype == DT_UINT32 ||
                                         h.datatype == DT_FLOAT64 || h.datatype == DT_INT64 || h.datatype == DT_UINT64))
        notes.push_back("NIfTI data type " + std::to_string(h.datatype) + " stored as float32");
    return v;
}

// Moves the stream to the voxel data and checks that an uncompressed file holds all of them.
void seekVoxelData(gzFile f, const Nifti1Header& h, const std::array<int64_t, 3>& size, int bpv,
                   const std::string& path) {
    if (!std::isfinite(h.vox_offset) || h.vox_offset > 1e15)
        throw ImageReadError(path, "bad voxel data offset (vox_offset " + std::to_string(h.vox_offset) + ")");
    const double offset = h.vox_offset < 352 ? 352 : std::floor(double(h.vox_offset));
    // Skip the extensions up to the voxel data, a buffer at a time (the offset comes from the file).
    for (uint64_t left = uint64_t(offset) - sizeof h; left > 0;) {
        uint8_t junk[1 << 14];
        const size_t n = size_t(std::min<uint64_t>(left, sizeof junk));
        readExact(f, junk, n, path);
        left -= n;
    }
    std::error_code ec;
    const uint64_t needed =
        uint64_t(offset) + uint64_t(size[0]) * uint64_t(size[1]) * uint64_t(size[2]) * uint64_t(bpv);
    if (!gzdirect(f) ? false : std::filesystem::file_size(path, ec) < needed)
        throw ImageReadError(path, "truncated NIfTI file: " + std::to_string(needed) + " bytes needed, the file has " +
                                       std::to_string(std::filesystem::file_size(path, ec)));
}

// The output volume; allocation failures and out-of-limits sizes become read errors.
Image allocateVolume(PixelType type, const Geometry& g, const std::string& path) {
    const auto& size = g.size;
    try {
        return Image(type, g);
    } catch (const std::bad_alloc&) {
        throw ImageReadError(path, "not enough memory for " + std::to_string(size[0]) + "x" + std::to_string(size[1]) +
                                       "x" + std::to_string(size[2]) + " voxels");
    } catch (const mr::Error& e) {  // sizes beyond mr::limits, or geometry that is not finite
        throw ImageReadError(path, e.what());
    }
}

// One slice of stored values (already in host byte order) converted into the output slice.
void convertSlice(const std::vector<uint8_t>& scratch, size_t slicePixels, const VoxelFormat& v, uint8_t* out) {
    for (size_t i = 0; i < slicePixels; ++i) {
        double x = rawValue(&scratch[i * size_t(v.bpv)], v.datatype);
        if (v.scaled) x = x * v.slope + v.inter;
        switch (v.type) {
            case PixelType::UInt8: out[i] = uint8_t(x); break;
            case PixelType::Int16:
                if (x < -32768 || x > 32767) throw Int16Overflow();
                reinterpret_cast<int16_t*>(out)[i] = int16_t(std::lround(x));
                break;
            case PixelType::UInt16: reinterpret_cast<uint16_t*>(out)[i] = uint16_t(x); break;
            case PixelType::Float32: reinterpret_cast<float*>(out)[i] = float(x); break;
            case PixelType::Rgb8: break;
        }
    }
}

// The voxels slice by slice: read straight into the image when the stored layout is the output's.
void readSlices(gzFile f, const VoxelFormat& v, const std::array<int64_t, 3>& size, Image& image,
                const std::string& path, const mr::CancelToken& cancel, const mr::ProgressFn& progress) {
    const size_t slicePixels = size_t(size[0] * size[1]);
    std::vector<uint8_t> scratch(slicePixels * size_t(v.bpv));
    for (int64_t z = 0; z < size[2]; ++z) {
        cancel.check();
        const bool direct = !v.scaled && !v.swapped &&
                            ((v.datatype == DT_UINT8 && v.type == PixelType::UInt8) ||
                             (v.datatype == DT_INT16 && v.type == PixelType::Int16) ||
                             (v.datatype == DT_UINT16 && v.type == PixelType::UInt16) ||
                             (v.datatype == DT_FLOAT32 && v.type == PixelType::Float32) ||
                             (v.datatype == DT_RGB24 && v.type == PixelType::Rgb8));
        uint8_t* out = image.bytes() + size_t(z) * image.sliceBytes();
        if (direct) {
            readExact(f, out, image.sliceBytes(), path);
        } else {
            readExact(f, scratch.data(), scratch.size(), path);
            if (v.swapped && v.bpv > 1 && v.datatype != DT_RGB24)
                for (size_t i = 0; i < slicePixels; ++i)
                    std::reverse(&scratch[i * size_t(v.bpv)], &scratch[(i + 1) * size_t(v.bpv)]);
            convertSlice(scratch, slicePixels, v, out);
        }
        if (progress) progress(double(z + 1) / double(size[2]), "Reading NIfTI");
    }
}

// The rest of the metadata from the header.
void fillMetadata(Metadata& meta, const Nifti1Header& h, const VoxelFormat& v, const std::string& path) {
    meta.orientationKnown = h.sform_code > 0 || h.qform_code > 0;
    meta.modality = "OT";
    meta.photometric = v.type == PixelType::Rgb8 ? "RGB" : "MONOCHROME2";
    meta.seriesDescription = trimmed(h.descrip, sizeof h.descrip);
    meta.rescaleSlope = v.scaled ? v.slope : 1;
    meta.rescaleIntercept = v.scaled ? v.inter : 0;
    if (h.cal_max > h.cal_min && std::isfinite(h.cal_max) && std::isfinite(h.cal_min))
        meta.windows.push_back({"NIfTI display range", (double(h.cal_max) + double(h.cal_min)) / 2,
                                double(h.cal_max) - double(h.cal_min)});
    meta.source = path;
}

Image readNiftiImpl(const std::string& path, const mr::CancelToken& cancel, const mr::ProgressFn& progress,
                    bool forceFloat) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) throw ImageReadError(path, "no such file");
    gzFile f = gzopen(path.c_str(), "rb");
    if (!f) throw ImageReadError(path, std::string("cannot open: ") + std::strerror(errno));
    GzFile guard(f);
    gzbuffer(f, 1 << 18);
    bool swapped = false;
    const Nifti1Header h = readHeader(f, path, swapped);

    Metadata meta;
    std::array<int64_t, 3> size{h.dim[1], h.dim[0] >= 2 ? h.dim[2] : 1, h.dim[0] >= 3 ? h.dim[3] : 1};
    int64_t volumes = 1;
    for (int i = 4; i <= h.dim[0]; ++i) volumes *= h.dim[i];
    if (volumes > 1)
        meta.warnings.push_back("4D NIfTI with " + std::to_string(volumes) + " volumes: only the first is loaded");
    const Geometry g = niftiGeometry(h, size, path, meta.warnings);
    const VoxelFormat v = chooseVoxelFormat(h, swapped, forceFloat, meta.notes);

    seekVoxelData(f, h, size, v.bpv, path);
    Image image = allocateVolume(v.type, g, path);
    readSlices(f, v, size, image, path, cancel, progress);
    fillMetadata(meta, h, v, path);
    image.metadata() = meta;
    return image;
}
}  // namespace

Image readNifti(const std::string& path, const mr::CancelToken& cancel, const mr::ProgressFn& progress) {
    try {
        return readNiftiImpl(path, cancel, progress, false);
    } catch (const Int16Overflow&) {
        return readNiftiImpl(path, cancel, progress, true);
    }
}

namespace {

// The qform of a RAS rotation `r` (direction, columns of unit length) and offset `o`: a proper
// rotation as a quaternion plus qfac = -1 (in pixdim[0]) for a left-handed direction.
void setQform(Nifti1Header& h, Mat3 r, const std::array<double, 3>& o) {
    double det =
        r[0] * (r[4] * r[8] - r[5] * r[7]) - r[1] * (r[3] * r[8] - r[5] * r[6]) + r[2] * (r[3] * r[7] - r[4] * r[6]);
    double qfac = det < 0 ? -1 : 1;
    if (qfac < 0)
        for (int row = 0; row < 3; ++row) r[size_t(row * 3 + 2)] = -r[size_t(row * 3 + 2)];
    double a = r[0] + r[4] + r[8] + 1, b, c, d;
    if (a > 0.5) {
        a = 0.5 * std::sqrt(a);
        b = 0.25 * (r[7] - r[5]) / a;
        c = 0.25 * (r[2] - r[6]) / a;
        d = 0.25 * (r[3] - r[1]) / a;
    } else {
        double xd = 1 + r[0] - (r[4] + r[8]), yd = 1 + r[4] - (r[0] + r[8]), zd = 1 + r[8] - (r[0] + r[4]);
        if (xd > 1) {
            b = 0.5 * std::sqrt(xd);
            c = 0.25 * (r[1] + r[3]) / b;
            d = 0.25 * (r[2] + r[6]) / b;
            a = 0.25 * (r[7] - r[5]) / b;
        } else if (yd > 1) {
            c = 0.5 * std::sqrt(yd);
            b = 0.25 * (r[1] + r[3]) / c;
            d = 0.25 * (r[5] + r[7]) / c;
            a = 0.25 * (r[2] - r[6]) / c;
        } else {
            d = 0.5 * std::sqrt(zd);
            b = 0.25 * (r[2] + r[6]) / d;
            c = 0.25 * (r[5] + r[7]) / d;
            a = 0.25 * (r[3] - r[1]) / d;
        }
        if (a < 0) {
            b = -b;
            c = -c;
            d = -d;
        }
    }
    h.quatern_b = float(b);
    h.quatern_c = float(c);
    h.quatern_d = float(d);
    h.qoffset_x = float(o[0]);
    h.qoffset_y = float(o[1]);
    h.qoffset_z = float(o[2]);
    h.pixdim[0] = float(qfac);
}

// The header of `image` (qform and sform from its geometry); `path` names the file in errors.
Nifti1Header headerOf(const Image& image, const std::string& path) {
    if (image.empty()) throw mr::Error("cannot write an empty image to " + path);
    const Geometry& g = image.geometry();
    Nifti1Header h;
    std::memset(&h, 0, sizeof h);
    h.sizeof_hdr = 348;
    h.regular = 'r';
    h.dim[0] = 3;
    for (int i = 0; i < 3; ++i) {
        if (g.size[size_t(i)] > 32767)
            throw mr::Error("cannot write " + path + ": a dimension exceeds NIfTI-1's 32767");
        h.dim[i + 1] = int16_t(g.size[size_t(i)]);
    }
    for (int i = 4; i < 8; ++i) h.dim[i] = 1;
    switch (image.pixelType()) {
        case PixelType::UInt8:
            h.datatype = DT_UINT8;
            h.bitpix = 8;
            break;
        case PixelType::Int16:
            h.datatype = DT_INT16;
            h.bitpix = 16;
            break;
        case PixelType::UInt16:
            h.datatype = DT_UINT16;
            h.bitpix = 16;
            break;
        case PixelType::Float32:
            h.datatype = DT_FLOAT32;
            h.bitpix = 32;
            break;
        case PixelType::Rgb8:
            h.datatype = DT_RGB24;
            h.bitpix = 24;
            break;
    }
    h.vox_offset = 352;
    h.scl_slope = 1;
    h.scl_inter = 0;
    h.xyzt_units = 2 | 8;  // mm, s
    if (!image.metadata().windows.empty()) {
        const auto& w = image.metadata().windows.front();
        h.cal_min = float(w.center - w.width / 2);
        h.cal_max = float(w.center + w.width / 2);
    }
    std::snprintf(h.descrip, sizeof h.descrip, "%s", image.metadata().seriesDescription.c_str());
    std::memcpy(h.magic, "n+1", 4);

    // RAS affine = diag(-1,-1,1) * [direction * spacing | origin].
    Mat3 r{};
    for (int row = 0; row < 3; ++row)
        for (int c = 0; c < 3; ++c) r[size_t(row * 3 + c)] = (row < 2 ? -1.0 : 1.0) * g.direction[size_t(row * 3 + c)];
    std::array<double, 3> o{-g.origin[0], -g.origin[1], g.origin[2]};
    float* srow[3] = {h.srow_x, h.srow_y, h.srow_z};
    for (int row = 0; row < 3; ++row) {
        for (int c = 0; c < 3; ++c) srow[row][c] = float(r[size_t(row * 3 + c)] * g.spacing[size_t(c)]);
        srow[row][3] = float(o[size_t(row)]);
    }
    h.sform_code = 1;  // scanner anatomical
    h.qform_code = 1;
    setQform(h, r, o);
    for (int i = 0; i < 3; ++i) h.pixdim[i + 1] = float(g.spacing[size_t(i)]);
    return h;
}

bool endsWithGz(const std::string& path) { return path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0; }

}  // namespace

std::string encodeNifti(const Image& image, bool gzip, const mr::CancelToken& cancel) {
    const Nifti1Header h = headerOf(image, "memory");
    std::string plain(sizeof h + 4 + image.sliceBytes() * size_t(image.depth()), '\0');
    std::memcpy(plain.data(), &h, sizeof h);
    std::memcpy(plain.data() + sizeof h + 4, image.bytes(), image.sliceBytes() * size_t(image.depth()));
    if (!gzip) return plain;
    if (plain.size() > std::numeric_limits<uInt>::max() / 2)
        throw mr::Error("cannot compress a NIfTI image of " + std::to_string(plain.size()) + " bytes in memory");
    z_stream z{};
    // windowBits 15 + 16: a gzip wrapper, as gzopen writes and reads it.
    if (deflateInit2(&z, 4, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw mr::Error("cannot compress a NIfTI image: zlib failed to start");
    std::string out(deflateBound(&z, uLong(plain.size())), '\0');
    z.next_in = reinterpret_cast<Bytef*>(plain.data());
    z.avail_in = uInt(plain.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = uInt(out.size());
    cancel.check();
    const int rc = deflate(&z, Z_FINISH);
    const size_t written = out.size() - z.avail_out;
    deflateEnd(&z);
    if (rc != Z_STREAM_END) throw mr::Error("cannot compress a NIfTI image: zlib error " + std::to_string(rc));
    out.resize(written);
    return out;
}

void writeNifti(const Image& image, const std::string& path, const mr::CancelToken& cancel) {
    const Nifti1Header h = headerOf(image, path);
    const bool gz = endsWithGz(path);
    const std::string tmp = path + ".part";
    gzFile f = gzopen(tmp.c_str(), gz ? "wb4" : "wbT");
    if (!f) throw mr::Error("cannot write " + path + ": " + std::strerror(errno));
    bool ok = true;
    try {
        GzFile guard(f);
        gzbuffer(f, 1 << 18);
        const char ext[4] = {0, 0, 0, 0};
        ok = gzwrite(f, &h, sizeof h) == int(sizeof h) && gzwrite(f, ext, 4) == 4;
        const size_t sliceBytes = image.sliceBytes();
        for (int64_t z = 0; ok && z < image.depth(); ++z) {
            cancel.check();
            ok = gzwrite(f, image.bytes() + size_t(z) * sliceBytes, unsigned(sliceBytes)) == int(sliceBytes);
        }
        guard.f = nullptr;
        ok = gzclose(f) == Z_OK && ok;
    } catch (...) {
        std::remove(tmp.c_str());
        throw;
    }
    if (!ok) {
        std::remove(tmp.c_str());
        throw mr::Error("cannot write " + path + ": write failed (disk full?)");
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::remove(tmp.c_str());
        throw mr::Error("cannot write " + path + ": " + ec.message());
    }
}

}  // namespace mr::imaging
