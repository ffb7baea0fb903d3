"""File > Export Model: a model file for phones (LiteRT), servers (SavedModel) or ONNX runtimes.

The export is a request to the bridge (`ModelManager.export_model`), run on its export worker
by `core.export.export_model`, which writes the new folder and checks it in its own runtime
before keeping it. The dialog shows what the export is doing, then one line: the folder and
what the check found, or why it was refused. It takes the bridge and the model to export, so
tests drive it alone. A note says whether the export applies the light calibration in use: only
one the model file carries travels (`core.calibration.save_calibrated`).
"""

import os
import re
from pathlib import Path

from PyQt5 import QtCore, QtWidgets

from gui import config
from core.messages import at_path
from gui.core_text import localize
from gui.export_worker import EXPORT
from gui.plaintext import plain_label, set_plain_text
from gui.widgets.common import ERROR_COLOR, WARNING_COLOR, Retranslatable, set_colored_text

# Keras's export formats (`core.export.FORMATS`), in the order offered.
FORMATS = ("litert", "onnx", "savedmodel")


class ExportDialog(Retranslatable, QtWidgets.QDialog):
    """The export dialog.

    Args:
        manager: the `ModelManager` that exports.
        model_path: the `.keras` file to export (the model shown in the window).
        parent: the parent widget.

    Signals:
        export_finished(object): the export ended: an `ExportDone` (written or refused), or
            None after a failure.
    """

    export_finished = QtCore.pyqtSignal(object)

    def __init__(self, manager, model_path, parent=None, own_folder=None):
        super().__init__(parent)
        self.manager = manager
        self._model_path = str(model_path)
        # Where to propose exports of models whose own folder is not the user's (see `_default_folder`).
        self._own_folder = own_folder or (lambda: str(Path.home()))
        self._request = None  # The bridge's number of the running export until it ends.
        self._done = None
        self._light = (None, None)  # The light calibration in use, and the one the file carries.
        self._refusal = None  # Why the model cannot be exported, when known before trying.
        self.setObjectName("exportDialog")
        self._build()
        manager.export_stage.connect(self._on_stage)
        manager.export_finished.connect(self._on_finished)
        manager.failed.connect(self._on_failed)
        manager.request_ended.connect(self._on_request_ended)
        self.retranslate()
        self.set_model(model_path)

    def _build(self):
        self.model_label = plain_label()
        self.model_label.setTextInteractionFlags(QtCore.Qt.TextSelectableByMouse)
        self.format_combo = QtWidgets.QComboBox()
        for name in FORMATS:
            self.format_combo.addItem("", name)
        self.out_edit = QtWidgets.QLineEdit()
        self.out_browse = QtWidgets.QPushButton()
        self.replace_box = QtWidgets.QCheckBox()
        out_row = QtWidgets.QHBoxLayout()
        out_row.addWidget(self.out_edit, 1)
        out_row.addWidget(self.out_browse)
        self.form = QtWidgets.QFormLayout()
        self._form_labels = [QtWidgets.QLabel() for _ in range(4)]
        for label, field in zip(self._form_labels, (self.model_label, self.format_combo, out_row, self.replace_box)):
            self.form.addRow(label, field)
        self.light_note = plain_label()
        self.light_note.setWordWrap(True)
        self.light_note.hide()
        self.busy_bar = QtWidgets.QProgressBar()
        self.busy_bar.setRange(0, 0)  # Keras's converters tell no fraction done.
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setMaximumHeight(6)
        self.busy_bar.hide()
        self.status_label = plain_label()
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(QtCore.Qt.TextSelectableByMouse)
        self.export_button = QtWidgets.QPushButton()
        self.export_button.setDefault(True)
        self.close_button = QtWidgets.QPushButton()
        buttons = QtWidgets.QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.light_note)
        layout.addWidget(self.busy_bar)
        layout.addWidget(self.status_label)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.resize(640, 260)
        self.format_combo.currentIndexChanged.connect(self._on_format_changed)
        self.out_edit.textChanged.connect(self._update_buttons)
        self.out_browse.clicked.connect(self._choose_folder)
        self.export_button.clicked.connect(self.start_export)
        self.close_button.clicked.connect(self.hide)

    def retranslate(self):
        self.setWindowTitle(self.tr("Export Model"))
        for label, text in zip(self._form_labels, (
                self.tr("Model:"), self.tr("Format:"), self.tr("Save as folder:"), self.tr("Replace:"))):
            label.setText(text)
        texts = {"litert": self.tr("LiteRT (.tflite) for phones: Android, iOS"),
                 "onnx": self.tr("ONNX (.onnx) for ONNX runtimes"),
                 "savedmodel": self.tr("TensorFlow SavedModel for TensorFlow Serving")}
        for index, name in enumerate(FORMATS):
            self.format_combo.setItemText(index, texts[name])
        self.replace_box.setText(self.tr("Replace an earlier export in that folder"))
        self.out_browse.setText(self.tr("Browse…"))
        self.export_button.setText(self.tr("Export"))
        self.close_button.setText(self.tr("Close"))
        self._show_light()
        if not self.is_running() and self._done is None and self._refusal is not None:
            set_colored_text(self.status_label, localize(at_path(Path(self._model_path).name, self._refusal)),
                             ERROR_COLOR)
        elif not self.is_running() and self._done is None:
            set_colored_text(self.status_label, self.tr(
                "The export is checked before it is kept: it must give this model's probabilities within 1e-4 "
                "on sample images."), None)

    # What to export, and where.

    def set_model(self, model_path, refusal=None):
        """Exports `model_path` from now on; proposes a folder beside it for the chosen format.

        `refusal`: a core message saying why this model cannot be exported, known before trying (a
        model that crops to the tongue): it is shown at once, and Export stays off.
        """
        self._model_path = str(model_path)
        self._refusal = refusal
        if not self.is_running():
            self._done = None  # What an export of the model before said is not about this one.
            self.retranslate()
        set_plain_text(self.model_label, self._model_path)
        self.out_edit.setText(str(self._default_folder()))
        self._update_buttons()

    def show_for(self, model_path, refusal=None):
        """Shows the dialog for `model_path` (an export still running keeps its own model); `refusal` as
        `set_model`'s."""
        if not self.is_running() and (str(model_path) != self._model_path or refusal != self._refusal):
            self.set_model(model_path, refusal)
        elif not self.is_running():
            self._propose_again()
        self.show()
        self.raise_()
        self.activateWindow()

    def set_light_calibration(self, in_use, carried):
        """Says which light calibration the export applies: the one the file carries (`carried`, or None),
        whatever the one in use (`in_use`, or None) is."""
        self._light = (in_use, carried)
        self._show_light()

    def _show_light(self):
        in_use, carried = self._light
        if in_use is None and carried is None:
            self.light_note.hide()
            return
        how_to = self.tr("To export the one in use, save a calibrated copy first (Model > Save Calibrated Copy…) "
                         "and export the copy.")
        if carried is None:
            text = self.tr("The light calibration in use ({count} photos) is not in this model file, so the export "
                           "will not apply it.").format(count=in_use.photos) + " " + how_to
        elif in_use == carried:
            text = self.tr("This model file carries a light calibration ({count} photos): the export applies "
                           "it.").format(count=carried.photos)
        else:
            text = self.tr("The export applies the light calibration this model file carries ({count} photos), not "
                           "the one in use.").format(count=carried.photos) + " " + how_to
        set_colored_text(self.light_note, text, None if in_use == carried else WARNING_COLOR)
        self.light_note.show()

    def set_format(self, name):
        """Chooses "litert", "onnx" or "savedmodel"."""
        self.format_combo.setCurrentIndex(FORMATS.index(name))

    def format(self):
        """The chosen format."""
        return self.format_combo.currentData()

    def _default_folder(self, parent=None):
        """`<model name>-<format>` beside the model; for the bundled demo, or a model in a folder this
        user cannot write, in the user's own folder instead (not inside the app's install folder).
        A name an earlier export took gets a number (`-2`, `-3`, ...): proposing it again only led to
        "already exists"."""
        model = Path(self._model_path)
        if parent is None:
            parent = model.parent if _users_folder(model.parent) else Path(self._own_folder())
        base = Path(parent) / f"{model.stem}-{self.format()}"
        folder, number = base, 1
        while folder.exists():
            number += 1
            folder = base.with_name(f"{base.name}-{number}")
        return folder

    def _on_format_changed(self):
        self._propose_again(always=True)

    def _propose_again(self, always=False):
        """Proposes a fresh folder when the one shown is a name the dialog proposed (`<model>-<format>[-N]`)
        and, unless `always`, an export has taken it since."""
        current = Path(self.out_edit.text().strip()) if self.out_edit.text().strip() else None
        proposed = current is None or re.fullmatch(rf".*-(?:{'|'.join(FORMATS)})(?:-\d+)?", current.name)
        if proposed and (always or current is None or current.exists()):
            self.out_edit.setText(str(self._default_folder(current.parent if current else None)))

    def _choose_folder(self):
        start = Path(self.out_edit.text().strip() or self._default_folder()).parent
        folder = QtWidgets.QFileDialog.getExistingDirectory(self, self.tr("Export Into Folder"), str(start))
        if folder:
            self.out_edit.setText(str(self._default_folder(folder)))

    # The export.

    def start_export(self):
        """Asks the bridge to export; the answer comes as `export_finished`."""
        out = self.out_edit.text().strip()
        if self.is_running() or not out:
            return
        self._done = None
        self._request = self.manager.export_model(self._model_path, self.format(), out, self.replace_box.isChecked())
        self.busy_bar.show()
        set_colored_text(self.status_label, self.tr("Starting the export…"), None)
        self._update_buttons()

    def is_running(self):
        """Whether an export started here is going on."""
        return self._request is not None

    def result(self):
        """The last `ExportDone`, or None."""
        return self._done

    def status_text(self):
        """The status line as shown."""
        return self.status_label.text()

    def _on_stage(self, text):
        if self.is_running():
            set_colored_text(self.status_label, localize(text) + "…", None)

    def _on_finished(self, done):
        if not self.is_running():
            return
        self._done = done
        self.busy_bar.hide()
        if done.error:
            set_colored_text(self.status_label, localize(done.error), ERROR_COLOR)
        else:
            template = (self.tr("Exported to {folder} ({files}); checked on {images} images with {runtime}: the "
                                "same probabilities as the model's") if done.max_difference == 0 else
                        self.tr("Exported to {folder} ({files}); checked on {images} images with {runtime}: "
                                "probabilities within {difference} of the model's"))
            set_colored_text(self.status_label, template.format(
                folder=done.out, files=", ".join(done.files), images=done.images, runtime=done.runtime,
                difference=f"{done.max_difference:.2g}"), None)
        self.export_finished.emit(done)

    def _on_failed(self, kind, message):
        if kind == EXPORT and self.is_running():
            self.busy_bar.hide()
            set_colored_text(self.status_label, localize(message), ERROR_COLOR)
            self.export_finished.emit(None)

    def _on_request_ended(self, kind, number):
        if kind == EXPORT and number == self._request:
            self._request = None
            self.busy_bar.hide()
            self._update_buttons()

    def _update_buttons(self):
        running = self.is_running()
        self.export_button.setEnabled(not running and bool(self.out_edit.text().strip()) and self._refusal is None)
        for widget in (self.format_combo, self.out_edit, self.out_browse, self.replace_box):
            widget.setEnabled(not running)

    def closeEvent(self, event):  # noqa: N802  Qt's name.
        event.accept()  # Closing only hides: an export goes on and tells its result when shown again.
        self.hide()


def _users_folder(folder):
    """Whether `folder` is the user's to write into: not the bundled demo's, and writable."""
    try:
        bundled = Path(folder).resolve() == config.DEMO_MODEL_DIR.resolve()
    except OSError:
        return False
    return not bundled and os.access(folder, os.W_OK)
