"""The core's English messages reach the app in its language, and the catalog keeps up with the core."""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from gui import core_text, i18n
from tests.gui_helpers import color_dataset

ROOT = Path(__file__).resolve().parents[1]
TS_FILE = ROOT / "gui" / "translations" / "tonguelens_zh_CN.ts"


@pytest.fixture()
def chinese(qapp):
    assert i18n.install_language(qapp, "zh_CN") == "zh_CN"
    yield
    i18n.install_language(qapp, "en")


def core_source():
    """The core's source, with adjacent string literals joined as Python joins them."""
    text = "".join(path.read_text(encoding="utf-8") for folder in ("core", "training")
                   for path in sorted((ROOT / folder).glob("*.py")))
    return re.sub(r"\"\s*\n\s*[fr]?\"", "", text)


def test_every_template_is_still_written_by_the_core():
    source = core_source()
    for template in core_text.TEMPLATES:
        for fixed in re.split(r"\{\w+\}", template):
            assert fixed in source, f"{template!r}: {fixed!r} is no longer in core/ or training/"


def test_every_translation_keeps_the_templates_values():
    contexts = [context for context in ET.parse(TS_FILE).getroot() if context.findtext("name") == core_text.CONTEXT]
    translated = {message.findtext("source"): message.findtext("translation")
                  for message in contexts[0].findall("message")}
    assert set(translated) == set(core_text.TEMPLATES)
    for source, translation in translated.items():
        assert translation and sorted(re.findall(r"\{\w+\}", translation)) == sorted(re.findall(r"\{\w+\}", source))


def test_real_core_messages_in_chinese(chinese, tmp_path):
    from core import images
    from training import dataset

    text_file = tmp_path / "笔记.jpg"
    text_file.write_text("not a picture")
    with pytest.raises(images.ImageError) as caught:
        images.load_rgb(text_file)
    assert core_text.localize(caught.value) == f"{text_file}: 不是 Pillow 能读取的图像文件（未知格式）"

    scan = dataset.scan_dataset(color_dataset(tmp_path / "data", per_class=4), image_size=(64, 64))
    [small] = [warning for warning in scan.warnings if "smaller" in warning]
    assert core_text.localize(small).startswith("8 张图像小于输入尺寸 64x64，已放大，例如 ")
    assert str(tmp_path / "data") in core_text.localize(small)  # The values are kept as they were.

    assert core_text.localize("computing in mixed_bfloat16 (faster on this CPU); the saved model will be float32") \
        == "以 mixed_bfloat16 计算（在此 CPU 上更快）；保存的模型为 float32"
    assert core_text.localize("something new the catalog does not know") == "something new the catalog does not know"


def test_english_messages_stay_as_the_core_wrote_them(qapp, tmp_path):
    from training import dataset

    scan = dataset.scan_dataset(color_dataset(tmp_path / "data", per_class=4), image_size=(64, 64))
    for message in scan.warnings + ["photo: a: b.jpg: file not found", "building the model"]:
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
