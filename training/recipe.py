"""The training recipe: the optimizer, its learning-rate schedule and weight averaging, and their checks.

    optimizer = make_optimizer(config, learning_rate=1e-3, steps_per_epoch=8)

Adam; the learning rate rises linearly from 0 over `config.warmup_epochs` (if any), then decays
along a cosine to `FINAL_LEARNING_RATE_FRACTION` of its peak at the last planned epoch; with
`config.ema_epochs` the optimizer keeps an exponential moving average of the weights
(`training.averaging`). The warm-up and the averaging horizon take at most `MAX_RUN_FRACTION` of
the planned epochs each, so the defaults (3 epochs each, a tenth of 30) suit a short run too.
Imported by `training.trainer`; Keras is imported only when called.
"""

from core.messages import Message
from training import averaging, selection

# The cosine schedule ends at this fraction of the initial learning rate.
FINAL_LEARNING_RATE_FRACTION = 0.05
# The warm-up, and the averaging horizon, last at most this fraction of the planned epochs.
MAX_RUN_FRACTION = 0.1


def warmup_epochs(config):
    """The warm-up used: `config.warmup_epochs`, at most a tenth of the planned epochs."""
    return min(float(config.warmup_epochs), MAX_RUN_FRACTION * config.epochs)


def ema_epochs(config):
    """The averaging horizon used: `config.ema_epochs`, at most a tenth of the planned epochs."""
    return min(float(config.ema_epochs), MAX_RUN_FRACTION * config.epochs)


def make_optimizer(config, learning_rate, steps_per_epoch):
    """Returns the run's Keras optimizer.

    Args:
        config: the `training.trainer.TrainConfig` (epochs, warmup_epochs, ema_epochs).
        learning_rate: the peak learning rate.
        steps_per_epoch: optimizer steps per epoch.
    """
    import keras

    return keras.optimizers.Adam(learning_rate_schedule(config, learning_rate, steps_per_epoch),
                                 **averaging.optimizer_options(ema_epochs(config), steps_per_epoch))


def learning_rate_schedule(config, learning_rate, steps_per_epoch):
    """The cosine decay over the run's planned steps, after a linear warm-up of `warmup_epochs`."""
    import keras

    warmup = int(round(steps_per_epoch * warmup_epochs(config)))
    steps = max(1, steps_per_epoch * config.epochs - warmup)
    if not warmup:
        return keras.optimizers.schedules.CosineDecay(
            learning_rate, decay_steps=steps, alpha=FINAL_LEARNING_RATE_FRACTION)
    return keras.optimizers.schedules.CosineDecay(
        0.0, decay_steps=steps, alpha=FINAL_LEARNING_RATE_FRACTION, warmup_target=learning_rate, warmup_steps=warmup)


def config_problem(config):
    """What is wrong with the recipe's settings, naming the bad value (`training.config.check_config` raises it).

    Returns:
        None, or a `core.messages.Message`.
    """
    if config.patience is not None and config.patience < 1:
        return Message("config.patience", value=config.patience)
    if config.ema_epochs < 0:
        return Message("config.ema_epochs", value=config.ema_epochs)
    if config.warmup_epochs < 0:
        return Message("config.warmup_epochs", value=config.warmup_epochs)
    if config.select not in selection.MODES:
        return Message("config.select", mode=repr(config.select), choices=", ".join(selection.MODES))
    return None
