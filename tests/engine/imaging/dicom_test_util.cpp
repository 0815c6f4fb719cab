#include "dicom_test_util.h"

#include "dcmtk/config/osconfig.h"  // must come first
#include "dcmtk/dcmdata/dcpixel.h"
#include "dcmtk/dcmdata/dcpixseq.h"
#include "dcmtk/dcmdata/dcpxitem.h"
#include "dcmtk/dcmdata/dcrleerg.h"
#include "dcmtk/dcmdata/dctk.h"
#include "dcmtk/dcmimage/diregist.h"  // colour support for the lossy encoders
#include "dcmtk/dcmjpeg/djencode.h"
#include "dcmtk/dcmjpeg/djrplol.h"
#include "dcmtk/dcmjpeg/djrploss.h"
#include "dcmtk/dcmjpls/djencode.h"
#include "dcmtk/dcmjpls/djrparam.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <stdexcept>

#include "engine/imaging/jpeg2000.h"

namespace mr::imaging::testing {

namespace {
void check(OFCondition c, const std::string& what) {
    if (c.bad()) throw std::runtime_error(what + ": " + c.text());
}
void put(DcmItem& d, const DcmTagKey& tag, const std::string& v) { check(d.putAndInsertString(tag, v.c_str()), "put"); }
std::string ds(double v) {
    char b[40];
    std::snprintf(b, sizeof b, "%.10g", v);
    return b;
}
void registerEncoders() {
    static std::once_flag once;
    std::call_once(once, [] {
        // pUsePixelValues off: otherwise the lossy encoder shifts monochrome values to their minimum.
        DJEncoderRegistration::registerCodecs(ECC_lossyYCbCr, EUC_default, OFFalse, 0, 0, 0, OFTrue, ESS_422, OFTrue,
                                              OFFalse, 0, 0, 0.0, 0.0, 0, 0, 0, 0, OFFalse);
        DJLSEncoderRegistration::registerCodecs();
        DcmRLEEncoderRegistration::registerCodecs();
    });
}
std::string position(const Geometry& g, double z) {
    auto p = g.indexToPhysical({0, 0, z});
    return ds(p[0]) + "\\" + ds(p[1]) + "\\" + ds(p[2]);
}
std::string orientation(const Geometry& g) {
    const auto& d = g.direction;
    return ds(d[0]) + "\\" + ds(d[3]) + "\\" + ds(d[6]) + "\\" + ds(d[1]) + "\\" + ds(d[4]) + "\\" + ds(d[7]);
}

std::vector<uint8_t> j2kEncode(const SeriesSpec& s, const std::vector<uint8_t>& frame, bool lossless) {
    J2kImage img;
    img.width = int(s.columns);
    img.height = int(s.rows);
    img.components = s.samples;
    img.precision = s.bitsStored;
    img.isSigned = s.isSigned;
    size_t n = size_t(s.columns * s.rows) * size_t(s.samples);
    img.samples.resize(n);
    for (size_t i = 0; i < n; ++i) {
        if (s.bitsAllocated == 8) {
            img.samples[i] = frame[i];
        } else {
            uint16_t u;
            std::memcpy(&u, frame.data() + 2 * i, 2);
            img.samples[i] = s.isSigned ? int32_t(int16_t(u)) : int32_t(u);
        }
    }
    auto out = encodeJpeg2000(img, lossless, 8.0f, true);
    if (out.size() % 2) out.push_back(0);
    return out;
}
}  // namespace

void writeNoPixelFile(const std::string& path) {
    DcmFileFormat file;
    DcmDataset& d = *file.getDataset();
    put(d, DCM_SOPClassUID, UID_CTImageStorage);
    put(d, DCM_SOPInstanceUID, "1.2.3.4.5.6.7.8");
    put(d, DCM_SeriesInstanceUID, "1.2.3.4.5.6.7");
    put(d, DCM_Modality, "CT");
    put(d, DCM_Rows, "16");
    put(d, DCM_Columns, "16");
    check(file.saveFile(path.c_str(), EXS_LittleEndianExplicit), "save " + path);
}

void writeUnsupportedSyntaxFile(const std::string& path) {
    DcmFileFormat file;
    DcmDataset& d = *file.getDataset();
    put(d, DCM_SOPClassUID, UID_VideoEndoscopicImageStorage);
    put(d, DCM_SOPInstanceUID, "1.2.3.4.5.6.9.1");
    put(d, DCM_SeriesInstanceUID, "1.2.3.4.5.6.9");
    put(d, DCM_Modality, "ES");
    put(d, DCM_SamplesPerPixel, "3");
    put(d, DCM_PhotometricInterpretation, "YBR_PARTIAL_420");
    put(d, DCM_PlanarConfiguration, "0");
    put(d, DCM_Rows, "16");
    put(d, DCM_Columns, "16");
    put(d, DCM_BitsAllocated, "8");
    put(d, DCM_BitsStored, "8");
    put(d, DCM_HighBit, "7");
    put(d, DCM_PixelRepresentation, "0");
    auto* seq = new DcmPixelSequence(DcmTag(DCM_PixelData, EVR_OB));
    seq->insert(new DcmPixelItem(DcmTag(DCM_Item, EVR_OB)));
    auto* item = new DcmPixelItem(DcmTag(DCM_Item, EVR_OB));
    std::vector<Uint8> junk(64, 0x47);
    check(item->putUint8Array(junk.data(), Uint32(junk.size())), "item");
    seq->insert(item);
    auto* pd = new DcmPixelData(DCM_PixelData);
    pd->putOriginalRepresentation(EXS_MPEG2MainProfileAtMainLevel, nullptr, seq);
    check(d.insert(pd, true), "insert");
    check(file.saveFile(path.c_str(), EXS_MPEG2MainProfileAtMainLevel), "save " + path);
}

std::vector<uint8_t> grayFrame16(int64_t c, int64_t r, int z, int lo, int hi, bool isSigned) {
    std::vector<uint8_t> out(size_t(c * r) * 2);
    for (int64_t y = 0; y < r; ++y)
        for (int64_t x = 0; x < c; ++x) {
            int64_t v = lo + (x * 37 + y * 101 + z * 997 + (x * y) % 13) % (int64_t(hi) - lo + 1);
            uint16_t u = isSigned ? uint16_t(int16_t(v)) : uint16_t(v);
            std::memcpy(out.data() + 2 * size_t(y * c + x), &u, 2);
        }
    return out;
}

std::vector<uint8_t> grayFrame8(int64_t c, int64_t r, int z) {
    std::vector<uint8_t> out(size_t(c * r));
    // Smooth so lossy JPEG stays close.
    for (int64_t y = 0; y < r; ++y)
        for (int64_t x = 0; x < c; ++x) out[size_t(y * c + x)] = uint8_t(20 + x * 4 + y * 3 + z * 10);
    return out;
}

std::vector<uint8_t> rgbFrame(int64_t c, int64_t r, int z, bool planar) {
    size_t n = size_t(c * r);
    std::vector<uint8_t> out(n * 3);
    for (size_t i = 0; i < n; ++i) {
        int64_t x = int64_t(i) % c, y = int64_t(i) / c;
        uint8_t v[3] = {uint8_t((x * 8 + z * 5) % 256), uint8_t((y * 9 + 30) % 256),
                        uint8_t((x * 3 + y * 5 + 77) % 256)};
        for (int k = 0; k < 3; ++k) (planar ? out[size_t(k) * n + i] : out[i * 3 + size_t(k)]) = v[k];
    }
    return out;
}

std::vector<std::string> writeSeries(const std::string& folder, const SeriesSpec& s,
                                     const std::vector<std::vector<uint8_t>>& frames) {
    registerEncoders();
    std::filesystem::create_directories(folder);
    std::vector<double> zs = s.sliceIndex;
    if (zs.empty())
        for (size_t i = 0; i < frames.size(); ++i) zs.push_back(double(i));
    E_TransferSyntax xfer = EXS_LittleEndianExplicit;
    switch (s.encoding) {
        case Encoding::ExplicitLittle: xfer = EXS_LittleEndianExplicit; break;
        case Encoding::ImplicitLittle: xfer = EXS_LittleEndianImplicit; break;
        case Encoding::ExplicitBig: xfer = EXS_BigEndianExplicit; break;
        case Encoding::Deflated: xfer = EXS_DeflatedLittleEndianExplicit; break;
        case Encoding::Rle: xfer = EXS_RLELossless; break;
        case Encoding::JpegLossless: xfer = EXS_JPEGProcess14SV1; break;
        case Encoding::JpegBaseline: xfer = EXS_JPEGProcess1; break;
        case Encoding::JpegExtended: xfer = EXS_JPEGProcess2_4; break;
        case Encoding::JpegLsLossless: xfer = EXS_JPEGLSLossless; break;
        case Encoding::JpegLsNearLossless: xfer = EXS_JPEGLSLossy; break;
        case Encoding::Jpeg2000Lossless: xfer = EXS_JPEG2000LosslessOnly; break;
        case Encoding::Jpeg2000: xfer = EXS_JPEG2000; break;
    }
    const bool j2k = s.encoding == Encoding::Jpeg2000Lossless || s.encoding == Encoding::Jpeg2000;
    const size_t frameBytes = frames.at(0).size();
    std::vector<std::string> paths;

    auto common = [&](DcmDataset& d, int instance) {
        put(d, DCM_SOPClassUID,
            s.multiFrame && s.perFrameGroups
                ? UID_EnhancedCTImageStorage
                : (s.modality == "CT" ? UID_CTImageStorage : UID_SecondaryCaptureImageStorage));
        put(d, DCM_SOPInstanceUID, s.seriesUid + ".7." + std::to_string(instance));
        put(d, DCM_StudyInstanceUID, s.seriesUid + ".5");
        put(d, DCM_SeriesInstanceUID, s.seriesUid);
        if (!s.frameOfReferenceUid.empty()) put(d, DCM_FrameOfReferenceUID, s.frameOfReferenceUid);
        put(d, DCM_Modality, s.modality);
        put(d, DCM_SeriesDescription, "test series");
        put(d, DCM_PatientName, "TEST^PATIENT");
        if (s.writeInstanceNumber) put(d, DCM_InstanceNumber, std::to_string(instance));
        put(d, DCM_SamplesPerPixel, std::to_string(s.samples));
        put(d, DCM_PhotometricInterpretation, s.photometric);
        if (s.samples == 3) put(d, DCM_PlanarConfiguration, std::to_string(s.planar));
        put(d, DCM_Rows, std::to_string(s.rows));
        put(d, DCM_Columns, std::to_string(s.columns));
        put(d, DCM_BitsAllocated, std::to_string(s.bitsAllocated));
        put(d, DCM_BitsStored, std::to_string(s.bitsStored));
        put(d, DCM_HighBit, std::to_string(s.bitsStored - 1));
        put(d, DCM_PixelRepresentation, s.isSigned ? "1" : "0");
        put(d, DCM_PixelSpacing, ds(s.geometry.spacing[1]) + "\\" + ds(s.geometry.spacing[0]));
        if (s.writeRescale) {
            put(d, DCM_RescaleSlope, ds(s.slope));
            put(d, DCM_RescaleIntercept, ds(s.intercept));
        }
    };
    auto pixels = [&](DcmDataset& d, const std::vector<const std::vector<uint8_t>*>& fs) {
        if (j2k) {
            auto* seq = new DcmPixelSequence(DcmTag(DCM_PixelData, EVR_OB));
            auto* table = new DcmPixelItem(DcmTag(DCM_Item, EVR_OB));
            seq->insert(table);
            std::vector<Uint8> offsets;
            uint32_t pos = 0;
            for (auto* f : fs) {
                auto code = j2kEncode(s, *f, s.encoding == Encoding::Jpeg2000Lossless);
                for (int k = 0; k < 4; ++k) offsets.push_back(Uint8(pos >> (8 * k)));
                const int parts = std::max(1, s.j2kFragmentsPerFrame);
                size_t partSize = (code.size() / size_t(parts) + 1) & ~size_t(1);
                for (size_t start = 0; start < code.size(); start += partSize) {
                    size_t len = std::min(partSize, code.size() - start);
                    auto* item = new DcmPixelItem(DcmTag(DCM_Item, EVR_OB));
                    check(item->putUint8Array(code.data() + start, Uint32(len)), "j2k item");
                    seq->insert(item);
                    pos += uint32_t(8 + len + (len & 1));
                }
            }
            if (s.j2kFragmentsPerFrame > 1)
                check(table->putUint8Array(offsets.data(), Uint32(offsets.size())), "table");
            auto* pd = new DcmPixelData(DCM_PixelData);
            pd->putOriginalRepresentation(xfer, nullptr, seq);
            check(d.insert(pd, true), "insert j2k");
            return;
        }
        std::vector<uint8_t> all;
        for (auto* f : fs) all.insert(all.end(), f->begin(), f->end());
        if (s.bitsAllocated == 8)
            check(d.putAndInsertUint8Array(DCM_PixelData, all.data(), Uint32(all.size())), "pixels");
        else
            check(d.putAndInsertUint16Array(DCM_PixelData, reinterpret_cast<const Uint16*>(all.data()),
                                            Uint32(all.size() / 2)),
                  "pixels");
    };
    auto save = [&](DcmFileFormat& file, const std::string& path) {
        DcmDataset& d = *file.getDataset();
        if (!j2k && (s.encoding >= Encoding::Rle)) {
            DJ_RPLossless lossless;
            DJ_RPLossy lossy(95);
            DJLSRepresentationParameter lsLossless(0, OFTrue), lsNear(2, OFFalse);
            DcmRepresentationParameter* p = nullptr;
            if (s.encoding == Encoding::JpegLossless) p = &lossless;
            if (s.encoding == Encoding::JpegBaseline || s.encoding == Encoding::JpegExtended) p = &lossy;
            if (s.encoding == Encoding::JpegLsLossless) p = &lsLossless;
            if (s.encoding == Encoding::JpegLsNearLossless) p = &lsNear;
            check(d.chooseRepresentation(xfer, p), "encode " + path);
            if (!d.canWriteXfer(xfer)) throw std::runtime_error("cannot write " + path);
        }
        check(file.saveFile(path.c_str(), xfer), "save " + path);
        paths.push_back(path);
    };

    if (s.multiFrame) {
        DcmFileFormat file;
        DcmDataset& d = *file.getDataset();
        common(d, 1);
        put(d, DCM_NumberOfFrames, std::to_string(frames.size()));
        if (s.perFrameGroups) {
            DcmItem* shared = nullptr;
            check(d.findOrCreateSequenceItem(DCM_SharedFunctionalGroupsSequence, shared, 0), "shared");
            DcmItem* it = nullptr;
            check(shared->findOrCreateSequenceItem(DCM_PlaneOrientationSequence, it, 0), "orient");
            put(*it, DCM_ImageOrientationPatient, orientation(s.geometry));
            check(shared->findOrCreateSequenceItem(DCM_PixelMeasuresSequence, it, 0), "measures");
            put(*it, DCM_PixelSpacing, ds(s.geometry.spacing[1]) + "\\" + ds(s.geometry.spacing[0]));
            put(*it, DCM_SliceThickness, ds(s.geometry.spacing[2]));
            for (size_t f = 0; f < frames.size(); ++f) {
                DcmItem* pf = nullptr;
                check(d.findOrCreateSequenceItem(DCM_PerFrameFunctionalGroupsSequence, pf, long(f)), "perframe");
                check(pf->findOrCreateSequenceItem(DCM_PlanePositionSequence, it, 0), "pos");
                put(*it, DCM_ImagePositionPatient, position(s.geometry, zs[f]));
                if (f < s.perFrameRescale.size()) {
                    check(pf->findOrCreateSequenceItem(DCM_PixelValueTransformationSequence, it, 0), "pvt");
                    put(*it, DCM_RescaleSlope, ds(s.perFrameRescale[f].first));
                    put(*it, DCM_RescaleIntercept, ds(s.perFrameRescale[f].second));
                    put(*it, DCM_RescaleType, "US");
                }
            }
        } else {
            put(d, DCM_SpacingBetweenSlices, ds(s.geometry.spacing[2]));
            if (s.writePosition) {
                put(d, DCM_ImagePositionPatient, position(s.geometry, zs[0]));
                put(d, DCM_ImageOrientationPatient, orientation(s.geometry));
            }
        }
        std::vector<const std::vector<uint8_t>*> fs;
        for (auto& f : frames) {
            if (f.size() != frameBytes) throw std::runtime_error("frame sizes differ");
            fs.push_back(&f);
        }
        pixels(d, fs);
        save(file, folder + "/multiframe.dcm");
        return paths;
    }
    for (size_t i = 0; i < frames.size(); ++i) {
        DcmFileFormat file;
        DcmDataset& d = *file.getDataset();
        common(d, int(i + 1));
        if (s.writePosition) {
            put(d, DCM_ImagePositionPatient, position(s.geometry, zs[i]));
            put(d, DCM_ImageOrientationPatient, orientation(s.geometry));
        }
        put(d, DCM_SliceThickness, ds(s.geometry.spacing[2]));
        pixels(d, {&frames[i]});
        char name[64];
        // Names not in slice order, as real exports often are.
        std::snprintf(name, sizeof name, "/f%03zu.dcm", (i * 7 + 3) % 1000);
        save(file, folder + name);
    }
    return paths;
}

}  // namespace mr::imaging::testing
