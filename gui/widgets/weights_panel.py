"""The Train dialog's starting weights: from scratch, pretrained on ImageNet, or a weights file.

Only the `keras.applications` backbones have pretrained weights (`models.backbones`); for any
other architecture the choice is locked on "from scratch". For ImageNet the panel says whether
Keras already has the file in its cache or how large the one download is, and where it goes;
a machine without network access takes a weights file instead (`models.pretrained`).
A chosen weights file is checked at once, as the run would load it (`check_wanted`, answered by
`set_check`), so that a file for another network is said before Start, not seconds after.
Everything here is plain Python: no TensorFlow on the GUI thread.
"""

from pathlib import Path

from PyQt5 import QtCore, QtWidgets

from gui.core_text import localize
from gui.messages import WeightsCheck
from gui.plaintext import plain_label
from gui.widgets.common import ERROR_COLOR, Retranslatable, set_colored_text

translate = QtCore.QCoreApplication.translate  # The texts belong to the Train dialog's translations.

SCRATCH = "none"
IMAGENET = "imagenet"
FILE = "file"
CHOICES = (SCRATCH, IMAGENET, FILE)


class WeightsPanel(Retranslatable, QtWidgets.QWidget):
    """The starting weights of the chosen architecture.

    Signals:
        changed(): the choice, the file or its error changed.
        check_wanted(str, str): a backbone and a weights file not checked yet; answer with `set_check`.
    """

    changed = QtCore.pyqtSignal()
    check_wanted = QtCore.pyqtSignal(str, str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._arch = ""
        self._cached = {}  # backbone -> its cached ImageNet file or None (checked once: it reads the file)
        self._checks = {}  # (backbone, path, size, mtime) -> WeightsCheck; None while it is being checked
        self._build()
        self.retranslate()
        self.set_architecture("")

    def _build(self):
        self.choice_label = QtWidgets.QLabel()
        self.choice_combo = QtWidgets.QComboBox()
        for choice in CHOICES:
            self.choice_combo.addItem("", choice)
        self.file_edit = QtWidgets.QLineEdit()
        self.file_browse = QtWidgets.QPushButton()
        self.note_label = plain_label()
        self.note_label.setObjectName("secondaryText")
        self.note_label.setWordWrap(True)
        self.note_label.setTextInteractionFlags(QtCore.Qt.TextSelectableByMouse)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.choice_label)
        row.addWidget(self.choice_combo, 1)
        self.file_row = QtWidgets.QWidget()
        file_layout = QtWidgets.QHBoxLayout(self.file_row)
        file_layout.setContentsMargins(0, 0, 0, 0)
        file_layout.addWidget(self.file_edit, 1)
        file_layout.addWidget(self.file_browse)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.file_row)
        layout.addWidget(self.note_label)
        self.choice_combo.currentIndexChanged.connect(self._update)
        self.file_edit.textChanged.connect(self._update)
        self.file_browse.clicked.connect(self._choose_file)

    def retranslate(self):
        self.choice_label.setText(translate("TrainDialog", "Start from:"))
        self.choice_combo.setItemText(0, translate("TrainDialog", "Random weights (from scratch)"))
        self.choice_combo.setItemText(2, translate("TrainDialog", "A weights file…"))
        self.choice_combo.setToolTip(translate("TrainDialog", "The weights the backbone starts from"))
        self.file_edit.setPlaceholderText(translate("TrainDialog", "No-top weights file (.h5) of this backbone"))
        self.file_browse.setText(translate("TrainDialog", "Browse…"))
        self._update()

    # The choice.

    def set_architecture(self, arch):
        """Shows the weights `arch` can start from (a backbone: all three; else from scratch only)."""
        self._arch = arch or ""
        backbone = self.backbone()
        if backbone is None:
            self.choice_combo.setCurrentIndex(0)
        self.choice_combo.setEnabled(backbone is not None)
        self._update()

    def set_choice(self, choice, path=""):
        """Chooses "none", "imagenet" or "file" (with the weights file `path`)."""
        self.choice_combo.setCurrentIndex(CHOICES.index(choice))
        if path:
            self.file_edit.setText(str(path))
        self._update()

    def choice(self):
        """"none", "imagenet" or "file"."""
        return self.choice_combo.currentData()

    def weights(self):
        """The run's `TrainConfig.weights`: "none", "imagenet" or the weights file's path."""
        if self.choice() == FILE:
            return self.file_edit.text().strip()
        return self.choice()

    def error(self):
        """Why Start cannot use this choice, or ""."""
        if self.choice() != FILE:
            return ""
        text = self.file_edit.text().strip()
        if not text:
            return translate("TrainDialog", "Choose the weights file")
        if not Path(text).expanduser().is_file():
            return translate("TrainDialog", "{path}: file not found").format(path=text)
        check = self._checks.get(self._check_key())
        return localize(check.error) if check is not None and check.error else ""

    def is_checking(self):
        """Whether the chosen weights file is being checked."""
        key = self._check_key()
        return key is not None and key in self._checks and self._checks[key] is None

    def set_check(self, check):
        """Takes the answer to `check_wanted`: a `gui.messages.WeightsCheck`."""
        key = self._file_key(check.arch, check.path)
        if key in self._checks:
            self._checks[key] = check
            self._update()

    def check_failed(self):
        """The check could not be made (a bug, logged): the run will check the file itself."""
        for key, check in self._checks.items():
            if check is None:
                self._checks[key] = WeightsCheck(key[0], key[1], layers=-1)
        self._update()

    def _check_key(self):
        """The key of the chosen backbone and existing weights file, or None."""
        backbone = self.backbone()
        text = self.file_edit.text().strip()
        if self.choice() != FILE or backbone is None or not text:
            return None
        return self._file_key(backbone.key, str(Path(text).expanduser()))

    @staticmethod
    def _file_key(arch, path):
        try:
            stat = Path(path).stat()
        except OSError:
            return None
        return (arch, str(path), stat.st_size, stat.st_mtime_ns)  # A file changed since is checked again.

    def _ask_for_check(self):
        key = self._check_key()
        if key is not None and key not in self._checks:
            # A check still pending for another file is replaced by this one (the bridge drops it).
            self._checks = {each: check for each, check in self._checks.items() if check is not None}
            self._checks[key] = None
            self.check_wanted.emit(key[0], key[1])

    def backbone(self):
        """The `models.backbones.Backbone` of the architecture, or None when it has no pretrained weights."""
        from models import backbones  # Plain Python: no Keras import.

        return backbones.get_backbone(self._arch) if backbones.is_backbone(self._arch) else None

    def cached_file(self):
        """The backbone's ImageNet weights in Keras's cache, or None when they need a download."""
        backbone = self.backbone()
        if backbone is None:
            return None
        if backbone.key not in self._cached:
            from models import pretrained  # Plain Python: no Keras import.

            self._cached[backbone.key] = pretrained.cached_imagenet_weights(backbone.key)
        return self._cached[backbone.key]

    def refresh(self):
        """Looks in Keras's cache again (after a run downloaded the weights)."""
        self._cached.clear()
        self._update()

    # Drawing.

    def _update(self):
        self._ask_for_check()
        backbone = self.backbone()
        choice = self.choice()
        self.file_row.setVisible(choice == FILE)
        if backbone is None:
            self.choice_combo.setItemText(1, translate("TrainDialog", "Pretrained on ImageNet"))
        elif self.cached_file() is not None:
            self.choice_combo.setItemText(1, translate("TrainDialog", "Pretrained on ImageNet (downloaded)"))
        else:
            self.choice_combo.setItemText(1, translate("TrainDialog", "Pretrained on ImageNet ({size} MB download)")
                                          .format(size=backbone.download_megabytes))
        set_colored_text(self.note_label, self._note(backbone, choice), ERROR_COLOR if self.error() else None)
        self.changed.emit()

    def _note(self, backbone, choice):
        if backbone is None:
            from models import backbones

            return translate("TrainDialog", "Pretrained weights exist for the backbones: {names}").format(
                names=", ".join(backbones.BACKBONE_NAMES))
        if self.error():
            return self.error()
        if choice == IMAGENET:
            cached = self.cached_file()
            if cached is not None:
                return translate("TrainDialog", "ImageNet weights of {name} already in Keras's cache: {path}").format(
                    name=backbone.key, path=cached)
            from models import pretrained

            return translate(
                "TrainDialog", "Needs network access once: about {size} MB are downloaded into {folder}. Without "
                "network, download {url} elsewhere and choose it as a weights file").format(
                size=backbone.download_megabytes, folder=pretrained.keras_models_cache(),
                url=pretrained.weights_url(backbone.key))
        if choice == FILE:
            if self.is_checking():
                return translate("TrainDialog", "Checking the weights file…")
            check = self._checks.get(self._check_key())
            if check is not None and check.layers >= 0:
                return translate("TrainDialog", "The file fits {name}: weights for {count} layers").format(
                    name=backbone.key, count=check.layers)
            return translate("TrainDialog", "Keras's {file}, or the .weights.h5 of {application} saved without its "
                             "top").format(file=backbone.weights_file, application=backbone.application)
        return translate("TrainDialog", "{name} learns from random weights: slower, and it needs more photos than "
                         "a pretrained start").format(name=backbone.key)

    def _choose_file(self):
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self, translate("TrainDialog", "Weights File"), self.file_edit.text(),
            translate("TrainDialog", "Weights files (*.h5 *.hdf5)"))
        if path:
            self.file_edit.setText(path)
