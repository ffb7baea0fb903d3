"""Fine-tuning in phases: head on a frozen backbone, then its top; batch norm never moves (issue 16, part 2)."""

import keras
import numpy as np
import pytest

import models
from models import backbones
from training import finetune

SHAPE = (32, 32, 3)
CLASSES = 3


def _pretrained_like(seed=0):
    """A pretrained-built MobileNetV3Small whose batch norm statistics are not the fresh 0 and 1."""
    model = backbones.build_backbone_classifier("mobilenetv3small", SHAPE, CLASSES, pretrained=True)
    rng = np.random.default_rng(seed)
    for weight in model.get_layer("backbone").weights:
        if "moving" in weight.path:
            weight.assign(rng.uniform(0.5, 1.5, weight.shape).astype("float32"))
    return model


def _data():
    rng = np.random.default_rng(1)
    return rng.uniform(0, 255, (8,) + SHAPE).astype("float32"), np.arange(8) % CLASSES


def _compile(model, phase):
    model.compile(keras.optimizers.Adam(phase.learning_rate), "sparse_categorical_crossentropy")


def _snapshot(model):
    return {weight.path: weight.numpy().copy() for weight in model.weights}


def _changed(before, after):
    return {path for path in before if not np.array_equal(before[path], after[path])}


def _is_batchnorm(path):
    return path.rsplit("/", 2)[-2].endswith(("bn", "_BN")) or path.endswith(("moving_mean", "moving_variance"))


def test_plan_for_a_pretrained_backbone_is_head_then_top_at_a_lower_rate():
    model = _pretrained_like()
    phases = finetune.plan_phases(model, epochs=10, learning_rate=1e-3)
    assert [phase.to_json() for phase in phases] == [
        {"name": "head", "epochs": 4, "learning_rate": 1e-3, "unfreeze_from": None},
        {"name": "fine-tune", "epochs": 6, "learning_rate": pytest.approx(1e-4), "unfreeze_from": "expanded_conv_8_expand"}]
    assert [finetune.Phase.from_json(phase.to_json()) for phase in phases] == list(phases)
    assert finetune.phase_spans(phases) == [(0, 4), (4, 10)]
    assert [finetune.phase_at(phases, epoch) for epoch in (0, 3, 4, 9, 10)] == [0, 0, 1, 1, 2]
    assert len(finetune.plan_phases(model, epochs=1, learning_rate=1e-3)) == 1  # No epoch left to fine-tune.
    custom = finetune.plan_phases(model, 5, 1e-2, head_epochs=2, fine_tune_learning_rate=1e-5,
                                  unfreeze_from="expanded_conv_10_expand")
    assert [(p.epochs, p.learning_rate, p.unfreeze_from) for p in custom] == [
        (2, 1e-2, None), (3, 1e-5, "expanded_conv_10_expand")]
    with pytest.raises(ValueError, match="no layer named 'nope'"):
        finetune.plan_phases(model, 5, 1e-2, unfreeze_from="nope")


def test_a_model_without_pretrained_backbone_trains_in_one_phase_unchanged():
    model = models.build_model("vgg-mini", SHAPE, CLASSES)
    phases = finetune.plan_phases(model, epochs=7, learning_rate=1e-3)
    assert phases == (finetune.Phase("train", 7, 1e-3, "*"),)
    trainable = [layer.trainable for layer in model.layers]
    assert finetune.apply_phase(model, phases[0])["frozen_weights"] == sum(
        int(np.prod(weight.shape)) for weight in model.non_trainable_weights)
    assert [layer.trainable for layer in model.layers] == trainable
    with pytest.raises(ValueError, match="has none"):
        finetune.apply_phase(model, finetune.Phase("head", 1, 1e-3, None))


def test_phase_one_changes_only_the_head_and_phase_two_only_the_top_batch_norm_never():
    model = _pretrained_like()
    base = model.get_layer("backbone")
    images, labels = _data()
    phases = finetune.plan_phases(model, epochs=2, learning_rate=1e-2)
    snapshots = [_snapshot(model)]

    def fit(fitted, first, end):
        history = fitted.fit(images, labels, batch_size=4, initial_epoch=first, epochs=end, verbose=0)
        snapshots.append(_snapshot(fitted))
        return history

    records = finetune.fit_phases(model, phases, _compile, fit)
    head, tuned = _changed(snapshots[0], snapshots[1]), _changed(snapshots[1], snapshots[2])
    assert head == {"predictions/kernel", "predictions/bias"}

    names = [layer.name for layer in base.layers]
    start = names.index("expanded_conv_8_expand")
    top = {weight.path for layer in base.layers[start:] for weight in layer.weights}
    bottom = {weight.path for layer in base.layers[:start] for weight in layer.weights}
    assert tuned & bottom == set()  # The frozen bottom did not move.
    assert {"expanded_conv_8_expand/kernel", "conv_1/kernel", "predictions/kernel"} <= tuned
    assert len(tuned & top) > 10
    assert not any(_is_batchnorm(path) for path in head | tuned)  # Statistics, gamma and beta fixed.
    assert any(_is_batchnorm(path) for path in top)  # ... though the top has batch norm.
    assert [(r["name"], r["first_epoch"], r["epochs_run"]) for r in records] == [("head", 0, 1), ("fine-tune", 1, 1)]
    assert records[0]["trainable_weights"] < records[1]["trainable_weights"]


def test_a_training_step_moves_batch_norm_statistics_from_scratch_and_never_when_pretrained():
    images, _ = _data()
    for pretrained, moves in ((False, True), (True, False)):
        model = backbones.build_backbone_classifier("mobilenetv3small", SHAPE, CLASSES, pretrained=pretrained)
        before = _snapshot(model)
        model(images, training=True)  # What a training step does to batch norm before any gradient.
        changed = _changed(before, _snapshot(model))
        assert any(path.endswith("moving_mean") for path in changed) is moves, pretrained


def test_resume_skips_the_phases_done_and_starts_mid_phase():
    model = _pretrained_like()
    phases = finetune.plan_phases(model, epochs=6, learning_rate=1e-3)  # head 0-2, fine-tune 2-6
    calls = []

    class History:
        epoch = [0]

    def fit(fitted, first, end):
        calls.append((first, end, len(fitted.trainable_weights)))
        return History()

    records = finetune.fit_phases(model, phases, compile_for=lambda *args: None, fit=fit, initial_epoch=3)
    assert [(first, end) for first, end, _ in calls] == [(3, 6)]
    assert calls[0][2] > 2  # The fine-tune phase's layers were unfrozen before its epochs ran.
    assert records[0]["name"] == "fine-tune" and records[0]["first_epoch"] == 3
    stopped = finetune.fit_phases(model, phases, lambda *args: None, fit, should_stop=lambda: True)
    assert [record["name"] for record in stopped] == ["head"]


def test_a_resumed_plan_stretches_its_last_phase_to_the_epochs_the_run_now_asks_for():
    from training import phases as run_phases
    from training.config import TrainConfig

    saved = [finetune.Phase("head", 2, 1e-3, None).to_json(), finetune.Phase("fine-tune", 4, 1e-4, "block_3").to_json()]
    resumed = {run_phases.PLAN_KEY: saved}
    longer = run_phases.plan(None, TrainConfig("data", epochs=9), "mobilenetv2", resumed)
    assert [(phase.name, phase.epochs, phase.unfreeze_from) for phase in longer] == [
        ("head", 2, None), ("fine-tune", 7, "block_3")]
    same = run_phases.plan(None, TrainConfig("data", epochs=6), "mobilenetv2", resumed)
    assert [phase.epochs for phase in same] == [2, 4]


def test_a_backbone_from_scratch_moves_its_batch_norm_statistics_at_momentum_0_9_and_keeps_it_saved(tmp_path):
    model = backbones.build_backbone_classifier("mobilenetv2", SHAPE, CLASSES)  # Keras's own: 0.999.
    layers = [layer for layer in backbones._walk(model) if isinstance(layer, keras.layers.BatchNormalization)]
    assert {layer.momentum for layer in layers} == {0.9}
    first = model.get_layer("backbone").get_layer("bn_Conv1")
    batch = np.random.default_rng(2).normal(3.0, 1.0, (8, 4, 4, 32)).astype("float32")
    before = first.moving_mean.numpy().copy()
    first(batch, training=True)
    # A tenth of the way to the batch's mean in one step (Keras's 0.999: a thousandth).
    np.testing.assert_allclose(first.moving_mean.numpy() - before, 0.1 * (batch.mean(axis=(0, 1, 2)) - before),
                               rtol=1e-4)
    model.save(tmp_path / "scratch.keras")
    loaded = keras.saving.load_model(tmp_path / "scratch.keras", safe_mode=True)
    assert loaded.get_layer("backbone").get_layer("bn_Conv1").momentum == 0.9
    pretrained = backbones.build_backbone_classifier("mobilenetv2", SHAPE, CLASSES, pretrained=True)
    assert pretrained.get_layer("backbone").get_layer("bn_Conv1").momentum == 0.999  # Frozen anyway.


def test_caffe_preprocessing_never_learns_even_when_every_layer_does():
    model = backbones.build_backbone_classifier("resnet50", SHAPE, CLASSES)
    finetune.apply_phase(model, finetune.Phase("train", 1, 1e-3, "*"))
    assert not model.get_layer("caffe_preprocess").trainable
    assert model.get_layer("backbone").get_layer("conv1_bn").trainable  # From scratch: batch norm learns.


def test_the_trainers_bfloat16_copy_of_a_pretrained_backbone_keeps_batch_norm_frozen():
    from training import precision

    model = _pretrained_like()  # MobileNetV3 holds bare operations (`x + 3`), which have no dtype.
    copy = precision.with_policy(model, "mixed_bfloat16")
    assert precision.policy_name(copy) == "mixed_bfloat16" and backbones.is_frozen_batchnorm_call(copy)
    images, _ = _data()
    before = _snapshot(copy)
    copy(images, training=True)
    assert not any(path.endswith("moving_mean") for path in _changed(before, _snapshot(copy)))
