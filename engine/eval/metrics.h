#pragma once
// The task's metrics, as MedReasoner's evaluation scripts compute them (eval/utils.py).
// Standard library only.
//
// - Box IoU: intersection / (area_pred + area_gt - intersection + 1e-6), no "+1 pixel" convention.
//   Areas are not clamped, as in the reference: an inverted box can give a negative or -0 IoU.
// - pDice, the two-point score: each point pair spans a circle (the pair is a diameter); the score
//   is 2·|A∩B| / (|A∪B| + 1e-5) of the two discs. Note the reference divides by the *union*, not
//   by |A|+|B|, so pDice ranges from 0 to 2 (2 for identical pairs) rather than 0 to 1. We keep
//   that definition so numbers compare with the paper's.
// - Mask Dice: 2|P∩G| / (|P| + |G| + 1e-6); any non-zero byte is foreground.
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/core/geometry.h"

namespace mr::eval {

using PointPair = std::array<mr::Point, 2>;

double boxIoU(const mr::Box& pred, const mr::Box& gt);
double pointDice(const PointPair& pred, const PointPair& gt);
// Masks are row-major with the same number of pixels; throws mr::Error when the sizes differ.
double maskDice(const uint8_t* pred, const uint8_t* gt, size_t pixels);
double maskDice(const std::vector<uint8_t>& pred, const std::vector<uint8_t>& gt);

// Area of the intersection of two discs of radii r1, r2 whose centres are d apart. `eps` widens
// the "no overlap" and "one inside the other" tests (the reward code uses 1e-5, the metric 0).
double discIntersectionArea(double r1, double r2, double d, double eps = 0.0);

}  // namespace mr::eval
