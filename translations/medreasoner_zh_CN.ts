<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>main</name>
    <message>
        <source>Ask a medical image; see the reasoning; keep the mask.</source>
        <translation>向医学图像提问；查看推理；保留掩膜。</translation>
    </message>
    <message>
        <source>Image file or DICOM folder to open.</source>
        <translation>要打开的图像文件或 DICOM 文件夹。</translation>
    </message>
    <message>
        <source>Open the bundled demo case.</source>
        <translation>打开内置演示病例。</translation>
    </message>
    <message>
        <source>Save a screenshot of the window once the image is shown.</source>
        <translation>图像显示后保存窗口截图。</translation>
    </message>
    <message>
        <source>Quit once the image is shown (for scripts and benchmarks).</source>
        <translation>图像显示后退出（用于脚本与基准测试）。</translation>
    </message>
</context>
<context>
    <name>mr::app::DatasetController</name>
    <message>
        <source>Opening dataset %1</source>
        <translation>正在打开数据集 %1</translation>
    </message>
    <message>
        <source>Saving the sample</source>
        <translation>正在保存样本</translation>
    </message>
    <message>
        <source>Changing the status of %1</source>
        <translation>正在更改 %1 的状态</translation>
    </message>
    <message>
        <source>Deleting %1</source>
        <translation>正在删除 %1</translation>
    </message>
    <message>
        <source>Reloading the dataset</source>
        <translation>正在重新加载数据集</translation>
    </message>
    <message>
        <source>Exporting the dataset</source>
        <translation>正在导出数据集</translation>
    </message>
</context>
<context>
    <name>mr::app::GroundingController</name>
    <message>
        <source>No reasoner model is configured.</source>
        <translation>未配置推理模型。</translation>
    </message>
    <message>
        <source>Answering: %1</source>
        <translation>正在回答：%1</translation>
    </message>
    <message>
        <source>Box (%1, %2) – (%3, %4)</source>
        <translation>框 (%1, %2) – (%3, %4)</translation>
    </message>
    <message>
        <source>Points (%1, %2) and (%3, %4)</source>
        <translation>点 (%1, %2) 与 (%3, %4)</translation>
    </message>
    <message>
        <source>in original pixels; the model saw %1 × %2</source>
        <translation>原始像素坐标；模型看到的图像为 %1 × %2</translation>
    </message>
    <message>
        <source>Expert&apos;s mask</source>
        <translation>专家掩膜</translation>
    </message>
</context>
<context>
    <name>mr::app::MainWindow</name>
    <message>
        <source>MedReasoner Studio</source>
        <translation>MedReasoner 医学推理工作室</translation>
    </message>
    <message>
        <source>W %1 / L %2</source>
        <translation>窗宽 %1 / 窗位 %2</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open Image…</source>
        <translation>打开图像(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;DICOM Folder…</source>
        <translation>打开 DICOM 文件夹(&amp;D)…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>Open D&amp;emo Case</source>
        <translation>打开演示病例(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Window Presets</source>
        <translation>窗宽窗位预设(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Reset View</source>
        <translation>重置视图(&amp;R)</translation>
    </message>
    <message>
        <source>R</source>
        <translation>R</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Full Screen</source>
        <translation>全屏(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About MedReasoner Studio</source>
        <translation>关于 MedReasoner 医学推理工作室(&amp;A)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop the running task</source>
        <translation>停止正在运行的任务</translation>
    </message>
    <message>
        <source>Cancelled: %1</source>
        <translation>已取消：%1</translation>
    </message>
    <message>
        <source>Voxel (%1, %2, %3)  ·  %4, %5, %6 mm</source>
        <translation>体素 (%1, %2, %3)  ·  %4, %5, %6 毫米</translation>
    </message>
    <message>
        <source>RGB %1, %2, %3</source>
        <translation>RGB %1, %2, %3</translation>
    </message>
    <message>
        <source>Value %1</source>
        <translation>值 %1</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Open Image</source>
        <translation>打开图像</translation>
    </message>
    <message>
        <source>Medical images (*.dcm *.nii *.nii.gz *.png *.jpg *.jpeg *.bmp *.tif *.tiff);;All files (*)</source>
        <translation>医学图像 (*.dcm *.nii *.nii.gz *.png *.jpg *.jpeg *.bmp *.tif *.tiff);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Open DICOM Folder</source>
        <translation>打开 DICOM 文件夹</translation>
    </message>
    <message>
        <source>Opening %1</source>
        <translation>正在打开 %1</translation>
    </message>
    <message>
        <source>Scanning %1</source>
        <translation>正在扫描 %1</translation>
    </message>
    <message numerus="yes">
        <source>No DICOM image series found (%n file(s) skipped).</source>
        <translation>
            <numerusform>未找到 DICOM 图像序列（跳过 %n 个文件）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Loading %n slice(s)</source>
        <translation>
            <numerusform>正在加载 %n 层</numerusform>
        </translation>
    </message>
    <message>
        <source>Preparing the demo case</source>
        <translation>正在准备演示病例</translation>
    </message>
    <message>
        <source>%1 — MedReasoner Studio</source>
        <translation>%1 — MedReasoner 医学推理工作室</translation>
    </message>
    <message>
        <source>%1 × %2 × %3 voxels, %4 × %5 × %6 mm</source>
        <translation>%1 × %2 × %3 体素，%4 × %5 × %6 毫米</translation>
    </message>
    <message>
        <source>%1 (W %2, L %3)</source>
        <translation>%1（窗宽 %2，窗位 %3）</translation>
    </message>
    <message>
        <source>Full Range</source>
        <translation>全范围</translation>
    </message>
    <message>
        <source>Clear List</source>
        <translation>清空列表</translation>
    </message>
    <message>
        <source>Could not complete: %1</source>
        <translation>无法完成：%1</translation>
    </message>
    <message>
        <source>%1

%2</source>
        <translation>%1

%2</translation>
    </message>
    <message>
        <source>About MedReasoner Studio</source>
        <translation>关于 MedReasoner 医学推理工作室</translation>
    </message>
    <message>
        <source>&lt;h3&gt;MedReasoner Studio %1&lt;/h3&gt;&lt;p&gt;Ask an implicit clinical question about a medical image. A multimodal reasoner explains its reasoning and grounds the answer as a box and two key points; a promptable segmentation expert turns them into a mask you can correct and keep.&lt;/p&gt;&lt;p&gt;For research and education. Not a medical device; not for diagnosis.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;MedReasoner 医学推理工作室 %1&lt;/h3&gt;&lt;p&gt;就医学图像提出隐含的临床问题。多模态推理模型给出推理过程，并以一个框和两个关键点定位答案；可提示分割专家将其转换为掩膜，您可以修正并保存。&lt;/p&gt;&lt;p&gt;仅用于科研与教学。非医疗器械，不可用于诊断。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Open &amp;Label Map…</source>
        <translation>打开标签图(&amp;L)…</translation>
    </message>
    <message>
        <source>&amp;Invert Gray Scale</source>
        <translation>反转灰度(&amp;I)</translation>
    </message>
    <message>
        <source>I</source>
        <translation>I</translation>
    </message>
    <message>
        <source>&amp;Axial</source>
        <translation>轴位(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Coronal</source>
        <translation>冠状位(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Sagittal</source>
        <translation>矢状位(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;2 × 2 Layout</source>
        <translation>2 × 2 布局(&amp;2)</translation>
    </message>
    <message>
        <source>Cross&amp;hair</source>
        <translation>十字线(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Label Overlay</source>
        <translation>标签叠加(&amp;L)</translation>
    </message>
    <message>
        <source>L</source>
        <translation>L</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>no label</source>
        <translation>无标签</translation>
    </message>
    <message>
        <source>Open Label Map</source>
        <translation>打开标签图</translation>
    </message>
    <message>
        <source>Open an image first: a label map belongs to an image.</source>
        <translation>请先打开图像：标签图属于某一图像。</translation>
    </message>
    <message>
        <source>NIfTI label maps (*.nii *.nii.gz);;All files (*)</source>
        <translation>NIfTI 标签图 (*.nii *.nii.gz);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Opening label map %1</source>
        <translation>正在打开标签图 %1</translation>
    </message>
    <message>
        <source>&amp;Prompt</source>
        <translation>提示(&amp;P)</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>&amp;Navigate</source>
        <translation>浏览(&amp;N)</translation>
    </message>
    <message>
        <source>Left-drag changes window/level</source>
        <translation>左键拖动调整窗宽窗位</translation>
    </message>
    <message>
        <source>&amp;Box</source>
        <translation>框(&amp;B)</translation>
    </message>
    <message>
        <source>Drag a box around the target</source>
        <translation>拖动框住目标</translation>
    </message>
    <message>
        <source>&amp;Foreground Point</source>
        <translation>前景点(&amp;F)</translation>
    </message>
    <message>
        <source>Click a point inside the target</source>
        <translation>在目标内部点击</translation>
    </message>
    <message>
        <source>Back&amp;ground Point</source>
        <translation>背景点(&amp;G)</translation>
    </message>
    <message>
        <source>Click a point outside the target</source>
        <translation>在目标外部点击</translation>
    </message>
    <message>
        <source>&amp;Segment</source>
        <translation>分割(&amp;S)</translation>
    </message>
    <message>
        <source>Ctrl+Return</source>
        <translation>Ctrl+Return</translation>
    </message>
    <message>
        <source>Run the segmentation expert on the prompts</source>
        <translation>按提示运行分割专家</translation>
    </message>
    <message>
        <source>&amp;Clear Prompts</source>
        <translation>清除提示(&amp;C)</translation>
    </message>
    <message>
        <source>Ctrl+Backspace</source>
        <translation>Ctrl+Backspace</translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation>推理</translation>
    </message>
    <message>
        <source>Mask in %1 ms (quality %2; slice embedding reused)</source>
        <translation>掩膜用时 %1 毫秒（质量 %2；复用了该层的图像嵌入）</translation>
    </message>
    <message>
        <source>Mask in %1 ms (quality %2)</source>
        <translation>掩膜用时 %1 毫秒（质量 %2）</translation>
    </message>
    <message>
        <source>&amp;Engine</source>
        <translation>引擎(&amp;E)</translation>
    </message>
    <message>
        <source>Engine &amp;Settings…</source>
        <translation>引擎设置(&amp;S)…</translation>
    </message>
    <message>
        <source>Engine settings saved; models load when first used.</source>
        <translation>引擎设置已保存；模型将在首次使用时加载。</translation>
    </message>
    <message>
        <source>Open E&amp;valuation Report…</source>
        <translation>打开评测报告(&amp;V)…</translation>
    </message>
    <message>
        <source>Open Evaluation Report</source>
        <translation>打开评测报告</translation>
    </message>
    <message>
        <source>Edit History</source>
        <translation>编辑历史</translation>
    </message>
    <message>
        <source>&lt;no mask&gt;</source>
        <translation>&lt;无掩膜&gt;</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Open or Create &amp;Dataset…</source>
        <translation>打开或新建数据集(&amp;D)…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+D</source>
        <translation>Ctrl+Shift+D</translation>
    </message>
    <message>
        <source>&amp;Save Sample to Dataset…</source>
        <translation>将样本保存到数据集(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Mask</source>
        <translation>掩膜(&amp;M)</translation>
    </message>
</context>
<context>
    <name>mr::app::MaskEditor</name>
    <message>
        <source>The expert&apos;s mask does not fit the image; it was not applied.</source>
        <translation>专家掩膜与图像不匹配，未予应用。</translation>
    </message>
    <message>
        <source>Erase</source>
        <translation>擦除</translation>
    </message>
    <message>
        <source>Brush</source>
        <translation>画笔</translation>
    </message>
    <message>
        <source>Fill polygon</source>
        <translation>多边形填充</translation>
    </message>
    <message>
        <source>Cut polygon</source>
        <translation>多边形切除</translation>
    </message>
    <message>
        <source>Fill holes</source>
        <translation>填充空洞</translation>
    </message>
    <message>
        <source>Keep largest component</source>
        <translation>保留最大连通域</translation>
    </message>
    <message>
        <source>Smooth</source>
        <translation>平滑</translation>
    </message>
    <message>
        <source>Clear mask</source>
        <translation>清除掩膜</translation>
    </message>
</context>
<context>
    <name>mr::app::MaskToolsBar</name>
    <message>
        <source>Mask</source>
        <translation>掩膜</translation>
    </message>
    <message>
        <source>&amp;Brush</source>
        <translation>画笔(&amp;B)</translation>
    </message>
    <message>
        <source>Paint the mask; Shift+wheel sets the size</source>
        <translation>绘制掩膜；Shift+滚轮 调整大小</translation>
    </message>
    <message>
        <source>&amp;Eraser</source>
        <translation>橡皮擦(&amp;E)</translation>
    </message>
    <message>
        <source>Erase the mask; Shift+wheel sets the size</source>
        <translation>擦除掩膜；Shift+滚轮 调整大小</translation>
    </message>
    <message>
        <source>&amp;Polygon Fill</source>
        <translation>多边形填充(&amp;P)</translation>
    </message>
    <message>
        <source>Click corners, double-click or Enter to fill</source>
        <translation>依次点击各顶点，双击或按回车填充</translation>
    </message>
    <message>
        <source>Polygon &amp;Cut</source>
        <translation>多边形切除(&amp;C)</translation>
    </message>
    <message>
        <source>Click corners, double-click or Enter to cut</source>
        <translation>依次点击各顶点，双击或按回车切除</translation>
    </message>
    <message>
        <source>&amp;Lasso Fill</source>
        <translation>套索填充(&amp;L)</translation>
    </message>
    <message>
        <source>Drag around a region to fill it</source>
        <translation>沿区域边缘拖动一圈以填充</translation>
    </message>
    <message>
        <source>Lasso C&amp;ut</source>
        <translation>套索切除(&amp;U)</translation>
    </message>
    <message>
        <source>Drag around a region to cut it</source>
        <translation>沿区域边缘拖动一圈以切除</translation>
    </message>
    <message>
        <source> mm</source>
        <translation> 毫米</translation>
    </message>
    <message>
        <source>Brush and eraser radius (Shift+wheel on the image)</source>
        <translation>画笔与橡皮擦半径（在图像上按 Shift+滚轮）</translation>
    </message>
    <message>
        <source>Radius </source>
        <translation>半径 </translation>
    </message>
    <message>
        <source>Only </source>
        <translation>仅限 </translation>
    </message>
    <message>
        <source>Paint and fill only pixels with values in this range (HU for CT)</source>
        <translation>仅绘制和填充值在此范围内的像素（CT 为 HU 值）</translation>
    </message>
    <message>
        <source>Fill &amp;Holes</source>
        <translation>填充空洞(&amp;H)</translation>
    </message>
    <message>
        <source>Fill the holes inside the mask on this slice</source>
        <translation>填充当前层掩膜内部的空洞</translation>
    </message>
    <message>
        <source>Keep Lar&amp;gest Part</source>
        <translation>保留最大部分(&amp;G)</translation>
    </message>
    <message>
        <source>Keep only the largest connected part on this slice</source>
        <translation>当前层仅保留最大的连通部分</translation>
    </message>
    <message>
        <source>S&amp;mooth</source>
        <translation>平滑(&amp;M)</translation>
    </message>
    <message>
        <source>Smooth the mask&apos;s outline on this slice</source>
        <translation>平滑当前层掩膜的轮廓</translation>
    </message>
    <message>
        <source>Clear Mask on This Slice</source>
        <translation>清除当前层掩膜</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
</context>
<context>
    <name>mr::app::Op</name>
    <message>
        <source>%1: nothing to change on this slice.</source>
        <translation>%1：当前层没有需要更改的内容。</translation>
    </message>
</context>
<context>
    <name>mr::app::PromptController</name>
    <message>
        <source>Drag a box or click a point on an axial slice first.</source>
        <translation>请先在轴位层面上拖出一个框或点击一个点。</translation>
    </message>
    <message>
        <source>Segmenting</source>
        <translation>正在分割</translation>
    </message>
    <message>
        <source>Segment from box</source>
        <translation>根据框分割</translation>
    </message>
    <message>
        <source>Refine with positive point</source>
        <translation>用正点细化</translation>
    </message>
    <message>
        <source>Refine with negative point</source>
        <translation>用负点细化</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>分割</translation>
    </message>
</context>
<context>
    <name>mr::app::SampleReviewController</name>
    <message>
        <source>Dataset %1 opened read-only</source>
        <translation>已以只读方式打开数据集 %1</translation>
    </message>
    <message>
        <source>Dataset %1 opened</source>
        <translation>已打开数据集 %1</translation>
    </message>
    <message>
        <source>Saved sample %1 to the dataset</source>
        <translation>已将样本 %1 保存到数据集</translation>
    </message>
    <message>
        <source>Dataset exported to %1</source>
        <translation>数据集已导出到 %1</translation>
    </message>
    <message>
        <source>Open or Create a Dataset Folder</source>
        <translation>打开或新建数据集文件夹</translation>
    </message>
    <message>
        <source>Export COCO JSON</source>
        <translation>导出 COCO JSON</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Export to Folder</source>
        <translation>导出到文件夹</translation>
    </message>
    <message>
        <source>Dataset in Use</source>
        <translation>数据集正在使用中</translation>
    </message>
    <message>
        <source>%1

Open it read-only? You can browse it but not save to it.</source>
        <translation>%1

以只读方式打开？可以浏览，但不能向其中保存。</translation>
    </message>
    <message>
        <source>Nothing to save yet: ask a question or prompt the expert to get a mask.</source>
        <translation>尚无可保存的内容：请提问或提示分割专家以获得掩膜。</translation>
    </message>
    <message>
        <source>Saving the sample…</source>
        <translation>正在保存样本…</translation>
    </message>
    <message>
        <source>Save Sample</source>
        <translation>保存样本</translation>
    </message>
    <message>
        <source>Opening sample %1</source>
        <translation>正在打开样本 %1</translation>
    </message>
    <message>
        <source>sample %1</source>
        <translation>样本 %1</translation>
    </message>
    <message>
        <source>Expert&apos;s first mask</source>
        <translation>专家初始掩膜</translation>
    </message>
    <message>
        <source>Expert&apos;s mask (saved)</source>
        <translation>专家掩膜（已保存）</translation>
    </message>
    <message>
        <source>Saved correction</source>
        <translation>已保存的修正</translation>
    </message>
    <message>
        <source>Reviewing sample %1 (%2): the outline is the expert&apos;s first mask, the filled layer the saved mask</source>
        <translation>正在审核样本 %1（%2）：轮廓为专家初始掩膜，填充层为已保存的掩膜</translation>
    </message>
    <message>
        <source>Sample %1 is already in the dataset: change its status in the Dataset panel.</source>
        <translation>样本 %1 已在数据集中：请在数据集面板中更改其状态。</translation>
    </message>
</context>
<context>
    <name>mr::app::SeriesPickerDialog</name>
    <message>
        <source>Choose a DICOM series</source>
        <translation>选择 DICOM 序列</translation>
    </message>
    <message numerus="yes">
        <source>%n series found in %1 files.</source>
        <translation>
            <numerusform>在 %1 个文件中找到 %n 个序列。</numerusform>
        </translation>
    </message>
    <message>
        <source>Series</source>
        <translation>序列</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Modality</source>
        <translation>模态</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <source>Slices</source>
        <translation>层数</translation>
    </message>
    <message numerus="yes">
        <source>Skipped %n file(s):</source>
        <translation>
            <numerusform>跳过的 %n 个文件：</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mr::widgets::DatasetBrowser</name>
    <message>
        <source>Accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <source>Corrected</source>
        <translation>已修正</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>Any</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Modality</source>
        <translation>模态</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Sample</source>
        <translation>样本</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Dice</source>
        <translation>Dice</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Open Dataset…</source>
        <translation>打开数据集…</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <source>Show the sample with its trace, prompts and both masks</source>
        <translation>显示样本及其推理过程、提示与两个掩膜</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Accepted and corrected samples, for other tools</source>
        <translation>导出已接受和已修正的样本，供其他工具使用</translation>
    </message>
    <message>
        <source>Masks as PNG…</source>
        <translation>掩膜（PNG）…</translation>
    </message>
    <message>
        <source>Label Maps as NIfTI (one per series)…</source>
        <translation>标签图（NIfTI，每个序列一个）…</translation>
    </message>
    <message>
        <source>COCO JSON with RLE Masks…</source>
        <translation>COCO JSON（RLE 掩膜）…</translation>
    </message>
    <message>
        <source>No dataset is open. Open or create one to save reviewed samples.</source>
        <translation>未打开数据集。请打开或新建数据集以保存已审核的样本。</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%1&lt;/b&gt;%2&lt;br&gt;%n sample(s): %3 accepted, %4 corrected, %5 rejected</source>
        <translation>
            <numerusform>&lt;b&gt;%1&lt;/b&gt;%2&lt;br&gt;%n 个样本：已接受 %3 个，已修正 %4 个，已拒绝 %5 个</numerusform>
        </translation>
    </message>
    <message>
        <source> (read-only)</source>
        <translation>（只读）</translation>
    </message>
    <message>
        <source>Delete Sample</source>
        <translation>删除样本</translation>
    </message>
    <message>
        <source>Delete sample %1 with its image and masks from the dataset? This cannot be undone.</source>
        <translation>要从数据集中删除样本 %1 及其图像和掩膜吗？此操作无法撤销。</translation>
    </message>
</context>
<context>
    <name>mr::widgets::EngineSettingsDialog</name>
    <message>
        <source>Engine Settings</source>
        <translation>引擎设置</translation>
    </message>
    <message>
        <source>Reasoner model</source>
        <translation>推理模型</translation>
    </message>
    <message>
        <source>None: questions cannot be answered</source>
        <translation>无：无法回答问题</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>文件夹：</translation>
    </message>
    <message>
        <source>Segmentation expert</source>
        <translation>分割专家</translation>
    </message>
    <message>
        <source>Classical (no model)</source>
        <translation>传统方法（无需模型）</translation>
    </message>
    <message>
        <source>SAM</source>
        <translation>SAM</translation>
    </message>
    <message>
        <source>MedSAM</source>
        <translation>MedSAM</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <source>A .safetensors or .pth file</source>
        <translation>.safetensors 或 .pth 文件</translation>
    </message>
    <message>
        <source>Checkpoint:</source>
        <translation>权重文件：</translation>
    </message>
    <message>
        <source>Computation</source>
        <translation>计算</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA</source>
        <translation>CUDA</translation>
    </message>
    <message>
        <source>Auto uses the GPU when CUDA is available, otherwise the CPU.</source>
        <translation>自动：有 CUDA 时使用 GPU，否则使用 CPU。</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>设备：</translation>
    </message>
    <message>
        <source>float32</source>
        <translation>float32</translation>
    </message>
    <message>
        <source>bfloat16</source>
        <translation>bfloat16</translation>
    </message>
    <message>
        <source>float16</source>
        <translation>float16</translation>
    </message>
    <message>
        <source>Auto: bfloat16 on CUDA, float32 on the CPU.</source>
        <translation>自动：CUDA 上为 bfloat16，CPU 上为 float32。</translation>
    </message>
    <message>
        <source>Precision:</source>
        <translation>精度：</translation>
    </message>
    <message>
        <source>Generation</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>The reasoner stops after this many tokens even without an answer.</source>
        <translation>即使尚未给出答案，推理模型在生成这么多词元后也会停止。</translation>
    </message>
    <message>
        <source>Maximum new tokens:</source>
        <translation>最大新词元数：</translation>
    </message>
    <message>
        <source>Greedy decoding (deterministic, as MedReasoner is evaluated)</source>
        <translation>贪心解码（确定性，与 MedReasoner 评测一致）</translation>
    </message>
    <message>
        <source>Temperature:</source>
        <translation>温度：</translation>
    </message>
    <message>
        <source>Top-p:</source>
        <translation>Top-p：</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Top-k:</source>
        <translation>Top-k：</translation>
    </message>
    <message>
        <source>The same seed, question and image give the same sampled answer.</source>
        <translation>相同的种子、问题与图像会得到相同的采样答案。</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>种子：</translation>
    </message>
    <message>
        <source>The folder does not exist.</source>
        <translation>文件夹不存在。</translation>
    </message>
    <message>
        <source>Choose the checkpoint file.</source>
        <translation>请选择权重文件。</translation>
    </message>
    <message>
        <source>The checkpoint file does not exist.</source>
        <translation>权重文件不存在。</translation>
    </message>
    <message>
        <source>Choose the Reasoner Model Folder</source>
        <translation>选择推理模型文件夹</translation>
    </message>
    <message>
        <source>Choose the Expert Checkpoint</source>
        <translation>选择专家权重文件</translation>
    </message>
    <message>
        <source>Checkpoints (*.safetensors *.pth *.pt);;All files (*)</source>
        <translation>权重文件 (*.safetensors *.pth *.pt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Reasoner ready.&lt;/b&gt; Questions about the image can be answered.</source>
        <translation>&lt;b&gt;推理模型已就绪。&lt;/b&gt;可以回答关于图像的问题。</translation>
    </message>
    <message>
        <source>&lt;b&gt;No reasoner.&lt;/b&gt; Questions cannot be answered until a reasoner model folder is chosen; manual prompting with the segmentation expert still works.</source>
        <translation>&lt;b&gt;无推理模型。&lt;/b&gt;选择推理模型文件夹之前无法回答问题；仍可使用分割专家进行手动提示。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Reasoner not ready.&lt;/b&gt; The folder is missing what is listed above; the settings can be saved anyway and completed later.</source>
        <translation>&lt;b&gt;推理模型未就绪。&lt;/b&gt;文件夹缺少上面列出的内容；设置仍可保存，稍后补全。</translation>
    </message>
    <message>
        <source>A Qwen2.5-VL model folder, e.g. MedReasoner-7B.</source>
        <translation>Qwen2.5-VL 模型文件夹，例如 MedReasoner-7B。</translation>
    </message>
    <message>
        <source>The folder holds config.json, the *.safetensors weights and the tokenizer files.</source>
        <translation>该文件夹包含 config.json、*.safetensors 权重与分词器文件。</translation>
    </message>
    <message>
        <source>CUDA device %1</source>
        <translation>CUDA 设备 %1</translation>
    </message>
</context>
<context>
    <name>mr::widgets::EvaluationReportDialog</name>
    <message>
        <source>lower edge of the bin (bins of 0.1)</source>
        <translation>区间下界（区间宽 0.1）</translation>
    </message>
    <message>
        <source>samples</source>
        <translation>样本</translation>
    </message>
    <message>
        <source>Evaluation Report — %1</source>
        <translation>评测报告 — %1</translation>
    </message>
    <message>
        <source>This summary cannot be shown: %1</source>
        <translation>无法显示此汇总：%1</translation>
    </message>
    <message>
        <source>Super-category</source>
        <translation>大类</translation>
    </message>
    <message>
        <source>By super-category</source>
        <translation>按大类</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>By category</source>
        <translation>按类别</translation>
    </message>
    <message>
        <source>Modality</source>
        <translation>模态</translation>
    </message>
    <message>
        <source>By modality</source>
        <translation>按模态</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Rewards, failures, latency</source>
        <translation>奖励、失败与延迟</translation>
    </message>
    <message>
        <source>Open HTML Report</source>
        <translation>打开 HTML 报告</translation>
    </message>
    <message>
        <source>Opens report.html (self-contained, with every chart and the failed samples) in the web browser</source>
        <translation>在浏览器中打开 report.html（自包含，含全部图表与失败样本）</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>样本数</translation>
    </message>
    <message>
        <source>Parse failures</source>
        <translation>解析失败</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Answers without a usable &lt;answer&gt; object; they count with IoU = pDice = 0. Missing predictions: %1.</source>
        <translation>没有可用 &lt;answer&gt; 对象的回答；按 IoU = pDice = 0 计。缺失的预测：%1。</translation>
    </message>
    <message>
        <source>Mean IoU</source>
        <translation>平均 IoU</translation>
    </message>
    <message>
        <source>IoU ≥ 0.5</source>
        <translation>IoU ≥ 0.5</translation>
    </message>
    <message>
        <source>Mean pDice (0–2)</source>
        <translation>平均 pDice（0–2）</translation>
    </message>
    <message>
        <source>MedReasoner&apos;s two-point score: 2·|A∩B| / (|A∪B| + 1e-5) of the two circles spanned by the point pairs, so it ranges from 0 to 2 (2: identical points).</source>
        <translation>MedReasoner 的两点得分：由两对点张成的两个圆的 2·|A∩B| / (|A∪B| + 1e-5)，取值范围 0 到 2（2：点完全相同）。</translation>
    </message>
    <message>
        <source>Mean Dice: box / points / box+points</source>
        <translation>平均 Dice：框 / 点 / 框+点</translation>
    </message>
    <message>
        <source>Mask Dice of the expert prompted with the box, the two points, and both.</source>
        <translation>分别以框、两个点及二者提示分割专家所得掩膜的 Dice。</translation>
    </message>
    <message>
        <source>Mean reward: soft / hard</source>
        <translation>平均奖励：软 / 硬</translation>
    </message>
    <message>
        <source>Latency p50 / p90 / p99</source>
        <translation>延迟 p50 / p90 / p99</translation>
    </message>
    <message>
        <source>%1 / %2 / %3 ms</source>
        <translation>%1 / %2 / %3 毫秒</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>未记录</translation>
    </message>
    <message>
        <source>Mean
IoU</source>
        <translation>平均
IoU</translation>
    </message>
    <message>
        <source>IoU
≥ 0.5</source>
        <translation>IoU
≥ 0.5</translation>
    </message>
    <message>
        <source>pDice
(0–2)</source>
        <translation>pDice
(0–2)</translation>
    </message>
    <message>
        <source>Dice
box</source>
        <translation>Dice
框</translation>
    </message>
    <message>
        <source>Dice
points</source>
        <translation>Dice
点</translation>
    </message>
    <message>
        <source>Dice
box+points</source>
        <translation>Dice
框+点</translation>
    </message>
    <message>
        <source>Reward
soft</source>
        <translation>奖励
软</translation>
    </message>
    <message>
        <source>Reward
hard</source>
        <translation>奖励
硬</translation>
    </message>
    <message>
        <source>Parse
failures</source>
        <translation>解析
失败</translation>
    </message>
    <message>
        <source>Samples in the group</source>
        <translation>该组样本数</translation>
    </message>
    <message>
        <source>Mean box IoU (failed samples count as 0)</source>
        <translation>平均框 IoU（失败样本计 0）</translation>
    </message>
    <message>
        <source>Share of samples with IoU ≥ 0.5</source>
        <translation>IoU ≥ 0.5 的样本比例</translation>
    </message>
    <message>
        <source>Mean two-point score; it ranges from 0 to 2 (failed samples count as 0)</source>
        <translation>平均两点得分，范围 0 到 2（失败样本计 0）</translation>
    </message>
    <message>
        <source>Mean mask Dice with the box prompt</source>
        <translation>框提示的平均掩膜 Dice</translation>
    </message>
    <message>
        <source>Mean mask Dice with the two points</source>
        <translation>两点提示的平均掩膜 Dice</translation>
    </message>
    <message>
        <source>Mean mask Dice with the box and the points</source>
        <translation>框与点提示的平均掩膜 Dice</translation>
    </message>
    <message>
        <source>Mean soft-mode reward</source>
        <translation>软模式平均奖励</translation>
    </message>
    <message>
        <source>Mean hard-mode reward</source>
        <translation>硬模式平均奖励</translation>
    </message>
    <message>
        <source>Answers that could not be parsed</source>
        <translation>无法解析的回答</translation>
    </message>
    <message>
        <source>Mean pDice ÷ 2</source>
        <translation>平均 pDice ÷ 2</translation>
    </message>
    <message>
        <source>Mean Dice (box+points)</source>
        <translation>平均 Dice（框+点）</translation>
    </message>
    <message>
        <source>Per super-category (pDice halved to share the 0–1 axis)</source>
        <translation>按大类（pDice 减半以共用 0–1 坐标轴）</translation>
    </message>
    <message>
        <source>Histograms of IoU and Dice need the per-sample results (results.jsonl).</source>
        <translation>IoU 与 Dice 直方图需要逐样本结果（results.jsonl）。</translation>
    </message>
    <message numerus="yes">
        <source>IoU of %n sample(s)</source>
        <translation>
            <numerusform>%n 个样本的 IoU</numerusform>
        </translation>
    </message>
    <message>
        <source>IoU</source>
        <translation>IoU</translation>
    </message>
    <message numerus="yes">
        <source>Mask Dice of %n sample(s)</source>
        <translation>
            <numerusform>%n 个样本的掩膜 Dice</numerusform>
        </translation>
    </message>
    <message>
        <source>Dice</source>
        <translation>Dice</translation>
    </message>
    <message>
        <source>No sample has a mask: no Dice histogram.</source>
        <translation>没有样本带掩膜：无 Dice 直方图。</translation>
    </message>
    <message>
        <source>Reward part</source>
        <translation>奖励分项</translation>
    </message>
    <message>
        <source>Soft</source>
        <translation>软</translation>
    </message>
    <message>
        <source>Hard</source>
        <translation>硬</translation>
    </message>
    <message>
        <source>Mean reward parts</source>
        <translation>平均奖励分项</translation>
    </message>
    <message>
        <source>Failure</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Failures by kind</source>
        <translation>按类型统计的失败</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>平均</translation>
    </message>
    <message>
        <source>p50</source>
        <translation>p50</translation>
    </message>
    <message>
        <source>p90</source>
        <translation>p90</translation>
    </message>
    <message>
        <source>p99</source>
        <translation>p99</translation>
    </message>
    <message>
        <source>Max</source>
        <translation>最大</translation>
    </message>
    <message>
        <source>total</source>
        <translation>总计</translation>
    </message>
    <message>
        <source>Latency (ms)</source>
        <translation>延迟（毫秒）</translation>
    </message>
    <message>
        <source>No program could open %1.</source>
        <translation>没有程序能打开 %1。</translation>
    </message>
    <message>
        <source>it is not a JSON object.</source>
        <translation>它不是 JSON 对象。</translation>
    </message>
    <message>
        <source>&quot;total_samples&quot; is missing or not a number.</source>
        <translation>&quot;total_samples&quot; 缺失或不是数字。</translation>
    </message>
    <message>
        <source>&quot;metrics&quot; is missing or not an object.</source>
        <translation>&quot;metrics&quot; 缺失或不是对象。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an object.</source>
        <translation>&quot;%1&quot; 不是对象。</translation>
    </message>
    <message>
        <source>the entry &quot;%1&quot; of &quot;%2&quot; is not an object.</source>
        <translation>&quot;%2&quot; 中的条目 &quot;%1&quot; 不是对象。</translation>
    </message>
    <message>
        <source>The folder %1 does not exist.</source>
        <translation>文件夹 %1 不存在。</translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is not an evaluation summary: %2</source>
        <translation>%1 不是评测汇总：%2</translation>
    </message>
    <message>
        <source>The results in %1 cannot be summarised: %2</source>
        <translation>无法汇总 %1 中的结果：%2</translation>
    </message>
    <message>
        <source>%1 holds no evaluation report: there is no summary.json and no readable results (%2). Choose the --out folder of medreasoner score, eval or report.</source>
        <translation>%1 中没有评测报告：既无 summary.json，也无可读的结果（%2）。请选择 medreasoner score、eval 或 report 的 --out 文件夹。</translation>
    </message>
    <message>
        <source>the results files are empty</source>
        <translation>结果文件为空</translation>
    </message>
    <message>
        <source>The per-sample results cannot be read (%1), so the histograms are not shown.</source>
        <translation>无法读取逐样本结果（%1），因此不显示直方图。</translation>
    </message>
    <message>
        <source>Open Evaluation Report</source>
        <translation>打开评测报告</translation>
    </message>
    <message>
        <source>summary.json is missing: the summary was recomputed from the per-sample results.</source>
        <translation>缺少 summary.json：已根据逐样本结果重新计算汇总。</translation>
    </message>
</context>
<context>
    <name>mr::widgets::LabelOverlayPanel</name>
    <message>
        <source>Opacity of the filled labels</source>
        <translation>填充标签的不透明度</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <source>Outline only</source>
        <translation>仅轮廓</translation>
    </message>
</context>
<context>
    <name>mr::widgets::MultiPlanarView</name>
    <message>
        <source>Modality</source>
        <translation>模态</translation>
    </message>
    <message>
        <source>Body part</source>
        <translation>部位</translation>
    </message>
    <message>
        <source>Voxels</source>
        <translation>体素</translation>
    </message>
    <message>
        <source>Spacing</source>
        <translation>间距</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>窗</translation>
    </message>
    <message>
        <source>W %1 / L %2</source>
        <translation>窗宽 %1 / 窗位 %2</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>注意</translation>
    </message>
    <message>
        <source>Shift+click a view to move the crosshair.</source>
        <translation>在视图中按 Shift+单击 可移动十字线。</translation>
    </message>
</context>
<context>
    <name>mr::widgets::QueryBar</name>
    <message>
        <source>Where would you biopsy to confirm the suspected malignancy?</source>
        <translation>为确认疑似恶性病变，您会在哪里活检？</translation>
    </message>
    <message>
        <source>Ask a question about the image.
Enter: ask · Up/Down: previous questions · Esc: stop while answering</source>
        <translation>就图像提问。
回车：提问 · 上/下：历史问题 · Esc：停止回答</translation>
    </message>
    <message>
        <source>Previous questions</source>
        <translation>历史问题</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Ask</source>
        <translation>提问</translation>
    </message>
    <message>
        <source>Stop answering (Esc)</source>
        <translation>停止回答（Esc）</translation>
    </message>
    <message>
        <source>Ask the reasoner (Enter)</source>
        <translation>向推理模型提问（回车）</translation>
    </message>
    <message>
        <source>A reasoner model is needed to answer questions.</source>
        <translation>回答问题需要推理模型。</translation>
    </message>
    <message>
        <source>Engine Settings…</source>
        <translation>引擎设置…</translation>
    </message>
    <message>
        <source>Choose the reasoner model folder and the segmentation expert</source>
        <translation>选择推理模型文件夹与分割专家</translation>
    </message>
    <message>
        <source>Clear History</source>
        <translation>清除历史</translation>
    </message>
</context>
<context>
    <name>mr::widgets::ReasoningPanel</name>
    <message>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation>推理</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>答案</translation>
    </message>
    <message>
        <source>Centre the view on (%1, %2)</source>
        <translation>将视图居中于 (%1, %2)</translation>
    </message>
    <message>
        <source>The answer could not be read.</source>
        <translation>无法解析答案。</translation>
    </message>
    <message>
        <source>Load model</source>
        <translation>加载模型</translation>
    </message>
    <message>
        <source>Encode image</source>
        <translation>编码图像</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>分割</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 tok/s</source>
        <translation>%1 词元/秒</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>未开始</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>The text generated so far is kept below.</source>
        <translation>已生成的文本保留在下方。</translation>
    </message>
    <message>
        <source>Failed.</source>
        <translation>失败。</translation>
    </message>
    <message>
        <source>%1 failed.</source>
        <translation>%1 失败。</translation>
    </message>
    <message>
        <source>Ask a question about the image: the model&apos;s reasoning appears here as it is written, then its answer with the box and the points.</source>
        <translation>就图像提问：模型的推理过程会在此实时显示，随后给出带有框和关键点的答案。</translation>
    </message>
</context>
<context>
    <name>mr::widgets::ReviewDialog</name>
    <message>
        <source>Save Sample to Dataset</source>
        <translation>将样本保存到数据集</translation>
    </message>
    <message numerus="yes">
        <source>Against the expert&apos;s first mask: Dice %1, %n pixel(s) changed, %2 s of review.</source>
        <translation>
            <numerusform>与专家初始掩膜相比：Dice %1，改动了 %n 个像素，审核用时 %2 秒。</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Accept: the mask is right as given</source>
        <translation>接受(&amp;A)：掩膜原样正确</translation>
    </message>
    <message>
        <source>&amp;Correct: keep my corrected mask</source>
        <translation>修正(&amp;C)：保留我修正后的掩膜</translation>
    </message>
    <message>
        <source>&amp;Reject: the answer is wrong</source>
        <translation>拒绝(&amp;R)：答案错误</translation>
    </message>
    <message>
        <source>Optional: why it was corrected or rejected, anything a reviewer should know</source>
        <translation>可选：修正或拒绝的原因，以及审核者需要了解的任何信息</translation>
    </message>
    <message>
        <source>&amp;Question</source>
        <translation>问题(&amp;Q)</translation>
    </message>
    <message>
        <source>Super-ca&amp;tegory</source>
        <translation>大类(&amp;T)</translation>
    </message>
    <message>
        <source>Cate&amp;gory</source>
        <translation>类别(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Modality</source>
        <translation>模态(&amp;M)</translation>
    </message>
    <message>
        <source>A&amp;nnotator</source>
        <translation>标注者(&amp;N)</translation>
    </message>
    <message>
        <source>N&amp;ote</source>
        <translation>备注(&amp;O)</translation>
    </message>
    <message>
        <source>Write the question this sample answers.</source>
        <translation>请填写此样本所回答的问题。</translation>
    </message>
    <message>
        <source>Choose or type a category and a super-category.</source>
        <translation>请选择或输入类别与大类。</translation>
    </message>
    <message>
        <source>Enter the annotator&apos;s name or initials.</source>
        <translation>请输入标注者的姓名或姓名缩写。</translation>
    </message>
</context>
<context>
    <name>mr::widgets::ShortcutsDialog</name>
    <message>
        <source>Keyboard and Mouse Shortcuts</source>
        <translation>键盘与鼠标快捷操作</translation>
    </message>
    <message>
        <source>Next / previous slice</source>
        <translation>下一层 / 上一层</translation>
    </message>
    <message>
        <source>Mouse wheel, ↑ / ↓, → / ←</source>
        <translation>鼠标滚轮，↑ / ↓，→ / ←</translation>
    </message>
    <message>
        <source>Jump ten percent of the slices</source>
        <translation>跳过百分之十的层</translation>
    </message>
    <message>
        <source>Page Up / Page Down</source>
        <translation>Page Up / Page Down</translation>
    </message>
    <message>
        <source>First / last slice</source>
        <translation>第一层 / 最后一层</translation>
    </message>
    <message>
        <source>Home / End</source>
        <translation>Home / End</translation>
    </message>
    <message>
        <source>Window / level</source>
        <translation>窗宽 / 窗位</translation>
    </message>
    <message>
        <source>Left-drag (right: wider, down: higher level)</source>
        <translation>左键拖动（向右：窗宽增大，向下：窗位升高）</translation>
    </message>
    <message>
        <source>Window presets</source>
        <translation>窗宽窗位预设</translation>
    </message>
    <message>
        <source>1 – 9</source>
        <translation>1 – 9</translation>
    </message>
    <message>
        <source>Invert gray scale</source>
        <translation>反转灰度</translation>
    </message>
    <message>
        <source>I</source>
        <translation>I</translation>
    </message>
    <message>
        <source>Zoom</source>
        <translation>缩放</translation>
    </message>
    <message>
        <source>Ctrl+wheel, right-drag, Ctrl++ / Ctrl+-</source>
        <translation>Ctrl+滚轮，右键拖动，Ctrl++ / Ctrl+-</translation>
    </message>
    <message>
        <source>Pan</source>
        <translation>平移</translation>
    </message>
    <message>
        <source>Middle-drag</source>
        <translation>中键拖动</translation>
    </message>
    <message>
        <source>Move the crosshair</source>
        <translation>移动十字线</translation>
    </message>
    <message>
        <source>Shift+click</source>
        <translation>Shift+单击</translation>
    </message>
    <message>
        <source>Reset view</source>
        <translation>重置视图</translation>
    </message>
    <message>
        <source>R</source>
        <translation>R</translation>
    </message>
    <message>
        <source>Single view: axial / coronal / sagittal</source>
        <translation>单视图：轴位 / 冠状位 / 矢状位</translation>
    </message>
    <message>
        <source>F5 / F6 / F7</source>
        <translation>F5 / F6 / F7</translation>
    </message>
    <message>
        <source>2 × 2 layout</source>
        <translation>2 × 2 布局</translation>
    </message>
    <message>
        <source>F8</source>
        <translation>F8</translation>
    </message>
    <message>
        <source>Show / hide the label overlay</source>
        <translation>显示 / 隐藏标签叠加</translation>
    </message>
    <message>
        <source>L</source>
        <translation>L</translation>
    </message>
    <message>
        <source>Full screen</source>
        <translation>全屏</translation>
    </message>
    <message>
        <source>F11</source>
        <translation>F11</translation>
    </message>
    <message>
        <source>Open image / DICOM folder</source>
        <translation>打开图像 / DICOM 文件夹</translation>
    </message>
    <message>
        <source>Ctrl+O / Ctrl+Shift+O</source>
        <translation>Ctrl+O / Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>快捷方式</translation>
    </message>
    <message>
        <source>Navigate / box / foreground / background point</source>
        <translation>浏览 / 框 / 前景点 / 背景点</translation>
    </message>
    <message>
        <source>V / B / F / G</source>
        <translation>V / B / F / G</translation>
    </message>
    <message>
        <source>Brush / eraser</source>
        <translation>画笔 / 橡皮擦</translation>
    </message>
    <message>
        <source>P / E</source>
        <translation>P / E</translation>
    </message>
    <message>
        <source>Brush size</source>
        <translation>画笔大小</translation>
    </message>
    <message>
        <source>Shift+wheel</source>
        <translation>Shift+滚轮</translation>
    </message>
    <message>
        <source>Polygon fill / cut (click corners; double-click or Enter closes, Esc drops, Backspace undoes a corner)</source>
        <translation>多边形填充 / 切除（依次点击各顶点；双击或回车闭合，Esc 放弃，Backspace 撤销上一个顶点）</translation>
    </message>
    <message>
        <source>O / Shift+O</source>
        <translation>O / Shift+O</translation>
    </message>
    <message>
        <source>Lasso fill / cut (drag around)</source>
        <translation>套索填充 / 切除（沿区域边缘拖动）</translation>
    </message>
    <message>
        <source>K / Shift+K</source>
        <translation>K / Shift+K</translation>
    </message>
    <message>
        <source>Undo / redo a mask edit</source>
        <translation>撤销 / 重做掩膜编辑</translation>
    </message>
    <message>
        <source>Ctrl+Z / Ctrl+Shift+Z</source>
        <translation>Ctrl+Z / Ctrl+Shift+Z</translation>
    </message>
    <message>
        <source>Save the reviewed sample to the dataset</source>
        <translation>将已审核的样本保存到数据集</translation>
    </message>
    <message>
        <source>Ctrl+S</source>
        <translation>Ctrl+S</translation>
    </message>
</context>
<context>
    <name>mr::widgets::SliceView</name>
    <message>
        <source>Slice %1 / %2</source>
        <translation>第 %1 / %2 层</translation>
    </message>
    <message>
        <source>W %1  L %2</source>
        <translation>窗宽 %1  窗位 %2</translation>
    </message>
    <message>
        <source>Zoom %1%</source>
        <translation>缩放 %1%</translation>
    </message>
    <message>
        <source>Axial</source>
        <translation>轴位</translation>
    </message>
    <message>
        <source>Coronal</source>
        <translation>冠状位</translation>
    </message>
    <message>
        <source>Sagittal</source>
        <translation>矢状位</translation>
    </message>
    <message>
        <source>Inverted</source>
        <translation>已反转</translation>
    </message>
    <message>
        <source>%1 mm</source>
        <translation>%1 毫米</translation>
    </message>
    <message>
        <source>positive point</source>
        <translation>正点</translation>
    </message>
    <message>
        <source>negative point</source>
        <translation>负点</translation>
    </message>
    <message>
        <source>%1 %2: (%3, %4)</source>
        <translation>%1 %2：(%3, %4)</translation>
    </message>
    <message>
        <source>Box: (%1, %2) – (%3, %4)</source>
        <translation>框：(%1, %2) – (%3, %4)</translation>
    </message>
</context>
</TS>
