#include "engine/eval/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace mr::eval::svg {

namespace {

std::string f(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

std::string label(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g", v);
    return buf;
}

std::string header(double w, double h, const std::string& title) {
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + f(w) + "\" height=\"" + f(h) + "\" viewBox=\"0 0 " +
           f(w) + " " + f(h) + "\" role=\"img\" aria-label=\"" + escape(title) +
           "\" font-family=\"sans-serif\" font-size=\"11\">\n<title>" + escape(title) + "</title>\n" + "<text x=\"" +
           f(w / 2) + "\" y=\"16\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\">" + escape(title) +
           "</text>\n";
}

// Y axis with 5 ticks from 0 to yMax, plot area [x0, x1] x [y0 (top), y1 (bottom)].
std::string yAxis(double x0, double x1, double y0, double y1, double yMax) {
    std::string s;
    for (int i = 0; i <= 4; ++i) {
        const double v = yMax * i / 4, y = y1 - (y1 - y0) * i / 4;
        s += "<line x1=\"" + f(x0) + "\" y1=\"" + f(y) + "\" x2=\"" + f(x1) + "\" y2=\"" + f(y) +
             "\" stroke=\"#ddd\"/>\n<text x=\"" + f(x0 - 4) + "\" y=\"" + f(y + 4) + "\" text-anchor=\"end\">" +
             label(v) + "</text>\n";
    }
    s +=
        "<line x1=\"" + f(x0) + "\" y1=\"" + f(y0) + "\" x2=\"" + f(x0) + "\" y2=\"" + f(y1) + "\" stroke=\"#333\"/>\n";
    s +=
        "<line x1=\"" + f(x0) + "\" y1=\"" + f(y1) + "\" x2=\"" + f(x1) + "\" y2=\"" + f(y1) + "\" stroke=\"#333\"/>\n";
    return s;
}

}  // namespace

std::string escape(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string barChart(const std::string& title, const std::vector<std::string>& categories,
                     const std::vector<Series>& series, double yMax) {
    const double groupW = std::max(40.0, 22.0 * double(std::max<size_t>(series.size(), 1)) + 16);
    const double left = 48, right = 16, top = 28, plotH = 200, bottom = 90;
    const double w = std::max(360.0, left + right + groupW * double(categories.size()));
    const double h = top + plotH + bottom + 20;
    const double x1 = w - right, y0 = top, y1 = top + plotH;
    if (!(yMax > 0)) yMax = 1;
    std::string s = header(w, h, title) + yAxis(left, x1, y0, y1, yMax);
    const double barW = (groupW - 16) / double(std::max<size_t>(series.size(), 1));
    for (size_t c = 0; c < categories.size(); ++c) {
        const double gx = left + groupW * double(c) + 8;
        for (size_t k = 0; k < series.size(); ++k) {
            if (c >= series[k].values.size() || !std::isfinite(series[k].values[c])) continue;
            const double v = std::clamp(series[k].values[c], 0.0, yMax);
            const double bh = plotH * v / yMax, x = gx + barW * double(k);
            s += "<rect x=\"" + f(x) + "\" y=\"" + f(y1 - bh) + "\" width=\"" + f(barW - 1) + "\" height=\"" + f(bh) +
                 "\" fill=\"" + series[k].color + "\"><title>" + escape(categories[c]) + " · " +
                 escape(series[k].name) + ": " + label(series[k].values[c]) + "</title></rect>\n";
        }
        const double cx = left + groupW * (double(c) + 0.5);
        std::string name = categories[c].size() > 18 ? categories[c].substr(0, 17) + "…" : categories[c];
        s += "<text transform=\"translate(" + f(cx) + "," + f(y1 + 10) + ") rotate(40)\" text-anchor=\"start\">" +
             escape(name) + "</text>\n";
    }
    // Legend.
    double lx = left;
    for (const auto& se : series) {
        s += "<rect x=\"" + f(lx) + "\" y=\"" + f(h - 14) + "\" width=\"10\" height=\"10\" fill=\"" + se.color +
             "\"/><text x=\"" + f(lx + 14) + "\" y=\"" + f(h - 5) + "\">" + escape(se.name) + "</text>\n";
        lx += 24 + 7.0 * double(se.name.size());
    }
    return s + "</svg>\n";
}

std::string histogram(const std::string& title, const std::vector<double>& values, double lo, double hi, int bins,
                      const std::string& color) {
    bins = std::max(1, bins);
    std::vector<size_t> counts(size_t(bins), 0);
    for (double v : values) {
        if (!std::isfinite(v)) continue;
        int b = int(std::floor((v - lo) / (hi - lo) * bins));
        counts[size_t(std::clamp(b, 0, bins - 1))]++;
    }
    const size_t maxCount = std::max<size_t>(1, *std::max_element(counts.begin(), counts.end()));
    const double left = 48, right = 16, top = 28, plotH = 180, w = 420, h = top + plotH + 40;
    const double x1 = w - right, y1 = top + plotH, bw = (x1 - left) / bins;
    std::string s = header(w, h, title) + yAxis(left, x1, top, y1, double(maxCount));
    for (int b = 0; b < bins; ++b) {
        const double bh = plotH * double(counts[size_t(b)]) / double(maxCount);
        const double from = lo + (hi - lo) * b / bins, to = lo + (hi - lo) * (b + 1) / bins;
        s += "<rect x=\"" + f(left + bw * b) + "\" y=\"" + f(y1 - bh) + "\" width=\"" + f(bw - 1) + "\" height=\"" +
             f(bh) + "\" fill=\"" + color + "\"><title>" + label(from) + "–" + label(to) + ": " +
             std::to_string(counts[size_t(b)]) + "</title></rect>\n";
    }
    for (int i = 0; i <= 4; ++i) {
        const double x = left + (x1 - left) * i / 4;
        s += "<text x=\"" + f(x) + "\" y=\"" + f(y1 + 14) + "\" text-anchor=\"middle\">" +
             label(lo + (hi - lo) * i / 4) + "</text>\n";
    }
    return s + "</svg>\n";
}

}  // namespace mr::eval::svg
