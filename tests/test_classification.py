"""Tests of lossbook.classification: values, accuracy, gradients, identities, bad input.

Accuracy references are 100-bit mpmath values. Elementwise results (BCE with
logits for labels 0 and 1) are held to 2 ulp from the correctly rounded value;
composite losses to 1e-13 relative, with an allowance of a few eps times the
logits' magnitude where the conditioning of ``exp(z_j - max z)`` demands it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import mpmath
import numpy as np
import pytest
import scipy.special
import scipy.stats
import sklearn.metrics
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from lossbook import (
    binary_cross_entropy,
    binary_cross_entropy_grad,
    binary_cross_entropy_with_logits,
    binary_cross_entropy_with_logits_grad,
    categorical_cross_entropy,
    categorical_cross_entropy_grad,
    entropy,
    focal_loss,
    focal_loss_grad,
    hinge,
    hinge_grad,
    kl_divergence,
    kl_divergence_grad,
    multiclass_hinge,
    multiclass_hinge_grad,
    softmax,
    softmax_cross_entropy,
    softmax_cross_entropy_grad,
    squared_hinge,
    squared_hinge_grad,
)

EPS = np.finfo(np.float64).eps
PREC = 100
TINY = 4 * 5e-324  # a few subnormal steps, for references that underflow

LOGIT_GRID = np.unique(
    np.concatenate(
        [
            np.linspace(-60.0, 60.0, 601),
            np.geomspace(1e-300, 1e308, 205),
            -np.geomspace(1e-300, 1e308, 205),
            [0.0, 36.7, 37.0, -37.0, 40.0, -40.0, 232.8, -232.8, 709.78, -709.78],
            [745.2, -745.2, 1e3, -1e3, 1.7976931348623157e308, -1.7976931348623157e308],
        ]
    )
)


# --- mpmath references -----------------------------------------------------------------


def mp_softplus(x) -> mpmath.mpf:
    x = mpmath.mpf(float(x))
    return max(x, 0) + mpmath.log1p(mpmath.exp(-abs(x)))


def mp_sigmoid(x) -> mpmath.mpf:
    x = mpmath.mpf(float(x))
    return 1 / (1 + mpmath.exp(-x)) if x >= 0 else mpmath.exp(x) / (1 + mpmath.exp(x))


def mp_bce_logits(y, x, pos_weight=1.0) -> mpmath.mpf:
    y = mpmath.mpf(float(y))
    return pos_weight * y * mp_softplus(-x) + (1 - y) * mp_softplus(x)


def mp_bce_logits_grad(y, x, pos_weight=1.0) -> mpmath.mpf:
    y = mpmath.mpf(float(y))
    return (1 - y) * mp_sigmoid(x) - pos_weight * y * mp_sigmoid(-x)


def mp_xlogy(x, y) -> mpmath.mpf:
    x, y = mpmath.mpf(float(x)), mpmath.mpf(float(y))
    if x == 0:
        return mpmath.mpf(0)
    return x * mpmath.log(y) if y > 0 else mpmath.mpf("-inf")


def mp_bce(y, p) -> mpmath.mpf:
    y, p = mpmath.mpf(float(y)), mpmath.mpf(float(p))
    negative_term = (
        mpmath.mpf(0) if y == 1 else (1 - y) * (mpmath.log1p(-p) if p < 1 else mpmath.mpf("-inf"))
    )
    return -(mp_xlogy(y, p) + negative_term)


def mp_log_softmax(row) -> list[mpmath.mpf]:
    """log softmax in the log1p form, exact enough for tiny values."""
    values = [mpmath.mpf(float(v)) for v in row]
    top = int(np.argmax(row))
    rest = mpmath.fsum(mpmath.exp(v - values[top]) for j, v in enumerate(values) if j != top)
    return [(v - values[top]) - mpmath.log1p(rest) for v in values]


def mp_focal(y, x, gamma, alpha) -> mpmath.mpf:
    y = mpmath.mpf(float(y))
    miss = y * mp_sigmoid(-x) + (1 - y) * mp_sigmoid(x)
    alpha_t = 1 if alpha is None else alpha * y + (1 - alpha) * (1 - y)
    factor = mpmath.mpf(1) if gamma == 0 else miss ** mpmath.mpf(gamma)
    return alpha_t * factor * mp_bce_logits(y, x)


def assert_ulp(computed, reference: list, max_ulp: float = 2.0) -> float:
    """Assert each value is within max_ulp of the correctly rounded reference."""
    rounded = np.array([float(value) for value in reference])
    computed = np.asarray(computed, dtype=np.float64).ravel()
    assert np.isfinite(computed).all()
    with np.errstate(over="ignore"):  # spacing(max float) is reported as inf
        spacing = np.spacing(np.abs(rounded))
    spacing[np.isinf(spacing)] = 2.0**971
    errors = np.abs(computed - rounded) / spacing
    assert errors.max() <= max_ulp, (errors.max(), computed[errors.argmax()])
    return float(errors.max())


def assert_relative(computed, reference: list, rtol: float) -> None:
    computed = np.asarray(computed, dtype=np.float64).ravel()
    for value, exact in zip(computed, reference, strict=True):
        if mpmath.isinf(exact):
            assert value == float(exact)
        else:
            assert abs(mpmath.mpf(float(value)) - exact) <= rtol * abs(exact) + TINY, (
                value,
                exact,
            )


def numeric_gradient(function, point: np.ndarray, step: float) -> np.ndarray:
    """Central differences of a scalar function, one coordinate at a time."""
    gradient = np.zeros_like(point)
    for index in np.ndindex(point.shape):
        forward, backward = point.copy(), point.copy()
        forward[index] += step
        backward[index] -= step
        gradient[index] = (function(forward) - function(backward)) / (2 * step)
    return gradient


# --- binary cross-entropy on probabilities ---------------------------------------------


def test_bce_hand_values():
    assert binary_cross_entropy([1.0], [0.1]) == pytest.approx(2.302585092994046, rel=2 * EPS)
    assert binary_cross_entropy([0.0], [0.1]) == pytest.approx(-np.log(0.9), rel=2 * EPS)
    assert binary_cross_entropy([0.5], [0.5]) == pytest.approx(np.log(2.0), rel=2 * EPS)
    losses = binary_cross_entropy([1.0, 0.0, 1.0, 0.0], [1.0, 0.0, 0.0, 1.0], reduction="none")
    assert losses.tolist() == [0.0, 0.0, np.inf, np.inf]  # 0 log 0 = 0, no clipping
    assert binary_cross_entropy(1.0, 0.0) == np.inf


def test_bce_accuracy_mpmath():
    probabilities = np.concatenate(
        [np.geomspace(1e-300, 0.5, 120), 1 - np.geomspace(1e-16, 0.5, 60), [0.0, 1.0]]
    )
    for label in (0.0, 0.3, 1.0):
        labels = np.full_like(probabilities, label)
        with mpmath.workprec(PREC):
            reference = [mp_bce(label, p) for p in probabilities]
            assert_relative(
                binary_cross_entropy(labels, probabilities, reduction="none"), reference, 1e-13
            )


def test_bce_small_loss_keeps_relative_accuracy():
    # -log(1 - 1e-10) = 1.00000000005e-10: log(1 - p) would lose six digits
    assert binary_cross_entropy(0.0, 1e-10) == pytest.approx(1.00000000005e-10, rel=2 * EPS)


def test_bce_gradient_at_perfect_predictions_and_edges():
    gradient = binary_cross_entropy_grad(
        [1.0, 0.0, 1.0, 0.0, 1.0], [1.0, 0.0, 0.0, 1.0, 0.5], reduction="none"
    )
    assert gradient.tolist() == [0.0, 0.0, -np.inf, np.inf, -2.0]


def test_bce_agrees_with_scikit_learn():
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 2, 50).astype(float)
    probabilities = rng.uniform(0.01, 0.99, 50)
    weights = rng.uniform(0.1, 2.0, 50)
    expected = sklearn.metrics.log_loss(labels, probabilities, sample_weight=weights)
    assert binary_cross_entropy(labels, probabilities, sample_weight=weights) == pytest.approx(
        expected, rel=1e-13
    )


def test_bce_equals_two_column_categorical_cross_entropy():
    rng = np.random.default_rng(1)
    labels = rng.uniform(0.0, 1.0, 20)
    probabilities = rng.uniform(0.0, 1.0, 20)
    two_columns = categorical_cross_entropy(
        np.stack([1 - labels, labels], axis=1),
        np.stack([1 - probabilities, probabilities], axis=1),
        reduction="none",
    )
    np.testing.assert_allclose(
        binary_cross_entropy(labels, probabilities, reduction="none"), two_columns, rtol=1e-14
    )


# --- binary cross-entropy with logits --------------------------------------------------


def test_bce_logits_reference_values():
    loss = binary_cross_entropy_with_logits(
        [0.0, 0.0, 0.0], [-37.0, -40.0, 232.8], reduction="none"
    )
    assert loss[0] == pytest.approx(8.533047625744065e-17, rel=2 * EPS)
    assert loss[1] == pytest.approx(4.248354255291589e-18, rel=2 * EPS)
    assert loss[1] > 0.0
    assert loss[2] == 232.8
    gradient = binary_cross_entropy_with_logits_grad([0.0, 1.0], [-37.0, 37.0], reduction="none")
    assert gradient[0] == pytest.approx(8.533047625744065e-17, rel=2 * EPS)
    assert gradient[1] == pytest.approx(-8.533047625744065e-17, rel=2 * EPS)


@pytest.mark.parametrize("label", [0.0, 1.0])
def test_bce_logits_within_2_ulp(label):
    labels = np.full_like(LOGIT_GRID, label)
    with mpmath.workprec(PREC):
        loss_reference = [mp_bce_logits(label, x) for x in LOGIT_GRID]
        grad_reference = [mp_bce_logits_grad(label, x) for x in LOGIT_GRID]
    loss = binary_cross_entropy_with_logits(labels, LOGIT_GRID, reduction="none")
    gradient = binary_cross_entropy_with_logits_grad(labels, LOGIT_GRID, reduction="none")
    assert_ulp(loss, loss_reference)
    assert_ulp(gradient, grad_reference)


def test_bce_logits_soft_labels_and_pos_weight_accuracy():
    # +-1e300, not 1e308: with pos_weight 7 the true loss would pass the float range
    logits = np.concatenate([np.linspace(-50, 50, 101), [-1e3, 1e3, -1e300, 1e300]])
    for label in (1e-12, 0.25, 0.5, 0.999):
        for pos_weight in (None, 0.3, 7.0):
            labels = np.full_like(logits, label)
            weight = 1.0 if pos_weight is None else pos_weight
            with mpmath.workprec(PREC):
                loss_ref = [mp_bce_logits(label, x, weight) for x in logits]
                grad_ref = [mp_bce_logits_grad(label, x, weight) for x in logits]
            kwargs = {"pos_weight": pos_weight, "reduction": "none"}
            assert_relative(
                binary_cross_entropy_with_logits(labels, logits, **kwargs), loss_ref, 1e-13
            )
            computed = binary_cross_entropy_with_logits_grad(labels, logits, **kwargs)
            # the gradient is a difference that cancels near x = logit(y): absolute 1e-15
            for value, exact in zip(computed, grad_ref, strict=True):
                assert abs(value - float(exact)) <= 1e-13 * abs(float(exact)) + 1e-15


def test_bce_logits_matches_bce_of_sigmoid():
    rng = np.random.default_rng(2)
    labels = rng.uniform(0, 1, 30)
    logits = rng.uniform(-10, 10, 30)
    np.testing.assert_allclose(
        binary_cross_entropy_with_logits(labels, logits, reduction="none"),
        binary_cross_entropy(labels, scipy.special.expit(logits), reduction="none"),
        rtol=1e-12,
    )


def test_pos_weight_per_column():
    labels = np.array([[1.0, 0.0, 0.5], [0.0, 1.0, 1.0]])
    logits = np.array([[0.3, -1.0, 2.0], [1.5, 0.0, -0.7]])
    pos_weight = np.array([2.0, 0.5, 3.0])
    expected = pos_weight * labels * np.logaddexp(0, -logits) + (1 - labels) * np.logaddexp(
        0, logits
    )
    computed = binary_cross_entropy_with_logits(
        labels, logits, pos_weight=pos_weight, reduction="none"
    )
    np.testing.assert_allclose(computed, expected, rtol=1e-14)
    scalar = binary_cross_entropy_with_logits(labels, logits, pos_weight=2.0, reduction="none")
    np.testing.assert_array_equal(
        scalar,
        binary_cross_entropy_with_logits(
            labels, logits, pos_weight=np.full(3, 2.0), reduction="none"
        ),
    )
    # pos_weight = 1 is the default
    np.testing.assert_array_equal(
        binary_cross_entropy_with_logits(labels, logits, pos_weight=1.0),
        binary_cross_entropy_with_logits(labels, logits),
    )


# --- softmax cross-entropy -------------------------------------------------------------


def test_softmax_ce_reference_value():
    loss = softmax_cross_entropy([0], [[40.0, 0.0]])
    assert loss == pytest.approx(4.248354255291589e-18, rel=2 * EPS)
    assert softmax_cross_entropy([0, 1], [[0.0, 0.0], [3.0, 3.0]]) == pytest.approx(
        np.log(2.0), rel=EPS
    )
    assert softmax_cross_entropy([[0.0, 1.0]], [[1000.0, 0.0]]) == 1000.0


CE_ROWS = [
    [40.0, 0.0],
    [0.0, 40.0],
    [1000.0, 0.0],
    [0.0, 1000.0, -1000.0],
    [745.0, 0.0],
    [0.1, 700.3, 3.0],
    [-1000.0, -1000.5, -999.0],
    [5.0, 5.0, 5.0],
    [1e-300, 0.0, -1e-300],
    [709.0, 708.0, 0.5, -2.0],
    [30.0, 29.0, -40.0, 10.0],
]


def _random_logit_rows(count: int, seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    rows = []
    for _ in range(count):
        row = rng.normal(0.0, 10 ** rng.uniform(-2, 2.5), rng.integers(2, 6))
        if rng.random() < 0.5:
            row[rng.integers(row.size)] += rng.uniform(10.0, 600.0)
        rows.append(row)
    return rows


def test_softmax_ce_accuracy_mpmath():
    rows = [np.array(row) for row in CE_ROWS] + _random_logit_rows(150, 3)
    for row in rows:
        with mpmath.workprec(PREC):
            log_probabilities = mp_log_softmax(row)
        # exp(z_j - max z) carries the rounding of z_j - max z: |z| eps relative
        rtol = 1e-13 + 2 * EPS * float(np.max(np.abs(row)))
        for label in range(row.size):
            computed = softmax_cross_entropy([label], row[np.newaxis])
            assert_relative([computed], [-log_probabilities[label]], rtol)


def test_softmax_ce_extreme_rows_do_not_warn():
    logits = np.array([[1e308, -1e308], [1e308, -1e308], [-1e308, -1e308]])
    losses = softmax_cross_entropy([0, 1, 1], logits, reduction="none")
    assert losses[0] == 0.0
    assert losses[1] == np.inf  # the true value, 2e308, is past the float range
    assert losses[2] == pytest.approx(np.log(2.0), rel=EPS)
    gradient = softmax_cross_entropy_grad([0, 1, 1], logits, reduction="none")
    assert gradient.tolist() == [[0.0, 0.0], [1.0, -1.0], [0.5, -0.5]]


@settings(max_examples=40, deadline=None)
@given(
    logits=hnp.arrays(np.float64, (4, 3), elements=st.floats(-30.0, 30.0)),
    labels=hnp.arrays(np.int64, (4,), elements=st.integers(0, 2)),
    class_weight=st.none() | hnp.arrays(np.float64, (3,), elements=st.floats(0.1, 5.0)),
    label_smoothing=st.sampled_from([0.0, 0.1, 1.0]) | st.floats(0.0, 1.0),
    reduction=st.sampled_from(["mean", "sum", "none"]),
)
def test_integer_labels_equal_one_hot(logits, labels, class_weight, label_smoothing, reduction):
    one_hot = np.eye(3)[labels]
    kwargs = {
        "class_weight": class_weight,
        "label_smoothing": label_smoothing,
        "reduction": reduction,
    }
    np.testing.assert_array_equal(
        softmax_cross_entropy(labels, logits, **kwargs),
        softmax_cross_entropy(one_hot, logits, **kwargs),
    )
    np.testing.assert_array_equal(
        softmax_cross_entropy_grad(labels, logits, **kwargs),
        softmax_cross_entropy_grad(one_hot, logits, **kwargs),
    )


@settings(max_examples=40, deadline=None)
@given(
    logits=hnp.arrays(np.float64, (3, 4), elements=st.floats(-100.0, 100.0)),
    labels=hnp.arrays(np.int64, (3,), elements=st.integers(0, 3)),
    shift=st.integers(-(2**16), 2**16),
)
def test_softmax_ce_shift_invariance(logits, labels, shift):
    # logits on a 1/256 grid and an integer shift: every subtraction is exact
    logits = np.round(logits * 256) / 256
    shifted = logits + shift
    np.testing.assert_array_equal(
        softmax_cross_entropy(labels, shifted, reduction="none"),
        softmax_cross_entropy(labels, logits, reduction="none"),
    )
    np.testing.assert_array_equal(
        softmax_cross_entropy_grad(labels, shifted), softmax_cross_entropy_grad(labels, logits)
    )


@settings(max_examples=40, deadline=None)
@given(
    logits=hnp.arrays(np.float64, (3, 4), elements=st.floats(-50.0, 50.0)),
    shift=st.floats(-1e3, 1e3),
)
def test_softmax_ce_any_shift(logits, shift):
    labels = np.array([0, 1, 3])
    np.testing.assert_allclose(
        softmax_cross_entropy(labels, logits + shift, reduction="none"),
        softmax_cross_entropy(labels, logits, reduction="none"),
        rtol=1e-12,
        atol=1e-12,
    )


@settings(max_examples=40, deadline=None)
@given(
    logits=hnp.arrays(np.float64, (5, 4), elements=st.floats(-1e3, 1e3)),
    labels=hnp.arrays(np.int64, (5,), elements=st.integers(0, 3)),
    class_weight=st.none() | hnp.arrays(np.float64, (4,), elements=st.floats(0.1, 5.0)),
    label_smoothing=st.floats(0.0, 1.0),
)
def test_softmax_ce_gradient_rows_sum_to_zero(logits, labels, class_weight, label_smoothing):
    gradient = softmax_cross_entropy_grad(
        labels,
        logits,
        class_weight=class_weight,
        label_smoothing=label_smoothing,
        reduction="none",
    )
    scale = 1.0 if class_weight is None else class_weight.max()
    np.testing.assert_allclose(gradient.sum(axis=-1), 0.0, atol=8 * EPS * scale)


@settings(max_examples=40, deadline=None)
@given(
    first=st.integers(-4000, 4000),
    second=st.integers(-4000, 4000),
    label=st.integers(0, 1),
)
def test_two_class_softmax_ce_is_bce_with_logits(first, second, label):
    # dyadic logits: z1 - z0 is exact
    logits = np.array([[first / 8, second / 8]])
    difference = logits[:, 1] - logits[:, 0]
    targets = np.array([float(label)])
    assert softmax_cross_entropy([label], logits) == pytest.approx(
        binary_cross_entropy_with_logits(targets, difference), rel=2 * EPS, abs=0.0
    )
    gradient = softmax_cross_entropy_grad([label], logits)
    bce_gradient = binary_cross_entropy_with_logits_grad(targets, difference)
    np.testing.assert_allclose(gradient[:, 1], bce_gradient, rtol=1e-13, atol=EPS)
    np.testing.assert_allclose(gradient[:, 0], -bce_gradient, rtol=1e-13, atol=EPS)


def _pytorch_style_cross_entropy(labels, logits, weight, smoothing, reduction, sample_weight):
    """PyTorch's documented rule, written independently: weighted, smoothed, divided by
    the total weight of the samples' classes."""
    n_classes = logits.shape[-1]
    log_probabilities = scipy.special.log_softmax(logits, axis=-1)
    targets = (1 - smoothing) * np.eye(n_classes)[labels] + smoothing / n_classes
    per_row = -(weight * targets * log_probabilities).sum(axis=-1)
    sample_weight = np.ones(len(labels)) if sample_weight is None else sample_weight
    if reduction == "none":
        return per_row * sample_weight
    if reduction == "sum":
        return (per_row * sample_weight).sum()
    return (per_row * sample_weight).sum() / (weight[labels] * sample_weight).sum()


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("smoothing", [0.0, 0.2])
@pytest.mark.parametrize("use_sample_weight", [False, True])
def test_class_weight_follows_pytorch_rule(reduction, smoothing, use_sample_weight):
    rng = np.random.default_rng(4)
    logits = rng.normal(0, 2, (12, 3))
    labels = rng.integers(0, 3, 12)
    weight = np.array([0.2, 1.0, 3.0])
    sample_weight = rng.uniform(0.1, 2.0, 12) if use_sample_weight else None
    expected = _pytorch_style_cross_entropy(
        labels, logits, weight, smoothing, reduction, sample_weight
    )
    computed = softmax_cross_entropy(
        labels,
        logits,
        class_weight=weight,
        label_smoothing=smoothing,
        reduction=reduction,
        sample_weight=sample_weight,
    )
    np.testing.assert_allclose(computed, expected, rtol=1e-13)


def test_soft_target_class_weight_is_target_weighted_mean():
    targets = np.array([[0.5, 0.5, 0.0], [0.0, 0.25, 0.75]])
    logits = np.array([[1.0, 0.0, -1.0], [0.5, 0.5, 2.0]])
    weight = np.array([1.0, 2.0, 4.0])
    log_probabilities = scipy.special.log_softmax(logits, axis=-1)
    per_row = -(weight * targets * log_probabilities).sum(axis=-1)
    sample_class_weight = targets @ weight  # 1.5 and 3.5
    assert softmax_cross_entropy(targets, logits, class_weight=weight) == pytest.approx(
        per_row.sum() / sample_class_weight.sum(), rel=1e-14
    )


def test_label_smoothing():
    logits = np.array([[2.0, 0.5, -1.0]])
    smoothed = np.array([[0.9 + 0.1 / 3, 0.1 / 3, 0.1 / 3]])
    assert softmax_cross_entropy([0], logits, label_smoothing=0.1) == pytest.approx(
        softmax_cross_entropy(smoothed, logits), rel=1e-14
    )
    # full smoothing: the target is uniform whatever the label
    assert softmax_cross_entropy([0], logits, label_smoothing=1.0) == softmax_cross_entropy(
        [2], logits, label_smoothing=1.0
    )


def test_softmax_ce_equals_categorical_ce_of_softmax():
    rng = np.random.default_rng(5)
    logits = rng.normal(0, 3, (10, 4))
    targets = rng.dirichlet(np.ones(4), 10)
    np.testing.assert_allclose(
        softmax_cross_entropy(targets, logits, reduction="none"),
        categorical_cross_entropy(targets, softmax(logits), reduction="none"),
        rtol=1e-13,
    )


def test_softmax_ce_more_dimensions():
    rng = np.random.default_rng(6)
    logits = rng.normal(0, 1, (2, 3, 4))
    labels = rng.integers(0, 4, (2, 3))
    losses = softmax_cross_entropy(labels, logits, reduction="none")
    assert losses.shape == (2, 3)
    np.testing.assert_allclose(
        losses.ravel(),
        softmax_cross_entropy(labels.ravel(), logits.reshape(6, 4), reduction="none"),
    )
    single = softmax_cross_entropy(labels[0, 0], logits[0, 0], reduction="none")
    assert single.shape == ()
    assert single == losses[0, 0]


# --- categorical cross-entropy, KL divergence and entropy ------------------------------


def test_categorical_ce_hand_values():
    assert categorical_cross_entropy([[0.0, 1.0]], [[0.5, 0.5]]) == pytest.approx(np.log(2.0))
    losses = categorical_cross_entropy(
        [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.2, 0.3, 0.5]],
        [[0.7, 0.2, 0.1], [1.0, 0.0, 0.0], [0.2, 0.3, 0.5]],
        reduction="none",
    )
    assert losses[0] == pytest.approx(-np.log(0.7), rel=2 * EPS)
    assert losses[1] == np.inf
    assert losses[2] == pytest.approx(-(0.2 * np.log(0.2) + 0.3 * np.log(0.3) + 0.5 * np.log(0.5)))


def test_categorical_ce_agrees_with_scikit_learn():
    rng = np.random.default_rng(7)
    probabilities = rng.dirichlet(np.ones(4), 30)
    labels = rng.integers(0, 4, 30)
    expected = sklearn.metrics.log_loss(labels, probabilities, labels=[0, 1, 2, 3])
    assert categorical_cross_entropy(np.eye(4)[labels], probabilities) == pytest.approx(
        expected, rel=1e-13
    )


def _mp_distribution_rows(seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(seed)
    pairs = [
        (np.array([1.0, 0.0]), np.array([1e-300, 1.0 - 1e-300])),
        (np.array([0.5, 0.5]), np.array([0.5, 0.5])),
        (np.array([1e-300, 1.0]), np.array([0.5, 0.5])),
        (np.array([0.0, 0.25, 0.75]), np.array([0.1, 0.2, 0.7])),
    ]
    for _ in range(60):
        size = rng.integers(2, 6)
        pairs.append((rng.dirichlet(np.full(size, 0.3)), rng.dirichlet(np.full(size, 0.3))))
    return pairs


def test_categorical_ce_kl_entropy_accuracy_mpmath():
    for p, q in _mp_distribution_rows(8):
        with mpmath.workprec(PREC):
            cross = -mpmath.fsum(mp_xlogy(a, b) for a, b in zip(p, q, strict=True))
            own = -mpmath.fsum(mp_xlogy(a, a) for a in p)
            divergence = cross - own
            magnitude = mpmath.fsum(
                abs(mp_xlogy(a, b)) + abs(mp_xlogy(a, a)) for a, b in zip(p, q, strict=True)
            )
        assert_relative([categorical_cross_entropy(p, q)], [cross], 1e-13)
        assert_relative([entropy(p)], [own], 1e-13)
        # KL is a difference of terms: 1e-13 relative, or 1e-15 of the terms' size
        assert abs(kl_divergence(p, q) - float(divergence)) <= 1e-13 * abs(
            float(divergence)
        ) + 1e-15 * float(magnitude)


@settings(max_examples=40, deadline=None)
@given(
    p=hnp.arrays(np.float64, (3, 4), elements=st.floats(0.0, 1.0)),
    q=hnp.arrays(np.float64, (3, 4), elements=st.floats(0.01, 1.0)),
)
def test_information_identities(p, q):
    assume((p.sum(axis=1) > 0.1).all())
    p = p / p.sum(axis=1, keepdims=True)
    q = q / q.sum(axis=1, keepdims=True)
    assert kl_divergence(p, p) == 0.0
    assert (kl_divergence(p, p, reduction="none") == 0.0).all()
    np.testing.assert_allclose(
        categorical_cross_entropy(p, q, reduction="none"),
        entropy(p, reduction="none") + kl_divergence(p, q, reduction="none"),
        rtol=1e-13,
        atol=1e-15,
    )
    assert (kl_divergence(p, q, reduction="none") >= -1e-15).all()
    np.testing.assert_array_equal(
        kl_divergence_grad(p, q, reduction="none"),
        categorical_cross_entropy_grad(p, q, reduction="none"),
    )


def test_kl_not_symmetric_and_infinite_where_q_misses_p():
    p, q = np.array([[0.5, 0.5]]), np.array([[0.9, 0.1]])
    forward, backward = kl_divergence(p, q), kl_divergence(q, p)
    assert forward == pytest.approx(0.5 * np.log(0.5 / 0.9) + 0.5 * np.log(0.5 / 0.1))
    assert backward == pytest.approx(0.9 * np.log(0.9 / 0.5) + 0.1 * np.log(0.1 / 0.5))
    assert forward != pytest.approx(backward)
    assert kl_divergence([[0.5, 0.5]], [[1.0, 0.0]]) == np.inf
    assert kl_divergence([[1.0, 0.0]], [[0.5, 0.5]]) == pytest.approx(np.log(2.0))
    assert kl_divergence_grad([[1.0, 0.0]], [[1.0, 0.0]]).tolist() == [[-1.0, 0.0]]
    assert kl_divergence_grad([[0.5, 0.5]], [[1.0, 0.0]]).tolist() == [[-0.5, -np.inf]]


def test_kl_with_subnormal_q_stays_finite():
    # p/q would overflow; log p - log q does not
    value = kl_divergence([[1.0, 0.0]], [[1e-310, 1.0 - 1e-310]])
    assert value == pytest.approx(-np.log(1e-310), rel=1e-13)


def test_kl_matches_pytorch_convention_written_out():
    """kl_div(input=log q, target=p, reduction='sum') = sum p (log p - log q)."""
    p = np.array([[0.2, 0.8], [0.6, 0.4]])
    q = np.array([[0.5, 0.5], [0.1, 0.9]])
    pytorch_style = (p * (np.log(p) - np.log(q))).sum()
    assert kl_divergence(p, q, reduction="sum") == pytest.approx(pytorch_style, rel=1e-14)
    assert kl_divergence(p, q) == pytest.approx(pytorch_style / 2, rel=1e-14)  # 'batchmean'
    assert kl_divergence(p, q) == pytest.approx(
        scipy.special.rel_entr(p, q).sum(axis=1).mean(), rel=1e-14
    )


def test_entropy_values():
    assert entropy([0.25, 0.25, 0.25, 0.25]) == pytest.approx(np.log(4.0), rel=EPS)
    assert entropy([[1.0, 0.0, 0.0]]) == 0.0
    rows = np.array([[0.5, 0.5], [0.9, 0.1]])
    np.testing.assert_allclose(
        entropy(rows, reduction="none"), scipy.stats.entropy(rows, axis=1), rtol=1e-14
    )
    assert entropy(rows, reduction="sum") == pytest.approx(
        np.log(2.0) - 0.9 * np.log(0.9) - 0.1 * np.log(0.1)
    )
    assert entropy(rows, sample_weight=[3.0, 1.0]) == pytest.approx(
        (3 * np.log(2.0) - 0.9 * np.log(0.9) - 0.1 * np.log(0.1)) / 4
    )


# --- focal loss ------------------------------------------------------------------------


def test_focal_gamma_zero_is_bce_with_logits():
    rng = np.random.default_rng(9)
    labels = np.concatenate([rng.integers(0, 2, 40).astype(float), rng.uniform(0, 1, 20)])
    logits = np.concatenate([rng.normal(0, 30, 40), [-1e308, 1e308, -800.0, 800.0] * 5])
    for reduction in ("none", "sum", "mean"):
        # the sum of several 1e308 losses would overflow: reduce only the moderate ones
        count = None if reduction == "none" else 40
        np.testing.assert_array_equal(
            focal_loss(labels[:count], logits[:count], gamma=0.0, reduction=reduction),
            binary_cross_entropy_with_logits(labels[:count], logits[:count], reduction=reduction),
        )
        np.testing.assert_array_equal(
            focal_loss_grad(labels, logits, gamma=0.0, reduction=reduction),
            binary_cross_entropy_with_logits_grad(labels, logits, reduction=reduction),
        )


def test_focal_hand_values():
    # x = 0: p_t = 1/2, loss = (1/2)^gamma log 2, times alpha_t
    assert focal_loss([1.0], [0.0]) == pytest.approx(0.25 * np.log(2.0), rel=2 * EPS)
    assert focal_loss([1.0], [0.0], alpha=0.25) == pytest.approx(0.0625 * np.log(2.0))
    assert focal_loss([0.0], [0.0], alpha=0.25) == pytest.approx(0.1875 * np.log(2.0))
    # an easy example (p_t = 0.99) is scaled by (0.01)^2
    logit = np.log(99.0)
    assert focal_loss([1.0], [logit]) == pytest.approx(1e-4 * -np.log(0.99), rel=1e-12)


def test_focal_accuracy_mpmath():
    logits = np.concatenate([np.linspace(-40, 40, 81), [-745.0, 745.0, -1e3, 1e3, 1e308, -1e308]])
    for label in (0.0, 1.0, 0.3):
        for gamma, alpha in ((2.0, None), (0.5, 0.25), (3.0, 0.9)):
            labels = np.full_like(logits, label)
            with mpmath.workprec(PREC):
                reference = [mp_focal(label, x, gamma, alpha) for x in logits]
            computed = focal_loss(labels, logits, gamma=gamma, alpha=alpha, reduction="none")
            assert_relative(computed, reference, 1e-13)


@pytest.mark.parametrize("gamma", [0.0, 0.3, 1.0, 2.0, 5.0])
@pytest.mark.parametrize("label", [0.0, 0.5, 1.0])
def test_focal_stable_at_extreme_logits(gamma, label):
    logits = np.array([-1e308, -1e3, -745.0, -40.0, 40.0, 745.0, 1e3, 1e308])
    labels = np.full_like(logits, label)
    loss = focal_loss(labels, logits, gamma=gamma, alpha=0.25, reduction="none")
    gradient = focal_loss_grad(labels, logits, gamma=gamma, alpha=0.25, reduction="none")
    assert np.isfinite(loss).all()
    assert np.isfinite(gradient).all()
    assert (loss >= 0).all()


# --- hinge losses ----------------------------------------------------------------------


def test_hinge_values_and_squared():
    labels = np.array([1.0, 1.0, -1.0, -1.0, 1.0])
    scores = np.array([2.0, 0.5, 0.5, -1.0, -3.0])
    losses = hinge(labels, scores, reduction="none")
    assert losses.tolist() == [0.0, 0.5, 1.5, 0.0, 4.0]
    np.testing.assert_array_equal(squared_hinge(labels, scores, reduction="none"), losses**2)
    assert hinge_grad(labels, scores, reduction="none").tolist() == [0.0, -1.0, 1.0, 0.0, -1.0]
    assert squared_hinge_grad(labels, scores, reduction="none").tolist() == [
        0.0,
        -1.0,
        3.0,
        0.0,
        -8.0,
    ]


def test_hinge_subgradient_zero_at_margin():
    labels = np.array([1.0, -1.0])
    scores = np.array([1.0, -1.0])  # y * score == 1 exactly
    assert hinge_grad(labels, scores, reduction="none").tolist() == [0.0, 0.0]
    assert squared_hinge_grad(labels, scores, reduction="none").tolist() == [0.0, 0.0]
    assert hinge(labels, scores) == 0.0


def test_hinge_agrees_with_scikit_learn():
    rng = np.random.default_rng(10)
    labels = rng.choice([-1.0, 1.0], 40)
    scores = rng.normal(0, 2, 40)
    assert hinge(labels, scores) == pytest.approx(
        sklearn.metrics.hinge_loss(labels, scores), rel=1e-14
    )


@pytest.mark.parametrize("function", [hinge, hinge_grad, squared_hinge, squared_hinge_grad])
def test_hinge_refuses_zero_one_labels(function):
    with pytest.raises(ValueError, match=r"y_true.*0 to -1"):
        function([0.0, 1.0, 1.0], [0.3, 0.2, -0.5])
    with pytest.raises(ValueError, match=r"y_true must hold the labels -1 and \+1, got 2.0$"):
        function([2.0, 1.0], [0.3, 0.2])


def test_multiclass_hinge_values():
    scores = np.array([[2.0, 1.5, 1.8], [0.0, 3.0, 1.0], [1.0, 0.0, -1.0]])
    labels = np.array([0, 2, 0])
    cs = multiclass_hinge(labels, scores, reduction="none")
    ww = multiclass_hinge(labels, scores, method="weston_watkins", reduction="none")
    np.testing.assert_allclose(cs, [0.8, 3.0, 0.0], rtol=1e-15)
    np.testing.assert_allclose(ww, [0.5 + 0.8, 0.0 + 3.0, 0.0], rtol=1e-15)
    np.testing.assert_allclose(
        multiclass_hinge(labels, scores, margin=2.0, reduction="none"), [1.8, 4.0, 1.0]
    )
    cs_grad = multiclass_hinge_grad(labels, scores, reduction="none")
    assert cs_grad.tolist() == [[-1.0, 0.0, 1.0], [0.0, 1.0, -1.0], [0.0, 0.0, 0.0]]
    ww_grad = multiclass_hinge_grad(labels, scores, method="weston_watkins", reduction="none")
    assert ww_grad.tolist() == [
        [-2.0, 1.0, 1.0],
        [0.0, 1.0, -1.0],
        [0.0, 0.0, 0.0],
    ]  # j=0 at the kink


def test_multiclass_hinge_agrees_with_scikit_learn_and_pytorch_rule():
    rng = np.random.default_rng(11)
    scores = rng.normal(0, 1.5, (30, 4))
    labels = rng.integers(0, 4, 30)
    assert multiclass_hinge(labels, scores) == pytest.approx(
        sklearn.metrics.hinge_loss(labels, scores, labels=[0, 1, 2, 3]), rel=1e-14
    )
    # PyTorch's multi_margin_loss: sum over j != y of max(0, 1 - s_y + s_j), divided by K
    true_scores = scores[np.arange(30), labels][:, None]
    terms = np.maximum(0.0, 1.0 - true_scores + scores)
    terms[np.arange(30), labels] = 0.0
    pytorch_style = (terms.sum(axis=1) / 4).mean()
    assert multiclass_hinge(labels, scores, method="weston_watkins") / 4 == pytest.approx(
        pytorch_style, rel=1e-14
    )


def test_multiclass_hinge_kink_and_ties():
    # margin exactly met: loss 0 and sub-gradient 0
    at_kink = np.array([[2.0, 1.0, 0.0]])
    for method in ("crammer_singer", "weston_watkins"):
        assert multiclass_hinge([0], at_kink, method=method) == 0.0
        assert (multiclass_hinge_grad([0], at_kink, method=method) == 0.0).all()
    # two rivals tie for the largest score: Crammer-Singer charges the first
    tied = np.array([[0.0, 1.0, 1.0, -5.0]])
    assert multiclass_hinge_grad([0], tied).tolist() == [[-1.0, 1.0, 0.0, 0.0]]
    tied_after_label = np.array([[1.0, 1.0, 0.0, 1.0]])
    assert multiclass_hinge_grad([2], tied_after_label).tolist() == [[1.0, 0.0, -1.0, 0.0]]


# --- reductions, sample weights, gradients of the SUM ----------------------------------


@dataclass
class Case:
    """A loss, its gradient and valid inputs."""

    name: str
    loss: Any
    grad: Any
    y_true: np.ndarray
    y_pred: np.ndarray
    kwargs: dict = field(default_factory=dict)
    class_axis: bool = False


_RNG = np.random.default_rng(12)
_P = _RNG.dirichlet(np.ones(3), 4)
_Q = _RNG.dirichlet(np.ones(3), 4)
_LOGITS = _RNG.normal(0, 2, (4, 3))
_LABELS = np.array([0, 2, 1, 2])
_BINARY = np.array([[0.0, 1.0], [1.0, 1.0], [0.0, 0.0], [1.0, 0.3]])
_BINARY_LOGITS = _RNG.normal(0, 2, (4, 2))
_SIGNS = np.array([[1.0, -1.0], [-1.0, -1.0], [1.0, 1.0], [-1.0, 1.0]])

CASES = [
    Case(
        "bce",
        binary_cross_entropy,
        binary_cross_entropy_grad,
        _BINARY,
        _RNG.uniform(0.05, 0.95, (4, 2)),
    ),
    Case(
        "bce_logits",
        binary_cross_entropy_with_logits,
        binary_cross_entropy_with_logits_grad,
        _BINARY,
        _BINARY_LOGITS,
    ),
    Case(
        "bce_logits_pos_weight",
        binary_cross_entropy_with_logits,
        binary_cross_entropy_with_logits_grad,
        _BINARY,
        _BINARY_LOGITS,
        {"pos_weight": np.array([2.0, 0.5])},
    ),
    Case("focal", focal_loss, focal_loss_grad, _BINARY, _BINARY_LOGITS),
    Case(
        "focal_alpha",
        focal_loss,
        focal_loss_grad,
        _BINARY,
        _BINARY_LOGITS,
        {"gamma": 0.7, "alpha": 0.25},
    ),
    Case("hinge", hinge, hinge_grad, _SIGNS, _RNG.normal(0, 2, (4, 2))),
    Case("squared_hinge", squared_hinge, squared_hinge_grad, _SIGNS, _RNG.normal(0, 2, (4, 2))),
    Case(
        "categorical_ce",
        categorical_cross_entropy,
        categorical_cross_entropy_grad,
        _P,
        _Q,
        class_axis=True,
    ),
    Case("kl", kl_divergence, kl_divergence_grad, _P, _Q, class_axis=True),
    Case(
        "softmax_ce_labels",
        softmax_cross_entropy,
        softmax_cross_entropy_grad,
        _LABELS,
        _LOGITS,
        class_axis=True,
    ),
    Case(
        "softmax_ce_soft",
        softmax_cross_entropy,
        softmax_cross_entropy_grad,
        _P,
        _LOGITS,
        {"label_smoothing": 0.1},
        class_axis=True,
    ),
    Case(
        "softmax_ce_class_weight",
        softmax_cross_entropy,
        softmax_cross_entropy_grad,
        _LABELS,
        _LOGITS,
        {"class_weight": np.array([0.5, 1.0, 2.0])},
        class_axis=True,
    ),
    Case(
        "multiclass_hinge_cs",
        multiclass_hinge,
        multiclass_hinge_grad,
        _LABELS,
        _LOGITS,
        class_axis=True,
    ),
    Case(
        "multiclass_hinge_ww",
        multiclass_hinge,
        multiclass_hinge_grad,
        _LABELS,
        _LOGITS,
        {"method": "weston_watkins", "margin": 2.0},
        class_axis=True,
    ),
]
CASE_IDS = [case.name for case in CASES]


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_reductions_and_sample_weight(case):
    weights = np.array([0.5, 2.0, 0.0, 1.5])
    kwargs = case.kwargs
    per_sample = case.loss(case.y_true, case.y_pred, reduction="none", **kwargs)
    expected_shape = case.y_pred.shape[:-1] if case.class_axis else case.y_pred.shape
    assert per_sample.shape == expected_shape
    total = case.loss(case.y_true, case.y_pred, reduction="sum", **kwargs)
    mean = case.loss(case.y_true, case.y_pred, **kwargs)
    assert isinstance(total, float)
    assert isinstance(mean, float)
    assert total == pytest.approx(per_sample.sum(), rel=1e-14)
    weighted = case.loss(
        case.y_true, case.y_pred, reduction="none", sample_weight=weights, **kwargs
    )
    along = weights.reshape((4,) + (1,) * (per_sample.ndim - 1))
    np.testing.assert_allclose(weighted, per_sample * along, rtol=1e-15)
    if "class_weight" not in kwargs:
        assert mean == pytest.approx(per_sample.mean(), rel=1e-14)
        weighted_mean = case.loss(case.y_true, case.y_pred, sample_weight=weights, **kwargs)
        assert weighted_mean == pytest.approx(
            (per_sample * along).sum() / (weights.sum() * per_sample[0].size), rel=1e-14
        )

    grad_none = case.grad(case.y_true, case.y_pred, reduction="none", **kwargs)
    grad_sum = case.grad(case.y_true, case.y_pred, reduction="sum", **kwargs)
    grad_mean = case.grad(case.y_true, case.y_pred, **kwargs)
    assert grad_none.shape == case.y_pred.shape
    np.testing.assert_array_equal(grad_none, grad_sum)  # 'none' is the gradient of the sum
    if "class_weight" not in kwargs:
        np.testing.assert_allclose(grad_mean, grad_sum / per_sample.size, rtol=1e-15)
    grad_weighted = case.grad(
        case.y_true, case.y_pred, reduction="none", sample_weight=weights, **kwargs
    )
    along_grad = weights.reshape((4,) + (1,) * (case.y_pred.ndim - 1))
    np.testing.assert_allclose(grad_weighted, grad_sum * along_grad, rtol=1e-15)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_gradient_matches_finite_differences_on_fixed_inputs(case, reduction):
    weights = np.array([0.5, 2.0, 0.1, 1.5])

    def loss_of(prediction):
        return case.loss(
            case.y_true, prediction, reduction=reduction, sample_weight=weights, **case.kwargs
        )

    step = (
        1e-7
        if case.class_axis and case.loss in (categorical_cross_entropy, kl_divergence)
        else 1e-6
    )
    expected = numeric_gradient(loss_of, case.y_pred, step)
    computed = case.grad(
        case.y_true, case.y_pred, reduction=reduction, sample_weight=weights, **case.kwargs
    )
    np.testing.assert_allclose(computed, expected, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_inputs_not_modified(case):
    arrays = [case.y_true, case.y_pred] + [
        v for v in case.kwargs.values() if isinstance(v, np.ndarray)
    ]
    weights = np.array([0.5, 2.0, 0.1, 1.5])
    copies = [array.copy() for array in [*arrays, weights]]
    for function in (case.loss, case.grad):
        for reduction in ("mean", "sum", "none"):
            function(
                case.y_true, case.y_pred, reduction=reduction, sample_weight=weights, **case.kwargs
            )
    for array, copy in zip([*arrays, weights], copies, strict=True):
        np.testing.assert_array_equal(array, copy)
        assert array.dtype == copy.dtype


def test_entropy_input_not_modified():
    p = _P.copy()
    entropy(p, reduction="none")
    np.testing.assert_array_equal(p, _P)


def test_mean_refuses_zero_total_weight():
    for case in CASES:
        with pytest.raises(ValueError, match="sample_weight"):
            case.loss(case.y_true, case.y_pred, sample_weight=np.zeros(4), **case.kwargs)
        with pytest.raises(ValueError, match="sample_weight"):
            case.grad(case.y_true, case.y_pred, sample_weight=np.zeros(4), **case.kwargs)


# --- finite-difference gradient checks with hypothesis ---------------------------------

FLOATS = {"allow_nan": False, "allow_infinity": False}


@st.composite
def binary_probability_inputs(draw):
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=2, max_side=3))
    labels = draw(
        hnp.arrays(np.float64, shape, elements=st.sampled_from([0.0, 1.0]) | st.floats(0.0, 1.0))
    )
    probabilities = draw(hnp.arrays(np.float64, shape, elements=st.floats(0.02, 0.98)))
    return labels, probabilities, {}


@st.composite
def binary_logit_inputs(draw, focal: bool = False):
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=2, max_side=3))
    labels = draw(
        hnp.arrays(np.float64, shape, elements=st.sampled_from([0.0, 1.0]) | st.floats(0.0, 1.0))
    )
    logits = draw(hnp.arrays(np.float64, shape, elements=st.floats(-12.0, 12.0)))
    if focal:
        kwargs = {
            "gamma": draw(st.floats(0.0, 4.0)),
            "alpha": draw(st.none() | st.floats(0.0, 1.0)),
        }
    else:
        kwargs = {"pos_weight": draw(st.none() | st.floats(0.1, 5.0))}
    return labels, logits, kwargs


@st.composite
def hinge_inputs(draw):
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=2, max_side=3))
    labels = draw(hnp.arrays(np.float64, shape, elements=st.sampled_from([-1.0, 1.0])))
    scores = draw(hnp.arrays(np.float64, shape, elements=st.floats(-4.0, 4.0)))
    assume((np.abs(1.0 - labels * scores) > 1e-3).all())  # away from the kink
    return labels, scores, {}


@st.composite
def distribution_inputs(draw):
    rows, classes = draw(st.integers(1, 3)), draw(st.integers(2, 4))
    p = draw(hnp.arrays(np.float64, (rows, classes), elements=st.floats(0.0, 1.0)))
    q = draw(hnp.arrays(np.float64, (rows, classes), elements=st.floats(0.05, 1.0)))
    assume((p.sum(axis=1) > 0.1).all())
    return p / p.sum(axis=1, keepdims=True), q / q.sum(axis=1, keepdims=True), {}


@st.composite
def softmax_inputs(draw):
    rows, classes = draw(st.integers(1, 3)), draw(st.integers(1, 4))
    logits = draw(hnp.arrays(np.float64, (rows, classes), elements=st.floats(-20.0, 20.0)))
    if draw(st.booleans()):
        targets = draw(hnp.arrays(np.int64, (rows,), elements=st.integers(0, classes - 1)))
    else:
        raw = draw(hnp.arrays(np.float64, (rows, classes), elements=st.floats(0.01, 1.0)))
        targets = raw / raw.sum(axis=1, keepdims=True)
    kwargs = {
        "class_weight": draw(
            st.none() | hnp.arrays(np.float64, (classes,), elements=st.floats(0.1, 5.0))
        ),
        "label_smoothing": draw(st.floats(0.0, 1.0)),
    }
    return targets, logits, kwargs


@st.composite
def multiclass_hinge_inputs(draw):
    rows, classes = draw(st.integers(1, 3)), draw(st.integers(2, 4))
    scores = draw(hnp.arrays(np.float64, (rows, classes), elements=st.floats(-3.0, 3.0)))
    labels = draw(hnp.arrays(np.int64, (rows,), elements=st.integers(0, classes - 1)))
    method = draw(st.sampled_from(["crammer_singer", "weston_watkins"]))
    margin = draw(st.sampled_from([1.0, 0.5, 2.0]))
    true_scores = scores[np.arange(rows), labels][:, None]
    margins = margin + scores - true_scores
    margins[np.arange(rows), labels] = -np.inf
    assume((np.abs(margins) > 1e-3).all())  # away from every kink
    ordered = np.sort(margins, axis=1)
    assume((ordered[:, -1] - ordered[:, -2] > 1e-3).all())  # no near-tie for the top rival
    return labels, scores, {"method": method, "margin": margin}


GRADIENT_SPECS = [
    ("bce", binary_cross_entropy, binary_cross_entropy_grad, binary_probability_inputs(), 1e-7),
    (
        "bce_logits",
        binary_cross_entropy_with_logits,
        binary_cross_entropy_with_logits_grad,
        binary_logit_inputs(),
        1e-6,
    ),
    ("focal", focal_loss, focal_loss_grad, binary_logit_inputs(focal=True), 1e-6),
    ("hinge", hinge, hinge_grad, hinge_inputs(), 1e-6),
    ("squared_hinge", squared_hinge, squared_hinge_grad, hinge_inputs(), 1e-6),
    (
        "categorical_ce",
        categorical_cross_entropy,
        categorical_cross_entropy_grad,
        distribution_inputs(),
        1e-7,
    ),
    ("kl", kl_divergence, kl_divergence_grad, distribution_inputs(), 1e-7),
    ("softmax_ce", softmax_cross_entropy, softmax_cross_entropy_grad, softmax_inputs(), 1e-6),
    ("multiclass_hinge", multiclass_hinge, multiclass_hinge_grad, multiclass_hinge_inputs(), 1e-6),
]


@pytest.mark.parametrize(
    ("loss", "grad", "strategy", "step"),
    [spec[1:] for spec in GRADIENT_SPECS],
    ids=[spec[0] for spec in GRADIENT_SPECS],
)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_gradient_matches_finite_differences(loss, grad, strategy, step, data):
    y_true, y_pred, kwargs = data.draw(strategy)
    for reduction in ("mean", "sum"):

        def loss_of(prediction, reduction=reduction):
            return loss(y_true, prediction, reduction=reduction, **kwargs)

        expected = numeric_gradient(loss_of, y_pred, step)
        computed = grad(y_true, y_pred, reduction=reduction, **kwargs)
        np.testing.assert_allclose(computed, expected, rtol=1e-5, atol=2e-7)


# --- bad input -------------------------------------------------------------------------

_BIN_Y, _BIN_P = [0.0, 1.0, 1.0], [0.2, 0.7, 0.9]
_BIN_X = [-1.0, 2.0, 0.5]
_DIST_P, _DIST_Q = [[0.2, 0.8], [0.5, 0.5]], [[0.3, 0.7], [0.6, 0.4]]
_CE_LABELS, _CE_LOGITS = [0, 2], [[1.0, 2.0, 3.0], [0.0, 0.0, 1.0]]
_SIGN_Y, _SIGN_S = [-1.0, 1.0, 1.0], [0.5, 2.0, -0.3]

PAIRS = {
    "bce": (binary_cross_entropy, binary_cross_entropy_grad, _BIN_Y, _BIN_P),
    "bce_logits": (
        binary_cross_entropy_with_logits,
        binary_cross_entropy_with_logits_grad,
        _BIN_Y,
        _BIN_X,
    ),
    "focal": (focal_loss, focal_loss_grad, _BIN_Y, _BIN_X),
    "hinge": (hinge, hinge_grad, _SIGN_Y, _SIGN_S),
    "squared_hinge": (squared_hinge, squared_hinge_grad, _SIGN_Y, _SIGN_S),
    "categorical_ce": (
        categorical_cross_entropy,
        categorical_cross_entropy_grad,
        _DIST_P,
        _DIST_Q,
    ),
    "kl": (kl_divergence, kl_divergence_grad, _DIST_P, _DIST_Q),
    "softmax_ce": (softmax_cross_entropy, softmax_cross_entropy_grad, _CE_LABELS, _CE_LOGITS),
    "multiclass_hinge": (multiclass_hinge, multiclass_hinge_grad, _CE_LABELS, _CE_LOGITS),
}
PRED_NAME = {
    "bce_logits": "logits",
    "focal": "logits",
    "softmax_ce": "logits",
    "multiclass_hinge": "scores",
}


def _bad_cases():
    """(family, y_true, y_pred, kwargs, error, match) for every family of losses."""
    cases = []
    for family, (_, _, y_true, y_pred) in PAIRS.items():
        pred = PRED_NAME.get(family, "y_pred")
        column = np.array(y_pred)[:, np.newaxis] if np.ndim(y_pred) == 1 else None
        common = [
            (
                "nan_pred",
                y_true,
                np.where(np.ones_like(y_pred, bool), np.nan, y_pred),
                {},
                ValueError,
                rf"{pred} must contain only finite numbers, got NaN",
            ),
            (
                "inf_pred",
                y_true,
                np.full(np.shape(y_pred), np.inf),
                {},
                ValueError,
                rf"{pred} must contain only finite numbers, got inf",
            ),
            ("empty", [], [], {}, ValueError, "must not be empty"),
            (
                "strings",
                y_true,
                np.full(np.shape(y_pred), "a"),
                {},
                TypeError,
                rf"{pred} must be an array of real numbers",
            ),
            (
                "objects",
                y_true,
                np.array(y_pred, dtype=object),
                {},
                TypeError,
                rf"{pred} must be an array of real numbers",
            ),
            ("none_pred", y_true, None, {}, TypeError, rf"{pred} must be an array"),
            (
                "reduction",
                y_true,
                y_pred,
                {"reduction": "avg"},
                ValueError,
                "reduction must be one of",
            ),
            (
                "reduction_none_object",
                y_true,
                y_pred,
                {"reduction": None},
                ValueError,
                "reduction must be one of",
            ),
            (
                "sample_weight_shape",
                y_true,
                y_pred,
                {"sample_weight": [1.0, 2.0, 3.0, 4.0]},
                ValueError,
                "sample_weight must have one weight per sample",
            ),
            (
                "sample_weight_negative",
                y_true,
                y_pred,
                {"sample_weight": [-1.0] + [1.0] * (len(y_pred) - 1)},
                ValueError,
                "sample_weight must not be negative",
            ),
            (
                "sample_weight_nan",
                y_true,
                y_pred,
                {"sample_weight": [np.nan] * len(y_pred)},
                ValueError,
                "sample_weight",
            ),
        ]
        if column is not None:
            common.append(
                (
                    "shape_column",
                    y_true,
                    column,
                    {},
                    ValueError,
                    rf"y_true and {pred} must have the same shape",
                )
            )
            common.append(
                (
                    "nan_true",
                    np.full(len(y_true), np.nan),
                    y_pred,
                    {},
                    ValueError,
                    "y_true must contain only finite numbers",
                )
            )
        cases += [(family, *case) for case in common]

    cases += [
        (
            "bce",
            "pred_above_one",
            _BIN_Y,
            [0.2, 1.5, 0.9],
            {},
            ValueError,
            r"y_pred must hold probabilities in \[0, 1\], got 1.5",
        ),
        (
            "bce",
            "true_below_zero",
            [-0.1, 1.0, 1.0],
            _BIN_P,
            {},
            ValueError,
            r"y_true must hold probabilities in \[0, 1\]",
        ),
        (
            "bce_logits",
            "true_above_one",
            [2.0, 1.0, 0.0],
            _BIN_X,
            {},
            ValueError,
            r"y_true must hold probabilities in \[0, 1\]",
        ),
        (
            "bce_logits",
            "pos_weight_zero",
            _BIN_Y,
            _BIN_X,
            {"pos_weight": 0.0},
            ValueError,
            "pos_weight must be greater than 0",
        ),
        (
            "bce_logits",
            "pos_weight_negative",
            _BIN_Y,
            _BIN_X,
            {"pos_weight": -2.0},
            ValueError,
            "pos_weight must be greater than 0",
        ),
        (
            "bce_logits",
            "pos_weight_nan",
            _BIN_Y,
            _BIN_X,
            {"pos_weight": np.nan},
            ValueError,
            "pos_weight must be a finite number",
        ),
        (
            "bce_logits",
            "pos_weight_string",
            _BIN_Y,
            _BIN_X,
            {"pos_weight": "2"},
            TypeError,
            "pos_weight must be a real number",
        ),
        (
            "bce_logits",
            "pos_weight_for_1d",
            _BIN_Y,
            _BIN_X,
            {"pos_weight": [1.0, 2.0, 3.0]},
            ValueError,
            "pos_weight must be a number or hold one weight per column",
        ),
        (
            "bce_logits",
            "pos_weight_length",
            [[0.0, 1.0]],
            [[0.5, 0.5]],
            {"pos_weight": [1.0, 2.0, 3.0]},
            ValueError,
            "pos_weight must be a number or hold",
        ),
        (
            "bce_logits",
            "pos_weight_column_zero",
            [[0.0, 1.0]],
            [[0.5, 0.5]],
            {"pos_weight": [1.0, 0.0]},
            ValueError,
            "pos_weight must be greater than 0",
        ),
        (
            "focal",
            "gamma_negative",
            _BIN_Y,
            _BIN_X,
            {"gamma": -0.5},
            ValueError,
            r"gamma must lie in \[0, inf\]",
        ),
        (
            "focal",
            "gamma_string",
            _BIN_Y,
            _BIN_X,
            {"gamma": "2"},
            TypeError,
            "gamma must be a real number",
        ),
        (
            "focal",
            "alpha_above_one",
            _BIN_Y,
            _BIN_X,
            {"alpha": 1.5},
            ValueError,
            r"alpha must lie in \[0, 1\]",
        ),
        (
            "focal",
            "alpha_negative",
            _BIN_Y,
            _BIN_X,
            {"alpha": -0.25},
            ValueError,
            r"alpha must lie in \[0, 1\]",
        ),
        ("focal", "true_above_one", [0.0, 1.0, 1.2], _BIN_X, {}, ValueError, "y_true"),
        (
            "hinge",
            "zero_one_labels",
            [0.0, 1.0, 1.0],
            _SIGN_S,
            {},
            ValueError,
            "y_true.*map.*0 to -1",
        ),
        (
            "hinge",
            "other_labels",
            [-1.0, 2.0, 1.0],
            _SIGN_S,
            {},
            ValueError,
            r"y_true must hold the labels -1 and \+1",
        ),
        (
            "categorical_ce",
            "rows_not_summing",
            [[0.2, 0.7], [0.5, 0.5]],
            _DIST_Q,
            {},
            ValueError,
            "each row of y_true must sum to 1",
        ),
        (
            "categorical_ce",
            "pred_rows_not_summing",
            _DIST_P,
            [[0.3, 0.8], [0.6, 0.4]],
            {},
            ValueError,
            "each row of y_pred must sum to 1",
        ),
        (
            "categorical_ce",
            "negative",
            _DIST_P,
            [[1.2, -0.2], [0.6, 0.4]],
            {},
            ValueError,
            r"y_pred must hold probabilities in \[0, 1\]",
        ),
        ("categorical_ce", "scalar", 1.0, 1.0, {}, ValueError, "y_true must have the classes"),
        ("categorical_ce", "shape", _DIST_P, [[0.3, 0.7]], {}, ValueError, "same shape"),
        (
            "kl",
            "rows_not_summing",
            _DIST_P,
            [[0.3, 0.6], [0.6, 0.4]],
            {},
            ValueError,
            "each row of y_pred must sum to 1",
        ),
        ("kl", "shape", [[0.5, 0.5]], [[0.2, 0.3, 0.5]], {}, ValueError, "same shape"),
        (
            "softmax_ce",
            "label_too_large",
            [0, 3],
            _CE_LOGITS,
            {},
            ValueError,
            r"y_true must hold labels in \[0, 2\] for 3 classes, got the label 3",
        ),
        ("softmax_ce", "label_negative", [0, -1], _CE_LOGITS, {}, ValueError, "got the label -1"),
        (
            "softmax_ce",
            "label_fraction",
            [0, 0.5],
            _CE_LOGITS,
            {},
            ValueError,
            "y_true must hold whole-number class labels",
        ),
        (
            "softmax_ce",
            "label_strings",
            ["a", "b"],
            _CE_LOGITS,
            {},
            TypeError,
            "y_true must be an array of integer class labels",
        ),
        ("softmax_ce", "label_none", None, _CE_LOGITS, {}, TypeError, "y_true"),
        (
            "softmax_ce",
            "label_count",
            [0, 1, 2],
            _CE_LOGITS,
            {},
            ValueError,
            r"y_true must hold one integer label per row of the scores, shape \(2,\)",
        ),
        (
            "softmax_ce",
            "target_shape",
            [[0.5, 0.5], [0.5, 0.5]],
            _CE_LOGITS,
            {},
            ValueError,
            "y_true and logits must have the same shape",
        ),
        (
            "softmax_ce",
            "target_rows",
            [[0.5, 0.6, 0.0], [0.0, 0.0, 1.0]],
            _CE_LOGITS,
            {},
            ValueError,
            "each row of y_true must sum to 1",
        ),
        (
            "softmax_ce",
            "ragged_targets",
            [[0.5, 0.5], [1.0]],
            [[0.0, 0.0], [0.0, 0.0]],
            {},
            ValueError,
            "y_true must be a rectangular array",
        ),
        (
            "softmax_ce",
            "scalar_logits",
            0,
            1.0,
            {},
            ValueError,
            "logits must have at least 1 classes on its last axis",
        ),
        (
            "softmax_ce",
            "class_weight_length",
            _CE_LABELS,
            _CE_LOGITS,
            {"class_weight": [1.0, 2.0]},
            ValueError,
            r"class_weight must hold one weight per class, shape \(3,\)",
        ),
        (
            "softmax_ce",
            "class_weight_zero",
            _CE_LABELS,
            _CE_LOGITS,
            {"class_weight": [1.0, 0.0, 2.0]},
            ValueError,
            "class_weight must be greater than 0",
        ),
        (
            "softmax_ce",
            "class_weight_negative",
            _CE_LABELS,
            _CE_LOGITS,
            {"class_weight": [1.0, -1.0, 2.0]},
            ValueError,
            "class_weight must be greater than 0",
        ),
        (
            "softmax_ce",
            "class_weight_nan",
            _CE_LABELS,
            _CE_LOGITS,
            {"class_weight": [1.0, np.nan, 2.0]},
            ValueError,
            "class_weight must contain only",
        ),
        (
            "softmax_ce",
            "smoothing_above_one",
            _CE_LABELS,
            _CE_LOGITS,
            {"label_smoothing": 1.5},
            ValueError,
            r"label_smoothing must lie in \[0, 1\]",
        ),
        (
            "softmax_ce",
            "smoothing_negative",
            _CE_LABELS,
            _CE_LOGITS,
            {"label_smoothing": -0.1},
            ValueError,
            r"label_smoothing must lie in \[0, 1\]",
        ),
        (
            "softmax_ce",
            "smoothing_string",
            _CE_LABELS,
            _CE_LOGITS,
            {"label_smoothing": "0.1"},
            TypeError,
            "label_smoothing must be a real number",
        ),
        (
            "multiclass_hinge",
            "method",
            _CE_LABELS,
            _CE_LOGITS,
            {"method": "ovr"},
            ValueError,
            "method must be 'crammer_singer' or 'weston_watkins', got 'ovr'",
        ),
        (
            "multiclass_hinge",
            "margin_zero",
            _CE_LABELS,
            _CE_LOGITS,
            {"margin": 0.0},
            ValueError,
            "margin must be greater than 0",
        ),
        (
            "multiclass_hinge",
            "margin_negative",
            _CE_LABELS,
            _CE_LOGITS,
            {"margin": -1.0},
            ValueError,
            "margin must be greater than 0",
        ),
        (
            "multiclass_hinge",
            "one_class",
            [0, 0],
            [[1.0], [2.0]],
            {},
            ValueError,
            "scores must have at least 2 classes",
        ),
        (
            "multiclass_hinge",
            "label_too_large",
            [0, 5],
            _CE_LOGITS,
            {},
            ValueError,
            "got the label 5",
        ),
        (
            "multiclass_hinge",
            "soft_targets",
            _DIST_P,
            [[0.0, 1.0], [1.0, 0.0]],
            {},
            ValueError,
            "y_true must hold whole-number class labels",
        ),
    ]
    return cases


BAD_CASES = _bad_cases()


@pytest.mark.parametrize("which", ["loss", "grad"])
@pytest.mark.parametrize(
    ("family", "case", "y_true", "y_pred", "kwargs", "error", "match"),
    BAD_CASES,
    ids=[f"{case[0]}-{case[1]}" for case in BAD_CASES],
)
def test_bad_input(which, family, case, y_true, y_pred, kwargs, error, match):
    loss, grad, _, _ = PAIRS[family]
    function = loss if which == "loss" else grad
    with pytest.raises(error, match=match):
        function(y_true, y_pred, **kwargs)


@pytest.mark.parametrize(
    ("value", "error", "match"),
    [
        ([[0.5, 0.6]], ValueError, "each row of p must sum to 1"),
        ([], ValueError, "p must not be empty"),
        (0.5, ValueError, "p must have the classes on its last axis"),
        ([["a", "b"]], TypeError, "p must be an array of real numbers"),
        ([[np.nan, 1.0]], ValueError, "p must contain only finite numbers"),
    ],
)
def test_entropy_bad_input(value, error, match):
    with pytest.raises(error, match=match):
        entropy(value)


def test_entropy_bad_reduction_and_weights():
    with pytest.raises(ValueError, match="reduction"):
        entropy([[0.5, 0.5]], reduction="average")
    with pytest.raises(ValueError, match="sample_weight"):
        entropy([[0.5, 0.5]], sample_weight=[1.0, 1.0])


def test_sample_weight_needs_a_sample_axis():
    with pytest.raises(ValueError, match="sample_weight needs losses with a sample axis"):
        binary_cross_entropy(1.0, 0.5, sample_weight=[1.0])
    with pytest.raises(ValueError, match="sample_weight needs losses with a sample axis"):
        softmax_cross_entropy(0, [1.0, 2.0], sample_weight=[1.0])
