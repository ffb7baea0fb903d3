"""Conversions between numpy images and Qt images (no TensorFlow)."""

import numpy as np
from PyQt5 import QtGui

def array_to_qimage(array):
    """Copies a uint8 array (H, W), (H, W, 3) or (H, W, 4) into a `QImage` that owns its pixels."""
    array = np.ascontiguousarray(array, dtype=np.uint8)
    if array.ndim == 3 and array.shape[2] == 1:
        array = np.ascontiguousarray(array[..., 0])
    height, width = array.shape[:2]
    if array.ndim == 2:
        image = QtGui.QImage(array.data, width, height, width, QtGui.QImage.Format_Grayscale8)
    elif array.shape[2] == 3:
        image = QtGui.QImage(array.data, width, height, 3 * width, QtGui.QImage.Format_RGB888)
    elif array.shape[2] == 4:
        image = QtGui.QImage(array.data, width, height, 4 * width, QtGui.QImage.Format_RGBA8888)
    else:
        raise ValueError(f"cannot show an image of shape {array.shape}")
    return image.copy()  # The numpy buffer may go away; the QImage must not point into it.


def array_to_pixmap(array):
    """A `QPixmap` of a uint8 image array (call on the GUI thread only)."""
    return QtGui.QPixmap.fromImage(array_to_qimage(array))
