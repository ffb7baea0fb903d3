"""A light line plot for training curves, painted with QPainter (no matplotlib import on start)."""

import math

from PyQt5 import QtCore, QtGui, QtWidgets

_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728")
# The training curves' series keep their colour on every plot: training blue, validation orange,
# the per-batch loss a lighter blue (it is training too).
_SERIES_COLORS = {"train": "#1f77b4", "val": "#ff7f0e", "batch": "#9ecae1"}


class CurvePlot(QtWidgets.QWidget):
    """Plots named series of (x, y) points with axes, ticks and a legend.

    Args:
        title: the plot title (already translated; change it with `set_title`).
        fixed_range: (low, high) of the y axis, or None to fit the data.
        x_from: where the x axis starts, or None to start at the first point. Plots shown side by side
            take the same start, so their epochs line up (a loss plot has points within epoch 1,
            an accuracy plot only at its end).
    """

    def __init__(self, title="", fixed_range=None, parent=None, x_from=None):
        super().__init__(parent)
        self._title = title
        self._fixed_range = fixed_range
        self._x_from = x_from
        self._series = {}
        self._labels = {}
        self._x_label = ""
        self.setMinimumSize(220, 160)

    def set_title(self, title, x_label=""):
        """Sets the title and the x-axis label."""
        self._title = title
        self._x_label = x_label
        self.update()

    def title(self):
        """The title drawn above the plot."""
        return self._title

    def set_series_label(self, key, label):
        """Sets the legend text of the series `key`."""
        self._labels[key] = label
        self.update()

    def add_point(self, key, x, y):
        """Appends (x, y) to the series `key`; None values are skipped."""
        if y is None or x is None or (isinstance(y, float) and math.isnan(y)):
            return
        points = self._series.setdefault(key, [])
        if points and points[-1][0] == x:
            points[-1] = (x, float(y))  # The same epoch reported again: keep the newest value.
        else:
            points.append((x, float(y)))
        self.update()

    def series(self, key):
        """The points of series `key`."""
        return list(self._series.get(key, []))

    def series_color(self, key):
        """The colour series `key` is drawn in (`#rrggbb`)."""
        if key in _SERIES_COLORS:
            return _SERIES_COLORS[key]
        others = [name for name in self._series if name not in _SERIES_COLORS]
        index = others.index(key) if key in others else len(others)
        return _COLORS[index % len(_COLORS)]

    def clear(self):
        """Removes all points."""
        self._series.clear()
        self.update()

    def paintEvent(self, event):  # noqa: N802  Qt's name.
        painter = QtGui.QPainter(self)
        painter.setRenderHint(QtGui.QPainter.Antialiasing)
        palette = self.palette()
        text_color = palette.color(QtGui.QPalette.WindowText)
        metrics = painter.fontMetrics()
        painter.setPen(text_color)
        painter.drawText(QtCore.QRect(0, 2, self.width(), metrics.height()), QtCore.Qt.AlignHCenter, self._title)
        left, top = metrics.horizontalAdvance("0.000") + 10, 2 * metrics.height() + 8
        bottom = metrics.height() * (2 if self._x_label else 1) + 8
        plot = QtCore.QRectF(left, top, max(10, self.width() - left - 12), max(10, self.height() - top - bottom))
        painter.setPen(palette.color(QtGui.QPalette.Mid))
        painter.drawRect(plot)
        x_low, x_high, y_low, y_high = self._ranges()
        self._paint_ticks(painter, plot, metrics, x_low, x_high, y_low, y_high, text_color)
        if self._x_label:
            painter.setPen(text_color)
            painter.drawText(QtCore.QRectF(plot.left(), self.height() - metrics.height() - 2, plot.width(),
                                           metrics.height()), QtCore.Qt.AlignHCenter, self._x_label)

        def to_screen(x, y):
            sx = plot.left() + (x - x_low) / (x_high - x_low) * plot.width()
            sy = plot.bottom() - (y - y_low) / (y_high - y_low) * plot.height()
            return QtCore.QPointF(sx, sy)

        # The legend is one row under the title, so it never hides a curve.
        legend_items = [(self._labels.get(key, key), metrics.horizontalAdvance(self._labels.get(key, key)))
                        for key in self._series]
        legend_width = sum(width + 30 for _, width in legend_items)
        legend_x = max(plot.left(), (self.width() - legend_width) / 2)
        legend_y = metrics.height() + 4
        for index, (key, points) in enumerate(self._series.items()):
            color = QtGui.QColor(self.series_color(key))
            painter.setPen(QtGui.QPen(color, 2))
            painter.setBrush(color)
            screen = [to_screen(x, y) for x, y in points]
            if len(screen) > 1:
                painter.drawPolyline(QtGui.QPolygonF(screen))
            for point in screen:
                painter.drawEllipse(point, 2.5, 2.5)
            label, width = legend_items[index]
            middle = legend_y + metrics.height() / 2
            painter.setPen(QtGui.QPen(color, 2))
            painter.drawLine(QtCore.QPointF(legend_x, middle), QtCore.QPointF(legend_x + 16, middle))
            painter.setPen(text_color)
            painter.drawText(QtCore.QRectF(legend_x + 20, legend_y, width + 4, metrics.height()),
                             QtCore.Qt.AlignLeft | QtCore.Qt.AlignVCenter, label)
            legend_x += width + 30

    def x_range(self):
        """The (low, high) of the x axis as drawn now."""
        xs = [x for points in self._series.values() for x, _ in points]
        x_low, x_high = (min(xs), max(xs)) if xs else (0.0, 1.0)
        if self._x_from is not None:
            x_low = min(self._x_from, x_low)
        if x_high - x_low < 1:
            x_high = x_low + 1
        return x_low, x_high

    def _ranges(self):
        ys = [y for points in self._series.values() for _, y in points]
        x_low, x_high = self.x_range()
        if self._fixed_range:
            y_low, y_high = self._fixed_range
        elif ys:
            y_low, y_high = min(0.0, min(ys)), max(ys) * 1.1
        else:
            y_low, y_high = 0.0, 1.0
        if y_high - y_low < 1e-9:
            y_high = y_low + 1.0
        return x_low, x_high, y_low, y_high

    def _paint_ticks(self, painter, plot, metrics, x_low, x_high, y_low, y_high, color):
        painter.setPen(color)
        for step in range(5):
            value = y_low + (y_high - y_low) * step / 4
            y = plot.bottom() - plot.height() * step / 4
            painter.drawText(QtCore.QRectF(0, y - metrics.height() / 2, plot.left() - 6, metrics.height()),
                             QtCore.Qt.AlignRight | QtCore.Qt.AlignVCenter, f"{value:.2f}")
        ticks = sorted({int(round(x_low + (x_high - x_low) * step / 4)) for step in range(5)})
        for tick in ticks:
            x = plot.left() + (tick - x_low) / (x_high - x_low) * plot.width()
            painter.drawText(QtCore.QRectF(x - 20, plot.bottom() + 2, 40, metrics.height()),
                             QtCore.Qt.AlignHCenter, str(tick))
