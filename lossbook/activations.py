r"""Activations that turn scores into probabilities, computed without overflow.

The elementwise functions (:func:`sigmoid`, :func:`log_sigmoid`,
:func:`softplus`) follow NumPy's ufunc convention: an array comes back as a
float64 array of the same shape, a scalar (or 0-d array) as a NumPy
``float64`` scalar, which is a Python ``float``. The class-axis functions
(:func:`softmax`, :func:`log_softmax`, :func:`logsumexp`) work along one axis,
the last by default.

The elementwise functions are within 2 ulp of the correctly rounded value over
the whole float64 range, ``1e308`` included, and nothing here warns: the
exponentials only ever see non-positive arguments, and the logarithms of sums
of exponentials are written as ``log1p`` of the small part, so that a tiny
result keeps its relative accuracy.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from lossbook._validation import as_float_array, check_positive

__all__ = ["log_sigmoid", "log_softmax", "logsumexp", "sigmoid", "softmax", "softplus"]


def _check_logits(
    logits: ArrayLike, axis: int | None, *, allow_none: bool = False
) -> tuple[np.ndarray, int]:
    """Return ``logits`` as a float array with at least one axis, and ``axis`` as an int.

    With ``allow_none``, ``axis=None`` flattens the array so that all of it is one row.
    """
    array = as_float_array(logits, "logits")
    if axis is None and allow_none:
        return array.reshape(-1), 0
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
        raise TypeError(f"axis must be an integer, got {type(axis).__name__} {axis!r}")
    if not -array.ndim <= axis < array.ndim:
        raise ValueError(
            f"axis must lie in [{-array.ndim}, {array.ndim}) for logits of shape "
            f"{array.shape}, got {axis}"
        )
    return array, int(axis)


def _check_softmax(
    logits: ArrayLike, axis: int, temperature: float
) -> tuple[np.ndarray, int, float]:
    """Validate the arguments of :func:`softmax`."""
    array, axis = _check_logits(logits, axis)
    return array, axis, check_positive(temperature, "temperature")


def _sigmoid_pair(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """sigmoid(x) and sigmoid(-x) = 1 - sigmoid(x), both to full relative accuracy.

    Each is a numerator over 1 + exp(-|x|): the numerator is 1 on the side of the
    sign of x and exp(-|x|) <= 1 on the other, which ``np.maximum`` with the sign
    mask picks faster than ``np.where``.
    """
    exp_neg_abs = np.exp(-np.abs(x))
    positive = x >= 0
    total = 1.0 + exp_neg_abs
    return np.maximum(exp_neg_abs, positive) / total, np.maximum(exp_neg_abs, ~positive) / total


def _softplus_pair(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """softplus(-x) = -log sigmoid(x) and softplus(x) = -log sigmoid(-x), from one exp."""
    tail = np.log1p(np.exp(-np.abs(x)))
    return np.maximum(-x, 0.0) + tail, np.maximum(x, 0.0) + tail


def _log_softmax_parts(logits: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the row maximum m, ``logits - m`` and ``log1p(sum of exp(z_j - m) for the rest)``.

    "The rest" is the row without one maximal entry (the first), so that
    ``logsumexp = m + log1p(rest)`` keeps its accuracy when one entry dominates.
    All three keep the reduced axis (with length 1 for the first and the last).
    """
    top = np.argmax(logits, axis=axis, keepdims=True)
    maximum = np.take_along_axis(logits, top, axis=axis)
    with np.errstate(over="ignore"):  # a spread beyond 1.8e308 gives -inf, its true limit
        shifted = logits - maximum
    rest = np.exp(shifted)
    np.put_along_axis(rest, top, 0.0, axis=axis)
    return maximum, shifted, np.log1p(rest.sum(axis=axis, keepdims=True))


def sigmoid(x: ArrayLike) -> np.ndarray:
    r"""Logistic sigmoid, the probability of the positive class given a logit.

    .. math::

        \sigma(x) = \frac{1}{1 + e^{-x}} = \frac{e^{x}}{1 + e^{x}}

    Computed as :math:`1 / (1 + e^{-|x|})` for :math:`x \ge 0` and
    :math:`e^{-|x|} / (1 + e^{-|x|})` for :math:`x < 0`: the exponential never
    overflows and a tiny probability keeps its relative accuracy.

    Parameters
    ----------
    x : array_like
        Finite real numbers (logits), any shape.

    Returns
    -------
    numpy.ndarray
        :math:`\sigma(x)` in :math:`[0, 1]`, shaped like ``x`` (a NumPy float64
        scalar for a scalar ``x``). Within 2 ulp of the correctly rounded value.

    Raises
    ------
    TypeError
        If ``x`` is not made of real numbers.
    ValueError
        If ``x`` is empty or holds NaN or infinity.

    Notes
    -----
    Same function as ``scipy.special.expit``, ``torch.sigmoid`` and
    ``jax.nn.sigmoid``. The naive ``1 / (1 + np.exp(-x))`` overflows for
    :math:`x < -709`: it warns and returns 0 where the true value, down to
    :math:`x \approx -745`, is still a (subnormal) float. For
    :math:`1 - \sigma(x) = \sigma(-x)` call ``sigmoid(-x)``: computing
    ``1 - sigmoid(x)`` loses every digit once :math:`x > 37`.

    Examples
    --------
    >>> from lossbook import sigmoid
    >>> print(sigmoid(0.0))
    0.5
    >>> sigmoid([-40.0, 40.0, 1e308]).tolist()
    [4.248354255291589e-18, 1.0, 1.0]
    """
    x = as_float_array(x, "x")
    exp_neg_abs = np.exp(-np.abs(x))  # in (0, 1]: never overflows
    return np.where(x >= 0, 1.0, exp_neg_abs) / (1.0 + exp_neg_abs)


def log_sigmoid(x: ArrayLike) -> np.ndarray:
    r"""Logarithm of the sigmoid, :math:`\log \sigma(x) = -\operatorname{softplus}(-x)`.

    .. math::

        \log \sigma(x) = -\log(1 + e^{-x}) = \min(x, 0) - \log(1 + e^{-|x|})

    Parameters
    ----------
    x : array_like
        Finite real numbers (logits), any shape.

    Returns
    -------
    numpy.ndarray
        :math:`\log \sigma(x) \le 0`, shaped like ``x`` (a NumPy float64 scalar for
        a scalar ``x``). Within 2 ulp of the correctly rounded value.

    Raises
    ------
    TypeError
        If ``x`` is not made of real numbers.
    ValueError
        If ``x`` is empty or holds NaN or infinity.

    Notes
    -----
    ``np.log(sigmoid(x))`` would return ``-inf`` once :math:`\sigma(x)` underflows
    (:math:`x < -745`) and lose every digit of :math:`\log \sigma(x) \approx
    -e^{-x}` for large positive :math:`x`; this form keeps both.
    ``torch.nn.functional.logsigmoid`` and ``jax.nn.log_sigmoid`` compute the same
    function.

    Examples
    --------
    >>> from lossbook import log_sigmoid
    >>> log_sigmoid([-1000.0, 0.0, 40.0]).tolist()
    [-1000.0, -0.6931471805599453, -4.248354255291589e-18]
    """
    x = as_float_array(x, "x")
    return np.minimum(x, 0.0) - np.log1p(np.exp(-np.abs(x)))


def softplus(x: ArrayLike) -> np.ndarray:
    r"""Softplus, the smooth version of :math:`\max(x, 0)`.

    .. math::

        \operatorname{softplus}(x) = \log(1 + e^{x}) = \max(x, 0) + \log(1 + e^{-|x|})

    Parameters
    ----------
    x : array_like
        Finite real numbers, any shape.

    Returns
    -------
    numpy.ndarray
        :math:`\operatorname{softplus}(x) > 0` (0 once it underflows), shaped like
        ``x`` (a NumPy float64 scalar for a scalar ``x``). Within 2 ulp of the
        correctly rounded value.

    Raises
    ------
    TypeError
        If ``x`` is not made of real numbers.
    ValueError
        If ``x`` is empty or holds NaN or infinity.

    Notes
    -----
    ``np.logaddexp(0, x)`` computes the same value a little more accurately
    (1.0 ulp at worst instead of 1.4) but more slowly. PyTorch's
    ``softplus`` has a ``beta`` and switches to the identity above
    ``threshold=20``; this function has neither.

    Examples
    --------
    >>> from lossbook import softplus
    >>> softplus([-40.0, 0.0, 1000.0]).tolist()
    [4.248354255291589e-18, 0.6931471805599453, 1000.0]
    """
    x = as_float_array(x, "x")
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def softmax(logits: ArrayLike, *, axis: int = -1, temperature: float = 1.0) -> np.ndarray:
    r"""Softmax: turn a row of scores into a probability distribution.

    .. math::

        \operatorname{softmax}(z / T)_k
        = \frac{e^{(z_k - \max_j z_j) / T}}{\sum_i e^{(z_i - \max_j z_j) / T}}

    Subtracting the maximum changes nothing mathematically and keeps every
    exponential in :math:`(0, 1]`.

    Parameters
    ----------
    logits : array_like
        Finite scores with at least one axis.
    axis : int, default -1
        The axis that holds the classes.
    temperature : float, default 1.0
        :math:`T > 0`. Small temperatures sharpen the distribution towards the
        one-hot vector of the largest score; large ones flatten it towards uniform.

    Returns
    -------
    numpy.ndarray
        Probabilities shaped like ``logits``, summing to 1 along ``axis``. Each is
        within about :math:`|z_k - \max_j z_j| / T` units of rounding of the exact
        value relative to itself (better than :math:`10^{-13}` for :math:`T = 1`).

    Raises
    ------
    TypeError
        If ``logits`` is not made of real numbers, ``axis`` is not an integer or
        ``temperature`` is not a number.
    ValueError
        If ``logits`` is empty, a scalar or holds NaN or infinity, ``axis`` is out of
        range, or ``temperature`` is not greater than 0.

    Notes
    -----
    The temperature divides the shifted scores, :math:`(z - \max z) / T`, not
    the raw ones: the shift is often exact, so large logits with a small spread
    lose nothing to the division. Knowledge distillation (Hinton et al. 2015)
    uses :math:`T > 1`.

    References
    ----------
    G. Hinton, O. Vinyals and J. Dean, "Distilling the knowledge in a neural
    network", arXiv:1503.02531, 2015.

    Examples
    --------
    >>> from lossbook import softmax
    >>> softmax([1.0, 2.0, 3.0]).round(4).tolist()
    [0.09, 0.2447, 0.6652]
    >>> softmax([1.0, 2.0, 3.0], temperature=10.0).round(4).tolist()
    [0.3006, 0.3322, 0.3672]
    >>> softmax([1000.0, 0.0]).tolist()
    [1.0, 0.0]
    """
    logits, axis, temperature = _check_softmax(logits, axis, temperature)
    with np.errstate(over="ignore"):  # a spread past 1.8e308 gives -inf, and exp(-inf) = 0
        shifted = (logits - logits.max(axis=axis, keepdims=True)) / temperature
    exps = np.exp(shifted)
    return exps / exps.sum(axis=axis, keepdims=True)


def log_softmax(logits: ArrayLike, *, axis: int = -1) -> np.ndarray:
    r"""Logarithm of the softmax, the log-probabilities of the classes.

    .. math::

        \log \operatorname{softmax}(z)_k = z_k - \operatorname{logsumexp}(z)
        = (z_k - m) - \log\Bigl(1 + \sum_{j \ne j^*} e^{z_j - m}\Bigr),
        \quad m = z_{j^*} = \max_j z_j

    Parameters
    ----------
    logits : array_like
        Finite scores with at least one axis.
    axis : int, default -1
        The axis that holds the classes.

    Returns
    -------
    numpy.ndarray
        Log-probabilities (:math:`\le 0`) shaped like ``logits``. A value below
        :math:`-1.8 \times 10^{308}` is returned as ``-inf``.

    Raises
    ------
    TypeError
        If ``logits`` is not made of real numbers or ``axis`` is not an integer.
    ValueError
        If ``logits`` is empty, a scalar or holds NaN or infinity, or ``axis`` is
        out of range.

    Notes
    -----
    Both terms of the difference have the same sign, so nothing cancels, and
    the log-probability of a dominant class, :math:`-\log(1 + \text{small})`,
    keeps its relative accuracy. ``np.log(softmax(z))`` instead returns
    ``-inf`` for any probability that underflows.

    Examples
    --------
    >>> from lossbook import log_softmax
    >>> log_softmax([1000.0, 0.0]).tolist()
    [0.0, -1000.0]
    >>> log_softmax([0.0, 40.0]).tolist()
    [-40.0, -4.248354255291589e-18]
    """
    logits, axis = _check_logits(logits, axis)
    _, shifted, log_rest = _log_softmax_parts(logits, axis)
    return shifted - log_rest


def logsumexp(logits: ArrayLike, *, axis: int | None = -1) -> np.ndarray:
    r"""Log of the sum of exponentials, the smooth maximum of a row.

    .. math::

        \operatorname{logsumexp}(z) = \log \sum_j e^{z_j}
        = m + \log\Bigl(1 + \sum_{j \ne j^*} e^{z_j - m}\Bigr),
        \quad m = z_{j^*} = \max_j z_j

    Parameters
    ----------
    logits : array_like
        Finite scores with at least one axis.
    axis : int or None, default -1
        The axis to reduce. ``None`` reduces over every element of ``logits``, as
        ``np.sum`` and ``scipy.special.logsumexp`` do.

    Returns
    -------
    numpy.ndarray
        ``logits`` with ``axis`` removed; a NumPy float64 scalar when nothing is
        left (a 1-D input or ``axis=None``). Within 2 ulp of the correctly rounded
        value when nothing cancels (see Notes).

    Raises
    ------
    TypeError
        If ``logits`` is not made of real numbers or ``axis`` is neither an integer
        nor None.
    ValueError
        If ``logits`` is empty or holds NaN or infinity, or ``axis`` is out of range.

    Notes
    -----
    Shifting by the maximum alone, :math:`m + \log \sum_j e^{z_j - m}`, is
    accurate to about 4 ulp; writing the sum as :math:`1 + \text{rest}` and using
    ``log1p`` brings it to 1-2 ulp. Where the result cancels to near 0 although
    the logits do not (``[-0.7, -0.65]`` gives 0.015), the error is a few
    :math:`\epsilon \max_j |z_j|` instead: the conditioning of the problem, as
    for every formulation. The one maximal entry left out of the rest is
    the first one when several tie.

    Examples
    --------
    >>> from lossbook import logsumexp
    >>> print(logsumexp([0.0, 0.0]))
    0.6931471805599453
    >>> logsumexp([[1000.0, 1000.0], [-1000.0, 0.0]]).tolist()
    [1000.6931471805599, 0.0]
    >>> print(logsumexp([[1.0, 2.0], [3.0, 4.0]], axis=None))
    4.440189698561196
    """
    logits, axis = _check_logits(logits, axis, allow_none=True)
    maximum, _, log_rest = _log_softmax_parts(logits, axis)
    return maximum.squeeze(axis) + log_rest.squeeze(axis)
