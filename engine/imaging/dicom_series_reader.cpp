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

    // 1. Headers (pixel data stay in the files).
    std::vector<FileEntry> files(paths.size());
    {
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
        if (progress) progress(0.05, "Read DICOM headers");
    }
    // Keep at most a few hundred open datasets (headers only, small); reopen later if needed.
    for (size_t i = 1; i < files.size(); ++i) requireSame(files[0].info, files[i].info);
    const DicomFileInfo& first = files[0].info;
    std::vector<std::string> warnings, notes;

    // 2. Frames in physical order.
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
    std::array<double, 6> orientation =
        first.perFrame.empty() ? first.shared.orientation : first.perFrame[0].orientation;
    bool haveOrientation = first.perFrame.empty() ? first.shared.hasOrientation : first.perFrame[0].hasOrientation;
    bool allPositions = true;
    for (auto& r : frames) {
        if (!r.g.hasPosition) allPositions = false;
        if (r.g.hasOrientation && haveOrientation) {
            double diff = 0;
            for (int k = 0; k < 6; ++k) diff = std::max(diff, std::abs(r.g.orientation[k] - orientation[k]));
            if (diff > 1e-3) {
                warnings.push_back("slice orientation differs between slices (" + files[r.file].info.path +
                                   "); geometry follows the first slice");
                haveOrientation = true;
                break;
            }
        }
    }
    const std::array<double, 3> normal = cross(orientation);
    if (allPositions && frames.size() > 1) {
        for (auto& r : frames) r.distance = dot(r.g.position, normal);
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

    // 3. Duplicates (same SOP instance, or the same position twice).
    std::vector<FrameRef> kept;
    {
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
    }

    // 4. Spacing along the normal; gaps become empty slices so real slices keep their positions.
    double zSpacing = first.spacingBetweenSlices > 0 ? first.spacingBetweenSlices
                                                     : (first.sliceThickness > 0 ? first.sliceThickness : 1.0);
    std::vector<int64_t> slotOfKept(kept.size());
    int64_t slots = int64_t(kept.size());
    std::vector<int64_t> emptySlots;
    if (allPositions && kept.size() > 1) {
        std::vector<double> steps;
        for (size_t i = 1; i < kept.size(); ++i) steps.push_back(kept[i].distance - kept[i - 1].distance);
        std::vector<double> sorted = steps;
        std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
        const double median = sorted[sorted.size() / 2];
        const double tol = std::max(1e-3, 0.02 * median);
        bool uneven = false;
        int64_t missing = 0;
        std::vector<std::string> gapText;
        slotOfKept[0] = 0;
        int64_t slot = 0;
        for (size_t i = 0; i < steps.size(); ++i) {
            double k = steps[i] / median;
            int64_t whole = std::llround(k);
            if (std::abs(steps[i] - median) <= tol) {
                slot += 1;
            } else if (whole >= 2 && whole <= 64 &&
                       std::abs(steps[i] - double(whole) * median) <= tol * double(whole)) {
                for (int64_t m = 1; m < whole; ++m) emptySlots.push_back(slot + m);
                missing += whole - 1;
                if (gapText.size() < 3)
                    gapText.push_back(std::to_string(whole - 1) + " after position " + fmt(kept[i].distance) + " mm");
                slot += whole;
            } else {
                uneven = true;
                slot += 1;
            }
            slotOfKept[i + 1] = slot;
        }
        slots = slot + 1;
        if (uneven) {
            zSpacing = (kept.back().distance - kept.front().distance) / double(slots - 1);
            warnings.push_back("uneven slice spacing (steps from " +
                               fmt(*std::min_element(steps.begin(), steps.end())) + " to " +
                               fmt(*std::max_element(steps.begin(), steps.end())) + " mm); using the mean " +
                               fmt(zSpacing) + " mm, positions are approximate");
        } else {
            zSpacing = median;
        }
        if (missing) {
            std::string t;
            for (auto& s : gapText) t += (t.empty() ? "" : ", ") + s;
            warnings.push_back(std::to_string(missing) + " missing slice(s) (" + t +
                               "); filled with the lowest value so the others keep their positions");
        }
        if (!(zSpacing > 0)) zSpacing = 1;
        // Slices shifted sideways (gantry tilt) cannot be represented by a plain grid.
        const auto& p0 = kept.front().g.position;
        const auto& p1 = kept.back().g.position;
        double along = kept.back().distance - kept.front().distance;
        double dx = p1[0] - p0[0] - normal[0] * along, dy = p1[1] - p0[1] - normal[1] * along,
               dz = p1[2] - p0[2] - normal[2] * along;
        if (std::sqrt(dx * dx + dy * dy + dz * dz) > 0.01 * std::max(1.0, std::abs(along)))
            warnings.push_back(
                "slice positions are not along the slice normal (gantry tilt?); geometry is approximate");
    } else {
        for (size_t i = 0; i < kept.size(); ++i) slotOfKept[i] = int64_t(i);
    }

    std::vector<std::vector<int64_t>> slotOf(files.size());
    for (size_t i = 0; i < files.size(); ++i) slotOf[i].assign(size_t(files[i].info.frames), -1);
    for (size_t i = 0; i < kept.size(); ++i) slotOf[kept[i].file][size_t(kept[i].frame)] = slotOfKept[i];

    Geometry geom;
    geom.size = {first.columns, first.rows, slots};
    geom.spacing = {first.pixelSpacingCol, first.pixelSpacingRow, zSpacing};
    geom.direction = {orientation[0], orientation[3], normal[0],      orientation[1], orientation[4],
                      normal[1],      orientation[2], orientation[5], normal[2]};
    if (kept.front().g.hasPosition) geom.origin = kept.front().g.position;
    if (!first.hasPixelSpacing) warnings.push_back("no pixel spacing in the file; assuming 1 mm");

    // 5. Decode straight into the final buffer, one file per task.
    detail::Plan plan = detail::choosePlan(files);
    Image image;
    try {
        image = Image(plan.type, geom);
    } catch (const std::bad_alloc&) {
        throw ImageReadError(paths.size() == 1 ? paths[0] : std::filesystem::path(paths[0]).parent_path().string(),
                             "not enough memory for " + std::to_string(geom.size[0]) + "x" +
                                 std::to_string(geom.size[1]) + "x" + std::to_string(geom.size[2]) + " " +
                                 pixelTypeName(plan.type) + " voxels");
    }
    {
        if (!detail::decodeSeries(files, slotOf, plan, image, threads, cancel, progress)) {
            plan.type = PixelType::Float32;
            image = Image();  // release before allocating the float volume
            image = Image(plan.type, geom);
            detail::decodeSeries(files, slotOf, plan, image, threads, cancel, progress);
            notes.push_back("rescaled values do not fit int16; stored as float32");
        }
    }
    if (!emptySlots.empty()) {
        std::vector<bool> isEmpty(size_t(slots), false);
        for (int64_t z : emptySlots) isEmpty[size_t(z)] = true;
        switch (plan.type) {
            case PixelType::UInt8: fillSlots<uint8_t>(image, emptySlots, isEmpty); break;
            case PixelType::Int16: fillSlots<int16_t>(image, emptySlots, isEmpty); break;
            case PixelType::UInt16: fillSlots<uint16_t>(image, emptySlots, isEmpty); break;
            case PixelType::Float32: fillSlots<float>(image, emptySlots, isEmpty); break;
            case PixelType::Rgb8: break;  // stays black
        }
    }

    // 6. Metadata.
    Metadata& m = image.metadata();
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
    m.sliceSources.assign(size_t(slots), SliceSource{});
    for (size_t i = 0; i < kept.size(); ++i) {
        const DicomFileInfo& fi = files[kept[i].file].info;
        SliceSource& source = m.sliceSources[size_t(slotOfKept[i])];
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
    if (plan.color) {
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
    const detail::Layout L = detail::layoutOf(first);
    for (WindowPreset w : first.windows) {
        if (L.invert) w.center = double(L.smin + L.smax) * m.rescaleSlope + 2 * m.rescaleIntercept - w.center;
        m.windows.push_back(w);
    }
    m.source = paths.size() == 1 ? paths[0] : std::filesystem::path(paths[0]).parent_path().string();
    m.warnings = std::move(warnings);
    m.notes = std::move(notes);
    if (progress) progress(1.0, "Loaded DICOM series");
    return image;
}

}  // namespace mr::imaging
