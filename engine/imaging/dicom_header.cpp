#include "engine/imaging/dicom_header.h"

#include "dcmtk/config/osconfig.h"  // must come first
#include "dcmtk/dcmdata/dccodec.h"
#include "dcmtk/dcmdata/dcrledrg.h"
#include "dcmtk/dcmdata/dctk.h"
#include "dcmtk/dcmdata/dcfcache.h"
#include "dcmtk/dcmdata/dcpixel.h"
#include "dcmtk/dcmdata/dcpixseq.h"
#include "dcmtk/dcmjpeg/djdecode.h"
#include "dcmtk/dcmjpls/djdecode.h"

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "engine/core/limits.h"
#include "engine/imaging/dicom_nesting.h"
#include "engine/imaging/image_read_error.h"

namespace mr::imaging::detail {

void registerDicomCodecs() {
    static std::once_flag once;
    std::call_once(once, [] {
        // JPEG: convert YCbCr to RGB where the photometric interpretation says YBR.
        DJDecoderRegistration::registerCodecs(EDC_photometricInterpretation);
        DJLSDecoderRegistration::registerCodecs();
        DcmRLEDecoderRegistration::registerCodecs();
        // DCMTK logs parse problems to stderr; our errors already carry the reason.
        OFLog::configure(OFLogger::FATAL_LOG_LEVEL);
        // Uncompressed datasets whose encoding differs from what the meta header says (real
        // archives hold some) are read in the encoding they actually have.
        dcmAutoDetectDatasetXfer.set(OFTrue);
    });
}

bool looksLikeDicom(const std::string& path, std::string* reason) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        if (reason) *reason = std::string("cannot open: ") + std::strerror(errno);
        return false;
    }
    unsigned char buf[132] = {};
    in.read(reinterpret_cast<char*>(buf), sizeof buf);
    std::streamsize n = in.gcount();
    if (n == 132 && std::memcmp(buf + 128, "DICM", 4) == 0) return true;
    // A dataset without preamble (old ACR-NEMA style exports): group 0x0002 or 0x0008 first,
    // in either byte order, followed by a plausible element number.
    if (n >= 8) {
        unsigned group = unsigned(buf[0]) | unsigned(buf[1]) << 8;
        unsigned groupBe = unsigned(buf[1]) | unsigned(buf[0]) << 8;
        unsigned element = unsigned(buf[2]) | unsigned(buf[3]) << 8;
        if ((group == 0x0002 || group == 0x0008) && element < 0x0100) return true;
        if (groupBe == 0x0008 && buf[2] == 0x00) return true;  // big endian: element number < 0x0100
    }
    if (reason) *reason = n < 132 ? "not a DICOM file (too short)" : "not a DICOM file (no DICM marker)";
    return false;
}

std::unique_ptr<DcmFileFormat> openDicom(const std::string& path, bool headerOnly) {
    registerDicomCodecs();
    checkSequenceNesting(path);  // DCMTK recurses once per nested sequence
    auto file = std::make_unique<DcmFileFormat>();
    // headerOnly: values over 4 KiB are loaded on demand (pixel data stays in the file).
    OFCondition c =
        file->loadFile(path.c_str(), EXS_Unknown, EGL_noChange, headerOnly ? 4096 : DCM_MaxReadLength, ERM_autoDetect);
    // A deflated dataset cannot be read from an offset later: load it whole while the stream is open.
    if (c.good() && headerOnly && file->getDataset()->getOriginalXfer() == EXS_DeflatedLittleEndianExplicit)
        c = file->loadAllDataIntoMemory();
    if (c.bad()) {
        std::string why = c.text();
        if (c == EC_StreamNotifyClient || c == EC_InvalidStream || why.find("end of") != std::string::npos ||
            why.find("Premature") != std::string::npos)
            why = "truncated or corrupt DICOM file (" + why + ")";
        else why = "cannot parse DICOM: " + why;
        throw ImageReadError(path, why);
    }
    return file;
}

namespace {
std::string str(DcmItem& d, const DcmTagKey& tag) {
    OFString s;
    if (d.findAndGetOFStringArray(tag, s).good()) {
        std::string r = s.c_str();
        while (!r.empty() && (r.back() == ' ' || r.back() == '\0')) r.pop_back();
        return r;
    }
    return {};
}

int64_t integer(DcmItem& d, const DcmTagKey& tag, int64_t fallback) {
    Uint16 u = 0;
    if (d.findAndGetUint16(tag, u).good()) return u;
    Sint32 s = 0;
    if (d.findAndGetSint32(tag, s).good()) return s;
    return fallback;
}

bool real(DcmItem& d, const DcmTagKey& tag, double& out, unsigned long pos = 0) {
    Float64 v = 0;
    if (d.findAndGetFloat64(tag, v, pos).good() && std::isfinite(v)) {
        out = v;
        return true;
    }
    return false;
}

void readPosition(DcmItem& d, FrameGeometry& g) {
    std::array<double, 3> p{};
    if (real(d, DCM_ImagePositionPatient, p[0], 0) && real(d, DCM_ImagePositionPatient, p[1], 1) &&
        real(d, DCM_ImagePositionPatient, p[2], 2)) {
        g.position = p;
        g.hasPosition = true;
    }
}

void readOrientation(DcmItem& d, FrameGeometry& g) {
    std::array<double, 6> o{};
    for (unsigned i = 0; i < 6; ++i)
        if (!real(d, DCM_ImageOrientationPatient, o[i], i)) return;
    double nr = std::sqrt(o[0] * o[0] + o[1] * o[1] + o[2] * o[2]);
    double nc = std::sqrt(o[3] * o[3] + o[4] * o[4] + o[5] * o[5]);
    if (nr < 1e-6 || nc < 1e-6) return;
    for (int i = 0; i < 3; ++i) {
        o[i] /= nr;
        o[3 + i] /= nc;
    }
    g.orientation = o;
    g.hasOrientation = true;
}

void readRescale(DcmItem& d, FrameGeometry& g) {
    double s = 1, i = 0;
    bool hs = real(d, DCM_RescaleSlope, s), hi = real(d, DCM_RescaleIntercept, i);
    if (hs || hi) {
        g.slope = (hs && s != 0) ? s : 1;
        g.intercept = hi ? i : 0;
        g.hasRescale = true;
    }
}

// Reads geometry/rescale from one functional-groups item (shared or per-frame).
void readFunctionalGroup(DcmItem& group, FrameGeometry& g, DicomFileInfo* info) {
    DcmItem* item = nullptr;
    if (group.findAndGetSequenceItem(DCM_PlanePositionSequence, item, 0).good() && item) readPosition(*item, g);
    if (group.findAndGetSequenceItem(DCM_PlaneOrientationSequence, item, 0).good() && item) readOrientation(*item, g);
    if (group.findAndGetSequenceItem(DCM_PixelValueTransformationSequence, item, 0).good() && item)
        readRescale(*item, g);
    if (info && group.findAndGetSequenceItem(DCM_PixelMeasuresSequence, item, 0).good() && item) {
        double r = 0, c = 0;
        if (real(*item, DCM_PixelSpacing, r, 0) && real(*item, DCM_PixelSpacing, c, 1) && r > 0 && c > 0) {
            info->pixelSpacingRow = r;
            info->pixelSpacingCol = c;
            info->hasPixelSpacing = true;
        }
        real(*item, DCM_SliceThickness, info->sliceThickness);
        real(*item, DCM_SpacingBetweenSlices, info->spacingBetweenSlices);
    }
}

// RT Dose grids: frames lie at Grid Frame Offset Vector along the normal (offsets from the first
// frame when the first is 0, else positions; the step is the same either way), values scale by
// Dose Grid Scaling to Dose Units.
void readRtDose(DcmItem& d, DicomFileInfo& info) {
    double first = 0, second = 0;
    if (real(d, DCM_GridFrameOffsetVector, first, 0) && real(d, DCM_GridFrameOffsetVector, second, 1) &&
        second != first)
        info.frameStep = second - first;
    double scaling = 0;
    if (real(d, DCM_DoseGridScaling, scaling) && scaling > 0 && !d.tagExists(DCM_RescaleSlope)) {
        info.shared.slope = scaling;
        info.shared.intercept = 0;
        info.shared.hasRescale = true;
        info.rescaleType = str(d, DCM_DoseUnits);
    }
}

void readWindows(DcmItem& d, DicomFileInfo& info) {
    for (unsigned long i = 0;; ++i) {
        double c = 0, w = 0;
        if (!real(d, DCM_WindowCenter, c, i) || !real(d, DCM_WindowWidth, w, i)) break;
        if (w <= 0) continue;
        OFString name;
        std::string n;
        if (d.findAndGetOFString(DCM_WindowCenterWidthExplanation, name, i).good()) n = name.c_str();
        if (n.empty()) n = "File " + std::to_string(i + 1);
        info.windows.push_back({n, c, w});
        if (i > 16) break;
    }
}

// UIDs, descriptions and numbers that identify the object and its series.
void readIdentity(DcmFileFormat& file, DcmDataset& d, DicomFileInfo& info) {
    DcmXfer xfer(d.getOriginalXfer());
    info.transferSyntax = xfer.getXferID();
    if (info.transferSyntax.empty()) info.transferSyntax = str(*file.getMetaInfo(), DCM_TransferSyntaxUID);
    info.encapsulated = xfer.isEncapsulated();
    info.sopClassUid = str(d, DCM_SOPClassUID);
    info.sopInstanceUid = str(d, DCM_SOPInstanceUID);
    info.seriesInstanceUid = str(d, DCM_SeriesInstanceUID);
    info.studyInstanceUid = str(d, DCM_StudyInstanceUID);
    info.frameOfReferenceUid = str(d, DCM_FrameOfReferenceUID);
    info.modality = str(d, DCM_Modality);
    info.seriesDescription = str(d, DCM_SeriesDescription);
    info.studyDescription = str(d, DCM_StudyDescription);
    info.patientName = str(d, DCM_PatientName);
    info.bodyPart = str(d, DCM_BodyPartExamined);
    info.manufacturer = str(d, DCM_Manufacturer);
    info.photometric = str(d, DCM_PhotometricInterpretation);
    info.rescaleType = str(d, DCM_RescaleType);
    info.seriesNumber = int(integer(d, DCM_SeriesNumber, 0));
    Sint32 inst = 0;
    if (d.findAndGetSint32(DCM_InstanceNumber, inst).good()) {
        info.instanceNumber = inst;
        info.hasInstanceNumber = true;
    }
}

// Refuses what is not an image this reader shows: no pixel data, float pixel data, a SEG.
void requireImage(DcmDataset& d, const DicomFileInfo& info, const std::string& path) {
    if (!d.tagExists(DCM_PixelData)) {
        if (d.tagExists(DCM_FloatPixelData) || d.tagExists(DCM_DoubleFloatPixelData))
            throw ImageReadError(path, "float pixel data (parametric maps) is not supported");
        throw ImageReadError(path, "no pixel data (not an image: SOP class " +
                                       (info.sopClassUid.empty() ? std::string("unknown") : info.sopClassUid) + ")");
    }
    if (info.sopClassUid == "1.2.840.10008.5.1.4.1.1.66.4")
        throw ImageReadError(path,
                             "a DICOM Segmentation (SEG), not an image: open its series, then open the SEG "
                             "over it (File > Open Segmentation)");
}

// Matrix size, frames and the pixel format, with the defaults the standard gives.
void readPixelFormat(DcmDataset& d, DicomFileInfo& info, const std::string& path) {
    info.rows = integer(d, DCM_Rows, 0);
    info.columns = integer(d, DCM_Columns, 0);
    if (info.rows <= 0 || info.columns <= 0) throw ImageReadError(path, "missing or zero Rows/Columns");
    info.frames = integer(d, DCM_NumberOfFrames, 1);
    if (info.frames <= 0) info.frames = 1;
    info.samples = int(integer(d, DCM_SamplesPerPixel, 1));
    info.bitsAllocated = int(integer(d, DCM_BitsAllocated, 0));
    info.bitsStored = int(integer(d, DCM_BitsStored, info.bitsAllocated));
    info.highBit = int(integer(d, DCM_HighBit, info.bitsStored - 1));
    info.pixelRepresentation = int(integer(d, DCM_PixelRepresentation, 0));
    info.planarConfiguration = int(integer(d, DCM_PlanarConfiguration, 0));
    if (info.photometric.empty()) info.photometric = info.samples == 3 ? "RGB" : "MONOCHROME2";
    if (info.bitsAllocated != 8 && info.bitsAllocated != 16 && info.bitsAllocated != 32)
        throw ImageReadError(path, "unsupported Bits Allocated " + std::to_string(info.bitsAllocated));
    if (info.bitsStored <= 0 || info.bitsStored > info.bitsAllocated) info.bitsStored = info.bitsAllocated;
    if (info.highBit < info.bitsStored - 1 || info.highBit >= info.bitsAllocated) info.highBit = info.bitsStored - 1;
    if (info.samples != 1 && info.samples != 3)
        throw ImageReadError(path, "unsupported Samples per Pixel " + std::to_string(info.samples));
    if (info.photometric == "PALETTE COLOR") throw ImageReadError(path, "PALETTE COLOR images are not supported");
}

void readSpacing(DcmDataset& d, DicomFileInfo& info) {
    // Pixel Spacing (patient) first; else Imager Pixel Spacing (at the detector: projection images).
    for (const DcmTagKey& tag : {DCM_PixelSpacing, DCM_ImagerPixelSpacing}) {
        double r = 0, c = 0;
        if (real(d, tag, r, 0) && real(d, tag, c, 1) && r > 0 && c > 0) {
            info.pixelSpacingRow = r;
            info.pixelSpacingCol = c;
            info.hasPixelSpacing = true;
            break;
        }
    }
    real(d, DCM_SliceThickness, info.sliceThickness);
    real(d, DCM_SpacingBetweenSlices, info.spacingBetweenSlices);
}

// Enhanced multi-frame objects keep geometry in functional groups.
void readFunctionalGroups(DcmDataset& d, DicomFileInfo& info, const std::string& path) {
    DcmItem* sharedGroup = nullptr;
    if (d.findAndGetSequenceItem(DCM_SharedFunctionalGroupsSequence, sharedGroup, 0).good() && sharedGroup) {
        readFunctionalGroup(*sharedGroup, info.shared, &info);
        DcmItem* voi = nullptr;
        if (sharedGroup->findAndGetSequenceItem(DCM_FrameVOILUTSequence, voi, 0).good() && voi && info.windows.empty())
            readWindows(*voi, info);
    }
    DcmSequenceOfItems* perFrame = nullptr;
    if (d.findAndGetSequence(DCM_PerFrameFunctionalGroupsSequence, perFrame).good() && perFrame &&
        perFrame->card() > 0) {
        if (int64_t(perFrame->card()) != info.frames)
            throw ImageReadError(path, "Per-frame Functional Groups has " + std::to_string(perFrame->card()) +
                                           " items for " + std::to_string(info.frames) + " frames");
        info.perFrame.resize(size_t(info.frames), info.shared);
        for (unsigned long i = 0; i < perFrame->card(); ++i) {
            DcmItem* item = perFrame->getItem(i);
            if (item) readFunctionalGroup(*item, info.perFrame[i], nullptr);
        }
        DcmItem* first = perFrame->getItem(0);
        DcmItem* voi = nullptr;
        if (first && info.windows.empty() && first->findAndGetSequenceItem(DCM_FrameVOILUTSequence, voi, 0).good() &&
            voi)
            readWindows(*voi, info);
    }
}

}  // namespace

DicomFileInfo readDicomInfo(DcmFileFormat& file, const std::string& path) {
    DcmDataset& d = *file.getDataset();
    DicomFileInfo info;
    info.path = path;
    readIdentity(file, d, info);
    requireImage(d, info, path);
    readPixelFormat(d, info, path);
    readSpacing(d, info);
    readRtDose(d, info);
    readPosition(d, info.shared);
    readOrientation(d, info.shared);
    readRescale(d, info.shared);
    readWindows(d, info);
    readFunctionalGroups(d, info, path);
    return info;
}

void checkPixelData(DcmFileFormat& file, const DicomFileInfo& info) {
    const std::string& path = info.path;
    // Rows, columns and frames come from the file: multiplied without overflow, within mr::limits.
    int64_t voxels = 0;
    if (info.rows > mr::limits::kMaxImageAxis || info.columns > mr::limits::kMaxImageAxis ||
        mr::limits::mulOverflows(info.rows, info.columns, &voxels) ||
        mr::limits::mulOverflows(voxels, info.frames, &voxels) || voxels > mr::limits::kMaxImageVoxels)
        throw ImageReadError(path, "implausible image size " + std::to_string(info.columns) + "x" +
                                       std::to_string(info.rows) + "x" + std::to_string(info.frames));
    const uint64_t pixels = uint64_t(info.rows) * uint64_t(info.columns);
    DcmElement* pix = nullptr;
    if (file.getDataset()->findAndGetElement(DCM_PixelData, pix).bad() || !pix)
        throw ImageReadError(path, "no pixel data");
    if (info.encapsulated) {
        DcmPixelSequence* seq = nullptr;
        auto* pd = dynamic_cast<DcmPixelData*>(pix);  // another VR gives another element class
        if (!pd) throw ImageReadError(path, "the pixel data element is not OB or OW");
        E_TransferSyntax xfer = DcmXfer(info.transferSyntax.c_str()).getXfer();
        if (pd->getEncapsulatedRepresentation(xfer, nullptr, seq).bad() || !seq)
            throw ImageReadError(path, "compressed pixel data without fragments");
        if (int64_t(seq->card()) - 1 < (info.frames > 1 ? info.frames : 1))
            throw ImageReadError(path, "compressed pixel data has " +
                                           std::to_string(seq->card() ? seq->card() - 1 : 0) + " fragments for " +
                                           std::to_string(info.frames) + " frames");
        return;
    }
    uint64_t frameBytes = pixels * uint64_t(info.samples) * uint64_t(info.bitsAllocated / 8);
    if (info.photometric == "YBR_FULL_422") frameBytes = frameBytes * 2 / 3;
    const uint64_t expected = frameBytes * uint64_t(info.frames);
    const uint64_t have = pix->getLength();
    if (have < expected)
        throw ImageReadError(path, "pixel data has " + std::to_string(have) + " bytes, " + std::to_string(expected) +
                                       " expected for " + std::to_string(info.columns) + "x" +
                                       std::to_string(info.rows) + "x" + std::to_string(info.frames));
    std::error_code ec;
    const uint64_t fileSize = std::filesystem::file_size(path, ec);
    const bool deflated = info.transferSyntax == "1.2.840.10008.1.2.1.99";  // held in memory, larger than the file
    if (!ec && have > fileSize && !deflated)
        throw ImageReadError(path, "truncated: pixel data needs " + std::to_string(have) + " bytes, the file has " +
                                       std::to_string(fileSize));
    if (expected >= 2 && expected < 0xFFFFFFFFull && !deflated) {
        Uint8 tail[2];
        DcmFileCache cache;
        if (pix->getPartialValue(tail, Uint32(expected - 2), 2, &cache).bad())
            throw ImageReadError(path, "truncated: pixel data ends early");
    }
}

bool isJpeg2000(const std::string& uid) {
    return uid == "1.2.840.10008.1.2.4.90" || uid == "1.2.840.10008.1.2.4.91" || uid == "1.2.840.10008.1.2.4.92" ||
           uid == "1.2.840.10008.1.2.4.93" || uid == "1.2.840.10008.1.2.4.201" || uid == "1.2.840.10008.1.2.4.202" ||
           uid == "1.2.840.10008.1.2.4.203";
}

bool canDecode(const std::string& uid, std::string* reason) {
    if (isJpeg2000(uid)) return true;
    DcmXfer x(uid.c_str());
    if (x.getXfer() == EXS_Unknown) {
        if (reason) *reason = "unknown transfer syntax " + uid;
        return false;
    }
    if (!x.isEncapsulated()) return true;
    registerDicomCodecs();
    if (DcmCodecList::canChangeCoding(x.getXfer(), EXS_LittleEndianExplicit)) return true;
    if (reason) *reason = std::string("unsupported transfer syntax ") + x.getXferName() + " (" + uid + ")";
    return false;
}

}  // namespace mr::imaging::detail
