"""SYNTHETIC tongue-like photos for trying TongueLens without a dataset. NOT medical data.

The images are drawn from a handful of shapes and colours: a rounded, tapered tongue body
with a median groove on a face-like or plain background, one of four body colours (pale
淡白舌, light red 淡红舌, red 红舌, purple 紫舌), one of four coatings (none 无苔, thin white
薄白苔, thick white 厚白苔, yellow 黄苔), optional cracks and tooth-marked (scalloped) edges.
Lighting, pose, size, position, background, blur, camera noise and JPEG quality vary from
image to image, so that a small network has to learn the colour, not the picture.

They exist to show the workflow (train, classify, inspect) and its visualisations. They say
nothing about real tongues, and a model trained on them must not be used on patients.

Everything is pure numpy + Pillow (no TensorFlow) and deterministic: the same seed gives
byte-identical files on the same numpy and Pillow versions.

    synthetic.classes   the classes of each task and how often other attributes appear
    synthetic.drawing   one image (`draw_tongue`)
    synthetic.folder    a labeled folder for `train` (`generate_dataset`, `main.py synth`)
    synthetic.samples   the sample images of the repository's `samples/` (`write_samples`)
"""

from synthetic.classes import BODY_COLOURS, CLASS_SETS, COATINGS, SyntheticDataError
from synthetic.drawing import draw_tongue
from synthetic.folder import MARKER_NAME, README_NAME, generate_dataset
from synthetic.samples import SAMPLES_SEED, write_samples

__all__ = ["BODY_COLOURS", "CLASS_SETS", "COATINGS", "MARKER_NAME", "README_NAME", "SAMPLES_SEED",
           "SyntheticDataError", "draw_tongue", "generate_dataset", "write_samples"]
