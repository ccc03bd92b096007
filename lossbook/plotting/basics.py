"""Figures of the first chapter: a data set, a loss sweep, per-sample losses, the loop."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from lossbook.plotting.style import (
    MARKERS,
    PALETTE,
    new_axes,
    series_style,
)

__all__ = ["plot_loss_sweep", "plot_per_sample_losses", "plot_training_loop", "plot_two_classes"]


def plot_two_classes(
    features: np.ndarray,
    labels: np.ndarray,
    *,
    class_names: Sequence[str] = ("cat", "dog"),
    feature_names: Sequence[str] = ("feature 1", "feature 2"),
    ax: Axes | None = None,
) -> Axes:
    """Scatter a two-feature, two-class data set, one colour and marker per class.

    Parameters
    ----------
    features : ndarray of shape (n_samples, 2)
        The two features of each sample.
    labels : ndarray of shape (n_samples,)
        Class labels 0 and 1.
    class_names : sequence of two str
        The legend's names of class 0 and class 1.
    feature_names : sequence of two str
        The axis labels.
    ax : Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    Axes
        The axes drawn into.

    Examples
    --------
    >>> from lossbook.plotting.basics import plot_two_classes
    >>> import matplotlib.pyplot as plt
    >>> from lossbook.data import make_two_classes
    >>> features, labels = make_two_classes(20, seed=0)
    >>> ax = plot_two_classes(features, labels)
    >>> [text.get_text() for text in ax.get_legend().get_texts()]
    ['cat (label 0)', 'dog (label 1)']
    >>> plt.close("all")
    """
    features = np.asarray(features, dtype=float)
    labels = np.asarray(labels)
    if features.ndim != 2 or features.shape[1] != 2 or features.shape[0] != labels.shape[0]:
        raise ValueError(
            "features must have shape (n_samples, 2) and labels shape (n_samples,), got "
            f"features of shape {features.shape} and labels of shape {labels.shape}"
        )
    ax = new_axes(ax, figsize=(5.0, 4.2))
    for label, name in enumerate(class_names):
        chosen = labels == label
        ax.scatter(
            features[chosen, 0],
            features[chosen, 1],
            s=28,
            color=PALETTE[label],
            marker=MARKERS[label],
            edgecolor="white",
            linewidth=0.5,
            label=f"{name} (label {label})",
        )
    ax.set_xlabel(feature_names[0])
    ax.set_ylabel(feature_names[1])
    ax.set_aspect("equal", adjustable="datalim")
    ax.legend(loc="upper left")
    return ax


def plot_loss_sweep(
    loss: Callable[[np.ndarray, np.ndarray], np.ndarray],
    cases: Mapping[str, float],
    *,
    predictions: np.ndarray | None = None,
    xlabel: str = r"prediction $\hat{y}$",
    ylabel: str = r"loss $L(y, \hat{y})$",
    ylim: tuple[float, float] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw the loss of one sample as its prediction sweeps a range.

    Parameters
    ----------
    loss : callable
        ``loss(y_true, y_pred)`` returning per-sample losses (call a lossbook
        loss with ``reduction='none'``, for example through a lambda).
    cases : mapping from str to float
        One curve per entry: the legend text and the true value ``y``.
    predictions : ndarray, optional
        The predictions to sweep; by default 400 points strictly inside (0, 1).
    xlabel, ylabel : str
        Axis labels.
    ylim : tuple of two floats, optional
        Limits of the vertical axis.
    ax : Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    Axes
        The axes drawn into.

    Examples
    --------
    >>> from lossbook.plotting.basics import plot_loss_sweep
    >>> import matplotlib.pyplot as plt
    >>> import numpy as np
    >>> ax = plot_loss_sweep(lambda y, p: (y - p) ** 2, {"y = 0": 0.0, "y = 1": 1.0})
    >>> len(ax.get_lines())
    2
    >>> plt.close("all")
    """
    if predictions is None:
        predictions = np.linspace(0.0025, 0.9975, 400)
    ax = new_axes(ax)
    for index, (name, y_true) in enumerate(cases.items()):
        targets = np.full_like(predictions, y_true, dtype=float)
        ax.plot(
            predictions,
            loss(targets, predictions),
            label=name,
            **series_style(index),
        )
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if ylim is not None:
        ax.set_ylim(*ylim)
    ax.legend()
    return ax


def plot_per_sample_losses(
    losses: np.ndarray,
    *,
    names: Sequence[str] | None = None,
    ylabel: str = "loss",
    ax: Axes | None = None,
) -> Axes:
    """Draw per-sample losses as bars with their mean (the cost) as a line.

    Parameters
    ----------
    losses : ndarray of shape (n_samples,)
        The loss of each sample.
    names : sequence of str, optional
        A label under each bar; by default the sample's index.
    ylabel : str
        Label of the vertical axis.
    ax : Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    Axes
        The axes drawn into.

    Examples
    --------
    >>> from lossbook.plotting.basics import plot_per_sample_losses
    >>> import matplotlib.pyplot as plt
    >>> ax = plot_per_sample_losses([0.1, 0.5, 2.3])
    >>> ax.get_legend().get_texts()[0].get_text()
    'mean = 0.967'
    >>> plt.close("all")
    """
    losses = np.asarray(losses, dtype=float)
    if names is None:
        names = [str(index) for index in range(losses.size)]
    positions = np.arange(losses.size)
    ax = new_axes(ax)
    ax.bar(positions, losses, color=PALETTE[0], width=0.7)
    ax.axhline(
        losses.mean(),
        color=PALETTE[1],
        linestyle="--",
        label=f"mean = {losses.mean():.3g}",
    )
    ax.set_xticks(positions, names)
    ax.set_ylabel(ylabel)
    ax.grid(axis="x", visible=False)
    ax.legend()
    return ax


def plot_training_loop(*, ax: Axes | None = None) -> Axes:
    """Draw the training loop as a diagram: parameters, prediction, loss, gradient, update.

    Parameters
    ----------
    ax : Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    Axes
        The axes drawn into, with one text box per step of the loop.

    Examples
    --------
    >>> from lossbook.plotting.basics import plot_training_loop
    >>> import matplotlib.pyplot as plt
    >>> ax = plot_training_loop()
    >>> len(ax.patches) > 5
    True
    >>> plt.close("all")
    """
    ax = new_axes(ax, figsize=(8.0, 4.0))
    width, height = 2.3, 1.2
    boxes = [
        ((1.3, 3.4), "parameters\n$w, b$"),
        ((5.0, 3.4), "model\n$\\hat{y} = f(x;\\, w, b)$"),
        ((8.7, 3.4), "loss\n$L(y, \\hat{y})$"),
        ((8.7, 0.8), "gradient\n$\\partial L / \\partial w$"),
        ((5.0, 0.8), "update\n$w \\leftarrow w - \\eta\\, \\partial L / \\partial w$"),
    ]
    for index, ((x_centre, y_centre), text) in enumerate(boxes):
        colour = PALETTE[index % len(PALETTE)]
        ax.add_patch(
            FancyBboxPatch(
                (x_centre - width / 2, y_centre - height / 2),
                width,
                height,
                boxstyle="round,pad=0.08",
                facecolor=mpl.colors.to_rgba(colour, 0.15),
                edgecolor=colour,
                linewidth=1.5,
            )
        )
        ax.text(x_centre, y_centre, text, ha="center", va="center", fontsize=11)

    def arrow(start, end, label="", offset=(0.0, 0.0), align="center"):
        ax.add_patch(
            FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=15, color="#333333")
        )
        if label:
            x_text = (start[0] + end[0]) / 2 + offset[0]
            y_text = (start[1] + end[1]) / 2 + offset[1]
            ax.text(x_text, y_text, label, ha=align, va="center", fontsize=10, style="italic")

    right, left, top, bottom = width / 2 + 0.12, -width / 2 - 0.12, height / 2 + 0.1, -0.7
    arrow((1.3 + right, 3.4), (5.0 + left, 3.4), "forward pass", (0.0, 0.3))
    arrow((5.0 + right, 3.4), (8.7 + left, 3.4), "prediction $\\hat{y}$", (0.0, 0.3))
    arrow((5.0, 5.0), (5.0, 3.4 + top), "input $x$", (0.15, 0.35), "left")
    arrow((8.7, 5.0), (8.7, 3.4 + top), "true value $y$", (0.15, 0.35), "left")
    arrow((8.7, 3.4 + bottom), (8.7, 0.8 - bottom), "backward pass", (0.15, 0.0), "left")
    arrow((8.7 + left, 0.8), (5.0 + right, 0.8), "gradient", (0.0, 0.3))
    arrow((5.0 + left, 0.8), (1.3, 3.4 + bottom), "repeat", (-0.2, -0.1), "right")
    ax.set_xlim(0.0, 10.6)
    ax.set_ylim(0.0, 5.4)
    ax.set_axis_off()
    return ax
