"""`classify --report DIR`: one HTML page and one PDF per classified photo."""

import sys
from pathlib import Path

from cli.output import print_line


def write_reports(loaded, results, folder, calibration=None):
    """Writes `<stem>.html` and `<stem>.pdf` into `folder` for each result that has a reading.

    Two photos with the same name get `<stem>_2`, ...; a photo whose report fails gets an
    error line and the others go on. A light `calibration` (`core.calibration`) corrects each
    photo as it did for the results, and the report says so.

    Returns:
        The photos whose report could not be made (each had its error line).
    """
    from core import atomic, images, pdf, photo_report
    from inspection.engine import InspectionEngine
    from inspection.photo_reading import read_photo

    folder = Path(folder)
    engine = InspectionEngine(loaded)
    engine.calibration = calibration
    written, failed, used = [], [], set()
    for result in results:
        if "error" in result:
            continue
        stem = _unique_stem(Path(result["path"]).stem, used)
        try:
            reading = read_photo(engine, result["path"])
        except images.ImageError as error:
            print_line(f"error: {error}", file=sys.stderr)
            failed.append(result["path"])
            continue
        html_path, pdf_path = folder / f"{stem}.html", folder / f"{stem}.pdf"
        atomic.write_text(html_path, photo_report.build_html(reading))
        page, pictures = photo_report.build_html(reading, inline=False)
        pdf.write_pdf(page, pdf_path, pictures)
        written += [html_path, pdf_path]
    print(f"reports: {len(written) // 2} photo(s) in {folder} (.html and .pdf)", file=sys.stderr)
    return failed


def _unique_stem(stem, used):
    candidate, number = stem, 2
    while candidate in used:
        candidate, number = f"{stem}_{number}", number + 1
    used.add(candidate)
    return candidate
