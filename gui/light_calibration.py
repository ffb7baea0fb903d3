"""The app's light calibration: the Model menu's "Calibrate Light from Photos…" and its status field.

A clinic that photographs under another lamp than the training photos' picks a folder of photos
taken under it (20 patients or more, at least 10); the model worker estimates the lamp from them
(`core.calibration`) and corrects every photo shown, classified or inspected with the loaded
model, until the calibration is cleared or another model loads. The status bar says that a
calibration is on, from how many photos, and with which gains. The app remembers each model
file's calibration and applies it again when that file is opened (a lamp stays for months); for
a file that carries a calibration, clearing it is remembered too.

"Save Calibrated Copy…" writes a copy of the model file that applies the calibration itself
(`core.calibration.save_calibrated`): for another computer of the clinic, plain Keras, or an
export. Opening such a copy starts with its calibration on; calibrating it again replaces it.
"""

from pathlib import Path

from PyQt5 import QtCore, QtWidgets

from gui import config
from gui.actions import new_action
from gui.core_text import localize
from gui.plaintext import plain_label, plain_tooltip, shown

translate = QtCore.QCoreApplication.translate  # The texts belong to the main window's translations.
# What the settings keep for a model file whose carried calibration was cleared.
CLEARED = "cleared"


class LightCalibration(QtCore.QObject):
    """The calibrate and clear actions, and a permanent status bar field.

    Args:
        window: the main window (its manager, settings, status bar, current image and model).
        remember: keep each model file's calibration in the settings, and apply it again when
            the file is opened.
    """

    def __init__(self, window, remember=True):
        super().__init__(window)
        self.window = window
        self._remember = remember
        self.calibrate_action = new_action(window, "", self.choose_folder, config.SHORTCUTS["calibrate"],
                                           enabled=False)
        self.clear_action = new_action(window, "", self.clear, enabled=False)
        self.save_action = new_action(window, "", self.choose_copy, config.SHORTCUTS["save_calibrated"],
                                      enabled=False)
        self.status_label = plain_label()
        self.status_label.setObjectName("statusField")
        self.status_label.hide()
        window.statusBar().addPermanentWidget(self.status_label)
        self.calibration = None  # The `core.calibration.Calibration` on, or None.
        self.file_calibration = None  # The one the model file carries in its network, or None.
        window.manager.calibration_changed.connect(self._on_changed)
        window.manager.calibrated_copy_saved.connect(self._on_copy_saved)
        window.manager.calibration_progress.connect(self._on_progress)
        window.model_changed.connect(self._on_model_changed)

    def retranslate(self):
        """Sets the texts again in the current language."""
        self.calibrate_action.setText(translate("MainWindow", "Calibrate &Light from Photos…"))
        tip = translate("MainWindow", "Correct every photo to the training photos' light, estimated from a folder "
                                      "of photos of 20 or more patients (a usual mix, not only pale or only red "
                                      "tongues) taken under your lamp and camera")
        self.calibrate_action.setToolTip(tip)
        self.calibrate_action.setStatusTip(tip)
        self.clear_action.setText(translate("MainWindow", "Cl&ear Light Calibration"))
        tip = translate("MainWindow", "Use the photos as they are again")
        self.clear_action.setToolTip(tip)  # Else Qt makes one of the text, its "(&E)" left as "(E)".
        self.clear_action.setStatusTip(tip)
        self.save_action.setText(translate("MainWindow", "Save &Calibrated Copy…"))
        tip = translate("MainWindow", "Write a copy of the model file that applies this light calibration itself: "
                                      "for another computer under the same lamp, or for an export")
        self.save_action.setToolTip(tip)
        self.save_action.setStatusTip(tip)
        self._show()

    def choose_folder(self):
        """Asks for a folder of photos taken under the lamp, and calibrates from them."""
        folder = QtWidgets.QFileDialog.getExistingDirectory(
            self.window, translate("MainWindow", "Photos Taken under Your Lamp"), self.window.settings.last_folder())
        if folder:
            self.window.settings.set_last_folder(folder)
            self.calibrate(folder)

    def calibrate(self, folder):
        """Calibrates from the photos of `folder` (on the model worker)."""
        self.window.manager.calibrate_light(folder)

    def clear(self):
        """Uses photos as they are again."""
        self.window.manager.clear_calibration()

    def calibrate_from_photo_folder(self, folder):
        """Calibrates from the folder of the photo on screen (the lighting warning's link)."""
        self.window.settings.set_last_folder(folder)
        self.calibrate(folder)

    def choose_copy(self):
        """Asks where to write the calibrated copy of the model file, and writes it (on the model worker)."""
        model = self.window.current_model()
        if model is None or self.calibration is None:
            return
        source = Path(model.path)
        suggested = source.with_name(f"{source.stem}-calibrated.keras")
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            self.window, translate("MainWindow", "Save Calibrated Copy"), str(suggested),
            translate("MainWindow", "Keras models (*.keras)"))
        if path:
            self.save_copy(path)

    def save_copy(self, path):
        """Writes the calibrated copy to `path` (a `.keras` name is completed), never over the open file."""
        path = Path(path)
        if path.suffix != ".keras":
            path = path.with_name(path.name + ".keras")
        model = self.window.current_model()
        if model is not None and path.resolve() == Path(model.path).resolve():
            self.window.show_error(translate("MainWindow", "{name}: choose another name; the open model file is "
                                                           "never changed").format(name=shown(path.name)))
            return
        self.window.manager.save_calibrated_copy(path)

    def _on_copy_saved(self, saved):
        self.window.settings.add_recent("models", saved.path)
        self.window.message_bar.show_info(translate(
            "MainWindow", "Saved {name}: it applies the light calibration itself, in the app, plain Keras and "
                          "exports").format(name=shown(Path(saved.path).name)), 10000)

    def _on_model_changed(self, summary):
        # A model starts with the calibration its file carries, else none: gains are relative to its training light.
        self.file_calibration = summary.light_calibration if summary is not None else None
        self.calibration = self.file_calibration
        self.calibrate_action.setEnabled(summary is not None)
        self._show()
        saved = self.window.settings.light_calibration(summary.path) if self._remember else None
        if saved is not None and saved.get(CLEARED):
            self.window.manager.clear_calibration()  # The calibration its file carries was cleared last time.
        elif saved is not None:
            self.window.manager.restore_calibration(saved)

    def _on_progress(self, done, total):
        self.window.statusBar().showMessage(translate("MainWindow", "Calibrating the light: {done} of {total} "
                                                                    "photos read").format(done=done, total=total))

    def _on_changed(self, view):
        model = self.window.current_model()
        if model is None or view.model_path != model.path:
            return
        self.calibration = view.calibration
        if self._remember:
            self.window.settings.set_light_calibration(model.path, self._to_remember(view.calibration))
        self._show()
        self.window.statusBar().clearMessage()  # The progress; the field says the rest.
        if view.skipped:
            self.window.statusBar().showMessage(translate(
                "MainWindow", "{count} unreadable photos were left out of the calibration").format(count=view.skipped),
                8000)
        image = self.window.current_image()
        if image:
            self.window.open_image(image)  # The photo on screen, read again under the new light.
        self._classify_folder_again(model.path)

    def _classify_folder_again(self, model_path):
        """The batch table's files, classified again under the new light (its table is the old light's)."""
        result = self.window.batch_table.result()
        if result is not None and result.model_path == model_path:
            self.window.classify_again()

    def _to_remember(self, calibration):
        """What the settings keep for the model file: nothing when it is the file's own (or none at all)."""
        if calibration == self.file_calibration:
            return None
        return {CLEARED: True} if calibration is None else calibration.to_json()

    def _show(self):
        self.clear_action.setEnabled(self.calibration is not None)
        self.save_action.setEnabled(self.calibration is not None and self.calibration != self.file_calibration)
        self.window.image_panel.model_view_toggle.set_calibrated(self.calibration is not None)
        if self.calibration is None:
            self.status_label.hide()
            self.status_label.setText("")
            return
        self.status_label.setText(translate("MainWindow", "Light: calibrated ({count} photos)").format(
            count=self.calibration.photos))
        lines = [localize(self.calibration.describe()),
                 translate("MainWindow", "From: {folder}").format(folder=shown(Path(self.calibration.source).name)
                                                                    if self.calibration.source else "")]
        if self.calibration == self.file_calibration:
            lines.append(translate("MainWindow", "Carried in the model file"))
        self.status_label.setToolTip(plain_tooltip("\n".join(lines)))
        self.status_label.show()
