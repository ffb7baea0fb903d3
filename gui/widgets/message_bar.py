"""A slim banner at the top of the window for errors and notes, so nothing needs a modal dialog."""

from PyQt5 import QtCore, QtWidgets

from gui.plaintext import plain_label, set_plain_text
from gui.widgets.common import Retranslatable


class MessageBar(Retranslatable, QtWidgets.QFrame):
    """Shows one message at a time, with a close button; errors stay until closed or replaced."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("messageBar")
        self._level = "info"
        self.text = plain_label()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(QtCore.Qt.TextSelectableByMouse)
        self.close_button = QtWidgets.QToolButton()
        self.close_button.setAutoRaise(True)
        self.close_button.setText("×")
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 6, 6)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.close_button, 0, QtCore.Qt.AlignTop)
        self.close_button.clicked.connect(self.dismiss)
        self._timer = QtCore.QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.dismiss)
        self.hide()
        self.retranslate()

    def retranslate(self):
        self.close_button.setToolTip(self.tr("Close"))

    def show_error(self, text):
        """Shows an error until the user closes it or another message replaces it."""
        self._show(text, "error", timeout_ms=0)

    def show_info(self, text, timeout_ms=6000):
        """Shows a note that goes away by itself."""
        self._show(text, "info", timeout_ms)

    def message(self):
        """The shown text, or "" when hidden."""
        return self.text.text() if not self.isHidden() else ""

    def level(self):
        """"error" or "info"."""
        return self._level

    def dismiss(self):
        """Hides the bar."""
        self._timer.stop()
        self.hide()

    def _show(self, text, level, timeout_ms):
        self._level = level
        self.setProperty("level", level)
        self.style().unpolish(self)
        self.style().polish(self)
        set_plain_text(self.text, text)  # Errors quote files: never read as HTML.
        self.show()
        self._timer.stop()
        if timeout_ms:
            self._timer.start(timeout_ms)
