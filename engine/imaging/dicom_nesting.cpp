#include "engine/imaging/dicom_nesting.h"

#include "dcmtk/config/osconfig.h"  // must come first
#include "dcmtk/dcmdata/dctag.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

#include "engine/core/files.h"
#include "engine/core/limits.h"
#include "engine/imaging/image_read_error.h"

namespace mr::imaging::detail {
namespace {

constexpr uint64_t kUndefined = 0xFFFFFFFFu;
constexpr uint64_t kOpenEnded = UINT64_MAX;

struct Syntax {
    bool explicitVr = true;
    bool bigEndian = false;
};

// One level the walk is inside: a sequence or an item, ending at a byte offset or at a delimiter.
struct Frame {
    bool sequence = false;
    uint64_t end = kOpenEnded;
};

bool isLongVr(std::string_view vr) {
    for (const char* v : {"OB", "OD", "OF", "OL", "OV", "OW", "SQ", "UC", "UN", "UR", "UT", "SV", "UV"})
        if (vr == v) return true;
    return false;
}

class Walker {
public:
    Walker(const uint8_t* b, uint64_t n, int limit) : b_(b), n_(n), limit_(limit) {}

    SequenceNesting run() {
        SequenceNesting r;
        r.complete = start() && walk(r);
        return r;
    }

private:
    const uint8_t* b_;
    uint64_t n_;
    int limit_;
    uint64_t pos_ = 0;
    Syntax syntax_;
    std::vector<Frame> frames_;
    int depth_ = 0;

    bool has(uint64_t k) const { return k <= n_ - pos_; }
    uint16_t u16(uint64_t at, bool big) const {
        return big ? uint16_t(b_[at] << 8 | b_[at + 1]) : uint16_t(b_[at] | b_[at + 1] << 8);
    }
    uint32_t u32(uint64_t at, bool big) const {
        return big ? uint32_t(u16(at, true)) << 16 | u16(at + 2, true)
                   : u16(at, false) | uint32_t(u16(at + 2, false)) << 16;
    }
    static bool letter(uint8_t c) { return c >= 'A' && c <= 'Z'; }

    // Skips the preamble and reads the meta group's transfer syntax (or guesses it, as DCMTK does).
    bool start() {
        if (n_ >= 132 && std::memcmp(b_ + 128, "DICM", 4) == 0) {
            pos_ = 132;
            std::string ts;
            while (has(8) && u16(pos_, false) == 0x0002) {
                if (!letter(b_[pos_ + 4]) || !letter(b_[pos_ + 5])) return false;
                const std::string_view vr(reinterpret_cast<const char*>(b_ + pos_ + 4), 2);
                const bool isLong = isLongVr(vr);
                if (isLong && !has(12)) return false;
                const uint64_t len = isLong ? u32(pos_ + 8, false) : u16(pos_ + 6, false);
                const uint64_t head = isLong ? 12 : 8;
                if (len == kUndefined || !has(head + len)) return false;
                if (u16(pos_ + 2, false) == 0x0010)
                    ts.assign(reinterpret_cast<const char*>(b_ + pos_ + head), size_t(len));
                pos_ += head + len;
            }
            while (!ts.empty() && (ts.back() == '\0' || ts.back() == ' ')) ts.pop_back();
            if (ts == "1.2.840.10008.1.2.1.99") return false;  // deflated: the bytes are not elements
            if (!ts.empty()) {
                syntax_.explicitVr = ts != "1.2.840.10008.1.2";
                syntax_.bigEndian = ts == "1.2.840.10008.1.2.2";
                return true;
            }
        }
        if (!has(6)) return true;  // nothing to walk
        syntax_.bigEndian = b_[pos_] == 0 && b_[pos_ + 1] == 0x08;
        syntax_.explicitVr = letter(b_[pos_ + 4]) && letter(b_[pos_ + 5]);
        return true;
    }

    void popFinished() {
        while (!frames_.empty() && frames_.back().end != kOpenEnded && pos_ >= frames_.back().end) pop();
    }
    void pop() {
        if (frames_.back().sequence) --depth_;
        frames_.pop_back();
    }
    bool push(bool sequence, uint64_t len) {
        if (len != kUndefined && !has(len)) return false;
        frames_.push_back({sequence, len == kUndefined ? kOpenEnded : pos_ + len});
        if (sequence) ++depth_;
        return true;
    }

    // Item, item delimiter or sequence delimiter (always 4-byte tag + 4-byte length).
    bool delimiter(uint16_t element, uint64_t len) {
        const bool inSequence = !frames_.empty() && frames_.back().sequence;
        if (element == 0xE000) return inSequence && push(false, len);
        if (element == 0xE00D) {
            if (frames_.empty() || frames_.back().sequence) return false;
            pop();
            return true;
        }
        if (element == 0xE0DD) {
            if (!inSequence) return false;
            pop();
            return true;
        }
        return false;
    }

    // Encapsulated pixel data: items of compressed bytes up to a sequence delimiter.
    bool skipFragments() {
        while (has(8)) {
            const uint16_t group = u16(pos_, syntax_.bigEndian), element = u16(pos_ + 2, syntax_.bigEndian);
            const uint64_t len = u32(pos_ + 4, syntax_.bigEndian);
            pos_ += 8;
            if (group != 0xFFFE) return false;
            if (element == 0xE0DD) return true;
            if (element != 0xE000 || len == kUndefined || !has(len)) return false;
            pos_ += len;
        }
        return false;
    }

    bool walk(SequenceNesting& r) {
        const bool big = syntax_.bigEndian;
        for (;;) {
            popFinished();
            if (pos_ == n_) return true;
            if (!has(8)) return false;
            const uint16_t group = u16(pos_, big), element = u16(pos_ + 2, big);
            if (group == 0xFFFE) {
                const uint64_t len = u32(pos_ + 4, big);
                pos_ += 8;
                if (!delimiter(element, len)) return false;
                continue;
            }
            if (!frames_.empty() && frames_.back().sequence) return false;  // only items inside a sequence
            bool sequence = false;
            uint64_t len = 0;
            if (syntax_.explicitVr) {
                if (!letter(b_[pos_ + 4]) || !letter(b_[pos_ + 5])) return false;
                const std::string_view vr(reinterpret_cast<const char*>(b_ + pos_ + 4), 2);
                sequence = vr == "SQ";
                if (isLongVr(vr)) {
                    if (!has(12)) return false;
                    len = u32(pos_ + 8, big);
                    pos_ += 12;
                } else {
                    len = u16(pos_ + 6, big);
                    pos_ += 8;
                }
            } else {
                len = u32(pos_ + 4, big);
                pos_ += 8;
                sequence = DcmTag(group, element).getEVR() == EVR_SQ;
            }
            if (len == kUndefined && group == 0x7FE0 && !sequence) {
                if (!skipFragments()) return false;
                continue;
            }
            // DCMTK reads any other element of undefined length as a sequence.
            if (sequence || len == kUndefined) {
                if (!push(true, len)) return false;
                r.maxDepth = std::max(r.maxDepth, depth_);
                if (depth_ > limit_) return true;
                continue;
            }
            if (!has(len)) return false;
            pos_ += len;
        }
    }
};

int64_t countItemTags(const uint8_t* b, uint64_t n) {
    int64_t count = 0;
    for (uint64_t i = 0; i + 4 <= n; ++i)
        if ((b[i] == 0xFE && b[i + 1] == 0xFF && b[i + 2] == 0x00 && b[i + 3] == 0xE0) ||
            (b[i] == 0xFF && b[i + 1] == 0xFE && b[i + 2] == 0xE0 && b[i + 3] == 0x00))
            ++count;
    return count;
}

}  // namespace

SequenceNesting measureSequenceNesting(const uint8_t* bytes, uint64_t size, int limit) {
    SequenceNesting r = Walker(bytes, size, limit).run();
    if (!r.complete) r.itemTags = countItemTags(bytes, size);
    return r;
}

void checkSequenceNesting(const std::string& path) {
    std::unique_ptr<mr::MappedFile> map;
    try {
        map = std::make_unique<mr::MappedFile>(path);
    } catch (const mr::Error&) {
        return;  // DCMTK reports why the file cannot be read
    }
    const int limit = mr::limits::kMaxDicomSequenceDepth;
    const SequenceNesting r = measureSequenceNesting(map->data(), map->size(), limit);
    if (r.maxDepth > limit)
        throw ImageReadError(
            path, "sequences nest more than " + std::to_string(limit) + " levels deep (damaged or hostile file)");
    // Each level needs an item tag: a file with few of them cannot nest deeply whatever it holds.
    if (!r.complete && r.itemTags > limit)
        throw ImageReadError(path,
                             "cannot follow its data elements to check how deeply sequences nest (damaged file?)");
}

}  // namespace mr::imaging::detail
