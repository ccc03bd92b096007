"""Class-axis losses: softmax and categorical cross-entropy, KL divergence, entropy.

The classes are on the last axis; each gives one loss per row. The public
names are re-exported by :mod:`lossbook.classification`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from lossbook._validation import (
    as_float_array,
    check_distribution,
    check_in_interval,
    check_reduction,
    check_same_shape,
    reduce_loss,
    scale_gradient,
)
from lossbook.activations import log_softmax, softmax
from lossbook.classification._common import (
    as_class_scores,
    as_labels,
    check_weights,
    cross_terms,
    ratio,
)

__all__ = [
    "categorical_cross_entropy",
    "categorical_cross_entropy_grad",
    "entropy",
    "kl_divergence",
    "kl_divergence_grad",
    "softmax_cross_entropy",
    "softmax_cross_entropy_grad",
]


def _check_distribution_pair(y_true, y_pred, reduction, sample_weight):
    """Two arrays of the same shape whose rows (last axis) are distributions."""
    check_reduction(reduction)
    y_true = as_float_array(y_true, "y_true")
    y_pred = as_float_array(y_pred, "y_pred")
    check_same_shape(y_true, y_pred, "y_true", "y_pred")
    check_distribution(y_true, "y_true")
    check_distribution(y_pred, "y_pred")
    return y_true, y_pred, check_weights(sample_weight, y_pred.shape[:-1])


def _check_entropy(p, reduction, sample_weight):
    """One array whose rows (last axis) are distributions."""
    check_reduction(reduction)
    p = as_float_array(p, "p")
    check_distribution(p, "p")
    return p, check_weights(sample_weight, p.shape[:-1])


def _one_hot(labels: np.ndarray, n_classes: int) -> np.ndarray:
    """Rows of zeros with a 1 at each label."""
    targets = np.zeros((*labels.shape, n_classes))
    np.put_along_axis(targets, labels[..., np.newaxis], 1.0, axis=-1)
    return targets


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
        return _one_hot(as_labels(y_true, logits), logits.shape[-1])
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
    logits = as_class_scores(logits, "logits")
    targets = _as_targets(y_true, logits)
    class_weight = _check_class_weight(class_weight, logits.shape[-1])
    label_smoothing = check_in_interval(label_smoothing, "label_smoothing", 0.0, 1.0, closed=True)
    weights = check_weights(sample_weight, logits.shape[:-1])
    return targets, logits, class_weight, label_smoothing, weights


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
    of -inf (its sum is NaN) is summed again term by term with :func:`cross_terms`.
    A row of zero terms gives +0.0, not -0.0.
    """
    with np.errstate(invalid="ignore"):  # 0 * -inf: such rows are redone below
        totals = np.asarray(np.einsum("...k,...k->...", weights, log_values))
    undefined = np.isnan(totals)
    if undefined.any():
        totals[undefined] = -cross_terms(weights[undefined], log_values[undefined]).sum(axis=-1)
    return 0.0 - totals


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
    gradient = ratio(-y_true, y_pred)
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
    gradient = ratio(-y_true, y_pred)
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
