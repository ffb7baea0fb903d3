"""Bad input dropped on the real window (issue 7, items 1, 2 and 5): a message naming each file, the app goes on.

Drops are real `QDragEnterEvent`/`QDropEvent`s (`tests.gui_helpers.drop`). After every bad
file the window must still show the good image and classify the next one.
"""

import os
from pathlib import Path

import pytest

from tests import gui_helpers
from tests.badfiles import make_catalogue
from tests.gui_helpers import BLUE, RED, drop
from tests.bad_input_helpers import CATALOGUE_REASONS, ODD_REASONS, make_odd_files

pytestmark = pytest.mark.gui

STEP_TIMEOUT_MS = 30_000
REASONS = {**CATALOGUE_REASONS, **ODD_REASONS}


@pytest.fixture(scope="module")
def material(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad_input_gui")
    photos = folder / "photos"
    good, bad = make_catalogue(photos)
    odd_good, odd_bad = make_odd_files(photos)
    return {
        "model": gui_helpers.color_model(folder / "color.keras"),
        "red": gui_helpers.solid_image(folder / "red.png", RED),
        "blue": gui_helpers.solid_image(folder / "blue.png", BLUE),
        "photos": photos, "good": {**good, **odd_good}, "bad": {**bad, **odd_bad}, "folder": folder,
    }


@pytest.fixture()
def window(make_window, qtbot, material):
    """A started window with the colour model loaded and a red image classified."""
    window = make_window(material["model"])
    window.open_image(material["red"])
    qtbot.waitUntil(lambda: _predicted(window) == "red", timeout=STEP_TIMEOUT_MS)
    return window


def _predicted(window):
    return window.image_panel.prediction_panel.predicted_label()


def _drop_and_get_error(window, qtbot, path):
    """Drops `path` and returns the one new error the window shows for it."""
    before = len(window.errors)
    assert drop(window, [path]), f"the window refused to take {path}"
    qtbot.waitUntil(lambda: len(window.errors) > before, timeout=STEP_TIMEOUT_MS)
    new = window.errors[before:]
    assert len(new) == 1, new
    message = new[0]
    assert window.message_bar.message() == message and window.message_bar.level() == "error"
    assert "\n" not in message and "Traceback" not in message
    return message


def _still_usable(window, qtbot, material):
    """The red image is still on screen, and a new image is classified."""
    assert window.current_image() == str(material["red"]) and _predicted(window) == "red"
    assert window.current_model().name == "color.keras"
    assert drop(window, [material["blue"]])
    qtbot.waitUntil(lambda: _predicted(window) == "blue", timeout=STEP_TIMEOUT_MS)


def test_dropping_the_whole_catalogue_folder_gives_a_result_or_an_error_per_file(window, qtbot, material):
    photos = material["photos"]

    with qtbot.waitSignal(window.manager.batch_finished, timeout=STEP_TIMEOUT_MS) as finished:
        assert drop(window, [photos])

    result = finished.args[0]
    rows = {os.path.basename(row.path): row for row in result.rows}
    assert set(rows) == set(material["good"]) | set(material["bad"])
    for name in material["good"]:
        assert rows[name].top[0]["label"] in ("red", "blue") and not rows[name].error, name
    for name in material["bad"]:
        assert rows[name].error.startswith(f"{photos / name}: ") and REASONS[name] in rows[name].error, rows[name]
        assert not rows[name].top
    table = window.batch_table
    assert table.row_count() == len(rows)
    shown_errors = [table.cell_text(row, table.COLUMN_ERROR) for row in range(table.row_count())]
    assert sum(bool(text) for text in shown_errors) == len(material["bad"])
    assert window.current_image() == str(material["red"])
    _still_usable(window, qtbot, material)


def test_dropping_bad_images_one_by_one_names_each_and_keeps_the_shown_image(window, qtbot, material):
    photos = material["photos"]
    for name in sorted(set(material["bad"]) - {"folder.jpg"}):
        message = _drop_and_get_error(window, qtbot, photos / name)
        assert message.startswith(f"{photos / name}: ") and REASONS[name] in message, message
        assert window.current_image() == str(material["red"]) and _predicted(window) == "red"

    # A folder named like an image is taken as a folder to classify: its one row says what it is.
    with qtbot.waitSignal(window.manager.batch_finished, timeout=STEP_TIMEOUT_MS) as finished:
        assert drop(window, [photos / "folder.jpg"])
    [row] = finished.args[0].rows
    assert row.error.startswith(f"{photos / 'folder.jpg'}: ") and "folder" in row.error.split(": ", 1)[1]
    _still_usable(window, qtbot, material)


def _model_files(folder, good_model):
    """Model files a clinician may be sent; returns {path: what the message must say} and the marker."""
    import h5py
    import keras

    folder.mkdir()
    marker = folder / "pwned.txt"
    payload = eval(f"lambda tensor: (open({str(marker)!r}, 'w').write('code ran'), tensor)[1]")
    inputs = keras.Input((8, 8, 3))
    evil = keras.Model(inputs, keras.layers.Dense(2)(keras.layers.Flatten()(keras.layers.Lambda(payload)(inputs))))
    evil.save(folder / "evil.keras")
    evil.save(folder / "evil.h5")
    marker.unlink()  # Building the model ran the payload once, here, on purpose.
    good = Path(good_model).read_bytes()
    (folder / "truncated.keras").write_bytes(good[: len(good) // 2])
    (folder / "notes.keras").write_text("not a model, just notes", encoding="utf-8")
    vector = keras.Input((10,))
    keras.Model(vector, keras.layers.Dense(2)(vector)).save(folder / "vector.keras")
    first, second = keras.Input((8, 8, 3)), keras.Input((8, 8, 3))
    merged = keras.layers.Flatten()(keras.layers.Add()([first, second]))
    keras.Model([first, second], keras.layers.Dense(2)(merged)).save(folder / "two inputs.keras")
    evil.save_weights(folder / "evil.weights.h5")
    with h5py.File(folder / "data.h5", "w") as handle:
        handle["measurements"] = [1.0, 2.0]
    os.mkfifo(folder / "pipe.keras")
    return {
        folder / "evil.keras": "safe mode",
        folder / "evil.h5": "can carry code",
        folder / "truncated.keras": "not a Keras .keras model file",
        folder / "notes.keras": "not a Keras .keras model file",
        folder / "vector.keras": "needs an image",
        folder / "two inputs.keras": "2 inputs",
        folder / "evil.weights.h5": "holds weights only",
        folder / "data.h5": "not Keras weights",
        folder / "pipe.keras": "not a regular file",
    }, marker


def test_dropping_bad_model_files_names_each_and_keeps_the_model(window, qtbot, material, tmp_path):
    files, marker = _model_files(tmp_path / "models", material["model"])

    for path, reason in files.items():
        message = _drop_and_get_error(window, qtbot, path)
        assert message.startswith(f"{path}: ") and reason in message, message
        assert window.current_model().name == "color.keras" and _predicted(window) == "red"

    assert not marker.exists()  # The Lambda's code never ran, from .keras or from .h5.
    _still_usable(window, qtbot, material)


def test_the_train_dialog_lists_every_problem_of_a_messy_data_folder(window, qtbot, material, tmp_path):
    data = tmp_path / "data"
    gui_helpers.color_dataset(data, per_class=4)
    make_odd_files(data / "blue")
    make_catalogue(data / "red" / "camera")
    (data / "empty").mkdir()
    dialog = window.show_train_dialog()

    dialog.set_data_folder(data)
    qtbot.waitUntil(lambda: dialog.scan() is not None, timeout=STEP_TIMEOUT_MS)

    scan = dialog.scan()
    skipped_list = dialog.data_panel.skipped_list
    listed = [skipped_list.item(row) for row in range(skipped_list.count())]
    files = {Path(item.toolTip()).name: item.text() for item in listed if item.toolTip()}
    assert set(files) == set(material["bad"])  # One entry per bad file, each with its reason.
    for name, text in files.items():
        assert text.startswith(f"{name}: ") and REASONS[name] in text, text
    warnings = [item.text() for item in listed if not item.toolTip()]
    assert warnings[:len(scan.warnings)] == scan.warnings and any("'empty' is left out" in text for text in warnings)
    assert dialog.start_button.isEnabled()  # The usable images can still be trained on.
    _still_usable(window, qtbot, material)


def test_a_refused_data_folder_still_lists_why_each_file_was_left_out(window, qtbot, material, tmp_path):
    data = tmp_path / "data"
    gui_helpers.color_dataset(data, per_class=3)
    for image in (data / "blue").iterdir():  # The second class holds nothing usable.
        image.write_bytes(b"not an image any more")
    dialog = window.show_train_dialog()

    dialog.set_data_folder(data)
    qtbot.waitUntil(lambda: str(data) in dialog.data_panel.scan_label.text(), timeout=STEP_TIMEOUT_MS)  # Refused.

    assert dialog.scan() is None and not dialog.start_button.isEnabled()
    skipped_list = dialog.data_panel.skipped_list
    listed = [skipped_list.item(row) for row in range(skipped_list.count())]
    named = sorted(Path(item.toolTip()).name for item in listed if item.toolTip())
    assert named == sorted(path.name for path in (data / "blue").iterdir())
    assert f"Skipped files: {len(named)}" in dialog.data_panel.skipped_label.text()
    _still_usable(window, qtbot, material)
