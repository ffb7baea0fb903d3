"""The Simplified Chinese UI: a complete translation file, and no English left on screen.

The checker knows the English UI strings from the `.ts` source (placeholders turn into
wildcards), and any English word that is not data (class, layer, file names), a number, a
shortcut or a name kept in every language counts as untranslated. So a string missing from the
translation, or never wrapped in `tr()`, fails the test. The same walk in English must find the
English strings again, which shows the checker sees what it should.
"""

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PyQt5 import QtCore, QtGui, QtWidgets

from gui.widgets.layer_table import short_type
from tests import gui_helpers
from tests.gui_helpers import RED

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[1]
TS_FILE = ROOT / "gui" / "translations" / "tonguelens_zh_CN.ts"
QM_FILE = TS_FILE.with_suffix(".qm")
STEP_TIMEOUT_MS = 30_000

# Names that stay in Latin letters in the Chinese UI too (formats, libraries, number types).
KEPT_TERMS = {"TongueLens", "TensorFlow", "Keras", "keras", "Grad-CAM", "CSV", "csv", "F1", "HTML", "html", "HEIC",
              "HEIF", "JPEG", "PNG", "Pillow", "NaN", "CPU", "float32", "ImageNet", "MB", "h5", "hdf5", "ONNX", "onnx",
              "LiteRT", "tflite", "SavedModel", "Serving", "Android", "iOS", "HDF5", "JSON", "Python", "Lambda",
              "JAX", "Flax", "PyTorch", "zip", "PDF", "ROC-AUC", "tsv", "txt", "xlsx",
              "GBK", "Excel", "openpyxl", "UTF-", "BOM",  # "UTF-8" once its number is taken out; its byte-order mark.
              # A labels table's words: its blank marker and the name of its photo column.
              "NA", "image", "labelme", "json", "IoU", "Dice",
              # A comparison's two models, and its test: a person's name and statistical notation.
              "A", "B", "McNemar", "p", "mid-p",
              # The cs231n pattern notation: layer kinds, window F, stride S, padding P, dilation D, input side
              # W (and the formulas' W-F, and F-1 once its number is taken out), pool types, and Keras's padding
              # names and layer types.
              "INPUT", "CONV", "RELU", "POOL", "NORM", "DROPOUT", "FC", "GAP", "F", "S", "P", "D", "W", "W-F", "F-",
              "N",  # FC(N=...), an FC's units.
              "G",  # A layer table's window: G=8 groups, beside F/S P=1 and D=2.
              "type", "max", "avg", "l2", "same", "valid", "Flatten", "Dense", "px",
              # SI prefixes of counts in the layer tables ("1.77 M" multiply-adds).
              "k", "M", "G"}
_PLACEHOLDER = re.compile(r"\{\w+\}|%n|%\d")
_SHORTCUT = re.compile(r"\b(?:Ctrl|Shift|Alt|Meta)(?:\+\w+)+|\bEsc\b")
_MNEMONIC = re.compile(r"[(（]&\w[)）]")
_NUMBER = re.compile(r"(?<![A-Za-z_\d])[-+]?\d[\d.,]*(?:[eE][-+]?\d+)?")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_\-]*")
_CJK = re.compile(r"[\u4e00-\u9fff]")


# The translation file.

def ts_messages(path=TS_FILE):
    """[(context, source, translation, finished)] of a `.ts` file (the Chinese one by default)."""
    messages = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.find("name").text
        for message in context.iter("message"):
            translation = message.find("translation")
            messages.append((name, message.find("source").text, translation.text or "",
                             translation.get("type") not in ("unfinished", "obsolete", "vanished")))
    return messages


def english_words(text, data=()):
    """The English words of `text` once data, numbers, shortcuts and kept names are taken out."""
    for value in sorted({value for value in data if value}, key=len, reverse=True):
        text = re.sub(rf"(?<![A-Za-z]){re.escape(value)}(?![A-Za-z])", " ", text)
    for pattern in (_PLACEHOLDER, _SHORTCUT, _MNEMONIC, _NUMBER):
        text = pattern.sub(" ", text)
    return [word for word in _WORD.findall(text.replace("&", "")) if word not in KEPT_TERMS]


def plain(text):
    """A UI text as read: no mnemonic marks, no trailing ellipsis, rich text as plain text."""
    if QtCore.Qt.mightBeRichText(text):
        text = QtGui.QTextDocumentFragment.fromHtml(text).toPlainText()
    return " ".join(_MNEMONIC.sub("", text).replace("&", "").rstrip("…").split())


def english_templates():
    """Regular expressions matching every English UI string of the `.ts` file, placeholders as wildcards."""
    templates = {}
    for _context, source, _translation, _finished in ts_messages():
        if english_words(source):
            parts = _PLACEHOLDER.split(plain(source))
            templates[source] = re.compile(".+?".join(re.escape(part) for part in parts), re.DOTALL)
    return templates


def test_every_string_is_translated_and_keeps_its_placeholders_and_mnemonic(qapp):
    messages = ts_messages()
    assert len(messages) > 150, "pylupdate5 found far fewer strings than the UI has"
    for context, source, translation, finished in messages:
        where = f"{context}: {source!r}"
        assert finished and translation.strip(), f"untranslated: {where}"
        assert sorted(_PLACEHOLDER.findall(translation)) == sorted(_PLACEHOLDER.findall(source)), where
        assert ("&" in source) == ("&" in translation), f"mnemonic lost or added: {where}"
        assert translation.count("\n") <= source.count("\n"), f"extra line break: {where}"
        # Kept names ("Grad-CAM") and pure formats ("{epoch} / {epochs}") may stay as they are.
        assert not english_words(plain(translation)), f"English left in the translation of {where}: {translation!r}"


def test_the_ts_file_holds_every_string_of_the_code(tmp_path):
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(path) for folder in ("gui", "gui/widgets") for path in (ROOT / folder).glob("*.py"))
    sources += [str(ROOT / "core" / name)  # The core's templates.
                for name in ("messages.py", "modelmessages.py", "archmessages.py")]
    subprocess.run([sys.executable, "-m", "PyQt5.pylupdate_main", "-noobsolete", *sources, "-ts", str(fresh)],
                   check=True, capture_output=True)
    in_code = {(context, source) for context, source, _, _ in ts_messages(fresh)}
    in_file = {(context, source) for context, source, _, _ in ts_messages()}
    assert in_code == in_file, (f"run scripts/update_translations.sh: new {sorted(in_code - in_file)[:5]}, "
                                f"gone {sorted(in_file - in_code)[:5]}")


def test_the_compiled_qm_file_holds_the_translations_of_the_ts_file(qapp):
    translator = QtCore.QTranslator()
    assert translator.load(str(QM_FILE)), f"{QM_FILE} is missing: run scripts/update_translations.sh"
    stale = [(context, source) for context, source, translation, _ in ts_messages()
             if translator.translate(context.encode(), source.encode()) != translation]  # UTF-8, as tr() sends
    assert not stale, f"{QM_FILE.name} is older than the .ts file (run scripts/update_translations.sh): {stale[:5]}"


def test_the_checker_flags_english_and_accepts_data(qapp):
    templates = english_templates()
    assert any(pattern.fullmatch(plain("Model: color.keras")) for pattern in templates.values())
    assert english_words("打开模型（Ctrl+M）或拖入 .keras 文件") == []
    assert english_words("模型：color.keras · 3 个类别：red", data=["color.keras", "red"]) == []
    assert english_words("分类用时 12 ms") == ["ms"]
    assert english_words("打开模型(&M)…") == []


# Walking what is on screen.

def visible_texts(widget):
    """[(where, text)] of every text a user can see in `widget` and its children.

    Labels, buttons, group titles, tab texts, table headers and cells, combo box items,
    placeholders, painted placeholder and plot texts, tooltips and window titles. Hidden widgets
    (pages of other tabs, for instance) are left out; contents the user types are not UI text.
    """
    found = []

    def add(where, text):
        if text and text.strip():
            found.append((f"{type(where).__name__}({where.objectName() or ''})", text))

    for child in [widget] + widget.findChildren(QtWidgets.QWidget):
        if not child.isVisible():
            continue
        if child.isWindow():
            add(child, child.windowTitle())
        add(child, child.toolTip())
        if isinstance(child, QtWidgets.QLabel):
            add(child, child.text())
        elif isinstance(child, QtWidgets.QAbstractButton):
            add(child, child.text())
        elif isinstance(child, QtWidgets.QGroupBox):
            add(child, child.title())
        elif isinstance(child, QtWidgets.QTabBar):
            for index in range(child.count()):
                add(child, child.tabText(index))
        elif isinstance(child, QtWidgets.QHeaderView) and child.model() is not None:
            for section in range(child.count()):
                if not child.isSectionHidden(section):
                    add(child, child.model().headerData(section, child.orientation()))
        elif isinstance(child, QtWidgets.QTableWidget):
            for row in range(child.rowCount()):
                for column in range(child.columnCount()):
                    item = child.item(row, column)
                    if item is not None:
                        add(child, item.text())
                        add(child, item.toolTip())
        elif isinstance(child, QtWidgets.QComboBox):
            for index in range(child.count()):
                add(child, child.itemText(index))
        elif isinstance(child, (QtWidgets.QLineEdit, QtWidgets.QPlainTextEdit)):
            add(child, child.placeholderText())
        elif isinstance(child, QtWidgets.QProgressBar) and child.isTextVisible():
            add(child, child.text())
        elif type(child).__name__ == "ImageView" and not child.has_image():
            add(child, child.placeholder())
        elif type(child).__name__ == "CurvePlot":  # Painted: title, axis and legend.
            for text in (child._title, child._x_label, *child._labels.values()):
                add(child, text)
    return found


def menu_texts(menu_bar):
    """[(where, text)] of every menu title and action (text and tip) under a menu bar."""
    found = []

    def walk(menu):
        menu.aboutToShow.emit()  # Recent lists are filled when the menu opens.
        found.append(("QMenu", menu.title()))
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu())
            elif not action.isSeparator():
                found.extend(("QAction", text) for text in (action.text(), action.toolTip(), action.statusTip()))

    for action in menu_bar.actions():
        walk(action.menu())
    return found


def about_box_texts(window):
    """[(where, text)] of the About box, opened with the window's own command and closed at once."""
    found = []

    def read_and_close():
        box = QtWidgets.QApplication.activeModalWidget()
        try:
            found.extend(visible_texts(box))
        finally:
            for widget in QtWidgets.QApplication.topLevelWidgets():
                if isinstance(widget, QtWidgets.QMessageBox) and widget.isVisible():
                    widget.accept()

    QtCore.QTimer.singleShot(0, read_and_close)
    window.show_about()
    assert found, "the About box did not open"
    return found


def untranslated(texts, data):
    """The (where, text) pairs that show an English UI string, with why."""
    templates = english_templates()
    found = []
    for where, text in texts:
        shown = plain(text)
        matched = next((source for source, pattern in templates.items() if pattern.fullmatch(shown)), None)
        if matched is not None:
            found.append((where, text, f"English source {matched!r}"))
        elif english_words(shown, data):
            found.append((where, text, f"English words {english_words(shown, data)}"))
    return found


# The app in Chinese.

@pytest.fixture()
def restore_english(qapp):
    """Puts the app back in English whatever happens, so other tests read English texts."""
    yield
    from gui import i18n

    i18n.install_language(qapp, "en")


@pytest.fixture()
def window(make_window, tmp_path, restore_english):
    """A started main window with a hand-weighted model."""
    return make_window(gui_helpers.color_model(tmp_path / "color.keras"))


def choose_language(window, code, qtbot, file_menu_title):
    """Picks `code` in the window's View > Language menu and waits for the texts to change."""
    actions = {action.data(): action for action in window.language_menu.actions()}
    assert set(actions) == {"en", "zh_CN"}
    actions[code].trigger()
    assert actions[code].isChecked()
    # Qt posts the language change to every widget: it arrives with the next events.
    qtbot.waitUntil(lambda: window.file_menu.title() == file_menu_title, timeout=STEP_TIMEOUT_MS)


def show_everything(window, qtbot, tmp_path):
    """Brings the main window into every state worth reading: prediction, Grad-CAM, folder results."""
    image = gui_helpers.solid_image(tmp_path / "images" / "red.png", RED)
    gui_helpers.solid_image(tmp_path / "images" / "blue.png", gui_helpers.BLUE)
    window.open_image(image)
    window.set_gradcam(True)
    qtbot.waitUntil(lambda: window.gradcam_shown() is not None and window.is_settled(), timeout=STEP_TIMEOUT_MS)
    window.open_folder(tmp_path / "images")
    qtbot.waitUntil(lambda: window.batch_table.result() is not None, timeout=STEP_TIMEOUT_MS)
    assert window.batch_table.row_count() == 2


def main_window_texts(window, qtbot):
    """Texts of every tab of the main window, its menus and status bar."""
    texts = menu_texts(window.menuBar())
    texts.append(("status bar", window.statusBar().currentMessage()))
    for page in (window.inspect_panel, window.batch_table):
        window.right_tabs.setCurrentWidget(page)
        panel = window.inspect_panel
        if page is panel:
            for view in (panel.feature_maps, panel.filter_view):
                panel.tabs.setCurrentWidget(view)
                if view is panel.filter_view:
                    qtbot.waitUntil(lambda: panel.filter_view.filters() is not None, timeout=STEP_TIMEOUT_MS)
                texts += [(where, text) for where, text in visible_texts(window)
                          if not _is_core_filter_note(window, text)]
        else:
            texts += visible_texts(window)
    return texts


def _is_core_filter_note(window, text):
    # The filter picture's note is written by `inspection/` (shared with the `inspect` command),
    # in English; it is data about the layer, like the error messages of the core.
    return window.inspect_panel.filter_view.isVisible() and text == window.inspect_panel.filter_view.note.text()


def train_dialog_texts(window, qtbot, tmp_path):
    """Texts of both pages of the Train dialog: a scanned folder, a preset, a pattern, a finished run."""
    from gui.widgets.architecture_panel import DEFAULT_PATTERN
    from training.progress import TrainProgress
    from training.trainer import TrainResult

    dialog = window.show_train_dialog()
    dialog.set_data_folder(gui_helpers.color_dataset(tmp_path / "data", per_class=2))
    qtbot.waitUntil(lambda: dialog.scan() is not None, timeout=STEP_TIMEOUT_MS)
    texts = visible_texts(dialog)
    dialog.set_architecture(DEFAULT_PATTERN)
    qtbot.waitUntil(lambda: not dialog.arch_panel.is_computing(), timeout=STEP_TIMEOUT_MS)  # The worker's answer.
    assert dialog.arch_panel.layer_rows() and not dialog.arch_panel.error()
    texts += visible_texts(dialog)

    view = dialog.progress_view
    dialog.tabs.setCurrentWidget(view)
    texts += visible_texts(dialog)
    view.start()
    view.show_progress(TrainProgress(epoch=1, epochs=2, batch=1, batches=2, loss=0.7, accuracy=0.5,
                                     elapsed_seconds=3.0, eta_seconds=9.0))
    texts += visible_texts(dialog)
    view.show_epoch(TrainProgress(phase="validating", epoch=1, epochs=2, batch=2, batches=2, loss=0.6,
                                  accuracy=0.6, val_loss=0.5, val_accuracy=0.75, elapsed_seconds=5.0))
    report = {"best_epoch": 1, "epochs_run": 1, "val_accuracy": 0.75, "classes": ["blue", "red"],
              "val_confusion_matrix": [[1, 1], [0, 2]],
              "val_per_class": {"blue": {"precision": 1.0, "recall": 0.5, "f1": 0.667, "support": 2},
                                "red": {"precision": 0.667, "recall": 1.0, "f1": 0.8, "support": 2}}}
    model_path = str(tmp_path / "run" / "best.keras")
    view.show_result(TrainResult(run_dir=str(tmp_path / "run"), model_path=model_path, report=report, cancelled=True))
    texts += visible_texts(dialog)
    data = [dialog.data_panel.folder_edit.text(), model_path]
    data += [value for row in dialog.arch_panel.layer_rows() for value in (row.name, row.type, short_type(row.type))]
    combo = dialog.arch_panel.arch_combo
    data += [combo.itemData(index) for index in range(1, combo.count())]
    return texts, data


def shown_data(window, tmp_path):
    """Strings on screen that are data, not UI: names of classes, layers, files, folders and languages."""
    from gui import errors, i18n
    from gui.widgets.train_dialog import default_runs_folder

    model = window.current_model()
    data = [model.path, model.name, model.arch, *model.class_names, str(default_runs_folder()), str(tmp_path)]
    data += [window.settings.file_name, str(errors.log_file() or "")]  # The About box's paths.
    data += [path.name for path in tmp_path.rglob("*")]
    data += [value for row in model.layers for value in (row.name, row.type, short_type(row.type))]
    data += [name for _code, name in i18n.LANGUAGES]
    return data


def test_the_chinese_ui_shows_no_english_and_switching_back_restores_english(window, qtbot, tmp_path):
    from gui.settings import AppSettings

    show_everything(window, qtbot, tmp_path)
    choose_language(window, "zh_CN", qtbot, "文件(&F)")
    assert AppSettings(window.settings.file_name).language() == "zh_CN"  # Remembered for the next start.
    # Loading again shows the status bar's note, and everything computed since, in Chinese.
    with qtbot.waitSignal(window.model_changed, timeout=STEP_TIMEOUT_MS):
        window.load_model(window.current_model().path)
    qtbot.waitUntil(lambda: window.gradcam_shown() is not None and window.is_settled(), timeout=STEP_TIMEOUT_MS)
    assert window.statusBar().currentMessage().startswith("模型已加载，用时")
    assert window.language_menu.title() == "语言(&L)"

    texts = main_window_texts(window, qtbot)
    dialog_texts, dialog_data = train_dialog_texts(window, qtbot, tmp_path)
    texts += dialog_texts + about_box_texts(window)
    data = shown_data(window, tmp_path) + dialog_data
    assert len(texts) > 150
    left = untranslated(texts, data)
    assert not left, "untranslated:\n" + "\n".join(f"  {where}: {text!r} ({why})" for where, text, why in left)
    # Toolbar buttons show the action without its "(&M)" mnemonic.
    buttons = {button.text() for button in window.toolbar.findChildren(QtWidgets.QToolButton)}
    assert {"打开模型", "打开图像", "训练"} <= buttons

    choose_language(window, "en", qtbot, "&File")
    assert AppSettings(window.settings.file_name).language() == "en"
    english = main_window_texts(window, qtbot) + visible_texts(window.train_dialog()) + about_box_texts(window)
    shown = {plain(text) for _where, text in english}
    assert {"File", "Feature maps", "Filters", "Train a Model", "Prediction", "Use This Model", "Cancelled",
            "Confusion matrix (rows: true class)", "Model: color.keras"} <= shown
    chinese = [text for _where, text in english if _CJK.search(text) and text != "简体中文"]
    assert not chinese, f"Chinese left after switching back to English: {chinese[:5]}"
    assert len(untranslated(english, data)) > 100  # The checker sees English when it is there.


def _menu_mnemonics(menu):
    """{letter: [item texts]} of a menu's items that have an Alt mnemonic."""
    letters = {}
    for action in menu.actions():
        found = re.search(r"&(\w)", action.text().replace("&&", ""))
        if found:
            letters.setdefault(found.group(1).lower(), []).append(action.text())
    return letters


def test_no_two_items_of_a_menu_share_a_mnemonic_in_either_language(window, qtbot):
    # With two, Alt+F, M only moves between them and opens neither.
    for code, title in (("en", "&File"), ("zh_CN", "文件(&F)")):
        if window.file_menu.title() != title:
            choose_language(window, code, qtbot, title)
        for menu in (window.file_menu, window.model_menu, window.view_menu, window.help_menu):
            shared = {letter: texts for letter, texts in _menu_mnemonics(menu).items() if len(texts) > 1}
            assert not shared, f"{menu.title()}: {shared}"


def test_a_window_opened_in_chinese_starts_in_chinese_with_its_menu_checked(qtbot, tmp_path, restore_english):
    import models
    from gui import i18n
    from gui.main_window import MainWindow
    from gui.settings import AppSettings
    from gui.widgets.train_dialog import default_runs_folder

    assert i18n.install_language(QtWidgets.QApplication.instance(), "zh_CN") == "zh_CN"
    assert i18n.current_language() == "zh_CN"
    window = MainWindow(AppSettings(tmp_path / "settings.ini"))  # Nothing saved: --lang or the system chose.
    qtbot.addWidget(window)
    window.show()
    checked = [action.data() for action in window.language_menu.actions() if action.isChecked()]
    assert checked == ["zh_CN"]
    dialog = window.show_train_dialog()
    try:
        texts = menu_texts(window.menuBar()) + visible_texts(window) + visible_texts(dialog)
        data = [name for _code, name in i18n.LANGUAGES] + list(models.ARCHITECTURE_NAMES) + [str(default_runs_folder())]
        left = untranslated(texts, data)
        assert not left, "untranslated:\n" + "\n".join(f"  {where}: {text!r} ({why})" for where, text, why in left)
        assert window.model_label.text() == "未加载模型" and dialog.windowTitle() == "训练模型"
    finally:
        window.close()


def test_the_chinese_ui_with_a_multi_attribute_model_and_a_labels_table_shows_no_english(
        make_window, qtbot, tmp_path, restore_english):
    import models
    from training.trainer import TrainResult

    window = make_window(gui_helpers.attribute_model(tmp_path / "attributes.keras"))
    choose_language(window, "zh_CN", qtbot, "文件(&F)")
    show_everything(window, qtbot, tmp_path)
    assert window.image_panel.gradcam_controls.attribute_picker.isVisible()
    assert len(window.image_panel.prediction_panel.groups) == 2
    texts = main_window_texts(window, qtbot)

    dialog = window.show_train_dialog()
    photos, labels = gui_helpers.attribute_table(tmp_path / "sheet", count=8)
    dialog.set_data_folder(photos)
    dialog.data_panel.set_labels(labels)
    qtbot.waitUntil(lambda: bool(dialog.data_panel.attribute_rows()), timeout=STEP_TIMEOUT_MS)
    texts += visible_texts(dialog)
    attributes = [{"name": entry["name"], "classes": entry["classes"], "val_accuracy": 0.75, "val_macro_f1": 0.7,
                   "val_roc_auc": {name: 0.8 for name in entry["classes"]}, "val_images": 4, "val_blank": 1,
                   "val_confusion_matrix": [[1] * len(entry["classes"])] * len(entry["classes"]), "val_per_class": {}}
                  for entry in gui_helpers.ATTRIBUTES]
    view = dialog.progress_view
    dialog.tabs.setCurrentWidget(view)
    view.start()
    view.show_result(TrainResult(str(tmp_path / "run"), str(tmp_path / "run" / "model.keras"),
                                 {"best_epoch": 1, "epochs_run": 2, "attributes": attributes}, False))
    assert view.attribute_box.isVisible()
    texts += visible_texts(dialog)

    data = shown_data(window, tmp_path) + [str(photos), str(labels), str(tmp_path / "run" / "model.keras"), "size"]
    data += [value for entry in gui_helpers.ATTRIBUTES for value in [entry["name"], *entry["classes"]]]
    combo = dialog.arch_panel.arch_combo  # Presets and backbones are names, as in `train_dialog_texts`.
    data += ["large", "small", "red", "blue", *models.PRESET_NAMES]
    data += [combo.itemData(index) for index in range(1, combo.count())]
    # The preset's layer table may have come meanwhile: its layer names are data.
    data += [value for row in dialog.arch_panel.layer_rows() for value in (row.name, row.type, short_type(row.type))]
    left = untranslated(texts, data)
    assert not left, "untranslated:\n" + "\n".join(f"  {where}: {text!r} ({why})" for where, text, why in left)


def test_the_chinese_evaluation_dialog_shows_no_english(make_window, qtbot, tmp_path, restore_english):
    from gui.widgets.evaluation_view import COMPARISON_TAB, LIGHT_TAB
    from tests.calibration_helpers import make_clinic

    clinic = make_clinic(tmp_path)
    window = make_window(clinic["model"])
    choose_language(window, "zh_CN", qtbot, "文件(&F)")
    dialog = window.show_evaluate_dialog()
    texts = visible_texts(dialog)

    def evaluate_and_read():
        with qtbot.waitSignal(dialog.evaluation_finished, timeout=STEP_TIMEOUT_MS):
            dialog.start_evaluation()
        qtbot.waitUntil(lambda: not dialog.is_running(), timeout=STEP_TIMEOUT_MS)
        read = visible_texts(dialog)
        for tab in range(dialog.view.tabs.count()):
            if dialog.view.tabs.isTabVisible(tab):
                dialog.view.tabs.setCurrentIndex(tab)
                read += visible_texts(dialog)
        return read

    dialog.set_folder(clinic["warm"])  # Photos under a warmer lamp: the lighting warning too.
    dialog.relight_box.setChecked(True)
    texts += evaluate_and_read()
    assert dialog.view.tabs.isTabVisible(LIGHT_TAB) and "训练照片" in dialog.warning_label.text()
    dialog.calibrate_box.setChecked(True)
    texts += evaluate_and_read()
    dialog.set_other_model(clinic["model"])
    texts += evaluate_and_read()
    assert dialog.view.tabs.isTabVisible(COMPARISON_TAB)
    attributes = gui_helpers.attribute_model(tmp_path / "attributes.keras")
    photos, labels = gui_helpers.attribute_table(tmp_path / "sheet", count=8)
    dialog.set_model(attributes, gui_helpers.ATTRIBUTES)
    texts += visible_texts(dialog)  # The labels table's hint for such a model.
    dialog.set_folder(photos)
    dialog.set_labels(labels)
    dialog.set_other_model("")
    dialog.relight_box.setChecked(True)  # This model keeps no lighting profile: re-lit, not calibrated.
    texts += evaluate_and_read()
    assert dialog.view.figures_box.isVisible() and dialog.view.tabs.isTabVisible(LIGHT_TAB)
    swapped = [{"name": "颜色 colour", "classes": ["red", "blue"]}, {"name": "size", "classes": ["l", "m", "s"]}]
    other = gui_helpers.attribute_model(tmp_path / "swapped.keras", swapped)
    dialog.set_other_model(other)  # Two such models compared attribute by attribute.
    texts += evaluate_and_read()
    assert dialog.view.tabs.isTabVisible(COMPARISON_TAB) and "size" in dialog.warning_label.text()

    data = [str(clinic["model"]), str(clinic["warm"]), "model.keras", "warm", "coolish", "warmish", str(attributes),
            str(photos), str(labels), "size", "small", "large", str(other), "swapped.keras", "attributes.keras"]
    data += [value for entry in gui_helpers.ATTRIBUTES for value in [entry["name"], *entry["classes"]]]
    for photo in clinic["warm"].rglob("*.png"):  # The photos listed under Mistakes: file names are data.
        data += [str(photo), photo.relative_to(clinic["warm"]).as_posix()]
    left = untranslated(texts, data)
    assert not left, "untranslated:\n" + "\n".join(f"  {where}: {text!r} ({why})" for where, text, why in left)
