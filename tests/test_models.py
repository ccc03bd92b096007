"""Tests of lossbook.models: shapes, parameters, and backpropagation against finite differences."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lossbook.activations import sigmoid, softmax
from lossbook.checks import gradient_check_model
from lossbook.models import (
    LinearRegression,
    LogisticRegression,
    OneHiddenLayerNetwork,
    SoftmaxRegression,
)


def all_models(n_features: int = 4, seed: int = 0):
    return [
        LinearRegression(n_features, seed=seed),
        LinearRegression(n_features, 3, seed=seed),
        LogisticRegression(n_features, seed=seed),
        LogisticRegression(n_features, 2, seed=seed),
        SoftmaxRegression(n_features, 3, seed=seed),
        *[
            OneHiddenLayerNetwork(n_features, 5, n_outputs, activation=activation, seed=seed)
            for activation in ("tanh", "relu", "sigmoid")
            for n_outputs in (None, 3)
        ],
    ]


def with_random_params(model, rng):
    """Move every parameter (the biases too) away from its initial value."""
    model.set_params({name: rng.normal(size=value.shape) for name, value in model.params.items()})
    return model


@pytest.mark.parametrize("model", all_models(), ids=repr)
def test_backward_agrees_with_finite_differences(model):
    rng = np.random.default_rng(7)
    with_random_params(model, rng)
    for seed in range(3):
        X = rng.standard_normal((12, 4))
        assert gradient_check_model(model, X, seed=seed) < 1e-6


@settings(max_examples=60, deadline=None)
@given(
    n_samples=st.integers(1, 6),
    n_features=st.integers(1, 4),
    n_hidden=st.integers(1, 4),
    n_outputs=st.sampled_from([None, 1, 2, 3]),
    activation=st.sampled_from(["tanh", "sigmoid"]),
    seed=st.integers(0, 2**16),
)
def test_network_backward_for_any_shape(
    n_samples, n_features, n_hidden, n_outputs, activation, seed
):
    rng = np.random.default_rng(seed)
    model = OneHiddenLayerNetwork(
        n_features, n_hidden, n_outputs, activation=activation, seed=seed
    )
    with_random_params(model, rng)
    X = rng.standard_normal((n_samples, n_features))
    assert gradient_check_model(model, X, seed=seed) < 1e-6


@pytest.mark.parametrize(
    ("model", "shape"),
    [
        (LinearRegression(3), (5,)),
        (LinearRegression(3, 2), (5, 2)),
        (LogisticRegression(3), (5,)),
        (LogisticRegression(3, 4), (5, 4)),
        (SoftmaxRegression(3, 4), (5, 4)),
        (OneHiddenLayerNetwork(3, 6), (5,)),
        (OneHiddenLayerNetwork(3, 6, 4, link="softmax"), (5, 4)),
    ],
    ids=repr,
)
def test_forward_shapes_and_gradient_shapes(model, shape):
    X = np.random.default_rng(0).standard_normal((5, 3))
    output = model.forward(X)
    assert output.shape == shape
    grads = model.backward(np.ones(shape))
    params = model.params
    assert grads.keys() == params.keys()
    for name in params:
        assert isinstance(grads[name], np.ndarray)
        assert grads[name].shape == params[name].shape


def test_linear_models_compute_the_affine_map():
    X = np.array([[1.0, 2.0], [3.0, -1.0]])
    weights, bias = np.array([0.5, -1.0]), 0.25
    scores = X @ weights + bias
    for model in (LinearRegression(2), LogisticRegression(2)):
        model.set_params({"weights": weights, "bias": bias})
        np.testing.assert_allclose(model.forward(X), scores)
    np.testing.assert_allclose(LogisticRegression(2).predict_proba(X).shape, (2,))
    model = LogisticRegression(2)
    model.set_params({"weights": weights, "bias": bias})
    np.testing.assert_allclose(model.predict_proba(X), sigmoid(scores))
    assert model.predict(X).tolist() == [0, 1]


def test_softmax_regression_probabilities_and_labels():
    model = SoftmaxRegression(2, 3, seed=1)
    with_random_params(model, np.random.default_rng(1))
    X = np.random.default_rng(2).standard_normal((6, 2))
    probabilities = model.predict_proba(X)
    np.testing.assert_allclose(probabilities, softmax(model.forward(X)))
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0)
    np.testing.assert_array_equal(model.predict(X), probabilities.argmax(axis=1))
    assert model.n_classes == 3


def test_network_links():
    X = np.random.default_rng(0).standard_normal((4, 2))
    regression = OneHiddenLayerNetwork(2, 3)
    np.testing.assert_array_equal(regression.predict(X), regression.forward(X))
    with pytest.raises(ValueError, match="predict_proba"):
        regression.predict_proba(X)
    binary = OneHiddenLayerNetwork(2, 3, link="sigmoid")
    np.testing.assert_allclose(binary.predict_proba(X), sigmoid(binary.forward(X)))
    assert set(binary.predict(X).tolist()) <= {0, 1}
    classes = OneHiddenLayerNetwork(2, 3, 4, link="softmax")
    np.testing.assert_allclose(classes.predict_proba(X).sum(axis=1), 1.0)
    assert classes.predict(X).shape == (4,)


def test_relu_gradient_is_zero_below_the_kink():
    model = OneHiddenLayerNetwork(1, 1, activation="relu")
    model.set_params({"hidden_weights": [[1.0]], "hidden_bias": [0.0], "output_weights": [2.0]})
    model.forward([[-1.0], [0.0], [3.0]])
    grads = model.backward([1.0, 1.0, 1.0])
    assert grads["hidden_weights"].tolist() == [[6.0]]  # only x = 3 is active
    assert grads["output_weights"].tolist() == [3.0]


def test_initialisation_is_seeded():
    for make in (
        lambda seed: LinearRegression(3, seed=seed),
        lambda seed: SoftmaxRegression(3, 2, seed=seed),
        lambda seed: OneHiddenLayerNetwork(3, 4, activation="relu", seed=seed),
    ):
        first, again, other = make(1).params, make(1).params, make(2).params
        for name in first:
            np.testing.assert_array_equal(first[name], again[name])
        assert any(not np.array_equal(first[name], other[name]) for name in first)
        assert all(not value.any() for name, value in first.items() if "bias" in name)


def test_params_are_copies_and_set_params_copies():
    model = LinearRegression(2)
    params = model.params
    params["weights"][:] = 99.0
    assert not (model.params["weights"] == 99.0).any()
    new_weights = np.array([1.0, 2.0])
    model.set_params({"weights": new_weights})
    new_weights[:] = 0.0
    assert model.params["weights"].tolist() == [1.0, 2.0]


def test_weight_names_leave_out_the_biases():
    assert LinearRegression(2).weight_names == ("weights",)
    assert SoftmaxRegression(2, 3).weight_names == ("weights",)
    assert OneHiddenLayerNetwork(2, 3).weight_names == ("hidden_weights", "output_weights")


@pytest.mark.parametrize("model", all_models(3), ids=repr)
def test_forward_and_backward_do_not_modify_inputs(model):
    X = np.random.default_rng(0).standard_normal((5, 3))
    X_copy = X.copy()
    output = model.forward(X)
    grad_output = np.ones_like(output)
    grad_copy = grad_output.copy()
    model.backward(grad_output)
    np.testing.assert_array_equal(X, X_copy)
    np.testing.assert_array_equal(grad_output, grad_copy)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: LinearRegression(0), ValueError, "n_features"),
        (lambda: LinearRegression(2.0), TypeError, "n_features"),
        (lambda: LinearRegression(2, 0), ValueError, "n_outputs"),
        (lambda: LogisticRegression(True), TypeError, "n_features"),
        (lambda: SoftmaxRegression(2, 1), ValueError, "n_classes"),
        (lambda: OneHiddenLayerNetwork(2, 0), ValueError, "n_hidden"),
        (lambda: OneHiddenLayerNetwork(2, 3, activation="gelu"), ValueError, "activation"),
        (lambda: OneHiddenLayerNetwork(2, 3, link="probit"), ValueError, "link"),
        (lambda: OneHiddenLayerNetwork(2, 3, link="softmax"), ValueError, "n_outputs"),
    ],
)
def test_constructors_refuse_bad_arguments(call, error, match):
    with pytest.raises(error, match=match):
        call()


@pytest.mark.parametrize(
    ("params", "error", "match"),
    [
        ({"weights": [1.0, 2.0, 3.0]}, ValueError, r"params\['weights'\]"),
        ({"weights": [[1.0, 2.0]]}, ValueError, r"params\['weights'\]"),
        ({"bias": [0.0]}, ValueError, r"params\['bias'\]"),
        ({"weights": [np.nan, 1.0]}, ValueError, r"params\['weights'\]"),
        ({"weights": ["a", "b"]}, TypeError, r"params\['weights'\]"),
        ({"slope": [1.0, 2.0]}, ValueError, "unknown parameter 'slope'"),
        ([1.0, 2.0], TypeError, "params"),
    ],
)
def test_set_params_refuses_bad_values(params, error, match):
    model = LinearRegression(2)
    before = model.params
    with pytest.raises(error, match=match):
        model.set_params(params)
    for name, value in model.params.items():
        np.testing.assert_array_equal(value, before[name])


@pytest.mark.parametrize("model", all_models(3), ids=repr)
def test_forward_refuses_bad_features(model):
    with pytest.raises(ValueError, match=r"X must have shape \(n_samples, 3\)"):
        model.forward(np.zeros((4, 2)))
    with pytest.raises(ValueError, match="X must have shape"):
        model.forward(np.zeros(3))
    with pytest.raises(ValueError, match="X"):
        model.forward([[np.inf, 0.0, 0.0]])
    with pytest.raises(TypeError, match="X"):
        model.forward([["a", "b", "c"]])


def test_backward_needs_a_forward_pass_and_the_right_shape():
    model = OneHiddenLayerNetwork(2, 3)
    with pytest.raises(RuntimeError, match="forward"):
        model.backward(np.ones(4))
    model.forward(np.zeros((4, 2)))
    with pytest.raises(ValueError, match="grad_output"):
        model.backward(np.ones((4, 1)))
    with pytest.raises(ValueError, match="grad_output"):
        model.backward([np.nan] * 4)
