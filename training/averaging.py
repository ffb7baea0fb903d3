"""An exponential moving average (EMA) of the weights: the model that is validated and kept.

On a few hundred photos the weights after any one step are noisy: two runs that differ only in
the order of their batches end at models several points apart. The average of the weights over
the last epochs (Polyak averaging, kept by Keras's optimizers with `use_ema=True`) moves slowly
and is what validation measures and what the run keeps.

Keras keeps the average inside the optimizer; the model's variables hold the raw weights while
training. Here:

- `optimizer_options` turns a horizon in epochs into Keras's per-step `ema_momentum`;
- `callbacks` gives `keras.callbacks.SwapEMAWeights`, which puts the average into the model for
  every validation pass and takes it out again, so validation loss and accuracy are the
  average's;
- `averaged_weights` is a context in which the model holds the average (to save it), restored
  afterwards (the per-epoch checkpoint keeps the raw weights and the optimizer, average included,
  so `--resume` goes on exactly).

At the end of `fit` Keras itself writes the average into the model (`finalize_variable_values`);
the run does not rely on it: the model it keeps was saved inside `averaged_weights`.

Batch-norm moving statistics are not weights the optimizer updates, so they are not averaged:
they follow the raw weights. With a horizon of a few epochs and a learning rate that decays to
5 % of its peak, the raw and averaged weights are close by the epochs a run keeps, and the
held-out measurements (README) include this mismatch.
"""

import contextlib

# The longest per-step momentum used (a horizon of 10,000 steps).
_MAX_MOMENTUM = 0.9999


def momentum_for(horizon_epochs, steps_per_epoch):
    """Keras's per-step `ema_momentum` for an average over about `horizon_epochs` epochs.

    Args:
        horizon_epochs: the averaging horizon (the EMA's time constant) in epochs.
        steps_per_epoch: optimizer steps per epoch.

    Returns:
        1 - 1 / (horizon_epochs * steps_per_epoch), at most 0.9999; 0.0 when there are no steps.
    """
    steps = horizon_epochs * steps_per_epoch
    if steps <= 1:
        return 0.0
    return min(_MAX_MOMENTUM, 1.0 - 1.0 / steps)


def optimizer_options(horizon_epochs, steps_per_epoch):
    """Keyword arguments for a Keras optimizer: the EMA, or none when `horizon_epochs` is 0."""
    if not horizon_epochs:
        return {}
    return {"use_ema": True, "ema_momentum": momentum_for(horizon_epochs, steps_per_epoch)}


def uses_ema(model):
    """Whether the model's optimizer keeps an average of the weights."""
    optimizer = getattr(model, "optimizer", None)
    optimizer = getattr(optimizer, "inner_optimizer", optimizer)  # A LossScaleOptimizer wraps it.
    return bool(getattr(optimizer, "use_ema", False))


def callbacks(model):
    """The callbacks that validate the average: [SwapEMAWeights] with an EMA, else []."""
    import keras

    return [keras.callbacks.SwapEMAWeights(swap_on_epoch=False)] if uses_ema(model) else []


@contextlib.contextmanager
def averaged_weights(model):
    """Inside the block the model holds the averaged weights; afterwards its own again.

    Without an EMA the model is left as it is. The average is written in by the optimizer's
    public `finalize_variable_values` (what `fit` does at its end); the raw weights are copied
    before and assigned back after.
    """
    if not uses_ema(model):
        yield model
        return
    variables = model.trainable_weights
    raw = [variable.numpy() for variable in variables]
    optimizer = getattr(model.optimizer, "inner_optimizer", model.optimizer)
    optimizer.finalize_variable_values(variables)
    try:
        yield model
    finally:
        for variable, value in zip(variables, raw):
            variable.assign(value)
