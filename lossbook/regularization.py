r"""Penalties on a model's parameters, and objectives built from several terms.

A penalty (or regulariser) adds a cost for large parameters to the loss on
the data:

.. math:: J(\theta) = L\bigl(y, f_\theta(x)\bigr) + \lambda\, \Omega(\theta)

``params`` is either one array or a mapping from names to arrays, the way
models expose their parameters (``{"weights": W, "bias": b}``); a penalty
adds up over every array it is given, and its gradient comes back in the same
structure. Pass only the arrays you want penalised: biases usually are not.

:class:`Objective` puts weighted losses and penalties together into one
function with its gradients.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

import numpy as np
from numpy.typing import ArrayLike

from lossbook._validation import as_float_array, check_in_interval

__all__ = [
    "Objective",
    "l1_penalty",
    "l1_penalty_grad",
    "l2_penalty",
    "l2_penalty_grad",
]

#: One array of parameters, or a mapping from names to arrays.
Params: TypeAlias = "ArrayLike | Mapping[str, ArrayLike]"

#: The gradient of a penalty: an array, or a dict with the keys of ``params``.
ParamsGradient: TypeAlias = "np.ndarray | dict[str, np.ndarray]"

#: A weighted term of an :class:`Objective`: ``(weight, function, gradient)``.
Term: TypeAlias = "tuple[float, Callable[..., Any], Callable[..., Any]]"

#: The name a single array of parameters goes by in error messages.
_SINGLE = "params"


# ---------------------------------------------------------------------------
# Input checks
# ---------------------------------------------------------------------------


def _check_non_negative(value: float, name: str) -> float:
    """Return ``value`` as a float after checking that it is a finite number >= 0."""
    return check_in_interval(value, name, 0.0, math.inf, closed=True)


def _named_arrays(params: Params) -> dict[str, np.ndarray]:
    """Return ``params`` as a dict of float64 arrays (one array goes by 'params')."""
    if not isinstance(params, Mapping):
        return {_SINGLE: as_float_array(params, _SINGLE)}
    if not params:
        raise ValueError("params must hold at least one array, got an empty mapping")
    arrays = {}
    for name, value in params.items():
        if not isinstance(name, str):
            raise TypeError(
                f"params must map names (str) to arrays, got the key {name!r} of type "
                f"{type(name).__name__}"
            )
        arrays[name] = as_float_array(value, f"params[{name!r}]")
    return arrays


def _check_penalty(params: Params, strength: float) -> tuple[dict[str, np.ndarray], float]:
    """Check the arguments of a penalty: returns ``(named float64 arrays, strength)``."""
    return _named_arrays(params), _check_non_negative(strength, "strength")


def _like_params(params: Params, gradients: dict[str, np.ndarray]) -> ParamsGradient:
    """Return ``gradients`` in the structure ``params`` came in: a dict, or one array."""
    return dict(gradients) if isinstance(params, Mapping) else gradients[_SINGLE]


# ---------------------------------------------------------------------------
# L1 and L2 penalties
# ---------------------------------------------------------------------------


def l1_penalty(params: Params, *, strength: float = 1.0) -> float:
    r"""L1 penalty (lasso): ``strength`` times the sum of the absolute parameters.

    .. math:: \Omega_1(w) = \lambda \sum_i |w_i|

    It pulls every weight towards 0 with the same force :math:`\lambda`
    whatever its size, so small weights reach exactly 0: the L1 penalty makes
    models sparse.

    Parameters
    ----------
    params : array_like or mapping of str to array_like
        The parameters: one array, or a mapping from names to arrays (the
        penalty adds up over all of them).
    strength : float, default 1.0
        :math:`\lambda`, a finite number >= 0.

    Returns
    -------
    float
        The penalty.

    Raises
    ------
    TypeError
        If an array holds something other than real numbers, a key of
        ``params`` is not a str, or ``strength`` is not a number.
    ValueError
        If an array is empty or holds NaN or inf, ``params`` is an empty
        mapping, or ``strength`` is negative or not finite.

    Notes
    -----
    Keras's ``regularizers.L1(l1)`` computes the same value. scikit-learn's
    ``Lasso(alpha)`` divides the data term by ``2 * n_samples`` instead, so
    its ``alpha`` is not this ``strength``.

    Examples
    --------
    >>> from lossbook import l1_penalty
    >>> l1_penalty([0.5, -2.0, 0.0], strength=0.1)
    0.25
    >>> l1_penalty({"weights": [[1.0, -1.0]], "bias": [3.0]})
    5.0
    """
    arrays, strength = _check_penalty(params, strength)
    total = sum(float(np.abs(weights).sum()) for weights in arrays.values())
    return strength * total


def l1_penalty_grad(params: Params, *, strength: float = 1.0) -> ParamsGradient:
    r"""Sub-gradient of :func:`l1_penalty`, in the structure of ``params``.

    .. math:: \frac{\partial \Omega_1}{\partial w_i} = \lambda \operatorname{sign}(w_i),
        \quad 0 \text{ where } w_i = 0

    Parameters
    ----------
    params, strength
        As for :func:`l1_penalty`.

    Returns
    -------
    ndarray or dict of str to ndarray
        An array shaped like ``params``, or a dict with the keys of ``params``
        and arrays shaped like its values.

    Raises
    ------
    TypeError, ValueError
        As for :func:`l1_penalty`.

    Notes
    -----
    :math:`|w|` has no derivative at 0; lossbook returns 0 there (any value in
    :math:`[-\lambda, \lambda]` is a sub-gradient). Plain gradient descent then
    makes weights hover around 0 rather than settle on it; proximal methods
    (soft thresholding) reach exact zeros.

    Examples
    --------
    >>> from lossbook import l1_penalty_grad
    >>> l1_penalty_grad([0.5, -2.0, 0.0], strength=0.1).tolist()
    [0.1, -0.1, 0.0]
    >>> gradient = l1_penalty_grad({"weights": [[1.0, -1.0]], "bias": [3.0]})
    >>> {name: array.tolist() for name, array in gradient.items()}
    {'weights': [[1.0, -1.0]], 'bias': [1.0]}
    """
    arrays, strength = _check_penalty(params, strength)
    gradients = {name: strength * np.sign(weights) for name, weights in arrays.items()}
    return _like_params(params, gradients)


def l2_penalty(params: Params, *, strength: float = 1.0) -> float:
    r"""L2 penalty (ridge, weight decay): half of ``strength`` times the sum of squares.

    .. math:: \Omega_2(w) = \frac{\lambda}{2} \sum_i w_i^2

    With the factor 1/2 the gradient is :math:`\lambda w`, so one step of
    gradient descent with learning rate :math:`\eta` on the penalty alone
    multiplies every weight by :math:`(1 - \eta \lambda)`: the weights decay.

    Parameters
    ----------
    params : array_like or mapping of str to array_like
        The parameters: one array, or a mapping from names to arrays (the
        penalty adds up over all of them).
    strength : float, default 1.0
        :math:`\lambda`, a finite number >= 0.

    Returns
    -------
    float
        The penalty.

    Raises
    ------
    TypeError
        If an array holds something other than real numbers, a key of
        ``params`` is not a str, or ``strength`` is not a number.
    ValueError
        If an array is empty or holds NaN or inf, ``params`` is an empty
        mapping, or ``strength`` is negative or not finite.

    Notes
    -----
    Conventions differ by that factor 1/2. optax's ``l2_loss`` and the
    weight decay of its optimisers (and of PyTorch's) carry it, like lossbook:
    decay ``strength`` shrinks each weight by ``learning_rate * strength``
    of itself per step. Keras's ``regularizers.L2(l2)`` adds
    :math:`\lambda \sum_i w_i^2` without it, so Keras's ``l2=0.01`` is lossbook's
    ``strength=0.02``.

    Examples
    --------
    >>> from lossbook import l2_penalty
    >>> l2_penalty([3.0, -4.0], strength=0.1)  # 0.05 * 25
    1.25
    >>> l2_penalty({"weights": [[1.0, 2.0]], "bias": [2.0]})
    4.5
    """
    arrays, strength = _check_penalty(params, strength)
    total = sum(float(np.sum(weights**2)) for weights in arrays.values())
    return 0.5 * strength * total


def l2_penalty_grad(params: Params, *, strength: float = 1.0) -> ParamsGradient:
    r"""Gradient of :func:`l2_penalty`, in the structure of ``params``.

    .. math:: \frac{\partial \Omega_2}{\partial w_i} = \lambda w_i

    A gradient-descent step :math:`w \leftarrow w - \eta \lambda w` is the
    weight decay :math:`w \leftarrow (1 - \eta\lambda) w`.

    Parameters
    ----------
    params, strength
        As for :func:`l2_penalty`.

    Returns
    -------
    ndarray or dict of str to ndarray
        An array shaped like ``params``, or a dict with the keys of ``params``
        and arrays shaped like its values.

    Raises
    ------
    TypeError, ValueError
        As for :func:`l2_penalty`.

    Notes
    -----
    optax's ``add_decayed_weights(weight_decay)`` adds ``weight_decay * params``
    to the updates, which is this gradient with ``strength=weight_decay``.
    Keras's ``regularizers.L2(l2)`` has no factor 1/2, so its gradient is
    :math:`2 \lambda w`.

    Examples
    --------
    >>> import numpy as np
    >>> from lossbook import l2_penalty_grad
    >>> weights = np.array([3.0, -4.0])
    >>> l2_penalty_grad(weights, strength=0.1).tolist()
    [0.3..., -0.4]
    >>> learning_rate = 0.5
    >>> stepped = weights - learning_rate * l2_penalty_grad(weights, strength=0.1)
    >>> stepped.tolist()
    [2.85, -3.8]
    >>> np.allclose(stepped, (1 - learning_rate * 0.1) * weights)  # the same: weight decay
    True
    """
    arrays, strength = _check_penalty(params, strength)
    gradients = {name: strength * weights for name, weights in arrays.items()}
    return _like_params(params, gradients)


# ---------------------------------------------------------------------------
# Objectives: weighted losses plus weighted penalties
# ---------------------------------------------------------------------------


def _check_terms(terms: Sequence[Term], name: str, *, required: bool) -> tuple[Term, ...]:
    """Return ``terms`` as a tuple of ``(weight, function, gradient)`` triples, checked.

    Each weight must be a finite number >= 0 and each function and gradient
    a callable.
    """
    if isinstance(terms, str | bytes | Mapping) or not isinstance(terms, Sequence):
        raise TypeError(
            f"{name} must be a sequence of (weight, function, gradient) triples, "
            f"got {type(terms).__name__}"
        )
    if required and not terms:
        raise ValueError(f"{name} must hold at least one (weight, function, gradient) triple")
    checked = []
    for index, term in enumerate(terms):
        if not isinstance(term, tuple | list) or len(term) != 3:
            raise TypeError(
                f"{name}[{index}] must be a (weight, function, gradient) triple, got {term!r}"
            )
        weight, function, gradient = term
        weight = _check_non_negative(weight, f"the weight of {name}[{index}]")
        if not callable(function) or not callable(gradient):
            raise TypeError(
                f"{name}[{index}] must hold a callable function and gradient after its "
                f"weight, got {function!r} and {gradient!r}"
            )
        checked.append((weight, function, gradient))
    return tuple(checked)


@dataclass(frozen=True)
class Objective:
    r"""A weighted sum of losses on one prediction, plus weighted penalties on the parameters.

    .. math::
        J(y, \hat y, \theta) = \sum_k w_k\, L_k(y, \hat y) + \sum_j \lambda_j\, \Omega_j(\theta)

    An objective is called like a loss, ``objective(y_true, y_pred, ...)``,
    and differentiates like one, ``objective.grad(y_true, y_pred, ...)``
    (the gradient with respect to ``y_pred``). Differentiation is linear, so
    both are the same weighted sums of the terms' values and gradients. With
    several losses it is a multi-task (or mixed) objective; with penalties it
    is a regularised cost, and ``objective.penalty_grad(params)`` gives the
    penalties' gradient with respect to the parameters, to add to the data
    term's gradient after back-propagation.

    Parameters
    ----------
    losses : sequence of (weight, loss, loss_grad)
        At least one triple: a weight (a finite number >= 0), a loss with
        lossbook's signature ``loss(y_true, y_pred, *, reduction,
        sample_weight)`` and its gradient with the same signature. Fix a
        loss's hyper-parameters with ``functools.partial``.
    penalties : sequence of (weight, penalty, penalty_grad), default ()
        Triples of a weight and a penalty ``penalty(params) -> float`` with its
        gradient ``penalty_grad(params)``, such as :func:`l2_penalty` and
        :func:`l2_penalty_grad`; the weight plays the role of ``strength``.

    Raises
    ------
    TypeError
        If a term is not a triple, its function or gradient is not callable or
        its weight is not a number.
    ValueError
        If ``losses`` is empty or a weight is negative or not finite.

    Notes
    -----
    The value with ``reduction='none'`` is the per-element weighted sum of the
    losses; penalties, which belong to no sample, are then refused. Keras
    forms the same sum from a model's ``loss_weights`` and its layers'
    regularisers; in PyTorch and JAX one writes the sum by hand.

    Examples
    --------
    A mixed objective: the squared error plus half the absolute error.

    >>> import numpy as np
    >>> from lossbook import Objective
    >>> from lossbook.regression import mae, mae_grad, mse, mse_grad
    >>> from lossbook.regularization import l2_penalty, l2_penalty_grad
    >>> objective = Objective(losses=[(1.0, mse, mse_grad), (0.5, mae, mae_grad)])
    >>> y_true, y_pred = [1.0, 2.0], [1.5, 1.0]
    >>> objective(y_true, y_pred)  # 0.625 + 0.5 * 0.75
    1.0
    >>> objective.grad(y_true, y_pred).tolist()  # [0.5, -1.0] + 0.5 * [0.5, -0.5]
    [0.75, -1.25]

    A regularised cost: the squared error plus an L2 penalty of strength 0.1
    on the weights of a linear model (not on its bias).

    >>> objective = Objective(
    ...     losses=[(1.0, mse, mse_grad)], penalties=[(0.1, l2_penalty, l2_penalty_grad)]
    ... )
    >>> params = {"weights": np.array([3.0, -4.0])}
    >>> objective(y_true, y_pred, params=params)  # 0.625 + 0.1 * 12.5
    1.875
    >>> objective.penalty_grad(params)["weights"].tolist()
    [0.3..., -0.4]
    """

    losses: Sequence[Term]
    penalties: Sequence[Term] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "losses", _check_terms(self.losses, "losses", required=True))
        object.__setattr__(
            self, "penalties", _check_terms(self.penalties, "penalties", required=False)
        )

    def _check_call(self, params: Params | None, reduction: str) -> None:
        """Refuse a call whose ``params`` do not match the penalties."""
        if self.penalties and params is None:
            raise TypeError("params is required: this objective has penalties")
        if not self.penalties and params is not None:
            raise ValueError("params was given but this objective has no penalties")
        if self.penalties and reduction == "none":
            raise ValueError(
                "reduction must be 'mean' or 'sum' when the objective has penalties "
                "(a penalty is not per sample), got 'none'"
            )

    def __call__(
        self,
        y_true: ArrayLike,
        y_pred: ArrayLike,
        *,
        params: Params | None = None,
        reduction: str = "mean",
        sample_weight: ArrayLike | None = None,
    ) -> float | np.ndarray:
        r"""Return :math:`\sum_k w_k L_k(y, \hat y) + \sum_j \lambda_j \Omega_j(\theta)`.

        ``params`` is required when the objective has penalties and refused
        otherwise; ``reduction`` and ``sample_weight`` are passed to every
        loss.
        """
        self._check_call(params, reduction)
        data_term = sum(
            weight * loss(y_true, y_pred, reduction=reduction, sample_weight=sample_weight)
            for weight, loss, _ in self.losses
        )
        penalty_term = sum(weight * penalty(params) for weight, penalty, _ in self.penalties)
        return data_term + penalty_term

    def grad(
        self,
        y_true: ArrayLike,
        y_pred: ArrayLike,
        *,
        reduction: str = "mean",
        sample_weight: ArrayLike | None = None,
    ) -> np.ndarray:
        r"""Return the gradient with respect to ``y_pred``: :math:`\sum_k w_k \nabla L_k`.

        The penalties do not depend on the prediction and add nothing here;
        see :meth:`penalty_grad`.
        """
        return sum(
            weight * loss_grad(y_true, y_pred, reduction=reduction, sample_weight=sample_weight)
            for weight, _, loss_grad in self.losses
        )

    def penalty_grad(self, params: Params) -> ParamsGradient:
        r"""Return the gradient of the penalties, :math:`\sum_j \lambda_j \nabla \Omega_j`.

        It comes in the structure of ``params`` (an array, or a dict with the
        same keys), zero when the objective has no penalties.
        """
        totals = {name: np.zeros_like(array) for name, array in _named_arrays(params).items()}
        for weight, _, penalty_grad in self.penalties:
            gradient = penalty_grad(params)
            named = gradient if isinstance(params, Mapping) else {_SINGLE: gradient}
            for name in totals:
                totals[name] += weight * named[name]
        return _like_params(params, totals)
