"""Fine-tuning a pretrained backbone in phases, described as data the trainer records and resumes.

As the keras-io transfer-learning guide does it:

1. "head": the backbone is frozen, only the new head (`predictions`) learns, at the
   training's learning rate. Random head weights would otherwise send large gradients
   through the pretrained layers and wreck them.
2. "fine-tune": the top of the backbone (from `Backbone.unfreeze_from` on, about its last
   quarter) learns too, at a lower learning rate (a tenth by default, as TensorFlow's
   MobileNetV2 transfer-learning tutorial).

Batch norm stays in inference mode throughout: a pretrained backbone's BatchNormalization
layers stay frozen in both phases (as keras-io's EfficientNet fine-tuning example), which in
Keras 3 runs them in inference mode, so their ImageNet moving statistics never change (a few
hundred photos would only pull them off). See `models.backbones` for why the `training=False`
call of the keras-io guide alone does not do it in Keras 3.15.

A model without a pretrained backbone trains in one phase, "train", as before.

Phases are plain data (`Phase.to_json`), numbered by global epochs: phase 2 starts at the
epoch where phase 1 ends, so Keras's `initial_epoch` and a run's checkpoint resume across
phases. The trainer's part:

    phases = plan_phases(model, epochs=20, learning_rate=1e-3)     # record [p.to_json() ...]
    records = fit_phases(model, phases, compile_for=..., fit=..., initial_epoch=epochs_done)
"""

import dataclasses
import math

PHASE_TRAIN = "train"
PHASE_HEAD = "head"
PHASE_FINE_TUNE = "fine-tune"
# `Phase.unfreeze_from` for a phase that trains every layer.
EVERY_LAYER = "*"
# Fine-tuning learning rate, as a fraction of the head's.
FINE_TUNE_LR_FACTOR = 0.1
# The head phase takes this fraction of the epochs (at least one).
HEAD_EPOCH_FRACTION = 1 / 3


@dataclasses.dataclass(frozen=True)
class Phase:
    """One phase of training.

    Attributes:
        name: "train", "head" or "fine-tune".
        epochs: how many epochs it runs at most.
        learning_rate: its initial learning rate.
        unfreeze_from: which backbone layers learn: None (backbone frozen), a layer name (the
            backbone from that layer on, batch norm excepted) or "*" (every layer).
    """

    name: str
    epochs: int
    learning_rate: float
    unfreeze_from: str = EVERY_LAYER

    def to_json(self):
        """A JSON-ready dict (for report.json and the run's checkpoint)."""
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data):
        """A `Phase` from `to_json` output."""
        return cls(name=str(data["name"]), epochs=int(data["epochs"]), learning_rate=float(data["learning_rate"]),
                   unfreeze_from=data.get("unfreeze_from"))


def plan_phases(model, epochs, learning_rate, head_epochs=None, fine_tune_learning_rate=None, unfreeze_from=None,
                arch=None):
    """The phases to train `model` in: head then fine-tune for a pretrained backbone, else one.

    Args:
        model: the model to train (a pretrained backbone classifier is recognised by its
            backbone called with `training=False`).
        epochs: all epochs together.
        learning_rate: the learning rate of the head phase (or of the one phase).
        head_epochs: epochs of the head phase; default a third of `epochs`, at least 1.
        fine_tune_learning_rate: default `learning_rate * FINE_TUNE_LR_FACTOR`.
        unfreeze_from: the first backbone layer to fine-tune; default the backbone's own
            (`models.backbones.Backbone.unfreeze_from`) when known, else the layer at three
            quarters of the backbone.
        arch: the backbone's name (`mobilenetv2`, ...), for its default `unfreeze_from`;
            default the model's name.

    Returns:
        A tuple of `Phase`s whose epochs add up to `epochs` (the fine-tune phase is left out
        when no epoch remains for it).

    Raises:
        ValueError: fewer than 1 epoch, a bad learning rate, or an `unfreeze_from` that is
            not a layer of the backbone.
    """
    from models import backbones

    if epochs < 1:
        raise ValueError(f"epochs must be at least 1. Received: epochs={epochs}")
    if not learning_rate > 0:
        raise ValueError(f"the learning rate must be positive. Received: learning_rate={learning_rate}")
    if not backbones.is_frozen_batchnorm_call(model):
        return (Phase(PHASE_TRAIN, epochs, learning_rate, EVERY_LAYER),)
    if head_epochs is None:
        head_epochs = max(1, math.ceil(epochs * HEAD_EPOCH_FRACTION))
    head_epochs = min(max(1, int(head_epochs)), epochs)
    phases = [Phase(PHASE_HEAD, head_epochs, learning_rate, None)]
    if epochs > head_epochs:
        rate = fine_tune_learning_rate or learning_rate * FINE_TUNE_LR_FACTOR
        layer = _unfreeze_from(model, unfreeze_from, arch or model.name)
        phases.append(Phase(PHASE_FINE_TUNE, epochs - head_epochs, rate, layer))
    return tuple(phases)


def phase_spans(phases):
    """[(first_epoch, end_epoch)] of each phase, in global epochs (end exclusive)."""
    spans, start = [], 0
    for phase in phases:
        spans.append((start, start + phase.epochs))
        start += phase.epochs
    return spans


def phase_at(phases, epoch):
    """The index of the phase that global `epoch` (0-based) belongs to; len(phases) when past the end."""
    for index, (_, end) in enumerate(phase_spans(phases)):
        if epoch < end:
            return index
    return len(phases)


def apply_phase(model, phase):
    """Sets which layers of `model` learn in `phase`; compile the model afterwards.

    Layers before the backbone (fixed preprocessing) never learn; the head always does. On a
    model without a backbone only "*" (every layer) is allowed, and nothing is changed.

    Returns:
        {"trainable_weights": count, "frozen_weights": count}, to record and to check.

    Raises:
        ValueError: a phase that freezes layers of a model without a backbone, or an unknown layer.
    """
    from models import backbones

    base = backbones.backbone_of(model)
    if base is None:
        if phase.unfreeze_from != EVERY_LAYER:
            raise ValueError(f"phase {phase.name!r} freezes a backbone, but {model.name} has none")
        return _weight_counts(model)
    index = model.layers.index(base)
    for position, layer in enumerate(model.layers):
        if layer is not base:
            layer.trainable = position > index  # The head learns; the preprocessing before is fixed.
    if phase.unfreeze_from is None:
        base.trainable = False
    elif phase.unfreeze_from == EVERY_LAYER:
        base.trainable = True
    else:
        start = _layer_index(base, phase.unfreeze_from)
        base.trainable = True
        for position, layer in enumerate(base.layers):
            layer.trainable = position >= start
    if phase.unfreeze_from != EVERY_LAYER or backbones.is_frozen_batchnorm_call(model):
        backbones.freeze_batchnorm(base)  # A pretrained backbone's batch norm stays as ImageNet left it.
    return _weight_counts(model)


def fit_phases(model, phases, compile_for, fit, initial_epoch=0, should_stop=None, on_phase=None):
    """Runs the phases from global epoch `initial_epoch` on (0, or the epochs a resumed run did).

    Args:
        model: the model, as given to `plan_phases`.
        phases: from `plan_phases` (or `Phase.from_json` of a recorded run).
        compile_for: callable(model, phase) that compiles `model` for `phase` (the trainer's
            optimizer, schedule and loss, at `phase.learning_rate`).
        fit: callable(model, initial_epoch, epochs) that runs `model.fit(..., initial_epoch=...,
            epochs=...)` and returns its `History`.
        initial_epoch: the global epoch to start at; earlier phases are skipped.
        should_stop: optional callable; True after a phase stops there (a cancel).
        on_phase: optional callable(index, phase) told when a phase starts.

    Returns:
        One record per phase that ran: `Phase.to_json()` plus "first_epoch", "epochs_run" and
        the weight counts of `apply_phase`, for report.json.
    """
    records = []
    for index, (phase, (first, end)) in enumerate(zip(phases, phase_spans(phases))):
        if end <= initial_epoch:
            continue
        counts = apply_phase(model, phase)
        compile_for(model, phase)
        if on_phase:
            on_phase(index, phase)
        start = max(first, initial_epoch)
        history = fit(model, start, end)
        ran = len(getattr(history, "epoch", []) or [])
        records.append({**phase.to_json(), "first_epoch": start, "epochs_run": ran, **counts})
        if should_stop and should_stop():
            break
    return records


def _unfreeze_from(model, requested, arch):
    from models import backbones

    base = backbones.backbone_of(model)
    if requested:
        _layer_index(base, requested)
        return requested
    if backbones.is_backbone(arch):
        default = backbones.get_backbone(arch).unfreeze_from
        if default in {layer.name for layer in base.layers}:
            return default
    return base.layers[int(len(base.layers) * 0.75)].name


def _layer_index(base, name):
    for position, layer in enumerate(base.layers):
        if layer.name == name:
            return position
    raise ValueError(f"the backbone has no layer named {name!r} to fine-tune from")


def _weight_counts(model):
    return {"trainable_weights": _count(model.trainable_weights), "frozen_weights": _count(model.non_trainable_weights)}


def _count(weights):
    return int(sum(math.prod(weight.shape) for weight in weights))


def with_head_for(loaded, classes):
    """A loaded model to fine-tune on `classes`: itself, or with a new softmax head when its classes differ,
    and without the light calibration its file may carry.

    Raises:
        TrainingError: the model has no Dense layer to put a new head after.
    """
    from core.messages import Message, at_path
    from models.calibration_layer import with_light_gains
    from training.config import TrainingError

    import keras

    # A lamp's calibration (`calibrate --out`) belongs to the photos it was made for: the new ones are learnt as
    # they are, and the run keeps their own lighting profile.
    model = with_light_gains(loaded.model, None)
    if sorted(loaded.info.class_names) == sorted(classes):
        return model
    dense = next((layer for layer in reversed(model.layers) if isinstance(layer, keras.layers.Dense)), None)
    if dense is None:
        raise TrainingError(at_path(loaded.path, Message("trainer.no_dense_head")))
    outputs = keras.layers.Dense(len(classes), activation="softmax", name="predictions")(dense.input)
    return keras.Model(model.inputs, outputs, name=model.name)
