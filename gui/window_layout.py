"""The main window's layout: its geometry, its panes and the view's switches, kept between sessions.

Restored at start, saved at close, and put back as on a first start by View > Reset Window
Layout, which also forgets the saved ones (a window saved off screen, a pane dragged shut or
a switch left on are undone in one step).
"""

from PyQt5 import QtCore

from gui import config
from gui.widgets.common import available_screen_area, fitting_size

# The view's switches remembered between sessions (`WindowLayout.view_state`), and their values on a first start.
VIEW_DEFAULTS = {"gradcam": False, "outline": False, "model_view": False, "tab": 0,
                 "gradcam_opacity": config.GRADCAM_OPACITY, "inspect_tab": 0, "channels": config.MAX_CHANNELS}


class WindowLayout:
    """Restores, saves and resets the main window's layout.

    Made once the window is built and before it is restored: what its panes are then is what a
    first start shows, and what a reset puts back.

    Args:
        window: the `MainWindow`: its settings, splitters, panels and tabs.
        remember: whether the layout is read from and written to the settings (off for `--screenshot`).
    """

    def __init__(self, window, remember=True):
        self.window = window
        self._remember = remember
        self._first_state = window.saveState()
        self._first_splitters = {name: splitter.saveState() for name, splitter in self._splitters().items()}

    def _splitters(self):
        """{name in the settings: splitter} of every splitter kept."""
        return {"main": self.window.main_splitter, "inspect": self.window.inspect_panel,
                "image": self.window.image_panel.splitter}

    def restore(self):
        """Sizes the window as on a first start, then as it was at the last close (when remembered)."""
        window, settings = self.window, self.window.settings
        window.resize(first_start_size())
        if not self._remember:
            return
        geometry = settings.geometry()
        if geometry is not None:
            window.restoreGeometry(geometry)
        for name, splitter in self._splitters().items():
            state = settings.splitter_state(name)
            if state is not None:
                restore_splitter(splitter, state)
        self._show_view_state(settings.group_values("view", VIEW_DEFAULTS))

    def save(self):
        """Writes the geometry, the panes and the view's switches into the settings (the window is closing)."""
        window, settings = self.window, self.window.settings
        settings.save_window(window.saveGeometry(), window.saveState())
        for name, splitter in self._splitters().items():
            settings.save_splitter_state(name, splitter.saveState())
        settings.set_group_values("view", self.view_state())

    def reset(self):
        """Puts the window's size, its panes and the view's switches back as on a first start, and
        forgets the saved ones."""
        window = self.window
        if window.isMaximized() or window.isFullScreen():
            window.showNormal()
        window.restoreState(self._first_state)
        window.resize(first_start_size())
        area = available_screen_area()
        if area is not None:  # Back in view: a window saved on a screen since unplugged is found again.
            frame = window.frameGeometry()
            frame.moveCenter(area.center())
            window.move(frame.topLeft())
        for name, splitter in self._splitters().items():
            splitter.restoreState(self._first_splitters[name])
        self._show_view_state(VIEW_DEFAULTS)
        if self._remember:
            window.settings.forget_layout()
            window.settings.sync()

    def view_state(self):
        """The view's switches, as `VIEW_DEFAULTS` names them."""
        panel, inspect = self.window.image_panel, self.window.inspect_panel
        return {"gradcam": panel.gradcam_controls.is_on(), "outline": panel.tongue_panel.is_outline_on(),
                "model_view": panel.model_view_toggle.is_on(), "tab": self.window.right_tabs.currentIndex(),
                "gradcam_opacity": panel.gradcam_controls.opacity_value(), "inspect_tab": inspect.tabs.currentIndex(),
                # The number the user chose, not the one a narrow layer caps the box at.
                "channels": inspect.feature_maps.wanted_channels()}

    def _show_view_state(self, state):
        """Switches Grad-CAM, the tongue's outline and "As the model sees it" as `state` says, with
        Grad-CAM's opacity, the tabs shown and the number of feature-map channels.

        Each takes effect when a model and a photo arrive, as if switched on by hand before them.
        """
        panel, inspect = self.window.image_panel, self.window.inspect_panel
        panel.gradcam_controls.set_on(state["gradcam"])
        panel.gradcam_controls.set_opacity_value(state["gradcam_opacity"])
        panel.tongue_panel.set_outline_on(state["outline"])
        panel.model_view_toggle.set_on(state["model_view"])
        for tabs, index in ((self.window.right_tabs, state["tab"]), (inspect.tabs, state["inspect_tab"])):
            if 0 <= index < tabs.count():
                tabs.setCurrentIndex(index)
        inspect.feature_maps.set_wanted_channels(state["channels"])


def first_start_size():
    """The window's size on a first start: no taller than the screen leaves (800 px ran under a 1366x768
    laptop's taskbar)."""
    return fitting_size(QtCore.QSize(*config.DEFAULT_WINDOW_SIZE), available_screen_area())


def restore_splitter(splitter, state):
    """Restores a splitter's saved `state` unless that leaves it turned or a pane shut; then its defaults stay.

    `QSplitter.restoreState` accepts a damaged state (a truncated one set the orientation to 0,
    which lays the panes out one above the other) and the window saved it again at every close.

    Returns:
        Whether the saved state was used.
    """
    orientation, defaults = splitter.orientation(), splitter.saveState()
    restored = splitter.restoreState(state)
    sizes = splitter.sizes()
    if restored and splitter.orientation() == orientation and len(sizes) == splitter.count() \
            and all(size > 0 for size in sizes):
        return True
    splitter.setOrientation(orientation)
    splitter.restoreState(defaults)
    return False
