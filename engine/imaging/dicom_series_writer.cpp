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
    const std::string studyUid = o.uidRoot + ".1";
    const std::string seriesUid = o.uidRoot + ".2";
    const std::string forUid = o.uidRoot + ".3";
    const std::string sopClass = isCt ? UID_CTImageStorage : UID_SecondaryCaptureImageStorage;
    std::ostringstream orient;
    orient << ds(g.direction[0]) << "\\" << ds(g.direction[3]) << "\\" << ds(g.direction[6]) << "\\"
           << ds(g.direction[1]) << "\\" << ds(g.direction[4]) << "\\" << ds(g.direction[7]);

    const int64_t n = g.size[2];
    for (int64_t z = 0; z < n; ++z) {
        cancel.check();
        DcmFileFormat file;
        DcmDataset& d = *file.getDataset();
        put(d, DCM_SOPClassUID, sopClass);
        put(d, DCM_SOPInstanceUID, o.uidRoot + ".4." + std::to_string(z + 1));
        put(d, DCM_StudyInstanceUID, studyUid);
        put(d, DCM_SeriesInstanceUID, seriesUid);
        put(d, DCM_FrameOfReferenceUID, forUid);
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
        auto pos = g.indexToPhysical({0, 0, double(z)});
        put(d, DCM_ImagePositionPatient, ds(pos[0]) + "\\" + ds(pos[1]) + "\\" + ds(pos[2]));
        put(d, DCM_ImageOrientationPatient, orient.str());
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
        if (!m.windows.empty()) {
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
        const auto* slice = reinterpret_cast<const Uint16*>(image.bytes() + size_t(z) * image.sliceBytes());
        OFCondition c = d.putAndInsertUint16Array(DCM_PixelData, slice, unsigned(g.size[0] * g.size[1]));
        if (c.bad()) throw mr::Error(std::string("DICOM write: pixel data: ") + c.text());

        int fileIndex = int(z + 1);
        if (o.shuffleFileNames)
            fileIndex =
                int((uint64_t(z) * 7919 + 13) % uint64_t(n)) + 1;  // a permutation when n is not a multiple of 7919
        char name[256];
        std::snprintf(name, sizeof name, o.fileNamePattern.c_str(), fileIndex);
        std::string path = (std::filesystem::path(folder) / name).string();
        c = file.saveFile(path.c_str(), EXS_LittleEndianExplicit);
        if (c.bad()) throw mr::Error("cannot write " + path + ": " + c.text());
    }
}

}  // namespace mr::imaging
