"""Intervals, McNemar's test, spreads, folds and model selection against figures worked out by hand."""

import math

import numpy as np
import pytest

from training import averaging, folds, selection, stats
from training.evaluate import classification_report

Z = 1.959963984540054


def test_wilson_interval_of_78_of_94_matches_the_hand_computation():
    # p = 78/94 = 0.829787, z² = 3.841459, z²/n = 0.040867:
    # centre = (p + z²/(2n)) / (1 + z²/n) = 0.850220 / 1.040867 = 0.816838
    # half   = z / (1 + z²/n) * sqrt(p(1-p)/n + z²/(4n²)) = 1.883014 * 0.040141 = 0.075585
    low, high = stats.wilson_interval(78, 94)
    assert low == pytest.approx(0.741253, abs=2e-6)
    assert high == pytest.approx(0.892424, abs=2e-6)
    assert stats.format_proportion(78, 94) == "83.0 % (78/94; 95 % CI 74.1-89.2 %)"


def test_wilson_interval_ends():
    assert stats.wilson_interval(0, 10)[0] == 0.0 and stats.wilson_interval(10, 10)[1] == 1.0
    # At 10 of 10 the lower end is n / (n + z²).
    assert stats.wilson_interval(10, 10)[0] == pytest.approx(10 / (10 + Z * Z))
    assert stats.wilson_interval(0, 0) == (0.0, 1.0)
    with pytest.raises(ValueError, match="successes=5, n=4"):
        stats.wilson_interval(5, 4)


def test_a_known_confusion_matrix_gives_the_known_interval():
    # The baseline's coating-colour matrix (data README): 34 + 27 + 14 = 75 of 94 right.
    matrix = [[34, 0, 6], [1, 27, 0], [12, 0, 14]]
    truth = [t for t, row in enumerate(matrix) for p, count in enumerate(row) for _ in range(count)]
    predicted = [p for t, row in enumerate(matrix) for p, count in enumerate(row) for _ in range(count)]

    report = classification_report(truth, predicted, ["light_yellow", "white", "yellow"])

    assert report["correct"] == 75 and report["n"] == 94 and report["confusion_matrix"] == matrix
    # p = 75/94 = 0.797872: centre = (0.797872 + 0.020433) / 1.040867 = 0.786176,
    # half = 1.883014 * sqrt(0.797872 * 0.202128 / 94 + 0.000108688) = 1.883014 * 0.042712 = 0.080429.
    assert report["accuracy_ci95"] == pytest.approx([0.705749, 0.866605], abs=2e-6)
    yellow = report["per_class"]["yellow"]
    assert (yellow["correct"], yellow["support"], yellow["predicted"]) == (14, 26, 20)
    assert yellow["recall_ci95"] == pytest.approx(list(stats.wilson_interval(14, 26)))


def test_mcnemar_exact_on_a_constructed_pair():
    # b = 10, c = 2: 2 * (C(12,0) + C(12,1) + C(12,2)) / 2**12 = 2 * 79 / 4096.
    assert stats.mcnemar_exact(10, 2) == 158 / 4096 == pytest.approx(0.0386, abs=5e-5)
    # mid-p: 2 * 79/4096 - C(12,2)/4096 = 92/4096.
    assert stats.mcnemar_exact(10, 2, mid_p=True) == 92 / 4096
    assert stats.mcnemar_exact(2, 10) == stats.mcnemar_exact(10, 2)
    assert stats.mcnemar_exact(3, 3) == 1.0 and stats.mcnemar_exact(3, 3, mid_p=True) == 1.0
    assert stats.mcnemar_exact(0, 0) == 1.0
    # One-sided extreme: 0 of 6 discordant for A: 2 / 64.
    assert stats.mcnemar_exact(0, 6) == 2 / 64
    # Large counts stay exact (whole-number arithmetic) and agree with the continuity-corrected
    # normal approximation, z = (|b - c| - 1) / sqrt(b + c) = 3.3.
    p = stats.mcnemar_exact(400, 500)
    assert p == pytest.approx(math.erfc(3.3 / math.sqrt(2)), rel=0.03)


def test_compare_paired_counts_and_verdict():
    truth = [0] * 20
    a = [0] * 8 + [1] * 12    # A right on the first 8
    b = [1] * 2 + [0] * 18    # B right on all but the first 2
    result = stats.compare_paired(truth, a, b)

    assert (result["both_right"], result["only_a_right"], result["only_b_right"], result["both_wrong"]) == (6, 2, 12, 0)
    assert result["a"]["successes"] == 8 and result["b"]["successes"] == 18 and result["difference"] == 0.5
    assert result["p_value"] == stats.mcnemar_exact(2, 12) and result["significant"]
    assert result["verdict"].startswith("B is better, more than noise")
    same = stats.compare_paired(truth, a, a)
    assert same["p_value"] == 1.0 and not same["significant"] and "no difference" in same["verdict"]
    with pytest.raises(ValueError):
        stats.compare_paired([0, 1], [0], [0, 1])


def test_spread_and_small_class_warnings():
    summary = stats.spread([0.8, 0.9, None, 0.7])
    assert summary["mean"] == pytest.approx(0.8) and summary["std"] == pytest.approx(0.1)
    assert (summary["min"], summary["max"], summary["n"]) == (0.7, 0.9, 3)
    assert stats.spread([0.5])["std"] == 0.0 and stats.spread([])["mean"] is None

    warnings = stats.small_class_warnings({"pale": 19, "red": 20, "紫舌": 4})
    assert len(warnings) == 2
    assert warnings[0].startswith("class 'pale' has only 19 validation image(s) (fewer than 20)")
    assert "'紫舌' has only 4" in warnings[1]
    # A message key each, so the app says it in its language and a caller can recognise it.
    assert warnings[0].key == "stats.small_class.validation" and stats.is_small_class_warning(warnings[1])
    assert not stats.is_small_class_warning("class 'pale' has only 19 validation image(s)")
    assert stats.small_class_warnings({"pale": 3}, "test")[0].key == "stats.small_class.test"


def test_stratified_folds_validate_every_image_once_with_the_class_mix():
    labels = np.asarray([0] * 10 + [1] * 7 + [2] * 5)
    val_sets = folds.stratified_folds(labels, 3, seed=4)

    joined = np.concatenate(val_sets)
    assert sorted(joined.tolist()) == list(range(len(labels)))
    for label, count in ((0, 10), (1, 7), (2, 5)):
        per_fold = [int(np.sum(labels[fold] == label)) for fold in val_sets]
        assert max(per_fold) - min(per_fold) <= 1 and sum(per_fold) == count
    assert max(map(len, val_sets)) - min(map(len, val_sets)) <= 1
    assert all(np.array_equal(x, y) for x, y in zip(val_sets, folds.stratified_folds(labels, 3, seed=4)))
    assert not all(np.array_equal(x, y) for x, y in zip(val_sets, folds.stratified_folds(labels, 3, seed=5)))
    with pytest.raises(folds.FoldsError, match="class 'c' has 5 image"):
        folds.stratified_folds(labels, 6, seed=0, class_names=["a", "b", "c"])
    with pytest.raises(folds.FoldsError, match="at least 2 folds"):
        folds.stratified_folds(labels, 1, seed=0)


def test_selection_modes():
    losses = [1.0, 0.5, 0.2, 0.6, 0.55, 0.5]  # Epoch 3 is one lucky low point.
    # "best" keeps the lucky epoch; "smoothed" ranks by the mean over 3 epochs.
    assert selection.selection_score(losses, 2, "best") == 0.2
    assert selection.selection_score(losses, 4, "smoothed") == pytest.approx((0.2 + 0.6 + 0.55) / 3)
    assert selection.decide(losses[:3], 2, "best") == (True, True)
    assert selection.decide(losses[:4], 3, "best") == (False, False)
    assert selection.decide(losses[:5], 3, "smoothed") == (True, True)   # 0.45 < 0.5667 (epoch 3's window)
    assert selection.decide(losses, 5, "smoothed") == (False, False)     # 0.55 > 0.45
    assert selection.decide(losses, 5, "last") == (True, False)          # kept, but no better: counts to patience
    assert selection.decide([None, None], 1, "smoothed") == (True, True)  # No validation: keep the last.
    with pytest.raises(selection.SelectionError):
        selection.check_mode("average")


def test_ema_momentum_from_a_horizon_in_epochs():
    assert averaging.momentum_for(2, 50) == pytest.approx(0.99)
    assert averaging.momentum_for(1, 1) == 0.0
    assert averaging.momentum_for(1000, 1000) == 0.9999
    assert averaging.optimizer_options(0, 10) == {}
    assert averaging.optimizer_options(3, 10) == {"use_ema": True, "ema_momentum": pytest.approx(1 - 1 / 30)}


def test_the_recipe_caps_warmup_and_averaging_and_old_configs_keep_their_recipe():
    from training import recipe
    from training.config import check_config
    from training.trainer import TrainConfig

    config = TrainConfig("photos")
    assert (config.ema_epochs, config.warmup_epochs, config.select, config.patience) == (3, 3, "last", None)
    assert recipe.warmup_epochs(config) == 3 and recipe.ema_epochs(config) == 3
    short = TrainConfig("photos", epochs=5)
    assert recipe.warmup_epochs(short) == 0.5 and recipe.ema_epochs(short) == 0.5
    # A config.json written before these settings existed resumes as it was trained.
    old = TrainConfig.from_json({"data_dir": "photos", "epochs": 30})
    assert (old.ema_epochs, old.warmup_epochs, old.select, old.patience) == (0, 0, "best", 8)
    assert TrainConfig.from_json(config.to_json()) == config
    assert recipe.config_problem(config) is None
    problem = recipe.config_problem(TrainConfig("photos", patience=0))
    assert problem.key == "config.patience" and problem.endswith("patience=0")
    with pytest.raises(ValueError, match="unknown model selection 'newest'"):
        check_config(TrainConfig("photos", select="newest"))
