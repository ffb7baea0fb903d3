"""Checks a `.keras` file's `config.json` against an allow-list before Keras builds anything from it.

Keras safe mode refuses pickled Python code, but it still builds whatever classes and calls
whatever functions a config names, and some of those reach past the model: a Lambda layer
whose "function" is `keras.layers.TFSMLayer` loads a TensorFlow SavedModel from a path in
the file and runs its initializers; one whose function is `keras.config.set_backend`
changes the whole process. So TongueLens reads the config itself first and lets through
only what an image classifier is made of:

- Keras's own layers that compute on tensors (convolutions, pooling, normalization,
  merging, attention, image preprocessing and augmentation...), never Lambda, TFSMLayer,
  JAX/Flax/Torch wrappers or the text lookup layers (they read vocabulary files);
- TongueLens's registered layers (`tonguelens>...`, see `models.layers`);
- the Functional, Sequential and Model containers, initializers, regularizers,
  constraints and dtype policies, and, in a compiled model's training configuration,
  optimizers, learning-rate schedules, losses and metrics;
- functions only by the names of Keras's activations, losses and metrics.

Anything else is refused with what was found and where, before Keras sees the file;
safe mode stays on behind this as a second wall.

    config = parse_config(text)       # Refused: not JSON, or nested too deeply
    check_config(config, compile=False)
"""

import json

from core.messages import Message
from core.safetext import one_line

# The deepest nesting of objects and lists a config may have (a model in a model in a
# model is still far below it); deeper JSON is refused before it is walked.
MAX_DEPTH = 100
# The longest string anywhere in a config, and the longest name of a layer or model.
MAX_STRING_CHARS = 65_536
MAX_NAME_CHARS = 1_024

_LAYERS = frozenset("""
    InputLayer Dense EinsumDense Activation Identity Masking Embedding
    Conv1D Conv2D Conv3D Conv1DTranspose Conv2DTranspose Conv3DTranspose
    Convolution1D Convolution2D Convolution3D Convolution1DTranspose Convolution2DTranspose Convolution3DTranspose
    DepthwiseConv1D DepthwiseConv2D SeparableConv1D SeparableConv2D SeparableConvolution1D SeparableConvolution2D
    AveragePooling1D AveragePooling2D AveragePooling3D AvgPool1D AvgPool2D AvgPool3D
    MaxPooling1D MaxPooling2D MaxPooling3D MaxPool1D MaxPool2D MaxPool3D
    GlobalAveragePooling1D GlobalAveragePooling2D GlobalAveragePooling3D GlobalAvgPool1D GlobalAvgPool2D
    GlobalAvgPool3D GlobalMaxPooling1D GlobalMaxPooling2D GlobalMaxPooling3D GlobalMaxPool1D GlobalMaxPool2D
    GlobalMaxPool3D AdaptiveAveragePooling1D AdaptiveAveragePooling2D AdaptiveAveragePooling3D
    AdaptiveMaxPooling1D AdaptiveMaxPooling2D AdaptiveMaxPooling3D
    BatchNormalization LayerNormalization GroupNormalization UnitNormalization RMSNormalization
    SpectralNormalization
    Dropout SpatialDropout1D SpatialDropout2D SpatialDropout3D GaussianDropout GaussianNoise AlphaDropout
    ActivityRegularization
    Flatten Reshape Permute RepeatVector Cropping1D Cropping2D Cropping3D ZeroPadding1D ZeroPadding2D
    ZeroPadding3D UpSampling1D UpSampling2D UpSampling3D
    Add Subtract Multiply Average Maximum Minimum Concatenate Dot
    ReLU LeakyReLU PReLU ELU Softmax
    Attention AdditiveAttention MultiHeadAttention GroupQueryAttention
    TimeDistributed
    Rescaling Normalization Resizing CenterCrop Pipeline
    RandomFlip RandomRotation RandomZoom RandomContrast RandomBrightness RandomTranslation RandomCrop
    RandomShear RandomHue RandomSaturation RandomGrayscale RandomInvert RandomPosterization RandomSharpness
    RandomColorDegeneration RandomColorJitter RandomGaussianBlur RandomErasing RandomPerspective
    RandomElasticTransform AutoContrast Solarization Equalization AugMix CutMix MixUp RandAugment
""".split())

# Why a well-known layer that is not allowed is refused (others: "not an image-classifier layer").
_REFUSED_LAYERS = {
    "Lambda": Message("layer.lambda"), "TFSMLayer": Message("layer.saved_model"),
    "JaxLayer": Message("layer.jax"), "FlaxLayer": Message("layer.flax"), "TorchModuleWrapper": Message("layer.torch"),
    "StringLookup": Message("layer.lookup"), "IntegerLookup": Message("layer.lookup"),
    "TextVectorization": Message("layer.vocabulary"),
}

# Bare tensor operations a functional model records as nodes (`x * y`, `x + 3` between layers, as
# keras.applications' MobileNetV3 and EfficientNet write their activations and gates): pure
# arithmetic on tensors, nothing that reaches outside them.
_OPERATIONS = frozenset("""
    Add Subtract Multiply Divide TrueDivide Negative Absolute Abs Square Sqrt Power Exp Log Maximum Minimum
    Clip Mean Sum Max Min Reshape Transpose Concatenate Stack Squeeze ExpandDims Matmul Einsum Where
    Relu Relu6 Sigmoid HardSigmoid HardSilu Silu Swish Gelu Softmax LogSoftmax Tanh Elu Selu Softplus
""".split())
# Layers keras.applications defines in its own modules (ConvNeXt's per-channel scale and stochastic depth).
_APPLICATION_LAYERS = frozenset({"LayerScale", "StochasticDepth"})

_MODELS = frozenset({"Functional", "Sequential", "Model"})
_DTYPE_POLICIES = frozenset({"DTypePolicy", "FloatDTypePolicy", "QuantizedDTypePolicy",
                             "QuantizedFloat8DTypePolicy", "Int4DTypePolicy", "DTypePolicyMap"})
_INITIALIZERS = frozenset("""
    Constant GlorotNormal GlorotUniform HeNormal HeUniform Identity IdentityInitializer LecunNormal LecunUniform
    Ones Orthogonal OrthogonalInitializer RandomNormal RandomUniform TruncatedNormal VarianceScaling Zeros
    STFT STFTInitializer
""".split())
_REGULARIZERS = frozenset({"L1", "L2", "L1L2", "OrthogonalRegularizer"})
_CONSTRAINTS = frozenset({"MaxNorm", "MinMaxNorm", "NonNeg", "UnitNorm"})
_OPTIMIZERS = frozenset("""
    Adadelta Adafactor Adagrad Adam AdamW Adamax Ftrl Lamb Lion LossScaleOptimizer Nadam RMSprop SGD
""".split())
_SCHEDULES = frozenset({"CosineDecay", "CosineDecayRestarts", "ExponentialDecay", "InverseTimeDecay",
                        "PiecewiseConstantDecay", "PolynomialDecay"})
_LOSS_CLASSES = frozenset("""
    BinaryCrossentropy BinaryFocalCrossentropy CategoricalCrossentropy CategoricalFocalCrossentropy
    SparseCategoricalCrossentropy CategoricalHinge Hinge SquaredHinge KLDivergence MeanSquaredError
    MeanAbsoluteError MeanAbsolutePercentageError MeanSquaredLogarithmicError Huber LogCosh Poisson
    CosineSimilarity
""".split())
_LOSS_FUNCTIONS = frozenset("""
    binary_crossentropy binary_focal_crossentropy categorical_crossentropy categorical_focal_crossentropy
    sparse_categorical_crossentropy categorical_hinge hinge squared_hinge kl_divergence mean_squared_error
    mean_absolute_error mean_absolute_percentage_error mean_squared_logarithmic_error huber log_cosh poisson
    cosine_similarity
""".split())
_METRIC_CLASSES = frozenset("""
    AUC Accuracy BinaryAccuracy CategoricalAccuracy SparseCategoricalAccuracy TopKCategoricalAccuracy
    SparseTopKCategoricalAccuracy Precision Recall F1Score FBetaScore PrecisionAtRecall RecallAtPrecision
    SensitivityAtSpecificity SpecificityAtSensitivity TruePositives TrueNegatives FalsePositives FalseNegatives
    Mean Sum BinaryCrossentropy CategoricalCrossentropy SparseCategoricalCrossentropy KLDivergence
    MeanAbsoluteError MeanSquaredError RootMeanSquaredError CategoricalHinge Hinge SquaredHinge
    IoU MeanIoU BinaryIoU OneHotIoU OneHotMeanIoU
""".split())
_METRIC_FUNCTIONS = _LOSS_FUNCTIONS | frozenset("""
    binary_accuracy categorical_accuracy sparse_categorical_accuracy top_k_categorical_accuracy
    sparse_top_k_categorical_accuracy
""".split())
_ACTIVATIONS = frozenset("""
    celu elu exponential gelu glu hard_shrink hard_sigmoid hard_silu hard_swish hard_tanh leaky_relu linear
    log_sigmoid log_softmax mish relu relu6 selu sigmoid silu soft_shrink softmax softplus softsign
    sparse_plus sparse_sigmoid sparsemax squareplus swish tanh tanh_shrink threshold
""".split())

# The registered classes of `models.layers`, by their Keras registered name. GroupedConv2D
# stays here for older files even where newer ones save Keras's own Conv2D(groups=...).
OUR_LAYERS = frozenset({"tonguelens>L2Pooling2D", "tonguelens>LocalResponseNormalization",
                        "tonguelens>GroupedConv2D", "tonguelens>ColourConstancy"})
_OUR_MODULES = (None, "models.layers")
# Registered objects of ours that only a training checkpoint names, and their module: the masked loss and
# accuracy of a labels-table run (`training.multihead`) and the segmenter's loss.
OUR_TRAINING_OBJECTS = {"tonguelens>MaskedSparseCategoricalCrossentropy": "training.multihead",
                        "tonguelens>MaskedAccuracy": "training.multihead",
                        "tonguelens>DiceCrossEntropy": "training.segmentation.losses"}

# (modules where Keras keeps them, allowed class names, allowed function names).
# A module ending in "." covers every module under it.
_FAMILIES = {
    "layer": (("keras.layers", "keras.src.layers."), _LAYERS, frozenset()),
    "operation": (("keras.ops", "keras.src.ops."), _OPERATIONS, frozenset()),
    "application layer": (("keras.src.applications.",), _APPLICATION_LAYERS, frozenset()),
    "model": (("keras", "keras.models", "keras.src.models."), _MODELS, frozenset()),
    "dtype policy": (("keras", "keras.dtype_policies", "keras.mixed_precision", "keras.src.dtype_policies."),
                     _DTYPE_POLICIES, frozenset()),
    "initializer": (("keras.initializers", "keras.src.initializers."), _INITIALIZERS, frozenset()),
    "regularizer": (("keras.regularizers", "keras.src.regularizers."), _REGULARIZERS, frozenset()),
    "constraint": (("keras.constraints", "keras.src.constraints."), _CONSTRAINTS, frozenset()),
    "activation": (("keras.activations", "keras.src.activations.", "builtins"), frozenset(), _ACTIVATIONS),
    "optimizer": (("keras.optimizers", "keras.src.optimizers."), _OPTIMIZERS, frozenset()),
    "learning-rate schedule": (("keras.optimizers.schedules", "keras.src.optimizers.schedules."),
                               _SCHEDULES, frozenset()),
    "loss": (("keras.losses", "keras.src.losses.", "builtins"), _LOSS_CLASSES, _LOSS_FUNCTIONS),
    "metric": (("keras.metrics", "keras.src.metrics.", "builtins"), _METRIC_CLASSES, _METRIC_FUNCTIONS),
}
_TRAINING_ONLY = ("optimizer", "learning-rate schedule", "loss", "metric")

# Keras's own markers for values (tensors, arrays, bytes, slices); `__lambda__` (marshalled
# Python code) and `__typespec__` (any TensorFlow type spec) are not among them.
_VALUE_MARKERS = frozenset({"__keras_tensor__", "__tensor__", "__numpy__", "__bytes__", "__ellipsis__",
                            "__slice__"})
_NUMBER_DTYPES = frozenset("""
    bool bfloat16 float16 float32 float64 half float double int8 int16 int32 int64 uint8 uint16 uint32 uint64
    float8_e4m3fn float8_e5m2 int4 uint4 string
""".split())


_CONTAINERS = (dict, list, str)
_CONFIG = "config.json"


class Refused(ValueError):
    """A model or weights file TongueLens does not hand to Keras or h5py.

    `str(error)` is the reason, without the file's name (the caller adds it): what was found
    and, for a config, where.

    Args:
        message: the reason, a `core.messages.Message`.

    Attributes:
        message: the reason.
    """

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def parse_config(text):
    """Parses `config.json` bytes; refuses what is not one JSON object or is nested too deeply.

    Raises:
        Refused: the text is not UTF-8 JSON, not an object, or nested deeper than Python can parse.
    """
    try:
        config = json.loads(text)
    except RecursionError:
        raise Refused(Message("config.too_nested", file=_CONFIG)) from None
    except (UnicodeDecodeError, ValueError) as error:
        raise Refused(Message("config.not_json", file=_CONFIG, detail=" ".join(str(error).split())[:120])) from None
    if not isinstance(config, dict):
        raise Refused(Message("config.not_object", file=_CONFIG, type=json_type(config)))
    return config


def check_config(config, compile=False):
    """Walks a parsed `config.json`; every class and function it names must be on the allow-list.

    Args:
        config: the parsed config (a dict).
        compile: whether the model will be compiled from its `compile_config`. Without it,
            Keras drops the top-level `compile_config` unread, so it is not checked.

    Raises:
        Refused: the config names something not allowed, or is too deep or too long;
            the message names it and where it is (e.g. `layers[3] 'evil'.config.function`).
    """
    # A place in the config is (parent place, key or (index, item)), turned into text only
    # for a refusal: most configs pass, and that keeps the walk at a few milliseconds.
    stack = [(config, None, 0, False)]
    while stack:
        value, place, depth, training = stack.pop()
        if depth > MAX_DEPTH:
            raise Refused(Message("config.too_deep", file=_CONFIG, depth=MAX_DEPTH, place=_at(place)))
        if isinstance(value, str):
            _check_string(value, place)
        elif isinstance(value, list):
            stack.extend((item, (place, (index, item)), depth + 1, training)
                         for index, item in enumerate(value) if isinstance(item, _CONTAINERS))
        elif isinstance(value, dict):
            if "class_name" in value:
                _check_object(value, place, training)
            for key, item in value.items():
                if not isinstance(item, _CONTAINERS):
                    continue
                if depth == 0 and key == "compile_config" and not compile:
                    continue  # Keras sets it to None before building anything.
                stack.append((item, (place, key), depth + 1, training or key == "compile_config"))


def _check_object(item, place, training):
    class_name = item["class_name"]
    if not isinstance(class_name, str):
        raise Refused(Message("config.class_name_type", file=_CONFIG, field="class_name",
                              type=json_type(class_name), place=_at(place)))
    module, registered = item.get("module"), item.get("registered_name")
    if class_name.startswith("__") and class_name.endswith("__"):
        return _check_value_marker(item, class_name, place)
    if registered not in (None, class_name) or (isinstance(registered, str) and ">" in registered):
        return _check_registered(registered, module, class_name, place, training)
    if class_name == "function":
        return _check_function(item, module, place, training)
    for family, (modules, classes, _) in _FAMILIES.items():
        if _in_modules(module, modules) and class_name in classes:
            if family in _TRAINING_ONLY and not training:
                break
            return None
    raise Refused(_not_allowed(item, class_name, module, place))


def _check_value_marker(item, class_name, place):
    if class_name not in _VALUE_MARKERS:
        raise Refused(Message("config.value_marker", file=_CONFIG, name=_shown(class_name), place=_at(place)))
    inner = item.get("config")
    if class_name in ("__tensor__", "__numpy__") and isinstance(inner, dict):
        dtype = inner.get("dtype")
        if dtype is not None and dtype not in _NUMBER_DTYPES:
            raise Refused(Message("config.array_type", file=_CONFIG, dtype=_shown(dtype), place=_at(place)))


def _check_registered(registered, module, class_name, place, training=False):
    if registered in OUR_LAYERS and module in _OUR_MODULES and registered.split(">", 1)[1] == class_name:
        return
    if (training and registered in OUR_TRAINING_OBJECTS and module in (None, OUR_TRAINING_OBJECTS[registered])
            and registered.split(">", 1)[1] == class_name):
        return
    raise Refused(Message("config.registered", registered=_shown(registered), class_name=_shown(class_name),
                          module=_shown(module), place=_at(place)))


def _check_function(item, module, place, training):
    name = item.get("config")
    for family, (modules, _, functions) in _FAMILIES.items():
        if _in_modules(module, modules) and name in functions and (training or family not in _TRAINING_ONLY):
            return
    if training:
        raise Refused(Message("config.training_function", name=_shown(name), module=_shown(module), place=_at(place)))
    raise Refused(Message("config.function", name=_shown(name), module=_shown(module), place=_at(place)))


def _not_allowed(item, class_name, module, place):
    if class_name in _REFUSED_LAYERS and _in_modules(module, _FAMILIES["layer"][0]):
        function, reason, where = _function_named(item), _REFUSED_LAYERS[class_name], _at(place)
        if function is None:
            return Message("config.refused_layer", layer=class_name, reason=reason, place=where)
        return Message("config.refused_layer_function", layer=class_name, function=function, reason=reason,
                       place=where)
    if isinstance(module, str) and (module == "keras" or module.startswith("keras.")):
        return Message("config.keras_class", name=_shown(class_name), module=_shown(module), place=_at(place))
    return Message("config.foreign_class", name=_shown(class_name), module=_shown(module), place=_at(place))


def _function_named(item):
    """`keras.config.set_backend`, the function a Lambda names, or None."""
    inner = item.get("config")
    function = inner.get("function") if isinstance(inner, dict) else None
    if isinstance(function, dict) and isinstance(function.get("config"), str):
        module = function.get("module")
        name = f"{module}.{function['config']}" if isinstance(module, str) else function["config"]
        return one_line(name, 80)
    return None


def _in_modules(module, modules):
    if not isinstance(module, str):
        return False
    return any(module == entry or (entry.endswith(".") and module.startswith(entry)) for entry in modules)


def _check_string(text, place):
    limit = MAX_NAME_CHARS if place is not None and place[1] == "name" else MAX_STRING_CHARS
    if len(text) > limit:
        raise Refused(Message("config.long_text", file=_CONFIG, length=f"{len(text):,}", place=_at(place),
                              limit=f"{limit:,}"))


def _at(place):
    """A place as text, with the names of the layers it passes through: `config.layers[3] 'evil'.config`
    (the whole config: the message "config.the_top")."""
    steps = []
    while place is not None:
        place, step = place
        if isinstance(step, tuple):
            index, item = step
            steps.append(f"[{index}]{_item_name(item)}")
        else:
            steps.append(f".{step}")
    where = "".join(reversed(steps)).lstrip(".")
    if not where:
        return Message("config.the_top")
    return one_line(where if len(where) <= 160 else "…" + where[-159:])


def _item_name(item):
    """` 'conv1'` for a named object (a layer), else ""."""
    if isinstance(item, dict) and "class_name" in item:
        inner = item.get("config")
        name = item.get("name") or (inner.get("name") if isinstance(inner, dict) else None)
        if isinstance(name, str):
            return f" {_shown(name, 40)}"
    return ""


def _shown(value, limit=80):
    """A value from the file, for a message: a string quoted on one line, anything else as it prints."""
    from core.safetext import quoted

    return quoted(value, limit) if isinstance(value, str) else str(value)


def json_type(value):
    """The JSON type of a parsed value, as a message ("object", "list", ...)."""
    types = {dict: Message("json.object"), list: Message("json.list"), str: Message("json.string"),
             bool: Message("json.boolean"), type(None): Message("json.null")}
    return types.get(type(value), Message("json.number"))
