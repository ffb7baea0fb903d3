"""The Train dialog's setup page, with real widgets: what a user sees of a folder before training, and the
dialog on a laptop's screen."""

import pytest
from PyQt5 import QtCore

from tests import gui_helpers

pytestmark = pytest.mark.gui

STEP_TIMEOUT_MS = 30_000


def test_the_train_dialog_shows_four_classes_whole_and_the_skipped_list_only_when_it_has_entries(
        make_window, qtbot, tmp_path):
    data = tmp_path / "data"
    for index, colour in enumerate([(200, 40, 40), (40, 200, 40), (40, 40, 200), (200, 200, 40)]):
        for number in range(3):
            gui_helpers.solid_image(data / f"class {index}" / f"{number}.png", colour, size=80, seed=number)
    window = make_window()
    dialog = window.show_train_dialog()
    dialog.set_data_folder(data)
    qtbot.waitUntil(lambda: dialog.scan() is not None, timeout=STEP_TIMEOUT_MS)
    table = dialog.data_panel.class_table
    qtbot.waitUntil(lambda: table.rowCount() == 4, timeout=STEP_TIMEOUT_MS)

    last = table.visualItemRect(table.item(3, 0))
    assert last.bottom() <= table.viewport().height(), "the fourth class is scrolled out of view"
    assert not dialog.data_panel.skipped_list.isVisible()

    (data / "class 0" / "broken.png").write_bytes(b"not an image")
    dialog.set_data_folder(tmp_path)  # Another folder, then this one again: scanned anew.
    dialog.set_data_folder(data)
    qtbot.waitUntil(lambda: dialog.scan() is not None and bool(dialog.scan().skipped), timeout=STEP_TIMEOUT_MS)
    qtbot.waitUntil(lambda: dialog.data_panel.skipped_list.isVisible(), timeout=STEP_TIMEOUT_MS)
    assert "broken.png" in dialog.data_panel.skipped_list.item(0).text()


# A pattern's layer table is plain Python: a preset's would import TensorFlow on the model thread.
PATTERN = "INPUT -> [[CONV -> RELU]*2 -> POOL]*3 -> FC"


def _dialog(qtbot, manager):
    from gui.widgets.train_dialog import TrainDialog

    dialog = TrainDialog(manager)
    qtbot.addWidget(dialog)
    dialog.set_architecture(PATTERN)
    return dialog


def test_the_train_dialog_fits_a_laptop_screen_with_its_buttons_in_view(qtbot, manager):
    from gui.widgets.common import fitting_size

    # 1366x768 less a 40-pixel taskbar; the dialog opens within it, its title bar included.
    assert fitting_size(QtCore.QSize(1120, 780), QtCore.QRect(0, 0, 1366, 728)) == QtCore.QSize(1120, 688)
    dialog = _dialog(qtbot, manager)
    dialog.show()
    qtbot.waitExposed(dialog)

    dialog.resize(1366, 690)
    qtbot.waitUntil(lambda: dialog.height() == 690)  # Before, it could not be less than 795 px tall (847 in a run).
    setup = dialog.tabs.widget(0)
    assert not setup.verticalScrollBar().isVisible()  # The setup page fits whole.
    assert dialog.start_button.geometry().bottom() < dialog.height()

    dialog.resize(1000, 560)  # A smaller screen still: the pages scroll, the buttons stay in view.
    qtbot.waitUntil(lambda: dialog.height() == 560)
    dialog.tabs.setCurrentWidget(dialog.progress_view)
    for button in (dialog.start_button, dialog.cancel_button, dialog.close_button):
        assert button.isVisible() and button.geometry().bottom() < dialog.height()


def test_a_labels_table_lists_its_attributes_in_the_room_of_the_page(qtbot, manager, tmp_path):
    photos, labels = gui_helpers.attribute_table(tmp_path / "table", count=12)
    dialog = _dialog(qtbot, manager)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.set_data_folder(photos)
    dialog.data_panel.set_labels(labels)
    qtbot.waitUntil(lambda: len(dialog.data_panel.attribute_rows()) == 6, timeout=STEP_TIMEOUT_MS)

    # Two attributes, each with two classes and its blank row: all six in view (before: five in a small box).
    table = dialog.data_panel.class_table
    assert table.visualItemRect(table.item(5, 1)).bottom() <= table.viewport().height()


def test_a_preset_does_not_show_the_pattern_typed_before(qtbot, manager):
    dialog = _dialog(qtbot, manager)  # Not shown: a preset's layer table waits (it would build the model).
    panel = dialog.arch_panel
    typed = "[conv5-16 pool]x6 fc"
    dialog.set_architecture(typed)
    assert not panel.pattern_edit.isHidden()

    dialog.set_architecture("mobilenetv2")
    assert panel.pattern_edit.isHidden()  # Before, the box showed the typed pattern, greyed, under the preset.

    panel.arch_combo.setCurrentIndex(0)  # "Pattern (type below)": the typed pattern is back.
    assert not panel.pattern_edit.isHidden() and dialog.architecture() == typed


def test_a_folder_past_the_listing_bound_is_refused_in_one_line_and_the_next_folder_scans(
        qtbot, manager, tmp_path, monkeypatch):
    from core import imagefiles

    for index in range(30):  # As `/` or `/proc` would be past the real bound: 30 + 60 entries past 40.
        for number in range(2):
            (tmp_path / "huge" / f"class {index}").mkdir(parents=True, exist_ok=True)
            (tmp_path / "huge" / f"class {index}" / f"{number}.png").write_bytes(b"")
    for index, colour in enumerate([(200, 40, 40), (40, 40, 200)]):
        for number in range(3):
            gui_helpers.solid_image(tmp_path / "small" / f"class {index}" / f"{number}.png", colour, size=40)
    monkeypatch.setattr(imagefiles, "MAX_LISTED_ENTRIES", 40)
    failures = []
    manager.failed.connect(lambda kind, message: failures.append((kind, message)))
    dialog = _dialog(qtbot, manager)

    dialog.set_data_folder(tmp_path / "huge")
    label = dialog.data_panel.scan_label
    qtbot.waitUntil(lambda: not dialog.is_scanning() and "40" in label.text(), timeout=STEP_TIMEOUT_MS)
    assert label.text() == (f"{tmp_path / 'huge'}: holds more than 40 files and folders, far more than a folder of "
                            "photos; not read (choose the folder of your photos)")
    assert dialog.scan() is None and not dialog.start_button.isEnabled()

    dialog.set_data_folder(tmp_path / "small")
    qtbot.waitUntil(lambda: dialog.scan() is not None, timeout=STEP_TIMEOUT_MS)
    assert dialog.scan().classes == ["class 0", "class 1"] and failures == []
