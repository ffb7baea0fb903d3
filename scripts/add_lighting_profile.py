#!/usr/bin/env python3
"""Adds a lighting profile to a model file trained before model files kept one (the bundled demo).

    .venv/bin/python scripts/add_lighting_profile.py MODEL.keras PHOTOS_DIR [--note TEXT]

The lighting check (`core.lighting`) and light calibration (`core.calibration`) read the
training photos' lighting profile from the model file; `train` has kept one since issue 13. For
a file made before, this measures the profile on PHOTOS_DIR (the training photos, read at the
model's input size as training reads them), writes it into the file's metadata with a note of
where it came from, and saves the file again with the same weights (atomically; the new file is
checked to give the same probabilities first). For the demo, PHOTOS_DIR is its training pictures
drawn again: `synth --task attributes --per-class 300 --size 96 --seed 0 --blank 0.2`.
"""

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core import images, lighting, modelfile  # noqa: E402
from core.imagefiles import images_to_classify  # noqa: E402


def add_profile(model_path, photos_dir, note):
    """Writes the profile of `photos_dir` into `model_path`; returns the profile."""
    import numpy as np

    loaded = modelfile.load_model(model_path)
    paths, _ = images_to_classify(photos_dir)
    size = loaded.info.image_size
    photos = np.stack([images.resize_array(images.load_rgb(path), size) for path in paths])
    profile = lighting.lighting_profile(photos)
    if profile is None:
        raise SystemExit(f"{photos_dir}: too few photos for a profile ({len(paths)})")
    profile["measured"] = note
    check = np.random.default_rng(0).uniform(0, 255, (4,) + tuple(loaded.info.input_shape)).astype("float32")
    before = _outputs(loaded.model, check)
    loaded.info.training = dict(loaded.info.training or {}, lighting=profile)
    modelfile.save_model(loaded.model, model_path, loaded.info)
    after = _outputs(modelfile.load_model(model_path).model, check)
    if not all(np.array_equal(one, two) for one, two in zip(before, after)):
        raise SystemExit(f"{model_path}: the re-saved file answers differently")
    return profile


def _outputs(model, batch):
    """Every output of the model (one per head), as arrays."""
    import keras
    import numpy as np

    return [np.asarray(output) for output in keras.tree.flatten(model(batch))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", help="the model file, changed in place")
    parser.add_argument("photos", help="the training photos (a folder)")
    parser.add_argument("--note", default="measured afterwards on the training photos",
                        help="where the profile came from, kept beside it")
    args = parser.parse_args()
    profile = add_profile(args.model, args.photos, args.note)
    print(f"{args.model}: lighting profile of {profile['images']} photos, threshold {profile['threshold']}")


if __name__ == "__main__":
    main()
