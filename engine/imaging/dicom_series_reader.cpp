#include "engine/imaging/dicom_series_reader.h"

#include "dcmtk/config/osconfig.h"  // must come first
#include "dcmtk/dcmdata/dcpixel.h"
#include "dcmtk/dcmdata/dcpixseq.h"
#include "dcmtk/dcmdata/dcpxitem.h"
#include "dcmtk/dcmdata/dctk.h"
#include "dcmtk/dcmdata/dcfcache.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <exception>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "engine/imaging/dicom_header.h"
#include "engine/imaging/dicom_pixel_decoder.h"
#include "engine/imaging/image_read_error.h"
#include "engine/imaging/jpeg2000.h"

namespace mr::imaging {

namespace {
using detail::DicomFileInfo;
using detail::FileEntry;
using detail::FrameGeometry;

struct FrameRef {
    size_t file = 0;
    int64_t frame = 0;
    FrameGeometry g;
    double distance = 0;  // position along the slice normal
};

std::string fmt(double v) {
    std::ostringstream s;
    s.precision(6);
    s << v;
    return s.str();
}

std::array<double, 3> cross(const std::array<double, 6>& o) {
    std::array<double, 3> n{o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3]};
    double len = std::sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
    if (len < 1e-9) return {0, 0, 1};
    for (double& v : n) v /= len;
    return n;
}

double dot(const std::array<double, 3>& a, const std::array<double, 3>& b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

void requireSame(const DicomFileInfo& a, const DicomFileInfo& b) {
    auto fail = [&](const std::string& what, const std::string& x, const std::string& y) {
        throw ImageReadError(b.path, "inconsistent series: " + what + " is " + y + " here but " + x + " in " + a.path);
    };
    if (a.rows != b.rows || a.columns != b.columns)
        fail("the slice size", std::to_string(a.columns) + "x" + std::to_string(a.rows),
             std::to_string(b.columns) + "x" + std::to_string(b.rows));
    if (a.samples != b.samples) fail("Samples per Pixel", std::to_string(a.samples), std::to_string(b.samples));
    if (a.bitsAllocated != b.bitsAllocated)
        fail("Bits Allocated", std::to_string(a.bitsAllocated), std::to_string(b.bitsAllocated));
    if (a.pixelRepresentation != b.pixelRepresentation)
        fail("Pixel Representation", std::to_string(a.pixelRepresentation), std::to_string(b.pixelRepresentation));
    if ((a.photometric == "MONOCHROME1") != (b.photometric == "MONOCHROME1"))
        fail("the photometric interpretation", a.photometric, b.photometric);
}

int defaultThreads() {
    unsigned hw = std::thread::hardware_concurrency();
    return int(std::max(2u, std::min(8u, hw == 0 ? 2u : hw)));
}

template <class T>
void fillSlots(Image& image, const std::vector<int64_t>& emptySlots, const std::vector<bool>& isEmpty) {
    T* p = image.data<T>();
    size_t slice = size_t(image.width() * image.height());
    T lo = std::numeric_limits<T>::max();
    for (int64_t z = 0; z < image.depth(); ++z) {
        if (isEmpty[size_t(z)]) continue;
        const T* s = p + size_t(z) * slice;
        lo = std::min(lo, *std::min_element(s, s + slice));
    }
    for (int64_t z : emptySlots) std::fill(p + size_t(z) * slice, p + size_t(z + 1) * slice, lo);
}

// 1. Headers only (pixel data stay in the files), read by a small pool; the first error wins.
std::vector<FileEntry> readHeaders(const std::vector<std::string>& paths, int threads, const mr::CancelToken& cancel) {
    std::vector<FileEntry> files(paths.size());
    std::atomic<size_t> next{0};
    std::atomic<bool> stop{false};
    std::exception_ptr error;
    std::mutex m;
    auto worker = [&] {
        for (;;) {
            if (stop) return;
            size_t i = next++;
            if (i >= paths.size()) return;
            try {
                if (cancel.cancelled()) throw mr::Cancelled();
                std::string why;
                if (!detail::looksLikeDicom(paths[i], &why)) throw ImageReadError(paths[i], why);
                files[i].file = detail::openDicom(paths[i], true);
                files[i].info = detail::readDicomInfo(*files[i].file, paths[i]);
                if (!detail::canDecode(files[i].info.transferSyntax, &why)) throw ImageReadError(paths[i], why);
                detail::checkPixelData(*files[i].file, files[i].info);
            } catch (...) {
                std::lock_guard<std::mutex> lock(m);
                if (!error) error = std::current_exception();
                stop = true;
                return;
            }
        }
    };
    int n = std::max(1, std::min<int>(threads, int(paths.size() / 4 + 1)));
    std::vector<std::thread> pool;
    for (int t = 1; t < n; ++t) pool.emplace_back(worker);
    worker();
    for (auto& t : pool) t.join();
    if (error) std::rethrow_exception(error);
    return files;
}

// Every frame of every file with its own geometry, in file order.
std::vector<FrameRef> listFrames(const std::vector<FileEntry>& files) {
    std::vector<FrameRef> frames;
    for (size_t i = 0; i < files.size(); ++i)
        for (int64_t f = 0; f < files[i].info.frames; ++f) {
            FrameRef r;
            r.file = i;
            r.frame = f;
            const DicomFileInfo& fi = files[i].info;
            r.g = fi.perFrame.empty() ? fi.shared : fi.perFrame[size_t(f)];
            if (fi.perFrame.empty() && f > 0 && r.g.hasPosition) {
                // A plain multi-frame image: frames are stacked along the normal from the position.
                const double step = fi.frameStep != 0             ? fi.frameStep
                                    : fi.spacingBetweenSlices > 0 ? fi.spacingBetweenSlices
                                                                  : (fi.sliceThickness > 0 ? fi.sliceThickness : 1.0);
                const auto n = cross(r.g.orientation);
                for (int k = 0; k < 3; ++k) r.g.position[size_t(k)] += double(f) * step * n[size_t(k)];
            }
            frames.push_back(r);
        }
    return frames;
}

// The frames in physical order and the orientation the volume takes from the first slice.
struct FrameOrder {
    std::vector<FrameRef> frames;
    std::array<double, 6> orientation{};
    std::array<double, 3> normal{};
    bool haveOrientation = false;
    bool allPositions = true;
};

// 2. Frames in physical order: along the slice normal when every frame has a position, else by instance number.
FrameOrder orderFrames(const std::vector<FileEntry>& files, std::vector<std::string>& warnings) {
    const DicomFileInfo& first = files[0].info;
    FrameOrder o;
    o.frames = listFrames(files);
    std::vector<FrameRef>& frames = o.frames;
    o.orientation = first.perFrame.empty() ? first.shared.orientation : first.perFrame[0].orientation;
    o.haveOrientation = first.perFrame.empty() ? first.shared.hasOrientation : first.perFrame[0].hasOrientation;
    for (auto& r : frames) {
        if (!r.g.hasPosition) o.allPositions = false;
        if (r.g.hasOrientation && o.haveOrientation) {
            double diff = 0;
            for (int k = 0; k < 6; ++k) diff = std::max(diff, std::abs(r.g.orientation[k] - o.orientation[k]));
            if (diff > 1e-3) {
                warnings.push_back("slice orientation differs between slices (" + files[r.file].info.path +
                                   "); geometry follows the first slice");
                o.haveOrientation = true;
                break;
            }
        }
    }
    o.normal = cross(o.orientation);
    if (o.allPositions && frames.size() > 1) {
        for (auto& r : frames) r.distance = dot(r.g.position, o.normal);
        std::stable_sort(frames.begin(), frames.end(), [&](const FrameRef& a, const FrameRef& b) {
            if (a.distance != b.distance) return a.distance < b.distance;
            const auto& ia = files[a.file].info;
            const auto& ib = files[b.file].info;
            if (ia.instanceNumber != ib.instanceNumber) return ia.instanceNumber < ib.instanceNumber;
            return a.frame < b.frame;
        });
    } else if (frames.size() > 1) {
        bool allInstances =
            std::all_of(files.begin(), files.end(), [](const FileEntry& e) { return e.info.hasInstanceNumber; });
        if (files.size() > 1) {
            if (allInstances) {
                std::stable_sort(frames.begin(), frames.end(), [&](const FrameRef& a, const FrameRef& b) {
                    int ia = files[a.file].info.instanceNumber, ib = files[b.file].info.instanceNumber;
                    return ia != ib ? ia < ib : a.frame < b.frame;
                });
                warnings.push_back("slice positions are missing; slices are ordered by instance number");
            } else {
                warnings.push_back("slice positions and instance numbers are missing; slices keep file order");
            }
        }
    }
    return o;
}

// 3. Duplicates (same SOP instance, or the same position twice); the first of each is kept.
std::vector<FrameRef> dropDuplicateSlices(const std::vector<FileEntry>& files, const std::vector<FrameRef>& frames,
                                          bool allPositions, std::vector<std::string>& warnings) {
    std::vector<FrameRef> kept;
    std::set<std::pair<std::string, int64_t>> seen;
    int duplicates = 0;
    std::string example;
    for (auto& r : frames) {
        const auto& info = files[r.file].info;
        bool dup = !info.sopInstanceUid.empty() && !seen.insert({info.sopInstanceUid, r.frame}).second;
        if (!dup && allPositions && !kept.empty() && std::abs(r.distance - kept.back().distance) < 1e-3) dup = true;
        if (dup) {
            ++duplicates;
            if (example.empty()) example = info.path;
            continue;
        }
        kept.push_back(r);
    }
    if (duplicates)
        warnings.push_back(std::to_string(duplicates) +
                           " duplicate slice(s) ignored (same position or instance), e.g. " + example);
    return kept;
}

// Where each kept frame goes along z, and the empty slots left for missing slices.
struct SliceSlots {
    std::vector<int64_t> slotOfKept;
    int64_t slots = 0;
    std::vector<int64_t> emptySlots;
    double zSpacing = 1;
};

// Slices shifted sideways (gantry tilt) cannot be represented by a plain grid.
void warnIfTilted(const std::vector<FrameRef>& kept, const std::array<double, 3>& normal,
                  std::vector<std::string>& warnings) {
    const auto& p0 = kept.front().g.position;
    const auto& p1 = kept.back().g.position;
    double along = kept.back().distance - kept.front().distance;
    double dx = p1[0] - p0[0] - normal[0] * along, dy = p1[1] - p0[1] - normal[1] * along,
           dz = p1[2] - p0[2] - normal[2] * along;
    if (std::sqrt(dx * dx + dy * dy + dz * dz) > 0.01 * std::max(1.0, std::abs(along)))
        warnings.push_back("slice positions are not along the slice normal (gantry tilt?); geometry is approximate");
}

// 4. Spacing along the normal from the median step; whole-number gaps become empty slots so real slices keep
// their positions, other odd steps make the spacing the mean.
SliceSlots assignSlots(const std::vector<FrameRef>& kept, const DicomFileInfo& first, bool allPositions,
                       const std::array<double, 3>& normal, std::vector<std::string>& warnings) {
    SliceSlots s;
    s.zSpacing = first.spacingBetweenSlices > 0 ? first.spacingBetweenSlices
                                                : (first.sliceThickness > 0 ? first.sliceThickness : 1.0);
    s.slotOfKept.resize(kept.size());
    s.slots = int64_t(kept.size());
    if (!(allPositions && kept.size() > 1)) {
        for (size_t i = 0; i < kept.size(); ++i) s.slotOfKept[i] = int64_t(i);
        return s;
    }
    std::vector<double> steps;
    for (size_t i = 1; i < kept.size(); ++i) steps.push_back(kept[i].distance - kept[i - 1].distance);
    std::vector<double> sorted = steps;
    std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
    const double median = sorted[sorted.size() / 2];
    const double tol = std::max(1e-3, 0.02 * median);
    bool uneven = false;
    int64_t missing = 0;
    std::vector<std::string> gapText;
    s.slotOfKept[0] = 0;
    int64_t slot = 0;
    for (size_t i = 0; i < steps.size(); ++i) {
        double k = steps[i] / median;
        int64_t whole = std::llround(k);
        if (std::abs(steps[i] - median) <= tol) {
            slot += 1;
        } else if (whole >= 2 && whole <= 64 && std::abs(steps[i] - double(whole) * median) <= tol * double(whole)) {
            for (int64_t m = 1; m < whole; ++m) s.emptySlots.push_back(slot + m);
            missing += whole - 1;
            if (gapText.size() < 3)
                gapText.push_back(std::to_string(whole - 1) + " after position " + fmt(kept[i].distance) + " mm");
            slot += whole;
        } else {
            uneven = true;
            slot += 1;
        }
        s.slotOfKept[i + 1] = slot;
    }
    s.slots = slot + 1;
    if (uneven) {
        s.zSpacing = (kept.back().distance - kept.front().distance) / double(s.slots - 1);
        warnings.push_back("uneven slice spacing (steps from " + fmt(*std::min_element(steps.begin(), steps.end())) +
                           " to " + fmt(*std::max_element(steps.begin(), steps.end())) + " mm); using the mean " +
                           fmt(s.zSpacing) + " mm, positions are approximate");
    } else {
        s.zSpacing = median;
    }
    if (missing) {
        std::string t;
        for (auto& g : gapText) t += (t.empty() ? "" : ", ") + g;
        warnings.push_back(std::to_string(missing) + " missing slice(s) (" + t +
                           "); filled with the lowest value so the others keep their positions");
    }
    if (!(s.zSpacing > 0)) s.zSpacing = 1;
    warnIfTilted(kept, normal, warnings);
    return s;
}

// The z slot of every frame of every file (-1: dropped as a duplicate).
std::vector<std::vector<int64_t>> slotTable(const std::vector<FileEntry>& files, const std::vector<FrameRef>& kept,
                                            const std::vector<int64_t>& slotOfKept) {
    std::vector<std::vector<int64_t>> slotOf(files.size());
    for (size_t i = 0; i < files.size(); ++i) slotOf[i].assign(size_t(files[i].info.frames), -1);
    for (size_t i = 0; i < kept.size(); ++i) slotOf[kept[i].file][size_t(kept[i].frame)] = slotOfKept[i];
    return slotOf;
}

Geometry seriesGeometry(const DicomFileInfo& first, const FrameOrder& order, const std::vector<FrameRef>& kept,
                        const SliceSlots& s) {
    Geometry geom;
    geom.size = {first.columns, first.rows, s.slots};
    geom.spacing = {first.pixelSpacingCol, first.pixelSpacingRow, s.zSpacing};
    const auto& o = order.orientation;
    const auto& n = order.normal;
    geom.direction = {o[0], o[3], n[0], o[1], o[4], n[1], o[2], o[5], n[2]};
    if (kept.front().g.hasPosition) geom.origin = kept.front().g.position;
    return geom;
}

// The name errors and the metadata give the series: the file, or the folder of several.
std::string seriesSource(const std::vector<std::string>& paths) {
    return paths.size() == 1 ? paths[0] : std::filesystem::path(paths[0]).parent_path().string();
}

// 5. Decode straight into the final buffer, one file per task; values that do not fit int16 make it float32.
Image decodeVolume(std::vector<FileEntry>& files, const std::vector<std::vector<int64_t>>& slotOf, detail::Plan& plan,
                   const Geometry& geom, const std::vector<std::string>& paths, int threads,
                   const mr::CancelToken& cancel, const mr::ProgressFn& progress, std::vector<std::string>& notes) {
    Image image;
    try {
        image = Image(plan.type, geom);
    } catch (const std::bad_alloc&) {
        throw ImageReadError(seriesSource(paths), "not enough memory for " + std::to_string(geom.size[0]) + "x" +
                                                      std::to_string(geom.size[1]) + "x" +
                                                      std::to_string(geom.size[2]) + " " + pixelTypeName(plan.type) +
                                                      " voxels");
    }
    if (!detail::decodeSeries(files, slotOf, plan, image, threads, cancel, progress)) {
        plan.type = PixelType::Float32;
        image = Image();  // release before allocating the float volume
        image = Image(plan.type, geom);
        detail::decodeSeries(files, slotOf, plan, image, threads, cancel, progress);
        notes.push_back("rescaled values do not fit int16; stored as float32");
    }
    return image;
}

// Missing slices take the lowest value of the real ones.
void fillEmptySlots(Image& image, PixelType type, int64_t slots, const std::vector<int64_t>& emptySlots) {
    if (emptySlots.empty()) return;
    std::vector<bool> isEmpty(size_t(slots), false);
    for (int64_t z : emptySlots) isEmpty[size_t(z)] = true;
    switch (type) {
        case PixelType::UInt8: fillSlots<uint8_t>(image, emptySlots, isEmpty); break;
        case PixelType::Int16: fillSlots<int16_t>(image, emptySlots, isEmpty); break;
        case PixelType::UInt16: fillSlots<uint16_t>(image, emptySlots, isEmpty); break;
        case PixelType::Float32: fillSlots<float>(image, emptySlots, isEmpty); break;
        case PixelType::Rgb8: break;  // stays black
    }
}

// Photometric interpretation as stored (RGB or MONOCHROME2) and what the conversion did.
void fillPhotometric(Metadata& m, const DicomFileInfo& first, bool color, std::vector<std::string>& notes) {
    if (color) {
        m.photometric = "RGB";
        if (first.photometric != "RGB") {
            m.sourcePhotometric = first.photometric;
            notes.push_back(first.photometric + " converted to RGB");
        }
        if (first.bitsAllocated > 8)
            notes.push_back(std::to_string(first.bitsStored) + "-bit colour reduced to 8 bits per channel");
    } else {
        m.photometric = "MONOCHROME2";
        if (first.photometric == "MONOCHROME1") {
            m.sourcePhotometric = "MONOCHROME1";
            notes.push_back("MONOCHROME1 inverted to display like MONOCHROME2 (high values bright)");
        }
    }
}

// 6. Metadata from the first file, and the source of every slot.
void fillMetadata(Metadata& m, const std::vector<FileEntry>& files, const std::vector<FrameRef>& kept,
                  const SliceSlots& s, bool haveOrientation, bool color, std::vector<std::string>& notes) {
    const DicomFileInfo& first = files[0].info;
    m.orientationKnown = haveOrientation;
    m.modality = first.modality;
    m.bodyPart = first.bodyPart;
    m.seriesDescription = first.seriesDescription;
    m.studyDescription = first.studyDescription;
    m.manufacturer = first.manufacturer;
    m.transferSyntax = first.transferSyntax;
    m.seriesInstanceUid = first.seriesInstanceUid;
    m.studyInstanceUid = first.studyInstanceUid;
    m.frameOfReferenceUid = first.frameOfReferenceUid;
    m.sliceSources.assign(size_t(s.slots), SliceSource{});
    for (size_t i = 0; i < kept.size(); ++i) {
        const DicomFileInfo& fi = files[kept[i].file].info;
        SliceSource& source = m.sliceSources[size_t(s.slotOfKept[i])];
        source = {fi.path, fi.sopClassUid, fi.sopInstanceUid, fi.frames > 1 ? kept[i].frame + 1 : 0};
    }
    m.rescaleSlope = first.shared.hasRescale ? first.shared.slope : 1;
    m.rescaleIntercept = first.shared.hasRescale ? first.shared.intercept : 0;
    if (!first.perFrame.empty() && first.perFrame[0].hasRescale) {
        m.rescaleSlope = first.perFrame[0].slope;
        m.rescaleIntercept = first.perFrame[0].intercept;
    }
    if (m.modality == "CT" || first.rescaleType == "HU") m.units = "HU";
    else if (!first.rescaleType.empty() && first.rescaleType != "US") m.units = first.rescaleType;
    fillPhotometric(m, first, color, notes);
    const detail::Layout L = detail::layoutOf(first);
    for (WindowPreset w : first.windows) {
        if (L.invert) w.center = double(L.smin + L.smax) * m.rescaleSlope + 2 * m.rescaleIntercept - w.center;
        m.windows.push_back(w);
    }
}
}  // namespace

Image readDicomSeries(const DicomSeriesSummary& series, const mr::CancelToken& cancel, const mr::ProgressFn& progress) {
    Image image = readDicomSeries(series.files, DicomReadOptions{}, cancel, progress);
    return image;
}

Image readDicomSeries(const std::vector<std::string>& files, const mr::CancelToken& cancel,
                      const mr::ProgressFn& progress) {
    return readDicomSeries(files, DicomReadOptions{}, cancel, progress);
}

Image readDicomSeries(const std::vector<std::string>& paths, const DicomReadOptions& options,
                      const mr::CancelToken& cancel, const mr::ProgressFn& progress) {
    if (paths.empty()) throw ImageReadError("(no files)", "the DICOM series has no files");
    detail::registerDicomCodecs();
    const int threads = options.threads > 0 ? options.threads : defaultThreads();

    std::vector<FileEntry> files = readHeaders(paths, threads, cancel);
    if (progress) progress(0.05, "Read DICOM headers");
    // Keep at most a few hundred open datasets (headers only, small); reopen later if needed.
    for (size_t i = 1; i < files.size(); ++i) requireSame(files[0].info, files[i].info);
    const DicomFileInfo& first = files[0].info;
    std::vector<std::string> warnings, notes;

    const FrameOrder order = orderFrames(files, warnings);
    const std::vector<FrameRef> kept = dropDuplicateSlices(files, order.frames, order.allPositions, warnings);
    const SliceSlots s = assignSlots(kept, first, order.allPositions, order.normal, warnings);
    const Geometry geom = seriesGeometry(first, order, kept, s);
    if (!first.hasPixelSpacing) warnings.push_back("no pixel spacing in the file; assuming 1 mm");

    detail::Plan plan = detail::choosePlan(files);
    Image image =
        decodeVolume(files, slotTable(files, kept, s.slotOfKept), plan, geom, paths, threads, cancel, progress, notes);
    fillEmptySlots(image, plan.type, s.slots, s.emptySlots);

    Metadata& m = image.metadata();
    fillMetadata(m, files, kept, s, order.haveOrientation, plan.color, notes);
    m.source = seriesSource(paths);
    m.warnings = std::move(warnings);
    m.notes = std::move(notes);
    if (progress) progress(1.0, "Loaded DICOM series");
    return image;
}

}  // namespace mr::imaging
