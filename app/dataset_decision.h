#pragma once
// The questions the app asks before it writes in a folder it did not make (see
// mr::dataset::DatasetChoiceError): import another tool's records or open them read-only; make a
// dataset inside a non-empty folder or not; keep or back up an edited records file. Cancel means
// nothing is written.
#include <QStringList>

#include <optional>

#include "engine/dataset/dataset_store.h"

class QWidget;

namespace mr::app {

struct DatasetDecision {
    bool readOnly = false;             // open read-only instead
    mr::dataset::OpenOptions options;  // else: open for saving with these decisions
};

// Shows the question for `choice` (modal); empty when the user cancels.
std::optional<DatasetDecision> askDatasetDecision(QWidget* parent, const QString& folder,
                                                  mr::dataset::DatasetChoiceError::Choice choice,
                                                  const mr::dataset::FolderSurvey& survey, const QStringList& details);

}  // namespace mr::app
