"""What the window opens: a model, an image or a folder, chosen in a file dialog or dropped on it.

Choosing remembers the folder for the next file dialog; dropping sorts what was dropped (models,
images, folders, other files: `gui.files.sort_dropped`) and opens each the way it is meant to
be used. The window does the opening itself (`MainWindow.load_model`, `open_image`,
`classify_files`); this only decides what to open.
"""

from pathlib import Path

from PyQt5 import QtCore, QtWidgets

from core.images import IMAGE_EXTENSIONS
from gui import files


class Opener(QtCore.QObject):
    """Opens what the user chose or dropped in the window.

    Args:
        window: the `MainWindow` (its settings, and what it opens with).
    """

    def __init__(self, window):
        super().__init__(window)
        self.window = window

    def choose_model(self):
        """Asks for a model file and loads it."""
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self.window, self.tr("Open Model"), self.window.settings.last_folder(), self.tr("Keras models (*.keras)"))
        if path:
            self.window.settings.set_last_folder(Path(path).parent)
            self.window.load_model(path)

    def choose_image(self):
        """Asks for an image file and shows it."""
        patterns = " ".join(f"*{extension}" for extension in IMAGE_EXTENSIONS)
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self.window, self.tr("Open Image"), self.window.settings.last_folder(),
            self.tr("Images ({patterns})").format(patterns=patterns))
        if path:
            self.window.settings.set_last_folder(Path(path).parent)
            self.window.open_image(path)

    def choose_folder(self):
        """Asks for a folder and classifies every image in it."""
        folder = QtWidgets.QFileDialog.getExistingDirectory(
            self.window, self.tr("Classify Folder"), self.window.settings.last_folder())
        if folder:
            self.window.settings.set_last_folder(folder)
            self.window.open_folder(folder)

    def open_dropped(self, paths):
        """Opens dropped paths: a model first, then one image (shown) or many images and folders (batch)."""
        window = self.window
        models, images, folders, skipped = files.sort_dropped(paths)
        if models:
            window.load_model(models[0])
        if len(images) == 1 and not folders and not skipped:
            window.open_image(images[0])
        elif images or folders:  # The folders are listed on the model thread, in the batch.
            window.classify_files(images, folder=folders[0] if len(folders) == 1 and not images else None,
                                  skipped=skipped, folders=folders)
        elif skipped:
            window.show_error(f"{skipped[0]['path']}: {skipped[0]['reason']}")
