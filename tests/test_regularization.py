"""Tests of lossbook.regularization: penalties, their gradients and objectives."""

from __future__ import annotations

import dataclasses
import math
from functools import partial

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import lossbook
from lossbook.regression import (
    huber,
    huber_grad,
    log_cosh,
    log_cosh_grad,
    mae,
    mae_grad,
    mse,
    mse_grad,
)
from lossbook.regularization import (
    Objective,
    l1_penalty,
    l1_penalty_grad,
    l2_penalty,
    l2_penalty_grad,
)

FAST = settings(max_examples=30, deadline=None)

PENALTIES = [
    pytest.param(l1_penalty, l1_penalty_grad, id="l1"),
    pytest.param(l2_penalty, l2_penalty_grad, id="l2"),
]


def numeric_gradient(function, point: np.ndarray) -> np.ndarray:
    """Central differences of a scalar function, one coordinate at a time."""
    gradient = np.empty_like(point)
    for index in np.ndindex(point.shape):
        step = 1e-6 * max(1.0, abs(point[index]))
        forward, backward = point.copy(), point.copy()
        forward[index] += step
        backward[index] -= step
        gradient[index] = (function(forward) - function(backward)) / (forward - backward)[index]
    return gradient


# ---------------------------------------------------------------------------
# Penalties: values
# ---------------------------------------------------------------------------


def test_l1_penalty_by_hand():
    assert l1_penalty([0.5, -2.0, 0.0]) == 2.5
    assert l1_penalty([0.5, -2.0, 0.0], strength=0.1) == pytest.approx(0.25, rel=1e-15)
    assert l1_penalty({"weights": [[1.0, -1.0], [2.0, 0.0]], "bias": [-3.0]}) == 7.0
    assert l1_penalty([1.0, -1.0], strength=0.0) == 0.0


def test_l2_penalty_carries_a_half():
    weights = np.array([3.0, -4.0])
    assert l2_penalty(weights) == 12.5  # (1/2)(9 + 16)
    assert l2_penalty(weights, strength=0.1) == pytest.approx(1.25, rel=1e-15)
    # Keras's L2(l2) is l2 * sum(w²), without the 1/2: Keras's l2 = strength / 2.
    keras_l2 = 0.01
    assert l2_penalty(weights, strength=2 * keras_l2) == pytest.approx(
        keras_l2 * np.sum(weights**2), rel=1e-15
    )


@pytest.mark.parametrize(("penalty", "penalty_grad"), PENALTIES)
def test_penalties_return_floats_and_add_up_over_named_arrays(penalty, penalty_grad):
    params = {"weights": np.arange(6.0).reshape(2, 3) - 2.5, "bias": np.array([0.5, -1.5])}
    total = penalty(params, strength=0.3)
    assert type(total) is float
    assert type(penalty(np.float64(2.0))) is float
    separate = penalty(params["weights"], strength=0.3) + penalty(params["bias"], strength=0.3)
    assert total == pytest.approx(separate, rel=1e-15)


@pytest.mark.parametrize(("penalty", "penalty_grad"), PENALTIES)
def test_gradient_comes_in_the_structure_of_params(penalty, penalty_grad):
    weights = np.array([[1.0, -2.0, 0.5]])
    gradient = penalty_grad(weights)
    assert isinstance(gradient, np.ndarray)
    assert gradient.shape == weights.shape

    params = {"weights": weights, "bias": [0.25]}
    gradients = penalty_grad(params, strength=0.5)
    assert isinstance(gradients, dict)
    assert list(gradients) == ["weights", "bias"]
    assert gradients["weights"].shape == (1, 3)
    assert gradients["bias"].shape == (1,)
    np.testing.assert_array_equal(gradients["weights"], penalty_grad(weights, strength=0.5))


def test_l1_subgradient_is_zero_at_zero():
    assert l1_penalty_grad([0.0, -0.0, 2.0, -3.0], strength=0.7).tolist() == [
        0.0,
        0.0,
        0.7,
        -0.7,
    ]


def test_l2_gradient_descent_is_weight_decay():
    weights = np.array([3.0, -4.0, 0.5])
    learning_rate, strength = 0.1, 0.2
    step = weights - learning_rate * l2_penalty_grad(weights, strength=strength)
    np.testing.assert_allclose(step, (1 - learning_rate * strength) * weights, rtol=1e-15)


def test_every_public_name_is_reexported():
    for name in lossbook.regularization.__all__:
        assert getattr(lossbook, name) is getattr(lossbook.regularization, name)


# ---------------------------------------------------------------------------
# Penalties: gradients against finite differences
# ---------------------------------------------------------------------------

parameter_arrays = hnp.arrays(
    np.float64,
    hnp.array_shapes(min_dims=1, max_dims=2, max_side=3),
    elements=st.floats(-5.0, 5.0),
)
#: Parameters away from the L1 penalty's kink at 0.
nonzero_parameter_arrays = hnp.arrays(
    np.float64,
    hnp.array_shapes(min_dims=1, max_dims=2, max_side=3),
    elements=st.floats(-5.0, -1e-3) | st.floats(1e-3, 5.0),
)


@FAST
@given(nonzero_parameter_arrays, nonzero_parameter_arrays, st.floats(0.0, 3.0))
def test_l1_gradient_matches_finite_differences(weights, bias, strength):
    params = {"weights": weights, "bias": bias}
    gradients = l1_penalty_grad(params, strength=strength)
    for name in params:

        def value(array, name=name):
            return l1_penalty({**params, name: array}, strength=strength)

        expected = numeric_gradient(value, params[name])
        np.testing.assert_allclose(gradients[name], expected, rtol=1e-6, atol=1e-8)


@FAST
@given(parameter_arrays, parameter_arrays, st.floats(0.0, 3.0))
def test_l2_gradient_matches_finite_differences(weights, bias, strength):
    params = {"weights": weights, "bias": bias}
    gradients = l2_penalty_grad(params, strength=strength)
    for name in params:

        def value(array, name=name):
            return l2_penalty({**params, name: array}, strength=strength)

        expected = numeric_gradient(value, params[name])
        np.testing.assert_allclose(gradients[name], expected, rtol=1e-6, atol=1e-7)


# ---------------------------------------------------------------------------
# Penalties: bad input and untouched input
# ---------------------------------------------------------------------------

#: id -> (params, keyword arguments, error, message pattern)
BAD_PENALTY_INPUTS = {
    "strength-negative": (
        [1.0],
        {"strength": -0.1},
        ValueError,
        r"strength must lie in \[0, inf\]",
    ),
    "strength-nan": ([1.0], {"strength": math.nan}, ValueError, "strength must be a finite"),
    "strength-inf": ([1.0], {"strength": math.inf}, ValueError, "strength must be a finite"),
    "strength-str": ([1.0], {"strength": "0.1"}, TypeError, "strength must be a real number"),
    "strength-bool": ([1.0], {"strength": True}, TypeError, "strength must be a real number"),
    "strength-array": ([1.0], {"strength": np.ones(2)}, TypeError, "strength must be a real"),
    "params-none": (None, {}, TypeError, "params must be an array of real numbers"),
    "params-str": ("weights", {}, TypeError, "params must be an array of real numbers"),
    "params-empty": ([], {}, ValueError, "params must not be empty"),
    "params-nan": ([1.0, math.nan], {}, ValueError, "params must contain only finite"),
    "params-ragged": ([[1.0], [1.0, 2.0]], {}, ValueError, "params must be a rectangular"),
    "mapping-empty": ({}, {}, ValueError, "params must hold at least one array"),
    "mapping-key": ({1: [1.0]}, {}, TypeError, "params must map names"),
    "mapping-inf": ({"w": [math.inf]}, {}, ValueError, r"params\['w'\] must contain only"),
    "mapping-nested": ({"layer": {"w": [1.0]}}, {}, TypeError, r"params\['layer'\] must be"),
    "mapping-objects": ({"b": np.array([None])}, {}, TypeError, r"params\['b'\] must be"),
}
ALL_PENALTY_FUNCTIONS = [l1_penalty, l1_penalty_grad, l2_penalty, l2_penalty_grad]


@pytest.mark.parametrize("function", ALL_PENALTY_FUNCTIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    ("params", "kwargs", "error", "match"),
    [pytest.param(*case, id=name) for name, case in BAD_PENALTY_INPUTS.items()],
)
def test_bad_penalty_input_is_refused(function, params, kwargs, error, match):
    with pytest.raises(error, match=match):
        function(params, **kwargs)


@pytest.mark.parametrize("function", ALL_PENALTY_FUNCTIONS, ids=lambda f: f.__name__)
def test_strength_is_keyword_only(function):
    with pytest.raises(TypeError):
        function([1.0], 0.5)


@pytest.mark.parametrize("function", ALL_PENALTY_FUNCTIONS, ids=lambda f: f.__name__)
def test_params_are_never_modified_nor_shared(function):
    params = {"weights": np.array([[1.0, -2.0], [0.0, 3.0]]), "bias": np.array([0.5])}
    originals = {name: array.copy() for name, array in params.items()}
    for given_params in (params, params["weights"]):
        result = function(given_params, strength=1.0)
        outputs = result.values() if isinstance(result, dict) else [result]
        for output in outputs:
            for array in params.values():
                assert not np.shares_memory(output, array)
    for name, array in params.items():
        np.testing.assert_array_equal(array, originals[name])


# ---------------------------------------------------------------------------
# Objective
# ---------------------------------------------------------------------------

Y_TRUE = np.array([[1.0, -2.0], [0.5, 3.0], [0.0, 0.0]])
Y_PRED = np.array([[1.5, -1.0], [2.5, 3.0], [-0.25, 1.0]])


def test_objective_is_the_weighted_sum_of_its_losses():
    objective = Objective(losses=[(1.0, mse, mse_grad), (0.5, mae, mae_grad)])
    for reduction in ("mean", "sum", "none"):
        expected = mse(Y_TRUE, Y_PRED, reduction=reduction) + 0.5 * mae(
            Y_TRUE, Y_PRED, reduction=reduction
        )
        np.testing.assert_allclose(objective(Y_TRUE, Y_PRED, reduction=reduction), expected)
        expected_grad = mse_grad(Y_TRUE, Y_PRED, reduction=reduction) + 0.5 * mae_grad(
            Y_TRUE, Y_PRED, reduction=reduction
        )
        np.testing.assert_allclose(
            objective.grad(Y_TRUE, Y_PRED, reduction=reduction), expected_grad
        )
    assert type(objective(Y_TRUE, Y_PRED)) is float


def test_objective_by_hand():
    objective = Objective(losses=[(1.0, mse, mse_grad), (0.5, mae, mae_grad)])
    assert objective([1.0, 2.0], [1.5, 1.0]) == 1.0  # 0.625 + 0.5 * 0.75
    assert objective.grad([1.0, 2.0], [1.5, 1.0]).tolist() == [0.75, -1.25]


def test_objective_passes_sample_weight_to_every_loss():
    objective = Objective(losses=[(2.0, mse, mse_grad), (1.0, log_cosh, log_cosh_grad)])
    weights = np.array([1.0, 0.0, 3.0])
    expected = 2.0 * mse(Y_TRUE, Y_PRED, sample_weight=weights) + log_cosh(
        Y_TRUE, Y_PRED, sample_weight=weights
    )
    assert objective(Y_TRUE, Y_PRED, sample_weight=weights) == pytest.approx(expected)


def test_objective_with_penalties():
    params = {"weights": np.array([3.0, -4.0])}
    objective = Objective(
        losses=[(1.0, mse, mse_grad)],
        penalties=[(0.1, l2_penalty, l2_penalty_grad), (0.01, l1_penalty, l1_penalty_grad)],
    )
    expected = mse(Y_TRUE, Y_PRED) + 0.1 * 12.5 + 0.01 * 7.0
    assert objective(Y_TRUE, Y_PRED, params=params) == pytest.approx(expected, rel=1e-15)
    np.testing.assert_array_equal(objective.grad(Y_TRUE, Y_PRED), mse_grad(Y_TRUE, Y_PRED))
    gradient = objective.penalty_grad(params)
    assert list(gradient) == ["weights"]
    np.testing.assert_allclose(gradient["weights"], [0.3 + 0.01, -0.4 - 0.01])
    np.testing.assert_allclose(objective.penalty_grad(params["weights"]), [0.31, -0.41])


def test_penalty_grad_without_penalties_is_zero():
    objective = Objective(losses=[(1.0, mse, mse_grad)])
    gradient = objective.penalty_grad({"weights": [[1.0, 2.0]], "bias": [3.0]})
    assert {name: array.tolist() for name, array in gradient.items()} == {
        "weights": [[0.0, 0.0]],
        "bias": [0.0],
    }


def test_objective_is_frozen_and_nests_as_a_loss():
    inner = Objective(losses=[(1.0, mse, mse_grad)])
    assert isinstance(inner.losses, tuple)
    with pytest.raises(dataclasses.FrozenInstanceError):
        inner.losses = ()
    outer = Objective(losses=[(3.0, inner, inner.grad), (1.0, mae, mae_grad)])
    expected = 3.0 * mse(Y_TRUE, Y_PRED) + mae(Y_TRUE, Y_PRED)
    assert outer(Y_TRUE, Y_PRED) == pytest.approx(expected, rel=1e-15)


mixed = Objective(
    losses=[
        (1.0, mse, mse_grad),
        (0.3, partial(huber, delta=0.5), partial(huber_grad, delta=0.5)),
        (2.0, log_cosh, log_cosh_grad),
    ],
    penalties=[(0.2, l2_penalty, l2_penalty_grad), (0.05, l1_penalty, l1_penalty_grad)],
)


@FAST
@given(
    hnp.arrays(np.float64, (3, 2), elements=st.floats(-5.0, 5.0)),
    hnp.arrays(np.float64, (3, 2), elements=st.floats(0.0, 0.49) | st.floats(0.51, 5.0)),
    hnp.arrays(np.bool_, (3, 2)),
    st.sampled_from(["mean", "sum"]),
)
def test_objective_gradient_matches_finite_differences(y_true, size, negative, reduction):
    # Residual sizes keep away from 0.5, where Huber's second derivative jumps.
    y_pred = y_true - np.where(negative, -size, size)
    params = {"weights": np.array([1.0, -2.0])}

    def value(prediction):
        return mixed(y_true, prediction, params=params, reduction=reduction)

    expected = numeric_gradient(value, y_pred)
    gradient = mixed.grad(y_true, y_pred, reduction=reduction)
    np.testing.assert_allclose(gradient, expected, rtol=1e-5, atol=1e-7)


@FAST
@given(nonzero_parameter_arrays, nonzero_parameter_arrays)
def test_objective_penalty_gradient_matches_finite_differences(weights, bias):
    params = {"weights": weights, "bias": bias}
    gradients = mixed.penalty_grad(params)
    for name in params:

        def value(array, name=name):
            return mixed(Y_TRUE, Y_PRED, params={**params, name: array})

        expected = numeric_gradient(value, params[name])
        np.testing.assert_allclose(gradients[name], expected, rtol=1e-6, atol=1e-7)


#: id -> (keyword arguments of Objective, error, message pattern)
BAD_OBJECTIVES = {
    "no-losses": ({"losses": []}, ValueError, "losses must hold at least one"),
    "losses-not-sequence": ({"losses": mse}, TypeError, "losses must be a sequence"),
    "losses-mapping": ({"losses": {1.0: mse}}, TypeError, "losses must be a sequence"),
    "not-a-triple": ({"losses": [(1.0, mse)]}, TypeError, r"losses\[0\] must be a \(weight"),
    "not-a-tuple": ({"losses": [mse]}, TypeError, r"losses\[0\] must be a \(weight"),
    "weight-negative": ({"losses": [(-1.0, mse, mse_grad)]}, ValueError, "weight of losses"),
    "weight-nan": ({"losses": [(math.nan, mse, mse_grad)]}, ValueError, "must be a finite"),
    "weight-inf": ({"losses": [(math.inf, mse, mse_grad)]}, ValueError, "must be a finite"),
    "weight-str": ({"losses": [("1", mse, mse_grad)]}, TypeError, "weight of losses"),
    "weight-none": ({"losses": [(None, mse, mse_grad)]}, TypeError, "weight of losses"),
    "not-callable": ({"losses": [(1.0, "mse", mse_grad)]}, TypeError, "callable function"),
    "grad-not-callable": ({"losses": [(1.0, mse, None)]}, TypeError, "callable function"),
    "penalty-weight": (
        {"losses": [(1.0, mse, mse_grad)], "penalties": [(-0.1, l2_penalty, l2_penalty_grad)]},
        ValueError,
        r"the weight of penalties\[0\]",
    ),
    "penalty-not-triple": (
        {"losses": [(1.0, mse, mse_grad)], "penalties": [l2_penalty]},
        TypeError,
        r"penalties\[0\] must be",
    ),
}


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [pytest.param(*case, id=name) for name, case in BAD_OBJECTIVES.items()],
)
def test_bad_objectives_are_refused(kwargs, error, match):
    with pytest.raises(error, match=match):
        Objective(**kwargs)


def test_objective_calls_must_match_its_penalties():
    plain = Objective(losses=[(1.0, mse, mse_grad)])
    penalised = Objective(
        losses=[(1.0, mse, mse_grad)], penalties=[(0.1, l2_penalty, l2_penalty_grad)]
    )
    with pytest.raises(TypeError, match="params is required"):
        penalised(Y_TRUE, Y_PRED)
    with pytest.raises(ValueError, match="params was given"):
        plain(Y_TRUE, Y_PRED, params=[1.0])
    with pytest.raises(ValueError, match="reduction must be 'mean' or 'sum'"):
        penalised(Y_TRUE, Y_PRED, params=[1.0], reduction="none")
    with pytest.raises(ValueError, match="reduction must be one of"):
        plain(Y_TRUE, Y_PRED, reduction="avg")
    with pytest.raises(ValueError, match=r"params\['w'\] must contain only finite"):
        penalised.penalty_grad({"w": [math.nan]})


def test_objective_leaves_its_inputs_alone():
    y_true, y_pred, params = Y_TRUE.copy(), Y_PRED.copy(), {"weights": np.array([1.0, -2.0])}
    mixed(y_true, y_pred, params=params)
    mixed.grad(y_true, y_pred)
    gradient = mixed.penalty_grad(params)
    assert not np.shares_memory(gradient["weights"], params["weights"])
    np.testing.assert_array_equal(y_true, Y_TRUE)
    np.testing.assert_array_equal(y_pred, Y_PRED)
    np.testing.assert_array_equal(params["weights"], [1.0, -2.0])
