"""What the app remembers between sessions, and settings files it did not write itself.

Each "session" is a new `AppSettings` (and window) on the same INI file, as a restart is.
"""

import pytest
from PyQt5 import QtCore

pytestmark = pytest.mark.gui


def write_ini(path, text):
    """Writes a settings file as a user or another tool might have left it."""
    path.write_text(text, encoding="utf-8")
    return path


def test_an_unreadable_version_resets_the_settings_and_the_window_opens(qtbot, tmp_path):
    from gui import config
    from gui.main_window import MainWindow
    from gui.settings import AppSettings

    # version=abc made PyQt5's value(type=int) raise TypeError: the app did not start at all.
    path = write_ini(tmp_path / "settings.ini", "[General]\nversion=abc\nlanguage=zh_CN\n")
    settings = AppSettings(path)

    assert settings.language() == ""  # Reset, as an older layout is.
    settings.sync()
    assert f"version={config.SETTINGS_VERSION}\n" in path.read_text(encoding="utf-8")
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    assert window.isVisible()


def test_values_of_the_wrong_type_read_as_the_defaults(tmp_path):
    from pathlib import Path

    from gui import config
    from gui.settings import AppSettings

    path = write_ini(tmp_path / "settings.ini", (
        f"[General]\nversion={config.SETTINGS_VERSION}\nlanguage=en, zh_CN\nlast_folder=@Variant(\\0\\0\\0\\x2\\0\\0\\0*)\n"
        "evaluation_folder=a, b\n[window]\ngeometry=hello\n[splitters]\nmain=12\n"))
    settings = AppSettings(path)

    assert settings.language() == ""
    assert settings.last_folder() == str(Path.home())
    assert settings.evaluation_folder() == ""
    assert settings.geometry() is None and settings.splitter_state("main") is None
    assert settings.light_calibration(tmp_path / "model.keras") is None


@pytest.mark.parametrize("stored, expected", [("{model}", ["{model}"]), ("42", []), ("@Variant(\\0\\0\\0\\x2\\0\\0\\0*)", [])])
def test_a_recent_list_stored_as_one_bare_value_is_read_and_rewritten(qtbot, tmp_path, stored, expected):
    from gui import config
    from gui.settings import AppSettings
    from gui.widgets.recent_menu import RecentMenu

    model = tmp_path / "model.keras"
    model.write_bytes(b"")
    other = tmp_path / "other.keras"
    other.write_bytes(b"")
    path = write_ini(tmp_path / "settings.ini", (
        f"[General]\nversion={config.SETTINGS_VERSION}\n[recent]\nmodels={stored.format(model=model)}\n"))
    settings = AppSettings(path)
    expected = [entry.format(model=model) for entry in expected]

    # A single path (no comma) raised TypeError in recent(), at every model load and menu opening.
    assert settings.recent("models") == expected
    menu = RecentMenu(settings, "models", lambda chosen: None)
    qtbot.addWidget(menu)
    menu.fill()
    entries = [action for action in menu.actions()
               if action.isEnabled() and not action.isSeparator() and action is not menu.clear_action]
    assert len(entries) == len(expected)
    settings.add_recent("models", other)
    settings.sync()
    assert AppSettings(path).recent("models") == [str(other.resolve())] + expected


def test_a_damaged_splitter_state_leaves_the_default_layout(qtbot, tmp_path):
    from gui import config
    from gui.main_window import MainWindow
    from gui.settings import AppSettings

    # A truncated state: restoreState took it, set the orientation to 0 and stacked the panes.
    damaged = "\\0\\0\\0\\xff\\0\\0\\0\\x1\\0\\0\\0\\x2\\0\\0\\0\\0\\0\\0\\0\\0"
    path = write_ini(tmp_path / "settings.ini", (
        f"[General]\nversion={config.SETTINGS_VERSION}\n[splitters]\nmain=@ByteArray({damaged})\n"
        f"inspect=@ByteArray({damaged})\n"))
    settings = AppSettings(path)
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()

    assert window.main_splitter.orientation() == QtCore.Qt.Horizontal
    assert window.inspect_panel.orientation() == QtCore.Qt.Vertical
    assert all(size > 0 for size in window.main_splitter.sizes() + window.inspect_panel.sizes())
    window.close()  # The default layout is saved, not the damaged one again.
    again = MainWindow(AppSettings(path))
    qtbot.addWidget(again)
    assert again.main_splitter.orientation() == QtCore.Qt.Horizontal
    assert again.main_splitter.sizes()[0] > 0
    again.grab().save(str(tmp_path / "layout.png"))
    again.shutdown()
