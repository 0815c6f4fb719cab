#include "app/mask_volume_edit_command.h"

#include "app/mask_editor.h"

namespace mr::app {

MaskVolumeEditCommand::MaskVolumeEditCommand(MaskEditor* editor, SlicePatches patches, const QString& name)
    : QUndoCommand(name), editor_(editor), patches_(std::move(patches)) {}

void MaskVolumeEditCommand::undo() {
    editor_->applyPatches(patches_);
    applied_ = false;
}

void MaskVolumeEditCommand::redo() {
    if (applied_) return;
    editor_->applyPatches(patches_);
    applied_ = true;
}

}  // namespace mr::app
