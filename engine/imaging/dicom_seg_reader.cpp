#include "engine/imaging/dicom_seg_reader.h"

#include "dcmtk/config/osconfig.h"  // must come first
#include "dcmtk/dcmdata/dctk.h"
#include "dcmtk/dcmfg/fgderimg.h"
#include "dcmtk/dcmfg/fgfracon.h"
#include "dcmtk/dcmfg/fgpixmsr.h"
#include "dcmtk/dcmfg/fgplanor.h"
#include "dcmtk/dcmfg/fgplanpo.h"
#include "dcmtk/dcmfg/fgseg.h"
#include "dcmtk/dcmiod/cielabutil.h"
#include "dcmtk/dcmseg/segdoc.h"
#include "dcmtk/dcmseg/segment.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

#include "engine/imaging/dicom_header.h"
#include "engine/imaging/image_read_error.h"

namespace mr::imaging {

namespace {

const char* kSegmentationStorage = "1.2.840.10008.5.1.4.1.1.66.4";

std::string text(DcmItem& item, const DcmTagKey& tag) {
    OFString s;
    if (item.findAndGetOFStringArray(tag, s).good()) return s.c_str();
    return {};
}

std::string trimmed(const OFString& s) {
    std::string r = s.c_str();
    while (!r.empty() && (r.back() == ' ' || r.back() == '\0')) r.pop_back();
    return r;
}

CodedConcept conceptOf(CodeSequenceMacro& code) {
    OFString v, s, m;
    code.getCodeValue(v);
    code.getCodingSchemeDesignator(s);
    code.getCodeMeaning(m);
    return {trimmed(v), trimmed(s), trimmed(m)};
}

// Sizes and SOP class from the header, before DCMTK's segmentation class allocates anything.
void checkHeader(DcmFileFormat& file, const std::string& path) {
    DcmDataset& d = *file.getDataset();
    if (text(d, DCM_SOPClassUID) != kSegmentationStorage)
        throw ImageReadError(path, "not a DICOM Segmentation object (SOP class " + text(d, DCM_SOPClassUID) + ")");
    Uint16 rows = 0, cols = 0, bits = 0;
    d.findAndGetUint16(DCM_Rows, rows);
    d.findAndGetUint16(DCM_Columns, cols);
    d.findAndGetUint16(DCM_BitsAllocated, bits);
    Sint32 frames = 1, value = 0;  // some writers leave Number of Frames out of one-frame objects
    if (d.findAndGetSint32(DCM_NumberOfFrames, value).good()) frames = value;
    if (rows == 0 || cols == 0) throw ImageReadError(path, "the segmentation has no Rows/Columns");
    if (frames <= 0) throw ImageReadError(path, "the segmentation has no frames (Number of Frames)");
    if (bits != 1 && bits != 8)
        throw ImageReadError(path, "Bits Allocated " + std::to_string(bits) + " (1 or 8 expected)");
    const uint64_t pixels = uint64_t(rows) * cols * uint64_t(frames);
    if (pixels > (uint64_t(1) << 33))
        throw ImageReadError(path, "implausible segmentation size " + std::to_string(cols) + "x" +
                                       std::to_string(rows) + "x" + std::to_string(frames));
    DcmXfer xfer(d.getOriginalXfer());
    DcmElement* pix = nullptr;
    if (d.findAndGetElement(DCM_PixelData, pix).bad() || !pix) throw ImageReadError(path, "no pixel data");
    if (!xfer.isEncapsulated()) {
        const uint64_t expected = bits == 1 ? (pixels + 7) / 8 : pixels;
        if (pix->getLength() < expected)
            throw ImageReadError(path, "pixel data has " + std::to_string(pix->getLength()) + " bytes, " +
                                           std::to_string(expected) + " expected for " + std::to_string(frames) +
                                           " frames of " + std::to_string(cols) + "x" + std::to_string(rows));
    }
}

SegmentDescription describe(DcmSegment& s, int number) {
    SegmentDescription d;
    d.number = number;  // DCMTK numbers segments by position, from 1
    OFString v;
    if (s.getSegmentLabel(v).good()) d.label = trimmed(v);
    if (s.getSegmentDescription(v).good()) d.description = trimmed(v);
    d.category = conceptOf(s.getSegmentedPropertyCategoryCode());
    d.type = conceptOf(s.getSegmentedPropertyTypeCode());
    switch (s.getSegmentAlgorithmType()) {
        case DcmSegTypes::SAT_AUTOMATIC: d.algorithmType = SegmentAlgorithmType::Automatic; break;
        case DcmSegTypes::SAT_SEMIAUTOMATIC: d.algorithmType = SegmentAlgorithmType::SemiAutomatic; break;
        default: d.algorithmType = SegmentAlgorithmType::Manual; break;
    }
    if (s.getSegmentAlgorithmName(v).good()) d.algorithmName = trimmed(v);
    if (s.getSegmentationAlgorithmIdentification().getAlgorithmVersion(v).good()) d.algorithmVersion = trimmed(v);
    Uint16 L = 0, a = 0, b = 0;
    if (s.getRecommendedDisplayCIELabValue(L, a, b).good() && (L || a || b)) {
        double r = 0, g = 0, bl = 0;
        IODCIELabUtil::dicomLab2RGB(r, g, bl, L, a, b);
        auto u8 = [](double x) { return uint8_t(std::clamp(std::lround(x * 255.0), 0L, 255L)); };
        d.color = {u8(r), u8(g), u8(bl)};
    }
    return d;
}

void readGeometry(DcmSegmentation& doc, DicomSeg& out) {
    FGInterface& fg = doc.getFunctionalGroups();
    if (auto* o = OFstatic_cast(FGPlaneOrientationPatient*, fg.get(0, DcmFGTypes::EFG_PLANEORIENTPATIENT))) {
        auto& r = out.orientation;
        out.hasOrientation = o->getImageOrientationPatient(r[0], r[1], r[2], r[3], r[4], r[5]).good();
    }
    if (auto* m = OFstatic_cast(FGPixelMeasures*, fg.get(0, DcmFGTypes::EFG_PIXELMEASURES))) {
        out.hasPixelSpacing =
            m->getPixelSpacing(out.pixelSpacing[0], 0).good() && m->getPixelSpacing(out.pixelSpacing[1], 1).good();
        m->getSliceThickness(out.sliceThickness);
    }
}

// The first source image named by the frame's Derivation Image functional group.
void readDerivation(FGInterface& fg, Uint32 f, SegFrame& frame) {
    auto* der = OFstatic_cast(FGDerivationImage*, fg.get(f, DcmFGTypes::EFG_DERIVATIONIMAGE));
    if (!der) return;
    for (DerivationImageItem* item : der->getDerivationImageItems())
        for (SourceImageItem* src : item->getSourceImageItems()) {
            OFString uid;
            ImageSOPInstanceReferenceMacro& ref = src->getImageSOPInstanceReference();
            if (ref.getReferencedSOPInstanceUID(uid).bad() || uid.empty()) continue;
            frame.sourceSopInstanceUid = trimmed(uid);
            OFVector<Uint16> numbers;
            if (ref.getReferencedFrameNumber(numbers).good() && !numbers.empty()) frame.sourceFrame = numbers[0];
            return;
        }
}

void readFrames(DcmSegmentation& doc, DicomSeg& out, const mr::CancelToken& cancel) {
    FGInterface& fg = doc.getFunctionalGroups();
    const size_t pixels = size_t(out.rows) * size_t(out.columns);
    // Frames with pixel data; a damaged file may describe more in its functional groups.
    size_t count = doc.getNumberOfFrames();
    while (count > 0 && !doc.getFrame(count - 1)) --count;
    if (count != doc.getNumberOfFrames())
        out.warnings.push_back("the segmentation describes " + std::to_string(doc.getNumberOfFrames()) +
                               " frames but holds pixel data for " + std::to_string(count) + "; the rest are ignored");
    if (count == 0) throw ImageReadError(out.path, "the segmentation holds no frame of pixel data");
    out.frames.reserve(count);
    for (size_t i = 0; i < count; ++i) {
        if (i % 64 == 0) cancel.check();
        const Uint32 f = Uint32(i);
        SegFrame frame;
        auto* segFg = OFstatic_cast(FGSegmentation*, fg.get(f, DcmFGTypes::EFG_SEGMENTATION));
        Uint16 number = 0;
        if (!segFg || segFg->getReferencedSegmentNumber(number).bad() || number == 0)
            throw ImageReadError(out.path, "frame " + std::to_string(i + 1) + " names no segment");
        frame.segment = number;
        if (auto* p = OFstatic_cast(FGPlanePosPatient*, fg.get(f, DcmFGTypes::EFG_PLANEPOSPATIENT)))
            frame.hasPosition =
                p->getImagePositionPatient(frame.position[0], frame.position[1], frame.position[2]).good();
        readDerivation(fg, f, frame);
        const DcmIODTypes::Frame* data = doc.getFrame(i);
        if (!data || !data->pixData)
            throw ImageReadError(out.path, "frame " + std::to_string(i + 1) + " has no pixel data");
        frame.pixels.assign(pixels, 0);
        if (out.fractional) {
            if (data->length < pixels) throw ImageReadError(out.path, "frame " + std::to_string(i + 1) + " is short");
            std::copy(data->pixData, data->pixData + pixels, frame.pixels.begin());
        } else {
            // Bits Allocated 1: pixel k is bit k % 8 of byte k / 8 (DCMTK keeps each frame packed from bit 0).
            if (data->length < (pixels + 7) / 8)
                throw ImageReadError(out.path, "frame " + std::to_string(i + 1) + " is short");
            for (size_t k = 0; k < pixels; ++k) frame.pixels[k] = (data->pixData[k >> 3] >> (k & 7)) & 1;
        }
        out.frames.push_back(std::move(frame));
    }
}

void readIdentity(DcmSegmentation& doc, DcmDataset& d, DicomSeg& out) {
    out.studyInstanceUid = text(d, DCM_StudyInstanceUID);
    out.seriesInstanceUid = text(d, DCM_SeriesInstanceUID);
    out.sopInstanceUid = text(d, DCM_SOPInstanceUID);
    out.frameOfReferenceUid = text(d, DCM_FrameOfReferenceUID);
    out.contentCreator = text(d, DCM_ContentCreatorName);
    out.contentLabel = text(d, DCM_ContentLabel);
    out.seriesDescription = text(d, DCM_SeriesDescription);
    for (auto* series : doc.getCommonInstanceReference().getReferencedSeriesItems()) {
        OFString uid;
        if (series && series->getSeriesInstanceUID(uid).good() && !uid.empty())
            out.referencedSeriesUids.push_back(trimmed(uid));
    }
    // Older writers put the series reference at the top level only.
    DcmSequenceOfItems* refs = nullptr;
    if (out.referencedSeriesUids.empty() && d.findAndGetSequence(DCM_ReferencedSeriesSequence, refs).good() && refs)
        for (unsigned long i = 0; i < refs->card(); ++i)
            if (DcmItem* it = refs->getItem(i)) {
                std::string uid = text(*it, DCM_SeriesInstanceUID);
                if (!uid.empty()) out.referencedSeriesUids.push_back(uid);
            }
}

}  // namespace

bool isDicomSegFile(const std::string& path) {
    try {
        std::string why;
        if (!detail::looksLikeDicom(path, &why)) return false;
        auto file = detail::openDicom(path, true);
        return text(*file->getDataset(), DCM_SOPClassUID) == kSegmentationStorage;
    } catch (const std::exception&) {
        return false;
    }
}

DicomSeg readDicomSeg(const std::string& path, const mr::CancelToken& cancel) {
    std::string why;
    if (!detail::looksLikeDicom(path, &why)) throw ImageReadError(path, why);
    std::unique_ptr<DcmFileFormat> file = detail::openDicom(path, true);
    checkHeader(*file, path);
    DcmDataset& d = *file->getDataset();
    // A one-frame SEG without Number of Frames (dcmqi wrote some): DCMTK needs the count.
    if (!d.tagExistsWithValue(DCM_NumberOfFrames)) d.putAndInsertString(DCM_NumberOfFrames, "1");
    DcmSegmentation* raw = nullptr;
    OFCondition c;
    try {
        c = DcmSegmentation::loadDataset(d, raw);
    } catch (const std::bad_alloc&) {
        throw ImageReadError(path, "out of memory while reading the segmentation");
    }
    std::unique_ptr<DcmSegmentation> doc(raw);
    if (c.bad() || !doc) throw ImageReadError(path, std::string("cannot read the segmentation: ") + c.text());
    DicomSeg out;
    out.path = path;
    Uint16 rows = 0, cols = 0;
    d.findAndGetUint16(DCM_Rows, rows);
    d.findAndGetUint16(DCM_Columns, cols);
    out.rows = rows;
    out.columns = cols;
    out.fractional = doc->getSegmentationType() == DcmSegTypes::ST_FRACTIONAL;
    if (out.fractional) {
        Uint16 max = 0;
        d.findAndGetUint16(DCM_MaximumFractionalValue, max);
        out.maxFractional = max > 0 ? max : 255;
        out.fractionalType = text(d, DCM_SegmentationFractionalType);
    }
    readIdentity(*doc, d, out);
    readGeometry(*doc, out);
    const size_t segments = doc->getNumberOfSegments();
    for (size_t n = 1; n <= segments; ++n)
        if (DcmSegment* s = doc->getSegment(n)) out.segments.push_back(describe(*s, int(n)));
    if (out.segments.empty()) throw ImageReadError(path, "the segmentation has no segments");
    readFrames(*doc, out, cancel);
    return out;
}

}  // namespace mr::imaging
