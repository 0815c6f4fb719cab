#pragma once
// The demo CT in the main window as a presenter shows it after a question: the lesion's slice with
// a box and two points around the lesion, the lesion's ground truth as the mask, and a question
// with a short trace and answer in the Reasoning panel.
#include <QApplication>

#include <vector>

#include "app/main_window.h"
#include "app/mask_editor.h"
#include "app/prompt_controller.h"
#include "engine/demo/abdomen_phantom.h"
#include "widgets/reasoning_panel.h"
#include "widgets/slice_view.h"

namespace mr::test {

struct DemoScene {
    mr::demo::Phantom phantom;
    mr::Box box;  // voxel corners on the lesion's slice
};

inline DemoScene showDemoScene(mr::app::MainWindow& w) {
    DemoScene scene{mr::demo::makeAbdomenPhantom(), {}};
    const auto& p = scene.phantom;
    const auto [lx, ly, lz] = p.lesionCentre;
    w.showImage(p.ct, QStringLiteral("demo-ct"));
    QApplication::processEvents();
    w.sliceView()->setSlice(lz);
    std::vector<uint8_t> mask(size_t(p.ct.width() * p.ct.height()), 0);
    const auto* labels = p.labels.data<uint8_t>() + lz * p.ct.width() * p.ct.height();
    for (size_t i = 0; i < mask.size(); ++i) mask[i] = labels[i] == mr::demo::Lesion ? 1 : 0;
    w.maskEditor()->applyExpertMask(lz, mask, QStringLiteral("Expert's mask"), true);
    scene.box = {double(lx - 24), double(ly - 22), double(lx + 24), double(ly + 22)};
    mr::widgets::PromptMarkers markers;
    markers.slice = lz;
    markers.box = scene.box;
    markers.points = {{{double(lx - 6), double(ly), true}, QStringLiteral("points_1")},
                      {{double(lx + 6), double(ly + 4), true}, QStringLiteral("points_2")}};
    w.prompts()->setPrompts(markers);
    auto* panel = w.reasoningPanel();
    panel->setQuestion(QStringLiteral("Where would you biopsy to confirm the suspected malignancy?"));
    panel->appendText(
        QStringLiteral("<think>The liver holds a round hypodense lesion with an irregular rim. "
                       "Sampling its solid margin gives the best yield.</think>"
                       "<answer>{\"bbox\":[120,140,168,184],\"points_1\":[138,162],"
                       "\"points_2\":[150,166]}</answer>"));
    panel->finishText();
    QApplication::processEvents();
    return scene;
}

}  // namespace mr::test
