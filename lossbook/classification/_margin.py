"""Margin losses: the hinge, the squared hinge and the multi-class hinge.

They score labels -1 and +1 (or classes on the last axis, for the multi-class
hinge) by how far the right score clears the others. The public names are
re-exported by :mod:`lossbook.classification`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from lossbook._validation import (
    as_float_array,
    check_positive,
    check_reduction,
    check_same_shape,
    reduce_loss,
    scale_gradient,
)
from lossbook.classification._common import as_class_scores, as_labels, check_weights

__all__ = [
    "hinge",
    "hinge_grad",
    "multiclass_hinge",
    "multiclass_hinge_grad",
    "squared_hinge",
    "squared_hinge_grad",
]

MULTICLASS_HINGE_METHODS = ("crammer_singer", "weston_watkins")


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
    return y_true, y_pred, check_weights(sample_weight, y_pred.shape)


def _check_multiclass_hinge(y_true, scores, method, margin, reduction, sample_weight):
    """The arguments of :func:`multiclass_hinge`."""
    check_reduction(reduction)
    scores = as_class_scores(scores, "scores", min_classes=2)
    labels = as_labels(y_true, scores)
    if not isinstance(method, str) or method not in MULTICLASS_HINGE_METHODS:
        raise ValueError(f"method must be 'crammer_singer' or 'weston_watkins', got {method!r}")
    margin = check_positive(margin, "margin")
    return labels, scores, method, margin, check_weights(sample_weight, scores.shape[:-1])


def _rival_margins(labels: np.ndarray, scores: np.ndarray, margin: float) -> np.ndarray:
    """margin + s_j - s_y for every class j, and -inf at the true class y."""
    true_score = np.take_along_axis(scores, labels[..., np.newaxis], axis=-1)
    margins = margin + (scores - true_score)
    np.put_along_axis(margins, labels[..., np.newaxis], -np.inf, axis=-1)
    return margins


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
