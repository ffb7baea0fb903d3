"""The table `train --folds K` prints: accuracy per fold with its interval, per-class recall, the spread."""

from cli.evaluate_command import display_width, pad
from training import stats


def print_folds(result):
    """Prints the per-fold table, the mean, spread and pooled figures, and where the kept model is; a labels
    table's for each attribute in turn."""
    summary = result.summary
    print()
    if result.cancelled:
        print("Stopped before the end.")
    folds = result.folds
    if not folds:
        print(f"No fold finished. Run folder: {result.run_dir}")
        return
    print(f"Cross-validation: {summary['folds_done']} of {summary['folds']} folds of {summary['data_dir']} "
          f"(seed {summary['seed']}); every image validated once")
    if "attributes" in summary:
        for name, attribute in summary["attributes"].items():
            print(f"\n{name}:")
            _print_table(attribute, attribute["per_fold"])
        print()
    else:
        _print_table(summary, folds)
    if result.model_path and not result.cancelled:
        print(f"Model kept:  {result.model_path}  (trained on every image, last epoch; expect about the folds' "
              f"mean accuracy on new images like these)")
    elif result.model_path:
        print(f"Model:       {result.model_path}  (its training on every image was stopped before the end)")
    print(f"Files:       {result.run_dir}/folds.json, folds.csv, fold1..{summary['folds']}/ (each fold's run), "
          "model.keras and report.json (the model trained on every image)")


def _print_table(summary, folds):
    """One classifier's folds: accuracy, count, interval, kept epoch and recall per class; then the spread."""
    classes = summary["classes"]
    width = max(12, *(display_width(name) for name in classes))
    print(f"{'fold':>4}  {'accuracy':>8}  {'right/images':>12}  {'95 % CI':>11}  {'kept epoch':>10}  "
          + "  ".join(pad(name, width) for name in classes) + "   (recall per class)")
    for fold in folds:
        low, high = fold["accuracy_ci95"] or (0.0, 1.0)
        count = f"{fold['correct']}/{fold['images']}"
        interval = f"{low:.0%}-{high:.0%}"
        kept = f"{fold['best_epoch']}/{fold['epochs_run']}"
        recalls = [_recall_cell(fold["per_class"].get(name)) for name in classes]
        print(f"{fold['fold']:>4}  {fold['accuracy']:>8.1%}  {count:>12}  {interval:>11}  {kept:>10}  "
              + "  ".join(pad(cell, width) for cell in recalls))
    accuracy = summary["accuracy"]
    print(f"Accuracy over folds: mean {accuracy['mean']:.1%}, std {100 * accuracy['std']:.1f} points, "
          f"min {accuracy['min']:.1%}, max {accuracy['max']:.1%}")
    pooled = summary["pooled"]
    print(f"All validated images together: {stats.format_proportion(pooled['successes'], pooled['n'])}")
    print("Recall per class over folds (mean, std, min-max; pooled count):")
    for name in classes:
        spread, total = summary["per_class"][name], summary["pooled_per_class"][name]
        if spread["n"]:
            print(f"  {pad(name, width)}  {spread['mean']:6.1%}  std {100 * spread['std']:4.1f}  "
                  f"{spread['min']:.0%}-{spread['max']:.0%}  ({total['successes']}/{total['n']})")


def _recall_cell(scores):
    if not scores or not scores.get("images"):
        return "-"
    return f"{scores['recall']:.0%} ({scores['correct']}/{scores['images']})"
