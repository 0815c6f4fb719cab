#include "app/segmentation_controller.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>

#include "app/background_task.h"
#include "app/grounding_controller.h"
#include "app/main_window.h"
#include "app/mask_editor.h"
#include "app/pacs_controller.h"
#include "engine/edit/mask_volume.h"
#include "engine/ground/grounding_pipeline.h"
#include "engine/ground/model_set.h"
#include "engine/imaging/dicom_seg_reader.h"
#include "engine/imaging/dicom_seg_writer.h"
#include "engine/imaging/label_map.h"
#include "engine/imaging/segment_terms.h"
#include "widgets/multi_planar_view.h"
#include "widgets/slice_view.h"

namespace im = mr::imaging;

namespace mr::app {

namespace {
const char* kAnnotatorKey = "dataset/annotator";  // shared with the review dialog
const char* kLabelKey = "seg/label";
const char* kFolderKey = "seg/folder";

// The mask on screen as one segment over the image's grid; empty when nothing is drawn.
im::Segmentation segmentationOf(const MainWindow& window, const mr::widgets::SegExportChoice& choice) {
    const im::Image& image = window.viewer()->image();
    const mr::edit::MaskVolume* volume = window.maskEditor()->volume();
    im::Segmentation seg;
    seg.geometry = image.geometry();
    // How the mask was made: the expert (and reasoner) of the last run, else the expert the
    // prompts went to when a review started, else by hand.
    std::string expert, reasoner;
    if (auto r = window.grounding()->lastResult()) {
        expert = r->expertName;
        reasoner = r->reasonerDescription;
    } else if (window.maskEditor()->hasReview()) {
        expert = mr::ground::expertTypeName(window.grounding()->settings().models.expert.type);
    }
    im::SegmentDescription d =
        im::describeSegment(choice.label.toStdString(), expert, reasoner,
                            "MedReasoner Studio " + QCoreApplication::applicationVersion().toStdString());
    for (const auto& t : im::segmentTerms())
        if (QString::fromStdString(t.name) == choice.term) {
            d.category = t.category;
            d.type = t.type;
        }
    seg.addSegment(d);
    if (!volume) return seg;
    for (int64_t z = 0; z < volume->depth(); ++z)
        if (const uint8_t* s = volume->sliceOrNull(z))
            seg.setSlice(0, z, s, size_t(volume->width()) * size_t(volume->height()));
    return seg;
}

// The segments as a label table: value k + 1 is segment k, with its label (or coded type) and colour.
im::LabelTable tableOf(const im::Segmentation& seg) {
    im::LabelTable table = im::defaultLabelTable();
    for (size_t k = 0; k < seg.segments.size() && k + 1 < table.size(); ++k) {
        const auto& d = seg.segments[k].description;
        table[k + 1] = {d.label.empty() ? d.type.meaning : d.label, d.color[0], d.color[1], d.color[2], true};
    }
    return table;
}
}  // namespace

SegmentationController::SegmentationController(MainWindow* window, PacsController* pacs, QObject* parent)
    : QObject(parent), window_(window), pacs_(pacs) {}

void SegmentationController::exportSegmentation() {
    const im::Image& image = window_->viewer()->image();
    const mr::edit::MaskVolume* volume = window_->maskEditor()->volume();
    bool drawn = false;
    for (int64_t z = 0; volume && z < volume->depth() && !drawn; ++z) drawn = !volume->sliceEmpty(z);
    if (image.empty() || !drawn) {
        Q_EMIT message(tr("Nothing to export: draw or segment a mask first."));
        return;
    }
    QSettings s;
    mr::widgets::SegExportChoice initial;
    initial.label = s.value(kLabelKey).toString();
    initial.annotator = s.value(kAnnotatorKey).toString();
    const QString folder = s.value(kFolderKey, QDir::homePath()).toString();
    initial.path = folder + "/" + (initial.label.isEmpty() ? QStringLiteral("segmentation") : initial.label) + ".dcm";
    QStringList servers;
    for (const auto& e : pacs_->servers()) servers << (e.name.isEmpty() ? e.url : e.name);
    const bool canLink = !image.metadata().sliceSources.empty();
    mr::widgets::SegExportDialog dialog(initial, canLink, servers, window_);
    if (dialog.exec() != QDialog::Accepted) return;
    const mr::widgets::SegExportChoice choice = dialog.choice();
    s.setValue(kLabelKey, choice.label);
    s.setValue(kAnnotatorKey, choice.annotator);
    s.setValue(kFolderKey, QFileInfo(choice.path).absolutePath());
    exportWith(choice);
}

void SegmentationController::exportWith(const mr::widgets::SegExportChoice& choice) {
    const im::Image& image = window_->viewer()->image();
    if (image.empty()) return;
    std::optional<mr::pacs::ServerConfig> server;
    if (choice.pacsServer >= 0) {
        try {
            server = pacs_->configFor(choice.pacsServer);
        } catch (const mr::Error& e) {
            Q_EMIT message(QString::fromStdString(e.what()));
        }
        if (!server) Q_EMIT message(tr("The SEG is written but not stored: no password for the PACS."));
    }
    im::SegWriteOptions options;
    options.identity = choice.linkToSource ? im::SegIdentity::LinkedToSource : im::SegIdentity::DeIdentified;
    options.contentCreator = choice.annotator.toStdString();
    options.contentDescription = choice.description.toStdString();
    options.softwareVersion = QCoreApplication::applicationVersion().toStdString();
    options.bodyPart = image.metadata().bodyPart;
    struct Outcome {
        std::string path, storeProblem;
        bool stored = false;
    };
    window_->task()->run<Outcome>(
        tr("Exporting the segmentation"),
        [seg = segmentationOf(*window_, choice), source = im::segSourceOf(image), options, server,
         path = choice.path.toStdString()](const mr::CancelToken& cancel, const mr::ProgressFn& progress) {
            Outcome o;
            o.path = path;
            im::writeDicomSeg(seg, source, options, path, cancel);
            if (!server) return o;
            try {  // the SEG is on disk whatever the PACS answers
                mr::pacs::DicomWebClient(*server).store({path}, cancel, progress);
                o.stored = true;
            } catch (const mr::Cancelled&) {
                o.storeProblem = "cancelled";
            } catch (const mr::Error& e) {
                o.storeProblem = e.what();
            }
            return o;
        },
        [this](Outcome o) {
            const QString path = QString::fromStdString(o.path);
            const QString problem = QString::fromStdString(o.storeProblem);
            if (!problem.isEmpty()) {
                QMessageBox::warning(window_, tr("Store on PACS"),
                                     tr("The segmentation could not be stored on the PACS:\n%1\n\nIt is saved at %2.")
                                         .arg(problem, QDir::toNativeSeparators(path)));
                Q_EMIT message(tr("Not stored on the PACS; the SEG is saved at %1").arg(path));
            } else {
                Q_EMIT message(o.stored ? tr("Segmentation saved at %1 and stored on the PACS").arg(path)
                                        : tr("Segmentation saved at %1").arg(path));
            }
            Q_EMIT exported(path, o.stored, problem);
        });
}

void SegmentationController::openSegmentation() {
    if (window_->viewer()->image().empty()) {
        Q_EMIT message(tr("Open the series first: a segmentation is shown over its series."));
        return;
    }
    QSettings s;
    const QString path = QFileDialog::getOpenFileName(window_, tr("Open Segmentation (DICOM SEG)"),
                                                      s.value(kFolderKey, QDir::homePath()).toString(),
                                                      tr("DICOM (*.dcm);;All files (*)"));
    if (path.isEmpty()) return;
    s.setValue(kFolderKey, QFileInfo(path).absolutePath());
    openSegmentationFile(path);
}

void SegmentationController::openSegmentationFile(const QString& path) {
    const im::Image& image = window_->viewer()->image();
    if (image.empty()) return;
    struct Placed {
        im::Segmentation seg;
        im::LabelMap labels;
        int64_t overlaps = 0;
    };
    window_->task()->run<Placed>(
        tr("Opening segmentation %1").arg(QFileInfo(path).fileName()),
        [p = path.toStdString(), target = im::segSourceOf(image)](const mr::CancelToken& cancel,
                                                                  const mr::ProgressFn&) {
            Placed out;
            try {
                out.seg = im::placeDicomSeg(im::readDicomSeg(p, cancel), target);
            } catch (const im::SegMismatchError& e) {
                throw mr::Error(std::string("This segmentation does not belong to the open series: ") + e.what());
            }
            out.labels.labels = im::labelMapOf(out.seg, &out.overlaps);
            out.labels.table = tableOf(out.seg);
            out.labels.present = im::presentLabels(out.labels.labels, cancel);
            return out;
        },
        [this, path](Placed p) {
            window_->showLabelMap(p.labels);
            for (const auto& w : p.seg.warnings) Q_EMIT message(QString::fromStdString(w));
            if (p.overlaps > 0)
                Q_EMIT message(
                    tr("Segments overlap in %n voxel(s); the later segment is shown there.", nullptr, int(p.overlaps)));
            else
                Q_EMIT message(tr("Segmentation %1: %n segment(s)", nullptr, int(p.seg.segments.size()))
                                   .arg(QFileInfo(path).fileName()));
            Q_EMIT opened(path, int(p.seg.segments.size()));
        });
}

}  // namespace mr::app
