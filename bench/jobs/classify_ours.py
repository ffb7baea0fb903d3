"""Our folder classification inside one process, timed by part (the whole-process figure runs `main.py classify`).

    python bench/jobs/classify_ours.py FOLDER MODEL.keras [--batch 32]

Times model loading and `Classifier.classify_files` over the folder (decode on a thread pool
overlapped with the compiled forward pass).
"""

import argparse
import time

from bench.data import image_files
from bench.jobs.common import emit


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder")
    parser.add_argument("model")
    parser.add_argument("--batch", type=int, default=32)
    args = parser.parse_args(argv)
    from core import modelfile
    from core.predictor import Classifier

    started = time.perf_counter()
    classifier = Classifier(modelfile.load_model(args.model))
    loaded = time.perf_counter()
    paths = image_files(args.folder)
    results = classifier.classify_files(paths, batch_size=args.batch)
    finished = time.perf_counter()
    emit({"images": sum("top" in result for result in results), "load_model_seconds": loaded - started,
          "classify_seconds": finished - loaded})


if __name__ == "__main__":
    main()
