"""Plain Keras folder classification: load each image with Pillow, batch, `model.predict`.

    python bench/baselines/classify_plain.py FOLDER MODEL.keras [--batch 32]

What a user writes: walk the folder, open every image with Pillow, resize it to the model's
input, stack, one `model.predict`, print the top 3 classes of every file as JSON. The figures
line at the end counts the files and times the parts.
"""

import argparse
import json
import os
import time

import keras
import numpy as np
from PIL import Image

EXTENSIONS = (".jpg", ".jpeg", ".png", ".bmp", ".gif", ".tif", ".tiff", ".webp")


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("model")
    parser.add_argument("--batch", type=int, default=32)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    model = keras.saving.load_model(args.model)
    height, width = model.input_shape[1:3]
    loaded = time.perf_counter()

    paths = []
    for root, folders, names in os.walk(args.folder):
        folders.sort()
        paths.extend(os.path.join(root, name) for name in sorted(names) if name.lower().endswith(EXTENSIONS))
    arrays = []
    for path in paths:
        with Image.open(path) as image:
            arrays.append(np.asarray(image.convert("RGB").resize((width, height), Image.BILINEAR)))
    decoded = time.perf_counter()
    probabilities = model.predict(np.stack(arrays).astype("float32"), batch_size=args.batch, verbose=0)
    predicted = time.perf_counter()

    results = []
    for path, row in zip(paths, probabilities):
        top = np.argsort(-row)[:3]
        results.append({"path": path, "top": [{"label": f"class_{i}", "probability": float(row[i])} for i in top]})
    print(json.dumps(results, indent=2))
    print(json.dumps({"images": len(paths), "load_model_seconds": loaded - started,
                      "decode_seconds": decoded - loaded, "predict_seconds": predicted - decoded}))


if __name__ == "__main__":
    main()
