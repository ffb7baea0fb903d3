"""`evaluate --relight`: the robustness table (accuracy as photographed and under other light)."""

from cli.evaluate_command import display_width, pad


def relight_report(loaded, data_dir, lights, space, calibrate=False):
    """Scores the model on re-lit copies of DATA_DIR's photos; returns the JSON-ready section.

    Returns:
        {"space", "lights": {name: {gains, exposure, description}}, "rows": [{light, accuracy,
        change, correct, n}], "reports": {light: per-class report and confusion matrix}}; with
        `calibrate`, each light calibrated from its own re-lit copies, and "calibrations":
        {light: {gains, photos, source}} ("as photographed" for the photos as taken).
    """
    from training import robustness

    result = robustness.evaluate_relit(loaded, data_dir, lights, space, calibrate=calibrate)
    section = {"space": space, "lights": result["lights"], "rows": robustness.robustness_rows(result),
               "reports": result["relit"]}
    if calibrate:
        section["calibrations"] = {name or "as photographed": value for name, value in result["calibrations"].items()}
    return section


def print_relight(section):
    """Prints one row per light: accuracy, correct/n and the change from the photos as taken."""
    print_relight_rows(section["rows"], section["space"])
    print_relight_notes(section, warned=all(row.get("warned") is not None for row in section["rows"]))


def print_relight_rows(rows, space, indent=""):
    """The table: one row per light (accuracy, correct/n, photos warned about, change)."""
    width = max(display_width(row["light"]) for row in rows)
    space = "sRGB values" if space == "srgb" else "linear light"
    checked = all(row.get("warned") is not None for row in rows)
    print(f"\n{indent}Under other light (re-lit copies, gains on {space}):")
    print(f"{indent}{pad('light', width)}  accuracy  correct  {'warned   ' if checked else ''}change")
    for row in rows:
        change = "" if row["change"] is None else f"{100 * row['change']:+.1f} points"
        warned = f"{row['warned']:>3d}/{row['n']:<3d}  " if checked else ""
        print(f"{indent}{pad(row['light'], width)}  {row['accuracy']:8.1%}  {row['correct']:>3d}/{row['n']:<3d}  "
              f"{warned}{change}")


def print_relight_notes(section, warned):
    """What each light is, what `warned` counts, and each light's calibration."""
    for name, light in section["lights"].items():
        print(f"  {name}: {light['description']}")
    if warned:
        print("  warned: photos whose light the lighting check calls unlike the training photos'")
    for name, found in section.get("calibrations", {}).items():
        red, green, blue = found["gains"]
        print(f"  {name}: calibrated from its {found['photos']} photos (red x{red:.2f}, green x{green:.2f}, "
              f"blue x{blue:.2f})")
