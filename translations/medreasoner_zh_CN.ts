<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>QObject</name>
    <message>
        <source>Records Made by Another Tool</source>
        <translation>由其他工具创建的记录</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%1&lt;/b&gt; holds %n U-MRG record(s) in %2 that another tool wrote.</source>
        <translation>
            <numerusform>&lt;b&gt;%1&lt;/b&gt; 的 %2 中有 %n 条由其他工具写入的 U-MRG 记录。</numerusform>
        </translation>
    </message>
    <message>
        <source>Import: the records become samples of a dataset here, marked “imported”, so you can review them and add your own. Their images, masks and %1 stay exactly as they are; the app writes its own records beside them (samples.jsonl and medreasoner_annotations.json).

Open Read-Only: browse, review and export the records; nothing is written.</source>
        <translation>导入：这些记录成为此处数据集的样本，标记为“已导入”，您可以审阅它们并添加自己的样本。它们的图像、掩膜和 %1 保持原样不变；本应用在旁边写入自己的记录（samples.jsonl 和 medreasoner_annotations.json）。

以只读方式打开：浏览、审阅和导出这些记录；不写入任何内容。</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Open Read-Only</source>
        <translation>以只读方式打开</translation>
    </message>
    <message>
        <source>Create a Dataset Here?</source>
        <translation>在此处创建数据集？</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; is not empty and is not a dataset (it holds %2).</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; 不为空，也不是数据集（其中有 %2）。</translation>
    </message>
    <message>
        <source>Create a dataset inside it? The app adds images/, masks/, samples.jsonl, a records file and .medreasoner/; nothing already there is changed or removed.</source>
        <translation>在其中创建数据集？本应用会添加 images/、masks/、samples.jsonl、一个记录文件和 .medreasoner/；已有的内容不会被修改或删除。</translation>
    </message>
    <message>
        <source>Create Dataset Here</source>
        <translation>在此处创建数据集</translation>
    </message>
    <message>
        <source>Records File Changed</source>
        <translation>记录文件已被更改</translation>
    </message>
    <message numerus="yes">
        <source>annotations.json in &lt;b&gt;%1&lt;/b&gt; was changed since the app wrote it (%n difference(s), see Show Details).</source>
        <translation>
            <numerusform>&lt;b&gt;%1&lt;/b&gt; 中的 annotations.json 在本应用写入后被更改（%n 处差异，见“显示详细信息”）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Keep Their File: it stays as it is; from now on the app writes its records to medreasoner_annotations.json beside it.

Back Up and Rewrite: the changed file is kept as annotations.backup-&lt;time&gt;.json, and annotations.json is written again from the app&apos;s samples.

Open Read-Only: look first; nothing is written.</source>
        <translation>保留其文件：该文件保持原样；此后本应用将记录写入旁边的 medreasoner_annotations.json。

备份并重写：更改后的文件保存为 annotations.backup-&lt;时间&gt;.json，并根据本应用的样本重新写入 annotations.json。

以只读方式打开：先查看；不写入任何内容。</translation>
    </message>
    <message>
        <source>Keep Their File</source>
        <translation>保留其文件</translation>
    </message>
    <message>
        <source>Back Up and Rewrite</source>
        <translation>备份并重写</translation>
    </message>
</context>
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
    <name>mr::app::AnswerProblem</name>
    <message>
        <source>there is no &lt;answer&gt; block</source>
        <translation>没有 &lt;answer&gt; 块</translation>
    </message>
    <message>
        <source>the &lt;answer&gt; block is empty</source>
        <translation>&lt;answer&gt; 块为空</translation>
    </message>
    <message>
        <source>the answer is not valid JSON</source>
        <translation>答案不是有效的 JSON</translation>
    </message>
    <message>
        <source>the answer is JSON but not an object</source>
        <translation>答案是 JSON，但不是对象</translation>
    </message>
    <message>
        <source>the answer has no &quot;%1&quot;</source>
        <translation>答案中没有 &quot;%1&quot;</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a list</source>
        <translation>&quot;%1&quot; 不是列表</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has the wrong number of values</source>
        <translation>&quot;%1&quot; 的数值个数不对</translation>
    </message>
    <message>
        <source>&quot;%1&quot; holds a value that is not a number</source>
        <translation>&quot;%1&quot; 中有非数字的值</translation>
    </message>
    <message>
        <source>the box has no width or no height</source>
        <translation>框的宽度或高度为零</translation>
    </message>
    <message>
        <source>no box and two points</source>
        <translation>没有框和两个点</translation>
    </message>
    <message>
        <source> (generation stopped at the maximum of new tokens)</source>
        <translation>（生成在达到最大新词元数时停止）</translation>
    </message>
    <message>
        <source>The model&apos;s output has no usable answer: %1%2. The reasoning trace is kept; place a box or points by hand to segment.</source>
        <translation>模型输出中没有可用的答案：%1%2。推理过程已保留；请手动放置框或点进行分割。</translation>
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
    <message>
        <source>Saving a new revision of %1</source>
        <translation>正在保存 %1 的新修订版</translation>
    </message>
    <message>
        <source>Saving the reading of %1</source>
        <translation>正在保存 %1 的判读</translation>
    </message>
    <message>
        <source>Saving the adjudication of %1</source>
        <translation>正在保存 %1 的裁定</translation>
    </message>
</context>
<context>
    <name>mr::app::EvaluationCaseController</name>
    <message>
        <source>Evaluation Case</source>
        <translation>评估病例</translation>
    </message>
    <message>
        <source>&amp;Correct This Case for the Dataset</source>
        <translation>为数据集修正此病例(&amp;C)</translation>
    </message>
    <message>
        <source>D</source>
        <translation>D</translation>
    </message>
    <message>
        <source>Opening case %1</source>
        <translation>正在打开病例 %1</translation>
    </message>
    <message>
        <source>Case %1 cannot be shown: %2</source>
        <translation>无法显示病例 %1：%2</translation>
    </message>
    <message>
        <source>Case %1 is in the editor: correct the mask against the ground truth, then save it to the dataset (Ctrl+S).</source>
        <translation>病例 %1 已在编辑器中：请对照金标准修正掩膜，然后保存到数据集（Ctrl+S）。</translation>
    </message>
</context>
<context>
    <name>mr::app::FigureActions</name>
    <message>
        <source>Export &amp;Figure…</source>
        <translation>导出图(&amp;F)…</translation>
    </message>
    <message>
        <source>Copy &amp;Figure</source>
        <translation>复制图(&amp;F)</translation>
    </message>
    <message>
        <source>Figure written to %1</source>
        <translation>图已写入 %1</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>Open an image first: a figure shows the image on screen.</source>
        <translation>请先打开图像：图展示的是屏幕上的图像。</translation>
    </message>
    <message>
        <source>%1 · slice %2 of %3</source>
        <translation>%1 · 第 %2 层，共 %3 层</translation>
    </message>
    <message>
        <source>A figure is still being written</source>
        <translation>仍在写入上一张图</translation>
    </message>
    <message>
        <source>Figure copied to the clipboard</source>
        <translation>图已复制到剪贴板</translation>
    </message>
    <message>
        <source>Could not make the figure</source>
        <translation>无法生成图</translation>
    </message>
    <message>
        <source>Export Figure</source>
        <translation>导出图</translation>
    </message>
    <message>
        <source>The figure was not made.

%1</source>
        <translation>未生成图。

%1</translation>
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
    <message>
        <source>Prompt</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Answering: %1 of at most %2 tokens</source>
        <translation>正在回答：%1 / 最多 %2 个词元</translation>
    </message>
    <message>
        <source>Expert&apos;s mask: %1</source>
        <translation>专家掩膜：%1</translation>
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
        <translation>浏览</translation>
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
    <message>
        <source>Open an image or a DICOM folder to begin:
File → Open Image… (%1) or File → Open DICOM Folder… (%2)

or try File → Open Demo Case.</source>
        <translation>打开图像或 DICOM 文件夹即可开始：
文件 → 打开图像…（%1）或 文件 → 打开 DICOM 文件夹…（%2）

或试试 文件 → 打开演示病例。</translation>
    </message>
    <message>
        <source>Open from &amp;PACS…</source>
        <translation>从 PACS 打开(&amp;P)…</translation>
    </message>
    <message>
        <source>Open Segmentation (DICOM SE&amp;G)…</source>
        <translation>打开分割（DICOM SEG）(&amp;G)…</translation>
    </message>
    <message>
        <source>E&amp;xport Segmentation as DICOM SEG…</source>
        <translation>将分割导出为 DICOM SEG(&amp;X)…</translation>
    </message>
    <message>
        <source>Ctrl+=</source>
        <translation>Ctrl+=</translation>
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
    <message>
        <source>The masks do not fit the image; they were not applied.</source>
        <translation>掩膜与图像不匹配，未应用。</translation>
    </message>
    <message>
        <source>%1: nothing changed.</source>
        <translation>%1：没有任何变化。</translation>
    </message>
    <message numerus="yes">
        <source>Your edits (%n pixel(s)) were kept on the expert&apos;s new mask; Undo (Ctrl+Z) removes the new mask.</source>
        <translation>
            <numerusform>您的编辑（%n 个像素）已保留在专家的新掩膜上；撤销（Ctrl+Z）可去掉新掩膜。</numerusform>
        </translation>
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
        <translation>画笔</translation>
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
        <translation>多边形填充</translation>
    </message>
    <message>
        <source>Click corners, double-click or Enter to fill</source>
        <translation>依次点击各顶点，双击或按回车填充</translation>
    </message>
    <message>
        <source>Polygon &amp;Cut</source>
        <translation>多边形切除</translation>
    </message>
    <message>
        <source>Click corners, double-click or Enter to cut</source>
        <translation>依次点击各顶点，双击或按回车切除</translation>
    </message>
    <message>
        <source>&amp;Lasso Fill</source>
        <translation>套索填充</translation>
    </message>
    <message>
        <source>Drag around a region to fill it</source>
        <translation>沿区域边缘拖动一圈以填充</translation>
    </message>
    <message>
        <source>Lasso C&amp;ut</source>
        <translation>套索切除</translation>
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
        <translation>填充空洞</translation>
    </message>
    <message>
        <source>Fill the holes inside the mask on this slice</source>
        <translation>填充当前层掩膜内部的空洞</translation>
    </message>
    <message>
        <source>Keep Lar&amp;gest Part</source>
        <translation>保留最大部分</translation>
    </message>
    <message>
        <source>Keep only the largest connected part on this slice</source>
        <translation>当前层仅保留最大的连通部分</translation>
    </message>
    <message>
        <source>S&amp;mooth</source>
        <translation>平滑</translation>
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
    <name>mr::app::PacsController</name>
    <message>
        <source>PACS Password</source>
        <translation>PACS 密码</translation>
    </message>
    <message>
        <source>Token for %1:</source>
        <translation>%1 的令牌：</translation>
    </message>
    <message>
        <source>Password of %1 on %2:</source>
        <translation>%1 在 %2 上的密码：</translation>
    </message>
    <message>
        <source>No password given.</source>
        <translation>未提供密码。</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <source>Listing the series…</source>
        <translation>正在列出序列…</translation>
    </message>
    <message>
        <source>Retrieving the series from the PACS</source>
        <translation>正在从 PACS 获取序列</translation>
    </message>
    <message>
        <source>The PACS %1 is no longer among the servers: add it again in File → Open from PACS.</source>
        <translation>PACS %1 已不在服务器列表中：请在“文件 → 从 PACS 打开”中重新添加。</translation>
    </message>
</context>
<context>
    <name>mr::app::PresentationMode</name>
    <message>
        <source>&amp;Presentation Mode</source>
        <translation>演示模式(&amp;P)</translation>
    </message>
    <message>
        <source>Leave Presentation Mode</source>
        <translation>退出演示模式</translation>
    </message>
    <message>
        <source>Presentation: &amp;Larger Text</source>
        <translation>演示：放大文字(&amp;L)</translation>
    </message>
    <message>
        <source>Presentation: &amp;Smaller Text</source>
        <translation>演示：缩小文字(&amp;S)</translation>
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
    <message>
        <source>no score: the classical expert does not estimate one</source>
        <translation>无评分：经典专家不估计评分</translation>
    </message>
    <message>
        <source>no score</source>
        <translation>无评分</translation>
    </message>
    <message>
        <source>predicted IoU %1</source>
        <translation>预测 IoU %1</translation>
    </message>
    <message>
        <source>The mask covers %1 % of the image — check the prompts</source>
        <translation>掩膜覆盖了图像的 %1% — 请检查提示</translation>
    </message>
    <message>
        <source>Mask in %1 ms (%2; slice embedding reused)</source>
        <translation>掩膜用时 %1 毫秒（%2；复用了切片嵌入）</translation>
    </message>
    <message>
        <source>Mask in %1 ms (%2)</source>
        <translation>掩膜用时 %1 毫秒（%2）</translation>
    </message>
</context>
<context>
    <name>mr::app::ReplayBar</name>
    <message>
        <source>Replay</source>
        <translation>回放</translation>
    </message>
    <message>
        <source>Original pace</source>
        <translation>原始速度</translation>
    </message>
    <message>
        <source>2× speed</source>
        <translation>2 倍速</translation>
    </message>
    <message>
        <source>Instantly</source>
        <translation>立即</translation>
    </message>
    <message>
        <source>How fast the recorded text streams</source>
        <translation>录制文本的播放速度</translation>
    </message>
    <message>
        <source>Stop Replay</source>
        <translation>停止回放</translation>
    </message>
    <message>
        <source>Stop the replay; the text shown so far stays</source>
        <translation>停止回放；已显示的文本保留</translation>
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
        <source>Dataset %1 opened read-only: records written by another tool</source>
        <translation>数据集 %1 以只读方式打开：记录由其他工具写入</translation>
    </message>
    <message>
        <source>The dataset is open read-only: the sample was not saved.</source>
        <translation>数据集以只读方式打开：样本未保存。</translation>
    </message>
    <message>
        <source>The sample was not saved: the dataset is open read-only.</source>
        <translation>样本未保存：数据集以只读方式打开。</translation>
    </message>
    <message>
        <source>. Its volume mask (slices %1–%2) shows over its source series: open that series and review the sample again</source>
        <translation>。其体掩膜（切片 %1–%2）显示在其源序列上：请打开该序列并再次审阅该样本</translation>
    </message>
    <message>
        <source>Saved volume mask</source>
        <translation>已保存的体掩膜</translation>
    </message>
    <message>
        <source>Reviewing sample %1 (%2) over its source series: the mask is the saved volume mask (slices %3–%4)</source>
        <translation>正在源序列上审阅样本 %1（%2）：掩膜为已保存的体掩膜（切片 %3–%4）</translation>
    </message>
    <message>
        <source>Reviewing sample %1 (%2) over its source series: the mask on slice %3 is the saved one</source>
        <translation>正在源序列上审阅样本 %1（%2）：第 %3 层的掩膜为已保存的掩膜</translation>
    </message>
    <message>
        <source>Saved revision %1 of sample %2</source>
        <translation>已保存样本 %2 的第 %1 版修订</translation>
    </message>
    <message>
        <source>Sample %1 is no longer in the dataset.</source>
        <translation>样本 %1 已不在数据集中。</translation>
    </message>
    <message>
        <source>The dataset is open read-only: open it for saving to keep a new revision of sample %1.</source>
        <translation>数据集以只读方式打开：请以可保存方式打开，才能保存样本 %1 的新修订版。</translation>
    </message>
    <message>
        <source>Saving revision %1 of sample %2…</source>
        <translation>正在保存样本 %2 的第 %1 版修订…</translation>
    </message>
    <message>
        <source>Save Revision</source>
        <translation>保存修订版</translation>
    </message>
</context>
<context>
    <name>mr::app::SecondReadingController</name>
    <message>
        <source>Second Reading</source>
        <translation>二次判读</translation>
    </message>
    <message>
        <source>Keep the &amp;First Reader&apos;s Mask</source>
        <translation>保留第一判读者的掩膜(&amp;F)</translation>
    </message>
    <message>
        <source>Keep the &amp;Second Reader&apos;s Mask</source>
        <translation>保留第二判读者的掩膜(&amp;S)</translation>
    </message>
    <message>
        <source>Keep the Mask as &amp;Edited</source>
        <translation>保留编辑后的掩膜(&amp;E)</translation>
    </message>
    <message>
        <source>Ctrl+1</source>
        <translation>Ctrl+1</translation>
    </message>
    <message>
        <source>Ctrl+2</source>
        <translation>Ctrl+2</translation>
    </message>
    <message>
        <source>Ctrl+3</source>
        <translation>Ctrl+3</translation>
    </message>
    <message>
        <source>Saved the blind reading of sample %1</source>
        <translation>已保存样本 %1 的盲法判读</translation>
    </message>
    <message>
        <source>Saved the adjudication of sample %1</source>
        <translation>已保存样本 %1 的裁定</translation>
    </message>
    <message>
        <source>Adjudicated by %1: %2</source>
        <translation>由 %1 裁定：%2</translation>
    </message>
    <message>
        <source>Sample %1 has no second reading yet.</source>
        <translation>样本 %1 尚无二次判读。</translation>
    </message>
    <message>
        <source>Opening sample %1</source>
        <translation>正在打开样本 %1</translation>
    </message>
    <message>
        <source>sample %1 (blind reading)</source>
        <translation>样本 %1（盲法判读）</translation>
    </message>
    <message>
        <source>sample %1 (readings)</source>
        <translation>样本 %1（判读对比）</translation>
    </message>
    <message>
        <source>Blind reading of sample %1: the first reader&apos;s mask is hidden until you save yours (Ctrl+S)</source>
        <translation>样本 %1 的盲法判读：在您保存自己的掩膜（Ctrl+S）之前，第一判读者的掩膜不可见</translation>
    </message>
    <message>
        <source>Both readers</source>
        <translation>两位判读者一致</translation>
    </message>
    <message>
        <source>First reader only</source>
        <translation>仅第一判读者</translation>
    </message>
    <message>
        <source>Second reader only</source>
        <translation>仅第二判读者</translation>
    </message>
    <message>
        <source>Second reader&apos;s mask</source>
        <translation>第二判读者的掩膜</translation>
    </message>
    <message>
        <source>Decide which mask the sample keeps: Ctrl+1 the first reader&apos;s, Ctrl+2 the second&apos;s, Ctrl+3 the mask as edited.</source>
        <translation>请决定样本保留哪个掩膜：Ctrl+1 第一判读者的，Ctrl+2 第二判读者的，Ctrl+3 编辑后的掩膜。</translation>
    </message>
    <message>
        <source>Nothing to save yet: ask a question, prompt the expert or draw a mask.</source>
        <translation>尚无可保存的内容：请提问、提示专家模型或绘制掩膜。</translation>
    </message>
    <message>
        <source>Save Blind Reading</source>
        <translation>保存盲法判读</translation>
    </message>
    <message>
        <source>Second reader&apos;s name:</source>
        <translation>第二判读者姓名：</translation>
    </message>
    <message>
        <source>Adjudicate Sample %1</source>
        <translation>裁定样本 %1</translation>
    </message>
    <message>
        <source>Adjudicator&apos;s name:</source>
        <translation>裁定者姓名：</translation>
    </message>
</context>
<context>
    <name>mr::app::SegmentationController</name>
    <message>
        <source>Nothing to export: draw or segment a mask first.</source>
        <translation>没有可导出的内容：请先绘制或分割出掩膜。</translation>
    </message>
    <message>
        <source>The SEG is written but not stored: no password for the PACS.</source>
        <translation>SEG 已写入但未存储：没有 PACS 密码。</translation>
    </message>
    <message>
        <source>Exporting the segmentation</source>
        <translation>正在导出分割</translation>
    </message>
    <message>
        <source>Store on PACS</source>
        <translation>存储到 PACS</translation>
    </message>
    <message>
        <source>The segmentation could not be stored on the PACS:
%1

It is saved at %2.</source>
        <translation>分割无法存储到 PACS：
%1

它已保存在 %2。</translation>
    </message>
    <message>
        <source>Not stored on the PACS; the SEG is saved at %1</source>
        <translation>未存储到 PACS；SEG 已保存在 %1</translation>
    </message>
    <message>
        <source>Segmentation saved at %1 and stored on the PACS</source>
        <translation>分割已保存在 %1 并存储到 PACS</translation>
    </message>
    <message>
        <source>Segmentation saved at %1</source>
        <translation>分割已保存在 %1</translation>
    </message>
    <message>
        <source>Open the series first: a segmentation is shown over its series.</source>
        <translation>请先打开序列：分割显示在其所属序列之上。</translation>
    </message>
    <message>
        <source>Open Segmentation (DICOM SEG)</source>
        <translation>打开分割（DICOM SEG）</translation>
    </message>
    <message>
        <source>DICOM (*.dcm);;All files (*)</source>
        <translation>DICOM (*.dcm);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Opening segmentation %1</source>
        <translation>正在打开分割 %1</translation>
    </message>
    <message numerus="yes">
        <source>Segments overlap in %n voxel(s); the later segment is shown there.</source>
        <translation>
            <numerusform>分割段在 %n 个体素处重叠；该处显示后一个分割段。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Segmentation %1: %n segment(s)</source>
        <translation>
            <numerusform>分割 %1：%n 个分割段</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mr::app::SessionRecorder</name>
    <message>
        <source>Save &amp;Session…</source>
        <translation>保存会话(&amp;S)…</translation>
    </message>
    <message>
        <source>Save the last question with its trace, answer and mask, to replay without a model</source>
        <translation>保存最近一次提问及其推理过程、答案和掩膜，以便无需模型即可回放</translation>
    </message>
    <message>
        <source>Ask a question first: a session records one question and its answer.</source>
        <translation>请先提问：一个会话记录一次提问及其答案。</translation>
    </message>
    <message>
        <source>Save Session</source>
        <translation>保存会话</translation>
    </message>
    <message>
        <source>MedReasoner sessions (*.mrsession)</source>
        <translation>MedReasoner 会话 (*.mrsession)</translation>
    </message>
    <message>
        <source>Saving session %1</source>
        <translation>正在保存会话 %1</translation>
    </message>
    <message>
        <source>Session saved: %1</source>
        <translation>会话已保存：%1</translation>
    </message>
</context>
<context>
    <name>mr::app::SessionReplayController</name>
    <message>
        <source>Re&amp;play Session…</source>
        <translation>回放会话(&amp;P)…</translation>
    </message>
    <message>
        <source>Play a saved session back through the Reasoning panel, with no model</source>
        <translation>无需模型，在推理面板中回放已保存的会话</translation>
    </message>
    <message>
        <source>&amp;Demo Tour</source>
        <translation>演示导览(&amp;D)</translation>
    </message>
    <message>
        <source>Scripted examples on the demo CT: the whole loop without any model</source>
        <translation>演示 CT 上的脚本示例：无需任何模型即可展示完整流程</translation>
    </message>
    <message>
        <source>Scripted example, not model output</source>
        <translation>脚本示例，并非模型输出</translation>
    </message>
    <message>
        <source>Replay Session</source>
        <translation>回放会话</translation>
    </message>
    <message>
        <source>MedReasoner sessions (*.mrsession);;All files (*)</source>
        <translation>MedReasoner 会话 (*.mrsession);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Opening session %1</source>
        <translation>正在打开会话 %1</translation>
    </message>
    <message>
        <source>Preparing the demo tour</source>
        <translation>正在准备演示导览</translation>
    </message>
    <message>
        <source>Demo tour, example %1 of %2</source>
        <translation>演示导览，第 %1 个示例（共 %2 个）</translation>
    </message>
    <message>
        <source>Replay of a recorded session: no model is running.</source>
        <translation>正在回放已录制的会话：没有模型在运行。</translation>
    </message>
    <message>
        <source>Replaying: %1</source>
        <translation>正在回放：%1</translation>
    </message>
</context>
<context>
    <name>mr::app::VolumePropagationController</name>
    <message>
        <source>&amp;Propagate Through Volume…</source>
        <translation>在整个体数据中传播(&amp;P)…</translation>
    </message>
    <message>
        <source>Carry the mask on this slice forward and backward through the volume with MedSAM2</source>
        <translation>用 MedSAM2 将此切片上的掩膜向前和向后传播到整个体数据</translation>
    </message>
    <message>
        <source>Propagation needs MedSAM2 as the segmentation expert: choose it in Engine → Engine Settings.</source>
        <translation>传播需要以 MedSAM2 作为分割专家：请在 引擎 → 引擎设置 中选择。</translation>
    </message>
    <message>
        <source>Open a CT or MR volume first.</source>
        <translation>请先打开 CT 或 MR 体数据。</translation>
    </message>
    <message>
        <source>The image is 2-D: propagation needs a volume (a CT or MR series).</source>
        <translation>该图像是二维的：传播需要体数据（CT 或 MR 序列）。</translation>
    </message>
    <message>
        <source>Propagation needs a gray volume (CT, MR); this image is colour.</source>
        <translation>传播需要灰度体数据（CT、MR）；此图像是彩色的。</translation>
    </message>
    <message>
        <source>Carry the mask on this slice through the volume (one undo step)</source>
        <translation>将此切片上的掩膜传播到整个体数据（一步撤销）</translation>
    </message>
    <message>
        <source>The slice shown (%1) is outside the range %2–%3.</source>
        <translation>当前显示的切片（%1）不在 %2–%3 范围内。</translation>
    </message>
    <message>
        <source>There is no mask on slice %1 to propagate: segment or draw one first.</source>
        <translation>切片 %1 上没有可传播的掩膜：请先分割或绘制一个。</translation>
    </message>
    <message>
        <source>Propagating through the volume</source>
        <translation>正在整个体数据中传播</translation>
    </message>
    <message>
        <source>Propagate through volume</source>
        <translation>在整个体数据中传播</translation>
    </message>
    <message>
        <source>Propagated from slice %1 over slices %2–%3: %4 voxels.</source>
        <translation>已从切片 %1 传播到切片 %2–%3：%4 个体素。</translation>
    </message>
</context>
<context>
    <name>mr::app::WindowPresets</name>
    <message>
        <source>Brain</source>
        <translation>脑窗</translation>
    </message>
    <message>
        <source>Soft tissue</source>
        <translation>软组织窗</translation>
    </message>
    <message>
        <source>Lung</source>
        <translation>肺窗</translation>
    </message>
    <message>
        <source>Bone</source>
        <translation>骨窗</translation>
    </message>
    <message>
        <source>Liver</source>
        <translation>肝窗</translation>
    </message>
    <message>
        <source>Abdomen</source>
        <translation>腹部窗</translation>
    </message>
    <message>
        <source>NIfTI display range</source>
        <translation>NIfTI 显示范围</translation>
    </message>
</context>
<context>
    <name>mr::app::WorklistController</name>
    <message>
        <source>Worklist</source>
        <translation>工作列表</translation>
    </message>
    <message>
        <source>&amp;Next Case</source>
        <translation>下一个病例(&amp;N)</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>&amp;Previous Case</source>
        <translation>上一个病例(&amp;P)</translation>
    </message>
    <message>
        <source>Shift+N</source>
        <translation>Shift+N</translation>
    </message>
    <message>
        <source>Open &amp;Worklist</source>
        <translation>打开工作列表(&amp;W)</translation>
    </message>
    <message>
        <source>Folder of &amp;Studies…</source>
        <translation>检查文件夹(&amp;S)…</translation>
    </message>
    <message>
        <source>Open Worklist: Folder of Studies</source>
        <translation>打开工作列表：检查文件夹</translation>
    </message>
    <message>
        <source>&amp;Dataset…</source>
        <translation>数据集(&amp;D)…</translation>
    </message>
    <message>
        <source>Open Worklist: Dataset</source>
        <translation>打开工作列表：数据集</translation>
    </message>
    <message>
        <source>Opening worklist %1</source>
        <translation>正在打开工作列表 %1</translation>
    </message>
    <message>
        <source>The worklist&apos;s progress could not be read and starts anew: %1</source>
        <translation>无法读取工作列表的进度，将重新开始：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n entry(ies) of the folder are not images and are not in the worklist.</source>
        <translation>
            <numerusform>文件夹中有 %n 个条目不是图像，未列入工作列表。</numerusform>
        </translation>
    </message>
    <message>
        <source>The worklist&apos;s progress was not saved: %1</source>
        <translation>工作列表的进度未能保存：%1</translation>
    </message>
    <message>
        <source>&amp;Evaluation Results (Worst First)…</source>
        <translation>评估结果（最差优先）(&amp;E)…</translation>
    </message>
    <message>
        <source>Open Worklist: Evaluation Results</source>
        <translation>打开工作列表：评估结果</translation>
    </message>
    <message>
        <source>Dataset, Second &amp;Reading (Blind)…</source>
        <translation>数据集，二次判读（盲法）(&amp;R)…</translation>
    </message>
    <message>
        <source>Open Worklist: Dataset to Read Blind</source>
        <translation>打开工作列表：盲法判读数据集</translation>
    </message>
    <message>
        <source>Dataset, &amp;Adjudication…</source>
        <translation>数据集，裁定(&amp;A)…</translation>
    </message>
    <message>
        <source>Open Worklist: Dataset to Adjudicate</source>
        <translation>打开工作列表：裁定数据集</translation>
    </message>
    <message>
        <source>Opening the PACS worklist</source>
        <translation>正在打开 PACS 工作列表</translation>
    </message>
    <message>
        <source>PACS search on %1</source>
        <translation>在 %1 上的 PACS 检索</translation>
    </message>
</context>
<context>
    <name>mr::figure::FigurePainter</name>
    <message>
        <source>QUESTION</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>REASONING</source>
        <translation>推理</translation>
    </message>
    <message>
        <source>… 1 more line of the trace not shown</source>
        <translation>… 另有 1 行推理过程未显示</translation>
    </message>
    <message>
        <source>… %1 more lines of the trace not shown</source>
        <translation>… 另有 %1 行推理过程未显示</translation>
    </message>
    <message>
        <source>ANSWER</source>
        <translation>答案</translation>
    </message>
    <message>
        <source>%1 mm</source>
        <translation>%1 毫米</translation>
    </message>
    <message>
        <source>%1 px</source>
        <translation>%1 像素</translation>
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
    <message>
        <source>Imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <source>S&amp;tatus</source>
        <translation>状态(&amp;T)</translation>
    </message>
    <message>
        <source>Show only the samples with this review status</source>
        <translation>只显示具有此审阅状态的样本</translation>
    </message>
    <message>
        <source>&amp;Modality</source>
        <translation>模态(&amp;M)</translation>
    </message>
    <message>
        <source>Show only the samples of this modality</source>
        <translation>只显示此模态的样本</translation>
    </message>
    <message>
        <source>Cate&amp;gory</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Show only the samples of this category</source>
        <translation>只显示此类别的样本</translation>
    </message>
    <message>
        <source>Accepted, corrected and imported samples, for other tools</source>
        <translation>已接受、已修正和已导入的样本，供其他工具使用</translation>
    </message>
    <message>
        <source>DICOM SEG (one per series, de-identified)…</source>
        <translation>DICOM SEG（每个序列一个，已去标识化）…</translation>
    </message>
    <message numerus="yes">
        <source>, %n imported</source>
        <translation>
            <numerusform>，%n 个已导入</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove the imported record %1 from the app&apos;s dataset? Its image and mask were written by another tool and stay where they are.</source>
        <translation>从本应用的数据集中移除已导入的记录 %1？其图像和掩膜由其他工具写入，将保留在原处。</translation>
    </message>
    <message>
        <source>A blind reading is under way: the samples open from the worklist, without their masks</source>
        <translation>盲法判读进行中：样本从工作列表中打开，不显示其掩膜</translation>
    </message>
</context>
<context>
    <name>mr::widgets::DatasetFolderDialog</name>
    <message>
        <source>Open or Create a Dataset Folder</source>
        <translation>打开或新建数据集文件夹</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>文件夹：</translation>
    </message>
    <message>
        <source>Choose</source>
        <translation>选择</translation>
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
        <source>Temperature:</source>
        <translation>温度：</translation>
    </message>
    <message>
        <source>Top-p:</source>
        <translation>Top-p：</translation>
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
    <message>
        <source>Model folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <source>Server (OpenAI-compatible)</source>
        <translation>服务器（OpenAI 兼容）</translation>
    </message>
    <message>
        <source>Run the reasoner here from a model folder, or ask a GPU server (vLLM, medreasoner serve, …).</source>
        <translation>在本机从模型文件夹运行推理模型，或向 GPU 服务器提问（vLLM、medreasoner serve 等）。</translation>
    </message>
    <message>
        <source>Reasoner:</source>
        <translation>推理模型：</translation>
    </message>
    <message>
        <source>MedSAM2</source>
        <translation>MedSAM2</translation>
    </message>
    <message>
        <source>MedSAM2 (SAM 2.1, Hiera) is the expert MedReasoner&apos;s paper runs; it also carries a mask through a volume (Mask → Propagate Through Volume).</source>
        <translation>MedSAM2（SAM 2.1，Hiera）是 MedReasoner 论文使用的专家；它还能将掩膜传播到整个体数据（掩膜 → 在整个体数据中传播）。</translation>
    </message>
    <message>
        <source>From the checkpoint (MedSAM2: 512, as trained)</source>
        <translation>取自检查点（MedSAM2：512，与训练时相同）</translation>
    </message>
    <message>
        <source>512 (as MedSAM2 is trained)</source>
        <translation>512（与 MedSAM2 训练时相同）</translation>
    </message>
    <message>
        <source>1024 (MedReasoner&apos;s pipeline)</source>
        <translation>1024（MedReasoner 的流程）</translation>
    </message>
    <message>
        <source>The side MedSAM2 resizes each image to. MedReasoner&apos;s own scripts run the same weights at 1024; 512 is faster and what the model was trained at.</source>
        <translation>MedSAM2 将每幅图像缩放到的边长。MedReasoner 自己的脚本以 1024 运行相同的权重；512 更快，也是模型训练时的尺寸。</translation>
    </message>
    <message>
        <source>Image size:</source>
        <translation>图像尺寸：</translation>
    </message>
    <message>
        <source>int8 weights (CPU)</source>
        <translation>int8 权重（CPU）</translation>
    </message>
    <message>
        <source>Auto: bfloat16 on CUDA; on the CPU bfloat16 where the processor computes it natively or float32 would not fit, float32 for small models.
int8: the reasoner&apos;s linear layers in 8 bits (CPU only): about half the memory of bfloat16 and faster decoding.</source>
        <translation>自动：CUDA 上用 bfloat16；CPU 上若处理器原生支持 bfloat16 或 float32 放不下则用 bfloat16，小模型用 float32。
int8：推理模型的线性层使用 8 位（仅 CPU）：内存约为 bfloat16 的一半，解码更快。</translation>
    </message>
    <message>
        <source>Loaded now: %1</source>
        <translation>当前已加载：%1</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>MedReasoner&apos;s grounding prompt</source>
        <translation>MedReasoner 的定位提示词</translation>
    </message>
    <message>
        <source>A text file whose {Question} is replaced by the question; it becomes the user turn.</source>
        <translation>一个文本文件，其中的 {Question} 会被替换为问题；它成为用户的发言。</translation>
    </message>
    <message>
        <source>Template:</source>
        <translation>模板：</translation>
    </message>
    <message>
        <source>Reason first (&lt;think&gt;…&lt;/think&gt;)</source>
        <translation>先推理（&lt;think&gt;…&lt;/think&gt;）</translation>
    </message>
    <message>
        <source>Part of the built-in prompt; a template file says itself what it asks for.</source>
        <translation>内置提示词的一部分；模板文件自行说明它要求什么。</translation>
    </message>
    <message>
        <source>Custom:</source>
        <translation>自定义：</translation>
    </message>
    <message>
        <source>The chat template&apos;s default system message</source>
        <translation>聊天模板的默认系统消息</translation>
    </message>
    <message>
        <source>System message:</source>
        <translation>系统消息：</translation>
    </message>
    <message>
        <source>Model default</source>
        <translation>模型默认值</translation>
    </message>
    <message>
        <source>Above 1 discourages repeating tokens; applies to greedy decoding too.</source>
        <translation>大于 1 会抑制重复词元；对贪心解码同样适用。</translation>
    </message>
    <message>
        <source>Repetition penalty:</source>
        <translation>重复惩罚：</translation>
    </message>
    <message>
        <source>Greedy (as MedReasoner is evaluated)</source>
        <translation>贪心（与 MedReasoner 评测时相同）</translation>
    </message>
    <message>
        <source>Deterministic: the most likely token each time. Off: sampling with the values below.</source>
        <translation>确定性：每次取最可能的词元。关闭：按下面的数值采样。</translation>
    </message>
    <message>
        <source>0 turns top-k off.</source>
        <translation>0 表示关闭 top-k。</translation>
    </message>
    <message>
        <source>Random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>Choose a Prompt Template</source>
        <translation>选择提示词模板</translation>
    </message>
    <message>
        <source>Text files (*.txt *.md *.prompt);;All files (*)</source>
        <translation>文本文件 (*.txt *.md *.prompt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Reasoner server not ready.&lt;/b&gt; Its settings have the problems listed above; they can be saved anyway and completed later.</source>
        <translation>&lt;b&gt;推理服务器尚未就绪。&lt;/b&gt;其设置存在上面列出的问题；仍可保存，稍后再补全。</translation>
    </message>
</context>
<context>
    <name>mr::widgets::EvaluationCasePanel</name>
    <message>
        <source>The cases are listed worst first by this score</source>
        <translation>病例按此分数从差到好排列</translation>
    </message>
    <message>
        <source>Sort cases by</source>
        <translation>病例排序依据</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Ground truth</source>
        <translation>金标准</translation>
    </message>
    <message>
        <source>Box</source>
        <translation>框</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>点</translation>
    </message>
    <message>
        <source>Mask</source>
        <translation>掩膜</translation>
    </message>
    <message>
        <source>Prediction</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>Correct for the Dataset</source>
        <translation>为数据集修正</translation>
    </message>
    <message>
        <source>Box IoU</source>
        <translation>框 IoU</translation>
    </message>
    <message>
        <source>pDice</source>
        <translation>pDice</translation>
    </message>
    <message>
        <source>Dice (box + points)</source>
        <translation>Dice（框 + 点）</translation>
    </message>
    <message>
        <source>Dice (box)</source>
        <translation>Dice（框）</translation>
    </message>
    <message>
        <source>Dice (points)</source>
        <translation>Dice（点）</translation>
    </message>
    <message>
        <source>Sample %1</source>
        <translation>样本 %1</translation>
    </message>
    <message>
        <source>Sample %1 · %2</source>
        <translation>样本 %1 · %2</translation>
    </message>
    <message>
        <source>Predicted mask from the %1 prompt</source>
        <translation>预测掩膜来自 %1 提示</translation>
    </message>
    <message>
        <source>Put the prediction in the editor to correct it with the ground truth in view; saving it adds it to the dataset</source>
        <translation>将预测放入编辑器，在金标准可见的情况下修正；保存后加入数据集</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
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
    <message>
        <source>Failed samples</source>
        <translation>失败样本</translation>
    </message>
    <message>
        <source>Sample</source>
        <translation>样本</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Double-click a sample (or press Enter) to open its case</source>
        <translation>双击样本（或按回车）打开其病例</translation>
    </message>
</context>
<context>
    <name>mr::widgets::FigureExportDialog</name>
    <message>
        <source>Export Figure</source>
        <translation>导出图</translation>
    </message>
    <message>
        <source>figure.png, figure.svg or figure.pdf</source>
        <translation>figure.png、figure.svg 或 figure.pdf</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Side by side</source>
        <translation>左右并排</translation>
    </message>
    <message>
        <source>Stacked</source>
        <translation>上下堆叠</translation>
    </message>
    <message>
        <source>Full trace</source>
        <translation>完整推理过程</translation>
    </message>
    <message>
        <source>First lines only</source>
        <translation>仅前几行</translation>
    </message>
    <message>
        <source> lines</source>
        <translation> 行</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>文件(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Layout:</source>
        <translation>布局(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Trace:</source>
        <translation>推理过程(&amp;T)：</translation>
    </message>
    <message>
        <source>Trimmed to:</source>
        <translation>截取为：</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>SVG drawing (*.svg)</source>
        <translation>SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
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
    <name>mr::widgets::PacsBrowserDialog</name>
    <message>
        <source>PACS</source>
        <translation>PACS</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>患者</translation>
    </message>
    <message>
        <source>Patient ID</source>
        <translation>患者 ID</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Modalities</source>
        <translation>模态</translation>
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
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图像数</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>DOE^JANE, or DOE*</source>
        <translation>DOE^JANE，或 DOE*</translation>
    </message>
    <message>
        <source>Any</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Study date</source>
        <translation>检查日期</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Patient name</source>
        <translation>患者姓名</translation>
    </message>
    <message>
        <source>Accession</source>
        <translation>检查号</translation>
    </message>
    <message>
        <source>Add a server first.</source>
        <translation>请先添加服务器。</translation>
    </message>
    <message>
        <source>No server yet: Add… one (its DICOMweb address).</source>
        <translation>还没有服务器：点击“添加…”添加一个（其 DICOMweb 地址）。</translation>
    </message>
    <message numerus="yes">
        <source>%n stud(ies) found.</source>
        <translation>
            <numerusform>找到 %n 个检查。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n series. Double-click one to open it.</source>
        <translation>
            <numerusform>%n 个序列。双击其中一个即可打开。</numerusform>
        </translation>
    </message>
    <message>
        <source>Open Studies as &amp;Worklist</source>
        <translation>将检查作为工作列表打开(&amp;W)</translation>
    </message>
    <message>
        <source>Read the studies found one after the other in the Worklist dock (N / Shift+N); each opens at its image series with the most images</source>
        <translation>在工作列表面板中逐一阅读找到的检查（N / Shift+N）；每个检查打开其图像最多的序列</translation>
    </message>
</context>
<context>
    <name>mr::widgets::PacsServerDialog</name>
    <message>
        <source>PACS Server</source>
        <translation>PACS 服务器</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>User name and password</source>
        <translation>用户名和密码</translation>
    </message>
    <message>
        <source>Bearer token</source>
        <translation>Bearer 令牌</translation>
    </message>
    <message>
        <source>Ask once per session</source>
        <translation>每次会话询问一次</translation>
    </message>
    <message>
        <source>From an environment variable</source>
        <translation>来自环境变量</translation>
    </message>
    <message>
        <source>From a file</source>
        <translation>来自文件</translation>
    </message>
    <message>
        <source>the system&apos;s certificates</source>
        <translation>系统证书</translation>
    </message>
    <message>
        <source>Verify the server&apos;s certificate</source>
        <translation>验证服务器证书</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>DICOMweb address</source>
        <translation>DICOMweb 地址</translation>
    </message>
    <message>
        <source>Authentication</source>
        <translation>身份验证</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Password or token</source>
        <translation>密码或令牌</translation>
    </message>
    <message>
        <source>Variable or file</source>
        <translation>变量或文件</translation>
    </message>
    <message>
        <source>Trusted certificates (PEM)</source>
        <translation>受信任的证书（PEM）</translation>
    </message>
    <message>
        <source>a file only you can read</source>
        <translation>只有您能读取的文件</translation>
    </message>
    <message>
        <source>The address starts with http:// or https://</source>
        <translation>地址以 http:// 或 https:// 开头</translation>
    </message>
    <message>
        <source>Name the variable or the file</source>
        <translation>请填写变量名或文件</translation>
    </message>
</context>
<context>
    <name>mr::widgets::PropagationRangeDialog</name>
    <message>
        <source>Propagate Through Volume</source>
        <translation>在整个体数据中传播</translation>
    </message>
    <message>
        <source>The mask on slice %1 is carried forward and backward with MedSAM2; the other slices of the range are replaced (one undo step).</source>
        <translation>切片 %1 上的掩膜将用 MedSAM2 向前和向后传播；范围内的其他切片将被替换（一步撤销）。</translation>
    </message>
    <message>
        <source>&amp;All slices (1–%1)</source>
        <translation>全部切片（1–%1）(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Slices:</source>
        <translation>切片(&amp;S)：</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>The first slice (%1) is after the last (%2).</source>
        <translation>起始切片（%1）在结束切片（%2）之后。</translation>
    </message>
    <message>
        <source>The range must include slice %1, whose mask is carried through it.</source>
        <translation>范围必须包含切片 %1，其掩膜将在该范围内传播。</translation>
    </message>
</context>
<context>
    <name>mr::widgets::QueryBar</name>
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
    <message>
        <source>A reasoner model is needed to answer questions: choose one in Engine → Engine Settings.</source>
        <translation>回答问题需要推理模型：请在 引擎 → 引擎设置 中选择。</translation>
    </message>
    <message>
        <source>Type a question about the image first, e.g. “Where would you biopsy?”, then press Enter.</source>
        <translation>请先输入关于图像的问题，例如“您会在哪里活检？”，然后按 Enter。</translation>
    </message>
    <message>
        <source>Ask a clinical question about this image, e.g. “Where would you biopsy?”</source>
        <translation>就此图像提出临床问题，例如“您会在哪里活检？”</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>two sentences</comment>
        <translation>%1%2</translation>
    </message>
</context>
<context>
    <name>mr::widgets::ReasonerServerFields</name>
    <message>
        <source>The served model&apos;s name, e.g. MedReasoner-7B</source>
        <translation>服务端模型名称，例如 MedReasoner-7B</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Environment variable</source>
        <translation>环境变量</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Where the API key is read from when connecting; the key itself is never saved.</source>
        <translation>连接时从何处读取 API 密钥；密钥本身从不保存。</translation>
    </message>
    <message>
        <source>Give up when the server sends nothing for this long.</source>
        <translation>服务器在这么长时间内没有发送任何内容时放弃。</translation>
    </message>
    <message>
        <source>connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>URL:</source>
        <translation>URL：</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>API key:</source>
        <translation>API 密钥：</translation>
    </message>
    <message>
        <source>Timeouts:</source>
        <translation>超时：</translation>
    </message>
    <message>
        <source>Variable name, e.g. MEDREASONER_API_KEY</source>
        <translation>变量名，例如 MEDREASONER_API_KEY</translation>
    </message>
    <message>
        <source>File whose first line is the key</source>
        <translation>第一行是密钥的文件</translation>
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
    <message>
        <source>Reasoning trace: complete (a well-formed answer).</source>
        <translation>推理过程：完整（答案格式正确）。</translation>
    </message>
    <message>
        <source>Warning: the reasoning trace was stopped before its answer was complete. It is saved as it is, marked as stopped; do not use it as a reasoning example.</source>
        <translation>警告：推理过程在答案完成前被停止。它将按原样保存并标记为“已停止”；请勿将其用作推理示例。</translation>
    </message>
    <message>
        <source>Warning: the reasoning trace is malformed (no usable answer). It is saved as it is, marked as malformed; do not use it as a reasoning example.</source>
        <translation>警告：推理过程格式错误（没有可用的答案）。它将按原样保存并标记为“格式错误”；请勿将其用作推理示例。</translation>
    </message>
    <message>
        <source>No reasoning trace: the mask comes from manual prompts only.</source>
        <translation>没有推理过程：掩膜仅来自手动提示。</translation>
    </message>
    <message>
        <source>Save Revision %1 of the Sample</source>
        <translation>保存样本的第 %1 版修订</translation>
    </message>
    <message>
        <source>Against revision %1: Dice %2, %3 pixels changed. Say in the note what changed.</source>
        <translation>与第 %1 版相比：Dice %2，%3 个像素有改动。请在备注中说明改动内容。</translation>
    </message>
</context>
<context>
    <name>mr::widgets::SecondReadingPanel</name>
    <message>
        <source>Keep the First Reader&apos;s Mask</source>
        <translation>保留第一判读者的掩膜</translation>
    </message>
    <message>
        <source>Keep the Second Reader&apos;s Mask</source>
        <translation>保留第二判读者的掩膜</translation>
    </message>
    <message>
        <source>Keep the Mask as Edited</source>
        <translation>保留编辑后的掩膜</translation>
    </message>
    <message>
        <source>Blind reading of sample %1</source>
        <translation>样本 %1 的盲法判读</translation>
    </message>
    <message>
        <source>The first reader&apos;s mask is hidden until you save yours. Ask the reasoner, prompt the expert or draw, then save (Ctrl+S).</source>
        <translation>在您保存自己的掩膜之前，第一判读者的掩膜不可见。请提问、提示专家模型或绘制，然后保存（Ctrl+S）。</translation>
    </message>
    <message>
        <source>Readings of sample %1</source>
        <translation>样本 %1 的判读</translation>
    </message>
    <message>
        <source>First reader: %1&lt;br&gt;Second reader: %2&lt;br&gt;Agreement: Dice &lt;b&gt;%3&lt;/b&gt;&lt;br&gt;%4 pixels in disagreement, outlined&lt;br&gt;The editable mask is the second reader&apos;s.</source>
        <translation>第一判读者：%1&lt;br&gt;第二判读者：%2&lt;br&gt;一致性：Dice &lt;b&gt;%3&lt;/b&gt;&lt;br&gt;%4 个像素不一致，已勾勒轮廓&lt;br&gt;可编辑掩膜为第二判读者的。</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>The first reader&apos;s mask becomes the sample&apos;s final mask</source>
        <translation>第一判读者的掩膜成为样本的最终掩膜</translation>
    </message>
    <message>
        <source>The second reader&apos;s mask becomes the sample&apos;s final mask</source>
        <translation>第二判读者的掩膜成为样本的最终掩膜</translation>
    </message>
    <message>
        <source>The mask as it is now in the editor becomes the sample&apos;s final mask</source>
        <translation>编辑器中当前的掩膜成为样本的最终掩膜</translation>
    </message>
</context>
<context>
    <name>mr::widgets::SegExportDialog</name>
    <message>
        <source>Export Segmentation as DICOM SEG</source>
        <translation>将分割导出为 DICOM SEG</translation>
    </message>
    <message>
        <source>%1 (SNOMED CT %2, %3)</source>
        <translation>%1（SNOMED CT %2，%3）</translation>
    </message>
    <message>
        <source>Family^Given</source>
        <translation>姓^名</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>De-identified: new UIDs, no patient or study data</source>
        <translation>去标识化：新的 UID，不含患者或检查数据</translation>
    </message>
    <message>
        <source>Linked to the source series: copies patient, study and frame of reference</source>
        <translation>关联到源序列：复制患者、检查和参考坐标系</translation>
    </message>
    <message>
        <source>Do not store</source>
        <translation>不存储</translation>
    </message>
    <message>
        <source>Segment label</source>
        <translation>分割段标签</translation>
    </message>
    <message>
        <source>Coded type</source>
        <translation>编码类型</translation>
    </message>
    <message>
        <source>Annotator</source>
        <translation>标注者</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Identifiers</source>
        <translation>标识信息</translation>
    </message>
    <message>
        <source>Also store on PACS</source>
        <translation>同时存储到 PACS</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>DICOM SEG File</source>
        <translation>DICOM SEG 文件</translation>
    </message>
    <message>
        <source>DICOM (*.dcm)</source>
        <translation>DICOM (*.dcm)</translation>
    </message>
    <message>
        <source>The image did not come from DICOM: the SEG is de-identified and cannot be stored on a PACS.</source>
        <translation>该图像并非来自 DICOM：SEG 已去标识化，无法存储到 PACS。</translation>
    </message>
    <message>
        <source>The SEG carries the patient&apos;s identifiers: share it only where they may go.</source>
        <translation>SEG 带有患者的标识信息：只在允许的范围内共享。</translation>
    </message>
</context>
<context>
    <name>mr::widgets::SeriesPickerDialog</name>
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
        <source>2 × 2 layout</source>
        <translation>2 × 2 布局</translation>
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
        <source>Save the reviewed sample to the dataset</source>
        <translation>将已审核的样本保存到数据集</translation>
    </message>
    <message>
        <source>Ctrl+S</source>
        <translation>Ctrl+S</translation>
    </message>
    <message>
        <source>Ctrl+Z / Ctrl+Shift+Z or Ctrl+Y</source>
        <translation>Ctrl+Z / Ctrl+Shift+Z 或 Ctrl+Y</translation>
    </message>
    <message>
        <source>F6 / F7 / F8</source>
        <translation>F6 / F7 / F8</translation>
    </message>
    <message>
        <source>F9</source>
        <translation>F9</translation>
    </message>
    <message>
        <source>Presentation mode: enter / leave</source>
        <translation>演示模式：进入 / 退出</translation>
    </message>
    <message>
        <source>F5 / F5 or Esc</source>
        <translation>F5 / F5 或 Esc</translation>
    </message>
    <message>
        <source>Presentation mode: larger / smaller text</source>
        <translation>演示模式：放大 / 缩小文字</translation>
    </message>
    <message>
        <source>Ctrl+= or Ctrl++ / Ctrl+-</source>
        <translation>Ctrl+= 或 Ctrl++ / Ctrl+-</translation>
    </message>
    <message>
        <source>Worklist: next / previous case</source>
        <translation>工作列表：下一个 / 上一个病例</translation>
    </message>
    <message>
        <source>N / Shift+N</source>
        <translation>N / Shift+N</translation>
    </message>
    <message>
        <source>In the save dialog: accept / correct / reject</source>
        <translation>在保存对话框中：接受 / 修正 / 拒绝</translation>
    </message>
    <message>
        <source>Alt+A / Alt+C / Alt+R</source>
        <translation>Alt+A / Alt+C / Alt+R</translation>
    </message>
    <message>
        <source>Evaluation case: correct the prediction for the dataset</source>
        <translation>评估病例：为数据集修正预测</translation>
    </message>
    <message>
        <source>D</source>
        <translation>D</translation>
    </message>
    <message>
        <source>Adjudication: keep the first reader&apos;s / the second reader&apos;s / the edited mask</source>
        <translation>裁定：保留第一判读者的 / 第二判读者的 / 编辑后的掩膜</translation>
    </message>
    <message>
        <source>Ctrl+1 / Ctrl+2 / Ctrl+3</source>
        <translation>Ctrl+1 / Ctrl+2 / Ctrl+3</translation>
    </message>
</context>
<context>
    <name>mr::widgets::SliceAnnotations</name>
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
        <source>Slice %1 / %2</source>
        <translation>第 %1 / %2 层</translation>
    </message>
    <message>
        <source>Zoom %1%</source>
        <translation>缩放 %1%</translation>
    </message>
    <message>
        <source>Inverted</source>
        <translation>已反转</translation>
    </message>
    <message>
        <source>W %1  L %2</source>
        <translation>窗宽 %1  窗位 %2</translation>
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
<context>
    <name>mr::widgets::WorklistPanel</name>
    <message>
        <source>◀ Previous</source>
        <translation>◀ 上一个</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>下一个 ▶</translation>
    </message>
    <message>
        <source>No worklist open: File → Open Worklist</source>
        <translation>未打开工作列表：文件 → 打开工作列表</translation>
    </message>
    <message>
        <source>Case %1 of %2</source>
        <translation>第 %1 / %2 例</translation>
    </message>
    <message>
        <source>%1 · %2 saved</source>
        <translation>%1 · 已保存 %2 例</translation>
    </message>
    <message>
        <source>Open the previous case (%1)</source>
        <translation>打开上一个病例（%1）</translation>
    </message>
    <message>
        <source>Open the next case (%1)</source>
        <translation>打开下一个病例（%1）</translation>
    </message>
    <message>
        <source>new</source>
        <translation>新</translation>
    </message>
    <message>
        <source>opened</source>
        <translation>已打开</translation>
    </message>
    <message>
        <source>saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>1 case</source>
        <translation>1 个病例</translation>
    </message>
    <message>
        <source>%1 cases</source>
        <translation>%1 个病例</translation>
    </message>
</context>
</TS>
