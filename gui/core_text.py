"""The core's messages in the app's language.

The core (`core/`, `training/`) has no Qt and writes English: it is also the command line's
voice. The app shows its messages (a file's error, the trainer's progress lines, the scan's
warnings) through `localize`, which recognises each one by its English template and gives Qt's
translation of that template with the same values. Templates are marked with
`QT_TRANSLATE_NOOP`, so `scripts/update_translations.sh` extracts them into the `.ts` files
beside the widgets' strings; a message with no template here is shown as the core wrote it.
"""

import functools
import re

from PyQt5.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "CoreMessages"

# English templates, exactly as the core writes them; "{name}" stands for a value that is kept.
# A message "<path>: <reason>" is matched by its reason's template.
TEMPLATES = (
    # core/images.py: why a file is not a usable image.
    QT_TRANSLATE_NOOP("CoreMessages", "file not found"),
    QT_TRANSLATE_NOOP("CoreMessages", "permission denied"),
    QT_TRANSLATE_NOOP("CoreMessages", "image too large, refused as a possible decompression bomb ({detail})"),
    QT_TRANSLATE_NOOP("CoreMessages", "cannot read file ({detail})"),
    QT_TRANSLATE_NOOP("CoreMessages", "cannot decode image ({detail})"),
    QT_TRANSLATE_NOOP("CoreMessages", "broken symbolic link (points to {target}, which does not exist)"),
    QT_TRANSLATE_NOOP("CoreMessages", "symbolic link loop (the link points back to itself)"),
    QT_TRANSLATE_NOOP("CoreMessages", "is a folder, not an image file"),
    QT_TRANSLATE_NOOP("CoreMessages", "not a regular file (a named pipe, socket or device), not an image file"),
    QT_TRANSLATE_NOOP("CoreMessages", "empty file (0 bytes)"),
    QT_TRANSLATE_NOOP("CoreMessages", "not an image: the file is an HTML page"),
    QT_TRANSLATE_NOOP("CoreMessages", "HEIC/HEIF image, not supported: convert it to JPEG or PNG"),
    QT_TRANSLATE_NOOP("CoreMessages", "not an image file Pillow can read (unknown format)"),
    # training/dataset.py: files left out and warnings of a folder scan.
    QT_TRANSLATE_NOOP("CoreMessages", "is a folder named like an image, not an image file"),
    QT_TRANSLATE_NOOP("CoreMessages", "not an image type TongueLens reads ({suffix}); accepted: {accepted}"),
    QT_TRANSLATE_NOOP("CoreMessages", "cannot read the folder ({detail}); skipped"),
    QT_TRANSLATE_NOOP("CoreMessages", "class folder has no usable image; class '{name}' is left out"),
    QT_TRANSLATE_NOOP("CoreMessages",
                      "{count} image file(s) lie directly in the data folder, not in a class folder; ignored"),
    QT_TRANSLATE_NOOP("CoreMessages", "the same image is in classes {classes}: {paths}"),
    QT_TRANSLATE_NOOP("CoreMessages", "{size} is smaller than the input size {input}; upscaled"),
    QT_TRANSLATE_NOOP("CoreMessages",
                      "{count} images are smaller than the input size {input} and are upscaled, e.g. {examples}"),
    # training/trainer.py: progress lines and warnings of a run.
    QT_TRANSLATE_NOOP("CoreMessages", "checking the images in {folder}"),
    QT_TRANSLATE_NOOP("CoreMessages", "checking images"),
    QT_TRANSLATE_NOOP("CoreMessages", "building the model"),
    QT_TRANSLATE_NOOP("CoreMessages", "computing in {precision} (faster on this CPU); the saved model will be float32"),
    QT_TRANSLATE_NOOP("CoreMessages", "evaluating the best model on the validation images"),
    QT_TRANSLATE_NOOP("CoreMessages", "training stopped: the loss became NaN (try a lower --lr)"),
    QT_TRANSLATE_NOOP("CoreMessages", "class folder '{name}' is not a training class; ignored"),
)

_FIELD = re.compile(r"\{(\w+)\}")


def localize(text):
    """Returns `text`, a message of the core, in the app's language (unchanged when unknown).

    Args:
        text: the message as the core wrote it, e.g. "photo.jpg: file not found".
    """
    text = str(text)
    translated = _translate_whole(text)
    if translated is not None:
        return translated
    # "<path>: <reason>": a path may itself hold ": ", so try each split from the left.
    for match in re.finditer(": ", text):
        translated = _translate_whole(text[match.end():])
        if translated is not None:
            return text[:match.end()] + translated
    return text


def _translate_whole(text):
    for template, pattern in _patterns():
        match = pattern.fullmatch(text)
        if match:
            return QCoreApplication.translate(CONTEXT, template).format(**match.groupdict())
    return None


@functools.lru_cache(maxsize=1)
def _patterns():
    """(template, compiled pattern) pairs; a field matches any text, as little as it can."""
    compiled = []
    for template in TEMPLATES:
        parts, position = [], 0
        for field in _FIELD.finditer(template):
            parts.append(re.escape(template[position:field.start()]))
            parts.append(f"(?P<{field.group(1)}>.+?)")
            position = field.end()
        parts.append(re.escape(template[position:]))
        compiled.append((template, re.compile("".join(parts), re.DOTALL)))
    return tuple(compiled)
