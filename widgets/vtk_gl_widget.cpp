// GLEW must come before any other OpenGL header (Qt's included).
#include <vtk_glew.h>

#include "widgets/vtk_gl_widget.h"

#include <QOpenGLContext>
#include <QSurfaceFormat>

#include <vtkCallbackCommand.h>
#include <vtkCommand.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkOpenGLFramebufferObject.h>
#include <vtkOpenGLState.h>
#include <vtkRenderer.h>

namespace mr::widgets {

void VtkGlWidget::setDefaultSurfaceFormat() {
    QSurfaceFormat f;
    f.setRenderableType(QSurfaceFormat::OpenGL);
    f.setVersion(3, 2);
    f.setProfile(QSurfaceFormat::CoreProfile);
    f.setSwapBehavior(QSurfaceFormat::DoubleBuffer);
    f.setRedBufferSize(8);
    f.setGreenBufferSize(8);
    f.setBlueBufferSize(8);
    f.setAlphaBufferSize(8);
    f.setDepthBufferSize(8);
    f.setStencilBufferSize(0);
    f.setSamples(0);
    QSurfaceFormat::setDefaultFormat(f);
}

VtkGlWidget::VtkGlWidget(QWidget* parent) : QOpenGLWidget(parent) {
    renderWindow_ = vtkSmartPointer<vtkGenericOpenGLRenderWindow>::New();
    renderer_ = vtkSmartPointer<vtkRenderer>::New();
    renderWindow_->AddRenderer(renderer_);
    renderWindow_->SetMultiSamples(0);
    // We blit VTK's display framebuffer ourselves in paintGL.
    renderWindow_->SetFrameBlitModeToNoBlit();
    // Clear to opaque alpha: blending keeps alpha at 1 then, and paintGL needs no extra pass
    // to force it (a colour-masked clear is a slow full-window pass under llvmpipe).
    renderer_->SetBackgroundAlpha(1.0);
    // paintGL overwrites the whole framebuffer, so Qt need not clear it before each frame.
    setUpdateBehavior(QOpenGLWidget::PartialUpdate);
    for (unsigned long ev :
         {vtkCommand::WindowMakeCurrentEvent, vtkCommand::WindowIsCurrentEvent, vtkCommand::WindowFrameEvent}) {
        renderWindow_->AddObserver(ev, this, &VtkGlWidget::onVtkEvent);
    }
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
}

VtkGlWidget::~VtkGlWidget() {
    makeCurrent();
    finalizeVtk();
    doneCurrent();
    renderWindow_->RemoveAllObservers();
}

void VtkGlWidget::onVtkEvent(vtkObject*, unsigned long event, void* callData) {
    switch (event) {
        case vtkCommand::WindowMakeCurrentEvent:
            // Only the context: QOpenGLWidget::makeCurrent() would rebind Qt's framebuffer behind
            // VTK's state cache and the widget would render black.
            if (context()) context()->makeCurrent(context()->surface());
            break;
        case vtkCommand::WindowIsCurrentEvent: {
            bool& current = *static_cast<bool*>(callData);
            current = context() && QOpenGLContext::currentContext() == context();
            break;
        }
        case vtkCommand::WindowFrameEvent: break;  // presentation happens in paintGL
        default: break;
    }
}

void VtkGlWidget::initializeGL() {
    if (vtkInitialized_) finalizeVtk();
    connect(context(), &QOpenGLContext::aboutToBeDestroyed, this, &VtkGlWidget::onContextAboutToBeDestroyed,
            Qt::UniqueConnection);
    vtkOpenGLState* state = renderWindow_->GetState();
    state->Reset();
    state->Push();
    renderWindow_->SetOwnContext(0);
    renderWindow_->OpenGLInitContext();
    renderWindow_->SetReadyForRendering(true);
    state->Pop();
    vtkInitialized_ = true;
}

void VtkGlWidget::resizeGL(int w, int h) {
    const qreal dpr = devicePixelRatioF();
    renderWindow_->SetSize(int(w * dpr), int(h * dpr));
}

void VtkGlWidget::paintGL() {
    if (!vtkInitialized_) return;
    const qreal dpr = devicePixelRatioF();
    const int w = int(width() * dpr), h = int(height() * dpr);
    vtkOpenGLState* state = renderWindow_->GetState();
    state->Reset();  // Qt may have changed GL state since our last frame
    state->Push();
    renderWindow_->SetSize(w, h);
    renderWindow_->Render();

    state->PushFramebufferBindings();
    state->vtkglBindFramebuffer(GL_DRAW_FRAMEBUFFER, defaultFramebufferObject());
    state->vtkglViewport(0, 0, w, h);
    state->vtkglScissor(0, 0, w, h);
    // Alpha is already 1 everywhere (opaque background alpha, see the constructor), as the
    // composited widget needs.
    renderWindow_->BlitDisplayFramebuffer(0, 0, 0, w, h, 0, 0, w, h, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    state->PopFramebufferBindings();
    state->Pop();
}

void VtkGlWidget::onContextAboutToBeDestroyed() {
    makeCurrent();
    finalizeVtk();
    doneCurrent();
}

void VtkGlWidget::finalizeVtk() {
    if (!vtkInitialized_) return;
    renderWindow_->Finalize();
    renderWindow_->SetReadyForRendering(false);
    vtkInitialized_ = false;
}

}  // namespace mr::widgets
