"""Tests of lossbook.activations: accuracy against 100-bit mpmath, identities, bad input.

Accuracy is measured in ulp from the correctly rounded value: the 100-bit
reference is rounded to float64 and ``|computed - reference| / spacing(reference)``
is taken (a reference that rounds to 0 gives ``spacing(0)``, the smallest subnormal).
"""

from __future__ import annotations

import itertools

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lossbook import log_sigmoid, log_softmax, logsumexp, sigmoid, softmax, softplus

EPS = np.finfo(np.float64).eps
PREC = 100

# Extreme grid: a fine linear part where the functions bend, every decade from the
# smallest normal to the largest float on both sides, and named points (overflow
# and underflow edges of exp, the reference values of the notes).
EXTREME_GRID = np.unique(
    np.concatenate(
        [
            np.linspace(-60.0, 60.0, 1201),
            np.geomspace(1e-300, 1e308, 609),
            -np.geomspace(1e-300, 1e308, 609),
            [0.0, 5e-324, -5e-324, 1.7976931348623157e308, -1.7976931348623157e308],
            [36.7, 37.0, -37.0, 40.0, -40.0, 232.8, -232.8, 709.78, -709.78, 745.2, -745.2],
            [-746.0, 1e3, -1e3, 1e5, -1e5],
        ]
    )
)


def _mp_sigmoid(x: float) -> mpmath.mpf:
    x = mpmath.mpf(x)
    return 1 / (1 + mpmath.exp(-x)) if x >= 0 else mpmath.exp(x) / (1 + mpmath.exp(x))


def _mp_softplus(x: float) -> mpmath.mpf:
    x = mpmath.mpf(x)
    return max(x, 0) + mpmath.log1p(mpmath.exp(-abs(x)))


def _mp_log_sigmoid(x: float) -> mpmath.mpf:
    return -_mp_softplus(-x)


def ulp_errors(computed: np.ndarray, reference: list[mpmath.mpf]) -> np.ndarray:
    """Distance in ulp of each computed value from the correctly rounded reference."""
    rounded = np.array([float(value) for value in reference])
    computed = np.asarray(computed, dtype=np.float64)
    assert np.isfinite(computed).all()
    with np.errstate(over="ignore"):  # spacing(max float) is reported as inf
        spacing = np.spacing(np.abs(rounded))
    spacing[np.isinf(spacing)] = 2.0**971
    return np.abs(computed - rounded) / spacing


def max_ulp(function, reference_function, grid: np.ndarray) -> float:
    with mpmath.workprec(PREC):
        reference = [reference_function(x) for x in grid]
    return float(ulp_errors(function(grid), reference).max())


def _mp_row_parts(row) -> tuple[list[mpmath.mpf], mpmath.mpf, mpmath.mpf]:
    """Row as mpf, its maximum m and log1p(sum of exp(z_j - m) over the others)."""
    values = [mpmath.mpf(float(v)) for v in row]
    top = int(np.argmax(row))
    rest = mpmath.fsum(mpmath.exp(v - values[top]) for j, v in enumerate(values) if j != top)
    return values, values[top], mpmath.log1p(rest)


# --- accuracy of the elementwise primitives --------------------------------------------


@pytest.mark.parametrize(
    ("function", "reference_function"),
    [(sigmoid, _mp_sigmoid), (log_sigmoid, _mp_log_sigmoid), (softplus, _mp_softplus)],
    ids=["sigmoid", "log_sigmoid", "softplus"],
)
def test_elementwise_within_2_ulp_on_extreme_grid(function, reference_function):
    assert max_ulp(function, reference_function, EXTREME_GRID) <= 2.0


@pytest.mark.parametrize(
    ("function", "reference_function"),
    [(sigmoid, _mp_sigmoid), (log_sigmoid, _mp_log_sigmoid), (softplus, _mp_softplus)],
    ids=["sigmoid", "log_sigmoid", "softplus"],
)
@settings(max_examples=60, deadline=None)
@given(
    values=st.lists(
        st.floats(allow_nan=False, allow_infinity=False) | st.floats(-800.0, 800.0),
        min_size=1,
        max_size=20,
    )
)
def test_elementwise_within_2_ulp_hypothesis(function, reference_function, values):
    assert max_ulp(function, reference_function, np.array(values)) <= 2.0


def test_reference_values():
    assert sigmoid(-37.0) == pytest.approx(8.533047625744065e-17, rel=3 * EPS)
    assert sigmoid(-40.0) == pytest.approx(4.248354255291589e-18, rel=3 * EPS)
    assert softplus(-37.0) == pytest.approx(8.533047625744065e-17, rel=3 * EPS)
    assert softplus(232.8) == 232.8
    assert log_sigmoid(40.0) == pytest.approx(-4.248354255291589e-18, rel=3 * EPS)
    assert sigmoid(0.0) == 0.5
    assert softplus(0.0) == pytest.approx(np.log(2.0), rel=EPS)


def test_extremes_are_finite_and_exact():
    x = np.array([-1e308, -1e3, 1e3, 1e308])
    assert sigmoid(x).tolist() == [0.0, 0.0, 1.0, 1.0]
    assert softplus(x).tolist() == [0.0, 0.0, 1e3, 1e308]
    assert log_sigmoid(x).tolist() == [-1e308, -1e3, 0.0, 0.0]


# --- identities of the elementwise functions -------------------------------------------


@settings(max_examples=50, deadline=None)
@given(x=st.floats(-1e308, 1e308))
def test_log_sigmoid_is_minus_softplus_of_minus_x(x):
    assert log_sigmoid(x) == -softplus(-x)


@settings(max_examples=50, deadline=None)
@given(x=st.floats(-1e308, 1e308))
def test_sigmoid_symmetry(x):
    assert sigmoid(x) + sigmoid(-x) == pytest.approx(1.0, abs=2 * EPS)
    assert 0.0 <= sigmoid(x) <= 1.0
    assert softplus(x) - softplus(-x) == pytest.approx(x, rel=4 * EPS, abs=4 * EPS)


def test_return_types():
    assert isinstance(sigmoid(0.5), np.float64)
    assert isinstance(softplus(np.float64(0.5)), np.float64)
    assert isinstance(log_sigmoid(np.array(0.5)), np.float64)
    result = sigmoid(np.zeros((2, 3)))
    assert isinstance(result, np.ndarray)
    assert result.shape == (2, 3)
    assert result.dtype == np.float64
    assert sigmoid([1, 2]).dtype == np.float64  # integers are converted
    assert isinstance(logsumexp([1.0, 2.0]), np.float64)
    assert isinstance(logsumexp(np.ones((2, 3)), axis=None), np.float64)
    assert logsumexp(np.ones((2, 3))).shape == (2,)
    assert softmax(np.ones((2, 3))).shape == (2, 3)


# --- softmax, log_softmax, logsumexp ---------------------------------------------------

EXTREME_ROWS = [
    [1000.0, 0.0],
    [0.0, 1000.0],
    [40.0, 0.0],
    [-40.0, 0.0, 0.0],
    [1e308, -1e308],
    [-1e308, -1e308, -1e308],
    [1e308, 1e308],
    [745.0, 0.0, -745.0],
    [0.1, 700.3],
    [-1000.0, -1000.5, -999.0],
    [3.0],
    [1e-300, -1e-300, 0.0],
    [5.0, 5.0, 5.0, 5.0],
    [709.0, 708.0, 0.5, -2.0],
]


def _random_rows(seed: int, count: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    rows = []
    for _ in range(count):
        row = rng.normal(0.0, 10 ** rng.uniform(-3, 3), rng.integers(1, 7))
        if rng.random() < 0.4:
            row[rng.integers(row.size)] += rng.uniform(20.0, 800.0)
        rows.append(row)
    return rows


ROWS = [np.array(row) for row in EXTREME_ROWS] + _random_rows(0, 300)


def _spread(row: np.ndarray) -> float:
    """max |z| over the finite scale of the row (the condition number's scale)."""
    return float(np.max(np.abs(row)))


def test_log_softmax_reference_value():
    assert log_softmax([1000.0, 0.0]).tolist() == [0.0, -1000.0]
    assert log_softmax([40.0, 0.0])[0] == pytest.approx(-4.248354255291589e-18, rel=3 * EPS)


def test_log_softmax_accuracy():
    """Within 2 ulp plus the conditioning of exp(z_j - max z) (|z| eps relative)."""
    for row in ROWS:
        computed = log_softmax(row)
        with mpmath.workprec(PREC):
            values, maximum, log_rest = _mp_row_parts(row)
            reference = np.array([float((v - maximum) - log_rest) for v in values])
        finite = np.isfinite(reference)
        assert (computed[~finite] == reference[~finite]).all()  # -inf past the range
        error = np.abs(computed[finite] - reference[finite])
        allowed = 2 * np.spacing(np.abs(reference[finite])) + 2 * EPS * _spread(row) * np.abs(
            reference[finite]
        )
        assert (error <= allowed).all(), row


def test_logsumexp_within_2_ulp_when_well_conditioned():
    """Non-negative logits: logsumexp >= every z, so nothing cancels."""
    rng = np.random.default_rng(1)
    rows = [np.abs(row) for row in ROWS if np.abs(row).max() < 1e300]
    rows += [rng.uniform(0.0, 10.0 ** rng.uniform(-2, 3), 5) for _ in range(200)]
    worst = 0.0
    for row in rows:
        with mpmath.workprec(PREC):
            _, maximum, log_rest = _mp_row_parts(row)
            worst = max(worst, ulp_errors(logsumexp(row), [maximum + log_rest]).max())
    assert worst <= 2.0


def test_logsumexp_accuracy_all_rows():
    """Any row: 2 ulp plus eps times max|z| absolute where the result cancels to near 0."""
    for row in ROWS:
        with mpmath.workprec(PREC):
            _, maximum, log_rest = _mp_row_parts(row)
            reference = float(maximum + log_rest)
        error = abs(logsumexp(row) - reference)
        assert error <= 2 * np.spacing(abs(reference)) + 2 * EPS * _spread(row), row


def test_softmax_accuracy_relative_1e_13():
    for row in ROWS:
        computed = softmax(row)
        with mpmath.workprec(PREC):
            values, maximum, log_rest = _mp_row_parts(row)
            reference = [mpmath.exp((v - maximum) - log_rest) for v in values]
        for value, exact in zip(computed, reference, strict=True):
            # below the normal range a float holds fewer digits: allow a few subnormal steps
            assert abs(value - exact) <= 1e-13 * exact + 4 * 5e-324, row


def test_softmax_rows_sum_to_one_and_are_probabilities():
    for row in ROWS:
        probabilities = softmax(row)
        assert ((probabilities >= 0) & (probabilities <= 1)).all()
        assert probabilities.sum() == pytest.approx(1.0, abs=row.size * EPS)


def test_softmax_extreme_rows():
    assert softmax([1000.0, 0.0]).tolist() == [1.0, 0.0]
    assert softmax([1e308, -1e308]).tolist() == [1.0, 0.0]
    assert softmax([-1e308, -1e308]).tolist() == [0.5, 0.5]
    assert log_softmax([1e308, -1e308]).tolist() == [0.0, -np.inf]
    assert logsumexp([1e308, 1e308]) == 1e308
    assert logsumexp([-1e308, -1e308]) == -1e308


@settings(max_examples=40, deadline=None)
@given(
    row=st.lists(st.floats(-300.0, 300.0), min_size=1, max_size=6),
    shift=st.integers(-(2**20), 2**20),
)
def test_shift_invariance(row, shift):
    """Logits on a 1/64 grid, shifted by an integer: every step is exact."""
    logits = np.round(np.array(row) * 64) / 64
    shifted = logits + shift
    np.testing.assert_array_equal(softmax(shifted), softmax(logits))
    np.testing.assert_array_equal(log_softmax(shifted), log_softmax(logits))
    assert logsumexp(shifted) - shift == pytest.approx(logsumexp(logits), abs=4 * EPS * 2**20)


@settings(max_examples=40, deadline=None)
@given(row=st.lists(st.floats(-50.0, 50.0), min_size=1, max_size=6), shift=st.floats(-1e3, 1e3))
def test_shift_invariance_any_shift(row, shift):
    logits = np.array(row)
    np.testing.assert_allclose(softmax(logits + shift), softmax(logits), rtol=1e-12, atol=1e-300)


def test_log_softmax_is_log_of_softmax_and_lse_relation():
    rng = np.random.default_rng(3)
    logits = rng.normal(0.0, 3.0, (20, 5))
    np.testing.assert_allclose(
        log_softmax(logits), np.log(softmax(logits)), rtol=1e-14, atol=1e-15
    )
    np.testing.assert_allclose(
        log_softmax(logits), logits - logsumexp(logits)[:, None], rtol=1e-13, atol=1e-14
    )


def test_axis():
    rng = np.random.default_rng(4)
    logits = rng.normal(0.0, 3.0, (3, 4, 5))
    for axis in (0, 1, 2, -1, -3):
        moved = np.moveaxis(logits, axis, -1)
        np.testing.assert_array_equal(
            np.moveaxis(softmax(logits, axis=axis), axis, -1), softmax(moved)
        )
        np.testing.assert_array_equal(
            np.moveaxis(log_softmax(logits, axis=axis), axis, -1), log_softmax(moved)
        )
        np.testing.assert_array_equal(logsumexp(logits, axis=axis), logsumexp(moved))


def test_logsumexp_axis_none_reduces_everything():
    logits = np.array([[1.0, 2.0], [3.0, 4.0]])
    assert logsumexp(logits, axis=None) == logsumexp(logits.ravel())
    assert logsumexp(logits, axis=None) == pytest.approx(np.log(np.exp(logits).sum()), rel=2 * EPS)


def test_temperature():
    logits = np.array([1.0, 2.0, 3.0])
    np.testing.assert_allclose(softmax(logits, temperature=2.0), softmax(logits / 2.0), rtol=1e-15)
    np.testing.assert_array_equal(softmax(logits, temperature=1.0), softmax(logits))
    assert softmax(logits, temperature=1e-3).tolist() == [0.0, 0.0, 1.0]
    np.testing.assert_allclose(softmax(logits, temperature=1e12), 1 / 3, rtol=1e-11)
    # sharper at low temperature, flatter at high: the top probability decreases with T
    tops = [softmax(logits, temperature=t)[-1] for t in (0.25, 0.5, 1.0, 2.0, 4.0)]
    assert all(a > b for a, b in itertools.pairwise(tops))
    # extreme temperatures do not warn
    assert softmax([1e300, -1e300], temperature=1e-300).tolist() == [1.0, 0.0]


def test_temperature_accuracy():
    """(z - max z) / T relative to mpmath, within |z - max z| / T times a few eps."""
    rng = np.random.default_rng(5)
    for _ in range(100):
        logits = rng.normal(0.0, 20.0, 4)
        temperature = 10 ** rng.uniform(-1, 1)
        computed = softmax(logits, temperature=temperature)
        with mpmath.workprec(PREC):
            scaled = [mpmath.mpf(float(z)) / mpmath.mpf(temperature) for z in logits]
            total = mpmath.fsum(mpmath.exp(s - max(scaled)) for s in scaled)
            for value, s in zip(computed, scaled, strict=True):
                exact = mpmath.exp(s - max(scaled)) / total
                condition = float(abs(s - max(scaled))) + 1.0
                assert abs(value - exact) <= 4 * EPS * condition * exact + 4 * 5e-324


# --- bad input -------------------------------------------------------------------------

ELEMENTWISE = [sigmoid, log_sigmoid, softplus]
ROW_FUNCTIONS = [softmax, log_softmax, logsumexp]


@pytest.mark.parametrize("function", ELEMENTWISE + ROW_FUNCTIONS)
@pytest.mark.parametrize(
    ("value", "error", "match"),
    [
        ([], ValueError, "must not be empty"),
        ([1.0, np.nan], ValueError, "finite"),
        ([1.0, np.inf], ValueError, "finite"),
        ([-np.inf], ValueError, "finite"),
        (["a", "b"], TypeError, "real numbers"),
        ("abc", TypeError, "real numbers"),
        (None, TypeError, "None"),
        (np.array([1.0, None], dtype=object), TypeError, "real numbers"),
        ([1.0 + 2.0j], TypeError, "real numbers"),
        ([[1.0, 2.0], [3.0]], ValueError, "rectangular"),
    ],
)
def test_bad_values(function, value, error, match):
    name = "x" if function in ELEMENTWISE else "logits"
    with pytest.raises(error, match=match) as info:
        function(value)
    assert name in str(info.value)


@pytest.mark.parametrize("function", ROW_FUNCTIONS)
def test_scalar_logits_refused(function):
    with pytest.raises(ValueError, match="axis"):
        function(1.0)


@pytest.mark.parametrize("function", ROW_FUNCTIONS)
@pytest.mark.parametrize(
    ("axis", "error", "match"),
    [
        (2, ValueError, "axis must lie"),
        (-3, ValueError, "axis must lie"),
        (1.0, TypeError, "axis"),
        ("0", TypeError, "axis"),
        (True, TypeError, "axis"),
    ],
)
def test_bad_axis(function, axis, error, match):
    with pytest.raises(error, match=match):
        function(np.ones((2, 3)), axis=axis)


@pytest.mark.parametrize("function", [softmax, log_softmax])
def test_axis_none_refused_where_shape_is_kept(function):
    with pytest.raises(TypeError, match="axis"):
        function(np.ones((2, 3)), axis=None)


@pytest.mark.parametrize(
    ("temperature", "error"),
    [
        (0.0, ValueError),
        (-1.0, ValueError),
        (np.nan, ValueError),
        (np.inf, ValueError),
        ("1", TypeError),
        (None, TypeError),
        ([1.0], TypeError),
    ],
)
def test_bad_temperature(temperature, error):
    with pytest.raises(error, match="temperature"):
        softmax([1.0, 2.0], temperature=temperature)


@pytest.mark.parametrize("function", ELEMENTWISE + ROW_FUNCTIONS)
def test_inputs_not_modified(function):
    values = np.array([[-1e308, -3.0, 0.0], [2.0, 745.0, 1e308]])
    copy = values.copy()
    function(values)
    np.testing.assert_array_equal(values, copy)
    if function in ROW_FUNCTIONS:
        function(values, axis=0)
        np.testing.assert_array_equal(values, copy)


def test_integer_and_list_input():
    assert softmax([0, 0]).tolist() == [0.5, 0.5]
    assert logsumexp(np.array([0, 0], dtype=np.int32)) == pytest.approx(np.log(2.0), rel=EPS)
    assert sigmoid([True, False]).tolist() == [sigmoid(1.0), 0.5]
