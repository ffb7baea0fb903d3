"""What the window saves: the results as CSV, and the current photo's one-page report (HTML and PDF).

The CSV is written on the GUI thread (a few rows of plain text); the report needs the model
(a forward pass and a Grad-CAM per attribute), so the bridge writes it on the model thread,
with the very code of `classify --report` (`inspection.photo_reading`, `core.photo_report`,
`core.pdf`).
"""

from pathlib import Path

from PyQt5 import QtCore, QtWidgets

from gui import config
from gui.export import results_model, results_rows, write_results_csv
from gui.model_worker import REPORT
from gui.plaintext import shown


class ResultSaver(QtCore.QObject):
    """Saves the window's results and reports; errors and notes go to the window's message bar.

    Args:
        window: the `MainWindow` (its settings, message bar, batch table, prediction and bridge).

    Signals:
        report_saved(object): a report was written (`gui.messages.ReportSaved`).
    """

    report_saved = QtCore.pyqtSignal(object)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self._report_request = None  # The bridge's number of the report being written.
        window.manager.report_saved.connect(self._on_report_saved)
        window.manager.failed.connect(self._on_failed)  # The window shows the message itself.

    # CSV.

    def choose_export(self):
        """Asks where to save the results and writes the CSV."""
        folder = Path(self.window.settings.last_folder())
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            self.window, self.tr("Export Results"), str(folder / "results.csv"), self.tr("CSV files (*.csv)"))
        if path:
            self.export_results(path)

    def export_results(self, path):
        """Writes the batch results (or the single prediction) to `path` as CSV; returns rows written.

        A model with one head per attribute gets one column group per attribute, as `classify --csv`.
        """
        window = self.window
        batch_result, prediction = window.batch_table.result(), window.current_prediction()
        rows = results_rows(batch_result, prediction)
        if not rows:
            window.show_error(self.tr("Nothing to export yet: classify an image or a folder first"))
            return 0
        try:
            write_results_csv(path, rows, k=min(3, config.TOP_K), model=results_model(batch_result, prediction))
        except OSError as error:
            window.show_error(f"{path}: {error.strerror or error}")
            return 0
        window.message_bar.show_info(self.tr("Saved {count} results to {path}").format(count=len(rows), path=path))
        return len(rows)

    # The photo's report.

    def can_save_report(self):
        """Whether a report can be made now: a classified photo and a model the app can inspect."""
        model, prediction = self.window.current_model(), self.window.current_prediction()
        return bool(model is not None and prediction is not None and not model.inspection_note)

    def choose_report(self):
        """Asks where to save the current photo's report (an .html; the .pdf goes beside it)."""
        prediction = self.window.current_prediction()
        if not self.can_save_report():
            self.window.show_error(self.tr("Open a model and a photo first: the report is of the photo on screen"))
            return
        folder = Path(self.window.settings.last_folder())
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            self.window, self.tr("Save Report"), str(folder / f"{Path(prediction.path).stem}.html"),
            self.tr("Web pages (*.html)"))
        if path:
            self.window.settings.set_last_folder(Path(path).parent)
            self.save_report(path)

    def save_report(self, path):
        """Writes the current photo's report as `path` (.html) and the same name with .pdf, on the model thread.

        Returns:
            The bridge's request number, or None when there is nothing to report.
        """
        if not self.can_save_report():
            self.window.show_error(self.tr("Open a model and a photo first: the report is of the photo on screen"))
            return None
        html_path = Path(path)
        if html_path.suffix.lower() not in (".html", ".htm"):
            html_path = html_path.with_name(html_path.name + ".html")
        pdf_path = html_path.with_suffix(".pdf")
        self.window.statusBar().showMessage(self.tr("Writing the report of {name}…").format(
            name=shown(Path(self.window.current_prediction().path).name)))
        self._report_request = self.window.manager.save_report(
            self.window.current_prediction().path, html_path, pdf_path)
        return self._report_request

    def _on_report_saved(self, saved):
        self.window.statusBar().clearMessage()
        self.window.message_bar.show_info(self.tr("Saved the report as {html} and {pdf}").format(
            html=shown(saved.html), pdf=shown(Path(saved.pdf).name)))
        self.report_saved.emit(saved)

    def _on_failed(self, kind, _message):
        if kind == REPORT:
            self.window.statusBar().clearMessage()
