"""One shared backbone, one head per attribute, and a loss that ignores blank cells.

    model = with_heads(built, attributes)                  # one head per attribute on the shared backbone
    compile_model(model, weights, optimizer)               # masked loss and accuracy per attribute

The backbone is everything up to the network's features (its last Flatten or global pooling):
the convolutions, shared by every attribute. Each attribute gets its own head: a copy of the
network's fully connected classifier layers (e.g. vgg-mini's `fc1` and its dropout) and a Dense
softmax named `predictions_<attribute>`. Measured on real photos (README), one shared `fc1` let
the colour attributes take it over: the crack head then learned nothing. A classifier block of
more than `MAX_TOWER_PARAMETERS` (VGG16's 4096-unit layers) is shared instead of copied.
Layer names are ASCII words Keras accepts (`output_names`); the attribute's real name (Chinese is
fine) stays in the model file's metadata.

The masked loss: sparse categorical cross-entropy where label -1 (a blank cell) contributes
exactly zero loss and zero gradient, class weights applied per photo, normalised per attribute
by the number of photos labelled for it in the batch. That normalisation makes each attribute's
loss the mean cross-entropy over its labelled photos: the very number a single-attribute model
minimises, on the same scale whatever share of cells is blank. Normalising by the batch size
instead would shrink an attribute's loss, and so its say in the shared backbone, by its share of
blank cells (a column labelled on one photo in five would count a fifth). With one attribute and
no blank cell both are Keras's own loss with class weights.

Balancing: an attribute that is slow to learn (its training loss still near where it started)
would otherwise be starved by the quick ones in the shared layers: on real and on synthetic photos
the crack head stayed at chance while the colour heads learned. After each epoch every attribute's
loss is weighted by its training loss relative to its first epoch's, divided by the mean of those
ratios (the "inverse training rate" of GradNorm, Chen et al. 2018, without its gradient norms), so
the attributes still to learn get more of the shared layers' gradient. The weights only steer the
training: `loss`, `val_loss` and each attribute's losses are logged unweighted, `loss` and
`val_loss` as means over attributes, and the best epoch is the one with the lowest mean
validation loss.
Imported once Keras is loaded (by the trainer, the checkpoint loader and the tests).
"""

import re

import keras
from keras import ops

from core.messages import Message, at_path

HEAD_PREFIX = "predictions_"
_PACKAGE = "tonguelens"
# A classifier block larger than this is shared by the attributes rather than copied per attribute.
MAX_TOWER_PARAMETERS = 4_000_000
# Layers a classifier block (between the features and the last Dense) may be made of.
_TOWER_LAYERS = ("Dense", "Dropout", "Activation", "ReLU", "LeakyReLU", "BatchNormalization")


def output_names(names):
    """A valid, unique Keras layer name per attribute: `predictions_<ascii words>`.

    Keras (TensorFlow's name scopes) accepts only `[A-Za-z0-9_.-]`; the ASCII words of the
    name are kept (`舌色 body-colour` gives `predictions_body_colour`), and a name without any
    (`舌色`) becomes `predictions_attribute<n>`, n counted from 1.
    """
    chosen = []
    for index, name in enumerate(names, start=1):
        words = re.sub(r"[^a-z0-9]+", "_", str(name).lower()).strip("_")
        base = f"{HEAD_PREFIX}{words or f'attribute{index}'}"
        candidate, suffix = base, 2
        while candidate in chosen:
            candidate, suffix = f"{base}_{suffix}", suffix + 1
        chosen.append(candidate)
    return chosen


def with_heads(model, attributes, names=None, path=None):
    """The model with one head per attribute instead of its classifier (see the module's docstring).

    Args:
        model: a built single-output `keras.Model` (any architecture of the library).
        attributes: `training.attribute_data.Attribute`s (name, classes), in output order.
        names: the heads' layer names (default `output_names`).
        path: the model's file, named in an error.

    Returns:
        A new `keras.Model` sharing the backbone's layers.

    Raises:
        training.config.TrainingError: the model has no Dense layer to replace.
    """
    from training.config import TrainingError

    names = names or output_names([attribute.name for attribute in attributes])
    dense = next((layer for layer in reversed(model.layers) if isinstance(layer, keras.layers.Dense)), None)
    if dense is None:
        message = Message("trainer.no_dense_head")
        raise TrainingError(at_path(path, message) if path else message)
    tower = classifier_block(dense)
    if sum(layer.count_params() for layer in tower) > MAX_TOWER_PARAMETERS:
        tower = []
    features = tower[0].input if tower else dense.input
    outputs = []
    for attribute, name in zip(attributes, names):
        x = features
        for layer in tower:
            x = _copy_layer(layer, f"{layer.name}_{name[len(HEAD_PREFIX):]}", x)
        outputs.append(keras.layers.Dense(len(attribute.classes), activation="softmax", name=name)(x))
    return keras.Model(model.inputs, outputs, name=model.name)


def classifier_block(dense):
    """The chain of fully connected layers that feeds `dense` (the last Dense), first layer first.

    Walks back from `dense` through Dense, Dropout, activation and batch-norm layers with one
    input, stopping at the features (a Flatten, a global pooling, anything else).
    """
    block = []
    layer = _producer(dense.input)
    while layer is not None and type(layer).__name__ in _TOWER_LAYERS and len(layer._inbound_nodes) == 1:  # noqa: SLF001
        block.insert(0, layer)
        layer = _producer(layer.input)
    return block


def _producer(tensor):
    history = getattr(tensor, "_keras_history", None)
    return None if history is None else history.operation


def _copy_layer(layer, name, x):
    """A new layer like `layer` (same settings and weights) applied to `x`."""
    copy = type(layer).from_config(dict(layer.get_config(), name=name))
    y = copy(x)
    if layer.weights:
        copy.set_weights(layer.get_weights())
    return y


def compile_model(model, class_weights, optimizer):
    """Compiles a model with one head per attribute: masked loss, masked accuracy, mean over attributes.

    Args:
        model: the model from `with_heads` (outputs in attribute order).
        class_weights: per attribute, a weight per class (or None: every class weighs 1).
        optimizer: a Keras optimizer.
    """
    count = len(model.outputs)
    weights = class_weights or [None] * count
    model.compile(
        optimizer=optimizer,
        loss=[MaskedSparseCategoricalCrossentropy(class_weights=w) for w in weights],
        loss_weights=[1.0 / count] * count,
        metrics=[[MaskedAccuracy()] for _ in range(count)])


@keras.saving.register_keras_serializable(package=_PACKAGE)
class MaskedSparseCategoricalCrossentropy(keras.losses.Loss):
    """Sparse categorical cross-entropy that ignores label -1, with class weights.

    Per photo: `weight[label] * crossentropy * (label >= 0) * batch / labelled`, so Keras's
    own "sum over batch size" reduction (which also scales for `tf.distribute`) gives the
    weighted sum over labelled photos divided by their number. A blank photo's term is a
    product with 0: its value and its gradient are exactly 0.

    Args:
        class_weights: a weight per class, or None.
        from_logits: the predictions are logits, not probabilities.
    """

    def __init__(self, class_weights=None, from_logits=False, name="masked_sparse_categorical_crossentropy",
                 reduction="sum_over_batch_size", dtype=None):
        super().__init__(name=name, reduction=reduction, dtype=dtype)
        self.class_weights = None if class_weights is None else [float(w) for w in class_weights]
        self.from_logits = from_logits
        # The balancing weight of this attribute (`AttributeLogs`); read by every step, not saved.
        self.balance = keras.Variable(1.0, trainable=False, dtype="float32", name="attribute_balance")

    def call(self, y_true, y_pred):
        labels = ops.cast(ops.reshape(y_true, (-1,)), "int32")
        labelled = labels >= 0
        safe = ops.where(labelled, labels, ops.zeros_like(labels))
        crossentropy = keras.losses.sparse_categorical_crossentropy(safe, y_pred, from_logits=self.from_logits)
        mask = ops.cast(labelled, crossentropy.dtype)
        weight = mask
        if self.class_weights is not None:
            table = ops.convert_to_tensor(self.class_weights, dtype=crossentropy.dtype)
            weight = weight * ops.take(table, safe)
        batch = ops.cast(ops.shape(labels)[0], crossentropy.dtype)
        scale = batch / ops.maximum(ops.sum(mask), 1.0) * ops.cast(self.balance, crossentropy.dtype)
        return crossentropy * weight * scale

    def get_config(self):
        config = super().get_config()
        config.update(class_weights=self.class_weights, from_logits=self.from_logits)
        return config


@keras.saving.register_keras_serializable(package=_PACKAGE)
class MaskedAccuracy(keras.metrics.Mean):
    """Accuracy over the photos labelled for an attribute (label -1 is left out)."""

    def __init__(self, name="accuracy", dtype=None):
        super().__init__(name=name, dtype=dtype)

    def update_state(self, y_true, y_pred, sample_weight=None):
        labels = ops.cast(ops.reshape(y_true, (-1,)), "int32")
        predicted = ops.cast(ops.argmax(y_pred, axis=-1), "int32")
        hits = ops.cast(ops.equal(predicted, labels), "float32")
        return super().update_state(hits, sample_weight=ops.cast(labels >= 0, "float32"))


def log_names(model):
    """Per output, the Keras log keys of its loss and accuracy: [(loss key, accuracy key)].

    A one-output model logs `loss` and `accuracy`; several outputs log `<head>_loss` and
    `<head>_accuracy`.
    """
    names = [tensor._keras_history.operation.name for tensor in model.outputs]  # noqa: SLF001
    if len(names) == 1:
        return [("loss", "accuracy")]
    return [(f"{name}_loss", f"{name}_accuracy") for name in names]


class AttributeLogs(keras.callbacks.Callback):
    """Logs a multi-head run unweighted, with means over attributes, and balances the attributes.

    Listed before `training.monitor.TrainingMonitor`: Keras hands every callback the same logs
    dict in order, so the monitor, the progress lines and the history see what this writes:
    each attribute's losses without its balancing weight, `loss` and `val_loss` their means,
    `accuracy` and `val_accuracy` the means of the attributes' accuracies. At the end of each
    epoch it then sets the weights for the next one (see the module's docstring).

    Args:
        losses: the compiled `MaskedSparseCategoricalCrossentropy` of each head; or None: the
            model's own, read when each `fit` begins (a run in phases compiles each phase anew;
            the new losses take over the weights reached so far).
        keys: (loss key, accuracy key) of each head in Keras's logs (`log_names`).
        history: the run's history ({column: [value per epoch]}); its first epoch's training
            losses are the balancing's reference (also after a resume).
    """

    async_safe = True  # Only reads and extends the logs dict it is given; weights change between epochs.

    def __init__(self, losses, keys, history):
        super().__init__()
        self._from_model = losses is None
        self.losses = [] if losses is None else list(losses)
        self.keys = list(keys)
        self.history = history

    def on_train_begin(self, logs=None):
        if not self._from_model:
            return
        compiled = self.model.loss
        compiled = list(compiled) if isinstance(compiled, (list, tuple)) else [compiled]
        for old, new in zip(self.losses, compiled):
            if old is not new:  # A new phase's compile: keep the balance reached in the last one.
                new.balance.assign(old.balance.numpy())
        self.losses = compiled

    def on_train_batch_end(self, batch, logs=None):
        self._unweigh(logs, "")

    def on_test_batch_end(self, batch, logs=None):
        self._unweigh(logs, "")

    def on_epoch_end(self, epoch, logs=None):
        if logs is None or len(self.keys) < 2:
            return
        self._unweigh(logs, "")
        self._unweigh(logs, "val_")
        self._balance(logs)

    def _unweigh(self, logs, prefix):
        if logs is None or len(self.keys) < 2:
            return
        losses, accuracies = [], []
        for loss, (loss_key, accuracy_key) in zip(self.losses, self.keys):
            value = logs.get(prefix + loss_key)
            if value is not None:
                logs[prefix + loss_key] = float(value) / float(loss.balance.numpy())
                losses.append(logs[prefix + loss_key])
            if logs.get(prefix + accuracy_key) is not None:
                accuracies.append(float(logs[prefix + accuracy_key]))
        if len(losses) == len(self.keys):
            logs[prefix + "loss"] = sum(losses) / len(losses)
        if accuracies:
            logs[prefix + "accuracy"] = sum(accuracies) / len(accuracies)

    def _balance(self, logs):
        current = [logs.get(loss_key) for loss_key, _ in self.keys]
        first = [(self.history.get(loss_key) or [None])[0] for loss_key, _ in self.keys]
        first = [value if value is not None else now for value, now in zip(first, current)]
        if any(value is None or not value > 0 for value in current + first):
            return
        ratios = [now / start for now, start in zip(current, first)]
        mean = sum(ratios) / len(ratios)
        for loss, ratio in zip(self.losses, ratios):
            loss.balance.assign(min(10.0, max(0.1, ratio / mean)))
