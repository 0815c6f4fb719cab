#pragma once
// One user action that changes the mask on many slices at once (a propagation through the volume)
// as ONE named QUndoCommand: a MaskPatch per changed slice, so undo and redo flip exactly those
// pixels and every slice stays editable afterwards with its own commands.
#include <QUndoCommand>

#include <utility>
#include <vector>

#include "engine/edit/mask_patch.h"

namespace mr::app {

class MaskEditor;

class MaskVolumeEditCommand : public QUndoCommand {
public:
    using SlicePatches = std::vector<std::pair<int64_t, mr::edit::MaskPatch>>;
    // The patches are already applied to the editor's volume when the command is pushed.
    MaskVolumeEditCommand(MaskEditor* editor, SlicePatches patches, const QString& name);

    void undo() override;
    void redo() override;
    const SlicePatches& patches() const { return patches_; }

private:
    MaskEditor* editor_;
    SlicePatches patches_;
    bool applied_ = true;  // QUndoStack::push calls redo() once: the change is already made
};

}  // namespace mr::app
