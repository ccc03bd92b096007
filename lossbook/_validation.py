"""Input checks shared by every function of lossbook.

Every public function calls these helpers first, so that bad input is refused
the same way everywhere: a ``TypeError`` for the wrong kind of value, a
``ValueError`` for a value of the right kind but out of range, and always a
message that names the argument, says what was expected and shows what came.

The helpers never modify their inputs. ``np.asarray`` may return the caller's
own array when it already has the right dtype, so the functions that use these
helpers must not write into the arrays they get back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

__all__ = [
    "REDUCTIONS",
    "as_float_array",
    "as_label_array",
    "check_distribution",
    "check_in_interval",
    "check_positive",
    "check_probabilities",
    "check_reduction",
    "check_same_shape",
    "check_sample_weight",
    "reduce_loss",
    "scale_gradient",
]

REDUCTIONS = ("mean", "sum", "none")

#: Tolerance used when checking that the rows of a distribution sum to 1.
DISTRIBUTION_ATOL = 1e-6


def _describe(value: Any) -> str:
    """Return a short description of ``value`` for an error message."""
    if isinstance(value, np.ndarray):
        return f"an array of dtype {value.dtype} and shape {value.shape}"
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


def as_float_array(value: ArrayLike, name: str, *, allow_empty: bool = False) -> np.ndarray:
    """Convert ``value`` to a float64 array, refusing what is not a finite number.

    Raises ``TypeError`` for strings, objects, complex numbers and ``None``;
    ``ValueError`` for an empty array or any NaN or infinity.
    """
    if value is None:
        raise TypeError(f"{name} must be an array of real numbers, got None")
    try:
        array = np.asarray(value)
    except ValueError as error:  # ragged nested lists
        raise ValueError(
            f"{name} must be a rectangular array of real numbers, got {_describe(value)}"
        ) from error
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be an array of real numbers, got {_describe(array)}")
    array = array.astype(np.float64, copy=False)
    if array.size == 0 and not allow_empty:
        raise ValueError(f"{name} must not be empty, got an array of shape {array.shape}")
    if not np.isfinite(array).all():
        bad = "NaN" if np.isnan(array).any() else "inf"
        raise ValueError(f"{name} must contain only finite numbers, got {bad} in {name}")
    return array


def as_label_array(value: ArrayLike, name: str, n_classes: int) -> np.ndarray:
    """Convert integer class labels to an ``int64`` array with values in ``[0, n_classes)``.

    Floats that are whole numbers (``1.0``) are accepted; ``0.5`` is not.
    """
    if value is None:
        raise TypeError(f"{name} must be an array of integer class labels, got None")
    array = np.asarray(value)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be an array of integer class labels, got {_describe(array)}")
    if array.size == 0:
        raise ValueError(f"{name} must not be empty, got an array of shape {array.shape}")
    if array.dtype.kind == "f":
        # Check the floats before the cast: casting inf or 1e30 to int64 gives garbage.
        outside = ~((array >= 0) & (array < n_classes))  # NaN and inf included
        if outside.any():
            raise ValueError(
                f"{name} must hold labels in [0, {n_classes - 1}] for {n_classes} classes, "
                f"got the label {float(array[outside].flat[0])!r}"
            )
        if (array != np.round(array)).any():
            raise ValueError(
                f"{name} must hold whole-number class labels, got non-integer values "
                f"such as {float(array[array != np.round(array)].flat[0])!r}"
            )
    labels = array.astype(np.int64)
    low, high = labels.min(), labels.max()
    if low < 0 or high >= n_classes:
        bad = int(low if low < 0 else high)
        raise ValueError(
            f"{name} must hold labels in [0, {n_classes - 1}] for {n_classes} classes, "
            f"got the label {bad}"
        )
    return labels


def check_same_shape(
    first: np.ndarray, second: np.ndarray, first_name: str, second_name: str
) -> None:
    """Refuse two arrays of different shapes (no silent broadcasting)."""
    if first.shape != second.shape:
        raise ValueError(
            f"{first_name} and {second_name} must have the same shape, got "
            f"{first_name} of shape {first.shape} and {second_name} of shape {second.shape}"
        )


def check_probabilities(array: np.ndarray, name: str) -> None:
    """Refuse values outside [0, 1] (NaN included)."""
    inside = (array >= 0.0) & (array <= 1.0)
    if not inside.all():
        bad = float(array[~inside].flat[0])
        raise ValueError(f"{name} must hold probabilities in [0, 1], got {bad!r}")


def check_distribution(array: np.ndarray, name: str) -> None:
    """Refuse rows (last axis) that are not probability distributions.

    Each value must lie in [0, 1] and each row must sum to 1 within
    ``DISTRIBUTION_ATOL``.
    """
    check_probabilities(array, name)
    if array.ndim == 0:
        raise ValueError(
            f"{name} must have the classes on its last axis, got a scalar {float(array)!r}"
        )
    totals = np.einsum("...k->...", array)  # several times faster than sum on short rows
    off = np.abs(totals - 1.0) > DISTRIBUTION_ATOL
    if off.any():
        raise ValueError(
            f"each row of {name} must sum to 1 (within {DISTRIBUTION_ATOL:g}), "
            f"got a row that sums to {float(totals[off].flat[0])!r}"
        )


def check_reduction(reduction: str) -> None:
    """Refuse an unknown ``reduction``."""
    if not isinstance(reduction, str) or reduction not in REDUCTIONS:
        raise ValueError(f"reduction must be one of 'mean', 'sum' or 'none', got {reduction!r}")


def check_count(value: int, name: str, minimum: int = 1) -> int:
    """Return ``value`` as an int after checking it is a whole number of at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return int(value)


def check_positive(value: float, name: str) -> float:
    """Return ``value`` as a float after checking that it is a finite number above 0."""
    number = _as_number(value, name)
    if not number > 0.0:
        raise ValueError(f"{name} must be greater than 0, got {value!r}")
    return number


def check_in_interval(
    value: float,
    name: str,
    low: float,
    high: float,
    *,
    closed: bool = False,
) -> float:
    """Return ``value`` as a float after checking it lies in (low, high) or [low, high]."""
    number = _as_number(value, name)
    inside = low <= number <= high if closed else low < number < high
    if not inside:
        interval = f"[{low:g}, {high:g}]" if closed else f"({low:g}, {high:g})"
        raise ValueError(f"{name} must lie in {interval}, got {value!r}")
    return number


def _as_number(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a real number, got {_describe(value)}")
    number = float(value)
    if not np.isfinite(number):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return number


def check_callable(function: Any, name: str) -> None:
    """Check that ``function`` can be called."""
    if not callable(function):
        raise TypeError(f"{name} must be a function, got {type(function).__name__}")


def check_interval(pair: Any, name: str) -> tuple[float, float]:
    """Return ``(low, high)`` as floats after checking they are finite and low < high."""
    if isinstance(pair, (str, bytes)) or not isinstance(pair, (Sequence, np.ndarray)):
        raise TypeError(f"{name} must be a pair of numbers (low, high), got {pair!r}")
    if len(pair) != 2:
        raise ValueError(f"{name} must be a pair of numbers (low, high), got {len(pair)} values")
    low, high = (_as_number(value, name) for value in pair)
    if not low < high:
        raise ValueError(f"{name} must be increasing (low < high), got ({low:g}, {high:g})")
    return low, high


def check_function_value(value: Any, name: str, where: str) -> float:
    """Return what a function returned as a float, refusing arrays, NaN and infinities."""
    number = np.asarray(value)
    if number.shape != () or number.dtype.kind not in "biuf":
        raise TypeError(f"{name} must return one real number, got {value!r} at {where}")
    if not np.isfinite(number):
        raise ValueError(f"{name} must be finite, got {float(number)} at {where}")
    return float(number)


def check_sample_weight(sample_weight: ArrayLike | None, n_samples: int) -> np.ndarray | None:
    """Return ``sample_weight`` as a float array of shape ``(n_samples,)``, or None.

    Weights must be finite and non-negative, one per sample (first axis).
    """
    if sample_weight is None:
        return None
    weights = as_float_array(sample_weight, "sample_weight")
    if weights.shape != (n_samples,):
        raise ValueError(
            f"sample_weight must have one weight per sample, shape ({n_samples},), "
            f"got shape {weights.shape}"
        )
    if (weights < 0).any():
        raise ValueError(
            f"sample_weight must not be negative, got {float(weights[weights < 0][0])!r}"
        )
    return weights


def _apply_weights(values: np.ndarray, sample_weight: np.ndarray) -> np.ndarray:
    """Multiply ``values`` by per-sample weights along the first axis.

    A sample of weight 0 contributes exactly 0, even where its value is
    infinite (0 * inf would be NaN).
    """
    weights = sample_weight.reshape(sample_weight.shape + (1,) * (values.ndim - 1))
    out = np.zeros(np.broadcast_shapes(values.shape, weights.shape))
    return np.multiply(values, weights, out=out, where=weights != 0)


def reduce_loss(
    per_sample: np.ndarray,
    reduction: str,
    sample_weight: np.ndarray | None = None,
) -> float | np.ndarray:
    """Apply ``reduction`` to per-sample losses, weighting samples along the first axis.

    'none' returns the (weighted) losses, 'sum' their sum and 'mean' their
    weighted mean: the sum divided by the sum of the weights (times the
    number of elements per sample), so that equal weights give the plain mean.
    A reduced loss is returned as a Python float.
    """
    if sample_weight is not None:
        per_sample = _apply_weights(per_sample, sample_weight)
    if reduction == "none":
        return per_sample
    total = float(per_sample.sum())
    if reduction == "sum":
        return total
    return total / _mean_denominator(per_sample.shape, sample_weight)


def scale_gradient(
    elementwise: np.ndarray,
    reduction: str,
    sample_weight: np.ndarray | None = None,
    *,
    loss_shape: tuple[int, ...] | None = None,
) -> np.ndarray:
    """Turn the gradient of each per-sample loss into the gradient of the reduced loss.

    ``elementwise`` holds the derivative of each per-sample loss with respect
    to its own inputs. For 'sum' and 'none' (the gradient of the sum) it is
    multiplied by the weights; for 'mean' it is also divided by the mean's
    denominator. ``loss_shape`` is the shape of the per-sample losses when it
    differs from the gradient's (one loss per row of logits, for example).
    """
    if sample_weight is not None:
        elementwise = _apply_weights(elementwise, sample_weight)
    if reduction == "mean":
        shape = elementwise.shape if loss_shape is None else loss_shape
        elementwise = elementwise / _mean_denominator(shape, sample_weight)
    return elementwise


def _mean_denominator(loss_shape: tuple[int, ...], sample_weight: np.ndarray | None) -> float:
    """The number the weighted sum of the losses is divided by for 'mean'."""
    count = int(np.prod(loss_shape))
    if sample_weight is None:
        return float(count)
    per_sample = count // loss_shape[0] if loss_shape and loss_shape[0] else 1
    total_weight = float(sample_weight.sum()) * per_sample
    if total_weight == 0.0:
        raise ValueError("sample_weight must not sum to 0 when reduction='mean'")
    return total_weight
