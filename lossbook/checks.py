r"""Numerical checks: gradients by finite differences, convexity by second differences.

These tools take any cost function, so they work for lossbook's losses, for
a reader's own loss and for a model's cost as a function of its parameters.
A *point* is either an array or a dict of arrays (such as ``model.params``);
for a dict, the coordinates are taken name by name in the dict's order, each
array flattened in C order.

They need NumPy only.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

import numpy as np
from numpy.typing import ArrayLike

from lossbook._validation import as_float_array, check_in_interval, check_positive

__all__ = [
    "ConvexityResult",
    "convexity_check",
    "directional_curvature",
    "gradient_check",
    "gradient_check_model",
    "numerical_hessian",
]

#: An array or a dict of named arrays.
Point: TypeAlias = ArrayLike | Mapping[str, ArrayLike]


def _flatten(point: Point, name: str) -> tuple[np.ndarray, Callable[[np.ndarray], Any]]:
    """Return the coordinates of ``point`` as one vector, and the function that rebuilds it."""
    if isinstance(point, Mapping):
        arrays = {key: as_float_array(value, f"{name}[{key!r}]") for key, value in point.items()}
        if not arrays:
            raise ValueError(f"{name} must not be an empty dict")
        shapes = {key: array.shape for key, array in arrays.items()}
        bounds = np.cumsum([0] + [array.size for array in arrays.values()])

        def rebuild(vector: np.ndarray) -> dict[str, np.ndarray]:
            return {
                key: vector[start:stop].reshape(shapes[key])
                for key, start, stop in zip(shapes, bounds[:-1], bounds[1:], strict=True)
            }

        return np.concatenate([array.ravel() for array in arrays.values()]), rebuild
    array = as_float_array(point, name)
    return array.ravel().copy(), lambda vector: vector.reshape(array.shape)


def _check_cost(cost: Any, name: str = "cost") -> None:
    if not callable(cost):
        raise TypeError(f"{name} must be a function, got {type(cost).__name__}")


def gradient_check(
    cost: Callable[[Any], float],
    gradient: Callable[[Any], Any],
    point: Point,
    *,
    step: float = 1e-5,
    floor: float = 1e-3,
) -> float:
    r"""Worst relative error between an analytic gradient and central finite differences.

    Each coordinate :math:`i` of the gradient is estimated by a central
    difference, whose error is :math:`O(h^2)`:

    .. math::

        n_i = \frac{C(\theta + h e_i) - C(\theta - h e_i)}{2h}, \qquad
        r_i = \frac{|g_i - n_i|}{\max(|g_i|,\ |n_i|,\ \text{floor} \cdot \max_j |g_j|)},

    and the largest :math:`r_i` is returned. A correct gradient typically
    gives :math:`10^{-7}` or less (more if a step crosses a kink, as for
    ReLU); a wrong one gives errors of order 1.

    Parameters
    ----------
    cost : callable
        ``cost(point) -> float``.
    gradient : callable
        ``gradient(point)``: the analytic gradient, shaped like ``point``
        (an array, or a dict with the same names and shapes).
    point : array or dict of arrays
        Where to check. It is not modified.
    step : float, default 1e-5
        The finite-difference step :math:`h`, greater than 0. The default,
        near the cube root of the machine epsilon, balances the truncation
        error :math:`O(h^2)` against the rounding error
        :math:`O(\epsilon\, |C| / h)` for costs and coordinates of order 1.
    floor : float, default 1e-3
        Coordinates smaller than ``floor`` times the largest coordinate of
        the gradient are judged relative to that level rather than to their
        own size (see Notes); at least 0.

    Returns
    -------
    float
        The worst relative error :math:`\max_i r_i`.

    Notes
    -----
    The cost is known only to its rounding error, about
    :math:`\epsilon\,|C|`, so the difference quotient carries an absolute
    error of about :math:`\epsilon\,|C|/h \approx 10^{-11}|C|`. A coordinate
    whose gradient is many orders of magnitude smaller than the cost (a
    saturated hidden unit, a feature near 0) would show a large error
    relative to its own size even when it is right; ``floor`` judges such
    coordinates relative to a fraction of the gradient's largest
    coordinate instead; ``floor=0`` gives the classic per-coordinate
    relative error.

    Raises
    ------
    TypeError
        If ``cost`` or ``gradient`` is not callable or ``point`` is not numeric.
    ValueError
        If the gradient's shape differs from the point's, ``step`` is not
        above 0 or ``floor`` is negative.

    Examples
    --------
    >>> import numpy as np
    >>> from lossbook.checks import gradient_check
    >>> point = np.array([1.0, -2.0])
    >>> gradient_check(lambda x: float(np.sum(x**3)), lambda x: 3 * x**2, point) < 1e-8
    True
    >>> round(gradient_check(lambda x: float(np.sum(x**3)), lambda x: 2 * x**2, point), 3)
    0.333
    """
    _check_cost(cost)
    _check_cost(gradient, "gradient")
    step = check_positive(step, "step")
    floor = check_in_interval(floor, "floor", 0.0, math.inf, closed=True)
    vector, rebuild = _flatten(point, "point")
    analytic, _ = _flatten(gradient(rebuild(vector.copy())), "the gradient")
    if analytic.shape != vector.shape:
        raise ValueError(
            f"the gradient must have one value per coordinate of point ({vector.size}), "
            f"got {analytic.size}"
        )
    numeric = np.empty_like(vector)
    for i in range(vector.size):
        shifted_up, shifted_down = vector.copy(), vector.copy()
        shifted_up[i] += step
        shifted_down[i] -= step
        numeric[i] = (cost(rebuild(shifted_up)) - cost(rebuild(shifted_down))) / (2.0 * step)
    size = np.maximum(np.abs(analytic), np.abs(numeric))
    scale = np.maximum(size, floor * size.max())
    errors = np.abs(analytic - numeric) / np.where(scale > 0, scale, 1.0)
    return float(errors.max())


def gradient_check_model(
    model: Any,
    X: ArrayLike,
    *,
    step: float = 1e-5,
    seed: int | None = 0,
) -> float:
    r"""Check a model's ``backward`` against finite differences of its ``forward``.

    The cost is a fixed random weighting of all the model's outputs,
    :math:`C(\theta) = \sum_{i,k} R_{ik}\, S_{ik}(\theta)` with standard
    normal :math:`R`, so that every output takes part; its analytic gradient
    is ``model.backward(R)``. The model's parameters are restored afterwards.

    Parameters
    ----------
    model : object
        Anything with ``params``, ``set_params``, ``forward`` and
        ``backward`` (see :mod:`lossbook.models`).
    X : array of shape (n_samples, n_features)
        The inputs.
    step : float, default 1e-5
        The finite-difference step, greater than 0.
    seed : int or None, default 0
        Seed of the random weights :math:`R`.

    Returns
    -------
    float
        The worst relative error over all parameters (see :func:`gradient_check`).

    Examples
    --------
    >>> import numpy as np
    >>> from lossbook.checks import gradient_check_model
    >>> from lossbook.models import OneHiddenLayerNetwork
    >>> model = OneHiddenLayerNetwork(3, 4, n_outputs=2, seed=1)
    >>> X = np.random.default_rng(0).standard_normal((5, 3))
    >>> gradient_check_model(model, X) < 1e-6
    True
    """
    original = model.params
    output_weights = np.random.default_rng(seed).standard_normal(np.shape(model.forward(X)))

    def cost(params: dict[str, np.ndarray]) -> float:
        model.set_params(params)
        return float(np.sum(output_weights * model.forward(X)))

    def gradient(params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        model.set_params(params)
        model.forward(X)
        return model.backward(output_weights)

    try:
        return gradient_check(cost, gradient, original, step=step)
    finally:
        model.set_params(original)


def directional_curvature(
    cost: Callable[[Any], float],
    point: Point,
    direction: Point,
    *,
    step: float = 1e-3,
) -> float:
    r"""The second derivative of the cost along a line: :math:`d^\top H d` by a second difference.

    With :math:`d` the direction scaled to unit length,

    .. math::

        d^\top \nabla^2 C(\theta)\, d \approx
        \frac{C(\theta + h d) - 2\,C(\theta) + C(\theta - h d)}{h^2} .

    A convex cost has this second difference non-negative for every point,
    direction and step :math:`h`.

    Parameters
    ----------
    cost : callable
        ``cost(point) -> float``.
    point, direction : array or dict of arrays
        Where, and along which line; the same shapes.
    step : float, default 1e-3
        The step :math:`h`, greater than 0.

    Returns
    -------
    float
        The estimated curvature along the line.

    Examples
    --------
    >>> from lossbook.checks import directional_curvature
    >>> saddle = lambda x: float(x[0] ** 2 - x[1] ** 2)
    >>> round(directional_curvature(saddle, [0.0, 0.0], [1.0, 0.0]), 6)
    2.0
    >>> round(directional_curvature(saddle, [0.0, 0.0], [0.0, 3.0]), 6)
    -2.0
    """
    _check_cost(cost)
    step = check_positive(step, "step")
    vector, rebuild = _flatten(point, "point")
    unit = _unit_direction(direction, vector.size)
    values = [cost(rebuild(vector + offset * step * unit)) for offset in (-1.0, 0.0, 1.0)]
    return (values[0] - 2.0 * values[1] + values[2]) / step**2


def _unit_direction(direction: Point, size: int) -> np.ndarray:
    vector, _ = _flatten(direction, "direction")
    norm = float(np.linalg.norm(vector))
    if vector.size != size or norm == 0.0:
        raise ValueError(
            f"direction must be a non-zero vector with {size} coordinates like point, "
            f"got {vector.size} coordinates and norm {norm}"
        )
    return vector / norm


def numerical_hessian(
    cost: Callable[[Any], float],
    point: Point,
    *,
    step: float = 1e-4,
) -> np.ndarray:
    r"""The Hessian matrix of the cost by central second differences.

    .. math::

        H_{ij} \approx \frac{C(\theta + h e_i + h e_j) - C(\theta + h e_i - h e_j)
        - C(\theta - h e_i + h e_j) + C(\theta - h e_i - h e_j)}{4h^2} .

    It costs :math:`O(p^2)` evaluations for :math:`p` coordinates, so it is
    meant for small problems; a cost is convex near ``point`` when all the
    eigenvalues of the result are non-negative (``np.linalg.eigvalsh``).

    Parameters
    ----------
    cost : callable
        ``cost(point) -> float``.
    point : array or dict of arrays
        Where to evaluate; for a dict, the rows follow the flattened
        coordinates (name by name, in the dict's order).
    step : float, default 1e-4
        The step :math:`h`, greater than 0.

    Returns
    -------
    ndarray of shape (p, p)
        The symmetric Hessian estimate.

    Examples
    --------
    >>> import numpy as np
    >>> from lossbook.checks import numerical_hessian
    >>> hessian = numerical_hessian(lambda x: float(x[0] ** 2 * x[1]), np.array([1.0, 2.0]))
    >>> np.round(hessian, 6).tolist()
    [[4.0, 2.0], [2.0, 0.0]]
    """
    _check_cost(cost)
    step = check_positive(step, "step")
    vector, rebuild = _flatten(point, "point")
    size = vector.size
    hessian = np.empty((size, size))
    basis = np.eye(size) * step
    for i in range(size):
        for j in range(i, size):
            value = 0.0
            for sign_i, sign_j, weight in ((1, 1, 1), (1, -1, -1), (-1, 1, -1), (-1, -1, 1)):
                value += weight * cost(rebuild(vector + sign_i * basis[i] + sign_j * basis[j]))
            hessian[i, j] = hessian[j, i] = value / (4.0 * step**2)
    return hessian


@dataclass(frozen=True)
class ConvexityResult:
    """What :func:`convexity_check` found.

    Attributes
    ----------
    is_convex : bool
        True when no second difference was negative beyond rounding.
    min_curvature : float
        The smallest second difference divided by :math:`h^2` (an estimate
        of :math:`d^\\top H d`); negative values show non-convexity.
    worst_point : array or dict of arrays
        Where that smallest curvature was found (shaped like ``point``).
    worst_direction : array or dict of arrays
        Along which unit direction.
    n_negative : int
        How many second differences were negative beyond rounding.
    n_tested : int
        How many second differences were computed.
    """

    is_convex: bool
    min_curvature: float
    worst_point: Any
    worst_direction: Any
    n_negative: int
    n_tested: int


def convexity_check(
    cost: Callable[[Any], float],
    point: Point,
    *,
    n_lines: int = 100,
    radius: float = 1.0,
    n_points: int = 9,
    rtol: float = 1e-9,
    seed: int | None = 0,
) -> ConvexityResult:
    r"""Test a cost for convexity numerically, by second differences along random lines.

    A function is convex if and only if its restriction to every line,
    :math:`g(t) = C(c + t d)`, is convex, and a convex :math:`g` has
    non-negative second differences for every step :math:`h`:

    .. math::

        g(t - h) - 2\,g(t) + g(t + h) \ge 0 .

    The check draws ``n_lines`` lines, each through a random centre
    :math:`c` within ``radius`` of ``point`` along a random unit direction
    :math:`d`, samples :math:`g` at ``n_points`` equally spaced
    :math:`t \in [-\text{radius}, \text{radius}]`, and flags a second
    difference below :math:`-\text{rtol}\,(|g(t-h)| + 2|g(t)| + |g(t+h)|)`
    (the allowance for rounding). Passing the check does not prove
    convexity; failing it proves non-convexity at the reported place.

    Parameters
    ----------
    cost : callable
        ``cost(point) -> float``.
    point : array or dict of arrays
        The centre of the region explored.
    n_lines : int, default 100
        Number of random lines, at least 1.
    radius : float, default 1.0
        Size of the region, greater than 0.
    n_points : int, default 9
        Points per line, at least 3.
    rtol : float, default 1e-9
        Relative allowance for rounding, at least 0.
    seed : int or None, default 0
        Seed of the random lines.

    Returns
    -------
    ConvexityResult
        Whether a negative second difference was found, and where.

    Examples
    --------
    >>> import numpy as np
    >>> from lossbook.checks import convexity_check
    >>> bowl = lambda x: float(np.sum(x**2))
    >>> convexity_check(bowl, np.zeros(3)).is_convex
    True
    >>> result = convexity_check(lambda x: float(np.cos(x[0])), [0.0], radius=0.5)
    >>> result.is_convex, round(result.min_curvature, 1)
    (False, -1.0)
    """
    _check_cost(cost)
    n_lines = _check_integer(n_lines, "n_lines", 1)
    n_points = _check_integer(n_points, "n_points", 3)
    radius = check_positive(radius, "radius")
    if rtol < 0:
        raise ValueError(f"rtol must be at least 0, got {rtol!r}")
    vector, rebuild = _flatten(point, "point")
    rng = np.random.default_rng(seed)
    offsets = np.linspace(-radius, radius, n_points)
    step = offsets[1] - offsets[0]
    worst = (np.inf, vector, vector)
    n_negative = 0
    for _ in range(n_lines):
        centre = vector + radius * rng.uniform() * _random_unit(rng, vector.size)
        direction = _random_unit(rng, vector.size)
        values = np.array([cost(rebuild(centre + offset * direction)) for offset in offsets])
        second = values[:-2] - 2.0 * values[1:-1] + values[2:]
        allowance = rtol * (np.abs(values[:-2]) + 2.0 * np.abs(values[1:-1]) + np.abs(values[2:]))
        n_negative += int(np.sum(second < -allowance))
        k = int(np.argmin(second))
        if second[k] / step**2 < worst[0]:
            worst = (second[k] / step**2, centre + offsets[k + 1] * direction, direction)
    return ConvexityResult(
        is_convex=n_negative == 0,
        min_curvature=float(worst[0]),
        worst_point=rebuild(worst[1].copy()),
        worst_direction=rebuild(worst[2].copy()),
        n_negative=n_negative,
        n_tested=n_lines * (n_points - 2),
    )


def _random_unit(rng: np.random.Generator, size: int) -> np.ndarray:
    vector = rng.standard_normal(size)
    return vector / np.linalg.norm(vector)


def _check_integer(value: int, name: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return int(value)
