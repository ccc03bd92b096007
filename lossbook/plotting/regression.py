"""Figures of the regression chapter: losses against the residual, fitted curves, descent paths.

- :func:`plot_against_residual`: several losses (or their gradients) drawn
  against the residual :math:`r = y - \\hat y` on one axis.
- :func:`plot_fits`: a scatter of 1-D data with fitted curves over it, optional
  highlighted points (outliers), a reference curve and a shaded band.
- :func:`plot_cost_with_steps`: a cost against one parameter, with the steps of
  gradient descent marked on it.
- :func:`plot_trajectories`: how a quantity moves step after step under
  several rules, with the values it should reach.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import FancyArrowPatch

from lossbook.plotting.style import (
    LINESTYLES,
    MARKERS,
    PALETTE,
    REFERENCE_COLOUR,
    new_axes,
    series_style,
)

__all__ = ["plot_against_residual", "plot_cost_with_steps", "plot_fits", "plot_trajectories"]


def plot_against_residual(
    curves: Mapping[str, Callable[[np.ndarray, np.ndarray], np.ndarray]],
    *,
    residuals: np.ndarray | None = None,
    ylabel: str = "loss",
    ylim: tuple[float, float] | None = None,
    legend_loc: str = "best",
    ax: Axes | None = None,
) -> Axes:
    r"""Draw several regression losses, or their gradients, against the residual.

    Each curve is called as ``curve(y_true, y_pred)`` with ``y_true`` the
    residuals and ``y_pred`` zeros, so that :math:`r = y - \hat y` sweeps the
    horizontal axis. Pass a lossbook loss with ``reduction='none'`` (through a
    lambda or ``functools.partial``) to draw the loss of one sample, or its
    ``_grad`` with ``reduction='none'`` to draw
    :math:`\partial L / \partial \hat y`.

    Parameters
    ----------
    curves : mapping from str to callable
        The legend text of each curve and the function that computes it
        elementwise.
    residuals : ndarray, optional
        The residuals to sweep; by default 801 points from -3 to 3.
    ylabel : str
        Label of the vertical axis.
    ylim : tuple of two floats, optional
        Limits of the vertical axis.
    legend_loc : str
        Where matplotlib puts the legend.
    ax : Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    Axes
        The axes drawn into, with one line per curve (then two thin reference
        lines through 0).

    Examples
    --------
    >>> import numpy as np
    >>> from lossbook.plotting.regression import plot_against_residual
    >>> import matplotlib.pyplot as plt
    >>> import lossbook
    >>> curves = {
    ...     "squared": lambda y, p: lossbook.mse(y, p, reduction="none"),
    ...     "absolute": lambda y, p: lossbook.mae(y, p, reduction="none"),
    ... }
    >>> ax = plot_against_residual(curves, residuals=np.array([-2.0, 0.0, 2.0]))
    >>> [line.get_ydata().tolist() for line in ax.get_lines()[:2]]
    [[4.0, 0.0, 4.0], [2.0, 0.0, 2.0]]
    >>> plt.close("all")
    """
    if residuals is None:
        residuals = np.linspace(-3.0, 3.0, 801)
    residuals = np.asarray(residuals, dtype=float)
    if residuals.ndim != 1 or residuals.size < 2:
        raise ValueError(f"residuals must be a 1-D array of at least 2 values, got {residuals!r}")
    ax = new_axes(ax, figsize=(6.4, 4.2))
    zeros = np.zeros_like(residuals)
    for index, (name, curve) in enumerate(curves.items()):
        values = np.asarray(curve(residuals, zeros), dtype=float)
        ax.plot(residuals, values, label=name, **series_style(index))
    ax.axhline(0.0, color=REFERENCE_COLOUR, linewidth=0.8, zorder=1)
    ax.axvline(0.0, color=REFERENCE_COLOUR, linewidth=0.8, zorder=1)
    ax.set_xlabel(r"residual $r = y - \hat{y}$")
    ax.set_ylabel(ylabel)
    ax.set_xlim(residuals[0], residuals[-1])
    if ylim is not None:
        ax.set_ylim(*ylim)
    ax.legend(loc=legend_loc)
    return ax


def plot_fits(
    x: np.ndarray,
    y: np.ndarray,
    fits: Mapping[str, Callable[[np.ndarray], np.ndarray]],
    *,
    highlight: np.ndarray | None = None,
    points_label: str = "data",
    highlight_label: str = "outliers",
    reference: Callable[[np.ndarray], np.ndarray] | None = None,
    reference_label: str = "true line",
    band: tuple[Callable[[np.ndarray], np.ndarray], Callable[[np.ndarray], np.ndarray], str]
    | None = None,
    xlabel: str = "$x$",
    ylabel: str = "$y$",
    legend_loc: str = "upper left",
    ax: Axes | None = None,
) -> Axes:
    """Scatter 1-D data and draw fitted curves over it.

    Parameters
    ----------
    x : ndarray of shape (n_samples,) or (n_samples, 1)
        The inputs.
    y : ndarray of shape (n_samples,)
        The targets.
    fits : mapping from str to callable
        The legend text of each fitted curve and a function that maps an array
        of inputs to predictions (for example ``lambda grid: w * grid + b``).
        Each is drawn over 200 points spanning the inputs.
    highlight : ndarray of bool, shape (n_samples,), optional
        Points to draw apart, with another colour and marker (outliers).
    points_label, highlight_label : str
        Legend texts of the ordinary and of the highlighted points.
    reference : callable, optional
        A curve drawn thin and grey under the fits, such as the true line.
    reference_label : str
        Its legend text.
    band : (lower, upper, label), optional
        Two functions of the inputs between which a band is shaded, and its
        legend text (for example mean plus or minus two standard deviations).
    xlabel, ylabel : str
        Axis labels.
    legend_loc : str
        Where matplotlib puts the legend.
    ax : Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    Axes
        The axes drawn into: one line per fit, in the order given (after the
        reference line, when there is one).

    Examples
    --------
    >>> import numpy as np
    >>> from lossbook.plotting.regression import plot_fits
    >>> import matplotlib.pyplot as plt
    >>> x = np.array([0.0, 1.0, 2.0, 3.0])
    >>> y = np.array([0.1, 0.9, 2.1, 9.0])
    >>> ax = plot_fits(x, y, {"y = x": lambda grid: grid}, highlight=y > 5)
    >>> [text.get_text() for text in ax.get_legend().get_texts()]
    ['y = x', 'data', 'outliers']
    >>> len(ax.collections)
    2
    >>> plt.close("all")
    """
    x = np.asarray(x, dtype=float)
    if x.ndim == 2 and x.shape[1] == 1:
        x = x[:, 0]
    y = np.asarray(y, dtype=float)
    if x.ndim != 1 or y.shape != x.shape:
        raise ValueError(
            "x must have shape (n_samples,) or (n_samples, 1) and y shape (n_samples,), "
            f"got x of shape {np.shape(x)} and y of shape {y.shape}"
        )
    if highlight is None:
        highlight = np.zeros(x.shape, dtype=bool)
    highlight = np.asarray(highlight, dtype=bool)
    if highlight.shape != x.shape:
        raise ValueError(
            f"highlight must have one value per sample {x.shape}, got shape {highlight.shape}"
        )
    ax = new_axes(ax, figsize=(6.4, 4.2))
    grid = np.linspace(x.min(), x.max(), 200)
    if band is not None:
        lower, upper, band_label = band
        ax.fill_between(
            grid,
            lower(grid),
            upper(grid),
            color=PALETTE[5],
            alpha=0.25,
            linewidth=0,
            label=band_label,
        )
    if reference is not None:
        ax.plot(
            grid,
            reference(grid),
            color=REFERENCE_COLOUR,
            linewidth=1.2,
            linestyle=(0, (1, 1)),
            label=reference_label,
        )
    for index, (name, fit) in enumerate(fits.items()):
        ax.plot(grid, fit(grid), label=name, **series_style(index))
    ax.scatter(
        x[~highlight],
        y[~highlight],
        s=22,
        color="#888888",
        marker=MARKERS[0],
        edgecolor="white",
        linewidth=0.5,
        label=points_label,
        zorder=3,
    )
    if highlight.any():
        ax.scatter(
            x[highlight],
            y[highlight],
            s=48,
            color=PALETTE[1],
            marker=MARKERS[3],
            edgecolor="black",
            linewidth=0.6,
            label=highlight_label,
            zorder=4,
        )
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(loc=legend_loc)
    return ax


def plot_cost_with_steps(
    parameter: np.ndarray,
    cost: np.ndarray,
    steps: Sequence[float],
    step_costs: Sequence[float],
    *,
    xlabel: str = "weight $w$",
    ylabel: str = "cost $J(w)$",
    ax: Axes | None = None,
) -> Axes:
    """Draw a cost against one parameter and the path of gradient descent on it.

    Parameters
    ----------
    parameter : ndarray of shape (n_points,)
        Values of the parameter, for the curve.
    cost : ndarray of shape (n_points,)
        The cost at each of them.
    steps : sequence of float
        The parameter after 0, 1, 2, ... steps of gradient descent.
    step_costs : sequence of float
        The cost at each of those parameters.
    xlabel, ylabel : str
        Axis labels.
    ax : Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    Axes
        The axes drawn into: the cost curve, then the steps as points joined by
        arrows, numbered from 0 (a number that would overlap the previous one
        is left out).

    Examples
    --------
    >>> import numpy as np
    >>> from lossbook.plotting.regression import plot_cost_with_steps
    >>> import matplotlib.pyplot as plt
    >>> grid = np.linspace(-1.0, 3.0, 41)
    >>> ax = plot_cost_with_steps(grid, (grid - 1.0) ** 2, [3.0, 2.0, 1.5], [4.0, 1.0, 0.25])
    >>> [text.get_text() for text in ax.texts]
    ['0', '1', '2']
    >>> plt.close("all")
    """
    steps = np.asarray(steps, dtype=float)
    step_costs = np.asarray(step_costs, dtype=float)
    if steps.ndim != 1 or steps.shape != step_costs.shape:
        raise ValueError(
            "steps and step_costs must be 1-D and of one length, got shapes "
            f"{steps.shape} and {step_costs.shape}"
        )
    ax = new_axes(ax, figsize=(6.4, 4.0))
    ax.plot(parameter, cost, label="cost", **series_style(0))
    ax.plot(
        steps,
        step_costs,
        linestyle="none",
        marker=MARKERS[0],
        markersize=7,
        color=PALETTE[1],
        markeredgecolor="white",
        label="gradient descent",
        zorder=3,
    )
    for start in range(steps.size - 1):
        ax.add_patch(
            FancyArrowPatch(
                (steps[start], step_costs[start]),
                (steps[start + 1], step_costs[start + 1]),
                arrowstyle="-|>",
                mutation_scale=12,
                color=PALETTE[1],
                shrinkA=4,
                shrinkB=4,
                zorder=2,
            )
        )
    span = np.ptp(cost) if np.ptp(cost) > 0 else 1.0
    width = np.ptp(parameter) if np.ptp(parameter) > 0 else 1.0
    last_labelled = -np.inf
    for index, (value, height) in enumerate(zip(steps, step_costs, strict=True)):
        # Number a step only if it does not crowd the last number written.
        if abs(value - last_labelled) < 0.04 * width:
            continue
        ax.text(value, height + 0.04 * span, str(index), ha="center", va="bottom", fontsize=10)
        last_labelled = value
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(loc="upper center")
    return ax


def plot_trajectories(
    trajectories: Mapping[str, Sequence[float]],
    *,
    targets: Mapping[str, float] | None = None,
    xlabel: str = "step",
    ylabel: str = "value",
    ax: Axes | None = None,
) -> Axes:
    """Draw how a quantity moves step by step under several rules, and where it should end.

    Parameters
    ----------
    trajectories : mapping from str to sequence of float
        The legend text of each rule and the value after 0, 1, 2, ... steps.
    targets : mapping from str to float, optional
        Values to mark as thin horizontal lines (the minimisers), with their
        legend texts.
    xlabel, ylabel : str
        Axis labels.
    ax : Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    Axes
        The axes drawn into: one line per trajectory, then one per target.

    Examples
    --------
    >>> from lossbook.plotting.regression import plot_trajectories
    >>> import matplotlib.pyplot as plt
    >>> ax = plot_trajectories({"halving": [4.0, 2.0, 1.0]}, targets={"zero": 0.0})
    >>> ax.get_lines()[0].get_ydata().tolist()
    [4.0, 2.0, 1.0]
    >>> plt.close("all")
    """
    ax = new_axes(ax, figsize=(6.4, 4.0))
    for index, (name, values) in enumerate(trajectories.items()):
        values = np.asarray(values, dtype=float)
        ax.plot(
            np.arange(values.size),
            values,
            markersize=4,
            label=name,
            **series_style(index, marker=True),
        )
    for index, (name, value) in enumerate((targets or {}).items()):
        ax.axhline(
            value,
            color=REFERENCE_COLOUR,
            linewidth=1.2,
            linestyle=LINESTYLES[(index + 2) % 6],
            label=name,
            zorder=1,
        )
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend()
    return ax
