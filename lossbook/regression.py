r"""Regression losses and their gradients.

Every loss compares targets ``y_true`` with predictions ``y_pred`` of the same
shape through the **residual**

.. math:: r = y - \hat y \qquad (\texttt{y\_true - y\_pred}),

so a positive residual means the prediction is too low. Each loss ``name``
has a gradient ``name_grad`` with the same signature, which returns the
gradient of the reduced loss with respect to ``y_pred``, shaped like it (for
``reduction='none'`` the gradient of the sum of the per-sample losses).
Since :math:`\partial r / \partial \hat y = -1`, the gradients are written with
:math:`\hat y - y = -r`.

The per-sample losses are elementwise: ``reduction='none'`` returns one loss
per element of ``y_pred``, ``'mean'`` averages them (weighted by
``sample_weight`` along the first axis) and ``'sum'`` adds them up.
"""

from __future__ import annotations

import math
import sys

import numpy as np
from numpy.typing import ArrayLike

from lossbook._validation import (
    as_float_array,
    check_in_interval,
    check_positive,
    check_reduction,
    check_same_shape,
    check_sample_weight,
    reduce_loss,
    scale_gradient,
)

__all__ = [
    "gaussian_nll",
    "gaussian_nll_grad",
    "huber",
    "huber_grad",
    "log_cosh",
    "log_cosh_grad",
    "mae",
    "mae_grad",
    "mse",
    "mse_grad",
    "poisson_nll",
    "poisson_nll_grad",
    "quantile_loss",
    "quantile_loss_grad",
    "smooth_l1",
    "smooth_l1_grad",
]

_LOG_2 = math.log(2.0)
_HALF_LOG_2PI = 0.5 * math.log(2.0 * math.pi)

#: The largest log-rate whose exponential float64 can hold (about 709.78).
_MAX_LOG_RATE = math.log(sys.float_info.max)

#: How each hyper-parameter of a regression loss is checked.
_HYPER_PARAMETER_CHECKS = {
    "delta": lambda value: check_positive(value, "delta"),
    "beta": lambda value: check_positive(value, "beta"),
    "tau": lambda value: check_in_interval(value, "tau", 0.0, 1.0),
}


# ---------------------------------------------------------------------------
# Input checks
# ---------------------------------------------------------------------------


def _check_regression(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    reduction: str,
    sample_weight: ArrayLike | None,
    **hyper_parameters: float,
) -> tuple:
    """Check the arguments every regression loss shares, and its hyper-parameters.

    Returns ``(y_true, y_pred, weights, *hyper_parameters)``: the targets and
    predictions as float64 arrays of one shape, the sample weights as a float
    array (or None) and the checked hyper-parameters as floats, in the order
    they were passed.
    """
    y_true = as_float_array(y_true, "y_true")
    y_pred = as_float_array(y_pred, "y_pred")
    check_same_shape(y_true, y_pred, "y_true", "y_pred")
    check_reduction(reduction)
    if sample_weight is not None and y_true.ndim == 0:
        raise ValueError(
            "sample_weight needs y_true and y_pred with a sample axis (one weight per "
            "sample along the first axis), got scalar y_true and y_pred"
        )
    weights = check_sample_weight(sample_weight, y_true.shape[0] if y_true.ndim else 1)
    checked = [_HYPER_PARAMETER_CHECKS[name](value) for name, value in hyper_parameters.items()]
    return (y_true, y_pred, weights, *checked)


def _check_flag(value: object, name: str) -> bool:
    """Return ``value`` as a bool after checking that it is one (not 0, 1 or 'yes')."""
    if not isinstance(value, bool | np.bool_):
        raise TypeError(f"{name} must be True or False, got {type(value).__name__} {value!r}")
    return bool(value)


def _check_gaussian(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    var: ArrayLike,
    full: bool,
    reduction: str,
    sample_weight: ArrayLike | None,
    wrt: str = "mean",
) -> tuple[np.ndarray, np.ndarray, np.ndarray | float, np.ndarray | None]:
    """Check the arguments of :func:`gaussian_nll` and :func:`gaussian_nll_grad`.

    Returns ``(y_true, y_pred, var, weights)``, with ``var`` a float when it
    was given as a scalar and a float64 array of ``y_pred``'s shape otherwise.
    """
    y_true, y_pred, weights = _check_regression(y_true, y_pred, reduction, sample_weight)
    _check_flag(full, "full")
    if not isinstance(wrt, str) or wrt not in ("mean", "var"):
        raise ValueError(f"wrt must be 'mean' or 'var', got {wrt!r}")
    if np.isscalar(var) or (isinstance(var, np.ndarray) and var.ndim == 0):
        variance = var.item() if isinstance(var, np.ndarray) else var
        return y_true, y_pred, check_positive(variance, "var"), weights
    variance = as_float_array(var, "var")
    check_same_shape(variance, y_pred, "var", "y_pred")
    if not (variance > 0.0).all():
        raise ValueError(
            f"var must be greater than 0 everywhere, got {float(variance[variance <= 0.0][0])!r}"
        )
    return y_true, y_pred, variance, weights


def _check_poisson(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    log_input: bool,
    reduction: str,
    sample_weight: ArrayLike | None,
) -> tuple[np.ndarray, np.ndarray, bool, np.ndarray | None]:
    """Check the arguments of :func:`poisson_nll` and :func:`poisson_nll_grad`.

    Counts must be non-negative; log-rates must not exceed ``_MAX_LOG_RATE``
    (their exponential would overflow) and rates must be non-negative.
    Returns ``(y_true, y_pred, log_input, weights)``.
    """
    y_true, y_pred, weights = _check_regression(y_true, y_pred, reduction, sample_weight)
    log_input = _check_flag(log_input, "log_input")
    if (y_true < 0.0).any():
        raise ValueError(
            f"y_true must hold non-negative counts, got {float(y_true[y_true < 0.0][0])!r}"
        )
    if log_input and (y_pred > _MAX_LOG_RATE).any():
        raise ValueError(
            f"y_pred holds log-rates (log_input=True) and must be at most {_MAX_LOG_RATE!r}, "
            f"the log of the largest float64, as exp(y_pred) would overflow; got "
            f"{float(y_pred[y_pred > _MAX_LOG_RATE][0])!r}"
        )
    if not log_input and (y_pred < 0.0).any():
        raise ValueError(
            "y_pred holds rates (log_input=False) and must be non-negative, got "
            f"{float(y_pred[y_pred < 0.0][0])!r}"
        )
    return y_true, y_pred, log_input, weights


# ---------------------------------------------------------------------------
# Numerical kernels
# ---------------------------------------------------------------------------

#: Coefficients (highest power first) of a polynomial p with
#: log(cosh(a)) = a²/2 · (1 + a² p(a²)) for |a| <= 1, within 4e-18 of the true p.
#: p(u) starts like the Taylor series -1/6 + 2u/45 - 17u²/1260 + ...; it is a
#: Chebyshev fit on [0, 1] (``mpmath.chebyfit(p, [0, 1], 15)`` at 60 digits),
#: which reaches double precision with 15 terms where the Taylor series needs 40.
_LOG_COSH_POLYNOMIAL = (
    -5.3784006581465236e-09,
    5.463685831073877e-08,
    -2.8162167155844245e-07,
    1.024829530784235e-06,
    -3.1083031489560727e-06,
    8.709743947401039e-06,
    -2.3867584637315353e-05,
    6.55437571369996e-05,
    -0.00018197582862395373,
    0.0005131605881420159,
    -0.0014772058623517261,
    0.004373897703432536,
    -0.013492063491935585,
    0.04444444444444274,
    -0.16666666666666666,
)


def _polynomial(x: np.ndarray, coefficients: tuple[float, ...]) -> np.ndarray:
    """Evaluate a polynomial (coefficients from the highest power down) by Horner's rule."""
    result = np.full_like(x, coefficients[0])
    for coefficient in coefficients[1:]:
        result *= x
        result += coefficient
    return result


#: Values per block in :func:`_log_cosh`: small enough that the temporary arrays
#: stay in the CPU's cache, which makes 1e6 values about 1.5 times faster.
_BLOCK = 2**15


def _log_cosh(residual: np.ndarray) -> np.ndarray:
    r"""Return :math:`\log\cosh r` elementwise, within about an ulp, for any finite ``r``.

    For :math:`|r| \le 1` a polynomial gives :math:`\tfrac{r^2}{2}(1 + r^2 p(r^2))`
    with the leading term exact, so tiny residuals keep their relative accuracy
    (``log(cosh(r))`` and ``logaddexp(r, -r) - log 2`` return 0 below about
    1e-8). Beyond 1, :math:`\log\cosh r = |r| - \log 2 + \operatorname{log1p}(e^{-2|r|})`
    has no cancellation, and ``exp`` of a negative number cannot overflow.
    The values are processed in blocks of ``_BLOCK``.
    """
    sizes = np.abs(residual).reshape(-1)
    losses = np.empty_like(sizes)
    for start in range(0, sizes.size, _BLOCK):
        block = slice(start, start + _BLOCK)
        losses[block] = _log_cosh_of_size(sizes[block])
    return losses.reshape(np.shape(residual))


def _log_cosh_of_size(size: np.ndarray) -> np.ndarray:
    """Return log(cosh(a)) for a 1-D array of sizes a = |r|: see :func:`_log_cosh`."""
    squared = np.minimum(size, 1.0) ** 2
    half_squared = 0.5 * squared
    losses = half_squared + half_squared * (squared * _polynomial(squared, _LOG_COSH_POLYNOMIAL))
    far = size > 1.0
    beyond = size[far]
    # The cap keeps -2|r| finite; beyond it exp(-2|r|) is 0 anyway.
    losses[far] = (beyond - _LOG_2) + np.log1p(np.exp(-2.0 * np.minimum(beyond, 400.0)))
    return losses


def _xlogy(count: np.ndarray, rate: np.ndarray) -> np.ndarray:
    """Return ``count * log(rate)`` with 0 · log 0 = 0 (and -inf for a count > 0 at rate 0)."""
    with np.errstate(divide="ignore"):  # log(0) = -inf is the true value
        log_rate = np.log(rate)
    return np.multiply(count, log_rate, out=np.zeros_like(log_rate), where=count > 0.0)


def _xdivy(count: np.ndarray, rate: np.ndarray) -> np.ndarray:
    """Return ``count / rate`` with 0 / 0 = 0 (and inf for a count > 0 at rate 0)."""
    with np.errstate(divide="ignore"):  # count / 0 = inf is the true limit
        return np.divide(count, rate, out=np.zeros_like(rate), where=count > 0.0)


# ---------------------------------------------------------------------------
# Squared and absolute error
# ---------------------------------------------------------------------------


def mse(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: str = "mean",
    sample_weight: ArrayLike | None = None,
) -> float | np.ndarray:
    r"""Mean squared error: the squared residual of each element.

    .. math:: \ell(y, \hat y) = (y - \hat y)^2

    Parameters
    ----------
    y_true : array_like
        Targets, finite real numbers.
    y_pred : array_like
        Predictions, of the same shape as ``y_true``.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        'none' returns the loss of each element, 'sum' their sum and 'mean'
        their (weighted) mean.
    sample_weight : array_like of shape (n_samples,), optional
        Non-negative weight of each sample (first axis). The weighted mean
        divides by the sum of the weights.

    Returns
    -------
    float or ndarray
        A float for 'mean' and 'sum'; an array shaped like ``y_pred`` for 'none'.

    Raises
    ------
    TypeError
        If an array holds something other than real numbers.
    ValueError
        If the arrays are empty, differ in shape or hold NaN or inf, if
        ``sample_weight`` is negative or misshapen, or if ``reduction`` is unknown.

    Notes
    -----
    PyTorch (``MSELoss(input, target)``) and optax take the prediction first;
    lossbook, Keras and scikit-learn take the target first (the loss is
    symmetric, its gradient is not). For 2-D inputs Keras's ``reduction=None``
    averages over the last axis, one value per row; here 'none' keeps every
    element. Without weights, 'mean' matches scikit-learn's
    ``mean_squared_error``. The mean squared error is the negative
    log-likelihood of a Gaussian with unit variance up to constants: see
    :func:`gaussian_nll`.

    Examples
    --------
    >>> from lossbook import mse
    >>> mse([1.0, 2.0, 3.0], [1.5, 2.0, 1.0])
    1.4166666666666667
    >>> mse([1.0, 2.0, 3.0], [1.5, 2.0, 1.0], reduction="none").tolist()
    [0.25, 0.0, 4.0]
    >>> mse([1.0, 2.0, 3.0], [1.5, 2.0, 1.0], sample_weight=[2.0, 1.0, 1.0])
    1.125
    """
    y_true, y_pred, weights = _check_regression(y_true, y_pred, reduction, sample_weight)
    residual = y_true - y_pred
    losses = residual**2
    return reduce_loss(losses, reduction, weights)


def mse_grad(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: str = "mean",
    sample_weight: ArrayLike | None = None,
) -> np.ndarray:
    r"""Gradient of :func:`mse` with respect to ``y_pred``.

    .. math:: \frac{\partial \ell}{\partial \hat y} = 2 (\hat y - y)

    Parameters
    ----------
    y_true, y_pred, reduction, sample_weight
        As for :func:`mse`.

    Returns
    -------
    ndarray
        The gradient of the reduced loss, shaped like ``y_pred`` (for 'none',
        the gradient of the sum of the per-element losses).

    Raises
    ------
    TypeError, ValueError
        As for :func:`mse`.

    Notes
    -----
    Some texts define the squared error with a factor 1/2 so that its gradient
    is the plain error :math:`\hat y - y`; PyTorch, Keras, optax's
    ``squared_error`` and scikit-learn use no 1/2, like lossbook.

    Examples
    --------
    >>> from lossbook import mse_grad
    >>> mse_grad([1.0, 2.0, 3.0], [1.5, 2.0, 1.0], reduction="sum").tolist()
    [1.0, 0.0, -4.0]
    >>> mse_grad([1.0, 2.0, 3.0], [1.5, 2.0, 1.0]).tolist()  # divided by 3
    [0.333..., 0.0, -1.333...]
    """
    y_true, y_pred, weights = _check_regression(y_true, y_pred, reduction, sample_weight)
    elementwise = 2.0 * (y_pred - y_true)
    return scale_gradient(elementwise, reduction, weights)


def mae(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: str = "mean",
    sample_weight: ArrayLike | None = None,
) -> float | np.ndarray:
    r"""Mean absolute error: the absolute residual of each element.

    .. math:: \ell(y, \hat y) = |y - \hat y|

    Parameters
    ----------
    y_true : array_like
        Targets, finite real numbers.
    y_pred : array_like
        Predictions, of the same shape as ``y_true``.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        'none' returns the loss of each element, 'sum' their sum and 'mean'
        their (weighted) mean.
    sample_weight : array_like of shape (n_samples,), optional
        Non-negative weight of each sample (first axis).

    Returns
    -------
    float or ndarray
        A float for 'mean' and 'sum'; an array shaped like ``y_pred`` for 'none'.

    Raises
    ------
    TypeError
        If an array holds something other than real numbers.
    ValueError
        If the arrays are empty, differ in shape or hold NaN or inf, if
        ``sample_weight`` is negative or misshapen, or if ``reduction`` is unknown.

    Notes
    -----
    PyTorch calls it ``L1Loss(input, target)`` (prediction first). Minimising
    it fits the median, where :func:`mse` fits the mean; it is twice
    :func:`quantile_loss` with ``tau=0.5``.

    Examples
    --------
    >>> from lossbook import mae
    >>> mae([1.0, 2.0, 3.0], [1.5, 2.0, 1.0])
    0.8333333333333334
    >>> mae([1.0, 2.0, 3.0], [1.5, 2.0, 1.0], reduction="none").tolist()
    [0.5, 0.0, 2.0]
    """
    y_true, y_pred, weights = _check_regression(y_true, y_pred, reduction, sample_weight)
    residual = y_true - y_pred
    losses = np.abs(residual)
    return reduce_loss(losses, reduction, weights)


def mae_grad(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: str = "mean",
    sample_weight: ArrayLike | None = None,
) -> np.ndarray:
    r"""Sub-gradient of :func:`mae` with respect to ``y_pred``.

    .. math:: \frac{\partial \ell}{\partial \hat y} = \operatorname{sign}(\hat y - y),
        \quad 0 \text{ where } \hat y = y

    Parameters
    ----------
    y_true, y_pred, reduction, sample_weight
        As for :func:`mae`.

    Returns
    -------
    ndarray
        The (sub-)gradient of the reduced loss, shaped like ``y_pred``.

    Raises
    ------
    TypeError, ValueError
        As for :func:`mae`.

    Notes
    -----
    The absolute value has no derivative at 0; any value in [-1, 1] is a
    sub-gradient there and lossbook returns 0, as PyTorch does, so a
    prediction that is exactly right is left alone.

    Examples
    --------
    >>> from lossbook import mae_grad
    >>> mae_grad([1.0, 2.0, 3.0], [1.5, 2.0, 1.0], reduction="sum").tolist()
    [1.0, 0.0, -1.0]
    """
    y_true, y_pred, weights = _check_regression(y_true, y_pred, reduction, sample_weight)
    elementwise = np.sign(y_pred - y_true)
    return scale_gradient(elementwise, reduction, weights)


# ---------------------------------------------------------------------------
# Robust losses: Huber, smooth L1, log-cosh
# ---------------------------------------------------------------------------


def huber(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    delta: float = 1.0,
    reduction: str = "mean",
    sample_weight: ArrayLike | None = None,
) -> float | np.ndarray:
    r"""Huber loss: quadratic for small residuals, linear for large ones.

    .. math::
        \ell_\delta(r) = \begin{cases}
            \tfrac12 r^2 & |r| \le \delta \\
            \delta \left(|r| - \tfrac12 \delta\right) & |r| > \delta
        \end{cases}
        \qquad r = y - \hat y

    Both cases are :math:`c\,(|r| - c/2)` with :math:`c = \min(|r|, \delta)`,
    which is how it is computed (no branch, and no :math:`r^2` that could
    overflow for a residual the linear part handles).

    Parameters
    ----------
    y_true : array_like
        Targets, finite real numbers.
    y_pred : array_like
        Predictions, of the same shape as ``y_true``.
    delta : float, default 1.0
        Where the quadratic part turns linear; greater than 0.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        'none' returns the loss of each element, 'sum' their sum and 'mean'
        their (weighted) mean.
    sample_weight : array_like of shape (n_samples,), optional
        Non-negative weight of each sample (first axis).

    Returns
    -------
    float or ndarray
        A float for 'mean' and 'sum'; an array shaped like ``y_pred`` for 'none'.

    Raises
    ------
    TypeError
        If an array holds something other than real numbers, or ``delta`` is
        not a number.
    ValueError
        If the arrays are empty, differ in shape or hold NaN or inf, if
        ``delta`` is not a finite number above 0, if ``sample_weight`` is
        negative or misshapen, or if ``reduction`` is unknown.

    Notes
    -----
    PyTorch's ``HuberLoss(delta)``, Keras's ``Huber(delta)`` and optax's
    ``huber_loss(predictions, targets, delta)`` compute the same values
    (Keras's 'none' averages over the last axis). PyTorch's
    :func:`smooth_l1` is the Huber loss divided by its threshold:
    :math:`\ell_\delta = \delta \cdot \mathrm{SmoothL1}_{\beta=\delta}`.
    scikit-learn's ``HuberRegressor`` uses a threshold ``epsilon`` on residuals
    divided by a fitted scale, so its numbers differ.

    References
    ----------
    P. J. Huber, "Robust Estimation of a Location Parameter", The Annals
    of Mathematical Statistics 35(1), 73-101, 1964.

    Examples
    --------
    >>> from lossbook import huber
    >>> huber([0.0, 0.0, 0.0], [0.5, 1.0, 3.0], reduction="none").tolist()
    [0.125, 0.5, 2.5]
    >>> huber([0.0, 0.0], [0.5, 3.0], delta=2.0, reduction="none").tolist()
    [0.125, 4.0]
    """
    y_true, y_pred, weights, delta = _check_regression(
        y_true, y_pred, reduction, sample_weight, delta=delta
    )
    size = np.abs(y_true - y_pred)
    clipped = np.minimum(size, delta)
    losses = clipped * (size - 0.5 * clipped)
    return reduce_loss(losses, reduction, weights)


def huber_grad(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    delta: float = 1.0,
    reduction: str = "mean",
    sample_weight: ArrayLike | None = None,
) -> np.ndarray:
    r"""Gradient of :func:`huber` with respect to ``y_pred``.

    .. math::
        \frac{\partial \ell_\delta}{\partial \hat y}
        = \operatorname{clip}(\hat y - y, -\delta, \delta)

    The residual is clipped: large errors pull with a force of at most
    ``delta``, which is what makes the loss robust to outliers.

    Parameters
    ----------
    y_true, y_pred, delta, reduction, sample_weight
        As for :func:`huber`.

    Returns
    -------
    ndarray
        The gradient of the reduced loss, shaped like ``y_pred``.

    Raises
    ------
    TypeError, ValueError
        As for :func:`huber`.

    Notes
    -----
    Automatic differentiation of PyTorch's ``HuberLoss``, Keras's ``Huber`` and
    optax's ``huber_loss`` gives the same values; the gradient is continuous,
    with size ``delta`` on both sides of the threshold. :func:`smooth_l1_grad`
    is this gradient divided by ``delta``.

    Examples
    --------
    >>> from lossbook import huber_grad
    >>> huber_grad([0.0, 0.0, 0.0], [0.5, 1.0, -3.0], reduction="sum").tolist()
    [0.5, 1.0, -1.0]
    """
    y_true, y_pred, weights, delta = _check_regression(
        y_true, y_pred, reduction, sample_weight, delta=delta
    )
    elementwise = np.clip(y_pred - y_true, -delta, delta)
    return scale_gradient(elementwise, reduction, weights)


def smooth_l1(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    beta: float = 1.0,
    reduction: str = "mean",
    sample_weight: ArrayLike | None = None,
) -> float | np.ndarray:
    r"""Smooth L1 loss, PyTorch's convention: the Huber loss divided by its threshold.

    .. math::
        \ell_\beta(r) = \begin{cases}
            \tfrac12 r^2 / \beta & |r| < \beta \\
            |r| - \tfrac12 \beta & |r| \ge \beta
        \end{cases}
        \;=\; \frac{\mathrm{Huber}_{\delta=\beta}(r)}{\beta}

    Its linear part has slope 1 whatever ``beta``, like :func:`mae`, to which
    it tends as ``beta`` goes to 0; the Huber loss instead keeps slope
    ``delta``. Both describe the same curve: Huber(delta) = delta * SmoothL1(beta=delta).

    Parameters
    ----------
    y_true : array_like
        Targets, finite real numbers.
    y_pred : array_like
        Predictions, of the same shape as ``y_true``.
    beta : float, default 1.0
        Where the quadratic part turns linear; greater than 0.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        'none' returns the loss of each element, 'sum' their sum and 'mean'
        their (weighted) mean.
    sample_weight : array_like of shape (n_samples,), optional
        Non-negative weight of each sample (first axis).

    Returns
    -------
    float or ndarray
        A float for 'mean' and 'sum'; an array shaped like ``y_pred`` for 'none'.

    Raises
    ------
    TypeError
        If an array holds something other than real numbers, or ``beta`` is
        not a number.
    ValueError
        If the arrays are empty, differ in shape or hold NaN or inf, if
        ``beta`` is not a finite number above 0, if ``sample_weight`` is
        negative or misshapen, or if ``reduction`` is unknown.

    Notes
    -----
    Matches PyTorch's ``SmoothL1Loss(beta)``, which accepts ``beta=0`` and then
    computes the L1 loss; here ``beta`` must be above 0 (use :func:`mae`).
    The name and the loss come from Fast R-CNN's box regression (Girshick 2015, with
    ``beta=1``, where it equals the Huber loss).

    References
    ----------
    R. Girshick, "Fast R-CNN", Proceedings of the IEEE International
    Conference on Computer Vision (ICCV), 1440-1448, 2015.

    Examples
    --------
    >>> from lossbook import huber, smooth_l1
    >>> smooth_l1([0.0, 0.0], [0.5, 3.0], beta=2.0, reduction="none").tolist()
    [0.0625, 2.0]
    >>> 2.0 * smooth_l1([0.0, 0.0], [0.5, 3.0], beta=2.0, reduction="sum")
    4.125
    >>> huber([0.0, 0.0], [0.5, 3.0], delta=2.0, reduction="sum")
    4.125
    """
    y_true, y_pred, weights, beta = _check_regression(
        y_true, y_pred, reduction, sample_weight, beta=beta
    )
    size = np.abs(y_true - y_pred)
    clipped = np.minimum(size, beta)
    losses = clipped * (size - 0.5 * clipped) / beta
    return reduce_loss(losses, reduction, weights)


def smooth_l1_grad(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    beta: float = 1.0,
    reduction: str = "mean",
    sample_weight: ArrayLike | None = None,
) -> np.ndarray:
    r"""Gradient of :func:`smooth_l1` with respect to ``y_pred``.

    .. math::
        \frac{\partial \ell_\beta}{\partial \hat y}
        = \frac{\operatorname{clip}(\hat y - y, -\beta, \beta)}{\beta}

    Parameters
    ----------
    y_true, y_pred, beta, reduction, sample_weight
        As for :func:`smooth_l1`.

    Returns
    -------
    ndarray
        The gradient of the reduced loss, shaped like ``y_pred``.

    Raises
    ------
    TypeError, ValueError
        As for :func:`smooth_l1`.

    Notes
    -----
    Its size never exceeds 1 whatever ``beta``, where :func:`huber_grad` reaches
    ``delta``: ``huber_grad(delta=d) == d * smooth_l1_grad(beta=d)``. PyTorch's
    ``SmoothL1Loss`` with ``beta=0`` has the sign gradient of the L1 loss; here
    ``beta`` must be above 0 (use :func:`mae_grad`).

    Examples
    --------
    >>> from lossbook import smooth_l1_grad
    >>> smooth_l1_grad([0.0, 0.0], [0.5, -3.0], beta=2.0, reduction="sum").tolist()
    [0.25, -1.0]
    """
    y_true, y_pred, weights, beta = _check_regression(
        y_true, y_pred, reduction, sample_weight, beta=beta
    )
    elementwise = np.clip(y_pred - y_true, -beta, beta) / beta
    return scale_gradient(elementwise, reduction, weights)


def log_cosh(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: str = "mean",
    sample_weight: ArrayLike | None = None,
) -> float | np.ndarray:
    r"""Log-cosh loss: about :math:`r^2/2` for small residuals, :math:`|r| - \log 2` for large.

    .. math:: \ell(r) = \log\cosh r, \qquad r = y - \hat y

    A smooth cousin of :func:`huber` with ``delta=1``: it is twice
    differentiable everywhere and needs no threshold.

    Parameters
    ----------
    y_true : array_like
        Targets, finite real numbers.
    y_pred : array_like
        Predictions, of the same shape as ``y_true``.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        'none' returns the loss of each element, 'sum' their sum and 'mean'
        their (weighted) mean.
    sample_weight : array_like of shape (n_samples,), optional
        Non-negative weight of each sample (first axis).

    Returns
    -------
    float or ndarray
        A float for 'mean' and 'sum'; an array shaped like ``y_pred`` for 'none'.

    Raises
    ------
    TypeError
        If an array holds something other than real numbers.
    ValueError
        If the arrays are empty, differ in shape or hold NaN or inf, if
        ``sample_weight`` is negative or misshapen, or if ``reduction`` is unknown.

    Notes
    -----
    The obvious ``log(cosh(r))`` overflows once :math:`|r| > 710` and, like
    Keras's ``LogCosh`` (which computes :math:`r + \mathrm{softplus}(-2r) - \log 2`),
    rounds small losses to 0: for :math:`r = 10^{-10}` the loss is
    :math:`5 \cdot 10^{-21}`, not 0. lossbook's kernel (a polynomial for
    :math:`|r| \le 1`, :math:`|r| - \log 2 + \operatorname{log1p}(e^{-2|r|})`
    beyond) stays within 2 ulp of the exact value for every finite residual.
    Keras's 'none' averages over the last axis.

    Examples
    --------
    >>> from lossbook import log_cosh
    >>> log_cosh([0.0, 0.0, 0.0], [1e-10, 1.0, -1000.0], reduction="none").tolist()
    [5.0000000000000005e-21, 0.4337808304830272, 999.3068528194401]
    """
    y_true, y_pred, weights = _check_regression(y_true, y_pred, reduction, sample_weight)
    losses = _log_cosh(y_true - y_pred)
    return reduce_loss(losses, reduction, weights)


def log_cosh_grad(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: str = "mean",
    sample_weight: ArrayLike | None = None,
) -> np.ndarray:
    r"""Gradient of :func:`log_cosh` with respect to ``y_pred``.

    .. math:: \frac{\partial \ell}{\partial \hat y} = \tanh(\hat y - y)

    Like :func:`huber_grad`, it grows linearly near 0 and never exceeds 1 in
    absolute value, but it turns smoothly.

    Parameters
    ----------
    y_true, y_pred, reduction, sample_weight
        As for :func:`log_cosh`.

    Returns
    -------
    ndarray
        The gradient of the reduced loss, shaped like ``y_pred``.

    Raises
    ------
    TypeError, ValueError
        As for :func:`log_cosh`.

    Notes
    -----
    Written as :math:`\tanh`, it stays within :math:`[-1, 1]` for every finite
    residual. Differentiating the naive ``log(cosh(r))`` by the chain rule gives
    :math:`\sinh r / \cosh r` computed as two overflowing factors, NaN once
    :math:`|r| > 710`; Keras's ``LogCosh`` avoids that with its softplus form.

    Examples
    --------
    >>> import numpy as np
    >>> from lossbook import log_cosh_grad
    >>> np.round(log_cosh_grad([0.0, 0.0, 0.0], [0.1, 1.0, -50.0], reduction="sum"), 4).tolist()
    [0.0997, 0.7616, -1.0]
    """
    y_true, y_pred, weights = _check_regression(y_true, y_pred, reduction, sample_weight)
    elementwise = np.tanh(y_pred - y_true)
    return scale_gradient(elementwise, reduction, weights)


# ---------------------------------------------------------------------------
# Quantile (pinball) loss
# ---------------------------------------------------------------------------


def quantile_loss(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    tau: float = 0.5,
    reduction: str = "mean",
    sample_weight: ArrayLike | None = None,
) -> float | np.ndarray:
    r"""Quantile (pinball) loss: fits the ``tau``-quantile of the targets.

    .. math::
        \ell_\tau(r) = \max(\tau r, (\tau - 1) r) = \begin{cases}
            \tau r & r \ge 0 \\
            (\tau - 1) r & r < 0
        \end{cases}
        \qquad r = y - \hat y

    A prediction below the target (:math:`r > 0`) costs ``tau`` per unit, one
    above it costs ``1 - tau``: with ``tau=0.9`` under-predicting is nine
    times dearer, and the minimiser is the 90th percentile.

    Parameters
    ----------
    y_true : array_like
        Targets, finite real numbers.
    y_pred : array_like
        Predictions, of the same shape as ``y_true``.
    tau : float, default 0.5
        The quantile, in the open interval (0, 1).
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        'none' returns the loss of each element, 'sum' their sum and 'mean'
        their (weighted) mean.
    sample_weight : array_like of shape (n_samples,), optional
        Non-negative weight of each sample (first axis).

    Returns
    -------
    float or ndarray
        A float for 'mean' and 'sum'; an array shaped like ``y_pred`` for 'none'.

    Raises
    ------
    TypeError
        If an array holds something other than real numbers, or ``tau`` is
        not a number.
    ValueError
        If the arrays are empty, differ in shape or hold NaN or inf, if
        ``tau`` is outside (0, 1), if ``sample_weight`` is negative or
        misshapen, or if ``reduction`` is unknown.

    Notes
    -----
    ``tau=0.5`` gives half the absolute error, :math:`\tfrac12 |r|`. The same
    loss is scikit-learn's ``mean_pinball_loss(y_true, y_pred, alpha=tau)``
    and TensorFlow Addons' ``pinball_loss``. PyTorch has no built-in quantile
    loss.

    References
    ----------
    R. Koenker and G. Bassett, "Regression Quantiles", Econometrica
    46(1), 33-50, 1978.

    Examples
    --------
    >>> from lossbook import quantile_loss
    >>> quantile_loss([1.0, 1.0], [0.0, 2.0], tau=0.75, reduction="none").tolist()
    [0.75, 0.25]
    >>> quantile_loss([1.0, 1.0], [0.0, 2.0])  # tau=0.5: half the MAE
    0.5
    """
    y_true, y_pred, weights, tau = _check_regression(
        y_true, y_pred, reduction, sample_weight, tau=tau
    )
    residual = y_true - y_pred
    losses = np.maximum(tau * residual, (tau - 1.0) * residual)
    return reduce_loss(losses, reduction, weights)


def quantile_loss_grad(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    tau: float = 0.5,
    reduction: str = "mean",
    sample_weight: ArrayLike | None = None,
) -> np.ndarray:
    r"""Sub-gradient of :func:`quantile_loss` with respect to ``y_pred``.

    .. math::
        \frac{\partial \ell_\tau}{\partial \hat y} = \begin{cases}
            -\tau & \hat y < y \\
            0 & \hat y = y \\
            1 - \tau & \hat y > y
        \end{cases}

    Parameters
    ----------
    y_true, y_pred, tau, reduction, sample_weight
        As for :func:`quantile_loss`.

    Returns
    -------
    ndarray
        The (sub-)gradient of the reduced loss, shaped like ``y_pred``.

    Raises
    ------
    TypeError, ValueError
        As for :func:`quantile_loss`.

    Notes
    -----
    At the kink :math:`\hat y = y` every value in :math:`[-\tau, 1 - \tau]` is a
    sub-gradient; lossbook returns 0, as for :func:`mae_grad`.

    Examples
    --------
    >>> from lossbook import quantile_loss_grad
    >>> quantile_loss_grad([1.0, 1.0, 1.0], [0.0, 1.0, 2.0], tau=0.75, reduction="sum").tolist()
    [-0.75, 0.0, 0.25]
    """
    y_true, y_pred, weights, tau = _check_regression(
        y_true, y_pred, reduction, sample_weight, tau=tau
    )
    error = y_pred - y_true
    elementwise = (1.0 - tau) * (error > 0) - tau * (error < 0)
    return scale_gradient(elementwise, reduction, weights)


# ---------------------------------------------------------------------------
# Negative log-likelihoods: Gaussian and Poisson
# ---------------------------------------------------------------------------


def gaussian_nll(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    var: ArrayLike,
    full: bool = False,
    reduction: str = "mean",
    sample_weight: ArrayLike | None = None,
) -> float | np.ndarray:
    r"""Gaussian negative log-likelihood of the targets, with mean ``y_pred`` and variance ``var``.

    .. math::
        \ell(y, \hat y; \sigma^2)
        = \frac12 \left(\log \sigma^2 + \frac{(y - \hat y)^2}{\sigma^2}\right)
        \;\left[+ \tfrac12 \log 2\pi \text{ if full}\right]

    A model that predicts a variance as well as a mean pays
    :math:`\tfrac12 \log \sigma^2` for being unsure and is forgiven squared
    errors in proportion: with a fixed variance the loss is :func:`mse`
    divided by :math:`2\sigma^2`, plus a constant.

    Parameters
    ----------
    y_true : array_like
        Targets, finite real numbers.
    y_pred : array_like
        Predicted means, of the same shape as ``y_true``.
    var : float or array_like
        Keyword-only and required. The predicted variance: one positive
        number for every element, or an array of ``y_pred``'s shape with
        every value above 0.
    full : bool, default False
        Add the constant :math:`\tfrac12 \log 2\pi` so the value is the exact
        negative log-density; it does not change the gradient.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        'none' returns the loss of each element, 'sum' their sum and 'mean'
        their (weighted) mean.
    sample_weight : array_like of shape (n_samples,), optional
        Non-negative weight of each sample (first axis).

    Returns
    -------
    float or ndarray
        A float for 'mean' and 'sum'; an array shaped like ``y_pred`` for 'none'.

    Raises
    ------
    TypeError
        If an array or ``var`` holds something other than real numbers, or
        ``full`` is not a bool.
    ValueError
        If the arrays are empty, differ in shape or hold NaN or inf; if
        ``var`` is not above 0 everywhere, holds NaN or inf, or is an array of
        another shape than ``y_pred``; if ``sample_weight`` is negative or
        misshapen, or if ``reduction`` is unknown.

    Notes
    -----
    PyTorch's ``GaussianNLLLoss(full=False, eps=1e-6)`` takes
    ``(input, target, var)``, clamps the variance up to ``eps`` and broadcasts
    a ``var`` with one column less. lossbook refuses a variance that is not
    above 0 instead of clamping it (a clamp hides the bug that produced it)
    and does not broadcast. The values otherwise agree, 'mean' included.

    References
    ----------
    D. A. Nix and A. S. Weigend, "Estimating the mean and variance of the
    target probability distribution", Proceedings of the IEEE International
    Conference on Neural Networks, 55-60, 1994.

    Examples
    --------
    >>> from lossbook import gaussian_nll
    >>> gaussian_nll([1.0, 1.0], [1.0, 3.0], var=4.0, reduction="none").tolist()
    [0.693..., 1.193...]
    >>> gaussian_nll([1.0], [1.0], var=1.0, full=True)  # log of 1/sqrt(2 pi)
    0.9189385332046727
    """
    y_true, y_pred, var, weights = _check_gaussian(
        y_true, y_pred, var, full, reduction, sample_weight
    )
    residual = y_true - y_pred
    z_squared = residual * (residual / var)  # (r / σ)², with no r² that could overflow
    losses = 0.5 * (np.log(var) + z_squared)
    if full:
        losses = losses + _HALF_LOG_2PI
    return reduce_loss(losses, reduction, weights)


def gaussian_nll_grad(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    var: ArrayLike,
    full: bool = False,
    wrt: str = "mean",
    reduction: str = "mean",
    sample_weight: ArrayLike | None = None,
) -> np.ndarray | float:
    r"""Gradient of :func:`gaussian_nll` with respect to the mean ``y_pred`` or to ``var``.

    .. math::
        \frac{\partial \ell}{\partial \hat y} = \frac{\hat y - y}{\sigma^2},
        \qquad
        \frac{\partial \ell}{\partial \sigma^2} = \frac{1}{2\sigma^2}
            \left(1 - \frac{(y - \hat y)^2}{\sigma^2}\right)

    The variance's gradient vanishes where :math:`\sigma^2 = (y - \hat y)^2`:
    the best variance for one sample is its squared error.

    Parameters
    ----------
    y_true, y_pred, var, full, reduction, sample_weight
        As for :func:`gaussian_nll`.
    wrt : {'mean', 'var'}, default 'mean'
        Differentiate with respect to ``y_pred`` ('mean') or to ``var``.

    Returns
    -------
    ndarray or float
        For ``wrt='mean'``, an array shaped like ``y_pred``. For
        ``wrt='var'``, an array shaped like ``var`` when ``var`` is an array,
        and a float (the derivative of the reduced loss with respect to the one
        shared variance, summed over every element) when ``var`` is a scalar.

    Raises
    ------
    TypeError, ValueError
        As for :func:`gaussian_nll`, and ``ValueError`` if ``wrt`` is not
        'mean' or 'var'.

    Notes
    -----
    The gradient is taken with respect to the variance itself. A network that
    outputs the log-variance :math:`s = \log \sigma^2` instead (a common way to
    keep the variance positive) gets
    :math:`\partial \ell / \partial s = \sigma^2\, \partial \ell / \partial \sigma^2`
    by the chain rule. PyTorch's ``GaussianNLLLoss`` leaves both to automatic
    differentiation, after clamping the variance up to ``eps``; lossbook refuses
    a variance that is not above 0 instead.

    Examples
    --------
    >>> from lossbook import gaussian_nll_grad
    >>> gaussian_nll_grad([1.0, 1.0], [1.0, 3.0], var=4.0, reduction="sum").tolist()
    [0.0, 0.5]
    >>> gaussian_nll_grad([1.0, 1.0], [1.0, 3.0], var=[4.0, 4.0], wrt="var",
    ...                   reduction="sum").tolist()
    [0.125, 0.0]
    >>> gaussian_nll_grad([1.0, 1.0], [1.0, 3.0], var=4.0, wrt="var", reduction="sum")
    0.125
    """
    y_true, y_pred, var, weights = _check_gaussian(
        y_true, y_pred, var, full, reduction, sample_weight, wrt
    )
    if wrt == "mean":
        return scale_gradient((y_pred - y_true) / var, reduction, weights)
    residual = y_true - y_pred
    elementwise = 0.5 * (1.0 - residual * (residual / var)) / var
    gradient = scale_gradient(elementwise, reduction, weights)
    # One shared variance: its derivative adds up the contributions of every element.
    return gradient if isinstance(var, np.ndarray) else float(gradient.sum())


def poisson_nll(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    log_input: bool = True,
    reduction: str = "mean",
    sample_weight: ArrayLike | None = None,
) -> float | np.ndarray:
    r"""Poisson negative log-likelihood of counts, without the constant :math:`\log y!`.

    .. math::
        \ell(y, \hat y) = \begin{cases}
            e^{\hat y} - y \hat y & \text{log\_input: } \hat y = \log \lambda \\
            \hat y - y \log \hat y & \text{otherwise: } \hat y = \lambda \ge 0
        \end{cases}

    with :math:`0 \log 0 = 0`, so a zero rate costs nothing for a zero count
    and :math:`+\infty` for a positive one (the true value: such a count is
    impossible).

    Parameters
    ----------
    y_true : array_like
        Observed counts, non-negative. They need not be whole numbers: rates
        or averaged counts are accepted, as in PyTorch and scikit-learn, and the
        loss is then the Poisson quasi-likelihood.
    y_pred : array_like
        Predicted log-rates (``log_input=True``), at most 709.78 (the log of
        the largest float64); or predicted rates (``log_input=False``),
        non-negative. Same shape as ``y_true``.
    log_input : bool, default True
        Whether ``y_pred`` holds log-rates (the usual output of a network,
        unconstrained) or rates.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        'none' returns the loss of each element, 'sum' their sum and 'mean'
        their (weighted) mean.
    sample_weight : array_like of shape (n_samples,), optional
        Non-negative weight of each sample (first axis).

    Returns
    -------
    float or ndarray
        A float for 'mean' and 'sum'; an array shaped like ``y_pred`` for 'none'.

    Raises
    ------
    TypeError
        If an array holds something other than real numbers, or
        ``log_input`` is not a bool.
    ValueError
        If the arrays are empty, differ in shape or hold NaN or inf; if
        ``y_true`` is negative; if ``y_pred`` is a log-rate above 709.78 (its
        exponential would overflow) or a negative rate; if ``sample_weight`` is
        negative or misshapen, or if ``reduction`` is unknown.

    Notes
    -----
    A log-rate above 709.78 is refused rather than turned into
    an infinite loss: its rate is not a float64, and the loss could only be
    ``inf`` or, for huge counts, ``inf - inf``. PyTorch's ``PoissonNLLLoss``
    (``(input, target)``, ``log_input=True`` by default) returns ``inf`` there,
    and with ``log_input=False`` computes :math:`\hat y - y \log(\hat y + 10^{-8})`;
    Keras's ``Poisson`` takes rates and adds ``1e-7`` inside the log. lossbook
    adds no epsilon, so a zero rate for a positive count is ``inf`` and its
    gradient ``-inf``. Its ``full`` option (a Stirling term) is not provided.
    scikit-learn's ``mean_poisson_deviance`` is
    :math:`2\,(\ell(y, \hat y) - \ell(y, y))`: the same loss, shifted to be 0
    at a perfect prediction and doubled.

    Examples
    --------
    >>> from lossbook import poisson_nll
    >>> poisson_nll([2.0, 0.0], [0.0, 0.0], reduction="none").tolist()  # log-rates
    [1.0, 1.0]
    >>> poisson_nll([2.0, 0.0, 3.0], [1.0, 0.0, 0.0], log_input=False,
    ...             reduction="none").tolist()  # rates
    [1.0, 0.0, inf]
    """
    y_true, y_pred, log_input, weights = _check_poisson(
        y_true, y_pred, log_input, reduction, sample_weight
    )
    losses = (
        np.exp(y_pred) - y_true * y_pred  # y_pred is a log-rate
        if log_input
        else y_pred - _xlogy(y_true, y_pred)  # y_pred is a rate
    )
    return reduce_loss(losses, reduction, weights)


def poisson_nll_grad(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    log_input: bool = True,
    reduction: str = "mean",
    sample_weight: ArrayLike | None = None,
) -> np.ndarray:
    r"""Gradient of :func:`poisson_nll` with respect to ``y_pred``.

    .. math::
        \frac{\partial \ell}{\partial \hat y} = \begin{cases}
            e^{\hat y} - y & \text{log\_input (log-rates)} \\
            1 - y / \hat y & \text{otherwise (rates)}
        \end{cases}

    For rates, :math:`0/0` is taken as 0 (a zero count does not depend on the
    log term) and a positive count at a zero rate gives :math:`-\infty`.

    Parameters
    ----------
    y_true, y_pred, log_input, reduction, sample_weight
        As for :func:`poisson_nll`.

    Returns
    -------
    ndarray
        The gradient of the reduced loss, shaped like ``y_pred``.

    Raises
    ------
    TypeError, ValueError
        As for :func:`poisson_nll`.

    Notes
    -----
    For log-rates this is the gradient of PyTorch's ``PoissonNLLLoss`` with
    ``log_input=True``. For rates, PyTorch's ``eps`` gives
    :math:`1 - y / (\hat y + 10^{-8})` and Keras's :math:`1 - y / (\hat y + 10^{-7})`,
    finite at a zero rate; lossbook returns :math:`-\infty` there, the true limit,
    so that a rate of 0 for a positive count cannot pass unnoticed.

    Examples
    --------
    >>> from lossbook import poisson_nll_grad
    >>> poisson_nll_grad([2.0, 0.0], [0.0, 0.0], reduction="sum").tolist()
    [-1.0, 1.0]
    >>> poisson_nll_grad([2.0, 0.0], [4.0, 0.0], log_input=False, reduction="sum").tolist()
    [0.5, 1.0]
    """
    y_true, y_pred, log_input, weights = _check_poisson(
        y_true, y_pred, log_input, reduction, sample_weight
    )
    elementwise = (
        np.exp(y_pred) - y_true  # y_pred is a log-rate
        if log_input
        else 1.0 - _xdivy(y_true, y_pred)  # y_pred is a rate
    )
    return scale_gradient(elementwise, reduction, weights)
