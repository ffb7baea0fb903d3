"""Starting the app: the `QApplication`, the window, and the `--screenshot` mode.

The window is shown before anything slow happens; TensorFlow is imported afterwards on the
model thread (see `gui.model_manager`). Nothing here imports TensorFlow.
"""

import logging
import os
import sys
from pathlib import Path

from PyQt5 import QtCore, QtGui, QtWidgets

from gui import config, i18n
from gui.errors import install_excepthook, install_log_file
from gui.settings import AppSettings
from gui.style import apply_style

log = logging.getLogger(__name__)

SCREENSHOT_TIMEOUT_SECONDS = 300


class ScreenshotError(RuntimeError):
    """The screenshot could not be taken; the message says why (one line)."""


def needs_offscreen():
    """Whether there is no display to open a window on (Linux without X11 or Wayland)."""
    if sys.platform.startswith(("win", "darwin")):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def create_application(settings=None, language=None):
    """Returns the `QApplication` (made once), styled, translated, with the CJK font registered.

    Args:
        settings: the `AppSettings` whose language is used unless `language` is given.
        language: a language code ("en", "zh_CN"), or None for the saved or system one.
    """
    app = QtWidgets.QApplication.instance()
    if app is None:
        QtWidgets.QApplication.setAttribute(QtCore.Qt.AA_EnableHighDpiScaling, True)
        QtWidgets.QApplication.setAttribute(QtCore.Qt.AA_UseHighDpiPixmaps, True)
        app = QtWidgets.QApplication([sys.argv[0] if sys.argv else config.APP_NAME])
    app.setApplicationName(config.APP_NAME)
    app.setOrganizationName(config.ORGANIZATION)
    apply_style(app)
    register_cjk_font()
    code = language if language is not None else (settings.language() if settings is not None else "")
    i18n.install_language(app, code)
    install_excepthook()
    return app


def register_cjk_font():
    """Makes the bundled Chinese font available, so Chinese text never shows as boxes."""
    from core.fonts import CJK_FONT_PATH  # Paths only; matplotlib is imported lazily there.

    if CJK_FONT_PATH.is_file() and not getattr(register_cjk_font, "done", False):
        QtGui.QFontDatabase.addApplicationFont(str(CJK_FONT_PATH))
        register_cjk_font.done = True


def run(model_path=None, image_path=None, screenshot_path=None, language=None, on_shown=None,
        timeout_seconds=SCREENSHOT_TIMEOUT_SECONDS, remember_model=True, remember_image=True, settings=None):
    """Opens the app and runs it until the window closes (or the screenshot is saved).

    Args:
        model_path: a `.keras` file to load at once.
        image_path: an image to show and classify at once.
        screenshot_path: when given, wait until prediction, feature maps and Grad-CAM are
            shown, save a grab of the whole window there as PNG and quit.
        language: UI language code, or None for the saved or system one.
        on_shown: optional callable(window), called as soon as the window is on screen
            (used to measure start-up time and to check that TensorFlow is not loaded yet).
        timeout_seconds: how long a screenshot run may wait for the view to settle.
        remember_model: False when `model_path` is the bundled demo opened because no model was
            named: it is not put in Recent Models (`MainWindow.start`).
        remember_image: False when `image_path` is the bundled sample shown because no photo was
            named: it is not put in Recent Photos.
        settings: the `AppSettings` to use; default: `AppSettings()`.

    Returns:
        The exit code: 0, or 1 when the screenshot could not be made.

    Raises:
        ScreenshotError: in screenshot mode, loading failed or the view did not settle.
    """
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if screenshot_path and needs_offscreen():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    screenshot = screenshot_path is not None
    settings = settings or AppSettings()
    install_log_file(settings.file_name)
    app = create_application(settings, language)
    from gui.main_window import MainWindow  # After the QApplication: widgets need it.

    window = MainWindow(settings, remember=not screenshot)
    if screenshot:
        window.resize(*config.DEFAULT_WINDOW_SIZE)
    window.show()
    capture = _ScreenshotCapture(window, screenshot_path, timeout_seconds) if screenshot else None

    def begin():
        if on_shown is not None:
            on_shown(window)
        window.start(model_path, image_path, remember_model=remember_model, remember_image=remember_image)
        if capture is not None:
            window.set_gradcam(True)
            capture.start()

    QtCore.QTimer.singleShot(0, begin)
    code = app.exec_()
    window.shutdown()
    if capture is not None and capture.error:
        raise ScreenshotError(capture.error)
    return code


class _ScreenshotCapture(QtCore.QObject):
    """Waits until the window shows everything asked for, grabs it to a PNG and quits."""

    def __init__(self, window, path, timeout_seconds):
        super().__init__(window)
        self.window = window
        self.path = Path(path)
        self.error = ""
        self._errors_before = 0
        self._done = False
        self._tensorflow_ready = False
        self._timeout = QtCore.QTimer(self)
        self._timeout.setSingleShot(True)
        self._timeout.setInterval(int(timeout_seconds * 1000))
        self._timeout.timeout.connect(self._on_timeout)
        # A settled view is grabbed after one more turn of the event loop, so layouts are done.
        self._grab_timer = QtCore.QTimer(self)
        self._grab_timer.setSingleShot(True)
        self._grab_timer.setInterval(150)
        self._grab_timer.timeout.connect(self._grab_if_settled)

    def start(self):
        self._errors_before = len(self.window.errors)
        manager = self.window.manager
        manager.tensorflow_ready.connect(self._on_tensorflow_ready)
        manager.failed.connect(self._on_failed)
        manager.activity.connect(lambda _kind: self._check())
        self.window.view_updated.connect(self._check)
        self._timeout.start()

    def _on_tensorflow_ready(self, _seconds):
        self._tensorflow_ready = True
        self._check()

    def _on_failed(self, kind, message):
        if kind in ("load", "image", "startup"):
            self._finish(message)

    def _check(self):
        if not self._done and self._tensorflow_ready and self.window.is_settled():
            self._grab_timer.start()

    def _grab_if_settled(self):
        if self._done or not self.window.is_settled():
            return
        from core import atomic

        QtWidgets.QApplication.processEvents()
        pixmap = self.window.grab()
        try:
            with atomic.atomic_path(self.path, suffix=".png") as temporary:
                if not pixmap.save(str(temporary), "PNG"):
                    raise OSError("Qt could not write the PNG")
        except OSError as error:
            self._finish(f"{self.path}: cannot save the screenshot ({error})")
            return
        log.info("screenshot saved to %s", self.path)
        self._finish("")

    def _on_timeout(self):
        self._finish(f"the view did not settle within {self._timeout.interval() // 1000} s")

    def _finish(self, error):
        if self._done:
            return
        self._done = True
        self.error = error
        self._timeout.stop()
        self.window.close()
        QtWidgets.QApplication.instance().quit()
