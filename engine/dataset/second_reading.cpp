// A second reader's blind reading of a saved sample, and the adjudication between the readers:
// DatasetStore::addReading and DatasetStore::adjudicate (declared in dataset_store.h; kept here so
// the store's file stays about the folder, the log and the ledger).
#include <algorithm>
#include <filesystem>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "engine/core/files.h"
#include "engine/dataset/dataset_store.h"
#include "engine/dataset/mask_png.h"
#include "engine/edit/edit_statistics.h"
#include "engine/edit/mask_geometry.h"

namespace fs = std::filesystem;

namespace mr::dataset {

namespace {

// The sample image's width and height: every mask of the sample has its size.
std::pair<int, int> imageSizeOf(const DatasetStore& store, const Sample& s, const std::string& what) {
    const cv::Mat image =
        s.imageFile.empty() ? cv::Mat() : cv::imread(store.absolutePath(s.imageFile), cv::IMREAD_UNCHANGED);
    if (image.empty()) throw DatasetError(what + ": its image " + s.imageFile + " cannot be read");
    return {image.cols, image.rows};
}

void requireSize(const std::vector<uint8_t>& mask, std::pair<int, int> size, const std::string& what) {
    if (mask.size() != size_t(size.first) * size_t(size.second))
        throw DatasetError(what + ": the mask has " + std::to_string(mask.size()) + " pixels, the image " +
                           std::to_string(size.first) + " x " + std::to_string(size.second));
}

// An imported record's id is the other tool's text; it only names a file when it cannot leave masks/.
bool fileNameSafe(const std::string& id) {
    return !id.empty() && id != "." && id != ".." && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_' ||
               c == '.';
    });
}

// The mask the readings are compared with: the accepted revision's (what exports call the truth).
struct FirstReading {
    std::string annotator, maskFile;
    ReviewStatus status = ReviewStatus::Accepted;
    std::vector<uint8_t> bits;
};

FirstReading firstReadingOf(const DatasetStore& store, const Sample& s, std::pair<int, int> size,
                            const std::string& what) {
    const std::optional<Sample> accepted = acceptedRevisionOf(s);
    if (!accepted) throw DatasetError(what + ": it has no accepted mask to compare with (every revision is rejected)");
    if (accepted->maskFile.empty()) throw DatasetError(what + ": it has no mask to compare with");
    auto bits = readMaskPng(store.absolutePath(accepted->maskFile), size.first, size.second);
    if (!bits) throw DatasetError(what + ": its mask " + accepted->maskFile + " cannot be read at the image's size");
    return {accepted->annotator, accepted->maskFile, accepted->status, std::move(*bits)};
}

bool sameMask(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b) {
    return a.size() == b.size() && mr::edit::compareMasks(a.data(), b.data(), a.size()).pixelsChanged == 0;
}

}  // namespace

Sample DatasetStore::addReading(const std::string& id, const std::string& annotator, const std::vector<uint8_t>& mask,
                                double secondsSpent) {
    requireWritable("save a second reading");
    const std::string what =
        "cannot save " + (annotator.empty() ? std::string("a") : annotator + "'s") + " reading of sample '" + id + "'";
    const Sample* old = find(id);
    if (!old) throw DatasetError(what + ": it is not in " + folder_);
    if (annotator.empty()) throw DatasetError(what + ": a reading needs the reader's name");
    if (!fileNameSafe(id)) throw DatasetError(what + ": its id cannot name a file");
    const auto size = imageSizeOf(*this, *old, what);
    requireSize(mask, size, what);
    const FirstReading first = firstReadingOf(*this, *old, size, what);
    // A reading is independent only when the reader has not drawn the mask it is compared with.
    if (annotator == first.annotator)
        throw DatasetError(what + ": " + annotator + " is the first reader of sample " + id);
    for (const Reading& r : old->readings)
        if (r.annotator == annotator) throw DatasetError(what + ": " + annotator + " has read it already");

    Reading r;
    r.annotator = annotator;
    r.firstReader = first.annotator;
    r.secondsSpent = secondsSpent > 0 ? secondsSpent : 0;
    // K = 2 for the second reader; skip any name that a file, an earlier reading or the ledger holds.
    for (int k = 2;; ++k) {
        r.maskFile = "masks/" + id + "_reader" + std::to_string(k) + ".png";
        const bool used = std::any_of(old->readings.begin(), old->readings.end(),
                                      [&](const Reading& o) { return o.maskFile == r.maskFile; });
        std::error_code ec;
        const bool exists = fs::exists(absolutePath(r.maskFile), ec);
        if (ec) throw DatasetError(what + ": cannot look for " + r.maskFile + ": " + ec.message());
        if (!used && !exists && !ledger_.hasWritten(r.maskFile)) break;
    }
    const auto agreement = mr::edit::compareMasks(first.bits.data(), mask.data(), mask.size());
    r.diceToFirst = agreement.dice;
    r.pixelsInDisagreement = agreement.pixelsChanged;
    const std::string png = encodeMaskPng(mask, size.first, size.second, r.maskFile);
    try {
        // The file first, then the log line that makes it part of the sample (as revise()).
        writeOwnFile(r.maskFile, png);
    } catch (const mr::Error& e) {
        throw DatasetError(what + ": " + e.what());
    }
    r.savedAt = utcTimestamp();
    Sample s = *old;
    s.readings.push_back(r);
    appendLine(mr::json::dump(sampleToJson(s)) + "\n");
    insert(s);
    // The records file does not change: the sample's mask is the same.
    return s;
}

Sample DatasetStore::adjudicate(const std::string& id, const std::string& adjudicator,
                                const std::vector<uint8_t>& finalMask, const std::string& decision,
                                const std::string& note) {
    requireWritable("save an adjudication");
    const std::string what = "cannot save the adjudication of sample '" + id + "'";
    const Sample* old = find(id);
    if (!old) throw DatasetError(what + ": it is not in " + folder_);
    if (decision != "first" && decision != "second" && decision != "edited")
        throw DatasetError(what + ": the decision must be first, second or edited, not '" + decision + "'");
    if (adjudicator.empty()) throw DatasetError(what + ": an adjudication needs the adjudicator's name");
    if (old->readings.empty()) throw DatasetError(what + ": it has no second reading to adjudicate");
    const auto size = imageSizeOf(*this, *old, what);
    requireSize(finalMask, size, what);
    const FirstReading first = firstReadingOf(*this, *old, size, what);
    const bool unchanged = sameMask(first.bits, finalMask);
    // The decision says whose mask won, so it must be that mask: the history cannot say otherwise.
    if (decision == "first" && !unchanged)
        throw DatasetError(what + ": the decision is 'first' but the mask is not the first reader's (" +
                           first.maskFile + ")");
    if (decision == "second") {
        const bool isAReading = std::any_of(old->readings.begin(), old->readings.end(), [&](const Reading& r) {
            auto bits = readMaskPng(absolutePath(r.maskFile), size.first, size.second);
            return bits && sameMask(*bits, finalMask);
        });
        if (!isAReading) throw DatasetError(what + ": the decision is 'second' but the mask is no reading's mask");
    }
    Sample edited = *old;
    edited.status = unchanged ? first.status : ReviewStatus::Corrected;
    edited.annotator = adjudicator;
    edited.note = note;
    edited.truthBox = mr::edit::maskBoundingBox(finalMask.data(), size.first, size.second);
    edited.truthPoints = mr::edit::maskKeyPoints(finalMask.data(), size.first, size.second);
    return saveRevision(edited, finalMask, decision);
}

}  // namespace mr::dataset
