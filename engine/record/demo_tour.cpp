#include "engine/record/demo_tour.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <string>

#include "engine/ground/reasoner_image.h"

namespace mr::record {

namespace {

struct TourScript {
    const char* question;
    mr::demo::Label structure;
    const char* reasoning;
};

// Written by hand about the phantom's anatomy; the coordinates are added from its labels.
const TourScript kScripts[] = {
    {"Where would you biopsy to confirm the suspected malignancy?", mr::demo::Lesion,
     "This is an axial contrast-enhanced CT of the upper abdomen in the portal venous phase. The liver fills "
     "the right side of the abdomen (the left of the image). Inside it there is a round focus that is darker "
     "than the enhancing parenchyma around it: a hypodense lesion, the most suspicious finding on this slice. "
     "To confirm malignancy, tissue should come from the solid part of this lesion, reached through normal "
     "liver. I will box the lesion and put both points inside it."},
    {"Which organ enlarges first in portal hypertension, and where is it?", mr::demo::Spleen,
     "Portal hypertension raises the pressure in the splenic vein, so the spleen enlarges. On this slice the "
     "spleen lies in the left upper quadrant, posterolateral, against the ribs on the right of the image, "
     "with the homogeneous enhancement of a solid organ. I will box the spleen and place two points inside it."},
    {"Where would you look for the cause of the patient's left flank pain?", mr::demo::KidneyLeft,
     "Flank pain on the left points to the left kidney first (a stone, obstruction or infection). In the "
     "radiological convention the patient's left is on the right of the image. The left kidney sits beside "
     "the spine, behind the bowel, with a bright enhancing cortex. I will box the left kidney and put both "
     "points in its parenchyma."},
};

// The axial slice on which `structure` covers the most voxels.
int64_t largestSlice(const mr::imaging::Image& labels, uint8_t structure) {
    const uint8_t* v = labels.data<uint8_t>();
    const int64_t plane = labels.width() * labels.height();
    int64_t best = 0, bestCount = -1;
    for (int64_t z = 0; z < labels.depth(); ++z) {
        int64_t count = 0;
        for (int64_t i = 0; i < plane; ++i) count += v[z * plane + i] == structure;
        if (count > bestCount) bestCount = count, best = z;
    }
    return best;
}

// The label pixel nearest to `target` (mask must hold at least one pixel).
mr::Point nearestInside(const mr::Mask& mask, double tx, double ty) {
    mr::Point best;
    double bestD = std::numeric_limits<double>::max();
    for (int y = 0; y < mask.height; ++y)
        for (int x = 0; x < mask.width; ++x) {
            if (!mask.pixels[size_t(y) * size_t(mask.width) + size_t(x)]) continue;
            const double d = (x - tx) * (x - tx) + (y - ty) * (y - ty);
            if (d < bestD) bestD = d, best = {double(x), double(y)};
        }
    return best;
}

std::string coordinates(const mr::Box& b, const mr::Point& p1, const mr::Point& p2) {
    char text[200];
    std::snprintf(text, sizeof text,
                  "{\"bbox\": [%.0f, %.0f, %.0f, %.0f], \"points_1\": [%.0f, %.0f], "
                  "\"points_2\": [%.0f, %.0f]}",
                  b.x1, b.y1, b.x2, b.y2, p1.x, p1.y, p2.x, p2.y);
    return text;
}

// The text in word-sized pieces, one every ~40 ms after a short pause (the model "seeing" the image).
std::vector<TracePiece> paced(const std::string& text) {
    std::vector<TracePiece> pieces;
    double ms = 600;
    size_t start = 0;
    for (size_t i = 1; i <= text.size(); ++i) {
        const bool boundary = i == text.size() || text[i] == ' ' || text[i] == '<' || text[i - 1] == '>';
        if (!boundary) continue;
        pieces.push_back({ms, text.substr(start, i - start)});
        ms += text[i - 1] == '.' ? 160 : 40;
        start = i;
    }
    return pieces;
}

RecordedSession scriptedSession(const mr::demo::Phantom& phantom, const TourScript& script) {
    const int64_t z = largestSlice(phantom.labels, script.structure);
    const imaging::WindowLevel softTissue{40, 400};
    const ground::ReasonerImage seen = ground::reasonerImageFromSlice(phantom.ct, z, softTissue);
    RecordedSession s;
    s.scripted = true;
    s.question = script.question;
    s.image = mr::RgbImage{seen.rgb.width, seen.rgb.height, seen.rgb.rgb};
    s.sliceAsDisplayed = true;
    s.window = softTissue;
    s.reasonerDescription = "scripted example (no model)";
    s.modelWidth = s.image.width;
    s.modelHeight = s.image.height;
    s.stopReason = "end of sequence";

    mr::Mask mask{s.image.width, s.image.height, std::vector<uint8_t>(size_t(s.image.width) * s.image.height)};
    const uint8_t* labels = phantom.labels.data<uint8_t>() + size_t(z) * mask.pixels.size();
    int x1 = mask.width, y1 = mask.height, x2 = -1, y2 = -1;
    double sx = 0, sy = 0, n = 0;
    for (int y = 0; y < mask.height; ++y)
        for (int x = 0; x < mask.width; ++x) {
            if (labels[size_t(y) * size_t(mask.width) + size_t(x)] != script.structure) continue;
            mask.pixels[size_t(y) * size_t(mask.width) + size_t(x)] = 1;
            x1 = std::min(x1, x), y1 = std::min(y1, y), x2 = std::max(x2, x), y2 = std::max(y2, y);
            sx += x, sy += y, n += 1;
        }
    if (n == 0) throw mr::Error("the demo phantom has no " + mr::demo::phantomLabels()[script.structure].name);
    s.box = mr::Box{double(x1), double(y1), double(x2 + 1), double(y2 + 1)};
    s.point1 = nearestInside(mask, sx / n, sy / n);
    s.point2 = nearestInside(mask, sx / n + (x2 - x1) * 0.2, sy / n + (y2 - y1) * 0.15);
    s.trace = paced("<think>" + std::string(script.reasoning) + "</think><answer>" +
                    coordinates(*s.box, *s.point1, *s.point2) + "</answer>");
    s.outcome = "mask";
    s.promptBox = s.box;
    s.promptPoints = {{s.point1->x, s.point1->y, true}, {s.point2->x, s.point2->y, true}};
    s.expertName = "demo phantom labels";
    s.expertMask = mask;
    return s;
}

}  // namespace

std::vector<std::string> demoTourQuestions() {
    std::vector<std::string> questions;
    for (const auto& script : kScripts) questions.push_back(script.question);
    return questions;
}

std::vector<RecordedSession> demoTourSessions(const mr::demo::Phantom& phantom) {
    std::vector<RecordedSession> tour;
    for (const auto& script : kScripts) tour.push_back(scriptedSession(phantom, script));
    return tour;
}

std::vector<RecordedSession> demoTourSessions(const mr::CancelToken& cancel) {
    mr::demo::Phantom phantom = mr::demo::makeAbdomenPhantom();
    cancel.check();
    return demoTourSessions(phantom);
}

}  // namespace mr::record
