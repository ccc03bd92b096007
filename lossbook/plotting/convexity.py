r"""Figures of the chapter on convexity: curvature by second differences, descent paths.

:func:`plot_second_difference` draws the second derivative of a function of
one variable as :func:`lossbook.checks.directional_curvature` estimates it,
with the stretches where it is negative (where the function is not convex)
shaded. :func:`plot_descent_paths` draws the paths that an optimiser takes
through a plane of two parameters, on top of a cost surface drawn by
:func:`~lossbook.plotting.training.plot_cost_surface`. Each helper draws into the
``ax`` it is given, or into a new figure in the book's style, and returns the
axes; curves differ in line style and marker as well as in colour.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
from matplotlib.axes import Axes

from lossbook._validation import (
    as_float_array,
    check_callable,
    check_count,
    check_function_value,
    check_interval,
)
from lossbook.checks import directional_curvature
from lossbook.plotting.style import REFERENCE_COLOUR, new_axes, series_style

__all__ = ["plot_descent_paths", "plot_second_difference"]

_CURVATURE_GID = "lossbook-second-difference"
_NEGATIVE_GID = "lossbook-negative-curvature"
_PATH_GID = "lossbook-descent-path"
_START_GID = "lossbook-descent-start"
_REFERENCE_STYLE: dict[str, Any] = {"color": REFERENCE_COLOUR, "linewidth": 0.9, "zorder": 1}


def plot_second_difference(
    function: Callable[[float], float],
    domain: tuple[float, float],
    *,
    step: float = 1e-3,
    resolution: int = 200,
    ax: Axes | None = None,
    label: str | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
) -> Axes:
    r"""Draw the second derivative of a function of one variable, estimated by second differences.

    At each :math:`x` of the domain the curvature is estimated as
    :func:`lossbook.checks.directional_curvature` does,

    .. math::

        f''(x) \approx \frac{f(x - h) - 2 f(x) + f(x + h)}{h^2},

    and the stretches where it is below 0, where the function bends down
    and is therefore not convex, are hatched in the curve's colour. A thin
    line marks the curvature 0. Calling again with the same ``ax`` adds a
    curve in the next colour and line style.

    Parameters
    ----------
    function : callable
        ``function(x) -> float``, called with one float at a time.
    domain : pair of floats
        ``(low, high)``: the range of :math:`x`, finite, low < high.
    step : float, default 1e-3
        The step :math:`h` of the second difference, greater than 0.
    resolution : int, default 200
        Points along the domain, at least 2.
    ax : Axes, optional
        Where to draw; a new figure when omitted.
    label : str, optional
        The curve's name in the legend; no legend when omitted.
    xlabel, ylabel : str, optional
        The axis labels. When omitted, labels already on ``ax`` are kept,
        so a second curve need not repeat them; a new figure gets
        ``'$x$'`` and ``"curvature $f''(x)$"``.

    Returns
    -------
    Axes
        The axes drawn into.

    Raises
    ------
    TypeError
        If ``function`` is not callable or does not return one number, or an
        argument has the wrong type.
    ValueError
        If ``domain`` is not a finite increasing pair, ``step`` is not above
        0, ``resolution`` is below 2, or the function is NaN or infinite.

    Examples
    --------
    >>> import numpy as np
    >>> from lossbook.plotting.convexity import plot_second_difference
    >>> import matplotlib.pyplot as plt
    >>> double_well = lambda x: x**4 - 4.0 * x**2
    >>> ax = plot_second_difference(double_well, (-2.0, 2.0), resolution=5, label="$f$")
    >>> curve = ax.get_lines()[0]
    >>> curve.get_xdata().tolist()
    [-2.0, -1.0, 0.0, 1.0, 2.0]
    >>> np.round(curve.get_ydata(), 4).tolist()  # 12 x**2 - 8
    [40.0, 4.0, -8.0, 4.0, 40.0]
    >>> [text.get_text() for text in ax.get_legend().get_texts()]
    ['$f$', '$f$ below 0: not convex']
    >>> plt.close("all")
    """
    check_callable(function, "function")
    low, high = check_interval(domain, "domain")
    if not isinstance(step, (int, float, np.integer, np.floating)) or isinstance(step, bool):
        raise TypeError(f"step must be a real number, got {type(step).__name__} {step!r}")
    if not (math.isfinite(step) and step > 0.0):
        raise ValueError(f"step must be a finite number above 0, got {step!r}")
    check_count(resolution, "resolution", 2)
    x_values = np.linspace(low, high, resolution)

    def along_line(point: np.ndarray) -> float:
        x = float(point[0])
        return check_function_value(function(x), "function", f"x={x:g}")

    curvature = np.array(
        [directional_curvature(along_line, [x], [1.0], step=step) for x in x_values]
    )
    ax = new_axes(ax)
    index = sum(line.get_gid() == _CURVATURE_GID for line in ax.get_lines())
    style = series_style(index)
    colour = style["color"]
    ax.plot(x_values, curvature, label=label, gid=_CURVATURE_GID, zorder=3, **style)
    if index == 0:
        ax.axhline(0.0, **_REFERENCE_STYLE)
    negative = curvature < 0.0
    if negative.any():
        shade = ax.fill_between(
            x_values,
            curvature,
            0.0,
            where=negative,
            interpolate=True,
            facecolor="none",
            edgecolor=colour,
            hatch="///",
            linewidth=0.0,
            label=None if label is None else f"{label} below 0: not convex",
            zorder=2,
        )
        shade.set_gid(_NEGATIVE_GID)
    ax.set_xlim(low, high)
    ax.set_xlabel(xlabel if xlabel is not None else ax.get_xlabel() or "$x$")
    ax.set_ylabel(ylabel if ylabel is not None else ax.get_ylabel() or r"curvature $f''(x)$")
    if label is not None:
        ax.legend()
    return ax


def plot_descent_paths(
    paths: Mapping[str, Any],
    *,
    ax: Axes | None = None,
    xlabel: str = "$w$",
    ylabel: str = "$b$",
    legend_loc: str = "best",
) -> Axes:
    r"""Draw the paths of an optimiser through a plane of two parameters.

    Each path is a sequence of points :math:`(w, b)`, one per step, starting
    where the optimiser started. It is drawn as a line in its own colour,
    line style and end marker; every start is a white circle, named once in
    the legend. Draw the cost first (:func:`~lossbook.plotting.training.plot_cost_surface`
    with ``kind='contour'``) and pass its axes, to see where each path goes
    on the surface; the axes' limits are kept.

    Parameters
    ----------
    paths : mapping from str to array of shape (n_points, 2)
        The legend text of each path and its points, at least one each.
    ax : Axes, optional
        Where to draw; a new figure when omitted.
    xlabel, ylabel : str, default '$w$' and '$b$'
        The axis labels.
    legend_loc : str, default 'best'
        Where matplotlib puts the legend.

    Returns
    -------
    Axes
        The axes drawn into.

    Raises
    ------
    TypeError
        If ``paths`` is not a mapping.
    ValueError
        If ``paths`` is empty, or a path is not an array of shape
        ``(n_points, 2)`` of finite numbers with at least one point.

    Examples
    --------
    >>> from lossbook.plotting.convexity import plot_descent_paths
    >>> import matplotlib.pyplot as plt
    >>> path = [[2.0, 1.0], [1.0, 0.5], [0.5, 0.25]]
    >>> ax = plot_descent_paths({"from (2, 1)": path})
    >>> line, start = ax.get_lines()
    >>> line.get_xydata().tolist() == path, start.get_xydata().tolist()
    (True, [[2.0, 1.0]])
    >>> [text.get_text() for text in ax.get_legend().get_texts()]
    ['from (2, 1)', 'start']
    >>> plt.close("all")
    """
    if not isinstance(paths, Mapping):
        raise TypeError(
            f"paths must be a mapping from labels to arrays of points, got {type(paths).__name__}"
        )
    if not paths:
        raise ValueError("paths must hold at least one path")
    checked = {}
    for name, path in paths.items():
        points = as_float_array(path, f"paths[{name!r}]")
        if points.ndim != 2 or points.shape[1] != 2 or points.shape[0] < 1:
            raise ValueError(
                f"paths[{name!r}] must have shape (n_points, 2) with at least one point, "
                f"got shape {points.shape}"
            )
        checked[name] = points
    ax = new_axes(ax, figsize=(5.8, 4.4))
    limits = (ax.get_xlim(), ax.get_ylim()) if not ax.get_autoscale_on() else None
    index = sum(line.get_gid() == _PATH_GID for line in ax.get_lines())
    for offset, (name, points) in enumerate(checked.items()):
        ax.plot(
            points[:, 0],
            points[:, 1],
            linewidth=2.2,
            markevery=[points.shape[0] - 1],
            markersize=9,
            markeredgecolor="black",
            markeredgewidth=0.8,
            label=name,
            gid=_PATH_GID,
            zorder=6,
            **series_style(index + offset, marker=True),
        )
    had_start = any(line.get_gid() == _START_GID for line in ax.get_lines())
    starts = np.array([points[0] for points in checked.values()])
    ax.plot(
        starts[:, 0],
        starts[:, 1],
        linestyle="none",
        marker="o",
        markersize=8,
        markerfacecolor="white",
        markeredgecolor="black",
        markeredgewidth=1.2,
        label=None if had_start else "start",
        gid=_START_GID,
        zorder=7,
    )
    if limits is not None:
        ax.set_xlim(*limits[0])
        ax.set_ylim(*limits[1])
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(loc=legend_loc)
    return ax
