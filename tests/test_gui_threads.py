"""Garbage collection around long work: `gui.threads.freeze_live_objects`."""

import gc
import weakref

from gui.threads import freeze_live_objects


class _Node:
    """An object in a reference cycle: only a collection frees it."""

    def __init__(self):
        self.itself = self


def test_freezing_frees_cycles_that_died_while_frozen_and_hides_the_living_from_collections():
    dead = _Node()
    died_while_frozen = weakref.ref(dead)
    gc.freeze()  # As an earlier run (or TensorFlow's import) left it.
    del dead
    gc.collect()
    assert died_while_frozen() is not None, "frozen garbage is not collected"
    living = _Node()

    freeze_live_objects()

    try:
        assert died_while_frozen() is None
        assert gc.get_freeze_count() > 0
        assert not any(item is living for item in gc.get_objects())
    finally:
        gc.unfreeze()
