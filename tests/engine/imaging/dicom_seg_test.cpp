// DICOM SEG export and import: every SEG written here must pass dicom3tools' dciodvfy without
// errors (its warnings are printed) and read back through DCMTK to the identical masks and
// geometry: on the demo CT, an enhanced multi-frame image and a 2D colour picture. Also a SEG
// from another tool (dcmqi's, shipped with pydicom), fractional SEGs, mismatches and bad files.
#include <gtest/gtest.h>

#include "dcmtk/config/osconfig.h"  // must come first
#include "dcmtk/dcmdata/dctk.h"
#include "dcmtk/dcmfg/fgfracon.h"
#include "dcmtk/dcmfg/fgpixmsr.h"
#include "dcmtk/dcmfg/fgplanor.h"
#include "dcmtk/dcmfg/fgplanpo.h"
#include "dcmtk/dcmseg/segdoc.h"
#include "dcmtk/dcmseg/segment.h"

#include <filesystem>
#include <fstream>
#include <random>

#include "dciodvfy.h"
#include "dicom_test_util.h"
#include "engine/core/files.h"
#include "engine/demo/demo_case.h"
#include "engine/imaging/dicom_scanner.h"
#include "engine/imaging/dicom_seg_reader.h"
#include "engine/imaging/dicom_seg_writer.h"
#include "engine/imaging/dicom_series_reader.h"
#include "engine/imaging/image_read_error.h"
#include "engine/imaging/segment_terms.h"

namespace fs = std::filesystem;
using namespace mr::imaging;
using namespace mr::imaging::testing;

namespace {

const std::string kPydicomData = "/usr/lib/python3/dist-packages/pydicom/data/test_files";

// A blob with ragged edges (so bit packing meets every alignment) centred at (cx, cy) on slice z.
std::vector<uint8_t> blob(int64_t w, int64_t h, double cx, double cy, double r, uint32_t seed) {
    std::vector<uint8_t> m(size_t(w * h), 0);
    std::mt19937 rng(seed);
    for (int64_t y = 0; y < h; ++y)
        for (int64_t x = 0; x < w; ++x) {
            const double d = std::hypot(double(x) - cx, double(y) - cy);
            if (d < r || (d < r + 2 && rng() % 3 == 0)) m[size_t(y * w + x)] = 1;
        }
    return m;
}

SegmentDescription segmentNamed(const std::string& label, size_t n, const std::string& expert = {}) {
    SegmentDescription d = describeSegment(label, expert, expert.empty() ? "" : "MedReasoner-7B", "test 1.0");
    d.color = segmentColor(n);
    return d;
}

void expectSameMasks(const Segmentation& got, const Segmentation& want) {
    ASSERT_EQ(got.segments.size(), want.segments.size());
    const size_t pixels = size_t(want.geometry.size[0] * want.geometry.size[1]);
    for (size_t k = 0; k < want.segments.size(); ++k) {
        ASSERT_EQ(got.segments[k].slices.size(), want.segments[k].slices.size());
        for (size_t z = 0; z < want.segments[k].slices.size(); ++z) {
            std::vector<uint8_t> a = got.segments[k].slices[z], b = want.segments[k].slices[z];
            if (a.empty()) a.assign(pixels, 0);
            if (b.empty()) b.assign(pixels, 0);
            ASSERT_EQ(a, b) << "segment " << k + 1 << " slice " << z;
        }
    }
}

void expectSameDescriptions(const DicomSeg& got, const Segmentation& want) {
    ASSERT_EQ(got.segments.size(), want.segments.size());
    for (size_t k = 0; k < want.segments.size(); ++k) {
        const SegmentDescription &a = got.segments[k], &b = want.segments[k].description;
        EXPECT_EQ(a.number, int(k + 1));
        EXPECT_EQ(a.label, b.label);
        EXPECT_EQ(a.category, b.category);
        EXPECT_EQ(a.type, b.type);
        EXPECT_EQ(a.type.meaning, b.type.meaning);
        EXPECT_EQ(a.algorithmType, b.algorithmType);
        if (b.algorithmType != SegmentAlgorithmType::Manual) {
            EXPECT_EQ(a.algorithmName, b.algorithmName);
            EXPECT_EQ(a.algorithmVersion, b.algorithmVersion);
        }
        for (int c = 0; c < 3; ++c) EXPECT_NEAR(a.color[size_t(c)], b.color[size_t(c)], 2) << "colour of " << b.label;
    }
}

// The SEG's geometry is the image's: orientation, pixel spacing and each frame's position.
void expectSameGeometry(const DicomSeg& seg, const Geometry& g, const std::vector<int64_t>& frameSlices) {
    ASSERT_TRUE(seg.hasOrientation);
    ASSERT_TRUE(seg.hasPixelSpacing);
    const auto& d = g.direction;
    const std::array<double, 6> want{d[0], d[3], d[6], d[1], d[4], d[7]};
    for (int i = 0; i < 6; ++i) EXPECT_NEAR(seg.orientation[size_t(i)], want[size_t(i)], 1e-9);
    EXPECT_NEAR(seg.pixelSpacing[0], g.spacing[1], 1e-9);
    EXPECT_NEAR(seg.pixelSpacing[1], g.spacing[0], 1e-9);
    EXPECT_NEAR(seg.sliceThickness, g.spacing[2], 1e-9);
    ASSERT_EQ(seg.frames.size(), frameSlices.size());
    for (size_t i = 0; i < seg.frames.size(); ++i) {
        ASSERT_TRUE(seg.frames[i].hasPosition);
        const auto p = g.indexToPhysical({0, 0, double(frameSlices[i])});
        for (int k = 0; k < 3; ++k) EXPECT_NEAR(seg.frames[i].position[size_t(k)], p[size_t(k)], 1e-6) << "frame " << i;
    }
}

// The slices a SEG writes frames for, in order: per segment its non-empty slices.
std::vector<int64_t> frameSlices(const Segmentation& s) {
    std::vector<int64_t> out;
    for (const auto& seg : s.segments)
        for (int64_t z = 0; z < int64_t(seg.slices.size()); ++z)
            if (!seg.sliceEmpty(z)) out.push_back(z);
    return out;
}

bool fileContains(const std::string& path, const std::string& needle) {
    return !needle.empty() && mr::readFile(path).find(needle) != std::string::npos;
}

const Image& demoCt() {
    static Image image = [] {
        const auto demo = mr::demo::ensureDemoCase(std::string(MR_TEST_OUTPUT_DIR) + "/demo");
        return readDicomSeries(scanDicomFolder(demo.dicomFolder).series.at(0));
    }();
    return image;
}

Segmentation demoSegmentation(const Image& ct) {
    Segmentation s;
    s.geometry = ct.geometry();
    s.addSegment(segmentNamed("liver tumor", 0, "MedSAM"));
    s.addSegment(segmentNamed("liver", 1));
    const int64_t w = ct.width(), h = ct.height();
    for (int64_t z = 70; z <= 84; ++z) {
        auto m = blob(w, h, 150.3 + double(z - 70), 180.7, 9 + double(z % 5), uint32_t(z));
        s.setSlice(0, z, m.data(), m.size());
    }
    for (int64_t z = 60; z <= 95; z += 5) {
        auto m = blob(w, h, 160, 190, 40, uint32_t(1000 + z));
        s.setSlice(1, z, m.data(), m.size());
    }
    return s;
}

}  // namespace

TEST(DicomSeg, DemoCtLinkedRoundTripIsExactAndValid) {
    const Image& ct = demoCt();
    const Segmentation seg = demoSegmentation(ct);
    const std::string path = freshDir("seg_demo") + "/linked.dcm";
    SegWriteOptions options;
    options.identity = SegIdentity::LinkedToSource;
    options.contentCreator = "Reviewer^Rita";
    writeDicomSeg(seg, segSourceOf(ct), options, path);
    expectValidDicom(path);

    ASSERT_TRUE(isDicomSegFile(path));
    const DicomSeg read = readDicomSeg(path);
    EXPECT_FALSE(read.fractional);
    EXPECT_EQ(read.contentCreator, "Reviewer^Rita");
    EXPECT_EQ(read.studyInstanceUid, ct.metadata().studyInstanceUid);
    EXPECT_EQ(read.frameOfReferenceUid, ct.metadata().frameOfReferenceUid);
    ASSERT_EQ(read.referencedSeriesUids.size(), 1u);
    EXPECT_EQ(read.referencedSeriesUids[0], ct.metadata().seriesInstanceUid);
    expectSameDescriptions(read, seg);
    const auto slices = frameSlices(seg);
    expectSameGeometry(read, ct.geometry(), slices);
    for (size_t i = 0; i < read.frames.size(); ++i)
        EXPECT_EQ(read.frames[i].sourceSopInstanceUid, ct.metadata().sliceSources[size_t(slices[i])].sopInstanceUid);
    const Segmentation placed = placeDicomSeg(read, segSourceOf(ct));
    EXPECT_TRUE(placed.warnings.empty());
    expectSameMasks(placed, seg);

    // Placed by position alone (the references removed): the same masks.
    DicomSeg byPosition = read;
    for (auto& f : byPosition.frames) f.sourceSopInstanceUid.clear();
    expectSameMasks(placeDicomSeg(byPosition, segSourceOf(ct)), seg);
}

TEST(DicomSeg, DemoCtDeidentifiedKeepsNoIdentifiers) {
    const Image& ct = demoCt();
    const Segmentation seg = demoSegmentation(ct);
    const std::string path = freshDir("seg_demo_deid") + "/deid.dcm";
    writeDicomSeg(seg, segSourceOf(ct), SegWriteOptions{}, path);
    expectValidDicom(path);
    const auto& m = ct.metadata();
    for (const std::string& id : {std::string("ANONYMOUS^DEMO"), std::string("DEMO0001"), m.studyInstanceUid,
                                  m.seriesInstanceUid, m.frameOfReferenceUid, m.sliceSources.at(70).sopInstanceUid})
        EXPECT_FALSE(fileContains(path, id)) << "the de-identified SEG holds " << id;
    const DicomSeg read = readDicomSeg(path);
    EXPECT_TRUE(read.referencedSeriesUids.empty());
    expectSameGeometry(read, ct.geometry(), frameSlices(seg));
    // Over the original series it lines up by geometry, with a note that it carries no reference.
    const Segmentation placed = placeDicomSeg(read, segSourceOf(ct));
    EXPECT_EQ(placed.warnings.size(), 1u);
    expectSameMasks(placed, seg);
}

TEST(DicomSeg, EnhancedMultiFrameReferencesFrames) {
    SeriesSpec s;
    s.geometry.size = {21, 13, 6};
    s.geometry.spacing = {0.7, 0.9, 2.5};
    s.geometry.origin = {-10.5, 20.25, 33};
    const double c = std::cos(0.3), si = std::sin(0.3);
    s.geometry.direction = {c, 0, si, 0, 1, 0, -si, 0, c};
    s.multiFrame = true;
    s.perFrameGroups = true;
    s.columns = 21;
    s.rows = 13;
    s.frameOfReferenceUid = "1.2.826.0.1.3680043.10.1500.99.77";
    s.sliceIndex = {5, 4, 3, 2, 1, 0};  // frame 1 is the last slice
    std::vector<std::vector<uint8_t>> frames;
    for (int z = 0; z < 6; ++z) frames.push_back(grayFrame16(21, 13, z, -100, 300, true));
    const std::string dir = freshDir("seg_multiframe");
    writeSeries(dir + "/image", s, frames);
    const Image image = readDicomSeries(scanDicomFolder(dir + "/image").series.at(0));
    ASSERT_EQ(image.depth(), 6);
    ASSERT_EQ(image.metadata().sliceSources.at(0).frame, 6);

    Segmentation seg;
    seg.geometry = image.geometry();
    seg.addSegment(segmentNamed("kidney cyst", 0, "MedSAM"));
    for (int64_t z : {0, 2, 3, 5}) {
        auto m = blob(21, 13, 10 + double(z), 6, 3.5, uint32_t(z));
        seg.setSlice(0, z, m.data(), m.size());
    }
    const std::string path = dir + "/seg.dcm";
    SegWriteOptions options;
    options.identity = SegIdentity::LinkedToSource;
    writeDicomSeg(seg, segSourceOf(image), options, path);
    expectValidDicom(path);
    const DicomSeg read = readDicomSeg(path);
    const auto slices = frameSlices(seg);
    expectSameGeometry(read, image.geometry(), slices);
    for (size_t i = 0; i < read.frames.size(); ++i) EXPECT_EQ(read.frames[i].sourceFrame, 6 - slices[i]);
    expectSameMasks(placeDicomSeg(read, segSourceOf(image)), seg);
}

TEST(DicomSeg, ColourPictureWithoutPatientCoordinates) {
    SeriesSpec s;
    s.columns = 33;
    s.rows = 17;
    s.geometry.size = {33, 17, 1};
    s.samples = 3;
    s.photometric = "RGB";
    s.bitsAllocated = 8;
    s.bitsStored = 8;
    s.isSigned = false;
    s.modality = "OT";
    s.writePosition = false;
    s.sliceIndex = {0};
    const std::string dir = freshDir("seg_colour");
    writeSeries(dir + "/image", s, {rgbFrame(33, 17, 0, false)});
    const Image image = readDicomSeries(scanDicomFolder(dir + "/image").series.at(0));
    ASSERT_TRUE(image.isColor());
    const SegSource source = segSourceOf(image);
    EXPECT_FALSE(source.patientSpace);

    Segmentation seg;
    seg.geometry = image.geometry();
    seg.addSegment(segmentNamed("skin lesion", 0, "MedSAM"));
    seg.addSegment(segmentNamed("nevus", 1));
    auto a = blob(33, 17, 12, 8, 5, 1), b = blob(33, 17, 24, 9, 4, 2);
    seg.setSlice(0, 0, a.data(), a.size());
    seg.setSlice(1, 0, b.data(), b.size());
    for (SegIdentity identity : {SegIdentity::LinkedToSource, SegIdentity::DeIdentified}) {
        SegWriteOptions options;
        options.identity = identity;
        const std::string path = dir + (identity == SegIdentity::LinkedToSource ? "/linked.dcm" : "/deid.dcm");
        writeDicomSeg(seg, source, options, path);
        expectValidDicom(path);
        const DicomSeg read = readDicomSeg(path);
        EXPECT_EQ(read.frames.size(), 2u);
        // Linked: placed by the source instance it references (a picture has no frame of
        // reference). De-identified: no reference, so a frame of reference of its own and the
        // picture's unit grid (PS3.3 requires one or the other).
        const bool linked = identity == SegIdentity::LinkedToSource;
        EXPECT_EQ(read.frameOfReferenceUid.empty(), linked);
        EXPECT_EQ(read.frames[0].hasPosition, !linked);
        EXPECT_EQ(!read.frames[0].sourceSopInstanceUid.empty(), linked);
        expectSameDescriptions(read, seg);
        expectSameMasks(placeDicomSeg(read, source), seg);
    }
}

TEST(DicomSeg, ReadsDcmqiSegmentationFromPydicom) {
    for (const char* name : {"liver_1frame.dcm", "liver_expb_1frame.dcm"}) {
        const std::string path = kPydicomData + "/" + name;
        if (!fs::exists(path)) GTEST_SKIP() << path << " missing (Debian package python3-pydicom)";
        const DicomSeg seg = readDicomSeg(path);
        ASSERT_EQ(seg.segments.size(), 1u) << name;
        EXPECT_EQ(seg.segments[0].label, "Liver");
        EXPECT_EQ(seg.segments[0].type.value, "T-62000");  // the SNOMED RT code of older writers
        EXPECT_EQ(seg.segments[0].type.scheme, "SRT");
        EXPECT_EQ(seg.segments[0].algorithmType, SegmentAlgorithmType::SemiAutomatic);
        // Its per-frame groups describe 3 frames, its pixel data hold one (pydicom's script cut it).
        ASSERT_EQ(seg.frames.size(), 1u);
        EXPECT_EQ(seg.warnings.size(), 1u);
        // Counted independently with pydicom: 36233 pixels set, the first at index 74494.
        int64_t set = 0, first = -1;
        for (size_t k = 0; k < seg.frames[0].pixels.size(); ++k)
            if (seg.frames[0].pixels[k]) {
                ++set;
                if (first < 0) first = int64_t(k);
            }
        EXPECT_EQ(set, 36233) << name;
        EXPECT_EQ(first, 74494) << name;
        // Over a one-slice image at the frame's position it lands on slice 0.
        SegSource target;
        target.geometry.size = {512, 512, 1};
        target.geometry.spacing = {0.810547, 0.810547, 1};
        target.geometry.origin = seg.frames[0].position;
        const Segmentation placed = placeDicomSeg(seg, target);
        EXPECT_EQ(placed.segments[0].countVoxels(), 36233);
    }
}

TEST(DicomSeg, FractionalSegmentationCountsFromHalf) {
    IODGeneralEquipmentModule::EquipmentInfo eq("Test", "Test", "1", "1");
    ContentIdentificationMacro ci("1", "FRACTION", "", "");
    DcmSegmentation* raw = nullptr;
    ASSERT_TRUE(
        DcmSegmentation::createFractionalSegmentation(raw, 4, 5, DcmSegTypes::SFT_PROBABILITY, 200, eq, ci).good());
    std::unique_ptr<DcmSegmentation> doc(raw);
    DcmSegment* segment = nullptr;
    ASSERT_TRUE(DcmSegment::create(segment, "lesion",
                                   CodeSequenceMacro("49755003", "SCT", "Morphologically Abnormal Structure"),
                                   CodeSequenceMacro("52988006", "SCT", "Lesion"), DcmSegTypes::SAT_AUTOMATIC, "model")
                    .good());
    Uint16 number = 0;
    ASSERT_TRUE(doc->addSegment(segment, number).good());
    std::vector<Uint8> values(20);
    for (int i = 0; i < 20; ++i) values[size_t(i)] = Uint8(i * 10);  // 0..190; from 100 on counts
    FGPixelMeasures measures;
    measures.setPixelSpacing("1\\1");
    measures.setSliceThickness("1");
    FGPlaneOrientationPatient orientation;
    orientation.setImageOrientationPatient("1", "0", "0", "0", "1", "0");
    ASSERT_TRUE(doc->addForAllFrames(measures).good());
    ASSERT_TRUE(doc->addForAllFrames(orientation).good());
    FGFrameContent content;
    content.setDimensionIndexValues(1, 0);
    FGPlanePosPatient pos;
    pos.setImagePositionPatient("0", "0", "0");
    OFVector<FGBase*> groups;
    groups.push_back(&content);
    groups.push_back(&pos);
    ASSERT_TRUE(doc->addFrame(values.data(), number, groups).good());
    doc->getDimensions().addDimensionIndex(DCM_ReferencedSegmentNumber, "1.2.3.4", DCM_SegmentIdentificationSequence,
                                           "seg");
    doc->getFrameOfReference().setFrameOfReferenceUID("1.2.3.4.5");
    doc->getSeries().setSeriesNumber("1");
    const std::string path = freshDir("seg_fractional") + "/fractional.dcm";
    ASSERT_TRUE(doc->saveFile(path.c_str()).good());
    const DicomSeg seg = readDicomSeg(path);
    EXPECT_TRUE(seg.fractional);
    EXPECT_EQ(seg.maxFractional, 200);
    SegSource target;
    target.geometry.size = {5, 4, 1};
    const Segmentation placed = placeDicomSeg(seg, target);
    EXPECT_EQ(placed.segments[0].countVoxels(), 10);
    EXPECT_EQ(placed.segments[0].slices[0][10], 1);
    EXPECT_EQ(placed.segments[0].slices[0][9], 0);
}

TEST(DicomSeg, MismatchesAreRefusedWithTheReason) {
    const Image& ct = demoCt();
    const Segmentation seg = demoSegmentation(ct);
    const std::string path = freshDir("seg_mismatch") + "/linked.dcm";
    SegWriteOptions options;
    options.identity = SegIdentity::LinkedToSource;
    writeDicomSeg(seg, segSourceOf(ct), options, path);
    const DicomSeg read = readDicomSeg(path);

    SegSource other = segSourceOf(ct);
    other.geometry.size = {256, 256, 160};
    try {
        placeDicomSeg(read, other);
        FAIL() << "a SEG of another size was placed";
    } catch (const SegMismatchError& e) {
        EXPECT_NE(std::string(e.what()).find("384x384"), std::string::npos) << e.what();
    }
    other = segSourceOf(ct);
    other.seriesInstanceUid = "1.2.3.999";
    try {
        placeDicomSeg(read, other);
        FAIL() << "a SEG of another series was placed";
    } catch (const SegMismatchError& e) {
        EXPECT_NE(std::string(e.what()).find("another series"), std::string::npos) << e.what();
    }
    // Same size, no identifiers, but the slices are 0.5 mm off: they lie between the image's slices.
    other = SegSource{};
    other.geometry = ct.geometry();
    other.geometry.origin[2] += 0.5;
    try {
        placeDicomSeg(read, other);
        FAIL() << "frames between slices were placed";
    } catch (const SegMismatchError& e) {
        EXPECT_NE(std::string(e.what()).find("between"), std::string::npos) << e.what();
    }
}

TEST(DicomSeg, WriterRefusesWhatItCannotStore) {
    const Image& ct = demoCt();
    Segmentation empty;
    empty.geometry = ct.geometry();
    empty.addSegment(segmentNamed("liver", 0));
    const std::string dir = freshDir("seg_refused");
    EXPECT_THROW(writeDicomSeg(empty, segSourceOf(ct), {}, dir + "/empty.dcm"), mr::Error);
    EXPECT_FALSE(fs::exists(dir + "/empty.dcm"));
    // A picture that did not come from DICOM cannot be linked.
    Segmentation seg;
    seg.geometry.size = {8, 8, 1};
    seg.addSegment(segmentNamed("polyp", 0));
    std::vector<uint8_t> m(64, 1);
    seg.setSlice(0, 0, m.data(), m.size());
    SegSource picture;
    picture.geometry = seg.geometry;
    picture.patientSpace = false;
    SegWriteOptions linked;
    linked.identity = SegIdentity::LinkedToSource;
    try {
        writeDicomSeg(seg, picture, linked, dir + "/linked.dcm");
        FAIL() << "linked a picture without identifiers";
    } catch (const mr::Error& e) {
        EXPECT_NE(std::string(e.what()).find("did not come from a DICOM series"), std::string::npos) << e.what();
    }
    writeDicomSeg(seg, picture, {}, dir + "/picture.dcm");
    expectValidDicom(dir + "/picture.dcm");
}

TEST(DicomSeg, BadFilesGiveReadErrors) {
    const Image& ct = demoCt();
    const std::string dir = freshDir("seg_bad");
    const std::string good = dir + "/good.dcm";
    SegWriteOptions options;
    writeDicomSeg(demoSegmentation(ct), segSourceOf(ct), options, good);
    const std::string bytes = mr::readFile(good);
    for (size_t cut : {size_t(100), size_t(600), bytes.size() / 2, bytes.size() - 10}) {
        const std::string path = dir + "/cut" + std::to_string(cut) + ".dcm";
        mr::writeFileAtomic(path, bytes.substr(0, cut));
        EXPECT_THROW(readDicomSeg(path), ImageReadError) << "cut at " << cut;
    }
    EXPECT_THROW(readDicomSeg(ct.metadata().sliceSources.at(0).file), ImageReadError);  // a CT slice
    EXPECT_FALSE(isDicomSegFile(ct.metadata().sliceSources.at(0).file));
    mr::writeFileAtomic(dir + "/text.dcm", "not dicom at all");
    EXPECT_THROW(readDicomSeg(dir + "/text.dcm"), ImageReadError);
}

TEST(SegmentTerms, FreeTextFindsCodedTerms) {
    EXPECT_EQ(segmentTermFor("liver").type.value, "10200004");
    EXPECT_EQ(segmentTermFor("Liver Tumor").type.meaning, "Neoplasm");
    EXPECT_EQ(segmentTermFor("lung nodules").type.meaning, "Nodule");
    EXPECT_EQ(segmentTermFor("kidney cyst").type.meaning, "Cyst");
    EXPECT_EQ(segmentTermFor("left kidney").type.meaning, "Kidney");
    EXPECT_EQ(segmentTermFor("mitosis").type.meaning, "Tissue");
    EXPECT_EQ(segmentTermFor("massive").type.meaning, "Tissue");  // words, not substrings
    const SegmentDescription semi = describeSegment("liver tumor", "MedSAM", "MedReasoner-7B", "1.0");
    EXPECT_EQ(semi.algorithmType, SegmentAlgorithmType::SemiAutomatic);
    EXPECT_EQ(semi.algorithmName, "MedSAM + MedReasoner-7B");
    EXPECT_EQ(describeSegment("liver", "", "", "").algorithmType, SegmentAlgorithmType::Manual);
}
