#pragma once
// Mask → Propagate Through Volume: carries the mask on the axial slice shown (from the reasoner's
// prompts or drawn by hand) forward and backward through the volume with MedSAM2, as its CT script
// does (engine/segment/sam2/volume_propagation.h), over all slices or a chosen range. The work runs
// on the app's background task (progress in the status bar, Cancel stops it); the result replaces
// the range's other slices as ONE undo step, each slice stays editable, and propagating again from
// an edited slice updates the rest. The mask layer shows it in all three orientations.
#include <QObject>
#include <QString>

#include <cstdint>
#include <memory>

#include "engine/ground/model_set.h"

class QAction;
class QWidget;

namespace mr::widgets {
class MultiPlanarView;
}

namespace mr::app {

class BackgroundTask;
class MaskEditor;

class VolumePropagationController : public QObject {
    Q_OBJECT
public:
    // `dialogParent` owns the range dialog the action opens.
    VolumePropagationController(mr::widgets::MultiPlanarView* viewer, MaskEditor* editor, BackgroundTask* task,
                                QWidget* dialogParent);
    ~VolumePropagationController() override;

    // "Propagate Through Volume…": disabled, with the reason as its tooltip, unless the expert is
    // MedSAM2 and a gray volume is shown.
    QAction* action() const { return action_; }
    struct Cache;  // the loaded model, shared with the background job
    void setExpertSettings(const mr::ground::ExpertSettings& expert);
    // Why propagation cannot run now; empty when it can.
    QString unavailableReason() const;

    // Carries the axial slice's mask over slices [first, last] (clamped to the volume) in the
    // background. False, with a message, when it cannot start (see unavailableReason, empty mask).
    bool propagate(int64_t first, int64_t last);

public Q_SLOTS:
    // After a new image or new engine settings.
    void updateAvailability();

Q_SIGNALS:
    void message(const QString& text);
    // After the result became an undo step: the slices whose mask it changed.
    void propagated(int changedSlices);

private:
    void askRangeAndPropagate();

    mr::widgets::MultiPlanarView* viewer_;
    MaskEditor* editor_;
    BackgroundTask* task_;
    QWidget* dialogParent_;
    QAction* action_;
    mr::ground::ExpertSettings expert_;
    std::shared_ptr<Cache> cache_;  // the loaded model, reused while the settings stay the same
};

}  // namespace mr::app
