#pragma once
// One user action on the mask (a brush stroke, a polygon, a refinement by the expert, ...) as a
// named QUndoCommand. It keeps only the pixels that changed (a MaskPatch): masks are 0/1, so the
// same flips undo and redo the action and a long history stays small on large volumes.
#include <QUndoCommand>

#include "engine/edit/mask_patch.h"

namespace mr::app {

class MaskEditor;

class MaskEditCommand : public QUndoCommand {
public:
    // The patch is already applied to the editor's volume when the command is pushed.
    // `fromExpert`: the expert's mask (a later refinement keeps the user's edits made since).
    MaskEditCommand(MaskEditor* editor, int64_t slice, mr::edit::MaskPatch patch, const QString& name,
                    bool fromExpert = false);

    void undo() override;
    void redo() override;
    int64_t slice() const { return slice_; }
    const mr::edit::MaskPatch& patch() const { return patch_; }
    bool fromExpert() const { return fromExpert_; }

private:
    MaskEditor* editor_;
    int64_t slice_;
    mr::edit::MaskPatch patch_;
    bool fromExpert_;
    bool applied_ = true;  // QUndoStack::push calls redo() once: the change is already made
};

}  // namespace mr::app
