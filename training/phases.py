"""The trainer's side of pretrained backbones: the starting weights and the fine-tuning phases of a run.

`training.trainer` calls these small steps; `models.pretrained` and `training.finetune` do the
work:

    check_weights(config)                       # a bad --weights, before any folder is made
    fetch_weights(config, callback, should_stop)  # imagenet: Keras's cache, or one download, first
    model, loaded = build_model(arch, shape, classes, config.weights, ...)
    phases = plan(model, config, arch, resumed_training)  # or the plan the checkpoint carries
    records(phases, epochs_done, counts)        # report.json's "phases"

A run has one phase ("train", every layer, as before this module existed) unless its model is
a pretrained backbone: then "head" (backbone frozen) and "fine-tune" (the top of the backbone
at a tenth of the learning rate), see `training.finetune`. Phases are numbered by global
epochs, so the checkpoint, `--resume` and history.csv run straight across them. Early stopping
watches the last phase only (`patience_in`): the head phase is short and always runs its
epochs, and stopping there would skip the fine-tuning that most of the gain comes from. The
model kept is still the best epoch of the whole run.

Plain Python until a model is built: `check_weights` and `fetch_weights` import no TensorFlow,
so `main.py train --weights imagenet` offline fails before TensorFlow's seconds of importing.
"""

import dataclasses
import math

from core.messages import Message
from training.config import TrainingError
from training.progress import PHASE_DOWNLOADING, PhaseInfo, TrainProgress

WEIGHTS_NONE = "none"
WEIGHTS_IMAGENET = "imagenet"
# Keys of the checkpoint's `ModelInfo.training` beside the run state.
PLAN_KEY = "phases"
WEIGHTS_KEY = "weights"
_MEGABYTE = 1e6


def weights_choice(config):
    """"none", "imagenet" or the weights file's path, from `config.weights` (None is "none")."""
    value = str(config.weights or WEIGHTS_NONE).strip()
    return value.lower() if value.lower() in (WEIGHTS_NONE, WEIGHTS_IMAGENET) else value


def check_weights(config):
    """Refuses a `weights` setting that cannot work, before anything is made (no TensorFlow).

    Raises:
        TrainingError: weights for an architecture that is not a backbone, weights with
            `from_model`, or a weights file that does not exist.
    """
    from models import backbones

    weights = weights_choice(config)
    if weights == WEIGHTS_NONE:
        return
    if config.from_model:
        raise TrainingError(Message("config.weights_with_from_model", weights=weights))
    if not backbones.is_backbone(config.arch):
        raise TrainingError(Message("config.weights_need_backbone", weights=weights, arch=config.arch,
                                    backbones=", ".join(backbones.BACKBONE_NAMES)))
    if weights != WEIGHTS_IMAGENET:
        from pathlib import Path

        path = Path(weights).expanduser()
        if path.is_dir():
            raise TrainingError(Message("config.weights_is_folder", weights=weights))
        if not path.is_file():
            raise TrainingError(Message("config.weights_not_found", weights=weights))


def fetch_weights(config, callback, should_stop=None):
    """Makes sure a run with `--weights imagenet` has the file: Keras's cache, else one download.

    Offline this fails within seconds (a short network probe), before the folder is scanned
    and before TensorFlow is needed. The download's progress goes to `callback.on_batch_end`
    as `TrainProgress(phase="downloading", batch=bytes done, batches=bytes in all)`.

    Args:
        config: the run's `TrainConfig`.
        callback: a `training.progress.TrainingCallback`.
        should_stop: optional callable; True cancels the download.

    Returns:
        The cached weights file's path, or None for a run without ImageNet weights.

    Raises:
        TrainingError: offline, a failed or damaged download (one line naming `--weights FILE`).
        models.pretrained.DownloadCancelled: `should_stop` said so; nothing was left behind.
    """
    if weights_choice(config) != WEIGHTS_IMAGENET or config.from_model:
        return None
    from models import backbones, pretrained

    spec = backbones.get_backbone(config.arch)
    cached = pretrained.cached_imagenet_weights(spec.key)
    if cached is not None:
        return cached
    started = []

    def progress(done, total):
        if not started:  # Said once the server answered: offline, the one line is the error.
            started.append(True)
            callback.on_message(Message("trainer.downloading_weights", backbone=spec.key,
                                        megabytes=spec.download_megabytes, folder=str(pretrained.keras_models_cache())))
        callback.on_batch_end(TrainProgress(
            phase=PHASE_DOWNLOADING, batch=int(done), batches=int(total or 0),
            message=_download_line(spec.key, done, total)))

    try:
        path = pretrained.imagenet_weights_path(spec.key, on_progress=progress, should_stop=should_stop)
    except pretrained.DownloadCancelled:
        raise
    except pretrained.WeightsError as error:
        raise TrainingError(error.message) from None
    callback.on_message(Message("trainer.weights_downloaded", backbone=spec.key, path=str(path)))
    return path


def _download_line(key, done, total):
    done_mb = f"{done / _MEGABYTE:.1f}"
    if not total:
        return Message("trainer.downloading_unknown_size", backbone=key, done=done_mb)
    return Message("trainer.downloading_progress", backbone=key, done=done_mb, total=f"{total / _MEGABYTE:.1f}")


def build_model(arch, input_shape, num_classes, weights, should_stop=None):
    """Builds `arch` with its starting weights (`models.pretrained.build_pretrained`).

    Returns:
        (model, loaded): the `keras.Model` and a `models.pretrained.LoadedWeights`, or None
        when it starts from random weights.

    Raises:
        TrainingError: weights that cannot be had or do not fit (one line).
        ValueError: the architecture cannot be built for this input (as `models.build_model`).
    """
    from models import pretrained

    try:
        return pretrained.build_pretrained(arch, input_shape, num_classes, weights, should_stop=should_stop)
    except pretrained.WeightsError as error:  # Before ValueError: a WeightsError is one.
        raise TrainingError(error.message) from None


def weights_message(arch, loaded):
    """What the run starts from, for the user: the weights loaded, or a hint for a backbone from scratch.

    Returns:
        A `core.messages.Message`, or None for an architecture without pretrained weights.
    """
    from models import backbones

    if loaded is not None:
        if loaded.source == WEIGHTS_IMAGENET:
            return Message("trainer.weights_imagenet", backbone=arch, path=loaded.path)
        return Message("trainer.weights_file", backbone=arch, path=loaded.path, layers=loaded.layers)
    if backbones.is_backbone(arch):
        spec = backbones.get_backbone(arch)
        return Message("trainer.backbone_from_scratch", backbone=spec.key, megabytes=spec.download_megabytes)
    return None


def plan(model, config, arch, resumed_training=None):
    """The run's phases: the plan a resumed checkpoint carries (its last phase ending at `config.epochs`),
    else `training.finetune.plan_phases`.

    Args:
        model: the model to fit (after any precision copy: the one actually fitted).
        config: the run's `TrainConfig`.
        arch: the architecture's name (for the backbone's default first layer to fine-tune).
        resumed_training: the checkpoint's `ModelInfo.training`, or None for a new run.

    Returns:
        A tuple of `training.finetune.Phase`s.
    """
    from training import finetune

    saved = (resumed_training or {}).get(PLAN_KEY)
    if saved:
        return _stretched(tuple(finetune.Phase.from_json(phase) for phase in saved), config.epochs)
    return finetune.plan_phases(model, config.epochs, config.effective_learning_rate, arch=arch)


def _stretched(phases, epochs):
    """A resumed plan whose last phase ends at `epochs` (the run's config may ask for more epochs than it had)."""
    extra = epochs - sum(phase.epochs for phase in phases)
    if extra == 0 or phases[-1].epochs + extra < 1:
        return phases
    return phases[:-1] + (dataclasses.replace(phases[-1], epochs=phases[-1].epochs + extra),)


def weight_counts(model, phases, current):
    """{phase index: its trainable and frozen weight counts}, leaving `model` set for phase `current`."""
    from training import finetune

    counts = {index: finetune.apply_phase(model, phase) for index, phase in enumerate(phases)}
    if phases:
        finetune.apply_phase(model, phases[min(current, len(phases) - 1)])
    return counts


def patience_in(phases, index, patience):
    """Early stopping's patience in phase `index`: the run's in the last phase, never before it."""
    return patience if index >= len(phases) - 1 else math.inf


def phase_info(phases, index):
    """A `training.progress.PhaseInfo` telling the user that phase `index` starts."""
    from training import finetune

    phase = phases[index]
    first, end = finetune.phase_spans(phases)[index]
    values = dict(index=index + 1, count=len(phases), first=first + 1, last=end, rate=f"{phase.learning_rate:g}")
    if phase.unfreeze_from is None:
        message = Message("trainer.phase_head", **values)
    elif phase.unfreeze_from == finetune.EVERY_LAYER:
        message = Message("trainer.phase_every_layer", **values)
    else:
        message = Message("trainer.phase_fine_tune", layer=phase.unfreeze_from, **values)
    return PhaseInfo(index=index + 1, count=len(phases), name=phase.name, first_epoch=first + 1, last_epoch=end,
                     learning_rate=phase.learning_rate, unfreeze_from=phase.unfreeze_from, message=message)


def records(phases, epochs_done, counts=None):
    """report.json's "phases": each phase as planned, the epochs (from 1) it covers and ran, its weights.

    Args:
        phases: the run's plan.
        epochs_done: epochs the run finished, over all its sessions.
        counts: optional `weight_counts` output.
    """
    from training import finetune

    result = []
    for index, (phase, (first, end)) in enumerate(zip(phases, finetune.phase_spans(phases))):
        record = {**phase.to_json(), "first_epoch": first + 1, "last_epoch": end,
                  "epochs_run": max(0, min(epochs_done, end) - first)}
        record.update((counts or {}).get(index, {}))
        result.append(record)
    return result


def checkpoint_fields(phases, loaded):
    """What the checkpoint carries beside the run state, so `--resume` goes on in the same phase."""
    return {PLAN_KEY: [phase.to_json() for phase in phases or ()],
            WEIGHTS_KEY: loaded.to_json() if loaded is not None else None}


def saved_weights(resumed_training):
    """The `LoadedWeights` a resumed run started from, as its checkpoint recorded them (or None)."""
    from models.pretrained import LoadedWeights

    data = (resumed_training or {}).get(WEIGHTS_KEY)
    return LoadedWeights(**data) if data else None
