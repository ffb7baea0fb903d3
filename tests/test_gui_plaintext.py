"""Text from files is shown as text (issue 19, item 4): class, layer, file and folder names, a model's
architecture string and error messages that quote them are never read as Qt rich text, and never so
long that they stall the window.

The names are HTML. Rendered as HTML, `<img src="fifo">` makes Qt open the file to draw it: a named
pipe (a FIFO) blocks that open for ever, and the window with it. (`<img src="/dev/zero">` would read
gigabytes instead; a pipe shows the same flaw without filling a shared machine's memory.) A watcher
process opens the pipe for writing whenever a reader waits on it, which frees the reader and
records that something tried to read it: the test then fails instead of hanging. A Python thread
could not do this: the window's thread holds the interpreter's lock while Qt waits in `open`.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PyQt5 import QtCore, QtGui, QtWidgets

from tests import gui_helpers
from tests.gui_helpers import BLUE, RED, SIZE, drop, solid_image

pytestmark = [pytest.mark.gui, pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")]

STEP_TIMEOUT_MS = 30_000

# A tag a file's text must never bring into a widget that reads HTML (ours use none of these).
_TAG_FROM_A_FILE = re.compile(r"<(img|b|i|a)[\s>]", re.IGNORECASE)

_WATCHER = r"""
import os, sys, time
pipe, record = sys.argv[1], sys.argv[2]
while True:
    try:
        descriptor = os.open(pipe, os.O_WRONLY | os.O_NONBLOCK)  # Fails unless a reader waits on the pipe.
    except OSError:
        time.sleep(0.01)
        continue
    with open(record, "a") as opened:
        opened.write("opened\n")
    os.close(descriptor)  # The reader sees the end of the file and goes on.
"""


@pytest.fixture()
def fifo(tmp_path, monkeypatch):
    """A named pipe `fifo` in the current folder (the test's own), watched: `fifo.opened()` says if it was read.

    `<img src="fifo">` names it relative to the current folder, as Qt resolves a picture of a label.
    """
    monkeypatch.chdir(tmp_path)
    pipe = tmp_path / "fifo"
    os.mkfifo(pipe)
    record = tmp_path / "fifo-opened.txt"
    watcher = subprocess.Popen([sys.executable, "-c", _WATCHER, str(pipe), str(record)])

    class Fifo:
        path = pipe

        @staticmethod
        def opened():
            return record.exists()

    yield Fifo
    watcher.kill()
    watcher.wait()


def html_names(fifo_path):
    """Class names that are HTML: a picture from a pipe, bold, a link to a local file, an entity."""
    return ["&amp; blue", "<b>bold</b>", f'<img src="{fifo_path}">', '<a href="file:///etc/passwd">x</a>']


def named_model(path, class_names, layer_names=None, arch="color-test"):
    """Saves a hand-weighted conv net like `gui_helpers.color_model`, with any number of classes and names.

    A red image scores class 1 first and class 2 second; a blue one class 0 first and class 3 second.

    Args:
        path: the `.keras` file to write.
        class_names: at least 4 names, in output order.
        layer_names: {our name: its name in the file} for conv1, conv2, gap and predictions.
        arch: the architecture string kept in the file.
    """
    import keras

    from core.modelfile import ModelInfo, save_model

    names = {name: name for name in ("conv1", "conv2", "gap", "predictions")}
    names.update(layer_names or {})
    inputs = keras.Input((SIZE, SIZE, 3), name="image")
    x = keras.layers.Rescaling(1.0 / 255, name="rescaling")(inputs)
    conv1 = keras.layers.Conv2D(4, 3, padding="same", activation="relu", name=names["conv1"])
    x = keras.layers.MaxPooling2D(2, name="pool1")(conv1(x))
    conv2 = keras.layers.Conv2D(4, 3, padding="same", activation="relu", name=names["conv2"])
    x = keras.layers.GlobalAveragePooling2D(name=names["gap"])(conv2(x))
    dense = keras.layers.Dense(len(class_names), activation="softmax", name=names["predictions"])
    model = keras.Model(inputs, dense(x), name="named_net")

    kernel = np.zeros((3, 3, 3, 4), np.float32)
    kernel[1, 1, 0, 0] = kernel[1, 1, 2, 1] = 1.0  # Channel 0 copies red, channel 1 blue.
    conv1.set_weights([kernel, np.zeros(4, np.float32)])
    identity = np.zeros((3, 3, 4, 4), np.float32)
    for channel in range(4):
        identity[1, 1, channel, channel] = 1.0
    conv2.set_weights([identity, np.zeros(4, np.float32)])
    weights = np.zeros((4, len(class_names)), np.float32)
    weights[0, :4] = [-10.0, 10.0, 8.0, 0.0]  # red
    weights[1, :4] = [10.0, -10.0, -8.0, 0.0]  # blue
    dense.set_weights([weights, np.zeros(len(class_names), np.float32)])
    save_model(model, path, ModelInfo(class_names=list(class_names), input_shape=(SIZE, SIZE, 3), arch=arch))
    return Path(path)


# Reading what is on screen.

def is_read_as_html(text, text_format=QtCore.Qt.AutoText):
    """Whether Qt shows `text` as rich text in a label of `text_format` (tooltips are AutoText)."""
    if text_format == QtCore.Qt.PlainText:
        return False
    return text_format == QtCore.Qt.RichText or QtCore.Qt.mightBeRichText(text)


def as_shown(text, text_format=QtCore.Qt.AutoText):
    """The characters a person reads in a label or tooltip holding `text`."""
    if is_read_as_html(text, text_format):
        return QtGui.QTextDocumentFragment.fromHtml(text).toPlainText()
    return text


def item_views(widget):
    """(where, text, tooltip) of every item of the tables and lists in `widget`, headers included."""
    found = []
    for table in widget.findChildren(QtWidgets.QTableWidget):
        for row in range(table.rowCount()):
            for column in range(table.columnCount()):
                item = table.item(row, column)
                if item is not None:
                    found.append((f"{type(table).__name__} cell", item.text(), item.toolTip()))
        for orientation, count in ((QtCore.Qt.Horizontal, table.columnCount()), (QtCore.Qt.Vertical, table.rowCount())):
            for section in range(count):
                found.append(("header", str(table.model().headerData(section, orientation) or ""), ""))
    for listing in widget.findChildren(QtWidgets.QListWidget):
        for row in range(listing.count()):
            found.append(("list item", listing.item(row).text(), listing.item(row).toolTip()))
    return found


def html_read_from_files(*tops):
    """[(where, text)] of every label and tooltip under `tops` that Qt would read as HTML holding a file's tag.

    Labels, every widget's tooltip, item tooltips, window titles and the actions of menus and
    tool bars. Our own texts hold no `<img>`, `<b>`, `<i>` or `<a>`: any such tag came from a file.
    """
    found = []

    def check(where, text, text_format=QtCore.Qt.AutoText):
        if text and is_read_as_html(text, text_format) and _TAG_FROM_A_FILE.search(text):
            found.append((where, text))

    for top in tops:
        for widget in [top] + top.findChildren(QtWidgets.QWidget):
            name = type(widget).__name__
            if isinstance(widget, QtWidgets.QLabel):
                check(f"{name} text", widget.text(), widget.textFormat())
            check(f"{name} tooltip", widget.toolTip())
            for action in QtWidgets.QWidget.actions(widget):  # The window has an `actions` of its own.
                check("action tooltip", action.toolTip())
        for where, _text, tooltip in item_views(top):
            check(f"{where} tooltip", tooltip)
        for menu in top.findChildren(QtWidgets.QMenu):
            menu.aboutToShow.emit()  # Recent lists are filled when the menu opens.
            for action in menu.actions():
                check("menu action tooltip", action.toolTip())
    return found


def show_every_tooltip(*tops):
    """Shows each tooltip once, as hovering would: Qt renders it (and would load its pictures) then."""
    for top in tops:
        tips = [(widget, widget.toolTip()) for widget in [top] + top.findChildren(QtWidgets.QWidget)]
        for table in top.findChildren(QtWidgets.QAbstractItemView):
            tips += [(table, tooltip) for _where, _text, tooltip in item_views(table)]
        for widget, tip in tips:
            if tip and widget.isVisible():
                QtWidgets.QToolTip.showText(widget.mapToGlobal(QtCore.QPoint(2, 2)), tip, widget)
                QtWidgets.QApplication.processEvents()
    QtWidgets.QToolTip.hideText()


def paint(*widgets):
    """Paints the widgets as the screen would (a label lays out its text, and loads its pictures, then)."""
    return [widget.grab() for widget in widgets]


def look_at_every_page(*tops):
    """Paints every page of every tab widget under `tops` and shows every tooltip on it; the first page stays."""
    for top in tops:
        for tabs in top.findChildren(QtWidgets.QTabWidget):
            current = tabs.currentIndex()
            for index in range(tabs.count()):
                tabs.setCurrentIndex(index)
                paint(top)
                show_every_tooltip(top)
            tabs.setCurrentIndex(current)


def drop_and_wait(window, qtbot, paths, until):
    assert drop(window, paths)
    qtbot.waitUntil(until, timeout=STEP_TIMEOUT_MS)


# The window with a model whose class names, architecture and file name are HTML.

def test_html_from_model_image_and_folder_names_is_shown_as_written_and_never_rendered(make_window, qtbot, tmp_path,
                                                                                      fifo):
    from training.trainer import TrainResult

    names = html_names(fifo.path)  # File and folder names below name it relatively: they cannot hold "/".
    model_path = named_model(tmp_path / "&amp; <i>model.keras", names, arch='<i>arch</i> <img src="fifo">')
    window = make_window(model_path)
    image = solid_image(tmp_path / '<img src="fifo"> [*] red.png', RED)
    window.open_image(image)
    window.set_gradcam(True)
    qtbot.waitUntil(lambda: window.gradcam_shown() is not None and window.is_settled(), timeout=STEP_TIMEOUT_MS)

    # A folder dropped on the window: file names are HTML, one file cannot be read.
    folder = tmp_path / "folder"
    files = [solid_image(folder / "<b>bold.png", RED), solid_image(folder / '<a href="fifo">x.png', BLUE)]
    broken = folder / "<i>broken.png"
    broken.write_bytes(b"not an image")
    drop_and_wait(window, qtbot, [folder], lambda: window.batch_table.result() is not None)

    # The Train dialog: class folders named in HTML, a run's results for those classes.
    data = tmp_path / "data"
    for index in range(2):
        solid_image(data / "<b>bold" / f"{index}.png", RED, seed=index)
        solid_image(data / '<img src="fifo">' / f"{index}.png", BLUE, seed=index)
    (data / "<b>bold" / "<i>broken.png").write_bytes(b"not an image")
    dialog = window.show_train_dialog()
    dialog.set_data_folder(data)
    qtbot.waitUntil(lambda: dialog.scan() is not None, timeout=STEP_TIMEOUT_MS)
    classes = ["<b>bold", '<img src="fifo">']
    report = {"best_epoch": 1, "epochs_run": 1, "val_accuracy": 1.0, "classes": classes,
              "val_confusion_matrix": [[1, 0], [0, 1]],
              "val_per_class": {name: {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1} for name in classes}}
    dialog.progress_view.start()
    dialog.progress_view.add_message('class <b>bold: <img src="fifo"> 2 images')
    dialog.progress_view.show_result(TrainResult(str(tmp_path / "run"), str(tmp_path / "run" / "<b>model.keras"),
                                                 report, False))

    look_at_every_page(window, dialog)
    assert not fifo.opened(), "a picture named in a file's text was loaded"
    assert html_read_from_files(window, dialog) == []
    window.right_tabs.setCurrentWidget(window.inspect_panel)
    for top, name in ((window, "window.png"), (dialog, "dialog.png")):  # To look at: names as written, nothing drawn.
        top.grab().save(str(tmp_path / name))

    # What a person reads: every name whole, character for character.
    prediction = window.image_panel.prediction_panel.predicted
    assert as_shown(prediction.text(), prediction.textFormat()).startswith("<b>bold</b>  ·  ")
    assert [bar["label"] for bar in window.image_panel.prediction_panel.bars.top()][:2] == names[1:3]
    picker = window.image_panel.gradcam_controls.class_picker
    assert [picker.itemText(index) for index in range(1, picker.count())] == names
    assert "Evidence for <b>bold</b>, from layer conv2" in window.image_panel.gradcam_controls.caption.text()
    classes_label = window.classes_label
    assert as_shown(classes_label.toolTip()) == ", ".join(names)
    assert window.model_label.text() == "Model: &amp; <i>model.keras"
    assert as_shown(window.model_label.toolTip()).splitlines()[:2] == [
        str(model_path), 'Architecture: <i>arch</i> <img src="fifo">']
    assert window.windowHandle().title().startswith('<img src="fifo"> [*] red.png · &amp; <i>model.keras')
    assert as_shown(window.image_panel.title.toolTip()) == str(image)

    table = window.batch_table
    rows = {table.cell_text(row, table.COLUMN_FILE): row for row in range(table.row_count())}
    assert set(rows) == {path.name for path in files} | {broken.name}
    for path in files + [broken]:
        assert as_shown(table.table.item(rows[path.name], table.COLUMN_FILE).toolTip()).splitlines()[0] == str(path)
    assert table.cell_text(rows["<b>bold.png"], table.COLUMN_CLASS) == "<b>bold</b>"
    assert as_shown(table.table.item(rows[broken.name], table.COLUMN_ERROR).toolTip()).startswith(str(broken))

    data_panel = dialog.data_panel
    assert {data_panel.class_table.item(row, 0).text() for row in range(2)} == set(classes)
    skipped = [data_panel.skipped_list.item(row) for row in range(data_panel.skipped_list.count())]
    assert any(item.text().startswith("<i>broken.png: ") and as_shown(item.toolTip()).endswith("/<i>broken.png")
               for item in skipped)
    view = dialog.progress_view
    assert view.notes_label.text() == 'class <b>bold: <img src="fifo"> 2 images'
    assert "<b>model.keras" in view.result_label.text()
    headers = [view.confusion.horizontalHeaderItem(column).text() for column in range(2)]
    assert headers == classes == [view.per_class.verticalHeaderItem(row).text() for row in range(2)]


def test_recent_files_with_html_and_ampersands_are_listed_as_written(make_window, tmp_path):
    name = '&amp; <img src="fifo"> R&D.keras'
    (tmp_path / name).write_bytes(b"")  # Only files that exist are listed.
    window = make_window()
    window.settings.add_recent("models", str(tmp_path / name))
    menu = window.recent_models_menu
    menu.aboutToShow.emit()
    action = menu.actions()[0]
    assert action.text() == "&&amp; <img src=\"fifo\"> R&&D.keras"  # "&&" shows one "&": no mnemonic.
    assert as_shown(action.toolTip()) == str(tmp_path / name) and action.statusTip() == str(tmp_path / name)
    assert html_read_from_files(window) == []


def test_html_layer_names_are_shown_as_written_in_the_layer_list_or_in_the_refusal(make_window, qtbot, tmp_path, fifo):
    # Keras refuses "/" in a layer name, so no closing tags; TensorFlow runs none of these names.
    layers = {"conv1": '<img src="fifo">', "conv2": "<b>bold", "gap": "&amp;", "predictions": '<a href="fifo">x'}
    model_path = named_model(tmp_path / "layers.keras", ["c0", "c1", "c2", "c3"], layer_names=layers)
    window = make_window()
    errors = len(window.errors)
    window.load_model(model_path)
    # The model is shown and its first pass fails, or it is refused at once: either way an error names a layer.
    qtbot.waitUntil(lambda: len(window.errors) > errors, timeout=STEP_TIMEOUT_MS)

    look_at_every_page(window)
    assert not fifo.opened(), "a picture named in a layer's name was loaded"
    assert html_read_from_files(window) == []
    message = window.message_bar.text
    assert message.textFormat() == QtCore.Qt.PlainText and str(model_path) in message.text()
    quoted = [name for name in layers.values() if name in message.text()]
    listed = window.inspect_panel.layer_table.layers()
    if listed:  # Shown before the failure: the names are in the layer list, as written.
        cells = [window.inspect_panel.layer_table.item(row, 0).text() for row in range(len(listed))]
        assert set(layers.values()) <= set(cells)
        assert as_shown(window.inspect_panel.layer_table.item(cells.index("<b>bold"), 0).toolTip()) == "<b>bold"
    else:
        assert quoted, f"the refusal does not name the layer: {message.text()}"


# The helpers, and names far too long.

def test_the_helpers_keep_text_plain_bounded_and_as_written(qapp):
    from gui import plaintext

    label = plaintext.plain_label('<img src="fifo"> <b>x</b>')
    assert label.textFormat() == QtCore.Qt.PlainText and label.text() == '<img src="fifo"> <b>x</b>'
    for text in ("&lt;b&gt;", "<b>bold</b>", "<i>x</i>  two  spaces\nnext &amp;"):  # Tooltips would read HTML.
        tooltip = plaintext.plain_tooltip(text)
        assert QtCore.Qt.mightBeRichText(tooltip) and as_shown(tooltip).splitlines() == text.splitlines()
    assert plaintext.plain_tooltip("/data/a.png") == "/data/a.png"  # Plain already: unchanged.
    assert plaintext.escaped("<b>&</b>") == "&lt;b&gt;&amp;&lt;/b&gt;"
    assert plaintext.action_text("R&D") == "R&&D" and plaintext.title_text("a[*]b") == "a[*][*]b"

    huge = "x" * 50_000_000
    assert len(plaintext.shown(huge)) == plaintext.MAX_SHOWN_CHARS
    assert plaintext.shown("abcdefghij", 5) == "ab…ij" and plaintext.shown("abc", 5) == "abc"
    plaintext.set_plain_text(label, huge)
    assert len(label.text()) == plaintext.MAX_TEXT_CHARS
    assert len(plaintext.plain_tooltip("<b>" + huge)) < plaintext.MAX_TEXT_CHARS + 100


def test_a_class_name_of_50_mb_is_shown_cut_short_everywhere(make_window, qtbot, tmp_path):
    from gui import plaintext
    from gui.messages import BatchResult, BatchRow, ModelSummary, Prediction

    huge = "<b>" + "x" * 50_000_000
    window = make_window()
    summary = ModelSummary(name=huge, path=str(tmp_path / huge[:100]), class_names=[huge, "red"],
                           input_shape=(SIZE, SIZE, 3), arch=huge, training={}, layers=[])
    top = [{"label": huge, "probability": 0.9}, {"label": "red", "probability": 0.1}]
    # The widgets are given the name as the bridge would give it; the core may cap it, the window must not need it.
    window.status_fields.show_model(summary)
    window.image_panel.set_model(summary)
    window.image_panel.show_prediction(Prediction("a.png", summary.path, np.array([0.9, 0.1]), top, 0, 1.0))
    window.batch_table.show_result(BatchResult([BatchRow("a.png", top), BatchRow(huge, [], error=huge)], 2, False,
                                               1.0, summary.path))
    window.message_bar.show_error(huge)
    paint(window)

    limit = plaintext.MAX_TEXT_CHARS + 100  # A bounded value inside our own words.
    texts = [label.text() for label in window.findChildren(QtWidgets.QLabel)]
    texts += [widget.toolTip() for widget in window.findChildren(QtWidgets.QWidget)]
    texts += [text for _where, cell, tooltip in item_views(window) for text in (cell, tooltip)]
    picker = window.image_panel.gradcam_controls.class_picker
    texts += [picker.itemText(index) for index in range(picker.count())]
    texts += [bar["label"] for bar in window.image_panel.prediction_panel.bars.top()]
    assert max(len(text) for text in texts) <= limit
    assert window.image_panel.prediction_panel.predicted.text().startswith("<b>xxx")


def test_the_unexpected_error_box_shows_its_message_as_plain_text(qapp):
    from gui.errors import error_box

    box = error_box('cannot read <img src="fifo"> in <b>bold</b>')
    try:
        assert box.textFormat() == QtCore.Qt.PlainText
        assert 'cannot read <img src="fifo"> in <b>bold</b>' in box.text()
    finally:
        box.deleteLater()


def test_errors_go_to_a_log_file_beside_the_settings_and_the_error_box_names_it(qapp, tmp_path, monkeypatch):
    import logging

    from gui import errors

    monkeypatch.setattr(errors, "_log_file", None)
    before = list(logging.getLogger().handlers)
    path = errors.install_log_file(tmp_path / "TongueLens.conf")
    try:
        assert path == tmp_path / "tonguelens.log" and errors.install_log_file(tmp_path / "TongueLens.conf") == path
        assert len(logging.getLogger().handlers) == len(before) + 1  # Once, however often it is asked.
        logging.getLogger("tonguelens").error("uncaught exception:\nTraceback (most recent call last): ...")
        logging.getLogger("tonguelens").info("not kept")
        for handler in logging.getLogger().handlers:
            handler.flush()
        written = path.read_text(encoding="utf-8")
        assert "ERROR tonguelens: uncaught exception:\nTraceback" in written and "not kept" not in written
        box = errors.error_box("something broke")
        assert f"The details are in the log, {path}." in box.text()
        box.deleteLater()
    finally:
        for handler in set(logging.getLogger().handlers) - set(before):
            logging.getLogger().removeHandler(handler)
            handler.close()


def test_html_escape_matches_what_qt_reads_back(qapp):
    # `escaped` is for our own rich text around a file's text: Qt must read back the very text.
    from gui.plaintext import escaped

    for text in html_names("/tmp/fifo"):
        assert QtGui.QTextDocumentFragment.fromHtml(f"<b>{escaped(text)}</b>").toPlainText() == text


def test_the_watcher_sees_a_label_that_reads_html(qtbot, fifo):
    # The control: without the helpers, a label does open the pipe (freed by the watcher, not hung).
    label = QtWidgets.QLabel('<img src="fifo"> class')
    qtbot.addWidget(label)
    label.show()
    paint(label)  # Blocks in `open` until the watcher frees it, which it records first.
    assert fifo.opened()


def test_control_and_right_to_left_override_characters_in_names_are_shown_escaped(qapp):
    from gui.plaintext import plain_label, shown

    name = "photo\u202egpj.exe\x1b[2J"
    label = plain_label(name)

    assert shown(name) == "photo\\u202egpj.exe\\u001b[2J"
    assert label.text() == shown(name)
    assert shown("two\nlines\tkept") == "two\nlines\tkept"  # Messages keep their own layout.


def test_html_attribute_names_are_shown_as_written_in_bars_pickers_tables_and_results(make_window, qtbot, tmp_path,
                                                                                      fifo):
    from training.trainer import TrainResult

    names = html_names(fifo.path)
    attributes = [{"name": '<img src="fifo"> colour', "classes": names[:2]},
                  {"name": "<b>tone", "classes": names[1:]}]
    window = make_window(gui_helpers.attribute_model(tmp_path / "attributes.keras", attributes))
    window.open_image(solid_image(tmp_path / "red.png", RED))
    window.set_gradcam(True, attribute=1)
    qtbot.waitUntil(lambda: window.gradcam_shown() is not None and window.is_settled(), timeout=STEP_TIMEOUT_MS)
    folder = tmp_path / "folder"
    solid_image(folder / "blue.png", BLUE)
    drop_and_wait(window, qtbot, [folder], lambda: window.batch_table.result() is not None)

    # The Train dialog with a labels table whose attributes and classes are HTML, then a run's results.
    for index in range(4):
        solid_image(tmp_path / "photos" / f"p{index}.png", RED if index % 2 else BLUE, seed=index)
    table_path = tmp_path / "labels.csv"
    table_path.write_text('image,<img src="fifo"> colour,<b>tone\n' + "".join(
        f"p{index},{names[index % 2]},{names[1 + index % 2]}\n" for index in range(4)), encoding="utf-8")
    dialog = window.show_train_dialog()
    dialog.set_data_folder(tmp_path / "photos")
    dialog.data_panel.set_labels(table_path)
    qtbot.waitUntil(lambda: bool(dialog.data_panel.attribute_rows()), timeout=STEP_TIMEOUT_MS)
    report = {"best_epoch": 1, "epochs_run": 1, "attributes": [
        {"name": entry["name"], "classes": entry["classes"], "val_accuracy": 1.0, "val_images": 2, "val_blank": 0,
         "val_confusion_matrix": [[1, 0], [0, 1]],
         "val_per_class": {name: {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1}
                           for name in entry["classes"]}} for entry in attributes]}
    dialog.progress_view.start()
    dialog.progress_view.show_result(TrainResult(str(tmp_path / "run"), str(tmp_path / "run" / "m.keras"), report,
                                                 False))

    look_at_every_page(window, dialog)
    assert not fifo.opened(), "a picture named in a file's text was loaded"
    assert html_read_from_files(window, dialog) == []
    panel = window.image_panel.prediction_panel
    assert [name for name, _top in panel.attribute_readings()] == [entry["name"] for entry in attributes]
    heading = panel.groups[1].heading
    assert as_shown(heading.text(), heading.textFormat()).startswith(f"<b>tone: {names[3]}")
    picker = window.image_panel.gradcam_controls.attribute_picker
    assert [picker.itemText(index) for index in range(picker.count())] == [entry["name"] for entry in attributes]
    assert f"<b>tone: {names[3]}" in window.image_panel.gradcam_controls.caption.text()
    batch = window.batch_table
    assert batch.table.horizontalHeaderItem(batch.attribute_column("<b>tone")).text() == "<b>tone"
    assert as_shown(window.classes_label.toolTip()).startswith('<img src="fifo"> colour: ')
    assert dialog.data_panel.attribute_rows()[0][0] == '<img src="fifo"> colour'
    assert "<b>tone: accuracy" in dialog.progress_view.result_label.text()


def test_recent_models_of_one_name_are_told_apart_by_their_folders(qtbot, settings, tmp_path):
    from gui.widgets.recent_menu import RecentMenu

    for run in ("plain", "crop"):  # Every training run's model is "model.keras".
        (tmp_path / run).mkdir()
        (tmp_path / run / "model.keras").write_bytes(b"")
        settings.add_recent("models", tmp_path / run / "model.keras")
    (tmp_path / "demo.keras").write_bytes(b"")
    settings.add_recent("models", tmp_path / "demo.keras")
    menu = RecentMenu(settings, "models", lambda path: None)
    qtbot.addWidget(menu)

    menu.fill()

    texts = [action.text() for action in menu.actions() if action.toolTip() and not action.isSeparator()][:3]
    assert texts == ["demo.keras", "crop/model.keras", "plain/model.keras"]  # Before: "model.keras" twice.
    assert menu.toolTipsVisible()


def test_clear_list_forgets_its_own_list_only(qtbot, settings, tmp_path):
    from gui.widgets.recent_menu import RecentMenu

    (tmp_path / "model.keras").write_bytes(b"")
    settings.add_recent("models", tmp_path / "model.keras")
    settings.add_recent("folders", tmp_path)
    models_menu = RecentMenu(settings, "models", lambda path: None)
    folders_menu = RecentMenu(settings, "folders", lambda path: None)
    qtbot.addWidget(models_menu)
    qtbot.addWidget(folders_menu)
    models_menu.fill()
    assert models_menu.actions()[-1] is models_menu.clear_action
    assert models_menu.clear_action.text() == "Clear List"
    assert models_menu.clear_action.toolTip() == "Forget the recent models"

    models_menu.clear_action.trigger()

    assert settings.recent("models") == [] and settings.recent("folders") == [str(tmp_path)]
    folders_menu.fill()
    assert folders_menu.clear_action.toolTip() == "Forget the recent folders"
    folders_menu.clear_action.trigger()
    assert settings.recent("folders") == []
