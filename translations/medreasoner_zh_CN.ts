<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>main</name>
    <message>
        <source>Ask a medical image; see the reasoning; keep the mask.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image file or DICOM folder to open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the bundled demo case.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save a screenshot of the window once the image is shown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit once the image is shown (for scripts and benchmarks).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mr::app::MainWindow</name>
    <message>
        <source>MedReasoner Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>W %1 / L %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open Image…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;DICOM Folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open D&amp;emo Case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Window Presets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reset View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>R</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Full Screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About MedReasoner Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the running task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Voxel (%1, %2, %3)  ·  %4, %5, %6 mm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RGB %1, %2, %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Medical images (*.dcm *.nii *.nii.gz *.png *.jpg *.jpeg *.bmp *.tif *.tiff);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open DICOM Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scanning %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>No DICOM image series found (%n file(s) skipped).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Loading %n slice(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Preparing the demo case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — MedReasoner Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 × %2 × %3 voxels, %4 × %5 × %6 mm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (W %2, L %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full Range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear List</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not complete: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1

%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About MedReasoner Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;MedReasoner Studio %1&lt;/h3&gt;&lt;p&gt;Ask an implicit clinical question about a medical image. A multimodal reasoner explains its reasoning and grounds the answer as a box and two key points; a promptable segmentation expert turns them into a mask you can correct and keep.&lt;/p&gt;&lt;p&gt;For research and education. Not a medical device; not for diagnosis.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mr::app::SeriesPickerDialog</name>
    <message>
        <source>Choose a DICOM series</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n series found in %1 files.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Modality</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Slices</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Skipped %n file(s):</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mr::widgets::SliceView</name>
    <message>
        <source>Slice %1 / %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>W %1  L %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom %1%</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
