#pragma once
// Small self-contained SVG charts for the HTML report (no scripts, no external resources).
#include <string>
#include <vector>

namespace mr::eval::svg {

struct Series {
    std::string name;
    std::vector<double> values;  // one per category; NaN = no value (no bar)
    std::string color;           // CSS colour, e.g. "#4e79a7"
};

// A grouped vertical bar chart: one group per category, one bar per series, y from 0 to yMax.
std::string barChart(const std::string& title, const std::vector<std::string>& categories,
                     const std::vector<Series>& series, double yMax);

// A histogram of `values` over [lo, hi] with `bins` equal bins (values outside are clamped in).
std::string histogram(const std::string& title, const std::vector<double>& values, double lo, double hi, int bins,
                      const std::string& color);

// Escapes text for HTML/SVG content and attributes.
std::string escape(const std::string& text);

}  // namespace mr::eval::svg
