"""The SYNTHETIC sample images shipped in the repository's `samples/` folder (NOT medical data)."""

from pathlib import Path

import numpy as np

from core.atomic import write_bytes, write_text
from synthetic.classes import BODY_FOLDERS
from synthetic.drawing import draw_tongue, jpeg_bytes

# Seed of the images in the repository's samples/ folder; the demo model is trained on others.
SAMPLES_SEED = 20250606

# (file stem, body, coating, cracks, tooth marks, variant): two clear pictures per body colour;
# the variants were picked by eye among the first six.
_SAMPLE_SPECS = (
    ("pale_01", "pale", "thin-white", False, True, 0),
    ("pale_02", "pale", "none", False, False, 3),
    ("light-red_01", "light-red", "thin-white", False, False, 1),
    ("light-red_02", "light-red", "yellow", True, False, 0),
    ("red_01", "red", "yellow", False, False, 1),
    ("red_02", "red", "none", True, False, 1),
    ("purple_01", "purple", "thin-white", False, False, 1),
    ("purple_02", "purple", "thick-white", False, True, 0),
)


def write_samples(folder, seed=SAMPLES_SEED, size=256):
    """Writes the handful of SYNTHETIC sample images shipped in `samples/`, with a README.

    Args:
        folder: where to write (created if missing); existing samples of the same names are replaced.
        seed: the seed; keep it apart from any seed a model is trained on.
        size: width and height in pixels.

    Returns:
        A list of (file name, class folder name) pairs.
    """
    folder = Path(folder)
    written = []
    for index, (stem, body, coating, cracks, tooth_marks, variant) in enumerate(_SAMPLE_SPECS):
        rng = np.random.default_rng([seed, index, variant])
        picture = draw_tongue(rng, size, body, coating, cracks, tooth_marks)
        write_bytes(folder / f"{stem}.jpg", jpeg_bytes(picture, quality=94))
        details = ", ".join([f"coating {coating}"] + ["cracks"] * cracks + ["tooth marks"] * tooth_marks)
        written.append((f"{stem}.jpg", BODY_FOLDERS[body], details))
    lines = [
        "SYNTHETIC SAMPLE IMAGES - NOT MEDICAL DATA / 合成示例图像 —— 不是医学数据",
        "",
        "Drawn by synthetic/samples.py (write_samples), not photographs of anyone. They show the app",
        "at work; do not use them, or the demo model, to judge a real tongue.",
        f"Seed {seed}, {size}x{size} px; the demo model is trained on other seeds.",
        "",
        "file\tclass (body colour)\tother drawn features",
        *[f"{name}\t{label}\t{details}" for name, label, details in written],
    ]
    write_text(folder / "README.txt", "\n".join(lines) + "\n")
    return [(name, label) for name, label, _ in written]
