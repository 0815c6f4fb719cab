// The JSON that `medreasoner info --json` prints for a loaded image and a scanned series.
#include <gtest/gtest.h>

#include "engine/imaging/image_json.h"

using namespace mr::imaging;
using mr::json::Value;

namespace {
Image smallCt() {
    Geometry g;
    g.size = {4, 3, 2};
    g.spacing = {0.5, 0.75, 2.5};
    g.origin = {-10, 20, 30};
    Image img(PixelType::Int16, g);
    int16_t* v = img.data<int16_t>();
    for (int i = 0; i < 24; ++i) v[i] = int16_t(i * 10 - 100);  // -100 .. 130
    auto& m = img.metadata();
    m.modality = "CT";
    m.photometric = "MONOCHROME2";
    m.units = "HU";
    m.seriesDescription = "Abdomen";
    m.rescaleSlope = 1;
    m.rescaleIntercept = -1024;
    m.windows = {{"Soft tissue", 40, 400}};
    m.warnings = {"uneven spacing"};
    return img;
}
}  // namespace

TEST(ImageJson, DescribesGeometryEncodingAndValues) {
    const Value v = imageToJson(smallCt());
    EXPECT_EQ(v.at("dimensions")[0].asInt(), 4);
    EXPECT_EQ(v.at("dimensions")[2].asInt(), 2);
    EXPECT_DOUBLE_EQ(v.at("spacing")[1].asDouble(), 0.75);
    EXPECT_DOUBLE_EQ(v.at("origin")[0].asDouble(), -10);
    ASSERT_EQ(v.at("direction").size(), 9u);
    EXPECT_DOUBLE_EQ(v.at("direction")[4].asDouble(), 1);
    EXPECT_EQ(v.at("orientation").asString(), "LPS");
    EXPECT_EQ(v.at("plane").asString(), "axial");
    EXPECT_EQ(v.at("pixel_type").asString(), "int16");
    EXPECT_EQ(v.at("modality").asString(), "CT");
    EXPECT_EQ(v.at("units").asString(), "HU");
    EXPECT_DOUBLE_EQ(v.at("rescale_intercept").asDouble(), -1024);
    EXPECT_EQ(v.at("windows")[0].at("name").asString(), "Soft tissue");
    EXPECT_DOUBLE_EQ(v.at("windows")[0].at("width").asDouble(), 400);
    EXPECT_DOUBLE_EQ(v.at("statistics").at("min").asDouble(), -100);
    EXPECT_DOUBLE_EQ(v.at("statistics").at("max").asDouble(), 130);
    EXPECT_DOUBLE_EQ(v.at("statistics").at("mean").asDouble(), 15);
    EXPECT_EQ(v.at("warnings")[0].asString(), "uneven spacing");
    EXPECT_EQ(v.at("notes").size(), 0u);
    // Optional fields appear only when there is something to say.
    EXPECT_FALSE(v.contains("source_photometric"));
    EXPECT_FALSE(v.contains("transfer_syntax_name"));
    Image converted = smallCt();
    converted.metadata().sourcePhotometric = "MONOCHROME1";
    converted.metadata().transferSyntax = "1.2.840.10008.1.2.1";
    const Value c = imageToJson(converted);
    EXPECT_EQ(c.at("source_photometric").asString(), "MONOCHROME1");
    EXPECT_EQ(c.at("transfer_syntax_name").asString(), transferSyntaxName("1.2.840.10008.1.2.1"));
}

TEST(ImageJson, KeepsTheFieldOrderOfTheInfoCommand) {
    const Value v = imageToJson(smallCt());
    std::vector<std::string> keys;
    for (const auto& [k, _] : v.items()) keys.push_back(k);
    const std::vector<std::string> want{
        "dimensions",    "spacing",           "origin",      "direction",       "orientation",        "plane",
        "pixel_type",    "modality",          "photometric", "transfer_syntax", "series_description", "units",
        "rescale_slope", "rescale_intercept", "windows",     "statistics",      "warnings",           "notes"};
    EXPECT_EQ(keys, want);
}

TEST(ImageJson, DescribesSeriesAndSkippedFiles) {
    DicomSeriesSummary s;
    s.seriesInstanceUid = "1.2.3";
    s.seriesNumber = 7;
    s.seriesDescription = "Portal venous";
    s.modality = "CT";
    s.columns = 512;
    s.rows = 384;
    s.sliceCount = 90;
    s.files = {"a.dcm", "b.dcm"};
    s.photometric = "MONOCHROME2";
    s.transferSyntax = "1.2.840.10008.1.2.1";
    const Value v = seriesToJson(s, 3);
    EXPECT_EQ(v.at("index").asInt(), 3);
    EXPECT_EQ(v.at("series_instance_uid").asString(), "1.2.3");
    EXPECT_EQ(v.at("series_number").asInt(), 7);
    EXPECT_EQ(v.at("description").asString(), "Portal venous");
    EXPECT_EQ(v.at("columns").asInt(), 512);
    EXPECT_EQ(v.at("rows").asInt(), 384);
    EXPECT_EQ(v.at("slices").asInt(), 90);
    EXPECT_EQ(v.at("files").asInt(), 2);
    EXPECT_EQ(v.at("transfer_syntax_name").asString(), "Little Endian Explicit");
    const Value skipped = skippedFileToJson({"junk.dcm", "not a DICOM file"});
    EXPECT_EQ(skipped.at("path").asString(), "junk.dcm");
    EXPECT_EQ(skipped.at("reason").asString(), "not a DICOM file");
}
