#include "engine/imaging/jpeg2000.h"

#include <openjpeg.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "engine/core/error.h"

namespace mr::imaging {

namespace {
struct MemoryStream {
    const uint8_t* data = nullptr;
    size_t size = 0;
    size_t pos = 0;
    std::vector<uint8_t>* out = nullptr;  // when writing
};

OPJ_SIZE_T readFn(void* buffer, OPJ_SIZE_T n, void* user) {
    auto* s = static_cast<MemoryStream*>(user);
    if (s->pos >= s->size) return OPJ_SIZE_T(-1);
    size_t k = std::min<size_t>(n, s->size - s->pos);
    std::memcpy(buffer, s->data + s->pos, k);
    s->pos += k;
    return k;
}
OPJ_SIZE_T writeFn(void* buffer, OPJ_SIZE_T n, void* user) {
    auto* s = static_cast<MemoryStream*>(user);
    if (s->out->size() < s->pos + n) s->out->resize(s->pos + n);
    std::memcpy(s->out->data() + s->pos, buffer, n);
    s->pos += n;
    return n;
}
OPJ_OFF_T skipFn(OPJ_OFF_T n, void* user) {
    auto* s = static_cast<MemoryStream*>(user);
    if (s->out) {
        s->pos += size_t(n);
        if (s->out->size() < s->pos) s->out->resize(s->pos);
        return n;
    }
    if (n < 0 && size_t(-n) > s->pos) n = -OPJ_OFF_T(s->pos);
    if (n > 0 && s->pos + size_t(n) > s->size) n = OPJ_OFF_T(s->size - s->pos);
    s->pos = size_t(OPJ_OFF_T(s->pos) + n);
    return n;
}
OPJ_BOOL seekFn(OPJ_OFF_T n, void* user) {
    auto* s = static_cast<MemoryStream*>(user);
    if (n < 0) return OPJ_FALSE;
    if (!s->out && size_t(n) > s->size) return OPJ_FALSE;
    s->pos = size_t(n);
    if (s->out && s->out->size() < s->pos) s->out->resize(s->pos);
    return OPJ_TRUE;
}

struct ErrorSink {
    std::string message;
};
void errorFn(const char* msg, void* user) {
    auto* e = static_cast<ErrorSink*>(user);
    if (e->message.empty()) {
        e->message = msg;
        while (!e->message.empty() && (e->message.back() == '\n' || e->message.back() == ' ')) e->message.pop_back();
    }
}
void quietFn(const char*, void*) {}

struct CodecDeleter {
    void operator()(opj_codec_t* c) const { opj_destroy_codec(c); }
};
struct StreamDeleter {
    void operator()(opj_stream_t* s) const { opj_stream_destroy(s); }
};
struct ImageDeleter {
    void operator()(opj_image_t* i) const { opj_image_destroy(i); }
};

opj_stream_t* makeStream(MemoryStream* ms, bool input) {
    opj_stream_t* s = opj_stream_create(1 << 16, input ? OPJ_TRUE : OPJ_FALSE);
    opj_stream_set_user_data(s, ms, nullptr);
    if (input) {
        opj_stream_set_user_data_length(s, ms->size);
        opj_stream_set_read_function(s, readFn);
    } else {
        opj_stream_set_write_function(s, writeFn);
    }
    opj_stream_set_skip_function(s, skipFn);
    opj_stream_set_seek_function(s, seekFn);
    return s;
}
}  // namespace

J2kImage decodeJpeg2000(const uint8_t* data, size_t size, const std::string& what) {
    if (size < 12) throw mr::Error(what + ": JPEG 2000 data is too short");
    static const uint8_t jp2Magic[] = {0, 0, 0, 0x0C, 'j', 'P', ' ', ' '};
    OPJ_CODEC_FORMAT format = std::memcmp(data, jp2Magic, 8) == 0 ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K;
    if (format == OPJ_CODEC_J2K && !(data[0] == 0xFF && data[1] == 0x4F))
        throw mr::Error(what + ": not a JPEG 2000 codestream (no SOC marker)");
    std::unique_ptr<opj_codec_t, CodecDeleter> codec(opj_create_decompress(format));
    ErrorSink sink;
    opj_set_error_handler(codec.get(), errorFn, &sink);
    opj_set_warning_handler(codec.get(), quietFn, nullptr);
    opj_set_info_handler(codec.get(), quietFn, nullptr);
    opj_dparameters_t params;
    opj_set_default_decoder_parameters(&params);
    if (!opj_setup_decoder(codec.get(), &params)) throw mr::Error(what + ": cannot set up the JPEG 2000 decoder");
    MemoryStream ms{data, size, 0, nullptr};
    std::unique_ptr<opj_stream_t, StreamDeleter> stream(makeStream(&ms, true));
    opj_image_t* raw = nullptr;
    if (!opj_read_header(stream.get(), codec.get(), &raw))
        throw mr::Error(what + ": bad JPEG 2000 header" + (sink.message.empty() ? "" : " (" + sink.message + ")"));
    std::unique_ptr<opj_image_t, ImageDeleter> img(raw);
    if (!opj_decode(codec.get(), stream.get(), img.get()) || !opj_end_decompress(codec.get(), stream.get()))
        throw mr::Error(what + ": JPEG 2000 decoding failed" + (sink.message.empty() ? "" : " (" + sink.message + ")"));
    if (img->numcomps < 1) throw mr::Error(what + ": JPEG 2000 image without components");
    J2kImage out;
    const opj_image_comp_t& c0 = img->comps[0];
    out.width = int(c0.w);
    out.height = int(c0.h);
    out.components = int(img->numcomps);
    out.precision = int(c0.prec);
    out.isSigned = c0.sgnd != 0;
    for (int c = 0; c < out.components; ++c) {
        const auto& comp = img->comps[c];
        if (!comp.data || comp.w != c0.w || comp.h != c0.h)
            throw mr::Error(what + ": JPEG 2000 components with subsampling are not supported");
    }
    size_t n = size_t(out.width) * size_t(out.height);
    out.samples.resize(n * size_t(out.components));
    for (int c = 0; c < out.components; ++c) {
        const OPJ_INT32* src = img->comps[c].data;
        for (size_t i = 0; i < n; ++i) out.samples[i * size_t(out.components) + size_t(c)] = src[i];
    }
    return out;
}

std::vector<uint8_t> encodeJpeg2000(const J2kImage& in, bool lossless, float ratio, bool mct) {
    if (in.width <= 0 || in.height <= 0 || in.components < 1 || in.components > 4)
        throw mr::Error("JPEG 2000 encoder: bad image shape");
    size_t n = size_t(in.width) * size_t(in.height);
    if (in.samples.size() != n * size_t(in.components)) throw mr::Error("JPEG 2000 encoder: sample count mismatch");
    std::vector<opj_image_cmptparm_t> parms(size_t(in.components));
    for (auto& p : parms) {
        std::memset(&p, 0, sizeof p);
        p.dx = p.dy = 1;
        p.w = OPJ_UINT32(in.width);
        p.h = OPJ_UINT32(in.height);
        p.prec = OPJ_UINT32(in.precision);
        p.sgnd = in.isSigned ? 1 : 0;
    }
    std::unique_ptr<opj_image_t, ImageDeleter> img(opj_image_create(
        OPJ_UINT32(in.components), parms.data(), in.components == 3 ? OPJ_CLRSPC_SRGB : OPJ_CLRSPC_GRAY));
    if (!img) throw mr::Error("JPEG 2000 encoder: cannot create image");
    img->x0 = img->y0 = 0;
    img->x1 = OPJ_UINT32(in.width);
    img->y1 = OPJ_UINT32(in.height);
    for (int c = 0; c < in.components; ++c)
        for (size_t i = 0; i < n; ++i) img->comps[c].data[i] = in.samples[i * size_t(in.components) + size_t(c)];
    opj_cparameters_t params;
    opj_set_default_encoder_parameters(&params);
    params.tcp_numlayers = 1;
    params.cp_disto_alloc = 1;
    params.tcp_rates[0] = lossless ? 0 : ratio;
    params.irreversible = lossless ? 0 : 1;
    params.tcp_mct = (in.components == 3 && mct) ? 1 : 0;
    // Small images cannot have the default six resolution levels.
    while (params.numresolution > 1 && (1 << (params.numresolution - 1)) > std::min(in.width, in.height))
        --params.numresolution;
    std::unique_ptr<opj_codec_t, CodecDeleter> codec(opj_create_compress(OPJ_CODEC_J2K));
    ErrorSink sink;
    opj_set_error_handler(codec.get(), errorFn, &sink);
    opj_set_warning_handler(codec.get(), quietFn, nullptr);
    opj_set_info_handler(codec.get(), quietFn, nullptr);
    if (!opj_setup_encoder(codec.get(), &params, img.get()))
        throw mr::Error("JPEG 2000 encoder: setup failed " + sink.message);
    std::vector<uint8_t> out;
    MemoryStream ms{nullptr, 0, 0, &out};
    std::unique_ptr<opj_stream_t, StreamDeleter> stream(makeStream(&ms, false));
    if (!opj_start_compress(codec.get(), img.get(), stream.get()) || !opj_encode(codec.get(), stream.get()) ||
        !opj_end_compress(codec.get(), stream.get()))
        throw mr::Error("JPEG 2000 encoding failed " + sink.message);
    stream.reset();
    return out;
}

}  // namespace mr::imaging
