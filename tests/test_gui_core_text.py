"""The core's messages reach the app in its language, by key, and every key has a Chinese translation."""

import ast
import json
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from core.messages import CATALOGUE, CONTEXT, Message, at_path, placeholders
from gui import core_text, i18n
from tests.gui_helpers import color_dataset

ROOT = Path(__file__).resolve().parents[1]
TS_FILE = ROOT / "gui" / "translations" / "tonguelens_zh_CN.ts"


@pytest.fixture()
def chinese(qapp):
    assert i18n.install_language(qapp, "zh_CN") == "zh_CN"
    yield
    i18n.install_language(qapp, "en")


def core_translations():
    """{English template: Chinese translation} of the .ts's core messages; unfinished ones map to None."""
    [context] = [context for context in ET.parse(TS_FILE).getroot() if context.findtext("name") == CONTEXT]
    translations = {}
    for message in context.findall("message"):
        translation = message.find("translation")
        finished = translation.get("type") not in ("unfinished", "obsolete", "vanished")
        translations[message.findtext("source")] = translation.text if finished and translation.text else None
    return translations


def test_every_key_of_the_core_has_a_chinese_translation():
    translations = core_translations()
    untranslated = sorted(key for key, template in CATALOGUE.items() if not translations.get(template))
    assert untranslated == [], ("keys of core/messages.py without a Chinese translation: run "
                                "scripts/update_translations.sh and translate them", untranslated)
    for key, template in CATALOGUE.items():
        assert placeholders(translations[template]) == placeholders(template), key


def test_the_translations_hold_no_template_the_core_no_longer_has():
    assert set(core_translations()) == set(CATALOGUE.values())


def test_no_regular_expression_reads_the_core_text():
    tree = ast.parse((ROOT / "gui" / "core_text.py").read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))
                for alias in node.names} | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert "re" not in imported


def test_real_core_messages_in_chinese(chinese, tmp_path):
    from core import images
    from training import dataset

    text_file = tmp_path / "笔记.jpg"
    text_file.write_text("not a picture")
    with pytest.raises(images.ImageError) as caught:
        images.load_rgb(text_file)
    assert core_text.localize(caught.value) == f"{text_file}: 不是 Pillow 能读取的图像文件（未知格式）"
    assert core_text.localize(caught.value.reason) == "不是 Pillow 能读取的图像文件（未知格式）"

    scan = dataset.scan_dataset(color_dataset(tmp_path / "data", per_class=4), image_size=(64, 64))
    [small] = [warning for warning in scan.warnings if "smaller" in warning]
    assert core_text.localize(small).startswith("8 张图像小于输入尺寸 64x64，已放大，例如 ")
    assert str(tmp_path / "data") in core_text.localize(small)  # The values are kept as they were.

    assert core_text.localize(Message("trainer.computing_in", precision="mixed_bfloat16")) \
        == "以 mixed_bfloat16 计算（在此 CPU 上更快）；保存的模型为 float32"
    # Values that are messages are said in the language too.
    note = Message("filters.rgb", layer="conv1", count=Message("filters.all", total=8), size="3x3x3")
    assert core_text.localize(note) == "conv1：3x3x3 的 8 个滤波器，以彩色图片显示，各自按自身取值范围缩放"
    assert core_text.localize("something that is not a core message") == "something that is not a core message"
    from core.crop import CropSpec  # The tongue panel's tooltip on the photo the model saw was English.

    assert core_text.localize(CropSpec(segmenter="红 red.keras").describe()) == \
        "由 红 red.keras 裁剪到舌体（边距 0.1，背景遮盖）"
    assert core_text.localize(CropSpec(mask_background=False).describe()) == \
        "由 一个分割模型 裁剪到舌体（边距 0.1，保留背景）"


def test_weights_and_export_refusals_of_the_real_code_in_chinese(chinese, tmp_path, monkeypatch):
    from core import export
    from models import pretrained
    from training import phases
    from training.config import TrainingError

    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras-home"))
    monkeypatch.setenv(pretrained.MIRROR_VARIABLE, "http://127.0.0.1:1/weights/")  # Refused at once: offline.
    with pytest.raises(pretrained.WeightsError) as caught:
        pretrained.imagenet_weights_path("mobilenetv2")
    offline = caught.value.message
    assert (offline.key, offline.values["where"].key) == ("weights.offline", "weights.where_to_get")
    assert str(caught.value) == offline  # The command line's English, as before.
    chinese_offline = core_text.localize(caught.value)
    assert chinese_offline.startswith("无法下载 mobilenetv2 的 ImageNet 权重：无法连接到 127.0.0.1:1（")
    assert "请在能上网的电脑上下载 http://127.0.0.1:1/weights/mobilenet_v2_" in chinese_offline  # Nested, said too.

    with pytest.raises(TrainingError) as caught:  # The trainer passes the weights' message through.
        phases.build_model("alexnet", (227, 227, 3), 2, "imagenet")
    assert caught.value.message.key == "weights.not_a_backbone"
    assert core_text.localize(caught.value).startswith("imagenet：alexnet 没有预训练权重；请选择一个骨干网络（mobilenetv2, ")

    (tmp_path / "earlier").mkdir()
    with pytest.raises(export.ExportError) as caught:
        export.check_destination(tmp_path / "earlier")
    assert caught.value.message.values["text"].key == "export.exists"
    assert str(caught.value) == f"{tmp_path / 'earlier'}: already exists; choose another name or replace the " \
                                "earlier export"  # The app's checkbox or the command line's --force.
    assert core_text.localize(caught.value) == f"{tmp_path / 'earlier'}: 已存在；请换一个名称，或选择替换先前的导出"
    with pytest.raises(export.ExportError) as caught:
        export.check_format("png")
    assert core_text.localize(caught.value) == "未知的导出格式 'png'；可用格式：onnx, litert, savedmodel"


def test_architecture_and_colour_refusals_of_the_real_code_in_chinese(chinese, tmp_path):
    import models
    from training.config import TrainConfig, TrainingError, check_config

    with pytest.raises(ValueError) as caught:
        models.default_input_shape("vgg17")
    assert core_text.localize(caught.value).startswith("未知的架构 'vgg17'；预设架构：lenet5, ")
    with pytest.raises(TrainingError) as caught:  # The run's check passes the colour mode's message through.
        check_config(TrainConfig(data_dir=str(tmp_path), colour="shades-of-grey:100"))
    assert caught.value.message.key == "colour.out_of_range"
    assert core_text.localize(caught.value) == "shades-of-grey：power 必须在 1 到 64 之间（收到的颜色模式：shades-of-grey:100）"


def _dense_after_pool():
    import keras

    inputs = keras.Input((8, 8, 3))
    pooled = keras.layers.GlobalAveragePooling2D()(keras.layers.Conv2D(4, 3, name="conv")(inputs))
    return keras.Model(inputs, keras.layers.Dense(2, name="predictions")(pooled))


def test_pattern_geometry_and_filter_refusals_in_chinese(chinese):
    """A student typing a pattern, or choosing a layer without filters, reads why in the app's language."""
    from inspection import filters
    from models import geometry, pattern, table

    with pytest.raises(pattern.PatternError) as caught:
        pattern.parse("CONB -> FC")
    assert str(caught.value) == ("column 1: expected a layer (CONV, RELU, POOL, NORM, DROPOUT, FC, GAP) or '[', found "
                                 "'CONB'; did you mean CONV?")
    assert core_text.localize(caught.value) == ("第 1 列：此处应为一层（CONV, RELU, POOL, NORM, DROPOUT, FC, GAP）或 "
                                                "'['，实际为 “CONB”；是不是想写 CONV？")
    with pytest.raises(pattern.PatternError) as caught:
        pattern.parse("CONV(K 3) -> FC")
    assert core_text.localize(caught.value) == "第 8 列：此处应为 “K”之后的 '='，实际为 “3”"
    with pytest.raises(geometry.GeometryError) as caught:
        table.spec_table("INPUT -> [CONV -> POOL]*9 -> FC", (64, 64, 3), 3)
    assert core_text.localize(caught.value).startswith("block7_pool：输出尺寸 (W-F)/S+1 = (1-2)/2+1 = 0.5 小于 1：")
    warned = table.spec_table("INPUT -> CONV(F=3, P=0) -> POOL -> POOL -> FC", (30, 30, 3), 3).warnings
    assert [core_text.localize(warning) for warning in warned] == [
        "输入的边长 30 不能减半 2 次（每个池化一次）：30/2^2 = 7.5；32 这样的尺寸可以整齐减半",
        "block1_conv1 把数据体从 30 缩小到 28 px；P=(F-1)/2=1 可保持 30 px（讲义的习惯：卷积保持尺寸，由池化缩小）"]
    with pytest.raises(ValueError) as caught:
        filters.filter_grid(_dense_after_pool(), "predictions")
    assert core_text.localize(caught.value) == (
        "层“predictions”（Dense）不是紧跟在已知数据体的 Flatten 之后，其权重无法画成图片")


def test_the_train_dialog_says_why_a_pattern_is_refused_in_chinese(chinese, qtbot, manager):
    from gui.widgets.train_dialog import TrainDialog

    dialog = TrainDialog(manager, on_use_model=lambda path: None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_architecture("INPUT -> [CONV -> RELU -> POOL]*2 -> FC")
    dialog.size_spin.setValue(32)
    dialog.arch_panel.pattern_edit.setPlainText("INPUT -> CONB -> FC")
    qtbot.waitUntil(lambda: dialog.arch_panel.error() != "", timeout=30_000)
    assert dialog.arch_panel.pattern_status.text().startswith("第 10 列：此处应为一层（CONV, ")
    dialog.arch_panel.pattern_edit.setPlainText("INPUT -> CONV(F=3, P=0) -> FC")
    qtbot.waitUntil(lambda: "参数" in dialog.arch_panel.pattern_status.text(), timeout=30_000)
    assert "block1_conv1 把数据体从 32 缩小到 30 px" in dialog.arch_panel.pattern_status.text()
    dialog.shutdown()


def test_a_photo_report_saved_in_the_chinese_app_is_in_chinese(chinese, make_window, qtbot, tmp_path):
    from pathlib import Path

    from tests.gui_helpers import RED, color_model, solid_image

    window = make_window(color_model(tmp_path / "color.keras"))
    window.open_image(solid_image(tmp_path / "red.png", RED))
    qtbot.waitUntil(window.actions.report.isEnabled, timeout=30_000)
    with qtbot.waitSignal(window.saver.report_saved, timeout=30_000) as saved:
        window.save_report(tmp_path / "报告")

    page = Path(saved.args[0].html).read_text(encoding="utf-8")
    assert "<b>照片：</b>" in page and "<b>光照：</b> 按拍摄原样（未校准）" in page and ">判读结果<" in page
    assert "<th>类别</th>" not in page and "<th>属性</th><th>判读（概率）</th><th>验证集准确率</th>" in page
    for english in ("Photo:", "Model:", "Trained:", "Light:", "Report made:", "Readings", "reading (probability)",
                    "validation accuracy", "where the model looked", "as photographed", "speak most for"):
        assert english not in page, english


def test_english_messages_stay_as_the_core_wrote_them(qapp, tmp_path):
    from training import dataset

    scan = dataset.scan_dataset(color_dataset(tmp_path / "data", per_class=4), image_size=(64, 64))
    written = scan.warnings + [at_path("photo: a: b.jpg", Message("image.not_found")), Message("trainer.building")]
    for message in written:
        assert core_text.localize(message) == message


def test_the_train_dialog_lists_a_broken_files_reason_in_chinese(chinese, qtbot, manager, tmp_path):
    from gui.widgets.train_dialog import TrainDialog

    data = color_dataset(tmp_path / "data", per_class=3)
    (data / "red" / "empty.png").write_bytes(b"")
    dialog = TrainDialog(manager, on_use_model=lambda path: None)
    qtbot.addWidget(dialog)
    dialog.size_spin.setValue(32)
    dialog.set_data_folder(data)
    qtbot.waitUntil(lambda: dialog.scan() is not None, timeout=30_000)

    skipped_list = dialog.data_panel.skipped_list
    listed = [skipped_list.item(row).text() for row in range(skipped_list.count())]

    assert listed == ["empty.png: 空文件（0 字节）"]
    dialog.shutdown()


def test_the_trainers_progress_lines_reach_the_dialog_in_chinese(chinese, qtbot, manager, tmp_path):
    from gui.widgets.train_dialog import TrainDialog

    dialog = TrainDialog(manager, on_use_model=lambda path: None)
    qtbot.addWidget(dialog)
    dialog.set_architecture("INPUT -> CONV(K=4) -> RELU -> POOL -> FC")
    dialog.size_spin.setValue(32)
    dialog.epochs_spin.setValue(1)
    dialog.batch_spin.setValue(8)
    dialog.augment_box.setChecked(False)
    dialog.out_edit.setText(str(tmp_path / "run"))
    dialog.set_data_folder(color_dataset(tmp_path / "data", per_class=6))
    qtbot.waitUntil(lambda: dialog.scan() is not None and dialog.start_button.isEnabled(), timeout=30_000)

    with qtbot.waitSignal(dialog.training_finished, timeout=180_000) as finished:
        dialog.start_button.click()

    assert finished.args[0] is not None
    # The run's messages cross the worker thread whole, then are said in Chinese (the page shows the last three).
    said = [core_text.localize(message) for message in dialog.progress_view._messages]
    assert f"正在检查 {tmp_path / 'data'} 中的图像" in said and "正在构建模型" in said, said
    notes = dialog.progress_view.notes_label.text()
    assert "用训练图像为平均后的权重重新计算批归一化统计量" in notes and "正在构建模型" in notes, notes
    dialog.shutdown()


def test_a_refused_model_file_is_refused_in_chinese_in_the_app(chinese, qtbot, manager, tmp_path):
    import keras

    inputs = keras.Input((8, 8, 3))
    doubled = keras.layers.Lambda(lambda x: x * 2, name="doubled")(inputs)
    outputs = keras.layers.Dense(2, activation="softmax")(keras.layers.Flatten()(doubled))
    evil = tmp_path / "舌象 lambda.keras"
    keras.Model(inputs, outputs).save(evil)

    with qtbot.waitSignal(manager.failed, timeout=60_000) as failed:
        manager.load_model(evil)

    kind, message = failed.args
    where = "config.layers[1] 'doubled'"
    # The command line's words, byte for byte as before; the app's, from the same key and values.
    assert message == (f"{evil}: refused: it holds a Lambda layer, which TongueLens never loads: its function would "
                       "run on your computer as the model is built, and Keras safe mode lets some of these through "
                       f"(at {where})")
    assert message.values["text"].key == "config.refused_layer"
    assert core_text.localize(message) == (f"{evil}: 已拒绝：它含有 Lambda 层，TongueLens 从不加载此类层：其函数会在构建"
                                           f"模型时在您的电脑上运行，而 Keras 安全模式会放行其中一部分（位于 {where}）")


def test_model_and_weights_refusals_in_chinese(chinese, tmp_path):
    import h5py

    from core import modelfile, weightsfile

    legacy = tmp_path / "旧模型.h5"
    with h5py.File(legacy, "w") as handle:
        handle.attrs["model_config"] = "{}"
    with pytest.raises(modelfile.ModelFileError) as caught:
        modelfile.load_model(legacy)
    assert core_text.localize(caught.value).startswith(f"{legacy}: 已拒绝：旧式 HDF5 模型文件以 Keras 配置保存网络架构")

    damaged = tmp_path / "damaged.keras"
    with zipfile.ZipFile(damaged, "w") as archive:
        archive.writestr(modelfile.METADATA_MEMBER, json.dumps({"class_names": "淡红舌", "input_shape": [8, 8, 3]}))
    with pytest.raises(modelfile.ModelFileError) as caught:
        modelfile.read_info(damaged)
    assert str(caught.value) == (f"{damaged}: the TongueLens metadata in this file is damaged (its class_names is a "
                                 "JSON string, not a list)")
    assert core_text.localize(caught.value) == f"{damaged}: 此文件中的 TongueLens 元数据已损坏（其 class_names 是 JSON 字符串，不是列表）"

    # Sizes under 1 KiB are words too; larger ones keep their units.
    from core.safetext import size_text
    assert size_text(512) == "512 bytes" and size_text(3 << 20) == "3.0 MiB"
    assert core_text.localize(Message("archive.member_holds", name="config.json", limit=size_text(512))) \
        == "其中的 config.json 超过 512 字节"

    weights = tmp_path / "w.weights.h5"
    with h5py.File(weights, "w") as handle:
        handle.create_dataset("layers/dense/vars/0", data=[[1.0, float("nan")]])
    with pytest.raises(modelfile.ModelFileError) as caught:
        weightsfile.import_weights(weights, tmp_path / "out.keras", "INPUT -> FC", (4, 4, 3), ["红"])
    assert core_text.localize(caught.value) == f"{weights}: 请至少给出 2 个类别名（收到 ['红']）"


def test_a_run_failing_inside_tensorflow_and_the_grouped_convolution_note_in_chinese(chinese, monkeypatch):
    from models import grouped_conv
    from training import failures

    error = RuntimeError("OOM when allocating tensor with shape[64,3,3,512]")
    message = failures.describe(error, phase="training", epoch=2)

    assert message == ("training failed inside TensorFlow during epoch 2 (RuntimeError: OOM when allocating tensor "
                       "with shape[64,3,3,512]); try: use a smaller batch size or image size")
    # TensorFlow's own words stay as it wrote them; the rest is said in Chinese.
    assert core_text.localize(message) == ("训练时 TensorFlow 内部在第 2 轮出错（RuntimeError: OOM when allocating "
                                           "tensor with shape[64,3,3,512]）；可尝试：减小批大小或图像尺寸")

    monkeypatch.setenv(grouped_conv.ENV_VAR, grouped_conv.FALLBACK)
    assert core_text.localize(grouped_conv.describe()) == (
        "分组卷积：按 TONGUELENS_GROUPED_CONV 或 set_path 的要求，使用 fallback 梯度")


def test_a_labels_table_read_with_a_byte_order_mark_is_said_in_chinese(chinese, tmp_path):
    from tests.gui_helpers import attribute_table
    from training import attribute_data

    photos, labels = attribute_table(tmp_path / "sheet", count=4)
    labels.write_text(labels.read_text(encoding="utf-8"), encoding="utf-8-sig")  # As Excel saves "CSV UTF-8".
    notes = []

    attribute_data.scan_labels(photos, labels, image_size=(32, 32), on_message=notes.append)

    assert [str(note) for note in notes] == [
        f"{labels}: read 4 rows as UTF-8 with BOM; 2 attribute(s): 颜色 colour, size"]
    assert core_text.localize(notes[0]) == (
        f"{labels}: 读取了 4 行（编码：带 BOM 的 UTF-8）；2 个属性：颜色 colour, size")


def test_the_train_dialog_says_a_labels_tables_byte_order_mark_in_chinese(chinese, qtbot, manager, tmp_path):
    from gui.widgets.train_dialog import TrainDialog
    from tests.gui_helpers import attribute_table

    photos, labels = attribute_table(tmp_path / "sheet", count=8)
    labels.write_text(labels.read_text(encoding="utf-8"), encoding="utf-8-sig")
    dialog = TrainDialog(manager, on_use_model=lambda path: None)
    qtbot.addWidget(dialog)
    dialog.set_data_folder(photos)
    dialog.data_panel.set_labels(labels)
    qtbot.waitUntil(lambda: bool(dialog.data_panel.attribute_rows()), timeout=30_000)
    assert "带 BOM 的 UTF-8" in dialog.data_panel.scan_label.text()  # It read "UTF-8 with BOM".
