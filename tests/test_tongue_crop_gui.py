"""The app with a model that classifies on the tongue: the crop it saw, the tongue's outline, a warning
when no tongue is found, Grad-CAM on the crop's box, the same answers as `classify`, and the Train
dialog's "Crop to the tongue" (its scan is cut as the run needs it).
"""

import json

import numpy as np
import pytest

import main
from core import crop as crops, segmenter as segmenters
from gui.model_worker import TONGUE
from tests import gui_helpers
from tests.segmentation_data import crop_test_photo, red_segmenter

pytestmark = pytest.mark.gui

STEP_TIMEOUT_MS = 30_000


@pytest.fixture(scope="module")
def material(tmp_path_factory):
    folder = tmp_path_factory.mktemp("crop_gui")
    segmenter = red_segmenter(folder / "red.keras")
    return {
        "model": gui_helpers.cropping_color_model(folder / "cropping.keras", segmenter),
        "whole": gui_helpers.color_model(folder / "whole.keras"),
        "tongue": crop_test_photo(folder / "tongue.png")[0],
        "none": crop_test_photo(folder / "none.png", seed=3, tongue=False)[0],
    }


def predicted(window):
    return window.image_panel.prediction_panel.predicted_label()


def test_the_app_shows_the_crop_and_answers_as_classify_does(make_window, material, qtbot, capsys):
    window = make_window(material["model"])
    panel = window.image_panel
    assert "cropped to the tongue by red.keras" in str(window.current_model().crop)
    window.open_image(material["tongue"])
    qtbot.waitUntil(lambda: predicted(window) == "blue" and panel.tongue_shown() is not None, timeout=STEP_TIMEOUT_MS)
    view = panel.tongue_shown()
    assert view.by_model and view.found and view.crop.shape == (32, 32, 3)
    assert panel.tongue_panel.crop_picture.isVisibleTo(panel) and panel.tongue_panel.crop_picture.pixmap() is not None
    assert not panel.image_view.has_outline()  # Drawn only when asked for.
    panel.set_outline(True)
    assert panel.image_view.has_outline()
    assert view.outline.shape[:2] == (96, 128) and (view.outline[..., 3] > 0).any()

    assert main.main(["classify", str(material["tongue"]), "--model", str(material["model"]), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)[0]["top"]
    shown = window.current_prediction()
    assert [row["label"] for row in printed] == [row["label"] for row in shown.top]
    assert printed[0]["probability"] == pytest.approx(shown.top[0]["probability"], abs=1e-6)

    panel.set_gradcam(True)
    qtbot.waitUntil(lambda: window.gradcam_shown() is not None and window.is_settled(), timeout=STEP_TIMEOUT_MS)
    rgba = window.gradcam_shown().rgba
    left, top, right, bottom = view.box
    assert rgba.shape[:2] == (96, 128)
    assert rgba[top:bottom, left:right, 3].max() > 0
    outside = np.ones((96, 128), bool)
    outside[top:bottom, left:right] = False
    assert rgba[outside, 3].max() == 0  # The model never saw the rest of the photo.


def test_a_photo_without_a_tongue_is_classified_whole_with_a_warning(make_window, material, qtbot):
    window = make_window(material["model"])
    window.open_image(material["none"])
    panel = window.image_panel
    qtbot.waitUntil(lambda: predicted(window) == "red" and panel.tongue_shown() is not None, timeout=STEP_TIMEOUT_MS)
    assert not panel.tongue_shown().found
    assert "No tongue found in this photo: the model saw the whole photo" in panel.tongue_panel.note_text()


def test_the_outline_of_a_whole_photo_model_comes_from_the_bundled_segmenter(make_window, material, qtbot,
                                                                               monkeypatch, tmp_path):
    window = make_window(material["whole"])
    panel = window.image_panel
    window.open_image(material["tongue"])
    qtbot.waitUntil(lambda: predicted(window) == "red", timeout=STEP_TIMEOUT_MS)  # The whole photo.
    assert panel.tongue_shown() is None and not panel.tongue_panel.crop_picture.isVisibleTo(panel)
    panel.set_outline(True)
    qtbot.waitUntil(lambda: panel.tongue_shown() is not None and window.is_settled(), timeout=STEP_TIMEOUT_MS)
    assert not panel.tongue_shown().by_model and panel.tongue_shown().crop is None
    assert panel.tongue_shown().outline.shape[:2] == (96, 128)

    monkeypatch.setattr(segmenters, "BUNDLED_SEGMENTER", tmp_path / "missing.keras")
    other = make_window(material["whole"])
    with qtbot.waitSignal(other.manager.failed, timeout=STEP_TIMEOUT_MS,
                          check_params_cb=lambda kind, message: kind == TONGUE):
        other.open_image(material["tongue"])
        other.image_panel.set_outline(True)
    qtbot.waitUntil(lambda: other.message_bar.message().startswith(str(tmp_path / "missing.keras")),
                    timeout=STEP_TIMEOUT_MS)
    assert "the bundled tongue segmenter is not there" in other.message_bar.message()
    assert not other.image_panel.tongue_panel.is_outline_on()
    qtbot.waitUntil(other.is_settled, timeout=STEP_TIMEOUT_MS)


def test_the_train_dialog_crops_to_the_tongue_and_scans_as_the_run_needs(make_window, qtbot, tmp_path):
    data = gui_helpers.color_dataset(tmp_path / "data", per_class=3)
    window = make_window()
    dialog = window.show_train_dialog()
    dialog.size_spin.setValue(32)
    dialog.set_data_folder(data)
    qtbot.waitUntil(lambda: dialog.scan() is not None, timeout=STEP_TIMEOUT_MS)
    assert dialog.scan().crop == "" and dialog.train_config().crop is None
    assert dialog.crop_box.isEnabled()  # The bundled segmenter is installed.
    dialog.crop_box.setChecked(True)
    qtbot.waitUntil(lambda: dialog.scan() is not None and bool(dialog.scan().crop), timeout=60_000)
    config = dialog.train_config()
    assert config.crop == crops.TONGUE
    expected, _ = crops.open_crop(crops.TONGUE, config.crop_margin, config.crop_mask)
    assert dialog.scan().crop == expected.key  # So the run takes the scan's images as they are.
    assert len(dialog.scan().uncropped) + len(dialog.scan().files) >= 6


def test_a_folder_classified_by_a_cropping_model_notes_the_photos_without_a_tongue(make_window, material, qtbot,
                                                                                 tmp_path):
    folder = tmp_path / "photos"
    folder.mkdir()
    crop_test_photo(folder / "a_tongue.png", seed=5)
    crop_test_photo(folder / "b_none.png", seed=6, tongue=False)
    window = make_window(material["model"])
    with qtbot.waitSignal(window.manager.batch_finished, timeout=STEP_TIMEOUT_MS) as finished:
        window.open_folder(folder)
    rows = {row.path.rsplit("/", 1)[-1]: row for row in finished.args[0].rows}
    assert rows["a_tongue.png"].tongue is True and rows["a_tongue.png"].top[0]["label"] == "blue"
    assert rows["b_none.png"].tongue is False and rows["b_none.png"].top[0]["label"] == "red"
    table = window.batch_table
    notes = {table.cell_text(row, table.COLUMN_FILE): table.cell_text(row, table.COLUMN_ERROR)
             for row in range(table.row_count())}
    assert notes == {"a_tongue.png": "", "b_none.png": "No tongue found, so the whole photo was classified"}
    assert "1 with no tongue found (classified whole)" in table.summary.text()  # Counted as the light's notes are.


def test_the_export_dialog_says_at_once_that_a_cropping_model_cannot_be_exported(make_window, material):
    window = make_window(material["model"])

    dialog = window.show_export_dialog()

    # Before, Export was on and the refusal came only after pressing it.
    assert not dialog.export_button.isEnabled()
    assert dialog.status_text().startswith(
        "cropping.keras: it classifies photos cut to the tongue by its own segmenter")
    assert "\n" not in dialog.status_text()
