#include "engine/imaging/dicom_seg_writer.h"

#include "dcmtk/config/osconfig.h"  // must come first
#include "dcmtk/dcmdata/dctk.h"
#include "dcmtk/dcmfg/fgderimg.h"
#include "dcmtk/dcmfg/fgfracon.h"
#include "dcmtk/dcmfg/fgpixmsr.h"
#include "dcmtk/dcmfg/fgplanor.h"
#include "dcmtk/dcmfg/fgplanpo.h"
#include "dcmtk/dcmiod/cielabutil.h"
#include "dcmtk/dcmseg/segdoc.h"
#include "dcmtk/dcmseg/segment.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <unistd.h>

#include "engine/core/files.h"
#include "engine/imaging/dicom_header.h"

namespace fs = std::filesystem;

namespace mr::imaging {

namespace {

void check(const OFCondition& c, const std::string& what) {
    if (c.bad()) throw mr::Error("DICOM SEG: " + what + ": " + c.text());
}

// A decimal string of at most 16 characters (the DS limit) with as many digits as fit.
std::string ds(double v) {
    if (std::abs(v) < 1e-12) v = 0;
    char buf[64];
    for (int digits = 15; digits > 1; --digits) {
        std::snprintf(buf, sizeof buf, "%.*g", digits, v);
        if (std::strlen(buf) <= 16) return buf;
    }
    std::snprintf(buf, sizeof buf, "%.6e", v);
    return buf;
}

std::string newUid() {
    char uid[100];
    dcmGenerateUniqueIdentifier(uid, SITE_INSTANCE_UID_ROOT);
    return uid;
}

// DICOM code strings (Content Label) allow upper case letters, digits, space and underscore.
std::string codeString(const std::string& text) {
    std::string out;
    for (char c : text) {
        const unsigned char u = static_cast<unsigned char>(c);
        if (std::isalnum(u)) out += char(std::toupper(u));
        else if (c == ' ' || c == '_' || c == '-') out += '_';
        if (out.size() == 16) break;
    }
    return out.empty() ? "SEGMENTATION" : out;
}

// Long String (LO): at most 64 characters, no backslash, no control characters.
std::string longString(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '\\' || (static_cast<unsigned char>(c) < 32)) c = ' ';
        out += c;
    }
    if (out.size() > 64) {
        size_t cut = 64;
        while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;  // whole UTF-8 characters
        out.resize(cut);
    }
    return out;
}

void validate(const Segmentation& seg, const SegSource& source, const SegWriteOptions& options) {
    const Geometry& g = seg.geometry;
    if (g.size[0] <= 0 || g.size[1] <= 0 || g.size[2] <= 0 || g.size[0] > 65535 || g.size[1] > 65535)
        throw mr::Error("DICOM SEG: slices of " + std::to_string(g.size[0]) + "x" + std::to_string(g.size[1]) +
                        " cannot be stored (1 to 65535 rows and columns)");
    if (g.size != source.geometry.size)
        throw mr::Error("DICOM SEG: the mask grid does not match the image it was drawn on");
    if (seg.segments.empty() || seg.segments.size() > 65535)
        throw mr::Error("DICOM SEG: needs 1 to 65535 segments, got " + std::to_string(seg.segments.size()));
    const size_t pixels = size_t(g.size[0]) * size_t(g.size[1]);
    bool any = false;
    for (const Segment& s : seg.segments) {
        if (s.slices.size() != size_t(g.size[2]))
            throw mr::Error("DICOM SEG: segment '" + s.description.label + "' has " + std::to_string(s.slices.size()) +
                            " slices for a grid of " + std::to_string(g.size[2]));
        for (const auto& slice : s.slices)
            if (!slice.empty() && slice.size() != pixels)
                throw mr::Error("DICOM SEG: segment '" + s.description.label + "' has a slice of the wrong size");
        any = any || s.countVoxels() > 0;
    }
    if (!any) throw mr::Error("DICOM SEG: the segmentation is empty (no pixel is set); nothing to export");
    if (options.identity == SegIdentity::LinkedToSource) {
        const bool hasRefs = source.slices.size() == size_t(g.size[2]) &&
                             std::any_of(source.slices.begin(), source.slices.end(),
                                         [](const SliceSource& s) { return !s.sopInstanceUid.empty(); });
        if (source.seriesInstanceUid.empty() || source.studyInstanceUid.empty() || !hasRefs)
            throw mr::Error(
                "DICOM SEG: the image did not come from a DICOM series, so there are no identifiers to "
                "link to; export it de-identified instead");
    }
}

// Patient and study: the source's (linked) or empty type 2 attributes with new UIDs (de-identified).
void setHierarchy(DcmSegmentation& doc, const SegSource& source, const SegWriteOptions& options) {
    if (options.identity == SegIdentity::LinkedToSource) {
        std::string file;
        for (const auto& s : source.slices)
            if (!s.file.empty()) {
                file = s.file;
                break;
            }
        check(doc.importHierarchy(file.c_str(), OFTrue, OFTrue, source.patientSpace ? OFTrue : OFFalse, OFFalse),
              "cannot copy patient and study from " + file);
        check(doc.getStudy().setStudyInstanceUID(source.studyInstanceUid.c_str()), "Study Instance UID");
        if (source.patientSpace && !source.frameOfReferenceUid.empty())
            check(doc.getFrameOfReference().setFrameOfReferenceUID(source.frameOfReferenceUid.c_str()),
                  "Frame of Reference UID");
    } else {
        check(doc.getStudy().setStudyInstanceUID(newUid().c_str()), "Study Instance UID");
        if (source.patientSpace)
            check(doc.getFrameOfReference().setFrameOfReferenceUID(newUid().c_str()), "Frame of Reference UID");
    }
    if (source.patientSpace) {
        OFString forUid;
        if (doc.getFrameOfReference().getFrameOfReferenceUID(forUid).bad() || forUid.empty())
            check(doc.getFrameOfReference().setFrameOfReferenceUID(newUid().c_str()), "Frame of Reference UID");
    }
    check(doc.getSeries().setSeriesInstanceUID(newUid().c_str()), "Series Instance UID");
    check(doc.getSeries().setSeriesNumber(std::to_string(options.seriesNumber).c_str()), "Series Number");
    if (!options.seriesDescription.empty())
        check(doc.getSeries().setSeriesDescription(longString(options.seriesDescription).c_str()),
              "Series Description");
    check(doc.getSOPCommon().setSOPInstanceUID(newUid().c_str()), "SOP Instance UID");
}

void addSharedGeometry(DcmSegmentation& doc, const Geometry& g) {
    FGPixelMeasures measures;
    check(measures.setPixelSpacing((ds(g.spacing[1]) + "\\" + ds(g.spacing[0])).c_str()), "Pixel Spacing");
    check(measures.setSliceThickness(ds(g.spacing[2]).c_str()), "Slice Thickness");
    check(measures.setSpacingBetweenSlices(ds(g.spacing[2]).c_str()), "Spacing Between Slices");
    check(doc.addForAllFrames(measures), "pixel measures");
    FGPlaneOrientationPatient orientation;
    const auto& d = g.direction;  // column j is the direction of index axis j
    check(orientation.setImageOrientationPatient(ds(d[0]).c_str(), ds(d[3]).c_str(), ds(d[6]).c_str(), ds(d[1]).c_str(),
                                                 ds(d[4]).c_str(), ds(d[7]).c_str()),
          "Image Orientation (Patient)");
    check(doc.addForAllFrames(orientation), "plane orientation");
}

void addDimensions(DcmSegmentation& doc, bool patientSpace) {
    const std::string organisation = newUid();
    IODMultiframeDimensionModule& dims = doc.getDimensions();
    check(dims.addDimensionIndex(DCM_ReferencedSegmentNumber, organisation.c_str(), DCM_SegmentIdentificationSequence,
                                 "ReferencedSegmentNumber"),
          "dimension index");
    if (patientSpace)
        check(dims.addDimensionIndex(DCM_ImagePositionPatient, organisation.c_str(), DCM_PlanePositionSequence,
                                     "ImagePositionPatient"),
              "dimension index");
    else
        check(dims.addDimensionIndex(DCM_InStackPositionNumber, organisation.c_str(), DCM_FrameContentSequence,
                                     "InStackPositionNumber"),
              "dimension index");
}

std::unique_ptr<DcmSegment> makeSegment(const SegmentDescription& d, size_t index) {
    const std::string label = longString(d.label.empty() ? "Segment " + std::to_string(index + 1) : d.label);
    if (d.category.empty() || d.type.empty())
        throw mr::Error("DICOM SEG: segment '" + label + "' needs a coded category and type");
    if (d.algorithmType != SegmentAlgorithmType::Manual && d.algorithmName.empty())
        throw mr::Error("DICOM SEG: segment '" + label + "' was made by an algorithm but names none");
    CodeSequenceMacro category(d.category.value.c_str(), d.category.scheme.c_str(),
                               longString(d.category.meaning).c_str());
    CodeSequenceMacro type(d.type.value.c_str(), d.type.scheme.c_str(), longString(d.type.meaning).c_str());
    const DcmSegTypes::E_SegmentAlgoType algo =
        d.algorithmType == SegmentAlgorithmType::Manual      ? DcmSegTypes::SAT_MANUAL
        : d.algorithmType == SegmentAlgorithmType::Automatic ? DcmSegTypes::SAT_AUTOMATIC
                                                             : DcmSegTypes::SAT_SEMIAUTOMATIC;
    DcmSegment* raw = nullptr;
    const std::string algoName = d.algorithmType == SegmentAlgorithmType::Manual ? "" : longString(d.algorithmName);
    check(DcmSegment::create(raw, label.c_str(), category, type, algo, algoName.c_str()), "segment '" + label + "'");
    std::unique_ptr<DcmSegment> segment(raw);
    if (!d.description.empty())
        check(segment->setSegmentDescription(longString(d.description).c_str()), "Segment Description");
    if (d.algorithmType != SegmentAlgorithmType::Manual) {
        AlgorithmIdentificationMacro id;
        id.getAlgorithmFamilyCode().set("123110", "DCM", "Artificial Intelligence");
        check(id.setAlgorithmName(algoName.c_str()), "Algorithm Name");
        check(id.setAlgorithmVersion(longString(d.algorithmVersion.empty() ? "unknown" : d.algorithmVersion).c_str()),
              "Algorithm Version");
        check(segment->setSegmentationAlgorithmIdentification(id), "algorithm identification");
    }
    double L = 0, a = 0, b = 0;
    IODCIELabUtil::rgb2DicomLab(L, a, b, d.color[0] / 255.0, d.color[1] / 255.0, d.color[2] / 255.0);
    auto u16 = [](double v) { return Uint16(std::clamp(std::lround(v), 0L, 65535L)); };
    check(segment->setRecommendedDisplayCIELabValue(u16(L), u16(a), u16(b)), "display colour");
    return segment;
}

// The referenced source instance of slice z as an image reference (frame number for multi-frame).
bool sourceReference(const SegSource& source, int64_t z, ImageSOPInstanceReferenceMacro& ref) {
    if (z < 0 || size_t(z) >= source.slices.size()) return false;
    const SliceSource& s = source.slices[size_t(z)];
    if (s.sopInstanceUid.empty() || s.sopClassUid.empty()) return false;
    check(ref.setReferencedSOPClassUID(s.sopClassUid.c_str()), "Referenced SOP Class UID");
    check(ref.setReferencedSOPInstanceUID(s.sopInstanceUid.c_str()), "Referenced SOP Instance UID");
    if (s.frame > 0 && s.frame <= 65535)
        check(ref.addReferencedFrameNumber(Uint16(s.frame)), "Referenced Frame Number");
    return true;
}

struct FrameWriter {
    DcmSegmentation& doc;
    const Segmentation& seg;
    const SegSource& source;
    bool linked;
    std::map<int64_t, Uint32> dimensionIndexOfSlice;           // slice z -> 1-based rank among the slices written
    std::set<std::pair<std::string, std::string>> referenced;  // (class, instance) for the series reference

    // The slices each segment writes: its non-empty ones, or the first slice for an empty segment
    // so that every segment keeps at least one frame.
    std::vector<int64_t> slicesOf(const Segment& s) const {
        std::vector<int64_t> zs;
        for (int64_t z = 0; z < int64_t(s.slices.size()); ++z)
            if (!s.sliceEmpty(z)) zs.push_back(z);
        if (zs.empty()) zs.push_back(0);
        return zs;
    }

    void writeAll(const mr::CancelToken& cancel) {
        for (const Segment& s : seg.segments)
            for (int64_t z : slicesOf(s)) dimensionIndexOfSlice[z] = 0;
        Uint32 rank = 0;
        for (auto& [z, index] : dimensionIndexOfSlice) index = ++rank;
        const size_t pixels = size_t(seg.geometry.size[0]) * size_t(seg.geometry.size[1]);
        std::vector<Uint8> zeros(pixels, 0);
        for (size_t k = 0; k < seg.segments.size(); ++k) {
            cancel.check();
            for (int64_t z : slicesOf(seg.segments[k])) {
                const auto& slice = seg.segments[k].slices[size_t(z)];
                Uint8* data = slice.empty() ? zeros.data() : const_cast<Uint8*>(slice.data());
                writeFrame(Uint16(k + 1), z, data);
            }
        }
    }

    void writeFrame(Uint16 segmentNumber, int64_t z, Uint8* data) {
        FGFrameContent content;
        check(content.setDimensionIndexValues(segmentNumber, 0), "Dimension Index Values");
        check(content.setDimensionIndexValues(dimensionIndexOfSlice.at(z), 1), "Dimension Index Values");
        OFVector<FGBase*> groups;
        groups.push_back(&content);
        FGPlanePosPatient position;
        if (source.patientSpace) {
            const auto p = seg.geometry.indexToPhysical({0, 0, double(z)});
            check(position.setImagePositionPatient(ds(p[0]).c_str(), ds(p[1]).c_str(), ds(p[2]).c_str()),
                  "Image Position (Patient)");
            groups.push_back(&position);
        } else {
            check(content.setStackID("1"), "Stack ID");
            check(content.setInStackPositionNumber(dimensionIndexOfSlice.at(z)), "In-Stack Position Number");
        }
        std::unique_ptr<FGDerivationImage> derivation;
        ImageSOPInstanceReferenceMacro ref;
        if (linked && sourceReference(source, z, ref)) {
            OFVector<ImageSOPInstanceReferenceMacro> refs;
            refs.push_back(ref);
            derivation.reset(DcmSegmentation::createDerivationImageFG(refs, ""));
            if (!derivation) throw mr::Error("DICOM SEG: cannot reference the source slice " + std::to_string(z + 1));
            groups.push_back(derivation.get());
            const SliceSource& s = source.slices[size_t(z)];
            referenced.insert({s.sopClassUid, s.sopInstanceUid});
        }
        check(doc.addFrame(data, segmentNumber, groups), "frame of slice " + std::to_string(z + 1));
    }

    void addSeriesReference() {
        if (referenced.empty()) return;
        auto* item = new IODSeriesAndInstanceReferenceMacro::ReferencedSeriesItem;
        doc.getCommonInstanceReference().getReferencedSeriesItems().push_back(item);
        check(item->setSeriesInstanceUID(source.seriesInstanceUid.c_str()), "Referenced Series Instance UID");
        for (const auto& [cls, inst] : referenced) {
            auto* r = new SOPInstanceReferenceMacro;
            item->getReferencedInstanceItems().push_back(r);
            check(r->setReferencedSOPClassUID(cls.c_str()), "Referenced SOP Class UID");
            check(r->setReferencedSOPInstanceUID(inst.c_str()), "Referenced SOP Instance UID");
        }
    }
};

bool segmentsOverlap(const Segmentation& seg) {
    if (seg.segments.size() < 2) return false;
    const size_t pixels = size_t(seg.geometry.size[0]) * size_t(seg.geometry.size[1]);
    std::vector<uint8_t> seen(pixels);
    for (int64_t z = 0; z < seg.geometry.size[2]; ++z) {
        std::fill(seen.begin(), seen.end(), 0);
        for (const Segment& s : seg.segments) {
            const auto& slice = s.slices[size_t(z)];
            for (size_t i = 0; i < slice.size(); ++i) {
                if (slice[i] && seen[i]) return true;
                seen[i] |= slice[i];
            }
        }
    }
    return false;
}

std::string temporaryPath() {
    static std::atomic<unsigned> counter{0};
    return (fs::temp_directory_path() /
            ("medreasoner-seg-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".dcm"))
        .string();
}

}  // namespace

SegSource segSourceOf(const Image& image) {
    const Metadata& m = image.metadata();
    SegSource s;
    s.geometry = image.geometry();
    s.studyInstanceUid = m.studyInstanceUid;
    s.seriesInstanceUid = m.seriesInstanceUid;
    s.frameOfReferenceUid = m.frameOfReferenceUid;
    s.slices = m.sliceSources;
    if (!m.sliceSources.empty()) {
        s.patientSpace = !m.frameOfReferenceUid.empty();
    } else {
        const std::string src = m.source;
        auto ends = [&](const std::string& x) {
            return src.size() >= x.size() && src.compare(src.size() - x.size(), x.size(), x) == 0;
        };
        s.patientSpace = ends(".nii") || ends(".nii.gz") || ends(".NII") || ends(".NII.GZ");
    }
    return s;
}

std::string encodeDicomSeg(const Segmentation& segmentation, const SegSource& source, const SegWriteOptions& options,
                           const mr::CancelToken& cancel) {
    validate(segmentation, source, options);
    detail::registerDicomCodecs();  // also quiets DCMTK's logger
    const Geometry& g = segmentation.geometry;
    // Software Versions is type 1 in the Enhanced General Equipment module: never empty.
    const std::string version = longString(options.softwareVersion.empty() ? "unknown" : options.softwareVersion);
    IODGeneralEquipmentModule::EquipmentInfo equipment("MedReasoner Studio", "MedReasoner Studio", "1",
                                                       version.c_str());
    ContentIdentificationMacro content("1", codeString(options.contentLabel).c_str(),
                                       longString(options.contentDescription).c_str(),
                                       longString(options.contentCreator).c_str());
    DcmSegmentation* raw = nullptr;
    check(DcmSegmentation::createBinarySegmentation(raw, Uint16(g.size[1]), Uint16(g.size[0]), equipment, content),
          "cannot create the segmentation");
    std::unique_ptr<DcmSegmentation> doc(raw);
    // Without references to source instances a SEG needs a frame of reference (PS3.3 A.51): a
    // de-identified SEG of a picture places its frames on the picture's own unit grid.
    SegSource placed = source;
    placed.patientSpace = source.patientSpace || options.identity == SegIdentity::DeIdentified;
    if (!placed.patientSpace) {
        // Linked to a picture without a frame of reference: the SEG has none either (its frames
        // reference the picture), so the Frame of Reference module is left out.
        doc->getRules()->deleteRule(DCM_FrameOfReferenceUID);
        doc->getRules()->deleteRule(DCM_PositionReferenceIndicator);
    }
    setHierarchy(*doc, placed, options);
    if (placed.patientSpace) addSharedGeometry(*doc, g);
    addDimensions(*doc, placed.patientSpace);
    for (size_t k = 0; k < segmentation.segments.size(); ++k) {
        std::unique_ptr<DcmSegment> segment = makeSegment(segmentation.segments[k].description, k);
        Uint16 number = 0;
        check(doc->addSegment(segment.get(), number), "cannot add segment " + std::to_string(k + 1));
        segment.release();  // owned by the document now
    }
    FrameWriter frames{*doc, segmentation, placed, options.identity == SegIdentity::LinkedToSource, {}, {}};
    frames.writeAll(cancel);
    frames.addSeriesReference();
    OFString date, time;
    DcmDate::getCurrentDate(date);
    DcmTime::getCurrentTime(time);
    check(doc->getGeneralImage().setContentDate(date), "Content Date");
    check(doc->getGeneralImage().setContentTime(time), "Content Time");

    DcmFileFormat file;
    DcmDataset& d = *file.getDataset();
    check(doc->writeDataset(d), "cannot encode the segmentation");
    check(d.putAndInsertString(DCM_SeriesDate, date.c_str()), "Series Date");
    check(d.putAndInsertString(DCM_SeriesTime, time.c_str()), "Series Time");
    check(d.putAndInsertString(DCM_SegmentsOverlap, segmentsOverlap(segmentation) ? "YES" : "NO"), "Segments Overlap");
    // Frames without plane orientation need Patient Orientation (type 2C, General Image module).
    if (!placed.patientSpace) check(d.putAndInsertString(DCM_PatientOrientation, ""), "Patient Orientation");
    if (!options.bodyPart.empty())
        check(d.putAndInsertString(DCM_BodyPartExamined, codeString(options.bodyPart).c_str()), "Body Part");
    const std::string tmp = temporaryPath();
    const OFCondition saved = file.saveFile(tmp.c_str(), EXS_LittleEndianExplicit);
    std::string bytes;
    try {
        if (saved.good()) bytes = mr::readFile(tmp);
    } catch (...) {
        std::remove(tmp.c_str());
        throw;
    }
    std::remove(tmp.c_str());
    check(saved, "cannot write " + tmp);
    return bytes;
}

void writeDicomSeg(const Segmentation& segmentation, const SegSource& source, const SegWriteOptions& options,
                   const std::string& path, const mr::CancelToken& cancel) {
    const std::string bytes = encodeDicomSeg(segmentation, source, options, cancel);
    mr::writeFileAtomic(path, bytes);
}

}  // namespace mr::imaging
