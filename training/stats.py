"""How sure a number is: Wilson intervals for accuracies, McNemar's exact test, spread over runs.

    wilson_interval(78, 94)            # (0.7394, 0.8916): 78 of 94 right, 95 % interval
    mcnemar_exact(10, 2)               # 0.0386: A alone right 10 times, B alone right twice
    spread([0.80, 0.83, 0.78])         # {"mean": ..., "std": ..., "min": ..., "max": ...}

Plain Python (no NumPy, no TensorFlow): the app and the command line import it freely.

An accuracy measured on n photos is a proportion, and on a few dozen photos it is uncertain by
several points. The Wilson score interval is the usual one for a proportion (Agresti and Coull
1998 recommend it over the normal approximation, which goes below 0 or above 1 and is too
narrow for small n or accuracies near 100 %). Two models scored on the same photos are compared
on the photos where exactly one of them is right (McNemar 1947); with the few dozen such photos
of a small test folder the exact binomial test is used, not the chi-squared approximation.

References:
    E. B. Wilson, "Probable inference, the law of succession, and statistical inference",
    JASA 22 (1927). A. Agresti and B. Coull, "Approximate is better than 'exact' for interval
    estimation of binomial proportions", The American Statistician 52 (1998).
    Q. McNemar, "Note on the sampling error of the difference between correlated proportions
    or percentages", Psychometrika 12 (1947). M. Fagerland, S. Lydersen and P. Laake, "The
    McNemar test for binary matched-pairs data: mid-p and asymptotic are better than exact
    conditional", BMC Medical Research Methodology 13:91 (2013).
"""

import math

from core.messages import Message

# The two-sided 95 % quantile of the standard normal distribution.
Z_95 = 1.959963984540054
# Below this many validation photos a class's figures move by more than about +-20 points.
SMALL_CLASS_PHOTOS = 20
# The message keys of the small-class warnings (images counted for validation, in a test folder, or
# validated over the folds of a cross-validation).
SMALL_CLASS_KEYS = ("stats.small_class.validation", "stats.small_class.test", "stats.small_class.validated")
# Differences with a p-value under this are called more than noise.
SIGNIFICANCE = 0.05


def wilson_interval(successes, n, z=Z_95):
    """The Wilson score interval of a proportion.

    Args:
        successes: how many of the `n` trials succeeded (e.g. photos classified right).
        n: how many trials.
        z: the normal quantile; `Z_95` gives a 95 % interval.

    Returns:
        (low, high), both in [0, 1]; (0.0, 1.0) when `n` is 0 (nothing is known).

    Raises:
        ValueError: `successes` is not between 0 and `n`.
    """
    if n < 0 or not 0 <= successes <= n:
        raise ValueError(f"successes must be between 0 and n. Received: successes={successes}, n={n}")
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    # At 0 or n successes one end is exactly 0 or 1; rounding must not move it.
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return low, high


def proportion(successes, n):
    """A proportion with its count and 95 % Wilson interval, JSON-ready.

    Returns:
        {"value": successes/n (None when n is 0), "successes", "n", "low", "high"}.
    """
    low, high = wilson_interval(successes, n)
    return {"value": successes / n if n else None, "successes": int(successes), "n": int(n),
            "low": low, "high": high}


def format_proportion(successes, n, digits=1):
    """`'83.0 % (78/94; 95 % CI 74.0-89.2 %)'`: the value, its count and its interval."""
    if not n:
        return "- (0 images)"
    low, high = wilson_interval(successes, n)
    return (f"{100 * successes / n:.{digits}f} % ({successes}/{n}; 95 % CI "
            f"{100 * low:.{digits}f}-{100 * high:.{digits}f} %)")


def binomial_lower_tail(k, n):
    """P(X <= k) for X ~ Binomial(n, 1/2), exactly (whole numbers through `math.comb`)."""
    return sum(math.comb(n, i) for i in range(k + 1)) / 2 ** n


def mcnemar_exact(only_a_right, only_b_right, mid_p=False):
    """McNemar's exact test of two classifiers scored on the same photos.

    Only the discordant photos count: those that one model gets right and the other wrong.
    Under "both models are equally good" each of these is equally likely to favour either
    model, so the count favouring A is Binomial(b + c, 1/2), and the two-sided p-value is
    2 P(X <= min(b, c)), capped at 1.

    Args:
        only_a_right: b, photos A classifies right and B wrong.
        only_b_right: c, photos B classifies right and A wrong.
        mid_p: return the mid-p value, 2 [P(X <= min(b, c)) - P(X = min(b, c)) / 2], instead
            (less conservative; Fagerland et al. 2013).

    Returns:
        The two-sided p-value; 1.0 when there is no discordant photo.
    """
    b, c = int(only_a_right), int(only_b_right)
    if b < 0 or c < 0:
        raise ValueError(f"counts must not be negative. Received: b={b}, c={c}")
    n, k = b + c, min(b, c)
    if n == 0:
        return 1.0
    tail = binomial_lower_tail(k, n)
    if mid_p:
        return min(1.0, 2 * tail - math.comb(n, k) / 2 ** n)
    return min(1.0, 2 * tail)


def compare_paired(truth, predicted_a, predicted_b):
    """Two models' accuracies on the same photos, and whether they differ by more than noise.

    Args:
        truth: the true class of each photo (any comparable labels).
        predicted_a: model A's predicted class of each photo, in the same order.
        predicted_b: model B's.

    Returns:
        A dict: `n`; `a` and `b` (`proportion` dicts of their accuracies); `difference`
        (B's accuracy minus A's); `both_right`, `only_a_right`, `only_b_right`, `both_wrong`;
        `p_value` (McNemar's exact two-sided test), `p_value_mid` (its mid-p variant),
        `test` (the test's name) and `significant` (p < `SIGNIFICANCE`); `verdict` (one sentence).
    """
    truth, predicted_a, predicted_b = list(truth), list(predicted_a), list(predicted_b)
    if not len(truth) == len(predicted_a) == len(predicted_b):
        raise ValueError(f"paired predictions must have one entry per photo. Received: {len(truth)} labels, "
                         f"{len(predicted_a)} and {len(predicted_b)} predictions")
    counts = {"both_right": 0, "only_a_right": 0, "only_b_right": 0, "both_wrong": 0}
    for label, a, b in zip(truth, predicted_a, predicted_b):
        key = {(True, True): "both_right", (True, False): "only_a_right",
               (False, True): "only_b_right", (False, False): "both_wrong"}[(a == label, b == label)]
        counts[key] += 1
    n = len(truth)
    right_a = counts["both_right"] + counts["only_a_right"]
    right_b = counts["both_right"] + counts["only_b_right"]
    p_value = mcnemar_exact(counts["only_a_right"], counts["only_b_right"])
    result = {
        "n": n, "a": proportion(right_a, n), "b": proportion(right_b, n),
        "difference": (right_b - right_a) / n if n else 0.0, **counts,
        "p_value": p_value, "p_value_mid": mcnemar_exact(counts["only_a_right"], counts["only_b_right"], mid_p=True),
        "test": "McNemar, exact two-sided binomial test on the discordant images",
        "significant": p_value < SIGNIFICANCE,
    }
    result["verdict"] = _verdict(result)
    return result


def _verdict(result):
    b, c = result["only_a_right"], result["only_b_right"]
    if b + c == 0:
        return "the two models are right and wrong on exactly the same images: no difference"
    better = "B" if c > b else "A"
    if result["significant"]:
        return (f"{better} is better, more than noise (p = {result['p_value']:.3g} < {SIGNIFICANCE}; "
                f"{max(b, c)} images only {better} gets right against {min(b, c)})")
    return (f"no evidence that either model is better (p = {result['p_value']:.3g}; "
            f"{b} images only A gets right, {c} only B): the difference is within noise")


def spread(values):
    """Mean, sample standard deviation, min and max of some numbers (e.g. accuracies of folds).

    Returns:
        {"mean", "std" (n - 1 in the denominator; 0.0 for one value), "min", "max", "n"};
        None values are left out; all None when there is nothing.
    """
    values = [float(value) for value in values if value is not None]
    if not values:
        return {"mean": None, "std": None, "min": None, "max": None, "n": 0}
    mean = sum(values) / len(values)
    variance = sum((value - mean) ** 2 for value in values) / (len(values) - 1) if len(values) > 1 else 0.0
    return {"mean": mean, "std": math.sqrt(variance), "min": min(values), "max": max(values), "n": len(values)}


def small_class_warnings(counts, where="validation", minimum=SMALL_CLASS_PHOTOS):
    """One warning per class with fewer than `minimum` photos in `counts` ({class: photos}).

    Args:
        counts: {class name: images counted}.
        where: "validation", "test" or "validated" (over the folds of a cross-validation).
        minimum: fewer images than this are warned of.

    Returns:
        A list of one-line `core.messages.Message`s (empty when every class has enough).
    """
    warnings = []
    for name, count in counts.items():
        if count < minimum:
            low, high = wilson_interval(count // 2, count) if count else (0.0, 1.0)
            warnings.append(_small_class_message(where, name=name, count=count, minimum=minimum,
                                                 points=f"{50 * (high - low):.0f}"))
    return warnings


def _small_class_message(where, **values):
    if where == "test":
        return Message("stats.small_class.test", **values)
    if where == "validated":
        return Message("stats.small_class.validated", **values)
    return Message("stats.small_class.validation", **values)


def is_small_class_warning(text):
    """Whether `text` is a warning of `small_class_warnings`."""
    return getattr(text, "key", None) in SMALL_CLASS_KEYS
