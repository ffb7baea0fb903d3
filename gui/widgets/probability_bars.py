"""Horizontal bars of the top-k class probabilities, class names as the model stores them."""

from PyQt5 import QtCore, QtGui, QtWidgets

from gui.plaintext import shown
from gui.widgets.common import format_percent


class ProbabilityBars(QtWidgets.QWidget):
    """Draws one labelled bar per class, best first; the best one in the accent colour."""

    _ROW_HEIGHT = 26
    _SPACING = 6
    # The names' share of the width at most; the bars take the rest, and never less than this.
    _LABEL_SHARE = 0.4
    _MIN_BAR = 44

    def __init__(self, parent=None, compact=False):
        super().__init__(parent)
        if compact:  # One group among several (one per attribute): shorter rows, and the names before the bars.
            # A short bar still shows a probability; a cut name does not say which class it is.
            self._ROW_HEIGHT, self._SPACING, self._LABEL_SHARE, self._MIN_BAR = 20, 3, 0.65, 28
        self._top = []
        self.setSizePolicy(QtWidgets.QSizePolicy.Expanding, QtWidgets.QSizePolicy.Fixed)
        self._update_height()

    def set_top(self, top):
        """Shows `top`, a list of {"label", "probability"} (best first); [] clears."""
        # Names are bounded first: measuring a name of megabytes would stall every repaint.
        self._top = [dict(item, label=shown(item["label"])) for item in top]
        self._update_height()
        self.update()

    def top(self):
        """The shown list of {"label", "probability"}."""
        return list(self._top)

    def label_width(self, metrics=None):
        """The pixels the class names get: the longest name's, at most `_LABEL_SHARE` of the width and
        what leaves the bar `_MIN_BAR` pixels beside the percentage."""
        metrics = metrics or self.fontMetrics()
        widest = max([metrics.horizontalAdvance(item["label"]) for item in self._top] or [0])
        room = self.width() - self._value_width(metrics) - self._MIN_BAR
        return max(0, min(widest + 12, int(self.width() * self._LABEL_SHARE), room))

    @staticmethod
    def _value_width(metrics):
        return metrics.horizontalAdvance("100.0%") + 10

    def _update_height(self):
        rows = max(1, len(self._top))
        self.setFixedHeight(rows * self._ROW_HEIGHT + (rows - 1) * self._SPACING + 4)

    def paintEvent(self, event):  # noqa: N802  Qt's name.
        if not self._top:
            return
        painter = QtGui.QPainter(self)
        painter.setRenderHint(QtGui.QPainter.Antialiasing)
        metrics = painter.fontMetrics()
        label_width = self.label_width(metrics)
        value_width = self._value_width(metrics)
        bar_width = max(10, self.width() - label_width - value_width)
        palette = self.palette()
        accent = palette.color(QtGui.QPalette.Highlight)
        muted = QtGui.QColor(accent)
        muted.setAlpha(110)
        track = palette.color(QtGui.QPalette.Midlight)
        for row, item in enumerate(self._top):
            y = 2 + row * (self._ROW_HEIGHT + self._SPACING)
            text_rect = QtCore.QRect(0, y, label_width - 8, self._ROW_HEIGHT)
            label = metrics.elidedText(item["label"], QtCore.Qt.ElideRight, text_rect.width())
            painter.setPen(palette.color(QtGui.QPalette.WindowText))
            painter.drawText(text_rect, QtCore.Qt.AlignVCenter | QtCore.Qt.AlignRight, label)
            bar = QtCore.QRectF(label_width, y + 4, bar_width, self._ROW_HEIGHT - 8)
            painter.setPen(QtCore.Qt.NoPen)
            painter.setBrush(track)
            painter.drawRoundedRect(bar, 4, 4)
            filled = QtCore.QRectF(bar.left(), bar.top(), bar.width() * max(0.0, min(1.0, item["probability"])),
                                   bar.height())
            painter.setBrush(accent if row == 0 else muted)
            painter.drawRoundedRect(filled, 4, 4)
            painter.setPen(palette.color(QtGui.QPalette.WindowText))
            painter.drawText(QtCore.QRect(int(bar.right()) + 8, y, value_width, self._ROW_HEIGHT),
                             QtCore.Qt.AlignVCenter | QtCore.Qt.AlignLeft, format_percent(item["probability"]))
