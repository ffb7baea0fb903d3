"""Settings of the app that are not user data: shortcuts, sizes, limits, in one place.

Shortcuts live here, not in the code that builds the actions (labelme's habit), so they can
be changed or translated without touching the window.
"""

from pathlib import Path

APP_NAME = "TongueLens"
ORGANIZATION = "TongueLens"
ROOT = Path(__file__).resolve().parents[1]

# Bumping this resets saved window layouts and recent lists written by older versions.
SETTINGS_VERSION = 1

SHORTCUTS = {
    "open_model": "Ctrl+M",
    "open_image": "Ctrl+O",
    "open_folder": "Ctrl+Shift+O",
    "train": "Ctrl+T",
    "evaluate": "Ctrl+Shift+T",
    "export": "Ctrl+E",
    "report": "Ctrl+R",
    "export_model": "Ctrl+Shift+E",
    "gradcam": "Ctrl+G",
    "model_view": "Ctrl+Shift+M",
    "outline": "Ctrl+U",
    "calibrate": "Ctrl+L",
    "save_calibrated": "Ctrl+Shift+L",
    "cancel": "Esc",
    "quit": "Ctrl+Q",
    "inspect_tab": "Ctrl+1",
    "batch_tab": "Ctrl+2",
    "guide": "F1",
}

DEFAULT_WINDOW_SIZE = (1280, 800)
MAX_RECENT = 8
TOP_K = 5
# Classes shown per attribute for a model with one head per attribute (groups side by side).
ATTRIBUTE_TOP_K = 3
ATTRIBUTE_COLUMNS = 2
# Longest side of the image kept for display; the model gets its own resized copy.
DISPLAY_MAX_SIDE = 1280
THUMBNAIL_SIZE = 56
BATCH_SIZE = 32
# Channels shown in one feature-map grid; more would make each tile too small to read.
MAX_CHANNELS = 64
GRADCAM_OPACITY = 0.5

# Where `python main.py` (no arguments) finds the demo model and a sample image.
DEMO_MODEL_DIR = ROOT / "demo"
DEMO_MODEL_NAME = "tongue-colour-demo.keras"  # Written by scripts/make_demo_model.py.
SAMPLES_DIR = ROOT / "samples"

# .h5 is accepted only to say why it is refused (or how to import its weights).
MODEL_EXTENSIONS = (".keras", ".h5", ".hdf5")
