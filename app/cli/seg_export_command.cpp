// `medreasoner seg-export --image SERIES --mask MASK --out FILE.dcm`: a corrected mask as a DICOM
// Segmentation object over the image it was drawn on. MASK is a label map with the image's grid
// (NIfTI: each value 1, 2, ... becomes a segment) or a 2D picture for one slice (--slice Z;
// non-zero pixels are set). De-identified unless --link-source copies the source series'
// patient, study and frame of reference and references each slice's instance.
#include <algorithm>
#include <iostream>
#include <map>

#include "app/cli/command.h"
#include "engine/imaging/dicom_seg_writer.h"
#include "engine/imaging/image_2d_reader.h"
#include "engine/imaging/image_reader.h"
#include "engine/imaging/nifti.h"
#include "engine/imaging/segment_terms.h"

#ifndef MR_VERSION
#define MR_VERSION "0"  // tests compile this file without the tool's definition
#endif

namespace im = mr::imaging;

namespace {

bool isNiftiPath(const std::string& p) {
    auto ends = [&](const std::string& s) {
        return p.size() >= s.size() && p.compare(p.size() - s.size(), s.size(), s) == 0;
    };
    return ends(".nii") || ends(".nii.gz");
}

// The label values of one slice of a label map (any integer pixel type; colour is refused).
std::vector<int64_t> sliceLabels(const im::Image& m, int64_t z) {
    if (m.isColor() || m.pixelType() == im::PixelType::Float32)
        throw mr::cli::UsageError("the label map must hold integer labels (uint8, int16 or uint16)");
    std::vector<int64_t> v(size_t(m.width() * m.height()));
    for (int64_t y = 0, i = 0; y < m.height(); ++y)
        for (int64_t x = 0; x < m.width(); ++x, ++i) v[size_t(i)] = int64_t(m.value(x, y, z));
    return v;
}

struct SegExportArgs {
    std::string image, mask, out, annotator, expert, reasoner, versions, description;
    std::vector<std::string> labels;
    int64_t slice = -1;  // -1: not given
    bool linkSource = false;
};

im::SegmentDescription describe(const SegExportArgs& args, size_t index, int64_t value) {
    const std::string label = index < args.labels.size() ? args.labels[index] : "label " + std::to_string(value);
    im::SegmentDescription d = im::describeSegment(label, args.expert, args.reasoner, args.versions);
    d.color = im::segmentColor(index);
    return d;
}

// The segments of a NIfTI label map with the image's grid: one per value present, in value order.
void addLabelMap(const SegExportArgs& args, const std::string& path, const im::Image& image, im::Segmentation& seg) {
    const im::Image map = im::readNifti(path);
    if (map.geometry().size != image.geometry().size)
        throw mr::Error(path + ": the label map is " + std::to_string(map.width()) + "x" +
                        std::to_string(map.height()) + "x" + std::to_string(map.depth()) + ", the image " +
                        std::to_string(image.width()) + "x" + std::to_string(image.height()) + "x" +
                        std::to_string(image.depth()));
    std::map<int64_t, size_t> segmentOf;  // label value -> segment index, in value order
    for (int64_t z = 0; z < map.depth(); ++z)
        for (int64_t v : sliceLabels(map, z))
            if (v > 0) segmentOf.emplace(v, 0);
    if (segmentOf.size() > 255) throw mr::Error(path + ": more than 255 labels");
    for (auto& [value, index] : segmentOf) {
        index = seg.segments.size();
        seg.addSegment(describe(args, index, value));
    }
    const size_t pixels = size_t(image.width() * image.height());
    std::vector<uint8_t> mask(pixels);
    for (int64_t z = 0; z < image.depth(); ++z) {
        const std::vector<int64_t> labels = sliceLabels(map, z);
        for (const auto& [value, index] : segmentOf) {
            for (size_t i = 0; i < pixels; ++i) mask[i] = labels[i] == value;
            seg.setSlice(index, z, mask.data(), pixels);
        }
    }
}

// One segment from a 2D picture of the slice's size: non-zero pixels are set.
void addSliceMask(const SegExportArgs& args, const std::string& path, const im::Image& image, im::Segmentation& seg) {
    const im::Image mask = im::readImage2D(path);
    if (mask.width() != image.width() || mask.height() != image.height())
        throw mr::Error(path + ": the mask is " + std::to_string(mask.width()) + "x" + std::to_string(mask.height()) +
                        ", the image's slices " + std::to_string(image.width()) + "x" + std::to_string(image.height()));
    int64_t z = args.slice;
    if (z < 0 && image.depth() > 1)
        throw mr::cli::UsageError("--slice Z is required: the image has " + std::to_string(image.depth()) + " slices");
    if (z < 0) z = 0;
    if (z >= image.depth())
        throw mr::cli::UsageError("--slice " + std::to_string(z) + " is outside the image (0 to " +
                                  std::to_string(image.depth() - 1) + ")");
    std::vector<uint8_t> bits(size_t(mask.width() * mask.height()));
    for (int64_t y = 0, i = 0; y < mask.height(); ++y)
        for (int64_t x = 0; x < mask.width(); ++x, ++i)
            for (int c = 0; c < mask.channels(); ++c) bits[size_t(i)] |= mask.value(x, y, 0, c) != 0;
    seg.addSegment(describe(args, 0, 1));
    seg.setSlice(0, z, bits.data(), bits.size());
}

int run(const SegExportArgs& args) {
    const im::Image image = im::readImage(args.image);
    im::Segmentation seg;
    seg.geometry = image.geometry();
    if (isNiftiPath(args.mask)) addLabelMap(args, args.mask, image, seg);
    else addSliceMask(args, args.mask, image, seg);
    im::SegWriteOptions options;
    options.identity = args.linkSource ? im::SegIdentity::LinkedToSource : im::SegIdentity::DeIdentified;
    options.contentCreator = args.annotator;
    options.contentDescription = args.description;
    options.softwareVersion = MR_VERSION;
    im::writeDicomSeg(seg, im::segSourceOf(image), options, args.out);
    int64_t voxels = 0;
    for (const auto& s : seg.segments) voxels += s.countVoxels();
    std::cout << "wrote " << args.out << ": " << seg.segments.size() << " segment(s), " << voxels << " voxels, "
              << (args.linkSource ? "linked to the source series" : "de-identified") << "\n";
    return 0;
}

void declare(CLI::App& app, SegExportArgs& a) {
    app.add_option("--image", a.image, "the image the mask was drawn on: a DICOM folder or file, NIfTI or picture")
        ->required()
        ->type_name("SERIES");
    app.add_option("--mask", a.mask,
                   "a NIfTI label map on the image's grid (each value a segment), or a PNG for one slice")
        ->required()
        ->type_name("MASK");
    app.add_option("--out", a.out, "the DICOM SEG file to write")->required()->type_name("FILE.dcm");
    app.add_option("--slice", a.slice, "the slice of a PNG mask (needed when the image has several)")->type_name("Z");
    app.add_option("--label", a.labels,
                   "segment labels in label-value order (repeatable); coded from the built-in terms")
        ->type_name("TEXT")
        ->allow_extra_args(false);
    app.add_option("--annotator", a.annotator, "the content creator (a DICOM person name)")->type_name("NAME");
    app.add_option("--expert", a.expert, "the segmentation expert that drew the first mask (semi-automatic)")
        ->type_name("NAME");
    app.add_option("--reasoner", a.reasoner, "the reasoner that prompted it")->type_name("NAME");
    app.add_option("--versions", a.versions, "the versions of the expert and reasoner")->type_name("TEXT");
    app.add_option("--description", a.description, "the content description")->type_name("TEXT");
    app.add_flag("--link-source", a.linkSource,
                 "copy patient, study and frame of reference from the source series and reference its instances "
                 "(needed for a PACS); default: de-identified");
}

const mr::cli::Registration reg(mr::cli::makeCommand<SegExportArgs>(
    "seg-export", "write a mask (a NIfTI label map, or a PNG for one slice) as a DICOM SEG over its image", declare,
    run));

}  // namespace
