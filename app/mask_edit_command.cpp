#include "app/mask_edit_command.h"

#include "app/mask_editor.h"

namespace mr::app {

MaskEditCommand::MaskEditCommand(MaskEditor* editor, int64_t slice, mr::edit::MaskPatch patch, const QString& name,
                                 bool fromExpert)
    : QUndoCommand(name), editor_(editor), slice_(slice), patch_(std::move(patch)), fromExpert_(fromExpert) {}

void MaskEditCommand::undo() {
    editor_->applyPatch(slice_, patch_);
    applied_ = false;
}

void MaskEditCommand::redo() {
    if (applied_) return;
    editor_->applyPatch(slice_, patch_);
    applied_ = true;
}

}  // namespace mr::app
