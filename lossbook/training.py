r"""The training loop: any model, any loss with a gradient, any optimiser.

The cost that training minimises is the mean loss over the samples plus the
penalties on the weights,

.. math::

    J(\theta) = \frac{1}{n} \sum_{i=1}^{n} L\bigl(y_i, \phi(f_\theta(x_i))\bigr)
    + \sum_{\text{kinds}} \text{penalty}(\text{weights}),

where :math:`f_\theta` is the model (raw scores) and :math:`\phi` the output
link (identity, sigmoid or softmax). The loss is any pair of functions
``loss(y_true, y_pred, *, reduction, sample_weight)`` and ``loss_grad`` with
the same signature, such as lossbook's own losses. The gradient flows back
through the link by its Jacobian and through the model by
``model.backward``.

:func:`train` returns a :class:`History` of the costs; it never plots
(``lossbook.plotting`` reads histories).
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from lossbook._validation import as_float_array
from lossbook.activations import sigmoid, softmax
from lossbook.regularization import l1_penalty, l1_penalty_grad, l2_penalty, l2_penalty_grad

__all__ = [
    "History",
    "NonFiniteCostError",
    "objective",
    "objective_and_gradient",
    "train",
]

LossFunction = Callable[..., Any]

#: The penalties :func:`train` knows, by name: (penalty, its gradient).
PENALTIES = {"l1": (l1_penalty, l1_penalty_grad), "l2": (l2_penalty, l2_penalty_grad)}
LINKS = (None, "identity", "sigmoid", "softmax")


class NonFiniteCostError(FloatingPointError):
    """The cost (or the model's outputs, or its parameters) became NaN or infinite."""


@dataclass
class History:
    """The costs recorded by :func:`train`, for loss curves.

    Attributes
    ----------
    train_cost : list of float
        The cost :math:`J` on the whole training set with the parameters
        reached at the end of each epoch (loss plus penalties).
    validation_cost : list of float
        The same cost on the validation set at the end of each epoch (the
        penalties included, so the two curves measure the same thing);
        empty without a validation set.
    step_cost : list of float
        The cost on each mini-batch, before its update.
    steps_per_epoch : int
        Number of updates per epoch, to put the step costs on an epoch axis.
    best_epoch : int
        The epoch (from 1) with the lowest monitored cost (validation if
        given, else training).
    stopped_early : bool
        True when ``patience`` ran out before the last epoch.
    """

    train_cost: list[float] = field(default_factory=list)
    validation_cost: list[float] = field(default_factory=list)
    step_cost: list[float] = field(default_factory=list)
    steps_per_epoch: int = 0
    best_epoch: int = 0
    stopped_early: bool = False

    @property
    def epochs(self) -> int:
        """Number of epochs run."""
        return len(self.train_cost)


def _apply_link(scores: np.ndarray, link: str | None) -> np.ndarray:
    if link == "sigmoid":
        return sigmoid(scores)
    if link == "softmax":
        return softmax(scores)
    return scores


def _link_backward(
    grad_predictions: np.ndarray, predictions: np.ndarray, link: str | None
) -> np.ndarray:
    r"""Apply the link's Jacobian: :math:`\partial C/\partial p` to :math:`\partial C/\partial s`.

    Sigmoid: :math:`p(1 - p)` elementwise. Softmax (per row):
    :math:`\partial C/\partial s_k = p_k (g_k - \sum_j g_j p_j)`.
    """
    if link == "sigmoid":
        return grad_predictions * predictions * (1.0 - predictions)
    if link == "softmax":
        weighted = np.sum(grad_predictions * predictions, axis=-1, keepdims=True)
        return predictions * (grad_predictions - weighted)
    return grad_predictions


def _weights_of(model: Any, params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The parameters penalties apply to: ``model.weight_names``, else all but the biases."""
    names = getattr(model, "weight_names", None)
    if names is None:
        names = [name for name in params if not name.endswith("bias")]
    return {name: params[name] for name in names}


def _forward_predictions(model: Any, X: np.ndarray, link: str | None) -> np.ndarray:
    scores = model.forward(X)
    if not np.isfinite(scores).all():
        raise NonFiniteCostError("the model's outputs are not finite, so the cost is not either")
    return _apply_link(scores, link)


def _penalty_value(model: Any, penalties: Mapping[str, float] | None) -> float:
    if not penalties:
        return 0.0
    weights = _weights_of(model, model.params)
    return sum(
        PENALTIES[kind][0](weights, strength=strength) for kind, strength in penalties.items()
    )


def objective(
    model: Any,
    loss: LossFunction,
    X: ArrayLike,
    y: ArrayLike,
    *,
    link: str | None = None,
    penalties: Mapping[str, float] | None = None,
) -> float:
    r"""The cost :math:`J` that :func:`train` minimises, at the model's current parameters.

    .. math::

        J = \frac{1}{n}\sum_i L(y_i, \phi(f(x_i))) + \sum_{\text{kinds}}
        \text{penalty}(\text{weights}).

    Parameters
    ----------
    model, loss, X, y, link, penalties
        As for :func:`train`.

    Returns
    -------
    float
        The cost.

    Raises
    ------
    NonFiniteCostError
        If the model's outputs or the cost are NaN or infinite.
    TypeError, ValueError
        For an unknown ``link`` or bad ``penalties``, and whatever the model
        and the loss refuse.

    Examples
    --------
    >>> import numpy as np
    >>> from lossbook.training import objective
    >>> from lossbook.models import LinearRegression
    >>> model = LinearRegression(1)
    >>> model.set_params({"weights": [2.0], "bias": 0.0})
    >>> mean_square = lambda y_true, y_pred, **options: float(np.mean((y_true - y_pred) ** 2))
    >>> objective(model, mean_square, [[1.0], [2.0]], [2.0, 5.0])
    0.5
    >>> objective(model, mean_square, [[1.0], [2.0]], [2.0, 5.0], penalties={"l2": 0.5})
    1.5
    """
    _check_link_and_penalties(link, penalties)
    predictions = _forward_predictions(model, X, link)
    cost = float(loss(y, predictions, reduction="mean")) + _penalty_value(model, penalties)
    if not math.isfinite(cost):
        raise NonFiniteCostError(f"the cost is {cost}")
    return cost


def objective_and_gradient(
    model: Any,
    loss: LossFunction,
    loss_grad: LossFunction,
    X: ArrayLike,
    y: ArrayLike,
    *,
    link: str | None = None,
    penalties: Mapping[str, float] | None = None,
) -> tuple[float, dict[str, np.ndarray]]:
    r"""The cost :math:`J` and its gradient with respect to every parameter of the model.

    The backward pass is the chain rule, from the loss back to the parameters:

    .. math::

        \frac{\partial J}{\partial \theta} =
        \Bigl(\frac{\partial s}{\partial \theta}\Bigr)^{\!\top}
        \Bigl(\frac{\partial p}{\partial s}\Bigr)^{\!\top}
        \frac{\partial L}{\partial p}
        + \frac{\partial\, \text{penalty}}{\partial \theta},

    where :math:`s` are the scores, :math:`p = \phi(s)` the predictions; the
    link's Jacobian is :math:`\operatorname{diag}(p(1-p))` for the sigmoid
    and :math:`\operatorname{diag}(p) - p p^\top` (per row) for the softmax.

    Parameters
    ----------
    model, loss, loss_grad, X, y, link, penalties
        As for :func:`train`.

    Returns
    -------
    cost : float
        The cost :math:`J` at the current parameters.
    gradients : dict of ndarray
        :math:`\partial J/\partial \theta`, keyed like ``model.params``.

    Raises
    ------
    NonFiniteCostError
        If the model's outputs or the cost are NaN or infinite.
    TypeError, ValueError
        For an unknown ``link`` or bad ``penalties``, and whatever the model
        and the loss refuse.

    Examples
    --------
    >>> import numpy as np
    >>> from lossbook.training import objective_and_gradient
    >>> from lossbook.models import LinearRegression
    >>> model = LinearRegression(1)
    >>> model.set_params({"weights": [2.0], "bias": 0.0})
    >>> mean_square = lambda y_true, y_pred, **options: float(np.mean((y_true - y_pred) ** 2))
    >>> mean_square_grad = lambda y_true, y_pred, **options: 2 * (y_pred - y_true) / y_true.size
    >>> cost, gradients = objective_and_gradient(
    ...     model, mean_square, mean_square_grad, [[1.0], [2.0]], np.array([2.0, 5.0]))
    >>> cost, gradients["weights"].tolist(), float(gradients["bias"])
    (0.5, [-2.0], -1.0)
    """
    _check_link_and_penalties(link, penalties)
    predictions = _forward_predictions(model, X, link)
    cost = float(loss(y, predictions, reduction="mean"))
    grad_predictions = np.asarray(loss_grad(y, predictions, reduction="mean"))
    gradients = model.backward(_link_backward(grad_predictions, predictions, link))
    if penalties:
        weights = _weights_of(model, model.params)
        for kind, strength in penalties.items():
            penalty, penalty_grad = PENALTIES[kind]
            cost += penalty(weights, strength=strength)
            for name, gradient in penalty_grad(weights, strength=strength).items():
                gradients[name] = gradients[name] + gradient
    if not math.isfinite(cost):
        raise NonFiniteCostError(f"the cost is {cost}")
    return cost, gradients


def train(
    model: Any,
    loss: LossFunction,
    loss_grad: LossFunction,
    X: ArrayLike,
    y: ArrayLike,
    *,
    optimizer: Any,
    epochs: int,
    batch_size: int | None = None,
    link: str | None = None,
    penalties: Mapping[str, float] | None = None,
    validation: tuple[ArrayLike, ArrayLike] | None = None,
    patience: int | None = None,
    min_delta: float = 0.0,
    seed: int | None = 0,
    progress: bool | None = None,
) -> History:
    r"""Train ``model`` by minimising the mean loss plus penalties; return the history.

    Each epoch shuffles the samples (with ``seed``), cuts them into
    mini-batches of ``batch_size`` and, for each, computes the cost and its
    gradient (:func:`objective_and_gradient`) and lets the optimiser update
    the parameters. At the end of each epoch the cost on the whole training
    set (and on the validation set) is recorded. With ``patience``, training
    stops when the monitored cost (validation if given, else training) has not
    fallen by more than ``min_delta`` for ``patience`` epochs in a row, and
    the model gets back the parameters of its best epoch.

    Parameters
    ----------
    model : object
        A model of :mod:`lossbook.models` (or anything with ``params``,
        ``set_params``, ``forward``, ``backward``). It is trained in place.
    loss, loss_grad : callable
        ``loss(y_true, y_pred, *, reduction, sample_weight)`` and its gradient
        with respect to ``y_pred``; called with ``reduction="mean"``.
    X : array of shape (n_samples, n_features)
        The training inputs.
    y : array with n_samples rows
        The training targets, as the loss expects them (labels, one-hot, ...).
    optimizer : object
        An optimiser of :mod:`lossbook.optim` (``step(params, grads)``). Its
        memory is kept between calls, so calling ``train`` again continues.
    epochs : int
        Maximum number of passes over the data, at least 1.
    batch_size : int or None, default None
        Samples per update; ``None`` (or a size of at least ``n_samples``)
        means full-batch gradient descent, without shuffling.
    link : {None, 'identity', 'sigmoid', 'softmax'}, default None
        Applied to the scores before the loss. ``None`` and ``'identity'``
        give the loss the raw scores (logits, for the ``*_with_logits`` and
        softmax cross-entropy losses); ``'sigmoid'`` gives it probabilities,
        to train, for example, MSE on a sigmoid output.
    penalties : dict or None, default None
        Penalty kinds and strengths, e.g. ``{"l2": 0.01}`` or
        ``{"l1": 1e-3, "l2": 1e-2}``: :math:`\lambda\sum|w|` and
        :math:`\tfrac{\lambda}{2}\sum w^2` (``lossbook.regularization``), on
        the weights only (``model.weight_names``; for a model without that
        attribute, every parameter whose name does not end in ``bias``),
        never on the biases.
    validation : (X_val, y_val) or None, default None
        A validation set, evaluated at the end of each epoch.
    patience : int or None, default None
        Epochs without improvement before stopping, at least 1; ``None``
        runs all the epochs.
    min_delta : float, default 0.0
        The smallest decrease that counts as an improvement, at least 0.
    seed : int or None, default 0
        Seed of the shuffling.
    progress : bool or None, default None
        Show a text progress bar on standard error; ``None`` shows it only
        when standard error is a terminal (never in a notebook build).

    Returns
    -------
    History
        The costs per epoch and per step, the best epoch, whether it stopped early.

    Raises
    ------
    NonFiniteCostError
        If the cost becomes NaN or infinite; the message names the epoch, the
        step and the learning rate (a smaller one usually helps).
    TypeError, ValueError
        For bad arguments, naming the argument.

    Notes
    -----
    With the mean binary cross-entropy plus :math:`\tfrac{\lambda}{2}\|w\|^2`
    the minimiser is that of scikit-learn's ``LogisticRegression(C=1/(n
    lambda))``, whose objective :math:`C\sum_i L_i + \tfrac12\|w\|^2` is
    ours times :math:`Cn`; with the mean squared error it is that of
    ``Ridge(alpha=n lambda / 2)``, whose objective is
    :math:`\sum_i (y_i - \hat y_i)^2 + \alpha\|w\|^2`. Keras's
    ``kernel_regularizer`` likewise leaves the biases alone; PyTorch's
    ``weight_decay`` (the same :math:`\lambda`) applies to every parameter it
    is given, biases included, unless they are put in a separate group.

    Examples
    --------
    >>> import numpy as np
    >>> from lossbook.training import train
    >>> from lossbook.models import LinearRegression
    >>> from lossbook.optim import SGD
    >>> mean_square = lambda y_true, y_pred, **options: float(np.mean((y_true - y_pred) ** 2))
    >>> mean_square_grad = lambda y_true, y_pred, **options: 2 * (y_pred - y_true) / y_true.size
    >>> X = np.linspace(0.0, 1.0, 20)[:, None]
    >>> y = 3.0 * X[:, 0] - 1.0
    >>> model = LinearRegression(1)
    >>> history = train(model, mean_square, mean_square_grad, X, y,
    ...                 optimizer=SGD(learning_rate=0.5), epochs=500)
    >>> history.epochs, history.train_cost[-1] < 1e-12
    (500, True)
    >>> np.round(model.params["weights"], 6).tolist(), round(float(model.params["bias"]), 6)
    ([3.0], -1.0)
    """
    X, y, validation = _check_data(X, y, validation)
    _check_parts(model, loss, loss_grad, optimizer, link, penalties)
    _check_schedule(epochs, batch_size, patience, min_delta, progress)
    show_progress = sys.stderr.isatty() if progress is None else progress
    bar = _ProgressBar(epochs) if show_progress else None
    n_samples = X.shape[0]
    batch_size = n_samples if batch_size is None else min(batch_size, n_samples)
    rng = np.random.default_rng(seed)
    history = History(steps_per_epoch=math.ceil(n_samples / batch_size))
    best_cost, best_params, waiting = math.inf, model.params, 0
    epoch = 0
    try:
        with np.errstate(over="ignore", invalid="ignore"):  # NaN and inf are caught below
            for epoch in range(1, epochs + 1):
                for rows in _batches(n_samples, batch_size, rng):
                    X_batch, y_batch = (X, y) if rows is None else (X[rows], y[rows])
                    cost, gradients = objective_and_gradient(
                        model, loss, loss_grad, X_batch, y_batch, link=link, penalties=penalties
                    )
                    history.step_cost.append(cost)
                    model.set_params(_checked(optimizer.step(model.params, gradients)))
                history.train_cost.append(
                    objective(model, loss, X, y, link=link, penalties=penalties)
                )
                monitored = history.train_cost[-1]
                if validation is not None:
                    monitored = objective(model, loss, *validation, link=link, penalties=penalties)
                    history.validation_cost.append(monitored)
                if bar is not None:
                    bar.update(epoch, history)
                if monitored < best_cost - min_delta:
                    best_cost, best_params, waiting = monitored, model.params, 0
                    history.best_epoch = epoch
                elif patience is not None:
                    waiting += 1
                    if waiting >= patience:
                        history.stopped_early = True
                        break
    except NonFiniteCostError as error:
        raise NonFiniteCostError(
            f"training diverged at epoch {epoch}, after {len(history.step_cost)} steps, with "
            f"learning_rate={getattr(optimizer, 'learning_rate', 'unknown')}: {error}; "
            "try a smaller learning rate"
        ) from error
    finally:
        if bar is not None:
            bar.close()
    if patience is not None:
        model.set_params(best_params)
    return history


def _batches(
    n_samples: int, batch_size: int, rng: np.random.Generator
) -> Iterator[np.ndarray | None]:
    """Yield the rows of each mini-batch of a shuffled epoch (None for the full batch)."""
    if batch_size >= n_samples:
        yield None
        return
    order = rng.permutation(n_samples)
    for start in range(0, n_samples, batch_size):
        yield order[start : start + batch_size]


def _checked(params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Return ``params`` after checking that the update left them finite."""
    for name, value in params.items():
        if not np.isfinite(value).all():
            raise NonFiniteCostError(f"the update made the parameter {name!r} NaN or infinite")
    return params


class _ProgressBar:
    """A one-line text progress bar on standard error, redrawn at most ten times a second."""

    def __init__(self, epochs: int) -> None:
        self.epochs = epochs
        self.last_drawn = -math.inf

    def update(self, epoch: int, history: History) -> None:
        now = time.monotonic()
        if now - self.last_drawn < 0.1 and epoch < self.epochs:
            return
        self.last_drawn = now
        filled = round(30 * epoch / self.epochs)
        text = f"\repoch {epoch:>{len(str(self.epochs))}}/{self.epochs} "
        text += f"[{'#' * filled}{'.' * (30 - filled)}] train {history.train_cost[-1]:<11.6g}"
        if history.validation_cost:
            text += f" validation {history.validation_cost[-1]:<11.6g}"
        sys.stderr.write(text)
        sys.stderr.flush()

    def close(self) -> None:
        sys.stderr.write("\n")
        sys.stderr.flush()


def _check_integer(value: Any, name: str, minimum: int, *, optional: bool = False) -> None:
    if optional and value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")


def _check_pair(X: ArrayLike, y: ArrayLike, x_name: str, y_name: str) -> tuple[np.ndarray, Any]:
    features = as_float_array(X, x_name)
    if features.ndim != 2:
        raise ValueError(
            f"{x_name} must have shape (n_samples, n_features), got shape {features.shape}"
        )
    if y is None:
        raise TypeError(f"{y_name} must be an array of targets, got None")
    targets = np.asarray(y)
    if targets.ndim == 0 or targets.shape[0] != features.shape[0]:
        raise ValueError(
            f"{y_name} must have one row per row of {x_name} ({features.shape[0]}), "
            f"got shape {targets.shape}"
        )
    return features, targets


def _check_data(
    X: ArrayLike, y: ArrayLike, validation: tuple[ArrayLike, ArrayLike] | None
) -> tuple[np.ndarray, np.ndarray, tuple[np.ndarray, np.ndarray] | None]:
    """Validate the training data and the optional validation pair."""
    X, y = _check_pair(X, y, "X", "y")
    if validation is None:
        return X, y, None
    if not isinstance(validation, (tuple, list)) or len(validation) != 2:
        raise TypeError(f"validation must be a pair (X_val, y_val), got {validation!r}")
    X_val, y_val = _check_pair(*validation, "validation X", "validation y")
    if X_val.shape[1] != X.shape[1]:
        raise ValueError(
            f"validation X must have {X.shape[1]} features like X, got {X_val.shape[1]}"
        )
    return X, y, (X_val, y_val)


def _check_parts(
    model: Any,
    loss: Any,
    loss_grad: Any,
    optimizer: Any,
    link: Any,
    penalties: Any,
) -> None:
    """Validate what is trained: the model, the loss pair, the optimiser, link, penalties."""
    for method in ("params", "set_params", "forward", "backward"):
        if not hasattr(model, method):
            raise TypeError(f"model must have {method} (see lossbook.models), got {model!r}")
    for function, name in ((loss, "loss"), (loss_grad, "loss_grad")):
        if not callable(function):
            raise TypeError(f"{name} must be a function, got {type(function).__name__}")
    if not callable(getattr(optimizer, "step", None)):
        raise TypeError(
            f"optimizer must have a step method (see lossbook.optim), got {optimizer!r}"
        )
    _check_link_and_penalties(link, penalties)


def _check_link_and_penalties(link: Any, penalties: Any) -> None:
    """Refuse an unknown link, or penalties that are not a dict of known kinds and strengths."""
    if link not in LINKS:
        raise ValueError(f"link must be None, 'identity', 'sigmoid' or 'softmax', got {link!r}")
    if penalties is None:
        return
    if not isinstance(penalties, Mapping):
        raise TypeError(f"penalties must be a dict such as {{'l2': 0.01}}, got {penalties!r}")
    for kind, strength in penalties.items():
        if kind not in PENALTIES:
            raise ValueError(f"penalties must name 'l1' or 'l2', got {kind!r}")
        _check_number(strength, f"penalties[{kind!r}]")


def _check_schedule(
    epochs: Any, batch_size: Any, patience: Any, min_delta: Any, progress: Any
) -> None:
    """Validate how long and how training runs."""
    _check_integer(epochs, "epochs", 1)
    _check_integer(batch_size, "batch_size", 1, optional=True)
    _check_integer(patience, "patience", 1, optional=True)
    _check_number(min_delta, "min_delta")
    if progress is not None and not isinstance(progress, bool):
        raise TypeError(f"progress must be True, False or None, got {progress!r}")


def _check_number(value: Any, name: str) -> None:
    """Refuse what is not a finite real number of at least 0."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    if not (math.isfinite(value) and value >= 0):
        raise ValueError(f"{name} must be a finite number of at least 0, got {value!r}")
