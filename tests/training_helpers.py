"""Shared helpers of the training, dataset, evaluate and classify tests (no tests in here).

Data are small generated images: each class is a colour with noise, so a tiny network
separates them in a few epochs.
"""

from pathlib import Path

import numpy as np
from PIL import Image

# A tiny network: two small convolutions, trains in a second per epoch on 32x32 images.
TINY_ARCH = "INPUT -> CONV(K=8) -> RELU -> POOL -> CONV(K=16) -> RELU -> POOL -> FC"

COLOURS = {"red": (210, 40, 40), "蓝色 blue": (40, 40, 210)}


def write_colour_images(root, colours=None, per_class=24, size=32, seed=0, nested=False, formats=("png",)):
    """Writes `per_class` noisy images of each colour into `root/<class>/`.

    Args:
        root: the data folder to create.
        colours: {class name: (r, g, b)}; defaults to a red and a Chinese-named blue class.
        per_class: images per class.
        size: image side.
        seed: noise seed.
        nested: put every other image in a sub-folder of its class.
        formats: file formats to cycle through (png, jpg, bmp, tif, webp, gif).

    Returns:
        {class name: [paths]}.
    """
    colours = colours or COLOURS
    rng = np.random.default_rng(seed)
    written = {}
    for name, colour in colours.items():
        folder = Path(root) / name
        folder.mkdir(parents=True, exist_ok=True)
        written[name] = []
        for index in range(per_class):
            pixels = np.clip(np.asarray(colour) + rng.normal(0, 35, (size, size, 3)), 0, 255).astype(np.uint8)
            extension = formats[index % len(formats)]
            target = folder / "子目录" if nested and index % 2 else folder
            target.mkdir(exist_ok=True)
            path = target / f"照片_{index:03d}.{extension}"
            Image.fromarray(pixels).save(path)
            written[name].append(path)
    return written


def train_tiny(data_dir, out_dir, **overrides):
    """Trains `TINY_ARCH` on 32x32 inputs with small settings; returns the `TrainResult`."""
    from training.trainer import TrainConfig, train

    callback = overrides.pop("callback", None)
    should_stop = overrides.pop("should_stop", None)
    build_fn = overrides.pop("build_fn", None)
    settings = dict(arch=TINY_ARCH, image_size=32, epochs=4, batch_size=8, augment=False, out_dir=str(out_dir),
                    colour="none")
    settings.update(overrides)
    return train(TrainConfig(str(data_dir), **settings), callback=callback, should_stop=should_stop,
                 build_fn=build_fn)
