#pragma once
// The app's one spelling of a box and a point: absolute pixels of an image, x right, y down.
// The reasoner's answer, the expert's prompts, the metrics, the dataset records and the widgets
// all use these; formats that store them as lists convert at their boundary.
#include <array>

namespace mr {

struct Point {
    double x = 0, y = 0;
    bool operator==(const Point& o) const { return x == o.x && y == o.y; }
    bool operator!=(const Point& o) const { return !(*this == o); }
};

struct Box {
    double x1 = 0, y1 = 0, x2 = 0, y2 = 0;  // corners; a well-formed box has x1 <= x2, y1 <= y2

    double width() const { return x2 - x1; }
    double height() const { return y2 - y1; }
    Point centre() const { return {(x1 + x2) / 2, (y1 + y2) / 2}; }
    bool contains(const Point& p) const { return p.x >= x1 && p.x <= x2 && p.y >= y1 && p.y <= y2; }
    std::array<double, 4> toArray() const { return {x1, y1, x2, y2}; }
    static Box fromArray(const std::array<double, 4>& a) { return {a[0], a[1], a[2], a[3]}; }
    bool operator==(const Box& o) const { return x1 == o.x1 && y1 == o.y1 && x2 == o.x2 && y2 == o.y2; }
    bool operator!=(const Box& o) const { return !(*this == o); }
};

}  // namespace mr
