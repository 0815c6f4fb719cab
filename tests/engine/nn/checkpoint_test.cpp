// PyTorch checkpoints (.pth) read without executing pickled code.
#include "engine/nn/checkpoint.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "engine/core/files.h"
#include "engine/nn/device.h"
#include "engine/nn/restricted_pickle.h"

namespace fs = std::filesystem;
using mr::nn::WeightsError;

namespace {

std::string fixture(const std::string& f) { return std::string(MR_FIXTURES_DIR) + "/sam-tiny/" + f; }

std::string out(const std::string& name) {
    fs::create_directories(MR_TEST_OUTPUT_DIR);
    return (fs::path(MR_TEST_OUTPUT_DIR) / name).string();
}

std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const mr::Error& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(Checkpoint, PthEqualsSafetensors) {
    auto pth = mr::nn::loadStateDict(fixture("model.pth"));
    auto st = mr::nn::loadStateDict(fixture("model.safetensors"));
    ASSERT_EQ(pth.size(), 174u);
    ASSERT_EQ(st.size(), 174u);
    for (const auto& [k, v] : st) {
        ASSERT_TRUE(pth.count(k)) << k;
        EXPECT_EQ(pth[k].sizes(), v.sizes()) << k;
        EXPECT_TRUE(torch::equal(pth[k], v)) << k;
    }
}

TEST(Checkpoint, RefusesCodeInThePickle) {
    std::string data = mr::readFile(fixture("model.pth"));
    const std::string g = "collections\nOrderedDict\n";
    size_t at = data.find(g);
    ASSERT_NE(at, std::string::npos);
    data.replace(at, g.size(), "subprocess\ncheck_output\n");  // same length; the ZIP stays valid
    std::string path = out("evil.pth");
    mr::writeFileAtomic(path, data);
    std::string msg = errorOf([&] { mr::nn::loadTorchCheckpoint(path); });
    std::printf("  %s\n", msg.c_str());
    EXPECT_NE(msg.find("subprocess.check_output"), std::string::npos) << msg;
    EXPECT_NE(msg.find("not allowed"), std::string::npos) << msg;
}

TEST(Checkpoint, RestrictedPickleOpcodes) {
    using namespace mr::nn::pickle;
    // protocol 0: os.system("ls") -> rejected at the GLOBAL, before anything could be called.
    std::string evil = "cos\nsystem\n(S'ls'\ntR.";
    EXPECT_THROW(load(reinterpret_cast<const uint8_t*>(evil.data()), evil.size(), "evil"), PickleError);
    // NEWOBJ is not part of a state_dict.
    std::string newobj = "\x80\x02)\x81.";
    EXPECT_THROW(load(reinterpret_cast<const uint8_t*>(newobj.data()), newobj.size(), "x"), PickleError);
    // A plain dict of ints works.
    const char bytes[] =
        "\x80\x02}q\x00(X\x01\x00\x00\x00"
        "a"
        "K\x05X\x01\x00\x00\x00"
        "b"
        "J\xff\xff\xff\xffu.";
    std::string ok(bytes, sizeof bytes - 1);
    Ref r = load(reinterpret_cast<const uint8_t*>(ok.data()), ok.size(), "ok");
    ASSERT_EQ(r->kind, Object::Kind::Dict);
    ASSERT_EQ(r->dict.size(), 2u);
    EXPECT_EQ(r->dict[1].second->i, -1);
    std::string cut = ok.substr(0, 10);
    EXPECT_THROW(load(reinterpret_cast<const uint8_t*>(cut.data()), cut.size(), "cut"), PickleError);
}

TEST(Checkpoint, TruncatedAndForeignFiles) {
    std::string data = mr::readFile(fixture("model.pth"));
    std::string path = out("cut.pth");
    mr::writeFileAtomic(path, data.substr(0, data.size() - 5000));
    std::string msg = errorOf([&] { mr::nn::loadStateDict(path); });
    std::printf("  %s\n", msg.c_str());
    EXPECT_NE(msg.find(path), std::string::npos);
    std::string legacy = out("legacy.pth");
    mr::writeFileAtomic(legacy, std::string("\x80\x02\x8a\x0a", 4) + std::string(100, 'x'));
    EXPECT_NE(errorOf([&] { mr::nn::loadStateDict(legacy); }).find("legacy"), std::string::npos);
}

TEST(Checkpoint, CheckStateDictListsDifferences) {
    mr::nn::StateDict sd{{"a", torch::zeros({2, 3})}, {"b", torch::zeros({4})}};
    std::string msg = errorOf([&] { mr::nn::checkStateDict(sd, {{"a", {3, 2}}, {"c", {1}}}, "test"); });
    EXPECT_NE(msg.find("missing keys (1)"), std::string::npos) << msg;
    EXPECT_NE(msg.find("unexpected keys (1)"), std::string::npos) << msg;
    EXPECT_NE(msg.find("a (file [2,3], config [3,2])"), std::string::npos) << msg;
}

TEST(Device, ChoiceAndResolution) {
    auto c = mr::nn::parseDeviceChoice("cuda:1-half");
    EXPECT_EQ(c.kind, mr::nn::DeviceChoice::Kind::Cuda);
    EXPECT_EQ(c.cudaIndex, 1);
    EXPECT_TRUE(c.halfOnGpu);
    EXPECT_THROW(mr::nn::parseDeviceChoice("tpu"), mr::Error);
    mr::nn::DeviceChoice cpu;
    cpu.kind = mr::nn::DeviceChoice::Kind::Cpu;
    cpu.halfOnGpu = true;
    auto r = mr::nn::resolveDevice(cpu);
    EXPECT_TRUE(r.device.is_cpu());
    EXPECT_EQ(r.dtype, torch::kFloat32);  // never half on CPU
    auto a = mr::nn::resolveDevice({});
    EXPECT_EQ(a.device.is_cuda(), mr::nn::cudaAvailable());
    if (!mr::nn::cudaAvailable()) {
        mr::nn::DeviceChoice cuda;
        cuda.kind = mr::nn::DeviceChoice::Kind::Cuda;
        EXPECT_THROW(mr::nn::resolveDevice(cuda), mr::Error);
    }
}
