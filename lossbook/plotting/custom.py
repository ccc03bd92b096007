"""Figures of the chapter on writing your own loss: where each model's cost comes from.

- :func:`plot_cost_breakdown`: for several models, the parts their cost is
  made of (a shortage cost and a leftover cost, misses and false alarms) as
  stacked horizontal bars, with the total at the end of each bar.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from matplotlib.axes import Axes

from lossbook.plotting.style import PALETTE, new_axes

__all__ = ["plot_cost_breakdown"]

#: Hatch patterns of the parts, so that they differ in more than colour.
_HATCHES: tuple[str, ...] = ("", "//", "..", "xx", "\\\\", "++")


def _check_breakdown(
    breakdown: Mapping[str, Mapping[str, float]],
) -> tuple[list[str], list[str], list[list[float]]]:
    """The model names, the part names and the values (one row per model), checked."""
    if not isinstance(breakdown, Mapping) or not breakdown:
        raise ValueError("breakdown must map at least one model name to its parts")
    models = list(breakdown)
    parts: list[str] | None = None
    rows = []
    for model in models:
        model_parts = breakdown[model]
        if not isinstance(model_parts, Mapping) or not model_parts:
            raise ValueError(f"breakdown[{model!r}] must map at least one part name to a value")
        if parts is None:
            parts = list(model_parts)
        elif list(model_parts) != parts:
            raise ValueError(
                f"every model must have the same parts in the same order: {parts} for "
                f"{models[0]!r}, got {list(model_parts)} for {model!r}"
            )
        row = []
        for part, value in model_parts.items():
            number = float(value)
            if not math.isfinite(number) or number < 0.0:
                raise ValueError(
                    f"breakdown[{model!r}][{part!r}] must be a finite number >= 0, got {value!r}"
                )
            row.append(number)
        rows.append(row)
    return models, list(parts or []), rows


def plot_cost_breakdown(
    breakdown: Mapping[str, Mapping[str, float]],
    *,
    xlabel: str = "cost",
    total_format: str = "{:.2f}",
    ax: Axes | None = None,
) -> Axes:
    """Draw what each model's cost is made of, as stacked horizontal bars.

    One bar per model, from top to bottom in the order given; each bar is cut
    into the parts of the cost, left to right, with one colour and hatch
    pattern per part (the same in every bar), named in a legend above the
    bars. The total is written at the right end of each bar.

    Parameters
    ----------
    breakdown : mapping from str to mapping from str to float
        For each model (the label of its bar), its parts and their values,
        for example ``{"plan A": {"shortage": 8.0, "leftovers": 2.0}}``. Every
        model has the same parts, in the same order; values are finite and
        at least 0.
    xlabel : str, default 'cost'
        Label of the horizontal axis.
    total_format : str, default '{:.2f}'
        How the total is written (``str.format`` with the total).
    ax : Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    Axes
        The axes drawn into: the bar segments in ``ax.patches``, part after
        part (all the models' first parts, then all the second parts...), and
        one text per model with its total.

    Raises
    ------
    ValueError
        If ``breakdown`` is empty, a model has no parts or other parts than
        the first, or a value is negative or not finite.

    Examples
    --------
    >>> from lossbook.plotting.custom import plot_cost_breakdown
    >>> import matplotlib.pyplot as plt
    >>> ax = plot_cost_breakdown({
    ...     "plan A": {"shortage": 3.0, "leftovers": 1.0},
    ...     "plan B": {"shortage": 1.0, "leftovers": 2.0},
    ... })
    >>> [(float(patch.get_x()), float(patch.get_width())) for patch in ax.patches]
    [(0.0, 3.0), (0.0, 1.0), (3.0, 1.0), (1.0, 2.0)]
    >>> [text.get_text() for text in ax.texts]
    ['4.00', '3.00']
    >>> plt.close("all")
    """
    models, parts, rows = _check_breakdown(breakdown)
    ax = new_axes(ax, figsize=(6.4, 1.2 + 0.75 * len(models)))
    positions = list(range(len(models)))
    lefts = [0.0] * len(models)
    for index, part in enumerate(parts):
        widths = [row[index] for row in rows]
        ax.barh(
            positions,
            widths,
            left=lefts,
            height=0.6,
            color=PALETTE[index % len(PALETTE)],
            hatch=_HATCHES[index % len(_HATCHES)],
            edgecolor="white",
            linewidth=0.8,
            label=part,
        )
        lefts = [left + width for left, width in zip(lefts, widths, strict=True)]
    largest = max(lefts) if max(lefts) > 0.0 else 1.0
    for position, total in zip(positions, lefts, strict=True):
        ax.text(
            total + 0.01 * largest,
            position,
            total_format.format(total),
            va="center",
            ha="left",
            fontsize=10,
        )
    ax.set_yticks(positions, models)
    ax.invert_yaxis()  # the first model on top
    ax.set_xlim(0.0, 1.15 * largest)
    ax.set_xlabel(xlabel)
    ax.grid(axis="y", visible=False)
    # The legend sits above the bars in one row, where it can hide nothing.
    ax.legend(
        loc="lower left",
        bbox_to_anchor=(0.0, 1.0),
        ncols=len(parts),
        frameon=False,
        borderaxespad=0.3,
    )
    return ax
