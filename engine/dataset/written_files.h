#pragma once
// The ledger of what the app wrote in a dataset folder (.medreasoner/written.json). The store
// replaces a file outside its own naming scheme — the U-MRG records file — only while the ledger
// shows it is exactly as the app left it; another tool's records file is listed as kept and is
// never written. The ledger also remembers an import in progress, so an import cut short by a
// crash is finished on the next open instead of leaving the records out of sight.
#include <map>
#include <set>
#include <string>

namespace mr::dataset {

class WrittenFiles {
public:
    // The folder's ledger; an absent ledger is empty. Throws DatasetError when it is damaged.
    static WrittenFiles load(const std::string& datasetFolder);
    bool exists() const { return exists_; }

    // `name` (relative to the folder) holds exactly the content the app last wrote there.
    bool wroteExactly(const std::string& name, const std::string& content) const;
    bool hasWritten(const std::string& name) const { return written_.count(name) != 0; }
    void recordWrite(const std::string& name, const std::string& content);
    void forget(const std::string& name) { written_.erase(name); }  // after the app deleted it

    // Another tool's file the app keeps as it is (never written).
    bool keeps(const std::string& name) const { return kept_.count(name) != 0; }
    void keep(const std::string& name);

    // The records file an import started from; empty when no import is pending.
    const std::string& importingFrom() const { return importingFrom_; }
    void setImportingFrom(const std::string& name) { importingFrom_ = name; }

    // Writes the ledger atomically (creating .medreasoner/ must already have happened).
    void save();

private:
    std::string path_;
    bool exists_ = false;
    std::map<std::string, std::string> written_;  // name -> sha256 of the content
    std::set<std::string> kept_;
    std::string importingFrom_;
};

}  // namespace mr::dataset
