"""lossbook._validation: the shared checks refuse bad input with clear messages."""

from __future__ import annotations

import numpy as np
import pytest

from lossbook import _validation as v


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (None, TypeError, "y_pred must be an array of real numbers, got None"),
        (["a", "b"], TypeError, "y_pred must be an array of real numbers"),
        (np.array([1, None], dtype=object), TypeError, "dtype object"),
        ([1 + 2j], TypeError, "real numbers"),
        ([], ValueError, "y_pred must not be empty"),
        ([1.0, np.nan], ValueError, "finite numbers, got NaN"),
        ([1.0, np.inf], ValueError, "finite numbers, got inf"),
        ([[1.0], [2.0, 3.0]], ValueError, "rectangular"),
    ],
)
def test_as_float_array_refuses(value, error, message) -> None:
    with pytest.raises(error, match=message):
        v.as_float_array(value, "y_pred")


def test_as_float_array_converts_without_modifying() -> None:
    original = np.array([1, 2, 3], dtype=np.int32)
    converted = v.as_float_array(original, "y_true")
    assert converted.dtype == np.float64
    assert original.dtype == np.int32


def test_as_label_array() -> None:
    assert v.as_label_array([0.0, 2.0], "y_true", 3).tolist() == [0, 2]
    with pytest.raises(ValueError, match=r"y_true must hold labels in \[0, 2\].*got the label 3"):
        v.as_label_array([0, 3], "y_true", 3)
    with pytest.raises(ValueError, match="got the label -1"):
        v.as_label_array([0, -1], "y_true", 3)
    with pytest.raises(ValueError, match="whole-number"):
        v.as_label_array([0.5], "y_true", 3)
    with pytest.raises(TypeError, match="integer class labels"):
        v.as_label_array(["cat"], "y_true", 3)
    with pytest.raises(ValueError, match="must not be empty"):
        v.as_label_array([], "y_true", 3)


def test_same_shape_names_both_arguments_and_shapes() -> None:
    with pytest.raises(ValueError, match=r"y_true of shape \(3,\) and y_pred of shape \(3, 1\)"):
        v.check_same_shape(np.zeros(3), np.zeros((3, 1)), "y_true", "y_pred")


def test_probabilities_and_distributions() -> None:
    v.check_probabilities(np.array([0.0, 0.5, 1.0]), "y_pred")
    with pytest.raises(ValueError, match=r"y_pred must hold probabilities in \[0, 1\], got 1.5"):
        v.check_probabilities(np.array([0.2, 1.5]), "y_pred")
    v.check_distribution(np.array([[0.25, 0.75]]), "y_pred")
    with pytest.raises(ValueError, match="must sum to 1"):
        v.check_distribution(np.array([[0.2, 0.7]]), "y_pred")


@pytest.mark.parametrize("reduction", ["avg", None, "MEAN"])
def test_unknown_reduction(reduction) -> None:
    with pytest.raises(ValueError, match="reduction must be one of 'mean', 'sum' or 'none'"):
        v.check_reduction(reduction)


def test_hyper_parameter_checks() -> None:
    assert v.check_positive(2, "delta") == 2.0
    with pytest.raises(ValueError, match="delta must be greater than 0, got 0"):
        v.check_positive(0, "delta")
    with pytest.raises(TypeError, match="delta must be a real number, got str"):
        v.check_positive("1", "delta")
    with pytest.raises(TypeError, match="real number"):
        v.check_positive(True, "delta")
    with pytest.raises(ValueError, match="finite"):
        v.check_positive(float("nan"), "delta")
    assert v.check_in_interval(0.5, "tau", 0.0, 1.0) == 0.5
    with pytest.raises(ValueError, match=r"tau must lie in \(0, 1\), got 1"):
        v.check_in_interval(1, "tau", 0.0, 1.0)
    assert v.check_in_interval(1, "label_smoothing", 0.0, 1.0, closed=True) == 1.0


def test_count_checks() -> None:
    assert v.check_count(np.int64(3), "n_hidden") == 3
    assert type(v.check_count(np.int64(3), "n_hidden")) is int
    assert v.check_count(0, "n_outliers", minimum=0) == 0
    with pytest.raises(TypeError, match=r"n_hidden must be an integer, got float 3\.0"):
        v.check_count(3.0, "n_hidden")
    with pytest.raises(TypeError, match="got bool True"):
        v.check_count(True, "n_hidden")
    with pytest.raises(ValueError, match="n_samples must be at least 2, got 1"):
        v.check_count(1, "n_samples", minimum=2)


def test_sample_weight() -> None:
    assert v.check_sample_weight(None, 3) is None
    assert v.check_sample_weight([1, 2, 3], 3).tolist() == [1.0, 2.0, 3.0]
    with pytest.raises(ValueError, match=r"one weight per sample, shape \(3,\)"):
        v.check_sample_weight([1, 2], 3)
    with pytest.raises(ValueError, match="must not be negative"):
        v.check_sample_weight([1, -2, 3], 3)


def test_reductions_and_their_gradients_agree() -> None:
    losses = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    weights = np.array([1.0, 0.0, 3.0])
    assert v.reduce_loss(losses, "sum") == 21.0
    assert v.reduce_loss(losses, "mean") == 3.5
    assert v.reduce_loss(losses, "mean", weights) == pytest.approx((3 + 3 * 11) / 8)
    np.testing.assert_array_equal(v.reduce_loss(losses, "none", weights)[1], [0.0, 0.0])
    ones = np.ones_like(losses)
    np.testing.assert_allclose(v.scale_gradient(ones, "mean"), ones / 6)
    np.testing.assert_allclose(v.scale_gradient(ones, "mean", loss_shape=(3,)), ones / 3)
    np.testing.assert_allclose(v.scale_gradient(ones, "sum", weights)[:, 0], weights)
    with pytest.raises(ValueError, match="must not sum to 0"):
        v.reduce_loss(losses, "mean", np.zeros(3))
    assert isinstance(v.reduce_loss(losses, "mean"), float)


def test_a_sample_of_weight_zero_contributes_zero_even_when_infinite() -> None:
    losses = np.array([np.inf, 1.0, 3.0])
    weights = np.array([0.0, 1.0, 1.0])
    assert v.reduce_loss(losses, "mean", weights) == 2.0
    np.testing.assert_array_equal(v.scale_gradient(-losses, "sum", weights), [0.0, -1.0, -3.0])
