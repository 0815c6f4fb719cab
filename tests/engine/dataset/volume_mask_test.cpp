// The volume mask saved beside a 2-D sample: written atomically as masks/<id>_volume.nii.gz on the
// source grid and recorded in the ledger, named by the record, kept by updates, deleted with the
// sample only while it is the app's file, left out when empty, and included in the NIfTI and
// DICOM SEG exports. Records without it load as before.
#include <gtest/gtest.h>

#include <filesystem>

#include "engine/core/files.h"
#include "engine/core/json.h"
#include "engine/dataset/dataset_export.h"
#include "engine/dataset/dicom_seg_export.h"
#include "engine/dataset/volume_mask.h"
#include "engine/imaging/dicom_seg_reader.h"
#include "engine/imaging/nifti.h"
#include "tests/engine/dataset/dataset_test_util.h"
#include "tests/engine/imaging/dciodvfy.h"

namespace fs = std::filesystem;
using namespace mr::dataset;
using mr::dataset::test::freshDir;
using mr::dataset::test::makePixels;
using mr::dataset::test::makeSample;

namespace {

constexpr int kW = 16, kH = 12, kD = 6;

// A CT-like source: anisotropic spacing, an origin and an oblique-free but flipped direction.
Sample volumeSample(const std::string& question) {
    Sample s = makeSample(question);
    s.source.kind = "nifti";
    s.source.seriesKey = "dddddddddddddddd";
    s.source.size = {kW, kH, kD};
    s.source.spacing = {0.5, 0.75, 2.5};
    s.source.origin = {-12, 30, 41};
    s.source.direction = {1, 0, 0, 0, -1, 0, 0, 0, 1};
    s.source.slice = 2;
    return s;
}

// Mask on slices 1..4: a rectangle that moves with z; at the sample's slice it is the final mask.
mr::imaging::Image volumeOf(const SamplePixels& px) {
    mr::imaging::Geometry g;
    g.size = {kW, kH, kD};
    mr::imaging::Image m(mr::imaging::PixelType::UInt8, g);
    for (int z = 1; z <= 4; ++z)
        for (int y = 2; y < 8; ++y)
            for (int x = z; x < z + 6; ++x) m.bytes()[size_t(z) * kW * kH + size_t(y) * kW + size_t(x)] = 1;
    std::copy(px.finalMask.begin(), px.finalMask.end(), m.bytes() + size_t(2) * kW * kH);
    return m;
}

SamplePixels withVolume(int seed) {
    SamplePixels px = makePixels(kW, kH, seed);
    px.volumeMask = volumeOf(px);
    return px;
}

bool sameVoxels(const mr::imaging::Image& a, const mr::imaging::Image& b) {
    const size_t n = size_t(kW) * kH * kD;
    for (size_t i = 0; i < n; ++i)
        if ((a.bytes()[i] != 0) != (b.bytes()[i] != 0)) return false;
    return true;
}

}  // namespace

TEST(VolumeMask, SavedOnTheSourceGridAndReadBackAfterReopen) {
    const std::string dir = freshDir("volume/roundtrip");
    const SamplePixels px = withVolume(1);
    Sample saved;
    {
        auto store = DatasetStore::open(dir);
        saved = store->append(volumeSample("q"), px);
    }
    ASSERT_TRUE(saved.volumeMask);
    EXPECT_EQ(saved.volumeMask->file, "masks/000001_volume.nii.gz");
    EXPECT_EQ(saved.volumeMask->firstSlice, 1);
    EXPECT_EQ(saved.volumeMask->lastSlice, 4);
    // On disk: a uint8 NIfTI with the source's geometry (so it overlays the original), labels 0/1.
    const mr::imaging::Image nii = mr::imaging::readNifti(dir + "/masks/000001_volume.nii.gz");
    EXPECT_EQ(nii.pixelType(), mr::imaging::PixelType::UInt8);
    EXPECT_EQ(nii.geometry().size, (std::array<int64_t, 3>{kW, kH, kD}));
    for (int i = 0; i < 3; ++i) {
        EXPECT_NEAR(nii.geometry().spacing[size_t(i)], saved.source.spacing[size_t(i)], 1e-5);
        EXPECT_NEAR(nii.geometry().origin[size_t(i)], saved.source.origin[size_t(i)], 1e-4);
    }
    for (int i = 0; i < 9; ++i)
        EXPECT_NEAR(nii.geometry().direction[size_t(i)], saved.source.direction[size_t(i)], 1e-5);
    for (size_t i = 0; i < size_t(kW) * kH * kD; ++i) ASSERT_EQ(nii.bytes()[i], px.volumeMask.bytes()[i]) << i;
    // Recorded as the app's file; no temporary left behind.
    const auto ledger = mr::json::parseFile(dir + "/.medreasoner/written.json");
    EXPECT_NE(ledger.find("written")->find("masks/000001_volume.nii.gz"), nullptr);
    for (const auto& e : fs::directory_iterator(dir + "/masks"))
        EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos) << e.path();

    auto store = DatasetStore::open(dir, StoreAccess::ReadOnly);
    ASSERT_EQ(store->samples().size(), 1u);
    const Sample& back = store->samples()[0];
    EXPECT_EQ(mr::json::dump(sampleToJson(back)), mr::json::dump(sampleToJson(saved)));
    EXPECT_TRUE(sameVoxels(readVolumeMask(*store, back), px.volumeMask));
    // The U-MRG view names it as an extra key; the official fields load as before.
    const auto records = loadRecords(dir + "/annotations.json");
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].mask, "masks/000001.png");
    EXPECT_EQ(records[0].extra.find("volume_mask")->asString(), "masks/000001_volume.nii.gz");
}

TEST(VolumeMask, NoneOrEmptyWritesNoFileAndNoField) {
    const std::string dir = freshDir("volume/none");
    auto store = DatasetStore::open(dir);
    const Sample plain = store->append(volumeSample("plain"), makePixels(kW, kH, 1));
    SamplePixels empty = makePixels(kW, kH, 2);
    mr::imaging::Geometry g;
    g.size = {kW, kH, kD};
    empty.volumeMask = mr::imaging::Image(mr::imaging::PixelType::UInt8, g);
    const Sample blank = store->append(volumeSample("blank"), empty);
    EXPECT_FALSE(plain.volumeMask);
    EXPECT_FALSE(blank.volumeMask);
    EXPECT_EQ(sampleToJson(plain).find("volume_mask"), nullptr);
    EXPECT_FALSE(fs::exists(dir + "/masks/000001_volume.nii.gz"));
    EXPECT_FALSE(fs::exists(dir + "/masks/000002_volume.nii.gz"));
    const std::string annotations = mr::readFile(dir + "/annotations.json");
    EXPECT_EQ(annotations.find("volume_mask"), std::string::npos);
}

TEST(VolumeMask, AWrongSizeIsRefusedBeforeAnythingIsWritten) {
    const std::string dir = freshDir("volume/wrong_size");
    auto store = DatasetStore::open(dir);
    SamplePixels px = makePixels(kW, kH, 1);
    mr::imaging::Geometry g;
    g.size = {kW, kH, kD + 1};
    px.volumeMask = mr::imaging::Image(mr::imaging::PixelType::UInt8, g);
    px.volumeMask.bytes()[0] = 1;
    try {
        store->append(volumeSample("q"), px);
        FAIL() << "a volume mask of the wrong size was saved";
    } catch (const DatasetError& e) {
        EXPECT_NE(std::string(e.what()).find("16x12x7"), std::string::npos) << e.what();
    }
    EXPECT_TRUE(store->samples().empty());
    EXPECT_FALSE(fs::exists(dir + "/samples.jsonl"));
    EXPECT_TRUE(fs::is_empty(dir + "/masks"));
}

TEST(VolumeMask, UpdateKeepsItDeleteRemovesOnlyTheAppsFile) {
    const std::string dir = freshDir("volume/delete");
    auto store = DatasetStore::open(dir);
    const Sample a = store->append(volumeSample("a"), withVolume(1));
    const Sample b = store->append(volumeSample("b"), withVolume(2));
    Sample changed = a;
    changed.note = "checked";
    changed.volumeMask.reset();  // the store keeps what it wrote
    store->update(changed);
    ASSERT_TRUE(store->find(a.id)->volumeMask);
    EXPECT_EQ(store->find(a.id)->volumeMask->file, a.volumeMask->file);

    store->remove(a.id);
    EXPECT_FALSE(fs::exists(dir + "/" + a.volumeMask->file));
    EXPECT_EQ(mr::json::parseFile(dir + "/.medreasoner/written.json").find("written")->find(a.volumeMask->file),
              nullptr);
    // Someone replaced b's volume file with their own: deleting b leaves it (with a warning).
    mr::writeFileAtomic(dir + "/" + b.volumeMask->file, "someone else's file");
    store->remove(b.id);
    EXPECT_EQ(mr::readFile(dir + "/" + b.volumeMask->file), "someone else's file");
    ASSERT_FALSE(store->warnings().empty());
    EXPECT_NE(store->warnings().back().find(b.volumeMask->file), std::string::npos);
    // A new sample never takes an id whose volume file exists.
    const Sample c = store->append(volumeSample("c"), withVolume(3));
    EXPECT_EQ(c.id, "000003");
}

TEST(VolumeMask, StaleTemporariesOfItAreRemovedOnOpen) {
    const std::string dir = freshDir("volume/stale");
    { DatasetStore::open(dir); }
    mr::writeFileAtomic(dir + "/masks/000001_volume.nii.gz.tmp-4242", "half");
    mr::writeFileAtomic(dir + "/masks/notes_volume.nii.gz.tmp-4242", "not ours");
    auto store = DatasetStore::open(dir);
    EXPECT_FALSE(fs::exists(dir + "/masks/000001_volume.nii.gz.tmp-4242"));
    EXPECT_TRUE(fs::exists(dir + "/masks/notes_volume.nii.gz.tmp-4242"));
}

TEST(VolumeMask, RecordsWithoutItLoadAndABadOneIsNamed) {
    Sample s = volumeSample("old");
    s.id = "000001";
    mr::json::Value v = sampleToJson(s);
    EXPECT_EQ(v.find("volume_mask"), nullptr);
    EXPECT_FALSE(sampleFromJson(v, "line 1").volumeMask);
    v.set("volume_mask",
          mr::json::parse(R"({"file": "masks/000001_volume.nii.gz", "first_slice": 4, "last_slice": 2})"));
    try {
        sampleFromJson(v, "samples.jsonl, line 1");
        FAIL() << "a reversed slice range was accepted";
    } catch (const DatasetError& e) {
        EXPECT_NE(std::string(e.what()).find("volume_mask"), std::string::npos) << e.what();
    }
    v.set("volume_mask", "masks/000001_volume.nii.gz");
    EXPECT_THROW(sampleFromJson(v, "samples.jsonl, line 1"), DatasetError);
}

TEST(VolumeMask, NiftiAndDicomSegExportsHoldEverySlice) {
    const std::string dir = freshDir("volume/export");
    const std::string niftiOut = freshDir("volume/export_nifti");
    const std::string segOut = freshDir("volume/export_seg");
    auto store = DatasetStore::open(dir);
    const SamplePixels px = withVolume(1);
    store->append(volumeSample("q"), px);

    exportNiftiLabelMaps(*store, niftiOut);
    const mr::imaging::Image labels = mr::imaging::readNifti(niftiOut + "/dddddddddddddddd.nii.gz");
    ASSERT_EQ(labels.geometry().size, (std::array<int64_t, 3>{kW, kH, kD}));
    EXPECT_TRUE(sameVoxels(labels, px.volumeMask));

    const auto files = exportDicomSegs(*store, segOut);
    ASSERT_EQ(files.size(), 1u);
    mr::imaging::testing::expectValidDicom(files[0]);
    const auto seg = mr::imaging::readDicomSeg(files[0]);
    mr::imaging::SegSource grid;
    grid.geometry.size = {kW, kH, kD};
    grid.geometry.spacing = {0.5, 0.75, 2.5};
    grid.geometry.origin = {-12, 30, 41};
    grid.geometry.direction = {1, 0, 0, 0, -1, 0, 0, 0, 1};
    const auto placed = mr::imaging::placeDicomSeg(seg, grid);
    ASSERT_EQ(placed.segments.size(), 1u);
    for (int z = 0; z < kD; ++z)
        for (size_t i = 0; i < size_t(kW) * kH; ++i) {
            const auto& slice = placed.segments[0].slices[size_t(z)];
            ASSERT_EQ(slice.empty() ? 0 : slice[i], px.volumeMask.bytes()[size_t(z) * kW * kH + i]) << z << " " << i;
        }
}

TEST(VolumeMask, ADamagedFileIsNamedByTheExport) {
    const std::string dir = freshDir("volume/damaged");
    auto store = DatasetStore::open(dir);
    const Sample s = store->append(volumeSample("q"), withVolume(1));
    const std::string path = dir + "/" + s.volumeMask->file;
    const std::string bytes = mr::readFile(path);
    mr::writeFileAtomic(path, bytes.substr(0, bytes.size() / 2));
    try {
        exportNiftiLabelMaps(*store, freshDir("volume/damaged_out"));
        FAIL() << "a truncated volume mask was exported";
    } catch (const DatasetError& e) {
        EXPECT_NE(std::string(e.what()).find("volume mask of sample 000001"), std::string::npos) << e.what();
    }
}
