"""The inspectable outputs of any Keras model, nested models included, with readable names.

Keras can give the output of a top-level layer (`keras.Model(model.inputs, layer.output)`),
but not of a layer inside a nested model (a base model or a block inside a model): that
layer's `output` belongs to the nested model's own graph, which is not connected to the
outer inputs. So the graph is run one layer call at a time by the one graph walker,
`models.keras_graph.run_layers`, which reports every call to a callback: that is how one
forward pass yields every layer's output (`inspection.engine`).

Here the same walk, run on symbolic specs (`compute_output_spec`), lists the layers with their
output shapes without computing anything and without adding nodes to the user's model.
"""

import dataclasses

from models.keras_graph import is_graph_model, run_layers

# Appended to a layer's name for its second, third... call (a shared layer).
CALL_MARK = "@"
# Appended to a layer's name for each output of a layer with several outputs.
OUTPUT_MARK = ":"
# Joins the names of nested models and the layer inside them.
PATH_SEPARATOR = "/"

_CONV_TYPES = ("Conv1D", "Conv2D", "GroupedConv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose",
               "DepthwiseConv1D", "DepthwiseConv2D", "SeparableConv1D", "SeparableConv2D")
_POOL_WORDS = ("Pooling", "Pool")
_PADDING_TYPES = ("ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D", "Cropping2D")


class LayerNotFoundError(ValueError):
    """A layer name that the model does not have."""


@dataclasses.dataclass(frozen=True)
class Site:
    """One inspectable output: one output of one call of one layer.

    Attributes:
        name: the display name, unique in the model: the layer's own name when that is
            unique, else its path joined with "/"; "@2" marks a shared layer's second call,
            ":1" a layer's second output.
        full_name: the path name, always accepted when looking a layer up.
        path: names of the enclosing nested models, then the layer's name.
        layer: the Keras layer (or operation).
        type: the layer's class name.
        output_shape: shape of one image's output, without the batch axis.
        input_sites: names of the sites whose outputs feed this call.
        key: (path, call index, output index); what the walk reports.
        is_model: the layer is a nested model (its output is its last layers' output).
        input_shapes: shapes of the call's inputs, batch axis included.
    """

    name: str
    full_name: str
    path: tuple
    layer: object
    type: str
    output_shape: tuple
    input_sites: tuple
    key: tuple
    is_model: bool = False
    input_shapes: tuple = ()

    @property
    def is_conv(self):
        """Tells whether the layer is a convolution (of any kind)."""
        return self.type in _CONV_TYPES or (hasattr(self.layer, "kernel_size") and hasattr(self.layer, "kernel"))

    @property
    def is_pool(self):
        """Tells whether the layer is a pooling layer with a spatial output."""
        return any(word in self.type for word in _POOL_WORDS) and self.has_spatial_output

    @property
    def has_spatial_output(self):
        """Tells whether one image's output is an image-like (height, width, channels) volume."""
        return len(self.output_shape) == 3


def describe(model):
    """Lists every inspectable output of `model`, in execution order, without computing anything.

    Shapes come from a symbolic run (`compute_output_spec`), which adds no node to the model.

    Args:
        model: a Keras model with one fixed-size input.

    Returns:
        A `ModelGraph`.
    """
    import keras

    records = []
    producers = {}
    leaf_producers = {}

    def visit(key, layer, outputs, inputs):
        flat = keras.tree.flatten(outputs)
        feeding = tuple(dict.fromkeys(producers[id(value)] for value in inputs if id(value) in producers))
        input_shapes = tuple(tuple(value.shape) for value in inputs if hasattr(value, "shape"))
        start = len(records)
        for output_index, value in enumerate(flat):
            records.append((key, output_index, len(flat), layer, tuple(value.shape[1:]), feeding, input_shapes))
        for offset, value in enumerate(flat):
            producers[id(value)] = start + offset
            if not is_graph_model(layer):
                leaf_producers[id(value)] = start + offset

    def apply(layer, args, kwargs, node):
        return layer.compute_output_spec(*args, **kwargs)

    specs = [keras.KerasTensor(tensor.shape, dtype=tensor.dtype) for tensor in model.inputs]
    outputs = keras.tree.flatten(run_layers(model, specs if len(specs) > 1 else specs[0], apply, visit))
    sites = _name_sites(records)
    output_sites = [sites[leaf_producers[id(value)]] for value in outputs if id(value) in leaf_producers]
    return ModelGraph(sites, output_sites)


def _name_sites(records):
    full_names = [_full_name(key, index, count) for key, index, count, *_ in records]
    short_names = [_short_name(key, index, count) for key, index, count, *_ in records]
    short_counts = {}
    for name in short_names:
        short_counts[name] = short_counts.get(name, 0) + 1
    names = [short if short_counts[short] == 1 else full for short, full in zip(short_names, full_names)]
    sites = []
    for (key, index, _, layer, shape, feeding, input_shapes), name, full_name in zip(records, names, full_names):
        path, call_index = key
        sites.append(Site(
            name=name, full_name=full_name, path=path, layer=layer, type=type(layer).__name__,
            output_shape=tuple(None if size is None else int(size) for size in shape),
            input_sites=tuple(names[position] for position in feeding),
            key=(path, call_index, index), is_model=is_graph_model(layer), input_shapes=input_shapes))
    return sites


def _suffix(call_index, output_index, output_count):
    suffix = f"{CALL_MARK}{call_index + 1}" if call_index else ""
    return suffix + (f"{OUTPUT_MARK}{output_index}" if output_count > 1 else "")


def _short_name(key, output_index, output_count):
    path, call_index = key
    return path[-1] + _suffix(call_index, output_index, output_count)


def _full_name(key, output_index, output_count):
    path, call_index = key
    return PATH_SEPARATOR.join(path) + _suffix(call_index, output_index, output_count)


class ModelGraph:
    """The inspectable outputs of one model, in execution order, with name look-up.

    Args:
        sites: the `Site`s, in execution order.
        output_sites: the layers (never a nested model) that produce the model's outputs.
    """

    def __init__(self, sites, output_sites=()):
        self.sites = list(sites)
        self.output_sites = list(output_sites)
        self._by_name = {}
        for site in self.sites:
            self._by_name.setdefault(site.full_name, site)
        for site in self.sites:
            self._by_name[site.name] = site

    @property
    def names(self):
        """The display names, in execution order."""
        return [site.name for site in self.sites]

    def site(self, name):
        """Returns the `Site` called `name` (display name or full path name).

        Raises:
            LayerNotFoundError: no such layer; the message lists some that exist.
        """
        site = self._by_name.get(name)
        if site is None:
            raise LayerNotFoundError(_unknown_layer_message(name, self.names))
        return site

    def site_for_key(self, key):
        """Returns the `Site` reported by the walk under `key` ((path, call index, output index))."""
        if not hasattr(self, "_by_key"):
            self._by_key = {site.key: site for site in self.sites}
        return self._by_key[key]

    def conv_sites(self):
        """The convolution layers' outputs, in execution order."""
        return [site for site in self.sites if site.is_conv]

    def depth(self, site):
        """The number of layers on the longest path from the input to `site`'s output."""
        if not hasattr(self, "_depths"):
            self._depths = {}
            for position, each in enumerate(self.sites):  # Execution order is a topological order.
                if each.is_model:  # As deep as the layers inside it, which all ran before it.
                    inner = [self._depths[other.name] for other in self.sites[:position]
                             if other.path[:len(each.path)] == each.path]
                    self._depths[each.name] = max(inner, default=0)
                else:
                    self._depths[each.name] = 1 + max(
                        (self._depths[name] for name in each.input_sites), default=0)
        return self._depths[site.name]

    def last_conv(self):
        """The convolution farthest from the input (a shortcut projection is never it), or None."""
        convs = [site for site in self.sites if site.is_conv and site.has_spatial_output]
        return max(reversed(convs), key=self.depth) if convs else None

    def last_feature_map(self):
        """The last spatial output before the network pools it away: where Grad-CAM looks by default.

        The farthest spatial output from the input that is not a pooling layer (after a
        final pooling, the layer before it keeps more resolution) nor a nested model, and
        whose map is larger than 1x1: a 1x1 map (LeNet-5's C5) has no place to point at.
        Only when every map is 1x1 is the last of those chosen.

        Returns:
            The `Site`, or None when no layer has a spatial output.
        """
        spatial = [site for site in self.sites
                   if site.has_spatial_output and not site.is_model and not site.is_pool and site.type != "InputLayer"
                   and site.type not in ("Rescaling", "Normalization")]
        candidates = [site for site in spatial if _area(site) != 1] or spatial  # An unknown size (0) may be large.
        return max(reversed(candidates), key=self.depth) if candidates else None

    def block_outputs(self):
        """The outputs a person looks at first: where each block of the network ends.

        These are every pooling layer's output, every output that feeds a layer working at
        a lower resolution (the end of a VGG block or a ResNet stage, just before the
        network downsamples) and the last spatial output.
        """
        spatial = [site for site in self.sites if site.has_spatial_output and site.type != "InputLayer"]
        downsampled_inputs = set()
        for site in spatial:
            if site.is_model:
                continue  # A nested model's input is the input of its first layer, seen there.
            for name in site.input_sites:
                source = self._by_name[name]
                if source.has_spatial_output and _area(site) < _area(source):
                    downsampled_inputs.add(self._before_padding(source).name)
        chosen = [site for site in spatial if site.is_pool or site.name in downsampled_inputs]
        if spatial:
            chosen.append(spatial[-1])
        # A nested model's output is its last layer's output: show that layer, by its own name.
        chosen = [self._inner_layer(site) if site.is_model else site for site in chosen]
        return list(dict.fromkeys(chosen))

    def _before_padding(self, site):
        # Padding before a strided convolution only adds a border: show what it pads.
        while site.type in _PADDING_TYPES and len(site.input_sites) == 1:
            source = self._by_name[site.input_sites[0]]
            if not source.has_spatial_output:
                break
            site = source
        return site

    def _inner_layer(self, model_site):
        position = self.sites.index(model_site)
        for site in reversed(self.sites[:position]):
            if not site.is_model and site.path[:len(model_site.path)] == model_site.path:
                return site if site.output_shape == model_site.output_shape else model_site
        return model_site


def _area(site):
    height, width = site.output_shape[:2]
    return (height or 0) * (width or 0)


def _unknown_layer_message(name, names):
    shown = ", ".join(names[:12]) + (", ..." if len(names) > 12 else "")
    return f"the model has no layer named {name!r} (layers: {shown})"
