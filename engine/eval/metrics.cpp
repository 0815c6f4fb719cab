#include "engine/eval/metrics.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "engine/core/error.h"

namespace mr::eval {

double boxIoU(const mr::Box& pred, const mr::Box& gt) {
    const double ix1 = std::max(pred.x1, gt.x1), iy1 = std::max(pred.y1, gt.y1);
    const double ix2 = std::min(pred.x2, gt.x2), iy2 = std::min(pred.y2, gt.y2);
    const double inter = std::max(0.0, ix2 - ix1) * std::max(0.0, iy2 - iy1);
    const double a1 = (pred.x2 - pred.x1) * (pred.y2 - pred.y1);
    const double a2 = (gt.x2 - gt.x1) * (gt.y2 - gt.y1);
    return inter / (a1 + a2 - inter + 1e-6);
}

double discIntersectionArea(double r1, double r2, double d, double eps) {
    if (d >= r1 + r2 - eps) return 0.0;
    if (d <= std::abs(r1 - r2) + eps) return M_PI * std::min(r1, r2) * std::min(r1, r2);
    // Clamped: rounding can push the cosines a hair outside [-1, 1].
    const double c1 = std::clamp((d * d + r1 * r1 - r2 * r2) / (2 * d * r1), -1.0, 1.0);
    const double c2 = std::clamp((d * d + r2 * r2 - r1 * r1) / (2 * d * r2), -1.0, 1.0);
    const double k = (-d + r1 + r2) * (d + r1 - r2) * (d - r1 + r2) * (d + r1 + r2);
    return r1 * r1 * std::acos(c1) + r2 * r2 * std::acos(c2) - 0.5 * std::sqrt(std::max(0.0, k));
}

double pointDice(const PointPair& pred, const PointPair& gt) {
    const double pcx = (pred[0].x + pred[1].x) / 2, pcy = (pred[0].y + pred[1].y) / 2;
    const double gcx = (gt[0].x + gt[1].x) / 2, gcy = (gt[0].y + gt[1].y) / 2;
    const double pr = std::hypot(pred[0].x - pred[1].x, pred[0].y - pred[1].y) / 2;
    const double gr = std::hypot(gt[0].x - gt[1].x, gt[0].y - gt[1].y) / 2;
    const double d = std::hypot(pcx - gcx, pcy - gcy);
    const double inter = discIntersectionArea(pr, gr, d, 0.0);
    const double uni = M_PI * pr * pr + M_PI * gr * gr - inter;
    return 2 * inter / (uni + 1e-5);
}

double maskDice(const uint8_t* pred, const uint8_t* gt, size_t pixels) {
    size_t inter = 0, sp = 0, sg = 0;
    for (size_t i = 0; i < pixels; ++i) {
        const bool p = pred[i] != 0, g = gt[i] != 0;
        sp += p;
        sg += g;
        inter += p && g;
    }
    return 2.0 * double(inter) / (double(sp) + double(sg) + 1e-6);
}

double maskDice(const std::vector<uint8_t>& pred, const std::vector<uint8_t>& gt) {
    if (pred.size() != gt.size())
        throw mr::Error("mask Dice: the masks differ in size (" + std::to_string(pred.size()) + " vs " +
                        std::to_string(gt.size()) + " pixels)");
    return maskDice(pred.data(), gt.data(), pred.size());
}

}  // namespace mr::eval
