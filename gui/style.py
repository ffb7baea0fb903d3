"""The app's look: Fusion style, a calm light palette and a few stylesheet rules, in one place."""

from PyQt5 import QtGui, QtWidgets

ACCENT = "#2f6db5"

STYLESHEET = f"""
QLabel#panelTitle {{ font-weight: 600; }}
QLabel#secondaryText {{ color: #5f6368; }}
QLabel#predictedClass {{ font-size: 20px; font-weight: 600; color: {ACCENT}; padding: 2px 0; }}
QLabel#predictedClass[empty="true"] {{ font-size: 14px; font-weight: normal; color: #5f6368; }}
QLabel#attributeReading {{ font-size: 14px; font-weight: 600; color: {ACCENT}; }}
QLabel#lightingWarning {{ background: #fff4e5; color: #7a4300; border: 1px solid #f2c78c; border-radius: 4px;
    padding: 4px 6px; }}
QPushButton#calibrateLink, QPushButton#evaluateLink {{ color: {ACCENT}; text-decoration: underline; border: none;
    padding: 0 2px;
    text-align: left; }}
QFrame#predictionPanel {{ background: #ffffff; border: 1px solid #d9dde3; border-radius: 8px; }}
QFrame#messageBar {{ border-bottom: 1px solid #d9dde3; }}
QFrame#messageBar[level="error"] {{ background: #fdecea; color: #8c1d18; }}
QFrame#messageBar[level="info"] {{ background: #e8f0fb; color: #1d3f6e; }}
QLabel#statusField {{ padding: 0 8px; color: #3c4043; }}
QTableWidget {{ gridline-color: #e3e6ea; }}
QTabWidget::pane {{ border: 1px solid #d9dde3; border-radius: 4px; }}
QToolBar#mainToolbar {{ spacing: 4px; padding: 2px 6px; }}
"""


def apply_style(app):
    """Gives `app` the TongueLens look (call once, before the window is built)."""
    app.setStyle(QtWidgets.QStyleFactory.create("Fusion"))
    palette = app.palette()
    palette.setColor(QtGui.QPalette.Window, QtGui.QColor("#f4f5f7"))
    palette.setColor(QtGui.QPalette.Base, QtGui.QColor("#ffffff"))
    palette.setColor(QtGui.QPalette.AlternateBase, QtGui.QColor("#f7f8fa"))
    palette.setColor(QtGui.QPalette.Highlight, QtGui.QColor(ACCENT))
    palette.setColor(QtGui.QPalette.HighlightedText, QtGui.QColor("#ffffff"))
    palette.setColor(QtGui.QPalette.Midlight, QtGui.QColor("#e4e7ec"))
    app.setPalette(palette)
    app.setStyleSheet(STYLESHEET)
