#include "engine/imaging/dicom_series_writer.h"

#include "dcmtk/config/osconfig.h"  // must come first
#include "dcmtk/dcmdata/dctk.h"

#include <cstdio>
#include <filesystem>
#include <sstream>
#include <vector>

namespace mr::imaging {

namespace {
std::string ds(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

void put(DcmDataset& d, const DcmTagKey& tag, const std::string& value) {
    OFCondition c = d.putAndInsertString(tag, value.c_str());
    if (c.bad()) throw mr::Error(std::string("DICOM write: cannot set a tag: ") + c.text());
}

// What every slice of the series shares.
struct SeriesIds {
    std::string studyUid, seriesUid, forUid, sopClass;
    std::string orientation;  // Image Orientation (Patient): the row and column directions
};

SeriesIds seriesIds(const Geometry& g, const DicomSeriesOptions& o, bool isCt) {
    SeriesIds ids;
    ids.studyUid = o.uidRoot + ".1";
    ids.seriesUid = o.uidRoot + ".2";
    ids.forUid = o.uidRoot + ".3";
    ids.sopClass = isCt ? UID_CTImageStorage : UID_SecondaryCaptureImageStorage;
    std::ostringstream orient;
    orient << ds(g.direction[0]) << "\\" << ds(g.direction[3]) << "\\" << ds(g.direction[6]) << "\\"
           << ds(g.direction[1]) << "\\" << ds(g.direction[4]) << "\\" << ds(g.direction[7]);
    ids.orientation = orient.str();
    return ids;
}

// Identity of slice z: UIDs, a synthetic patient and study, the series description.
void putIdentity(DcmDataset& d, const SeriesIds& ids, const DicomSeriesOptions& o, const Metadata& m, int64_t z,
                 bool isCt) {
    put(d, DCM_SOPClassUID, ids.sopClass);
    put(d, DCM_SOPInstanceUID, o.uidRoot + ".4." + std::to_string(z + 1));
    put(d, DCM_StudyInstanceUID, ids.studyUid);
    put(d, DCM_SeriesInstanceUID, ids.seriesUid);
    put(d, DCM_FrameOfReferenceUID, ids.forUid);
    put(d, DCM_PatientName, o.patientName);
    put(d, DCM_PatientID, o.patientId);
    put(d, DCM_StudyDate, "20260101");
    put(d, DCM_StudyTime, "120000");
    put(d, DCM_StudyID, "1");
    put(d, DCM_AccessionNumber, "");
    put(d, DCM_ReferringPhysicianName, "");
    put(d, DCM_PatientBirthDate, "");
    put(d, DCM_PatientSex, "O");
    put(d, DCM_Modality, m.modality.empty() ? "OT" : m.modality);
    put(d, DCM_Manufacturer, m.manufacturer.empty() ? "MedReasoner Studio" : m.manufacturer);
    put(d, DCM_StudyDescription, o.studyDescription);
    put(d, DCM_SeriesDescription, o.seriesDescription);
    put(d, DCM_BodyPartExamined, o.bodyPart);
    put(d, DCM_SeriesNumber, "1");
    put(d, DCM_InstanceNumber, std::to_string(z + 1));
    if (!isCt) put(d, DCM_ConversionType, "SYN");
}

// Where slice z lies, and the 16-bit gray pixel format (with CT's HU rescale).
void putPlaneAndPixelFormat(DcmDataset& d, const Geometry& g, const std::string& orientation, int64_t z, bool isSigned,
                            bool isCt) {
    auto pos = g.indexToPhysical({0, 0, double(z)});
    put(d, DCM_ImagePositionPatient, ds(pos[0]) + "\\" + ds(pos[1]) + "\\" + ds(pos[2]));
    put(d, DCM_ImageOrientationPatient, orientation);
    put(d, DCM_SliceLocation, ds(pos[2]));
    put(d, DCM_SliceThickness, ds(g.spacing[2]));
    put(d, DCM_PixelSpacing, ds(g.spacing[1]) + "\\" + ds(g.spacing[0]));  // row\column spacing
    put(d, DCM_SamplesPerPixel, "1");
    put(d, DCM_PhotometricInterpretation, "MONOCHROME2");
    put(d, DCM_Rows, std::to_string(g.size[1]));
    put(d, DCM_Columns, std::to_string(g.size[0]));
    put(d, DCM_BitsAllocated, "16");
    put(d, DCM_BitsStored, "16");
    put(d, DCM_HighBit, "15");
    put(d, DCM_PixelRepresentation, isSigned ? "1" : "0");
    if (isCt) {
        put(d, DCM_RescaleIntercept, "0");
        put(d, DCM_RescaleSlope, "1");
        put(d, DCM_RescaleType, "HU");
        put(d, DCM_KVP, "120");
    }
}

// The window presets as multi-valued VOI LUT tags.
void putWindows(DcmDataset& d, const Metadata& m) {
    if (m.windows.empty()) return;
    std::string centers, widths, names;
    for (size_t i = 0; i < m.windows.size(); ++i) {
        const char* sep = i ? "\\" : "";
        centers += sep + ds(m.windows[i].center);
        widths += sep + ds(m.windows[i].width);
        names += sep + m.windows[i].name;
    }
    put(d, DCM_WindowCenter, centers);
    put(d, DCM_WindowWidth, widths);
    put(d, DCM_WindowCenterWidthExplanation, names);
}

// The path slice z of n is written to (shuffled names test readers that must not trust file order).
std::string slicePath(const std::string& folder, const DicomSeriesOptions& o, int64_t z, int64_t n) {
    int fileIndex = int(z + 1);
    if (o.shuffleFileNames)
        fileIndex = int((uint64_t(z) * 7919 + 13) % uint64_t(n)) + 1;  // a permutation when n is not a multiple of 7919
    char name[256];
    std::snprintf(name, sizeof name, o.fileNamePattern.c_str(), fileIndex);
    return (std::filesystem::path(folder) / name).string();
}
}  // namespace

void writeDicomSeries(const Image& image, const std::string& folder, const DicomSeriesOptions& o,
                      const mr::CancelToken& cancel) {
    if (image.pixelType() != PixelType::Int16 && image.pixelType() != PixelType::UInt16)
        throw mr::Error("DICOM series writer: only 16-bit gray volumes are supported");
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec) throw mr::Error("cannot create " + folder + ": " + ec.message());

    const Geometry& g = image.geometry();
    const Metadata& m = image.metadata();
    const bool isCt = m.modality == "CT";
    const bool isSigned = image.pixelType() == PixelType::Int16;
    const SeriesIds ids = seriesIds(g, o, isCt);

    const int64_t n = g.size[2];
    for (int64_t z = 0; z < n; ++z) {
        cancel.check();
        DcmFileFormat file;
        DcmDataset& d = *file.getDataset();
        putIdentity(d, ids, o, m, z, isCt);
        putPlaneAndPixelFormat(d, g, ids.orientation, z, isSigned, isCt);
        putWindows(d, m);
        const auto* slice = reinterpret_cast<const Uint16*>(image.bytes() + size_t(z) * image.sliceBytes());
        OFCondition c = d.putAndInsertUint16Array(DCM_PixelData, slice, unsigned(g.size[0] * g.size[1]));
        if (c.bad()) throw mr::Error(std::string("DICOM write: pixel data: ") + c.text());

        const std::string path = slicePath(folder, o, z, n);
        c = file.saveFile(path.c_str(), EXS_LittleEndianExplicit);
        if (c.bad()) throw mr::Error("cannot write " + path + ": " + c.text());
    }
}

}  // namespace mr::imaging
