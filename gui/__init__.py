"""The TongueLens desktop app: a thin PyQt5 layer over `core/`, `models/`, `training/` and `inspection/`.

Importing this package (or any module in it) never imports TensorFlow: the window must appear
first. TensorFlow is imported, and every model is created and used, on one worker thread
owned by `gui.model_manager.ModelManager`; training runs on its own thread
(`gui.training_job.TrainingJob`).

Entry point: `gui.app.run(model_path, image_path, screenshot_path)`.
"""
