// Sample JSON round trip, status names and the U-MRG record of a sample.
#include <gtest/gtest.h>

#include "engine/dataset/sample.h"
#include "tests/engine/dataset/dataset_test_util.h"

using namespace mr::dataset;

TEST(Sample, StatusNames) {
    for (ReviewStatus s : {ReviewStatus::Accepted, ReviewStatus::Corrected, ReviewStatus::Rejected})
        EXPECT_EQ(reviewStatusFromName(reviewStatusName(s)), s);
    EXPECT_STREQ(reviewStatusName(ReviewStatus::Corrected), "corrected");
    EXPECT_FALSE(reviewStatusFromName("Accepted").has_value());
}

TEST(Sample, JsonRoundTripKeepsEveryFieldAndUnknownOnes) {
    Sample s = test::makeSample("Where is the lesion?", ReviewStatus::Corrected);
    s.id = "000042";
    s.note = "fixed the rim";
    s.annotator = "reviewer";
    s.createdAt = "2026-11-29T14:03:05Z";
    s.modifiedAt = "2026-11-29T14:04:00Z";
    s.appVersion = "1.2.3";
    s.source.kind = "dicom_series";
    s.source.slice = 7;
    s.source.size = {512, 512, 90};
    s.source.spacing = {0.7, 0.7, 2.5};
    s.source.origin = {-100, -120.5, 30};
    s.source.direction = {1, 0, 0, 0, -1, 0, 0, 0, 1};
    s.imageFile = "images/000042.png";
    s.maskFile = "masks/000042.png";
    s.firstMaskFile = "masks/000042_expert.png";
    s.extra.set("future_field", mr::json::Value(mr::json::Array{1, 2}));
    const std::string line = mr::json::dump(sampleToJson(s));
    Sample back = sampleFromJson(mr::json::parse(line), "test");
    EXPECT_EQ(mr::json::dump(sampleToJson(back)), line);
    EXPECT_EQ(back.status, ReviewStatus::Corrected);
    EXPECT_EQ(back.source.size[2], 90);
    EXPECT_DOUBLE_EQ(back.source.origin[1], -120.5);
    EXPECT_EQ(back.points.size(), 2u);
    ASSERT_TRUE(back.bbox.has_value());
    EXPECT_EQ(back.bbox->y2, 12);
    EXPECT_EQ(back.extra.at("future_field").size(), 2u);

    s.bbox.reset();
    back = sampleFromJson(sampleToJson(s), "test");
    EXPECT_FALSE(back.bbox.has_value());
}

TEST(Sample, TraceStateIsRecordedAndOlderRecordsReadWithoutIt) {
    Sample s = test::makeSample("Where is the lesion?", ReviewStatus::Accepted);
    s.id = "000043";
    s.traceState = "stopped";
    const mr::json::Value v = sampleToJson(s);
    ASSERT_NE(v.find("trace_state"), nullptr);
    EXPECT_EQ(v.at("trace_state").asString(), "stopped");
    EXPECT_EQ(sampleFromJson(v, "test").traceState, "stopped");
    EXPECT_FALSE(sampleFromJson(v, "test").extra.contains("trace_state"));  // a known field, not an unknown one
    // A record written before the field existed reads with no state and writes none back.
    s.traceState.clear();
    const mr::json::Value old = sampleToJson(s);
    EXPECT_EQ(old.find("trace_state"), nullptr);
    EXPECT_EQ(sampleFromJson(old, "test").traceState, "");
    // The U-MRG record keeps its official fields only.
    s.traceState = "malformed";
    EXPECT_EQ(mr::json::dump(umrgRecordJsonOf(s)).find("trace_state"), std::string::npos);
}

TEST(Sample, ErrorsNameTheFieldAndWhere) {
    auto v = sampleToJson(test::makeSample("q"));
    v.set("id", "000001");
    v.set("status", "maybe");
    try {
        sampleFromJson(v, "samples.jsonl, line 3");
        FAIL();
    } catch (const DatasetError& e) {
        EXPECT_NE(std::string(e.what()).find("line 3"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("status"), std::string::npos);
    }
    v.set("status", "accepted");
    v.set("dice", "high");
    EXPECT_THROW(sampleFromJson(v, "x"), DatasetError);
    EXPECT_THROW(sampleFromJson(mr::json::Value::object(), "x"), DatasetError);  // no id
}

TEST(Sample, UmrgRecord) {
    Sample s = test::makeSample("Which organ?");
    s.id = "000003";
    s.imageFile = "images/000003.png";
    s.maskFile = "masks/000003.png";
    UmrgRecord r = umrgRecordOf(s);
    EXPECT_EQ(r.id, "000003");
    EXPECT_EQ(r.image, "images/000003.png");
    EXPECT_EQ(r.mask, "masks/000003.png");
    EXPECT_EQ(r.answer, "the lesion");
    EXPECT_EQ(r.bbox2d.x2, 10);
    EXPECT_EQ(r.point2d[1].x, 5);
    EXPECT_EQ(r.modality, "CT");
    // It is a valid record of the raw layout.
    UmrgRecord back = recordFromJson(recordToJson(r), "x");
    EXPECT_EQ(back.category, "liver tumor");
}

TEST(Sample, TruthFromTheFinalMaskWinsOverTheAnswerInTheRecord) {
    Sample s = test::makeSample("Which organ?");
    s.id = "000004";
    s.truthBox = mr::Box{20, 21, 40, 41};
    s.truthPoints = {{25, 30}, {35, 32}};
    const Sample back = sampleFromJson(sampleToJson(s), "x");
    ASSERT_TRUE(back.truthBox.has_value());
    EXPECT_EQ(back.truthBox->y1, 21);
    ASSERT_EQ(back.truthPoints.size(), 2u);
    EXPECT_EQ(back.truthPoints[1].x, 35);
    ASSERT_TRUE(back.bbox.has_value());  // the reasoner's answer is kept beside it
    EXPECT_EQ(back.bbox->x2, 10);
    const UmrgRecord r = umrgRecordOf(back);
    EXPECT_EQ(r.bbox2d, (mr::Box{20, 21, 40, 41}));
    EXPECT_EQ(r.point2d[0].y, 30);
    auto bad = sampleToJson(s);
    bad.set("truth_point_2d", mr::json::Value(mr::json::Array{1, 2}));
    EXPECT_THROW(sampleFromJson(bad, "x"), DatasetError);
}
