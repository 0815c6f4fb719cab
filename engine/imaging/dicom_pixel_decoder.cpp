#include "engine/imaging/dicom_pixel_decoder.h"

#include "dcmtk/config/osconfig.h"  // must come first
#include "dcmtk/dcmdata/dcfcache.h"
#include "dcmtk/dcmdata/dcpixel.h"
#include "dcmtk/dcmdata/dcpixseq.h"
#include "dcmtk/dcmdata/dcpxitem.h"
#include "dcmtk/dcmdata/dctk.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <limits>
#include <mutex>
#include <thread>

#include "engine/imaging/dicom_scanner.h"
#include "engine/imaging/image_read_error.h"
#include "engine/imaging/jpeg2000.h"

namespace mr::imaging::detail {

Layout layoutOf(const DicomFileInfo& i) {
    Layout l;
    l.bitsAllocated = i.bitsAllocated;
    l.bitsStored = i.bitsStored;
    l.highBit = i.highBit;
    l.isSigned = i.pixelRepresentation == 1;
    l.invert = i.photometric == "MONOCHROME1";
    if (l.isSigned) {
        l.smin = -(int64_t(1) << (l.bitsStored - 1));
        l.smax = (int64_t(1) << (l.bitsStored - 1)) - 1;
    } else {
        l.smin = 0;
        l.smax = (int64_t(1) << l.bitsStored) - 1;
    }
    return l;
}

namespace {

template <class Raw, class Out>
bool convertGrayT(const Raw* raw, Out* out, size_t n, const Layout& L, double slope, double intercept) {
    const int shift = L.highBit + 1 - L.bitsStored;
    const int64_t mask = L.bitsStored >= 63 ? -1 : ((int64_t(1) << L.bitsStored) - 1);
    const int64_t signBit = int64_t(1) << (L.bitsStored - 1);
    const int64_t flipSum = L.smin + L.smax;
    bool overflow = false;
    if constexpr (std::is_floating_point_v<Out>) {
        for (size_t i = 0; i < n; ++i) {
            int64_t v = (int64_t(raw[i]) >> shift) & mask;
            if (L.isSigned && (v & signBit)) v -= (signBit << 1);
            if (L.invert) v = flipSum - v;
            out[i] = Out(double(v) * slope + intercept);
        }
    } else {
        const int64_t s = int64_t(std::llround(slope)), b = int64_t(std::llround(intercept));
        const int64_t lo = std::numeric_limits<Out>::min(), hi = std::numeric_limits<Out>::max();
        for (size_t i = 0; i < n; ++i) {
            int64_t v = (int64_t(raw[i]) >> shift) & mask;
            if (L.isSigned && (v & signBit)) v -= (signBit << 1);
            if (L.invert) v = flipSum - v;
            int64_t r = v * s + b;
            if (r < lo || r > hi) {
                overflow = true;
                r = r < lo ? lo : hi;
            }
            out[i] = Out(r);
        }
    }
    return !overflow;
}

template <class Out>
bool convertGray(const uint8_t* raw, Out* out, size_t n, const Layout& L, double slope, double intercept) {
    switch (L.bitsAllocated) {
        case 8: return convertGrayT(raw, out, n, L, slope, intercept);
        case 16: return convertGrayT(reinterpret_cast<const uint16_t*>(raw), out, n, L, slope, intercept);
        default: return convertGrayT(reinterpret_cast<const uint32_t*>(raw), out, n, L, slope, intercept);
    }
}

uint8_t clamp8(double v) { return uint8_t(v < 0 ? 0 : v > 255 ? 255 : std::lround(v)); }

void ybrToRgb(uint8_t y, uint8_t cb, uint8_t cr, uint8_t* rgb) {
    double Y = y, B = double(cb) - 128, R = double(cr) - 128;
    rgb[0] = clamp8(Y + 1.402 * R);
    rgb[1] = clamp8(Y - 0.344136 * B - 0.714136 * R);
    rgb[2] = clamp8(Y + 1.772 * B);
}

// Samples of more than 8 bits (native byte order) reduced to their top 8 stored bits, so that
// 16-bit RGB of v * 257 becomes v again.
void narrowSamples(const uint8_t* raw, size_t count, const Layout& L, std::vector<uint8_t>& out) {
    out.resize(count);
    const int shift = L.highBit + 1 - L.bitsStored;
    const uint64_t mask = L.bitsStored >= 64 ? ~uint64_t(0) : (uint64_t(1) << L.bitsStored) - 1;
    const int drop = std::max(0, L.bitsStored - 8);
    for (size_t i = 0; i < count; ++i) {
        uint64_t v = L.bitsAllocated == 16 ? reinterpret_cast<const uint16_t*>(raw)[i]
                                           : reinterpret_cast<const uint32_t*>(raw)[i];
        v = (v >> shift) & mask;
        out[i] = uint8_t(L.bitsStored < 8 ? v << (8 - L.bitsStored) : v >> drop);
    }
}

// raw: one frame as DICOM lays it out uncompressed; out: RGB interleaved.
void convertColor(const uint8_t* raw, uint8_t* out, size_t n, const std::string& model, int planar, bool subsampled) {
    if (subsampled) {  // YBR_FULL_422 uncompressed: Y1 Y2 Cb Cr per pair of pixels
        for (size_t i = 0; i + 1 < n; i += 2, raw += 4) {
            ybrToRgb(raw[0], raw[2], raw[3], out + 3 * i);
            ybrToRgb(raw[1], raw[2], raw[3], out + 3 * (i + 1));
        }
        if (n % 2) ybrToRgb(raw[0], raw[2], raw[3], out + 3 * (n - 1));
        return;
    }
    const bool ybr = model.rfind("YBR", 0) == 0;
    for (size_t i = 0; i < n; ++i) {
        uint8_t a, b, c;
        if (planar == 1) {
            a = raw[i];
            b = raw[n + i];
            c = raw[2 * n + i];
        } else {
            a = raw[3 * i];
            b = raw[3 * i + 1];
            c = raw[3 * i + 2];
        }
        if (ybr) {
            ybrToRgb(a, b, c, out + 3 * i);
        } else {
            out[3 * i] = a;
            out[3 * i + 1] = b;
            out[3 * i + 2] = c;
        }
    }
}

DcmPixelData* pixelDataOf(DcmFileFormat& f, const std::string& path) {
    DcmElement* el = nullptr;
    if (f.getDataset()->findAndGetElement(DCM_PixelData, el).bad() || !el) throw ImageReadError(path, "no pixel data");
    // DCMTK makes a DcmPixelData only for the VRs pixel data may have (OB, OW, ...); a file that
    // gives (7FE0,0010) another VR yields another element class, which must not be used as one.
    auto* pixels = dynamic_cast<DcmPixelData*>(el);
    if (!pixels) {
        const std::string vr = DcmVR(el->getVR()).getVRName();
        throw ImageReadError(path, "the pixel data element has " +
                                       (vr == "??" ? "an unknown value representation" : "value representation " + vr) +
                                       ", not OB or OW");
    }
    return pixels;
}

// The compressed bytes of one frame in an encapsulated pixel data element.
std::vector<uint8_t> encapsulatedFrame(DcmPixelData& pix, const DicomFileInfo& info, int64_t frame) {
    DcmPixelSequence* seq = nullptr;
    E_TransferSyntax xfer = DcmXfer(info.transferSyntax.c_str()).getXfer();
    if (pix.getEncapsulatedRepresentation(xfer, nullptr, seq).bad() || !seq)
        throw ImageReadError(info.path, "cannot access the encapsulated pixel data");
    unsigned long items = seq->card();
    if (items < 2) throw ImageReadError(info.path, "encapsulated pixel data has no fragments");
    const unsigned long fragments = items - 1;  // item 0 is the offset table
    auto itemBytes = [&](unsigned long i, std::vector<uint8_t>& out) {
        DcmPixelItem* item = nullptr;
        if (seq->getItem(item, i).bad() || !item) throw ImageReadError(info.path, "missing pixel data fragment");
        Uint8* p = nullptr;
        Uint32 len = item->getLength();
        if (len == 0) return;
        if (item->getUint8Array(p).bad() || !p) throw ImageReadError(info.path, "unreadable pixel data fragment");
        out.insert(out.end(), p, p + len);
    };
    std::vector<uint8_t> bytes;
    if (info.frames == 1) {
        for (unsigned long i = 1; i < items; ++i) itemBytes(i, bytes);
        return bytes;
    }
    if (int64_t(fragments) == info.frames) {
        itemBytes(1 + static_cast<unsigned long>(frame), bytes);
        return bytes;
    }
    // Several fragments per frame: use the basic offset table.
    DcmPixelItem* table = nullptr;
    Uint8* t = nullptr;
    if (seq->getItem(table, 0).bad() || !table || table->getLength() < 4 * info.frames ||
        table->getUint8Array(t).bad() || !t)
        throw ImageReadError(info.path, "multi-frame JPEG 2000 with several fragments per frame needs an offset table");
    auto offsetAt = [&](int64_t f) {
        const uint8_t* q = t + 4 * f;
        return uint32_t(q[0]) | uint32_t(q[1]) << 8 | uint32_t(q[2]) << 16 | uint32_t(q[3]) << 24;
    };
    uint32_t begin = offsetAt(frame);
    uint32_t end = frame + 1 < info.frames ? offsetAt(frame + 1) : std::numeric_limits<uint32_t>::max();
    uint64_t pos = 0;
    for (unsigned long i = 1; i < items; ++i) {
        DcmPixelItem* item = nullptr;
        seq->getItem(item, i);
        uint64_t itemTotal = 8 + (item ? item->getLength() : 0);
        if (pos >= begin && pos < end) itemBytes(i, bytes);
        pos += itemTotal;
    }
    return bytes;
}

class SeriesDecoder {
public:
    SeriesDecoder(std::vector<FileEntry>& files, const std::vector<std::vector<int64_t>>& slotOf, const Plan& plan,
                  Image& image, int threads, const mr::CancelToken& cancel, const mr::ProgressFn& progress)
        : files_(files),
          slotOf_(slotOf),
          plan_(plan),
          image_(image),
          threads_(threads),
          cancel_(cancel),
          progress_(progress) {}

    // Returns false when an integer output overflowed (the caller retries with float32).
    bool run() {
        // Work items: whole files, except uncompressed multi-frame files, which are split into
        // frame ranges (each with its own DCMTK object) so one big enhanced file uses every core.
        std::vector<Item> items;
        for (size_t i = 0; i < files_.size(); ++i) {
            const auto& info = files_[i].info;
            const int64_t frames = info.frames;
            if (info.encapsulated || frames < 2 * int64_t(threads_) || threads_ < 2) {
                items.push_back({i, 0, frames, false});
                continue;
            }
            const int64_t chunks = std::min<int64_t>(frames, int64_t(threads_) * 4);
            for (int64_t c = 0; c < chunks; ++c)
                items.push_back({i, frames * c / chunks, frames * (c + 1) / chunks, true});
        }
        std::atomic<size_t> next{0};
        std::atomic<size_t> done{0};
        std::atomic<bool> stop{false}, fits{true};
        std::exception_ptr error;
        std::mutex m;
        auto worker = [&] {
            std::vector<uint8_t> scratch;
            for (;;) {
                if (stop) return;
                size_t k = next++;
                if (k >= items.size()) return;
                const size_t i = items[k].file;
                try {
                    if (cancel_.cancelled()) throw mr::Cancelled();
                    try {
                        if (!decodeFile(items[k], scratch)) fits = false;
                    } catch (const ImageReadError&) {
                        throw;
                    } catch (const mr::Cancelled&) {
                        throw;
                    } catch (const std::bad_alloc&) {
                        throw ImageReadError(files_[i].info.path, "out of memory while decoding");
                    } catch (const std::exception& e) {
                        throw ImageReadError(files_[i].info.path, e.what());
                    }
                    size_t d = ++done;
                    if (progress_) {
                        std::lock_guard<std::mutex> lock(m);
                        progress_(0.05 + 0.95 * double(d) / double(items.size()), "Decoding DICOM slices");
                    }
                } catch (...) {
                    std::lock_guard<std::mutex> lock(m);
                    if (!error) error = std::current_exception();
                    stop = true;
                    return;
                }
            }
        };
        int n = std::max(1, std::min<int>(threads_, int(items.size())));
        std::vector<std::thread> pool;
        for (int t = 1; t < n; ++t) pool.emplace_back(worker);
        worker();
        for (auto& t : pool) t.join();
        if (error) std::rethrow_exception(error);
        return fits;
    }

private:
    struct Item {
        size_t file;
        int64_t firstFrame, endFrame;
        bool ownObject;  // a part of a file: open a private DCMTK object (they are not thread-safe)
    };

    // What every frame of one file shares while it is decoded.
    struct FileFrames {
        FileFrames(const DicomFileInfo& i, DcmFileFormat& f)
            : info(i),
              ff(f),
              pix(pixelDataOf(f, i.path)),
              pixels(size_t(i.rows) * size_t(i.columns)),
              sampleBytes(size_t(i.bitsAllocated / 8)),
              subsampled(!i.encapsulated && i.photometric == "YBR_FULL_422"),
              frameBytes(subsampled ? pixels * 2 : pixels * size_t(i.samples) * sampleBytes),
              layout(layoutOf(i)),
              j2k(detail::isJpeg2000(i.transferSyntax)) {}
        const DicomFileInfo& info;
        DcmFileFormat& ff;
        DcmPixelData* pix;
        const size_t pixels;
        const size_t sampleBytes;
        const bool subsampled;
        const size_t frameBytes;
        const Layout layout;
        const bool j2k;
        DcmFileCache cache;
        Uint32 startFragment = 0;
    };

    // One frame as stored: its samples and how to read their colour. raw == out when it already lies in the image.
    struct RawFrame {
        uint8_t* raw = nullptr;
        std::string model;
        int planar = 0;
    };

    bool decodeFile(const Item& item, std::vector<uint8_t>& scratch) {
        std::vector<uint8_t> narrow;  // colour samples of more than 8 bits, reduced
        const size_t index = item.file;
        FileEntry& e = files_[index];
        const DicomFileInfo& info = e.info;
        std::unique_ptr<DcmFileFormat> own;
        if (item.ownObject) own = detail::openDicom(info.path, true);
        else if (!e.file) e.file = detail::openDicom(info.path, true);
        FileFrames ctx(info, item.ownObject ? *own : *e.file);
        bool fits = true;
        const size_t outSlice = image_.sliceBytes();

        for (int64_t f = item.firstFrame; f < item.endFrame; ++f) {
            int64_t slot = slotOf_[index][size_t(f)];
            if (slot < 0) continue;  // a duplicate that was dropped
            uint8_t* out = image_.bytes() + size_t(slot) * outSlice;
            const FrameGeometry& g = info.perFrame.empty() ? info.shared : info.perFrame[size_t(f)];
            const double slope = g.hasRescale ? g.slope : 1, intercept = g.hasRescale ? g.intercept : 0;
            const Layout& layout = ctx.layout;
            // Straight into the image when the stored layout is already the output layout.
            const bool direct = !plan_.color && !ctx.j2k && !layout.invert && slope == 1 && intercept == 0 &&
                                layout.bitsStored == layout.bitsAllocated && layout.highBit == layout.bitsStored - 1 &&
                                ((plan_.type == PixelType::Int16 && layout.bitsAllocated == 16 && layout.isSigned) ||
                                 (plan_.type == PixelType::UInt16 && layout.bitsAllocated == 16 && !layout.isSigned) ||
                                 (plan_.type == PixelType::UInt8 && layout.bitsAllocated == 8 && !layout.isSigned));
            RawFrame r{nullptr, info.photometric, info.planarConfiguration};
            if (ctx.j2k) readJpeg2000Frame(ctx, f, scratch, r);
            else if (!info.encapsulated) readUncompressedFrame(ctx, f, direct ? out : nullptr, scratch, r);
            else readEncapsulatedFrame(ctx, f, direct ? out : nullptr, outSlice, scratch, r);
            if (r.raw == out) continue;
            if (!convertFrame(ctx, r, out, slope, intercept, narrow)) fits = false;
        }
        if (!item.ownObject) e.file.reset();  // frees any compressed data DCMTK kept
        return fits;
    }

    // JPEG 2000 goes through openjpeg (DCMTK has no codec for it), into scratch at the stored sample width.
    void readJpeg2000Frame(FileFrames& ctx, int64_t f, std::vector<uint8_t>& scratch, RawFrame& r) {
        const DicomFileInfo& info = ctx.info;
        auto bytes = encapsulatedFrame(*ctx.pix, info, f);
        J2kImage j = decodeJpeg2000(bytes.data(), bytes.size(), info.path);
        if (j.width != info.columns || j.height != info.rows || j.components != info.samples)
            throw ImageReadError(info.path, "JPEG 2000 frame is " + std::to_string(j.width) + "x" +
                                                std::to_string(j.height) + "x" + std::to_string(j.components) +
                                                ", the header says " + std::to_string(info.columns) + "x" +
                                                std::to_string(info.rows) + "x" + std::to_string(info.samples));
        scratch.resize(ctx.pixels * size_t(info.samples) * ctx.sampleBytes);
        size_t count = j.samples.size();
        if (ctx.sampleBytes == 1)
            for (size_t k = 0; k < count; ++k) scratch[k] = uint8_t(j.samples[k]);
        else if (ctx.sampleBytes == 2)
            for (size_t k = 0; k < count; ++k) reinterpret_cast<uint16_t*>(scratch.data())[k] = uint16_t(j.samples[k]);
        else
            for (size_t k = 0; k < count; ++k) reinterpret_cast<uint32_t*>(scratch.data())[k] = uint32_t(j.samples[k]);
        r.raw = scratch.data();
        r.planar = 0;
        if (r.model == "YBR_ICT" || r.model == "YBR_RCT") r.model = "RGB";  // openjpeg undoes the MCT
    }

    // Native pixel data: a partial read of the frame's bytes, into out when given (direct), else into scratch.
    void readUncompressedFrame(FileFrames& ctx, int64_t f, uint8_t* out, std::vector<uint8_t>& scratch, RawFrame& r) {
        const DicomFileInfo& info = ctx.info;
        const size_t frameBytes = ctx.frameBytes;
        uint8_t* target = out ? out : (scratch.resize(frameBytes), scratch.data());
        uint64_t offset = uint64_t(f) * frameBytes;
        if (offset + frameBytes > 0xFFFFFFFFull)
            throw ImageReadError(info.path, "pixel data over 4 GiB are not supported");
        OFCondition c = ctx.pix->getPartialValue(target, Uint32(offset), Uint32(frameBytes), &ctx.cache);
        if (c.bad())
            throw ImageReadError(info.path,
                                 "cannot read frame " + std::to_string(f + 1) + " (" + c.text() + "; truncated file?)");
        r.raw = target;
    }

    // Compressed pixel data through DCMTK's codecs; straight into out (when given) if the frame has its size.
    void readEncapsulatedFrame(FileFrames& ctx, int64_t f, uint8_t* out, size_t outSlice, std::vector<uint8_t>& scratch,
                               RawFrame& r) {
        const DicomFileInfo& info = ctx.info;
        DcmFileFormat& ff = ctx.ff;
        Uint32 size = 0;
        if (ctx.pix->getUncompressedFrameSize(ff.getDataset(), size).bad()) size = Uint32(ctx.frameBytes);
        size = std::max<Uint32>(size, Uint32(ctx.pixels * size_t(info.samples) * ctx.sampleBytes));
        size += size & 1;
        uint8_t* target = (out && size == outSlice) ? out : (scratch.resize(size), scratch.data());
        OFString colorModel;
        OFCondition c = ctx.pix->getUncompressedFrame(ff.getDataset(), Uint32(f), ctx.startFragment, target, size,
                                                      colorModel, &ctx.cache);
        if (c.bad())
            throw ImageReadError(info.path, "cannot decode frame " + std::to_string(f + 1) + " (" +
                                                transferSyntaxName(info.transferSyntax) + "): " + c.text());
        if (!colorModel.empty()) r.model = colorModel.c_str();
        Uint16 pc = 0;
        if (ff.getDataset()->findAndGetUint16(DCM_PlanarConfiguration, pc).good()) r.planar = pc;
        r.raw = target;
    }

    // Stored samples to output voxels (colour to RGB8, gray through the rescale); false when a value does not fit.
    bool convertFrame(const FileFrames& ctx, const RawFrame& r, uint8_t* out, double slope, double intercept,
                      std::vector<uint8_t>& narrow) {
        const DicomFileInfo& info = ctx.info;
        const size_t pixels = ctx.pixels;
        const Layout& layout = ctx.layout;
        const uint8_t* raw = r.raw;
        if (plan_.color) {
            if (ctx.sampleBytes > 1) {  // 16- or 32-bit colour: the top 8 of the stored bits
                narrowSamples(raw, pixels * size_t(info.samples), layout, narrow);
                raw = narrow.data();
            }
            if (info.samples == 3) convertColor(raw, out, pixels, r.model, r.planar, ctx.subsampled && !ctx.j2k);
            else  // a gray slice in a colour series
                for (size_t k = 0; k < pixels; ++k) out[3 * k] = out[3 * k + 1] = out[3 * k + 2] = raw[k];
            return true;
        }
        bool ok = true;
        switch (plan_.type) {
            case PixelType::UInt8: ok = convertGray(raw, out, pixels, layout, slope, intercept); break;
            case PixelType::Int16:
                ok = convertGray(raw, reinterpret_cast<int16_t*>(out), pixels, layout, slope, intercept);
                break;
            case PixelType::UInt16:
                ok = convertGray(raw, reinterpret_cast<uint16_t*>(out), pixels, layout, slope, intercept);
                break;
            case PixelType::Float32:
                ok = convertGray(raw, reinterpret_cast<float*>(out), pixels, layout, slope, intercept);
                break;
            case PixelType::Rgb8: break;
        }
        return ok;
    }

    std::vector<FileEntry>& files_;
    const std::vector<std::vector<int64_t>>& slotOf_;
    Plan plan_;
    Image& image_;
    int threads_;
    const mr::CancelToken& cancel_;
    const mr::ProgressFn& progress_;
};

bool isIntegral(double v) { return std::abs(v - std::round(v)) < 1e-9 && std::abs(v) < 1e15; }
}  // namespace

Plan choosePlan(const std::vector<FileEntry>& files) {
    const DicomFileInfo& first = files.front().info;
    Plan p;
    if (first.samples == 3) {
        p.color = true;
        p.type = PixelType::Rgb8;
        return p;
    }
    bool identity = true;
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    Layout L = layoutOf(first);
    for (const auto& f : files) {
        auto consider = [&](const FrameGeometry& g) {
            double s = g.hasRescale ? g.slope : 1, b = g.hasRescale ? g.intercept : 0;
            if (s != 1 || b != 0) identity = false;
            if (!isIntegral(s) || !isIntegral(b)) p.integral = false;
            double a = double(L.smin) * s + b, c = double(L.smax) * s + b;
            lo = std::min({lo, a, c});
            hi = std::max({hi, a, c});
        };
        if (f.info.perFrame.empty()) consider(f.info.shared);
        else
            for (const auto& g : f.info.perFrame) consider(g);
    }
    if (!p.integral) {
        p.type = PixelType::Float32;
    } else if (identity && first.bitsAllocated == 8 && !L.isSigned) {
        p.type = PixelType::UInt8;
    } else if (identity && !L.isSigned && first.bitsStored == 16 && first.bitsAllocated == 16) {
        p.type = PixelType::UInt16;
    } else if (first.bitsAllocated == 32 && (hi > 32767 || lo < -32768)) {
        p.type = PixelType::Float32;
    } else {
        // Int16 also when the stored range could overflow it: real data almost always fit, and
        // the decoder reports when they do not (then the series is decoded again as float32).
        p.type = PixelType::Int16;
    }
    return p;
}
bool decodeSeries(std::vector<FileEntry>& files, const std::vector<std::vector<int64_t>>& slotOf, const Plan& plan,
                  Image& image, int threads, const mr::CancelToken& cancel, const mr::ProgressFn& progress) {
    SeriesDecoder decoder(files, slotOf, plan, image, threads, cancel, progress);
    return decoder.run();
}

}  // namespace mr::imaging::detail
