"""Training tongue segmenters: photo/mask pairs, joint augmentation, Dice + cross-entropy, IoU and Dice scores.

    from training.segmentation.trainer import SegmenterConfig, train_segmenter

Modules: `data` (pairs from images/ + masks/ or labelme files; no TensorFlow), `pipeline`
(tf.data), `losses`, `monitor`, `trainer`, `evaluate` (IoU and Dice per photo), `runfiles`.
Inference lives in `core.segmenter` and `core.masks`, which the app and `main.py segment` use.
"""
