"""Tests of lossbook.optim: updates against their published definitions."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lossbook.optim import SGD, Adam, GradientDescent, Momentum

GRADIENTS = [
    {"w": np.array([0.5, -2.0]), "b": np.array(1e-3)},
    {"w": np.array([-0.1, -1.0]), "b": np.array(2e-3)},
    {"w": np.array([3.0, 0.0]), "b": np.array(-4e-3)},
    {"w": np.array([0.2, 5.0]), "b": np.array(1.0)},
]
START = {"w": np.array([1.0, -1.0]), "b": np.array(0.5)}


def run(optimizer, steps=None):
    params = START
    history = []
    for grads in GRADIENTS if steps is None else GRADIENTS[:steps]:
        params = optimizer.step(params, grads)
        history.append(params)
    return history


def test_adam_matches_the_algorithm_of_kingma_and_ba_written_out_by_hand():
    """Algorithm 1 of Kingma and Ba (2015), one coordinate at a time, in plain floats."""
    learning_rate, beta1, beta2, eps = 0.01, 0.9, 0.999, 1e-8
    history = run(Adam(learning_rate=learning_rate))
    for name in ("w", "b"):
        for index in np.ndindex(START[name].shape):
            theta, m, v = float(START[name][index]), 0.0, 0.0
            for t, grads in enumerate(GRADIENTS, start=1):
                g = float(grads[name][index])
                m = beta1 * m + (1 - beta1) * g
                v = beta2 * v + (1 - beta2) * g * g
                m_hat = m / (1 - beta1**t)
                v_hat = v / (1 - beta2**t)
                theta = theta - learning_rate * m_hat / (math.sqrt(v_hat) + eps)
                assert history[t - 1][name][index] == pytest.approx(theta, rel=1e-14, abs=1e-15)


def test_adam_defaults_are_those_of_the_paper():
    optimizer = Adam()
    assert (optimizer.learning_rate, optimizer.beta1, optimizer.beta2, optimizer.eps) == (
        1e-3,
        0.9,
        0.999,
        1e-8,
    )


def test_adam_first_step_has_the_size_of_the_learning_rate():
    params = Adam(learning_rate=0.1).step({"w": np.zeros(3)}, {"w": np.array([1e-4, 1.0, -1e4])})
    np.testing.assert_allclose(params["w"], [-0.1, -0.1, 0.1], rtol=1e-3)


def test_sgd_and_its_alias():
    assert GradientDescent is SGD
    history = run(SGD(learning_rate=0.1), steps=2)
    expected = START["w"] - 0.1 * GRADIENTS[0]["w"] - 0.1 * GRADIENTS[1]["w"]
    np.testing.assert_allclose(history[1]["w"], expected, rtol=1e-15)


def test_momentum_written_out_by_hand():
    learning_rate, momentum = 0.05, 0.8
    history = run(Momentum(learning_rate=learning_rate, momentum=momentum))
    theta, velocity = START["w"].copy(), np.zeros(2)
    for step, grads in enumerate(GRADIENTS):
        velocity = momentum * velocity + grads["w"]
        theta = theta - learning_rate * velocity
        np.testing.assert_allclose(history[step]["w"], theta, rtol=1e-15)


def test_momentum_zero_is_sgd():
    with_momentum = run(Momentum(learning_rate=0.1, momentum=0.0))
    plain = run(SGD(learning_rate=0.1))
    for first, second in zip(with_momentum, plain, strict=True):
        np.testing.assert_allclose(first["w"], second["w"], rtol=1e-15)


@pytest.mark.parametrize(
    "optimizer",
    [SGD(0.1), Momentum(0.05), Adam(0.1)],
    ids=repr,
)
def test_optimisers_minimise_a_quadratic(optimizer):
    curvature = np.array([1.0, 10.0])
    params = {"w": np.array([3.0, -2.0])}
    for _ in range(500):
        params = optimizer.step(params, {"w": curvature * params["w"]})
    np.testing.assert_allclose(params["w"], 0.0, atol=1e-3)


@pytest.mark.parametrize("optimizer", [SGD(0.1), Momentum(0.1), Adam(0.1)], ids=repr)
def test_step_returns_new_arrays_and_leaves_inputs_alone(optimizer):
    params = {"w": np.array([1.0, 2.0])}
    grads = {"w": np.array([0.5, 0.5])}
    new = optimizer.step(params, grads)
    assert new["w"] is not params["w"]
    assert params["w"].tolist() == [1.0, 2.0]
    assert grads["w"].tolist() == [0.5, 0.5]
    new = optimizer.step(new, grads)
    new["w"][:] = 0.0  # the caller may write into what it got back
    assert optimizer.step({"w": np.ones(2)}, grads)["w"].shape == (2,)


def test_reset_forgets_the_memory():
    optimizer = Adam(0.1)
    first = optimizer.step(START, GRADIENTS[0])
    optimizer.step(first, GRADIENTS[1])
    optimizer.reset()
    assert optimizer.n_steps == 0
    again = optimizer.step(START, GRADIENTS[0])
    np.testing.assert_array_equal(again["w"], first["w"])


def test_memory_of_another_shape_asks_for_reset():
    optimizer = Momentum(0.1)
    optimizer.step({"w": np.zeros(2)}, {"w": np.ones(2)})
    with pytest.raises(ValueError, match="reset"):
        optimizer.step({"w": np.zeros(3)}, {"w": np.ones(3)})


@pytest.mark.parametrize(
    ("make", "error", "match"),
    [
        (lambda: SGD(0.0), ValueError, "learning_rate"),
        (lambda: SGD(-1.0), ValueError, "learning_rate"),
        (lambda: SGD(np.nan), ValueError, "learning_rate"),
        (lambda: SGD("fast"), TypeError, "learning_rate"),
        (lambda: Momentum(0.1, momentum=1.0), ValueError, "momentum"),
        (lambda: Momentum(0.1, momentum=-0.1), ValueError, "momentum"),
        (lambda: Momentum(0.1, momentum=None), TypeError, "momentum"),
        (lambda: Adam(learning_rate=0.0), ValueError, "learning_rate"),
        (lambda: Adam(beta1=1.0), ValueError, "beta1"),
        (lambda: Adam(beta1=-0.5), ValueError, "beta1"),
        (lambda: Adam(beta2=1.5), ValueError, "beta2"),
        (lambda: Adam(beta2=True), TypeError, "beta2"),
        (lambda: Adam(eps=0.0), ValueError, "eps"),
    ],
)
def test_bad_hyper_parameters(make, error, match):
    with pytest.raises(error, match=match):
        make()


def test_betas_of_zero_are_allowed():
    params = Adam(0.1, beta1=0.0, beta2=0.0).step({"w": np.ones(1)}, {"w": np.full(1, 2.0)})
    np.testing.assert_allclose(params["w"], [0.9])


@pytest.mark.parametrize(
    ("params", "grads", "error", "match"),
    [
        ({"w": np.ones(2)}, {"v": np.ones(2)}, ValueError, "same names"),
        ({"w": np.ones(2)}, {"w": np.ones(3)}, ValueError, r"grads\['w'\]"),
        ({"w": np.ones(2)}, {"w": np.array([np.nan, 0.0])}, ValueError, r"grads\['w'\]"),
        ({"w": np.array([np.inf, 0.0])}, {"w": np.ones(2)}, ValueError, r"params\['w'\]"),
        ({"w": np.ones(2)}, [np.ones(2)], TypeError, "grads"),
        (np.ones(2), {"w": np.ones(2)}, TypeError, "params"),
        ({"w": ["a", "b"]}, {"w": np.ones(2)}, TypeError, r"params\['w'\]"),
    ],
)
def test_step_refuses_bad_input(params, grads, error, match):
    with pytest.raises(error, match=match):
        Adam().step(params, grads)
