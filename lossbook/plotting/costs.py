r"""Figures of the chapter on loss, cost and objective: from per-sample losses to penalties.

- :func:`plot_loss_cost_objective`: the loss of each sample as a bar, their
  mean (the cost) and the cost plus a penalty (the objective) as lines.
- :func:`plot_penalties`: penalties such as :func:`~lossbook.regularization.l1_penalty` and
  :func:`~lossbook.regularization.l2_penalty`, or their gradients, as functions of one weight.
- :func:`plot_paths`: how a few quantities move along one axis (a weight
  update after update, or the weights against a penalty's strength), one
  line with markers each.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from lossbook.plotting.style import (
    PALETTE,
    REFERENCE_COLOUR,
    new_axes,
    series_style,
)

__all__ = ["plot_loss_cost_objective", "plot_paths", "plot_penalties"]


def _as_vector(values: object, name: str, *, minimum: int = 1) -> np.ndarray:
    """``values`` as a 1-D float array of at least ``minimum`` finite values, or a ValueError."""
    array = np.asarray(values, dtype=float)
    if array.ndim != 1 or array.size < minimum:
        raise ValueError(
            f"{name} must be a 1-D array of at least {minimum} values, got shape {array.shape}"
        )
    if not np.isfinite(array).all():
        raise ValueError(f"{name} must hold finite numbers only")
    return array


def plot_loss_cost_objective(
    losses: Sequence[float] | np.ndarray,
    penalty: float,
    *,
    names: Sequence[str] | None = None,
    ylabel: str = "loss",
    legend_loc: str = "upper left",
    ax: Axes | None = None,
) -> Axes:
    """Draw per-sample losses as bars, their mean (the cost) and the cost plus a penalty.

    The cost is a dashed line at the mean of ``losses``; the objective, the
    cost plus ``penalty``, a dash-dotted line above it, with the gap between
    the two shaded and labelled "penalty" (with an arrow, above the shortest
    bar). The legend gives both values.

    Parameters
    ----------
    losses : array_like of shape (n_samples,)
        The loss of each sample (``reduction='none'``).
    penalty : float
        The regularisation term added to the cost, a finite number >= 0 (0
        draws an objective equal to the cost).
    names : sequence of str, optional
        A label under each bar; by default the sample's index.
    ylabel : str
        Label of the vertical axis.
    legend_loc : str, default 'upper left'
        Where matplotlib puts the legend.
    ax : Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    Axes
        The axes drawn into: one bar per sample, then the cost and objective
        lines (in that order).

    Raises
    ------
    ValueError
        If ``losses`` is not a non-empty 1-D array of finite numbers,
        ``penalty`` is negative or not finite, or ``names`` does not name
        every sample.

    Examples
    --------
    >>> from lossbook.plotting.costs import plot_loss_cost_objective
    >>> import matplotlib.pyplot as plt
    >>> ax = plot_loss_cost_objective([1.0, 3.0], penalty=0.5)
    >>> [float(line.get_ydata()[0]) for line in ax.get_lines()]
    [2.0, 2.5]
    >>> [text.get_text() for text in ax.get_legend().get_texts()]
    ['cost (mean loss) = 2', 'objective (cost + penalty) = 2.5', 'loss of one sample']
    >>> plt.close("all")
    """
    losses = _as_vector(losses, "losses")
    penalty = float(penalty)
    if not np.isfinite(penalty) or penalty < 0.0:
        raise ValueError(f"penalty must be a finite number >= 0, got {penalty!r}")
    if names is None:
        names = [str(index) for index in range(losses.size)]
    if len(names) != losses.size:
        raise ValueError(f"names must name all {losses.size} samples, got {len(names)} names")
    cost = float(losses.mean())
    objective = cost + penalty
    positions = np.arange(losses.size)
    ax = new_axes(ax, figsize=(6.4, 4.0))
    ax.bar(positions, losses, width=0.7, color=PALETTE[0], label="loss of one sample")
    ax.axhline(
        cost,
        color=PALETTE[1],
        linestyle="--",
        linewidth=2.2,
        label=f"cost (mean loss) = {cost:.3g}",
    )
    ax.axhline(
        objective,
        color=PALETTE[7],
        linestyle="-.",
        linewidth=2.2,
        label=f"objective (cost + penalty) = {objective:.3g}",
    )
    top = 1.3 * max(float(losses.max()), objective)
    if penalty > 0.0:
        ax.axhspan(cost, objective, color=PALETTE[4], alpha=0.45, linewidth=0, zorder=0)
        shortest = int(np.argmin(losses))
        ax.annotate(
            "penalty",
            xy=(shortest, 0.5 * (cost + objective)),
            xytext=(shortest, objective + 0.15 * top),
            ha="center",
            arrowprops={"arrowstyle": "->", "color": "#333333"},
        )
    ax.set_xticks(positions, list(names))
    ax.set_ylabel(ylabel)
    ax.set_ylim(0.0, top)
    ax.grid(axis="x", visible=False)
    ax.legend(loc=legend_loc)
    return ax


def _value_at(function: Callable[..., object], weight: float, strength: float) -> float:
    """A penalty (a float) or its gradient (a 1-element array) at one weight, as a float."""
    value = np.asarray(function(np.array([weight]), strength=strength), dtype=float)
    if value.size != 1:
        raise ValueError(f"a penalty must return one number per weight, got {value.size} numbers")
    return float(value.reshape(()))


def plot_penalties(
    penalties: Mapping[str, Callable[..., object]],
    *,
    strength: float = 1.0,
    weights: Sequence[float] | np.ndarray | None = None,
    xlabel: str = "weight w",
    ylabel: str = "penalty",
    legend_loc: str = "upper center",
    ax: Axes | None = None,
) -> Axes:
    r"""Draw penalties, or their gradients, as functions of one weight.

    Each entry is a function with lossbook's penalty signature,
    ``penalty(params, *, strength)``, such as :func:`~lossbook.regularization.l1_penalty` or
    :func:`~lossbook.regularization.l2_penalty_grad`. It is called on one weight at a time,
    so the same helper draws a penalty (which returns a float) and its
    gradient (which returns an array of one element).

    Parameters
    ----------
    penalties : mapping from str to callable
        The legend text of each curve and the function to draw.
    strength : float, default 1.0
        The ``strength`` :math:`\lambda` passed to every function.
    weights : array_like of shape (n,), optional
        The weights to sweep, at least 2; by default 401 points from -2 to 2.
    xlabel, ylabel : str
        Axis labels.
    legend_loc : str, default 'upper center'
        Where matplotlib puts the legend.
    ax : Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    Axes
        The axes drawn into: one line per penalty, then two thin reference
        lines through 0.

    Raises
    ------
    ValueError
        If ``penalties`` is empty, ``weights`` is not a 1-D array of at least
        2 finite numbers, or a function returns more than one number for one
        weight.

    Examples
    --------
    >>> from lossbook.plotting.costs import plot_penalties
    >>> import matplotlib.pyplot as plt
    >>> import lossbook
    >>> ax = plot_penalties(
    ...     {"L1": lossbook.l1_penalty, "L1 gradient": lossbook.l1_penalty_grad},
    ...     strength=0.5, weights=[-2.0, 0.0, 2.0])
    >>> [line.get_ydata().tolist() for line in ax.get_lines()[:2]]
    [[1.0, 0.0, 1.0], [-0.5, 0.0, 0.5]]
    >>> plt.close("all")
    """
    if not penalties:
        raise ValueError("penalties must hold at least one function")
    if weights is None:
        weights = np.linspace(-2.0, 2.0, 401)
    weights = _as_vector(weights, "weights", minimum=2)
    values = {
        name: np.array([_value_at(function, weight, strength) for weight in weights])
        for name, function in penalties.items()
    }
    ax = new_axes(ax, figsize=(5.0, 3.8))
    for index, (name, curve) in enumerate(values.items()):
        style = series_style(index, marker=True)
        del style["marker"]
        ax.plot(weights, curve, label=name, **style)
    ax.axhline(0.0, color=REFERENCE_COLOUR, linewidth=0.8, zorder=0)
    ax.axvline(0.0, color=REFERENCE_COLOUR, linewidth=0.8, zorder=0)
    ax.set_xlim(weights[0], weights[-1])
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(loc=legend_loc)
    return ax


def plot_paths(
    x: Sequence[float] | np.ndarray,
    paths: Mapping[str, Sequence[float] | np.ndarray],
    *,
    xlabel: str = "update",
    ylabel: str = "weight w",
    xscale: str = "linear",
    yscale: str = "linear",
    reference_y: Sequence[float] = (0.0,),
    legend_loc: str = "best",
    markevery: int = 1,
    ax: Axes | None = None,
) -> Axes:
    """Draw how a few quantities move along one axis, one line with markers each.

    Use it for a weight update after update under different penalties, for
    the weights of a model against the strength of a penalty, or for a
    gradient against the number of samples (with logarithmic scales). Each
    line differs from the others in colour, line style and marker. When every
    value of ``x`` is a whole number (update numbers), the ticks of a linear
    horizontal axis are whole numbers too.

    Parameters
    ----------
    x : array_like of shape (n,)
        The common horizontal coordinates (update number, strength, size).
    paths : mapping from str to array_like of shape (n,)
        One line per entry: the legend text and the values at ``x``.
    xlabel, ylabel : str
        Axis labels.
    xscale, yscale : {'linear', 'log', 'symlog'}, default 'linear'
        Scales of the axes.
    reference_y : sequence of float, default (0.0,)
        Heights of thin horizontal reference lines (none with ``()``).
    legend_loc : str, default 'best'
        Where matplotlib puts the legend.
    markevery : int, default 1
        Draw a marker on every ``markevery``-th point.
    ax : Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    Axes
        The axes drawn into: one line per path, then the reference lines.

    Raises
    ------
    ValueError
        If ``x`` is not a non-empty 1-D array of finite numbers, ``paths`` is
        empty or a path does not have one value per point of ``x``.

    Examples
    --------
    >>> from lossbook.plotting.costs import plot_paths
    >>> import matplotlib.pyplot as plt
    >>> ax = plot_paths([0, 1, 2], {"L2": [1.0, 0.5, 0.25], "L1": [1.0, 0.5, 0.0]})
    >>> [line.get_label() for line in ax.get_lines()[:2]]
    ['L2', 'L1']
    >>> ax.get_lines()[1].get_ydata().tolist()
    [1.0, 0.5, 0.0]
    >>> plt.close("all")
    """
    x = _as_vector(x, "x")
    if not paths:
        raise ValueError("paths must hold at least one path")
    values = {}
    for name, path in paths.items():
        path = np.asarray(path, dtype=float)
        if path.shape != x.shape:
            raise ValueError(
                f"path {name!r} must have one value per point of x, shape {x.shape}, "
                f"got shape {path.shape}"
            )
        values[name] = path
    ax = new_axes(ax, figsize=(6.4, 4.0))
    for index, (name, path) in enumerate(values.items()):
        ax.plot(
            x,
            path,
            markersize=5,
            markevery=markevery,
            label=name,
            **series_style(index, marker=True),
        )
    for height in reference_y:
        ax.axhline(height, color=REFERENCE_COLOUR, linewidth=0.8, zorder=0)
    ax.set_xscale(xscale)
    ax.set_yscale(yscale)
    if xscale == "linear" and np.all(x == np.round(x)):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(loc=legend_loc)
    return ax
