"""What the app remembers between runs: window geometry, the last model, recent models and folders, language,
light calibrations, the view's switches and the Train dialog's setup.

Only that: user data (models, images) stays in the user's files. A version number resets
values written by an older layout.
"""

import json
import math
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

    def _value(self, key, default):
        """The value of `key` as the type of `default`; `default` when it is missing or of another type.

        PyQt5's `QSettings.value(key, default, type=...)` raises `TypeError` on a value it cannot
        convert (a hand-edited file, another tool's), which stopped the app at every start.
        """
        return typed(self._settings.value(key), default)

    def _reset_if_old(self):
        if self._value("version", 0) != config.SETTINGS_VERSION:  # An unreadable version counts as old.
            self._settings.clear()
            self._settings.setValue("version", config.SETTINGS_VERSION)

    def geometry(self):
        """The saved window geometry (`QByteArray`), or None."""
        value = self._value("window/geometry", QtCore.QByteArray())
        return None if value.isEmpty() else value

    def window_state(self):
        """The saved splitter and toolbar state (`QByteArray`), or None."""
        value = self._value("window/state", QtCore.QByteArray())
        return None if value.isEmpty() else value

    def save_window(self, geometry, state):
        """Remembers the window geometry and state."""
        self._settings.setValue("window/geometry", geometry)
        self._settings.setValue("window/state", state)

    def splitter_state(self, name):
        """The saved state of the splitter called `name`, or None."""
        value = self._value(f"splitters/{name}", QtCore.QByteArray())
        return None if value.isEmpty() else value

    def save_splitter_state(self, name, state):
        """Remembers the state of the splitter called `name`."""
        self._settings.setValue(f"splitters/{name}", state)

    def forget_layout(self):
        """Forgets the window geometry, the splitters and the view's switches (View > Reset Window Layout)."""
        for group in ("window", "splitters", "view"):
            self._settings.remove(group)

    def group_values(self, group, defaults):
        """The values remembered under `group`, each read as the type of its default in `defaults`.

        Args:
            group: the settings group ("view", "train").
            defaults: {name: default}; a name missing, or stored as another type, reads as its default.

        Returns:
            {name: value} for every name of `defaults`.
        """
        return {name: self._value(f"{group}/{name}", default) for name, default in defaults.items()}

    def set_group_values(self, group, values):
        """Remembers {name: value} under `group` (read back with `group_values`)."""
        for name, value in values.items():
            self._settings.setValue(f"{group}/{name}", value)

    def recent(self, kind):
        """Recent paths of `kind` ("models", "photos" or "folders") that still exist, newest first.

        A list stored as one bare path reads as that path alone, any other value as none; the
        next `add_recent` writes the list back as a list.
        """
        values = self._value(f"recent/{kind}", [])
        return [value for value in values if value and Path(value).exists()]

    def add_recent(self, kind, path):
        """Puts `path` first in the recent list of `kind`."""
        path = str(Path(path).resolve())
        values = [path] + [value for value in self.recent(kind) if value != path]
        self._settings.setValue(f"recent/{kind}", values[: config.MAX_RECENT])

    def clear_recent(self, kind):
        """Empties the recent list of `kind`."""
        self._settings.setValue(f"recent/{kind}", [])

    def last_model(self):
        """The model file the user opened last ("" before the first; the demo loaded at start is not one)."""
        return self._value("last_model", "")

    def set_last_model(self, path):
        """Remembers the model file the user opened, to open it again at the next start."""
        self._settings.setValue("last_model", str(Path(path).resolve()))

    def language(self):
        """The chosen UI language code ("en", "zh_CN"), or "" for the system's."""
        return self._value("language", "")

    def set_language(self, code):
        """Remembers the UI language."""
        self._settings.setValue("language", code)

    def last_folder(self):
        """The folder last used in a file dialog."""
        return self._value("last_folder", str(Path.home()))

    def set_last_folder(self, folder):
        """Remembers the folder last used in a file dialog."""
        self._settings.setValue("last_folder", str(folder))

    def evaluation_folder(self):
        """The labelled folder a model was last evaluated on ("" before the first)."""
        return self._value("evaluation_folder", "")

    def set_evaluation_folder(self, folder):
        """Remembers the labelled folder a model was evaluated on."""
        self._settings.setValue("evaluation_folder", str(folder))

    def light_calibration(self, model_path):
        """The light calibration last made for a model file (`Calibration.to_json()`), or None."""
        text = self._value(_calibration_key(model_path), "")
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


def typed(value, default):
    """`value` as read from the INI file, converted to the type of `default`, else `default`.

    An INI file holds text: numbers and booleans come back as strings ("5", "true"), a list of one
    item as that item alone, a list written by Qt as a list. A list reads as its strings (one
    bare string as a one-element list); a value of any other type reads as `default`.
    """
    if value is None:
        return default
    if isinstance(default, bool):
        return _as_bool(value, default)
    if isinstance(default, (int, float)):
        return _as_number(value, type(default), default)
    if isinstance(default, str):
        return value if isinstance(value, str) else default
    if isinstance(default, list):
        return _as_list(value, default)
    return value if isinstance(value, type(default)) else default  # A QByteArray (window geometry), say.


def _as_bool(value, default):
    if isinstance(value, bool):
        return value
    text = value.strip().lower() if isinstance(value, str) else ""
    return {"true": True, "1": True, "false": False, "0": False}.get(text, default)


def _as_number(value, kind, default):
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return default
    try:
        number = kind(value.strip() if isinstance(value, str) else value)
    except (ValueError, OverflowError):
        return default
    return number if math.isfinite(number) else default


def _as_list(value, default):
    if isinstance(value, str):
        return [value] if value else []  # One path alone, as a hand-edited or another tool's file has it.
    if isinstance(value, (list, tuple)):
        return [item for item in value if isinstance(item, str)]
    return default


def _calibration_key(model_path):
    # One key per model file; QSettings keys must not hold slashes of their own.
    return "calibration/" + str(Path(model_path).resolve()).replace("/", "|").replace("\\", "|")
