"""The Train dialog's data folder panel, with real widgets: what a user sees of a folder before training."""

import pytest

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
