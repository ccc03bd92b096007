r"""Small models with backpropagation written out by hand.

Every model maps a matrix of features ``X`` of shape ``(n_samples,
n_features)`` to raw scores: predictions for regression, logits for the
classifiers. The output link (sigmoid, softmax) is *not* part of
``forward``; ``predict_proba`` applies it, and the losses take the
logits, which is both more accurate and simpler.

Each model has the same small interface:

- ``model.params``: a new dict of *copies* of the parameters, keyed by name
  (``"weights"``, ``"bias"``, ...). Changing the copies does not change the
  model.
- ``model.set_params({"weights": ...})``: replace some or all of the
  parameters (same names and shapes; the values are copied).
- ``model.forward(X)``: the scores; it caches what the backward pass needs.
- ``model.backward(grad_output)``: given :math:`\partial C/\partial
  \text{scores}` for the scores of the last ``forward``, return
  :math:`\partial C/\partial \theta` for every parameter, as a dict keyed
  like ``params``, by the chain rule.
- ``model.weight_names``: the parameters that a penalty applies to (weights,
  never biases).

Initialisation is seeded: the same ``seed`` gives the same starting
parameters.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import ArrayLike

from lossbook._validation import as_float_array, check_count, check_same_shape
from lossbook.activations import sigmoid, softmax

__all__ = [
    "ACTIVATIONS",
    "LINKS",
    "LinearRegression",
    "LogisticRegression",
    "Model",
    "OneHiddenLayerNetwork",
    "SoftmaxRegression",
]

#: Hidden-layer activations of :class:`OneHiddenLayerNetwork`.
ACTIVATIONS = ("tanh", "relu", "sigmoid")
#: The output links, which turn scores into predictions.
LINKS = ("identity", "sigmoid", "softmax")


def _check_choice(value: str, name: str, choices: tuple[str, ...]) -> str:
    """Return ``value`` after checking it is one of ``choices``."""
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}, got {value!r}")
    return value


class Model:
    """Named parameters, a forward pass and a backward pass: what the training loop needs.

    Subclasses fill ``self._params`` in their constructor and implement
    ``forward`` and ``backward``.
    """

    def __init__(self) -> None:
        self._params: dict[str, np.ndarray] = {}
        self._cache: dict[str, np.ndarray] = {}

    @property
    def weight_names(self) -> tuple[str, ...]:
        """The names of the parameters that penalties apply to (all but the biases)."""
        return tuple(name for name in self._params if not name.endswith("bias"))

    @property
    def params(self) -> dict[str, np.ndarray]:
        """A new dict of copies of the parameters; use :meth:`set_params` to change them."""
        return {name: value.copy() for name, value in self._params.items()}

    def set_params(self, params: Mapping[str, ArrayLike]) -> None:
        """Replace the named parameters by copies of the given arrays.

        Parameters not named keep their values. Each new value must have the
        shape of the parameter it replaces and be finite.

        Raises
        ------
        TypeError
            If ``params`` is not a mapping or a value is not numeric.
        ValueError
            If a name is unknown, or a value has the wrong shape or is not finite.

        Examples
        --------
        >>> from lossbook.models import LinearRegression
        >>> model = LinearRegression(2)
        >>> model.set_params({"bias": 3.0})
        >>> float(model.params["bias"]), model.params["weights"].shape
        (3.0, (2,))
        """
        if not isinstance(params, Mapping):
            raise TypeError(f"params must be a dict of arrays, got {type(params).__name__}")
        checked = {}
        for name, value in params.items():
            if name not in self._params:
                raise ValueError(
                    f"params has an unknown parameter {name!r}; "
                    f"{type(self).__name__} has {sorted(self._params)}"
                )
            array = as_float_array(value, f"params[{name!r}]")
            check_same_shape(array, self._params[name], f"params[{name!r}]", "the parameter")
            checked[name] = array.copy()
        self._params.update(checked)

    def forward(self, X: ArrayLike) -> np.ndarray:
        """Return the scores for the features ``X``; cache what ``backward`` needs."""
        raise NotImplementedError

    def backward(self, grad_output: ArrayLike) -> dict[str, np.ndarray]:
        """Return the gradient of the cost with respect to each parameter."""
        raise NotImplementedError

    def _check_features(self, X: ArrayLike, n_features: int) -> np.ndarray:
        features = as_float_array(X, "X")
        if features.ndim != 2 or features.shape[1] != n_features:
            raise ValueError(
                f"X must have shape (n_samples, {n_features}), got shape {features.shape}"
            )
        return features

    def _check_grad_output(self, grad_output: ArrayLike) -> np.ndarray:
        if "output" not in self._cache:
            raise RuntimeError("backward needs the cache of a forward pass: call forward first")
        gradient = as_float_array(grad_output, "grad_output")
        check_same_shape(gradient, self._cache["output"], "grad_output", "the output of forward")
        return gradient


class _AffineModel(Model):
    r"""Scores that are an affine function of the features: :math:`S = XW + b`."""

    def __init__(self, n_features: int, n_outputs: int | None, seed: int | None) -> None:
        super().__init__()
        self.n_features = check_count(n_features, "n_features")
        self.n_outputs = None if n_outputs is None else check_count(n_outputs, "n_outputs")
        rng = np.random.default_rng(seed)
        shape = () if n_outputs is None else (self.n_outputs,)
        self._params = {
            "weights": 0.01 * rng.standard_normal((self.n_features, *shape)),
            "bias": np.zeros(shape),
        }

    def forward(self, X: ArrayLike) -> np.ndarray:
        r"""Scores :math:`S = XW + b`, one row per sample.

        The output has shape ``(n_samples,)`` when the model has a single
        output (``n_outputs=None``), ``(n_samples, n_outputs)`` otherwise.
        """
        X = self._check_features(X, self.n_features)
        scores = X @ self._params["weights"] + self._params["bias"]
        self._cache = {"X": X, "output": scores}
        return scores

    def backward(self, grad_output: ArrayLike) -> dict[str, np.ndarray]:
        r"""Parameter gradients for :math:`S = XW + b`, given :math:`G = \partial C/\partial S`.

        .. math::

            \frac{\partial C}{\partial W} = X^\top G, \qquad
            \frac{\partial C}{\partial b} = \sum_i G_{i\cdot}.
        """
        grad_scores = self._check_grad_output(grad_output)
        return {
            "weights": self._cache["X"].T @ grad_scores,
            "bias": np.asarray(grad_scores.sum(axis=0)),
        }

    def __repr__(self) -> str:
        outputs = "" if self.n_outputs is None else f", n_outputs={self.n_outputs}"
        return f"{type(self).__name__}(n_features={self.n_features}{outputs})"


class LinearRegression(_AffineModel):
    r"""Linear regression: the prediction is :math:`\hat y = Xw + b`.

    Parameters
    ----------
    n_features : int
        Number of input features, at least 1.
    n_outputs : int or None, default None
        ``None`` for one target per sample (``weights`` of shape
        ``(n_features,)``, ``bias`` a 0-d array, output of shape ``(n,)``);
        an integer :math:`k` for :math:`k` targets per sample (``weights``
        ``(n_features, k)``, ``bias`` ``(k,)``, output ``(n, k)``).
    seed : int or None, default 0
        Seed of the initialisation: weights drawn from
        :math:`\mathcal{N}(0, 0.01^2)`, biases at zero.

    Examples
    --------
    >>> from lossbook.models import LinearRegression
    >>> model = LinearRegression(2)
    >>> model.set_params({"weights": [1.0, -2.0], "bias": 0.5})
    >>> model.forward([[1.0, 1.0], [3.0, 0.0]]).tolist()
    [-0.5, 3.5]
    >>> grads = model.backward([1.0, 1.0])
    >>> grads["weights"].tolist(), float(grads["bias"])
    ([4.0, 1.0], 2.0)
    """

    def __init__(self, n_features: int, n_outputs: int | None = None, *, seed: int | None = 0):
        super().__init__(n_features, n_outputs, seed)

    def predict(self, X: ArrayLike) -> np.ndarray:
        """The predictions, the same as ``forward``."""
        return self.forward(X)


class LogisticRegression(_AffineModel):
    r"""Logistic regression: logits :math:`z = Xw + b`, probabilities :math:`\sigma(z)`.

    ``forward`` returns the logits, which go to
    ``binary_cross_entropy_with_logits``; ``predict_proba`` returns
    :math:`P(y = 1 \mid x) = \sigma(z) = 1/(1 + e^{-z})`.

    Parameters
    ----------
    n_features : int
        Number of input features, at least 1.
    n_outputs : int or None, default None
        ``None`` for one binary label per sample (output ``(n,)``); an
        integer :math:`L` for :math:`L` independent binary labels per sample
        (multi-label, output ``(n, L)``).
    seed : int or None, default 0
        Seed of the initialisation: weights drawn from
        :math:`\mathcal{N}(0, 0.01^2)`, biases at zero.

    Notes
    -----
    scikit-learn's ``LogisticRegression`` holds ``coef_`` of shape
    ``(1, n_features)``; here ``weights`` has shape ``(n_features,)``.

    Examples
    --------
    >>> import numpy as np
    >>> from lossbook.models import LogisticRegression
    >>> model = LogisticRegression(1)
    >>> model.set_params({"weights": [2.0], "bias": 0.0})
    >>> model.forward([[0.0], [1.0]]).tolist()
    [0.0, 2.0]
    >>> np.round(model.predict_proba([[0.0], [1.0]]), 4).tolist()
    [0.5, 0.8808]
    >>> model.predict([[-1.0], [1.0]]).tolist()
    [0, 1]
    """

    def __init__(self, n_features: int, n_outputs: int | None = None, *, seed: int | None = 0):
        super().__init__(n_features, n_outputs, seed)

    def predict_proba(self, X: ArrayLike) -> np.ndarray:
        r"""Probabilities :math:`\sigma(Xw + b)` of the label being 1."""
        return sigmoid(self.forward(X))

    def predict(self, X: ArrayLike) -> np.ndarray:
        """Labels: 1 where the logit is positive (probability above 1/2), else 0."""
        return (self.forward(X) > 0).astype(np.int64)


class SoftmaxRegression(_AffineModel):
    r"""Softmax (multinomial logistic) regression: logits :math:`Z = XW + b`, one per class.

    The probabilities are :math:`P(y = k \mid x) = e^{z_k} / \sum_j e^{z_j}`.
    The model keeps one weight vector per class (``weights`` of shape
    ``(n_features, n_classes)``, ``bias`` of shape ``(n_classes,)``); the
    logits are defined up to a constant per row, so adding the same vector to
    every column leaves the probabilities unchanged.

    Parameters
    ----------
    n_features : int
        Number of input features, at least 1.
    n_classes : int
        Number of classes :math:`K`, at least 2.
    seed : int or None, default 0
        Seed of the initialisation: weights drawn from
        :math:`\mathcal{N}(0, 0.01^2)`, biases at zero.

    Notes
    -----
    scikit-learn's multinomial ``LogisticRegression`` stores the transpose,
    ``coef_`` of shape ``(n_classes, n_features)``.

    Examples
    --------
    >>> import numpy as np
    >>> from lossbook.models import SoftmaxRegression
    >>> model = SoftmaxRegression(2, 3)
    >>> model.set_params({"weights": np.zeros((2, 3)), "bias": [0.0, 1.0, 2.0]})
    >>> np.round(model.predict_proba([[1.0, 1.0]]), 4).tolist()
    [[0.09, 0.2447, 0.6652]]
    >>> model.predict([[1.0, 1.0]]).tolist()
    [2]
    """

    def __init__(self, n_features: int, n_classes: int, *, seed: int | None = 0):
        super().__init__(n_features, check_count(n_classes, "n_classes", minimum=2), seed)

    @property
    def n_classes(self) -> int:
        """Number of classes."""
        return int(self.n_outputs)

    def predict_proba(self, X: ArrayLike) -> np.ndarray:
        """Class probabilities, the softmax of the logits over the last axis."""
        return softmax(self.forward(X))

    def predict(self, X: ArrayLike) -> np.ndarray:
        """Labels: the class with the largest logit."""
        return self.forward(X).argmax(axis=-1)

    def __repr__(self) -> str:
        return f"SoftmaxRegression(n_features={self.n_features}, n_classes={self.n_outputs})"


class OneHiddenLayerNetwork(Model):
    r"""A network with one hidden layer: :math:`S = f(XW_1 + b_1)\,W_2 + b_2`.

    The hidden layer has ``n_hidden`` units and the activation :math:`f`
    (``'tanh'``, ``'relu'`` or ``'sigmoid'``). The output is raw scores, as
    for the linear models; ``link`` says how ``predict_proba`` and
    :meth:`predict` read them.

    Parameters
    ----------
    n_features : int
        Number of input features, at least 1.
    n_hidden : int
        Number of hidden units, at least 1.
    n_outputs : int or None, default None
        ``None`` for one score per sample (output ``(n,)``,
        ``output_weights`` of shape ``(n_hidden,)``, ``output_bias`` 0-d),
        otherwise the number of scores per sample (``(n, n_outputs)``).
    activation : {'tanh', 'relu', 'sigmoid'}, default 'tanh'
        Activation of the hidden layer.
    link : {'identity', 'sigmoid', 'softmax'}, default 'identity'
        What the scores are: predictions (regression), logits of independent
        binary labels, or logits of classes (``n_outputs`` at least 2).
    seed : int or None, default 0
        Seed of the initialisation. Weights are Gaussian with variance
        :math:`2/(\text{fan-in} + \text{fan-out})` (Glorot and Bengio 2010)
        or, for the hidden layer of a ReLU network, :math:`2/\text{fan-in}`
        (He et al. 2015); biases start at zero.

    Parameters of the model: ``hidden_weights`` ``(n_features, n_hidden)``,
    ``hidden_bias`` ``(n_hidden,)``, ``output_weights`` and ``output_bias``.

    References
    ----------
    Glorot, X. and Bengio, Y. (2010). Understanding the difficulty of training
    deep feedforward neural networks. AISTATS.
    He, K., Zhang, X., Ren, S. and Sun, J. (2015). Delving deep into
    rectifiers. ICCV.

    Examples
    --------
    >>> import numpy as np
    >>> from lossbook.models import OneHiddenLayerNetwork
    >>> model = OneHiddenLayerNetwork(2, 3, activation="relu")
    >>> model.forward(np.ones((4, 2))).shape
    (4,)
    >>> sorted(model.backward(np.ones(4)))
    ['hidden_bias', 'hidden_weights', 'output_bias', 'output_weights']
    >>> model.weight_names
    ('hidden_weights', 'output_weights')
    """

    def __init__(
        self,
        n_features: int,
        n_hidden: int,
        n_outputs: int | None = None,
        *,
        activation: str = "tanh",
        link: str = "identity",
        seed: int | None = 0,
    ) -> None:
        super().__init__()
        self.n_features = check_count(n_features, "n_features")
        self.n_hidden = check_count(n_hidden, "n_hidden")
        self.n_outputs = None if n_outputs is None else check_count(n_outputs, "n_outputs")
        self.activation = _check_choice(activation, "activation", ACTIVATIONS)
        self.link = _check_choice(link, "link", LINKS)
        if link == "softmax" and (n_outputs is None or n_outputs < 2):
            raise ValueError(f"link='softmax' needs n_outputs of at least 2, got {n_outputs!r}")
        rng = np.random.default_rng(seed)
        shape = () if n_outputs is None else (self.n_outputs,)
        hidden_scale = np.sqrt(2.0 / (n_features + (0 if activation == "relu" else n_hidden)))
        output_scale = np.sqrt(2.0 / (n_hidden + (n_outputs or 1)))
        self._params = {
            "hidden_weights": hidden_scale * rng.standard_normal((n_features, n_hidden)),
            "hidden_bias": np.zeros(n_hidden),
            "output_weights": output_scale * rng.standard_normal((n_hidden, *shape)),
            "output_bias": np.zeros(shape),
        }

    def forward(self, X: ArrayLike) -> np.ndarray:
        r"""Scores :math:`S = H W_2 + b_2` with :math:`H = f(A)`, :math:`A = X W_1 + b_1`."""
        X = self._check_features(X, self.n_features)
        pre_activation = X @ self._params["hidden_weights"] + self._params["hidden_bias"]
        if self.activation == "tanh":
            hidden = np.tanh(pre_activation)
        elif self.activation == "relu":
            hidden = np.maximum(pre_activation, 0.0)
        else:  # the sigmoid as 1/2 (1 + tanh(a/2)): defined for every a, even +-inf
            hidden = 0.5 * (1.0 + np.tanh(0.5 * pre_activation))
        scores = hidden @ self._params["output_weights"] + self._params["output_bias"]
        self._cache = {"X": X, "pre_activation": pre_activation, "hidden": hidden}
        self._cache["output"] = scores
        return scores

    def backward(self, grad_output: ArrayLike) -> dict[str, np.ndarray]:
        r"""Backpropagation, given :math:`G = \partial C/\partial S`, by the chain rule.

        .. math::

            \frac{\partial C}{\partial W_2} = H^\top G, \quad
            \frac{\partial C}{\partial b_2} = \sum_i G_{i\cdot}, \quad
            \Delta = (G W_2^\top) \odot f'(A), \quad
            \frac{\partial C}{\partial W_1} = X^\top \Delta, \quad
            \frac{\partial C}{\partial b_1} = \sum_i \Delta_{i\cdot},

        with :math:`f'(A) = 1 - H^2` for tanh, :math:`H(1 - H)` for the
        sigmoid and :math:`[A > 0]` for ReLU (0 at the kink).
        """
        grad_scores = self._check_grad_output(grad_output)
        X, hidden = self._cache["X"], self._cache["hidden"]
        output_weights = self._params["output_weights"]
        if grad_scores.ndim == 1:  # one score per sample: G W_2^T is an outer product
            grad_hidden = np.outer(grad_scores, output_weights)
        else:
            grad_hidden = grad_scores @ output_weights.T
        if self.activation == "tanh":
            grad_pre_activation = grad_hidden * (1.0 - hidden**2)
        elif self.activation == "relu":
            grad_pre_activation = grad_hidden * (self._cache["pre_activation"] > 0)
        else:
            grad_pre_activation = grad_hidden * hidden * (1.0 - hidden)
        return {
            "hidden_weights": X.T @ grad_pre_activation,
            "hidden_bias": grad_pre_activation.sum(axis=0),
            "output_weights": hidden.T @ grad_scores,
            "output_bias": np.asarray(grad_scores.sum(axis=0)),
        }

    def predict_proba(self, X: ArrayLike) -> np.ndarray:
        """Probabilities: the sigmoid or the softmax of the scores, as ``link`` says.

        Raises
        ------
        ValueError
            If the network was built with ``link='identity'`` (a regression).
        """
        if self.link == "identity":
            raise ValueError("predict_proba needs link='sigmoid' or 'softmax', got 'identity'")
        scores = self.forward(X)
        return sigmoid(scores) if self.link == "sigmoid" else softmax(scores)

    def predict(self, X: ArrayLike) -> np.ndarray:
        """Predictions: the scores (identity), labels 0/1 (sigmoid) or class labels (softmax)."""
        scores = self.forward(X)
        if self.link == "identity":
            return scores
        if self.link == "sigmoid":
            return (scores > 0).astype(np.int64)
        return scores.argmax(axis=-1)

    def __repr__(self) -> str:
        return (
            f"OneHiddenLayerNetwork(n_features={self.n_features}, n_hidden={self.n_hidden}, "
            f"n_outputs={self.n_outputs}, activation={self.activation!r}, link={self.link!r})"
        )
