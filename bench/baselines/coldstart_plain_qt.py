"""Plain PyQt5 cold start: a bare main window with one label, timed from process launch to shown.

    BENCH_LAUNCH_TIME=<time.time() at launch> python bench/baselines/coldstart_plain_qt.py

The floor for "window shown": Python, Qt and one window, nothing else.
"""

import json
import os
import time

LAUNCH = float(os.environ.get("BENCH_LAUNCH_TIME", time.time()))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PyQt5 import QtCore, QtWidgets  # noqa: E402

app = QtWidgets.QApplication([])
window = QtWidgets.QMainWindow()
window.setWindowTitle("plain")
window.setCentralWidget(QtWidgets.QLabel("hello"))
window.resize(1280, 800)
window.show()
shown = {}


def on_shown():
    shown["window_shown"] = time.time() - LAUNCH
    app.quit()


QtCore.QTimer.singleShot(0, on_shown)
app.exec_()
print(json.dumps(shown))
