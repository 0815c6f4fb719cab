#pragma once
// Hosts a VTK render window in a Qt 6 QOpenGLWidget. Debian's VTK Qt module is built for Qt 5,
// so this does what VTK's QVTKOpenGLNativeWidget does: VTK renders into its own framebuffer in
// Qt's context and we blit the result into the widget's framebuffer.
#include <QOpenGLWidget>

#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkSmartPointer.h>

namespace mr::widgets {

class VtkGlWidget : public QOpenGLWidget {
    Q_OBJECT
public:
    explicit VtkGlWidget(QWidget* parent = nullptr);
    ~VtkGlWidget() override;

    vtkRenderer* renderer() const { return renderer_; }
    vtkGenericOpenGLRenderWindow* renderWindow() const { return renderWindow_; }

    // The surface format VTK needs (OpenGL 3.2 core, RGBA8, depth, no multisampling). Must be set
    // as the default before the QApplication is created (app main and test mains do this).
    static void setDefaultSurfaceFormat();

protected:
    void initializeGL() override;
    void resizeGL(int w, int h) override;
    void paintGL() override;

private Q_SLOTS:
    void onContextAboutToBeDestroyed();

private:
    void onVtkEvent(vtkObject* caller, unsigned long event, void* callData);
    void finalizeVtk();

    vtkSmartPointer<vtkGenericOpenGLRenderWindow> renderWindow_;
    vtkSmartPointer<vtkRenderer> renderer_;
    bool vtkInitialized_ = false;
};

}  // namespace mr::widgets
