"""The core's messages in the app's language.

The core (`core/`, `training/`, `inspection/`) has no Qt and speaks in `core.messages.Message`s:
a key of `core.messages.CATALOGUE`, the values it names, and its English text (a `Message` is a
`str`, which is also the command line's voice). `localize` gives Qt's translation of the key's
template, filled with the same values. The templates are extracted from `core/messages.py` by
`scripts/update_translations.sh` into the `.ts` files beside the widgets' strings, in the
"CoreMessages" context; `tests/test_gui_core_text.py` lists every key left untranslated.
"""

from PyQt5.QtCore import QCoreApplication

from core.messages import CATALOGUE, CONTEXT, Message


def localize(message):
    """Returns a message of the core in the app's language.

    Args:
        message: a `core.messages.Message`; an exception that carries one as its `message`
            attribute (`core.images.ImageError`, `training.dataset.DatasetError`, ...); or
            anything else, which is shown as its `str()` (text that is not a core message,
            such as a file name or an error from a library, stays as it is).
    """
    carried = getattr(message, "message", None)
    if not isinstance(message, Message) and isinstance(carried, Message):
        message = carried
    if not isinstance(message, Message):
        return str(message)
    # `translate` is thread-safe, and returns the template itself when no translation is installed.
    template = QCoreApplication.translate(CONTEXT, CATALOGUE[message.key])
    return template.format(**{name: localize(value) if isinstance(value, Message) else value
                              for name, value in message.values.items()})
