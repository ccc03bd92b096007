"""The book's figure style: palette, sizes, opaque background, deterministic output.

The style (:func:`use_book_style`) uses the Okabe-Ito palette, which stays
distinguishable for the common kinds of colour blindness, readable font sizes
and an opaque white background, so that a figure stays legible on the dark
theme of the site. :func:`save_figure` writes no timestamp and SVG ids are
seeded, so the same code gives the same bytes.
"""

from __future__ import annotations

import os
from typing import BinaryIO

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure

__all__ = [
    "LINESTYLES",
    "MARKERS",
    "PALETTE",
    "REFERENCE_COLOUR",
    "new_axes",
    "save_figure",
    "series_style",
    "use_book_style",
]

#: The Okabe-Ito colour-blind-safe palette, in the order the book uses it.
PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
)

#: Line styles that go with the palette, so curves differ in more than colour.
LINESTYLES: tuple[str, ...] = ("-", "--", "-.", ":", (0, (5, 1, 1, 1)), (0, (1, 1)))

#: Markers that go with the palette, so point clouds differ in more than colour.
MARKERS: tuple[str, ...] = ("o", "^", "s", "D", "v", "P")

#: The grey of reference lines (zero lines, targets, true curves).
REFERENCE_COLOUR = "#555555"


def series_style(index: int, *, marker: bool = False) -> dict[str, object]:
    """The colour and line style (and marker) of a figure's ``index``-th series.

    Each list cycles on its own, so series differ in more than colour, also
    in grey scale and for colour-blind readers.

    Examples
    --------
    >>> from lossbook.plotting.style import series_style
    >>> series_style(1)
    {'color': '#D55E00', 'linestyle': '--'}
    >>> series_style(8, marker=True)
    {'color': '#0072B2', 'linestyle': '-.', 'marker': 's'}
    """
    style: dict[str, object] = {
        "color": PALETTE[index % len(PALETTE)],
        "linestyle": LINESTYLES[index % len(LINESTYLES)],
    }
    if marker:
        style["marker"] = MARKERS[index % len(MARKERS)]
    return style


_BOOK_STYLE: dict[str, object] = {
    "figure.figsize": (6.4, 4.0),
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "savefig.bbox": "tight",
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.transparent": False,
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "legend.fontsize": 10,
    "legend.framealpha": 0.9,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.axisbelow": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.8,
    "lines.linewidth": 2.0,
    "axes.prop_cycle": mpl.cycler(color=PALETTE),
    "text.color": "black",
    "axes.labelcolor": "black",
    "xtick.color": "black",
    "ytick.color": "black",
    # Deterministic output: seeded SVG ids, no creation date in saved files.
    "svg.hashsalt": "lossbook",
    "svg.fonttype": "path",
    "pdf.fonttype": 42,
}


def use_book_style() -> None:
    """Apply the book's figure style to every figure drawn from now on.

    Examples
    --------
    >>> from lossbook.plotting.style import use_book_style
    >>> use_book_style()
    >>> import matplotlib as mpl
    >>> mpl.rcParams["figure.facecolor"], mpl.rcParams["svg.hashsalt"]
    ('white', 'lossbook')
    """
    mpl.rcParams.update(_BOOK_STYLE)


def save_figure(figure: Figure, target: str | os.PathLike[str] | BinaryIO, **kwargs) -> None:
    """Save ``figure`` with no timestamp, so the same figure always gives the same bytes.

    Parameters
    ----------
    figure : Figure
        The figure to save.
    target : path or binary file
        Where to write; the format follows the file name's extension unless
        ``format`` is given.
    **kwargs
        Passed on to ``Figure.savefig`` (``format``, ``dpi``, ...).

    Examples
    --------
    >>> import io
    >>> import matplotlib.pyplot as plt
    >>> from lossbook.plotting.style import new_axes, save_figure
    >>> ax = new_axes(None)
    >>> _ = ax.plot([0.0, 1.0], [1.0, 0.0])
    >>> first, second = io.BytesIO(), io.BytesIO()
    >>> save_figure(ax.figure, first, format="svg")
    >>> save_figure(ax.figure, second, format="svg")
    >>> first.getvalue() == second.getvalue(), b"<dc:date>" in first.getvalue()
    (True, False)
    >>> plt.close("all")
    """
    kwargs.setdefault("metadata", {"Date": None} if _format_of(target, kwargs) != "png" else {})
    figure.savefig(target, **kwargs)


def _format_of(target: object, kwargs: dict[str, object]) -> str:
    if "format" in kwargs:
        return str(kwargs["format"])
    if isinstance(target, (str, os.PathLike)):
        return os.fspath(target).rsplit(".", 1)[-1].lower()
    return str(mpl.rcParams["savefig.format"])


def new_axes(ax: Axes | None, figsize: tuple[float, float] | None = None) -> Axes:
    """Return ``ax``, or the axes of a new pyplot figure in the book's style.

    Every drawing helper starts with this call, so it can draw into a panel
    of the caller's figure or, when ``ax`` is None, into a figure of its own
    (created through pyplot, so that notebooks display it).

    Examples
    --------
    >>> from lossbook.plotting.style import new_axes
    >>> import matplotlib.pyplot as plt
    >>> ax = new_axes(None, figsize=(4.0, 3.0))
    >>> ax.figure.get_size_inches().tolist()
    [4.0, 3.0]
    >>> new_axes(ax) is ax
    True
    >>> plt.close("all")
    """
    if ax is not None:
        return ax
    use_book_style()
    _, new_ax = plt.subplots(figsize=figsize, layout="constrained")
    return new_ax
