"""A pane above that takes the room left, a pane below at its natural height, and a divider between.

The main window's photo sits above its switches and prediction (`ImagePanel`): on a small
screen the user drags the divider to give the photo more room, and the lower pane scrolls.
"""

from PyQt5 import QtCore, QtWidgets


class PaneSplitter(QtWidgets.QSplitter):
    """A vertical splitter of an upper pane and a lower one that scrolls when it no longer fits.

    Until the user moves the divider, the lower pane keeps its natural height (what its
    contents need at its width, following them as they change) and the upper pane gets the
    rest, down to its minimum height. Once moved, the sizes are the user's: the upper pane
    takes what the window gains or loses. The lower pane never grows past its contents.

    `saveState` and `restoreState` keep only the user's sizes: while the panes follow their
    contents the state is empty, and restoring an empty or unusable state follows them again.

    Args:
        upper: the widget above (it stretches).
        lower: the widget below; it goes into a scroll area (`scroll_area`).
        parent: the parent widget.
    """

    def __init__(self, upper, lower, parent=None):
        super().__init__(QtCore.Qt.Vertical, parent)
        self._sized_by_user = False
        self.scroll_area = _LowerScrollArea(lower)
        self.addWidget(upper)
        self.addWidget(self.scroll_area)
        self.setStretchFactor(0, 1)
        self.setStretchFactor(1, 0)
        self.setChildrenCollapsible(False)
        # Fitted after the contents' layout has settled, once however many of their parts changed.
        self._fit_timer = QtCore.QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self._fit)
        lower.installEventFilter(self)
        self.splitterMoved.connect(self._on_moved_by_user)

    def sized_by_user(self):
        """Whether the sizes are the user's (dragged, set or restored) rather than the natural ones."""
        return self._sized_by_user

    def follow_contents(self):
        """Gives the lower pane its natural height again, and keeps following its contents."""
        self._sized_by_user = False
        self._fit()

    def setSizes(self, sizes):
        """Sets the panes' heights as the user's choice (as dragging the divider does)."""
        self._sized_by_user = True
        super().setSizes(sizes)

    def saveState(self):
        """The splitter's state with the user's sizes, or an empty one while it follows its contents."""
        return super().saveState() if self._sized_by_user else QtCore.QByteArray()

    def restoreState(self, state):
        """Restores the user's sizes from `state`; an empty or unusable one follows the contents.

        Returns:
            Whether `state` was used.
        """
        restored = not state.isEmpty() and super().restoreState(state)
        if restored:
            self._sized_by_user = True
        else:
            self.follow_contents()
        return restored

    def natural_lower_height(self):
        """The height the lower pane's contents need at its width, without scrolling."""
        return self.scroll_area.natural_height()

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._fit()

    def eventFilter(self, watched, event):
        if event.type() == QtCore.QEvent.LayoutRequest:  # The lower pane's contents changed size.
            self.scroll_area.updateGeometry()  # Its minimum width may have changed.
            self._fit_timer.start()
        return super().eventFilter(watched, event)

    def _on_moved_by_user(self, _position, _index):
        self._sized_by_user = True

    def _fit(self):
        """The lower pane at its natural height, as much as the upper pane's minimum leaves."""
        self.scroll_area.follow_contents()
        if self._sized_by_user:
            return
        room = self.height() - self.handleWidth()
        upper = self.widget(0)
        upper_minimum = max(upper.minimumSizeHint().height(), upper.minimumHeight())
        lower = min(self.natural_lower_height(), room - upper_minimum)
        lower = max(lower, self.scroll_area.minimumSizeHint().height())
        QtWidgets.QSplitter.setSizes(self, [room - lower, lower])  # Not the user's choice.


class _LowerScrollArea(QtWidgets.QScrollArea):
    """The lower pane's scroll area: up and down only, as wide as its contents need, never taller.

    Args:
        contents: the widget scrolled.
    """

    def __init__(self, contents):
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QtWidgets.QFrame.NoFrame)
        self.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(QtCore.Qt.ScrollBarAsNeeded)
        self.setWidget(contents)

    def natural_height(self):
        """The height the contents need at this width, without a scroll bar."""
        contents, frame = self.widget(), 2 * self.frameWidth()
        if contents.hasHeightForWidth():  # Wrapped lines: the narrower, the taller.
            height = contents.heightForWidth(self.width() - frame)
        else:
            height = contents.sizeHint().height()
        return max(height, contents.minimumSizeHint().height()) + frame

    def follow_contents(self):
        """No taller than the contents need: the divider cannot leave empty space below them."""
        self.setMaximumHeight(self.natural_height())

    def minimumSizeHint(self):
        """Room for the contents' minimum width beside a scroll bar: nothing is cut on the right."""
        hint = super().minimumSizeHint()
        width = self.widget().minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width()
        return QtCore.QSize(max(hint.width(), width + 2 * self.frameWidth()), hint.height())
