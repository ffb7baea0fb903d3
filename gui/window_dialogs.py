"""The main window's dialogs: Train, Export Model and Evaluate on Labelled Photos.

One of each per window, made when first opened and kept when hidden, so a training run, an
export or an evaluation goes on behind a closed dialog and shows its result when it is opened
again. The window reaches them through `WindowDialogs`; they reach the core through the
window's bridge (`ModelManager`), never directly. It also asks before the window closes on work
still running (a training run, a folder's classification or an evaluation), and shows the About box.
"""

from PyQt5 import QtCore, QtWidgets

from core.messages import Message
from gui import errors
from gui.evaluation_worker import EVALUATE
from gui.model_worker import BATCH
from gui.plaintext import MAX_TEXT_CHARS, escaped
from gui.training_worker import TRAIN

translate = QtCore.QCoreApplication.translate  # The notes are the main window's.


class WindowDialogs:
    """Makes, shows and closes the window's dialogs.

    Args:
        window: the `MainWindow`: its bridge, settings, model, light calibration and status bar.
    """

    def __init__(self, window):
        self.window = window
        self.train = None
        self.export = None
        self.evaluate = None
        self._follows_light = False  # Whether a change of light calibration reaches the dialogs yet.
        # Offscreen (tests, --screenshot) nobody could answer a question: work still running is stopped.
        self.can_ask = QtWidgets.QApplication.platformName() != "offscreen"

    def show_train(self):
        """Opens the training dialog (it keeps running when hidden)."""
        window = self.window
        if self.train is None:
            from gui.widgets.train_dialog import TrainDialog

            self.train = TrainDialog(
                window.manager, on_use_model=window.load_model,
                on_status=lambda text: window.statusBar().showMessage(text, 4000), settings=window.settings,
                parent=window)
            self.train.training_finished.connect(self._on_training_finished)
        return _bring_up(self.train)

    def _on_training_finished(self, result):
        """A run that ends behind a closed Train dialog is said in the message bar, not only in the dialog."""
        if self.train.isVisible():
            return
        bar = self.window.message_bar
        if result is None:
            bar.show_error(translate("MainWindow", "Training failed: open Train (Ctrl+T) to see why"))
        elif result.model_path is None:
            bar.show_info(translate("MainWindow", "Training cancelled before its first epoch ended: no model"), 0)
        else:
            text = translate("MainWindow", "Training cancelled: the best model so far is saved as {path}") \
                if result.cancelled else translate("MainWindow", "Training finished: the model is saved as {path}")
            bar.show_info(text.format(path=result.model_path) + ". " + translate(
                "MainWindow", "Open Train (Ctrl+T) for its evaluation and Use This Model"), 0)

    def show_export(self):
        """Opens File > Export Model for the model shown, saying which light calibration the export applies."""
        from gui.widgets.export_dialog import ExportDialog

        window, model = self.window, self.window.current_model()
        if self.export is None:
            self.export = ExportDialog(window.manager, model.path, parent=window,
                                       own_folder=window.settings.last_folder)
            self._follow_light()
        self._show_light()
        # Known before trying: an export cannot carry a crop to the tongue (`core.export.exportable_model`).
        self.export.show_for(model.path, Message("export.crop") if model.crop else None)
        return self.export

    def show_evaluate(self):
        """Opens Model > Evaluate on Labelled Photos for the model shown."""
        from gui.widgets.evaluate_dialog import EvaluateDialog

        window, model = self.window, self.window.current_model()
        if self.evaluate is None:
            self.evaluate = EvaluateDialog(window.manager, model.path, window.settings, parent=window)
            self.evaluate.photo_activated.connect(self._open_photo)
            self._follow_light()
        self._show_light()
        self.evaluate.show_for(model.path, model.attributes)
        return self.evaluate

    def evaluate_folder(self, folder):
        """Evaluates the model shown on `folder` (one sub-folder per class) at once, in the Evaluate dialog."""
        dialog = self.show_evaluate()
        if not dialog.is_running():
            dialog.set_folder(folder)
            dialog.set_labels("")
            dialog.set_other_model("")
            dialog.start_evaluation()
        return dialog

    def model_loaded(self, summary):
        """A new model is shown: an open Evaluate dialog evaluates it from now on (unless it is busy)."""
        if self.evaluate is not None and not self.evaluate.is_running():
            self.evaluate.set_model(summary.path, summary.attributes)

    def may_quit(self):
        """Whether the window may close: nothing runs, or the user agrees to stop all that does.

        One question names everything still running (a training run, a folder's classification,
        an evaluation); No keeps all of it going.
        """
        work = self.running_work()
        if not work or not self.can_ask:
            return True
        answer = QtWidgets.QMessageBox.question(
            self.window, translate("MainWindow", "Quit TongueLens"), quit_question(work))
        return answer == QtWidgets.QMessageBox.Yes

    def running_work(self):
        """What is still running, as request kinds in the order the question names them (TRAIN, BATCH, EVALUATE)."""
        running = {TRAIN: self.train is not None and self.train.is_running(),
                   BATCH: self.window.batch_table.is_running(),
                   EVALUATE: self.evaluate is not None and self.evaluate.is_running()}
        return [kind for kind, is_running in running.items() if is_running]

    def show_about(self):
        """Help > About: what the app is and is not, and where its settings and log files are."""
        box = about_box(self.window, self.window.settings.file_name, errors.log_file())
        box.exec_()

    def remember(self):
        """Writes the Train dialog's setup into the settings (the window is closing)."""
        if self.train is not None:
            self.train.remember_setup()

    def shutdown(self):
        """Stops a training run (its best model so far is kept)."""
        if self.train is not None:
            self.train.shutdown()

    def _follow_light(self):
        """Tells the dialogs of every later change of the light calibration.

        Connected once the window's own `LightCalibration` is (at the window's start), so it runs
        after it and reads its new state.
        """
        if not self._follows_light:
            self.window.manager.calibration_changed.connect(lambda _view: self._show_light())
            self._follows_light = True

    def _show_light(self):
        """Which light calibration the export and the evaluation apply: the one in use, or the file's."""
        light = self.window.light_calibration
        for dialog in (self.export, self.evaluate):
            if dialog is not None:
                dialog.set_light_calibration(light.calibration, light.file_calibration)

    def _open_photo(self, path):
        """Shows a photo of the evaluation (a mistake, say) in the window: its reading, Grad-CAM, feature maps."""
        self.window.open_image(path)
        _bring_up(self.window)


def quit_question(work):
    """The question asked before quitting while `work` (request kinds, from `running_work`) still runs."""
    if len(work) == 1:
        return {
            TRAIN: translate("MainWindow",
                             "A model is training. Stop the training and quit? The best model so far is kept."),
            BATCH: translate("MainWindow", "A folder is being classified. Stop the classification and quit?"),
            EVALUATE: translate("MainWindow", "An evaluation is running. Stop the evaluation and quit?"),
        }[work[0]]
    lines = {
        TRAIN: translate("MainWindow", "Training a model (the best model so far is kept)"),
        BATCH: translate("MainWindow", "Classifying a folder"),
        EVALUATE: translate("MainWindow", "Evaluating a model on labelled photos"),
    }
    return translate("MainWindow", "Still running:\n{work}\n\nStop all of it and quit?").format(
        work="\n".join("• " + lines[kind] for kind in work))


def about_box(parent, settings_file, log_file):
    """The About box, not shown yet: what the app is and is not, and the paths of its files.

    The paths are selectable, so a user can copy them into a bug report.

    Args:
        parent: the window it belongs to.
        settings_file: the settings file's path.
        log_file: the log file's path, or None when warnings go to the terminal only.
    """
    text = translate(
        "MainWindow", "<h3>TongueLens</h3><p>Train image classifiers on your own photos and look inside them: "
                      "feature maps, filters and Grad-CAM for every layer.</p>"
                      "<p>The bundled demo model was trained on <b>synthetic</b> tongue images. "
                      "TongueLens is a tool for learning and research, <b>not a medical device</b>: "
                      "do not use it to diagnose.</p>")
    # Escaped, and whole up to a long path's length: "&" or "<" in a folder name must not read as markup.
    settings = escaped(settings_file, MAX_TEXT_CHARS)
    if log_file is None:
        text += translate("MainWindow", "<p>Settings file:<br>{settings}</p><p>No log file: warnings go to the "
                                        "terminal.</p>").format(settings=settings)
    else:
        text += translate("MainWindow", "<p>Settings file:<br>{settings}</p><p>Log file:<br>{log}</p>").format(
            settings=settings, log=escaped(log_file, MAX_TEXT_CHARS))
    box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.NoIcon, translate("MainWindow", "About TongueLens"), text,
                                QtWidgets.QMessageBox.Ok, parent)
    box.setTextFormat(QtCore.Qt.RichText)
    box.setTextInteractionFlags(QtCore.Qt.TextSelectableByMouse | QtCore.Qt.TextSelectableByKeyboard)
    icon = box.windowIcon()  # The app's icon, as `QMessageBox.about` shows it.
    box.setIconPixmap(icon.pixmap(icon.actualSize(QtCore.QSize(64, 64))))
    return box


def _bring_up(widget):
    widget.show()
    widget.raise_()
    widget.activateWindow()
    return widget
