"""One inspection engine per loaded model: every layer's output from one forward pass, cached per image.

The engine is the app's one wrapper around a model: it extends `core.predictor.Classifier`
(batches through a probabilities-only compiled pass) with a second compiled pass that walks
the model's graph (nested models included, see `models.keras_graph.run_layers`) and returns
the output of every layer together with the class probabilities. The outputs of the last few
images are cached: classifying a photo and then asking for any of its layers costs one
forward pass. Gradients for Grad-CAM and saliency come from a third compiled function per
target layer, which scores classes before the softmax (the class logits) where it can.

Create and use an engine on one thread (Keras state is thread-local); the app does so on
its worker thread.
"""

import collections
import dataclasses
import hashlib

from core import predictor
from inspection import graph
from models.keras_graph import run_layers

# Images whose activations are kept; each costs about one forward pass of memory.
DEFAULT_CACHE_IMAGES = 3


@dataclasses.dataclass(frozen=True)
class LayerInfo:
    """What the layer list shows about one inspectable output.

    Attributes:
        name: the display name, unique in the model; pass it to `activations`.
        type: the layer's class name ("Conv2D", "MaxPooling2D", "Functional", ...).
        output_shape: shape of one image's output, without the batch axis.
        is_conv: the layer is a convolution (it has filters to show).
        has_spatial_output: the output is a (height, width, channels) volume (feature maps).
        full_name: nested models and layer joined by "/"; also accepted as a name.
        is_model: the entry is a nested model as a whole.
    """

    name: str
    type: str
    output_shape: tuple
    is_conv: bool
    has_spatial_output: bool
    full_name: str = ""
    is_model: bool = False

    def to_json(self):
        """Returns {"name", "type", "output_shape"} ready for JSON."""
        return {"name": self.name, "type": self.type, "output_shape": list(self.output_shape)}


class InspectionEngine(predictor.Classifier):
    """Serves the class probabilities and the outputs of every layer of one model for any image.

    Args:
        loaded: a `core.modelfile.LoadedModel`.
        cache_images: how many images' activations to keep.

    Attributes:
        forward_passes: forward passes run so far (one per batch, and one per image not in
            the cache).
        gradient_passes: gradient passes run so far (Grad-CAM, saliency).
    """

    def __init__(self, loaded, cache_images=DEFAULT_CACHE_IMAGES):
        import tensorflow as tf

        super().__init__(loaded)
        self.graph = graph.describe(self.model)
        self.layers = [_layer_info(site) for site in self.graph.sites]
        self.gradient_passes = 0
        self._cache = collections.OrderedDict()
        self._cache_images = max(1, cache_images)
        self._forward = tf.function(self._all_outputs, input_signature=[self._batch_spec])
        self._scoring = _ScoreLayer.for_graph(self.graph)
        if len(self.graph.output_sites) == 1:  # The graph sees through nested models: it knows best.
            self._outputs_probabilities = self._scoring.outputs_probabilities(0)
        self._gradient_functions = {}
        self._architecture = None

    # Layers.

    def layer(self, name):
        """Returns the `LayerInfo` called `name` (display or full name).

        Raises:
            inspection.graph.LayerNotFoundError: no such layer.
        """
        return _layer_info(self.graph.site(name))

    def last_conv_layer(self):
        """Returns the name of the convolution farthest from the input, or None."""
        site = self.graph.last_conv()
        return site.name if site else None

    def gradcam_layer(self):
        """Returns the layer Grad-CAM uses by default: the last convolutional feature map.

        That is the farthest spatial output from the input (the activation after the last
        convolution, or the block output that ends the network's last stage), skipping a
        final pooling layer, which only loses resolution, and maps of 1x1, which cannot
        show where (`inspection.graph.ModelGraph.last_feature_map`).

        Raises:
            ValueError: the model has no layer with a spatial output.
        """
        site = self.graph.last_feature_map()
        if site is None:
            raise ValueError("the model has no layer with a (height, width, channels) output to explain")
        return site.name

    def gives_probabilities(self, layer_name):
        """Whether a layer outputs probabilities (it ends in a softmax): pictures draw them from 0 to 1.

        Raises:
            inspection.graph.LayerNotFoundError: no such layer.
        """
        site = self.graph.site(layer_name)
        return site.type == "Softmax" or _is_softmax(getattr(site.layer, "activation", None))

    def block_outputs(self):
        """Names of the outputs shown by default: pooling layers and the ends of blocks."""
        return [site.name for site in self.graph.block_outputs()]

    def architecture(self):
        """Returns the library's architecture table of this model (`models.table.ArchTable`), or None.

        Output shapes, parameters, multiply-adds, memory and receptive field per layer;
        None while the table module is not available.
        """
        if self._architecture is None:
            try:
                from models import table
            except ImportError:
                return None
            self._architecture = table.architecture_table(self.model)
        return self._architecture

    def layer_list(self):
        """Every layer in execution order, each with its line of the architecture table.

        The table and the layer list come from the same walk (`models.keras_graph.run_layers`),
        so the n-th layer call of one is the n-th of the other: they are paired by position,
        not by name, which nested models may repeat.

        Returns:
            [(LayerInfo or None, ArchRow or None)]: the model's inputs first (a table row
            only), then every output; a nested model as a whole and a layer's second and later
            outputs have no row of their own. Rows are None when the table cannot be computed.
        """
        try:
            table = self.architecture()
        except Exception:  # The table is a help: a model it cannot read still lists its layers.
            table = None
        rows = list(table.rows) if table is not None else []
        inputs = 0
        while inputs < len(rows) and rows[inputs].type == "InputLayer":
            inputs += 1
        calls = [site for site in self.graph.sites if not site.is_model and site.key[2] == 0]
        walked = rows[inputs:]
        if len(walked) != len(calls) or any(row.name != site.path[-1] for row, site in zip(walked, calls)):
            walked = [None] * len(calls)  # Not the same walk after all: show no numbers rather than wrong ones.
        row_of = {site.key: row for site, row in zip(calls, walked)}
        return [(None, row) for row in rows[:inputs]] + [
            (_layer_info(site), row_of.get(site.key)) for site in self.graph.sites]

    # Images.

    def predict_all(self, image):
        """Every head's class probabilities for `image`: a list of (classes,) arrays.

        One forward pass gives them together with every layer's output, which stay cached for
        `activations`; an image in the cache costs nothing. `predict(image, attribute)` gives
        one head's.
        """
        return [probabilities[0] for probabilities in self._run(image)[1]]

    # Activations.

    def activations(self, image, layer_name):
        """Returns what layer `layer_name` outputs for `image`, batch axis included.

        Args:
            image: uint8 image at the model's input size.
            layer_name: a name from `layers` (display or full name).

        Returns:
            A read-only float array, shape (1,) + the layer's output shape.

        Raises:
            inspection.graph.LayerNotFoundError: no such layer.
        """
        site = self.graph.site(layer_name)
        return self._run(image)[0][site.name]

    def all_activations(self, image):
        """Returns {layer name: activation} for every layer, from at most one forward pass."""
        return dict(self._run(image)[0])

    def _run(self, image):
        batch = self.model_input(image)
        key = hashlib.sha1(batch.tobytes()).hexdigest()
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        self.forward_passes += 1
        outputs, probabilities = self._forward(batch)
        result = ({name: _read_only(value.numpy()) for name, value in outputs.items()},
                  [_read_only(value.numpy()) for value in probabilities])
        self._cache[key] = result
        while len(self._cache) > self._cache_images:
            self._cache.popitem(last=False)
        return result

    def _all_outputs(self, batch):
        import keras

        outputs = {}

        def visit(key, layer, values, inputs):
            for index, value in enumerate(keras.tree.flatten(values)):
                outputs[self.graph.site_for_key(key + (index,)).name] = value

        return outputs, self._head_probabilities(run_layers(self.model, batch, _call_for_inference, visit))

    # Gradients.

    def gradients(self, image, layer_name, class_index, attribute=None):
        """Returns a layer's output and the gradient of one class score with respect to it.

        The class score is the class logit (the softmax is left out) when the model ends
        in a softmax that can be separated, else the class probability.

        Args:
            image: uint8 image at the model's input size.
            layer_name: the layer, or None for the model input (saliency).
            class_index: index of the class in the head's output.
            attribute: the head (`head_index`: a name or an index); the first by default.

        Returns:
            (activation, gradient), two float arrays of the same shape, batch axis included.
        """
        import tensorflow as tf

        site = None if layer_name is None else self.graph.site(layer_name)
        head = self.head_index(attribute)
        class_count = len(self.head_classes(head))
        if not 0 <= class_index < class_count:
            raise ValueError(f"class index {class_index} is out of range (the model has {class_count} classes)")
        function = self._gradient_function(site, head)
        self.gradient_passes += 1
        value, gradient = function(self.model_input(image), tf.constant(class_index, tf.int32))
        return value.numpy(), gradient.numpy()

    @property
    def scores_logits(self):
        """True when gradients are taken of class logits, False when of probabilities."""
        return self._scoring.logits_available(0)

    def _gradient_function(self, site, head=0):
        key = (None if site is None else site.name, head)
        if key not in self._gradient_functions:
            self._gradient_functions[key] = self._make_gradient_function(site, head)
        return self._gradient_functions[key]

    def _make_gradient_function(self, site, head=0):
        import keras
        import tensorflow as tf

        target_key = None if site is None else site.key

        def gradients(batch, class_index):
            watched = []
            with tf.GradientTape() as tape:
                if target_key is None:
                    tape.watch(batch)
                    watched.append(batch)

                def visit(key, layer, values, inputs):
                    if target_key is not None and key == target_key[:2]:
                        value = keras.tree.flatten(values)[target_key[2]]
                        tape.watch(value)
                        watched.append(value)

                scores = keras.tree.flatten(run_layers(self.model, batch, self._scoring.call, visit))[head]
                score = tf.reduce_sum(tf.gather(scores, class_index, axis=-1))
            return watched[0], tape.gradient(score, watched[0])

        return tf.function(gradients, input_signature=[self._batch_spec, tf.TensorSpec([], tf.int32)])


class _ScoreLayer:
    """Calls the model's layers for gradients, leaving out each output's final softmax where it can."""

    def __init__(self, heads=()):
        # Per output: (output layer, skip it, its linear twin, it outputs probabilities).
        self.heads = list(heads)
        self._by_layer = {id(layer): (skip, twin) for layer, skip, twin, _ in self.heads if layer is not None}

    def outputs_probabilities(self, index):
        """Whether output `index` already gives probabilities (a softmax at its end)."""
        return self.heads[index][3] if index < len(self.heads) else False

    def logits_available(self, index):
        if index >= len(self.heads):
            return True
        _, skip, twin, probabilities = self.heads[index]
        return not probabilities or skip or twin is not None

    @classmethod
    def for_graph(cls, model_graph):
        return cls([cls._head(site) for site in model_graph.output_sites])

    @staticmethod
    def _head(site):
        layer = site.layer
        if site.type == "Softmax" or (site.type == "Activation" and _is_softmax(layer.activation)):
            return (layer, True, None, True)
        if _is_softmax(getattr(layer, "activation", None)):
            return (layer, False, _linear_twin(layer, site), True)
        return (None, False, None, False)

    def call(self, layer, args, kwargs, node=None):
        skip, twin = self._by_layer.get(id(layer), (False, None))
        if skip:
            return args[0]
        if twin is not None:
            return _call_for_inference(twin, args, kwargs)
        return _call_for_inference(layer, args, kwargs)


def _linear_twin(layer, site):
    """Returns a copy of `layer` without its activation, or None where that cannot be made."""
    import keras

    try:
        config = dict(layer.get_config(), activation="linear")
        twin = type(layer).from_config(config)
        twin.build(site.input_shapes[0])
        if len(twin.weights) != len(layer.weights):
            return None
        for mine, theirs in zip(twin.weights, layer.weights):
            mine.assign(keras.ops.convert_to_numpy(theirs))
        return twin
    except Exception:  # A custom layer we cannot rebuild: gradients then use probabilities.
        return None


def _is_softmax(activation):
    name = getattr(activation, "__name__", "") or type(activation).__name__
    return "softmax" in str(name).lower()


def _call_for_inference(layer, args, kwargs, node=None):
    if getattr(layer, "_call_has_training_arg", False):
        kwargs = dict(kwargs, training=False)
    return layer(*args, **kwargs)


def _read_only(array):
    array.flags.writeable = False
    return array


def _layer_info(site):
    return LayerInfo(
        name=site.name, type=site.type, output_shape=site.output_shape, is_conv=site.is_conv,
        has_spatial_output=site.has_spatial_output, full_name=site.full_name, is_model=site.is_model)
