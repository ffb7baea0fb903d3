"""The photo report's page: pictures keep their shape, and its words come in the language asked for."""

import re

import numpy as np

from core.messages import Message
from core.photo_report import AttributeReading, PhotoReading, build_html


def _reading(photo_shape=(300, 200, 3)):
    gradcam = np.zeros((192, 192, 3), np.uint8)
    return PhotoReading(photo_path="photos/wide.jpg", photo=np.zeros(photo_shape, np.uint8), model_name="m.keras",
                        arch="vgg-mini", attributes=[AttributeReading("tone", [("warm", 0.9), ("cool", 0.1)], gradcam)],
                        trained=Message("report.training_photos", count=12))


def test_every_picture_is_given_both_sides_in_proportion():
    # Qt's PDF engine keeps an image's natural height when only its width is given: the maps were squashed.
    sizes = [(int(width), int(height)) for width, height in
             re.findall(r'<img [^>]*width="(\d+)" height="(\d+)"', build_html(_reading()))]
    assert sizes == [(240, 360), (110, 110)]  # The photo is 200 wide and 300 tall; the map is square.


def test_the_page_words_are_written_by_the_localize_function_given():
    english = build_html(_reading())
    assert "<b>Trained:</b> 12 training photos" in english and "<th>reading (probability)</th>" in english
    shouted = build_html(_reading(), localize=lambda message: str(message).upper())
    assert "<b>TRAINED:</b> 12 TRAINING PHOTOS" in shouted and "<th>READING (PROBABILITY)</th>" in shouted
    assert "<b>LIGHT:</b> AS PHOTOGRAPHED (NOT CALIBRATED)" in shouted and "warm" in shouted  # Names as they are.
