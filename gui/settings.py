"""What the app remembers between runs: window geometry, recent models and folders, language, light calibrations.

Only that: user data (models, images) stays in the user's files. A version number resets
values written by an older layout.
"""

import json
import os
from pathlib import Path

from PyQt5 import QtCore

from gui import config

# Points the settings at another INI file (tests and `--screenshot` runs use it to stay
# out of the user's own settings).
SETTINGS_ENV = "TONGUELENS_SETTINGS"


class AppSettings:
    """A small typed wrapper over `QSettings`.

    Args:
        path: an INI file to use; default: `$TONGUELENS_SETTINGS`, else the platform's
            per-user location for TongueLens.
    """

    def __init__(self, path=None):
        path = path or os.environ.get(SETTINGS_ENV)
        if path:
            self._settings = QtCore.QSettings(str(path), QtCore.QSettings.IniFormat)
        else:
            self._settings = QtCore.QSettings(
                QtCore.QSettings.IniFormat, QtCore.QSettings.UserScope, config.ORGANIZATION, config.APP_NAME)
        self._reset_if_old()

    @property
    def file_name(self):
        """The file the settings are stored in."""
        return self._settings.fileName()

    def _reset_if_old(self):
        version = self._settings.value("version", 0, type=int)
        if version != config.SETTINGS_VERSION:
            self._settings.clear()
            self._settings.setValue("version", config.SETTINGS_VERSION)

    def geometry(self):
        """The saved window geometry (`QByteArray`), or None."""
        value = self._settings.value("window/geometry")
        return value if isinstance(value, QtCore.QByteArray) and not value.isEmpty() else None

    def window_state(self):
        """The saved splitter and toolbar state (`QByteArray`), or None."""
        value = self._settings.value("window/state")
        return value if isinstance(value, QtCore.QByteArray) and not value.isEmpty() else None

    def save_window(self, geometry, state):
        """Remembers the window geometry and state."""
        self._settings.setValue("window/geometry", geometry)
        self._settings.setValue("window/state", state)

    def splitter_state(self, name):
        """The saved state of the splitter called `name`, or None."""
        value = self._settings.value(f"splitters/{name}")
        return value if isinstance(value, QtCore.QByteArray) and not value.isEmpty() else None

    def save_splitter_state(self, name, state):
        """Remembers the state of the splitter called `name`."""
        self._settings.setValue(f"splitters/{name}", state)

    def recent(self, kind):
        """Recent paths of `kind` ("models" or "folders") that still exist, newest first."""
        values = self._settings.value(f"recent/{kind}", [], type=list) or []
        return [value for value in values if value and Path(value).exists()]

    def add_recent(self, kind, path):
        """Puts `path` first in the recent list of `kind`."""
        path = str(Path(path).resolve())
        values = [path] + [value for value in self.recent(kind) if value != path]
        self._settings.setValue(f"recent/{kind}", values[: config.MAX_RECENT])

    def clear_recent(self, kind):
        """Empties the recent list of `kind`."""
        self._settings.setValue(f"recent/{kind}", [])

    def language(self):
        """The chosen UI language code ("en", "zh_CN"), or "" for the system's."""
        return self._settings.value("language", "", type=str)

    def set_language(self, code):
        """Remembers the UI language."""
        self._settings.setValue("language", code)

    def last_folder(self):
        """The folder last used in a file dialog."""
        return self._settings.value("last_folder", str(Path.home()), type=str)

    def set_last_folder(self, folder):
        """Remembers the folder last used in a file dialog."""
        self._settings.setValue("last_folder", str(folder))

    def evaluation_folder(self):
        """The labelled folder a model was last evaluated on ("" before the first)."""
        return self._settings.value("evaluation_folder", "", type=str)

    def set_evaluation_folder(self, folder):
        """Remembers the labelled folder a model was evaluated on."""
        self._settings.setValue("evaluation_folder", str(folder))

    def light_calibration(self, model_path):
        """The light calibration last made for a model file (`Calibration.to_json()`), or None."""
        text = self._settings.value(_calibration_key(model_path), "", type=str)
        try:
            value = json.loads(text) if text else None
        except ValueError:
            return None
        return value if isinstance(value, dict) else None

    def set_light_calibration(self, model_path, value):
        """Remembers a model file's light calibration (a JSON-ready dict), or forgets it (None)."""
        if value is None:
            self._settings.remove(_calibration_key(model_path))
        else:
            self._settings.setValue(_calibration_key(model_path), json.dumps(value))

    def sync(self):
        """Writes pending changes to disk."""
        self._settings.sync()


def _calibration_key(model_path):
    # One key per model file; QSettings keys must not hold slashes of their own.
    return "calibration/" + str(Path(model_path).resolve()).replace("/", "|").replace("\\", "|")
