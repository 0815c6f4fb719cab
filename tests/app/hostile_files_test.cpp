// The app never dies on hostile files (issue 22): a DICOM file whose sequences nest 200000 deep,
// a NIfTI header claiming 32767^3 voxels and a SAM checkpoint whose pickle nests a million tuples
// each give a message naming the file and the reason, and the window stays usable afterwards
// (a good image opens, a question with a working expert is answered).
#include <QApplication>
#include <QImage>
#include <QLabel>
#include <QMessageBox>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

#include "app/background_task.h"
#include "app/grounding_controller.h"
#include "app/main_window.h"
#include "engine/session/engine_settings.h"
#include "tests/support/crafted_checkpoint.h"
#include "tests/support/hostile_images.h"
#include "widgets/reasoning_panel.h"
#include "widgets/slice_view.h"
#include "widgets/vtk_gl_widget.h"

namespace {

void writeBytes(const QString& path, const std::string& bytes) {
    std::ofstream(path.toStdString(), std::ios::binary) << bytes;
}

// Every text the reasoning panel's labels show.
QString panelText(mr::widgets::ReasoningPanel* panel) {
    QString all;
    for (QLabel* l : panel->findChildren<QLabel*>()) all += l->text() + "\n";
    return all;
}

}  // namespace

class HostileFilesTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void hostileFilesGiveMessagesAndTheAppStaysUsable() {
        QTemporaryDir dir;
        const QString deepDicom = dir.path() + "/deep.dcm", hugeNifti = dir.path() + "/huge.nii";
        const QString nestedPth = dir.path() + "/nested.pth", good = dir.path() + "/good.png";
        writeBytes(deepDicom, mr::test::nestedDicom(200000));
        writeBytes(hugeNifti, mr::test::niftiHeader(32767, 32767, 32767));
        mr::test::writeCheckpoint(nestedPth.toStdString(), mr::test::nestedTuplesPickle());
        QImage png(96, 80, QImage::Format_RGB888);
        png.fill(QColor(90, 90, 90));
        QVERIFY(png.save(good));

        mr::app::MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QStringList boxes;  // the error dialogs the user saw, closed as they appear
        QTimer closer;
        QObject::connect(&closer, &QTimer::timeout, [&] {
            for (QWidget* tl : QApplication::topLevelWidgets())
                if (auto* box = qobject_cast<QMessageBox*>(tl); box && box->isVisible()) {
                    boxes << box->text();
                    box->close();
                }
        });
        closer.start(50);
        QSignalSpy failed(w.task(), &mr::app::BackgroundTask::failed);
        QSignalSpy shown(&w, &mr::app::MainWindow::imageShown);

        // 1. The DICOM file: refused before DCMTK could recurse 200000 levels.
        w.openPath(deepDicom);
        QVERIFY(failed.wait(60000));
        QVERIFY2(failed.last().at(1).toString().contains("nest more than 128"),
                 qPrintable(failed.last().at(1).toString()));
        QTRY_VERIFY_WITH_TIMEOUT(!w.task()->busy(), 10000);
        // 2. The NIfTI header: 35e12 voxels are refused before anything is allocated.
        w.openPath(hugeNifti);
        QVERIFY(failed.wait(60000));
        QVERIFY2(failed.last().at(1).toString().contains("huge.nii"), qPrintable(failed.last().at(1).toString()));
        QTRY_VERIFY_WITH_TIMEOUT(!w.task()->busy(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(boxes.size() >= 2, 10000);
        QVERIFY2(boxes.join("|").contains("deep.dcm"), qPrintable(boxes.join("|")));

        // Still usable: a good image opens.
        w.openPath(good);
        QVERIFY(shown.wait(60000));
        QCOMPARE(w.sliceView()->image().width(), int64_t(96));

        // 3. The checkpoint: the expert fails to load with the reason; the trace panel shows it.
        mr::session::EngineSettings settings;
        settings.models.reasoner.folder = std::string(MR_FIXTURES_DIR) + "/qwen2_5_vl-tiny";
        settings.ask.maxNewTokens = 8;
        settings.models.expert.type = mr::ground::ExpertType::Sam;
        settings.models.expert.checkpoint = nestedPth.toStdString();
        w.grounding()->applySettings(settings);
        QSignalSpy finished(w.grounding(), &mr::app::GroundingController::finished);
        w.grounding()->ask("Where is the lesion?");
        QVERIFY(finished.wait(120000));
        QCOMPARE(finished.last().at(0).toString(), QString("model_load_failed"));
        QTRY_VERIFY_WITH_TIMEOUT(panelText(w.reasoningPanel()).contains("nest more than 256"), 10000);

        // Still usable: with a working expert the same question is answered.
        settings.models.expert.type = mr::ground::ExpertType::Classical;
        settings.models.expert.checkpoint.clear();
        w.grounding()->applySettings(settings);
        w.grounding()->ask("Where is the lesion?");
        QVERIFY(finished.wait(180000));
        const QString outcome = finished.last().at(0).toString();
        QVERIFY2(outcome == "format_issue" || outcome == "mask" || outcome == "answer_only", qPrintable(outcome));
    }
};

int main(int argc, char** argv) {
    mr::widgets::VtkGlWidget::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    QApplication::setOrganizationName("MedReasonerTest");
    QApplication::setApplicationName("MedReasoner Studio Test");
    HostileFilesTest t;
    return QTest::qExec(&t, argc, argv);
}

#include "hostile_files_test.moc"
