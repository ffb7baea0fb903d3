"""Plain Keras, one image to probabilities: Pillow + `model.predict`, and Pillow + a `tf.function` forward.

    python bench/baselines/latency_plain.py MODEL.keras IMAGE... [--repeats 3]

Both include loading the image with Pillow (as our path does). Prints the median seconds per
image of each, after one warm-up call, and of the forward passes alone.
"""

import argparse
import json
import statistics
import time

import keras
import numpy as np
import tensorflow as tf
from PIL import Image


def median_time(function, items, repeats):
    seconds = []
    for _ in range(repeats):
        for item in items:
            started = time.perf_counter()
            function(item)
            seconds.append(time.perf_counter() - started)
    return statistics.median(seconds)


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("images", nargs="+")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    model = keras.saving.load_model(args.model)
    height, width = model.input_shape[1:3]

    def load(path):
        with Image.open(path) as image:
            return np.asarray(image.convert("RGB").resize((width, height), Image.BILINEAR), dtype="float32")[None]

    def with_predict(path):
        return model.predict(load(path), verbose=0)[0]

    forward = tf.function(lambda x: model(x, training=False))

    def with_function(path):
        return forward(load(path)).numpy()[0]

    figures = {}
    for name, function in (("predict", with_predict), ("tf_function", with_function)):
        started = time.perf_counter()
        function(args.images[0])  # Warm-up: builds predict's function / traces the tf.function.
        figures[f"{name}_first_call_seconds"] = time.perf_counter() - started
        figures[f"{name}_seconds"] = median_time(function, args.images, args.repeats)
    arrays = [load(path) for path in args.images]
    figures["predict_forward_seconds"] = median_time(lambda x: model.predict(x, verbose=0), arrays, args.repeats)
    figures["tf_function_forward_seconds"] = median_time(lambda x: forward(x).numpy(), arrays, args.repeats)
    figures["load_image_seconds"] = median_time(load, args.images, args.repeats)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
