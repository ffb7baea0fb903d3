"""Which epoch's model a run keeps, and when it stops early.

    score = selection_score(history["val_loss"], epoch_index, "smoothed")
    improved = is_better(score, best_score)

Modes (`TrainConfig.select`):

- "best": the epoch with the lowest validation loss (the classic choice). On a validation set
  of a few dozen photos one lucky epoch wins: its loss is low by chance, and the model kept is
  not the best one (the spread of the issue this module came from).
- "smoothed": the epoch with the lowest mean validation loss over it and the epochs before it
  (a window of `SMOOTHING_EPOCHS`); one lucky epoch no longer wins on its own.
- "last": the last epoch (validation only reports; early stopping still ends a run whose
  smoothed loss stopped improving, and keeps its last epoch).

The score is recomputed from the history, so a resumed run selects exactly as an uninterrupted one.
"""

import math

MODES = ("best", "smoothed", "last")
# Epochs averaged by "smoothed" (the epoch itself and the ones before it).
SMOOTHING_EPOCHS = 3


class SelectionError(ValueError):
    """An unknown selection mode."""


def check_mode(mode):
    """Raises `SelectionError` unless `mode` is one of `MODES`."""
    if mode not in MODES:
        raise SelectionError(f"unknown model selection {mode!r}; choose one of {', '.join(MODES)}")


def selection_score(val_losses, index, mode):
    """The number (lower is better) that ranks epoch `index` (from 0) of `val_losses`.

    Args:
        val_losses: validation loss per epoch so far (None for an epoch without one).
        index: the epoch to score.
        mode: one of `MODES`.

    Returns:
        The epoch's validation loss ("best"), the mean over its window ("smoothed" and, for
        early stopping, "last"), or None when the epoch has no finite loss.
    """
    check_mode(mode)
    if mode == "best":
        window = val_losses[index:index + 1]
    else:
        window = val_losses[max(0, index - SMOOTHING_EPOCHS + 1):index + 1]
    values = [value for value in window if value is not None and math.isfinite(value)]
    if not values or val_losses[index] is None or not math.isfinite(val_losses[index]):
        return None
    return sum(values) / len(values)


def is_better(score, best_score):
    """Whether `score` improves on `best_score` (None: nothing yet)."""
    return score is not None and (best_score is None or score < best_score)


def decide(val_losses, best_epoch, mode):
    """What to do after the last epoch of `val_losses`.

    Args:
        val_losses: validation loss per finished epoch.
        best_epoch: the epoch (from 1) kept so far, or None.
        mode: one of `MODES`.

    Returns:
        (keep, improved): `keep` says the last epoch's model becomes the run's model;
        `improved` says the score improved (it resets the early-stopping count). Without a
        validation loss (a run on every image) both are True.
    """
    index = len(val_losses) - 1
    if val_losses[index] is None:
        return True, True  # A run without validation keeps its last epoch and never stops early.
    score = selection_score(val_losses, index, mode)
    best_score = selection_score(val_losses, best_epoch - 1, mode) if best_epoch else None
    if mode == "last":
        best_score = min((value for value in (selection_score(val_losses, i, mode) for i in range(index))
                          if value is not None), default=None)
        return True, is_better(score, best_score)
    improved = is_better(score, best_score)
    return improved, improved
