"""The main window: actions and menus, the image and its prediction on the left, inspection on the right.

The window holds the state of what is shown (model, image, prediction, selected layer) and
forwards every model request to `gui.model_manager.ModelManager`; it never touches Keras.
"""

import collections
import itertools
import logging
import os
from pathlib import Path

from PyQt5 import QtCore, QtWidgets

from gui import config, files, i18n
from gui.core_text import localize
from gui.actions import add_actions, button_text, new_action
from gui.export import write_results_csv
from gui.model_manager import ModelManager
from gui.model_worker import BATCH, CHANNEL, FEATURES, FILTERS, GRADCAM, IMAGE, LOAD, STARTUP
from gui.settings import AppSettings
from gui.widgets.batch_table import BatchTable
from gui.widgets.feature_map_view import FeatureMapView
from gui.widgets.filter_view import FilterView
from gui.widgets.gradcam_controls import GradCamControls
from gui.widgets.image_view import ImageView
from gui.widgets.layer_table import LayerTable
from gui.widgets.message_bar import MessageBar
from gui.widgets.prediction_panel import PredictionPanel

log = logging.getLogger(__name__)

Actions = collections.namedtuple("Actions", [
    "open_model", "open_image", "open_folder", "train", "export", "gradcam", "cancel", "quit", "about",
    "clear_recent"])


class MainWindow(QtWidgets.QMainWindow):
    """The TongueLens window.

    Args:
        settings: an `AppSettings` (tests point it at a temporary file).
        remember: whether to save geometry and recent files (off for `--screenshot`).

    Signals:
        model_changed(object): a model was loaded and is shown (`ModelSummary`).
        view_updated(): something in the view changed (for screenshot timing).
    """

    model_changed = QtCore.pyqtSignal(object)
    view_updated = QtCore.pyqtSignal()

    def __init__(self, settings=None, remember=True, parent=None):
        super().__init__(parent)
        self.settings = settings or AppSettings()
        self._remember = remember
        self.manager = ModelManager(self)
        self.errors = []  # Every error message shown, newest last (tests and --screenshot read it).
        self._model = None
        self._loading_model = ""
        self._image_path = ""  # The image asked for; `_shown_path` is the one on screen.
        self._shown_path = ""
        self._shown_size = (0, 0)
        self._prediction = None
        self._gradcam = None
        self._layer = ""
        self._features_for = None  # (path, layer) of the feature maps on screen
        self._busy = ""
        self._tensorflow_ready = False
        self._train_dialog = None
        self._closing = False
        # Requests are served in order; these tell whether an image was asked for after a model.
        self._request_numbers = itertools.count(1)
        self._image_request = 0
        self._load_request = 0

        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)
        self.actions = self._create_actions()
        self._create_menus()
        self._create_toolbar()
        self._create_central()
        self._create_status_bar()
        self._connect_manager()
        self._restore_geometry()
        self.retranslate()
        self._refresh_empty_state()

    # Building.

    def _create_actions(self):
        action = new_action
        return Actions(
            open_model=action(self, "", self.choose_model, config.SHORTCUTS["open_model"], "model"),
            open_image=action(self, "", self.choose_image, config.SHORTCUTS["open_image"], "image"),
            open_folder=action(self, "", self.choose_folder, config.SHORTCUTS["open_folder"], "folder"),
            train=action(self, "", self.show_train_dialog, config.SHORTCUTS["train"], "train"),
            export=action(self, "", self.choose_export, config.SHORTCUTS["export"], "export", enabled=False),
            gradcam=action(self, "", self._on_gradcam_action, config.SHORTCUTS["gradcam"], "heat", checkable=True,
                           enabled=False),
            cancel=action(self, "", self.cancel_batch, config.SHORTCUTS["cancel"], "stop", enabled=False),
            quit=action(self, "", self.close, config.SHORTCUTS["quit"], "quit"),
            about=action(self, "", self.show_about, None, "about"),
            clear_recent=action(self, "", self._clear_recent),
        )

    def _create_menus(self):
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.recent_models_menu = QtWidgets.QMenu(self)
        self.recent_folders_menu = QtWidgets.QMenu(self)
        self.recent_models_menu.aboutToShow.connect(lambda: self._fill_recent(self.recent_models_menu, "models"))
        self.recent_folders_menu.aboutToShow.connect(lambda: self._fill_recent(self.recent_folders_menu, "folders"))
        a = self.actions
        add_actions(self.file_menu, (a.open_model, a.open_image, a.open_folder, None, self.recent_models_menu,
                                     self.recent_folders_menu, None, a.export, None, a.quit))
        self.model_menu = bar.addMenu("")
        add_actions(self.model_menu, (a.train, None, a.gradcam, a.cancel))
        self.view_menu = bar.addMenu("")
        self.language_menu = QtWidgets.QMenu(self)
        self._language_group = QtWidgets.QActionGroup(self)
        current = i18n.current_language()  # What --lang, the settings or the system chose.
        for code, name in i18n.LANGUAGES:
            language = new_action(self, name, lambda _checked, code=code: self.set_language(code), checkable=True,
                                  checked=code == current)
            language.setData(code)
            self._language_group.addAction(language)
            self.language_menu.addAction(language)
        add_actions(self.view_menu, (self.language_menu,))
        self.help_menu = bar.addMenu("")
        add_actions(self.help_menu, (a.about,))

    def _create_toolbar(self):
        self.toolbar = QtWidgets.QToolBar(self)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(QtCore.Qt.ToolButtonTextBesideIcon)
        self.toolbar.setIconSize(QtCore.QSize(18, 18))
        a = self.actions
        add_actions(self.toolbar, (a.open_model, a.open_image, a.open_folder, None, a.train, a.export))
        self.addToolBar(QtCore.Qt.TopToolBarArea, self.toolbar)

    def _create_central(self):
        self.message_bar = MessageBar()
        self.image_title = QtWidgets.QLabel()
        self.image_title.setObjectName("panelTitle")
        self.image_view = ImageView(smooth=True)
        self.gradcam_controls = GradCamControls()
        self.gradcam_controls.setEnabled(False)  # Until a model can explain anything.
        self.prediction_panel = PredictionPanel()
        left = QtWidgets.QWidget()
        left_layout = QtWidgets.QVBoxLayout(left)
        left_layout.setContentsMargins(8, 8, 4, 8)
        left_layout.addWidget(self.image_title)
        left_layout.addWidget(self.image_view, 1)
        left_layout.addWidget(self.gradcam_controls)
        left_layout.addWidget(self.prediction_panel)

        self.layer_table = LayerTable()
        self.feature_maps = FeatureMapView()
        self.filter_view = FilterView()
        self.inspect_tabs = QtWidgets.QTabWidget()
        self.inspect_tabs.setDocumentMode(True)
        self.inspect_tabs.addTab(self.feature_maps, "")
        self.inspect_tabs.addTab(self.filter_view, "")
        self.inspect_splitter = QtWidgets.QSplitter(QtCore.Qt.Vertical)
        self.inspect_splitter.addWidget(self.layer_table)
        self.inspect_splitter.addWidget(self.inspect_tabs)
        self.inspect_splitter.setStretchFactor(0, 2)
        self.inspect_splitter.setStretchFactor(1, 3)
        self.inspect_splitter.setSizes([260, 420])
        self.inspect_splitter.setChildrenCollapsible(False)
        self.batch_table = BatchTable()
        self.right_tabs = QtWidgets.QTabWidget()
        self.right_tabs.addTab(self.inspect_splitter, "")
        self.right_tabs.addTab(self.batch_table, "")
        right = QtWidgets.QWidget()
        right_layout = QtWidgets.QVBoxLayout(right)
        right_layout.setContentsMargins(4, 8, 8, 8)
        right_layout.addWidget(self.right_tabs)

        self.main_splitter = QtWidgets.QSplitter(QtCore.Qt.Horizontal)
        self.main_splitter.addWidget(left)
        self.main_splitter.addWidget(right)
        self.main_splitter.setStretchFactor(0, 5)
        self.main_splitter.setStretchFactor(1, 6)
        self.main_splitter.setSizes([560, 680])
        self.main_splitter.setChildrenCollapsible(False)
        central = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.message_bar)
        layout.addWidget(self.main_splitter, 1)
        self.setCentralWidget(central)

        self.layer_table.layer_selected.connect(self.select_layer)
        self.feature_maps.channel_clicked.connect(self._on_channel_clicked)
        self.feature_maps.options_changed.connect(self._request_features)
        self.inspect_tabs.currentChanged.connect(lambda _index: self._request_filters())
        self.gradcam_controls.changed.connect(self._on_gradcam_changed)
        self.gradcam_controls.opacity_changed.connect(self.image_view.set_overlay_opacity)
        self.batch_table.file_activated.connect(self.open_image)
        self.batch_table.cancel_requested.connect(self.cancel_batch)
        self.batch_table.export_requested.connect(self.choose_export)

    def _create_status_bar(self):
        status = self.statusBar()
        self.busy_label = QtWidgets.QLabel()
        self.busy_bar = QtWidgets.QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setFixedWidth(90)
        self.busy_bar.setMaximumHeight(14)
        self.busy_bar.setTextVisible(False)
        self.model_label = QtWidgets.QLabel()
        self.classes_label = QtWidgets.QLabel()
        self.input_label = QtWidgets.QLabel()
        for label in (self.model_label, self.classes_label, self.input_label):
            label.setObjectName("statusField")
        status.addWidget(self.busy_bar)
        status.addWidget(self.busy_label, 1)
        status.addPermanentWidget(self.model_label)
        status.addPermanentWidget(self.classes_label)
        status.addPermanentWidget(self.input_label)
        self.busy_bar.hide()

    def _connect_manager(self):
        m = self.manager
        m.activity.connect(self._on_activity)
        m.tensorflow_ready.connect(self._on_tensorflow_ready)
        m.model_loading.connect(self._on_model_loading)
        m.model_loaded.connect(self._on_model_loaded)
        m.image_shown.connect(self._on_image_shown)
        m.prediction_ready.connect(self._on_prediction)
        m.features_ready.connect(self._on_features)
        m.channel_ready.connect(self._on_channel)
        m.filters_ready.connect(self._on_filters)
        m.gradcam_ready.connect(self._on_gradcam)
        m.batch_started.connect(self._on_batch_started)
        m.batch_progress.connect(self.batch_table.set_progress)
        m.batch_finished.connect(self._on_batch_finished)
        m.failed.connect(self._on_failed)

    def _restore_geometry(self):
        self.resize(*config.DEFAULT_WINDOW_SIZE)
        if not self._remember:
            return
        geometry = self.settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        for name, splitter in (("main", self.main_splitter), ("inspect", self.inspect_splitter)):
            state = self.settings.splitter_state(name)
            if state is not None:
                splitter.restoreState(state)

    # Texts.

    def retranslate(self):
        """Sets every visible text of the window in the current language."""
        a = self.actions
        texts = {
            a.open_model: (self.tr("Open &Model…"), self.tr("Open a .keras model file")),
            a.open_image: (self.tr("Open &Image…"), self.tr("Classify and inspect one image")),
            a.open_folder: (self.tr("Open &Folder…"), self.tr("Classify every image in a folder")),
            a.train: (self.tr("&Train…"), self.tr("Train a new model on a folder of labelled images")),
            a.export: (self.tr("&Export Results…"), self.tr("Save the classification results as CSV")),
            a.gradcam: (self.tr("Show &Grad-CAM"), self.tr("Show which parts of the image the prediction relies on")),
            a.cancel: (self.tr("&Cancel Folder Classification"), self.tr("Stop classifying the folder")),
            a.quit: (self.tr("&Quit"), self.tr("Quit TongueLens")),
            a.about: (self.tr("&About TongueLens"), self.tr("What this app is, and what it is not")),
            a.clear_recent: (self.tr("Clear List"), self.tr("Forget the recent models and folders")),
        }
        for action, (text, tip) in texts.items():
            action.setText(text)
            action.setToolTip(tip)
            action.setStatusTip(tip)
        for action in (a.open_model, a.open_image, a.open_folder, a.train, a.export):
            action.setIconText(button_text(action.text()))
        self.file_menu.setTitle(self.tr("&File"))
        self.model_menu.setTitle(self.tr("&Model"))
        self.view_menu.setTitle(self.tr("&View"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.recent_models_menu.setTitle(self.tr("Recent &Models"))
        self.recent_folders_menu.setTitle(self.tr("Recent F&olders"))
        self.toolbar.setWindowTitle(self.tr("Toolbar"))
        self.inspect_tabs.setTabText(0, self.tr("Feature maps"))
        self.inspect_tabs.setTabText(1, self.tr("Filters"))
        self.right_tabs.setTabText(0, self.tr("Inspect"))
        self.right_tabs.setTabText(1, self.tr("Batch"))
        self._update_title()
        self._update_status_fields()
        self._refresh_empty_state()
        self._on_activity(self._busy)
        self.statusBar().clearMessage()  # A passing note in the old language would linger.

    def changeEvent(self, event):  # noqa: N802  Qt's name.
        if event.type() == QtCore.QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_language(self, code):
        """Switches the UI language at once and remembers it."""
        used = i18n.install_language(QtWidgets.QApplication.instance(), code)
        self.settings.set_language(code)
        for action in self._language_group.actions():
            action.setChecked(action.data() == code)
        if used != code:
            self.message_bar.show_info(self.tr("No translation for this language is installed; "
                                               "the interface stays in English."))

    def _update_title(self):
        title = config.APP_NAME
        if self._model is not None:
            title = f"{self._model.name} — {title}"
        if self._shown_path:
            title = f"{Path(self._shown_path).name} · {title}"
        self.setWindowTitle(title)

    def _update_status_fields(self):
        model = self._model
        if model is None:
            self.model_label.setText(self.tr("No model"))
            self.classes_label.setText("")
            self.input_label.setText("")
            self.model_label.setToolTip("")
            return
        self.model_label.setText(self.tr("Model: {name}").format(name=model.name))
        self.model_label.setToolTip(self._model_tooltip(model))
        names = ", ".join(model.class_names)
        metrics = self.classes_label.fontMetrics()
        self.classes_label.setText(self.tr("{count} classes: {names}").format(
            count=len(model.class_names), names=metrics.elidedText(names, QtCore.Qt.ElideRight, 320)))
        self.classes_label.setToolTip(names)
        height, width, channels = model.input_shape
        self.input_label.setText(self.tr("Input {height}×{width}×{channels}").format(
            height=height, width=width, channels=channels))

    def _update_image_title(self):
        if not self._shown_path:
            self.image_title.setText(self.tr("No image"))
            self.image_title.setToolTip("")
            return
        width, height = self._shown_size
        self.image_title.setText(self.tr("{name}  ·  {width}×{height}").format(
            name=Path(self._shown_path).name, width=width, height=height))
        self.image_title.setToolTip(self._shown_path)

    def _model_tooltip(self, model):
        lines = [model.path]
        if model.arch:
            lines.append(self.tr("Architecture: {arch}").format(arch=model.arch))
        lines.append(self.tr("Parameters: {count}").format(count=QtCore.QLocale().toString(model.total_params)))
        accuracy = model.training.get("val_accuracy") if model.training else None
        if isinstance(accuracy, (int, float)):
            lines.append(self.tr("Validation accuracy when trained: {percent}").format(
                percent=QtCore.QLocale().toString(accuracy * 100.0, "f", 1) + "%"))
        return "\n".join(lines)

    def _refresh_empty_state(self):
        """Placeholders that tell the user what to do next."""
        if self._model is None and self._loading_model:
            hint = self.tr("Loading model {name}…").format(name=Path(self._loading_model).name)
        elif self._model is None and not self._tensorflow_ready and self._busy == STARTUP:
            hint = self.tr("Starting TensorFlow…\nOpen a model (Ctrl+M) or drop a .keras file")
        elif self._model is None:
            hint = self.tr("Open a model (Ctrl+M) or drop a .keras file")
        else:
            hint = self.tr("Drop an image here, or open one (Ctrl+O)")
        self._update_image_title()
        if not self._shown_path:
            self.image_view.set_placeholder(hint)
        if self._prediction is None:
            if self._model is None and self._shown_path:
                self.prediction_panel.clear(self.tr("Open a model (Ctrl+M) or drop a .keras file to classify "
                                                    "this image"))
            elif self._model is None:
                self.prediction_panel.clear(self.tr("No model loaded"))
            elif not self._shown_path:
                self.prediction_panel.clear(self.tr("No image yet"))
        if self._features_for is None:
            if self._model is None:
                inspect_hint = self.tr("Open a model to see its layers")
            elif self._model.inspection_note:
                inspect_hint = self._model.inspection_note
            elif not self._layer:
                inspect_hint = self.tr("Choose a layer in the list above")
            elif not self._shown_path:
                inspect_hint = self.tr("Open an image to see this layer's feature maps")
            else:
                inspect_hint = self.tr("Layer {layer} has no feature maps to show").format(layer=self._layer)
            self.feature_maps.clear(inspect_hint)
        if self.filter_view.filters() is None:
            self.filter_view.clear(self.tr("Choose a convolution layer to see its filters"))

    # Opening things.

    def start(self, model_path=None, image_path=None):
        """Starts the model thread, then loads `model_path` and shows `image_path` if given."""
        self.manager.start()
        if model_path:
            self.load_model(model_path)
        if image_path:
            self.open_image(image_path)

    def load_model(self, path):
        """Loads a model file (on the worker); the view switches when it is ready."""
        path = str(path)
        self._loading_model = path
        self._load_request = next(self._request_numbers)
        self.manager.load_model(path)
        self._refresh_empty_state()

    def open_image(self, path):
        """Shows and classifies one image file."""
        self._image_path = str(path)
        self._image_request = next(self._request_numbers)
        self.manager.show_image(self._image_path)

    def open_folder(self, folder):
        """Classifies every image in `folder` into the batch table."""
        images, skipped = files.images_in_folder(folder)
        self.classify_files(images, folder=folder, skipped=skipped)

    def classify_files(self, paths, folder=None, skipped=()):
        """Classifies `paths` into the batch table; needs a model.

        Args:
            paths: image files.
            folder: the folder they come from (remembered in the recent list).
            skipped: [{"path", "reason"}] of files that are not images; listed with their reason.
        """
        paths = list(paths)
        if not paths:
            self._show_error(self.tr("{folder}: no image files found (looked for {extensions})").format(
                folder=folder or "", extensions=" ".join(_image_extensions())))
            return
        if self._model is None and not self._loading_model:
            self._show_error(self.tr("Open a model first (Ctrl+M), then classify a folder"))
            return
        if folder is not None and self._remember:
            self.settings.add_recent("folders", folder)
        self.batch_table.start(len(paths))
        self.right_tabs.setCurrentWidget(self.batch_table)
        self.actions.cancel.setEnabled(True)
        self.manager.classify_files(paths, skipped)

    def cancel_batch(self):
        """Stops a running folder classification after its current batch."""
        if self.batch_table.is_running():
            self.manager.cancel_batch()

    def import_paths(self, paths):
        """Opens dropped paths: a model first, then one image (shown) or many images and folders (batch)."""
        models, images, folders, skipped = files.sort_dropped(paths)
        if models:
            self.load_model(models[0])
        if len(images) == 1 and not folders and not skipped:
            self.open_image(images[0])
        elif images or folders:
            found, others = files.expand_folders(folders)
            self.classify_files(list(images) + found, folder=folders[0] if len(folders) == 1 and not images else None,
                                skipped=skipped + others)
        elif skipped:
            self._show_error(f"{skipped[0]['path']}: {skipped[0]['reason']}")

    def choose_model(self):
        """Asks for a model file and loads it."""
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self, self.tr("Open Model"), self.settings.last_folder(), self.tr("Keras models (*.keras)"))
        if path:
            self.settings.set_last_folder(Path(path).parent)
            self.load_model(path)

    def choose_image(self):
        """Asks for an image file and shows it."""
        patterns = " ".join(f"*{extension}" for extension in _image_extensions())
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self, self.tr("Open Image"), self.settings.last_folder(), self.tr("Images ({patterns})").format(
                patterns=patterns))
        if path:
            self.settings.set_last_folder(Path(path).parent)
            self.open_image(path)

    def choose_folder(self):
        """Asks for a folder and classifies every image in it."""
        folder = QtWidgets.QFileDialog.getExistingDirectory(
            self, self.tr("Classify Folder"), self.settings.last_folder())
        if folder:
            self.settings.set_last_folder(folder)
            self.open_folder(folder)

    def choose_export(self):
        """Asks where to save the results and writes the CSV."""
        name = "results.csv"
        folder = Path(self.settings.last_folder())
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            self, self.tr("Export Results"), str(folder / name), self.tr("CSV files (*.csv)"))
        if path:
            self.export_results(path)

    def export_results(self, path):
        """Writes the batch results (or the single prediction) to `path` as CSV; returns rows written."""
        result = self.batch_table.result()
        if result is not None and result.rows:
            rows = result.rows
        elif self._prediction is not None:
            rows = [{"path": self._prediction.path, "top": self._prediction.top}]
        else:
            self._show_error(self.tr("Nothing to export yet: classify an image or a folder first"))
            return 0
        try:
            write_results_csv(path, rows, k=min(3, config.TOP_K))
        except OSError as error:
            self._show_error(f"{path}: {error.strerror or error}")
            return 0
        self.message_bar.show_info(self.tr("Saved {count} results to {path}").format(count=len(rows), path=path))
        return len(rows)

    def show_train_dialog(self):
        """Opens the training dialog (one per window; it keeps running when hidden)."""
        if self._train_dialog is None:
            from gui.widgets.train_dialog import TrainDialog

            self._train_dialog = TrainDialog(
                self.manager, on_use_model=self.load_model,
                on_status=lambda text: self.statusBar().showMessage(text, 4000), parent=self)
        self._train_dialog.show()
        self._train_dialog.raise_()
        self._train_dialog.activateWindow()
        return self._train_dialog

    def train_dialog(self):
        """The training dialog if it was opened, else None."""
        return self._train_dialog

    def show_about(self):
        """Shows what the app is and what it is not."""
        QtWidgets.QMessageBox.about(self, self.tr("About TongueLens"), self.tr(
            "<h3>TongueLens</h3><p>Train image classifiers on your own photos and look inside them: "
            "feature maps, filters and Grad-CAM for every layer.</p>"
            "<p>The bundled demo model was trained on <b>synthetic</b> tongue images. "
            "TongueLens is a tool for learning and research, <b>not a medical device</b>: "
            "do not use it to diagnose.</p>"))

    def _fill_recent(self, menu, kind):
        menu.clear()
        paths = self.settings.recent(kind)
        for path in paths:
            slot = self.load_model if kind == "models" else self.open_folder
            menu.addAction(new_action(menu, Path(path).name, lambda _checked, p=path, s=slot: s(p), tip=path))
        if not paths:
            empty = menu.addAction(self.tr("(none)"))
            empty.setEnabled(False)
        menu.addSeparator()
        menu.addAction(self.actions.clear_recent)

    def _clear_recent(self):
        self.settings.clear_recent("models")
        self.settings.clear_recent("folders")

    # Layers, feature maps, filters, Grad-CAM.

    def select_layer(self, name):
        """Shows the feature maps (and filters) of layer `name` for the current image."""
        if name == self._layer:
            return
        self._layer = name
        if self.layer_table.selected_layer() != name:
            self.layer_table.select_layer(name)
        self._features_for = None
        self._request_features()
        self._request_filters()
        self._refresh_empty_state()

    def selected_layer(self):
        """The selected layer's name, or ""."""
        return self._layer

    def _request_features(self):
        if self._prediction is None or not self._layer or not self._layer_is_inspectable(self._layer):
            return
        self.manager.request_features(self._prediction.path, self._layer, self.feature_maps.sort_by_mean_checked(),
                                      self.feature_maps.channel_limit())

    def _request_filters(self):
        if self._model is None or not self._layer or self.inspect_tabs.currentWidget() is not self.filter_view:
            return
        current = self.filter_view.filters()
        if current is None or current.layer != self._layer:
            self.manager.request_filters(self._layer)

    def _layer_is_inspectable(self, name):
        return any(row.name == name and row.inspectable for row in self.layer_table.layers())

    def _on_channel_clicked(self, channel):
        if self._prediction is not None and self._layer:
            self.manager.request_channel(self._prediction.path, self._layer, channel)

    def _on_gradcam_action(self, checked):
        self.gradcam_controls.set_on(checked)

    def set_gradcam(self, on, class_index=None):
        """Switches the Grad-CAM overlay on or off, for `class_index` (None: the predicted class)."""
        self.gradcam_controls.set_chosen_class(class_index)
        self.gradcam_controls.set_on(on)

    def _on_gradcam_changed(self):
        on = self.gradcam_controls.is_on()
        self.actions.gradcam.setChecked(on)
        self._gradcam = None
        self.image_view.set_overlay(None)
        self.gradcam_controls.show_map_info(None)
        if on:
            self._request_gradcam()
        self.view_updated.emit()

    def _request_gradcam(self):
        if self._prediction is None or self._model is None or not self._model.last_conv_layer:
            return
        class_index = self.gradcam_controls.chosen_class(self._prediction.class_index)
        self.manager.request_gradcam(self._prediction.path, class_index)

    # Worker results.

    def _on_activity(self, kind):
        self._busy = kind
        texts = {
            STARTUP: self.tr("Starting TensorFlow…"),
            LOAD: self.tr("Loading model…"),
            IMAGE: self.tr("Classifying…"),
            FEATURES: self.tr("Computing feature maps…"),
            FILTERS: self.tr("Drawing filters…"),
            GRADCAM: self.tr("Computing Grad-CAM…"),
            BATCH: self.tr("Classifying folder…"),
        }
        text = texts.get(kind, self.tr("Working…") if kind else "")
        self.busy_label.setText(text)
        self.busy_bar.setVisible(bool(kind))
        if kind == STARTUP or (not kind and not self._tensorflow_ready):
            self._refresh_empty_state()

    def _on_tensorflow_ready(self, seconds):
        self._tensorflow_ready = True
        log.info("TensorFlow ready in %.1f s", seconds)
        self._refresh_empty_state()

    def _on_model_loading(self, path):
        self.statusBar().showMessage(self.tr("Loading {name}…").format(name=Path(path).name))

    def _on_model_loaded(self, summary):
        self._model = summary
        self._loading_model = ""
        self._prediction = None
        self._gradcam = None
        self._features_for = None
        self._layer = ""
        self.image_view.set_overlay(None)
        self.filter_view.clear()
        self.layer_table.set_layers(summary.layers)
        self.gradcam_controls.set_classes(summary.class_names)
        self.gradcam_controls.setEnabled(bool(summary.last_conv_layer))
        self.actions.gradcam.setEnabled(bool(summary.last_conv_layer))
        if self._remember:
            self.settings.add_recent("models", summary.path)
        # The model's name stands in the status bar beside it: a short note is not cut off.
        self.statusBar().showMessage(self.tr("Model loaded in {seconds} s").format(
            seconds=QtCore.QLocale().toString(summary.seconds, "f", 1)), 5000)
        self.message_bar.dismiss()
        self._update_title()
        self._update_status_fields()
        if summary.default_layer:
            self.select_layer(summary.default_layer)
        self.prediction_panel.clear()
        self._refresh_empty_state()
        if self._image_path and self._image_request < self._load_request:
            self.open_image(self._image_path)  # Classify the image on screen with the new model.
        self.model_changed.emit(summary)
        self.view_updated.emit()

    def _on_image_shown(self, shown):
        if shown.path != self._image_path:
            return
        self._shown_path = shown.path
        self._prediction = None
        self._gradcam = None
        self._features_for = None
        self._shown_size = shown.original_size
        self.image_view.set_image(shown.pixels)
        self.gradcam_controls.show_map_info(None)
        self._update_image_title()
        if self._model is not None:
            self.prediction_panel.clear(self.tr("Classifying…"))
        self._update_title()
        self._refresh_empty_state()
        self.view_updated.emit()

    def _on_prediction(self, prediction):
        if prediction.path != self._image_path or self._model is None or prediction.model_path != self._model.path:
            return
        self._prediction = prediction
        self.prediction_panel.show_prediction(prediction)
        self.actions.export.setEnabled(True)
        self._request_features()
        if self.gradcam_controls.is_on():
            self._request_gradcam()
        self.view_updated.emit()

    def _on_features(self, maps):
        if maps.path != self._image_path or maps.layer != self._layer:
            return
        self._features_for = (maps.path, maps.layer)
        self.feature_maps.show_maps(maps)
        channel = self.feature_maps.shown_channel()
        if maps.shown and (channel is None or channel.path != maps.path):
            self._on_channel_clicked(maps.shown[0])  # Something to look at before the first click.
        self.view_updated.emit()

    def _on_channel(self, view):
        if view.path == self._image_path and view.layer == self._layer:
            self.feature_maps.show_channel(view)
            self.view_updated.emit()

    def _on_filters(self, filters):
        if filters.layer == self._layer:
            self.filter_view.show_filters(filters)

    def _on_gradcam(self, view):
        if view.path != self._image_path or not self.gradcam_controls.is_on() or self._prediction is None:
            return
        if view.class_index != self.gradcam_controls.chosen_class(self._prediction.class_index):
            return
        self._gradcam = view
        self.image_view.set_overlay(view.rgba)
        self.image_view.set_overlay_opacity(self.gradcam_controls.opacity_value())
        self.gradcam_controls.show_map_info(view)
        self.view_updated.emit()

    def _on_batch_started(self, total):
        self.batch_table.start(total)

    def _on_batch_finished(self, result):
        self.batch_table.show_result(result)
        self.actions.cancel.setEnabled(False)
        self.actions.export.setEnabled(bool(result.rows))
        self.view_updated.emit()

    def _on_failed(self, kind, message):
        if kind == LOAD:
            self._loading_model = ""
            self._refresh_empty_state()
        elif kind == IMAGE:
            self._image_path = self._shown_path  # The image on screen stays the current one.
        elif kind == BATCH:
            self.batch_table.stop()
            self.actions.cancel.setEnabled(False)
        elif kind in (FEATURES, CHANNEL):
            self.feature_maps.clear(message)  # Shown where the maps would be; the rest works on.
            return
        self._show_error(message)

    def _show_error(self, message):
        self.errors.append(message)
        log.warning("%s", message)
        self.message_bar.show_error(localize(message))
        self.view_updated.emit()

    # State for tests and --screenshot.

    def current_model(self):
        """The loaded model's `ModelSummary`, or None."""
        return self._model

    def current_prediction(self):
        """The `Prediction` on screen, or None."""
        return self._prediction

    def current_image(self):
        """The path of the image on screen, or ""."""
        return self._shown_path

    def gradcam_shown(self):
        """The `GradCamView` blended over the image, or None."""
        return self._gradcam

    def is_settled(self):
        """Whether everything asked for is on screen: model, image, prediction, feature maps, Grad-CAM."""
        if self._loading_model or (self._image_path and self._image_path != self._shown_path):
            return False
        if self._model is None or not self._shown_path:
            return True
        if self._prediction is None:
            return False
        wants_maps = bool(self._layer) and self._layer_is_inspectable(self._layer)
        if wants_maps and self._features_for != (self._shown_path, self._layer):
            return False
        channel = self.feature_maps.shown_channel()
        if wants_maps and (channel is None or (channel.path, channel.layer) != (self._shown_path, self._layer)):
            return False
        if self.gradcam_controls.is_on() and self._model.last_conv_layer and self._gradcam is None:
            return False
        return True

    # Drag and drop.

    def dragEnterEvent(self, event):  # noqa: N802  Qt's name.
        if self._dropped_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event):  # noqa: N802  Qt's name.
        self.dragEnterEvent(event)

    def dropEvent(self, event):  # noqa: N802  Qt's name.
        paths = self._dropped_paths(event.mimeData())
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.import_paths(paths)

    @staticmethod
    def _dropped_paths(mime):
        """Local paths of a drag, or [] when none of them is something the app opens."""
        if not mime.hasUrls():
            return []
        paths = [_local_path(url) for url in mime.urls() if url.isLocalFile() and url.toLocalFile()]
        return paths if any(files.is_supported(path) for path in paths) else []

    # Closing.

    def closeEvent(self, event):  # noqa: N802  Qt's name.
        if not self._closing and not self._confirm_close():
            event.ignore()
            return
        if self._remember:
            self.settings.save_window(self.saveGeometry(), self.saveState())
            self.settings.save_splitter_state("main", self.main_splitter.saveState())
            self.settings.save_splitter_state("inspect", self.inspect_splitter.saveState())
            self.settings.sync()
        self.shutdown()
        super().closeEvent(event)

    def _confirm_close(self):
        """Asks before a running training is stopped; offscreen nobody could answer, so it is stopped."""
        dialog = self._train_dialog
        if dialog is None or not dialog.is_running() or QtWidgets.QApplication.platformName() == "offscreen":
            return True
        answer = QtWidgets.QMessageBox.question(
            self, self.tr("Quit TongueLens"),
            self.tr("A model is training. Stop the training and quit? The best model so far is kept."))
        return answer == QtWidgets.QMessageBox.Yes

    def shutdown(self):
        """Stops training and the model thread and waits for both (idempotent)."""
        if self._closing:
            return
        self._closing = True
        if self._train_dialog is not None:
            self._train_dialog.shutdown()
        self.manager.shutdown()


def _image_extensions():
    from core.images import IMAGE_EXTENSIONS

    return IMAGE_EXTENSIONS


def _local_path(url):
    """A dropped file URL's path; on POSIX also for names that are not UTF-8 (see `files`)."""
    if os.name != "posix":
        return url.toLocalFile()
    return files.path_from_file_url(url.toEncoded())
