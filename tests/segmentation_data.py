"""Synthetic tongue photos with their masks, drawn by the tests (a pink ellipse on noise, lips around it)."""

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
