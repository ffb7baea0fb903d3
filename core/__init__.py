"""Pieces every layer of TongueLens shares: atomic writes, the image loader, the model file.

Nothing here imports Qt; `core.images` and `core.atomic` import no TensorFlow either.
"""
