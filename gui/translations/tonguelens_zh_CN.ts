<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>BatchTable</name>
    <message>
        <location filename="../widgets/batch_table.py" line="172"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../widgets/batch_table.py" line="173"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../widgets/batch_table.py" line="182"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../widgets/batch_table.py" line="182"/>
        <source>Predicted class</source>
        <translation>预测类别</translation>
    </message>
    <message>
        <location filename="../widgets/batch_table.py" line="184"/>
        <source>Probability</source>
        <translation>概率</translation>
    </message>
    <message>
        <location filename="../widgets/batch_table.py" line="182"/>
        <source>Second</source>
        <translation>次高类别</translation>
    </message>
    <message>
        <location filename="../widgets/batch_table.py" line="446"/>
        <source>Classifying {done} of {total} files…</source>
        <translation>正在分类：第 {done} 个，共 {total} 个文件…</translation>
    </message>
    <message>
        <location filename="../widgets/batch_table.py" line="464"/>
        <source>{count} files in {seconds} s, {errors} could not be read</source>
        <translation>{count} 个文件，用时 {seconds} 秒，{errors} 个无法读取</translation>
    </message>
    <message>
        <location filename="../widgets/batch_table.py" line="478"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../widgets/batch_table.py" line="483"/>
        <source>Open a folder (Ctrl+Shift+O) or drop one here to classify every image in it</source>
        <translation>打开文件夹（Ctrl+Shift+O）或将文件夹拖到此处，即可对其中的每张图像分类</translation>
    </message>
    <message>
        <location filename="../widgets/batch_table.py" line="179"/>
        <source>{attribute} probability</source>
        <translation>{attribute} 概率</translation>
    </message>
    <message>
        <location filename="../widgets/batch_table.py" line="182"/>
        <source>Error or note</source>
        <translation>错误或提示</translation>
    </message>
    <message>
        <location filename="../widgets/batch_table.py" line="364"/>
        <source>No tongue found, so the whole photo was classified</source>
        <translation>没有找到舌体，已对整张照片分类</translation>
    </message>
    <message>
        <location filename="../widgets/batch_table.py" line="474"/>
        <source>{count} with lighting unlike the training photos&apos;: if they were taken under another lamp, calibrate the light from them (Ctrl+L)</source>
        <translation>{count} 张光照与训练照片不同：如果是在另一盏灯下拍摄的，请根据这些照片校准光线（Ctrl+L）</translation>
    </message>
    <message>
        <location filename="../widgets/batch_table.py" line="367"/>
        <source>Unusual light</source>
        <translation>光照异常</translation>
    </message>
    <message>
        <location filename="../widgets/batch_table.py" line="433"/>
        <source>Calibrate the light from the photos in “{folder}”…</source>
        <translation>根据“{folder}”中的照片校准光线…</translation>
    </message>
    <message>
        <location filename="../widgets/batch_table.py" line="433"/>
        <source>Estimate the lamp from the photos of this folder (a usual mix of patients, all under one lamp), correct every photo to the training photos&apos; light, and classify the folder again</source>
        <translation>根据此文件夹中的照片（同一灯光下、各类患者混合）估计灯光，把每张照片校正到训练照片的光线，并重新分类此文件夹</translation>
    </message>
    <message>
        <location filename="../widgets/batch_table.py" line="420"/>
        <source>Evaluate the model on “{folder}”: its sub-folders are named like its classes ({classes})…</source>
        <translation>在“{folder}”上评估模型：它的子文件夹与模型的类别同名（{classes}）…</translation>
    </message>
    <message>
        <location filename="../widgets/batch_table.py" line="420"/>
        <source>Accuracy with its 95 % interval, the confusion matrix and the per-class figures, each photo&apos;s class read from its sub-folder (Model &gt; Evaluate on Labelled Photos)</source>
        <translation>准确率及其 95% 置信区间、混淆矩阵和各类别指标，每张照片的类别取自它所在的子文件夹（模型 &gt; 在已标注照片上评估）</translation>
    </message>
    <message>
        <location filename="../widgets/batch_table.py" line="185"/>
        <source>Probability of the second choice</source>
        <translation>次高类别的概率</translation>
    </message>
    <message>
        <location filename="../widgets/batch_table.py" line="468"/>
        <source>{count} skipped (not images)</source>
        <translation>跳过 {count} 个（不是图像）</translation>
    </message>
    <message>
        <location filename="../widgets/batch_table.py" line="471"/>
        <source>{count} with no tongue found (classified whole)</source>
        <translation>{count} 张未找到舌体（按整张照片分类）</translation>
    </message>
    <message>
        <location filename="../widgets/batch_table.py" line="461"/>
        <source>{count} of {total} files in {seconds} s, {errors} could not be read</source>
        <translation>{total} 个文件中的 {count} 个，用时 {seconds} 秒，{errors} 个无法读取</translation>
    </message>
    <message>
        <location filename="../widgets/batch_table.py" line="168"/>
        <source>Filter</source>
        <translation>筛选</translation>
    </message>
    <message>
        <location filename="../widgets/batch_table.py" line="169"/>
        <source>Show only the photos whose file name, predicted class or note holds this text (Export CSV still writes every photo)</source>
        <translation>只显示文件名、预测类别或备注中含有此文字的照片（导出 CSV 仍会写出全部照片）</translation>
    </message>
    <message>
        <location filename="../widgets/batch_table.py" line="480"/>
        <source>{shown} shown</source>
        <translation>显示 {shown} 个</translation>
    </message>
    <message>
        <location filename="../widgets/batch_table.py" line="448"/>
        <source>Looking for photos…</source>
        <translation>正在查找照片…</translation>
    </message>
    <message>
        <location filename="../widgets/batch_table.py" line="450"/>
        <source>Looking for photos in {folder}…</source>
        <translation>正在 {folder} 中查找照片…</translation>
    </message>
</context>
<context>
    <name>ConfusionMatrixView</name>
    <message>
        <location filename="../widgets/confusion_matrix.py" line="29"/>
        <source>Rows: true class. Columns: predicted class. Shading: share of the row.</source>
        <translation>行：真实类别。列：预测类别。颜色深浅：占该行的比例。</translation>
    </message>
    <message>
        <location filename="../widgets/confusion_matrix.py" line="26"/>
        <source>Rows: true class. Columns: predicted class. Shading: share of the row. Click a cell to list its photos.</source>
        <translation>行：真实类别。列：预测类别。颜色深浅：占该行的比例。点击单元格可列出其中的照片。</translation>
    </message>
</context>
<context>
    <name>CoreMessages</name>
    <message>
        <location filename="../../core/modelmessages.py" line="22"/>
        <source>file not found</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="48"/>
        <source>permission denied</source>
        <translation>没有读取权限</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="49"/>
        <source>image too large, refused as a possible decompression bomb ({detail})</source>
        <translation>图像过大，可能是解压炸弹，已拒绝（{detail}）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="51"/>
        <source>cannot read file ({detail})</source>
        <translation>无法读取文件（{detail}）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="52"/>
        <source>cannot decode image ({detail})</source>
        <translation>无法解码图像（{detail}）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="53"/>
        <source>broken symbolic link (points to {target}, which does not exist)</source>
        <translation>符号链接已损坏（指向的 {target} 不存在）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="55"/>
        <source>symbolic link loop (the link points back to itself)</source>
        <translation>符号链接循环（链接指向自身）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="56"/>
        <source>is a folder, not an image file</source>
        <translation>这是文件夹，不是图像文件</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="57"/>
        <source>not a regular file (a named pipe, socket or device), not an image file</source>
        <translation>不是普通文件（命名管道、套接字或设备），不是图像文件</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="59"/>
        <source>empty file (0 bytes)</source>
        <translation>空文件（0 字节）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="60"/>
        <source>not an image: the file is an HTML page</source>
        <translation>不是图像：该文件是 HTML 网页</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="61"/>
        <source>HEIC/HEIF image, not supported: convert it to JPEG or PNG</source>
        <translation>不支持 HEIC/HEIF 图像：请先转换为 JPEG 或 PNG</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="62"/>
        <source>not an image file Pillow can read (unknown format)</source>
        <translation>不是 Pillow 能读取的图像文件（未知格式）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="65"/>
        <source>is a folder named like an image, not an image file</source>
        <translation>这是一个以图像命名的文件夹，不是图像文件</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="67"/>
        <source>not an image type TongueLens reads ({suffix}); accepted: {accepted}</source>
        <translation>TongueLens 不读取此类型（{suffix}）；可读取：{accepted}</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="76"/>
        <source>cannot read the folder ({detail}); skipped</source>
        <translation>无法读取该文件夹（{detail}）；已跳过</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="90"/>
        <source>class folder has no usable image; class &apos;{name}&apos; is left out</source>
        <translation>类别文件夹中没有可用图像；类别“{name}”未纳入</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="88"/>
        <source>{count} image file(s) lie directly in the data folder, not in a class folder; ignored</source>
        <translation>{count} 个图像文件直接放在数据文件夹中，不在类别文件夹里；已忽略</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="92"/>
        <source>the same image is in classes {classes}: {paths}</source>
        <translation>同一张图像出现在多个类别（{classes}）中：{paths}</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="93"/>
        <source>{size} is smaller than the input size {input}; upscaled</source>
        <translation>{size} 小于输入尺寸 {input}；已放大</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="95"/>
        <source>{count} images are smaller than the input size {input} and are upscaled, e.g. {examples}</source>
        <translation>{count} 张图像小于输入尺寸 {input}，已放大，例如 {examples}</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="171"/>
        <source>checking the images in {folder}</source>
        <translation>正在检查 {folder} 中的图像</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="172"/>
        <source>checking images</source>
        <translation>正在检查图像</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="175"/>
        <source>building the model</source>
        <translation>正在构建模型</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="176"/>
        <source>computing in {precision} (faster on this CPU); the saved model will be float32</source>
        <translation>以 {precision} 计算（在此 CPU 上更快）；保存的模型为 float32</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="202"/>
        <source>evaluating the best model on the validation images</source>
        <translation>正在用验证图像评估最佳模型</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="208"/>
        <source>training stopped: the loss became NaN (try a lower --lr)</source>
        <translation>训练已停止：损失变为 NaN（请尝试更小的学习率）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="209"/>
        <source>class folder &apos;{name}&apos; is not a training class; ignored</source>
        <translation>类别文件夹“{name}”不是训练类别；已忽略</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="41"/>
        <source>{path}: {text}</source>
        <translation>{path}: {text}</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="43"/>
        <source>{text}</source>
        <translation>{text}</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="44"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="69"/>
        <source>no extension</source>
        <translation>无扩展名</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="82"/>
        <source>not a folder (expected one sub-folder of images per class)</source>
        <translation>不是文件夹（应为每个类别一个图像子文件夹）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="84"/>
        <source>cannot read the folder ({detail})</source>
        <translation>无法读取该文件夹（{detail}）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="85"/>
        <source>{count} usable class folder(s) found ({found}); need at least {needed} sub-folder(s) with images, one per class</source>
        <translation>找到 {count} 个可用的类别文件夹（{found}）；至少需要 {needed} 个含图像的子文件夹，每个类别一个</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="101"/>
        <source>the validation fraction must be between 0 and 1. Received: val_split={value}</source>
        <translation>验证比例必须在 0 和 1 之间（收到 {value}）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="103"/>
        <source>{count} file(s) of the saved split are no longer usable and are left out, e.g. {example}</source>
        <translation>已保存的划分中有 {count} 个文件不再可用，已排除，例如 {example}</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="105"/>
        <source>{count} file(s) added to {folder} since the split was made are not used</source>
        <translation>划分之后添加到 {folder} 的 {count} 个文件未被使用</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="109"/>
        <source>unknown strategy {name}; choose one of {choices}</source>
        <translation>未知的分布策略 {name}；可选：{choices}</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="110"/>
        <source>--strategy multiworker is not available: Keras 3 model.fit does not work with tf.distribute.MultiWorkerMirroredStrategy (keras-team/keras#20585; with two local workers its first training step fails inside Keras). Use --strategy mirrored to train on all GPUs of one machine</source>
        <translation>多工作进程分布式训练不可用：Keras 3 的训练无法使用多工作进程镜像策略（在本机用两个工作进程试验时，第一个训练步骤就在 Keras 内部失败）。如需使用一台机器上的所有显卡，请选择镜像策略</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="115"/>
        <source>unknown precision {name}; choose one of {choices}</source>
        <translation>未知的计算精度 {name}；可选：{choices}</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="132"/>
        <source>no data folder given</source>
        <translation>未指定数据文件夹</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="133"/>
        <source>epochs must be at least 1. Received: epochs={value}</source>
        <translation>训练轮数至少为 1（收到 {value}）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="134"/>
        <source>the batch size must be at least 1. Received: batch_size={value}</source>
        <translation>批大小至少为 1（收到 {value}）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="146"/>
        <source>the learning rate must be positive. Received: learning_rate={value}</source>
        <translation>学习率必须为正数（收到 {value}）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="160"/>
        <source>this folder already holds a run; resume it or choose another folder</source>
        <translation>该文件夹中已有一次训练；请继续该训练，或选择其他文件夹</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="167"/>
        <source>not a TongueLens run folder (no {file})</source>
        <translation>不是 TongueLens 训练文件夹（没有 {file}）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="168"/>
        <source>this run already finished (see {file})</source>
        <translation>该训练已经完成（见 {file}）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="173"/>
        <source>fine-tuning {model}: input size {size} and architecture come from the model</source>
        <translation>正在微调 {model}：输入尺寸 {size} 和网络结构取自该模型</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="205"/>
        <source>stopping: keeping the best model of the finished epochs</source>
        <translation>正在停止：保留已完成轮次中的最佳模型</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="206"/>
        <source>early stopping: no better validation loss for {epochs} epochs; keeping epoch {best}</source>
        <translation>提前停止：连续 {epochs} 轮验证损失没有改善；保留第 {best} 轮</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="211"/>
        <source>this model cannot be copied into a new precision ({reason}); training it in {precision}</source>
        <translation>无法将此模型复制为新的计算精度（{reason}）；以 {precision} 训练</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="213"/>
        <source>the model stays in {precision}: it cannot be copied into float32 ({reason})</source>
        <translation>模型保持为 {precision}：无法复制为 float32（{reason}）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="215"/>
        <source>the image size is too small. Received: image_size={size}</source>
        <translation>图像尺寸太小（收到 {size}）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="217"/>
        <source>give an image size: {arch} is built by a custom build_fn, whose input size TongueLens cannot know</source>
        <translation>请指定图像尺寸：{arch} 由自定义的构建函数构建，TongueLens 无法得知其输入尺寸</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="220"/>
        <source>cannot build {arch} for input {shape}: {reason}</source>
        <translation>无法为输入 {shape} 构建 {arch}：{reason}</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="221"/>
        <source>no image left for training</source>
        <translation>没有剩余图像可用于训练</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="222"/>
        <source>no image left for validation; add images (at least 2 per class) or give a --val-dir</source>
        <translation>没有剩余图像可用于验证；请添加图像（每个类别至少 2 张），或指定单独的验证文件夹</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="224"/>
        <source>the classes changed since the run started (was {was}; now {now}); start a new run</source>
        <translation>类别在训练开始后发生了变化（原为 {was}；现为 {now}）；请开始新的训练</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="226"/>
        <source>cannot load the checkpoint ({reason})</source>
        <translation>无法加载检查点（{reason}）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="227"/>
        <source>the model has no Dense layer at its end to replace for new classes</source>
        <translation>模型末端没有可为新类别替换的全连接层</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="402"/>
        <source>{layer}: {count} of {size} as RGB pictures, each scaled to its own range</source>
        <translation>{layer}：{size} 的 {count}，以彩色图片显示，各自按自身取值范围缩放</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="404"/>
        <source>{layer}: {count} of {size} in grayscale (mid gray = 0, each scaled to its own largest weight)</source>
        <translation>{layer}：{size} 的 {count}，灰度显示（中灰 = 0，各自按自身最大权重缩放）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="407"/>
        <source>{layer}: {count} of {size}, one row per filter, one grayscale tile per input channel ({inputs}); mid gray = 0, each filter scaled to its own largest weight</source>
        <translation>{layer}：{size} 的 {count}，每个滤波器一行，每个输入通道一个灰度图块（{inputs}）；中灰 = 0，每个滤波器按自身最大权重缩放</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="410"/>
        <source>{layer}: {count} of {size}, each the mean over its {inputs} input channels, in grayscale (mid gray = 0, each scaled to its own largest weight)</source>
        <translation>{layer}：{size} 的 {count}，每个取其 {inputs} 个输入通道的平均，灰度显示（中灰 = 0，各自按自身最大权重缩放）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="413"/>
        <source>{layer}: depthwise {kernel} kernels, {shown} of {total}, one per channel, in grayscale (mid gray = 0, each scaled to its own largest weight)</source>
        <translation>{layer}：逐通道的 {kernel} 卷积核，{total} 个中的 {shown} 个，每个通道一个，灰度显示（中灰 = 0，各自按自身最大权重缩放）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="416"/>
        <source>{layer}: {what}, each unit&apos;s weights folded back into the {volume} volume before the Flatten, {colour}, each scaled to its own range ({shown} of {units})</source>
        <translation>{layer}：{what}，每个单元的权重折回展平层之前的 {volume} 数据体，{colour}，各自按自身取值范围缩放（{units} 个中的 {shown} 个）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="419"/>
        <source>{shown} of {total} filters</source>
        <translation>{total} 个滤波器中的 {shown} 个</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="420"/>
        <source>{total} filters</source>
        <translation>{total} 个滤波器</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="421"/>
        <source>the first {shown} of {total}</source>
        <translation>{total} 个中的前 {shown} 个</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="422"/>
        <source>all {total}</source>
        <translation>全部 {total} 个</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="423"/>
        <source>class templates</source>
        <translation>类别模板</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="424"/>
        <source>unit templates</source>
        <translation>单元模板</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="425"/>
        <source>in colour</source>
        <translation>彩色显示</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="426"/>
        <source>in grayscale</source>
        <translation>灰度显示</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="427"/>
        <source>in grayscale, the mean over {channels} channels</source>
        <translation>灰度显示，取 {channels} 个通道的平均</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="323"/>
        <source>class folder &apos;{name}&apos; is not a class of the model; its images are not counted</source>
        <translation>类别文件夹“{name}”不是模型的类别；其中的图像不计入</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="150"/>
        <source>--weights {weights}: {arch} has no pretrained weights; choose a backbone ({backbones}) or --weights none</source>
        <translation>{weights}：{arch} 没有预训练权重；请选择一个骨干网络（{backbones}），或从随机权重开始</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="153"/>
        <source>--weights {weights} cannot be used with --from: fine-tuning a model starts from its own weights</source>
        <translation>{weights}：微调已有模型时从它自己的权重开始，不能另选起始权重</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="156"/>
        <source>--weights {weights}: file not found; give imagenet, none or a weights file (.h5)</source>
        <translation>权重 {weights}：找不到文件；请选择 ImageNet 预训练、随机权重或一个权重文件（.h5）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="158"/>
        <source>--weights {weights}: is a folder; give imagenet, none or a weights file (.h5)</source>
        <translation>权重 {weights}：是一个文件夹；请选择 ImageNet 预训练、随机权重或一个权重文件（.h5）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="178"/>
        <source>downloading the ImageNet weights of {backbone} (about {megabytes} MB, once) into {folder}</source>
        <translation>正在下载 {backbone} 的 ImageNet 权重（约 {megabytes} MB，仅一次）到 {folder}</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="180"/>
        <source>downloading the ImageNet weights of {backbone}: {done} of {total} MB</source>
        <translation>正在下载 {backbone} 的 ImageNet 权重：{done} / {total} MB</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="182"/>
        <source>downloading the ImageNet weights of {backbone}: {done} MB</source>
        <translation>正在下载 {backbone} 的 ImageNet 权重：{done} MB</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="184"/>
        <source>the ImageNet weights of {backbone} are downloaded: {path}</source>
        <translation>{backbone} 的 ImageNet 权重已下载：{path}</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="186"/>
        <source>{backbone} starts from its ImageNet weights ({path})</source>
        <translation>{backbone} 从其 ImageNet 权重开始（{path}）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="188"/>
        <source>{backbone} starts from the weights in {path} ({layers} layers)</source>
        <translation>{backbone} 从 {path} 中的权重开始（{layers} 层）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="194"/>
        <source>phase {index} of {count}: the new head learns on the frozen backbone (epochs {first}-{last}, learning rate {rate})</source>
        <translation>第 {index} / {count} 阶段：在冻结的骨干网络上训练新的输出头（第 {first}-{last} 轮，学习率 {rate}）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="197"/>
        <source>phase {index} of {count}: the backbone learns too from layer {layer} on, batch norm frozen (epochs {first}-{last}, learning rate {rate})</source>
        <translation>第 {index} / {count} 阶段：骨干网络从 {layer} 层起也参与训练，批归一化保持冻结（第 {first}-{last} 轮，学习率 {rate}）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="200"/>
        <source>phase {index} of {count}: every layer learns (epochs {first}-{last}, learning rate {rate})</source>
        <translation>第 {index} / {count} 阶段：所有层都参与训练（第 {first}-{last} 轮，学习率 {rate}）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="319"/>
        <source>exporting {model} as {format}</source>
        <translation>正在将 {model} 导出为 {format}</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="320"/>
        <source>checking the {format} export on {count} images</source>
        <translation>正在用 {count} 张图像检查 {format} 导出</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="23"/>
        <source>is a folder, not a model file</source>
        <translation>这是文件夹，不是模型文件</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="24"/>
        <source>not a regular file (a named pipe, socket or device), not a model file</source>
        <translation>不是普通文件（命名管道、套接字或设备），不是模型文件</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="26"/>
        <source>not a model file: TongueLens opens Keras .keras files</source>
        <translation>不是模型文件：TongueLens 只打开 Keras 的 .keras 文件</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="27"/>
        <source>a model file name must end in .keras</source>
        <translation>模型文件名必须以 .keras 结尾</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="28"/>
        <source>refused: the model contains code (a Lambda layer or other Python object) that could run on your computer; TongueLens loads models in Keras safe mode only</source>
        <translation>已拒绝：该模型含有代码（Lambda 层或其他 Python 对象），可能在您的电脑上运行；TongueLens 只以 Keras 安全模式加载模型</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="31"/>
        <source>not a Keras .keras model file (damaged or truncated archive)</source>
        <translation>不是 Keras 的 .keras 模型文件（压缩包已损坏或不完整）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="33"/>
        <source>the model uses a layer or object TongueLens does not know ({detail})</source>
        <translation>该模型使用了 TongueLens 不认识的层或对象（{detail}）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="35"/>
        <source>cannot load model ({detail})</source>
        <translation>无法加载模型（{detail}）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="36"/>
        <source>the layer or model named {name} cannot run: TensorFlow only runs names made of the letters {letters}, digits and {marks}; rename it in the program that made the model</source>
        <translation>名为 {name} 的层或模型无法运行：TensorFlow 只能运行由字母 {letters}、数字和 {marks} 组成的名称；请在生成该模型的程序中为其改名</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="39"/>
        <source>the model has {count} inputs; TongueLens needs one image input</source>
        <translation>该模型有 {count} 个输入；TongueLens 需要一个图像输入</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="40"/>
        <source>the model&apos;s input has shape {shape}; TongueLens needs an image (height, width, channels)</source>
        <translation>该模型的输入形状为 {shape}；TongueLens 需要图像（高、宽、通道数）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="42"/>
        <source>the model&apos;s input has {channels} channels; TongueLens needs 1 or 3</source>
        <translation>该模型的输入有 {channels} 个通道；TongueLens 需要 1 个或 3 个</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="44"/>
        <source>the model&apos;s input size is not fixed (None); TongueLens needs a fixed size</source>
        <translation>该模型的输入尺寸不固定（未指定）；TongueLens 需要固定的尺寸</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="58"/>
        <source>the model does not end in one vector (or one map) of class scores</source>
        <translation>该模型的输出末端不是一个类别得分向量（或一张类别得分图）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="60"/>
        <source>the file names {names} classes but the model has {outputs} outputs</source>
        <translation>文件中列出 {names} 个类别，但模型有 {outputs} 个输出</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="68"/>
        <source>the TongueLens metadata in this file is damaged ({reason})</source>
        <translation>此文件中的 TongueLens 元数据已损坏（{reason}）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="72"/>
        <source>nested too deeply</source>
        <translation>嵌套层级过深</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="73"/>
        <source>it is a JSON {type}, not an object</source>
        <translation>它是 JSON {type}，不是对象</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="74"/>
        <source>it has no {field}</source>
        <translation>缺少 {field}</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="75"/>
        <source>its training summary is a JSON {type}, not an object</source>
        <translation>其训练摘要是 JSON {type}，不是对象</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="77"/>
        <source>its {field} is not a whole number</source>
        <translation>其 {field} 不是整数</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="78"/>
        <source>its {field} is a JSON {type}, not a list</source>
        <translation>其 {field} 是 JSON {type}，不是列表</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="79"/>
        <source>it names {count} classes; at most {limit}</source>
        <translation>列出了 {count} 个类别；最多 {limit} 个</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="80"/>
        <source>class name {number} is a JSON {type}, not a string</source>
        <translation>第 {number} 个类别名是 JSON {type}，不是字符串</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="82"/>
        <source>class name {number} is {length} characters long; at most {limit}</source>
        <translation>第 {number} 个类别名长 {length} 个字符；最多 {limit} 个</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="87"/>
        <source>its {field} is not three positive whole numbers</source>
        <translation>其 {field} 不是三个正整数</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="93"/>
        <source>its {field} is a JSON {type}, not a string</source>
        <translation>其 {field} 是 JSON {type}，不是字符串</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="94"/>
        <source>its {field} is {length} characters long; at most {limit}</source>
        <translation>其 {field} 长 {length} 个字符；最多 {limit} 个</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="95"/>
        <source>its training summary&apos;s text is {length} characters long; at most {limit}</source>
        <translation>其训练摘要中的文本长 {length} 个字符；最多 {limit} 个</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="97"/>
        <source>its training summary is nested more than {depth} levels deep</source>
        <translation>其训练摘要的嵌套超过 {depth} 层</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="112"/>
        <source>not a Keras .keras model file (not a zip archive, or truncated)</source>
        <translation>不是 Keras 的 .keras 模型文件（不是 zip 压缩包，或文件不完整）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="114"/>
        <source>a member of this archive cannot be read ({detail})</source>
        <translation>无法读取此压缩包中的一个成员（{detail}）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="116"/>
        <source>cannot read or unpack it ({detail})</source>
        <translation>无法读取或解压（{detail}）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="117"/>
        <source>its {name} declares {size}; at most {limit}</source>
        <translation>其中的 {name} 声明大小为 {size}；最多 {limit}</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="118"/>
        <source>its {name} holds more than {limit}</source>
        <translation>其中的 {name} 超过 {limit}</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="119"/>
        <source>not a Keras model: the archive holds no {file}</source>
        <translation>不是 Keras 模型：压缩包中没有 {file}</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="120"/>
        <source>not a Keras model: the archive holds no weights ({file})</source>
        <translation>不是 Keras 模型：压缩包中没有权重（{file}）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="122"/>
        <source>the archive lists {count} members; a model file has a few (at most {limit})</source>
        <translation>压缩包列出 {count} 个成员；模型文件只有几个（最多 {limit} 个）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="124"/>
        <source>the archive holds {count} members; a model file has a few (at most {limit})</source>
        <translation>压缩包含有 {count} 个成员；模型文件只有几个（最多 {limit} 个）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="126"/>
        <source>the archive&apos;s directory takes {size}; at most {limit}</source>
        <translation>压缩包的目录占 {size}；最多 {limit}</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="127"/>
        <source>the archive holds {count} members named {name}</source>
        <translation>压缩包中有 {count} 个名为 {name} 的成员</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="128"/>
        <source>its members declare {size} in all; at most {limit}</source>
        <translation>其成员声明的总大小为 {size}；最多 {limit}</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="129"/>
        <source>its member {name} declares {size} but stores {stored} (a decompression bomb)</source>
        <translation>其成员 {name} 声明大小为 {size}，实际只存储了 {stored}（解压炸弹）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="131"/>
        <source>the temporary folder has {free} free; loading this model needs {size} there</source>
        <translation>临时文件夹只剩 {free} 可用空间；加载此模型需要 {size}</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="133"/>
        <source>its {name} holds more than the {size} it declares</source>
        <translation>其中的 {name} 超过其声明的 {size}</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="135"/>
        <source>refused: in its weights, {reason}</source>
        <translation>已拒绝：其权重中，{reason}</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="136"/>
        <source>its weights are damaged ({detail})</source>
        <translation>其权重已损坏（{detail}）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="139"/>
        <source>its {file} is nested too deeply to be a model</source>
        <translation>其 {file} 嵌套层级过深，不可能是模型</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="140"/>
        <source>its {file} is not valid JSON ({detail})</source>
        <translation>其 {file} 不是有效的 JSON（{detail}）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="141"/>
        <source>its {file} is a JSON {type}, not a model configuration</source>
        <translation>其 {file} 是 JSON {type}，不是模型配置</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="142"/>
        <source>its {file} is nested more than {depth} levels deep (at {place})</source>
        <translation>其 {file} 的嵌套超过 {depth} 层（位于 {place}）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="144"/>
        <source>its {file} has a {field} that is a JSON {type} (at {place})</source>
        <translation>其 {file} 中有一个 {field} 是 JSON {type}（位于 {place}）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="146"/>
        <source>refused: its {file} holds a {name} object, which can carry code or types TongueLens does not load (at {place})</source>
        <translation>已拒绝：其 {file} 含有 {name} 对象，可能携带代码或 TongueLens 不加载的类型（位于 {place}）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="149"/>
        <source>refused: its {file} holds an array of type {dtype} (at {place})</source>
        <translation>已拒绝：其 {file} 含有类型为 {dtype} 的数组（位于 {place}）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="151"/>
        <source>refused: it uses {registered} (class {class_name} of module {module}), which is neither a Keras layer nor one of TongueLens&apos;s (at {place})</source>
        <translation>已拒绝：它使用了 {registered}（模块 {module} 中的类 {class_name}），既不是 Keras 的层，也不是 TongueLens 的层（位于 {place}）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="154"/>
        <source>refused: it calls the function {name} of module {module}; a model file may only name Keras&apos;s activation functions (at {place})</source>
        <translation>已拒绝：它调用了模块 {module} 中的函数 {name}；模型文件只能引用 Keras 的激活函数（位于 {place}）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="157"/>
        <source>refused: it calls the function {name} of module {module}; a model file may only name Keras&apos;s activation functions, losses and metrics (at {place})</source>
        <translation>已拒绝：它调用了模块 {module} 中的函数 {name}；模型文件只能引用 Keras 的激活函数、损失函数和评估指标（位于 {place}）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="160"/>
        <source>refused: it holds a {layer} layer, which TongueLens never loads: {reason} (at {place})</source>
        <translation>已拒绝：它含有 {layer} 层，TongueLens 从不加载此类层：{reason}（位于 {place}）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="162"/>
        <source>refused: it holds a {layer} layer (function: {function}), which TongueLens never loads: {reason} (at {place})</source>
        <translation>已拒绝：它含有 {layer} 层（函数：{function}），TongueLens 从不加载此类层：{reason}（位于 {place}）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="165"/>
        <source>refused: it uses {name} from {module}, which is not among the Keras classes TongueLens loads for an image classifier (at {place})</source>
        <translation>已拒绝：它使用了 {module} 中的 {name}，不在 TongueLens 为图像分类器加载的 Keras 类之列（位于 {place}）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="168"/>
        <source>refused: it uses {name} from module {module}; only Keras&apos;s own classes and TongueLens&apos;s are loaded (at {place})</source>
        <translation>已拒绝：它使用了模块 {module} 中的 {name}；只加载 Keras 自身的类和 TongueLens 的类（位于 {place}）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="171"/>
        <source>its {file} holds a text of {length} characters at {place} (at most {limit})</source>
        <translation>其 {file} 在 {place} 处有一段 {length} 个字符的文本（最多 {limit} 个）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="173"/>
        <source>the top</source>
        <translation>最顶层</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="175"/>
        <source>its function would run on your computer as the model is built, and Keras safe mode lets some of these through</source>
        <translation>其函数会在构建模型时在您的电脑上运行，而 Keras 安全模式会放行其中一部分</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="178"/>
        <source>it loads a TensorFlow SavedModel from a path, which runs that model&apos;s own operations</source>
        <translation>它从某个路径加载 TensorFlow SavedModel，并运行该模型自身的运算</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="180"/>
        <source>it wraps a JAX function</source>
        <translation>它封装了一个 JAX 函数</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="181"/>
        <source>it wraps a Flax module</source>
        <translation>它封装了一个 Flax 模块</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="182"/>
        <source>it wraps a pickled PyTorch module</source>
        <translation>它封装了一个序列化的 PyTorch 模块</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="183"/>
        <source>lookup layers can read vocabulary files</source>
        <translation>查找层可以读取词表文件</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="184"/>
        <source>it can read vocabulary files</source>
        <translation>它可以读取词表文件</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="187"/>
        <source>its groups are nested more than {depth} levels deep (at {name})</source>
        <translation>其组的嵌套超过 {depth} 层（位于 {name}）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="189"/>
        <source>{name} is {kind}; a weights file holds no links</source>
        <translation>{name} 是{kind}；权重文件中不应有链接</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="190"/>
        <source>a soft link (a path HDF5 follows when it is read)</source>
        <translation>软链接（读取时 HDF5 会跟随的路径）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="191"/>
        <source>an external link (into another HDF5 file)</source>
        <translation>外部链接（指向另一个 HDF5 文件）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="192"/>
        <source>a user-defined link</source>
        <translation>用户自定义链接</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="193"/>
        <source>it holds more than {count} objects; not a weights file</source>
        <translation>其中对象超过 {count} 个；不是权重文件</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="195"/>
        <source>its arrays declare more than {size} in all</source>
        <translation>其数组声明的总大小超过 {size}</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="196"/>
        <source>{name} takes its bytes from another file (HDF5 external storage: {file})</source>
        <translation>{name} 的数据取自另一个文件（HDF5 外部存储：{file}）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="198"/>
        <source>{name} is a virtual dataset, made of the datasets of other files</source>
        <translation>{name} 是虚拟数据集，由其他文件中的数据集组成</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="200"/>
        <source>{name} is compressed with HDF5 filter {code}, which TongueLens does not read</source>
        <translation>{name} 使用 HDF5 过滤器 {code} 压缩，TongueLens 不读取这种格式</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="202"/>
        <source>{name}: not an array of numbers ({dtype})</source>
        <translation>{name}：不是数值数组（{dtype}）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="203"/>
        <source>{name} has {count} dimensions; weights have at most {limit}</source>
        <translation>{name} 有 {count} 个维度；权重最多 {limit} 个维度</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="204"/>
        <source>{name} declares {size} ({shape}); at most {limit} per array</source>
        <translation>{name} 声明大小为 {size}（{shape}）；每个数组最多 {limit}</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="206"/>
        <source>{name} declares {size} but stores only {stored} (a decompression bomb)</source>
        <translation>{name} 声明大小为 {size}，实际只存储了 {stored}（解压炸弹）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="208"/>
        <source>{name} is cut into {count} chunks; at most {limit}</source>
        <translation>{name} 被分成 {count} 个块；最多 {limit} 个</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="209"/>
        <source>{name} has {count} attributes; at most {limit}</source>
        <translation>{name} 有 {count} 个属性；最多 {limit} 个</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="210"/>
        <source>{name}: an attribute of type {dtype}, not numbers or text</source>
        <translation>{name}：属性类型为 {dtype}，既不是数值也不是文本</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="212"/>
        <source>{name}: an attribute of {size}; at most {limit}</source>
        <translation>{name}：属性大小为 {size}；最多 {limit}</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="214"/>
        <source>{name} holds a name of {length} characters; at most {limit}</source>
        <translation>{name} 中有一个长 {length} 个字符的名称；最多 {limit} 个</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="217"/>
        <source>refused: a legacy HDF5 model file stores its architecture as Keras configuration, which can carry code (a Lambda layer) that would run on your computer when loaded; TongueLens opens .keras files in safe mode only. Re-save the model as .keras in the program that made it</source>
        <translation>已拒绝：旧式 HDF5 模型文件以 Keras 配置保存网络架构，其中可能带有加载时会在您的电脑上运行的代码（Lambda 层）；TongueLens 只以安全模式打开 .keras 文件。请在生成该模型的程序中将其另存为 .keras</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="221"/>
        <source>this file holds weights only, no architecture: if they were trained for a TongueLens architecture, turn them into a model file with `{command}`</source>
        <translation>此文件只含权重，没有网络架构：如果这些权重是为 TongueLens 的某个网络架构训练的，请用 `{command}` 将其转换为模型文件</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="224"/>
        <source>give at least 2 class names. Received: {names}</source>
        <translation>请至少给出 2 个类别名（收到 {names}）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="225"/>
        <source>class names must differ. Received: {names}</source>
        <translation>类别名不能重复（收到 {names}）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="226"/>
        <source>reading this HDF5 file {reason}: it may be damaged</source>
        <translation>读取此 HDF5 文件时{reason}：文件可能已损坏</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="227"/>
        <source>cannot read this HDF5 file ({reason})</source>
        <translation>无法读取此 HDF5 文件（{reason}）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="228"/>
        <source>refused: {reason}</source>
        <translation>已拒绝：{reason}</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="230"/>
        <source>not a regular file (a named pipe, socket or device)</source>
        <translation>不是普通文件（命名管道、套接字或设备）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="233"/>
        <source>not an HDF5 file (damaged, or not a Keras file at all)</source>
        <translation>不是 HDF5 文件（已损坏，或根本不是 Keras 文件）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="234"/>
        <source>cannot open as HDF5: damaged or truncated ({detail})</source>
        <translation>无法作为 HDF5 打开：文件已损坏或不完整（{detail}）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="235"/>
        <source>damaged or truncated HDF5 file ({detail})</source>
        <translation>HDF5 文件已损坏或不完整（{detail}）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="236"/>
        <source>an HDF5 file, but not Keras weights (no layers found in it)</source>
        <translation>是 HDF5 文件，但不是 Keras 权重（其中找不到任何层）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="238"/>
        <source>the file lists layer {name} but holds no group for it</source>
        <translation>文件列出了层 {name}，却没有该层的组</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="239"/>
        <source>the file holds two layers named {name}; cannot tell which is which</source>
        <translation>文件中有两个名为 {name} 的层；无法区分</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="241"/>
        <source>{name}: expected an array of weights</source>
        <translation>{name}：应为权重数组</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="242"/>
        <source>layer {name}: the weights hold NaN or infinite values</source>
        <translation>层 {name}：权重中含有 NaN 或无穷大值</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="246"/>
        <source>a layer or weight name of {length} characters</source>
        <translation>有一个长 {length} 个字符的层名或权重名</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="247"/>
        <source>layer {name}: not in the file</source>
        <translation>层 {name}：文件中没有</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="248"/>
        <source>layer {name}: the file has {found}, the architecture needs {needed}</source>
        <translation>层 {name}：文件中为 {found}，网络架构需要 {needed}</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="250"/>
        <source>layer {name}: in the file but not in the architecture</source>
        <translation>层 {name}：文件中有，网络架构中没有</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="251"/>
        <source>and {count} more</source>
        <translation>另有 {count} 处</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="252"/>
        <source>{first}; {rest}</source>
        <translation>{first}；{rest}</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="253"/>
        <source>these weights do not fit {arch} with input {input} and {classes} classes: {missing} of its {layers} layers with weights are not in the file, whose layers are {found}; the weights were trained for another architecture</source>
        <translation>这些权重不适合输入为 {input}、共 {classes} 个类别的 {arch}：它的 {layers} 个带权重的层中有 {missing} 个不在文件中，文件中的层为 {found}；这些权重是为另一种网络架构训练的</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="257"/>
        <source>these weights do not fit {arch} with input {input} and {classes} classes: {problems}</source>
        <translation>这些权重不适合输入为 {input}、共 {classes} 个类别的 {arch}：{problems}</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="259"/>
        <source>these weights do not fit {arch} with input {input} and {classes} classes: {problems} (the file&apos;s weights are for {found} classes, {given} names were given)</source>
        <translation>这些权重不适合输入为 {input}、共 {classes} 个类别的 {arch}：{problems}（文件中的权重对应 {found} 个类别，而给出了 {given} 个类别名）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="262"/>
        <source>took longer than {seconds} s and was stopped</source>
        <translation>超过 {seconds} 秒，已被停止</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="263"/>
        <source>the reading process stopped unexpectedly (exit code {code})</source>
        <translation>读取进程意外退出（退出码 {code}）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="355"/>
        <source>training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="356"/>
        <source>evaluating the best model</source>
        <translation>评估最佳模型</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="357"/>
        <source>{phase} failed inside TensorFlow ({summary}); try: {hint}</source>
        <translation>{phase}时 TensorFlow 内部出错（{summary}）；可尝试：{hint}</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="358"/>
        <source>{phase} failed inside TensorFlow in layer &apos;{layer}&apos; ({summary}); try: {hint}</source>
        <translation>{phase}时 TensorFlow 内部在层“{layer}”出错（{summary}）；可尝试：{hint}</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="360"/>
        <source>{phase} failed inside TensorFlow during epoch {epoch} ({summary}); try: {hint}</source>
        <translation>{phase}时 TensorFlow 内部在第 {epoch} 轮出错（{summary}）；可尝试：{hint}</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="362"/>
        <source>{phase} failed inside TensorFlow in layer &apos;{layer}&apos; during epoch {epoch} ({summary}); try: {hint}</source>
        <translation>{phase}时 TensorFlow 内部在第 {epoch} 轮、层“{layer}”出错（{summary}）；可尝试：{hint}</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="365"/>
        <source>use a smaller batch size or image size</source>
        <translation>减小批大小或图像尺寸</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="366"/>
        <source>use a lower learning rate</source>
        <translation>降低学习率</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="367"/>
        <source>this CPU&apos;s TensorFlow lacks a grouped-convolution kernel; set {setting} (or leave it unset: {auto}) to compute the gradient group by group</source>
        <translation>此 CPU 上的 TensorFlow 缺少分组卷积的计算内核；请设置 {setting}（或不设置，即 {auto}），按组逐一计算梯度</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="370"/>
        <source>{precision} precision, a smaller batch size or another architecture; if it persists, report it with {file} from the run folder</source>
        <translation>{precision} 精度、更小的批大小或其他网络架构；如果问题仍然存在，请附上训练文件夹中的 {file} 报告问题</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="373"/>
        <source>{failure}. No epoch finished, so the run folder {folder} holds no model yet</source>
        <translation>{failure}。尚无完成的轮次，因此训练文件夹 {folder} 中还没有模型</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="375"/>
        <source>{failure}. The run folder {folder} keeps the best model (epoch {best}) and a checkpoint after epoch {done} to resume from</source>
        <translation>{failure}。训练文件夹 {folder} 保留了最佳模型（第 {best} 轮），以及第 {done} 轮后的检查点，可从中继续训练</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="378"/>
        <source>{message}; details in {path}</source>
        <translation>{message}；详情见 {path}</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="381"/>
        <source>grouped convolutions: the {path} gradient, as {variable} or {function} asks</source>
        <translation>分组卷积：按 {variable} 或 {function} 的要求，使用 {path} 梯度</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="383"/>
        <source>grouped convolutions: TensorFlow&apos;s own gradient</source>
        <translation>分组卷积：使用 TensorFlow 自身的梯度</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="384"/>
        <source>grouped convolutions: TensorFlow has no grouped gradient on this CPU, so it is computed group by group (same results, somewhat slower)</source>
        <translation>分组卷积：此 CPU 上的 TensorFlow 没有分组卷积梯度，因此按组逐一计算（结果相同，速度稍慢）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="213"/>
        <source>{name}: a name that is not {encoding} text</source>
        <translation>{name}：名称不是 {encoding} 文本</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="229"/>
        <source>a layer name that is not {encoding} text</source>
        <translation>有一个层名不是 {encoding} 文本</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="243"/>
        <source>a layer or weight name that is not {encoding} text</source>
        <translation>有一个层名或权重名不是 {encoding} 文本</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="244"/>
        <source>a layer or weight name that is not {encoding} text ({name})</source>
        <translation>有一个层名或权重名不是 {encoding} 文本（{name}）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="101"/>
        <source>object</source>
        <translation>对象</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="102"/>
        <source>list</source>
        <translation>列表</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="103"/>
        <source>string</source>
        <translation>字符串</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="104"/>
        <source>boolean</source>
        <translation>布尔值</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="105"/>
        <source>null</source>
        <translation>空值</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="106"/>
        <source>number</source>
        <translation>数字</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="109"/>
        <source>{count} bytes</source>
        <translation>{count} 字节</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="231"/>
        <source>labels table not found</source>
        <translation>找不到标签表</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="232"/>
        <source>not a labels table TongueLens reads ({suffix}); use .csv, .tsv, .txt or .xlsx</source>
        <translation>不是 TongueLens 能读取的标签表（{suffix}）；请使用 .csv、.tsv、.txt 或 .xlsx</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="234"/>
        <source>cannot read the labels table ({detail})</source>
        <translation>无法读取标签表（{detail}）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="245"/>
        <source>the labels table is neither UTF-8 nor GBK text; save it as CSV UTF-8</source>
        <translation>标签表既不是 UTF-8 也不是 GBK 文本；请另存为 CSV UTF-8</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="247"/>
        <source>reading an Excel table needs the openpyxl package; install it or save the sheet as CSV</source>
        <translation>读取 Excel 表需要 openpyxl 包；请安装它，或将表格另存为 CSV</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="249"/>
        <source>the labels table is empty</source>
        <translation>标签表为空</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="250"/>
        <source>the labels table needs an image column and at least one attribute column</source>
        <translation>标签表需要一个图片列和至少一个属性列</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="252"/>
        <source>column {column} of the header has no name</source>
        <translation>表头第 {column} 列没有名称</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="253"/>
        <source>the header names these columns twice: {columns}</source>
        <translation>表头中这些列名重复：{columns}</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="254"/>
        <source>row {line}: the image cell is empty</source>
        <translation>第 {line} 行：图片单元格为空</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="255"/>
        <source>row {line}: the same image as row {first}; this row is skipped</source>
        <translation>第 {line} 行：与第 {first} 行是同一张图片；跳过此行</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="257"/>
        <source>row {line}: the ID matches {count} files ({files}); name the file by its path</source>
        <translation>第 {line} 行：该编号匹配 {count} 个文件（{files}）；请写出文件路径</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="259"/>
        <source>row {line}: no such image (neither a path under the images folder nor the name of one image file without its extension)</source>
        <translation>第 {line} 行：找不到图片（既不是图片文件夹下的路径，也不是某个图片文件不带扩展名的名称）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="267"/>
        <source>row {line}: {reason}</source>
        <translation>第 {line} 行：{reason}</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="268"/>
        <source>read {rows} rows as {encoding}; {attributes} attribute(s): {names}</source>
        <translation>读取了 {rows} 行（编码：{encoding}）；{attributes} 个属性：{names}</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="271"/>
        <source>column &apos;{column}&apos; has {count} class(es) ({found}); an attribute needs at least {needed}</source>
        <translation>列“{column}”只有 {count} 个类别（{found}）；一个属性至少需要 {needed} 个</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="273"/>
        <source>{count} photo(s) have no label in any column and are not used, e.g. {example}</source>
        <translation>{count} 张照片在所有列中都没有标签，不使用，例如 {example}</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="275"/>
        <source>no row of the labels table names a usable image</source>
        <translation>标签表中没有任何一行指向可用的图片</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="276"/>
        <source>{name}: {counts}; {blank} blank</source>
        <translation>{name}：{counts}；{blank} 个空白</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="278"/>
        <source>split stratified on &apos;{name}&apos;, the attribute with the rarest class ({rarest}: {count})</source>
        <translation>按“{name}”分层划分，该属性的最少类别为（{rarest}：{count}）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="280"/>
        <source>--val-dir cannot be used with --labels: the validation photos are split from the table</source>
        <translation>使用标签表时不能另外指定验证文件夹：验证照片从标签表中划分</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="282"/>
        <source>the attributes or classes changed since the run started (was {was}; now {now}); start a new run</source>
        <translation>自训练开始以来属性或类别已改变（原为 {was}；现为 {now}）；请开始新的训练</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="285"/>
        <source>the table has no column &apos;{name}&apos; of the model; that attribute is not evaluated</source>
        <translation>标签表中没有模型的列“{name}”；不评估该属性</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="287"/>
        <source>column &apos;{name}&apos; is not an attribute of the model; not evaluated</source>
        <translation>列“{name}”不是模型的属性；不评估</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="289"/>
        <source>{name}: value &apos;{value}&apos; is not a class of the model; {count} photo(s) not counted</source>
        <translation>{name}：值“{value}”不是模型的类别；{count} 张照片不计入</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="291"/>
        <source>no column of the table matches an attribute of the model ({attributes})</source>
        <translation>标签表中没有与模型属性（{attributes}）对应的列</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="62"/>
        <source>the file names {names} attribute(s) but the model has {outputs} outputs</source>
        <translation>文件中列出 {names} 个属性，但模型有 {outputs} 个输出</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="64"/>
        <source>the output for attribute {name} is not a vector of class scores</source>
        <translation>属性 {name} 的输出不是类别得分向量</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="66"/>
        <source>the file names {names} classes for attribute {name} but its output has {outputs}</source>
        <translation>文件中为属性 {name} 列出 {names} 个类别，但其输出有 {outputs} 个</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="88"/>
        <source>its attributes is a JSON {type}, not a non-empty list</source>
        <translation>其属性是 JSON {type}，不是非空列表</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="90"/>
        <source>it names {count} attributes; at most {limit}</source>
        <translation>列出了 {count} 个属性；最多 {limit} 个</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="91"/>
        <source>attribute {number} is a JSON {type}, not an object</source>
        <translation>第 {number} 个属性是 JSON {type}，不是对象</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="430"/>
        <source>this photo&apos;s lighting differs from the training photos; the colour reading may be unreliable</source>
        <translation>这张照片的光照与训练照片不同；颜色判读可能不可靠</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="433"/>
        <source>Compared with the training photos it is {how}.</source>
        <translation>与训练照片相比，它{how}。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="434"/>
        <source>{first}, {rest}</source>
        <translation>{first}、{rest}</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="435"/>
        <source>warmer (more red, less blue)</source>
        <translation>偏暖（红多蓝少）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="436"/>
        <source>cooler (more blue, less red)</source>
        <translation>偏冷（蓝多红少）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="437"/>
        <source>greener</source>
        <translation>偏绿</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="438"/>
        <source>more magenta</source>
        <translation>偏品红</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="439"/>
        <source>darker</source>
        <translation>偏暗</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="440"/>
        <source>brighter</source>
        <translation>偏亮</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="136"/>
        <source>the validation split must be at least 0 and below 1. Received: val_split={value}</source>
        <translation>验证集比例必须不小于 0 且小于 1（收到 {value}）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="138"/>
        <source>the patience must be at least 1 epoch. Received: patience={value}</source>
        <translation>早停耐心值至少为 1 轮（收到 {value}）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="140"/>
        <source>the averaging horizon must not be negative. Received: ema_epochs={value}</source>
        <translation>权重平均的跨度不能为负数（收到 {value}）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="142"/>
        <source>the warm-up must not be negative. Received: warmup_epochs={value}</source>
        <translation>预热轮数不能为负数（收到 {value}）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="144"/>
        <source>unknown model selection {mode}; choose one of {choices}</source>
        <translation>未知的模型选择方式 {mode}；请从以下选项中选择：{choices}</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="294"/>
        <source>class &apos;{name}&apos; has only {count} validation image(s) (fewer than {minimum}): its figures are uncertain by up to +-{points} points; add images for figures you can trust</source>
        <translation>类别“{name}”只有 {count} 张验证图像（少于 {minimum} 张）：其各项指标的不确定范围可达 ±{points} 个百分点；请添加图像以获得可信的指标</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="297"/>
        <source>class &apos;{name}&apos; has only {count} test image(s) (fewer than {minimum}): its figures are uncertain by up to +-{points} points; add images for figures you can trust</source>
        <translation>类别“{name}”只有 {count} 张测试图像（少于 {minimum} 张）：其各项指标的不确定范围可达 ±{points} 个百分点；请添加图像以获得可信的指标</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="300"/>
        <source>class &apos;{name}&apos; has only {count} validated image(s) (fewer than {minimum}): its figures are uncertain by up to +-{points} points; add images for figures you can trust</source>
        <translation>类别“{name}”只有 {count} 张图像参与验证（少于 {minimum} 张）：其各项指标的不确定范围可达 ±{points} 个百分点；请添加图像以获得可信的指标</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="305"/>
        <source>cross-validation: checking the images in {folder}</source>
        <translation>交叉验证：正在检查 {folder} 中的图像</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="306"/>
        <source>fold {fold} of {folds}: training on {train} images, validating on {val}</source>
        <translation>第 {fold} 折（共 {folds} 折）：用 {train} 张图像训练，用 {val} 张验证</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="308"/>
        <source>fold {fold}/{folds}: {text}</source>
        <translation>第 {fold}/{folds} 折：{text}</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="309"/>
        <source>training the model to keep on all {images} images</source>
        <translation>正在用全部 {images} 张图像训练最终保留的模型</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="310"/>
        <source>cross-validation makes its own validation sets: it cannot use --resume or --val-dir</source>
        <translation>交叉验证自行划分验证集：不能继续已有的训练，也不能使用单独的验证文件夹</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="312"/>
        <source>class &apos;{name}&apos; has {count} image(s): {folds}-fold cross-validation needs at least {folds} per class</source>
        <translation>类别“{name}”只有 {count} 张图像：{folds} 折交叉验证要求每个类别至少 {folds} 张</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="315"/>
        <source>cross-validation needs at least 2 folds. Received: folds={folds}</source>
        <translation>交叉验证至少需要 2 折（收到 {folds}）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="97"/>
        <source>no tongue was found in {count} photo(s); they are used whole, e.g. {examples}</source>
        <translation>{count} 张照片中没有找到舌体；这些照片整张使用，例如 {examples}</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="148"/>
        <source>the crop&apos;s margin must be between 0 and 1. Received: crop_margin={value}</source>
        <translation>裁剪边距必须在 0 和 1 之间（收到 {value}）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="341"/>
        <source>the bundled tongue segmenter is not there; give a segmenter file of your own (one can be trained on photos with tongue masks)</source>
        <translation>内置的舌体分割模型不存在；请指定您自己的分割模型文件（可用带舌体掩膜的照片训练）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="344"/>
        <source>not a segmenter: its output ({output}) is not a mask of its input&apos;s size ({input}); is it a classifier?</source>
        <translation>不是分割模型：其输出（{output}）不是与输入同尺寸（{input}）的掩膜；它是分类模型吗？</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="350"/>
        <source>segmenter file not found</source>
        <translation>找不到分割模型文件</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="356"/>
        <source>the masks are of different sizes: {first} and {second}</source>
        <translation>两个掩膜尺寸不同：{first} 与 {second}</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="357"/>
        <source>the photo is {photo} but its mask {mask}</source>
        <translation>照片为 {photo}，但其掩膜为 {mask}</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="360"/>
        <source>folder not found</source>
        <translation>找不到文件夹</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="361"/>
        <source>expected an &apos;{images}&apos; and a &apos;{masks}&apos; folder (masks with the photos&apos; file names), or photos with labelme .json files beside them</source>
        <translation>需要一个 '{images}' 文件夹和一个 '{masks}' 文件夹（掩膜与照片同名），或照片旁边带有 labelme .json 文件</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="364"/>
        <source>no mask (looked for {expected} or another image type)</source>
        <translation>没有掩膜（查找了 {expected} 及其他图像类型）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="366"/>
        <source>no mask (no labelme .json of the same name beside it)</source>
        <translation>没有掩膜（旁边没有同名的 labelme .json 文件）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="368"/>
        <source>a labelme file without a photo of the same name beside it</source>
        <translation>labelme 文件旁边没有同名的照片</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="370"/>
        <source>{count} mask(s) have no photo of the same name in {folder}, e.g. {example}</source>
        <translation>{count} 个掩膜在 {folder} 中没有同名照片，例如 {example}</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="372"/>
        <source>the mask is {mask} but its photo {photo} is {size}</source>
        <translation>掩膜为 {mask}，但其照片 {photo} 为 {size}</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="374"/>
        <source>no usable photo with a mask ({pairs} pair(s) found, {skipped} file(s) skipped)</source>
        <translation>没有可用的带掩膜照片（找到 {pairs} 对，跳过 {skipped} 个文件）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="376"/>
        <source>no ground-truth mask {stem}.* in {folder}</source>
        <translation>{folder} 中没有标注掩膜 {stem}.*</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="377"/>
        <source>is a folder, not a labelme file</source>
        <translation>是文件夹，不是 labelme 文件</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="378"/>
        <source>not a regular file (a named pipe, socket or device), not a labelme file</source>
        <translation>不是普通文件（命名管道、套接字或设备），不是 labelme 文件</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="380"/>
        <source>not a labelme file ({detail})</source>
        <translation>不是 labelme 文件（{detail}）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="382"/>
        <source>the labelme file is for a {file_size} photo but the photo is {photo_size}</source>
        <translation>labelme 文件对应 {file_size} 的照片，但照片为 {photo_size}</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="384"/>
        <source>no polygon in the labelme file</source>
        <translation>labelme 文件中没有多边形</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="385"/>
        <source>a polygon labelled {label} has a bad point</source>
        <translation>标签为 {label} 的多边形有无效的点</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="386"/>
        <source>no polygon labelled {tongue} among the labels {labels}</source>
        <translation>标签 {labels} 中没有标为 {tongue} 的多边形</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="388"/>
        <source>{arch} is not a segmenter; choose one of {choices}</source>
        <translation>{arch} 不是分割模型；请选择 {choices} 之一</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="390"/>
        <source>reading the photos and masks in {folder}</source>
        <translation>正在读取 {folder} 中的照片和掩膜</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="391"/>
        <source>reading photos and masks</source>
        <translation>正在读取照片和掩膜</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="392"/>
        <source>{count} usable photo(s) with masks; at least 2 are needed (one to train on, one to validate)</source>
        <translation>只有 {count} 张可用的带掩膜照片；至少需要 2 张（一张训练，一张验证）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="395"/>
        <source>training stopped: the loss became NaN or infinite; keeping the best model so far (try a smaller learning rate)</source>
        <translation>训练已停止：损失变为 NaN 或无穷大；保留目前最好的模型（请尝试更小的学习率）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="398"/>
        <source>measuring the best model on the validation photos (IoU and Dice at their own size)</source>
        <translation>正在验证照片上评估最佳模型（按原尺寸计算 IoU 和 Dice）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="124"/>
        <source>{name} takes no parameter. Received: --colour {text}</source>
        <translation>{name} 不带参数（收到的颜色模式：{text}）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="126"/>
        <source>{name}: {parameter} must be a number. Received: --colour {text}</source>
        <translation>{name}：{parameter} 必须是一个数（收到的颜色模式：{text}）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="128"/>
        <source>{name}: {parameter} must be between {low} and {high}. Received: --colour {text}</source>
        <translation>{name}：{parameter} 必须在 {low} 到 {high} 之间（收到的颜色模式：{text}）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="266"/>
        <source>--weights {weights}: not found; give imagenet, none or a weights file (.h5)</source>
        <translation>权重 {weights}：不存在；请选择 ImageNet 预训练、随机权重或一个权重文件（.h5）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="268"/>
        <source>--weights {weights}: {arch} has no pretrained weights; give one of the backbones ({backbones}) or --weights none</source>
        <translation>{weights}：{arch} 没有预训练权重；请选择一个骨干网络（{backbones}），或从随机权重开始</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="271"/>
        <source>cannot download the ImageNet weights of {backbone}: no connection to {host} ({problem}); {where}</source>
        <translation>无法下载 {backbone} 的 ImageNet 权重：无法连接到 {host}（{problem}）；{where}</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="274"/>
        <source>cannot download the ImageNet weights of {backbone} (the copy in Keras&apos;s cache, {path}, is damaged: its checksum is not Keras&apos;s): no connection to {host} ({problem}); {where}</source>
        <translation>无法下载 {backbone} 的 ImageNet 权重（Keras 缓存中的副本 {path} 已损坏：其校验和与 Keras 的不符）：无法连接到 {host}（{problem}）；{where}</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="277"/>
        <source>timed out after {seconds} s</source>
        <translation>{seconds} 秒后超时</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="281"/>
        <source>cannot write Keras&apos;s weights cache {folder} ({detail}); {where}</source>
        <translation>无法写入 Keras 的权重缓存 {folder}（{detail}）；{where}</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="283"/>
        <source>the downloaded ImageNet weights of {backbone} are damaged (their checksum is not Keras&apos;s); try again, or {where}</source>
        <translation>下载的 {backbone} ImageNet 权重已损坏（其校验和与 Keras 的不符）；请重试，或{where}</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="286"/>
        <source>download of the ImageNet weights of {backbone} cancelled</source>
        <translation>已取消下载 {backbone} 的 ImageNet 权重</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="288"/>
        <source>cannot download the ImageNet weights of {backbone} from {url} ({detail}); {where}</source>
        <translation>无法从 {url} 下载 {backbone} 的 ImageNet 权重（{detail}）；{where}</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="290"/>
        <source>{model} has no backbone to load weights into</source>
        <translation>{model} 没有可载入权重的骨干网络</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="291"/>
        <source>{reason}; {expected}</source>
        <translation>{reason}；{expected}</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="292"/>
        <source>a whole Keras model file, not weights; {expected}</source>
        <translation>这是一个完整的 Keras 模型文件，不是权重文件；{expected}</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="293"/>
        <source>these weights do not fit the {backbone} backbone without top ({detail}); {expected}</source>
        <translation>这些权重与不含顶层的 {backbone} 骨干网络不符（{detail}）；{expected}</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="295"/>
        <source>these weights do not fit the {backbone} backbone without top ({detail}); this file includes the ImageNet classifier (its top): use the file without top; {expected}</source>
        <translation>这些权重与不含顶层的 {backbone} 骨干网络不符（{detail}）；此文件包含 ImageNet 分类器（即顶层）：请使用不含顶层的文件；{expected}</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="298"/>
        <source>the file has no weights for {count} layers of the {backbone} backbone (e.g. {example}); {expected}</source>
        <translation>文件中缺少 {backbone} 骨干网络 {count} 个层的权重（例如 {example}）；{expected}</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="305"/>
        <source>unknown export format {format}; formats are: {formats}</source>
        <translation>未知的导出格式 {format}；可用格式：{formats}</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="307"/>
        <source>an export is a folder (the {suffix} file is written inside it); give a folder name, e.g. {example}</source>
        <translation>导出结果是一个文件夹（{suffix} 文件写在其中）；请给出文件夹名，例如 {example}</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="310"/>
        <source>already exists; choose another name or replace the earlier export</source>
        <translation>已存在；请换一个名称，或选择替换先前的导出</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="312"/>
        <source>exists and is not an earlier export (no {file}); it is left untouched: choose another name</source>
        <translation>已存在，且不是先前的导出（没有 {file}）；未作任何改动：请换一个名称</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="320"/>
        <source>its images need the preprocessing {preprocessing} before the network, which an export cannot carry yet; only models that take raw pixels are exported</source>
        <translation>其图像在进入网络前需要预处理 {preprocessing}，导出暂时无法包含这一步；只能导出直接接受原始像素的模型</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="328"/>
        <source>export takes one image input and one output of class scores (or one per attribute); this model has {inputs} inputs and {outputs} outputs</source>
        <translation>导出要求模型只有一个图像输入和一个类别得分输出（或每个属性一个）；此模型有 {inputs} 个输入和 {outputs} 个输出</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="331"/>
        <source>its output has shape {shape}, not class scores</source>
        <translation>其输出的形状为 {shape}，不是类别得分</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="332"/>
        <source>cannot check the export on {error}</source>
        <translation>无法用以下图像检验导出结果：{error}</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="336"/>
        <source>the {format} converter failed on {model}: {detail}</source>
        <translation>{format} 转换器处理 {model} 时失败：{detail}</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="337"/>
        <source>export refused: the {format} export gives outputs of shape {shape}, the model {expected}; nothing was written</source>
        <translation>导出被拒绝：{format} 导出结果的输出形状为 {shape}，而模型的为 {expected}；未写入任何文件</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="340"/>
        <source>export refused: the {format} export&apos;s probabilities differ from the model&apos;s by up to {difference} (more than {tolerance}) on {count} images; nothing was written</source>
        <translation>导出被拒绝：在 {count} 张图像上，{format} 导出结果的概率与模型相差最多 {difference}（超过 {tolerance}）；未写入任何文件</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="345"/>
        <source>its crop is not a JSON object</source>
        <translation>其裁剪设置不是 JSON 对象</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="346"/>
        <source>its crop&apos;s margin is not a number from 0 to 1</source>
        <translation>其裁剪边距不是 0 到 1 之间的数</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="350"/>
        <source>its crop names a member other than {member}</source>
        <translation>其裁剪设置指向 {member} 以外的成员</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="351"/>
        <source>its segmenter crops photos itself; a segmenter must not</source>
        <translation>其分割模型自身也会裁剪照片；分割模型不应如此</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="118"/>
        <source>unknown architecture {name}; presets are: {presets}; backbones: {backbones}; segmenters: {segmenters} (or give a pattern such as {example})</source>
        <translation>未知的架构 {name}；预设架构：{presets}；骨干网络：{backbones}；分割模型：{segmenters}（也可以给出一个层模式，例如 {example}）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="121"/>
        <source>unknown colour mode {mode}; choose {none}, {augment}, or an estimator ({estimators}, e.g. {example} or {other_example}) optionally followed by +{keep} and/or +{augment}</source>
        <translation>未知的颜色模式 {mode}；请选择 {none}、{augment}，或一种光源估计方法（{estimators}，例如 {example} 或 {other_example}），其后可加 +{keep} 和/或 +{augment}</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="301"/>
        <source>the file {backbone} needs is Keras&apos;s {file} (or a {suffix} of {call})</source>
        <translation>{backbone} 需要的文件是 Keras 的 {file}（或由 {call} 保存的 {suffix}）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="333"/>
        <source>the {format} export needs the Python package {package}: install the requirements ({command})</source>
        <translation>{format} 导出需要 Python 包 {package}：请安装依赖（{command}）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="347"/>
        <source>its crop&apos;s {field} is not true or false</source>
        <translation>其裁剪设置的 {field} 不是布尔值（真或假）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="348"/>
        <source>its crop&apos;s {field} is not a short text</source>
        <translation>其裁剪设置的 {field} 不是一段短文本</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="349"/>
        <source>its crop&apos;s {field} is not a {hash} in hexadecimal</source>
        <translation>其裁剪设置的 {field} 不是十六进制的 {hash} 校验值</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="203"/>
        <source>recomputing the batch-norm statistics of the averaged weights on the training images</source>
        <translation>用训练图像为平均后的权重重新计算批归一化统计量</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="443"/>
        <source>Light calibrated from {photos} photos (red x{red}, green x{green}, blue x{blue})</source>
        <translation>已根据 {photos} 张照片校准光线（红 ×{red}，绿 ×{green}，蓝 ×{blue}）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="445"/>
        <source>calibrating the light needs at least {needed} photos taken under it; {photos} could be read</source>
        <translation>校准光线至少需要 {needed} 张在该光线下拍摄的照片；只能读取 {photos} 张</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="447"/>
        <source>this model file keeps no lighting profile of its training photos, so the light cannot be calibrated; retrain it with TongueLens</source>
        <translation>此模型文件未保存其训练照片的光照概况，因此无法校准光线；请用 TongueLens 重新训练</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="450"/>
        <source>not a light calibration (three positive gains)</source>
        <translation>不是光线校准（需要三个正增益）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="336"/>
        <source>the lighting of {count} of {total} photos differs from the training photos&apos;; if they were taken under another lamp, calibrate the light from them</source>
        <translation>{total} 张照片中有 {count} 张的光照与训练照片不同；如果是在另一盏灯下拍摄的，请根据这些照片校准光线</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="333"/>
        <source>{count} image(s) scored by only one model (a class the other does not know, or an image only one could read) are not in the comparison</source>
        <translation>{count} 张图像只被其中一个模型评分（另一个模型不认识其类别，或只有一个模型能读取该图像），未计入比较</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="270"/>
        <source>UTF-8 with BOM</source>
        <translation>带 BOM 的 UTF-8</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="325"/>
        <source>attribute &apos;{name}&apos; is scored by only one of the two models; not compared</source>
        <translation>属性“{name}”只被其中一个模型评分；不作比较</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="330"/>
        <source>{name}: {count} photo(s) scored by only one model (a class the other does not know) are not in the comparison</source>
        <translation>{name}：{count} 张照片只被其中一个模型评分（另一个模型不认识其类别），未计入比较</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="19"/>
        <source>column {column}: {reason}</source>
        <translation>第 {column} 列：{reason}</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="20"/>
        <source>the pattern is empty; expected a layer such as CONV</source>
        <translation>结构式为空；应写入一层，例如 CONV</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="21"/>
        <source>the end of the pattern</source>
        <translation>结构式末尾</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="22"/>
        <source>&apos;{text}&apos;</source>
        <translation>“{text}”</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="23"/>
        <source>expected &apos;-&gt;&apos; and the first layer after INPUT</source>
        <translation>INPUT 之后应有 '-&gt;' 和第一层</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="26"/>
        <source>expected &apos;-&gt;&apos; after INPUT, found {found}</source>
        <translation>INPUT 之后应为 '-&gt;'，实际为 {found}</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="27"/>
        <source>expected &apos;-&gt;&apos;, &apos;*&apos; or the end of the pattern, found {found}</source>
        <translation>此处应为 '-&gt;'、'*' 或结构式末尾，实际为 {found}</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="29"/>
        <source>expected the end of the pattern, found {found}</source>
        <translation>此处应为结构式末尾，实际为 {found}</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="30"/>
        <source>a repeat count must be a whole number of at least 1, found {found}</source>
        <translation>重复次数必须是不小于 1 的整数，实际为 {found}</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="32"/>
        <source>expected a layer ({kinds}) or &apos;[&apos; at the end of the pattern</source>
        <translation>结构式末尾应为一层（{kinds}）或 '['</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="34"/>
        <source>expected &apos;-&gt;&apos; or &apos;]&apos; to close the &apos;[&apos; at column {column}, found {found}</source>
        <translation>应为 '-&gt;' 或 ']' 以闭合第 {column} 列的 '['，实际为 {found}</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="36"/>
        <source>{kind} takes no parameters</source>
        <translation>{kind} 不带参数</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="37"/>
        <source>{kind} has no parameter &apos;{name}&apos;; it takes {names}</source>
        <translation>{kind} 没有参数“{name}”；它的参数为 {names}</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="39"/>
        <source>parameter &apos;{name}&apos; is given twice</source>
        <translation>参数“{name}”给了两次</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="40"/>
        <source>expected a value for &apos;{name}&apos;</source>
        <translation>参数“{name}”缺少取值</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="41"/>
        <source>expected {expected}, found {found}</source>
        <translation>此处应为 {expected}，实际为 {found}</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="42"/>
        <source>a repeat count after &apos;*&apos; (e.g. *3)</source>
        <translation>'*' 之后的重复次数（例如 *3）</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="52"/>
        <source>a parameter of {kind} ({names})</source>
        <translation>{kind} 的参数（{names}）</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="53"/>
        <source>&apos;=&apos; after &apos;{name}&apos;</source>
        <translation>“{name}”之后的 '='</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="54"/>
        <source>&apos;,&apos; or &apos;)&apos;</source>
        <translation>',' 或 ')'</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="55"/>
        <source>unexpected character &apos;{character}&apos;</source>
        <translation>意外的字符“{character}”</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="56"/>
        <source>expected a layer ({kinds}) or &apos;[&apos;, found {found}</source>
        <translation>此处应为一层（{kinds}）或 '['，实际为 {found}</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="57"/>
        <source>expected a layer ({kinds}) or &apos;[&apos;, found {found}; did you mean {close}?</source>
        <translation>此处应为一层（{kinds}）或 '['，实际为 {found}；是不是想写 {close}？</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="59"/>
        <source>INPUT may only open the pattern</source>
        <translation>INPUT 只能写在结构式开头</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="60"/>
        <source>POOL type must be max, avg or l2, found &apos;{found}&apos;</source>
        <translation>POOL 的 type 必须是 max、avg 或 l2，实际为“{found}”</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="61"/>
        <source>DROPOUT p must be a number from 0 up to (not including) 1, found &apos;{found}&apos;</source>
        <translation>DROPOUT 的 p 必须是 0 到 1 之间的数（不含 1），实际为“{found}”</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="63"/>
        <source>{kind} {parameter} must be a whole number of at least 0 or &apos;same&apos;, found &apos;{found}&apos;</source>
        <translation>{kind} 的 {parameter} 必须是不小于 0 的整数或 same，实际为“{found}”</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="65"/>
        <source>{kind} {parameter} must be a whole number of at least 1, found &apos;{found}&apos;</source>
        <translation>{kind} 的 {parameter} 必须是不小于 1 的整数，实际为“{found}”</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="67"/>
        <source>the pattern must end in FC (the layer giving the class scores)</source>
        <translation>结构式必须以 FC（给出类别得分的层）结尾</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="69"/>
        <source>the pattern must end in FC (the layer giving the class scores), found {kind}</source>
        <translation>结构式必须以 FC（给出类别得分的层）结尾，实际为 {kind}</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="71"/>
        <source>{kind} cannot follow FC or GAP: the volume is already flattened</source>
        <translation>{kind} 不能跟在 FC 或 GAP 之后：数据体已被展平</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="73"/>
        <source>CONV cannot have both S and D above 1 (Keras does not combine stride and dilation)</source>
        <translation>CONV 不能同时让 S 和 D 大于 1（Keras 不支持步长与空洞同时使用）</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="77"/>
        <source>{layer} ({axis})</source>
        <translation>{layer}（{axis}）</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="78"/>
        <source>height</source>
        <translation>高</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="79"/>
        <source>width</source>
        <translation>宽</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="80"/>
        <source>side</source>
        <translation>边长</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="81"/>
        <source>{where}: output size {formula} = {exact} is smaller than 1: a {span}-pixel window does not fit a {size}-pixel input</source>
        <translation>{where}：输出尺寸 {formula} = {exact} 小于 1：{span} 像素的窗口放不进 {size} 像素的输入</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="84"/>
        <source>{where}: output size {formula} = {exact} is smaller than 1: a {span}-pixel window does not fit a {size}-pixel padded input</source>
        <translation>{where}：输出尺寸 {formula} = {exact} 小于 1：{span} 像素的窗口放不进填充后 {size} 像素的输入</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="87"/>
        <source>{where}: output size {formula} = {exact} is not a whole number, so the window does not tile the input; {hint}</source>
        <translation>{where}：输出尺寸 {formula} = {exact} 不是整数，窗口不能整齐地铺满输入；{hint}</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="90"/>
        <source>choose F and S with (W-F) divisible by S (W={side})</source>
        <translation>请选择使 (W-F) 能被 S 整除的 F 和 S（W={side}）</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="92"/>
        <source>P={padding} would fit</source>
        <translation>用 P={padding} 即可铺满</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="93"/>
        <source>no zero padding P fits with S={stride}: change F or S</source>
        <translation>S={stride} 时没有合适的零填充 P：请修改 F 或 S</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="95"/>
        <source>{where}: {formula} = {exact}, rounded down to {rounded} (Keras &apos;valid&apos;)</source>
        <translation>{where}：{formula} = {exact}，向下取整为 {rounded}（Keras 的 valid）</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="103"/>
        <source>{where}: input side {side} is smaller than 1</source>
        <translation>{where}：输入边长 {side} 小于 1</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="104"/>
        <source>{arch}: input {height}x{width} is too small; its pools and strides need at least {side}x{side} pixels so that every volume stays at least 1x1</source>
        <translation>{arch}：输入 {height}×{width} 太小；它的池化和步长至少需要 {side}×{side} 像素，才能让每个数据体至少为 1×1</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="107"/>
        <source>input {axis} {side} cannot be halved {pools} times (one per pool): {side}/2^{pools} = {exact}; sizes like {suggested} halve cleanly</source>
        <translation>输入的{axis} {side} 不能减半 {pools} 次（每个池化一次）：{side}/2^{pools} = {exact}；{suggested} 这样的尺寸可以整齐减半</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="110"/>
        <source>{layer} shrinks the volume {side_in} -&gt; {side_out} px; P=(F-1)/2={keep} would keep {side_in} px (the seed&apos;s habit: let convs keep the size and pools shrink it)</source>
        <translation>{layer} 把数据体从 {side_in} 缩小到 {side_out} px；P=(F-1)/2={keep} 可保持 {side_in} px（讲义的习惯：卷积保持尺寸，由池化缩小）</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="115"/>
        <source>layer &apos;{layer}&apos; ({type}) is not a 2-D convolution; only those are drawn</source>
        <translation>层“{layer}”（{type}）不是二维卷积；只绘制二维卷积</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="117"/>
        <source>layer &apos;{layer}&apos; ({type}) has no filters to draw; choose a convolution or a Dense layer right after a Flatten</source>
        <translation>层“{layer}”（{type}）没有可绘制的滤波器；请选择卷积层，或紧跟在 Flatten 之后的 Dense 层</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="120"/>
        <source>the model has no convolution layer</source>
        <translation>该模型没有卷积层</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="121"/>
        <source>layer &apos;{layer}&apos; has no {weights}</source>
        <translation>层“{layer}”没有 {weights}</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="122"/>
        <source>layer &apos;{layer}&apos; (Dense) does not follow a Flatten of a known volume, so its weights cannot be drawn as pictures</source>
        <translation>层“{layer}”（Dense）不是紧跟在已知数据体的 Flatten 之后，其权重无法画成图片</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="24"/>
        <source>INPUT takes no parameters; give the input size separately (e.g. {example})</source>
        <translation>INPUT 不带参数；请另行给出输入尺寸（例如 {example}）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="453"/>
        <source>Photo:</source>
        <translation>照片：</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="454"/>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="455"/>
        <source>Trained:</source>
        <translation>训练：</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="456"/>
        <source>Light:</source>
        <translation>光照：</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="457"/>
        <source>Report made:</source>
        <translation>报告生成于：</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="458"/>
        <source>Readings</source>
        <translation>判读结果</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="459"/>
        <source>attribute</source>
        <translation>属性</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="460"/>
        <source>class</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="461"/>
        <source>reading (probability)</source>
        <translation>判读（概率）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="462"/>
        <source>validation accuracy</source>
        <translation>验证集准确率</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="463"/>
        <source>{accuracy} on {count} validation photos</source>
        <translation>{count} 张验证照片上为 {accuracy}</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="464"/>
        <source>Grad-CAM (where the model looked)</source>
        <translation>Grad-CAM（模型关注的位置）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="465"/>
        <source>Grad-CAM: red = the places that speak most for the reading shown, blue = the least.</source>
        <translation>Grad-CAM：红色 = 最支持所示判读的位置，蓝色 = 最不支持的位置。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="467"/>
        <source>no Grad-CAM</source>
        <translation>没有 Grad-CAM</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="468"/>
        <source>layer {layer}</source>
        <translation>层 {layer}</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="469"/>
        <source>as photographed (not calibrated)</source>
        <translation>按拍摄原样（未校准）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="470"/>
        <source>calibrated from {photos} photos (red x{red}, green x{green}, blue x{blue})</source>
        <translation>根据 {photos} 张照片校准（红 ×{red}，绿 ×{green}，蓝 ×{blue}）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="472"/>
        <source>calibrated from {photos} photos (red x{red}, green x{green}, blue x{blue}), carried in the model file</source>
        <translation>根据 {photos} 张照片校准（红 ×{red}，绿 ×{green}，蓝 ×{blue}），校准保存在模型文件中</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="475"/>
        <source>This photo&apos;s lighting differs from the training photos&apos;: the colour reading may be unreliable.</source>
        <translation>这张照片的光照与训练照片不同：颜色判读可能不可靠。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="478"/>
        <source>This photo&apos;s lighting differs from the training photos&apos;: it is {how}. The colour reading may be unreliable.</source>
        <translation>这张照片的光照与训练照片不同：它{how}。颜色判读可能不可靠。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="481"/>
        <source>on {data}</source>
        <translation>训练数据 {data}</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="482"/>
        <source>{count} training photos</source>
        <translation>{count} 张训练照片</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="483"/>
        <source>best epoch {best} of {run}</source>
        <translation>最佳为第 {best} 轮（共 {run} 轮）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="327"/>
        <source>has one output, not one per attribute: it cannot be scored on the attributes of a labels table with several columns</source>
        <translation>只有一个输出，而不是每个属性一个输出：无法在有多列的标签表上按属性评分</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="347"/>
        <source>a tongue segmenter, not a classifier: it outlines the tongue in a photo (Tongue outline, segment), it does not read it; open a classifier</source>
        <translation>舌体分割模型，不是分类模型：它在照片中勾出舌体（舌体轮廓），不对照片分类；请打开分类模型</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="45"/>
        <source>&apos;{letter}&apos; stands for a number in the notes&apos; pattern: write the count, e.g. *2</source>
        <translation>讲义模式中的 '{letter}' 代表一个数：请写出次数，例如 *2</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="47"/>
        <source>the pattern unfolds to {count} layers; at most {most}</source>
        <translation>该模式展开为 {count} 层；最多 {most} 层</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="49"/>
        <source>&apos;?&apos; marks a layer the notes&apos; pattern may leave out (POOL?): write the layer, or leave it out</source>
        <translation>'?' 表示讲义模式中可省略的层（POOL?）：请写出该层，或将其省略</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="351"/>
        <source>a segmenter</source>
        <translation>一个分割模型</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="352"/>
        <source>cropped to the tongue by {segmenter} (margin {margin}, background masked)</source>
        <translation>由 {segmenter} 裁剪到舌体（边距 {margin}，背景遮盖）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="354"/>
        <source>cropped to the tongue by {segmenter} (margin {margin}, background kept)</source>
        <translation>由 {segmenter} 裁剪到舌体（边距 {margin}，保留背景）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="190"/>
        <source>{backbone} starts from random weights; pretrained weights usually learn more from few photos: ImageNet weights (--weights imagenet, a {megabytes} MB download) or a weights file (--weights FILE)</source>
        <translation>{backbone} 从随机权重开始；照片较少时，预训练权重通常学得更好：可选 ImageNet 预训练（需下载 {megabytes} MB）或一个权重文件</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="278"/>
        <source>on a machine with network access download {url} ({megabytes} MB) and give it as the weights file (--weights FILE), or put it in {folder}</source>
        <translation>请在能上网的电脑上下载 {url}（{megabytes} MB），然后将它选作权重文件，或放入 {folder}</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="323"/>
        <source>it classifies photos cut to the tongue by its own segmenter, a step an export cannot carry: the exported model would see whole photos and answer otherwise. Export a model trained on whole photos (without cropping to the tongue), or cut the photos to the tongue before the exported model</source>
        <translation>它先用自带的分割模型把照片裁剪到舌体再分类，导出无法包含这一步：导出的模型会看到整张照片，给出不同的结果。请导出未使用舌体裁剪训练的模型，或在导出的模型之前先把照片裁剪到舌体</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="43"/>
        <source>the last FC gives the class scores: its N={given} is replaced by the {classes} classes</source>
        <translation>最后一个 FC 给出类别得分：其 N={given} 被替换为类别数 {classes}</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="46"/>
        <source>the model takes {height}×{width}-pixel images, more than TongueLens runs (at most {limit} pixels)</source>
        <translation>该模型的输入为 {height}×{width} 像素的图像，超出 TongueLens 可运行的大小（最多 {limit} 像素）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="49"/>
        <source>its weight {name} holds values that are not numbers (NaN or infinite): a damaged file or a training that diverged</source>
        <translation>其权重 {name} 含有非数值（NaN 或无穷大）：文件已损坏，或训练发散</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="52"/>
        <source>its output is {units} sigmoid units, a yes/no probability per label (multi-label); TongueLens reads models that give one class per photo (a softmax)</source>
        <translation>其输出为 {units} 个 S 型函数单元，每个标签各给出一个是/否概率（多标签）；TongueLens 只读取每张照片给出一个类别的模型（归一化指数函数输出）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="55"/>
        <source>its output is one unit ({activation}): no classes to choose from; a binary classifier ends in Dense(1) with a sigmoid, or in two units with a softmax</source>
        <translation>其输出只有一个单元（{activation}）：没有可供选择的类别；二分类模型应以带 S 型函数的 Dense(1) 结尾，或以两个单元加归一化指数函数结尾</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="84"/>
        <source>class name {number} is blank</source>
        <translation>第 {number} 个类别名称为空</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="85"/>
        <source>class name {number}, {name}, is also an earlier class&apos;s name</source>
        <translation>第 {number} 个类别名称 {name} 与前面某个类别重名</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="162"/>
        <source>this folder already holds other files, which a run could overwrite; choose an empty or new folder</source>
        <translation>此文件夹中已有其他文件，训练可能会覆盖它们；请选择一个空文件夹或新文件夹</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="165"/>
        <source>a file, not a folder; choose a folder for the run</source>
        <translation>这是一个文件，不是文件夹；请为训练选择一个文件夹</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="166"/>
        <source>cannot make the run folder here ({reason})</source>
        <translation>无法在此处创建训练文件夹（{reason}）</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="314"/>
        <source>exists and is not an earlier export (its {file} was not written by an export); it is left untouched: choose another name</source>
        <translation>已存在，且不是先前的导出（其中的 {file} 不是导出写入的）；未作任何改动：请换一个名称</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="317"/>
        <source>exists and is not an earlier export (it holds {name}, which an export does not write); it is left untouched: choose another name</source>
        <translation>已存在，且不是先前的导出（其中有导出不会写入的 {name}）；未作任何改动：请换一个名称</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="70"/>
        <source>symbolic link to {target}, the chosen folder itself or a folder that contains it; not followed</source>
        <translation>指向 {target} 的符号链接，即所选文件夹本身或包含它的文件夹；不跟随</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="73"/>
        <source>symbolic link to {target}, a folder listed without it; not followed, so its images count once</source>
        <translation>指向 {target} 的符号链接，该文件夹已另行列出；不跟随，以免其中图像被重复计入</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="235"/>
        <source>line {line}: a cell is longer than {limit} characters, or a quotation mark opened there is never closed; the table is not read</source>
        <translation>第 {line} 行：某个单元格超过 {limit} 个字符，或此处的引号没有闭合；未读取该表</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="238"/>
        <source>the sheet&apos;s header has more than {limit} columns; the table is not read</source>
        <translation>工作表的表头超过 {limit} 列；未读取该表</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="240"/>
        <source>the sheet has rows past row {limit}, the last Excel allows; the table is not read</source>
        <translation>工作表有超出第 {limit} 行（Excel 允许的最后一行）的行；未读取该表</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="262"/>
        <source>row {line}: the path leads out of the images folder; only photos inside it are read</source>
        <translation>第 {line} 行：路径指向图像文件夹之外；只读取文件夹内的照片</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="264"/>
        <source>row {line}: an absolute path outside the images folder; name the photo by its path inside the images folder</source>
        <translation>第 {line} 行：图像文件夹之外的绝对路径；请用照片在图像文件夹内的路径命名</translation>
    </message>
    <message>
        <location filename="../../core/modelmessages.py" line="231"/>
        <source>a .keras model file (a zip), not HDF5 weights: open it as the model as it is</source>
        <translation>这是一个 .keras 模型文件（zip 压缩包），不是 HDF5 权重：请直接将其作为模型打开</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="381"/>
        <source>not a labelme file: it has no &quot;{field}&quot; field</source>
        <translation>不是 labelme 文件：其中没有“{field}”字段</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="77"/>
        <source>holds more than {limit} files and folders, far more than a folder of photos; not read (choose the folder of your photos)</source>
        <translation>包含超过 {limit} 个文件和文件夹，远多于一个照片文件夹；未读取（请选择您的照片所在的文件夹）</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="242"/>
        <source>{part} inside the workbook unzips to {size} MB, more than any labels table needs (at most {limit} MB); the table is not read</source>
        <translation>工作簿中的 {part} 解压后有 {size} MB，超过任何标签表所需（至多 {limit} MB）；未读取此表</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="97"/>
        <source>{where}: {formula} = {exact}, rounded down to {rounded} (Keras &apos;same&apos; adds no padding here)</source>
        <translation>{where}：{formula} = {exact}，向下取整为 {rounded}（Keras 的 same 在这里不加填充）</translation>
    </message>
    <message>
        <location filename="../../core/archmessages.py" line="100"/>
        <source>{where}: Keras &apos;same&apos; pads {before} before and {after} after (top/left, bottom/right): {formula} = {exact}</source>
        <translation>{where}：Keras 的 same 在前面填充 {before}、后面填充 {after}（上/左，下/右）：{formula} = {exact}</translation>
    </message>
</context>
<context>
    <name>EvaluateDialog</name>
    <message>
        <location filename="../widgets/evaluate_dialog.py" line="153"/>
        <source>Evaluate on Labelled Photos</source>
        <translation>在已标注照片上评估</translation>
    </message>
    <message>
        <location filename="../widgets/evaluate_dialog.py" line="154"/>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <location filename="../widgets/evaluate_dialog.py" line="154"/>
        <source>Photos:</source>
        <translation>照片：</translation>
    </message>
    <message>
        <location filename="../widgets/evaluate_dialog.py" line="154"/>
        <source>Compare with:</source>
        <translation>与之比较：</translation>
    </message>
    <message>
        <location filename="../widgets/evaluate_dialog.py" line="154"/>
        <source>Light:</source>
        <translation>光照：</translation>
    </message>
    <message>
        <location filename="../widgets/evaluate_dialog.py" line="160"/>
        <source>optional: another .keras model, scored on the same photos</source>
        <translation>可选：另一个 .keras 模型，在同一批照片上评分</translation>
    </message>
    <message>
        <location filename="../widgets/evaluate_dialog.py" line="164"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../widgets/evaluate_dialog.py" line="165"/>
        <source>Also score the photos re-lit: warm, cool and 30 % darker</source>
        <translation>同时对换光后的照片评分：暖光、冷光和暗 30%</translation>
    </message>
    <message>
        <location filename="../widgets/evaluate_dialog.py" line="166"/>
        <source>Each photo is also scored with its light changed the way another lamp or camera would change it (red and blue ×1.15 or ×0.85, or 30 % less exposure), as main.py evaluate --relight all does.</source>
        <translation>每张照片还会按另一盏灯或另一台相机改变光线的方式换光后再评分（红和蓝 ×1.15 或 ×0.85，或曝光减少 30%），与命令行评估的换光选项相同。</translation>
    </message>
    <message>
        <location filename="../widgets/evaluate_dialog.py" line="169"/>
        <source>Calibrate the light from these photos first</source>
        <translation>先根据这些照片校准光线</translation>
    </message>
    <message>
        <location filename="../widgets/evaluate_dialog.py" line="170"/>
        <source>As Model &gt; Calibrate Light from Photos does, from the evaluated photos themselves (each re-lit set from its own): how the model does once calibrated to their lamp. Needs a model trained with TongueLens and at least 10 photos.</source>
        <translation>与“模型 &gt; 根据照片校准光线”相同，但用被评估的照片本身校准（每组换光照片用其自身校准）：显示模型校准到这些照片的灯光后的表现。需要用 TongueLens 训练的模型和至少 10 张照片。</translation>
    </message>
    <message>
        <location filename="../widgets/evaluate_dialog.py" line="174"/>
        <source>Evaluate</source>
        <translation>评估</translation>
    </message>
    <message>
        <location filename="../widgets/evaluate_dialog.py" line="175"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../widgets/evaluate_dialog.py" line="176"/>
        <source>Save Figures…</source>
        <translation>保存指标…</translation>
    </message>
    <message>
        <location filename="../widgets/evaluate_dialog.py" line="177"/>
        <source>Save every figure as JSON, the fields of main.py evaluate --json</source>
        <translation>将全部指标保存为 JSON，字段与命令行评估的 JSON 输出相同</translation>
    </message>
    <message>
        <location filename="../widgets/evaluate_dialog.py" line="178"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../widgets/evaluate_dialog.py" line="241"/>
        <source>Labelled Photos</source>
        <translation>已标注照片</translation>
    </message>
    <message>
        <location filename="../widgets/evaluate_dialog.py" line="254"/>
        <source>Compare With Model</source>
        <translation>与模型比较</translation>
    </message>
    <message>
        <location filename="../widgets/evaluate_dialog.py" line="254"/>
        <source>Keras models (*.keras)</source>
        <translation>Keras 模型 (*.keras)</translation>
    </message>
    <message>
        <location filename="../widgets/evaluate_dialog.py" line="346"/>
        <source>Reading and scoring the photos…</source>
        <translation>正在读取照片并评分…</translation>
    </message>
    <message>
        <location filename="../widgets/evaluate_dialog.py" line="348"/>
        <source>Photos the model never trained on give an honest figure: a held-out folder, one sub-folder per class, named like the model&apos;s classes.</source>
        <translation>只有模型从未训练过的照片才能给出可信的指标：一个留出的文件夹，每个类别一个子文件夹，名称与模型的类别相同。</translation>
    </message>
    <message>
        <location filename="../widgets/evaluate_dialog.py" line="389"/>
        <source>{letter}: {name}: accuracy {accuracy}</source>
        <translation>{letter}：{name}：准确率 {accuracy}</translation>
    </message>
    <message>
        <location filename="../widgets/evaluate_dialog.py" line="395"/>
        <source>Accuracy {accuracy} on the photos of {folder}</source>
        <translation>在 {folder} 的照片上准确率 {accuracy}</translation>
    </message>
    <message>
        <location filename="../widgets/evaluate_dialog.py" line="412"/>
        <source>Light: the calibration carried in the model file ({count} photos)</source>
        <translation>光照：模型文件自带的校准（{count} 张照片）</translation>
    </message>
    <message>
        <location filename="../widgets/evaluate_dialog.py" line="412"/>
        <source>Light: calibrated from these {count} photos (red ×{red}, green ×{green}, blue ×{blue})</source>
        <translation>光照：根据这 {count} 张照片校准（红 ×{red}，绿 ×{green}，蓝 ×{blue}）</translation>
    </message>
    <message>
        <location filename="../widgets/evaluate_dialog.py" line="401"/>
        <source>{count} file(s) could not be read and were left out (see the tooltip)</source>
        <translation>{count} 个文件无法读取，已略去（见提示）</translation>
    </message>
    <message>
        <location filename="../widgets/evaluate_dialog.py" line="473"/>
        <source>Save Figures</source>
        <translation>保存指标</translation>
    </message>
    <message>
        <location filename="../widgets/evaluate_dialog.py" line="473"/>
        <source>JSON files (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <location filename="../widgets/evaluate_dialog.py" line="154"/>
        <source>Labels table:</source>
        <translation>标签表：</translation>
    </message>
    <message>
        <location filename="../widgets/evaluate_dialog.py" line="213"/>
        <source>needed for this model: the labels table of the photos (.csv, .tsv, .xlsx)</source>
        <translation>此模型需要：这些照片的标签表（.csv、.tsv、.xlsx）</translation>
    </message>
    <message>
        <location filename="../widgets/evaluate_dialog.py" line="215"/>
        <source>optional: a labels table of the photos (.csv, .tsv, .xlsx) instead of class sub-folders</source>
        <translation>可选：用这些照片的标签表（.csv、.tsv、.xlsx）代替类别子文件夹</translation>
    </message>
    <message>
        <location filename="../widgets/evaluate_dialog.py" line="247"/>
        <source>Labels Table</source>
        <translation>标签表</translation>
    </message>
    <message>
        <location filename="../widgets/evaluate_dialog.py" line="247"/>
        <source>Labels tables (*.csv *.tsv *.txt *.xlsx)</source>
        <translation>标签表 (*.csv *.tsv *.txt *.xlsx)</translation>
    </message>
    <message>
        <location filename="../widgets/evaluate_dialog.py" line="352"/>
        <source>{folder}: no readable photo of a class the model knows ({classes})</source>
        <translation>{folder}：没有可读取的、属于模型已知类别（{classes}）的照片</translation>
    </message>
    <message>
        <location filename="../widgets/evaluate_dialog.py" line="422"/>
        <source>{attribute}: accuracy {accuracy}, {blank} blank; macro F1 {f1}, ROC-AUC {auc}</source>
        <translation>{attribute}：准确率 {accuracy}，{blank} 张空白；宏平均 F1 {f1}，ROC-AUC {auc}</translation>
    </message>
    <message>
        <location filename="../widgets/evaluate_dialog.py" line="229"/>
        <source>The light calibration in use ({count} photos) is not applied here: the model file is scored as it is. Tick &quot;Calibrate the light from these photos first&quot; if they come from that lamp.</source>
        <translation>此处不应用正在使用的光线校准（{count} 张照片）：按模型文件原样评分。如果这些照片来自那盏灯，请勾选“先根据这些照片校准光线”。</translation>
    </message>
    <message>
        <location filename="../widgets/evaluate_dialog.py" line="158"/>
        <source>a folder with one sub-folder of photos per class (or drop it here)</source>
        <translation>每个类别一个子文件夹的照片文件夹（也可拖到此处）</translation>
    </message>
    <message>
        <location filename="../widgets/evaluate_dialog.py" line="428"/>
        <source>{attribute}: A {accuracy_a}; B {accuracy_b}</source>
        <translation>{attribute}：A {accuracy_a}；B {accuracy_b}</translation>
    </message>
    <message>
        <location filename="../widgets/evaluate_dialog.py" line="463"/>
        <source>⚠ Fewer than {minimum} photos of: {classes}. Each figure of these classes is uncertain by up to ±{points} points; add photos for figures you can trust.</source>
        <translation>⚠ 照片少于 {minimum} 张的类别：{classes}。这些类别的各项指标不确定范围可达 ±{points} 个百分点；请添加照片以获得可信的指标。</translation>
    </message>
</context>
<context>
    <name>EvaluationView</name>
    <message>
        <location filename="../widgets/evaluation_view.py" line="102"/>
        <source>Figures of:</source>
        <translation>显示指标：</translation>
    </message>
    <message>
        <location filename="../widgets/evaluation_view.py" line="103"/>
        <source>Confusion matrix (rows: true class)</source>
        <translation>混淆矩阵（行：真实类别）</translation>
    </message>
    <message>
        <location filename="../widgets/evaluation_view.py" line="103"/>
        <source>Per class</source>
        <translation>各类别指标</translation>
    </message>
    <message>
        <location filename="../widgets/evaluation_view.py" line="103"/>
        <source>Mistakes</source>
        <translation>判错的照片</translation>
    </message>
    <message>
        <location filename="../widgets/evaluation_view.py" line="103"/>
        <source>Other light</source>
        <translation>其他光照</translation>
    </message>
    <message>
        <location filename="../widgets/evaluation_view.py" line="103"/>
        <source>Comparison</source>
        <translation>比较</translation>
    </message>
    <message>
        <location filename="../widgets/evaluation_view.py" line="106"/>
        <source>Photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../widgets/evaluation_view.py" line="106"/>
        <source>True class</source>
        <translation>真实类别</translation>
    </message>
    <message>
        <location filename="../widgets/evaluation_view.py" line="106"/>
        <source>Read as</source>
        <translation>判为</translation>
    </message>
    <message>
        <location filename="../widgets/evaluation_view.py" line="106"/>
        <source>Probability</source>
        <translation>概率</translation>
    </message>
    <message>
        <location filename="../widgets/evaluation_view.py" line="108"/>
        <source>Surest first: a photo read wrong with a high probability may be labelled wrong. Double-click a photo to open it in the window: its reading, Grad-CAM and feature maps</source>
        <translation>把握最大的排在前面：以高概率判错的照片可能是标注错了。双击照片即可在主窗口中打开：查看其判读、Grad-CAM 和特征图</translation>
    </message>
    <message>
        <location filename="../widgets/evaluation_view.py" line="111"/>
        <source>Show every mistake</source>
        <translation>显示全部判错的照片</translation>
    </message>
    <message>
        <location filename="../widgets/evaluation_view.py" line="112"/>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <location filename="../widgets/evaluation_view.py" line="112"/>
        <source>Right/images</source>
        <translation>正确/图像数</translation>
    </message>
    <message>
        <location filename="../widgets/evaluation_view.py" line="112"/>
        <source>Change</source>
        <translation>变化</translation>
    </message>
    <message>
        <location filename="../widgets/evaluation_view.py" line="112"/>
        <source>Unusual light</source>
        <translation>光照异常</translation>
    </message>
    <message>
        <location filename="../widgets/evaluation_view.py" line="115"/>
        <source>Photos the lighting check calls unlike the model&apos;s training photos: they would be marked &quot;Unusual light&quot; in a classified folder</source>
        <translation>光照检查认为与模型训练照片不同的照片：在已分类的文件夹中它们会标为“光照异常”</translation>
    </message>
    <message>
        <location filename="../widgets/evaluation_view.py" line="230"/>
        <source>{wrong} of {total} photos read wrong</source>
        <translation>{total} 张照片中 {wrong} 张判错</translation>
    </message>
    <message>
        <location filename="../widgets/evaluation_view.py" line="234"/>
        <source>{count} photos of {true} read as {predicted}</source>
        <translation>{count} 张“{true}”照片被判为“{predicted}”</translation>
    </message>
    <message>
        <location filename="../widgets/evaluation_view.py" line="278"/>
        <source>As photographed</source>
        <translation>按原样拍摄</translation>
    </message>
    <message>
        <location filename="../widgets/evaluation_view.py" line="278"/>
        <source>Warm light</source>
        <translation>暖光</translation>
    </message>
    <message>
        <location filename="../widgets/evaluation_view.py" line="279"/>
        <source>Cool light</source>
        <translation>冷光</translation>
    </message>
    <message>
        <location filename="../widgets/evaluation_view.py" line="279"/>
        <source>30 % darker</source>
        <translation>暗 30%</translation>
    </message>
    <message>
        <location filename="../widgets/evaluation_view.py" line="266"/>
        <source>{points} points</source>
        <translation>{points} 个百分点</translation>
    </message>
    <message>
        <location filename="../widgets/evaluation_view.py" line="299"/>
        <source>Difference (B − A): {points} points on the same {count} photos</source>
        <translation>差值（B − A）：在同样 {count} 张照片上 {points} 个百分点</translation>
    </message>
    <message>
        <location filename="../widgets/evaluation_view.py" line="301"/>
        <source>Both right: {both}. Only A right: {only_a}. Only B right: {only_b}. Both wrong: {none}.</source>
        <translation>都正确：{both}。仅 A 正确：{only_a}。仅 B 正确：{only_b}。都错误：{none}。</translation>
    </message>
    <message>
        <location filename="../widgets/evaluation_view.py" line="303"/>
        <source>McNemar&apos;s exact test on the {count} photos only one model gets right: p = {p} (mid-p {mid})</source>
        <translation>对只有一个模型正确的 {count} 张照片做 McNemar 精确检验：p = {p}（mid-p {mid}）</translation>
    </message>
    <message>
        <location filename="../widgets/evaluation_view.py" line="306"/>
        <source>If the two models were equally good, each such photo would favour either with probability 1/2; p is how often a split at least this uneven would happen by chance.</source>
        <translation>如果两个模型一样好，每张这样的照片偏向任一模型的概率都是 1/2；p 是偶然出现至少如此不均的分布的概率。</translation>
    </message>
    <message>
        <location filename="../widgets/evaluation_view.py" line="311"/>
        <source>The two models are right and wrong on exactly the same photos: no difference.</source>
        <translation>两个模型在完全相同的照片上正确和错误：没有差别。</translation>
    </message>
    <message>
        <location filename="../widgets/evaluation_view.py" line="313"/>
        <source>{better} is better, more than noise (p &lt; 0.05).</source>
        <translation>{better} 更好，超出了随机波动（p &lt; 0.05）。</translation>
    </message>
    <message>
        <location filename="../widgets/evaluation_view.py" line="316"/>
        <source>No evidence that either model is better: the difference is within noise.</source>
        <translation>没有证据表明哪个模型更好：差别在随机波动范围内。</translation>
    </message>
    <message>
        <location filename="../widgets/evaluation_view.py" line="112"/>
        <source>Light</source>
        <translation>光照</translation>
    </message>
    <message>
        <location filename="../widgets/evaluation_view.py" line="283"/>
        <source>{light}, calibrated</source>
        <translation>{light}（已校准）</translation>
    </message>
    <message>
        <location filename="../widgets/evaluation_view.py" line="295"/>
        <source>A: {model_a}
B: {model_b}</source>
        <translation>模型 A：{model_a}
模型 B：{model_b}</translation>
    </message>
    <message>
        <location filename="../widgets/evaluation_view.py" line="297"/>
        <source>Attribute: {attribute}</source>
        <translation>属性：{attribute}</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../widgets/export_dialog.py" line="111"/>
        <source>Export Model</source>
        <translation>导出模型</translation>
    </message>
    <message>
        <location filename="../widgets/export_dialog.py" line="112"/>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <location filename="../widgets/export_dialog.py" line="112"/>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <location filename="../widgets/export_dialog.py" line="112"/>
        <source>Save as folder:</source>
        <translation>保存为文件夹：</translation>
    </message>
    <message>
        <location filename="../widgets/export_dialog.py" line="112"/>
        <source>Replace:</source>
        <translation>替换：</translation>
    </message>
    <message>
        <location filename="../widgets/export_dialog.py" line="115"/>
        <source>LiteRT (.tflite) for phones: Android, iOS</source>
        <translation>LiteRT（.tflite），用于手机：Android、iOS</translation>
    </message>
    <message>
        <location filename="../widgets/export_dialog.py" line="117"/>
        <source>TensorFlow SavedModel for TensorFlow Serving</source>
        <translation>TensorFlow SavedModel，用于 TensorFlow Serving</translation>
    </message>
    <message>
        <location filename="../widgets/export_dialog.py" line="120"/>
        <source>Replace an earlier export in that folder</source>
        <translation>替换该文件夹中先前的导出</translation>
    </message>
    <message>
        <location filename="../widgets/export_dialog.py" line="121"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../widgets/export_dialog.py" line="122"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../widgets/export_dialog.py" line="123"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../widgets/export_dialog.py" line="129"/>
        <source>The export is checked before it is kept: it must give this model&apos;s probabilities within 1e-4 on sample images.</source>
        <translation>导出在保留之前会经过检查：它在样例图像上给出的概率必须与本模型相差不超过 1e-4。</translation>
    </message>
    <message>
        <location filename="../widgets/export_dialog.py" line="222"/>
        <source>Export Into Folder</source>
        <translation>导出到文件夹</translation>
    </message>
    <message>
        <location filename="../widgets/export_dialog.py" line="236"/>
        <source>Starting the export…</source>
        <translation>正在开始导出…</translation>
    </message>
    <message>
        <location filename="../widgets/export_dialog.py" line="263"/>
        <source>Exported to {folder} ({files}); checked on {images} images with {runtime}: probabilities within {difference} of the model&apos;s</source>
        <translation>已导出到 {folder}（{files}）；已用 {runtime} 在 {images} 张图像上检查：概率与模型相差不超过 {difference}</translation>
    </message>
    <message>
        <location filename="../widgets/export_dialog.py" line="116"/>
        <source>ONNX (.onnx) for ONNX runtimes</source>
        <translation>ONNX（.onnx），用于 ONNX 运行时</translation>
    </message>
    <message>
        <location filename="../widgets/export_dialog.py" line="172"/>
        <source>To export the one in use, save a calibrated copy first (Model &gt; Save Calibrated Copy…) and export the copy.</source>
        <translation>要导出正在使用的校准，请先保存已校准的副本（模型 &gt; 保存已校准的副本…），再导出该副本。</translation>
    </message>
    <message>
        <location filename="../widgets/export_dialog.py" line="175"/>
        <source>The light calibration in use ({count} photos) is not in this model file, so the export will not apply it.</source>
        <translation>正在使用的光线校准（{count} 张照片）不在此模型文件中，因此导出文件不会应用它。</translation>
    </message>
    <message>
        <location filename="../widgets/export_dialog.py" line="178"/>
        <source>This model file carries a light calibration ({count} photos): the export applies it.</source>
        <translation>此模型文件自带光线校准（{count} 张照片）：导出文件会应用它。</translation>
    </message>
    <message>
        <location filename="../widgets/export_dialog.py" line="181"/>
        <source>The export applies the light calibration this model file carries ({count} photos), not the one in use.</source>
        <translation>导出文件应用的是此模型文件自带的光线校准（{count} 张照片），而不是正在使用的校准。</translation>
    </message>
    <message>
        <location filename="../widgets/export_dialog.py" line="263"/>
        <source>Exported to {folder} ({files}); checked on {images} images with {runtime}: the same probabilities as the model&apos;s</source>
        <translation>已导出到 {folder}（{files}）；已用 {runtime} 在 {images} 张图像上检查：概率与模型完全相同</translation>
    </message>
</context>
<context>
    <name>FeatureMapView</name>
    <message>
        <location filename="../widgets/feature_map_view.py" line="105"/>
        <source>Sort by mean activation</source>
        <translation>按平均激活值排序</translation>
    </message>
    <message>
        <location filename="../widgets/feature_map_view.py" line="111"/>
        <source>Channels:</source>
        <translation>通道数：</translation>
    </message>
    <message>
        <location filename="../widgets/feature_map_view.py" line="109"/>
        <source>How many channels the grid shows at most</source>
        <translation>网格中最多显示的通道数</translation>
    </message>
    <message>
        <location filename="../widgets/feature_map_view.py" line="122"/>
        <source>{layer}  ·  {shape}  ·  {shown} of {channels} channels</source>
        <translation>{layer}  ·  {shape}  ·  显示 {shown}/{channels} 个通道</translation>
    </message>
    <message>
        <location filename="../widgets/feature_map_view.py" line="128"/>
        <source>{layer}  ·  {shape}</source>
        <translation>{layer}  ·  {shape}</translation>
    </message>
    <message>
        <location filename="../widgets/feature_map_view.py" line="131"/>
        <source>Click a channel to enlarge it</source>
        <translation>点击某个通道可放大查看</translation>
    </message>
    <message>
        <location filename="../widgets/feature_map_view.py" line="142"/>
        <source>Channel {channel}
mean {mean}
range {low} to {high}</source>
        <translation>通道 {channel}
均值 {mean}
范围 {low} 至 {high}</translation>
    </message>
    <message>
        <location filename="../widgets/feature_map_view.py" line="111"/>
        <source>Units:</source>
        <translation>单元数：</translation>
    </message>
    <message>
        <location filename="../widgets/feature_map_view.py" line="184"/>
        <source>Each channel on its own scale: dark its lowest, yellow its highest</source>
        <translation>每个通道各用自己的色标：暗为其最低值，黄为其最高值</translation>
    </message>
    <message>
        <location filename="../widgets/feature_map_view.py" line="137"/>
        <source>Unit {unit}: {label}</source>
        <translation>单元 {unit}：{label}</translation>
    </message>
    <message>
        <location filename="../widgets/feature_map_view.py" line="158"/>
        <source>Unit {unit}</source>
        <translation>单元 {unit}</translation>
    </message>
    <message>
        <location filename="../widgets/feature_map_view.py" line="139"/>
        <source>{unit}
value {value}
rank {rank} of {units}, largest first</source>
        <translation>{unit}
值 {value}
共 {units} 个，从大到小排第 {rank}</translation>
    </message>
    <message>
        <location filename="../widgets/feature_map_view.py" line="172"/>
        <source>low</source>
        <translation>低</translation>
    </message>
    <message>
        <location filename="../widgets/feature_map_view.py" line="172"/>
        <source>high</source>
        <translation>高</translation>
    </message>
    <message>
        <location filename="../widgets/feature_map_view.py" line="106"/>
        <source>Show the channels that respond most to this image first</source>
        <translation>先显示对这张图像响应最强的通道</translation>
    </message>
    <message>
        <location filename="../widgets/feature_map_view.py" line="109"/>
        <source>How many units the grid shows at most</source>
        <translation>网格中最多显示的单元数</translation>
    </message>
    <message>
        <location filename="../widgets/feature_map_view.py" line="122"/>
        <source>{layer}  ·  {shape}  ·  {shown} of {channels} units</source>
        <translation>{layer}  ·  {shape}  ·  显示 {shown}/{channels} 个单元</translation>
    </message>
    <message>
        <location filename="../widgets/feature_map_view.py" line="186"/>
        <source>Class probabilities, one tile per class, on one scale from 0 (dark) to 1 (yellow)</source>
        <translation>各类别的概率，每个类别一格，统一刻度：0（深色）到 1（黄色）</translation>
    </message>
    <message>
        <location filename="../widgets/feature_map_view.py" line="188"/>
        <source>One tile per unit, all on one scale from {low} (dark) to {high} (yellow)</source>
        <translation>每个单元一格，统一刻度：{low}（深色）到 {high}（黄色）</translation>
    </message>
    <message>
        <location filename="../widgets/feature_map_view.py" line="190"/>
        <source>One tile per channel, each a single value, all on one scale from {low} (dark) to {high} (yellow)</source>
        <translation>每个通道一格，每格只有一个值，统一刻度：{low}（深色）到 {high}（黄色）</translation>
    </message>
    <message>
        <location filename="../widgets/feature_map_view.py" line="147"/>
        <source>Not in the grid</source>
        <translation>不在网格中</translation>
    </message>
    <message>
        <location filename="../widgets/feature_map_view.py" line="159"/>
        <source>Channel {channel}</source>
        <translation>通道 {channel}</translation>
    </message>
</context>
<context>
    <name>Figures</name>
    <message>
        <location filename="../widgets/common.py" line="102"/>
        <source>{percent} ({right}/{images} images right; 95 % CI {low}–{high})</source>
        <translation>{percent}（{images} 张中 {right} 张正确；95% 置信区间 {low}–{high}）</translation>
    </message>
</context>
<context>
    <name>FilterView</name>
    <message>
        <location filename="../widgets/filter_view.py" line="35"/>
        <source>Layer {layer} has no filters to show</source>
        <translation>层 {layer} 没有可显示的卷积核</translation>
    </message>
</context>
<context>
    <name>FoldsTable</name>
    <message>
        <location filename="../widgets/folds_table.py" line="37"/>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <location filename="../widgets/folds_table.py" line="37"/>
        <source>Right / images</source>
        <translation>正确 / 图像数</translation>
    </message>
    <message>
        <location filename="../widgets/folds_table.py" line="37"/>
        <source>95 % CI</source>
        <translation>95% 置信区间</translation>
    </message>
    <message>
        <location filename="../widgets/folds_table.py" line="37"/>
        <source>Kept epoch</source>
        <translation>保留的轮次</translation>
    </message>
    <message>
        <location filename="../widgets/folds_table.py" line="37"/>
        <source>Recall: {name}</source>
        <translation>召回率：{name}</translation>
    </message>
    <message>
        <location filename="../widgets/folds_table.py" line="43"/>
        <source>Fold {number}</source>
        <translation>第 {number} 折</translation>
    </message>
    <message>
        <location filename="../widgets/folds_table.py" line="66"/>
        <source>Mean</source>
        <translation>平均</translation>
    </message>
    <message>
        <location filename="../widgets/folds_table.py" line="68"/>
        <source>Standard deviation</source>
        <translation>标准差</translation>
    </message>
    <message>
        <location filename="../widgets/folds_table.py" line="70"/>
        <source>Lowest – highest</source>
        <translation>最低 – 最高</translation>
    </message>
    <message>
        <location filename="../widgets/folds_table.py" line="76"/>
        <source>All images</source>
        <translation>全部图像</translation>
    </message>
    <message>
        <location filename="../widgets/folds_table.py" line="85"/>
        <source>{value} points</source>
        <translation>{value} 个百分点</translation>
    </message>
</context>
<context>
    <name>GradCamControls</name>
    <message>
        <location filename="../widgets/gradcam_controls.py" line="107"/>
        <source>Grad-CAM</source>
        <translation>Grad-CAM</translation>
    </message>
    <message>
        <location filename="../widgets/gradcam_controls.py" line="108"/>
        <source>Show which parts of the image the prediction relies on</source>
        <translation>显示预测主要依据图像的哪些区域</translation>
    </message>
    <message>
        <location filename="../widgets/gradcam_controls.py" line="111"/>
        <source>Class:</source>
        <translation>类别：</translation>
    </message>
    <message>
        <location filename="../widgets/gradcam_controls.py" line="113"/>
        <source>Opacity:</source>
        <translation>不透明度：</translation>
    </message>
    <message>
        <location filename="../widgets/gradcam_controls.py" line="115"/>
        <source>Predicted class</source>
        <translation>预测类别</translation>
    </message>
    <message>
        <location filename="../widgets/gradcam_controls.py" line="116"/>
        <source>low</source>
        <translation>低</translation>
    </message>
    <message>
        <location filename="../widgets/gradcam_controls.py" line="117"/>
        <source>high</source>
        <translation>高</translation>
    </message>
    <message>
        <location filename="../widgets/gradcam_controls.py" line="127"/>
        <source>Evidence for {label}, from layer {layer}</source>
        <translation>支持“{label}”的区域，取自层 {layer}</translation>
    </message>
    <message>
        <location filename="../widgets/gradcam_controls.py" line="109"/>
        <source>Attribute:</source>
        <translation>属性：</translation>
    </message>
    <message>
        <location filename="../widgets/gradcam_controls.py" line="110"/>
        <source>Which of the model&apos;s attributes (heads) to explain</source>
        <translation>要解释模型的哪个属性（输出头）</translation>
    </message>
    <message>
        <location filename="../widgets/gradcam_controls.py" line="123"/>
        <source>Evidence for {attribute}: {label}, from layer {layer}</source>
        <translation>{attribute}：{label} 的依据，来自层 {layer}</translation>
    </message>
    <message>
        <location filename="../widgets/gradcam_controls.py" line="112"/>
        <source>The class whose evidence the map shows: the predicted one, or any other</source>
        <translation>热力图显示其依据的类别：预测的类别，或任何其他类别</translation>
    </message>
    <message>
        <location filename="../widgets/gradcam_controls.py" line="133"/>
        <source>A 1×1 map cannot show where: no place is marked</source>
        <translation>1×1 的特征图无法显示位置：不标出任何地方</translation>
    </message>
    <message>
        <location filename="../widgets/gradcam_controls.py" line="130"/>
        <source>{caption} ({height}×{width} map)</source>
        <translation>{caption}（{height}×{width} 的特征图）</translation>
    </message>
</context>
<context>
    <name>LayerTable</name>
    <message>
        <location filename="../widgets/layer_table.py" line="168"/>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <location filename="../widgets/layer_table.py" line="168"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../widgets/layer_table.py" line="168"/>
        <source>Output</source>
        <translation>输出形状</translation>
    </message>
    <message>
        <location filename="../widgets/layer_table.py" line="168"/>
        <source>Params</source>
        <translation>参数量</translation>
    </message>
    <message>
        <location filename="../widgets/layer_table.py" line="316"/>
        <source>{name}: its output cannot be shown as feature maps</source>
        <translation>{name}：该层的输出无法显示为特征图</translation>
    </message>
    <message>
        <location filename="../widgets/layer_table.py" line="168"/>
        <source>Mult-
adds</source>
        <translation>乘加</translation>
    </message>
    <message>
        <location filename="../widgets/layer_table.py" line="168"/>
        <source>Values</source>
        <translation>激活值</translation>
    </message>
    <message>
        <location filename="../widgets/layer_table.py" line="172"/>
        <source>Multiply-adds for one image</source>
        <translation>每张图像的乘加次数</translation>
    </message>
    <message>
        <location filename="../widgets/layer_table.py" line="173"/>
        <source>Activation values this layer&apos;s output holds per image (times 4 bytes in float32). As in the cs231n notes, the input, CONV, POOL, FC and add outputs count; activations and batch norm reuse them.</source>
        <translation>该层输出在每张图像上保存的激活值个数（float32 下每个 4 字节）。与课程讲义一致，只计输入、CONV、POOL、FC 和相加层的输出；激活函数和批归一化复用这些内存。</translation>
    </message>
    <message>
        <location filename="../widgets/layer_table.py" line="298"/>
        <source>Grad-CAM from layer {name}</source>
        <translation>从 {name} 层计算 Grad-CAM</translation>
    </message>
    <message>
        <location filename="../widgets/layer_table.py" line="298"/>
        <source>Grad-CAM from this layer</source>
        <translation>从此层计算 Grad-CAM</translation>
    </message>
    <message>
        <location filename="../widgets/layer_table.py" line="303"/>
        <source>Grad-CAM from the last convolutional block</source>
        <translation>从最后一个卷积块计算 Grad-CAM</translation>
    </message>
    <message>
        <location filename="../widgets/layer_table.py" line="168"/>
        <source>RF</source>
        <translation>感受野</translation>
    </message>
    <message>
        <location filename="../widgets/layer_table.py" line="177"/>
        <source>Receptive field: how many input pixels one output unit sees (main.py arch&apos;s RF)</source>
        <translation>感受野：一个输出单元看到的输入像素范围</translation>
    </message>
    <message>
        <location filename="../widgets/layer_table.py" line="64"/>
        <source>{field} px, larger than the {side} px image: the whole input plus padding</source>
        <translation>{field} px，大于 {side} px 的图像：即整个输入加上填充</translation>
    </message>
    <message>
        <location filename="../widgets/layer_table.py" line="77"/>
        <source>{top} top, {bottom} bottom, {left} left, {right} right</source>
        <translation>上 {top}，下 {bottom}，左 {left}，右 {right}</translation>
    </message>
    <message>
        <location filename="../widgets/layer_table.py" line="81"/>
        <source>Filter F {filter}, stride S {stride}, zero padding P {padding}</source>
        <translation>卷积核 F {filter}，步长 S {stride}，零填充 P {padding}</translation>
    </message>
    <message>
        <location filename="../widgets/layer_table.py" line="84"/>
        <source>Keras padding &apos;{mode}&apos;</source>
        <translation>Keras 的填充方式 {mode}</translation>
    </message>
    <message>
        <location filename="../widgets/layer_table.py" line="86"/>
        <source>{groups} groups</source>
        <translation>{groups} 组</translation>
    </message>
    <message>
        <location filename="../widgets/layer_table.py" line="88"/>
        <source>dilation {dilation}</source>
        <translation>膨胀 {dilation}</translation>
    </message>
    <message>
        <location filename="../widgets/layer_table.py" line="168"/>
        <source>F/S P</source>
        <translation>F/S P</translation>
    </message>
    <message>
        <location filename="../widgets/layer_table.py" line="177"/>
        <source>Larger than the image: the whole input plus padding.</source>
        <translation>大于图像：即整个输入加上填充。</translation>
    </message>
    <message>
        <location filename="../widgets/layer_table.py" line="180"/>
        <source>A convolution's or pool's window: filter F×F / stride S, zero padding P, as in (W-F+2P)/S+1. P=0+1: 0 before and 1 after (top or left, bottom or right), as Keras 'same' pads; G: groups; D: dilation</source>
        <translation>卷积或池化的窗口：卷积核 F×F / 步长 S，零填充 P，即 (W-F+2P)/S+1 中的各量。P=0+1：前面填充 0、后面填充 1（上或左，下或右），Keras 的 same 就是这样填充的；G：分组数；D：膨胀</translation>
    </message>
</context>
<context>
    <name>LayerTotals</name>
    <message>
        <location filename="../widgets/layer_table.py" line="349"/>
        <source>As main.py arch prints them for this model file:
Parameters: {params} (trainable {trainable}, non-trainable {frozen})
Multiply-adds per image: {macs}
Activation values per image: {values} (the input, CONV, POOL, FC and add outputs, as in the cs231n notes)</source>
        <translation>与命令行的结构表对此模型文件打印的数字相同：
参数：{params}（可训练 {trainable}，不可训练 {frozen}）
每张图像的乘加次数：{macs}
每张图像的激活值：{values}（与课程讲义一致，计入输入以及 CONV、POOL、FC 和相加层的输出）</translation>
    </message>
    <message>
        <location filename="../widgets/layer_table.py" line="347"/>
        <source>Total: {params} params · {macs} mult-adds · {values} values</source>
        <translation>合计：{params} 个参数 · {macs} 次乘加 · {values} 个激活值</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="243"/>
        <source>Open &amp;Model…</source>
        <translation>打开模型(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="243"/>
        <source>Open a .keras model file</source>
        <translation>打开 .keras 模型文件</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="244"/>
        <source>Open &amp;Image…</source>
        <translation>打开图像(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="244"/>
        <source>Classify and inspect one image</source>
        <translation>对一张图像分类，并逐层查看网络</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="245"/>
        <source>Open &amp;Folder…</source>
        <translation>打开文件夹(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="245"/>
        <source>Classify every image in a folder</source>
        <translation>对文件夹中的每张图像分类</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="246"/>
        <source>&amp;Train…</source>
        <translation>训练(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="246"/>
        <source>Train a new model on a folder of labelled images</source>
        <translation>用已标注图像的文件夹训练新模型</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="250"/>
        <source>&amp;Export Results…</source>
        <translation>导出结果(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="250"/>
        <source>Save the classification results as CSV</source>
        <translation>将分类结果保存为 CSV 文件</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="254"/>
        <source>Show &amp;Grad-CAM</source>
        <translation>显示 Grad-CAM(&amp;G)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="254"/>
        <source>Show which parts of the image the prediction relies on</source>
        <translation>显示预测主要依据图像的哪些区域</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="258"/>
        <source>Ca&amp;ncel Folder Classification</source>
        <translation>取消文件夹分类(&amp;N)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="258"/>
        <source>Stop classifying the folder</source>
        <translation>停止对文件夹的分类</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="259"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../window_dialogs.py" line="117"/>
        <source>Quit TongueLens</source>
        <translation>退出 TongueLens</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="260"/>
        <source>&amp;About TongueLens</source>
        <translation>关于 TongueLens(&amp;A)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="260"/>
        <source>What this app is, and what it is not</source>
        <translation>本软件能做什么，不能做什么</translation>
    </message>
    <message>
        <location filename="../widgets/recent_menu.py" line="34"/>
        <source>Clear List</source>
        <translation>清空列表</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="274"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="275"/>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="276"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="277"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="278"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="279"/>
        <source>Rece&amp;nt Models</source>
        <translation>最近的模型(&amp;N)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="281"/>
        <source>Recent F&amp;olders</source>
        <translation>最近的文件夹(&amp;O)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="282"/>
        <source>Toolbar</source>
        <translation>工具栏</translation>
    </message>
    <message>
        <location filename="../widgets/inspect_panel.py" line="67"/>
        <source>Feature maps</source>
        <translation>特征图</translation>
    </message>
    <message>
        <location filename="../widgets/inspect_panel.py" line="68"/>
        <source>Filters</source>
        <translation>卷积核</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="283"/>
        <source>Inspect</source>
        <translation>逐层查看</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="284"/>
        <source>Batch</source>
        <translation>批量分类</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="302"/>
        <source>No translation for this language is installed; the interface stays in English.</source>
        <translation>未安装该语言的翻译，界面仍显示英文。</translation>
    </message>
    <message>
        <location filename="../widgets/status_fields.py" line="100"/>
        <source>No model</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <location filename="../widgets/status_fields.py" line="106"/>
        <source>Model: {name}</source>
        <translation>模型：{name}</translation>
    </message>
    <message>
        <location filename="../widgets/status_fields.py" line="116"/>
        <source>{count} classes: {names}</source>
        <translation>{count} 个类别：{names}</translation>
    </message>
    <message>
        <location filename="../widgets/status_fields.py" line="124"/>
        <source>Input {height}×{width}×{channels}</source>
        <translation>输入 {height}×{width}×{channels}</translation>
    </message>
    <message>
        <location filename="../widgets/image_panel.py" line="309"/>
        <source>No image</source>
        <translation>无图像</translation>
    </message>
    <message>
        <location filename="../widgets/image_panel.py" line="313"/>
        <source>{name}  ·  {width}×{height}</source>
        <translation>{name}  ·  {width}×{height}</translation>
    </message>
    <message>
        <location filename="../widgets/status_fields.py" line="139"/>
        <source>Architecture: {arch}</source>
        <translation>网络架构：{arch}</translation>
    </message>
    <message>
        <location filename="../widgets/status_fields.py" line="140"/>
        <source>Parameters: {count}</source>
        <translation>参数量：{count}</translation>
    </message>
    <message>
        <location filename="../widgets/status_fields.py" line="145"/>
        <source>Validation accuracy when trained: {percent}</source>
        <translation>训练时的验证集准确率：{percent}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="316"/>
        <source>Loading model {name}…</source>
        <translation>正在加载模型 {name}…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="318"/>
        <source>Starting TensorFlow…
Open a model (Ctrl+M) or drop a .keras file</source>
        <translation>正在启动 TensorFlow…
打开模型（Ctrl+M）或拖入 .keras 文件</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="320"/>
        <source>Open a model (Ctrl+M) or drop a .keras file</source>
        <translation>打开模型（Ctrl+M）或拖入 .keras 文件</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="322"/>
        <source>Drop an image here, or open one (Ctrl+O)</source>
        <translation>将图像拖到此处，或打开图像（Ctrl+O）</translation>
    </message>
    <message>
        <location filename="../widgets/image_panel.py" line="153"/>
        <source>Open a model (Ctrl+M) or drop a .keras file to classify this image</source>
        <translation>打开模型（Ctrl+M）或拖入 .keras 文件，即可对这张图像分类</translation>
    </message>
    <message>
        <location filename="../widgets/image_panel.py" line="156"/>
        <source>No model loaded</source>
        <translation>尚未加载模型</translation>
    </message>
    <message>
        <location filename="../widgets/image_panel.py" line="158"/>
        <source>No image yet</source>
        <translation>尚无图像</translation>
    </message>
    <message>
        <location filename="../widgets/inspect_panel.py" line="102"/>
        <source>Open a model to see its layers</source>
        <translation>打开模型后可查看其各层</translation>
    </message>
    <message>
        <location filename="../widgets/inspect_panel.py" line="106"/>
        <source>Choose a layer in the list above</source>
        <translation>请在上方列表中选择一层</translation>
    </message>
    <message>
        <location filename="../widgets/inspect_panel.py" line="108"/>
        <source>Open an image to see this layer&apos;s feature maps</source>
        <translation>打开图像后可查看该层的特征图</translation>
    </message>
    <message>
        <location filename="../widgets/inspect_panel.py" line="110"/>
        <source>Layer {layer} has no feature maps to show</source>
        <translation>层 {layer} 没有可显示的特征图</translation>
    </message>
    <message>
        <location filename="../widgets/inspect_panel.py" line="114"/>
        <source>Choose a convolution layer to see its filters</source>
        <translation>选择一个卷积层即可查看其卷积核</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="411"/>
        <source>{folder}: no image files found (looked for {extensions})</source>
        <translation>{folder}：未找到图像文件（支持的扩展名：{extensions}）</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="385"/>
        <source>Open a model first (Ctrl+M), then classify a folder</source>
        <translation>请先打开模型（Ctrl+M），再对文件夹分类</translation>
    </message>
    <message>
        <location filename="../light_calibration.py" line="106"/>
        <source>Keras models (*.keras)</source>
        <translation>Keras 模型 (*.keras)</translation>
    </message>
    <message>
        <location filename="../window_dialogs.py" line="208"/>
        <source>About TongueLens</source>
        <translation>关于 TongueLens</translation>
    </message>
    <message>
        <location filename="../window_dialogs.py" line="194"/>
        <source>&lt;h3&gt;TongueLens&lt;/h3&gt;&lt;p&gt;Train image classifiers on your own photos and look inside them: feature maps, filters and Grad-CAM for every layer.&lt;/p&gt;&lt;p&gt;The bundled demo model was trained on &lt;b&gt;synthetic&lt;/b&gt; tongue images. TongueLens is a tool for learning and research, &lt;b&gt;not a medical device&lt;/b&gt;: do not use it to diagnose.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;TongueLens&lt;/h3&gt;&lt;p&gt;用您自己的照片训练图像分类器，并逐层观察网络内部：特征图、卷积核，以及 Grad-CAM 热力图。&lt;/p&gt;&lt;p&gt;随附的演示模型是用&lt;b&gt;合成的&lt;/b&gt;舌象图像训练的。TongueLens 是用于学习和研究的工具，&lt;b&gt;不是医疗器械&lt;/b&gt;：请勿用于诊断。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/recent_menu.py" line="53"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../widgets/status_fields.py" line="81"/>
        <source>Starting TensorFlow…</source>
        <translation>正在启动 TensorFlow…</translation>
    </message>
    <message>
        <location filename="../widgets/status_fields.py" line="82"/>
        <source>Loading model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <location filename="../widgets/status_fields.py" line="83"/>
        <source>Classifying…</source>
        <translation>正在分类…</translation>
    </message>
    <message>
        <location filename="../widgets/status_fields.py" line="84"/>
        <source>Computing feature maps…</source>
        <translation>正在计算特征图…</translation>
    </message>
    <message>
        <location filename="../widgets/status_fields.py" line="85"/>
        <source>Drawing filters…</source>
        <translation>正在绘制卷积核…</translation>
    </message>
    <message>
        <location filename="../widgets/status_fields.py" line="86"/>
        <source>Computing Grad-CAM…</source>
        <translation>正在计算 Grad-CAM…</translation>
    </message>
    <message>
        <location filename="../widgets/status_fields.py" line="87"/>
        <source>Classifying folder…</source>
        <translation>正在对文件夹分类…</translation>
    </message>
    <message>
        <location filename="../widgets/status_fields.py" line="93"/>
        <source>Working…</source>
        <translation>处理中…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="498"/>
        <source>Loading {name}…</source>
        <translation>正在加载 {name}…</translation>
    </message>
    <message>
        <location filename="../window_dialogs.py" line="170"/>
        <source>A model is training. Stop the training and quit? The best model so far is kept.</source>
        <translation>模型正在训练。要停止训练并退出吗？目前最好的模型会被保留。</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="523"/>
        <source>Model loaded in {seconds} s</source>
        <translation>模型已加载，用时 {seconds} 秒</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="253"/>
        <source>Export Mo&amp;del…</source>
        <translation>导出模型(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="253"/>
        <source>Export the model for phones, servers or ONNX</source>
        <translation>导出模型，用于手机、服务器或 ONNX</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="251"/>
        <source>Save &amp;Report…</source>
        <translation>保存报告(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="251"/>
        <source>Save a one-page report of this photo (every reading, its Grad-CAM, the model) as HTML and PDF</source>
        <translation>将这张照片的单页报告（每项判读、其 Grad-CAM、模型）保存为 HTML 和 PDF</translation>
    </message>
    <message>
        <location filename="../widgets/status_fields.py" line="88"/>
        <source>Writing the report…</source>
        <translation>正在写报告…</translation>
    </message>
    <message>
        <location filename="../widgets/status_fields.py" line="110"/>
        <source>{count} attributes: {names}</source>
        <translation>{count} 个属性：{names}</translation>
    </message>
    <message>
        <location filename="../widgets/status_fields.py" line="162"/>
        <source>{percent} ({right}/{images} images right; 95 % CI {low}–{high})</source>
        <translation>{percent}（{images} 张中 {right} 张正确；95% 置信区间 {low}–{high}）</translation>
    </message>
    <message>
        <location filename="../widgets/status_fields.py" line="170"/>
        <source>Cross-validation, {folds} folds: mean {mean}, standard deviation {std} points; all images together {pooled}</source>
        <translation>交叉验证（{folds} 折）：平均 {mean}，标准差 {std} 个百分点；全部图像合计 {pooled}</translation>
    </message>
    <message>
        <location filename="../light_calibration.py" line="61"/>
        <source>Calibrate &amp;Light from Photos…</source>
        <translation>根据照片校准光线(&amp;L)…</translation>
    </message>
    <message>
        <location filename="../light_calibration.py" line="67"/>
        <source>Cl&amp;ear Light Calibration</source>
        <translation>清除光线校准(&amp;E)</translation>
    </message>
    <message>
        <location filename="../light_calibration.py" line="68"/>
        <source>Use the photos as they are again</source>
        <translation>重新按原样使用照片</translation>
    </message>
    <message>
        <location filename="../light_calibration.py" line="80"/>
        <source>Photos Taken under Your Lamp</source>
        <translation>在您的灯光下拍摄的照片</translation>
    </message>
    <message>
        <location filename="../light_calibration.py" line="143"/>
        <source>Calibrating the light: {done} of {total} photos read</source>
        <translation>正在校准光线：已读取 {done}/{total} 张照片</translation>
    </message>
    <message>
        <location filename="../light_calibration.py" line="156"/>
        <source>{count} unreadable photos were left out of the calibration</source>
        <translation>{count} 张无法读取的照片未计入校准</translation>
    </message>
    <message>
        <location filename="../light_calibration.py" line="184"/>
        <source>Light: calibrated ({count} photos)</source>
        <translation>光线：已校准（{count} 张照片）</translation>
    </message>
    <message>
        <location filename="../light_calibration.py" line="187"/>
        <source>From: {folder}</source>
        <translation>来源：{folder}</translation>
    </message>
    <message>
        <location filename="../widgets/status_fields.py" line="89"/>
        <source>Calibrating the light…</source>
        <translation>正在校准光线…</translation>
    </message>
    <message>
        <location filename="../light_calibration.py" line="62"/>
        <source>Correct every photo to the training photos&apos; light, estimated from a folder of photos of 20 or more patients (a usual mix, not only pale or only red tongues) taken under your lamp and camera</source>
        <translation>把每张照片校正到训练照片的光线；光线由一个文件夹中 20 位或更多患者（通常的混合，不要只有淡白舌或只有红舌）、在您的灯光和相机下拍摄的照片估计</translation>
    </message>
    <message>
        <location filename="../light_calibration.py" line="71"/>
        <source>Save &amp;Calibrated Copy…</source>
        <translation>保存已校准的副本(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../light_calibration.py" line="72"/>
        <source>Write a copy of the model file that applies this light calibration itself: for another computer under the same lamp, or for an export</source>
        <translation>写出一份自带此光线校准的模型文件副本：供同一灯光下的另一台电脑使用，或用于导出</translation>
    </message>
    <message>
        <location filename="../light_calibration.py" line="106"/>
        <source>Save Calibrated Copy</source>
        <translation>保存已校准的副本</translation>
    </message>
    <message>
        <location filename="../light_calibration.py" line="119"/>
        <source>{name}: choose another name; the open model file is never changed</source>
        <translation>{name}：请换一个文件名；打开的模型文件永远不会被改动</translation>
    </message>
    <message>
        <location filename="../light_calibration.py" line="126"/>
        <source>Saved {name}: it applies the light calibration itself, in the app, plain Keras and exports</source>
        <translation>已保存 {name}：它自带光线校准，在本程序、普通 Keras 和导出文件中都会应用</translation>
    </message>
    <message>
        <location filename="../light_calibration.py" line="190"/>
        <source>Carried in the model file</source>
        <translation>保存在模型文件中</translation>
    </message>
    <message>
        <location filename="../widgets/status_fields.py" line="90"/>
        <source>Saving the calibrated model…</source>
        <translation>正在保存已校准的模型…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="247"/>
        <source>E&amp;valuate on Labelled Photos…</source>
        <translation>在已标注照片上评估(&amp;V)…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="247"/>
        <source>Measure the model on photos it never trained on: accuracy, confusion matrix, other light, or another model on the same photos</source>
        <translation>在模型从未训练过的照片上衡量它：准确率、混淆矩阵、其他光照，或同一批照片上的另一个模型</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="273"/>
        <source>Evaluate</source>
        <translation>评估</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="255"/>
        <source>As the &amp;Model Sees It</source>
        <translation>模型看到的图像(&amp;M)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="255"/>
        <source>Show the model&apos;s input instead of the photo: at its size, after its colour correction</source>
        <translation>显示模型的输入而非原照片：按模型的输入尺寸，经过颜色校正之后</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="257"/>
        <source>Tongue &amp;Outline</source>
        <translation>舌体轮廓(&amp;O)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="257"/>
        <source>Draw the tongue&apos;s outline over the photo</source>
        <translation>在照片上画出舌体轮廓</translation>
    </message>
    <message>
        <location filename="../widgets/status_fields.py" line="91"/>
        <source>Checking the weights file…</source>
        <translation>正在检查权重文件…</translation>
    </message>
    <message>
        <location filename="../widgets/recent_menu.py" line="35"/>
        <source>Forget the recent models</source>
        <translation>清除最近的模型列表</translation>
    </message>
    <message>
        <location filename="../widgets/recent_menu.py" line="36"/>
        <source>Forget the recent folders</source>
        <translation>清除最近的文件夹列表</translation>
    </message>
    <message>
        <location filename="../window_dialogs.py" line="57"/>
        <source>Training failed: open Train (Ctrl+T) to see why</source>
        <translation>训练失败：打开“训练”（Ctrl+T）查看原因</translation>
    </message>
    <message>
        <location filename="../window_dialogs.py" line="59"/>
        <source>Training cancelled before its first epoch ended: no model</source>
        <translation>训练在第一轮结束前已取消：没有得到模型</translation>
    </message>
    <message>
        <location filename="../window_dialogs.py" line="61"/>
        <source>Training cancelled: the best model so far is saved as {path}</source>
        <translation>训练已取消：目前最好的模型已保存为 {path}</translation>
    </message>
    <message>
        <location filename="../window_dialogs.py" line="62"/>
        <source>Training finished: the model is saved as {path}</source>
        <translation>训练完成：模型已保存为 {path}</translation>
    </message>
    <message>
        <location filename="../window_dialogs.py" line="63"/>
        <source>Open Train (Ctrl+T) for its evaluation and Use This Model</source>
        <translation>打开“训练”（Ctrl+T）查看其评估结果，并可“使用此模型”</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="261"/>
        <source>&amp;Inspect Tab</source>
        <translation>逐层查看标签页(&amp;I)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="261"/>
        <source>Show the layers, feature maps and filters</source>
        <translation>显示各层、特征图和滤波器</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="262"/>
        <source>&amp;Batch Tab</source>
        <translation>批量分类标签页(&amp;B)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="262"/>
        <source>Show the folder&apos;s classification table</source>
        <translation>显示文件夹的分类结果表</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="263"/>
        <source>&amp;User Guide</source>
        <translation>用户指南(&amp;U)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="263"/>
        <source>Open the user guide (the README) in your browser or editor</source>
        <translation>在浏览器或编辑器中打开用户指南（说明文件）</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="280"/>
        <source>Recent &amp;Photos</source>
        <translation>最近的照片(&amp;P)</translation>
    </message>
    <message>
        <location filename="../widgets/recent_menu.py" line="36"/>
        <source>Forget the recent photos</source>
        <translation>清除最近的照片列表</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="264"/>
        <source>&amp;Reset Window Layout</source>
        <translation>重置窗口布局(&amp;R)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="264"/>
        <source>Put the window&apos;s size, its panes and the view&apos;s switches back as on a first start</source>
        <translation>把窗口大小、各窗格和视图开关恢复为首次启动时的样子</translation>
    </message>
    <message>
        <location filename="../window_dialogs.py" line="172"/>
        <source>A folder is being classified. Stop the classification and quit?</source>
        <translation>正在对一个文件夹进行分类。要停止分类并退出吗？</translation>
    </message>
    <message>
        <location filename="../window_dialogs.py" line="173"/>
        <source>An evaluation is running. Stop the evaluation and quit?</source>
        <translation>正在进行评估。要停止评估并退出吗？</translation>
    </message>
    <message>
        <location filename="../window_dialogs.py" line="176"/>
        <source>Training a model (the best model so far is kept)</source>
        <translation>正在训练模型（目前最好的模型会被保留）</translation>
    </message>
    <message>
        <location filename="../window_dialogs.py" line="177"/>
        <source>Classifying a folder</source>
        <translation>正在对文件夹分类</translation>
    </message>
    <message>
        <location filename="../window_dialogs.py" line="178"/>
        <source>Evaluating a model on labelled photos</source>
        <translation>正在用已标注的照片评估模型</translation>
    </message>
    <message>
        <location filename="../window_dialogs.py" line="180"/>
        <source>Still running:
{work}

Stop all of it and quit?</source>
        <translation>仍在进行：
{work}

要全部停止并退出吗？</translation>
    </message>
    <message>
        <location filename="../window_dialogs.py" line="203"/>
        <source>&lt;p&gt;Settings file:&lt;br&gt;{settings}&lt;/p&gt;&lt;p&gt;No log file: warnings go to the terminal.&lt;/p&gt;</source>
        <translation>&lt;p&gt;设置文件：&lt;br&gt;{settings}&lt;/p&gt;&lt;p&gt;没有日志文件：警告输出到终端。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../window_dialogs.py" line="206"/>
        <source>&lt;p&gt;Settings file:&lt;br&gt;{settings}&lt;/p&gt;&lt;p&gt;Log file:&lt;br&gt;{log}&lt;/p&gt;</source>
        <translation>&lt;p&gt;设置文件：&lt;br&gt;{settings}&lt;/p&gt;&lt;p&gt;日志文件：&lt;br&gt;{log}&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <location filename="../widgets/message_bar.py" line="34"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>ModelViewToggle</name>
    <message>
        <location filename="../widgets/model_view_toggle.py" line="64"/>
        <source>As the model sees it</source>
        <translation>模型看到的图像</translation>
    </message>
    <message>
        <location filename="../widgets/model_view_toggle.py" line="65"/>
        <source>Show the image the model takes in: scaled to its input size and after its colour correction, the picture the feature maps and Grad-CAM are computed from</source>
        <translation>显示模型的输入图像：缩放到输入尺寸并经过颜色校正，特征图和 Grad-CAM 都由它计算</translation>
    </message>
    <message>
        <location filename="../widgets/model_view_toggle.py" line="78"/>
        <source>{width}×{height}, colour corrected ({mode})</source>
        <translation>{width}×{height}，已颜色校正（{mode}）</translation>
    </message>
    <message>
        <location filename="../widgets/model_view_toggle.py" line="83"/>
        <source>{width}×{height}, no colour correction in this model</source>
        <translation>{width}×{height}，此模型没有颜色校正</translation>
    </message>
    <message>
        <location filename="../widgets/model_view_toggle.py" line="75"/>
        <source>{width}×{height}, light calibrated, colour corrected ({mode})</source>
        <translation>{width}×{height}，光线已校准，已做颜色校正（{mode}）</translation>
    </message>
    <message>
        <location filename="../widgets/model_view_toggle.py" line="81"/>
        <source>{width}×{height}, light calibrated</source>
        <translation>{width}×{height}，光线已校准</translation>
    </message>
    <message>
        <location filename="../widgets/model_view_toggle.py" line="85"/>
        <source>{caption}; in gray: the model reads one channel</source>
        <translation>{caption}；灰度显示：模型只读取一个通道</translation>
    </message>
</context>
<context>
    <name>ModelWorker</name>
    <message>
        <location filename="../model_worker.py" line="81"/>
        <source>TensorFlow could not be started: {reason}</source>
        <translation>无法启动 TensorFlow：{reason}</translation>
    </message>
    <message>
        <location filename="../model_worker.py" line="348"/>
        <source>Inspection is not available in this install</source>
        <translation>当前安装不支持逐层查看</translation>
    </message>
    <message>
        <location filename="../model_worker.py" line="354"/>
        <source>{name}: cannot inspect this model ({reason})</source>
        <translation>{name}：无法逐层查看此模型（{reason}）</translation>
    </message>
</context>
<context>
    <name>Opener</name>
    <message>
        <location filename="../opening.py" line="30"/>
        <source>Open Model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <location filename="../opening.py" line="30"/>
        <source>Keras models (*.keras)</source>
        <translation>Keras 模型 (*.keras)</translation>
    </message>
    <message>
        <location filename="../opening.py" line="39"/>
        <source>Open Image</source>
        <translation>打开图像</translation>
    </message>
    <message>
        <location filename="../opening.py" line="39"/>
        <source>Images ({patterns})</source>
        <translation>图像 ({patterns})</translation>
    </message>
    <message>
        <location filename="../opening.py" line="48"/>
        <source>Classify Folder</source>
        <translation>对文件夹分类</translation>
    </message>
</context>
<context>
    <name>PerClassTable</name>
    <message>
        <location filename="../widgets/per_class_table.py" line="23"/>
        <source>Precision</source>
        <translation>精确率</translation>
    </message>
    <message>
        <location filename="../widgets/per_class_table.py" line="23"/>
        <source>Recall (right/images)</source>
        <translation>召回率（正确/图像数）</translation>
    </message>
    <message>
        <location filename="../widgets/per_class_table.py" line="23"/>
        <source>Recall: 95 % CI</source>
        <translation>召回率：95% 置信区间</translation>
    </message>
    <message>
        <location filename="../widgets/per_class_table.py" line="23"/>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <location filename="../widgets/per_class_table.py" line="23"/>
        <source>Images</source>
        <translation>图像数</translation>
    </message>
</context>
<context>
    <name>PredictionPanel</name>
    <message>
        <location filename="../widgets/prediction_panel.py" line="107"/>
        <source>Prediction</source>
        <translation>预测结果</translation>
    </message>
    <message>
        <location filename="../widgets/prediction_panel.py" line="117"/>
        <source>{label}  ·  {percent}</source>
        <translation>{label}  ·  {percent}</translation>
    </message>
    <message>
        <location filename="../widgets/prediction_panel.py" line="123"/>
        <source>Classified in {ms} ms</source>
        <translation>分类用时 {ms} 毫秒</translation>
    </message>
    <message>
        <location filename="../widgets/prediction_panel.py" line="205"/>
        <source>{attribute}: {label}  ·  {percent}</source>
        <translation>{attribute}：{label}  ·  {percent}</translation>
    </message>
    <message>
        <location filename="../widgets/prediction_panel.py" line="144"/>
        <source>Lighting distance {distance} (warning above {threshold}).</source>
        <translation>光照距离 {distance}（超过 {threshold} 时提示）。</translation>
    </message>
    <message>
        <location filename="../widgets/prediction_panel.py" line="149"/>
        <source>If your photos now come from another lamp or camera, calibrate the light from photos taken under it: Model &gt; Calibrate Light from Photos (Ctrl+L).</source>
        <translation>如果您的照片现在来自另一种灯光或相机，请用在其下拍摄的照片校准光线：模型 &gt; 根据照片校准光线 (Ctrl+L)。</translation>
    </message>
    <message>
        <location filename="../widgets/prediction_panel.py" line="160"/>
        <source>Calibrate the light from the photos in “{folder}”…</source>
        <translation>根据“{folder}”中的照片校准光线…</translation>
    </message>
    <message>
        <location filename="../widgets/prediction_panel.py" line="162"/>
        <source>Estimate this lamp from the photos of this folder (a usual mix of patients, all under this lamp) and correct every photo to the training photos&apos; light</source>
        <translation>根据此文件夹中的照片（同一灯光下、各类患者混合）估计这盏灯的光线，并把每张照片校正到训练照片的光线</translation>
    </message>
</context>
<context>
    <name>ResultSaver</name>
    <message>
        <location filename="../saving.py" line="43"/>
        <source>Export Results</source>
        <translation>导出结果</translation>
    </message>
    <message>
        <location filename="../saving.py" line="43"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../saving.py" line="57"/>
        <source>Nothing to export yet: classify an image or a folder first</source>
        <translation>尚无可导出的结果：请先对图像或文件夹分类</translation>
    </message>
    <message>
        <location filename="../saving.py" line="64"/>
        <source>Saved {count} results to {path}</source>
        <translation>已将 {count} 条结果保存到 {path}</translation>
    </message>
    <message>
        <location filename="../saving.py" line="95"/>
        <source>Open a model and a photo first: the report is of the photo on screen</source>
        <translation>请先打开模型和照片：报告针对屏幕上的照片</translation>
    </message>
    <message>
        <location filename="../saving.py" line="81"/>
        <source>Save Report</source>
        <translation>保存报告</translation>
    </message>
    <message>
        <location filename="../saving.py" line="81"/>
        <source>Web pages (*.html)</source>
        <translation>HTML 网页 (*.html)</translation>
    </message>
    <message>
        <location filename="../saving.py" line="101"/>
        <source>Writing the report of {name}…</source>
        <translation>正在写 {name} 的报告…</translation>
    </message>
    <message>
        <location filename="../saving.py" line="109"/>
        <source>Saved the report as {html} and {pdf}</source>
        <translation>报告已保存为 {html} 和 {pdf}</translation>
    </message>
</context>
<context>
    <name>TonguePanel</name>
    <message>
        <location filename="../widgets/tongue_panel.py" line="47"/>
        <source>Tongue outline</source>
        <translation>舌体轮廓</translation>
    </message>
    <message>
        <location filename="../widgets/tongue_panel.py" line="48"/>
        <source>Draw the tongue&apos;s outline over the photo (found by the model&apos;s own segmenter, or by the bundled one)</source>
        <translation>在照片上画出舌体轮廓（由模型自带的分割模型找到，或由内置的分割模型找到）</translation>
    </message>
    <message>
        <location filename="../widgets/tongue_panel.py" line="50"/>
        <source>The model saw:</source>
        <translation>模型看到的：</translation>
    </message>
    <message>
        <location filename="../widgets/tongue_panel.py" line="96"/>
        <source>No tongue found in this photo: the model saw the whole photo</source>
        <translation>这张照片中没有找到舌体：模型看到的是整张照片</translation>
    </message>
    <message>
        <location filename="../widgets/tongue_panel.py" line="96"/>
        <source>No tongue found in this photo</source>
        <translation>这张照片中没有找到舌体</translation>
    </message>
    <message>
        <location filename="../widgets/tongue_panel.py" line="100"/>
        <source>This model classifies the photo cut to the tongue</source>
        <translation>此模型对裁剪到舌体的照片进行分类</translation>
    </message>
</context>
<context>
    <name>TrainDialog</name>
    <message>
        <location filename="../widgets/train_dialog.py" line="263"/>
        <source>Train a Model</source>
        <translation>训练模型</translation>
    </message>
    <message>
        <location filename="../widgets/train_dialog.py" line="264"/>
        <source>Setup</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../widgets/train_dialog.py" line="265"/>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <location filename="../widgets/train_dialog.py" line="266"/>
        <source>Start Training</source>
        <translation>开始训练</translation>
    </message>
    <message>
        <location filename="../widgets/train_dialog.py" line="267"/>
        <source>Cancel Training</source>
        <translation>取消训练</translation>
    </message>
    <message>
        <location filename="../widgets/train_dialog.py" line="268"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../widgets/train_dialog.py" line="269"/>
        <source>Hide this window; training goes on</source>
        <translation>隐藏此窗口；训练会继续进行</translation>
    </message>
    <message>
        <location filename="../widgets/data_folder_panel.py" line="111"/>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../widgets/weights_panel.py" line="83"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../widgets/data_folder_panel.py" line="252"/>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../widgets/data_folder_panel.py" line="252"/>
        <source>Images</source>
        <translation>图像数</translation>
    </message>
    <message>
        <location filename="../widgets/train_dialog.py" line="270"/>
        <source>Training</source>
        <translation>训练设置</translation>
    </message>
    <message>
        <location filename="../widgets/train_dialog.py" line="271"/>
        <source>Image size (px):</source>
        <translation>图像尺寸（像素）：</translation>
    </message>
    <message>
        <location filename="../widgets/train_dialog.py" line="271"/>
        <source>Epochs:</source>
        <translation>训练轮数：</translation>
    </message>
    <message>
        <location filename="../widgets/train_dialog.py" line="271"/>
        <source>Batch size:</source>
        <translation>批大小：</translation>
    </message>
    <message>
        <location filename="../widgets/train_dialog.py" line="271"/>
        <source>Validation share:</source>
        <translation>验证集比例：</translation>
    </message>
    <message>
        <location filename="../widgets/train_dialog.py" line="271"/>
        <source>Augmentation:</source>
        <translation>数据增强：</translation>
    </message>
    <message>
        <location filename="../widgets/train_dialog.py" line="271"/>
        <source>Save run in:</source>
        <translation>保存位置：</translation>
    </message>
    <message>
        <location filename="../widgets/architecture_panel.py" line="114"/>
        <source>Architecture</source>
        <translation>网络架构</translation>
    </message>
    <message>
        <location filename="../widgets/architecture_panel.py" line="115"/>
        <source>Pattern (type below)</source>
        <translation>结构式（在下方输入）</translation>
    </message>
    <message>
        <location filename="../widgets/data_folder_panel.py" line="317"/>
        <source>Data Folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <location filename="../widgets/train_dialog.py" line="380"/>
        <source>Save Run In</source>
        <translation>选择保存位置</translation>
    </message>
    <message>
        <location filename="../widgets/data_folder_panel.py" line="208"/>
        <source>Checking the images…</source>
        <translation>正在检查图像…</translation>
    </message>
    <message>
        <location filename="../widgets/data_folder_panel.py" line="210"/>
        <source>Choose a folder that holds one sub-folder of images per class.</source>
        <translation>请选择一个文件夹，其中每个类别的图像各放在一个子文件夹中。</translation>
    </message>
    <message>
        <location filename="../widgets/data_folder_panel.py" line="216"/>
        <source>{classes} classes, {images} images</source>
        <translation>{classes} 个类别，{images} 张图像</translation>
    </message>
    <message>
        <location filename="../widgets/data_folder_panel.py" line="236"/>
        <source>Skipped files: {skipped}   Warnings: {warnings}</source>
        <translation>跳过的文件：{skipped}   警告：{warnings}</translation>
    </message>
    <message>
        <location filename="../widgets/train_dialog.py" line="520"/>
        <source>Training: {phase}</source>
        <translation>训练：{phase}</translation>
    </message>
    <message>
        <location filename="../widgets/train_dialog.py" line="293"/>
        <source>&lt;date-time&gt;</source>
        <translation>&lt;日期-时间&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/architecture_panel.py" line="292"/>
        <source>Preset {name}, made for {shape} images: computing its layer table…</source>
        <translation>预设 {name}，适用于 {shape} 的图像：正在计算其逐层表格…</translation>
    </message>
    <message>
        <location filename="../widgets/architecture_panel.py" line="246"/>
        <source>The layer table could not be computed</source>
        <translation>无法计算逐层表格</translation>
    </message>
    <message>
        <location filename="../widgets/train_dialog.py" line="289"/>
        <source>Flip, rotate, zoom, contrast</source>
        <translation>翻转、旋转、缩放、对比度</translation>
    </message>
    <message>
        <location filename="../widgets/train_dialog.py" line="290"/>
        <source>While training, show each image randomly flipped, slightly rotated and zoomed, with its contrast and brightness changed: the model learns what does not change the class</source>
        <translation>训练时随机翻转每张图像、小角度旋转并缩放，改变其对比度和亮度：模型由此学会哪些变化不影响类别</translation>
    </message>
    <message>
        <location filename="../widgets/weights_panel.py" line="78"/>
        <source>Start from:</source>
        <translation>起始权重：</translation>
    </message>
    <message>
        <location filename="../widgets/weights_panel.py" line="79"/>
        <source>Random weights (from scratch)</source>
        <translation>随机权重（从头训练）</translation>
    </message>
    <message>
        <location filename="../widgets/weights_panel.py" line="80"/>
        <source>A weights file…</source>
        <translation>权重文件…</translation>
    </message>
    <message>
        <location filename="../widgets/weights_panel.py" line="82"/>
        <source>No-top weights file (.h5) of this backbone</source>
        <translation>此骨干网络不含顶层的权重文件（.h5）</translation>
    </message>
    <message>
        <location filename="../widgets/weights_panel.py" line="120"/>
        <source>Choose the weights file</source>
        <translation>请选择权重文件</translation>
    </message>
    <message>
        <location filename="../widgets/weights_panel.py" line="122"/>
        <source>{path}: file not found</source>
        <translation>{path}：找不到文件</translation>
    </message>
    <message>
        <location filename="../widgets/weights_panel.py" line="199"/>
        <source>Pretrained on ImageNet</source>
        <translation>ImageNet 预训练</translation>
    </message>
    <message>
        <location filename="../widgets/weights_panel.py" line="201"/>
        <source>Pretrained on ImageNet (downloaded)</source>
        <translation>ImageNet 预训练（已下载）</translation>
    </message>
    <message>
        <location filename="../widgets/weights_panel.py" line="203"/>
        <source>Pretrained on ImageNet ({size} MB download)</source>
        <translation>ImageNet 预训练（需下载 {size} MB）</translation>
    </message>
    <message>
        <location filename="../widgets/weights_panel.py" line="212"/>
        <source>Pretrained weights exist for the backbones: {names}</source>
        <translation>只有这些骨干网络有预训练权重：{names}</translation>
    </message>
    <message>
        <location filename="../widgets/weights_panel.py" line="219"/>
        <source>ImageNet weights of {name} already in Keras&apos;s cache: {path}</source>
        <translation>{name} 的 ImageNet 权重已在 Keras 缓存中：{path}</translation>
    </message>
    <message>
        <location filename="../widgets/weights_panel.py" line="223"/>
        <source>Needs network access once: about {size} MB are downloaded into {folder}. Without network, download {url} elsewhere and choose it as a weights file</source>
        <translation>需要联网一次：约 {size} MB 将下载到 {folder}。没有网络时，请在其他机器上下载 {url}，再把它选为权重文件</translation>
    </message>
    <message>
        <location filename="../widgets/weights_panel.py" line="237"/>
        <source>{name} learns from random weights: slower, and it needs more photos than a pretrained start</source>
        <translation>{name} 从随机权重开始学习：比预训练起点更慢，也需要更多照片</translation>
    </message>
    <message>
        <location filename="../widgets/weights_panel.py" line="241"/>
        <source>Weights File</source>
        <translation>权重文件</translation>
    </message>
    <message>
        <location filename="../widgets/weights_panel.py" line="241"/>
        <source>Weights files (*.h5 *.hdf5)</source>
        <translation>权重文件 (*.h5 *.hdf5)</translation>
    </message>
    <message>
        <location filename="../widgets/weights_panel.py" line="235"/>
        <source>Keras&apos;s {file}, or the .weights.h5 of {application} saved without its top</source>
        <translation>Keras 的 {file}，或从 {application}（不含顶层）保存的权重文件</translation>
    </message>
    <message>
        <location filename="../widgets/data_folder_panel.py" line="112"/>
        <source>Folder with one sub-folder per class, or the photos of a labels table</source>
        <translation>每个类别一个子文件夹的文件夹，或标签表的照片文件夹</translation>
    </message>
    <message>
        <location filename="../widgets/data_folder_panel.py" line="118"/>
        <source>Labels table:</source>
        <translation>标签表：</translation>
    </message>
    <message>
        <location filename="../widgets/data_folder_panel.py" line="119"/>
        <source>Optional: .csv, .tsv or .xlsx, one row per photo, one column per attribute</source>
        <translation>可选：.csv、.tsv 或 .xlsx，每张照片一行，每个属性一列</translation>
    </message>
    <message>
        <location filename="../widgets/data_folder_panel.py" line="121"/>
        <source>A table with one row per photo: a column names the photo in the folder (the column image, else the first) and every other column is an attribute; a blank cell, NA or - means not labelled. One model learns every attribute.</source>
        <translation>每张照片一行的表格：一列指明文件夹中的照片（名为 image 的列，否则为第一列），其余每列为一个属性；空白单元格、NA 或 - 表示未标注。一个模型学习所有属性。</translation>
    </message>
    <message>
        <location filename="../widgets/data_folder_panel.py" line="252"/>
        <source>Attribute</source>
        <translation>属性</translation>
    </message>
    <message>
        <location filename="../widgets/data_folder_panel.py" line="254"/>
        <source>{attributes} attributes, {images} photos (labels table read as {encoding})</source>
        <translation>{attributes} 个属性，{images} 张照片（标签表按 {encoding} 读取）</translation>
    </message>
    <message>
        <location filename="../widgets/data_folder_panel.py" line="263"/>
        <source>blank (not labelled)</source>
        <translation>空白（未标注）</translation>
    </message>
    <message>
        <location filename="../widgets/data_folder_panel.py" line="310"/>
        <source>Labels Table</source>
        <translation>标签表</translation>
    </message>
    <message>
        <location filename="../widgets/data_folder_panel.py" line="310"/>
        <source>Labels tables (*.csv *.tsv *.txt *.xlsx)</source>
        <translation>标签表 (*.csv *.tsv *.txt *.xlsx)</translation>
    </message>
    <message>
        <location filename="../widgets/train_dialog.py" line="271"/>
        <source>Cross-validation:</source>
        <translation>交叉验证：</translation>
    </message>
    <message>
        <location filename="../widgets/train_dialog.py" line="276"/>
        <source>Folds:</source>
        <translation>折数：</translation>
    </message>
    <message>
        <location filename="../widgets/train_dialog.py" line="277"/>
        <source>Train K times, each time validating on another K-th of the images, so that every image is validated once: the table of folds shows how much the accuracy moves, which one validation share cannot. Then the model to keep is trained on every image. Takes about K + 1 times as long.</source>
        <translation>把图像平均分成若干折，每折训练一次，每次用另一折验证，使每张图像都恰好被验证一次：各折的表格显示准确率的波动幅度，这是单一验证集无法给出的。随后用全部图像训练最终保留的模型。耗时约为（折数 + 1）倍。</translation>
    </message>
    <message>
        <location filename="../widgets/train_dialog.py" line="271"/>
        <source>Tongue:</source>
        <translation>舌体：</translation>
    </message>
    <message>
        <location filename="../widgets/train_dialog.py" line="283"/>
        <source>Crop to the tongue</source>
        <translation>裁剪到舌体</translation>
    </message>
    <message>
        <location filename="../widgets/train_dialog.py" line="284"/>
        <source>Cut every photo to the tongue (found by the bundled segmenter) before the model sees it, in training and whenever the model is used later; the model file keeps the segmenter</source>
        <translation>在模型看到之前，把每张照片裁剪到舌体（由内置的分割模型找到），训练时和以后每次使用模型时都如此；模型文件中保存该分割模型</translation>
    </message>
    <message>
        <location filename="../widgets/train_dialog.py" line="284"/>
        <source>Not available: the bundled tongue segmenter is missing from this install</source>
        <translation>不可用：此安装中缺少内置的舌体分割模型</translation>
    </message>
    <message>
        <location filename="../widgets/train_dialog.py" line="271"/>
        <source>Light:</source>
        <translation>光照：</translation>
    </message>
    <message>
        <location filename="../widgets/train_dialog.py" line="308"/>
        <source>Corrected (default)</source>
        <translation>校正（默认）</translation>
    </message>
    <message>
        <location filename="../widgets/train_dialog.py" line="308"/>
        <source>As photographed</source>
        <translation>保留原色</translation>
    </message>
    <message>
        <location filename="../widgets/train_dialog.py" line="308"/>
        <source>Corrected: grey world</source>
        <translation>校正：灰度世界法</translation>
    </message>
    <message>
        <location filename="../widgets/train_dialog.py" line="308"/>
        <source>Corrected: white patch</source>
        <translation>校正：白块法</translation>
    </message>
    <message>
        <location filename="../widgets/train_dialog.py" line="308"/>
        <source>Corrected: shades of grey, power 6</source>
        <translation>校正：灰度阴影法（六次幂）</translation>
    </message>
    <message>
        <location filename="../widgets/train_dialog.py" line="318"/>
        <source>Correcting for the light divides out the colour and brightness of the lamp and trains under random light, so a photo taken under another lamp or phone reads the same. It also divides out part of the tongue&apos;s own colour: colours as photographed read body colour more accurately, if every photo comes from one lamp and one camera, or if the app is calibrated to each new lamp (Model &gt; Calibrate Light from Photos; see the README&apos;s measurements)</source>
        <translation>校正光照会除去灯光的颜色和亮度，并在随机光照下训练，因此在另一种灯光或手机下拍摄的照片读数相同。但它也会除去舌体自身的一部分颜色：如果每张照片都来自同一灯光和同一相机，或者应用已按每种新灯光校准（模型 &gt; 根据照片校准光线），保留拍摄时的颜色读取舌色更准确（见说明文档中的测量）</translation>
    </message>
    <message>
        <location filename="../widgets/train_dialog.py" line="542"/>
        <source>{folder} already holds a run, so this one did not start. Start Training again to save it in {new}, or choose another folder.</source>
        <translation>{folder} 中已有一次训练，因此这次没有开始。再次点击“开始训练”会保存到 {new}，也可以另选文件夹。</translation>
    </message>
    <message>
        <location filename="../widgets/architecture_panel.py" line="297"/>
        <source>Preset {name}, made for {shape} images: {params} parameters for {classes} classes, {macs} multiply-adds per image</source>
        <translation>预设 {name}，适用于 {shape} 的图像：{classes} 个类别时 {params} 个参数，每张图像 {macs} 次乘加</translation>
    </message>
    <message>
        <location filename="../widgets/architecture_panel.py" line="303"/>
        <source>{params} parameters for {classes} classes, {macs} multiply-adds per image</source>
        <translation>{classes} 个类别时 {params} 个参数，每张图像 {macs} 次乘加</translation>
    </message>
    <message>
        <location filename="../widgets/weights_panel.py" line="230"/>
        <source>Checking the weights file…</source>
        <translation>正在检查权重文件…</translation>
    </message>
    <message>
        <location filename="../widgets/weights_panel.py" line="233"/>
        <source>The file fits {name}: weights for {count} layers</source>
        <translation>此文件适用于 {name}：含 {count} 层的权重</translation>
    </message>
    <message>
        <location filename="../widgets/architecture_panel.py" line="116"/>
        <source>A preset network, a cs231n pattern you type, or (below the line) a backbone that can start from pretrained weights</source>
        <translation>预设网络、您输入的结构式，或（分隔线以下）可从预训练权重开始的骨干网络</translation>
    </message>
    <message>
        <location filename="../widgets/data_folder_panel.py" line="115"/>
        <source>One sub-folder per class (its name is the class name), or the photos a labels table names; the folder is only read</source>
        <translation>每个类别一个子文件夹（子文件夹名即类别名），或标签表所列的照片；只会读取此文件夹</translation>
    </message>
    <message>
        <location filename="../widgets/train_dialog.py" line="295"/>
        <source>Every image is resized to this side before the network: larger sees finer detail but trains slower</source>
        <translation>每张图像在进入网络前缩放到此边长：越大看到的细节越多，但训练越慢</translation>
    </message>
    <message>
        <location filename="../widgets/train_dialog.py" line="297"/>
        <source>How many times the run goes through every training image</source>
        <translation>训练遍历全部训练图像的次数</translation>
    </message>
    <message>
        <location filename="../widgets/train_dialog.py" line="298"/>
        <source>Images per training step; smaller needs less memory</source>
        <translation>每个训练步的图像数；越小占用内存越少</translation>
    </message>
    <message>
        <location filename="../widgets/train_dialog.py" line="299"/>
        <source>The share of the images held out of training to measure the model on (drawn per class, seeded)</source>
        <translation>留出不参与训练、用于衡量模型的图像比例（按类别抽取，使用固定种子）</translation>
    </message>
    <message>
        <location filename="../widgets/train_dialog.py" line="301"/>
        <source>A new or empty folder for the run: the model, its report, curves and checkpoints (empty: a new dated folder)</source>
        <translation>用于本次训练的新文件夹或空文件夹：保存模型、报告、曲线和检查点（留空：新建一个以日期命名的文件夹）</translation>
    </message>
    <message>
        <location filename="../widgets/train_dialog.py" line="304"/>
        <source>Train with these settings (the window stays usable)</source>
        <translation>按这些设置开始训练（窗口仍可使用）</translation>
    </message>
    <message>
        <location filename="../widgets/train_dialog.py" line="305"/>
        <source>Stop after the current batch; the best model so far is kept</source>
        <translation>在当前批次后停止；保留目前最好的模型</translation>
    </message>
    <message>
        <location filename="../widgets/weights_panel.py" line="81"/>
        <source>The weights the backbone starts from</source>
        <translation>骨干网络开始训练时使用的权重</translation>
    </message>
    <message>
        <location filename="../widgets/train_dialog.py" line="546"/>
        <source>{folder} already holds other files, so the run did not start there. Start Training again to save it in {new}, or choose another folder.</source>
        <translation>{folder} 中已有其他文件，因此训练没有在那里开始。再次点击“开始训练”会保存到 {new}，也可以另选文件夹。</translation>
    </message>
    <message>
        <location filename="../widgets/architecture_panel.py" line="324"/>
        <source>A window does not fit and is rounded down: {first}</source>
        <translation>有一个窗口铺不满，已向下取整：{first}</translation>
    </message>
    <message>
        <location filename="../widgets/architecture_panel.py" line="325"/>
        <source>{count} windows do not fit and are rounded down: {first}</source>
        <translation>有 {count} 个窗口铺不满，已向下取整：{first}</translation>
    </message>
    <message>
        <location filename="../widgets/architecture_panel.py" line="330"/>
        <source>Keras &apos;same&apos; pads a layer unevenly: {first}</source>
        <translation>Keras 的 same 对一层做了不对称填充：{first}</translation>
    </message>
    <message>
        <location filename="../widgets/architecture_panel.py" line="331"/>
        <source>Keras &apos;same&apos; pads {count} layers unevenly: {first}</source>
        <translation>Keras 的 same 对 {count} 层做了不对称填充：{first}</translation>
    </message>
    <message>
        <location filename="../widgets/architecture_panel.py" line="348"/>
        <source>; also {layers}</source>
        <translation>；另有 {layers}</translation>
    </message>
</context>
<context>
    <name>TrainingProgressView</name>
    <message>
        <location filename="../widgets/training_progress.py" line="185"/>
        <source>Epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="410"/>
        <source>Batch</source>
        <translation>批次</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="190"/>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="191"/>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="191"/>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="193"/>
        <source>train</source>
        <translation>训练集</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="194"/>
        <source>validation</source>
        <translation>验证集</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="195"/>
        <source>running</source>
        <translation>逐批次</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="196"/>
        <source>Results on the validation images</source>
        <translation>验证集上的结果</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="197"/>
        <source>Confusion matrix (rows: true class)</source>
        <translation>混淆矩阵（行：真实类别）</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="198"/>
        <source>Per class</source>
        <translation>各类别指标</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="201"/>
        <source>Use This Model</source>
        <translation>使用此模型</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="351"/>
        <source>Not started</source>
        <translation>尚未开始</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="352"/>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="353"/>
        <source>Stopping after this batch…</source>
        <translation>将在当前批次结束后停止…</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="354"/>
        <source>Finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="355"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="356"/>
        <source>Training failed</source>
        <translation>训练失败</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="357"/>
        <source>Checking the images…</source>
        <translation>正在检查图像…</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="358"/>
        <source>Preparing…</source>
        <translation>正在准备…</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="359"/>
        <source>Evaluating the best model…</source>
        <translation>正在评估最佳模型…</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="366"/>
        <source>Training epoch {epoch} of {epochs}</source>
        <translation>正在训练第 {epoch} 轮（共 {epochs} 轮）</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="368"/>
        <source>Validating epoch {epoch}</source>
        <translation>正在验证第 {epoch} 轮</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="420"/>
        <source>{epoch} of {epochs}</source>
        <translation>{epoch} / {epochs}</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="397"/>
        <source>{batch} of {batches}</source>
        <translation>{batch} / {batches}</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="402"/>
        <source>Elapsed {elapsed}, about {eta} left</source>
        <translation>已用时 {elapsed}，预计还需 {eta}</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="405"/>
        <source>Took {elapsed}</source>
        <translation>用时 {elapsed}</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="435"/>
        <source>loss {value}</source>
        <translation>损失 {value}</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="437"/>
        <source>accuracy {value}</source>
        <translation>准确率 {value}</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="439"/>
        <source>validation loss {value}</source>
        <translation>验证集损失 {value}</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="441"/>
        <source>validation accuracy {value}</source>
        <translation>验证集准确率 {value}</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="456"/>
        <source>Training…</source>
        <translation>正在训练…</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="456"/>
        <source>Results appear here when training ends.</source>
        <translation>训练结束后，结果将显示在这里。</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="460"/>
        <source>No epoch finished, so there is no model to use.</source>
        <translation>没有完成任何一轮训练，因此没有可用的模型。</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="483"/>
        <source>Cancelled; the best model so far was kept.</source>
        <translation>已取消；已保留目前最好的模型。</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="362"/>
        <source>Downloading the weights…</source>
        <translation>正在下载权重…</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="427"/>
        <source>{done} of {total} MB</source>
        <translation>{done} / {total} MB</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="187"/>
        <source>Loss (mean over attributes)</source>
        <translation>损失（各属性的平均）</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="188"/>
        <source>Accuracy (mean over attributes)</source>
        <translation>准确率（各属性的平均）</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="202"/>
        <source>Attribute:</source>
        <translation>属性：</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="543"/>
        <source>{attribute}: accuracy {accuracy}, macro F1 {f1}, ROC-AUC {auc} on {images} photos ({blank} blank)</source>
        <translation>{attribute}：准确率 {accuracy}，宏平均 F1 {f1}，ROC-AUC {auc}，基于 {images} 张照片（{blank} 张空白）</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="581"/>
        <source>warm light {accuracy}</source>
        <translation>暖光 {accuracy}</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="581"/>
        <source>cool light {accuracy}</source>
        <translation>冷光 {accuracy}</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="582"/>
        <source>30 % darker {accuracy}</source>
        <translation>暗 30% {accuracy}</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="589"/>
        <source>Validation photos re-lit: {lights}</source>
        <translation>验证照片换光后：{lights}</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="589"/>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="199"/>
        <source>Cross-validation: each fold validated on images the others trained on</source>
        <translation>交叉验证：每一折都在其他各折训练所用之外的图像上验证</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="344"/>
        <source>Model to keep, on every image: {phase}</source>
        <translation>最终模型（全部图像）：{phase}</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="345"/>
        <source>Fold {fold} of {folds}: {phase}</source>
        <translation>第 {fold} 折（共 {folds} 折）：{phase}</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="615"/>
        <source>⚠ Fewer than {minimum} images validated over the folds: {classes}. Each figure of these classes is uncertain by up to ±{points} points; add images for figures you can trust.</source>
        <translation>⚠ 各折合计参与验证的图像少于 {minimum} 张的类别：{classes}。这些类别的各项指标不确定范围可达 ±{points} 个百分点；请添加图像以获得可信的指标。</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="615"/>
        <source>⚠ Fewer than {minimum} validation images: {classes}. Each figure of these classes is uncertain by up to ±{points} points; add images for figures you can trust.</source>
        <translation>⚠ 验证图像少于 {minimum} 张的类别：{classes}。这些类别的各项指标不确定范围可达 ±{points} 个百分点；请添加图像以获得可信的指标。</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="639"/>
        <source>Stopped before a fold finished; there is no model.</source>
        <translation>在任何一折完成之前已停止；没有模型。</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="670"/>
        <source>Cross-validation, {done} of {folds} folds: accuracy {mean} on average (standard deviation {std} points, {low}–{high}); all images together: {pooled}.</source>
        <translation>交叉验证，已完成 {done}/{folds} 折：平均准确率 {mean}（标准差 {std} 个百分点，{low}–{high}）；全部图像合计：{pooled}。</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="655"/>
        <source>The model kept, trained on every image (expect about the folds&apos; mean on new images), is saved as {path}</source>
        <translation>最终保留的模型用全部图像训练（在新图像上预计约为各折的平均准确率），已保存为 {path}</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="658"/>
        <source>Cancelled while training on every image; its last finished epoch was kept as {path}</source>
        <translation>用全部图像训练时已取消；最后完成的一轮已保存为 {path}</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="661"/>
        <source>Cancelled before the model to keep was trained; the finished folds are in {folder}</source>
        <translation>在训练最终模型之前已取消；已完成的各折保存在 {folder}</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="588"/>
        <source>Re-lit, then the light calibrated: {lights}</source>
        <translation>换光后再校准光线：{lights}</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="528"/>
        <source>The curve read {curve} at that epoch: the kept model&apos;s batch-norm statistics were recomputed for its averaged weights at the end, and the figures above are the kept model&apos;s.</source>
        <translation>该轮次的曲线读数为 {curve}：保留的模型在结束时为其平均权重重新计算了批归一化统计量，上面的指标是保留模型的。</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="409"/>
        <source>Images</source>
        <translation>图像</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="409"/>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="466"/>
        <source>Model saved as {path}</source>
        <translation>模型已保存为 {path}</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="471"/>
        <source>{kept}; validation accuracy {accuracy}.</source>
        <translation>{kept}；验证集准确率 {accuracy}。</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="515"/>
        <source>Kept epoch {best} (stopped after {run} of {epochs} epochs)</source>
        <translation>保留第 {best} 轮（共 {epochs} 轮，在第 {run} 轮后停止）</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="517"/>
        <source>Kept epoch {best} (stopped early after {run} of {epochs} epochs)</source>
        <translation>保留第 {best} 轮（共 {epochs} 轮，在第 {run} 轮后提前停止）</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="519"/>
        <source>Kept epoch {best} of {run}</source>
        <translation>保留第 {best} 轮（共 {run} 轮）</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="614"/>
        <source>{count} classes (see the tooltip)</source>
        <translation>{count} 个类别（见提示）</translation>
    </message>
    <message>
        <location filename="../widgets/training_progress.py" line="646"/>
        <source>{attribute}: {figures}</source>
        <translation>{attribute}：{figures}</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <location filename="../errors.py" line="98"/>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <location filename="../errors.py" line="96"/>
        <source>Something went wrong: {message}

The details are in the log. Your files were not changed.</source>
        <translation>出现问题：{message}

详细信息已写入日志。您的文件未被改动。</translation>
    </message>
    <message>
        <location filename="../errors.py" line="92"/>
        <source>Something went wrong: {message}

The details are in the log, {path}. Your files were not changed.</source>
        <translation>出现问题：{message}

详细信息已写入日志 {path}。您的文件未被改动。</translation>
    </message>
</context>
</TS>
