#include "engine/segment/classical_expert.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace mr::segment {
namespace {

class ClassicalExpert : public SegmentationExpert {
public:
    explicit ClassicalExpert(ClassicalOptions o) : opt_(o) {}

    std::string name() const override { return "classical"; }
    bool hasImage() const override { return !image_.empty(); }

    void setImage(const RgbImage& image, const mr::CancelToken& cancel) override {
        checkImage(image);
        cancel.check();
        cv::Mat rgb(image.height, image.width, CV_8UC3, const_cast<uint8_t*>(image.rgb.data()));
        width_ = image.width;
        height_ = image.height;
        scale_ = 1.0;
        const int longest = std::max(width_, height_);
        if (opt_.workingSize > 0 && longest > opt_.workingSize) scale_ = double(opt_.workingSize) / longest;
        cv::Mat work;
        if (scale_ < 1.0)
            cv::resize(rgb, work,
                       cv::Size(std::max(2, int(std::lround(width_ * scale_))),
                                std::max(2, int(std::lround(height_ * scale_)))),
                       0, 0, cv::INTER_AREA);
        else work = rgb.clone();
        // A light denoise helps GrabCut's colour models on noisy CT windows; keeps edges.
        cv::GaussianBlur(work, image_, cv::Size(3, 3), 0);
    }

    MaskPrediction predict(const Prompts& prompts0, const mr::CancelToken& cancel) override {
        if (!hasImage()) throw SegmentationError("classical: predict() before setImage()");
        MaskPrediction out;
        out.width = width_;
        out.height = height_;
        Prompts p = checkPrompts(prompts0, width_, height_, out.warnings);
        Seeds seeds = seedMask(p);
        cancel.check();
        cv::Mat& mask = seeds.mask;
        const bool hasBg = cv::countNonZero(mask == cv::GC_BGD) + cv::countNonZero(mask == cv::GC_PR_BGD) > 0;
        if (hasBg) {
            cv::Mat bgModel, fgModel;
            try {
                cv::grabCut(image_, mask, cv::Rect(), bgModel, fgModel, std::max(1, opt_.iterations),
                            cv::GC_INIT_WITH_MASK);
            } catch (const cv::Exception& e) {
                throw SegmentationError(std::string("classical: GrabCut failed: ") + e.what());
            }
        }
        cancel.check();
        cv::Mat fgMask = (mask == cv::GC_FGD) | (mask == cv::GC_PR_FGD);
        fgMask = keepSeededParts(fgMask, seeds.positives, seeds.box);
        // Back to the original size.
        cv::Mat full;
        if (fgMask.cols != width_ || fgMask.rows != height_) {
            cv::Mat f;
            fgMask.convertTo(f, CV_32F, 1.0 / 255.0);
            cv::resize(f, f, cv::Size(width_, height_), 0, 0, cv::INTER_LINEAR);
            full = f > 0.5;
        } else {
            full = fgMask;
        }
        fillPrediction(full, out);
        return out;
    }

private:
    // GrabCut's starting labels at the working size: the box (or an earlier mask) as probable
    // foreground, a disc of sure foreground/background at each click.
    struct Seeds {
        cv::Mat mask;
        cv::Rect box;
        std::vector<cv::Point> positives;
    };

    Seeds seedMask(Prompts& p) const {
        const int W = image_.cols, H = image_.rows;
        const double sx = double(W) / width_, sy = double(H) / height_;
        Seeds s;
        s.mask = cv::Mat(H, W, CV_8UC1, cv::Scalar(cv::GC_PR_BGD));
        cv::Mat& mask = s.mask;
        const int seedRadius = std::max(2, int(std::lround(std::min(W, H) / 100.0)));
        bool anyFg = false;
        if (p.box) {
            const auto& b = *p.box;
            int x1 = std::clamp(int(std::floor(b.x1 * sx)), 0, W - 1),
                y1 = std::clamp(int(std::floor(b.y1 * sy)), 0, H - 1);
            int x2 = std::clamp(int(std::ceil(b.x2 * sx)), x1 + 1, W),
                y2 = std::clamp(int(std::ceil(b.y2 * sy)), y1 + 1, H);
            s.box = cv::Rect(x1, y1, x2 - x1, y2 - y1);
            mask.setTo(cv::GC_BGD);
            mask(s.box).setTo(cv::GC_PR_FGD);
            anyFg = true;
            // A box that covers the whole image leaves no sure background: use its border.
            if (s.box.width >= W - 1 && s.box.height >= H - 1) {
                cv::rectangle(mask, cv::Rect(0, 0, W, H), cv::Scalar(cv::GC_PR_BGD), 1);
            }
        } else if (!p.previousLowResMask.empty()) {
            const int n = int(std::lround(std::sqrt(double(p.previousLowResMask.size()))));
            if (size_t(n) * size_t(n) != p.previousLowResMask.size())
                throw SegmentationError("previous mask is not square");
            cv::Mat low(n, n, CV_32FC1, p.previousLowResMask.data());
            cv::Mat up;
            cv::resize(low, up, cv::Size(W, H), 0, 0, cv::INTER_LINEAR);
            mask.setTo(cv::GC_PR_FGD, up > 0);
            anyFg = cv::countNonZero(up > 0) > 0;
        }
        auto at = [&](const PointPrompt& pt) {
            return cv::Point(std::clamp(int(pt.x * sx), 0, W - 1), std::clamp(int(pt.y * sy), 0, H - 1));
        };
        for (const auto& pt : p.points) {
            if (!pt.positive) continue;
            s.positives.push_back(at(pt));
            if (!p.box)  // probable foreground around the point
                cv::circle(mask, at(pt), std::max(seedRadius, std::min(W, H) / 8), cv::Scalar(cv::GC_PR_FGD), -1);
        }
        for (const auto& pt : p.points) {
            cv::circle(mask, at(pt), seedRadius, cv::Scalar(pt.positive ? cv::GC_FGD : cv::GC_BGD), -1);
            if (pt.positive) anyFg = true;
        }
        if (!anyFg) throw SegmentationError("classical: the prompt has no foreground (give a box or a positive point)");
        return s;
    }

    // One mask at the original size, its "probabilities" (0 or 1) and low-resolution logits that
    // can prompt the next prediction, as SAM's would.
    void fillPrediction(const cv::Mat& full, MaskPrediction& out) const {
        std::vector<uint8_t> bin(size_t(width_) * size_t(height_));
        std::vector<float> prob(bin.size());
        for (int y = 0; y < height_; ++y) {
            const uint8_t* row = full.ptr<uint8_t>(y);
            for (int x = 0; x < width_; ++x) {
                bin[size_t(y) * size_t(width_) + size_t(x)] = row[x] ? 1 : 0;
                prob[size_t(y) * size_t(width_) + size_t(x)] = row[x] ? 1.0f : 0.0f;
            }
        }
        out.masks.push_back(std::move(bin));
        out.probabilities.push_back(std::move(prob));
        out.scores.push_back(1.0f);  // no learned quality estimate
        out.best = 0;
        cv::Mat low;
        cv::resize(full, low, cv::Size(256, 256), 0, 0, cv::INTER_NEAREST);
        out.lowResSize = 256;
        out.lowResLogits.resize(256 * 256);
        for (int y = 0; y < 256; ++y)
            for (int x = 0; x < 256; ++x)
                out.lowResLogits[size_t(y) * 256 + size_t(x)] = low.at<uint8_t>(y, x) ? 10.0f : -10.0f;
    }

    static cv::Mat keepSeededParts(const cv::Mat& fg, const std::vector<cv::Point>& positives, const cv::Rect& box) {
        cv::Mat labels;
        int n = cv::connectedComponents(fg, labels, 8, CV_32S);
        if (n <= 2) return fg;
        std::vector<char> keep(size_t(n), 0);
        for (const auto& p : positives) {
            int l = labels.at<int>(p);
            if (l > 0) keep[size_t(l)] = 1;
        }
        if (std::find(keep.begin(), keep.end(), 1) == keep.end()) {
            // The largest part (inside the box when there is one).
            std::vector<int> area(size_t(n), 0);
            cv::Rect r = box.area() > 0 ? box : cv::Rect(0, 0, fg.cols, fg.rows);
            for (int y = r.y; y < r.y + r.height; ++y)
                for (int x = r.x; x < r.x + r.width; ++x) area[size_t(labels.at<int>(y, x))]++;
            area[0] = 0;
            keep[size_t(std::max_element(area.begin(), area.end()) - area.begin())] = 1;
        }
        cv::Mat outMask(fg.size(), CV_8UC1, cv::Scalar(0));
        for (int y = 0; y < fg.rows; ++y)
            for (int x = 0; x < fg.cols; ++x)
                if (keep[size_t(labels.at<int>(y, x))]) outMask.at<uint8_t>(y, x) = 255;
        return outMask;
    }

    ClassicalOptions opt_;
    cv::Mat image_;
    int width_ = 0, height_ = 0;
    double scale_ = 1.0;
};

}  // namespace

std::unique_ptr<SegmentationExpert> makeClassicalExpert(ClassicalOptions options) {
    return std::make_unique<ClassicalExpert>(options);
}

}  // namespace mr::segment
