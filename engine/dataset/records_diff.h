#pragma once
// The exact difference between a U-MRG records file on disk and the records the app's samples
// give, by record id and field, for the message shown when someone edited a records file the app
// wrote: the user decides what happens, with the facts in front of them.
#include <string>
#include <vector>

#include "engine/core/json.h"

namespace mr::dataset {

// One line per difference, e.g. `record 000002: "question" is "Where…" in the file but "Which…"
// in the app's samples`, `record 17: only in the file`. At most `maxLines` lines; a last line says
// how many more there were. Empty when the records are the same (key order and number formats
// aside).
std::vector<std::string> diffRecords(const std::vector<mr::json::Value>& inFile,
                                     const std::vector<mr::json::Value>& fromSamples, size_t maxLines = 20);

}  // namespace mr::dataset
