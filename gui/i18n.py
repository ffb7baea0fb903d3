"""UI languages through Qt's translation system.

Every visible string in `gui/` goes through `self.tr()` (or `QCoreApplication.translate` outside
a QObject); `.ts` sources and compiled `.qm` files live in `gui/translations/` as
`tonguelens_<code>.ts/.qm`. Installing a translator sends `QEvent.LanguageChange` to every
widget, and each widget sets its texts again in its `retranslate()` (see `gui.widgets.common`).
Class names are shown as the model stores them, never translated.
"""

from pathlib import Path

from PyQt5 import QtCore

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"

# (code, name in its own language); names are not translated on purpose.
LANGUAGES = (("en", "English"), ("zh_CN", "简体中文"))

_installed = []
_current = "en"  # The code in use, for the check mark of the language menu.


def system_language():
    """The UI language matching the system locale: "zh_CN" for any Chinese locale, else "en"."""
    name = QtCore.QLocale.system().name()
    return "zh_CN" if name.lower().startswith("zh") else "en"


def current_language():
    """The code of the language the UI shows now ("en" until another one is installed)."""
    return _current


def translation_file(code):
    """The compiled translation file of the app for `code` (it may not exist)."""
    return TRANSLATIONS_DIR / f"tonguelens_{code}.qm"


def install_language(app, code):
    """Switches the running app to the language `code` ("en", "zh_CN"; "" means the system's).

    Removes the previously installed translators first, so switching back to English works.
    Qt's own translations (standard buttons of dialogs) are loaded too when Qt ships them.

    Args:
        app: the `QApplication`.
        code: a language code from `LANGUAGES`, or "".

    Returns:
        The code now in use ("en" when no translation file was found).
    """
    global _current
    code = code or system_language()
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    _current = "en"
    if code == "en":
        return "en"
    loaded = False
    ours = QtCore.QTranslator(app)
    if ours.load(str(translation_file(code))):
        app.installTranslator(ours)
        _installed.append(ours)
        loaded = True
    qt_own = QtCore.QTranslator(app)
    qt_folder = QtCore.QLibraryInfo.location(QtCore.QLibraryInfo.TranslationsPath)
    if qt_own.load(f"qtbase_{code}", qt_folder):
        app.installTranslator(qt_own)
        _installed.append(qt_own)
    _current = code if loaded else "en"
    return _current
