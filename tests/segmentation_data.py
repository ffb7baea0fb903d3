"""Synthetic tongue photos with their masks, drawn by the tests (a pink ellipse on noise, lips around it),
and a hand-weighted segmenter that finds exactly those tongues."""

import json

import numpy as np
from PIL import Image, ImageDraw


def tongue_photo(rng, size=(48, 64)):
    """Draws one photo and its mask.

    Args:
        rng: a `numpy.random.Generator`.
        size: (height, width).

    Returns:
        (RGB Pillow photo, bool mask of the same size, the ellipse's box (left, top, right, bottom)).
    """
    height, width = size
    noise = rng.integers(40, 120, size=(height, width, 3), dtype=np.uint8)
    photo = Image.fromarray(noise, "RGB")
    draw = ImageDraw.Draw(photo)
    box_width, box_height = rng.uniform(0.35, 0.55) * width, rng.uniform(0.45, 0.7) * height
    left = rng.uniform(0.1, 0.9) * (width - box_width)
    top = rng.uniform(0.1, 0.9) * (height - box_height)
    box = (left, top, left + box_width, top + box_height)
    lips = (box[0] - 3, box[1] - 3, box[2] + 3, box[1] + box_height * 0.3)
    draw.ellipse(lips, fill=(150, 40, 50))  # Darker red lips above the tongue, partly outside the mask.
    pink = (int(rng.integers(200, 240)), int(rng.integers(110, 150)), int(rng.integers(130, 170)))
    draw.ellipse(box, fill=pink)
    mask_image = Image.new("L", (width, height), 0)
    ImageDraw.Draw(mask_image).ellipse(box, fill=255)
    return photo, np.asarray(mask_image) > 0, tuple(int(round(value)) for value in box)


def red_segmenter(path, size=(48, 64)):
    """Saves a segmenter of one 1x1 convolution: a pixel is tongue when its red value is at least 0.7 of 255.

    The drawn photos' tongues are pink (red 200-240) on noise and lips whose red stays below that,
    so on a photo of the model's own size its mask is exactly the drawn ellipse.

    Returns:
        `path`.
    """
    import keras

    from core import modelfile, segmenter as segmenters

    inputs = keras.Input(tuple(size) + (3,), name="input")
    x = keras.layers.Rescaling(1 / 255, name="rescaling")(inputs)
    outputs = keras.layers.Conv2D(1, 1, activation="sigmoid", name="mask")(x)
    model = keras.Model(inputs, outputs, name="red_segmenter")
    model.get_layer("mask").set_weights([np.array([40.0, 0.0, 0.0]).reshape(1, 1, 3, 1), np.array([-28.0])])
    modelfile.save_model(model, path, segmenters.segmenter_info(tuple(size) + (3,), "red"))
    return path


def write_pairs(folder, count, size=(48, 64), seed=0, mask_suffix=".png"):
    """Writes `folder/images/tongue_NN.jpg` and `folder/masks/tongue_NN<mask_suffix>` (0/255 masks).

    Returns:
        {photo stem: bool mask}.
    """
    rng = np.random.default_rng(seed)
    (folder / "images").mkdir(parents=True, exist_ok=True)
    (folder / "masks").mkdir(parents=True, exist_ok=True)
    truths = {}
    for index in range(count):
        photo, mask, _ = tongue_photo(rng, size)
        stem = f"tongue_{index:02d}"
        photo.save(folder / "images" / f"{stem}.jpg", quality=92)
        Image.fromarray(np.where(mask, 255, 0).astype(np.uint8), "L").save(folder / "masks" / f"{stem}{mask_suffix}")
        truths[stem] = mask
    return truths


def write_labelme(path, shapes, size):
    """Writes a labelme file with `shapes` = [(label, [(x, y), ...])] for a photo of `size` = (height, width)."""
    height, width = size
    data = {"version": "5.2.1", "flags": {}, "imagePath": path.with_suffix(".jpg").name, "imageData": None,
            "imageHeight": height, "imageWidth": width,
            "shapes": [{"label": label, "points": [list(point) for point in points], "group_id": None,
                        "shape_type": "polygon", "flags": {}} for label, points in shapes]}
    path.write_text(json.dumps(data), encoding="utf-8")


# Colours of `crop_test_photo`: a purple tongue (tongue to `red_segmenter`: red at least 0.7 of 255,
# bluer than red) on a red background (below that red), so a colour classifier says "blue" for the
# tongue and "red" for the whole photo.
TONGUE_PURPLE = (205, 40, 250)
BACKGROUND_RED = (165, 45, 25)


def crop_test_photo(path, size=(96, 128), seed=0, tongue=True):
    """Writes a PNG of a purple tongue (an ellipse, a third of the photo) on a red background.

    Returns:
        (path, the ellipse's bool mask).
    """
    rng = np.random.default_rng(seed)
    height, width = size
    pixels = np.clip(np.array(BACKGROUND_RED, np.float32) + rng.normal(0, 4, (height, width, 3)), 0, 255)
    photo = Image.fromarray(pixels.astype(np.uint8), "RGB")
    mask_image = Image.new("L", (width, height), 0)
    if tongue:
        box = (width * 0.3, height * 0.2, width * 0.75, height * 0.85)
        ImageDraw.Draw(photo).ellipse(box, fill=TONGUE_PURPLE)
        ImageDraw.Draw(mask_image).ellipse(box, fill=255)
    photo.save(path)
    return path, np.asarray(mask_image) > 0
