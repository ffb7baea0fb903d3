"""A layer's feature maps for the current image: a grid of channels; click one to see it large."""

from PyQt5 import QtCore, QtGui, QtWidgets

from gui import config
from gui.plaintext import plain_label, shown
from gui.widgets.common import Retranslatable, format_shape
from gui.widgets.image_view import ImageView

# The Channels box's range before a layer is chosen (or for a layer of unknown width).
CHANNEL_BOX_LIMIT = 1024
# A tile's number in its corner: its font's pixel size follows the tile's on-screen side, within these.
LABEL_MIN_PX, LABEL_MAX_PX = 9, 13
# The number is drawn only where it covers at most this share of its tile's width and height: on smaller
# tiles it would hide the map, and the tile's tooltip gives it.
LABEL_MAX_WIDTH_SHARE, LABEL_MAX_HEIGHT_SHARE = 0.7, 0.45
# The enlarged channel's tile is outlined in the colour that marks the chosen unit among bars
# (`inspection.features.unit_bars`).
CHOSEN_TILE_COLOR = QtGui.QColor(230, 97, 1)


class FeatureMapView(Retranslatable, QtWidgets.QWidget):
    """Shows a `gui.messages.FeatureMaps` grid and, beside it, one channel enlarged.

    Signals:
        channel_clicked(int): the user clicked the tile of this channel.
        options_changed(): "sort by mean" or the channel limit changed (the grid must be redone).
    """

    channel_clicked = QtCore.pyqtSignal(int)
    options_changed = QtCore.pyqtSignal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._maps = None
        self._channel = None
        self._hint = ""
        # The user's number of channels: the box shows fewer for a narrower layer, this again for a wider one.
        self._wanted_channels = config.MAX_CHANNELS
        self.heading = plain_label()
        self.heading.setObjectName("secondaryText")
        self.heading.setWordWrap(True)
        self.heading.setMinimumWidth(80)
        # The colours' key, beside the heading: "low", the colour map, "high" (numbers, for tiles that share
        # one scale); its tooltip says whether each channel has a scale of its own. A line of text of its
        # own squeezed the enlarged channel at 700 px.
        self.legend = QtWidgets.QWidget()
        self.legend_low, self.legend_high = plain_label(), plain_label()
        for label in (self.legend_low, self.legend_high):
            label.setObjectName("secondaryText")
        self.legend_bar = plain_label()
        self.legend_bar.setPixmap(_viridis_bar(80, 10))
        self.legend.setSizePolicy(QtWidgets.QSizePolicy.Fixed, QtWidgets.QSizePolicy.Fixed)
        legend_row = QtWidgets.QHBoxLayout(self.legend)
        legend_row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.legend_low, self.legend_bar, self.legend_high):
            legend_row.addWidget(widget)
        self.sort_by_mean = QtWidgets.QCheckBox()
        self.max_channels = QtWidgets.QSpinBox()
        self.max_channels.setRange(1, CHANNEL_BOX_LIMIT)
        self.max_channels.setValue(self._wanted_channels)
        self.max_channels_label = plain_label()
        self.grid = TileGridView()
        self.grid.setMinimumSize(220, 220)
        self.channel_view = ImageView(smooth=False)
        self.channel_view.setMinimumSize(140, 140)
        self.channel_caption = plain_label()
        self.channel_caption.setObjectName("secondaryText")
        self.channel_caption.setWordWrap(True)
        self.channel_caption.setAlignment(QtCore.Qt.AlignHCenter | QtCore.Qt.AlignTop)

        options = QtWidgets.QHBoxLayout()  # Under the heading: beside it, they kept the window 1,226 px wide.
        options.addStretch(1)
        options.addWidget(self.sort_by_mean)
        options.addSpacing(12)
        options.addWidget(self.max_channels_label)
        options.addWidget(self.max_channels)
        side = QtWidgets.QVBoxLayout()
        side.addWidget(self.channel_view, 1)
        side.addWidget(self.channel_caption)
        side_widget = QtWidgets.QWidget()
        side_widget.setLayout(side)
        side.setContentsMargins(0, 0, 0, 0)
        splitter = QtWidgets.QSplitter(QtCore.Qt.Horizontal)
        splitter.addWidget(self.grid)
        splitter.addWidget(side_widget)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        top = QtWidgets.QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.legend)
        layout.addLayout(top)
        layout.addLayout(options)
        layout.addWidget(splitter, 1)

        self.grid.clicked.connect(self._on_grid_clicked)
        self.sort_by_mean.toggled.connect(lambda _checked: self.options_changed.emit())
        self.max_channels.valueChanged.connect(self._on_channels_changed)
        self.retranslate()

    def retranslate(self):
        self.sort_by_mean.setText(self.tr("Sort by mean activation"))
        self.sort_by_mean.setToolTip(self.tr("Show the channels that respond most to this image first"))
        maps = self._maps
        vector = maps is not None and len(maps.shape) == 1  # A Dense layer's output: it has units, not channels.
        self.max_channels.setToolTip(self.tr("How many units the grid shows at most") if vector else
                                     self.tr("How many channels the grid shows at most"))
        self.max_channels_label.setText(self.tr("Units:") if vector else self.tr("Channels:"))
        low, high = self._scale_ends()
        self.legend_low.setText(low)
        self.legend_high.setText(high)
        self.legend.setVisible(maps is not None)
        if maps is None:
            self.heading.setText("")
            self.grid.set_placeholder(self._hint)
        else:
            self.legend.setToolTip(self._legend_tip(vector, low, high))
            if len(maps.shown) < maps.channels:
                heading = (self.tr("{layer}  ·  {shape}  ·  {shown} of {channels} units") if vector else
                           self.tr("{layer}  ·  {shape}  ·  {shown} of {channels} channels"))
                self.heading.setText(heading.format(
                    layer=shown(maps.layer), shape=format_shape(maps.shape), shown=len(maps.shown),
                    channels=maps.channels))
            else:
                self.heading.setText(self.tr("{layer}  ·  {shape}").format(
                    layer=shown(maps.layer), shape=format_shape(maps.shape)))
        if self._channel is None:
            self.channel_view.set_placeholder(self.tr("Click a channel to enlarge it"))
            self.channel_caption.setText("")
        else:
            view = self._channel
            locale = QtCore.QLocale()
            if view.units:  # One number: its value, and where it stands among the layer's units.
                unit = (self.tr("Unit {unit}: {label}").format(unit=view.channel, label=shown(view.label)) if view.label
                        else self.tr("Unit {unit}").format(unit=view.channel))
                caption = self.tr("{unit}\nvalue {value}\nrank {rank} of {units}, largest first").format(
                    unit=unit, value=locale.toString(view.mean, "g", 3), rank=view.rank, units=view.units)
            else:
                caption = self.tr("Channel {channel}\nmean {mean}\nrange {low} to {high}").format(
                    channel=view.channel, low=locale.toString(view.minimum, "g", 3),
                    mean=locale.toString(view.mean, "g", 3), high=locale.toString(view.maximum, "g", 3))
            if maps is not None and view.channel not in maps.shown:
                # Kept: the user chose it, and it is still this image's and layer's; the grid only shows fewer.
                caption += "\n" + self.tr("Not in the grid")
            self.channel_caption.setText(caption)
        self._label_tiles()

    def _label_tiles(self):
        """Gives the grid each tile's channel number (drawn when sorted) and marks the enlarged channel's tile."""
        maps = self._maps
        if maps is None:
            self.grid.set_tiles([], [], [], False)
            return
        vector = len(maps.shape) == 1
        tips = [self.tr("Unit {unit}").format(unit=channel) if vector else
                self.tr("Channel {channel}").format(channel=channel) for channel in maps.shown]
        chosen = self._channel.channel if self._channel is not None else None
        self.grid.set_tiles(maps.tile_rects(), [str(channel) for channel in maps.shown], tips, maps.is_sorted(),
                            maps.shown.index(chosen) if chosen in maps.shown else None)

    def _scale_ends(self):
        """The legend's two ends: "low" and "high", or the numbers of a scale the tiles share.

        Tiles that share one scale (units of a vector) are min-max scaled together: without
        numbers, 24.8 % and 25.2 % would read as "low" and "high".
        """
        maps = self._maps
        if maps is None or maps.value_range is None:
            return self.tr("low"), self.tr("high")
        from inspection.features import scale_digits  # Pure Python: safe on the GUI thread.

        low, high = maps.value_range
        digits = scale_digits(low, high)
        locale = QtCore.QLocale()
        return locale.toString(float(low), "g", digits), locale.toString(float(high), "g", digits)

    def _legend_tip(self, vector, low, high):
        """What the colours mean: each channel's own range, or the one scale the tiles share."""
        maps = self._maps
        if maps.value_range is None:
            return self.tr("Each channel on its own scale: dark its lowest, yellow its highest")
        if maps.probabilities:
            return self.tr("Class probabilities, one tile per class, on one scale from 0 (dark) to 1 (yellow)")
        if vector:
            return self.tr("One tile per unit, all on one scale from {low} (dark) to {high} (yellow)").format(
                low=low, high=high)
        return self.tr("One tile per channel, each a single value, all on one scale from {low} (dark) to "
                       "{high} (yellow)").format(low=low, high=high)

    def sort_by_mean_checked(self):
        """Whether channels are sorted by mean activation."""
        return self.sort_by_mean.isChecked()

    def channel_limit(self):
        """The most channels the grid shows."""
        return self.max_channels.value()

    def set_layer_channels(self, count):
        """Caps the Channels box at the chosen layer's `count` channels (None: no cap, as before a layer).

        The box shows the user's number, or `count` when the layer has fewer; the number they
        chose stays wanted, and comes back for a wider layer.
        """
        self._show_channels(count or CHANNEL_BOX_LIMIT)

    def wanted_channels(self):
        """The number of channels the user chose, whatever the chosen layer caps the box at."""
        return self._wanted_channels

    def set_wanted_channels(self, count):
        """Makes `count` the user's number of channels (a number outside the box's range is ignored)."""
        if 1 <= count <= CHANNEL_BOX_LIMIT:
            self._wanted_channels = count
            self._show_channels(self.max_channels.maximum())

    def _show_channels(self, maximum):
        # Signals blocked: a cap is not the user's choice, and the panel asks for the maps itself.
        self.max_channels.blockSignals(True)
        self.max_channels.setMaximum(maximum)
        self.max_channels.setValue(min(self._wanted_channels, maximum))
        self.max_channels.blockSignals(False)

    def _on_channels_changed(self, value):
        self._wanted_channels = value
        self.options_changed.emit()

    def show_maps(self, maps):
        """Shows a `FeatureMaps`."""
        same = self._maps is not None and (self._maps.layer, self._maps.path) == (maps.layer, maps.path)
        self._maps = maps
        self.grid.set_image(maps.grid)
        if not same:
            self._channel = None
            self.channel_view.clear()
        self.retranslate()

    def feature_maps(self):
        """The shown `FeatureMaps`, or None."""
        return self._maps

    def show_channel(self, view):
        """Shows a `ChannelView` enlarged."""
        self._channel = view
        self.channel_view.set_image(view.pixels)
        self.retranslate()

    def shown_channel(self):
        """The enlarged `ChannelView`, or None."""
        return self._channel

    def clear(self, hint=""):
        """Removes the grid and shows `hint`."""
        self._maps = None
        self._channel = None
        self._hint = hint
        self.grid.clear(hint)
        self.channel_view.clear()
        self.retranslate()

    def _on_grid_clicked(self, x, y):
        if self._maps is None:
            return
        channel = self._maps.channel_at(x, y)
        if channel is not None:
            self.channel_clicked.emit(channel)


class TileGridView(ImageView):
    """A feature-map grid: each tile's number in its corner (where it fits) and tooltip, the chosen tile outlined.

    Numbers are drawn in screen pixels over the scaled grid, so they stay legible whatever the
    grid's zoom, and only on tiles large enough to keep most of the map in view.
    """

    def __init__(self, parent=None):
        super().__init__(smooth=False, parent=parent)
        self._rects, self._numbers, self._tips = [], [], []
        self._numbered = False
        self._chosen = None

    def set_tiles(self, rects, numbers, tips, numbered, chosen=None):
        """Describes the grid's tiles.

        Args:
            rects: (x, y, width, height) of each tile, in the grid image's pixels.
            numbers: the short text of each tile ("31").
            tips: each tile's tooltip ("Channel 31").
            numbered: draw the numbers in the tiles' corners (tiles out of their channels' order).
            chosen: the index of the tile to outline (the enlarged channel's), or None.
        """
        self._rects, self._numbers, self._tips = list(rects), list(numbers), list(tips)
        self._numbered, self._chosen = bool(numbered), chosen
        self.update()

    def numbers_drawn(self):
        """Whether the tiles' numbers are drawn at the current size (else only their tooltips give them)."""
        return self._label_font() is not None

    def outlined_tile(self):
        """The index of the outlined tile, or None."""
        return self._chosen

    def tile_tip_at(self, position):
        """The tooltip of the tile under `position` (widget pixels), or ""."""
        index = self._tile_at(position)
        return self._tips[index] if index is not None else ""

    def screen_rects(self):
        """The tiles' rectangles in widget pixels ([] when no image is shown)."""
        area = self.image_rect()
        if area is None or not self._rects:
            return []
        scale = area.width() / self.image_size()[0]
        return [QtCore.QRectF(area.left() + x * scale, area.top() + y * scale, width * scale, height * scale)
                for x, y, width, height in self._rects]

    def _tile_at(self, position):
        for index, rect in enumerate(self.screen_rects()):
            if rect.contains(QtCore.QPointF(position)):
                return index
        return None

    def _label_font(self):
        """The numbers' font at the tiles' size, or None when the widest number would hide too much of a tile."""
        rects = self.screen_rects()
        if not self._numbered or not rects:
            return None
        tile = rects[0]
        font = QtGui.QFont(self.font())
        font.setPixelSize(max(LABEL_MIN_PX, min(LABEL_MAX_PX, round(min(tile.width(), tile.height()) * 0.22))))
        metrics = QtGui.QFontMetricsF(font)
        widest = max(metrics.horizontalAdvance(number) for number in self._numbers) + 4
        if widest > tile.width() * LABEL_MAX_WIDTH_SHARE or metrics.height() > tile.height() * LABEL_MAX_HEIGHT_SHARE:
            return None
        return font

    def paintEvent(self, event):  # noqa: N802  Qt's name.
        super().paintEvent(event)
        rects = self.screen_rects()
        if not rects:
            return
        painter = QtGui.QPainter(self)
        font = self._label_font()
        if font is not None:
            self._paint_numbers(painter, rects, font)
        if self._chosen is not None and self._chosen < len(rects):
            painter.setPen(QtGui.QPen(CHOSEN_TILE_COLOR, 2))
            painter.setBrush(QtCore.Qt.NoBrush)
            painter.drawRect(rects[self._chosen].adjusted(-1, -1, 1, 1))

    def _paint_numbers(self, painter, rects, font):
        # White on a dark, half-clear plate: legible on viridis' dark purple and its yellow alike.
        painter.setFont(font)
        metrics = QtGui.QFontMetricsF(font)
        for rect, number in zip(rects, self._numbers):
            plate = QtCore.QRectF(rect.left(), rect.top(), metrics.horizontalAdvance(number) + 4, metrics.height())
            painter.fillRect(plate, QtGui.QColor(0, 0, 0, 160))
            painter.setPen(QtGui.QColor(255, 255, 255))
            painter.drawText(plate, QtCore.Qt.AlignCenter, number)

    def event(self, event):
        if event.type() == QtCore.QEvent.ToolTip:
            tip = self.tile_tip_at(event.pos())
            if tip:
                QtWidgets.QToolTip.showText(event.globalPos(), tip, self)
            else:
                QtWidgets.QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)


# Viridis, the colour map of the tiles (`inspection.features`), at its five key points: drawn here by Qt,
# so the key needs no matplotlib on the window's thread.
_VIRIDIS_STOPS = ("#440154", "#3b528b", "#21918c", "#5ec962", "#fde725")


def _viridis_bar(width, height):
    """A pixmap of the colour map, low on the left."""
    pixmap = QtGui.QPixmap(width, height)
    gradient = QtGui.QLinearGradient(0, 0, width, 0)
    for index, colour in enumerate(_VIRIDIS_STOPS):
        gradient.setColorAt(index / (len(_VIRIDIS_STOPS) - 1), QtGui.QColor(colour))
    painter = QtGui.QPainter(pixmap)
    painter.fillRect(0, 0, width, height, gradient)
    painter.end()
    return pixmap
