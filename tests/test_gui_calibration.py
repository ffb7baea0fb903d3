"""The app's light calibration: Model > Calibrate Light from Photos… on a real model and real widgets."""

import pytest

from tests import calibration_helpers

pytestmark = pytest.mark.gui

STEP_TIMEOUT_MS = 30_000


@pytest.fixture(scope="module")
def clinic(tmp_path_factory):
    return calibration_helpers.make_clinic(tmp_path_factory.mktemp("gui_calibration"))


def _open(window, qtbot, path):
    window.open_image(path)
    qtbot.waitUntil(lambda: window.current_prediction() is not None and window.current_prediction().path == str(path),
                    timeout=STEP_TIMEOUT_MS)
    return window.current_prediction()


def _top(window):
    return window.current_prediction().top[0]["label"]


def _reads(window, label):
    """For `waitUntil`: the photo on screen is read as `label` (no prediction while it is read again)."""
    prediction = window.current_prediction()
    return prediction is not None and prediction.top[0]["label"] == label


def test_calibrating_from_photos_under_a_lamp_corrects_the_photo_on_screen(make_window, clinic, qtbot):
    window = make_window(clinic["model"])
    control = window.light_calibration
    assert control.calibrate_action.isEnabled() and not control.clear_action.isEnabled()
    assert control.calibrate_action.shortcut().toString() == "Ctrl+L"
    assert control.calibrate_action in window.model_menu.actions()
    photo = clinic["cool"] / "warmish" / "0.png"
    prediction = _open(window, qtbot, photo)
    assert _top(window) == "coolish"  # The cool lamp reads a red tongue as pale.
    uncorrected_distance = prediction.lighting.distance

    with qtbot.waitSignal(window.manager.calibration_changed, timeout=STEP_TIMEOUT_MS):
        control.calibrate(str(clinic["cool"]))
    qtbot.waitUntil(lambda: _reads(window, "warmish"), timeout=STEP_TIMEOUT_MS)

    # The lighting check measures the corrected photo: much nearer the training light.
    assert window.current_prediction().lighting.distance < uncorrected_distance / 2
    assert control.status_label.isVisible() and control.status_label.text() == "Light: calibrated (16 photos)"
    assert "Light calibrated from 16 photos (red x1.1" in control.status_label.toolTip()
    assert control.clear_action.isEnabled()
    assert window.image_panel.model_view_toggle.caption.text() == "16×16, light calibrated"
    _open(window, qtbot, clinic["cool"] / "coolish" / "0.png")
    assert _top(window) == "coolish"  # A pale tongue stays pale.
    qtbot.wait(300)  # The panels settle before the screenshot.
    window.grab().save(str(clinic["model"].with_name("calibrated_window.png")))

    with qtbot.waitSignal(window.manager.calibration_changed, timeout=STEP_TIMEOUT_MS):
        control.clear()
    _open(window, qtbot, photo)
    assert _top(window) == "coolish" and not control.status_label.isVisible()
    assert not control.clear_action.isEnabled()
    assert "light calibrated" not in window.image_panel.model_view_toggle.caption.text()


def test_a_folder_with_too_few_photos_is_a_one_line_error_naming_it(make_window, clinic, qtbot, tmp_path):
    window = make_window(clinic["model"])
    for path in sorted(clinic["warm"].rglob("*.png"))[:3]:
        (tmp_path / path.name).write_bytes(path.read_bytes())

    window.light_calibration.calibrate(str(tmp_path))
    qtbot.waitUntil(lambda: bool(window.errors), timeout=STEP_TIMEOUT_MS)

    assert window.errors[-1] == (
        f"{tmp_path}: calibrating the light needs at least 10 photos taken under it; 3 could be read")
    assert window.message_bar.isVisible()
    assert not window.light_calibration.status_label.isVisible()


def test_another_model_starts_uncalibrated(make_window, clinic, qtbot, tmp_path):
    window = make_window(clinic["model"])
    with qtbot.waitSignal(window.manager.calibration_changed, timeout=STEP_TIMEOUT_MS):
        window.light_calibration.calibrate(str(clinic["warm"]))
    assert window.light_calibration.status_label.isVisible()
    other = tmp_path / "other.keras"
    other.write_bytes(clinic["model"].read_bytes())

    with qtbot.waitSignal(window.model_changed, timeout=STEP_TIMEOUT_MS):
        window.load_model(other)

    assert not window.light_calibration.status_label.isVisible()
    assert not window.light_calibration.clear_action.isEnabled()
    _open(window, qtbot, clinic["warm"] / "coolish" / "0.png")
    assert _top(window) == "warmish"  # Uncorrected again: the warm lamp reads a pale tongue as red.


def test_a_model_file_opens_again_with_its_calibration(make_window, clinic, qtbot, settings):
    first = make_window(clinic["model"])
    with qtbot.waitSignal(first.manager.calibration_changed, timeout=STEP_TIMEOUT_MS):
        first.light_calibration.calibrate(str(clinic["warm"]))
    first.close()
    assert settings.light_calibration(clinic["model"])["photos"] == 16

    again = make_window(clinic["model"])  # The next day: the same model file, the same lamp.
    qtbot.waitUntil(lambda: again.light_calibration.status_label.isVisible(), timeout=STEP_TIMEOUT_MS)
    _open(again, qtbot, clinic["warm"] / "coolish" / "0.png")

    assert _top(again) == "coolish"
    assert again.light_calibration.calibration.gains == pytest.approx(
        first.light_calibration.calibration.gains, abs=1e-4)
    with qtbot.waitSignal(again.manager.calibration_changed, timeout=STEP_TIMEOUT_MS):
        again.light_calibration.clear()
    assert settings.light_calibration(clinic["model"]) is None


def test_a_calibrated_copy_of_the_model_file_opens_with_its_calibration_on(make_window, clinic, qtbot, tmp_path):
    first = make_window(clinic["model"])
    control = first.light_calibration
    assert not control.save_action.isEnabled() and control.save_action in first.model_menu.actions()
    assert control.save_action.shortcut().toString() == "Ctrl+Shift+L"
    with qtbot.waitSignal(first.manager.calibration_changed, timeout=STEP_TIMEOUT_MS):
        control.calibrate(str(clinic["warm"]))
    assert control.save_action.isEnabled()

    control.save_copy(clinic["model"])  # Never over the open file.
    assert first.errors[-1] == "model.keras: choose another name; the open model file is never changed"
    with qtbot.waitSignal(first.manager.calibrated_copy_saved, timeout=STEP_TIMEOUT_MS):
        control.save_copy(tmp_path / "warm lamp")
    copy = tmp_path / "warm lamp.keras"
    assert copy.is_file() and first.message_bar.message().startswith("Saved warm lamp.keras: it applies")
    assert first.settings.recent("models")[0] == str(copy.resolve())
    first.close()

    again = make_window(copy)  # Another computer under the same lamp: nothing remembered there.
    qtbot.waitUntil(lambda: again.light_calibration.status_label.isVisible(), timeout=STEP_TIMEOUT_MS)
    assert again.light_calibration.status_label.text() == "Light: calibrated (16 photos)"
    assert "Carried in the model file" in again.light_calibration.status_label.toolTip()
    assert not again.light_calibration.save_action.isEnabled()
    _open(again, qtbot, clinic["warm"] / "coolish" / "0.png")
    assert _top(again) == "coolish"

    with qtbot.waitSignal(again.manager.calibration_changed, timeout=STEP_TIMEOUT_MS):
        again.light_calibration.clear()
    # The photo on screen is read again as the model was trained: the warm lamp reads a pale tongue as red.
    qtbot.waitUntil(lambda: _reads(again, "warmish"), timeout=STEP_TIMEOUT_MS)
    assert not again.light_calibration.status_label.isVisible()
    again.close()

    later = make_window(copy)  # Cleared on this computer: it stays cleared when the copy is opened again.
    qtbot.waitUntil(lambda: later.light_calibration.calibration is None, timeout=STEP_TIMEOUT_MS)
    assert not later.light_calibration.status_label.isVisible()
    _open(later, qtbot, clinic["warm"] / "coolish" / "0.png")
    assert _top(later) == "warmish"


def test_the_export_dialog_says_whether_the_export_applies_the_light_calibration(make_window, clinic, qtbot,
                                                                                  tmp_path):
    window = make_window(clinic["model"])
    with qtbot.waitSignal(window.manager.calibration_changed, timeout=STEP_TIMEOUT_MS):
        window.light_calibration.calibrate(str(clinic["warm"]))

    dialog = window.show_export_dialog()

    assert dialog.light_note.isVisible()
    assert dialog.light_note.text().startswith("The light calibration in use (16 photos) is not in this model file")
    dialog.grab().save(str(tmp_path / "export_dialog.png"))
    with qtbot.waitSignal(window.manager.calibrated_copy_saved, timeout=STEP_TIMEOUT_MS):
        window.light_calibration.save_copy(tmp_path / "warm.keras")
    with qtbot.waitSignal(window.model_changed, timeout=STEP_TIMEOUT_MS):
        window.load_model(tmp_path / "warm.keras")
    dialog = window.show_export_dialog()
    assert dialog.light_note.text() == (
        "This model file carries a light calibration (16 photos): the export applies it.")
    with qtbot.waitSignal(window.manager.calibration_changed, timeout=STEP_TIMEOUT_MS):
        window.light_calibration.clear()
    assert window.show_export_dialog().light_note.text().startswith(
        "The export applies the light calibration this model file carries (16 photos), not the one in use.")
    with qtbot.waitSignal(window.manager.calibration_changed, timeout=STEP_TIMEOUT_MS):
        window.load_model(clinic["model"])  # Remembered: calibrated to the warm lamp in the settings.
    assert window.light_calibration.calibration is not None
    with qtbot.waitSignal(window.manager.calibration_changed, timeout=STEP_TIMEOUT_MS):
        window.light_calibration.clear()
    assert window.light_calibration.calibration is None
    assert window.show_export_dialog().light_note.isHidden()


def test_the_open_dialogs_say_the_calibration_in_use_is_not_applied_to_the_file(make_window, clinic, qtbot):
    window = make_window(clinic["model"])
    export = window.show_export_dialog()
    dialog = window.show_evaluate_dialog()
    assert not dialog.light_note.isVisible() and not export.light_note.isVisible()

    with qtbot.waitSignal(window.manager.calibration_changed, timeout=STEP_TIMEOUT_MS):
        window.light_calibration.calibrate(str(clinic["cool"]))

    # The open dialog follows: it scores the file as it is, without the calibration made meanwhile.
    assert dialog.light_note.isVisible() and "(16 photos) is not applied here" in dialog.light_note.text()
    assert export.light_note.isVisible() and "will not apply it" in export.light_note.text()
    with qtbot.waitSignal(window.manager.calibration_changed, timeout=STEP_TIMEOUT_MS):
        window.light_calibration.clear()
    assert not dialog.light_note.isVisible()
