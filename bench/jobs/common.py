"""Helpers shared by the job scripts (ours and the baselines may both use `emit` and `median_time`)."""

import json
import statistics
import sys
import time


def emit(figures):
    """Prints the job's figures as one JSON line, the last line of stdout."""
    sys.stdout.write("\n" + json.dumps(figures) + "\n")
    sys.stdout.flush()


def median_time(function, items, repeats=1):
    """Calls `function(item)` for every item (`repeats` times over) and returns the median seconds per call."""
    seconds = []
    for _ in range(repeats):
        for item in items:
            started = time.perf_counter()
            function(item)
            seconds.append(time.perf_counter() - started)
    return statistics.median(seconds)
