"""Tests of lossbook.training: the loop reaches the minima that the field's tools reach.

Penalty and scikit-learn's C: the loop minimises the mean loss plus
(lam / 2) ||w||^2 (weights only), scikit-learn's LogisticRegression minimises
C * (sum of the losses) + (1/2) ||w||^2 (intercept not penalised by lbfgs);
dividing the latter by C * n gives the former with C = 1 / (n * lam).
"""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression as ScikitLogisticRegression
from sklearn.linear_model import Ridge

from lossbook.checks import gradient_check
from lossbook.classification import (
    binary_cross_entropy_with_logits,
    binary_cross_entropy_with_logits_grad,
    softmax_cross_entropy,
    softmax_cross_entropy_grad,
)
from lossbook.data import (
    load_digits,
    make_classes,
    make_two_classes,
    train_validation_split,
)
from lossbook.models import (
    LinearRegression,
    LogisticRegression,
    OneHiddenLayerNetwork,
    SoftmaxRegression,
)
from lossbook.optim import SGD, Adam, Momentum
from lossbook.regression import mse, mse_grad
from lossbook.training import (
    History,
    NonFiniteCostError,
    objective,
    objective_and_gradient,
    train,
)

BCE = (binary_cross_entropy_with_logits, binary_cross_entropy_with_logits_grad)
SOFTMAX_CE = (softmax_cross_entropy, softmax_cross_entropy_grad)
MSE = (mse, mse_grad)


def scikit_learn_fit(X, y, lam):
    n_samples = X.shape[0]
    return ScikitLogisticRegression(C=1.0 / (n_samples * lam), tol=1e-10, max_iter=10_000).fit(
        X, y
    )


# agreement with trusted solvers ---------------------------------------------------


def test_l2_logistic_regression_reaches_scikit_learns_minimum():
    X, y = make_two_classes(200, seed=0)
    lam = 0.01
    reference = scikit_learn_fit(X, y, lam)
    model = LogisticRegression(2)
    history = train(
        model, *BCE, X, y, optimizer=SGD(learning_rate=4.0), epochs=300, penalties={"l2": lam}
    )
    at_reference = LogisticRegression(2)
    at_reference.set_params({"weights": reference.coef_[0], "bias": reference.intercept_[0]})
    reference_cost = objective(at_reference, BCE[0], X, y, penalties={"l2": lam})
    assert history.train_cost[-1] == pytest.approx(reference_cost, rel=1e-6)
    np.testing.assert_allclose(model.params["weights"], reference.coef_[0], atol=1e-4)
    np.testing.assert_allclose(model.params["bias"], reference.intercept_[0], atol=1e-4)


def test_l2_logistic_regression_with_adam_reaches_the_same_minimum():
    X, y = make_two_classes(100, seed=3)
    lam = 0.05
    reference = scikit_learn_fit(X, y, lam)
    model = LogisticRegression(2)
    train(
        model, *BCE, X, y, optimizer=Adam(learning_rate=0.05), epochs=1500, penalties={"l2": lam}
    )
    np.testing.assert_allclose(model.params["weights"], reference.coef_[0], atol=1e-4)
    np.testing.assert_allclose(model.params["bias"], reference.intercept_[0], atol=1e-4)


def test_l2_softmax_regression_reaches_scikit_learns_multinomial_minimum():
    X, y = make_classes(150, n_classes=3, seed=0)
    lam = 0.02
    reference = scikit_learn_fit(X, y, lam)  # multinomial for more than two classes
    model = SoftmaxRegression(2, 3)
    history = train(
        model,
        *SOFTMAX_CE,
        X,
        y,
        optimizer=SGD(learning_rate=2.0),
        epochs=500,
        penalties={"l2": lam},
    )
    at_reference = SoftmaxRegression(2, 3)
    at_reference.set_params({"weights": reference.coef_.T, "bias": reference.intercept_})
    reference_cost = objective(at_reference, SOFTMAX_CE[0], X, y, penalties={"l2": lam})
    assert history.train_cost[-1] == pytest.approx(reference_cost, rel=1e-6)
    np.testing.assert_allclose(model.params["weights"], reference.coef_.T, atol=1e-4)
    # the intercepts are defined up to a common constant: compare them centred
    bias, reference_bias = model.params["bias"], reference.intercept_
    np.testing.assert_allclose(
        bias - bias.mean(), reference_bias - reference_bias.mean(), atol=1e-4
    )


def test_linear_regression_reaches_least_squares():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((100, 3))
    y = X @ np.array([1.0, -2.0, 0.5]) + 0.3 + 0.1 * rng.standard_normal(100)
    design = np.column_stack([X, np.ones(100)])
    solution = np.linalg.lstsq(design, y, rcond=None)[0]
    model = LinearRegression(3)
    history = train(model, *MSE, X, y, optimizer=SGD(learning_rate=0.3), epochs=200)
    assert history.train_cost[-1] == pytest.approx(np.mean((design @ solution - y) ** 2), rel=1e-6)
    np.testing.assert_allclose(model.params["weights"], solution[:3], atol=1e-4)
    np.testing.assert_allclose(model.params["bias"], solution[3], atol=1e-4)


def test_l2_linear_regression_reaches_scikit_learns_ridge():
    """MSE + (lam / 2) ||w||^2 is Ridge's objective divided by n, with alpha = n lam / 2."""
    rng = np.random.default_rng(1)
    X = rng.standard_normal((80, 4))
    y = X @ np.array([0.5, -1.0, 2.0, 0.0]) - 1.0 + 0.3 * rng.standard_normal(80)
    lam = 0.1
    reference = Ridge(alpha=80 * lam / 2).fit(X, y)
    model = LinearRegression(4)
    train(model, *MSE, X, y, optimizer=SGD(learning_rate=0.3), epochs=300, penalties={"l2": lam})
    np.testing.assert_allclose(model.params["weights"], reference.coef_, atol=1e-4)
    np.testing.assert_allclose(model.params["bias"], reference.intercept_, atol=1e-4)


# the digits -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def digits():
    features, labels = load_digits()
    return train_validation_split(
        features, labels, validation_fraction=0.25, stratify=True, seed=0
    )


def accuracy(model, X, y):
    return float(np.mean(model.predict(X) == y))


def test_softmax_regression_and_a_network_on_the_digits(digits):
    train_x, validation_x, train_y, validation_y = digits
    linear = SoftmaxRegression(64, 10, seed=0)
    train(
        linear,
        *SOFTMAX_CE,
        train_x,
        train_y,
        optimizer=Adam(0.01),
        epochs=30,
        batch_size=64,
        seed=0,
    )
    linear_accuracy = accuracy(linear, validation_x, validation_y)
    assert linear_accuracy >= 0.95
    network = OneHiddenLayerNetwork(64, 64, 10, activation="relu", link="softmax", seed=0)
    train(
        network,
        *SOFTMAX_CE,
        train_x,
        train_y,
        optimizer=Adam(0.01),
        epochs=30,
        batch_size=64,
        seed=0,
    )
    assert accuracy(network, validation_x, validation_y) >= linear_accuracy


# the backward pass through links and penalties --------------------------------------


def cost_and_gradient_functions(model, loss, loss_grad, X, y, **options):
    def cost(params):
        model.set_params(params)
        return objective(model, loss, X, y, **options)

    def gradient(params):
        model.set_params(params)
        return objective_and_gradient(model, loss, loss_grad, X, y, **options)[1]

    return cost, gradient


@pytest.mark.parametrize(
    ("make_model", "loss_pair", "targets", "options"),
    [
        (lambda: LogisticRegression(3), MSE, "binary", {"link": "sigmoid"}),
        (lambda: LogisticRegression(3), BCE, "binary", {"penalties": {"l2": 0.3}}),
        (lambda: LogisticRegression(3), BCE, "binary", {"penalties": {"l1": 0.1, "l2": 0.2}}),
        (lambda: SoftmaxRegression(3, 4), MSE, "one-hot", {"link": "softmax"}),
        (lambda: SoftmaxRegression(3, 4), SOFTMAX_CE, "labels", {"link": "identity"}),
        (
            lambda: OneHiddenLayerNetwork(3, 5, 4, link="softmax"),
            MSE,
            "one-hot",
            {"link": "softmax", "penalties": {"l2": 0.1}},
        ),
        (
            lambda: OneHiddenLayerNetwork(3, 5, activation="sigmoid"),
            MSE,
            "binary",
            {"link": "sigmoid", "penalties": {"l1": 0.05}},
        ),
    ],
)
def test_objective_gradient_agrees_with_finite_differences(
    make_model, loss_pair, targets, options
):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((10, 3))
    labels = rng.integers(0, 4, size=10)
    y = {
        "binary": labels % 2,
        "labels": labels,
        "one-hot": np.eye(4)[labels],
    }[targets]
    model = make_model()
    # weights well away from 0, where the L1 penalty has its kink
    model.set_params(
        {
            name: rng.choice([-1.0, 1.0], size=value.shape)
            * rng.uniform(0.3, 1.0, size=value.shape)
            for name, value in model.params.items()
        }
    )
    cost, gradient = cost_and_gradient_functions(model, *loss_pair, X, y, **options)
    assert gradient_check(cost, gradient, model.params) < 1e-6


def test_penalties_leave_the_biases_alone():
    model = LinearRegression(2)
    model.set_params({"weights": [1.0, -2.0], "bias": 3.0})
    X, y = np.zeros((4, 2)), np.full(4, 3.0)  # the data fit perfectly
    cost, gradients = objective_and_gradient(model, *MSE, X, y, penalties={"l2": 0.5})
    assert cost == pytest.approx(0.25 * (1.0 + 4.0))
    assert gradients["weights"].tolist() == [0.5, -1.0]
    assert float(gradients["bias"]) == 0.0


def test_mse_on_a_sigmoid_output_trains():
    X, y = make_two_classes(100, seed=1)
    model = LogisticRegression(2)
    history = train(model, *MSE, X, y, link="sigmoid", optimizer=SGD(1.0), epochs=100)
    assert history.train_cost[-1] < history.train_cost[0] < 0.25
    assert accuracy(model, X, y) > 0.8


def test_a_readers_own_loss_pair():
    def log_cosh(y_true, y_pred, *, reduction="mean", sample_weight=None):
        return float(np.mean(np.log(np.cosh(y_pred - y_true))))

    def log_cosh_grad(y_true, y_pred, *, reduction="mean", sample_weight=None):
        return np.tanh(y_pred - y_true) / y_true.size

    X = np.linspace(-1.0, 1.0, 30)[:, None]
    y = 2.0 * X[:, 0] + 1.0
    model = LinearRegression(1)
    train(model, log_cosh, log_cosh_grad, X, y, optimizer=SGD(5.0), epochs=500)
    np.testing.assert_allclose(model.params["weights"], [2.0], atol=1e-6)


# the loop's bookkeeping -------------------------------------------------------------


def test_history_records_every_epoch_and_step():
    X, y = make_two_classes(50, seed=0)
    train_x, validation_x, train_y, validation_y = train_validation_split(X, y, seed=0)
    history = train(
        LogisticRegression(2),
        *BCE,
        train_x,
        train_y,
        optimizer=SGD(0.5),
        epochs=7,
        batch_size=10,
        validation=(validation_x, validation_y),
    )
    assert isinstance(history, History)
    assert history.epochs == 7
    assert history.steps_per_epoch == 4  # 38 samples in batches of 10
    assert len(history.step_cost) == 28
    assert len(history.validation_cost) == 7
    assert not history.stopped_early
    assert 1 <= history.best_epoch <= 7
    assert all(isinstance(cost, float) for cost in history.train_cost + history.step_cost)


def test_training_cost_at_the_end_of_an_epoch_is_the_cost_of_the_parameters():
    X, y = make_two_classes(40, seed=0)
    model = LogisticRegression(2)
    history = train(model, *BCE, X, y, optimizer=SGD(0.5), epochs=3, batch_size=8)
    assert history.train_cost[-1] == objective(model, BCE[0], X, y)


def test_full_batch_step_cost_is_the_previous_epochs_cost():
    X, y = make_two_classes(40, seed=0)
    history = train(LogisticRegression(2), *BCE, X, y, optimizer=SGD(0.5), epochs=5)
    assert history.step_cost[1:] == pytest.approx(history.train_cost[:-1], rel=1e-15)


def test_the_seed_fixes_the_mini_batches():
    X, y = make_two_classes(60, seed=0)

    def trained(seed):
        model = LogisticRegression(2)
        train(model, *BCE, X, y, optimizer=SGD(0.5), epochs=3, batch_size=7, seed=seed)
        return model.params["weights"]

    np.testing.assert_array_equal(trained(1), trained(1))
    assert not np.array_equal(trained(1), trained(2))


def test_patience_stops_and_restores_the_best_parameters():
    X, y = make_two_classes(80, seed=0)
    train_x, validation_x, train_y, validation_y = train_validation_split(X, y, seed=0)
    options = {
        "optimizer": SGD(2.0),
        "batch_size": 8,
        "seed": 0,
        "validation": (validation_x, validation_y),
    }
    model = OneHiddenLayerNetwork(2, 20, link="sigmoid")
    history = train(model, *BCE, train_x, train_y, epochs=500, patience=5, **options)
    assert history.stopped_early
    assert history.epochs == history.best_epoch + 5
    best = min(history.validation_cost)
    assert history.validation_cost[history.best_epoch - 1] == best
    assert objective(model, BCE[0], validation_x, validation_y) == pytest.approx(best, rel=1e-12)
    # the same run without patience, stopped at the best epoch, gives the same model
    options["optimizer"] = SGD(2.0)
    replay = OneHiddenLayerNetwork(2, 20, link="sigmoid")
    train(replay, *BCE, train_x, train_y, epochs=history.best_epoch, **options)
    for name, value in replay.params.items():
        np.testing.assert_allclose(model.params[name], value, rtol=1e-12)


def test_min_delta_counts_small_improvements_as_none():
    X, y = make_two_classes(40, seed=0)
    history = train(
        LogisticRegression(2),
        *BCE,
        X,
        y,
        optimizer=SGD(1.0),
        epochs=1000,
        patience=3,
        min_delta=1e-3,
    )
    assert history.stopped_early
    assert history.epochs < 100


def test_calling_train_again_continues():
    X, y = make_two_classes(40, seed=0)
    once, twice = LogisticRegression(2), LogisticRegression(2)
    train(once, *BCE, X, y, optimizer=SGD(0.5), epochs=10)
    optimizer = SGD(0.5)
    train(twice, *BCE, X, y, optimizer=optimizer, epochs=4)
    train(twice, *BCE, X, y, optimizer=optimizer, epochs=6)
    np.testing.assert_allclose(twice.params["weights"], once.params["weights"], rtol=1e-14)


# divergence, printing, inputs -----------------------------------------------------


def test_a_diverging_run_raises_a_clear_error():
    X = np.linspace(0.0, 10.0, 20)[:, None]
    y = 3.0 * X[:, 0]
    with pytest.raises(NonFiniteCostError, match=r"epoch \d+.*learning_rate=5\.0"):
        train(LinearRegression(1), *MSE, X, y, optimizer=SGD(5.0), epochs=1000)
    with pytest.raises(FloatingPointError, match="epoch"):
        train(LinearRegression(1), *MSE, X, y, optimizer=Momentum(1.0), epochs=1000, batch_size=3)


def test_a_nan_cost_raises_at_the_first_epoch():
    def nan_loss(y_true, y_pred, *, reduction="mean", sample_weight=None):
        return float("nan")

    X, y = np.ones((4, 1)), np.ones(4)
    with pytest.raises(NonFiniteCostError, match=r"epoch 1, after 0 steps.*learning_rate=0\.1"):
        train(LinearRegression(1), nan_loss, mse_grad, X, y, optimizer=SGD(0.1), epochs=3)


def test_nothing_is_printed_unless_asked(capsys):
    X, y = make_two_classes(20, seed=0)
    train(LogisticRegression(2), *BCE, X, y, optimizer=SGD(0.1), epochs=3)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == ""  # standard error is not a terminal under pytest


def test_progress_bar_on_request(capsys):
    X, y = make_two_classes(20, seed=0)
    train(
        LogisticRegression(2),
        *BCE,
        X,
        y,
        optimizer=SGD(0.1),
        epochs=3,
        progress=True,
        validation=(X, y),
    )
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "epoch 3/3 [" in captured.err
    assert "validation" in captured.err
    assert captured.err.endswith("\n")


def test_inputs_are_not_modified():
    X, y = make_two_classes(30, seed=0)
    X_validation, y_validation = X[:10].copy(), y[:10].copy()
    copies = [X.copy(), y.copy(), X_validation.copy(), y_validation.copy()]
    train(
        OneHiddenLayerNetwork(2, 3, link="sigmoid"),
        *BCE,
        X,
        y,
        optimizer=Adam(0.1),
        epochs=3,
        batch_size=4,
        validation=(X_validation, y_validation),
        penalties={"l2": 1.0},
    )
    for array, copy in zip([X, y, X_validation, y_validation], copies, strict=True):
        np.testing.assert_array_equal(array, copy)


X_GOOD, Y_GOOD = make_two_classes(10, seed=0)


@pytest.mark.parametrize(
    ("changes", "error", "match"),
    [
        ({"epochs": 0}, ValueError, "epochs"),
        ({"epochs": 2.0}, TypeError, "epochs"),
        ({"batch_size": 0}, ValueError, "batch_size"),
        ({"batch_size": "all"}, TypeError, "batch_size"),
        ({"patience": 0}, ValueError, "patience"),
        ({"min_delta": -0.1}, ValueError, "min_delta"),
        ({"link": "tanh"}, ValueError, "link"),
        ({"link": "Sigmoid"}, ValueError, "link"),
        ({"penalties": {"l3": 0.1}}, ValueError, "penalties"),
        ({"penalties": {"l2": -0.1}}, ValueError, r"penalties\['l2'\]"),
        ({"penalties": {"l2": "strong"}}, TypeError, r"penalties\['l2'\]"),
        ({"penalties": 0.1}, TypeError, "penalties"),
        ({"progress": "yes"}, TypeError, "progress"),
        ({"optimizer": 0.1}, TypeError, "optimizer"),
        ({"model": "logistic"}, TypeError, "model"),
        ({"loss": None}, TypeError, "loss"),
        ({"loss_grad": 3}, TypeError, "loss_grad"),
        ({"X": X_GOOD[:, 0]}, ValueError, "X must have shape"),
        ({"X": X_GOOD[:9]}, ValueError, "y must have one row per row of X"),
        ({"X": np.full((10, 2), np.nan)}, ValueError, "X"),
        ({"y": None}, TypeError, "y"),
        ({"validation": X_GOOD}, TypeError, "validation"),
        ({"validation": (X_GOOD[:, :1], Y_GOOD)}, ValueError, "validation X"),
        ({"validation": (X_GOOD, Y_GOOD[:3])}, ValueError, "validation y"),
    ],
)
def test_bad_arguments_are_refused_by_name(changes, error, match):
    arguments = {
        "model": LogisticRegression(2),
        "loss": BCE[0],
        "loss_grad": BCE[1],
        "X": X_GOOD,
        "y": Y_GOOD,
        "optimizer": SGD(0.1),
        "epochs": 2,
    }
    arguments.update(changes)
    with pytest.raises(error, match=match):
        train(**arguments)


def test_bad_hyper_parameters_of_the_optimiser_are_refused_before_training():
    with pytest.raises(ValueError, match="learning_rate"):
        train(LogisticRegression(2), *BCE, X_GOOD, Y_GOOD, optimizer=SGD(-0.1), epochs=2)
    with pytest.raises(ValueError, match="beta1"):
        train(LogisticRegression(2), *BCE, X_GOOD, Y_GOOD, optimizer=Adam(beta1=1.0), epochs=2)


@pytest.mark.parametrize("function", [objective, objective_and_gradient])
def test_objective_functions_refuse_an_unknown_link_or_penalty(function):
    arguments = (
        (LogisticRegression(2), *BCE)
        if function is objective_and_gradient
        else (LogisticRegression(2), BCE[0])
    )
    with pytest.raises(ValueError, match="link"):
        function(*arguments, X_GOOD, Y_GOOD, link="tanh")
    with pytest.raises(ValueError, match="penalties"):
        function(*arguments, X_GOOD, Y_GOOD, penalties={"l0": 1.0})
