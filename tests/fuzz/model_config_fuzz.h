#pragma once
// The body shared by the fuzz targets of SAM-family configs (sam_config_fuzz.cpp; a MedSAM2 /
// SAM 2.1 target is the same three lines with its own Config type). The input is JSON:
//   {"shapes": {"<state_dict key>": [dims...], ...}, "config": {...}}
// "shapes" drives Config::fromShapes (as a checkpoint's tensors do), with "config" as the
// config.json beside it; without "shapes" the object itself is a config.json for applyJson.
// Whatever is accepted must describe a model whose expected shapes can be listed.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/json.h"

namespace mr::fuzz {

// {"<key>": [dims...], ...} as a checkpoint's tensor shapes (entries that are not lists of integers are skipped).
inline std::map<std::string, std::vector<int64_t>> shapesFromJson(const json::Value& shapesJson) {
    std::map<std::string, std::vector<int64_t>> shapes;
    for (const auto& [name, dims] : shapesJson.items()) {
        if (!dims.isArray()) continue;
        std::vector<int64_t> shape;
        for (const auto& d : dims.asArray())
            if (d.isInteger()) shape.push_back(d.asInt());
        shapes[name] = shape;
    }
    return shapes;
}

template <class Config, class ShapeMap>
void fuzzModelConfig(const uint8_t* data, size_t size) {
    try {
        const json::Value root = json::parse(std::string_view(reinterpret_cast<const char*>(data), size));
        const json::Value* shapesJson = root.find("shapes");
        if (shapesJson && shapesJson->isObject()) {
            const ShapeMap shapes = shapesFromJson(*shapesJson);
            const json::Value* config = root.find("config");
            Config::fromShapes(shapes, config && config->isObject() ? config : nullptr).expectedShapes();
        } else {
            Config c;
            c.applyJson(root);
            c.expectedShapes();
        }
    } catch (const mr::Error&) {}
}

}  // namespace mr::fuzz
