"""The app's lighting check and its "as the model sees it" view, on a small real model with colour correction.

The model is the test colour net (`gui_helpers.color_model`: red minus blue) with a
shades-of-grey colour-constancy layer in front (`models.colour`), saved with the lighting
profile of its "training photos" (synthetic tongues) in the model file, as `train` saves it.
"""

import numpy as np
import pytest
from PIL import Image

from core import lighting
from tests import gui_helpers

pytestmark = pytest.mark.gui

STEP_TIMEOUT_MS = 30_000
TRAINING_PHOTOS = 16
PHOTO_SIZE = 96  # The photos are larger than the model's 32-pixel input.
# A strong cast: a warm lamp and a camera that does not correct it (red x1.5, blue x0.6).
STRONG_CAST = (1.5, 1.0, 0.6)


def _tongues(count, size=PHOTO_SIZE):
    from synthetic.drawing import draw_tongue

    bodies = ("pale", "light-red", "red", "purple")
    return np.stack([np.asarray(draw_tongue(np.random.default_rng(index), size, bodies[index % 4]))
                     for index in range(count)])


def _corrected_model(path, training_photos, lighting_profile=True):
    """The colour net behind a colour-constancy layer, saved with the training photos' lighting profile."""
    import keras

    from core.modelfile import ModelInfo, load_model, save_model
    from models import colour

    plain = gui_helpers.color_model(path.with_name("plain_" + path.name))
    model = colour.with_colour_constancy(load_model(plain).model, "shades-of-grey")
    assert isinstance(model, keras.Model) and colour.colour_layer(model) is not None
    training = {"colour": "shades-of-grey+augment"}
    if lighting_profile:
        training["lighting"] = lighting.lighting_profile(training_photos)
    save_model(model, path, ModelInfo(["blue", "red"], (gui_helpers.SIZE, gui_helpers.SIZE, 3), arch="color-test",
                                      training=training))
    return path


@pytest.fixture(scope="module")
def photos(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lighting")
    training = _tongues(TRAINING_PHOTOS)
    paths = []
    for index, pixels in enumerate(training[:4]):
        paths.append(folder / f"train_{index}.png")
        Image.fromarray(pixels).save(paths[-1])
    cast = folder / "cast.png"
    Image.fromarray(lighting.relight(training[0], STRONG_CAST)).save(cast)
    return {"model": _corrected_model(folder / "corrected.keras", training),
            "no_profile": _corrected_model(folder / "no_profile.keras", training, lighting_profile=False),
            "training": paths, "cast": cast}


def _new_lamp(tmp_path, patients=12):
    """A folder "new lamp" of photos of `patients` tongues under the strong cast: enough to calibrate from."""
    lamp = tmp_path / "new lamp"
    lamp.mkdir()
    for index, pixels in enumerate(_tongues(patients)):
        Image.fromarray(lighting.relight(pixels, STRONG_CAST)).save(lamp / f"patient_{index:02}.png")
    return lamp


def _open(window, qtbot, path):
    window.open_image(path)
    qtbot.waitUntil(lambda: window.current_prediction() is not None and window.current_prediction().path == str(path),
                    timeout=STEP_TIMEOUT_MS)
    return window.current_prediction()


def test_the_lighting_check_fires_on_a_strongly_cast_photo_and_not_on_the_training_photos(make_window, photos, qtbot):
    window = make_window(photos["model"])
    panel = window.image_panel.prediction_panel
    for path in photos["training"]:
        prediction = _open(window, qtbot, path)
        assert prediction.lighting is not None and not prediction.lighting.unusual
        assert panel.lighting_warning_text() == ""

    prediction = _open(window, qtbot, photos["cast"])

    assert prediction.lighting.unusual and "warmer" in prediction.lighting.directions
    assert panel.lighting_warning_text() == (
        "⚠ This photo's lighting differs from the training photos; the colour reading may be unreliable")
    assert "warmer" in panel.lighting_warning.toolTip()
    assert "Model > Calibrate Light from Photos (Ctrl+L)" in panel.lighting_warning.toolTip()
    # The next usual photo takes the warning away.
    _open(window, qtbot, photos["training"][1])
    assert panel.lighting_warning_text() == ""


def test_a_colour_cast_copy_gives_the_same_prediction_through_the_saved_model(make_window, photos, qtbot):
    window = make_window(photos["model"])
    original = _open(window, qtbot, photos["training"][0]).probabilities
    cast = _open(window, qtbot, photos["cast"]).probabilities

    assert cast == pytest.approx(original, abs=0.02)
    # Without the colour layer the same net reads the cast as "redder": the layer is what holds.
    plain = gui_helpers.color_model(photos["model"].with_name("plain_again.keras"))
    with qtbot.waitSignal(window.model_changed, timeout=STEP_TIMEOUT_MS):
        window.load_model(plain)
    plain_original = _open(window, qtbot, photos["training"][0]).probabilities
    plain_cast = _open(window, qtbot, photos["cast"]).probabilities
    assert abs(float(plain_cast[1] - plain_original[1])) > 0.05


def test_a_model_without_a_lighting_profile_gives_no_warning(make_window, photos, qtbot):
    window = make_window(photos["no_profile"])

    prediction = _open(window, qtbot, photos["cast"])

    assert prediction.lighting is None
    assert window.image_panel.prediction_panel.lighting_warning_text() == ""


def test_the_image_can_be_shown_as_the_model_sees_it_after_colour_correction(make_window, photos, qtbot, tmp_path):
    window = make_window(photos["model"])
    panel = window.image_panel
    toggle = panel.model_view_toggle
    assert toggle.isEnabled() and "shades-of-grey" in toggle.caption.text()
    original = _open(window, qtbot, photos["training"][0])

    toggle.set_on(True)
    assert panel.shows_model_view()
    assert panel.image_view.image_size() == (gui_helpers.SIZE, gui_helpers.SIZE)
    cast = _open(window, qtbot, photos["cast"])
    assert panel.shows_model_view()
    # The cast photo looks to the model like the photo under the training light: the correction
    # divided the cast out (up to clipping and rounding), though the photos themselves differ.
    difference = np.abs(cast.model_view.astype(int) - original.model_view.astype(int))
    photo_difference = np.abs(np.asarray(Image.open(photos["cast"]), int) -
                              np.asarray(Image.open(photos["training"][0]), int))
    assert np.median(difference) <= 3 < np.median(photo_difference)
    window.set_gradcam(True)
    qtbot.waitUntil(lambda: window.gradcam_shown() is not None, timeout=STEP_TIMEOUT_MS)
    assert panel.image_view.has_overlay()  # The heat map lies over the model's view.
    window.grab().save(str(tmp_path / "model_view.png"))

    toggle.set_on(False)
    assert not panel.shows_model_view() and panel.image_view.has_overlay()
    assert panel.image_view.image_size() == (PHOTO_SIZE, PHOTO_SIZE)


def test_the_train_dialog_offers_correcting_the_light_by_default_or_colours_as_photographed(make_window, qapp, qtbot):
    from gui import i18n
    from models import colour

    dialog = make_window().show_train_dialog()
    assert dialog.train_config().colour == colour.DEFAULT_MODE
    modes = [dialog.colour_combo.itemData(index) for index in range(dialog.colour_combo.count())]
    assert modes[:2] == [colour.DEFAULT_MODE, colour.NONE]
    for mode in modes:
        colour.check_mode(mode)  # Every choice is a mode `train --colour` takes.
    dialog.colour_combo.setCurrentIndex(1)
    assert dialog.train_config().colour == "none"
    assert dialog.colour_combo.currentText() == "As photographed" and "one lamp" in dialog.colour_combo.toolTip()
    try:
        assert i18n.install_language(qapp, "zh_CN") == "zh_CN"
        qtbot.waitUntil(lambda: dialog.colour_combo.currentText() == "保留原色",
                        timeout=STEP_TIMEOUT_MS)
    finally:
        i18n.install_language(qapp, "en")


def test_the_warning_offers_to_calibrate_from_the_photos_folder_and_the_calibration_removes_it(
        make_window, photos, qtbot, tmp_path):
    lamp = _new_lamp(tmp_path)
    window = make_window(photos["model"])
    panel = window.image_panel.prediction_panel
    _open(window, qtbot, photos["cast"])  # Its folder holds 5 photos: too few to calibrate from.
    assert panel.lighting_warning_text() and panel.calibrate_link.isHidden()

    _open(window, qtbot, lamp / "patient_00.png")
    assert panel.lighting_warning_text() and not panel.calibrate_link.isHidden()
    assert panel.calibrate_link.text() == "Calibrate the light from the photos in “new lamp”…"
    window.grab().save(str(tmp_path / "warning_with_link.png"))
    with qtbot.waitSignal(window.manager.calibration_changed, timeout=STEP_TIMEOUT_MS):
        panel.calibrate_link.click()

    assert window.light_calibration.calibration.photos == 12
    assert window.light_calibration.calibration.source == str(lamp)
    # The photo is read again under the corrected light: no warning, no link.
    def read_again():
        prediction = window.current_prediction()
        return prediction is not None and not prediction.lighting.unusual

    qtbot.waitUntil(read_again, timeout=STEP_TIMEOUT_MS)
    assert window.current_prediction().path == str(lamp / "patient_00.png")
    assert panel.lighting_warning_text() == "" and panel.calibrate_link.isHidden()


def test_a_folder_shows_which_photos_have_unusual_light_and_exports_it(make_window, photos, qtbot, tmp_path):
    import csv
    import shutil

    folder = tmp_path / "folder"
    folder.mkdir()
    for path in photos["training"][:3] + [photos["cast"]]:
        shutil.copy(path, folder / path.name)
    window = make_window(photos["model"])
    table = window.batch_table

    window.open_folder(folder)
    qtbot.waitUntil(lambda: table.result() is not None, timeout=STEP_TIMEOUT_MS)

    notes = {table.cell_text(row, table.COLUMN_FILE): table.table.item(row, table.COLUMN_ERROR)
             for row in range(table.row_count())}
    assert notes["cast.png"].text() == "Unusual light"
    assert notes["cast.png"].toolTip() == (
        "This photo's lighting differs from the training photos; the colour reading may be unreliable\n"
        "Compared with the training photos it is warmer (more red, less blue).")
    assert [name for name, item in notes.items() if item.text()] == ["cast.png"]
    assert "1 with lighting unlike the training photos'" in table.summary.text()
    assert "(Ctrl+L)" in table.summary.text()

    exported = tmp_path / "results.csv"
    from gui.export import write_results_csv

    write_results_csv(exported, table.result().rows)
    with open(exported, encoding="utf-8-sig", newline="") as stream:
        rows = {row["path"].rsplit("/", 1)[-1]: row for row in csv.DictReader(stream)}
    assert rows["cast.png"]["lighting"] == "differs: warmer"
    assert rows["train_0.png"]["lighting"] == ""


def test_a_folder_under_a_new_lamp_offers_calibration_then_is_classified_again_under_it(
        make_window, photos, qtbot, tmp_path):
    lamp = _new_lamp(tmp_path)
    window = make_window(photos["model"])
    table = window.batch_table

    def unusual_rows():
        return sum(table.cell_text(row, table.COLUMN_ERROR) == "Unusual light" for row in range(table.row_count()))

    window.open_folder(lamp)
    qtbot.waitUntil(lambda: table.result() is not None, timeout=STEP_TIMEOUT_MS)
    assert unusual_rows() >= 10  # Nearly every photo (a purple tongue under the warm lamp may pass).
    assert not table.calibrate_link.isHidden()
    assert table.calibrate_link.text() == "Calibrate the light from the photos in “new lamp”…"
    first_result = table.result()
    window.right_tabs.setCurrentWidget(window.inspect_panel)

    table.calibrate_link.click()
    # Calibrated from the folder, which is classified again under the corrected light.
    qtbot.waitUntil(lambda: table.result() is not None and table.result() is not first_result,
                    timeout=STEP_TIMEOUT_MS)
    assert window.light_calibration.calibration.photos == 12
    assert unusual_rows() == 0 and table.row_count() == 12
    assert table.calibrate_link.isHidden() and "lighting" not in table.summary.text()
    assert window.right_tabs.currentWidget() is window.inspect_panel  # Refreshed where it is, not brought forward.


def test_a_folder_too_small_to_calibrate_from_offers_no_link(make_window, photos, qtbot, tmp_path):
    import shutil

    folder = tmp_path / "few"
    folder.mkdir()
    shutil.copy(photos["cast"], folder / "cast.png")
    window = make_window(photos["model"])

    window.open_folder(folder)
    qtbot.waitUntil(lambda: window.batch_table.result() is not None, timeout=STEP_TIMEOUT_MS)

    assert window.batch_table.cell_text(0, window.batch_table.COLUMN_ERROR) == "Unusual light"
    assert window.batch_table.calibrate_link.isHidden()
