"""Where the tongue is: the outline switch, the crop a cropping model saw, and a warning when none is found."""

from PyQt5 import QtCore, QtWidgets

from gui.core_text import localize
from gui.plaintext import plain_label, plain_tooltip
from gui.qtimage import array_to_pixmap
from gui.widgets.common import WARNING_COLOR, Retranslatable, set_colored_text

# Side of the picture of the crop the model saw.
CROP_SIDE = 72


class TonguePanel(Retranslatable, QtWidgets.QWidget):
    """A row under the photo: "Tongue outline" (a switch), the crop the model saw, a note.

    Signals:
        outline_toggled(bool): the switch changed.
    """

    outline_toggled = QtCore.pyqtSignal(bool)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._crop_text = ""  # The model's crop, described; "" for a model of whole photos.
        self._view = None  # The TongueView shown
        self.outline_box = QtWidgets.QCheckBox()
        self.crop_caption = plain_label()
        self.crop_caption.setObjectName("secondaryText")
        self.crop_picture = plain_label()
        self.crop_picture.setFixedSize(CROP_SIDE, CROP_SIDE)
        self.crop_picture.setAlignment(QtCore.Qt.AlignCenter)
        self.note = plain_label()
        self.note.setWordWrap(True)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.outline_box)
        layout.addSpacing(12)
        layout.addWidget(self.crop_caption)
        layout.addWidget(self.crop_picture)
        layout.addWidget(self.note, 1)
        self.outline_box.toggled.connect(self.outline_toggled)
        self._show_crop_area()
        self.retranslate()

    def retranslate(self):
        self.outline_box.setText(self.tr("Tongue outline"))
        self.outline_box.setToolTip(self.tr(
            "Draw the tongue's outline over the photo (found by the model's own segmenter, or by the bundled one)"))
        self.crop_caption.setText(self.tr("The model saw:"))
        # It names the segmenter's file; a core message, in the app's language.
        self.crop_picture.setToolTip(plain_tooltip(localize(self._crop_text) if self._crop_text else ""))
        self._update_note()

    def set_model(self, crop_text):
        """A model was loaded; `crop_text` describes how it crops ("" when it takes whole photos)."""
        self._crop_text = crop_text
        self.clear()
        self.retranslate()

    def clear(self):
        """A new photo: nothing known about its tongue yet."""
        self._view = None
        self.crop_picture.clear()
        self._show_crop_area()
        self._update_note()

    def show_view(self, view):
        """Shows a `gui.messages.TongueView` of the photo on screen."""
        self._view = view
        if view.crop is not None:
            pixmap = array_to_pixmap(view.crop).scaled(CROP_SIDE, CROP_SIDE, QtCore.Qt.KeepAspectRatio,
                                                       QtCore.Qt.SmoothTransformation)
            self.crop_picture.setPixmap(pixmap)
        self._show_crop_area()
        self._update_note()

    def is_outline_on(self):
        return self.outline_box.isChecked()

    def set_outline_on(self, on):
        self.outline_box.setChecked(bool(on))

    def note_text(self):
        """The note shown (a warning when no tongue was found), or ""."""
        return self.note.text()

    def _show_crop_area(self):
        crops = bool(self._crop_text)
        self.crop_caption.setVisible(crops)
        self.crop_picture.setVisible(crops)

    def _update_note(self):
        view = self._view
        if view is not None and not view.found:
            text = (self.tr("No tongue found in this photo: the model saw the whole photo") if view.by_model
                    else self.tr("No tongue found in this photo"))
            set_colored_text(self.note, "⚠ " + text, WARNING_COLOR)
        elif self._crop_text:
            set_colored_text(self.note, self.tr("This model classifies the photo cut to the tongue"), None)
        else:
            set_colored_text(self.note, "", None)
