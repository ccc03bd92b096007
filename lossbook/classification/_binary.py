"""Binary cross-entropy, on probabilities or on logits, and the focal loss.

Each is elementwise: any shape, one loss per element. The public names are
re-exported by :mod:`lossbook.classification`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from lossbook._validation import (
    as_float_array,
    check_in_interval,
    check_positive,
    check_probabilities,
    check_reduction,
    check_same_shape,
    reduce_loss,
    scale_gradient,
)
from lossbook.activations import _sigmoid_pair, _softplus_pair
from lossbook.classification._common import check_weights, cross_terms, ratio

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_grad",
    "binary_cross_entropy_with_logits",
    "binary_cross_entropy_with_logits_grad",
    "focal_loss",
    "focal_loss_grad",
]


def _check_binary_probabilities(y_true, y_pred, reduction, sample_weight):
    """Targets in [0, 1] and predicted probabilities in [0, 1] of the same shape."""
    check_reduction(reduction)
    y_true = as_float_array(y_true, "y_true")
    y_pred = as_float_array(y_pred, "y_pred")
    check_same_shape(y_true, y_pred, "y_true", "y_pred")
    check_probabilities(y_true, "y_true")
    check_probabilities(y_pred, "y_pred")
    return y_true, y_pred, check_weights(sample_weight, y_pred.shape)


def _check_pos_weight(pos_weight, logits: np.ndarray) -> float | np.ndarray:
    """A positive number, or one positive weight per column (last axis) of ``logits``."""
    if pos_weight is None:
        return 1.0
    if np.ndim(pos_weight) == 0:
        return check_positive(pos_weight, "pos_weight")
    weights = as_float_array(pos_weight, "pos_weight")
    if logits.ndim < 2 or weights.shape != logits.shape[-1:]:
        raise ValueError(
            "pos_weight must be a number or hold one weight per column of logits, shape "
            f"(logits.shape[-1],) for logits of at least 2 dimensions; got pos_weight of "
            f"shape {weights.shape} for logits of shape {logits.shape}"
        )
    if not (weights > 0).all():
        raise ValueError(
            f"pos_weight must be greater than 0, got {float(weights[weights <= 0][0])!r}"
        )
    return weights


def _check_binary_logits(y_true, logits, reduction, sample_weight, pos_weight=None):
    """Targets in [0, 1] and finite logits of the same shape (and pos_weight)."""
    check_reduction(reduction)
    y_true = as_float_array(y_true, "y_true")
    logits = as_float_array(logits, "logits")
    check_same_shape(y_true, logits, "y_true", "logits")
    check_probabilities(y_true, "y_true")
    pos_weight = _check_pos_weight(pos_weight, logits)
    return y_true, logits, pos_weight, check_weights(sample_weight, logits.shape)


def _check_focal(y_true, logits, gamma, alpha, reduction, sample_weight):
    """The arguments of :func:`focal_loss`."""
    y_true, logits, _, weights = _check_binary_logits(y_true, logits, reduction, sample_weight)
    gamma = check_in_interval(gamma, "gamma", 0.0, np.inf, closed=True)
    if alpha is not None:
        alpha = check_in_interval(alpha, "alpha", 0.0, 1.0, closed=True)
    return y_true, logits, gamma, alpha, weights


def _log(values: np.ndarray) -> np.ndarray:
    """np.log with log(0) = -inf and no warning."""
    with np.errstate(divide="ignore"):
        return np.log(values)


def _log1p(values: np.ndarray) -> np.ndarray:
    """np.log1p with log1p(-1) = -inf and no warning."""
    with np.errstate(divide="ignore"):
        return np.log1p(values)


def binary_cross_entropy(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: str = "mean",
    sample_weight: ArrayLike | None = None,
) -> float | np.ndarray:
    r"""Binary cross-entropy (log loss) of predicted probabilities.

    .. math::

        \ell(y, \hat y) = -\bigl[\, y \log \hat y + (1 - y) \log(1 - \hat y) \,\bigr]

    with :math:`0 \log 0 = 0`, the limit. No clipping: a confident wrong answer
    (:math:`y = 1`, :math:`\hat y = 0`) costs :math:`+\infty`, its true value.

    Parameters
    ----------
    y_true : array_like
        Targets in :math:`[0, 1]`: labels 0 and 1, or soft labels.
    y_pred : array_like
        Predicted probabilities of the positive class, in :math:`[0, 1]`, same
        shape as ``y_true``.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        'none' returns one loss per element.
    sample_weight : array_like, optional
        One non-negative weight per sample (first axis); 'mean' divides by their sum.

    Returns
    -------
    float or numpy.ndarray
        The reduced loss as a float, or the per-element losses for 'none'.

    Raises
    ------
    TypeError
        If an input is not made of real numbers.
    ValueError
        If the shapes differ, an input is empty or not finite, a value lies outside
        :math:`[0, 1]`, the sample weights are wrong or the reduction is unknown.

    Notes
    -----
    The libraries bound the loss, each differently, so their largest loss differs:
    PyTorch's ``binary_cross_entropy`` clamps each logarithm at :math:`-100`
    (largest loss 100), Keras clips :math:`\hat y` to
    :math:`[10^{-7}, 1 - 10^{-7}]` (about 16.12) and scikit-learn's ``log_loss``
    to :math:`[\epsilon, 1 - \epsilon]` with the machine epsilon of the dtype
    (about 36.04 in float64). Here the logarithm of :math:`1 - \hat y` is
    ``log1p(-y_pred)``, so a small loss keeps its relative accuracy. Keras also
    averages over the last axis before reducing; this function does not. With
    logits, prefer :func:`binary_cross_entropy_with_logits`.

    Examples
    --------
    >>> from lossbook import binary_cross_entropy
    >>> binary_cross_entropy([1.0, 0.0], [0.1, 0.1], reduction="none").tolist()
    [2.3025850929940455, 0.10536051565782631]
    >>> binary_cross_entropy([1.0, 0.0, 1.0], [1.0, 0.0, 0.0], reduction="none").tolist()
    [0.0, 0.0, inf]
    """
    y_true, y_pred, weights = _check_binary_probabilities(y_true, y_pred, reduction, sample_weight)
    per_element = cross_terms(y_true, _log(y_pred)) + cross_terms(1.0 - y_true, _log1p(-y_pred))
    return reduce_loss(per_element, reduction, weights)


def binary_cross_entropy_grad(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: str = "mean",
    sample_weight: ArrayLike | None = None,
) -> np.ndarray:
    r"""Gradient of :func:`binary_cross_entropy` with respect to ``y_pred``.

    .. math::

        \frac{\partial \ell}{\partial \hat y}
        = -\frac{y}{\hat y} + \frac{1 - y}{1 - \hat y}
        = \frac{\hat y - y}{\hat y (1 - \hat y)}

    Parameters
    ----------
    y_true, y_pred, reduction, sample_weight
        As for :func:`binary_cross_entropy`.

    Returns
    -------
    numpy.ndarray
        The gradient of the reduced loss (of the sum for 'none'), shaped like
        ``y_pred``.

    Raises
    ------
    TypeError, ValueError
        As for :func:`binary_cross_entropy`.

    Notes
    -----
    At a perfect prediction, :math:`\hat y = y = 0` or :math:`\hat y = y = 1`,
    the formula reads 0/0; the gradient is 0 there (the loss is at its minimum).
    Where :math:`\hat y \in \{0, 1\}` differs from :math:`y` it is :math:`\pm\infty`.

    Examples
    --------
    >>> from lossbook import binary_cross_entropy_grad
    >>> binary_cross_entropy_grad([1.0, 0.0], [0.5, 0.5], reduction="none").tolist()
    [-2.0, 2.0]
    >>> binary_cross_entropy_grad([1.0, 0.0, 1.0], [1.0, 0.0, 0.0], reduction="none").tolist()
    [0.0, 0.0, -inf]
    """
    y_true, y_pred, weights = _check_binary_probabilities(y_true, y_pred, reduction, sample_weight)
    gradient = ratio(y_pred - y_true, y_pred * (1.0 - y_pred))
    return scale_gradient(gradient, reduction, weights)


def binary_cross_entropy_with_logits(
    y_true: ArrayLike,
    logits: ArrayLike,
    *,
    pos_weight: float | ArrayLike | None = None,
    reduction: str = "mean",
    sample_weight: ArrayLike | None = None,
) -> float | np.ndarray:
    r"""Binary cross-entropy of logits, :math:`\hat y = \sigma(x)`, computed stably.

    .. math::

        \ell(y, x) = w_+ \, y \operatorname{softplus}(-x)
                     + (1 - y) \operatorname{softplus}(x),
        \qquad \operatorname{softplus}(x) = \max(x, 0) + \log(1 + e^{-|x|})

    since :math:`-\log \sigma(x) = \operatorname{softplus}(-x)` and
    :math:`-\log(1 - \sigma(x)) = \operatorname{softplus}(x)`. Both terms are
    non-negative, so nothing cancels and a tiny loss keeps its relative accuracy.

    Parameters
    ----------
    y_true : array_like
        Targets in :math:`[0, 1]`: labels 0 and 1, or soft labels.
    logits : array_like
        Finite real scores, same shape as ``y_true``.
    pos_weight : float or array_like, optional
        :math:`w_+ > 0`, the weight of the positive term: a number, or one weight
        per column (last axis) of ``logits``. Default 1.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        'none' returns one loss per element.
    sample_weight : array_like, optional
        One non-negative weight per sample (first axis); 'mean' divides by their sum.

    Returns
    -------
    float or numpy.ndarray
        The reduced loss as a float, or the per-element losses for 'none'.
        Within 2 ulp of the exact value for labels 0 and 1.

    Raises
    ------
    TypeError
        If an input is not made of real numbers.
    ValueError
        If the shapes differ, an input is empty or not finite, a target lies outside
        :math:`[0, 1]`, ``pos_weight`` is not positive or has the wrong length, the
        sample weights are wrong or the reduction is unknown.

    Notes
    -----
    ``torch.nn.functional.binary_cross_entropy_with_logits`` has the same
    ``pos_weight``, but computes :math:`(1 - y) x + \operatorname{softplus}(-x)`,
    whose two terms cancel for :math:`y = 0, x \ll 0`: it returns 0 where the
    loss is :math:`4.25 \times 10^{-18}` (:math:`x = -40`). Keras's
    ``from_logits=True`` and optax's ``sigmoid_binary_cross_entropy`` compute the
    same function without ``pos_weight``; Keras averages over the last axis.

    Examples
    --------
    >>> from lossbook import binary_cross_entropy_with_logits
    >>> loss = binary_cross_entropy_with_logits(
    ...     [0.0, 0.0, 1.0], [-37.0, 232.8, 0.0], reduction="none"
    ... )
    >>> loss.tolist()
    [8.533047625744066e-17, 232.8, 0.6931471805599453]
    >>> print(binary_cross_entropy_with_logits([1.0, 0.0], [0.0, 0.0], pos_weight=3.0))
    1.3862943611198906
    """
    y_true, logits, pos_weight, weights = _check_binary_logits(
        y_true, logits, reduction, sample_weight, pos_weight
    )
    loss_if_one, loss_if_zero = _softplus_pair(logits)  # -log σ(x), -log(1 - σ(x))
    per_element = pos_weight * y_true * loss_if_one + (1.0 - y_true) * loss_if_zero
    return reduce_loss(per_element, reduction, weights)


def binary_cross_entropy_with_logits_grad(
    y_true: ArrayLike,
    logits: ArrayLike,
    *,
    pos_weight: float | ArrayLike | None = None,
    reduction: str = "mean",
    sample_weight: ArrayLike | None = None,
) -> np.ndarray:
    r"""Gradient of :func:`binary_cross_entropy_with_logits` with respect to the logits.

    .. math::

        \frac{\partial \ell}{\partial x} = (1 - y)\,\sigma(x) - w_+\, y\, \sigma(-x)

    which is :math:`\sigma(x) - y` for :math:`w_+ = 1`. Writing it with
    :math:`\sigma(-x)` rather than :math:`\sigma(x) - 1` keeps the relative
    accuracy of a tiny gradient.

    Parameters
    ----------
    y_true, logits, pos_weight, reduction, sample_weight
        As for :func:`binary_cross_entropy_with_logits`.

    Returns
    -------
    numpy.ndarray
        The gradient of the reduced loss (of the sum for 'none'), shaped like
        ``logits``.

    Raises
    ------
    TypeError, ValueError
        As for :func:`binary_cross_entropy_with_logits`.

    Notes
    -----
    This :math:`\sigma(x) - y` is why a sigmoid output belongs with the
    cross-entropy: the gradient stays large while the prediction is confidently
    wrong, where the squared error's gradient is multiplied by
    :math:`\sigma'(x)` and vanishes. PyTorch's ``pos_weight`` scales the positive
    term the same way, so its automatic gradients agree with these.

    Examples
    --------
    >>> from lossbook import binary_cross_entropy_with_logits_grad
    >>> gradient = binary_cross_entropy_with_logits_grad(
    ...     [0.0, 1.0, 1.0], [-37.0, 37.0, 0.0], reduction="none"
    ... )
    >>> gradient.tolist()
    [8.533047625744066e-17, -8.533047625744066e-17, -0.5]
    """
    y_true, logits, pos_weight, weights = _check_binary_logits(
        y_true, logits, reduction, sample_weight, pos_weight
    )
    probability, complement = _sigmoid_pair(logits)  # σ(x), σ(-x) = 1 - σ(x)
    gradient = (1.0 - y_true) * probability - pos_weight * y_true * complement
    return scale_gradient(gradient, reduction, weights)


def focal_loss(
    y_true: ArrayLike,
    logits: ArrayLike,
    *,
    gamma: float = 2.0,
    alpha: float | None = None,
    reduction: str = "mean",
    sample_weight: ArrayLike | None = None,
) -> float | np.ndarray:
    r"""Binary focal loss of logits: cross-entropy scaled down on easy examples.

    .. math::

        \ell(y, x) = \alpha_t\, (1 - p_t)^{\gamma}\, \mathrm{BCE}(y, x),
        \qquad 1 - p_t = y\, \sigma(-x) + (1 - y)\, \sigma(x)

    with :math:`\mathrm{BCE}` the binary cross-entropy with logits
    (:func:`binary_cross_entropy_with_logits`), :math:`1 - p_t` the probability
    given to the wrong answer and :math:`\alpha_t = \alpha y + (1 - \alpha)(1 - y)`
    (1 when ``alpha`` is None).

    Parameters
    ----------
    y_true : array_like
        Targets in :math:`[0, 1]`: labels 0 and 1, or soft labels.
    logits : array_like
        Finite real scores, same shape as ``y_true``.
    gamma : float, default 2.0
        The focusing exponent :math:`\gamma \ge 0`; 0 gives back the cross-entropy.
    alpha : float, optional
        The weight :math:`\alpha \in [0, 1]` of the positive class; None (default)
        weights nothing.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        'none' returns one loss per element.
    sample_weight : array_like, optional
        One non-negative weight per sample (first axis); 'mean' divides by their sum.

    Returns
    -------
    float or numpy.ndarray
        The reduced loss as a float, or the per-element losses for 'none'.

    Raises
    ------
    TypeError
        If an input or a hyper-parameter is not made of real numbers.
    ValueError
        If the shapes differ, an input is empty or not finite, a target lies outside
        :math:`[0, 1]`, ``gamma < 0``, ``alpha`` lies outside :math:`[0, 1]`, the
        sample weights are wrong or the reduction is unknown.

    Notes
    -----
    :math:`1 - p_t` is computed from :math:`\sigma(-x)` and :math:`\sigma(x)`
    directly, never as :math:`1 - \sigma(x)`, so the factor stays accurate at
    extreme logits. optax's ``sigmoid_focal_loss`` has ``alpha=None`` by default,
    like this function; torchvision's ``sigmoid_focal_loss`` applies
    ``alpha=0.25`` unless told otherwise, which weights the positives DOWN (Lin et
    al. pair it with :math:`\gamma = 2`). With ``gamma=0`` and ``alpha=None``
    the result is exactly :func:`binary_cross_entropy_with_logits`.

    References
    ----------
    T.-Y. Lin, P. Goyal, R. Girshick, K. He and P. Dollár, "Focal loss for dense
    object detection", ICCV 2017.

    Examples
    --------
    >>> from lossbook import focal_loss
    >>> focal_loss([1.0, 1.0], [0.0, 3.0], reduction="none").round(6).tolist()
    [0.173287, 0.000109]
    >>> print(focal_loss([1.0], [0.0], gamma=0.0), focal_loss([1.0], [0.0], gamma=0.0, alpha=0.25))
    0.6931471805599453 0.17328679513998632
    """
    y_true, logits, gamma, alpha, weights = _check_focal(
        y_true, logits, gamma, alpha, reduction, sample_weight
    )
    loss_if_one, loss_if_zero = _softplus_pair(logits)  # -log σ(x), -log(1 - σ(x))
    cross_entropy = y_true * loss_if_one + (1.0 - y_true) * loss_if_zero
    probability, complement = _sigmoid_pair(logits)  # σ(x), σ(-x) = 1 - σ(x)
    miss = y_true * complement + (1.0 - y_true) * probability  # 1 - p_t
    alpha_t = 1.0 if alpha is None else alpha * y_true + (1.0 - alpha) * (1.0 - y_true)
    per_element = alpha_t * miss**gamma * cross_entropy
    return reduce_loss(per_element, reduction, weights)


def focal_loss_grad(
    y_true: ArrayLike,
    logits: ArrayLike,
    *,
    gamma: float = 2.0,
    alpha: float | None = None,
    reduction: str = "mean",
    sample_weight: ArrayLike | None = None,
) -> np.ndarray:
    r"""Gradient of :func:`focal_loss` with respect to the logits.

    .. math::

        \frac{\partial \ell}{\partial x} = \alpha_t (1 - p_t)^{\gamma}
        \Bigl[\, g + \gamma\, (1 - 2y)\,
        \frac{\sigma(x)\,\sigma(-x)}{1 - p_t}\, \mathrm{BCE}(y, x) \Bigr],
        \qquad g = (1 - y)\,\sigma(x) - y\,\sigma(-x)

    where :math:`g` is the gradient of the cross-entropy and
    :math:`(1 - 2y)\,\sigma(x)\sigma(-x)` that of :math:`1 - p_t`. The ratio is
    taken as 0 where both of its terms underflow to 0.

    Parameters
    ----------
    y_true, logits, gamma, alpha, reduction, sample_weight
        As for :func:`focal_loss`.

    Returns
    -------
    numpy.ndarray
        The gradient of the reduced loss (of the sum for 'none'), shaped like
        ``logits``.

    Raises
    ------
    TypeError, ValueError
        As for :func:`focal_loss`.

    Notes
    -----
    Writing the derivative of :math:`(1 - p_t)^\gamma` with the ratio
    :math:`\sigma(x)\sigma(-x) / (1 - p_t)`, which lies in :math:`[0, 1]`, avoids
    the power :math:`(1 - p_t)^{\gamma - 1}`, infinite for :math:`\gamma < 1` at
    a perfect prediction.

    Examples
    --------
    >>> from lossbook import focal_loss_grad
    >>> focal_loss_grad([1.0, 0.0], [0.0, 0.0], reduction="none").round(6).tolist()
    [-0.298287, 0.298287]
    """
    y_true, logits, gamma, alpha, weights = _check_focal(
        y_true, logits, gamma, alpha, reduction, sample_weight
    )
    loss_if_one, loss_if_zero = _softplus_pair(logits)
    cross_entropy = y_true * loss_if_one + (1.0 - y_true) * loss_if_zero
    probability, complement = _sigmoid_pair(logits)
    miss = y_true * complement + (1.0 - y_true) * probability  # 1 - p_t
    alpha_t = 1.0 if alpha is None else alpha * y_true + (1.0 - alpha) * (1.0 - y_true)
    cross_entropy_grad = (1.0 - y_true) * probability - y_true * complement
    miss_ratio = ratio(probability * complement, miss)  # σ(x) σ(-x) / (1 - p_t)
    focus_grad = gamma * (1.0 - 2.0 * y_true) * miss_ratio * cross_entropy
    gradient = alpha_t * miss**gamma * (cross_entropy_grad + focus_grad)
    return scale_gradient(gradient, reduction, weights)
