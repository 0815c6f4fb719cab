// Model settings: folder validation names exactly what is missing; loading refuses bad settings
// with every problem listed.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "engine/ground/model_set.h"
#include "tests/support/scratch_dir.h"

namespace fs = std::filesystem;
using namespace mr::ground;

namespace {

const std::string kFixtures = MR_FIXTURES_DIR;
const std::string kOut = std::string(MR_TEST_OUTPUT_DIR) + "/model_set";

std::string freshDir(const std::string& name) { return mr::testing::freshDir("model_set/" + name); }

void touch(const std::string& path, const std::string& content = "{}") { std::ofstream(path) << content; }

bool has(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

std::string joined(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += x + "; ";
    return s;
}

}  // namespace

TEST(ModelSet, ValidateReasonerFolderNamesWhatIsMissing) {
    EXPECT_TRUE(validateReasonerFolder(kFixtures + "/qwen2_5_vl-tiny").empty())
        << joined(validateReasonerFolder(kFixtures + "/qwen2_5_vl-tiny"));

    const std::string empty = freshDir("empty");
    const auto p = validateReasonerFolder(empty);
    EXPECT_EQ(p.size(), 3u) << joined(p);
    EXPECT_TRUE(has(p, "config.json missing")) << joined(p);
    EXPECT_TRUE(has(p, "no *.safetensors (the model weights)")) << joined(p);
    EXPECT_TRUE(has(p, "tokenizer: vocab.json+merges.txt or tokenizer.json missing")) << joined(p);

    const auto none = validateReasonerFolder(kOut + "/does-not-exist");
    ASSERT_EQ(none.size(), 1u);
    EXPECT_NE(none[0].find("folder does not exist"), std::string::npos);

    const std::string partial = freshDir("partial");
    touch(partial + "/config.json", "{\"model_type\": \"qwen2\"}");
    touch(partial + "/vocab.json");
    touch(partial + "/model-00001-of-00002.safetensors", "x");
    touch(
        partial + "/model.safetensors.index.json",
        "{\"weight_map\": {\"a\": \"model-00001-of-00002.safetensors\", \"b\": \"model-00002-of-00002.safetensors\"}}");
    const auto q = validateReasonerFolder(partial);
    EXPECT_TRUE(has(q, "config.json: no vision_config (not a Qwen2.5-VL vision-language model)")) << joined(q);
    EXPECT_TRUE(has(q, "model-00002-of-00002.safetensors missing (listed in model.safetensors.index.json)"))
        << joined(q);
    EXPECT_TRUE(has(q, "tokenizer: merges.txt missing (vocab.json present) and no tokenizer.json")) << joined(q);
    EXPECT_EQ(q.size(), 3u) << joined(q);

    const std::string broken = freshDir("broken");
    touch(broken + "/config.json", "{not json");
    touch(broken + "/tokenizer.json");
    touch(broken + "/model.safetensors", "x");
    const auto b = validateReasonerFolder(broken);
    ASSERT_EQ(b.size(), 1u) << joined(b);
    EXPECT_EQ(b[0].rfind("config.json: not valid JSON", 0), 0u) << b[0];
}

TEST(ModelSet, ExpertSettingsAreChecked) {
    ExpertSettings classical;
    EXPECT_TRUE(validateExpertSettings(classical).empty());
    ExpertSettings sam;
    sam.type = ExpertType::Sam;
    EXPECT_TRUE(has(validateExpertSettings(sam), "no SAM checkpoint chosen (.safetensors or .pth)"));
    sam.checkpoint = kFixtures + "/sam-tiny/model.safetensors";
    EXPECT_TRUE(validateExpertSettings(sam).empty());
    sam.device = "gpu";
    sam.dtype = "bfloat16";
    EXPECT_EQ(validateExpertSettings(sam).size(), 2u) << joined(validateExpertSettings(sam));
    ExpertSettings medsam;
    medsam.type = ExpertType::MedSam;
    medsam.checkpoint = kOut + "/nothing.pth";
    EXPECT_NE(validateExpertSettings(medsam).at(0).find("file does not exist"), std::string::npos);
    EXPECT_EQ(parseExpertType("MedSAM"), ExpertType::MedSam);
    EXPECT_THROW(parseExpertType("unet"), ModelSettingsError);
    EXPECT_EQ(parseExpertType("medsam2"), ExpertType::MedSam2);
    EXPECT_STREQ(expertTypeName(ExpertType::MedSam2), "medsam2");
    ExpertSettings medsam2;
    medsam2.type = ExpertType::MedSam2;
    medsam2.checkpoint = kFixtures + "/medsam2-tiny/model.pt";
    medsam2.imageSize = 1000;  // not a multiple of 32
    EXPECT_TRUE(has(validateExpertSettings(medsam2),
                    "image size 1000: only MedSAM2 takes one, a multiple of 32 "
                    "(512 as trained, 1024 as MedReasoner runs it)"))
        << joined(validateExpertSettings(medsam2));
    medsam2.imageSize = 1024;
    EXPECT_TRUE(validateExpertSettings(medsam2).empty());
    sam.device = "cpu";
    sam.dtype = "auto";
    sam.imageSize = 1024;  // SAM has no image-size setting
    EXPECT_EQ(validateExpertSettings(sam).size(), 1u);
}

TEST(ModelSet, LoadsMedSam2AtTheChosenImageSize) {
    ExpertSettings s;
    s.type = ExpertType::MedSam2;
    s.checkpoint = kFixtures + "/medsam2-tiny/model.safetensors";
    s.device = "cpu";
    s.imageSize = 1024;
    auto expert = loadExpert(s);
    ASSERT_TRUE(expert);
    EXPECT_EQ(expert->name(), "medsam2");
    expert->setImage(mr::RgbImage{64, 48, std::vector<uint8_t>(64 * 48 * 3, 120)}, mr::CancelToken());
    mr::segment::Prompts p;
    p.box = mr::Box{10, 10, 40, 30};
    p.points = {{20, 20, true}, {30, 25, true}};
    p.multimask = true;
    const auto r = expert->predict(p, mr::CancelToken());
    EXPECT_EQ(r.masks.size(), 3u);
    EXPECT_EQ(r.lowResSize, 256);  // MedReasoner's call path: 1024 / 4
}

TEST(ModelSet, LoadingRefusesBadSettingsWithEveryProblem) {
    ModelSettings s;
    s.reasoner.folder = freshDir("load-empty");
    s.expert.type = ExpertType::MedSam;
    try {
        loadModelSet(s);
        FAIL() << "expected ModelSettingsError";
    } catch (const ModelSettingsError& e) {
        EXPECT_EQ(e.problems().size(), 4u) << e.what();
        EXPECT_NE(std::string(e.what()).find("reasoner: config.json missing"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("expert: no MedSAM checkpoint"), std::string::npos) << e.what();
    }

    // Good settings load both models; no reasoner folder loads the expert only.
    ModelSettings good;
    good.reasoner.folder = kFixtures + "/qwen2_5_vl-tiny";
    good.reasoner.device = "cpu";
    good.expert.type = ExpertType::Sam;
    good.expert.checkpoint = kFixtures + "/sam-tiny/model.safetensors";
    good.expert.device = "cpu";
    double last = -1;
    ModelSet set = loadModelSet(good, [&](double f, std::string_view) { last = f; });
    EXPECT_TRUE(set.reasoner);
    EXPECT_TRUE(set.expert);
    EXPECT_EQ(last, 1.0);
    EXPECT_NE(set.reasonerDescription.find("qwen2_5_vl-tiny"), std::string::npos);
    ModelSet expertOnly = loadModelSet(ModelSettings{});
    EXPECT_FALSE(expertOnly.reasoner);
    ASSERT_TRUE(expertOnly.expert);
}
