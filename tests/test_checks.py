"""Tests of lossbook.checks: finite-difference gradients and numerical convexity."""

from __future__ import annotations

import numpy as np
import pytest

from lossbook.checks import (
    convexity_check,
    directional_curvature,
    gradient_check,
    gradient_check_model,
    numerical_hessian,
)
from lossbook.classification import (
    binary_cross_entropy_with_logits,
    binary_cross_entropy_with_logits_grad,
)
from lossbook.data import make_two_classes
from lossbook.models import LogisticRegression, OneHiddenLayerNetwork
from lossbook.regression import mse, mse_grad
from lossbook.training import objective

A_MATRIX = np.array([[3.0, 1.0, 0.0], [1.0, 2.0, 0.5], [0.0, 0.5, 1.0]])  # positive definite


def quadratic(x):
    return float(0.5 * x @ A_MATRIX @ x)


def cubic_on_dict(point):
    return float(np.sum(point["a"] ** 3) + np.sum(point["b"] * point["a"][0, 0]))


def cubic_on_dict_grad(point):
    grad_a = 3 * point["a"] ** 2
    grad_a[0, 0] += np.sum(point["b"])
    return {"a": grad_a, "b": np.full_like(point["b"], point["a"][0, 0])}


# gradient_check -------------------------------------------------------------


def test_gradient_check_accepts_a_right_gradient_and_flags_a_wrong_one():
    point = np.array([0.3, -1.2, 2.0])
    assert gradient_check(quadratic, lambda x: A_MATRIX @ x, point) < 1e-8
    assert gradient_check(quadratic, lambda x: A_MATRIX.T @ x * 1.01, point) > 5e-3
    assert gradient_check(quadratic, lambda x: np.diag(A_MATRIX) * x, point) > 0.1


def test_gradient_check_on_a_dict_of_arrays():
    point = {"a": np.array([[0.5, -1.0], [2.0, 0.1]]), "b": np.array([1.0, 3.0])}
    assert gradient_check(cubic_on_dict, cubic_on_dict_grad, point) < 1e-8

    def wrong(p):
        grads = cubic_on_dict_grad(p)
        grads["b"] = grads["b"] * 0.5
        return grads

    assert gradient_check(cubic_on_dict, wrong, point) == pytest.approx(0.5, rel=1e-6)


def test_gradient_check_on_a_loss_function():
    rng = np.random.default_rng(0)
    y_true, y_pred = rng.normal(size=8), rng.normal(size=8)
    error = gradient_check(lambda p: mse(y_true, p), lambda p: mse_grad(y_true, p), y_pred)
    assert error < 1e-7
    labels = rng.integers(0, 2, size=8)
    error = gradient_check(
        lambda z: binary_cross_entropy_with_logits(labels, z, reduction="sum"),
        lambda z: binary_cross_entropy_with_logits_grad(labels, z, reduction="sum"),
        y_pred,
    )
    assert error < 1e-7


def test_gradient_check_model_restores_the_parameters_and_finds_a_broken_backward():
    model = OneHiddenLayerNetwork(3, 4, seed=0)
    before = model.params
    X = np.random.default_rng(1).standard_normal((6, 3))
    assert gradient_check_model(model, X) < 1e-6
    for name, value in model.params.items():
        np.testing.assert_array_equal(value, before[name])

    class Broken(OneHiddenLayerNetwork):
        def backward(self, grad_output):
            grads = super().backward(grad_output)
            grads["hidden_bias"] = 2.0 * grads["hidden_bias"]
            return grads

    assert gradient_check_model(Broken(3, 4, seed=0), X) > 0.1


def test_gradient_check_does_not_modify_the_point():
    point = np.array([1.0, 2.0, 3.0])
    gradient_check(quadratic, lambda x: A_MATRIX @ x, point)
    assert point.tolist() == [1.0, 2.0, 3.0]


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: gradient_check(quadratic, lambda x: x[:2], np.ones(3)), ValueError, "gradient"),
        (lambda: gradient_check("cost", lambda x: x, np.ones(3)), TypeError, "cost"),
        (lambda: gradient_check(quadratic, None, np.ones(3)), TypeError, "gradient"),
        (lambda: gradient_check(quadratic, lambda x: x, np.ones(3), step=0), ValueError, "step"),
        (
            lambda: gradient_check(quadratic, lambda x: x, np.ones(3), floor=-1.0),
            ValueError,
            "floor",
        ),
        (lambda: gradient_check(quadratic, lambda x: x, [np.nan, 0, 0]), ValueError, "point"),
        (lambda: gradient_check(quadratic, lambda x: x, {}), ValueError, "point"),
    ],
)
def test_gradient_check_refuses_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()


# curvature and Hessian ----------------------------------------------------------


def test_directional_curvature_is_the_hessian_along_the_line():
    direction = np.array([1.0, -2.0, 0.5])
    unit = direction / np.linalg.norm(direction)
    curvature = directional_curvature(quadratic, np.array([0.1, 0.2, 0.3]), direction)
    assert curvature == pytest.approx(unit @ A_MATRIX @ unit, rel=1e-6)


def test_numerical_hessian_of_a_quadratic_and_of_a_dict_point():
    hessian = numerical_hessian(quadratic, np.array([0.5, -0.5, 1.0]))
    np.testing.assert_allclose(hessian, A_MATRIX, atol=1e-6)
    point = {"a": np.array([[1.0]]), "b": np.array([2.0])}
    # cost = a^3 + b a: Hessian [[6a, 1], [1, 0]]
    np.testing.assert_allclose(
        numerical_hessian(cubic_on_dict, point), [[6, 1], [1, 0]], atol=1e-6
    )


def test_curvature_refuses_a_zero_direction():
    with pytest.raises(ValueError, match="direction"):
        directional_curvature(quadratic, np.ones(3), np.zeros(3))
    with pytest.raises(ValueError, match="direction"):
        directional_curvature(quadratic, np.ones(3), np.ones(2))


# convexity_check ------------------------------------------------------------------


def test_a_convex_quadratic_passes():
    result = convexity_check(quadratic, np.zeros(3), n_lines=50, radius=5.0)
    assert result.is_convex
    assert result.n_negative == 0
    assert result.n_tested == 50 * 7
    assert result.min_curvature >= np.linalg.eigvalsh(A_MATRIX)[0] - 1e-6


def test_a_saddle_fails_along_its_falling_direction():
    result = convexity_check(lambda x: float(x[0] ** 2 - 3 * x[1] ** 2), np.zeros(2), seed=1)
    assert not result.is_convex
    assert result.min_curvature < -5.0
    # the worst direction leans on the falling axis
    assert abs(result.worst_direction[1]) > 0.9
    assert directional_curvature(
        lambda x: float(x[0] ** 2 - 3 * x[1] ** 2), result.worst_point, result.worst_direction
    ) == pytest.approx(result.min_curvature, rel=1e-6)


def test_convexity_check_on_a_dict_point_reports_dicts():
    point = {"a": np.array([[0.5]]), "b": np.array([0.0])}
    result = convexity_check(cubic_on_dict, point, radius=0.4)
    assert not result.is_convex  # a b is a saddle, whatever a is
    assert set(result.worst_point) == {"a", "b"}
    assert result.worst_direction["a"].shape == (1, 1)


def test_rounding_is_not_mistaken_for_concavity():
    # a linear function: every second difference is 0 up to rounding
    result = convexity_check(lambda x: float(np.sum(1e8 * x) + 3.0), np.ones(4), radius=10.0)
    assert result.is_convex


@pytest.mark.parametrize(
    ("options", "error", "match"),
    [
        ({"n_lines": 0}, ValueError, "n_lines"),
        ({"n_lines": 2.5}, TypeError, "n_lines"),
        ({"n_points": 2}, ValueError, "n_points"),
        ({"radius": 0.0}, ValueError, "radius"),
        ({"rtol": -1.0}, ValueError, "rtol"),
    ],
)
def test_convexity_check_refuses_bad_options(options, error, match):
    with pytest.raises(error, match=match):
        convexity_check(quadratic, np.zeros(3), **options)


# convexity of the book's costs -----------------------------------------------------

FEATURES, LABELS = make_two_classes(60, seed=0)


def cost_of(model, loss, **options):
    """The training cost as a function of the parameters of ``model``."""

    def cost(params):
        model.set_params(params)
        return objective(model, loss, FEATURES, LABELS, **options)

    return cost


def test_cross_entropy_of_logistic_regression_is_convex():
    model = LogisticRegression(2)
    cost = cost_of(model, binary_cross_entropy_with_logits)
    for radius in (0.5, 5.0):
        result = convexity_check(cost, model.params, n_lines=60, radius=radius, seed=2)
        assert result.is_convex, result


def test_mse_on_a_sigmoid_output_is_not_convex_at_a_named_point():
    """Far on the wrong side (weights -3, -3: confidently wrong), MSE on a sigmoid flattens out."""
    model = LogisticRegression(2)
    cost = cost_of(model, mse, link="sigmoid")
    point = {"weights": np.array([-3.0, -3.0]), "bias": np.array(0.0)}
    result = convexity_check(cost, point, n_lines=40, radius=0.5, seed=0)
    assert not result.is_convex
    assert result.min_curvature < -0.01
    # the curvature along the reported line, at the reported point, is negative
    assert directional_curvature(cost, result.worst_point, result.worst_direction) < 0
    # whereas the cross-entropy of the same model is convex around the same point
    convex = convexity_check(
        cost_of(model, binary_cross_entropy_with_logits), point, n_lines=40, radius=0.5, seed=0
    )
    assert convex.is_convex


def test_cost_of_a_one_hidden_layer_network_is_not_convex():
    model = OneHiddenLayerNetwork(2, 3, seed=0)
    cost = cost_of(model, binary_cross_entropy_with_logits)
    result = convexity_check(cost, model.params, n_lines=40, radius=2.0, seed=0)
    assert not result.is_convex
    assert result.min_curvature < 0
