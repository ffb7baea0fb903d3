"""Our one-image path: a dropped file to class probabilities (`Classifier.classify_image`), image load included.

    python bench/jobs/latency_ours.py MODEL.keras IMAGE... [--repeats 3]

The app loads the model, builds one `Classifier` and traces its forward pass once (at model
load); each dropped image then costs `classify_image`. Prints the median seconds per image
over the given images (after one warm-up call), and its parts: loading the image and the
forward pass alone.
"""

import argparse
import time

from bench.jobs.common import emit, median_time


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("model")
    parser.add_argument("images", nargs="+")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    from core import modelfile
    from core.predictor import Classifier

    classifier = Classifier(modelfile.load_model(args.model))
    started = time.perf_counter()
    classifier.classify_image(args.images[0])  # The first call traces the forward pass (the app does it at load).
    first = time.perf_counter() - started
    arrays = [classifier.load_image(path) for path in args.images]
    emit({
        "first_call_seconds": first,
        "seconds": median_time(classifier.classify_image, args.images, args.repeats),
        "load_image_seconds": median_time(classifier.load_image, args.images, args.repeats),
        "forward_seconds": median_time(classifier.probabilities, arrays, args.repeats),
    })


if __name__ == "__main__":
    main()
