"""Figures of the cross-entropy chapter: curves, probability bars, numerical failures.

- :func:`plot_curves`: several curves against one axis (losses or gradients
  against a logit, a margin or a probability), each in its own colour and line
  style, with optional reference lines.
- :func:`plot_probability_bars`: probability vectors as groups of bars, for
  example the softmax of one logit vector at several temperatures.
- :func:`plot_numerical_failures`: an exact curve against a naive computation of
  the same function, with the ranges where the naive one returns NaN, infinity
  or 0 shaded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

from lossbook.plotting.style import LINESTYLES, PALETTE, REFERENCE_COLOUR, new_axes, series_style

__all__ = ["plot_curves", "plot_numerical_failures", "plot_probability_bars"]

#: Hatches that go with the palette, so bars and shaded ranges differ in more than colour.
HATCHES: tuple[str, ...] = ("", "//", "..", "\\\\", "xx", "--")

_REFERENCE_STYLE = {"color": REFERENCE_COLOUR, "linewidth": 0.9, "linestyle": ":", "zorder": 1}

_SUPERSCRIPTS = str.maketrans(
    "-0123456789", "\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
)


def _as_vector(values: object, name: str) -> np.ndarray:
    """``values`` as a 1-D float array, or a ValueError naming it."""
    array = np.asarray(values, dtype=float)
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array, got shape {array.shape}")
    return array


def plot_curves(
    x: np.ndarray,
    curves: Mapping[str, np.ndarray],
    *,
    xlabel: str = "",
    ylabel: str = "",
    ylim: tuple[float, float] | None = None,
    yscale: str = "linear",
    reference_x: Sequence[float] = (),
    reference_y: Sequence[float] = (),
    legend_loc: str = "best",
    ax: Axes | None = None,
) -> Axes:
    """Draw several curves against the same horizontal axis.

    Each curve gets the next colour of the palette and the next line style, so
    the curves differ in more than colour. Non-finite values are left as gaps.

    Parameters
    ----------
    x : array_like of shape (n,)
        The common horizontal coordinates (a logit, a margin, a probability).
    curves : mapping from str to array_like of shape (n,)
        One curve per entry: the legend text and the values at ``x``.
    xlabel, ylabel : str
        Axis labels.
    ylim : tuple of two floats, optional
        Limits of the vertical axis.
    yscale : {'linear', 'log', 'symlog'}, default 'linear'
        Scale of the vertical axis.
    reference_x, reference_y : sequence of float
        Positions of thin dotted vertical and horizontal reference lines (a
        margin of 1, a gradient of 0).
    legend_loc : str, default 'best'
        Where matplotlib puts the legend. 'best' searches for the emptiest
        place, which takes a while with many points: name a place when drawing
        long curves.
    ax : Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    Axes
        The axes drawn into.

    Raises
    ------
    ValueError
        If ``x`` is not a non-empty 1-D array, ``curves`` is empty or a curve
        does not have one value per point of ``x``.

    Examples
    --------
    >>> from lossbook.plotting.classification import plot_curves
    >>> import matplotlib.pyplot as plt
    >>> import numpy as np
    >>> x = np.linspace(-3.0, 3.0, 7)
    >>> ax = plot_curves(x, {"hinge": np.maximum(0.0, 1.0 - x), "zero": 0.0 * x},
    ...                  xlabel="margin", reference_x=[1.0])
    >>> [line.get_label() for line in ax.get_lines()[:2]]
    ['hinge', 'zero']
    >>> plt.close("all")
    """
    x = _as_vector(x, "x")
    if not curves:
        raise ValueError("curves must hold at least one curve")
    values = {}
    for name, curve in curves.items():
        curve = np.asarray(curve, dtype=float)
        if curve.shape != x.shape:
            raise ValueError(
                f"curve {name!r} must have one value per point of x, shape {x.shape}, "
                f"got shape {curve.shape}"
            )
        values[name] = np.where(np.isfinite(curve), curve, np.nan)
    ax = new_axes(ax)
    for index, (name, curve) in enumerate(values.items()):
        ax.plot(
            x,
            curve,
            label=name,
            **series_style(index),
        )
    for position in reference_x:
        ax.axvline(position, **_REFERENCE_STYLE)
    for position in reference_y:
        ax.axhline(position, **_REFERENCE_STYLE)
    ax.set_yscale(yscale)
    if ylim is not None:
        ax.set_ylim(*ylim)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(loc=legend_loc)
    return ax


def plot_probability_bars(
    distributions: Mapping[str, np.ndarray],
    *,
    class_names: Sequence[str] | None = None,
    ylabel: str = "probability",
    ylim: tuple[float, float] | None = (0.0, 1.0),
    annotate: bool = False,
    legend_loc: str = "best",
    ax: Axes | None = None,
) -> Axes:
    """Draw probability vectors as groups of bars, one group per class.

    Each vector (a softmax output at one temperature, say) gets its own colour
    and hatch; within each class the bars of the vectors stand side by side.

    Parameters
    ----------
    distributions : mapping from str to array_like of shape (K,)
        One probability vector per entry, all of the same length ``K``: the
        legend text and the probabilities. They need not sum to 1 (independent
        sigmoid outputs do not).
    class_names : sequence of K str, optional
        The names under the groups; by default "class 0", "class 1", ...
    ylabel : str
        Label of the vertical axis.
    ylim : tuple of two floats or None, default (0, 1)
        Limits of the vertical axis; None lets matplotlib choose.
    annotate : bool, default False
        Write each bar's value above it, with two decimals.
    legend_loc : str, default 'best'
        Where matplotlib puts the legend.
    ax : Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    Axes
        The axes drawn into.

    Raises
    ------
    ValueError
        If ``distributions`` is empty, the vectors differ in length or
        ``class_names`` does not name every class.

    Examples
    --------
    >>> from lossbook.plotting.classification import plot_probability_bars
    >>> import matplotlib.pyplot as plt
    >>> ax = plot_probability_bars({"sharp": [0.9, 0.1], "flat": [0.5, 0.5]},
    ...                            class_names=["cat", "dog"])
    >>> [round(float(patch.get_height()), 2) for patch in ax.patches]
    [0.9, 0.1, 0.5, 0.5]
    >>> [label.get_text() for label in ax.get_xticklabels()]
    ['cat', 'dog']
    >>> plt.close("all")
    """
    if not distributions:
        raise ValueError("distributions must hold at least one probability vector")
    vectors = {name: _as_vector(p, f"distribution {name!r}") for name, p in distributions.items()}
    sizes = {vector.size for vector in vectors.values()}
    if len(sizes) != 1:
        raise ValueError(f"every distribution must have the same length, got {sorted(sizes)}")
    n_classes = sizes.pop()
    if class_names is None:
        class_names = [f"class {k}" for k in range(n_classes)]
    if len(class_names) != n_classes:
        raise ValueError(
            f"class_names must name all {n_classes} classes, got {len(class_names)} names"
        )
    ax = new_axes(ax)
    positions = np.arange(n_classes)
    width = 0.8 / len(vectors)
    for index, (name, vector) in enumerate(vectors.items()):
        offset = (index - (len(vectors) - 1) / 2) * width
        bars = ax.bar(
            positions + offset,
            vector,
            width=width,
            color=PALETTE[index % len(PALETTE)],
            hatch=HATCHES[index % len(HATCHES)],
            edgecolor="white",
            linewidth=0.5,
            label=name,
        )
        if annotate:
            ax.bar_label(bars, fmt="%.2f", fontsize=8, padding=2)
    ax.set_xticks(positions, list(class_names))
    ax.set_ylabel(ylabel)
    if ylim is not None:
        ax.set_ylim(*ylim)
    ax.grid(axis="x", visible=False)
    ax.legend(loc=legend_loc)
    return ax


def _decade_ticks(ax: Axes, values: np.ndarray, max_ticks: int = 8) -> None:
    """Label a logarithmic axis that spans many decades with a few round powers of 10.

    matplotlib's default locator puts a tick (and a label to measure) at every
    minor position, which is slow and unreadable over hundreds of decades. The
    labels are plain text with Unicode superscripts (10⁻³⁰⁰), which look like
    matplotlib's and cost far less to draw than its mathtext.
    """
    positive = values[np.isfinite(values) & (values > 0)]
    low, high = np.floor(np.log10(positive.min())), np.ceil(np.log10(positive.max()))
    if high - low <= 2 * max_ticks:
        return
    step = next(s for s in (5, 10, 20, 50, 100, 200) if (high - low) / s <= max_ticks)
    exponents = np.arange(np.ceil(low / step) * step, high + 1, step)
    ax.yaxis.set_major_locator(FixedLocator(10.0**exponents))
    ax.yaxis.set_major_formatter(FuncFormatter(_power_of_ten))
    ax.yaxis.set_minor_locator(NullLocator())


def _power_of_ten(value: float, _position: int | None = None) -> str:
    """'10' with the exponent of ``value`` in superscript, as plain text."""
    return "10" + str(round(np.log10(value))).translate(_SUPERSCRIPTS)


def _tint(colour: str, strength: float) -> tuple[float, float, float]:
    """``colour`` mixed with white, opaque: ``strength`` 1 is the colour, 0 is white.

    Opaque tints keep hatches visible in SVG, where a transparent fill would
    fade the hatch lines with it.
    """
    rgb = np.array(to_rgba(colour)[:3])
    return tuple(float(c) for c in 1.0 - strength * (1.0 - rgb))


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """The (first, last) indices of each run of True in ``mask``."""
    padded = np.r_[False, mask, False].astype(np.int8)
    changes = np.flatnonzero(np.diff(padded))
    starts, stops = changes[::2], changes[1::2]
    return [(int(start), int(stop) - 1) for start, stop in zip(starts, stops, strict=True)]


def plot_numerical_failures(
    x: np.ndarray,
    exact: np.ndarray,
    naive: np.ndarray,
    *,
    exact_label: str = "stable",
    naive_label: str = "naive",
    xlabel: str = "",
    ylabel: str = "",
    legend_loc: str = "best",
    ax: Axes | None = None,
) -> Axes:
    """Draw an exact curve and a naive computation of it, shading where the naive one fails.

    The vertical axis is logarithmic, so tiny values stay visible. The naive
    values are drawn where they are finite and positive; the ranges of ``x``
    where they are NaN, infinite, or 0 while the exact value is not, are shaded,
    each kind in its own colour and hatch, and named in the legend. Over many
    decades the axis is labelled with a few round powers of 10 only.

    Parameters
    ----------
    x : array_like of shape (n,)
        Increasing horizontal coordinates.
    exact : array_like of shape (n,)
        The correct values, positive (a loss computed stably).
    naive : array_like of shape (n,)
        The same quantity computed naively; may hold NaN, infinity and 0.
    exact_label, naive_label : str
        Legend texts of the two curves.
    xlabel, ylabel : str
        Axis labels.
    legend_loc : str, default 'best'
        Where matplotlib puts the legend. 'best' searches for the emptiest
        place, which takes a while with thousands of points: name a place
        when drawing many.
    ax : Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    Axes
        The axes drawn into, with one shaded patch per run of failures.

    Raises
    ------
    ValueError
        If the three arrays are not 1-D of the same length, ``x`` does not
        increase or ``exact`` holds a value that is not finite and positive.

    Examples
    --------
    >>> from lossbook.plotting.classification import plot_numerical_failures
    >>> import matplotlib.pyplot as plt
    >>> import numpy as np
    >>> x = np.arange(5.0)
    >>> naive = np.array([np.nan, 1.0, 1.0, 0.0, np.inf])
    >>> ax = plot_numerical_failures(x, np.ones(5), naive)
    >>> [text.get_text() for text in ax.get_legend().get_texts()]
    ['stable', 'naive', 'naive gives NaN', 'naive gives inf', 'naive gives 0']
    >>> plt.close("all")
    """
    x = _as_vector(x, "x")
    exact = _as_vector(exact, "exact")
    naive = np.asarray(naive, dtype=float)
    if exact.shape != x.shape or naive.shape != x.shape:
        raise ValueError(
            f"x, exact and naive must have the same shape, got {x.shape}, {exact.shape} "
            f"and {naive.shape}"
        )
    if x.size > 1 and not (np.diff(x) > 0).all():
        raise ValueError("x must increase")
    if not (np.isfinite(exact) & (exact > 0)).all():
        raise ValueError("exact must hold finite positive values (the axis is logarithmic)")
    ax = new_axes(ax)
    ax.plot(x, exact, color=PALETTE[0], linestyle=LINESTYLES[0], label=exact_label, zorder=3)
    shown = np.isfinite(naive) & (naive > 0)
    ax.plot(
        x,
        np.where(shown, naive, np.nan),
        color=PALETTE[1],
        linestyle=LINESTYLES[1],
        label=naive_label,
        zorder=4,
    )
    half_step = np.diff(x).min() / 2 if x.size > 1 else 0.5
    failures = [
        ("NaN", np.isnan(naive), PALETTE[3], HATCHES[1]),
        ("inf", np.isinf(naive), PALETTE[4], HATCHES[3]),
        ("0", naive == 0.0, PALETTE[2], HATCHES[2]),
    ]
    handles, labels = ax.get_legend_handles_labels()
    for kind, mask, colour, hatch in failures:
        runs = _runs(mask)
        for first, last in runs:
            ax.axvspan(
                x[first] - half_step,
                x[last] + half_step,
                facecolor=_tint(colour, 0.2),
                hatch=hatch,
                edgecolor=_tint(colour, 0.6),
                linewidth=0.0,
                zorder=1,
            )
        if runs:
            patch = Patch(facecolor=_tint(colour, 0.2), hatch=hatch, edgecolor=_tint(colour, 0.6))
            handles.append(patch)
            labels.append(f"{naive_label} gives {kind}")
    ax.set_yscale("log")
    _decade_ticks(ax, np.r_[exact, naive])
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(handles, labels, loc=legend_loc)
    return ax
