// De-identification: a DICOM series full of distinctive identifiers goes through describeSource()
// and append(); no identifier may appear in any byte of any file of the dataset or its exports.
#include <gtest/gtest.h>

#include <filesystem>

#include "engine/core/files.h"
#include "engine/core/sha256.h"
#include "engine/dataset/dataset_export.h"
#include "engine/dataset/deidentify.h"
#include "engine/dataset/dicom_seg_export.h"
#include "engine/imaging/dicom_series_writer.h"
#include "engine/imaging/image_reader.h"
#include "tests/engine/dataset/dataset_test_util.h"

namespace fs = std::filesystem;
using namespace mr::dataset;

TEST(Deidentify, SeriesKeyAndKinds) {
    mr::imaging::Geometry g;
    g.size = {4, 3, 2};
    g.spacing = {0.5, 0.5, 3};
    mr::imaging::Image image(mr::imaging::PixelType::Int16, g);
    image.metadata().studyInstanceUid = "1.2.3";
    image.metadata().seriesInstanceUid = "1.2.3.4";
    image.metadata().source = "/data/patient/series";
    auto r = describeSource(image, 1, "salt");
    EXPECT_EQ(r.kind, "dicom_series");
    EXPECT_EQ(r.seriesKey, mr::sha256Hex("salt\n1.2.3\n1.2.3.4").substr(0, 16));
    EXPECT_EQ(r.slice, 1);
    EXPECT_EQ(r.size, g.size);
    EXPECT_EQ(r.spacing, g.spacing);
    EXPECT_NE(describeSource(image, 1, "other salt").seriesKey, r.seriesKey);

    image.metadata().studyInstanceUid.clear();
    image.metadata().seriesInstanceUid.clear();
    image.metadata().source = "/data/case.NII.GZ";
    EXPECT_EQ(describeSource(image, 0, "s").kind, "nifti");
    image.metadata().source = "/data/photo.png";
    r = describeSource(image, 0, "s");
    EXPECT_EQ(r.kind, "picture");
    EXPECT_EQ(r.seriesKey, mr::sha256Hex("s\n/data/photo.png").substr(0, 16));

    const std::string a = newSalt(), b = newSalt();
    EXPECT_EQ(a.size(), 64u);
    EXPECT_NE(a, b);
}

TEST(Deidentify, NoIdentifierReachesTheDataset) {
    const std::string patientName = "ZZTESTPATIENT^JOHANNA";
    const std::string patientId = "MRN-55512345";
    const std::string uidRoot = "1.2.826.0.1.3680043.10.1500.987654";
    const std::string seriesDescription = "SECRETSERIES_LIVER_PHASE";
    const std::string sourceFolder = test::freshDir("phi/source/ZZTESTPATIENT_Johanna_MRN55512345");

    mr::imaging::Geometry g;
    g.size = {32, 24, 4};
    g.spacing = {0.8, 0.8, 2.5};
    g.origin = {-12.5, 40, 100};
    mr::imaging::Image volume(mr::imaging::PixelType::Int16, g);
    auto* v = volume.data<int16_t>();
    for (int64_t i = 0; i < g.voxelCount(); ++i) v[i] = int16_t((i * 37) % 400 - 100);
    volume.metadata().modality = "CT";
    mr::imaging::DicomSeriesOptions o;
    o.patientName = patientName;
    o.patientId = patientId;
    o.uidRoot = uidRoot;
    o.seriesDescription = seriesDescription;
    o.studyDescription = "SECRETSTUDY_ABDOMEN";
    mr::imaging::writeDicomSeries(volume, sourceFolder, o);

    auto image = mr::imaging::readImage(sourceFolder);
    const auto& meta = image.metadata();
    ASSERT_FALSE(meta.studyInstanceUid.empty());
    ASSERT_FALSE(meta.seriesInstanceUid.empty());
    ASSERT_EQ(image.depth(), 4);

    const std::string dir = test::freshDir("phi/dataset");
    const std::string exports = test::freshDir("phi/exports");
    {
        auto store = DatasetStore::open(dir);
        Sample s = test::makeSample("Where is the lesion?");
        s.source = describeSource(image, 2, store->salt());
        s.modality = meta.modality;
        EXPECT_EQ(s.source.kind, "dicom_series");
        EXPECT_EQ(s.modality, "CT");
        s = store->append(s, test::makePixels(32, 24, 5));
        Sample changed = s;
        changed.status = ReviewStatus::Corrected;
        store->update(changed);
        exportPngMasks(*store, exports + "/png");
        exportNiftiLabelMaps(*store, exports + "/nifti");
        exportCoco(*store, exports + "/coco.json");
        exportDicomSegs(*store, exports + "/seg");
        EXPECT_TRUE(fs::exists(exports + "/nifti/" + s.source.seriesKey + ".nii.gz"));
        EXPECT_TRUE(fs::exists(exports + "/seg/" + s.source.seriesKey + ".dcm"));
    }

    const std::vector<std::string> phi = {
        patientName,
        "ZZTESTPATIENT",
        "JOHANNA",
        "Johanna",
        patientId,
        "55512345",
        uidRoot,
        meta.studyInstanceUid,
        meta.seriesInstanceUid,
        seriesDescription,
        "SECRETSTUDY",
        sourceFolder,
        fs::path(sourceFolder).filename().string(),
        meta.source,
    };
    int files = 0;
    for (const std::string& root : {dir, exports})
        for (const auto& e : fs::recursive_directory_iterator(root)) {
            if (!e.is_regular_file()) continue;
            ++files;
            const std::string bytes = mr::readFile(e.path().string());
            for (const auto& id : phi)
                EXPECT_EQ(bytes.find(id), std::string::npos) << e.path() << " contains '" << id << "'";
            for (const auto& id : phi) EXPECT_EQ(e.path().string().find(id), std::string::npos) << e.path();
        }
    // salt, lock, samples.jsonl, annotations.json, 3 PNGs, then the 4 exports.
    EXPECT_GE(files, 11);
}
