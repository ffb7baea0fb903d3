"""Training on the user's own labeled folders: scan, split, tf.data pipeline, fit, evaluate, run folder.

    from training.trainer import TrainConfig, train
    result = train(TrainConfig("photos/"), callback=..., should_stop=...)

No Qt here. `training.progress` and `training.dataset` import no TensorFlow; the other
modules import it only inside the functions that need it.
"""
