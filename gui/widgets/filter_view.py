"""The learned filters of the selected layer, with a note of what is shown."""

from PyQt5 import QtWidgets

from gui.core_text import localize
from gui.plaintext import plain_label, set_plain_text, shown
from gui.widgets.common import Retranslatable
from gui.widgets.image_view import ImageView


class FilterView(Retranslatable, QtWidgets.QWidget):
    """Shows a `gui.messages.FilterView` picture and its note."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._filters = None
        self._hint = ""
        self.note = plain_label()
        self.note.setObjectName("secondaryText")
        self.note.setWordWrap(True)
        self.image = ImageView(smooth=False)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.note)
        layout.addWidget(self.image, 1)
        self.retranslate()

    def retranslate(self):
        if self._filters is None:
            self.note.setText("")
            self.image.set_placeholder(self._hint)
            return
        note = localize(self._filters.note) if self._filters.note else ""  # The core's note, in the app's language.
        if self._filters.pixels is None:
            self.image.set_placeholder(self.tr("Layer {layer} has no filters to show").format(
                layer=shown(self._filters.layer)))
            set_plain_text(self.note, note)
        else:
            set_plain_text(self.note, note or shown(self._filters.layer))  # The note starts with the layer's name.

    def show_filters(self, filters):
        """Shows a `FilterView` message."""
        self._filters = filters
        if filters.pixels is None:
            self.image.clear()
        else:
            self.image.set_image(filters.pixels)
        self.retranslate()

    def filters(self):
        """The shown `FilterView` message, or None."""
        return self._filters

    def clear(self, hint=""):
        """Removes the picture and shows `hint`."""
        self._filters = None
        self._hint = hint
        self.image.clear(hint)
        self.retranslate()
