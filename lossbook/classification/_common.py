"""Checks and numerical pieces shared by the classification losses."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from lossbook._validation import (
    as_float_array,
    as_label_array,
    check_sample_weight,
)


def check_weights(sample_weight: ArrayLike | None, loss_shape: tuple[int, ...]):
    """check_sample_weight for losses of shape ``loss_shape`` (weights along the first axis)."""
    if sample_weight is not None and not loss_shape:
        raise ValueError(
            "sample_weight needs losses with a sample axis, got inputs that give a single "
            "loss (pass arrays with the samples on the first axis)"
        )
    return check_sample_weight(sample_weight, loss_shape[0] if loss_shape else 0)


def as_class_scores(scores: ArrayLike, name: str, min_classes: int = 1) -> np.ndarray:
    """Finite scores with the classes on the last axis."""
    array = as_float_array(scores, name)
    if array.ndim == 0 or array.shape[-1] < min_classes:
        raise ValueError(
            f"{name} must have at least {min_classes} classes on its last axis, got an "
            f"array of shape {array.shape}"
        )
    return array


def as_labels(y_true, scores: np.ndarray) -> np.ndarray:
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


def cross_terms(weights: np.ndarray, log_values: np.ndarray) -> np.ndarray:
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


def ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """numerator / denominator, +0.0 where the numerator is 0 (0/0 = 0), +-inf past the range.

    A plain division, then two fixes in place: adding 0.0 turns -0.0 into +0.0, and
    the NaN of 0/0 (the only one possible, the inputs being finite) becomes 0.
    """
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        quotient = np.asarray(numerator / denominator)  # an array even for 0-d inputs
    quotient += 0.0
    undefined = np.isnan(quotient)
    if undefined.any():
        quotient[undefined] = 0.0
    return quotient
