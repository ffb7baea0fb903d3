"""The TongueLens desktop app: a thin PyQt5 layer over `core/`, `models/`, `training/` and `inspection/`.

Importing this package (or any module in it) never imports TensorFlow: the window must appear
first. `gui.model_manager.ModelManager` is the one bridge to the core: every request of the
widgets goes through it to a worker thread. TensorFlow is imported, and every model is
created and used, on its model thread; data scans and training run on its training thread.

Entry point: `gui.app.run(model_path, image_path, screenshot_path)`.
"""
