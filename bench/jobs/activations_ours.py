"""Our all-layer activations for one image: `InspectionEngine.all_activations` (one compiled pass).

    python bench/jobs/activations_ours.py MODEL.keras IMAGE... [--repeats 2]

Images are loaded first (at least 2). The engine keeps one image's activations here and the
timed calls never ask for the same image twice in a row, so each is a real forward pass
(`forward_passes` counts them). Also times what the app does when only the layer changes:
`activations(same image, another layer)`, served from the cache.
"""

import argparse
import time

from bench.jobs.common import emit, median_time


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("model")
    parser.add_argument("images", nargs="+")
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args(argv)
    if len(args.images) < 2:
        parser.error("give at least 2 images (each timed call must be a new image)")
    from core import modelfile
    from inspection.engine import InspectionEngine

    started = time.perf_counter()
    engine = InspectionEngine(modelfile.load_model(args.model), cache_images=1)
    arrays = [engine.load_image(path) for path in args.images]
    engine.all_activations(arrays[0])  # Warm-up: traces the all-outputs function once.
    setup = time.perf_counter() - started
    passes_before = engine.forward_passes
    timed = arrays[1:] + arrays[:1]  # Never the image just computed.
    seconds = median_time(engine.all_activations, timed, args.repeats)
    forward_passes = engine.forward_passes - passes_before
    names = [layer.name for layer in engine.layers]
    last = arrays[-1]
    engine.all_activations(last)
    layer_change = median_time(lambda name: engine.activations(last, name), names)
    outputs = engine.all_activations(last)
    emit({"seconds": seconds, "setup_seconds": setup, "layers": len(outputs),
          "values": int(sum(value.size for value in outputs.values())),
          "timed_calls": len(timed) * args.repeats, "forward_passes": forward_passes,
          "layer_change_seconds": layer_change})


if __name__ == "__main__":
    main()
