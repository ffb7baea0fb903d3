"""The main window: actions and menus, the image and its prediction on the left, inspection on the right.

The window holds what was asked for (the model, the image) and hands what arrives to its
panels: `ImagePanel` (the image, its Grad-CAM overlay and its prediction) and `InspectPanel`
(layers, feature maps, filters), which keep their own view state; `gui.saving.ResultSaver` saves
the results (CSV) and the photo's report; `gui.window_layout.WindowLayout` keeps the window's size,
panes and view switches between sessions. Every request goes through the bridge,
`gui.model_manager.ModelManager`; the window never touches Keras.
"""

import collections
import itertools
import logging
from pathlib import Path

from PyQt5 import QtCore, QtGui, QtWidgets

from core.images import IMAGE_EXTENSIONS
from gui import config, files, i18n
from gui.core_text import localize
from gui.light_calibration import LightCalibration
from gui.actions import add_actions, button_text, new_action
from gui.evaluation_worker import EVALUATE
from gui.export_worker import EXPORT
from gui.model_manager import ModelManager
from gui.model_worker import BATCH, CHANNEL, CHECK_WEIGHTS, FEATURES, IMAGE, LAYER_TABLE, LOAD, STARTUP
from gui.opening import Opener
from gui.plaintext import shown, title_text
from gui.saving import ResultSaver
from gui.settings import AppSettings
from gui.training_worker import SCAN, TRAIN
from gui.widgets.batch_table import BatchTable
from gui.widgets.image_panel import ImagePanel
from gui.widgets.inspect_panel import InspectPanel
from gui.widgets.language_menu import LanguageMenu
from gui.widgets.message_bar import MessageBar
from gui.widgets.recent_menu import RecentMenu
from gui.widgets.status_fields import StatusFields
from gui.window_dialogs import WindowDialogs
from gui.window_layout import WindowLayout

log = logging.getLogger(__name__)

Actions = collections.namedtuple("Actions", [
    "open_model", "open_image", "open_folder", "train", "evaluate", "export", "report", "export_model", "gradcam",
    "model_view", "outline", "cancel", "quit", "about", "inspect_tab", "batch_tab", "guide", "reset_layout"])

# The user guide Help > User Guide (F1) opens: the README beside the app.
USER_GUIDE = Path(__file__).resolve().parents[1] / "README.md"


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
        self.saver = ResultSaver(self)
        self.opener = Opener(self)
        self.errors = []  # Every error message shown, newest last (tests and --screenshot read it).
        self._model = None
        self._loading_model = ""
        self._unremembered_model = ""  # The bundled demo opened at start: not the user's choice (resolved path).
        self._remember_image = True  # False for the sample photo shown at start: not the user's choice.
        self._loading_message = ""  # The status bar's "Loading …" while a model loads.
        self._batch_request = ([], None, [], [])  # The last batch asked for: (paths, folder, skipped, folders).
        # The bridge's numbers of the batches asked for and not ended, oldest first: the model thread
        # serves them in order, so the batch signals heard come from the first; only the last counts.
        self._batches_in_flight = collections.deque()
        self._image_path = ""  # The image asked for; the image panel has the one on screen.
        self._busy = ""
        self._tensorflow_ready = False
        self.dialogs = WindowDialogs(self)
        self._closing = False
        # Requests are served in order; these tell whether an image was asked for after a model.
        self._request_numbers = itertools.count(1)
        self._image_request = 0
        self._load_request = 0

        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)
        self.actions = self._create_actions()
        self.light_calibration = LightCalibration(self, remember)
        self._create_menus()
        self._create_toolbar()
        self._create_central()
        self._create_status_bar()
        self._connect_manager()
        self.window_layout = WindowLayout(self, remember)  # Before the restore: it keeps the first start's layout.
        self.window_layout.restore()
        self.retranslate()
        self._refresh_empty_state()

    # Building.

    def _create_actions(self):
        action = new_action
        return Actions(
            open_model=action(self, "", self.opener.choose_model, config.SHORTCUTS["open_model"], "model"),
            open_image=action(self, "", self.opener.choose_image, config.SHORTCUTS["open_image"], "image"),
            open_folder=action(self, "", self.opener.choose_folder, config.SHORTCUTS["open_folder"], "folder"),
            train=action(self, "", self.show_train_dialog, config.SHORTCUTS["train"], "train"),
            evaluate=action(self, "", self.show_evaluate_dialog, config.SHORTCUTS["evaluate"], "evaluate",
                            enabled=False),
            export=action(self, "", self.choose_export, config.SHORTCUTS["export"], "export", enabled=False),
            report=action(self, "", self.saver.choose_report, config.SHORTCUTS["report"], "report", enabled=False),
            export_model=action(self, "", self.show_export_dialog, config.SHORTCUTS["export_model"], enabled=False),
            gradcam=action(self, "", self._on_gradcam_action, config.SHORTCUTS["gradcam"], "heat", checkable=True,
                           enabled=False),
            # The image panel's two switches, for the keyboard and the View menu; each follows its checkbox.
            model_view=action(self, "", lambda on: self.image_panel.model_view_toggle.box.setChecked(on),
                              config.SHORTCUTS["model_view"], checkable=True),
            outline=action(self, "", lambda on: self.image_panel.tongue_panel.set_outline_on(on),
                           config.SHORTCUTS["outline"], checkable=True),
            cancel=action(self, "", self.cancel_batch, config.SHORTCUTS["cancel"], "stop", enabled=False),
            quit=action(self, "", self.close, config.SHORTCUTS["quit"], "quit"),
            about=action(self, "", self.show_about, None, "about"),
            inspect_tab=action(self, "", lambda: self.right_tabs.setCurrentWidget(self.inspect_panel),
                               config.SHORTCUTS["inspect_tab"]),
            batch_tab=action(self, "", lambda: self.right_tabs.setCurrentWidget(self.batch_table),
                             config.SHORTCUTS["batch_tab"]),
            guide=action(self, "", self.open_user_guide, config.SHORTCUTS["guide"]),
            reset_layout=action(self, "", self.reset_layout),
        )

    def _create_menus(self):
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        a = self.actions
        self.recent_models_menu = RecentMenu(self.settings, "models", self.load_model, self)
        self.recent_photos_menu = RecentMenu(self.settings, "photos", self.open_image, self)
        self.recent_folders_menu = RecentMenu(self.settings, "folders", self.open_folder, self)
        add_actions(self.file_menu, (a.open_model, a.open_image, a.open_folder, None, self.recent_models_menu,
                                     self.recent_photos_menu, self.recent_folders_menu, None, a.export, a.report, a.export_model, None,
                                     a.quit))
        self.model_menu = bar.addMenu("")
        c = self.light_calibration
        add_actions(self.model_menu, (a.train, a.evaluate, None, c.calibrate_action, c.clear_action, c.save_action,
                                      None, a.gradcam, a.cancel))
        self.view_menu = bar.addMenu("")
        self.language_menu = LanguageMenu(self.set_language, self)
        add_actions(self.view_menu, (a.model_view, a.outline, None, a.inspect_tab, a.batch_tab, None,
                                     self.language_menu, None, a.reset_layout))
        self.help_menu = bar.addMenu("")
        add_actions(self.help_menu, (a.guide, None, a.about))

    def _create_toolbar(self):
        self.toolbar = QtWidgets.QToolBar(self)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(QtCore.Qt.ToolButtonTextBesideIcon)
        self.toolbar.setIconSize(QtCore.QSize(18, 18))
        a = self.actions
        add_actions(self.toolbar, (a.open_model, a.open_image, a.open_folder, None, a.train, a.evaluate, a.export,
                                   a.report))
        self.addToolBar(QtCore.Qt.TopToolBarArea, self.toolbar)

    def _create_central(self):
        self.message_bar = MessageBar()
        self.image_panel = ImagePanel(self.manager)
        self.inspect_panel = InspectPanel(self.manager)
        self.batch_table = BatchTable()
        self.right_tabs = QtWidgets.QTabWidget()
        self.right_tabs.addTab(self.inspect_panel, "")
        self.right_tabs.addTab(self.batch_table, "")
        right = QtWidgets.QWidget()
        right_layout = QtWidgets.QVBoxLayout(right)
        right_layout.setContentsMargins(4, 8, 8, 8)
        right_layout.addWidget(self.right_tabs)

        self.main_splitter = QtWidgets.QSplitter(QtCore.Qt.Horizontal)
        self.main_splitter.addWidget(self.image_panel)
        self.main_splitter.addWidget(right)
        self.main_splitter.setStretchFactor(0, 1)
        self.main_splitter.setStretchFactor(1, 1)
        # The photo's side gets the room for two groups of readings side by side, names whole (the demo's).
        self.main_splitter.setSizes([700, 580])
        self.main_splitter.setChildrenCollapsible(False)
        central = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.message_bar)
        layout.addWidget(self.main_splitter, 1)
        self.setCentralWidget(central)

        self.image_panel.view_updated.connect(self.view_updated)
        self.image_panel.gradcam_toggled.connect(self.actions.gradcam.setChecked)
        self.image_panel.model_view_toggle.toggled.connect(self.actions.model_view.setChecked)
        self.image_panel.tongue_panel.outline_toggled.connect(self.actions.outline.setChecked)
        # Right-click a layer in the Inspect tab: Grad-CAM from it (students compare what each block looks at).
        self.inspect_panel.layer_table.gradcam_layer_chosen.connect(self.image_panel.set_gradcam_layer)
        self.image_panel.prediction_panel.calibrate_requested.connect(
            self.light_calibration.calibrate_from_photo_folder)
        self.inspect_panel.view_updated.connect(self.view_updated)
        self.batch_table.file_activated.connect(self.open_image)
        self.batch_table.cancel_requested.connect(self.cancel_batch)
        self.batch_table.export_requested.connect(self.choose_export)
        self.batch_table.evaluate_requested.connect(self.evaluate_folder)
        self.batch_table.calibrate_requested.connect(self.light_calibration.calibrate_from_photo_folder)

    def _create_status_bar(self):
        self.status_fields = StatusFields(self.statusBar())
        # The fields tests read.
        self.model_label = self.status_fields.model_label
        self.classes_label = self.status_fields.classes_label
        self.input_label = self.status_fields.input_label

    def _connect_manager(self):
        m = self.manager
        m.activity.connect(self._on_activity)
        m.tensorflow_ready.connect(self._on_tensorflow_ready)
        m.model_loading.connect(self._on_model_loading)
        m.model_loaded.connect(self._on_model_loaded)
        m.image_shown.connect(self._on_image_shown)
        m.prediction_ready.connect(self._on_prediction)
        m.batch_started.connect(self._on_batch_started)
        m.batch_progress.connect(self._on_batch_progress)
        m.batch_finished.connect(self._on_batch_finished)
        m.request_ended.connect(self._on_request_ended)
        m.failed.connect(self._on_failed)

    # Texts.

    def retranslate(self):
        """Sets every visible text of the window in the current language."""
        a = self.actions
        texts = {
            a.open_model: (self.tr("Open &Model…"), self.tr("Open a .keras model file")),
            a.open_image: (self.tr("Open &Image…"), self.tr("Classify and inspect one image")),
            a.open_folder: (self.tr("Open &Folder…"), self.tr("Classify every image in a folder")),
            a.train: (self.tr("&Train…"), self.tr("Train a new model on a folder of labelled images")),
            a.evaluate: (self.tr("E&valuate on Labelled Photos…"), self.tr(
                "Measure the model on photos it never trained on: accuracy, confusion matrix, other light, or "
                "another model on the same photos")),
            a.export: (self.tr("&Export Results…"), self.tr("Save the classification results as CSV")),
            a.report: (self.tr("Save &Report…"), self.tr(
                "Save a one-page report of this photo (every reading, its Grad-CAM, the model) as HTML and PDF")),
            a.export_model: (self.tr("Export Mo&del…"), self.tr("Export the model for phones, servers or ONNX")),
            a.gradcam: (self.tr("Show &Grad-CAM"), self.tr("Show which parts of the image the prediction relies on")),
            a.model_view: (self.tr("As the &Model Sees It"), self.tr(
                "Show the model's input instead of the photo: at its size, after its colour correction")),
            a.outline: (self.tr("Tongue &Outline"), self.tr("Draw the tongue's outline over the photo")),
            a.cancel: (self.tr("Ca&ncel Folder Classification"), self.tr("Stop classifying the folder")),
            a.quit: (self.tr("&Quit"), self.tr("Quit TongueLens")),
            a.about: (self.tr("&About TongueLens"), self.tr("What this app is, and what it is not")),
            a.inspect_tab: (self.tr("&Inspect Tab"), self.tr("Show the layers, feature maps and filters")),
            a.batch_tab: (self.tr("&Batch Tab"), self.tr("Show the folder's classification table")),
            a.guide: (self.tr("&User Guide"), self.tr("Open the user guide (the README) in your browser or editor")),
            a.reset_layout: (self.tr("&Reset Window Layout"), self.tr(
                "Put the window's size, its panes and the view's switches back as on a first start")),
        }
        for action, (text, tip) in texts.items():
            action.setText(text)
            action.setToolTip(tip)
            action.setStatusTip(tip)
        for action in (a.open_model, a.open_image, a.open_folder, a.train, a.export, a.report):
            action.setIconText(button_text(action.text()))
        a.evaluate.setIconText(self.tr("Evaluate"))  # The menu's "Evaluate on Labelled Photos", short.
        self.file_menu.setTitle(self.tr("&File"))
        self.model_menu.setTitle(self.tr("&Model"))
        self.view_menu.setTitle(self.tr("&View"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.recent_models_menu.setTitle(self.tr("Rece&nt Models"))
        self.recent_photos_menu.setTitle(self.tr("Recent &Photos"))
        self.recent_folders_menu.setTitle(self.tr("Recent F&olders"))
        self.toolbar.setWindowTitle(self.tr("Toolbar"))
        self.right_tabs.setTabText(0, self.tr("Inspect"))
        self.right_tabs.setTabText(1, self.tr("Batch"))
        self._update_title()
        self.status_fields.retranslate()
        self.light_calibration.retranslate()
        self._refresh_empty_state()
        self.statusBar().clearMessage()  # A passing note in the old language would linger.

    def changeEvent(self, event):  # noqa: N802  Qt's name.
        if event.type() == QtCore.QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_language(self, code):
        """Switches the UI language at once and remembers it."""
        used = i18n.install_language(QtWidgets.QApplication.instance(), code)
        self.settings.set_language(code)
        self.language_menu.check(code)
        if used != code:
            self.message_bar.show_info(self.tr("No translation for this language is installed; "
                                               "the interface stays in English."))

    def _update_title(self):
        title = config.APP_NAME
        if self._model is not None:
            title = f"{shown(self._model.name)} — {title}"
        if self.current_image():
            title = f"{shown(Path(self.current_image()).name)} · {title}"
        self.setWindowTitle(title_text(title))

    def _refresh_empty_state(self):
        """Placeholders that tell the user what to do next."""
        if self._model is None and self._loading_model:
            hint = self.tr("Loading model {name}…").format(name=shown(Path(self._loading_model).name))
        elif self._model is None and not self._tensorflow_ready and self._busy == STARTUP:
            hint = self.tr("Starting TensorFlow…\nOpen a model (Ctrl+M) or drop a .keras file")
        elif self._model is None:
            hint = self.tr("Open a model (Ctrl+M) or drop a .keras file")
        else:
            hint = self.tr("Drop an image here, or open one (Ctrl+O)")
        self.image_panel.show_hints(hint)
        self.inspect_panel.show_hints()

    # Opening things.

    def start(self, model_path=None, image_path=None, remember_model=True, remember_image=True):
        """Starts the model thread, then loads `model_path` and shows `image_path` if given.

        Args:
            model_path: a model file to load.
            image_path: an image to show and classify.
            remember_model: False for the bundled demo opened because the user named no model: it
                is then not put in Recent Models, nor opened again at the next start as theirs.
            remember_image: False for the bundled sample photo: it is not put in Recent Photos.
        """
        self.manager.start()
        if model_path:
            self.load_model(model_path)
            if not remember_model:
                self._unremembered_model = str(Path(model_path).resolve())
        if image_path:
            self.open_image(image_path, remember=remember_image)

    def load_model(self, path):
        """Loads a model file (on the worker); the view switches when it is ready."""
        path = str(path)
        self._loading_model = path
        self._unremembered_model = ""  # Opened by the user (or `start`, which says otherwise).
        self._load_request = next(self._request_numbers)
        self.manager.load_model(path)
        self._refresh_empty_state()

    def open_image(self, path, remember=True):
        """Shows and classifies one image file (put in Recent Photos once shown, unless `remember` is False)."""
        self._image_path = str(path)
        self._remember_image = remember
        self._image_request = next(self._request_numbers)
        self.manager.show_image(self._image_path)

    def open_folder(self, folder, show=True):
        """Classifies every image in `folder` into the batch table (brought to the front if `show`).

        The folder is listed on the model thread, in the batch: a photo archive on a network drive
        takes seconds, during which the window goes on and the table says it is looking.
        """
        self.classify_files([], folder=folder, show=show, folders=[folder])

    def classify_files(self, paths, folder=None, skipped=(), show=True, folders=()):
        """Classifies `paths` and the images of `folders` into the batch table; needs a model.

        Args:
            paths: image files.
            folder: the one folder they all come from (remembered in the recent list once it gave photos).
            skipped: [{"path", "reason"}] of files that are not images; listed with their reason.
            show: bring the batch table to the front.
            folders: folders whose images (sub-folders included) are classified too; listed on the model thread.
        """
        paths, folders = list(paths), list(folders)
        if not paths and not folders:
            self._say_no_images_found([folder] if folder is not None else [])
            return
        if self._model is None and not self._loading_model:
            self.show_error(self.tr("Open a model first (Ctrl+M), then classify a folder"))
            return
        self._batch_request = (paths, folder, list(skipped), folders)
        self.batch_table.start(None if folders else len(paths), folder=folder)  # None: still looking.
        if show:
            self.right_tabs.setCurrentWidget(self.batch_table)
        self.actions.cancel.setEnabled(True)
        self._batches_in_flight.append(self.manager.classify_files(paths, skipped, folders))

    def classify_again(self):
        """Classifies the batch table's files again, with the model and light now in use.

        Its folders are listed again: photos added since are classified too.

        Returns:
            Whether it did: not while a batch runs, before one has finished, nor after one that found no photo.
        """
        result = self.batch_table.result()
        if self.batch_table.is_running() or result is None or not result.total:
            return False
        paths, folder, skipped, folders = self._batch_request
        self.classify_files(paths, folder=folder, skipped=skipped, show=False, folders=folders)
        return True

    def _say_no_images_found(self, folders):
        """Tells that the folders given hold no image file, and which types were looked for."""
        self.show_error(self.tr("{folder}: no image files found (looked for {extensions})").format(
            folder=", ".join(str(folder) for folder in folders), extensions=" ".join(IMAGE_EXTENSIONS)))

    def cancel_batch(self):
        """Stops a running folder classification after its current batch."""
        if self.batch_table.is_running():
            self.manager.cancel_batch()

    def import_paths(self, paths):
        """Opens dropped paths: a model first, then one image (shown) or many images and folders (batch)."""
        self.opener.open_dropped(paths)

    def choose_export(self):
        """Asks where to save the results and writes the CSV."""
        self.saver.choose_export()

    def export_results(self, path):
        """Writes the batch results (or the single prediction) to `path` as CSV; returns rows written."""
        return self.saver.export_results(path)

    def save_report(self, path):
        """Writes the current photo's one-page report as `path` (.html) and a .pdf beside it, on the model thread."""
        return self.saver.save_report(path)

    def show_train_dialog(self):
        """Opens the training dialog (one per window; it keeps running when hidden)."""
        return self.dialogs.show_train()

    def train_dialog(self):
        """The training dialog if it was opened, else None."""
        return self.dialogs.train

    def show_export_dialog(self):
        """Opens File > Export Model for the model shown (one dialog per window)."""
        return self.dialogs.show_export()

    def show_evaluate_dialog(self):
        """Opens Model > Evaluate on Labelled Photos for the model shown (one dialog per window)."""
        return self.dialogs.show_evaluate()

    def evaluate_dialog(self):
        """The Evaluate dialog if it was opened, else None."""
        return self.dialogs.evaluate

    def evaluate_folder(self, folder):
        """Evaluates the model shown on `folder` (one sub-folder per class) in the Evaluate dialog, at once."""
        return self.dialogs.evaluate_folder(folder)

    def reset_layout(self):
        """View > Reset Window Layout: size, panes and view switches as on a first start; the saved ones forgotten."""
        self.window_layout.reset()

    def open_user_guide(self):
        """Opens the README with the system's viewer; returns the URL asked for."""
        url = QtCore.QUrl.fromLocalFile(str(USER_GUIDE))
        if QtWidgets.QApplication.platformName() != "offscreen":  # Nobody could see it; tests only ask.
            QtGui.QDesktopServices.openUrl(url)
        return url

    def show_about(self):
        """Shows what the app is and what it is not, and where its settings and log files are."""
        self.dialogs.show_about()

    # Grad-CAM.

    def _on_gradcam_action(self, checked):
        self.image_panel.gradcam_controls.set_on(checked)

    def set_gradcam(self, on, class_index=None, attribute=None):
        """Switches the Grad-CAM overlay on or off, for `class_index` (None: the predicted class) of
        the head `attribute` (an index, for a model with one head per attribute)."""
        self.image_panel.set_gradcam(on, class_index, attribute)

    # Worker results.

    def _on_activity(self, kind):
        self._busy = kind
        self.status_fields.show_activity(kind)
        if kind == STARTUP or (not kind and not self._tensorflow_ready):
            self._refresh_empty_state()

    def _on_tensorflow_ready(self, seconds):
        self._tensorflow_ready = True
        log.info("TensorFlow ready in %.1f s", seconds)
        self._refresh_empty_state()

    def _on_model_loading(self, path):
        self._loading_message = self.tr("Loading {name}…").format(name=shown(Path(path).name))
        self.statusBar().showMessage(self._loading_message)

    def _clear_loading_message(self):
        """Takes "Loading …" off the status bar (a later note stays)."""
        if self._loading_message and self.statusBar().currentMessage() == self._loading_message:
            self.statusBar().clearMessage()
        self._loading_message = ""

    def _on_model_loaded(self, summary):
        self._model = summary
        self._loading_model = ""
        self.image_panel.set_model(summary)
        self.inspect_panel.set_model(summary)
        self.actions.gradcam.setEnabled(bool(summary.last_conv_layer))
        self.actions.report.setEnabled(False)  # Until a photo is classified with this model.
        self.actions.export.setEnabled(False)  # The results shown were the old model's.
        self.actions.export_model.setEnabled(True)
        self.actions.evaluate.setEnabled(True)
        self.dialogs.model_loaded(summary)
        if self._remember and str(Path(summary.path).resolve()) != self._unremembered_model:
            self.settings.add_recent("models", summary.path)
            self.settings.set_last_model(summary.path)
        self._loading_message = ""
        # The model's name stands in the status bar beside it: a short note is not cut off.
        self.statusBar().showMessage(self.tr("Model loaded in {seconds} s").format(
            seconds=QtCore.QLocale().toString(summary.seconds, "f", 1)), 5000)
        self.message_bar.dismiss()
        self._update_title()
        self.status_fields.show_model(summary)
        self._refresh_empty_state()
        if self._image_path and self._image_request < self._load_request:
            self.open_image(self._image_path)  # Classify the image on screen with the new model.
        self.model_changed.emit(summary)
        # After `model_changed`: the light calibration the model is restored with is sent first, then this.
        self.classify_again()  # The table's rows were the old model's: export must not pair them with this one.
        self.view_updated.emit()

    def _on_image_shown(self, shown):
        if shown.path != self._image_path:
            return
        self.image_panel.show_image(shown)
        self.inspect_panel.show_image()
        if self._remember and self._remember_image:
            self.settings.add_recent("photos", shown.path)
        if self.message_bar.level() == "error":  # About an earlier photo or file: the user has moved on.
            self.message_bar.dismiss()
        self.actions.report.setEnabled(False)  # Until its prediction arrives.
        self._update_title()
        self._refresh_empty_state()
        self.view_updated.emit()

    def _on_prediction(self, prediction):
        if prediction.path != self._image_path or self._model is None or prediction.model_path != self._model.path:
            return
        self.image_panel.show_prediction(prediction)
        self.inspect_panel.show_prediction(prediction)
        self.actions.export.setEnabled(True)
        self.actions.report.setEnabled(self.saver.can_save_report())
        self.view_updated.emit()

    def _is_replaced_batch(self):
        """Whether the batch the model thread now reports on was replaced by a newer one (stopped, not shown)."""
        return len(self._batches_in_flight) > 1

    def _on_request_ended(self, kind, number):
        if kind == BATCH and number in self._batches_in_flight:
            self._batches_in_flight.remove(number)

    def _on_batch_started(self, total):
        if self._is_replaced_batch():
            return
        self.batch_table.start(total, folder=self.batch_table.classified_folder())

    def _on_batch_progress(self, done, total):
        if not self._is_replaced_batch():
            self.batch_table.set_progress(done, total)

    def _on_batch_finished(self, result):
        if self._is_replaced_batch():  # Its photos were another folder's, stopped for the one now in the table.
            return
        self.batch_table.show_result(result)
        folder, model = self.batch_table.classified_folder(), self._model
        if not result.total and not result.cancelled:  # Known only now: the folders were listed in the batch.
            self._say_no_images_found(result.folders)
        elif folder is not None and result.total and self._remember:
            self.settings.add_recent("folders", folder)
        if folder and model is not None and not model.attributes and result.model_path == model.path:
            self.batch_table.offer_evaluation([name for name in model.class_names if name in result.photo_subfolders])
        self.actions.cancel.setEnabled(False)
        self.actions.export.setEnabled(bool(result.rows))
        self.view_updated.emit()

    def _on_failed(self, kind, message):
        if kind == LOAD:
            self._loading_model = ""
            self._clear_loading_message()
            self._refresh_empty_state()
        elif kind == IMAGE:
            self._image_path = self.current_image()  # The image on screen stays the current one.
        elif kind == BATCH:
            if self._is_replaced_batch():
                return
            self.batch_table.stop()
            self.actions.cancel.setEnabled(False)
        elif kind in (FEATURES, CHANNEL, LAYER_TABLE, CHECK_WEIGHTS, SCAN, TRAIN, EXPORT, EVALUATE):
            return  # The inspect panel or its dialog (Train, Export, Evaluate) shows it; the rest works on.
        self.show_error(message)

    def show_error(self, message):
        """Shows a one-line error in the message bar (and keeps it in `errors`)."""
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
        return self.image_panel.prediction()

    def current_image(self):
        """The path of the image on screen, or ""."""
        return self.image_panel.shown_path()

    def gradcam_shown(self):
        """The `GradCamView` blended over the image, or None."""
        return self.image_panel.gradcam_shown()

    def is_settled(self):
        """Whether everything asked for is on screen: model, image, prediction, feature maps, Grad-CAM."""
        shown = self.current_image()
        if self._loading_model or (self._image_path and self._image_path != shown):
            return False
        if self._model is None or not shown:
            return True
        return (self.current_prediction() is not None and self.inspect_panel.is_settled(shown)
                and self.image_panel.is_settled())

    # Drag and drop.

    def dragEnterEvent(self, event):  # noqa: N802  Qt's name.
        if files.dropped_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event):  # noqa: N802  Qt's name.
        self.dragEnterEvent(event)

    def dropEvent(self, event):  # noqa: N802  Qt's name.
        paths = files.dropped_paths(event.mimeData())
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.import_paths(paths)

    # Closing.

    def closeEvent(self, event):  # noqa: N802  Qt's name.
        if not self._closing and not self.dialogs.may_quit():
            event.ignore()  # The user keeps the run going.
            return
        if self._remember:
            self.window_layout.save()
            self.dialogs.remember()
            self.settings.sync()
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self):
        """Stops training and the model thread and waits for both (idempotent)."""
        if self._closing:
            return
        self._closing = True
        self.dialogs.shutdown()
        self.manager.shutdown()
