"""The export worker: a model file exported for phones, servers or ONNX, on a thread of its own.

An export converts the model and runs the result in its own runtime to check it (seconds to a
minute), so it does not hold up the model worker: the window goes on classifying meanwhile. The
worker loads the file itself (`core.export.export_model`), so the model shown is never touched
from this thread. It is a `RequestWorker` behind the one bridge (`gui.model_manager.ModelManager`).
"""

from gui.messages import ExportDone
from gui.threads import import_tensorflow
from gui.worker import RequestWorker, one_line

# Request kind.
EXPORT = "export"
KINDS = (EXPORT,)


class ExportWorker(RequestWorker):
    """Serves exports."""

    def _export(self, request, model_path, format, out, overwrite):
        """Exports and checks; a refusal (`ExportError`) is an answer, not a failure."""
        import_tensorflow()
        from core import export

        try:
            result = export.export_model(model_path, format, out, overwrite=overwrite,
                                         on_stage=self.bridge.export_stage.emit)
        except export.ExportError as refusal:
            self.bridge.export_finished.emit(ExportDone(model_path, format, out, error=one_line(refusal)))
            return
        self.bridge.export_finished.emit(ExportDone(
            model_path, result.format, str(result.path), files=sorted(path.name for path in result.path.iterdir()),
            images=result.images, max_difference=result.max_difference,
            runtime=str(result.metadata["checked"]["runtime"])))
