"""A clinic for light-calibration tests: a model that reads absolute colour, and photos under three lamps."""

import numpy as np
from PIL import Image

from core import lighting, modelfile


def redder_than_blue_model():
    """A hand-weighted model: class `warmish` when the red mean exceeds the blue mean, else `coolish`."""
    import keras

    inputs = keras.Input((16, 16, 3), name="input")
    x = keras.layers.Rescaling(1.0 / 255, name="rescaling")(inputs)
    x = keras.layers.GlobalAveragePooling2D(name="gap")(x)
    outputs = keras.layers.Dense(2, activation="softmax", name="predictions")(x)
    model = keras.Model(inputs, outputs)
    kernel = np.zeros((3, 2), dtype="float32")
    kernel[0] = (-100.0, 100.0)  # Outputs: coolish, warmish.
    kernel[2] = (100.0, -100.0)
    model.get_layer("predictions").set_weights([kernel, np.zeros(2, dtype="float32")])
    return model


def class_photos(count, seed):
    """Photos whose class is in their absolute colour: red 10 levels above blue, or below (no reference)."""
    rng = np.random.default_rng(seed)
    photos = {}
    for name, sign in (("warmish", 1), ("coolish", -1)):
        grey = rng.uniform(100, 140, size=(count, 1, 1, 1))
        colour = grey + np.asarray([5 * sign, 0, -5 * sign])
        photos[name] = np.clip(colour + rng.normal(0, 2, size=(count, 16, 16, 3)), 0, 255).astype(np.uint8)
    return photos


def save_folder(root, photos, light=None):
    """Saves {class: photos} as ROOT/<class>/<n>.png, re-lit by the named `light` if given; returns ROOT."""
    for name, images in photos.items():
        (root / name).mkdir(parents=True)
        for index, image in enumerate(images):
            pixels = image if light is None else lighting.relight_named(image, light)
            Image.fromarray(pixels).save(root / name / f"{index}.png")
    return root


def make_clinic(root):
    """A model that reads absolute colour, saved with its training photos' lighting profile, and folders."""
    training = class_photos(20, seed=0)
    path = root / "model.keras"
    profile = lighting.lighting_profile(np.concatenate(list(training.values())))
    modelfile.save_model(redder_than_blue_model(), path, modelfile.ModelInfo(
        ["coolish", "warmish"], (16, 16, 3), training={"colour": "none", "lighting": profile}))
    later = class_photos(8, seed=1)  # Other patients, photographed later.
    return {"model": path, "plain": save_folder(root / "plain", later),
            "warm": save_folder(root / "warm", later, "warm"), "cool": save_folder(root / "cool", later, "cool")}


def one_column_table(folder):
    """A labels table of a folder laid out by class, `class/photo.png,class` under one attribute, "tone";
    returns its path, beside the folder."""
    rows = ["image,tone"] + [f"{path.parent.name}/{path.name},{path.parent.name}"
                             for path in sorted(folder.glob("*/*.png"))]
    table = folder.parent / f"{folder.name}.csv"
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return table
