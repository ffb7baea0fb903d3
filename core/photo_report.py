"""A one-page report of one photo: each attribute's reading, its Grad-CAM, the model and its figures.

    html = build_html(reading)                      # self-contained: images inline as base64 PNG
    html, images = build_html(reading, inline=False)  # images by name, for `core.pdf.write_pdf`

The reading (`PhotoReading`) is made by `inspection.photo_reading.read_photo`; this module only
lays it out, in plain HTML 4 with a little CSS that both browsers and Qt's rich-text engine (which
prints the PDF) understand. Pure Python: no TensorFlow, no Qt.
"""

import base64
import dataclasses
import datetime
import html
import io

import numpy as np
from PIL import Image

from core.messages import Message

NOT_A_DEVICE = ("Not a medical device. This reading comes from a model trained on example photos; it is a "
                "research and teaching tool, not a diagnosis. A model is only as good as the photos and labels it "
                "was trained on.")
NOT_A_DEVICE_ZH = "非医疗器械。本结果由在示例照片上训练的模型给出，仅供研究与教学，不能作为诊断依据。"
FONT_FAMILY = "'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif"


@dataclasses.dataclass
class AttributeReading:
    """One head's reading of the photo.

    Attributes:
        name: the attribute's name (None for a one-output model).
        top: [(class name, probability)], best first.
        gradcam: uint8 RGB picture of the Grad-CAM of the top class over the photo, or None.
        gradcam_note: why there is no Grad-CAM, or which layer it looks at.
        val_accuracy: the head's validation accuracy when the model was trained, or None.
        val_images: the photos that accuracy was measured on, or None.
    """

    name: str
    top: list
    gradcam: object = None
    gradcam_note: str = ""
    val_accuracy: float = None
    val_images: int = None


@dataclasses.dataclass
class PhotoReading:
    """Everything the report shows.

    Attributes:
        photo_path: the photo's file.
        photo: uint8 RGB picture of the photo (a display size).
        model_name: the model file's name.
        arch: the model's architecture.
        attributes: an `AttributeReading` per head.
        trained: one line on how the model was trained (data, epochs), or "".
        light: how the photo's light was corrected before the model: a light calibration's
            sentence (`core.calibration.Calibration.describe`), or "" (as photographed).
        light_warning: why the colour reading may be unreliable when the photo's light is far
            from the training photos' (`core.lighting`), or "".
        created: when the report was made (ISO text).
    """

    photo_path: str
    photo: object
    model_name: str
    arch: str
    attributes: list
    trained: str = ""
    light: str = ""
    light_warning: str = ""
    created: str = dataclasses.field(default_factory=lambda: datetime.datetime.now().strftime("%Y-%m-%d %H:%M"))


def png_bytes(picture):
    """A uint8 RGB (or gray) array as PNG bytes."""
    buffer = io.BytesIO()
    Image.fromarray(np.asarray(picture, dtype=np.uint8)).save(buffer, format="PNG")
    return buffer.getvalue()


def build_html(reading, inline=True, localize=str):
    """Lays a `PhotoReading` out as one HTML page.

    Args:
        reading: the `PhotoReading`.
        inline: embed every picture as a base64 `data:` PNG (a self-contained file); else
            name them (`photo.png`, `gradcam_<n>.png`) and return their bytes as well.
        localize: writes a `core.messages.Message` (the page's words and sentences) in the
            report's language: `str` for English, `gui.core_text.localize` for the app's.

    Returns:
        The HTML text; with `inline=False`, (HTML text, {name: PNG bytes}).
    """
    images = {}

    def text(value):
        return html.escape(localize(value) if isinstance(value, Message) else str(value))

    def image(name, picture, width):
        data = png_bytes(picture)
        images[name] = data
        source = f"data:image/png;base64,{base64.b64encode(data).decode('ascii')}" if inline else name
        rows, columns = np.asarray(picture).shape[:2]
        height = max(1, round(width * rows / columns))  # Given: Qt's PDF engine keeps the natural height.
        return f'<img src="{source}" width="{width}" height="{height}" alt="{html.escape(name)}">'

    rows = [_attribute_row(index, attribute, image, text)
            for index, attribute in enumerate(reading.attributes, start=1)]
    words = {  # The page's own words.
        "photo_word": Message("report.photo"), "model_word": Message("report.model"),
        "trained_word": Message("report.trained"), "light_word": Message("report.light"),
        "made_word": Message("report.made"), "readings_word": Message("report.readings"),
        "attribute_word": Message("report.attribute"), "reading_word": Message("report.reading"),
        "validation_word": Message("report.validation"), "gradcam_word": Message("report.gradcam"),
        "gradcam_key_word": Message("report.gradcam_key")}
    page = _PAGE.format(
        font=FONT_FAMILY, title=html.escape(f"TongueLens: {_file_name(reading.photo_path)}"),
        photo=image("photo.png", reading.photo, 240), path=html.escape(str(reading.photo_path)),
        model=html.escape(reading.model_name), arch=html.escape(reading.arch or "-"),
        trained=text(reading.trained or "-"), created=html.escape(reading.created),
        light=text(reading.light or Message("report.as_photographed")),
        light_warning=f'\n<p class="warn">{text(reading.light_warning)}</p>' if reading.light_warning else "",
        rows="\n".join(rows), note=html.escape(NOT_A_DEVICE), note_zh=html.escape(NOT_A_DEVICE_ZH),
        **{key: text(word) for key, word in words.items()})
    return page if inline else (page, images)


def _attribute_row(index, attribute, image, text):
    name = html.escape(attribute.name) if attribute.name is not None else text(Message("report.class"))
    label, probability = attribute.top[0]
    others = ", ".join(f"{html.escape(other)} {p:.1%}" for other, p in attribute.top[1:])
    figures = "-"
    if attribute.val_accuracy is not None:
        figures = f"{attribute.val_accuracy:.1%}"
        if attribute.val_images:
            figures = text(Message("report.on_photos", accuracy=figures, count=attribute.val_images))
    picture = (image(f"gradcam_{index}.png", attribute.gradcam, 110) if attribute.gradcam is not None
               else text(attribute.gradcam_note or Message("report.no_gradcam")))
    return (f"<tr><td><b>{name}</b></td><td><span class=\"reading\">{html.escape(label)}</span> {probability:.1%}"
            f"<br><span class=\"small\">{others}</span></td><td>{figures}</td><td>{picture}</td></tr>")


def _file_name(path):
    return str(path).replace("\\", "/").rsplit("/", 1)[-1]


_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: {font}; font-size: 10pt; color: #222; }}
h1 {{ font-size: 15pt; margin-bottom: 2pt; }}
table.readings {{ border-collapse: collapse; width: 100%; }}
table.readings td, table.readings th {{ border: 1px solid #bbb; padding: 4px; vertical-align: top; }}
table.readings th {{ background: #eee; text-align: left; }}
.reading {{ font-size: 12pt; font-weight: bold; }}
.small {{ font-size: 8pt; color: #555; }}
.note {{ border: 1px solid #c33; background: #fff4f4; padding: 6px; font-size: 9pt; }}
.warn {{ color: #8a5300; font-weight: bold; }}
</style></head>
<body>
<h1>{title}</h1>
<table><tr><td>{photo}</td><td style="padding-left: 12px">
<p><b>{photo_word}</b> {path}</p>
<p><b>{model_word}</b> {model} ({arch})</p>
<p><b>{trained_word}</b> {trained}</p>
<p><b>{light_word}</b> {light}</p>{light_warning}
<p><b>{made_word}</b> {created}</p>
</td></tr></table>
<h2 style="font-size: 12pt">{readings_word}</h2>
<table class="readings" cellspacing="0" cellpadding="4">
<tr><th>{attribute_word}</th><th>{reading_word}</th><th>{validation_word}</th><th>{gradcam_word}</th></tr>
{rows}
</table>
<p class="small">{gradcam_key_word}</p>
<p class="note"><b>{note}</b><br>{note_zh}</p>
</body></html>
"""
