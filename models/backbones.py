"""Pretrained-ready backbones from `keras.applications`, wrapped as TongueLens classifiers.

Each backbone is built the Keras-applications way and wrapped in the shape of our own
builders (`models/resnet.py`): raw 0-255 RGB pixels in, the backbone's own preprocessing as
layers inside the model, the application without its top as one nested model named
`backbone`, then global average pooling (`avg_pool`), dropout (`head_dropout`) and a softmax
`Dense` named `predictions`:

    input -> [preprocessing] -> backbone (keras.applications, include_top=False)
          -> avg_pool -> head_dropout -> predictions

The nested `backbone` is exactly the application model, so Keras's own ImageNet weights
files (and `.weights.h5` files saved from the application) load into it unchanged; see
`models.pretrained`. A pretrained backbone keeps its BatchNormalization layers in inference
mode, so their ImageNet statistics never move, even while its top is fine-tuned: those layers
are frozen (`trainable=False`, which in Keras 3 runs batch norm in inference mode). It is also
called with `training=False`, as the keras-io transfer-learning guide does, which marks the
build as pretrained; that alone is not enough in Keras 3.15: a model called with
`training=True` (as `fit` does) passes it down to nested models over their own `training=False`
(`operation_fn` in keras/src/models/functional.py). A backbone trained from scratch
(`weights="none"`) is called plainly and its batch norm learns, with momentum 0.9 as in our own
networks (`models/resnet.py`): Keras's 0.999 (MobileNet) or 0.99 moves the moving statistics so
slowly that after the few hundred steps of a small folder they are still the initial 0 and 1, and
the network validates as a constant (measured: `mobilenetv2` from scratch on 227 coating photos,
30 epochs, stayed at the majority class).

Every preprocessing is made of built-in layers (no Lambda: safe mode refuses them), as each
application's `preprocess_input` does it:

- "tf" (MobileNetV2, MobileNetV3): x / 127.5 - 1, a `Rescaling` (MobileNetV3 has its own);
- "torch" (EfficientNet B0, EfficientNetV2 B0, ConvNeXt): x / 255, then ImageNet mean and
  standard deviation per channel, inside the application (`include_preprocessing`);
- "caffe" (ResNet50): RGB to BGR and the ImageNet BGR mean subtracted, one fixed 1x1
  `Conv2D` named `caffe_preprocess` (kernel: the channel swap, bias: minus the mean).

This module imports Keras only when a model is built: listing backbones stays instant.

    model = build_backbone_classifier("mobilenetv2", (224, 224, 3), num_classes=4)

Reference:
    Sandler et al., "MobileNetV2", CVPR 2018 (https://arxiv.org/abs/1801.04381).
    Howard et al., "Searching for MobileNetV3", ICCV 2019 (https://arxiv.org/abs/1905.02244).
    Tan and Le, "EfficientNet", ICML 2019 (https://arxiv.org/abs/1905.11946);
    "EfficientNetV2", ICML 2021 (https://arxiv.org/abs/2104.00298).
    Liu et al., "A ConvNet for the 2020s", CVPR 2022 (https://arxiv.org/abs/2201.03545).
    He et al., "Deep Residual Learning for Image Recognition", CVPR 2016.
    keras-io, "Transfer learning & fine-tuning" (guides/transfer_learning).
"""

import dataclasses

# The nested application model's name inside every backbone classifier.
BACKBONE_LAYER = "backbone"
HEAD_LAYERS = ("avg_pool", "head_dropout", "predictions")
DEFAULT_DROPOUT = 0.2
DEFAULT_INPUT_SHAPE = (224, 224, 3)
# keras.applications refuses smaller sides for these networks (`min_size=32`).
MIN_SIDE = 32
# Batch norm momentum of a backbone trained from scratch (torchvision's 0.1, in Keras's terms).
SCRATCH_BN_MOMENTUM = 0.9

# What each application's `preprocess_input` does, by Keras's mode names.
PREPROCESS_TF = "tf"
PREPROCESS_TORCH = "torch"
PREPROCESS_CAFFE = "caffe"
PREPROCESSING_TEXT = {
    PREPROCESS_TF: "x / 127.5 - 1",
    PREPROCESS_TORCH: "x / 255, then (x - ImageNet mean) / ImageNet std per channel",
    PREPROCESS_CAFFE: "RGB to BGR, then minus the ImageNet BGR mean",
}

# ImageNet statistics as keras.applications uses them.
IMAGENET_MEAN_RGB = (0.485, 0.456, 0.406)
IMAGENET_STD_RGB = (0.229, 0.224, 0.225)
CAFFE_MEAN_BGR = (103.939, 116.779, 123.68)


@dataclasses.dataclass(frozen=True)
class Backbone:
    """One `keras.applications` network usable as a backbone.

    Attributes:
        key: our name for it (`main.py arch KEY`).
        application: the `keras.applications` builder, e.g. "MobileNetV2".
        preprocessing: the application's `preprocess_input` mode: "tf", "torch" or "caffe".
        app_kwargs: extra arguments for the application (e.g. its built-in preprocessing).
        unfreeze_from: the first backbone layer trained in the fine-tuning phase (the start of
            its last stage or so, about the top quarter of its layers).
        weights_file: the name Keras caches its ImageNet weights without top under.
        weights_url: where Keras downloads that file from.
        weights_hash: the file's checksum as Keras checks it (md5 or sha256; "" for none).
        params: parameters of the backbone without its top (the download is about 4 bytes each).
    """

    key: str
    application: str
    preprocessing: str
    app_kwargs: tuple
    unfreeze_from: str
    weights_file: str
    weights_url: str
    weights_hash: str
    params: int

    @property
    def download_megabytes(self):
        """About how large the ImageNet weights file is, in MB."""
        return round(self.params * 4 / 1e6)


_STORAGE = "https://storage.googleapis.com/tensorflow/keras-applications/"

# Figures and file names of Keras 3.15.1 (keras/src/applications/*.py); tests check them.
_BACKBONES = (
    Backbone("mobilenetv2", "MobileNetV2", PREPROCESS_TF, (), "block_13_expand",
             "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5",
             _STORAGE + "mobilenet_v2/", "", 2_257_984),
    Backbone("mobilenetv3small", "MobileNetV3Small", PREPROCESS_TF, (("include_preprocessing", True),),
             "expanded_conv_8_expand", "weights_mobilenet_v3_small_224_1.0_float_no_top_v2.h5",
             _STORAGE + "mobilenet_v3/", "d3e8ec802a04aa4fc771ee12a9a9b836", 939_120),
    Backbone("mobilenetv3large", "MobileNetV3Large", PREPROCESS_TF, (("include_preprocessing", True),),
             "expanded_conv_12_expand", "weights_mobilenet_v3_large_224_1.0_float_no_top_v2.h5",
             _STORAGE + "mobilenet_v3/", "07fb09a5933dd0c8eaafa16978110389", 2_996_352),
    Backbone("efficientnetb0", "EfficientNetB0", PREPROCESS_TORCH, (), "block6a_expand_conv",
             "efficientnetb0_notop.h5", "https://storage.googleapis.com/keras-applications/",
             "50bc09e76180e00e4465e1a485ddc09d", 4_049_571),
    Backbone("efficientnetv2b0", "EfficientNetV2B0", PREPROCESS_TORCH, (("include_preprocessing", True),),
             "block6e_expand_conv", "efficientnetv2-b0_notop.h5", _STORAGE + "efficientnet_v2/",
             "893217f2bb855e2983157299931e43ff", 5_919_312),
    Backbone("convnexttiny", "ConvNeXtTiny", PREPROCESS_TORCH, (("include_preprocessing", True),),
             "convnext_tiny_downsampling_block_2", "convnext_tiny_notop.h5", _STORAGE + "convnext/",
             "d547c096cabd03329d7be5562c5e14798aa39ed24b474157cef5e85ab9e49ef1", 27_820_128),
    Backbone("resnet50", "ResNet50", PREPROCESS_CAFFE, (), "conv5_block1_1_conv",
             "resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5", _STORAGE + "resnet/",
             "4d473c1dd8becc155b73f8504c6f6626", 23_587_712),
)
BACKBONES = {backbone.key: backbone for backbone in _BACKBONES}
BACKBONE_NAMES = tuple(BACKBONES)


def get_backbone(name):
    """Returns the `Backbone` called `name` (case-insensitive).

    Raises:
        ValueError: no backbone has that name; the message lists them.
    """
    key = str(name).strip().lower()
    if key not in BACKBONES:
        raise ValueError(f"unknown backbone {name!r}; backbones are: {', '.join(BACKBONE_NAMES)}")
    return BACKBONES[key]


def is_backbone(name):
    """Tells whether `name` is one of `BACKBONE_NAMES` (case-insensitive)."""
    return str(name).strip().lower() in BACKBONES


def build_backbone_classifier(backbone, input_shape=DEFAULT_INPUT_SHAPE, num_classes=1000, name=None,
                              pretrained=False, dropout=DEFAULT_DROPOUT):
    """Builds a backbone with its preprocessing and a new classifier head; weights at random.

    Args:
        backbone: a name from `BACKBONE_NAMES`.
        input_shape: (height, width, 3) of raw 0-255 RGB images; sides of at least 32.
        num_classes: units of the softmax `predictions` layer.
        name: the model's name; defaults to the backbone's key.
        pretrained: the backbone will carry pretrained weights: its batch norm is frozen in
            inference mode (see the module docstring). Load the weights with
            `models.pretrained.load_backbone_weights`.
        dropout: dropout rate before `predictions`.

    Returns:
        A `keras.Model` whose layer `backbone` is the `keras.applications` model without top.

    Raises:
        ValueError: unknown backbone, not 3 channels, bad class count or dropout.
        models.geometry.GeometryError: a side is under 32 pixels.
    """
    import keras
    from keras import layers

    from models import geometry, presets

    spec = get_backbone(backbone)
    input_shape = presets.check_input_shape(input_shape)
    presets.check_num_classes(num_classes)
    if input_shape[2] != 3:
        raise ValueError(f"{spec.key} takes RGB images (3 channels). Received: input_shape={input_shape}")
    if not 0 <= dropout < 1:
        raise ValueError(f"dropout must be in [0, 1). Received: dropout={dropout}")
    geometry.check_min_side(spec.key, input_shape, MIN_SIDE)

    inputs = keras.Input(shape=input_shape, name="input")
    x = _outer_preprocessing(spec, inputs)
    application = getattr(keras.applications, spec.application)
    base = application(include_top=False, weights=None, input_shape=input_shape, **dict(spec.app_kwargs))
    # Renamed only now: EfficientNetV2 and ConvNeXt read their own name while building.
    base.name = BACKBONE_LAYER
    if pretrained:
        freeze_batchnorm(base)
        x = base(x, training=False)
    else:
        _set_batchnorm_momentum(base, SCRATCH_BN_MOMENTUM)
        x = base(x)
    x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
    x = layers.Dropout(dropout, name="head_dropout")(x)
    outputs = layers.Dense(num_classes, activation="softmax", name="predictions")(x)
    model = keras.Model(inputs, outputs, name=name or spec.key)
    _set_fixed_preprocessing(spec, model)
    return model


def backbone_classifier(input_shape, num_classes, name=None, backbone="mobilenetv2"):
    """The preset builder (see `models.presets`): a backbone classifier trained from scratch."""
    return build_backbone_classifier(backbone, input_shape, num_classes, name=name)


def backbone_of(model):
    """Returns the nested application model (`backbone`) of a backbone classifier, or None."""
    import keras

    for layer in model.layers:
        if layer.name == BACKBONE_LAYER and isinstance(layer, keras.Model):
            return layer
    return None


def freeze_batchnorm(model):
    """Freezes every BatchNormalization layer inside `model`: inference mode, statistics fixed."""
    import keras

    for layer in _walk(model):
        if isinstance(layer, keras.layers.BatchNormalization):
            layer.trainable = False


def _set_batchnorm_momentum(model, momentum):
    """Sets the momentum of every BatchNormalization layer inside `model` (read when the model is called)."""
    import keras

    for layer in _walk(model):
        if isinstance(layer, keras.layers.BatchNormalization):
            layer.momentum = momentum


def _walk(model):
    for layer in model.layers:
        yield layer
        if hasattr(layer, "layers"):
            yield from _walk(layer)


def is_frozen_batchnorm_call(model):
    """Tells whether the model calls its backbone with `training=False`: a pretrained build."""
    if backbone_of(model) is None:
        return False
    for layer in model.get_config()["layers"]:
        if layer["name"] == BACKBONE_LAYER:
            return any(node.get("kwargs", {}).get("training") is False for node in layer["inbound_nodes"])
    return False


def _outer_preprocessing(spec, inputs):
    """The preprocessing layers the application does not hold itself."""
    from keras import layers

    if spec.preprocessing == PREPROCESS_TF and not dict(spec.app_kwargs).get("include_preprocessing"):
        return layers.Rescaling(1.0 / 127.5, offset=-1.0, name="rescaling")(inputs)
    if spec.preprocessing == PREPROCESS_CAFFE:
        # Fixed weights (set in `_set_fixed_preprocessing`), never trained: a channel swap
        # and a mean cannot be expressed by Rescaling or Normalization alone.
        return layers.Conv2D(3, 1, name="caffe_preprocess", trainable=False)(inputs)
    return inputs


def _set_fixed_preprocessing(spec, model):
    """Gives the preprocessing layers their fixed values (they hold no learned weights)."""
    import numpy as np

    if spec.preprocessing == PREPROCESS_CAFFE:
        swap = np.zeros((1, 1, 3, 3), dtype="float32")
        for rgb, bgr in ((0, 2), (1, 1), (2, 0)):
            swap[0, 0, rgb, bgr] = 1.0
        model.get_layer("caffe_preprocess").set_weights([swap, -np.asarray(CAFFE_MEAN_BGR, dtype="float32")])
    if spec.key == "efficientnetb0":
        # Keras's EfficientNet (v1) normalises with a Normalization layer whose statistics come
        # from its weights file; built without weights it would only divide by 255. Give it the
        # ImageNet statistics its weights expect; a weights file may set them again.
        set_imagenet_normalization(model)


def set_imagenet_normalization(model):
    """Sets the EfficientNet input Normalization to ImageNet's mean and variance (std squared)."""
    import numpy as np

    layer = efficientnet_normalization(model)
    variables = {variable.path.rsplit("/", 1)[-1]: variable for variable in layer.weights}
    variables["mean"].assign(np.asarray(IMAGENET_MEAN_RGB, dtype="float32"))
    variables["variance"].assign(np.square(np.asarray(IMAGENET_STD_RGB, dtype="float32")))
    layer.finalize_state()  # The layer computes with copies of its variables made here.


def efficientnet_normalization(model):
    """The input `Normalization` layer inside an EfficientNet backbone (the first one)."""
    import keras

    base = backbone_of(model)
    for layer in base.layers:
        if isinstance(layer, keras.layers.Normalization):
            return layer
    raise ValueError(f"{model.name}: no Normalization layer in its backbone")
