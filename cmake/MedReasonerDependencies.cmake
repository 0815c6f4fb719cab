# Every third-party package the project uses, found once, here.
find_package(Threads REQUIRED)
find_package(Torch REQUIRED)  # imported target `torch`; never add TORCH_CXX_FLAGS globally
# Kept libraries instead of hand-written ones (the model core uses them too): JSON, SHA-256, ZIP.
find_package(nlohmann_json 3.10 REQUIRED)  # nlohmann_json::nlohmann_json (header-only)
find_package(OpenSSL REQUIRED COMPONENTS Crypto)  # OpenSSL::Crypto
# Debian's libzip CMake package insists on the zipcmp/zipmerge tools; its pkg-config file does not.
find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip)  # PkgConfig::LIBZIP

if(NOT MEDREASONER_MODELS_ONLY)
  find_package(OpenCV 4 REQUIRED COMPONENTS core imgproc imgcodecs)
  find_package(DCMTK REQUIRED CONFIG)
  find_package(ICU REQUIRED COMPONENTS uc i18n)
  find_package(ZLIB REQUIRED)
  # HTTP: libcurl for the remote reasoner and the DICOMweb client (engine/pacs), cpp-httplib for
  # `medreasoner serve`. Debian builds cpp-httplib as a library and describes it (with its
  # TLS/compression defines) in pkg-config.
  find_package(CURL REQUIRED)
  pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
endif()
if(NOT MEDREASONER_MODELS_ONLY AND NOT MEDREASONER_ENGINE_ONLY)
  # An explicit component list: without one (or with GUISupportQt) Debian's VTK looks for Qt 5.
  find_package(VTK 9.1 REQUIRED COMPONENTS
    CommonCore CommonDataModel CommonMath CommonTransforms ImagingCore ImagingGeneral ImagingColor
    RenderingCore RenderingImage RenderingOpenGL2 RenderingAnnotation RenderingFreeType
    InteractionStyle InteractionWidgets)
  find_package(Qt6 6.4 REQUIRED COMPONENTS Core Gui Widgets OpenGL OpenGLWidgets Concurrent Test
    LinguistTools Charts Svg)
endif()

# Qt's `slots`/`signals` macros collide with libtorch headers.
add_compile_definitions(QT_NO_KEYWORDS)
