"""Train a model on a folder of labelled images, watch it learn, and use the result.

Two pages: *Setup* (data folder with its classes, counts and skipped files; architecture as
a preset or a pattern with its live layer table; image size, epochs, batch, augmentation,
validation split) and *Progress* (epoch and batch bars, ETA, live loss and accuracy curves,
Cancel; at the end the confusion matrix, per-class results and "Use this model").

Scans, layer tables and runs are requests to the bridge (`gui.model_manager.ModelManager`),
answered on its worker threads; the folder's scan is handed to the run, which then decodes no
image again. The dialog takes the bridge and callbacks instead of reaching into the main
window, so tests can drive it alone. It is not modal: the rest of the app stays usable while
a model trains.
"""

import datetime
from pathlib import Path

from PyQt5 import QtCore, QtGui, QtWidgets

from gui.core_text import localize
from gui.model_worker import LAYER_TABLE
from gui.training_worker import SCAN, TRAIN
from gui.widgets.common import (
    ERROR_COLOR, WARNING_COLOR, Retranslatable, format_count, format_shape, readonly_table, set_colored_text)
from gui.widgets.training_progress import TrainingProgressView

# The first entry of the architecture list: "write a pattern".
_PATTERN_ENTRY = ""
# What the pattern box holds at first: the seed notes' example, a good start for 32-64 px images.
DEFAULT_PATTERN = "INPUT -> [[CONV -> RELU]*2 -> POOL]*3 -> FC(N=128) -> RELU -> DROPOUT -> FC"
# The architecture chosen at first: small enough to train in minutes on a laptop CPU.
DEFAULT_ARCH = "vgg-mini"
_PATTERN_DELAY_MS = 150


def default_runs_folder():
    """Where runs go unless the user picks a folder: Documents/TongueLens/runs."""
    documents = QtCore.QStandardPaths.writableLocation(QtCore.QStandardPaths.DocumentsLocation) or str(Path.home())
    return Path(documents) / "TongueLens" / "runs"


class TrainDialog(Retranslatable, QtWidgets.QDialog):
    """The training dialog.

    Args:
        manager: the `ModelManager` that scans, computes layer tables and trains.
        on_use_model: callable(path) run by "Use this model".
        on_status: optional callable(text) told about progress (for the main window's status bar).
        parent: the parent widget.

    Signals:
        training_started(), training_finished(object): the run began; it ended (`TrainResult`
            or None after a failure).
    """

    training_started = QtCore.pyqtSignal()
    training_finished = QtCore.pyqtSignal(object)

    def __init__(self, manager, on_use_model=None, on_status=None, parent=None):
        super().__init__(parent)
        self.manager = manager
        self._on_use_model = on_use_model
        self._on_status = on_status
        self._scan = None
        self._scan_error = ""
        self._refused_scan = None  # The DatasetError of a refused folder: its skipped files and warnings.
        self._scanned_folder = ""
        self._table = None  # The ArchTable of `_table_key`, once the model worker answered.
        self._table_key = None  # (arch, input shape, classes) asked for last.
        self._pattern_error = ""
        # The bridge's numbers of this dialog's requests not ended yet (or None): their
        # `request_ended` comes after their answer, so a request is over once its answer is in.
        self._scan_request = self._table_request = self._train_request = None
        self._cancel_requested = False
        self._result = None
        self.setObjectName("trainDialog")
        self.setModal(False)
        self.resize(1120, 780)
        self._pattern_timer = QtCore.QTimer(self)
        self._pattern_timer.setSingleShot(True)
        self._pattern_timer.setInterval(_PATTERN_DELAY_MS)
        self._pattern_timer.timeout.connect(self.update_pattern_table)
        self._build()
        self._connect_manager()
        self.retranslate()
        self.set_architecture(DEFAULT_ARCH)

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

    def _connect_manager(self):
        manager, view = self.manager, self.progress_view
        manager.scan_progress.connect(self._on_scan_progress)
        manager.scan_finished.connect(self._on_scanned)
        manager.layer_table_ready.connect(self._on_layer_table)
        manager.training_progress.connect(self._on_training_progress)
        manager.training_epoch_ended.connect(lambda progress: self._is_training() and view.show_epoch(progress))
        manager.training_message.connect(lambda text: self._is_training() and view.add_message(text))
        manager.training_warning.connect(
            lambda text: self._is_training() and view.add_message("⚠ " + localize(text)))
        manager.training_finished.connect(self._on_finished)
        manager.failed.connect(self._on_failed)
        manager.request_ended.connect(self._on_request_ended)

    def _build_setup(self):
        self.data_group = QtWidgets.QGroupBox()
        self.folder_edit = QtWidgets.QLineEdit()
        self.browse_button = QtWidgets.QPushButton()
        self.scan_label = QtWidgets.QLabel()
        self.scan_label.setWordWrap(True)
        self.scan_bar = QtWidgets.QProgressBar()  # Shown while the images are checked.
        self.scan_bar.setTextVisible(False)
        self.scan_bar.setMaximumHeight(6)
        self.scan_bar.hide()
        self.class_table = QtWidgets.QTableWidget(0, 2)
        readonly_table(self.class_table)
        self.class_table.verticalHeader().setVisible(False)
        self.class_table.horizontalHeader().setSectionResizeMode(0, QtWidgets.QHeaderView.Stretch)
        self.class_table.horizontalHeader().setSectionResizeMode(1, QtWidgets.QHeaderView.ResizeToContents)
        self.skipped_label = QtWidgets.QLabel()
        self.skipped_list = QtWidgets.QListWidget()
        self.skipped_list.setWordWrap(True)
        self.skipped_list.setMaximumHeight(90)
        folder_row = QtWidgets.QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.browse_button)
        data_layout = QtWidgets.QVBoxLayout(self.data_group)
        data_layout.addLayout(folder_row)
        data_layout.addWidget(self.scan_label)
        data_layout.addWidget(self.scan_bar)
        data_layout.addWidget(self.class_table, 3)
        data_layout.addWidget(self.skipped_label)
        data_layout.addWidget(self.skipped_list)

        self.settings_group = QtWidgets.QGroupBox()
        self.size_spin = QtWidgets.QSpinBox()
        self.size_spin.setRange(8, 1024)
        self.size_spin.setValue(64)
        self.epochs_spin = QtWidgets.QSpinBox()
        self.epochs_spin.setRange(1, 1000)
        self.epochs_spin.setValue(20)
        self.batch_spin = QtWidgets.QSpinBox()
        self.batch_spin.setRange(1, 1024)
        self.batch_spin.setValue(32)
        self.val_spin = QtWidgets.QDoubleSpinBox()
        self.val_spin.setRange(0.05, 0.5)
        self.val_spin.setSingleStep(0.05)
        self.val_spin.setDecimals(2)
        self.val_spin.setValue(0.2)
        self.augment_box = QtWidgets.QCheckBox()
        self.augment_box.setChecked(True)
        self.out_edit = QtWidgets.QLineEdit()
        self.out_browse = QtWidgets.QPushButton()
        out_row = QtWidgets.QHBoxLayout()
        out_row.addWidget(self.out_edit, 1)
        out_row.addWidget(self.out_browse)
        self.settings_form = QtWidgets.QFormLayout(self.settings_group)
        self._form_labels = [QtWidgets.QLabel() for _ in range(6)]
        for label, field in zip(self._form_labels, (self.size_spin, self.epochs_spin, self.batch_spin, self.val_spin,
                                                    self.augment_box, out_row)):
            self.settings_form.addRow(label, field)

        self.arch_group = QtWidgets.QGroupBox()
        self.arch_combo = QtWidgets.QComboBox()
        self.arch_combo.addItem("", _PATTERN_ENTRY)
        for name in _preset_names():
            self.arch_combo.addItem(name, name)
        self.pattern_edit = QtWidgets.QPlainTextEdit(DEFAULT_PATTERN)
        self.pattern_edit.setFont(QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.FixedFont))
        self.pattern_edit.setTabChangesFocus(True)
        lines = self.pattern_edit.fontMetrics().lineSpacing()
        self.pattern_edit.setFixedHeight(int(lines * 3 + 12))
        self.pattern_status = QtWidgets.QLabel()
        self.pattern_status.setWordWrap(True)
        self.pattern_status.setTextInteractionFlags(QtCore.Qt.TextSelectableByMouse)
        self.layer_table = QtWidgets.QTableWidget(0, 5)
        readonly_table(self.layer_table)
        self.layer_table.verticalHeader().setVisible(False)
        header = self.layer_table.horizontalHeader()
        header.setSectionResizeMode(QtWidgets.QHeaderView.ResizeToContents)
        # The layer name takes the room left; a long name or type (GlobalAveragePooling2D) is
        # shortened in the middle, whole in its tooltip, so the numbers stay in view without scrolling.
        header.setSectionResizeMode(0, QtWidgets.QHeaderView.Stretch)
        header.setSectionResizeMode(1, QtWidgets.QHeaderView.Interactive)
        header.resizeSection(1, self.layer_table.fontMetrics().horizontalAdvance("GroupedConv2D") + 16)
        self.layer_table.setTextElideMode(QtCore.Qt.ElideMiddle)
        self.layer_table.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarAlwaysOff)
        arch_layout = QtWidgets.QVBoxLayout(self.arch_group)
        arch_layout.addWidget(self.arch_combo)
        arch_layout.addWidget(self.pattern_edit)
        arch_layout.addWidget(self.pattern_status)
        arch_layout.addWidget(self.layer_table, 1)

        left = QtWidgets.QVBoxLayout()
        left.addWidget(self.data_group, 3)
        left.addWidget(self.settings_group, 0)
        page = QtWidgets.QWidget()
        layout = QtWidgets.QHBoxLayout(page)
        layout.addLayout(left, 3)
        layout.addWidget(self.arch_group, 7)

        self.browse_button.clicked.connect(self._choose_folder)
        self.folder_edit.editingFinished.connect(lambda: self.set_data_folder(self.folder_edit.text()))
        self.out_browse.clicked.connect(self._choose_out_folder)
        self.arch_combo.currentIndexChanged.connect(self._on_arch_changed)
        self.pattern_edit.textChanged.connect(self._pattern_timer.start)
        self.size_spin.valueChanged.connect(lambda _value: self._pattern_timer.start())
        self.size_spin.valueChanged.connect(lambda _value: self._show_scan())  # Which images are small.
        return page

    # Texts.

    def retranslate(self):
        self.setWindowTitle(self.tr("Train a Model"))
        self.tabs.setTabText(0, self.tr("Setup"))
        self.tabs.setTabText(1, self.tr("Progress"))
        self.start_button.setText(self.tr("Start Training"))
        self.cancel_button.setText(self.tr("Cancel Training"))
        self.close_button.setText(self.tr("Close"))
        self.close_button.setToolTip(self.tr("Hide this window; training goes on"))
        self.data_group.setTitle(self.tr("Data"))
        self.folder_edit.setPlaceholderText(self.tr("Folder with one sub-folder per class"))
        self.browse_button.setText(self.tr("Browse…"))
        self.class_table.setHorizontalHeaderLabels([self.tr("Class"), self.tr("Images")])
        self.settings_group.setTitle(self.tr("Training"))
        for label, text in zip(self._form_labels, (
                self.tr("Image size (px):"), self.tr("Epochs:"), self.tr("Batch size:"), self.tr("Validation share:"),
                self.tr("Augmentation:"), self.tr("Save run in:"))):
            label.setText(text)
        self.augment_box.setText(self.tr("Flip, rotate, zoom, contrast"))
        self.augment_box.setToolTip(self.tr(
            "While training, show each image randomly flipped, slightly rotated and zoomed, with its contrast and "
            "brightness changed: the model learns what does not change the class"))
        self.out_edit.setPlaceholderText(str(default_runs_folder() / self.tr("<date-time>")))
        self.out_browse.setText(self.tr("Browse…"))
        self.arch_group.setTitle(self.tr("Architecture"))
        self.arch_combo.setItemText(0, self.tr("Pattern (type below)"))
        self.layer_table.setHorizontalHeaderLabels([
            self.tr("Layer"), self.tr("Type"), self.tr("Output"), self.tr("Params"), self.tr("Receptive\nfield")])
        self._show_scan()
        self._show_pattern_status()

    # Data folder.

    def set_data_folder(self, folder):
        """Scans `folder` on the training thread; classes, counts and skipped files appear when done.

        The images are kept at the chosen size, so that a run started before the folder or the
        size changes does not decode them again.
        """
        folder = str(folder).strip()
        if self.folder_edit.text() != folder:
            self.folder_edit.setText(folder)
        if not folder or folder == self._scanned_folder:
            return
        self._scanned_folder = folder
        self._scan = None
        self._scan_error = ""
        self._refused_scan = None
        size = self.size_spin.value()
        self.scan_bar.setRange(0, 0)
        self._scan_request = self.manager.scan_folder(folder, (size, size), self._channels())
        self._show_scan()
        self._update_buttons()

    def scan(self):
        """The `DatasetScan` of the chosen folder, or None."""
        return self._scan

    def is_scanning(self):
        """Whether the folder's scan is going on."""
        return self._scan_request is not None and self.manager.is_running()

    def _choose_folder(self):
        folder = QtWidgets.QFileDialog.getExistingDirectory(self, self.tr("Data Folder"), self.folder_edit.text())
        if folder:
            self.set_data_folder(folder)

    def _choose_out_folder(self):
        folder = QtWidgets.QFileDialog.getExistingDirectory(self, self.tr("Save Run In"), self.out_edit.text())
        if folder:
            self.out_edit.setText(folder)

    def _on_scan_progress(self, done, total):
        self.scan_bar.setRange(0, max(total, 1))
        self.scan_bar.setValue(done)

    def _on_scanned(self, result):
        if result.folder != self._scanned_folder:
            return
        if result.refusal is not None:  # A refused folder (DatasetError), with what was wrong in it.
            self._scan_error = " ".join(str(result.refusal).split())
            self._refused_scan = result.refusal
        else:
            self._scan = result.scan
        self._show_scan()
        self._pattern_timer.start()  # The class count sets the last FC.
        self._update_buttons()

    def _show_scan(self):
        scan = self._scan
        self.scan_bar.setVisible(self.is_scanning() and not self._scan_error)
        self.class_table.setRowCount(0)
        self.skipped_list.clear()
        problems = scan if scan is not None else self._refused_scan
        if self._scan_error:
            set_colored_text(self.scan_label, self._scan_error, ERROR_COLOR)
        elif self.is_scanning():
            set_colored_text(self.scan_label, self.tr("Checking the images…"), None)
        elif scan is None:
            set_colored_text(self.scan_label, self.tr("Choose a folder that holds one sub-folder of images per class."),
                         None)
        else:
            total = sum(scan.counts.values())
            set_colored_text(self.scan_label, self.tr("{classes} classes, {images} images").format(
                classes=len(scan.classes), images=format_count(total)), None)
            self.class_table.setRowCount(len(scan.classes))
            for row, name in enumerate(scan.classes):
                self.class_table.setItem(row, 0, QtWidgets.QTableWidgetItem(name))
                count = QtWidgets.QTableWidgetItem(format_count(scan.counts.get(name, 0)))
                count.setTextAlignment(QtCore.Qt.AlignRight | QtCore.Qt.AlignVCenter)
                self.class_table.setItem(row, 1, count)
        if problems is not None:
            for item in problems.skipped:
                entry = QtWidgets.QListWidgetItem(f"{Path(item['path']).name}: {localize(item['reason'])}")
                entry.setToolTip(item["path"])
                self.skipped_list.addItem(entry)
            for warning in self._scan_warnings(problems):
                entry = QtWidgets.QListWidgetItem(localize(warning))
                entry.setForeground(QtGui.QColor(WARNING_COLOR))
                self.skipped_list.addItem(entry)
        skipped = len(problems.skipped) if problems is not None else 0
        warnings = self.skipped_list.count() - skipped
        self.skipped_label.setText(self.tr("Skipped files: {skipped}   Warnings: {warnings}").format(
            skipped=skipped, warnings=warnings))

    def _scan_warnings(self, problems):
        """The scan's warnings, and which images are smaller than the chosen image size."""
        from training.dataset import small_image_warnings  # Pure Python: no TensorFlow.

        warnings = list(problems.warnings)
        if problems is self._scan:
            if problems.image_size:  # Listed again below for the size chosen now.
                own = set(small_image_warnings(problems.files, problems.sizes, problems.image_size))
                warnings = [warning for warning in warnings if warning not in own]
            size = self.size_spin.value()
            warnings += small_image_warnings(problems.files, problems.sizes, (size, size))
        return warnings

    # Architecture.

    def architecture(self):
        """The chosen preset name or the typed pattern."""
        preset = self.arch_combo.currentData()
        return preset if preset else self.pattern_text()

    def pattern_text(self):
        """The typed pattern, on one line."""
        return " ".join(self.pattern_edit.toPlainText().split())

    def set_architecture(self, arch):
        """Chooses a preset by name, or types `arch` as a pattern."""
        index = self.arch_combo.findData(arch)
        if index > 0:
            self.arch_combo.setCurrentIndex(index)
            self._on_arch_changed()
        else:
            self.arch_combo.setCurrentIndex(0)
            self.pattern_edit.setPlainText(arch)
            self.update_pattern_table()

    def pattern_error(self):
        """The geometry or syntax error of the chosen architecture, or ""."""
        return self._pattern_error

    def layer_rows(self):
        """Rows of the layer table of the chosen architecture, once computed, or []."""
        return list(self._table.rows) if self._table is not None else []

    def is_computing_layer_table(self):
        """Whether the layer table asked for last has not come yet."""
        return self._table_request is not None and self.manager.is_running()

    def _on_arch_changed(self):
        preset = self.arch_combo.currentData()
        self.pattern_edit.setEnabled(not preset)
        if preset:
            import models

            self.size_spin.setValue(models.default_input_shape(preset)[0])
        self.update_pattern_table()

    def _channels(self):
        """The chosen architecture's channels: its own for a preset (LeNet-5 reads gray), else RGB."""
        preset = self.arch_combo.currentData()
        if not preset:
            return 3
        import models

        return models.default_input_shape(preset)[2]

    def update_pattern_table(self):
        """Asks the model worker for the layer table of the chosen architecture at the chosen size.

        A pattern's table comes at once (pure Python); a preset is built with Keras, so it is
        asked for only while the dialog is shown.
        """
        self._pattern_timer.stop()
        preset = self.arch_combo.currentData()
        size = self.size_spin.value()
        classes = len(self._scan.classes) if self._scan is not None else 2
        key = (self.architecture(), (size, size, self._channels()), classes)
        if key != self._table_key:
            self._table_key = key
            self._pattern_error = ""
            if preset:
                self._table = None  # "Computing its layer table…" rather than another preset's.
            if preset and not self.isVisible():
                self._table_key = None  # Asked for when the dialog is shown.
            else:
                self._table_request = self.manager.request_layer_table(*key)
        self._fill_layer_table()
        self._show_pattern_status()
        self._update_buttons()

    def _on_layer_table(self, view):
        if (view.arch, view.input_shape, view.num_classes) != self._table_key:
            return  # The answer to a request made before the last change.
        self._table = view.table
        self._pattern_error = view.error
        self._fill_layer_table()
        self._show_pattern_status()
        self._update_buttons()

    def _fill_layer_table(self):
        rows = [] if self._pattern_error else self.layer_rows()
        self.layer_table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            values = (row.name, row.type, format_shape(row.output_shape), format_count(row.params),
                      str(row.receptive_field))
            for column, value in enumerate(values):
                item = QtWidgets.QTableWidgetItem(value)
                item.setToolTip(value)
                if column >= 2:
                    item.setTextAlignment(QtCore.Qt.AlignRight | QtCore.Qt.AlignVCenter)
                self.layer_table.setItem(index, column, item)

    def _show_pattern_status(self):
        preset = self.arch_combo.currentData()
        table = None if self._pattern_error else self._table
        if self._pattern_error:
            set_colored_text(self.pattern_status, self._pattern_error, ERROR_COLOR)
        elif preset:
            import models

            shape = format_shape(models.default_input_shape(preset))
            if table is None:
                set_colored_text(self.pattern_status, self.tr(
                    "Preset {name}, made for {shape} images: computing its layer table…").format(
                    name=preset, shape=shape), None)
            else:
                set_colored_text(self.pattern_status, self.tr(
                    "Preset {name}, made for {shape} images: {params} parameters, {macs} multiply-adds per "
                    "image").format(name=preset, shape=shape, params=format_count(table.total_params),
                                    macs=format_count(table.macs)), None)
        elif table is not None:
            text = self.tr("{params} parameters, {macs} multiply-adds per image").format(
                params=format_count(table.total_params), macs=format_count(table.macs))
            if table.warnings:
                set_colored_text(self.pattern_status, text + "\n" + "\n".join(table.warnings), WARNING_COLOR)
            else:
                set_colored_text(self.pattern_status, text, None)
        else:
            set_colored_text(self.pattern_status, "", None)

    def showEvent(self, event):  # noqa: N802  Qt's name.
        super().showEvent(event)
        if self._table_key is None:
            self.update_pattern_table()  # A preset's table is deferred while hidden: it builds a model.

    # Training.

    def train_config(self):
        """The `TrainConfig` the dialog's fields describe."""
        from training.trainer import TrainConfig

        out = self.out_edit.text().strip()
        if not out:
            out = str(default_runs_folder() / datetime.datetime.now().strftime("%Y%m%d-%H%M%S"))
        return TrainConfig(
            data_dir=self.folder_edit.text().strip(), arch=self.architecture(), image_size=self.size_spin.value(),
            epochs=self.epochs_spin.value(), batch_size=self.batch_spin.value(), val_split=self.val_spin.value(),
            augment=self.augment_box.isChecked(), out_dir=out)

    def can_start(self):
        """Whether Start is possible: a scanned folder, a valid architecture, nothing running."""
        return (self._scan is not None and not self.is_running() and not self._pattern_error
                and bool(self.architecture()))

    def start_training(self):
        """Starts training on the training thread with the dialog's settings and the folder's scan."""
        if not self.can_start():
            return
        self._result = None
        self._cancel_requested = False
        self.progress_view.start()
        self._train_request = self.manager.start_training(self.train_config(), scan=self._scan)
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

    def _is_training(self):
        return self._train_request is not None

    def result(self):
        """The last `TrainResult`, or None."""
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
        self._pattern_timer.stop()
        for kind in (TRAIN, SCAN, LAYER_TABLE):
            self.manager.cancel(kind)

    def closeEvent(self, event):  # noqa: N802  Qt's name.
        event.accept()  # Closing only hides: a run goes on and can be watched again with Ctrl+T.
        self.hide()

    def _on_training_progress(self, progress):
        if self._is_training():
            self.progress_view.show_progress(progress)
            self._tell_status()

    def _on_finished(self, result):
        if not self._is_training():
            return
        self._result = result
        self.progress_view.show_result(result)
        self._update_buttons()
        self.training_finished.emit(result)

    def _on_failed(self, kind, message):
        if kind == TRAIN and self._is_training():
            self.progress_view.show_failure(message)
            self._update_buttons()
            self.training_finished.emit(None)
        elif kind == SCAN:
            self._scan_error = message
            self._show_scan()
            self._update_buttons()
        elif kind == LAYER_TABLE and self._table_key is not None:  # Not a refusal (those are answers): a bug.
            self._pattern_error = self.tr("The layer table could not be computed") + f": {message}"
            self._fill_layer_table()
            self._show_pattern_status()
            self._update_buttons()

    def _on_request_ended(self, kind, number):
        if kind == SCAN and number == self._scan_request:
            self._scan_request = None
            self._show_scan()
        elif kind == LAYER_TABLE and number == self._table_request:
            self._table_request = None
        elif kind == TRAIN and number == self._train_request:
            self._train_request = None
        self._update_buttons()

    def _tell_status(self, _progress=None):
        if self._on_status is not None and self.is_running():
            self._on_status(self.tr("Training: {phase}").format(phase=self.progress_view.phase_text()))

    def _update_buttons(self):
        running = self.is_running()
        self.start_button.setEnabled(self.can_start())
        self.cancel_button.setEnabled(running and not self._cancel_requested)
        for widget in (self.folder_edit, self.browse_button, self.arch_combo, self.settings_group):
            widget.setEnabled(not running)
        self.pattern_edit.setEnabled(not running and not self.arch_combo.currentData())


def _preset_names():
    import models  # Lists names only: models/__init__ imports no Keras.

    return list(models.PRESET_NAMES)
