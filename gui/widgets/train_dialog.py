"""Train a model on a folder of labelled images, watch it learn, and use the result.

Two pages: *Setup* (the data folder with its classes, counts and skipped files, or with a
labels table its attributes, classes, counts and blanks, `DataFolderPanel`; the architecture
as a preset, a backbone with its starting weights or a pattern, with its live layer table,
`ArchitecturePanel`; image size, epochs, batch, augmentation, validation split or K-fold
cross-validation) and *Progress* (a download of pretrained weights, the fine-tuning phase, epoch
and batch bars, ETA, live loss and accuracy curves, Cancel; at the end the accuracy with its
count and 95 % interval, the confusion matrix, per-class results (per attribute for a labels
table), warnings of classes with too few validation images, a cross-validation's per-fold table,
and "Use this model").

Scans, layer tables and runs are requests to the bridge (`gui.model_manager.ModelManager`),
answered on its worker threads; the folder's scan is handed to the run, which then decodes no
image again. The dialog takes the bridge and callbacks instead of reaching into the main
window, so tests can drive it alone. It is not modal: the rest of the app stays usable while
a model trains.
"""

import itertools
import re
from pathlib import Path

from PyQt5 import QtCore, QtWidgets

from gui.plaintext import plain_label, shown
from gui.training_worker import TRAIN
from gui.widgets.architecture_panel import ArchitecturePanel
from gui.widgets.common import Retranslatable, available_screen_area, fitting_size
from gui.widgets.data_folder_panel import DataFolderPanel
from gui.widgets.training_progress import TrainingProgressView
from models import colour as colours
from training import runfolder  # Plain Python: the run folder's names.
from training.config import TrainConfig  # Plain Python: its defaults are the command line's.

# The size the dialog opens at, where the screen has room for it.
DEFAULT_SIZE = QtCore.QSize(1120, 780)
# The training settings' columns: in three, they leave the data and architecture panels the height.
SETTINGS_COLUMNS = 3
# The architecture chosen at first: small enough to train in minutes on a laptop CPU.
DEFAULT_ARCH = "vgg-mini"
# Cross-validation's folds: 5 is the usual choice (each fold validates on a fifth of the images).
DEFAULT_FOLDS = 5
MAX_FOLDS = 20
# The Light choices (`--colour` modes): the default first, then none, then the other estimators.
COLOUR_CHOICES = (colours.DEFAULT_MODE, colours.NONE, "grey-world+augment", "white-patch+augment",
                  "shades-of-grey+augment")
# The setup remembered between sessions in the settings' [train] group (`remember_setup`), with the
# values of a first start. Not the run folder: each run gets a new one.
SETUP_DEFAULTS = {
    "folder": "", "labels": "", "arch": DEFAULT_ARCH, "image_size": int(TrainConfig.image_size),
    "epochs": TrainConfig.epochs, "batch_size": TrainConfig.batch_size, "val_split": float(TrainConfig.val_split),
    "augment": bool(TrainConfig.augment), "colour": colours.DEFAULT_MODE, "crop": False, "folds": 0}


def bundled_segmenter_present():
    """Whether the bundled tongue segmenter is installed (checked without loading TensorFlow)."""
    from core.segmenter import BUNDLED_SEGMENTER

    return BUNDLED_SEGMENTER.is_file()


def _scrolling(page):
    """`page` in a scroll area: on a small screen the page scrolls and the dialog's buttons stay in view."""
    area = QtWidgets.QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QtWidgets.QFrame.NoFrame)
    area.setWidget(page)
    return area


def default_runs_folder():
    """Where runs go unless the user picks a folder: Documents/TongueLens/runs."""
    documents = QtCore.QStandardPaths.writableLocation(QtCore.QStandardPaths.DocumentsLocation) or str(Path.home())
    return Path(documents) / "TongueLens" / "runs"


def holds_run(folder):
    """Whether a new run in `folder` would be refused (`runfolder.open_run`): it holds a run, or other files."""
    folder = Path(folder)
    try:
        return folder.is_dir() and any(folder.iterdir())
    except OSError:  # Unreadable: the run says why.
        return False


def next_run_folder(folder):
    """A folder beside `folder` that does not exist yet: its name with "-2", "-3"... (after any such ending)."""
    folder = Path(folder)
    stem = re.sub(r"-\d{1,3}$", "", folder.name)  # "run-2" goes on as "run-3"; a date-time stays whole.
    for number in itertools.count(2):
        candidate = folder.with_name(f"{stem}-{number}")
        if not candidate.exists():
            return candidate


def _folder_refusal(message):
    """The key of `runfolder.open_run`'s refusal of a folder that holds a run or other files, else ""."""
    text = getattr(message, "values", {}).get("text") if getattr(message, "key", "") == "at_path" else None
    key = getattr(text, "key", "")
    return key if key in ("run.folder_in_use", "run.folder_not_empty") else ""


class TrainDialog(Retranslatable, QtWidgets.QDialog):
    """The training dialog.

    Args:
        manager: the `ModelManager` that scans, computes layer tables and trains.
        on_use_model: callable(path) run by "Use this model".
        on_status: optional callable(text) told about progress (for the main window's status bar).
        settings: optional `AppSettings` that remember the setup between sessions (see `SETUP_DEFAULTS`).
        parent: the parent widget.

    Signals:
        training_started(), training_finished(object): the run began; it ended (`TrainResult`,
            a cross-validation's `training.folds.FoldsResult`, or None after a failure).
    """

    training_started = QtCore.pyqtSignal()
    training_finished = QtCore.pyqtSignal(object)

    def __init__(self, manager, on_use_model=None, on_status=None, settings=None, parent=None):
        super().__init__(parent)
        self.manager = manager
        self._settings = settings
        self._on_use_model = on_use_model
        self._on_status = on_status
        # The bridge's number of the run started here until it ends (its `request_ended`
        # comes after its result): while set, the training signals are this run's.
        self._train_request = None
        self._cancel_requested = False
        self._result = None
        self.setObjectName("trainDialog")
        self.setModal(False)
        self.resize(fitting_size(DEFAULT_SIZE, available_screen_area()))
        self._build()
        self._connect_manager()
        self.retranslate()
        self.arch_panel.set_architecture(DEFAULT_ARCH)
        self._restore_setup()

    # Building.

    def _build(self):
        self.tabs = QtWidgets.QTabWidget()
        self.progress_view = TrainingProgressView()
        self.progress_view.use_requested.connect(self.use_model)
        self.tabs.addTab(self._build_setup(), "")
        self.tabs.addTab(self.progress_view, "")
        self.start_button = QtWidgets.QPushButton()
        self.start_button.setDefault(True)
        self.cancel_button = QtWidgets.QPushButton()
        self.close_button = QtWidgets.QPushButton()
        buttons = QtWidgets.QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.close_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        self.start_button.clicked.connect(self.start_training)
        self.cancel_button.clicked.connect(self.cancel_training)
        self.close_button.clicked.connect(self.hide)
        self._update_buttons()

    def _build_setup(self):
        self.data_panel = DataFolderPanel(self.manager, self._input_shape, self.crop)
        self.settings_group = QtWidgets.QGroupBox()
        self.size_spin = QtWidgets.QSpinBox()
        self.size_spin.setRange(8, 1024)
        self.size_spin.setValue(TrainConfig.image_size)  # The same defaults as `main.py train`.
        self.epochs_spin = QtWidgets.QSpinBox()
        self.epochs_spin.setRange(1, 1000)
        self.epochs_spin.setValue(TrainConfig.epochs)
        self.batch_spin = QtWidgets.QSpinBox()
        self.batch_spin.setRange(1, 1024)
        self.batch_spin.setValue(TrainConfig.batch_size)
        self.val_spin = QtWidgets.QDoubleSpinBox()
        self.val_spin.setRange(0.05, 0.5)
        self.val_spin.setSingleStep(0.05)
        self.val_spin.setDecimals(2)
        self.val_spin.setValue(TrainConfig.val_split)
        self.augment_box = QtWidgets.QCheckBox()
        self.augment_box.setChecked(TrainConfig.augment)
        self.folds_box = QtWidgets.QCheckBox()
        self.folds_spin = QtWidgets.QSpinBox()
        self.folds_spin.setRange(2, MAX_FOLDS)
        self.folds_spin.setValue(DEFAULT_FOLDS)
        self.folds_spin.setEnabled(False)
        folds_row = QtWidgets.QHBoxLayout()
        folds_row.addWidget(self.folds_box)
        folds_row.addWidget(self.folds_spin)
        folds_row.addStretch(1)
        self.colour_combo = QtWidgets.QComboBox()  # Colour constancy: `TrainConfig.colour`.
        for mode in COLOUR_CHOICES:
            self.colour_combo.addItem("", mode)
        self.crop_box = QtWidgets.QCheckBox()  # Crop to the tongue with the bundled segmenter.
        self.crop_box.setEnabled(bundled_segmenter_present())
        self.out_edit = QtWidgets.QLineEdit()
        self.out_browse = QtWidgets.QPushButton()
        out_row = QtWidgets.QHBoxLayout()
        out_row.addWidget(self.out_edit, 1)
        out_row.addWidget(self.out_browse)
        self._form_labels = [plain_label() for _ in range(9)]
        self._lay_out_settings((self.size_spin, self.epochs_spin, self.batch_spin, self.val_spin, folds_row,
                                self.augment_box, self.colour_combo, self.crop_box), out_row)
        self.arch_panel = ArchitecturePanel(self.manager, self.size_spin.value, self._class_count)

        # The settings span the page below the folder and the architecture: in one column beside them
        # they made the page 800 px tall, too tall for a 1366x768 laptop.
        panels = QtWidgets.QHBoxLayout()
        panels.addWidget(self.data_panel, 2)
        panels.addWidget(self.arch_panel, 3)
        page = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(page)
        layout.addLayout(panels, 1)
        layout.addWidget(self.settings_group, 0)

        self.out_browse.clicked.connect(self._choose_out_folder)
        self.folds_box.toggled.connect(self._on_folds_toggled)
        self.data_panel.changed.connect(self._on_data_changed)
        self.arch_panel.changed.connect(self._update_buttons)
        self.arch_panel.size_suggested.connect(self.size_spin.setValue)
        self.size_spin.valueChanged.connect(lambda _value: self.arch_panel.schedule_update())
        self.size_spin.valueChanged.connect(lambda _value: self.data_panel.refresh())  # Which images are small.
        self.crop_box.toggled.connect(lambda _on: self.data_panel.rescan())  # The run needs its images cut so.
        return _scrolling(page)

    def _lay_out_settings(self, fields, out_row):
        """The training settings in `SETTINGS_COLUMNS` columns of label and field, then the run folder across."""
        grid = QtWidgets.QGridLayout(self.settings_group)
        rows = -(-len(fields) // SETTINGS_COLUMNS)
        for index, (label, field) in enumerate(zip(self._form_labels, fields)):
            row, column = index % rows, 2 * (index // rows)
            grid.addWidget(label, row, column)
            if isinstance(field, QtWidgets.QLayout):
                grid.addLayout(field, row, column + 1)
            else:
                grid.addWidget(field, row, column + 1)
        grid.addWidget(self._form_labels[-1], rows, 0)
        grid.addLayout(out_row, rows, 1, 1, 2 * SETTINGS_COLUMNS - 1)
        for column in range(SETTINGS_COLUMNS):
            grid.setColumnStretch(2 * column + 1, 1)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)

    def _connect_manager(self):
        manager, view = self.manager, self.progress_view
        manager.training_progress.connect(self._on_training_progress)
        manager.training_epoch_ended.connect(lambda progress: self._is_training() and view.show_epoch(progress))
        manager.training_message.connect(lambda text: self._is_training() and view.add_message(text))
        manager.training_phase.connect(lambda info: self._is_training() and view.show_phase(info))
        manager.training_warning.connect(lambda text: self._is_training() and view.add_warning(text))
        manager.training_finished.connect(self._on_finished)
        manager.folds_finished.connect(self._on_folds_finished)
        manager.failed.connect(self._on_failed)
        manager.request_ended.connect(self._on_request_ended)

    # Texts.

    def retranslate(self):
        self.setWindowTitle(self.tr("Train a Model"))
        self.tabs.setTabText(0, self.tr("Setup"))
        self.tabs.setTabText(1, self.tr("Progress"))
        self.start_button.setText(self.tr("Start Training"))
        self.cancel_button.setText(self.tr("Cancel Training"))
        self.close_button.setText(self.tr("Close"))
        self.close_button.setToolTip(self.tr("Hide this window; training goes on"))
        self.settings_group.setTitle(self.tr("Training"))
        for label, text in zip(self._form_labels, (
                self.tr("Image size (px):"), self.tr("Epochs:"), self.tr("Batch size:"), self.tr("Validation share:"),
                self.tr("Cross-validation:"), self.tr("Augmentation:"), self.tr("Light:"), self.tr("Tongue:"),
                self.tr("Save run in:"))):
            label.setText(text)
        self.folds_box.setText(self.tr("Folds:"))
        tip = self.tr(
            "Train K times, each time validating on another K-th of the images, so that every image is validated "
            "once: the table of folds shows how much the accuracy moves, which one validation share cannot. "
            "Then the model to keep is trained on every image. Takes about K + 1 times as long.")
        for widget in (self.folds_box, self.folds_spin):
            widget.setToolTip(tip)
        self.crop_box.setText(self.tr("Crop to the tongue"))
        self.crop_box.setToolTip(self.tr(
            "Cut every photo to the tongue (found by the bundled segmenter) before the model sees it, in training "
            "and whenever the model is used later; the model file keeps the segmenter") if self.crop_box.isEnabled()
            else self.tr("Not available: the bundled tongue segmenter is missing from this install"))
        self._retranslate_colour()
        self.augment_box.setText(self.tr("Flip, rotate, zoom, contrast"))
        self.augment_box.setToolTip(self.tr(
            "While training, show each image randomly flipped, slightly rotated and zoomed, with its contrast and "
            "brightness changed: the model learns what does not change the class"))
        self.out_edit.setPlaceholderText(str(default_runs_folder() / self.tr("<date-time>")))
        self.out_browse.setText(self.tr("Browse…"))
        self.size_spin.setToolTip(self.tr(
            "Every image is resized to this side before the network: larger sees finer detail but trains slower"))
        self.epochs_spin.setToolTip(self.tr("How many times the run goes through every training image"))
        self.batch_spin.setToolTip(self.tr("Images per training step; smaller needs less memory"))
        self.val_spin.setToolTip(self.tr(
            "The share of the images held out of training to measure the model on (drawn per class, seeded)"))
        self.out_edit.setToolTip(self.tr(
            "A new or empty folder for the run: the model, its report, curves and checkpoints (empty: a new dated "
            "folder)"))
        self.start_button.setToolTip(self.tr("Train with these settings (the window stays usable)"))
        self.cancel_button.setToolTip(self.tr("Stop after the current batch; the best model so far is kept"))

    def _retranslate_colour(self):
        texts = dict(zip(COLOUR_CHOICES, (
            self.tr("Corrected (default)"),
            self.tr("As photographed"),
            self.tr("Corrected: grey world"),
            self.tr("Corrected: white patch"),
            self.tr("Corrected: shades of grey, power 6"))))
        for index in range(self.colour_combo.count()):
            mode = self.colour_combo.itemData(index)
            self.colour_combo.setItemText(index, texts[mode])
            self.colour_combo.setItemData(index, f"--colour {mode}", QtCore.Qt.ToolTipRole)
        self.colour_combo.setToolTip(self.tr(
            "Correcting for the light divides out the colour and brightness of the lamp and trains under random "
            "light, so a photo taken under another lamp or phone reads the same. It also divides out part of "
            "the tongue's own colour: colours as photographed read body colour more accurately, if every photo "
            "comes from one lamp and one camera, or if the app is calibrated to each new lamp (Model > Calibrate "
            "Light from Photos; see the README's measurements)"))

    def colour(self):
        """The run's colour mode (`TrainConfig.colour`)."""
        return self.colour_combo.currentData()

    # Data folder and architecture (the panels hold them).

    def set_data_folder(self, folder):
        """Scans `folder` (see `DataFolderPanel.set_folder`)."""
        self.data_panel.set_folder(folder)

    def scan(self):
        """The `DatasetScan` of the chosen folder, or None."""
        return self.data_panel.scan()

    def is_scanning(self):
        """Whether the folder's scan is going on."""
        return self.data_panel.is_scanning()

    def architecture(self):
        """The chosen preset name or the typed pattern."""
        return self.arch_panel.architecture()

    def set_architecture(self, arch):
        """Chooses a preset by name, or types `arch` as a pattern."""
        self.arch_panel.set_architecture(arch)

    def _input_shape(self):
        size = self.size_spin.value()
        return size, size, self.arch_panel.channels()

    def _class_count(self):
        scan = self.data_panel.scan()
        if scan is not None and self.data_panel.labels():  # A head per attribute; the table shows the first.
            return len(scan.attributes[0].classes)
        return len(scan.classes) if scan is not None else 2

    def _on_data_changed(self):
        self.arch_panel.schedule_update()  # The class count sets the last FC.
        self._update_buttons()

    def folds(self):
        """The number of cross-validation folds chosen, or 0 for one run with a validation share."""
        return self.folds_spin.value() if self.folds_box.isChecked() else 0

    def set_folds(self, folds):
        """Chooses K-fold cross-validation (`folds` >= 2) or one run (0)."""
        if folds:
            self.folds_spin.setValue(folds)
        self.folds_box.setChecked(bool(folds))

    def _on_folds_toggled(self, checked):
        self.folds_spin.setEnabled(checked)
        self.val_spin.setEnabled(not checked)  # The folds decide what is validated.

    def _choose_out_folder(self):
        folder = QtWidgets.QFileDialog.getExistingDirectory(self, self.tr("Save Run In"), self.out_edit.text())
        if folder:
            self.out_edit.setText(folder)

    # The setup remembered between sessions.

    def setup(self):
        """The dialog's choices as `SETUP_DEFAULTS` names them."""
        return {
            "folder": self.data_panel.folder(), "labels": self.data_panel.labels(), "arch": self.architecture(),
            "image_size": self.size_spin.value(), "epochs": self.epochs_spin.value(),
            "batch_size": self.batch_spin.value(), "val_split": round(self.val_spin.value(), 2),
            "augment": self.augment_box.isChecked(), "colour": self.colour(), "crop": self.crop_box.isChecked(),
            "folds": self.folds()}

    def remember_setup(self):
        """Writes the setup into the settings, for the dialog of the next session."""
        if self._settings is not None:
            self._settings.set_group_values("train", self.setup())

    def _restore_setup(self):
        """Sets the choices remembered last; each one missing or no longer valid keeps its default.

        The architecture comes first (a preset suggests its image size), the folder last, so that
        it is scanned once, at the remembered size and crop.
        """
        if self._settings is None:
            return
        setup = self._settings.group_values("train", SETUP_DEFAULTS)
        if self._is_known_architecture(setup["arch"]):
            self.set_architecture(setup["arch"])
        for spin, name in ((self.size_spin, "image_size"), (self.epochs_spin, "epochs"),
                           (self.batch_spin, "batch_size"), (self.val_spin, "val_split")):
            if spin.minimum() <= setup[name] <= spin.maximum():
                spin.setValue(setup[name])
        self.augment_box.setChecked(setup["augment"])
        index = self.colour_combo.findData(setup["colour"])
        if index >= 0:
            self.colour_combo.setCurrentIndex(index)
        self.crop_box.setChecked(setup["crop"] and self.crop_box.isEnabled())
        if 2 <= setup["folds"] <= MAX_FOLDS:
            self.set_folds(setup["folds"])
        if setup["folder"] and Path(setup["folder"]).is_dir():  # A folder moved or deleted since is left out.
            labels = setup["labels"] if setup["labels"] and Path(setup["labels"]).is_file() else ""
            self.data_panel.set_source(setup["folder"], labels)

    def _is_known_architecture(self, arch):
        """Whether `arch` is one of the presets listed, or a pattern that parses."""
        if self.arch_panel.arch_combo.findData(arch) > 0:
            return True
        from models import pattern  # Plain Python: no Keras import.

        try:
            pattern.parse(arch)
        except pattern.PatternError:
            return False
        return True

    def hideEvent(self, event):  # noqa: N802  Qt's name.
        self.remember_setup()  # Closed, however (Close, Esc, the title bar): the next session starts here.
        super().hideEvent(event)

    # Training.

    def train_config(self):
        """The `TrainConfig` the dialog's fields describe."""
        out = self.out_edit.text().strip() or str(runfolder.new_run_dir(default_runs_folder()))
        return TrainConfig(
            data_dir=self.data_panel.folder(), arch=self.architecture(), image_size=self.size_spin.value(),
            epochs=self.epochs_spin.value(), batch_size=self.batch_spin.value(), val_split=self.val_spin.value(),
            augment=self.augment_box.isChecked(), out_dir=out, weights=self.arch_panel.weights(),
            labels=self.data_panel.labels() or None, crop=self.crop(), colour=self.colour())

    def crop(self):
        """The run's crop: "tongue" (the bundled segmenter) when "Crop to the tongue" is checked, else None."""
        from core.crop import TONGUE

        return TONGUE if self.crop_box.isChecked() else None

    def can_start(self):
        """Whether Start is possible: a scanned folder, a valid architecture, nothing running."""
        return (self.scan() is not None and not self.is_running() and not self.arch_panel.error()
                and not self.arch_panel.weights_panel.error() and bool(self.architecture()))

    def start_training(self):
        """Starts training on the training thread with the dialog's settings and the folder's scan."""
        if not self.can_start():
            return
        self._result = None
        self._cancel_requested = False
        self.remember_setup()
        config = self.train_config()
        self.progress_view.start(table=bool(config.labels))
        self._train_request = self.manager.start_training(config, scan=self.scan(), folds=self.folds())
        self.tabs.setCurrentWidget(self.progress_view)
        self._update_buttons()
        self.training_started.emit()

    def cancel_training(self):
        """Asks the run to stop after the current batch; the best model so far is kept."""
        if self.is_running():
            self._cancel_requested = True
            self.manager.cancel_training()
            self.progress_view.set_cancelling()
            self._update_buttons()

    def is_running(self):
        """Whether a training run started here is going on."""
        return self._is_training() and self.manager.is_running()

    def result(self):
        """The last `TrainResult` (or `FoldsResult` of a cross-validation), or None."""
        return self._result

    def progress(self):
        """The last `TrainProgress` received, or None."""
        return self.progress_view.progress()

    def use_model(self):
        """Hands the trained model file to `on_use_model`."""
        if self._result is not None and self._result.model_path and self._on_use_model is not None:
            self._on_use_model(self._result.model_path)

    def shutdown(self):
        """Asks a run, a scan and a layer table to stop (the bridge's `shutdown` waits for them)."""
        self.arch_panel.cancel()
        self.data_panel.cancel()
        self.manager.cancel(TRAIN)

    def closeEvent(self, event):  # noqa: N802  Qt's name.
        event.accept()  # Closing only hides: a run goes on and can be watched again with Ctrl+T.
        self.hide()

    def _is_training(self):
        return self._train_request is not None

    def _on_training_progress(self, progress):
        if self._is_training():
            self.progress_view.show_progress(progress)
            if self._on_status is not None:
                self._on_status(self.tr("Training: {phase}").format(phase=self.progress_view.phase_text()))

    def _on_finished(self, result):
        if not self._is_training():
            return
        self._result = result
        self.progress_view.show_result(result)
        self._update_buttons()
        self.training_finished.emit(result)

    def _on_folds_finished(self, result):
        if not self._is_training():
            return
        self._result = result
        self.progress_view.show_folds(result)
        self._update_buttons()
        self.training_finished.emit(result)

    def _on_failed(self, kind, message):
        if kind == TRAIN and self._is_training():
            refusal = _folder_refusal(message)
            if refusal == "run.folder_in_use":  # The core says "resume it", which the dialog cannot.
                message = self.tr("{folder} already holds a run, so this one did not start. Start Training again "
                                  "to save it in {new}, or choose another folder.").format(
                    folder=shown(message.values["path"]), new=shown(self._propose_run_folder()))
            elif refusal:
                message = self.tr("{folder} already holds other files, so the run did not start there. Start "
                                  "Training again to save it in {new}, or choose another folder.").format(
                    folder=shown(message.values["path"]), new=shown(self._propose_run_folder()))
            self.progress_view.show_failure(message)
            self._update_buttons()
            self.training_finished.emit(None)

    def _on_request_ended(self, kind, number):
        if kind == TRAIN and number == self._train_request:
            self._train_request = None
            self._propose_run_folder()
            self.arch_panel.weights_panel.refresh()  # The run may have downloaded ImageNet weights.
            self._update_buttons()

    def _propose_run_folder(self):
        """After a run, a chosen folder that now holds it is replaced by a fresh one beside it, so that
        Start Training works again; returns the folder the next run will use ("" for a new dated one)."""
        out = self.out_edit.text().strip()
        if out and holds_run(out):
            out = str(next_run_folder(out))
            self.out_edit.setText(out)
        return out

    def _update_buttons(self):
        running = self.is_running()
        self.start_button.setEnabled(self.can_start())
        self.cancel_button.setEnabled(running and not self._cancel_requested)
        for widget in (self.data_panel.folder_edit, self.data_panel.browse_button, self.data_panel.labels_edit,
                       self.data_panel.labels_browse_button, self.settings_group):
            widget.setEnabled(not running)
        self.arch_panel.set_running(running)
