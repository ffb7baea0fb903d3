"""The app with a model that has one head per attribute: bars, Grad-CAM, batch table, CSV and the photo report.

The model is hand-weighted (`tests.gui_helpers.attribute_model`): a red photo reads "red" and
"warm", a blue one "blue" and "cool", so every expected answer is exact.
"""

import csv
from pathlib import Path

import pytest

from tests import gui_helpers
from tests.gui_helpers import ATTRIBUTES, BLUE, RED, shows_whole

pytestmark = pytest.mark.gui

STEP_TIMEOUT_MS = 30_000
COLOUR, TONE = ATTRIBUTES[0]["name"], ATTRIBUTES[1]["name"]


@pytest.fixture(scope="module")
def material(tmp_path_factory):
    folder = tmp_path_factory.mktemp("attribute_material")
    return {
        "model": gui_helpers.attribute_model(folder / "attributes.keras"),
        "color": gui_helpers.color_model(folder / "color.keras"),
        "red": gui_helpers.solid_image(folder / "red.png", RED),
        "blue": gui_helpers.solid_image(folder / "blue.png", BLUE),
    }


def readings(window):
    """{attribute: best class} of the prediction panel's groups."""
    return {name: top[0]["label"] for name, top in window.image_panel.prediction_panel.attribute_readings()}


def test_the_prediction_panel_shows_one_group_of_bars_per_attribute(make_window, material, qtbot):
    window = make_window(material["model"])
    assert window.current_model().attributes == ATTRIBUTES
    panel = window.image_panel.prediction_panel

    window.open_image(material["red"])
    qtbot.waitUntil(lambda: readings(window) == {COLOUR: "red", TONE: "warm"}, timeout=STEP_TIMEOUT_MS)
    groups = panel.attribute_readings()
    assert [name for name, _ in groups] == [COLOUR, TONE]
    assert [bar["label"] for bar in groups[1][1]] == ["warm", "neutral", "cool"]
    assert groups[1][1][0]["probability"] > 0.99
    assert panel.groups_box.isVisible() and not panel.bars.isVisible()
    assert f"{COLOUR}: red" in panel.groups[0].heading.text()

    window.open_image(material["blue"])
    qtbot.waitUntil(lambda: readings(window) == {COLOUR: "blue", TONE: "cool"}, timeout=STEP_TIMEOUT_MS)

    # An old one-output model gets its single group of bars back.
    with qtbot.waitSignal(window.model_changed, timeout=STEP_TIMEOUT_MS):
        window.load_model(material["color"])
    qtbot.waitUntil(lambda: panel.predicted_label() == "blue", timeout=STEP_TIMEOUT_MS)
    assert panel.attribute_readings() == [] and panel.bars.isVisible() and not panel.groups_box.isVisible()
    assert not window.image_panel.gradcam_controls.attribute_picker.isVisible()


def test_the_window_with_a_reading_of_every_attribute_fits_a_1024_pixel_screen(make_window, qtbot):
    from tests.conftest import ROOT

    # The demo's long names: each group's heading, the colour-correction caption and the pickers used to
    # hold the window 1,226 pixels wide; wrapped, they ran into the rows below in a short window.
    window = make_window(ROOT / "demo" / "tongue-colour-demo.keras")
    window.open_image(ROOT / "samples" / "red_02.jpg")
    qtbot.waitUntil(lambda: window.current_prediction() is not None and window.is_settled(), timeout=STEP_TIMEOUT_MS)
    window.image_panel.gradcam_controls.enabled_box.setChecked(True)
    qtbot.waitUntil(lambda: window.gradcam_shown() is not None and window.is_settled(), timeout=STEP_TIMEOUT_MS)

    window.resize(1024, 640)
    qtbot.wait(50)

    assert window.minimumSizeHint().width() <= 1024 and window.width() == 1024
    labels = [group.heading for group in window.image_panel.prediction_panel.groups]
    labels += [window.image_panel.gradcam_controls.caption]
    assert any(label.heightForWidth(label.width()) > label.fontMetrics().height() * 1.5 for label in labels)
    for label in labels:  # Each keeps the height of its lines.
        assert label.height() >= label.heightForWidth(label.width()), label.text()
    # The Grad-CAM caption has the panel's whole width, not a column beside the opacity and the colour scale,
    # where it wrapped to 4 lines and the window needed 728 px of height: more than a 1024x768 screen gives.
    caption = window.image_panel.gradcam_controls.caption
    assert caption.width() > 0.8 * window.image_panel.width()
    assert caption.heightForWidth(caption.width()) <= 2.5 * caption.fontMetrics().height()


def test_gradcam_explains_the_attribute_and_class_picked(make_window, material, qtbot):
    window = make_window(material["model"])
    controls = window.image_panel.gradcam_controls
    assert controls.attribute_picker.isVisible() and controls.attribute_picker.count() == 2
    window.open_image(material["red"])
    qtbot.waitUntil(lambda: readings(window).get(TONE) == "warm", timeout=STEP_TIMEOUT_MS)

    window.set_gradcam(True, attribute=1)
    qtbot.waitUntil(lambda: window.gradcam_shown() is not None, timeout=STEP_TIMEOUT_MS)
    shown = window.gradcam_shown()
    assert (shown.attribute, shown.class_index) == (1, 2)  # The tone head's predicted class, "warm".
    assert [controls.class_picker.itemText(i) for i in range(1, 4)] == ["cool", "neutral", "warm"]
    assert f"{TONE}: warm" in controls.caption.text()

    controls.set_chosen_class(0)  # Explain "cool" instead.
    qtbot.waitUntil(lambda: getattr(window.gradcam_shown(), "class_index", None) == 0, timeout=STEP_TIMEOUT_MS)
    controls.set_chosen_attribute(0)  # The colour head: its classes, its predicted class.
    qtbot.waitUntil(lambda: getattr(window.gradcam_shown(), "attribute", None) == 0, timeout=STEP_TIMEOUT_MS)
    assert window.gradcam_shown().class_index == 1 and controls.class_picker.count() == 3


def test_the_batch_table_and_its_csv_have_a_column_group_per_attribute(make_window, material, qtbot, tmp_path):
    folder = tmp_path / "photos"
    gui_helpers.solid_image(folder / "red_0.png", RED)
    gui_helpers.solid_image(folder / "blue_0.png", BLUE)
    (folder / "zz_broken.png").write_bytes(b"\x89PNG\r\n\x1a\n truncated")
    window = make_window(material["model"])

    with qtbot.waitSignal(window.manager.batch_finished, timeout=STEP_TIMEOUT_MS):
        window.open_folder(folder)
    table = window.batch_table
    headers = [table.table.horizontalHeaderItem(column).text() for column in range(table.table.columnCount())]
    assert headers == ["File", COLOUR, "%", TONE, "%", "Error or note"]
    assert f"{TONE} probability" in table.table.horizontalHeaderItem(table.attribute_column(TONE) + 1).toolTip()
    rows = {table.cell_text(row, table.COLUMN_FILE): row for row in range(table.row_count())}
    assert table.cell_text(rows["red_0.png"], table.attribute_column(TONE)) == "warm"
    assert table.cell_text(rows["blue_0.png"], table.attribute_column(COLOUR)) == "blue"
    assert table.cell_text(rows["zz_broken.png"], table.COLUMN_ERROR)

    out = tmp_path / "results.csv"
    assert window.export_results(out) == 3
    with open(out, encoding="utf-8-sig", newline="") as stream:
        written = {Path(row["path"]).name: row for row in csv.DictReader(stream)}
    assert written["red_0.png"][f"{COLOUR} label_1"] == "red" and written["red_0.png"][f"{TONE} label_1"] == "warm"
    assert written["blue_0.png"][f"{TONE} label_1"] == "cool" and written["zz_broken.png"]["error"]


def test_the_batch_table_shows_each_attribute_s_probability_whole_and_why_a_file_has_no_reading(
        make_window, material, qtbot, tmp_path):
    folder = tmp_path / "photos"
    gui_helpers.solid_image(folder / "red_0.png", RED)
    (folder / "empty.png").write_bytes(b"")
    window = make_window(material["model"])
    with qtbot.waitSignal(window.manager.batch_finished, timeout=STEP_TIMEOUT_MS):
        window.open_folder(folder)
    table = window.batch_table
    rows = {table.cell_text(row, table.COLUMN_FILE): row for row in range(table.row_count())}
    for attribute in (COLOUR, TONE):
        column = table.attribute_column(attribute) + 1
        assert table.cell_text(rows["red_0.png"], column).endswith("%")
        assert shows_whole(table, rows["red_0.png"], column), table.cell_text(rows["red_0.png"], column)

    # The reason is where the first reading would be, running to the last column, not far off to the right.
    first = table.attribute_column(COLOUR)
    assert table.cell_text(rows["empty.png"], first).startswith("empty file")
    assert table.table.columnSpan(rows["empty.png"], first) == table.table.columnCount() - first


def test_the_batch_table_names_each_attribute_whole_above_its_column(make_window, material, qtbot, tmp_path):
    long_names = [{"name": "舌色 body-colour (tongue body)", "classes": ["red", "blue"]},
                  {"name": "苔色 coating-colour (tongue coat)", "classes": ["cool", "neutral", "warm"]}]
    window = make_window(gui_helpers.attribute_model(tmp_path / "long.keras", long_names))
    with qtbot.waitSignal(window.manager.batch_finished, timeout=STEP_TIMEOUT_MS):
        window.classify_files([material["red"]])
    header = window.batch_table.table.horizontalHeader()
    for attribute in long_names:
        column = window.batch_table.attribute_column(attribute["name"])
        assert header.sectionSize(column) >= header.sectionSizeHint(column), attribute["name"]  # Not cut.


def test_save_report_writes_the_photos_page_and_pdf_on_the_model_thread(make_window, material, qtbot, tmp_path):
    window = make_window(material["model"])
    assert not window.actions.report.isEnabled()  # No photo yet.
    window.open_image(material["red"])
    qtbot.waitUntil(window.actions.report.isEnabled, timeout=STEP_TIMEOUT_MS)

    with qtbot.waitSignal(window.saver.report_saved, timeout=STEP_TIMEOUT_MS) as saved:
        assert window.save_report(tmp_path / "out" / "red report") is not None
    html_path, pdf_path = Path(saved.args[0].html), Path(saved.args[0].pdf)
    assert html_path == tmp_path / "out" / "red report.html" and pdf_path == tmp_path / "out" / "red report.pdf"
    page = html_path.read_text(encoding="utf-8")
    assert COLOUR in page and TONE in page and "warm" in page and "Not a medical device" in page
    assert pdf_path.read_bytes().startswith(b"%PDF")
    assert "red report.html" in window.message_bar.message()

    # An old one-output model's report: one reading, named by its class.
    with qtbot.waitSignal(window.model_changed, timeout=STEP_TIMEOUT_MS):
        window.load_model(material["color"])
    qtbot.waitUntil(window.actions.report.isEnabled, timeout=STEP_TIMEOUT_MS)
    with qtbot.waitSignal(window.saver.report_saved, timeout=STEP_TIMEOUT_MS) as saved:
        window.save_report(tmp_path / "one.html")
    page = Path(saved.args[0].html).read_text(encoding="utf-8")
    assert "color.keras" in page and "red" in page and TONE not in page
    assert Path(saved.args[0].pdf).read_bytes().startswith(b"%PDF")


def test_the_train_dialog_reads_a_labels_table_and_shows_every_attributes_results(make_window, qtbot, tmp_path,
                                                                                  monkeypatch):
    from core import images

    photos, labels = gui_helpers.attribute_table(tmp_path / "sheet")
    window = make_window()
    dialog = window.show_train_dialog()
    dialog.set_architecture("INPUT -> CONV(K=4) -> RELU -> POOL -> FC")
    dialog.size_spin.setValue(32)
    dialog.epochs_spin.setValue(2)
    dialog.batch_spin.setValue(8)
    dialog.augment_box.setChecked(False)
    dialog.out_edit.setText(str(tmp_path / "run"))
    dialog.set_data_folder(photos)
    qtbot.waitUntil(lambda: not dialog.is_scanning(), timeout=STEP_TIMEOUT_MS)
    assert dialog.scan() is None and not dialog.start_button.isEnabled()  # Photos without class folders: refused.

    decoded, load_rgb = [], images.load_rgb
    monkeypatch.setattr(images, "load_rgb", lambda path: decoded.append(str(path)) or load_rgb(path))
    dialog.data_panel.set_labels(labels)
    qtbot.waitUntil(lambda: bool(dialog.data_panel.attribute_rows()), timeout=STEP_TIMEOUT_MS)
    rows = dialog.data_panel.attribute_rows()
    assert rows == [(COLOUR, "blue", "12"), (COLOUR, "red", "6"), (COLOUR, "blank (not labelled)", "6"),
                    ("size", "large", "12"), ("size", "small", "12"), ("size", "blank (not labelled)", "0")]
    assert "2 attributes, 24 photos" in dialog.data_panel.scan_label.text()
    assert dialog.train_config().labels == str(labels) and dialog.start_button.isEnabled()

    with qtbot.waitSignal(dialog.training_finished, timeout=180_000) as finished:
        dialog.start_button.click()
    result = finished.args[0]
    assert result is not None and Path(result.model_path).is_file()
    # The dialog's scan was handed to the run: each photo was decoded once, by the dialog.
    assert sorted(decoded) == sorted(str(path) for path in photos.glob("*.png"))
    view = dialog.progress_view
    assert view.accuracy_plot.title() == "Accuracy (mean over attributes)"
    assert view.attribute_box.isVisible() and view.attribute_picker.count() == 2
    assert f"{COLOUR}: accuracy" in view.result_label.text() and "size: accuracy" in view.result_label.text()
    for index, attribute in enumerate(result.report["attributes"]):
        view.show_attribute(index)
        assert view.confusion.matrix() == attribute["val_confusion_matrix"]
        assert sum(map(sum, view.confusion.matrix())) == attribute["val_images"]

    with qtbot.waitSignal(window.model_changed, timeout=STEP_TIMEOUT_MS):
        dialog.use_model()
    assert [entry["name"] for entry in window.current_model().attributes] == [COLOUR, "size"]


def test_a_report_that_cannot_be_written_says_why_in_one_line(make_window, material, qtbot, tmp_path):
    window = make_window(material["model"])
    window.open_image(material["red"])
    qtbot.waitUntil(window.actions.report.isEnabled, timeout=STEP_TIMEOUT_MS)
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder", encoding="utf-8")

    with qtbot.waitSignal(window.manager.request_ended, timeout=STEP_TIMEOUT_MS):
        window.save_report(blocker / "report.html")
    qtbot.waitUntil(lambda: window.message_bar.level() == "error", timeout=STEP_TIMEOUT_MS)
    assert window.message_bar.message().startswith(str(blocker / "report.html"))  # Names the file it was to write.
    assert "\n" not in window.message_bar.message() and "Traceback" not in window.message_bar.message()
    assert not (blocker.parent / "report.pdf").exists() and readings(window) == {COLOUR: "red", TONE: "warm"}


def test_the_train_dialog_lists_a_tables_skipped_rows_and_refuses_a_column_of_one_class(make_window, qtbot, tmp_path):
    photos, labels = gui_helpers.attribute_table(tmp_path / "sheet", count=8)
    labels.write_text(labels.read_text(encoding="utf-8") + "missing_photo,red,small\n", encoding="utf-8")
    window = make_window()
    dialog = window.show_train_dialog()
    dialog.set_data_folder(photos)
    dialog.data_panel.set_labels(labels)
    qtbot.waitUntil(lambda: bool(dialog.data_panel.attribute_rows()), timeout=STEP_TIMEOUT_MS)
    skipped = [dialog.data_panel.skipped_list.item(row).text() for row in range(dialog.data_panel.skipped_list.count())]
    assert any("missing_photo" in text for text in skipped) and dialog.start_button.isEnabled()

    one_class = tmp_path / "one class.csv"
    one_class.write_text("image,colour,size\n" + "".join(f"p{index:02d},red,small\n" for index in range(8)),
                         encoding="utf-8")
    dialog.data_panel.set_labels(one_class)
    qtbot.waitUntil(lambda: not dialog.is_scanning() and "one class.csv" in dialog.data_panel.scan_label.text(),
                    timeout=STEP_TIMEOUT_MS)
    assert dialog.scan() is None and not dialog.start_button.isEnabled()
    assert "colour" in dialog.data_panel.scan_label.text() and not dialog.data_panel.attribute_rows()

    dialog.data_panel.set_labels("")  # Back to class folders: the photos folder has none.
    qtbot.waitUntil(lambda: not dialog.is_scanning(), timeout=STEP_TIMEOUT_MS)
    assert dialog.train_config().labels is None and not dialog.start_button.isEnabled()
