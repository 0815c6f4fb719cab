// Label maps: the default table, labels.json (names, colours, visibility; bad tables rejected with
// the file and entry named), which labels occur, and reading a NIfTI map with its table beside it.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>

#include "engine/core/error.h"
#include "engine/imaging/label_map.h"
#include "engine/imaging/nifti.h"

using namespace mr::imaging;
namespace fs = std::filesystem;

namespace {
std::string outDir(const std::string& name) {
    const std::string p = std::string(MR_TEST_OUTPUT_DIR) + "/" + name;
    fs::remove_all(p);
    fs::create_directories(p);
    return p;
}

Image labelVolume(PixelType type = PixelType::UInt8) {
    Geometry g;
    g.size = {6, 5, 3};
    Image img(type, g);
    std::fill(img.bytes(), img.bytes() + img.byteSize(), uint8_t(0));
    return img;
}

std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const mr::Error& e) {
        return e.what();
    }
    return "(no error)";
}
}  // namespace

TEST(LabelMap, DefaultTableNamesEveryValueAndColoursNeighboursApart) {
    const LabelTable t = defaultLabelTable();
    ASSERT_EQ(t.size(), 256u);
    EXPECT_EQ(t[1].name, "1");
    EXPECT_EQ(t[255].name, "255");
    EXPECT_TRUE(t[7].visible);
    // Hue 47°, saturation 200/255, value 235/255.
    EXPECT_EQ(int(t[1].r), 235);
    EXPECT_EQ(int(t[1].g), 195);
    EXPECT_EQ(int(t[1].b), 51);
    for (size_t v = 1; v < 8; ++v) {
        const bool same = t[v].r == t[v + 1].r && t[v].g == t[v + 1].g && t[v].b == t[v + 1].b;
        EXPECT_FALSE(same) << v;
    }
}

TEST(LabelMap, TableEntriesNameColourAndHideLabels) {
    const LabelTable t = parseLabelTable(R"([
        {"value": 1, "name": "liver", "color": [220, 120, 80]},
        {"value": 4, "name": "body", "color": [10, 20, 30], "visible": false, "mean_hu": 40},
        {"value": 6},
        {"value": 0, "name": "background"},
        {"value": 300, "name": "not a uint8 label"}
    ])",
                                         "labels.json");
    ASSERT_EQ(t.size(), 256u);
    EXPECT_EQ(t[1].name, "liver");
    EXPECT_EQ(int(t[1].r), 220);
    EXPECT_EQ(int(t[1].g), 120);
    EXPECT_EQ(int(t[1].b), 80);
    EXPECT_TRUE(t[1].visible);
    EXPECT_FALSE(t[4].visible);
    EXPECT_EQ(int(t[4].b), 30);
    EXPECT_EQ(t[6].name, "");  // listed without a name
    const LabelTable defaults = defaultLabelTable();
    EXPECT_EQ(int(t[6].r), int(defaults[6].r));  // and without a colour
    EXPECT_EQ(t[0].name, defaults[0].name);
    EXPECT_EQ(t[2].name, "2");
}

TEST(LabelMap, BadTablesNameTheFileAndTheEntry) {
    auto fails = [](const std::string& json) { return errorOf([&] { parseLabelTable(json, "/data/labels.json"); }); };
    EXPECT_NE(fails("[{\"value\": 1,").find("/data/labels.json: JSON:"), std::string::npos);
    EXPECT_NE(fails("{\"value\": 1}").find("/data/labels.json: expected a list"), std::string::npos);
    EXPECT_NE(fails("[{\"value\": 1}, 5]").find("label entry 2: not an object"), std::string::npos);
    EXPECT_NE(fails("[{\"name\": \"liver\"}]").find("label entry 1: no integer \"value\""), std::string::npos);
    EXPECT_NE(fails("[{\"value\": 2.5}]").find("no integer \"value\""), std::string::npos);
    EXPECT_NE(fails("[{\"value\": 1, \"color\": [1, 2, 256]}]").find("three integers 0..255"), std::string::npos);
    EXPECT_NE(fails("[{\"value\": 1, \"color\": [1, 2]}]").find("three integers 0..255"), std::string::npos);
    EXPECT_NE(fails("[{\"value\": 1, \"name\": 7}]").find("label entry 1"), std::string::npos);
    EXPECT_NE(errorOf([] { readLabelTable("/nonexistent/labels.json"); }).find("/nonexistent/labels.json"),
              std::string::npos);
}

TEST(LabelMap, PresentLabelsAreExactlyTheValuesThatOccur) {
    Image labels = labelVolume();
    labels.data<uint8_t>()[3] = 3;
    labels.data<uint8_t>()[labels.byteSize() - 1] = 255;  // the last voxel of the last slice
    const std::vector<bool> present = presentLabels(labels);
    ASSERT_EQ(present.size(), 256u);
    for (size_t v = 0; v < 256; ++v) EXPECT_EQ(present[v], v == 0 || v == 3 || v == 255) << v;
    EXPECT_THROW(presentLabels(labelVolume(PixelType::Int16)), mr::Error);
    mr::CancelToken cancel;
    cancel.cancel();
    EXPECT_THROW(presentLabels(labels, cancel), mr::Cancelled);
}

TEST(LabelMap, ReadsTheMapWithTheTableBesideIt) {
    const std::string dir = outDir("with_table");
    Image labels = labelVolume();
    labels.data<uint8_t>()[10] = 2;
    writeNifti(labels, dir + "/labels.nii.gz");
    LabelMap plain = readLabelMap(dir + "/labels.nii.gz");
    EXPECT_EQ(plain.table[2].name, "2");  // no labels.json yet: the defaults
    EXPECT_TRUE(plain.present[2]);
    EXPECT_FALSE(plain.present[1]);
    std::ofstream(dir + "/labels.json") << R"([{"value": 2, "name": "kidney", "color": [1, 2, 3]}])";
    LabelMap named = readLabelMap(dir + "/labels.nii.gz");
    EXPECT_EQ(named.table[2].name, "kidney");
    EXPECT_EQ(int(named.table[2].g), 2);
    EXPECT_EQ(named.labels.width(), 6);
    std::ofstream(dir + "/labels.json") << "not json";
    EXPECT_NE(errorOf([&] { readLabelMap(dir + "/labels.nii.gz"); }).find(dir + "/labels.json"), std::string::npos);
}

TEST(LabelMap, RejectsMapsThatAreNotEightBit) {
    const std::string dir = outDir("int16");
    writeNifti(labelVolume(PixelType::Int16), dir + "/ct.nii");
    const std::string e = errorOf([&] { readLabelMap(dir + "/ct.nii"); });
    EXPECT_NE(e.find(dir + "/ct.nii: a label map must hold 8-bit labels"), std::string::npos) << e;
    EXPECT_NE(errorOf([&] { readLabelMap(dir + "/missing.nii"); }).find("missing.nii"), std::string::npos);
}
