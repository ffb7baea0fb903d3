"""How often the app's lighting check fires: on the training photos, and on test photos as taken and re-lit.

    .venv/bin/python -m bench.lighting_check DATA_DIR [--size 64]

DATA_DIR holds `train/<class>/...` and `test/<class>/...`. The lighting profile is made from the
training photos at the model's input size (`core.lighting.lighting_profile`, as `train` keeps it
in the model file), then each photo is checked (`core.lighting.check_lighting`, as the app checks
an opened photo): the training photos, the test photos as taken, and the test photos re-lit
warm, cool, dim and by stronger casts. Prints a Markdown table of the share that fires. Numpy
and Pillow only: no model, no TensorFlow.
"""

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# (row name, gains, exposure): the lights of `evaluate --relight` and stronger ones.
CONDITIONS = (
    ("as taken", (1.0, 1.0, 1.0), 1.0),
    ("warm (R x1.15, B x0.85)", (1.15, 1.0, 0.85), 1.0),
    ("cool (R x0.85, B x1.15)", (0.85, 1.0, 1.15), 1.0),
    ("dim (x0.7)", (1.0, 1.0, 1.0), 0.7),
    ("slightly warm (R x1.07, B x0.93)", (1.07, 1.0, 0.93), 1.0),
    ("strongly warm (R x1.3, B x0.75)", (1.3, 1.0, 0.75), 1.0),
    ("half exposure (x0.5)", (1.0, 1.0, 1.0), 0.5),
)


def load_folder(folder, size):
    """Every image under `folder/<class>/` at `size` x `size`, RGB uint8, as the model reads it."""
    from core import imagefiles, images

    paths, _ = imagefiles.list_image_files(folder)
    return np.stack([images.load_array(path, (size, size)) for path in paths])


def fire_rates(data_dir, size=64):
    """{row name: share of photos the check calls unusual}, and the profile."""
    from core import lighting

    train = load_folder(Path(data_dir) / "train", size)
    test = load_folder(Path(data_dir) / "test", size)
    profile = lighting.lighting_profile(train)
    rates = {"training photos": float(np.mean([lighting.check_lighting(profile, image).unusual for image in train]))}
    for name, gains, exposure in CONDITIONS:
        batch = lighting.relight(test, gains, exposure)
        rates[f"test photos, {name}"] = float(np.mean([lighting.check_lighting(profile, image).unusual
                                                       for image in batch]))
    return rates, profile


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir")
    parser.add_argument("--size", type=int, default=64, help="the model's input size (default 64)")
    args = parser.parse_args(argv)
    rates, profile = fire_rates(args.data_dir, args.size)
    print(f"**{args.data_dir}** ({profile['images']} training photos, threshold {profile['threshold']:g})\n")
    print("| photos | lighting check fires |\n| --- | --- |")
    for name, rate in rates.items():
        print(f"| {name} | {100 * rate:.0f} % |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
