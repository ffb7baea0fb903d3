"""What an evaluation found, behind the Evaluate dialog's summary: the figures, the photos, the lights.

Tabs: the confusion matrix (a click on a cell lists its photos), the per-class table, the
photos read wrong (surest first; a double-click opens one in the window), the accuracy under
other light (`evaluate --relight`) and a comparison of two models (`evaluate --compare`: the
paired counts, McNemar's p and the verdict). A comparison shows either model's figures and
mistakes, and a labels table each attribute's, chosen above the tabs. It shows a `gui.messages.Evaluation`
and asks nothing of the core.
"""

from pathlib import Path

from PyQt5 import QtCore, QtWidgets

from gui.plaintext import WrappedPlainLabel, plain_label, plain_tooltip, set_plain_text, shown
from gui.widgets.common import Retranslatable, distinct_names, format_percent, readonly_table
from gui.widgets.confusion_matrix import ConfusionMatrixView
from gui.widgets.per_class_table import PerClassTable

# The tabs, in order.
CONFUSION_TAB, PER_CLASS_TAB, MISTAKES_TAB, LIGHT_TAB, COMPARISON_TAB = range(5)
# Where a row of the mistakes table keeps its photo's whole path.
_PATH_ROLE = QtCore.Qt.UserRole


class EvaluationView(Retranslatable, QtWidgets.QWidget):
    """The figures of one `Evaluation` (`show_evaluation`).

    Signals:
        photo_activated(str): the user double-clicked a photo of the mistakes list (its whole path).
    """

    photo_activated = QtCore.pyqtSignal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._result = None
        self._cell = None  # (true class, predicted class) of the confusion matrix cell listed, or None.
        self._build()
        self.retranslate()
        self.show_evaluation(None)

    def _build(self):
        self.figures_label = plain_label()
        self.figures_picker = QtWidgets.QComboBox()  # A comparison: model A's or B's confusion matrix and table.
        self.figures_picker.currentIndexChanged.connect(self._on_figures_chosen)
        picker = QtWidgets.QHBoxLayout()
        picker.setContentsMargins(0, 0, 0, 0)
        picker.addWidget(self.figures_label)
        picker.addWidget(self.figures_picker, 1)
        self.figures_box = QtWidgets.QWidget()
        self.figures_box.setLayout(picker)
        self.figures_box.hide()
        self.confusion = ConfusionMatrixView()
        self.per_class = PerClassTable()
        self.light_table = QtWidgets.QTableWidget(0, 5)  # The light, then its figures.
        readonly_table(self.light_table)
        self.light_table.verticalHeader().setVisible(False)
        self.light_table.horizontalHeader().setSectionResizeMode(QtWidgets.QHeaderView.ResizeToContents)
        self.light_table.horizontalHeader().setStretchLastSection(False)
        self.mistakes_label = plain_label()
        self.all_mistakes_link = QtWidgets.QPushButton()
        self.all_mistakes_link.setObjectName("evaluateLink")
        self.all_mistakes_link.setFlat(True)
        self.all_mistakes_link.setCursor(QtCore.Qt.PointingHandCursor)
        self.all_mistakes_link.clicked.connect(lambda: self.show_cell(None))
        self.mistakes = QtWidgets.QTableWidget(0, 4)
        readonly_table(self.mistakes)
        self.mistakes.verticalHeader().setVisible(False)
        self.mistakes.horizontalHeader().setSectionResizeMode(QtWidgets.QHeaderView.ResizeToContents)
        self.mistakes.horizontalHeader().setSectionResizeMode(0, QtWidgets.QHeaderView.Stretch)
        self.mistakes.setTextElideMode(QtCore.Qt.ElideMiddle)
        self.mistakes.itemActivated.connect(self._on_photo_activated)
        self.mistakes.itemDoubleClicked.connect(self._on_photo_activated)
        mistakes = QtWidgets.QWidget()
        mistakes_layout = QtWidgets.QVBoxLayout(mistakes)
        mistakes_top = QtWidgets.QHBoxLayout()
        mistakes_top.addWidget(self.mistakes_label, 1)
        mistakes_top.addWidget(self.all_mistakes_link)
        mistakes_layout.addLayout(mistakes_top)
        mistakes_layout.addWidget(self.mistakes, 1)
        self.confusion.cellClicked.connect(self._on_cell_clicked)
        self.confusion.set_lists_photos(True)
        self.comparison_label = WrappedPlainLabel()
        self.comparison_label.setTextInteractionFlags(QtCore.Qt.TextSelectableByMouse)
        self.verdict_label = WrappedPlainLabel()
        self.verdict_label.setObjectName("panelTitle")
        comparison = QtWidgets.QWidget()
        comparison_layout = QtWidgets.QVBoxLayout(comparison)
        comparison_layout.addWidget(self.verdict_label)
        comparison_layout.addWidget(self.comparison_label)
        comparison_layout.addStretch(1)
        self.tabs = QtWidgets.QTabWidget()
        for page in (self.confusion, self.per_class, mistakes, self.light_table, comparison):
            self.tabs.addTab(page, "")
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.figures_box)
        layout.addWidget(self.tabs, 1)

    def retranslate(self):
        self.figures_label.setText(self.tr("Figures of:"))
        for tab, text in zip(range(5), (self.tr("Confusion matrix (rows: true class)"), self.tr("Per class"),
                                        self.tr("Mistakes"), self.tr("Other light"), self.tr("Comparison"))):
            self.tabs.setTabText(tab, text)
        self.mistakes.setHorizontalHeaderLabels([self.tr("Photo"), self.tr("True class"), self.tr("Read as"),
                                                 self.tr("Probability")])
        self.mistakes.setToolTip(self.tr(
            "Surest first: a photo read wrong with a high probability may be labelled wrong. Double-click a photo "
            "to open it in the window: its reading, Grad-CAM and feature maps"))
        self.all_mistakes_link.setText(self.tr("Show every mistake"))
        self.light_table.setHorizontalHeaderLabels([
            self.tr("Light"), self.tr("Accuracy"), self.tr("Right/images"), self.tr("Change"),
            self.tr("Unusual light")])
        self.light_table.horizontalHeaderItem(4).setToolTip(self.tr(
            "Photos the lighting check calls unlike the model's training photos: they would be marked "
            "\"Unusual light\" in a classified folder"))
        if self._result is not None:
            self.show_evaluation(self._result)

    def show_evaluation(self, result):
        """Shows the figures of `result` (an `Evaluation` whose photos were scored), or nothing (None)."""
        if result is not self._result:
            self._cell = None
        self._result = result
        self.tabs.setVisible(result is not None)
        if result is None:
            self.figures_box.hide()
            return
        self._set_figures_choices(result)
        self._show_figures()
        self._show_mistakes()
        self._show_light()
        self._show_comparison()

    def _set_figures_choices(self, result):
        """A comparison shows either model's confusion matrix and per-class table, and a labels table
        each attribute's, chosen above them."""
        if result.labels and result.comparison is not None:
            names = model_names(result.model_path, result.other_path)
            choices = [f"{shown(attribute)}: {letter}: {shown(name)}" for attribute in result.comparison["attributes"]
                       for letter, name in zip("AB", names)]
        elif result.labels:
            choices = [shown(name) for name in result.report["attributes"]]
        elif result.comparison is not None:
            choices = [f"{letter}: {shown(name)}"
                       for letter, name in zip("AB", model_names(result.model_path, result.other_path))]
        else:
            choices = []
        self.figures_box.setVisible(bool(choices))
        self.figures_picker.blockSignals(True)
        self.figures_picker.clear()
        self.figures_picker.addItems(choices)
        self.figures_picker.blockSignals(False)

    def _on_figures_chosen(self, _index):
        self._cell = None
        self._show_figures()
        self._show_mistakes()
        self._show_light()
        self._show_comparison()

    def figures_report(self):
        """The report whose figures and photos are shown: the evaluation's, the chosen attribute's or
        the chosen model's (None before an evaluation)."""
        result = self._result
        if result is None:
            return None
        index = max(0, self.figures_picker.currentIndex())
        if result.labels and result.comparison is not None:  # Each attribute's A, then its B.
            return self.chosen_comparison()["report_b" if index % 2 else "report_a"]
        if result.labels:
            return list(result.report["attributes"].values())[index]
        if result.comparison is not None and index == 1:
            return result.comparison["report_b"]
        return result.report

    def chosen_comparison(self):
        """The comparison shown: the evaluation's, or on a labels table the chosen attribute's (None if none)."""
        result = self._result
        if result is None or result.comparison is None:
            return None
        if not result.labels:
            return result.comparison
        compared = list(result.comparison["attributes"].values())
        return compared[max(0, self.figures_picker.currentIndex()) // 2] if compared else None

    def _chosen_attribute(self):
        """The name of the labels table's attribute whose comparison is shown."""
        names = list(self._result.comparison["attributes"])
        return names[max(0, self.figures_picker.currentIndex()) // 2]

    def _show_figures(self):
        report = self.figures_report()
        if report is None:
            return
        self.confusion.set_matrix(report["classes"], report["confusion_matrix"])
        self.per_class.set_classes(report["classes"], report["per_class"])

    # The photos behind the figures.

    def show_cell(self, cell):
        """Lists the photos of one confusion-matrix cell, `(true class, predicted class)`, or every mistake (None)."""
        self._cell = cell
        self._show_mistakes()

    def _on_cell_clicked(self, row, column):
        report = self.figures_report()
        if report is None or not report.get("predictions"):
            return
        classes = report["classes"]
        self.show_cell((classes[row], classes[column]))
        self.tabs.setCurrentIndex(MISTAKES_TAB)

    def mistakes_shown(self):
        """[(photo path, true class, predicted class)] as listed, surest first."""
        return [(self.mistakes.item(row, 0).data(_PATH_ROLE), self.mistakes.item(row, 1).text(),
                 self.mistakes.item(row, 2).text()) for row in range(self.mistakes.rowCount())]

    def _show_mistakes(self):
        """The wrong photos (or one cell's photos) with their true and predicted classes."""
        from training.evaluate import mistakes  # Plain Python: no TensorFlow.

        result = self._result
        report = self.figures_report()
        predictions = (report.get("predictions") or []) if report is not None else []
        self.tabs.setTabVisible(MISTAKES_TAB, bool(predictions))
        listed = mistakes(predictions, self._cell)  # Surest first: maybe labelled wrong.
        if self._cell is None:
            self.mistakes_label.setText(self.tr("{wrong} of {total} photos read wrong").format(
                wrong=len(listed), total=len(predictions)))
        else:
            true, predicted = self._cell
            self.mistakes_label.setText(self.tr("{count} photos of {true} read as {predicted}").format(
                count=len(listed), true=shown(true), predicted=shown(predicted)))
        self.all_mistakes_link.setVisible(self._cell is not None)
        self.mistakes.setRowCount(len(listed))
        for row, entry in enumerate(listed):
            path = str(Path(result.folder) / entry["path"])
            photo = QtWidgets.QTableWidgetItem(shown(entry["path"]))
            photo.setData(_PATH_ROLE, path)
            photo.setToolTip(plain_tooltip(path))
            self.mistakes.setItem(row, 0, photo)
            self.mistakes.setItem(row, 1, QtWidgets.QTableWidgetItem(shown(entry["true"])))
            self.mistakes.setItem(row, 2, QtWidgets.QTableWidgetItem(shown(entry["predicted"])))
            probability = QtWidgets.QTableWidgetItem(format_percent(entry["probability"]))
            probability.setTextAlignment(QtCore.Qt.AlignRight | QtCore.Qt.AlignVCenter)
            self.mistakes.setItem(row, 3, probability)

    def _on_photo_activated(self, item):
        path = self.mistakes.item(item.row(), 0).data(_PATH_ROLE)
        if path:
            self.photo_activated.emit(path)

    def _show_light(self):
        """The accuracy as photographed and under each other light (`training.robustness.robustness_rows`):
        the folder's, or the chosen attribute's."""
        result = self._result
        rows = None
        if result is not None:
            rows = self.figures_report().get("relight", {}).get("rows") if result.labels else result.relit
        self.tabs.setTabVisible(LIGHT_TAB, bool(rows))
        rows = rows or []
        self.light_table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            change = "" if row["change"] is None else self.tr("{points} points").format(
                points=f"{100 * row['change']:+.1f}")
            warned = "—" if row.get("warned") is None else f"{row['warned']}/{row['n']}"
            cells = (format_percent(row["accuracy"]), f"{row['correct']}/{row['n']}", change, warned)
            self.light_table.setItem(index, 0, QtWidgets.QTableWidgetItem(self._light_name(row["light"])))
            for column, value in enumerate(cells, start=1):
                item = QtWidgets.QTableWidgetItem(value)
                item.setTextAlignment(QtCore.Qt.AlignRight | QtCore.Qt.AlignVCenter)
                self.light_table.setItem(index, column, item)

    def _light_name(self, light):
        """A row's light, said to be calibrated when each light was calibrated from its own photos."""
        names = {"as photographed": self.tr("As photographed"), "warm": self.tr("Warm light"),
                 "cool": self.tr("Cool light"), "dim": self.tr("30 % darker")}
        name = names.get(light, shown(light))
        report = self._result.report
        if report.get("calibration") and not report.get("calibration_in_file"):
            return self.tr("{light}, calibrated").format(light=name)
        return name

    def _show_comparison(self):
        """Both models on the same photos: the difference, the paired counts, McNemar's test and the verdict."""
        comparison = self.chosen_comparison()
        self.tabs.setTabVisible(COMPARISON_TAB, comparison is not None)
        if comparison is None:
            return
        only_a, only_b = comparison["only_a_right"], comparison["only_b_right"]
        result = self._result
        name_a, name_b = model_names(result.model_path, result.other_path)
        lines = [self.tr("A: {model_a}\nB: {model_b}").format(model_a=shown(name_a), model_b=shown(name_b))]
        if result.labels:  # Which attribute of the table the counts below are of.
            lines.append(self.tr("Attribute: {attribute}").format(attribute=shown(self._chosen_attribute())))
        lines += [
            self.tr("Difference (B − A): {points} points on the same {count} photos").format(
                points=f"{100 * comparison['difference']:+.1f}", count=comparison["n"]),
            self.tr("Both right: {both}. Only A right: {only_a}. Only B right: {only_b}. Both wrong: {none}.").format(
                both=comparison["both_right"], only_a=only_a, only_b=only_b, none=comparison["both_wrong"]),
            self.tr("McNemar's exact test on the {count} photos only one model gets right: p = {p} "
                    "(mid-p {mid})").format(
                count=only_a + only_b, p=f"{comparison['p_value']:.3g}", mid=f"{comparison['p_value_mid']:.3g}"),
            self.tr("If the two models were equally good, each such photo would favour either with probability "
                    "1/2; p is how often a split at least this uneven would happen by chance."),
        ]
        set_plain_text(self.comparison_label, "\n".join(lines))
        if only_a + only_b == 0:
            verdict = self.tr("The two models are right and wrong on exactly the same photos: no difference.")
        elif comparison["significant"]:
            verdict = self.tr("{better} is better, more than noise (p < 0.05).").format(
                better=f"B ({shown(name_b)})" if only_b > only_a else f"A ({shown(name_a)})")
        else:
            verdict = self.tr("No evidence that either model is better: the difference is within noise.")
        set_plain_text(self.verdict_label, verdict)


def model_names(path_a, path_b):
    """Short names that tell two model files apart: the file names, with their folders when they are alike
    ("seed1/model.keras" and "seed2/model.keras")."""
    name_a, name_b = distinct_names([path_a, path_b])
    return name_a, name_b
