#include "app/volume_propagation_controller.h"

#include <QAction>
#include <QDialog>

#include <algorithm>
#include <mutex>
#include <utility>
#include <vector>

#include "app/background_task.h"
#include "app/mask_editor.h"
#include "engine/edit/mask_volume.h"
#include "engine/imaging/byte_volume.h"
#include "engine/segment/sam2/sam2_expert.h"
#include "engine/segment/sam2/volume_propagation.h"
#include "widgets/multi_planar_view.h"
#include "widgets/propagation_range_dialog.h"
#include "widgets/slice_view.h"

namespace mr::app {

namespace s2 = mr::segment::sam2;
using mr::widgets::SliceOrientation;

// The expert loaded for propagation (on the background thread), kept while the settings stay.
struct VolumePropagationController::Cache {
    std::mutex mutex;
    std::string key;
    std::shared_ptr<mr::segment::SegmentationExpert> expert;
};

namespace {

std::string cacheKey(const mr::ground::ExpertSettings& e) {
    return e.checkpoint + "|" + std::to_string(e.imageSize) + "|" + e.device + "|" + e.dtype;
}

// What the background job needs, copied on the GUI thread.
struct PropagationJob {
    mr::imaging::Image image;  // shares the voxels
    std::optional<mr::imaging::WindowLevel> window;
    mr::ground::ExpertSettings expert;
    s2::PropagationRequest request;
};

struct PropagationOutcome {
    s2::PropagationResult result;
    std::vector<std::string> warnings;
};

// On the background thread: the model (loaded once per settings), the volume as the model sees it,
// and the propagation.
PropagationOutcome runPropagation(const PropagationJob& job, VolumePropagationController::Cache& cache,
                                  const mr::ProgressFn& progress, const mr::CancelToken& cancel) {
    std::shared_ptr<mr::segment::SegmentationExpert> expert;
    {
        std::lock_guard<std::mutex> lock(cache.mutex);
        if (!cache.expert || cache.key != cacheKey(job.expert)) {
            progress(0, "loading MedSAM2");
            cache.expert = mr::ground::loadExpert(job.expert);
            cache.key = cacheKey(job.expert);
        }
        expert = cache.expert;
    }
    const auto* sam2 = dynamic_cast<const s2::Sam2Expert*>(expert.get());
    if (!sam2) throw mr::Error("the segmentation expert is not MedSAM2");
    mr::imaging::ByteVolume bytes = mr::imaging::byteVolumeForModel(job.image, job.window);
    const s2::GrayVolumeView view{bytes.voxels.data(), int(job.image.width()), int(job.image.height()),
                                  int(job.image.depth())};
    PropagationOutcome out;
    out.result = s2::propagateThroughVolume(sam2->model(), view, job.request, progress, cancel);
    out.warnings = std::move(bytes.warnings);
    out.warnings.insert(out.warnings.end(), out.result.warnings.begin(), out.result.warnings.end());
    return out;
}

}  // namespace

VolumePropagationController::VolumePropagationController(mr::widgets::MultiPlanarView* viewer, MaskEditor* editor,
                                                         BackgroundTask* task, QWidget* dialogParent)
    : QObject(dialogParent),
      viewer_(viewer),
      editor_(editor),
      task_(task),
      dialogParent_(dialogParent),
      action_(new QAction(tr("&Propagate Through Volume…"), this)),
      cache_(std::make_shared<Cache>()) {
    action_->setObjectName("propagateThroughVolumeAction");
    action_->setStatusTip(tr("Carry the mask on this slice forward and backward through the volume with MedSAM2"));
    connect(action_, &QAction::triggered, this, &VolumePropagationController::askRangeAndPropagate);
    connect(task_, &BackgroundTask::finished, this, &VolumePropagationController::updateAvailability);
    updateAvailability();
}

VolumePropagationController::~VolumePropagationController() = default;

void VolumePropagationController::setExpertSettings(const mr::ground::ExpertSettings& expert) {
    expert_ = expert;
    updateAvailability();
}

QString VolumePropagationController::unavailableReason() const {
    if (expert_.type != mr::ground::ExpertType::MedSam2)
        return tr("Propagation needs MedSAM2 as the segmentation expert: choose it in Engine → Engine Settings.");
    const mr::imaging::Image& image = viewer_->image();
    if (image.empty()) return tr("Open a CT or MR volume first.");
    if (image.depth() < 2) return tr("The image is 2-D: propagation needs a volume (a CT or MR series).");
    if (image.isColor()) return tr("Propagation needs a gray volume (CT, MR); this image is colour.");
    if (!editor_->volume()) return tr("Open a CT or MR volume first.");
    return {};
}

void VolumePropagationController::updateAvailability() {
    const QString reason = unavailableReason();
    action_->setEnabled(reason.isEmpty() && !task_->busy());
    action_->setToolTip(reason.isEmpty() ? tr("Carry the mask on this slice through the volume (one undo step)")
                                         : reason);
}

void VolumePropagationController::askRangeAndPropagate() {
    mr::widgets::PropagationRangeDialog dialog(viewer_->image().depth(),
                                               viewer_->view(SliceOrientation::Axial)->slice(), dialogParent_);
    if (dialog.exec() == QDialog::Accepted) propagate(dialog.firstSlice(), dialog.lastSlice());
}

bool VolumePropagationController::propagate(int64_t first, int64_t last) {
    if (const QString reason = unavailableReason(); !reason.isEmpty()) {
        Q_EMIT message(reason);
        return false;
    }
    const mr::imaging::Image& image = viewer_->image();
    const auto* axial = viewer_->view(SliceOrientation::Axial);
    const int64_t key = axial->slice();
    first = std::clamp<int64_t>(first, 0, image.depth() - 1);
    last = std::clamp<int64_t>(last, first, image.depth() - 1);
    if (key < first || key > last) {
        Q_EMIT message(
            tr("The slice shown (%1) is outside the range %2–%3.").arg(key + 1).arg(first + 1).arg(last + 1));
        return false;
    }
    if (editor_->volume()->sliceEmpty(key)) {
        Q_EMIT message(tr("There is no mask on slice %1 to propagate: segment or draw one first.").arg(key + 1));
        return false;
    }
    PropagationJob job;
    job.image = image;
    if (image.pixelType() != mr::imaging::PixelType::UInt8) job.window = axial->windowLevel();  // what the user sees
    job.expert = expert_;
    job.request.prompt.slice = int(key);
    job.request.prompt.mask = mr::Mask{int(image.width()), int(image.height()), editor_->sliceMask(key)};
    job.request.firstSlice = int(first);
    job.request.lastSlice = int(last);

    auto cache = cache_;
    const mr::edit::MaskVolume* target = editor_->volume();
    task_->run<PropagationOutcome>(
        tr("Propagating through the volume"),
        [job = std::move(job), cache](const mr::CancelToken& cancel, const mr::ProgressFn& progress) {
            return runPropagation(job, *cache, progress, cancel);
        },
        [this, target, key, first, last](PropagationOutcome out) {
            // Another image was opened meanwhile: the result belongs to the old one.
            if (editor_->volume() != target) return;
            const auto& r = out.result;
            const size_t n = size_t(r.width) * size_t(r.height);
            std::vector<std::pair<int64_t, std::vector<uint8_t>>> masks;
            for (int64_t z = first; z <= last; ++z) {
                if (z == key) continue;  // the prompt slice keeps the mask the user made
                const auto begin = r.mask.begin() + std::ptrdiff_t(size_t(z) * n);
                masks.emplace_back(z, std::vector<uint8_t>(begin, begin + std::ptrdiff_t(n)));
            }
            const int changed = editor_->applySliceMasks(masks, tr("Propagate through volume"));
            QString text = tr("Propagated from slice %1 over slices %2–%3: %4 voxels.")
                               .arg(key + 1)
                               .arg(first + 1)
                               .arg(last + 1)
                               .arg(r.finalVoxels);
            for (const auto& w : out.warnings) text += QStringLiteral(" ") + QString::fromStdString(w);
            Q_EMIT message(text);
            if (changed > 0) Q_EMIT propagated(changed);
        });
    updateAvailability();
    return true;
}

}  // namespace mr::app
