"""HTML to PDF through Qt's rich-text engine and printer: no new dependency, Chinese text included.

The one module outside `gui/` that uses Qt, and only inside `write_pdf`: importing it imports no
Qt, so `core` stays usable without a display. On a machine without a display (the command line
on a server) it makes its own offscreen Qt application.
"""

import os

from core import atomic
from core.fonts import CJK_FONT_FAMILY, CJK_FONT_PATH


def write_pdf(html, path, images=None):
    """Renders an HTML page into a PDF file (A4, atomically).

    Args:
        html: the page, in the HTML subset Qt's `QTextDocument` reads.
        path: the PDF file to write.
        images: {name: PNG bytes} for `<img src="name">` in the page.
    """
    from PyQt5 import QtCore, QtGui
    from PyQt5.QtPrintSupport import QPrinter

    _application(QtGui, QtCore)
    document = QtGui.QTextDocument()
    document.setDefaultFont(_cjk_font(QtGui))
    for name, data in (images or {}).items():
        picture = QtGui.QImage()
        picture.loadFromData(data, "PNG")
        document.addResource(QtGui.QTextDocument.ImageResource, QtCore.QUrl(name), picture)
    document.setHtml(html)
    with atomic.atomic_path(path, suffix=".pdf") as temporary:
        printer = QPrinter(QPrinter.HighResolution)
        printer.setOutputFileName(str(temporary))
        printer.setOutputFormat(QPrinter.PdfFormat)  # After the name: a name can reset the format.
        printer.setPageSize(QPrinter.A4)
        printer.setPageMargins(12, 12, 12, 12, QPrinter.Millimeter)
        document.print_(printer)


_KEEP = []  # The Qt application made here lives as long as the process.


def _application(QtGui, QtCore):  # noqa: N803  Qt modules passed in, named as imported.
    if QtCore.QCoreApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        # A full QApplication, not a QGuiApplication: widgets made later in the same process (a test
        # session, a script that opens the app after writing reports) need one, and Qt allows one.
        from PyQt5 import QtWidgets

        _KEEP.append(QtWidgets.QApplication(["tonguelens"]))


def _cjk_font(QtGui):  # noqa: N803
    """The bundled font (Chinese glyphs on any machine), else Qt's default."""
    if CJK_FONT_PATH.is_file():
        QtGui.QFontDatabase.addApplicationFont(str(CJK_FONT_PATH))
    font = QtGui.QFont(CJK_FONT_FAMILY)
    font.setPointSizeF(10.0)
    return font
