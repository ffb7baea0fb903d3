"""Plain Keras all-layer activations: one sub-model per layer, each run with `predict` (keract style).

    python bench/baselines/activations_plain.py MODEL.keras IMAGE... [--repeats 2]

What users write from the Keras FAQ ("how can I obtain the output of an intermediate layer"):
`keras.Model(model.input, layer.output)` for every layer, then `predict` on the image. The
sub-models are built once, outside the timing (in the user's script they are often rebuilt
for every image). Prints the median seconds per image for all layers, after a warm-up image.
"""

import argparse
import json
import statistics
import time

import keras
import numpy as np
from PIL import Image


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("images", nargs="+")
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    model = keras.saving.load_model(args.model)
    height, width = model.input_shape[1:3]
    extractors = {layer.name: keras.Model(model.inputs, layer.output)
                  for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)}
    build = time.perf_counter() - started
    arrays = []
    for path in args.images:
        with Image.open(path) as image:
            arrays.append(np.asarray(image.convert("RGB").resize((width, height), Image.BILINEAR),
                                     dtype="float32")[None])

    def all_layers(x):
        return {name: extractor.predict(x, verbose=0) for name, extractor in extractors.items()}

    all_layers(arrays[0])  # Warm-up: every sub-model builds its predict function.
    seconds = []
    for _ in range(args.repeats):
        for x in arrays[1:] + arrays[:1]:
            begun = time.perf_counter()
            outputs = all_layers(x)
            seconds.append(time.perf_counter() - begun)
    print(json.dumps({"seconds": statistics.median(seconds), "build_seconds": build, "layers": len(outputs),
                      "values": int(sum(value.size for value in outputs.values()))}))


if __name__ == "__main__":
    main()
