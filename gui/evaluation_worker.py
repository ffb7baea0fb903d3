"""The evaluation worker: a model file scored on a labelled folder, on a thread of its own.

Scoring a folder reads every photo and runs the model over it (seconds to minutes), so it does
not hold up the model worker: the window goes on classifying meanwhile. Like the export
worker, it loads the model file itself, in safe mode, so the model shown is never touched from
this thread. The figures are the command line's, from the same functions: `evaluate`
(`training.evaluate`), `evaluate --relight` (`training.robustness`), `evaluate --compare`
(`training.compare`) and `evaluate --labels` (`training.attribute_evaluate`).
"""

from gui.messages import Evaluation
from gui.threads import import_tensorflow
from gui.worker import RequestWorker, one_line

# Request kind.
EVALUATE = "evaluate"
KINDS = (EVALUATE,)

# Progress scale (0..1000) taken by the plain evaluation when re-lit copies are scored after it.
_PLAIN_SHARE = 400


class EvaluationWorker(RequestWorker):
    """Serves evaluations."""

    def _evaluate(self, request, folder, model_path, relight=False, calibrate=False, other_path="", labels=""):
        """Scores `model_path` on `folder`; `evaluation_progress` as it goes, then `evaluation_finished`.

        Args:
            folder: labelled folder, one sub-folder per class.
            model_path: the model file.
            relight: also score re-lit copies of the photos (warm, cool, 30 % darker).
            calibrate: calibrate the light from the photos themselves (each light's from its own).
            other_path: a second model file to compare with on the same photos (then `relight`
                and `calibrate` are not used, as on the command line).
            labels: a labels table whose photos are in `folder`: each attribute of the model is
                scored on the photos labelled for it (`evaluate --labels`), and compared with
                `other_path`'s attribute by attribute when given.
        """
        import_tensorflow()
        from core import modelfile
        from training import dataset

        should_stop = request.cancel.is_set
        try:
            loaded = modelfile.load_model(model_path)
            if labels and other_path:
                result = self._compare_tables(loaded, modelfile.load_model(other_path), folder, labels, should_stop)
            elif labels:
                result = self._score_table(loaded, folder, labels, relight, calibrate, should_stop)
            elif other_path:
                result = self._compare(loaded, modelfile.load_model(other_path), folder, should_stop)
            else:
                result = self._score(loaded, folder, relight, calibrate, should_stop)
        except dataset.ScanCancelled:
            return
        if request.cancel.is_set():
            return
        result.model_path = str(model_path)
        result.other_path = str(other_path) if result.comparison is not None else ""
        self.bridge.evaluation_finished.emit(result)

    @staticmethod
    def failure_message(request, error):
        """A refused model file or labels table names itself; anything else is about the folder (the
        request's first argument)."""
        from core.modelfile import ModelFileError

        message = one_line(error)
        if isinstance(error, ModelFileError) or getattr(message, "key", None) == "at_path":
            return message
        return RequestWorker.failure_message(request, error)

    def _score(self, loaded, folder, relight, calibrate, should_stop):
        from training import robustness
        from training.evaluate import evaluate

        share = _PLAIN_SHARE if relight else 1000
        report = evaluate(loaded, folder, self._progress(0, share), should_stop=should_stop, calibrate=calibrate,
                          keep_predictions=True)  # Each photo's reading, for the list of mistakes.
        relit = None
        if relight and report["n"] and not should_stop():
            result = robustness.evaluate_relit(loaded, folder, on_progress=self._progress(share, 1000 - share),
                                               should_stop=should_stop, calibrate=calibrate)
            relit = robustness.robustness_rows(result)
        return Evaluation(str(folder), "", report, relit=relit)

    def _score_table(self, loaded, folder, labels, relight, calibrate, should_stop):
        from core import lighting
        from training.attribute_evaluate import evaluate_table

        report = evaluate_table(loaded, folder, labels, on_progress=self._progress(0, 1000), should_stop=should_stop,
                                keep_predictions=True,  # Each attribute's readings, for its list of mistakes.
                                lights=lighting.LIGHT_NAMES if relight else (), calibrate=calibrate)
        return Evaluation(str(folder), "", report, labels=str(labels))

    def _compare_tables(self, loaded_a, loaded_b, folder, labels, should_stop):
        from training.compare import compare_tables

        comparison = compare_tables(loaded_a, loaded_b, folder, labels, self._progress(0, 1000),
                                    should_stop=should_stop, keep_predictions=True)
        report = dict(comparison["table_a"], attributes={
            name: compared["report_a"] for name, compared in comparison["attributes"].items()})
        return Evaluation(str(folder), "", report, comparison=comparison, labels=str(labels))

    def _compare(self, loaded_a, loaded_b, folder, should_stop):
        from training.compare import compare_models

        comparison = compare_models(loaded_a, loaded_b, folder, self._progress(0, 1000), should_stop=should_stop,
                                    keep_predictions=True)  # Either model's mistakes.
        return Evaluation(str(folder), "", comparison["report_a"], comparison=comparison)

    def _progress(self, start, share):
        """Maps a step's 0..1000 progress onto its `share` of the dialog's bar, from `start`."""
        def report(done, total):
            fraction = done / total if total else 1.0
            self.bridge.evaluation_progress.emit(start + int(round(share * fraction)), 1000)

        return report
