#include "engine/imaging/image_reader.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "engine/imaging/dicom_header.h"
#include "engine/imaging/dicom_scanner.h"
#include "engine/imaging/dicom_series_reader.h"
#include "engine/imaging/image_2d_reader.h"
#include "engine/imaging/image_read_error.h"
#include "engine/imaging/nifti.h"

namespace fs = std::filesystem;

namespace mr::imaging {

const char* imageFileKindName(ImageFileKind kind) {
    switch (kind) {
        case ImageFileKind::DicomFolder: return "dicom-folder";
        case ImageFileKind::DicomFile: return "dicom-file";
        case ImageFileKind::Nifti: return "nifti";
        case ImageFileKind::Image2D: return "image-2d";
        case ImageFileKind::Unknown: return "unknown";
    }
    return "unknown";
}

namespace {
std::string lowerExtension(const std::string& path) {
    std::string name = fs::path(path).filename().string();
    for (char& c : name) c = char(std::tolower(static_cast<unsigned char>(c)));
    if (name.size() > 7 && name.compare(name.size() - 7, 7, ".nii.gz") == 0) return ".nii.gz";
    return fs::path(name).extension().string();
}

bool isPicture(const unsigned char* b, size_t n) {
    if (n >= 8 && std::memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0) return true;
    if (n >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return true;
    if (n >= 2 && b[0] == 'B' && b[1] == 'M') return true;
    if (n >= 4 && (std::memcmp(b, "II*\0", 4) == 0 || std::memcmp(b, "MM\0*", 4) == 0)) return true;
    return false;
}
}  // namespace

ImageFileKind detectImageKind(const std::string& path) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) return ImageFileKind::DicomFolder;
    if (!fs::is_regular_file(path, ec)) return ImageFileKind::Unknown;
    unsigned char buf[132] = {};
    size_t n = 0;
    {
        std::ifstream in(path, std::ios::binary);
        in.read(reinterpret_cast<char*>(buf), sizeof buf);
        n = size_t(std::max<std::streamsize>(0, in.gcount()));
    }
    if (n == 132 && std::memcmp(buf + 128, "DICM", 4) == 0) return ImageFileKind::DicomFile;
    if (isPicture(buf, n)) return ImageFileKind::Image2D;
    if ((n >= 2 && buf[0] == 0x1f && buf[1] == 0x8b) || (n >= 4 && (buf[0] == 0x5c || buf[3] == 0x5c)))
        if (looksLikeNifti(path)) return ImageFileKind::Nifti;
    const std::string ext = lowerExtension(path);
    if (ext == ".nii" || ext == ".nii.gz") return ImageFileKind::Nifti;
    if (ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".bmp" || ext == ".tif" || ext == ".tiff")
        return ImageFileKind::Image2D;
    if (detail::looksLikeDicom(path, nullptr) || ext == ".dcm" || ext == ".dicom") return ImageFileKind::DicomFile;
    return ImageFileKind::Unknown;
}

Image readImage(const std::string& path, const mr::CancelToken& cancel, const mr::ProgressFn& progress) {
    std::error_code ec;
    if (!fs::exists(path, ec)) throw ImageReadError(path, "no such file or folder");
    switch (detectImageKind(path)) {
        case ImageFileKind::DicomFolder: {
            auto scanProgress = [&](double f, std::string_view what) {
                if (progress) progress(0.2 * f, what);
            };
            DicomScanResult scan = scanDicomFolder(path, cancel, scanProgress);
            if (scan.series.empty()) {
                std::string why =
                    "no DICOM image series found (" + std::to_string(scan.filesExamined) + " files examined";
                if (!scan.skipped.empty()) why += "; e.g. " + scan.skipped[0].path + ": " + scan.skipped[0].reason;
                throw ImageReadError(path, why + ")");
            }
            auto largest = std::max_element(scan.series.begin(), scan.series.end(),
                                            [](const auto& a, const auto& b) { return a.sliceCount < b.sliceCount; });
            auto loadProgress = [&](double f, std::string_view what) {
                if (progress) progress(0.2 + 0.8 * f, what);
            };
            Image image = readDicomSeries(*largest, cancel, loadProgress);
            auto& w = image.metadata().warnings;
            if (scan.series.size() > 1)
                w.push_back("the folder holds " + std::to_string(scan.series.size()) + " series; loaded the largest (" +
                            largest->seriesDescription + ", " + std::to_string(largest->sliceCount) + " slices)");
            if (!scan.skipped.empty())
                w.push_back(std::to_string(scan.skipped.size()) + " file(s) skipped, e.g. " + scan.skipped[0].path +
                            ": " + scan.skipped[0].reason);
            image.metadata().source = path;
            return image;
        }
        case ImageFileKind::DicomFile: return readDicomSeries(std::vector<std::string>{path}, cancel, progress);
        case ImageFileKind::Nifti: return readNifti(path, cancel, progress);
        case ImageFileKind::Image2D: return readImage2D(path, cancel);
        case ImageFileKind::Unknown: break;
    }
    throw ImageReadError(path, "unrecognised file format (DICOM, NIfTI, PNG, JPEG, BMP or TIFF expected)");
}

}  // namespace mr::imaging
