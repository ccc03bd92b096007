r"""Figures for debugging training (the chapter on the training loop).

- :func:`plot_cost_and_accuracy`: a cost and an accuracy recorded over
  training, on twin vertical axes that share the epoch axis, to show that the
  two need not move together.
- :func:`mark_level`: a labelled reference line across an axes, such as the
  cost of a model that always predicts 1/2, a solver's optimum, or the epoch
  that early stopping picked.

Loss curves themselves are drawn by
:func:`~lossbook.plotting.training.plot_loss_curves`; these helpers add what
a reader needs to judge them.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator, PercentFormatter
from numpy.typing import ArrayLike

from lossbook.plotting.style import PALETTE, REFERENCE_COLOUR, new_axes

__all__ = ["mark_level", "plot_cost_and_accuracy"]


def _as_curve(values: ArrayLike, name: str) -> np.ndarray:
    """``values`` as a 1-D float array of finite numbers, or a ValueError naming it."""
    array = np.asarray(values, dtype=float)
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array, got shape {array.shape}")
    if not np.isfinite(array).all():
        raise ValueError(f"{name} must hold finite numbers only")
    return array


def plot_cost_and_accuracy(
    cost: ArrayLike,
    accuracy: ArrayLike,
    *,
    epochs: ArrayLike | None = None,
    cost_label: str = "training cost",
    accuracy_label: str = "training accuracy",
    log_scale: bool = False,
    legend_loc: str = "center right",
    ax: Axes | None = None,
) -> Axes:
    """Draw a cost (left axis) and an accuracy (right axis) over the same epochs.

    The cost is a solid line in the first colour of the palette, on the left
    axis; the accuracy a dashed line with square markers in the second
    colour, on a twin right axis graduated in per cent. Each axis label takes
    the colour of its curve, and one legend (on the twin, above both curves)
    names both.

    Parameters
    ----------
    cost : array of shape (n_epochs,)
        The cost at the end of each epoch.
    accuracy : array of shape (n_epochs,)
        The share of correct answers at the end of each epoch, in [0, 1].
    epochs : array of shape (n_epochs,), optional
        The horizontal positions; by default 1, 2, ..., n_epochs.
    cost_label, accuracy_label : str
        The names of the two curves (legend and axis labels).
    log_scale : bool, default False
        A logarithmic cost axis; the costs must then be above 0.
    legend_loc : str, default 'center right'
        Where the legend goes (matplotlib's ``loc``).
    ax : Axes, optional
        Where to draw the cost; a new figure when omitted. The accuracy goes
        on a twin axes that shares its horizontal axis, the other member of
        ``ax.get_shared_x_axes().get_siblings(ax)``.

    Returns
    -------
    Axes
        The axes of the cost (the left axis).

    Raises
    ------
    ValueError
        If a curve is empty, not 1-D or not finite, the curves and ``epochs``
        differ in length, an accuracy lies outside [0, 1], or ``log_scale`` is
        asked for costs that are not above 0.

    Examples
    --------
    >>> from lossbook.plotting.diagnostics import plot_cost_and_accuracy
    >>> import matplotlib.pyplot as plt
    >>> ax = plot_cost_and_accuracy([0.7, 0.5, 0.45, 0.44], [0.6, 0.8, 0.8, 0.8])
    >>> [line.get_label() for line in ax.get_lines()]
    ['training cost']
    >>> twin = [other for other in ax.get_shared_x_axes().get_siblings(ax) if other is not ax][0]
    >>> twin.get_lines()[0].get_ydata().tolist(), bool(twin.get_ylim()[1] <= 1.05)
    ([0.6, 0.8, 0.8, 0.8], True)
    >>> [text.get_text() for text in twin.get_legend().get_texts()]
    ['training cost', 'training accuracy']
    >>> plt.close("all")
    """
    cost_values = _as_curve(cost, "cost")
    accuracy_values = _as_curve(accuracy, "accuracy")
    if epochs is None:
        x_values = np.arange(1, cost_values.size + 1, dtype=float)
    else:
        x_values = _as_curve(epochs, "epochs")
    if not cost_values.size == accuracy_values.size == x_values.size:
        raise ValueError(
            "cost, accuracy and epochs must have the same length, got "
            f"{cost_values.size}, {accuracy_values.size} and {x_values.size}"
        )
    if ((accuracy_values < 0.0) | (accuracy_values > 1.0)).any():
        raise ValueError("accuracy must lie in [0, 1] (a share, not a percentage)")
    if log_scale and (cost_values <= 0.0).any():
        raise ValueError("log_scale needs costs above 0")
    ax = new_axes(ax)
    twin = ax.twinx()
    markevery = max(1, x_values.size // 12)
    (cost_line,) = ax.plot(
        x_values, cost_values, color=PALETTE[0], linestyle="-", linewidth=2.2, label=cost_label
    )
    (accuracy_line,) = twin.plot(
        x_values,
        accuracy_values,
        color=PALETTE[1],
        linestyle="--",
        linewidth=2.0,
        marker="s",
        markersize=5,
        markevery=markevery,
        label=accuracy_label,
    )
    ax.set_xlabel("epoch")
    ax.set_ylabel(cost_label, color=PALETTE[0])
    twin.set_ylabel(accuracy_label, color=PALETTE[1])
    if log_scale:
        ax.set_yscale("log")
    low, high = accuracy_values.min(), accuracy_values.max()
    spread = max(high - low, 0.02)
    bottom, top = max(0.0, low - 0.6 * spread), min(1.0, high + 0.6 * spread) + 0.005
    twin.set_ylim(bottom, top)
    # Whole per cents when the axis spans a few of them; automatic otherwise.
    twin.yaxis.set_major_formatter(
        PercentFormatter(1.0, decimals=0 if top - bottom >= 0.04 else None)
    )
    twin.spines["right"].set_visible(True)
    twin.grid(False)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    # The legend belongs to the twin, which is drawn above the cost's axes,
    # so that no curve crosses it.
    twin.legend(handles=[cost_line, accuracy_line], loc=legend_loc)
    return ax


def mark_level(
    ax: Axes,
    value: float,
    label: str,
    *,
    axis: str = "y",
    legend_loc: str | None = None,
) -> Axes:
    """Draw a labelled reference line across ``ax`` at ``value``, and refresh its legend.

    The line is dark grey and dotted, so that it reads as a reference and
    not as one more curve; its label joins the legend.

    Parameters
    ----------
    ax : Axes
        The axes to draw into (for example the one a loss curve was drawn in).
    value : float
        Where the line goes: a cost level (``axis='y'``, a horizontal line)
        or an epoch (``axis='x'``, a vertical line).
    label : str
        Its name in the legend.
    axis : {'y', 'x'}, default 'y'
        A horizontal line at height ``value``, or a vertical one at ``value``
        along the horizontal axis.
    legend_loc : str, optional
        Where the refreshed legend goes (matplotlib's ``loc``); ``'best'``
        by default.

    Returns
    -------
    Axes
        The axes drawn into.

    Raises
    ------
    ValueError
        If ``value`` is not a finite number or ``axis`` is not 'x' or 'y'.

    Examples
    --------
    >>> from lossbook.plotting.diagnostics import mark_level
    >>> import matplotlib.pyplot as plt
    >>> from lossbook.plotting.style import new_axes
    >>> ax = new_axes(None)
    >>> _ = ax.plot([1, 2, 3], [0.9, 0.5, 0.4], label="training")
    >>> ax = mark_level(ax, 0.693, "always 1/2")
    >>> ax = mark_level(ax, 2, "best epoch", axis="x")
    >>> [text.get_text() for text in ax.get_legend().get_texts()]
    ['training', 'always 1/2', 'best epoch']
    >>> list(ax.get_lines()[1].get_ydata()), list(ax.get_lines()[2].get_xdata())
    ([0.693, 0.693], [2, 2])
    >>> plt.close("all")
    """
    if axis not in ("x", "y"):
        raise ValueError(f"axis must be 'x' or 'y', got {axis!r}")
    number = np.asarray(value, dtype=float)
    if number.shape != () or not np.isfinite(number):
        raise ValueError(f"value must be one finite number, got {value!r}")
    draw = ax.axhline if axis == "y" else ax.axvline
    draw(value, color=REFERENCE_COLOUR, linestyle=":", linewidth=1.8, zorder=1.5, label=label)
    ax.legend(loc="best" if legend_loc is None else legend_loc)
    return ax
