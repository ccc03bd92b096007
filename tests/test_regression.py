"""Tests of lossbook.regression: values, accuracy, gradients, identities, bad input."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lossbook
from lossbook.regression import (
    gaussian_nll,
    gaussian_nll_grad,
    huber,
    huber_grad,
    log_cosh,
    log_cosh_grad,
    mae,
    mae_grad,
    mse,
    mse_grad,
    poisson_nll,
    poisson_nll_grad,
    quantile_loss,
    quantile_loss_grad,
    smooth_l1,
    smooth_l1_grad,
)

mpmath.mp.prec = 100

FAST = settings(max_examples=30, deadline=None)


# ---------------------------------------------------------------------------
# The losses under test, with the inputs each accepts
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """A loss with fixed hyper-parameters, its gradient and its input domain."""

    name: str
    loss: Callable[..., Any]
    grad: Callable[..., Any]
    kwargs: dict[str, Any] = field(default_factory=dict)
    #: Residual sizes |y - ŷ| where the loss or its gradient has a kink; finite
    #: differences keep away from them.
    kinks: tuple[float, ...] = ()
    #: "residual": any real targets and predictions; "log-rate" / "rate": Poisson inputs.
    domain: str = "residual"

    def __call__(self, y_true, y_pred, **kwargs):
        return self.loss(y_true, y_pred, **self.kwargs, **kwargs)

    def gradient(self, y_true, y_pred, **kwargs):
        return self.grad(y_true, y_pred, **self.kwargs, **kwargs)


CASES = [
    Case("mse", mse, mse_grad),
    Case("mae", mae, mae_grad, kinks=(0.0,)),
    Case("huber", huber, huber_grad, kinks=(1.0,)),
    Case("huber-delta-0.7", huber, huber_grad, {"delta": 0.7}, kinks=(0.7,)),
    Case("smooth_l1", smooth_l1, smooth_l1_grad, kinks=(1.0,)),
    Case("smooth_l1-beta-2.5", smooth_l1, smooth_l1_grad, {"beta": 2.5}, kinks=(2.5,)),
    Case("log_cosh", log_cosh, log_cosh_grad),
    Case("quantile", quantile_loss, quantile_loss_grad, kinks=(0.0,)),
    Case("quantile-tau-0.2", quantile_loss, quantile_loss_grad, {"tau": 0.2}, kinks=(0.0,)),
    Case("gaussian_nll", gaussian_nll, gaussian_nll_grad, {"var": 0.7}),
    Case("gaussian_nll-full", gaussian_nll, gaussian_nll_grad, {"var": 2.0, "full": True}),
    Case("poisson_nll", poisson_nll, poisson_nll_grad, domain="log-rate"),
    Case(
        "poisson_nll-rate",
        poisson_nll,
        poisson_nll_grad,
        {"log_input": False},
        domain="rate",
    ),
]
CASE_IDS = [case.name for case in CASES]
PUBLIC = [
    (mse, mse_grad),
    (mae, mae_grad),
    (huber, huber_grad),
    (smooth_l1, smooth_l1_grad),
    (log_cosh, log_cosh_grad),
    (quantile_loss, quantile_loss_grad),
    (gaussian_nll, gaussian_nll_grad),
    (poisson_nll, poisson_nll_grad),
]
#: Every public function with the keyword arguments it needs to run.
FUNCTIONS = [
    pytest.param(function, {"var": 1.0} if pair[0] is gaussian_nll else {}, id=function.__name__)
    for pair in PUBLIC
    for function in pair
]


def sample_inputs(case: Case, shape=(4, 3), seed=0):
    """Targets and predictions in the case's domain, reproducibly."""
    rng = np.random.default_rng(seed)
    if case.domain == "residual":
        return rng.normal(size=shape) * 3, rng.normal(size=shape) * 3
    counts = rng.poisson(2.0, size=shape).astype(float)
    if case.domain == "log-rate":
        return counts, rng.normal(size=shape)
    return counts, rng.uniform(0.1, 5.0, size=shape)


# ---------------------------------------------------------------------------
# Hand-computed values
# ---------------------------------------------------------------------------


def test_mse_and_mae_by_hand():
    y_true, y_pred = [1.0, 2.0, 3.0], [1.5, 2.0, 1.0]
    assert mse(y_true, y_pred, reduction="none").tolist() == [0.25, 0.0, 4.0]
    assert mse(y_true, y_pred, reduction="sum") == 4.25
    assert mae(y_true, y_pred, reduction="none").tolist() == [0.5, 0.0, 2.0]
    assert mae(y_true, y_pred) == pytest.approx(2.5 / 3, rel=1e-15)
    assert mse_grad(y_true, y_pred, reduction="sum").tolist() == [1.0, 0.0, -4.0]
    assert mae_grad(y_true, y_pred, reduction="sum").tolist() == [1.0, 0.0, -1.0]


def test_huber_and_smooth_l1_by_hand():
    residuals = np.array([0.0, 0.5, -1.0, 3.0, -10.0])
    zeros = np.zeros_like(residuals)
    # delta = 1: r²/2 up to 1, then |r| - 1/2.
    assert huber(residuals, zeros, reduction="none").tolist() == [0.0, 0.125, 0.5, 2.5, 9.5]
    # delta = 2: r²/2 up to 2, then 2 (|r| - 1).
    assert huber(residuals, zeros, delta=2.0, reduction="none").tolist() == [
        0.0,
        0.125,
        0.5,
        4.0,
        18.0,
    ]
    # beta = 2: r²/4 below 2, then |r| - 1.
    assert smooth_l1(residuals, zeros, beta=2.0, reduction="none").tolist() == [
        0.0,
        0.0625,
        0.25,
        2.0,
        9.0,
    ]
    assert huber_grad(residuals, zeros, reduction="sum").tolist() == [0.0, -0.5, 1.0, -1.0, 1.0]
    assert smooth_l1_grad(residuals, zeros, beta=2.0, reduction="sum").tolist() == [
        0.0,
        -0.25,
        0.5,
        -1.0,
        1.0,
    ]


def test_log_cosh_by_hand():
    r = np.array([0.0, 1e-10, 1.0, -30.0, 1e308])
    losses = log_cosh(r, np.zeros_like(r), reduction="none")
    assert losses[0] == 0.0
    assert losses[1] == pytest.approx(5e-21, rel=1e-15)  # not 0: no cancellation
    assert losses[2] == pytest.approx(math.log(math.cosh(1.0)), rel=1e-15)
    assert losses[3] == pytest.approx(30.0 - math.log(2.0), rel=1e-15)
    assert losses[4] == 1e308  # no overflow: 1e308 - log 2 rounds to 1e308
    gradient = log_cosh_grad(r, np.zeros_like(r), reduction="sum")
    assert gradient.tolist() == pytest.approx([0.0, -1e-10, -math.tanh(1.0), 1.0, -1.0])


def test_quantile_by_hand():
    y_true, y_pred = [1.0, 1.0, 1.0], [0.0, 1.0, 3.0]
    assert quantile_loss(y_true, y_pred, tau=0.9, reduction="none").tolist() == pytest.approx(
        [0.9, 0.0, 0.2]
    )
    gradient = quantile_loss_grad(y_true, y_pred, tau=0.9, reduction="sum")
    assert gradient.tolist() == pytest.approx([-0.9, 0.0, 0.1])


def test_gaussian_nll_by_hand():
    losses = gaussian_nll([1.0, 1.0], [1.0, 3.0], var=4.0, reduction="none")
    assert losses.tolist() == pytest.approx([math.log(2.0), math.log(2.0) + 0.5])
    full = gaussian_nll([0.0], [0.0], var=1.0, full=True)
    assert full == pytest.approx(-math.log(1.0 / math.sqrt(2.0 * math.pi)), rel=1e-15)
    gradient = gaussian_nll_grad([1.0, 1.0], [1.0, 3.0], var=[4.0, 1.0], reduction="sum")
    assert gradient.tolist() == [0.0, 2.0]
    # d/dvar: 1/(2v) (1 - r²/v): v=4, r=0 -> 1/8; v=1, r=2 -> 1/2 (1 - 4) = -3/2.
    gradient = gaussian_nll_grad(
        [1.0, 1.0], [1.0, 3.0], var=[4.0, 1.0], wrt="var", reduction="sum"
    )
    assert gradient.tolist() == [0.125, -1.5]


def test_poisson_nll_by_hand():
    # log-rates: exp(ŷ) - y ŷ.
    losses = poisson_nll([2.0, 0.0, 1.0], [0.0, 0.0, math.log(3.0)], reduction="none")
    assert losses.tolist() == pytest.approx([1.0, 1.0, 3.0 - math.log(3.0)], rel=1e-15)
    # rates: ŷ - y log ŷ with 0 log 0 = 0 and a zero rate for a positive count infinite.
    losses = poisson_nll([2.0, 0.0, 3.0], [1.0, 0.0, 0.0], log_input=False, reduction="none")
    assert losses.tolist() == [1.0, 0.0, math.inf]
    gradient = poisson_nll_grad([2.0, 0.0, 3.0], [4.0, 0.0, 0.0], log_input=False, reduction="sum")
    assert gradient.tolist() == [0.5, 1.0, -math.inf]
    assert poisson_nll_grad([2.0], [0.0], reduction="sum").tolist() == [-1.0]


def test_scalar_inputs_give_floats_and_zero_dimensional_losses():
    assert mse(3.0, 1.0) == 4.0
    assert isinstance(mse(3.0, 1.0), float)
    assert log_cosh(0.0, 2.0, reduction="none").shape == ()
    assert np.shape(log_cosh_grad(0.0, 2.0)) == ()


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_reduced_losses_are_floats_and_gradients_are_shaped_like_y_pred(case):
    y_true, y_pred = sample_inputs(case)
    for reduction in ("mean", "sum"):
        assert type(case(y_true, y_pred, reduction=reduction)) is float
    assert case(y_true, y_pred, reduction="none").shape == y_pred.shape
    for reduction in ("mean", "sum", "none"):
        gradient = case.gradient(y_true, y_pred, reduction=reduction)
        assert isinstance(gradient, np.ndarray)
        assert gradient.shape == y_pred.shape


# ---------------------------------------------------------------------------
# Reductions and sample weights
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_reductions_agree(case):
    y_true, y_pred = sample_inputs(case, seed=1)
    weights = np.array([0.5, 2.0, 0.0, 1.5])
    per_element = case(y_true, y_pred, reduction="none")
    assert case(y_true, y_pred, reduction="sum") == pytest.approx(per_element.sum(), rel=1e-14)
    assert case(y_true, y_pred) == pytest.approx(per_element.mean(), rel=1e-14)

    weighted = case(y_true, y_pred, reduction="none", sample_weight=weights)
    np.testing.assert_allclose(weighted, per_element * weights[:, None], rtol=1e-15)
    assert case(y_true, y_pred, reduction="sum", sample_weight=weights) == pytest.approx(
        weighted.sum(), rel=1e-14
    )
    expected_mean = np.average(per_element, axis=0, weights=weights).mean()
    assert case(y_true, y_pred, sample_weight=weights) == pytest.approx(expected_mean, rel=1e-14)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_weights_act_like_repeated_samples(case):
    y_true, y_pred = sample_inputs(case, shape=(3, 2), seed=2)
    repeated = [0, 1, 1, 2, 2, 2]
    weighted = case(y_true, y_pred, sample_weight=[1.0, 2.0, 3.0])
    assert weighted == pytest.approx(case(y_true[repeated], y_pred[repeated]), rel=1e-14)
    gradient = case.gradient(y_true, y_pred, reduction="sum", sample_weight=[1.0, 2.0, 3.0])
    np.testing.assert_allclose(
        gradient, case.gradient(y_true, y_pred, reduction="sum") * [[1.0], [2.0], [3.0]]
    )


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_equal_weights_change_nothing_for_the_mean(case):
    y_true, y_pred = sample_inputs(case, seed=3)
    assert case(y_true, y_pred, sample_weight=np.full(4, 7.0)) == pytest.approx(
        case(y_true, y_pred), rel=1e-14
    )
    np.testing.assert_allclose(
        case.gradient(y_true, y_pred, sample_weight=np.full(4, 7.0)),
        case.gradient(y_true, y_pred),
        rtol=1e-14,
    )


def test_none_gradient_is_the_gradient_of_the_sum():
    y_true, y_pred = np.array([1.0, 2.0]), np.array([0.0, 4.0])
    np.testing.assert_array_equal(
        mse_grad(y_true, y_pred, reduction="none"), mse_grad(y_true, y_pred, reduction="sum")
    )
    np.testing.assert_array_equal(
        mse_grad(y_true, y_pred), mse_grad(y_true, y_pred, reduction="sum") / 2
    )


# ---------------------------------------------------------------------------
# Identities and agreement with scikit-learn
# ---------------------------------------------------------------------------

EXTREME_RESIDUALS = np.concatenate(
    [[0.0], np.geomspace(1e-150, 1e150, 121), -np.geomspace(1e-150, 1e150, 121)]
)


@pytest.mark.parametrize("delta", [1e-3, 0.3, 1.0, 7.5, 1e3])
def test_huber_is_delta_times_smooth_l1(delta):
    zeros = np.zeros_like(EXTREME_RESIDUALS)
    huber_losses = huber(EXTREME_RESIDUALS, zeros, delta=delta, reduction="none")
    smooth = smooth_l1(EXTREME_RESIDUALS, zeros, beta=delta, reduction="none")
    np.testing.assert_allclose(huber_losses, delta * smooth, rtol=1e-15, atol=0)
    np.testing.assert_allclose(
        huber_grad(EXTREME_RESIDUALS, zeros, delta=delta, reduction="none"),
        delta * smooth_l1_grad(EXTREME_RESIDUALS, zeros, beta=delta, reduction="none"),
        rtol=1e-15,
    )


def test_quantile_at_one_half_is_half_the_mae():
    rng = np.random.default_rng(4)
    y_true, y_pred = rng.normal(size=(5, 2)) * 10, rng.normal(size=(5, 2)) * 10
    np.testing.assert_array_equal(
        quantile_loss(y_true, y_pred, tau=0.5, reduction="none"),
        0.5 * mae(y_true, y_pred, reduction="none"),
    )
    np.testing.assert_array_equal(
        quantile_loss_grad(y_true, y_pred, tau=0.5, reduction="none"),
        0.5 * mae_grad(y_true, y_pred, reduction="none"),
    )


def test_gaussian_nll_with_unit_variance_is_half_the_squared_error():
    rng = np.random.default_rng(5)
    y_true, y_pred = rng.normal(size=6), rng.normal(size=6)
    assert gaussian_nll(y_true, y_pred, var=1.0) == pytest.approx(0.5 * mse(y_true, y_pred))
    scalar = gaussian_nll(y_true, y_pred, var=2.5, reduction="none")
    array = gaussian_nll(y_true, y_pred, var=np.full(6, 2.5), reduction="none")
    np.testing.assert_array_equal(scalar, array)
    np.testing.assert_allclose(
        gaussian_nll(y_true, y_pred, var=2.5, full=True, reduction="none"),
        scalar + 0.5 * math.log(2.0 * math.pi),
        rtol=1e-15,
    )


def test_gaussian_var_gradient_of_a_scalar_var_is_the_sum_over_elements():
    rng = np.random.default_rng(6)
    y_true, y_pred = rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
    weights = np.array([1.0, 0.5, 2.0])
    for reduction in ("mean", "sum", "none"):
        scalar = gaussian_nll_grad(
            y_true, y_pred, var=0.8, wrt="var", reduction=reduction, sample_weight=weights
        )
        array = gaussian_nll_grad(
            y_true,
            y_pred,
            var=np.full((3, 2), 0.8),
            wrt="var",
            reduction=reduction,
            sample_weight=weights,
        )
        assert type(scalar) is float
        assert array.shape == (3, 2)
        assert scalar == pytest.approx(array.sum(), rel=1e-14)


def test_agrees_with_scikit_learn():
    # Imported here: scikit-learn takes seconds to import and only this test needs it.
    from sklearn.metrics import (
        mean_absolute_error,
        mean_pinball_loss,
        mean_poisson_deviance,
        mean_squared_error,
    )

    rng = np.random.default_rng(7)
    y_true, y_pred = rng.normal(size=20), rng.normal(size=20)
    weights = rng.uniform(0.0, 2.0, size=20)
    assert mse(y_true, y_pred, sample_weight=weights) == pytest.approx(
        mean_squared_error(y_true, y_pred, sample_weight=weights), rel=1e-14
    )
    assert mae(y_true, y_pred, sample_weight=weights) == pytest.approx(
        mean_absolute_error(y_true, y_pred, sample_weight=weights), rel=1e-14
    )
    for tau in (0.1, 0.5, 0.83):
        assert quantile_loss(y_true, y_pred, tau=tau, sample_weight=weights) == pytest.approx(
            mean_pinball_loss(y_true, y_pred, alpha=tau, sample_weight=weights), rel=1e-14
        )
    # scikit-learn's Poisson deviance is 2 (nll(y, ŷ) - nll(y, y)), non-integer counts included.
    counts, rates = rng.uniform(0.0, 5.0, size=20), rng.uniform(0.1, 5.0, size=20)
    counts[:3] = 0.0
    deviance = 2.0 * (
        poisson_nll(counts, rates, log_input=False, reduction="none")
        - poisson_nll(counts, counts, log_input=False, reduction="none")
    )
    assert deviance.mean() == pytest.approx(mean_poisson_deviance(counts, rates), rel=1e-13)


def test_both_poisson_inputs_describe_the_same_loss():
    rng = np.random.default_rng(8)
    counts, log_rates = rng.poisson(3.0, size=10).astype(float), rng.normal(size=10)
    np.testing.assert_allclose(
        poisson_nll(counts, log_rates, reduction="none"),
        poisson_nll(counts, np.exp(log_rates), log_input=False, reduction="none"),
        rtol=1e-13,
    )
    # d/d(log λ) = λ · d/dλ.
    np.testing.assert_allclose(
        poisson_nll_grad(counts, log_rates, reduction="none"),
        np.exp(log_rates)
        * poisson_nll_grad(counts, np.exp(log_rates), log_input=False, reduction="none"),
        rtol=1e-13,
    )


def test_every_public_name_is_tested_and_reexported():
    tested = {function.__name__ for pair in PUBLIC for function in pair}
    assert tested == set(lossbook.regression.__all__)
    for name in lossbook.regression.__all__:
        assert getattr(lossbook, name) is getattr(lossbook.regression, name)


# ---------------------------------------------------------------------------
# Accuracy against 100-bit mpmath
# ---------------------------------------------------------------------------


def ulp_error(computed: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Distance in units in the last place of the (float64-rounded) reference."""
    with np.errstate(over="ignore"):  # the spacing above the largest float64 is inf
        spacing = np.spacing(np.abs(reference))
    return np.abs(computed - reference) / spacing


def mp_log_cosh(residual: float) -> float:
    """log(cosh(r)) with enough working precision that cosh(r) - 1 is resolved."""
    if residual == 0.0:
        return 0.0
    extra = max(0, -2 * math.frexp(residual)[1])
    with mpmath.workprec(mpmath.mp.prec + extra):
        return float(mpmath.log(mpmath.cosh(mpmath.mpf(residual))))


def test_log_cosh_within_two_ulp_of_mpmath():
    rng = np.random.default_rng(9)
    magnitudes = np.concatenate(
        [
            [
                0.0,
                5e-324,
                1.0,
                np.nextafter(1.0, 2.0),
                np.nextafter(1.0, 0.0),
                1.7976931348623157e308,
            ],
            np.geomspace(1e-300, 1e308, 700),
            rng.uniform(0.0, 1.2, 1500),
            rng.uniform(1.0, 25.0, 600),
        ]
    )
    residuals = np.concatenate([magnitudes, -magnitudes])
    reference = np.array([mp_log_cosh(r) for r in residuals])
    computed = log_cosh(residuals, np.zeros_like(residuals), reduction="none")
    assert ulp_error(computed, reference).max() <= 2.0


def test_log_cosh_of_a_large_array_is_computed_elementwise():
    # lossbook computes log_cosh in blocks; block edges must not show.
    residuals = np.random.default_rng(11).normal(size=(3, 20_001)) * 3
    losses = log_cosh(residuals, np.zeros_like(residuals), reduction="none")
    assert losses.shape == residuals.shape
    pieces = [log_cosh(row[:7], np.zeros(7), reduction="none") for row in residuals]
    np.testing.assert_array_equal(losses[:, :7], pieces)
    np.testing.assert_array_equal(
        losses.ravel()[-5:], log_cosh(residuals.ravel()[-5:], np.zeros(5), reduction="none")
    )


def test_log_cosh_grad_within_two_ulp_of_mpmath():
    residuals = np.concatenate([np.geomspace(1e-300, 1e3, 300), -np.geomspace(1e-300, 1e3, 300)])
    reference = np.array([-float(mpmath.tanh(mpmath.mpf(r))) for r in residuals])
    computed = log_cosh_grad(residuals, np.zeros_like(residuals), reduction="sum")
    assert ulp_error(computed, reference).max() <= 2.0


def assert_close(computed, reference, magnitude, *, rtol=1e-13, scale=1e-15):
    """Within ``rtol`` of the reference, or ``scale`` times the magnitude of what cancels."""
    computed, reference = np.asarray(computed), np.asarray(reference)
    error = np.abs(computed - reference)
    allowed = np.maximum(rtol * np.abs(reference), scale * np.asarray(magnitude))
    assert (computed == reference).all() or (error <= allowed).all(), (
        f"worst relative error {np.max(error / np.abs(reference))}"
    )


def test_elementwise_robust_losses_match_mpmath_on_extreme_residuals():
    residuals = EXTREME_RESIDUALS
    zeros = np.zeros_like(residuals)
    mp_r = [mpmath.mpf(r) for r in residuals]
    for delta in (1e-3, 1.0, 1e3):
        d = mpmath.mpf(delta)
        expected = [r**2 / 2 if abs(r) <= d else d * (abs(r) - d / 2) for r in mp_r]
        reference = np.array([float(value) for value in expected])
        assert_close(huber(residuals, zeros, delta=delta, reduction="none"), reference, 0.0)
        reference = np.array([float(value / d) for value in expected])
        assert_close(smooth_l1(residuals, zeros, beta=delta, reduction="none"), reference, 0.0)
    for tau in (1e-6, 0.3, 0.5, 0.999):
        t = mpmath.mpf(tau)
        reference = np.array([float(max(t * r, (t - 1) * r)) for r in mp_r])
        assert_close(quantile_loss(residuals, zeros, tau=tau, reduction="none"), reference, 0.0)


def test_residual_of_nearly_equal_inputs_is_exact():
    # y_true - y_pred is exact for close inputs (Sterbenz), so tiny losses stay accurate.
    y_true = np.array([1.0 + 2**-52, 1e10 + 2**-19])
    y_pred = np.array([1.0, 1e10])
    assert mse(y_true, y_pred, reduction="none").tolist() == [2.0**-104, 2.0**-38]
    assert log_cosh(y_true, y_pred, reduction="none")[0] == 2.0**-105


def test_gaussian_nll_matches_mpmath_including_near_its_minimum():
    variances, residuals = [], []
    for var in np.geomspace(1e-300, 1e300, 25):
        # r²/var: 0, tiny, 1, large, and -log(var) where the two terms cancel.
        ratios = [0.0, 1e-12, 1.0, 1e12] + ([-math.log(var)] if var < 1 else [])
        for ratio in ratios:
            variances.append(var)
            residuals.append(math.sqrt(ratio) * math.sqrt(var))
    variances, residuals = np.array(variances), np.array(residuals)
    computed = gaussian_nll(residuals, np.zeros_like(residuals), var=variances, reduction="none")
    reference, magnitude = [], []
    for var, r in zip(variances, residuals, strict=True):
        log_var, z_squared = mpmath.log(mpmath.mpf(var)), mpmath.mpf(r) ** 2 / mpmath.mpf(var)
        reference.append(float((log_var + z_squared) / 2))
        magnitude.append(float((abs(log_var) + z_squared) / 2))
    assert_close(computed, reference, magnitude)


def test_poisson_nll_matches_mpmath():
    log_rates = np.array([-700.0, -50.0, -1.0, -1e-10, 0.0, 1e-10, 1.0, 50.0, 700.0, 709.78])
    counts = np.array([0.0, 1e-10, 0.5, 1.0, 3.0, 1e5, 1e10])
    y_true, y_pred = (grid.ravel() for grid in np.meshgrid(counts, log_rates))
    computed = poisson_nll(y_true, y_pred, reduction="none")
    reference, magnitude = [], []
    for count, log_rate in zip(y_true, y_pred, strict=True):
        rate, product = mpmath.exp(mpmath.mpf(log_rate)), mpmath.mpf(count) * log_rate
        reference.append(float(rate - product))
        magnitude.append(float(rate + abs(product)))
    assert_close(computed, reference, magnitude)

    rates = np.array([0.0, 1e-300, 1e-10, 0.5, 1.0, math.e, 1e10, 1e300])
    y_true, y_pred = (grid.ravel() for grid in np.meshgrid(counts, rates))
    computed = poisson_nll(y_true, y_pred, log_input=False, reduction="none")
    reference, magnitude = [], []
    for count, rate in zip(y_true, y_pred, strict=True):
        if count == 0.0:
            term = mpmath.mpf(0)
        elif rate == 0.0:
            term = -mpmath.inf
        else:
            term = mpmath.mpf(count) * mpmath.log(mpmath.mpf(rate))
        reference.append(float(rate - term))
        magnitude.append(float(rate + abs(term)))
    finite = np.isfinite(reference)
    assert (computed[~finite] == np.array(reference)[~finite]).all()
    assert_close(computed[finite], np.array(reference)[finite], np.array(magnitude)[finite])


def test_extreme_inputs_give_no_warnings_and_no_nan():
    # pytest turns warnings into errors, so any overflow warning would fail this test.
    big = np.array([1e300, -1e300, 1e-300])
    zeros = np.zeros(3)
    assert np.isfinite(huber(big, zeros, reduction="none")).all()
    assert np.isfinite(smooth_l1(big, zeros, reduction="none")).all()
    assert np.isfinite(log_cosh(big, zeros, reduction="none")).all()
    assert np.isfinite(gaussian_nll(big, zeros, var=1e300, reduction="none")).all()
    assert poisson_nll([1e10], [709.78]) == pytest.approx(math.exp(709.78) - 7.0978e12)
    assert np.isfinite(poisson_nll_grad([1e10], [709.78]))


# ---------------------------------------------------------------------------
# Gradients against finite differences
# ---------------------------------------------------------------------------


def numeric_gradient(function: Callable[[np.ndarray], float], point: np.ndarray) -> np.ndarray:
    """Central differences of a scalar function, one coordinate at a time."""
    gradient = np.empty_like(point)
    for index in np.ndindex(point.shape):
        step = 1e-6 * max(1.0, abs(point[index]))
        forward, backward = point.copy(), point.copy()
        forward[index] += step
        backward[index] -= step
        gradient[index] = (function(forward) - function(backward)) / (forward - backward)[index]
    return gradient


def scalar_loss(case: Case, y_true, reduction, weights, **kwargs):
    """The scalar whose gradient ``grad`` returns: the reduced loss, or the sum for 'none'."""

    def value(y_pred):
        loss = case(y_true, y_pred, reduction=reduction, sample_weight=weights, **kwargs)
        return float(np.sum(loss))

    return value


@st.composite
def loss_inputs(draw, case: Case):
    """Targets, predictions, weights and a reduction for ``case``, away from its kinks."""
    n_samples = draw(st.integers(1, 4))
    n_outputs = draw(st.integers(1, 2))
    size = n_samples * n_outputs
    if case.domain == "residual":
        y_true = draw(st.lists(st.floats(-10, 10), min_size=size, max_size=size))
        residual = draw(st.lists(st.floats(-8, 8), min_size=size, max_size=size))
        y_true, residual = np.array(y_true), np.array(residual)
        for kink in case.kinks:  # move residuals within 1e-3 of a kink 0.01 beyond it
            near = np.abs(np.abs(residual) - kink) <= 1e-3
            residual[near] = np.where(residual[near] < 0, -1.0, 1.0) * (kink + 0.01)
        y_pred = y_true - residual
    else:
        y_true = np.array(draw(st.lists(st.floats(0, 20), min_size=size, max_size=size)))
        low, high = (-4.0, 4.0) if case.domain == "log-rate" else (0.1, 10.0)
        y_pred = np.array(draw(st.lists(st.floats(low, high), min_size=size, max_size=size)))
    weights = draw(
        st.none() | st.lists(st.floats(0.0, 3.0), min_size=n_samples, max_size=n_samples)
    )
    if weights is not None:
        weights = np.array(weights)
        weights[0] += 0.1  # a weighted mean needs weights that do not sum to 0
    reduction = draw(st.sampled_from(["mean", "sum", "none"]))
    shape = (n_samples, n_outputs)
    return y_true.reshape(shape), y_pred.reshape(shape), weights, reduction


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_gradient_matches_finite_differences(case):
    @FAST
    @given(loss_inputs(case))
    def check(inputs):
        y_true, y_pred, weights, reduction = inputs
        expected = numeric_gradient(scalar_loss(case, y_true, reduction, weights), y_pred)
        gradient = case.gradient(y_true, y_pred, reduction=reduction, sample_weight=weights)
        np.testing.assert_allclose(gradient, expected, rtol=1e-5, atol=1e-6)

    check()


@FAST
@given(loss_inputs(CASES[0]), st.floats(0.05, 5.0), st.booleans())
def test_gaussian_var_gradient_matches_finite_differences(inputs, variance, as_array):
    y_true, y_pred, weights, reduction = inputs
    spread = np.linspace(1.0, 2.0, y_pred.size).reshape(y_pred.shape)
    var = variance * spread if as_array else variance

    def value(var_point):
        var_value = var_point if as_array else float(var_point[()])
        loss = gaussian_nll(
            y_true, y_pred, var=var_value, reduction=reduction, sample_weight=weights
        )
        return float(np.sum(loss))

    expected = numeric_gradient(value, np.array(var, dtype=float))
    gradient = gaussian_nll_grad(
        y_true, y_pred, var=var, wrt="var", reduction=reduction, sample_weight=weights
    )
    np.testing.assert_allclose(gradient, expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(
    ("grad", "kwargs"),
    [
        (mae_grad, {}),
        (quantile_loss_grad, {"tau": 0.5}),
        (quantile_loss_grad, {"tau": 0.05}),
        (quantile_loss_grad, {"tau": 0.95}),
        (mse_grad, {}),
        (huber_grad, {"delta": 0.1}),
        (smooth_l1_grad, {"beta": 0.1}),
        (log_cosh_grad, {}),
        (gaussian_nll_grad, {"var": 0.5}),
    ],
)
def test_gradient_is_zero_where_the_prediction_is_right(grad, kwargs):
    y = np.array([-3.0, 0.0, 2.5, 1e10])
    for reduction in ("mean", "sum", "none"):
        gradient = grad(y, y.copy(), reduction=reduction, **kwargs)
        assert (gradient == 0.0).all()


# ---------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------

GOOD = np.array([[1.0, 2.0], [3.0, 4.0], [0.0, 1.0]])
BOTH = (GOOD, GOOD)

#: id -> (positional arguments, keyword arguments, error, message pattern)
GENERIC_BAD_INPUTS = {
    "shape-n-vs-n1": ((GOOD[:, 0], GOOD[:, :1]), {}, ValueError, "y_true and y_pred must"),
    "shape-transposed": ((GOOD, GOOD.T), {}, ValueError, "must have the same shape"),
    "nan": (([1.0, np.nan], [1.0, 2.0]), {}, ValueError, "y_true must contain only finite"),
    "inf": (([1.0, 2.0], [1.0, np.inf]), {}, ValueError, "y_pred must contain only finite"),
    "empty": (([], []), {}, ValueError, "y_true must not be empty"),
    "strings": ((["a", "b"], [1.0, 2.0]), {}, TypeError, "y_true must be an array of real"),
    "objects": (([1.0, 2.0], np.array([1, None])), {}, TypeError, "y_pred must be an array"),
    "none": ((None, [1.0]), {}, TypeError, "y_true must be an array"),
    "complex": (([1.0], [1j]), {}, TypeError, "y_pred must be an array of real"),
    "ragged": (([[1.0], [1.0, 2.0]], [1.0, 2.0]), {}, ValueError, "y_true must be a rectangular"),
    "reduction": (BOTH, {"reduction": "avg"}, ValueError, "reduction must be one of"),
    "reduction-none": (BOTH, {"reduction": None}, ValueError, "reduction must be one of"),
    "weight-negative": (BOTH, {"sample_weight": [1, -1, 1]}, ValueError, "must not be negative"),
    "weight-shape": (BOTH, {"sample_weight": [1, 1]}, ValueError, "one weight per sample"),
    "weight-nan": (BOTH, {"sample_weight": [1, np.nan, 1]}, ValueError, "sample_weight must"),
    "weight-sum-0": (BOTH, {"sample_weight": [0, 0, 0]}, ValueError, "must not sum to 0"),
    "weight-scalar-y": ((1.0, 2.0), {"sample_weight": [1.0]}, ValueError, "sample_weight needs"),
}


@pytest.mark.parametrize(("function", "needed"), FUNCTIONS)
@pytest.mark.parametrize(
    ("args", "kwargs", "error", "match"),
    [pytest.param(*case, id=name) for name, case in GENERIC_BAD_INPUTS.items()],
)
def test_generic_bad_input_is_refused(function, needed, args, kwargs, error, match):
    with pytest.raises(error, match=match):
        function(*args, **needed, **kwargs)


#: id -> (loss, keyword arguments, error, message pattern); each is tried on the gradient too.
BAD_HYPER_PARAMETERS = {
    "delta-0": (huber, {"delta": 0.0}, ValueError, "delta must be greater than 0"),
    "delta-negative": (huber, {"delta": -1.0}, ValueError, "delta must be greater than 0"),
    "delta-nan": (huber, {"delta": np.nan}, ValueError, "delta must be a finite number"),
    "delta-str": (huber, {"delta": "1"}, TypeError, "delta must be a real number"),
    "delta-bool": (huber, {"delta": True}, TypeError, "delta must be a real number"),
    "beta-0": (smooth_l1, {"beta": 0.0}, ValueError, "beta must be greater than 0"),
    "beta-inf": (smooth_l1, {"beta": math.inf}, ValueError, "beta must be a finite number"),
    "tau-0": (quantile_loss, {"tau": 0.0}, ValueError, r"tau must lie in \(0, 1\)"),
    "tau-1": (quantile_loss, {"tau": 1.0}, ValueError, r"tau must lie in \(0, 1\)"),
    "tau-negative": (quantile_loss, {"tau": -0.2}, ValueError, "tau must lie in"),
    "tau-none": (quantile_loss, {"tau": None}, TypeError, "tau must be a real number"),
    "var-missing": (gaussian_nll, {}, TypeError, "var"),
    "var-0": (gaussian_nll, {"var": 0.0}, ValueError, "var must be greater than 0"),
    "var-negative": (gaussian_nll, {"var": -2.0}, ValueError, "var must be greater than 0"),
    "var-0d-array-0": (gaussian_nll, {"var": np.array(0.0)}, ValueError, "var must be greater"),
    "var-nan": (gaussian_nll, {"var": np.nan}, ValueError, "var must be a finite number"),
    "var-str": (gaussian_nll, {"var": "1"}, TypeError, "var must be a real number"),
    "var-none": (gaussian_nll, {"var": None}, TypeError, "var must be an array of real"),
    "var-array-0": (gaussian_nll, {"var": 1 - np.eye(3, 2)}, ValueError, "greater than 0 every"),
    "var-array-inf": (gaussian_nll, {"var": [[1, np.inf]] * 3}, ValueError, "var must contain"),
    "var-n1": (gaussian_nll, {"var": np.ones((3, 1))}, ValueError, "var and y_pred must have"),
    "var-row": (gaussian_nll, {"var": np.ones(2)}, ValueError, "var and y_pred must have"),
    "full-str": (gaussian_nll, {"var": 1.0, "full": "yes"}, TypeError, "full must be True or"),
    "full-int": (gaussian_nll, {"var": 1.0, "full": 1}, TypeError, "full must be True or"),
    "log_input-int": (poisson_nll, {"log_input": 1}, TypeError, "log_input must be True or"),
}


@pytest.mark.parametrize(
    ("loss", "kwargs", "error", "match"),
    [pytest.param(*case, id=name) for name, case in BAD_HYPER_PARAMETERS.items()],
)
@pytest.mark.parametrize("use_grad", [False, True], ids=["loss", "grad"])
def test_bad_hyper_parameters_are_refused(loss, kwargs, error, match, use_grad):
    function = getattr(lossbook.regression, f"{loss.__name__}_grad") if use_grad else loss
    with pytest.raises(error, match=match):
        function(GOOD, GOOD, **kwargs)


@pytest.mark.parametrize("wrt", ["sigma", None, "MEAN"])
def test_unknown_wrt_is_refused(wrt):
    with pytest.raises(ValueError, match="wrt must be 'mean' or 'var'"):
        gaussian_nll_grad(GOOD, GOOD, var=1.0, wrt=wrt)


@pytest.mark.parametrize("function", [poisson_nll, poisson_nll_grad])
@pytest.mark.parametrize(
    ("y_true", "y_pred", "kwargs", "match"),
    [
        ([1.0, -1.0], [0.0, 0.0], {}, "y_true must hold non-negative counts"),
        ([1.0, -1.0], [1.0, 1.0], {"log_input": False}, "y_true must hold non-negative counts"),
        ([1.0, 1.0], [0.0, 710.0], {}, "y_pred holds log-rates .* must be at most 709.78"),
        ([1.0, 1.0], [1.0, -0.5], {"log_input": False}, "y_pred holds rates .* non-negative"),
    ],
)
def test_bad_poisson_inputs_are_refused(function, y_true, y_pred, kwargs, match):
    with pytest.raises(ValueError, match=match):
        function(y_true, y_pred, **kwargs)


def test_positional_hyper_parameters_are_refused():
    with pytest.raises(TypeError):
        huber([1.0], [2.0], 2.0)
    with pytest.raises(TypeError):
        mse([1.0], [2.0], "sum")


# ---------------------------------------------------------------------------
# Inputs are never modified
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_inputs_are_never_modified(case):
    y_true, y_pred = sample_inputs(case, seed=10)
    weights = np.array([1.0, 2.0, 0.5, 1.0])
    extra = {}
    if "var" in case.kwargs:
        extra = {"var": np.full(y_pred.shape, 1.5)}
    originals = [array.copy() for array in (y_true, y_pred, weights, *extra.values())]
    kwargs = {**case.kwargs, **extra, "sample_weight": weights}
    for reduction in ("mean", "sum", "none"):
        outputs = [
            case.loss(y_true, y_pred, reduction=reduction, **kwargs),
            case.grad(y_true, y_pred, reduction=reduction, **kwargs),
        ]
        if "var" in extra:
            outputs.append(case.grad(y_true, y_pred, wrt="var", reduction=reduction, **kwargs))
        for output in outputs:
            for array in (y_true, y_pred, weights, *extra.values()):
                assert not np.shares_memory(output, array)
    for array, original in zip((y_true, y_pred, weights, *extra.values()), originals, strict=True):
        np.testing.assert_array_equal(array, original)
