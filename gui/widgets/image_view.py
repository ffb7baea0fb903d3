"""A picture scaled to fit with its aspect kept, an optional heat-map overlay, an optional outline
layer (the tongue's, drawn opaque on top), and a placeholder text."""

from PyQt5 import QtCore, QtGui, QtWidgets

from gui.plaintext import MAX_TEXT_CHARS, shown
from gui.qtimage import array_to_qimage


class ImageView(QtWidgets.QWidget):
    """Shows one image as large as fits, centred, never distorted.

    Used for the photo (smooth scaling, Grad-CAM overlay) and for feature-map and filter grids
    (`smooth=False` keeps each activation pixel a crisp square).

    Signals:
        clicked(float, float): a left click, in the image's own pixel coordinates.

    Args:
        smooth: whether to scale with filtering.
        parent: the parent widget.
    """

    clicked = QtCore.pyqtSignal(float, float)

    def __init__(self, smooth=True, parent=None):
        super().__init__(parent)
        self._smooth = smooth
        self._image = None
        self._overlay = None
        self._overlay_opacity = 0.5
        self._outline = None
        self._placeholder = ""
        self.setMinimumSize(120, 120)
        self.setSizePolicy(QtWidgets.QSizePolicy.Expanding, QtWidgets.QSizePolicy.Expanding)

    def has_image(self):
        """Whether an image is shown."""
        return self._image is not None

    def image_size(self):
        """(width, height) of the shown image, or None."""
        return None if self._image is None else (self._image.width(), self._image.height())

    def set_smooth(self, smooth):
        """Scales the image with filtering (a photo) or as crisp squares, one per pixel (the model's
        input, whose pixels a student counts); an overlay is always smooth."""
        self._smooth = bool(smooth)
        self.update()

    def is_smooth(self):
        """Whether the image is scaled with filtering."""
        return self._smooth

    def set_image(self, pixels):
        """Shows a uint8 image array (or a `QImage`); removes any overlay and outline."""
        self._image = pixels if isinstance(pixels, QtGui.QImage) else array_to_qimage(pixels)
        self._overlay = None
        self._outline = None
        self.update()

    def clear(self, placeholder=""):
        """Removes the image and shows `placeholder` text instead."""
        self._image = None
        self._overlay = None
        self._outline = None
        self._placeholder = shown(placeholder, MAX_TEXT_CHARS)  # Painted as plain text; it can quote a file.
        self.update()

    def set_placeholder(self, text):
        """Sets the text shown while there is no image (plain text, bounded)."""
        self._placeholder = shown(text, MAX_TEXT_CHARS)
        self.update()

    def placeholder(self):
        """The text shown while there is no image."""
        return self._placeholder

    def set_overlay(self, rgba):
        """Blends a uint8 RGBA array (any size; stretched over the image) on top; None removes it."""
        self._overlay = None if rgba is None else array_to_qimage(rgba)
        self.update()

    def has_overlay(self):
        """Whether an overlay is shown."""
        return self._overlay is not None

    def set_outline(self, rgba):
        """Draws a uint8 RGBA layer (stretched over the image) on top of everything, opaque; None removes it."""
        self._outline = None if rgba is None else array_to_qimage(rgba)
        self.update()

    def has_outline(self):
        """Whether an outline layer is shown."""
        return self._outline is not None

    def set_overlay_opacity(self, opacity):
        """Sets the overlay's opacity in [0, 1]."""
        self._overlay_opacity = max(0.0, min(1.0, float(opacity)))
        self.update()

    def image_rect(self):
        """The rectangle (`QRectF`, widget coordinates) the image is drawn in, or None."""
        if self._image is None or self._image.width() == 0 or self._image.height() == 0:
            return None
        area = QtCore.QRectF(self.contentsRect()).adjusted(2, 2, -2, -2)
        scale = min(area.width() / self._image.width(), area.height() / self._image.height())
        width, height = self._image.width() * scale, self._image.height() * scale
        return QtCore.QRectF(area.center().x() - width / 2, area.center().y() - height / 2, width, height)

    def sizeHint(self):  # noqa: N802  Qt's name.
        return QtCore.QSize(480, 400)

    def paintEvent(self, event):  # noqa: N802  Qt's name.
        painter = QtGui.QPainter(self)
        rect = self.image_rect()
        if rect is None:
            self._paint_placeholder(painter)
            return
        painter.setRenderHint(QtGui.QPainter.SmoothPixmapTransform, self._smooth)
        painter.drawImage(rect, self._image)
        if self._overlay is not None:
            painter.setRenderHint(QtGui.QPainter.SmoothPixmapTransform, True)
            painter.setOpacity(self._overlay_opacity)
            painter.drawImage(rect, self._overlay)
        if self._outline is not None:
            painter.setOpacity(1.0)
            painter.drawImage(rect, self._outline)

    def _paint_placeholder(self, painter):
        if not self._placeholder:
            return
        color = self.palette().color(QtGui.QPalette.Disabled, QtGui.QPalette.WindowText)
        painter.setPen(QtGui.QPen(color, 1.5, QtCore.Qt.DashLine))
        painter.drawRoundedRect(QtCore.QRectF(self.rect()).adjusted(8, 8, -8, -8), 10, 10)
        font = painter.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        painter.setFont(font)
        painter.drawText(self.rect().adjusted(24, 24, -24, -24),
                         QtCore.Qt.AlignCenter | QtCore.Qt.TextWordWrap, self._placeholder)

    def mousePressEvent(self, event):  # noqa: N802  Qt's name.
        rect = self.image_rect()
        if event.button() != QtCore.Qt.LeftButton or rect is None or not rect.contains(event.localPos()):
            super().mousePressEvent(event)
            return
        scale = rect.width() / self._image.width()
        self.clicked.emit((event.localPos().x() - rect.left()) / scale, (event.localPos().y() - rect.top()) / scale)
