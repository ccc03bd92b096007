r"""Figures of training: loss curves, decision boundaries, cost surfaces and slices, chords.

These helpers read what :mod:`lossbook.training`, :mod:`lossbook.models` and
:mod:`lossbook.checks` produce (a :class:`~lossbook.training.History`, a
model with ``predict_proba``, a cost as a function of parameters) and draw
it; they never train. Each one draws into the ``ax`` it is given, or into a
new figure in the book's style, and returns the axes. Curves differ in line
style or marker as well as in colour, and the colour maps are the
colour-blind-safe ``cividis`` (values) and blends of the Okabe-Ito palette
(classes).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeAlias

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator
from mpl_toolkits.mplot3d import Axes3D
from numpy.typing import ArrayLike

from lossbook._validation import (
    as_float_array,
    check_callable,
    check_count,
    check_function_value,
    check_in_interval,
    check_interval,
)
from lossbook.plotting.style import (
    LINESTYLES,
    MARKERS,
    PALETTE,
    new_axes,
    series_style,
    use_book_style,
)
from lossbook.training import History

__all__ = [
    "plot_chord",
    "plot_cost_slice",
    "plot_cost_surface",
    "plot_decision_boundary",
    "plot_loss_curves",
]

#: An array of parameters, or a dict of named arrays such as ``model.params``.
Point: TypeAlias = ArrayLike | Mapping[str, ArrayLike]

#: The colour map of costs: perceptually uniform and readable with colour blindness.
COST_COLORMAP = "cividis"
#: Probability of label 1, from the colour of label 0 through white to that of label 1.
PROBABILITY_COLORMAP = LinearSegmentedColormap.from_list(
    "lossbook_probability", [PALETTE[0], "#ffffff", PALETTE[1]]
)
#: What a point marked on a cost surface or slice looks like: a large star, easy to spot.
_MARK_STYLE: dict[str, Any] = {
    "marker": "*",
    "markersize": 16,
    "markerfacecolor": "white",
    "markeredgecolor": "black",
    "markeredgewidth": 1.3,
    "linestyle": "none",
}
_SLICE_GID = "lossbook-cost-slice"


def plot_loss_curves(
    histories: History | Mapping[str, History],
    *,
    per_step: bool = False,
    log_scale: bool = False,
    ax: Axes | None = None,
) -> Axes:
    r"""Draw the cost during training: training solid, validation dashed.

    Each history gives one colour; its training cost is a solid line and
    its validation cost, when it has one, a dashed line of the same colour.
    With several histories, each also gets its own marker. Histories of
    different lengths (early stopping, different budgets) are drawn side by
    side, each over its own epochs.

    Parameters
    ----------
    histories : History or mapping from str to History
        What :func:`lossbook.training.train` returned; a mapping draws
        several runs, its keys naming them in the legend.
    per_step : bool, default False
        Draw the cost of each mini-batch (``step_cost``, measured before its
        update) against the number of updates made, instead of the cost of
        each epoch; the validation cost of epoch :math:`e` then sits at
        update :math:`e \times` ``steps_per_epoch``.
    log_scale : bool, default False
        A logarithmic cost axis, to see a cost that falls by orders of
        magnitude; the costs must then be above 0.
    ax : Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    Axes
        The axes drawn into.

    Raises
    ------
    TypeError
        If ``histories`` is not a History or a mapping of them.
    ValueError
        If a history has no cost to draw, a cost is not finite, or
        ``log_scale`` is asked for costs that are not above 0.

    Examples
    --------
    >>> from lossbook.plotting.training import plot_loss_curves
    >>> import matplotlib.pyplot as plt
    >>> from lossbook.training import History
    >>> history = History(train_cost=[1.0, 0.5, 0.3], validation_cost=[1.1, 0.7, 0.6])
    >>> ax = plot_loss_curves(history)
    >>> [(line.get_label(), line.get_linestyle()) for line in ax.get_lines()]
    [('training', '-'), ('validation', '--')]
    >>> ax.get_lines()[1].get_xydata().tolist()
    [[1.0, 1.1], [2.0, 0.7], [3.0, 0.6]]
    >>> plt.close("all")
    """
    runs = _check_histories(histories, per_step=per_step, log_scale=log_scale)
    ax = new_axes(ax)
    for index, (name, history) in enumerate(runs):
        prefix = "" if name is None else f"{name}: "
        for x_values, costs, part in _curves_of(history, per_step):
            noisy = per_step and part == "training"  # mini-batch costs: thin, light, below
            ax.plot(
                x_values,
                costs,
                color=PALETTE[index % len(PALETTE)],
                linestyle="-" if part == "training" else "--",
                linewidth=1.0 if noisy else 2.0,
                alpha=0.6 if noisy else 1.0,
                zorder=2 if noisy else 3,
                marker=MARKERS[index % len(MARKERS)] if len(runs) > 1 else None,
                markevery=max(1, len(costs) // 8),
                markersize=6,
                label=f"{prefix}{part}",
            )
    ax.set_xlabel("update (mini-batch step)" if per_step else "epoch")
    ax.set_ylabel("cost (log scale)" if log_scale else "cost")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if log_scale:
        ax.set_yscale("log")
    ax.legend()
    return ax


def plot_decision_boundary(
    model: Any,
    features: ArrayLike,
    labels: ArrayLike,
    *,
    resolution: int = 200,
    ax: Axes | None = None,
    class_names: Sequence[str] | None = None,
    feature_names: Sequence[str] = ("feature 1", "feature 2"),
) -> Axes:
    r"""Draw what a classifier predicts over the plane, with the data on top.

    For a binary classifier (``predict_proba`` giving one probability per
    sample, or two columns) the background is the probability of label 1,
    from the colour of label 0 through white at 1/2 to the colour of label
    1, with a colour bar and the decision boundary :math:`p = 1/2` as a
    black line. For :math:`K \ge 3` classes the background is the predicted
    class (the most probable one) in that class's colour, with the
    boundaries between regions as thin lines. Each class is scattered with
    its own colour and marker.

    Parameters
    ----------
    model : object
        A trained classifier with ``predict_proba(X)`` for ``X`` of shape
        ``(n, 2)``: a model of :mod:`lossbook.models` (a
        ``LogisticRegression``, ``SoftmaxRegression`` or a network with a
        sigmoid or softmax link) or a scikit-learn classifier.
    features : array of shape (n_samples, 2)
        The two features of each sample.
    labels : array of shape (n_samples,)
        Integer class labels from 0 to :math:`K - 1`.
    resolution : int, default 200
        Grid points along each axis, at least 2.
    ax : Axes, optional
        Where to draw; a new figure when omitted.
    class_names : sequence of str, optional
        A name per class for the legend; by default the labels.
    feature_names : sequence of two str, default ('feature 1', 'feature 2')
        The axis labels.

    Returns
    -------
    Axes
        The axes drawn into.

    Raises
    ------
    TypeError
        If ``model`` has no ``predict_proba``, or the labels are not integers.
    ValueError
        If ``features`` is not of shape ``(n_samples, 2)`` or not finite,
        ``labels`` does not have one label per sample or has labels the model
        does not predict, ``resolution`` is below 2, ``class_names`` has the
        wrong length, or the model's probabilities are not in [0, 1].

    Examples
    --------
    >>> import numpy as np
    >>> from lossbook.plotting.training import plot_decision_boundary
    >>> import matplotlib.pyplot as plt
    >>> from lossbook.models import LogisticRegression
    >>> model = LogisticRegression(2)
    >>> model.set_params({"weights": [1.0, 1.0], "bias": 0.0})
    >>> features = np.array([[-1.0, -1.0], [-2.0, 0.5], [1.0, 0.5], [2.0, 1.0]])
    >>> ax = plot_decision_boundary(model, features, [0, 0, 1, 1], class_names=["no", "yes"])
    >>> [text.get_text() for text in ax.get_legend().get_texts()]
    ['no (label 0)', 'yes (label 1)', 'decision boundary (p = 0.5)']
    >>> boundary = ax.collections[1]
    >>> boundary.levels.tolist()
    [0.5]
    >>> plt.close("all")
    """
    features, labels = _check_labelled_points(
        model, features, labels, resolution, class_names, feature_names
    )
    grid_x, grid_y = _grid_around(features, resolution)
    grid = np.column_stack([grid_x.ravel(), grid_y.ravel()])
    probabilities = _predicted_probabilities(model, grid, labels, class_names)
    probabilities = probabilities.reshape(*grid_x.shape, -1)
    n_classes = max(probabilities.shape[-1], 2)
    names = [f"label {k}" if class_names is None else class_names[k] for k in range(n_classes)]
    ax = new_axes(ax, figsize=(5.8, 4.4))
    if n_classes == 2:
        _shade_probability(ax, grid_x, grid_y, probabilities[..., -1], names[1])
    else:
        _shade_classes(ax, grid_x, grid_y, probabilities)
    for label in range(n_classes):
        chosen = labels == label
        ax.scatter(
            features[chosen, 0],
            features[chosen, 1],
            s=30,
            color=PALETTE[label % len(PALETTE)],
            marker=MARKERS[label % len(MARKERS)],
            edgecolor="black",
            linewidth=0.6,
            label=names[label] if class_names is None else f"{names[label]} (label {label})",
            zorder=3,
        )
    handles, _ = ax.get_legend_handles_labels()
    if n_classes == 2:
        handles.append(
            Line2D([], [], color="black", linewidth=1.8, label="decision boundary (p = 0.5)")
        )
    ax.legend(handles=handles, loc="best")
    ax.set_xlim(grid_x[0, 0], grid_x[0, -1])
    ax.set_ylim(grid_y[0, 0], grid_y[-1, 0])
    ax.set_xlabel(feature_names[0])
    ax.set_ylabel(feature_names[1])
    ax.grid(False)
    return ax


def plot_cost_surface(
    cost: Callable[[float, float], float],
    w_range: tuple[float, float],
    b_range: tuple[float, float],
    *,
    resolution: int = 60,
    ax: Axes | None = None,
    levels: int | Sequence[float] = 20,
    mark: tuple[float, float] | None = None,
    mark_label: str | None = None,
    kind: str = "contour",
    xlabel: str = "$w$",
    ylabel: str = "$b$",
    cost_label: str = "cost $J(w, b)$",
) -> Axes:
    """Draw a cost of two parameters over a rectangle, as contours or as a 3-D surface.

    ``kind='contour'`` draws filled contours with thin contour lines and a
    colour bar, the view that shows a convex bowl as nested ovals and a
    badly conditioned one as long thin valleys. ``kind='surface'`` draws the
    surface in 3-D, with its contours on the floor.

    Parameters
    ----------
    cost : callable
        ``cost(w, b) -> float``, called once per grid point with two floats.
    w_range, b_range : pair of floats
        ``(low, high)`` of the first and second parameter, finite, low < high.
    resolution : int, default 60
        Grid points along each axis, at least 2.
    ax : Axes, optional
        Where to draw (a 3-D axes for ``kind='surface'``, made with
        ``projection='3d'``); a new figure when omitted.
    levels : int or sequence of float, default 20
        How many contour levels (matplotlib picks round values), or the
        levels themselves in increasing order (for example ``np.geomspace``
        for a cost that spans orders of magnitude).
    mark : pair of floats, optional
        A point ``(w, b)`` to mark with a star, such as the minimum.
    mark_label : str, optional
        The legend's name of the marked point; no legend when omitted.
    kind : {'contour', 'surface'}, default 'contour'
        Filled contours in the plane, or a 3-D surface.
    xlabel, ylabel, cost_label : str
        The names of the two parameters and of the cost (colour bar or
        vertical axis).

    Returns
    -------
    Axes
        The axes drawn into (an ``Axes3D`` for ``kind='surface'``).

    Raises
    ------
    TypeError
        If ``cost`` is not callable or returns something other than one
        number, ``kind='surface'`` is given 2-D axes (or ``'contour'`` 3-D
        ones), or an argument has the wrong type.
    ValueError
        If a range is not a finite increasing pair, ``resolution`` is below
        2, ``levels`` is not increasing, ``mark`` is not a finite pair,
        ``kind`` is unknown, or the cost is NaN or infinite somewhere on the
        grid.

    Examples
    --------
    >>> from lossbook.plotting.training import plot_cost_surface
    >>> import matplotlib.pyplot as plt
    >>> bowl = lambda w, b: (w - 1.0) ** 2 + 4.0 * b**2
    >>> ax = plot_cost_surface(bowl, (-1.0, 3.0), (-1.0, 1.0), levels=[0, 1, 2, 4, 8],
    ...                        mark=(1.0, 0.0), mark_label="minimum")
    >>> ax.collections[0].levels.tolist()
    [0.0, 1.0, 2.0, 4.0, 8.0]
    >>> ax.get_lines()[0].get_xydata().tolist(), ax.get_xlabel()
    ([[1.0, 0.0]], '$w$')
    >>> plt.close("all")
    """
    w_range, b_range, levels, mark = _check_surface_arguments(
        cost, w_range, b_range, resolution, ax, levels, mark, kind
    )
    grid_w, grid_b = np.meshgrid(
        np.linspace(*w_range, resolution), np.linspace(*b_range, resolution)
    )
    costs = np.array(
        [
            check_function_value(cost(float(w), float(b)), "cost", f"w={w:g}, b={b:g}")
            for w, b in zip(grid_w.ravel(), grid_b.ravel(), strict=True)
        ]
    ).reshape(grid_w.shape)
    if kind == "surface":
        ax = _surface_axes(ax)
        floor = costs.min() - 0.15 * (costs.max() - costs.min())
        ax.contour(
            grid_w,
            grid_b,
            costs,
            levels=levels,
            cmap=COST_COLORMAP,
            offset=floor,
            linewidths=0.8,
            zorder=1,
        )
        ax.plot_surface(
            grid_w,
            grid_b,
            costs,
            cmap=COST_COLORMAP,
            linewidth=0,
            antialiased=False,
            alpha=0.9,
            zorder=2,
        )
        ax.set_zlim(floor, costs.max())
        ax.set_zlabel(cost_label)
        if mark is not None:
            mark_cost = check_function_value(cost(*mark), "cost", f"the mark {mark}")
            ax.plot(*mark, mark_cost, zorder=10, label=mark_label, **_MARK_STYLE)
    else:
        ax = new_axes(ax, figsize=(5.8, 4.4))
        filled = ax.contourf(grid_w, grid_b, costs, levels=levels, cmap=COST_COLORMAP)
        ax.contour(filled, colors="black", linewidths=0.5, alpha=0.5)
        ax.figure.colorbar(filled, ax=ax, label=cost_label)
        if mark is not None:
            ax.plot(*mark, label=mark_label, **_MARK_STYLE)
        ax.set_xlim(*w_range)
        ax.set_ylim(*b_range)
        ax.grid(False)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if mark is not None and mark_label is not None:
        ax.legend(loc="upper right")
    return ax


def plot_cost_slice(
    cost: Callable[[Any], float],
    point: Point,
    direction: Point,
    *,
    span: tuple[float, float] = (-1.0, 1.0),
    resolution: int = 200,
    ax: Axes | None = None,
    label: str | None = None,
    xlabel: str = "$t$ (along the direction)",
    ylabel: str = r"cost $C(\theta + t\,d)$",
) -> Axes:
    r"""Draw a cost along a line through parameter space: :math:`g(t) = C(\theta + t\,d)`.

    A cost is convex if and only if every such slice is convex, so one slice
    that bends down (two valleys, a bump) shows that a cost is not convex,
    as a network's is. The point :math:`\theta` (:math:`t = 0`) is marked
    with a star. Calling again with the same ``ax`` adds a slice in the next
    colour and line style.

    The direction is used as given, not scaled: with the difference of two
    parameter sets, ``span=(0, 1)`` walks from one to the other; divide it
    by its norm for :math:`t` to be a distance.

    Parameters
    ----------
    cost : callable
        ``cost(params) -> float``, called with arrays (or dicts of arrays)
        shaped like ``point``.
    point : array or dict of arrays
        The point :math:`\theta` the line passes through, such as
        ``model.params``. It is not modified.
    direction : array or dict of arrays
        The direction :math:`d`: the same shapes (and names) as ``point``,
        not all zero.
    span : pair of floats, default (-1.0, 1.0)
        The range of :math:`t`, finite, increasing.
    resolution : int, default 200
        Number of values of :math:`t`, at least 2.
    ax : Axes, optional
        Where to draw; a new figure when omitted.
    label : str, optional
        The slice's name in the legend; no legend when omitted.
    xlabel, ylabel : str
        The axis labels.

    Returns
    -------
    Axes
        The axes drawn into.

    Raises
    ------
    TypeError
        If ``cost`` is not callable or does not return one number, or
        ``point`` and ``direction`` are not both arrays or both dicts.
    ValueError
        If ``direction`` does not match ``point`` or is zero, a value is not
        finite, ``span`` is not a finite increasing pair, ``resolution`` is
        below 2, or the cost is NaN or infinite on the slice.

    Examples
    --------
    >>> import numpy as np
    >>> from lossbook.plotting.training import plot_cost_slice
    >>> import matplotlib.pyplot as plt
    >>> double_well = lambda x: float((x[0] ** 2 - 1.0) ** 2 + x[1] ** 2)
    >>> ax = plot_cost_slice(double_well, np.zeros(2), np.array([1.0, 0.0]),
    ...                      span=(-1.5, 1.5), resolution=7, label="along $w_1$")
    >>> curve, start = ax.get_lines()
    >>> curve.get_xdata().tolist()
    [-1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5]
    >>> np.round(curve.get_ydata(), 4).tolist()
    [1.5625, 0.0, 0.5625, 1.0, 0.5625, 0.0, 1.5625]
    >>> start.get_xydata().tolist()
    [[0.0, 1.0]]
    >>> plt.close("all")
    """
    start, step, rebuild, span = _check_slice_arguments(cost, point, direction, span, resolution)
    offsets = np.linspace(*span, resolution)
    costs = [
        check_function_value(cost(rebuild(start + offset * step)), "cost", f"t={offset:g}")
        for offset in offsets
    ]
    ax = new_axes(ax)
    index = sum(line.get_gid() == _SLICE_GID for line in ax.get_lines())
    ax.plot(offsets, costs, label=label, gid=_SLICE_GID, **series_style(index))
    if span[0] <= 0.0 <= span[1]:
        start_cost = check_function_value(cost(rebuild(start.copy())), "cost", "t=0")
        start_label = r"$\theta$ ($t = 0$)" if index == 0 else None
        ax.plot(0.0, start_cost, zorder=4, label=start_label, **_MARK_STYLE)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if label is not None:
        ax.legend()
    return ax


def plot_chord(
    function: Callable[[float], float],
    x_left: float,
    x_right: float,
    *,
    ax: Axes | None = None,
    fraction: float = 0.5,
    domain: tuple[float, float] | None = None,
    resolution: int = 200,
    label: str = "$f(x)$",
) -> Axes:
    r"""Draw a function of one variable with the chord between two of its points.

    A function is convex when every chord lies on or above its graph:

    .. math::

        f\bigl(\lambda x_1 + (1 - \lambda)\,x_2\bigr)
        \le \lambda f(x_1) + (1 - \lambda) f(x_2), \qquad \lambda \in [0, 1].

    The figure draws the graph, the chord from :math:`(x_1, f(x_1))` to
    :math:`(x_2, f(x_2))`, and, at :math:`x = x_1 + \text{fraction}\,(x_2 -
    x_1)`, a dotted segment from the graph to the chord: the gap that
    convexity says is never negative.

    Parameters
    ----------
    function : callable
        ``function(x) -> float``, called with one float at a time.
    x_left, x_right : float
        The chord's ends :math:`x_1 < x_2`.
    ax : Axes, optional
        Where to draw; a new figure when omitted.
    fraction : float, default 0.5
        Where, between the ends, to draw the gap; in [0, 1].
    domain : pair of floats, optional
        The range of :math:`x` for the graph; it must contain both ends. By
        default the chord's interval widened by half its length each side.
    resolution : int, default 200
        Points on the graph, at least 2.
    label : str, default '$f(x)$'
        The graph's name in the legend.

    Returns
    -------
    Axes
        The axes drawn into.

    Raises
    ------
    TypeError
        If ``function`` is not callable, does not return one number, or an
        argument is not a number.
    ValueError
        If an argument is not finite, ``x_left`` is not below ``x_right``,
        ``fraction`` is outside [0, 1], ``domain`` does not contain the
        ends, ``resolution`` is below 2, or the function is NaN or infinite.

    Examples
    --------
    >>> from lossbook.plotting.training import plot_chord
    >>> import matplotlib.pyplot as plt
    >>> ax = plot_chord(lambda x: x**2, -1.0, 2.0)
    >>> graph, chord, gap = ax.get_lines()
    >>> chord.get_xydata().tolist()
    [[-1.0, 1.0], [2.0, 4.0]]
    >>> gap.get_xydata().tolist()
    [[0.5, 0.25], [0.5, 2.5]]
    >>> plt.close("all")
    """
    x_left, x_right, fraction, domain = _check_chord_arguments(
        function, x_left, x_right, fraction, domain, resolution
    )
    x_values = np.linspace(*domain, resolution)
    curve = [check_function_value(function(float(x)), "function", f"x={x:g}") for x in x_values]
    ends = [check_function_value(function(x), "function", f"x={x:g}") for x in (x_left, x_right)]
    x_middle = x_left + fraction * (x_right - x_left)
    on_curve = check_function_value(function(x_middle), "function", f"x={x_middle:g}")
    on_chord = ends[0] + fraction * (ends[1] - ends[0])
    gap = f"{on_chord - on_curve:.3g}".replace("-", "\N{MINUS SIGN}")
    ax = new_axes(ax, figsize=(5.4, 4.0))
    ax.plot(x_values, curve, color=PALETTE[0], linestyle=LINESTYLES[0], label=label)
    ax.plot(
        [x_left, x_right],
        ends,
        color=PALETTE[1],
        linestyle=LINESTYLES[1],
        marker=MARKERS[0],
        markersize=7,
        label="chord",
    )
    ax.plot(
        [x_middle, x_middle],
        [on_curve, on_chord],
        color=PALETTE[2],
        linestyle=LINESTYLES[3],
        marker="_",
        markersize=10,
        markeredgewidth=2.0,
        label=f"chord $-$ $f$ = {gap}",
    )
    ax.set_xlabel("$x$")
    ax.set_ylabel("$f(x)$")
    ax.legend()
    return ax


# --- validation and small helpers -------------------------------------------------------


def _check_histories(
    histories: Any, *, per_step: bool, log_scale: bool
) -> list[tuple[str | None, History]]:
    """Return ``(name, history)`` pairs after checking there are finite costs to draw."""
    if isinstance(histories, History):
        runs: list[tuple[str | None, History]] = [(None, histories)]
    elif isinstance(histories, Mapping):
        runs = list(histories.items())
        if not runs:
            raise ValueError("histories must hold at least one History, got an empty mapping")
    else:
        raise TypeError(
            "histories must be a History or a mapping from labels to History, "
            f"got {type(histories).__name__}"
        )
    for name, history in runs:
        where = "histories" if name is None else f"histories[{name!r}]"
        if not isinstance(history, History):
            raise TypeError(f"{where} must be a History, got {type(history).__name__}")
        drawn = history.step_cost if per_step else history.train_cost
        if not drawn:
            kind = "step_cost" if per_step else "train_cost"
            raise ValueError(f"{where} has nothing to draw: its {kind} is empty")
        if per_step and history.validation_cost and history.steps_per_epoch < 1:
            raise ValueError(
                f"{where}.steps_per_epoch must be at least 1 to place validation costs on "
                f"the step axis, got {history.steps_per_epoch}"
            )
        for part in (drawn, history.validation_cost):
            costs = as_float_array(part, f"the costs of {where}", allow_empty=True)
            if log_scale and costs.size and costs.min() <= 0.0:
                raise ValueError(f"log_scale needs costs above 0, got {costs.min():g} in {where}")
    return runs


def _curves_of(history: History, per_step: bool) -> list[tuple[np.ndarray, list[float], str]]:
    """The (x, cost, part) of the training curve and, if any, the validation curve."""
    n_validation = len(history.validation_cost)
    if per_step:  # the cost before update k sits at k; epoch e ends after e * steps updates
        curves = [(np.arange(len(history.step_cost)), history.step_cost, "training")]
        validation_x = history.steps_per_epoch * np.arange(1, n_validation + 1)
    else:
        curves = [(np.arange(1, history.epochs + 1), history.train_cost, "training")]
        validation_x = np.arange(1, n_validation + 1)
    if n_validation:
        curves.append((validation_x, history.validation_cost, "validation"))
    return curves


def _check_labelled_points(
    model: Any,
    features: ArrayLike,
    labels: ArrayLike,
    resolution: int,
    class_names: Sequence[str] | None,
    feature_names: Sequence[str],
) -> tuple[np.ndarray, np.ndarray]:
    """Return the features as floats and the labels as int64, after checking them."""
    if not callable(getattr(model, "predict_proba", None)):
        raise TypeError(
            f"model must have a predict_proba method (a classifier), got {type(model).__name__}"
        )
    features = as_float_array(features, "features")
    if features.ndim != 2 or features.shape[1] != 2:
        raise ValueError(f"features must have shape (n_samples, 2), got shape {features.shape}")
    label_array = np.asarray(labels)
    if label_array.dtype.kind not in "biu":
        raise TypeError(f"labels must be integers, got an array of dtype {label_array.dtype}")
    if label_array.shape != (features.shape[0],):
        raise ValueError(
            f"labels must have shape ({features.shape[0]},), one per row of features, "
            f"got shape {label_array.shape}"
        )
    if label_array.min() < 0:
        raise ValueError(f"labels must be at least 0, got {label_array.min()}")
    check_count(resolution, "resolution", 2)
    if len(feature_names) != 2:
        raise ValueError(f"feature_names must hold two names, got {len(feature_names)}")
    if class_names is not None and (
        isinstance(class_names, str) or not all(isinstance(name, str) for name in class_names)
    ):
        raise TypeError(f"class_names must be a sequence of str, got {class_names!r}")
    return features, label_array.astype(np.int64)


def _grid_around(features: np.ndarray, resolution: int) -> tuple[np.ndarray, np.ndarray]:
    """A square grid covering the data with a margin of a tenth of its extent each side."""
    low, high = features.min(axis=0), features.max(axis=0)
    margin = np.where(high > low, 0.1 * (high - low), 0.5)
    axes = [np.linspace(low[i] - margin[i], high[i] + margin[i], resolution) for i in (0, 1)]
    return np.meshgrid(*axes)


def _predicted_probabilities(
    model: Any, grid: np.ndarray, labels: np.ndarray, class_names: Sequence[str] | None
) -> np.ndarray:
    """The model's probabilities on the grid: of label 1 (shape (n,)), or of each class.

    Also checks the labels and class names against the model's number of classes.
    """
    probabilities = np.asarray(model.predict_proba(grid), dtype=float)
    if probabilities.ndim == 2 and probabilities.shape[1] in (1, 2):
        probabilities = probabilities[:, -1]  # two classes: the probability of label 1
    if probabilities.ndim not in (1, 2) or probabilities.shape[0] != grid.shape[0]:
        raise ValueError(
            f"model.predict_proba must return shape (n,) or (n, n_classes) for n = "
            f"{grid.shape[0]} points, got shape {probabilities.shape}"
        )
    if not ((probabilities >= 0.0) & (probabilities <= 1.0)).all():
        raise ValueError("model.predict_proba must return probabilities in [0, 1]")
    n_classes = 2 if probabilities.ndim == 1 else probabilities.shape[1]
    if labels.max() >= n_classes:
        raise ValueError(
            f"labels must lie in [0, {n_classes}) for a model of {n_classes} classes, "
            f"got label {labels.max()}"
        )
    if class_names is not None and len(class_names) < n_classes:
        raise ValueError(
            f"class_names must name each of the model's {n_classes} classes, "
            f"got {len(class_names)} names"
        )
    return probabilities


def _shade_probability(
    ax: Axes, grid_x: np.ndarray, grid_y: np.ndarray, probability: np.ndarray, name: str
) -> None:
    """Filled contours of the probability of label 1, a colour bar, the line p = 1/2."""
    filled = ax.contourf(
        grid_x,
        grid_y,
        probability,
        levels=np.linspace(0.0, 1.0, 11),
        cmap=PROBABILITY_COLORMAP,
        alpha=0.55,
    )
    ax.figure.colorbar(filled, ax=ax, ticks=np.linspace(0.0, 1.0, 5), label=f"P({name})")
    if probability.min() < 0.5 < probability.max():
        ax.contour(grid_x, grid_y, probability, levels=[0.5], colors="black", linewidths=1.8)


def _shade_classes(
    ax: Axes, grid_x: np.ndarray, grid_y: np.ndarray, probabilities: np.ndarray
) -> None:
    r"""Each class's region in its colour, with its border as a line.

    Class :math:`k` wins where its margin :math:`p_k - \max_{j \ne k} p_j` is
    positive; contouring that smooth margin at 0 gives smooth borders, where
    contouring the predicted class itself would give steps.
    """
    for label in range(probabilities.shape[-1]):
        others = np.delete(probabilities, label, axis=-1).max(axis=-1)
        margin = probabilities[..., label] - others
        if margin.max() >= 0.0:
            colour = PALETTE[label % len(PALETTE)]
            ax.contourf(grid_x, grid_y, margin, levels=[0.0, 1.0], colors=[colour], alpha=0.3)
        if margin.min() < 0.0 < margin.max():
            ax.contour(grid_x, grid_y, margin, levels=[0.0], colors="#333333", linewidths=1.0)


def _check_surface_arguments(
    cost: Any,
    w_range: Any,
    b_range: Any,
    resolution: int,
    ax: Axes | None,
    levels: Any,
    mark: Any,
    kind: str,
) -> tuple[tuple[float, float], tuple[float, float], Any, tuple[float, float] | None]:
    """Return the ranges, levels and mark as floats, after checking every argument."""
    check_callable(cost, "cost")
    w_range = check_interval(w_range, "w_range")
    b_range = check_interval(b_range, "b_range")
    check_count(resolution, "resolution", 2)
    if kind not in ("contour", "surface"):
        raise ValueError(f"kind must be 'contour' or 'surface', got {kind!r}")
    if ax is not None and isinstance(ax, Axes3D) != (kind == "surface"):
        wanted = "3-D axes (projection='3d')" if kind == "surface" else "2-D axes"
        raise TypeError(f"ax must be {wanted} for kind={kind!r}, got {type(ax).__name__}")
    if isinstance(levels, (int, np.integer)) and not isinstance(levels, bool):
        check_count(levels, "levels", 1)
    else:
        levels = as_float_array(levels, "levels")
        if levels.ndim != 1 or (np.diff(levels) <= 0).any():
            raise ValueError(f"levels must be increasing numbers, got {levels.tolist()}")
    if mark is not None:
        mark_array = as_float_array(mark, "mark")
        if mark_array.shape != (2,):
            raise ValueError(f"mark must be a pair (w, b), got shape {mark_array.shape}")
        mark = (float(mark_array[0]), float(mark_array[1]))
    return w_range, b_range, levels, mark


def _surface_axes(ax: Axes | None) -> Axes3D:
    """Return ``ax``, or the 3-D axes of a new pyplot figure in the book's style."""
    if ax is not None:
        return ax
    use_book_style()
    figure = plt.figure(figsize=(6.4, 5.0), layout="constrained")
    new_ax = figure.add_subplot(projection="3d", computed_zorder=False)
    new_ax.set_box_aspect(None, zoom=0.88)
    return new_ax


def _check_slice_arguments(
    cost: Any, point: Point, direction: Point, span: Any, resolution: int
) -> tuple[np.ndarray, np.ndarray, Callable[[np.ndarray], Any], tuple[float, float]]:
    """Return the point and direction as vectors, the rebuilding function and the span."""
    check_callable(cost, "cost")
    start, rebuild, layout = _as_vector(point, "point")
    if isinstance(point, Mapping) != isinstance(direction, Mapping):
        raise TypeError(
            "point and direction must both be arrays or both be dicts of arrays, got "
            f"{type(point).__name__} and {type(direction).__name__}"
        )
    step, _, direction_layout = _as_vector(direction, "direction")
    if direction_layout != layout:
        raise ValueError(
            f"direction must have the names and shapes of point {layout}, got {direction_layout}"
        )
    if not step.any():
        raise ValueError("direction must not be zero")
    span = check_interval(span, "span")
    check_count(resolution, "resolution", 2)
    return start, step, rebuild, span


def _as_vector(point: Point, name: str) -> tuple[np.ndarray, Callable[[np.ndarray], Any], Any]:
    """Flatten an array or a dict of arrays into one vector; return how to rebuild it.

    The third value describes the layout (the shape, or the names and shapes)
    so that two points can be compared.
    """
    if isinstance(point, Mapping):
        if not point:
            raise ValueError(f"{name} must not be an empty dict")
        arrays = {key: as_float_array(value, f"{name}[{key!r}]") for key, value in point.items()}
        shapes = {key: array.shape for key, array in arrays.items()}
        bounds = np.cumsum([0] + [array.size for array in arrays.values()])

        def rebuild(vector: np.ndarray) -> dict[str, np.ndarray]:
            return {
                key: vector[low:high].reshape(shape)
                for (key, shape), low, high in zip(
                    shapes.items(), bounds[:-1], bounds[1:], strict=True
                )
            }

        vector = np.concatenate([array.ravel() for array in arrays.values()])
        return vector, rebuild, dict(sorted(shapes.items()))
    array = as_float_array(point, name)
    return array.ravel().copy(), lambda vector: vector.reshape(array.shape), array.shape


def _check_chord_arguments(
    function: Any,
    x_left: Any,
    x_right: Any,
    fraction: Any,
    domain: Any,
    resolution: int,
) -> tuple[float, float, float, tuple[float, float]]:
    """Return the chord's ends, the fraction and the domain as floats, after checking them."""
    check_callable(function, "function")
    x_left, x_right = check_interval((x_left, x_right), "x_left and x_right")
    fraction = check_in_interval(fraction, "fraction", 0.0, 1.0, closed=True)
    if domain is None:
        half = 0.5 * (x_right - x_left)
        domain = (x_left - half, x_right + half)
    else:
        domain = check_interval(domain, "domain")
        if not domain[0] <= x_left < x_right <= domain[1]:
            raise ValueError(
                f"domain must contain x_left and x_right ({x_left:g}, {x_right:g}), got {domain}"
            )
    check_count(resolution, "resolution", 2)
    return x_left, x_right, fraction, domain
