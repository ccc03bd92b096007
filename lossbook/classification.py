r"""Classification losses and their gradients.

Binary losses (:func:`binary_cross_entropy`, :func:`binary_cross_entropy_with_logits`,
:func:`focal_loss`, :func:`hinge`, :func:`squared_hinge`) are elementwise: any
shape, one loss per element. Class-axis losses (:func:`categorical_cross_entropy`,
:func:`softmax_cross_entropy`, :func:`kl_divergence`, :func:`entropy`,
:func:`multiclass_hinge`) hold the classes on the LAST axis and give one loss per
row.

Every loss ``name(y_true, y_pred, *, ..., reduction="mean", sample_weight=None)``
has a gradient ``name_grad`` with the same arguments, which returns the gradient
of the reduced loss with respect to ``y_pred`` (the logits or scores for the
losses that take them), shaped like it. For ``reduction="none"`` it is the
gradient of the SUM of the per-sample losses.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from lossbook._validation import (
    as_float_array,
    as_label_array,
    check_distribution,
    check_in_interval,
    check_positive,
    check_probabilities,
    check_reduction,
    check_same_shape,
    check_sample_weight,
    reduce_loss,
    scale_gradient,
)
from lossbook.activations import _sigmoid_pair, _softplus_pair, log_softmax, softmax

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_grad",
    "binary_cross_entropy_with_logits",
    "binary_cross_entropy_with_logits_grad",
    "categorical_cross_entropy",
    "categorical_cross_entropy_grad",
    "entropy",
    "focal_loss",
    "focal_loss_grad",
    "hinge",
    "hinge_grad",
    "kl_divergence",
    "kl_divergence_grad",
    "multiclass_hinge",
    "multiclass_hinge_grad",
    "softmax_cross_entropy",
    "softmax_cross_entropy_grad",
    "squared_hinge",
    "squared_hinge_grad",
]

MULTICLASS_HINGE_METHODS = ("crammer_singer", "weston_watkins")


# --- validation: each public function makes exactly one of these calls -----------------


def _check_weights(sample_weight: ArrayLike | None, loss_shape: tuple[int, ...]):
    """check_sample_weight for losses of shape ``loss_shape`` (weights along the first axis)."""
    if sample_weight is not None and not loss_shape:
        raise ValueError(
            "sample_weight needs losses with a sample axis, got inputs that give a single "
            "loss (pass arrays with the samples on the first axis)"
        )
    return check_sample_weight(sample_weight, loss_shape[0] if loss_shape else 0)


def _check_binary_probabilities(y_true, y_pred, reduction, sample_weight):
    """Targets in [0, 1] and predicted probabilities in [0, 1] of the same shape."""
    check_reduction(reduction)
    y_true = as_float_array(y_true, "y_true")
    y_pred = as_float_array(y_pred, "y_pred")
    check_same_shape(y_true, y_pred, "y_true", "y_pred")
    check_probabilities(y_true, "y_true")
    check_probabilities(y_pred, "y_pred")
    return y_true, y_pred, _check_weights(sample_weight, y_pred.shape)


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
    return y_true, logits, pos_weight, _check_weights(sample_weight, logits.shape)


def _check_focal(y_true, logits, gamma, alpha, reduction, sample_weight):
    """The arguments of :func:`focal_loss`."""
    y_true, logits, _, weights = _check_binary_logits(y_true, logits, reduction, sample_weight)
    gamma = check_in_interval(gamma, "gamma", 0.0, np.inf, closed=True)
    if alpha is not None:
        alpha = check_in_interval(alpha, "alpha", 0.0, 1.0, closed=True)
    return y_true, logits, gamma, alpha, weights


def _check_distribution_pair(y_true, y_pred, reduction, sample_weight):
    """Two arrays of the same shape whose rows (last axis) are distributions."""
    check_reduction(reduction)
    y_true = as_float_array(y_true, "y_true")
    y_pred = as_float_array(y_pred, "y_pred")
    check_same_shape(y_true, y_pred, "y_true", "y_pred")
    check_distribution(y_true, "y_true")
    check_distribution(y_pred, "y_pred")
    return y_true, y_pred, _check_weights(sample_weight, y_pred.shape[:-1])


def _check_entropy(p, reduction, sample_weight):
    """One array whose rows (last axis) are distributions."""
    check_reduction(reduction)
    p = as_float_array(p, "p")
    check_distribution(p, "p")
    return p, _check_weights(sample_weight, p.shape[:-1])


def _as_class_scores(scores: ArrayLike, name: str, min_classes: int = 1) -> np.ndarray:
    """Finite scores with the classes on the last axis."""
    array = as_float_array(scores, name)
    if array.ndim == 0 or array.shape[-1] < min_classes:
        raise ValueError(
            f"{name} must have at least {min_classes} classes on its last axis, got an "
            f"array of shape {array.shape}"
        )
    return array


def _one_hot(labels: np.ndarray, n_classes: int) -> np.ndarray:
    """Rows of zeros with a 1 at each label."""
    targets = np.zeros((*labels.shape, n_classes))
    np.put_along_axis(targets, labels[..., np.newaxis], 1.0, axis=-1)
    return targets


def _as_labels(y_true, scores: np.ndarray) -> np.ndarray:
    """Integer labels of shape ``scores.shape[:-1]``."""
    n_classes = scores.shape[-1]
    array = np.asarray(y_true)
    labels = as_label_array(array, "y_true", n_classes)
    if labels.shape != scores.shape[:-1]:
        raise ValueError(
            f"y_true must hold one integer label per row of the scores, shape "
            f"{scores.shape[:-1]}, got shape {labels.shape}"
        )
    return labels


def _as_targets(y_true, logits: np.ndarray) -> np.ndarray:
    """Target rows of logits' shape, from integer labels or from distributions.

    ``y_true`` with as many dimensions as ``logits`` holds target rows; with one
    dimension fewer it holds integer labels, which become one-hot rows.
    """
    try:
        ndim = np.ndim(y_true)
    except ValueError:  # a ragged list: as_float_array explains the problem
        ndim = logits.ndim
    if ndim != logits.ndim:
        return _one_hot(_as_labels(y_true, logits), logits.shape[-1])
    targets = as_float_array(y_true, "y_true")
    check_same_shape(targets, logits, "y_true", "logits")
    check_distribution(targets, "y_true")
    return targets


def _check_class_weight(class_weight, n_classes: int) -> np.ndarray | None:
    """None, or one positive weight per class."""
    if class_weight is None:
        return None
    weights = as_float_array(class_weight, "class_weight")
    if weights.shape != (n_classes,):
        raise ValueError(
            f"class_weight must hold one weight per class, shape ({n_classes},), "
            f"got shape {weights.shape}"
        )
    if not (weights > 0).all():
        raise ValueError(
            f"class_weight must be greater than 0, got {float(weights[weights <= 0][0])!r}"
        )
    return weights


def _check_softmax_cross_entropy(
    y_true, logits, class_weight, label_smoothing, reduction, sample_weight
):
    """The arguments of :func:`softmax_cross_entropy`, with labels turned into one-hot rows."""
    check_reduction(reduction)
    logits = _as_class_scores(logits, "logits")
    targets = _as_targets(y_true, logits)
    class_weight = _check_class_weight(class_weight, logits.shape[-1])
    label_smoothing = check_in_interval(label_smoothing, "label_smoothing", 0.0, 1.0, closed=True)
    weights = _check_weights(sample_weight, logits.shape[:-1])
    return targets, logits, class_weight, label_smoothing, weights


def _check_hinge(y_true, y_pred, reduction, sample_weight):
    """Labels in {-1, +1} and finite scores of the same shape."""
    check_reduction(reduction)
    y_true = as_float_array(y_true, "y_true")
    y_pred = as_float_array(y_pred, "y_pred")
    check_same_shape(y_true, y_pred, "y_true", "y_pred")
    wrong = (y_true != 1.0) & (y_true != -1.0)
    if wrong.any():
        hint = ""
        if ((y_true == 0.0) | (y_true == 1.0)).all():
            hint = "; labels in {0, 1} must be mapped first, 0 to -1 (y_true = 2 * y_true - 1)"
        raise ValueError(
            f"y_true must hold the labels -1 and +1, got {float(y_true[wrong].flat[0])!r}{hint}"
        )
    return y_true, y_pred, _check_weights(sample_weight, y_pred.shape)


def _check_multiclass_hinge(y_true, scores, method, margin, reduction, sample_weight):
    """The arguments of :func:`multiclass_hinge`."""
    check_reduction(reduction)
    scores = _as_class_scores(scores, "scores", min_classes=2)
    labels = _as_labels(y_true, scores)
    if not isinstance(method, str) or method not in MULTICLASS_HINGE_METHODS:
        raise ValueError(f"method must be 'crammer_singer' or 'weston_watkins', got {method!r}")
    margin = check_positive(margin, "margin")
    return labels, scores, method, margin, _check_weights(sample_weight, scores.shape[:-1])


# --- small numerical helpers -----------------------------------------------------------


def _log(values: np.ndarray) -> np.ndarray:
    """np.log with log(0) = -inf and no warning."""
    with np.errstate(divide="ignore"):
        return np.log(values)


def _log_where(values: np.ndarray, needed: np.ndarray) -> np.ndarray:
    """np.log where ``needed``, 0 elsewhere: the log of a class whose weight is 0 is skipped.

    For one-hot targets that is all classes but one, so most logarithms are never taken.
    """
    with np.errstate(divide="ignore"):  # log(0) = -inf is the true value
        return np.log(values, out=np.zeros_like(values), where=needed)


def _row_sums(values: np.ndarray) -> np.ndarray:
    """Sums over the last axis (einsum is several times faster than sum on short rows)."""
    return np.einsum("...k->...", values)


def _row_cross_terms(weights: np.ndarray, log_values: np.ndarray) -> np.ndarray:
    """-sum_k weights_k * log_values_k over the last axis, with 0 log 0 = 0, never NaN.

    The products are summed by einsum; a row where a zero weight met a logarithm
    of -inf (its sum is NaN) is summed again term by term with :func:`_cross_terms`.
    A row of zero terms gives +0.0, not -0.0.
    """
    with np.errstate(invalid="ignore"):  # 0 * -inf: such rows are redone below
        totals = np.asarray(np.einsum("...k,...k->...", weights, log_values))
    undefined = np.isnan(totals)
    if undefined.any():
        totals[undefined] = -_cross_terms(weights[undefined], log_values[undefined]).sum(axis=-1)
    return 0.0 - totals


def _log1p(values: np.ndarray) -> np.ndarray:
    """np.log1p with log1p(-1) = -inf and no warning."""
    with np.errstate(divide="ignore"):
        return np.log1p(values)


def _cross_terms(weights: np.ndarray, log_values: np.ndarray) -> np.ndarray:
    """-weights * log_values, with 0 wherever the weight is 0: 0 log 0 = 0, never NaN.

    A zero term is +0.0, so that a perfect prediction shows a loss of 0.0, not -0.0.
    """
    products = np.multiply(
        weights,
        log_values,
        out=np.zeros(np.broadcast(weights, log_values).shape),
        where=weights != 0,
    )
    return 0.0 - products


def _ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """numerator / denominator, +0.0 where the numerator is 0 (0/0 = 0), +-inf past the range.

    A plain division, then two fixes in place: adding 0.0 turns -0.0 into +0.0, and
    the NaN of 0/0 (the only one possible, the inputs being finite) becomes 0.
    """
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ratio = np.asarray(numerator / denominator)  # an array even for 0-d inputs
    ratio += 0.0
    undefined = np.isnan(ratio)
    if undefined.any():
        ratio[undefined] = 0.0
    return ratio


def _total_weight(row_weight: np.ndarray, sample_weight: np.ndarray | None) -> float:
    """The sum of the rows' class weights (times their sample weights)."""
    total = reduce_loss(row_weight, "sum", sample_weight)
    if total == 0.0:
        raise ValueError("sample_weight must not sum to 0 when reduction='mean'")
    return total


def _reduce_rows(per_row, reduction, sample_weight, row_weight):
    """reduce_loss, except that with class weights 'mean' divides by their total."""
    if row_weight is None or reduction != "mean":
        return reduce_loss(per_row, reduction, sample_weight)
    return reduce_loss(per_row, "sum", sample_weight) / _total_weight(row_weight, sample_weight)


def _scale_rows(gradient, reduction, sample_weight, row_weight):
    """scale_gradient for :func:`_reduce_rows`."""
    if row_weight is None or reduction != "mean":
        return scale_gradient(gradient, reduction, sample_weight, loss_shape=gradient.shape[:-1])
    scaled = scale_gradient(gradient, "sum", sample_weight)
    return scaled / _total_weight(row_weight, sample_weight)


def _rival_margins(labels: np.ndarray, scores: np.ndarray, margin: float) -> np.ndarray:
    """margin + s_j - s_y for every class j, and -inf at the true class y."""
    true_score = np.take_along_axis(scores, labels[..., np.newaxis], axis=-1)
    margins = margin + (scores - true_score)
    np.put_along_axis(margins, labels[..., np.newaxis], -np.inf, axis=-1)
    return margins


# --- binary cross-entropy --------------------------------------------------------------


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
    per_element = _cross_terms(y_true, _log(y_pred)) + _cross_terms(1.0 - y_true, _log1p(-y_pred))
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
    gradient = _ratio(y_pred - y_true, y_pred * (1.0 - y_pred))
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


# --- softmax cross-entropy -------------------------------------------------------------


def softmax_cross_entropy(
    y_true: ArrayLike,
    logits: ArrayLike,
    *,
    class_weight: ArrayLike | None = None,
    label_smoothing: float = 0.0,
    reduction: str = "mean",
    sample_weight: ArrayLike | None = None,
) -> float | np.ndarray:
    r"""Cross-entropy of softmax probabilities, computed from the logits.

    .. math::

        \ell(t, z) = -\sum_k w_k\, t_k \log \operatorname{softmax}(z)_k,
        \qquad t = (1 - \varepsilon)\, y + \varepsilon / K

    with :math:`y` the one-hot row of the label (or the given target row),
    :math:`\varepsilon` the label smoothing, :math:`K` the number of classes and
    :math:`w_k` the class weights (all 1 by default). The log-probabilities are
    :math:`(z_k - m) - \log(1 + \sum_{j \ne j^*} e^{z_j - m})` with
    :math:`m = z_{j^*} = \max_j z_j`: when the true class dominates the loss is
    that ``log1p`` term alone, computed directly, so it keeps its relative
    accuracy (:math:`4.25 \times 10^{-18}` for logits :math:`[40, 0]`, label 0).

    Parameters
    ----------
    y_true : array_like
        Either integer labels in :math:`[0, K)`, shape ``logits.shape[:-1]``, or
        target rows (one-hot or soft, each summing to 1), shape ``logits.shape``.
        The number of dimensions tells the two apart.
    logits : array_like
        Finite scores with the :math:`K` classes on the last axis.
    class_weight : array_like, optional
        One positive weight per class, shape ``(K,)``.
    label_smoothing : float, default 0.0
        :math:`\varepsilon \in [0, 1]`.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        'none' returns one loss per row.
    sample_weight : array_like, optional
        One non-negative weight per sample (first axis).

    Returns
    -------
    float or numpy.ndarray
        The reduced loss as a float, or one loss per row for 'none'.

    Raises
    ------
    TypeError
        If an input is not made of real numbers or labels are not numbers.
    ValueError
        If the shapes do not fit, an input is empty or not finite, a label is out of
        range or not a whole number, a target row is not a distribution, a class
        weight is not positive, ``label_smoothing`` lies outside :math:`[0, 1]`, the
        sample weights are wrong or the reduction is unknown.

    Notes
    -----
    With class weights, 'mean' divides by the total weight of the samples'
    classes, :math:`\sum_i v_i s_i` (with sample weights :math:`v_i`), as
    PyTorch's ``cross_entropy`` does, not by the number of samples (Keras). A
    sample's class weight is :math:`s_i = \sum_k w_k y_{ik}`, the weight of its
    label, and for soft targets the target-weighted mean of the class weights;
    it uses the targets before smoothing, as PyTorch does. For integer labels
    this function matches ``torch.nn.functional.cross_entropy(logits, labels,
    weight=w, label_smoothing=eps)`` in every reduction. Integer labels and their
    one-hot rows give identical results. For probabilities instead of logits
    use :func:`categorical_cross_entropy`.

    Examples
    --------
    >>> from lossbook import softmax_cross_entropy
    >>> softmax_cross_entropy([0, 1], [[40.0, 0.0], [0.0, 0.0]], reduction="none").tolist()
    [4.248354255291589e-18, 0.6931471805599453]
    >>> print(softmax_cross_entropy([[1.0, 0.0]], [[0.0, 0.0]]))
    0.6931471805599453
    """
    targets, logits, class_weight, label_smoothing, weights = _check_softmax_cross_entropy(
        y_true, logits, class_weight, label_smoothing, reduction, sample_weight
    )
    smoothed = (1.0 - label_smoothing) * targets + label_smoothing / logits.shape[-1]
    weighted = smoothed if class_weight is None else smoothed * class_weight
    per_row = _row_cross_terms(weighted, log_softmax(logits))
    row_weight = None if class_weight is None else targets @ class_weight
    return _reduce_rows(per_row, reduction, weights, row_weight)


def softmax_cross_entropy_grad(
    y_true: ArrayLike,
    logits: ArrayLike,
    *,
    class_weight: ArrayLike | None = None,
    label_smoothing: float = 0.0,
    reduction: str = "mean",
    sample_weight: ArrayLike | None = None,
) -> np.ndarray:
    r"""Gradient of :func:`softmax_cross_entropy` with respect to the logits.

    .. math::

        \frac{\partial \ell}{\partial z_j}
        = \Bigl(\sum_k w_k t_k\Bigr) \operatorname{softmax}(z)_j - w_j t_j

    which is :math:`\operatorname{softmax}(z) - t` without class weights. Each
    row sums to 0 (up to rounding): adding a constant to every logit of a row
    changes nothing.

    Parameters
    ----------
    y_true, logits, class_weight, label_smoothing, reduction, sample_weight
        As for :func:`softmax_cross_entropy`.

    Returns
    -------
    numpy.ndarray
        The gradient of the reduced loss (of the sum for 'none'), shaped like
        ``logits``.

    Raises
    ------
    TypeError, ValueError
        As for :func:`softmax_cross_entropy`.

    Notes
    -----
    This is the gradient with respect to the logits, the one that PyTorch's
    ``cross_entropy`` and optax's ``softmax_cross_entropy`` send back through a
    network; the gradient with respect to the probabilities is
    :func:`categorical_cross_entropy_grad`. With class weights, 'mean' divides by
    the total class weight of the samples, as in PyTorch; with label smoothing
    :math:`t` is the smoothed target row.

    Examples
    --------
    >>> from lossbook import softmax_cross_entropy_grad
    >>> softmax_cross_entropy_grad([1], [[0.0, 0.0]]).tolist()
    [[0.5, -0.5]]
    """
    targets, logits, class_weight, label_smoothing, weights = _check_softmax_cross_entropy(
        y_true, logits, class_weight, label_smoothing, reduction, sample_weight
    )
    smoothed = (1.0 - label_smoothing) * targets + label_smoothing / logits.shape[-1]
    weighted = smoothed if class_weight is None else smoothed * class_weight
    gradient = _row_sums(weighted)[..., np.newaxis] * softmax(logits) - weighted
    row_weight = None if class_weight is None else targets @ class_weight
    return _scale_rows(gradient, reduction, weights, row_weight)


# --- cross-entropy, KL divergence and entropy of distributions -------------------------


def categorical_cross_entropy(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: str = "mean",
    sample_weight: ArrayLike | None = None,
) -> float | np.ndarray:
    r"""Categorical cross-entropy :math:`H(p, q)` of predicted probabilities.

    .. math::

        \ell(p, q) = H(p, q) = -\sum_k p_k \log q_k

    with :math:`p` = ``y_true`` (one-hot or soft targets), :math:`q` = ``y_pred``
    and :math:`0 \log 0 = 0`. No clipping: a class with :math:`p_k > 0` and
    :math:`q_k = 0` costs :math:`+\infty`.

    Parameters
    ----------
    y_true : array_like
        Target rows (classes on the last axis), each a distribution: values in
        :math:`[0, 1]` summing to 1.
    y_pred : array_like
        Predicted rows of the same shape, each a distribution.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        'none' returns one loss per row.
    sample_weight : array_like, optional
        One non-negative weight per sample (first axis); 'mean' divides by their sum.

    Returns
    -------
    float or numpy.ndarray
        The reduced loss as a float, or one loss per row for 'none'.

    Raises
    ------
    TypeError
        If an input is not made of real numbers.
    ValueError
        If the shapes differ, an input is empty, a scalar or not finite, a value lies
        outside :math:`[0, 1]`, a row does not sum to 1, the sample weights are wrong
        or the reduction is unknown.

    Notes
    -----
    This is the cross-entropy between two distributions; there is no separate
    function for :math:`H(p, q)`. It splits as :math:`H(p, q) = H(p) +
    \mathrm{KL}(p \,\|\, q)` (:func:`entropy`, :func:`kl_divergence`). Keras's
    ``categorical_crossentropy`` clips :math:`q` to :math:`[10^{-7}, 1 - 10^{-7}]`
    and scikit-learn's ``log_loss`` to :math:`[\epsilon, 1 - \epsilon]`; PyTorch's
    ``cross_entropy`` takes logits (see :func:`softmax_cross_entropy`).

    Examples
    --------
    >>> from lossbook import categorical_cross_entropy
    >>> print(categorical_cross_entropy([[0.0, 1.0]], [[0.5, 0.5]]))
    0.6931471805599453
    >>> categorical_cross_entropy([[1.0, 0.0], [0.5, 0.5]], [[1.0, 0.0], [1.0, 0.0]],
    ...                           reduction="none").tolist()
    [0.0, inf]
    """
    y_true, y_pred, weights = _check_distribution_pair(y_true, y_pred, reduction, sample_weight)
    per_row = _row_cross_terms(y_true, _log_where(y_pred, y_true != 0))  # 0 log 0 = 0
    return reduce_loss(per_row, reduction, weights)


def categorical_cross_entropy_grad(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: str = "mean",
    sample_weight: ArrayLike | None = None,
) -> np.ndarray:
    r"""Gradient of :func:`categorical_cross_entropy` with respect to ``y_pred``.

    .. math::

        \frac{\partial \ell}{\partial q_k} = -\frac{p_k}{q_k}

    with 0 where :math:`p_k = 0` (even where :math:`q_k = 0`) and :math:`-\infty`
    where :math:`p_k > 0 = q_k`.

    Parameters
    ----------
    y_true, y_pred, reduction, sample_weight
        As for :func:`categorical_cross_entropy`.

    Returns
    -------
    numpy.ndarray
        The gradient of the reduced loss (of the sum for 'none'), shaped like
        ``y_pred``.

    Raises
    ------
    TypeError, ValueError
        As for :func:`categorical_cross_entropy`.

    Notes
    -----
    These are the partial derivatives of the formula, ignoring that a
    distribution must sum to 1: a step along them leaves the simplex. Networks
    produce :math:`q` with a softmax; the gradient with respect to the logits
    is :func:`softmax_cross_entropy_grad`.

    Examples
    --------
    >>> from lossbook import categorical_cross_entropy_grad
    >>> categorical_cross_entropy_grad([[0.0, 1.0]], [[0.5, 0.5]]).tolist()
    [[0.0, -2.0]]
    """
    y_true, y_pred, weights = _check_distribution_pair(y_true, y_pred, reduction, sample_weight)
    gradient = _ratio(-y_true, y_pred)
    return scale_gradient(gradient, reduction, weights, loss_shape=y_pred.shape[:-1])


def kl_divergence(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: str = "mean",
    sample_weight: ArrayLike | None = None,
) -> float | np.ndarray:
    r"""Kullback-Leibler divergence :math:`\mathrm{KL}(p \,\|\, q)` of ``y_pred`` from ``y_true``.

    .. math::

        \mathrm{KL}(p \,\|\, q) = \sum_k p_k \log \frac{p_k}{q_k}
        = \sum_k \bigl(p_k \log p_k - p_k \log q_k\bigr)

    with :math:`p` = ``y_true``, :math:`q` = ``y_pred``, :math:`0 \log 0 = 0`
    and :math:`+\infty` where :math:`p_k > 0 = q_k`. It is 0 exactly when
    ``y_pred`` equals ``y_true`` and is not symmetric.

    Parameters
    ----------
    y_true : array_like
        Rows (classes on the last axis) of the reference distribution :math:`p`.
    y_pred : array_like
        Rows of the approximating distribution :math:`q`, same shape.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        'none' returns one divergence per row.
    sample_weight : array_like, optional
        One non-negative weight per sample (first axis); 'mean' divides by their sum.

    Returns
    -------
    float or numpy.ndarray
        The reduced divergence as a float, or one per row for 'none'.

    Raises
    ------
    TypeError
        If an input is not made of real numbers.
    ValueError
        If the shapes differ, an input is empty, a scalar or not finite, a value lies
        outside :math:`[0, 1]`, a row does not sum to 1, the sample weights are wrong
        or the reduction is unknown.

    Notes
    -----
    PyTorch's ``kl_div(input, target)`` surprises many users: ``input`` must
    hold the LOG-probabilities :math:`\log q` and ``target`` the probabilities
    :math:`p`, and it computes :math:`\mathrm{KL}(\text{target} \,\|\,
    \exp(\text{input}))`, so ``kl_divergence(p, q)`` is ``kl_div(q.log(), p,
    reduction="sum")``; its 'mean' averages over every element rather than per
    row ('batchmean' is the mean per row). Keras's ``KLDivergence`` clips both
    arguments to :math:`[10^{-7}, 1]`. ``scipy.stats.entropy(p, q)`` rescales
    the rows to sum to 1 first.

    References
    ----------
    S. Kullback and R. A. Leibler, "On information and sufficiency", Annals of
    Mathematical Statistics 22(1), 79-86, 1951.

    Examples
    --------
    >>> from lossbook import kl_divergence
    >>> p, q = [[0.5, 0.5]], [[0.9, 0.1]]
    >>> print(kl_divergence(p, p))
    0.0
    >>> print(round(kl_divergence(p, q), 6), round(kl_divergence(q, p), 6))
    0.510826 0.368064
    """
    y_true, y_pred, weights = _check_distribution_pair(y_true, y_pred, reduction, sample_weight)
    present = y_true != 0  # 0 log 0 = 0: no logarithm for the classes with p_k = 0
    log_ratio = _log_where(y_pred, present) - _log_where(y_true, present)  # log(q_k / p_k)
    per_row = _row_cross_terms(y_true, log_ratio)  # -sum_k p_k log(q_k / p_k)
    return reduce_loss(per_row, reduction, weights)


def kl_divergence_grad(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: str = "mean",
    sample_weight: ArrayLike | None = None,
) -> np.ndarray:
    r"""Gradient of :func:`kl_divergence` with respect to ``y_pred``.

    .. math::

        \frac{\partial\, \mathrm{KL}(p \,\|\, q)}{\partial q_k} = -\frac{p_k}{q_k}

    the same as the gradient of the cross-entropy :math:`H(p, q)`, since
    :math:`H(p)` does not depend on :math:`q`. It is 0 where :math:`p_k = 0` and
    :math:`-\infty` where :math:`p_k > 0 = q_k`.

    Parameters
    ----------
    y_true, y_pred, reduction, sample_weight
        As for :func:`kl_divergence`.

    Returns
    -------
    numpy.ndarray
        The gradient of the reduced divergence (of the sum for 'none'), shaped like
        ``y_pred``.

    Raises
    ------
    TypeError, ValueError
        As for :func:`kl_divergence`.

    Notes
    -----
    PyTorch's ``kl_div`` takes :math:`\log q` as its input, so automatic
    differentiation there gives the gradient with respect to :math:`\log q`,
    :math:`-p_k`, not :math:`-p_k / q_k`: multiply this gradient by :math:`q` to
    go from one to the other. As for :func:`categorical_cross_entropy_grad`,
    these partial derivatives ignore that the rows of :math:`q` sum to 1.

    Examples
    --------
    >>> from lossbook import kl_divergence_grad
    >>> kl_divergence_grad([[0.5, 0.5]], [[0.25, 0.75]]).tolist()
    [[-2.0, -0.6666666666666666]]
    """
    y_true, y_pred, weights = _check_distribution_pair(y_true, y_pred, reduction, sample_weight)
    gradient = _ratio(-y_true, y_pred)
    return scale_gradient(gradient, reduction, weights, loss_shape=y_pred.shape[:-1])


def entropy(
    p: ArrayLike,
    *,
    reduction: str = "mean",
    sample_weight: ArrayLike | None = None,
) -> float | np.ndarray:
    r"""Shannon entropy :math:`H(p)` of each row, in nats.

    .. math::

        H(p) = -\sum_k p_k \log p_k, \qquad 0 \log 0 = 0

    It is the smallest cross-entropy :math:`H(p, q)` any prediction :math:`q`
    can reach, reached at :math:`q = p`: :math:`H(p, q) = H(p) +
    \mathrm{KL}(p \,\|\, q)`.

    Parameters
    ----------
    p : array_like
        Rows (classes on the last axis), each a distribution.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        'none' returns one entropy per row.
    sample_weight : array_like, optional
        One non-negative weight per sample (first axis); 'mean' divides by their sum.

    Returns
    -------
    float or numpy.ndarray
        The reduced entropy as a float, or one per row for 'none'.

    Raises
    ------
    TypeError
        If ``p`` is not made of real numbers.
    ValueError
        If ``p`` is empty, a scalar or not finite, a value lies outside
        :math:`[0, 1]`, a row does not sum to 1, the sample weights are wrong or the
        reduction is unknown.

    Notes
    -----
    Natural logarithms, as everywhere in this package: divide by
    :math:`\log 2` for bits. ``scipy.stats.entropy`` rescales the rows to sum to
    1 first and takes an optional ``base``.

    References
    ----------
    C. E. Shannon, "A mathematical theory of communication", Bell System
    Technical Journal 27, 379-423, 1948.

    Examples
    --------
    >>> from lossbook import entropy
    >>> entropy([[0.5, 0.5], [1.0, 0.0]], reduction="none").tolist()
    [0.6931471805599453, 0.0]
    """
    p, weights = _check_entropy(p, reduction, sample_weight)
    per_row = _row_cross_terms(p, _log_where(p, p != 0))  # 0 log 0 = 0
    return reduce_loss(per_row, reduction, weights)


# --- focal loss ------------------------------------------------------------------------


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
    miss_ratio = _ratio(probability * complement, miss)  # σ(x) σ(-x) / (1 - p_t)
    focus_grad = gamma * (1.0 - 2.0 * y_true) * miss_ratio * cross_entropy
    gradient = alpha_t * miss**gamma * (cross_entropy_grad + focus_grad)
    return scale_gradient(gradient, reduction, weights)


# --- hinge losses ----------------------------------------------------------------------


def hinge(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: str = "mean",
    sample_weight: ArrayLike | None = None,
) -> float | np.ndarray:
    r"""Hinge loss of a score against a label in :math:`\{-1, +1\}` (the SVM loss).

    .. math::

        \ell(y, \hat y) = \max(0,\ 1 - y \hat y)

    Zero once the score has the right sign with a margin of at least 1.

    Parameters
    ----------
    y_true : array_like
        Labels, each -1 or +1.
    y_pred : array_like
        Finite real scores (not probabilities), same shape as ``y_true``.
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
        If the shapes differ, an input is empty or not finite, a label is not -1 or
        +1 (labels 0 and 1 are refused with a hint to map 0 to -1), the sample
        weights are wrong or the reduction is unknown.

    Notes
    -----
    Keras's ``hinge`` silently maps labels 0/1 to -1/+1 and averages over the last
    axis; scikit-learn's ``hinge_loss`` accepts any two labels. Here labels 0 and
    1 are refused rather than guessed: a 0 that meant -1 and a 0 that meant "no
    score" cannot be told apart.

    Examples
    --------
    >>> from lossbook import hinge
    >>> hinge([1.0, 1.0, -1.0, -1.0], [2.0, 0.5, 0.5, -1.0], reduction="none").tolist()
    [0.0, 0.5, 1.5, 0.0]
    """
    y_true, y_pred, weights = _check_hinge(y_true, y_pred, reduction, sample_weight)
    per_element = np.maximum(0.0, 1.0 - y_true * y_pred)
    return reduce_loss(per_element, reduction, weights)


def hinge_grad(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: str = "mean",
    sample_weight: ArrayLike | None = None,
) -> np.ndarray:
    r"""Sub-gradient of :func:`hinge` with respect to ``y_pred``.

    .. math::

        \frac{\partial \ell}{\partial \hat y} =
        \begin{cases} -y & \text{if } y \hat y < 1 \\ 0 & \text{if } y \hat y \ge 1
        \end{cases}

    At the kink, :math:`y \hat y = 1`, any value between :math:`-y` and 0 is a
    sub-gradient; this function returns 0.

    Parameters
    ----------
    y_true, y_pred, reduction, sample_weight
        As for :func:`hinge`.

    Returns
    -------
    numpy.ndarray
        The sub-gradient of the reduced loss (of the sum for 'none'), shaped like
        ``y_pred``.

    Raises
    ------
    TypeError, ValueError
        As for :func:`hinge`.

    Notes
    -----
    Automatic differentiation picks a sub-gradient at the kink by its own rule:
    JAX's ``maximum`` splits a tie in two, so optax's ``hinge_loss`` gives
    :math:`-y/2` at :math:`y \hat y = 1`. lossbook always returns 0 there, as for
    :func:`~lossbook.regression.mae_grad`: a sample exactly on the margin is left alone.

    Examples
    --------
    >>> from lossbook import hinge_grad
    >>> hinge_grad([1.0, 1.0, -1.0], [2.0, 1.0, 0.5], reduction="none").tolist()
    [0.0, 0.0, 1.0]
    """
    y_true, y_pred, weights = _check_hinge(y_true, y_pred, reduction, sample_weight)
    gradient = np.where(1.0 - y_true * y_pred > 0.0, -y_true, 0.0)
    return scale_gradient(gradient, reduction, weights)


def squared_hinge(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: str = "mean",
    sample_weight: ArrayLike | None = None,
) -> float | np.ndarray:
    r"""Squared hinge loss, a differentiable hinge (the L2-SVM loss).

    .. math::

        \ell(y, \hat y) = \max(0,\ 1 - y \hat y)^2

    Parameters
    ----------
    y_true : array_like
        Labels, each -1 or +1.
    y_pred : array_like
        Finite real scores, same shape as ``y_true``.
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
        As for :func:`hinge`.

    Notes
    -----
    Keras's ``squared_hinge`` maps labels 0/1 to -1/+1 silently and averages over
    the last axis; here 0/1 labels are refused. scikit-learn's ``LinearSVC``
    minimises this loss by default (``loss='squared_hinge'``).

    Examples
    --------
    >>> from lossbook import squared_hinge
    >>> squared_hinge([1.0, 1.0, -1.0], [2.0, 0.5, 0.5], reduction="none").tolist()
    [0.0, 0.25, 2.25]
    """
    y_true, y_pred, weights = _check_hinge(y_true, y_pred, reduction, sample_weight)
    per_element = np.maximum(0.0, 1.0 - y_true * y_pred) ** 2
    return reduce_loss(per_element, reduction, weights)


def squared_hinge_grad(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    reduction: str = "mean",
    sample_weight: ArrayLike | None = None,
) -> np.ndarray:
    r"""Gradient of :func:`squared_hinge` with respect to ``y_pred``.

    .. math::

        \frac{\partial \ell}{\partial \hat y} = -2 y \max(0,\ 1 - y \hat y)

    Continuous, and 0 at the margin :math:`y \hat y = 1`.

    Parameters
    ----------
    y_true, y_pred, reduction, sample_weight
        As for :func:`squared_hinge`.

    Returns
    -------
    numpy.ndarray
        The gradient of the reduced loss (of the sum for 'none'), shaped like
        ``y_pred``.

    Raises
    ------
    TypeError, ValueError
        As for :func:`hinge`.

    Notes
    -----
    Unlike :func:`hinge_grad` it needs no convention at the margin: both sides
    give 0. Labels 0 and 1 are refused here as in :func:`squared_hinge`, where
    Keras's ``squared_hinge`` maps them to -1 and +1 silently.

    Examples
    --------
    >>> from lossbook import squared_hinge_grad
    >>> squared_hinge_grad([1.0, 1.0, -1.0], [2.0, 0.5, 0.5], reduction="none").tolist()
    [0.0, -1.0, 3.0]
    """
    y_true, y_pred, weights = _check_hinge(y_true, y_pred, reduction, sample_weight)
    shortfall = np.maximum(0.0, 1.0 - y_true * y_pred)
    gradient = np.where(shortfall > 0.0, -2.0 * y_true * shortfall, 0.0)  # never -0.0
    return scale_gradient(gradient, reduction, weights)


def multiclass_hinge(
    y_true: ArrayLike,
    scores: ArrayLike,
    *,
    method: str = "crammer_singer",
    margin: float = 1.0,
    reduction: str = "mean",
    sample_weight: ArrayLike | None = None,
) -> float | np.ndarray:
    r"""Multi-class hinge loss of class scores against integer labels.

    .. math::

        \ell_{\text{CS}}(y, s) = \max\Bigl(0,\ \Delta + \max_{j \ne y} s_j - s_y\Bigr),
        \qquad
        \ell_{\text{WW}}(y, s) = \sum_{j \ne y} \max(0,\ \Delta + s_j - s_y)

    Crammer-Singer (``method='crammer_singer'``) charges only the strongest
    rival class; Weston-Watkins (``method='weston_watkins'``) every class whose
    score comes within the margin :math:`\Delta` of the true class's.

    Parameters
    ----------
    y_true : array_like
        Integer labels in :math:`[0, K)`, shape ``scores.shape[:-1]``.
    scores : array_like
        Finite scores with the :math:`K \ge 2` classes on the last axis.
    method : {'crammer_singer', 'weston_watkins'}, default 'crammer_singer'
        Which multi-class extension of the hinge.
    margin : float, default 1.0
        The margin :math:`\Delta > 0`.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        'none' returns one loss per row.
    sample_weight : array_like, optional
        One non-negative weight per sample (first axis); 'mean' divides by their sum.

    Returns
    -------
    float or numpy.ndarray
        The reduced loss as a float, or one loss per row for 'none'.

    Raises
    ------
    TypeError
        If an input is not made of real numbers or ``margin`` is not a number.
    ValueError
        If the shapes do not fit, an input is empty or not finite, there are fewer
        than 2 classes, a label is out of range or not a whole number, ``method`` is
        unknown, ``margin <= 0``, the sample weights are wrong or the reduction is
        unknown.

    Notes
    -----
    optax's ``multiclass_hinge_loss`` and scikit-learn's ``hinge_loss`` (for more
    than two classes) use Crammer-Singer with margin 1. PyTorch's
    ``multi_margin_loss`` is Weston-Watkins divided by the number of classes
    :math:`K`.

    References
    ----------
    K. Crammer and Y. Singer, "On the algorithmic implementation of multiclass
    kernel-based vector machines", JMLR 2, 265-292, 2001.
    J. Weston and C. Watkins, "Support vector machines for multi-class pattern
    recognition", ESANN 1999.

    Examples
    --------
    >>> from lossbook import multiclass_hinge
    >>> scores = [[2.0, 1.5, 1.8]]
    >>> print(multiclass_hinge([0], scores))
    0.8
    >>> print(multiclass_hinge([0], scores, method="weston_watkins"))
    1.3
    """
    labels, scores, method, margin, weights = _check_multiclass_hinge(
        y_true, scores, method, margin, reduction, sample_weight
    )
    margins = _rival_margins(labels, scores, margin)  # margin + s_j - s_y, -inf at j = y
    if method == "crammer_singer":
        per_row = np.maximum(0.0, margins.max(axis=-1))
    else:
        per_row = np.maximum(0.0, margins).sum(axis=-1)
    return reduce_loss(per_row, reduction, weights)


def multiclass_hinge_grad(
    y_true: ArrayLike,
    scores: ArrayLike,
    *,
    method: str = "crammer_singer",
    margin: float = 1.0,
    reduction: str = "mean",
    sample_weight: ArrayLike | None = None,
) -> np.ndarray:
    r"""Sub-gradient of :func:`multiclass_hinge` with respect to the scores.

    .. math::

        \text{CS:}\ \frac{\partial \ell}{\partial s} = e_{j^*} - e_y
        \ \text{ if } \Delta + s_{j^*} - s_y > 0, \quad
        \text{WW:}\ \frac{\partial \ell}{\partial s_j} = [\Delta + s_j - s_y > 0],
        \ \frac{\partial \ell}{\partial s_y} = -\sum_{j \ne y} [\Delta + s_j - s_y > 0]

    with :math:`j^* = \arg\max_{j \ne y} s_j` and :math:`e_j` the one-hot row of
    class :math:`j`; 0 for rows without a violated margin.

    Parameters
    ----------
    y_true, scores, method, margin, reduction, sample_weight
        As for :func:`multiclass_hinge`.

    Returns
    -------
    numpy.ndarray
        The sub-gradient of the reduced loss (of the sum for 'none'), shaped like
        ``scores``.

    Raises
    ------
    TypeError, ValueError
        As for :func:`multiclass_hinge`.

    Notes
    -----
    At a kink (a margin exactly 0) the sub-gradient taken is 0 for that term.
    When several rivals tie for the largest score, Crammer-Singer charges the
    first of them (the lowest class index), as ``np.argmax`` does.

    Examples
    --------
    >>> from lossbook import multiclass_hinge_grad
    >>> multiclass_hinge_grad([0], [[2.0, 1.5, 1.8]]).tolist()
    [[-1.0, 0.0, 1.0]]
    >>> multiclass_hinge_grad([0], [[2.0, 1.5, 1.8]], method="weston_watkins").tolist()
    [[-2.0, 1.0, 1.0]]
    """
    labels, scores, method, margin, weights = _check_multiclass_hinge(
        y_true, scores, method, margin, reduction, sample_weight
    )
    margins = _rival_margins(labels, scores, margin)  # margin + s_j - s_y, -inf at j = y
    if method == "crammer_singer":
        rival = np.argmax(margins, axis=-1, keepdims=True)  # the first on ties
        gradient = np.zeros_like(margins)
        np.put_along_axis(gradient, rival, np.take_along_axis(margins, rival, -1) > 0.0, -1)
    else:
        gradient = (margins > 0.0).astype(np.float64)
    charged = gradient.sum(axis=-1, keepdims=True)  # +1 for each rival inside the margin
    np.put_along_axis(gradient, labels[..., np.newaxis], -charged, axis=-1)
    return scale_gradient(gradient, reduction, weights, loss_shape=scores.shape[:-1])
