"""The segmenter's loss: per-pixel cross-entropy plus the Dice loss of each photo's mask.

Cross-entropy alone lets a small tongue drown in background pixels; the Dice term scores
the overlap of the whole mask, whatever its size. The class is registered with Keras (package
`tonguelens`) so a training checkpoint that names it loads in safe mode.
"""

import keras
from keras import ops

# Keeps the Dice term defined (and smooth) for a photo without any tongue pixel.
SMOOTH = 1.0


@keras.saving.register_keras_serializable(package="tonguelens")
class DiceCrossEntropy(keras.losses.Loss):
    """`mean binary cross-entropy over the pixels + dice_weight * (1 - soft Dice)`, per photo.

    Args:
        dice_weight: weight of the Dice term.
        smooth: added to the Dice numerator and denominator.
        name: the loss's name.
    """

    def __init__(self, dice_weight=1.0, smooth=SMOOTH, name="dice_cross_entropy", **kwargs):
        super().__init__(name=name, **kwargs)
        self.dice_weight = float(dice_weight)
        self.smooth = float(smooth)

    def call(self, y_true, y_pred):
        y_pred = ops.cast(y_pred, "float32")
        y_true = ops.cast(y_true, y_pred.dtype)
        pixel_axes = tuple(range(1, len(y_pred.shape)))
        cross_entropy = ops.mean(keras.losses.binary_crossentropy(y_true, y_pred), axis=pixel_axes[:-1])
        overlap = ops.sum(y_true * y_pred, axis=pixel_axes)
        total = ops.sum(y_true, axis=pixel_axes) + ops.sum(y_pred, axis=pixel_axes)
        soft_dice = (2.0 * overlap + self.smooth) / (total + self.smooth)
        return cross_entropy + self.dice_weight * (1.0 - soft_dice)

    def get_config(self):
        return dict(super().get_config(), dice_weight=self.dice_weight, smooth=self.smooth)
