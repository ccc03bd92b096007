"""lossbook.plotting.diagnostics: cost and accuracy on twin axes, reference lines."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from lossbook import plotting
from lossbook.plotting.style import PALETTE, new_axes, save_figure
from lossbook.training import History


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def twin_of(ax):
    siblings = [other for other in ax.get_shared_x_axes().get_siblings(ax) if other is not ax]
    assert len(siblings) == 1
    return siblings[0]


COST = [0.8, 0.6, 0.5, 0.46, 0.45]
ACCURACY = [0.55, 0.75, 0.8, 0.8, 0.78]


def test_helpers_are_exported() -> None:
    assert "plot_cost_and_accuracy" in plotting.__all__
    assert "mark_level" in plotting.__all__
    assert plotting.plot_cost_and_accuracy is plotting.diagnostics.plot_cost_and_accuracy


def test_cost_left_accuracy_right_with_one_legend() -> None:
    ax = plotting.plot_cost_and_accuracy(COST, ACCURACY)
    twin = twin_of(ax)
    (cost_line,) = ax.get_lines()
    (accuracy_line,) = twin.get_lines()
    assert cost_line.get_xydata()[:, 1].tolist() == COST
    assert accuracy_line.get_xydata()[:, 1].tolist() == ACCURACY
    assert cost_line.get_xydata()[:, 0].tolist() == [1.0, 2.0, 3.0, 4.0, 5.0]
    # they differ in style as well as colour
    assert cost_line.get_linestyle() != accuracy_line.get_linestyle()
    assert cost_line.get_color() == PALETTE[0]
    assert accuracy_line.get_color() == PALETTE[1]
    assert accuracy_line.get_marker() == "s"
    legend = twin.get_legend()
    assert [text.get_text() for text in legend.get_texts()] == [
        "training cost",
        "training accuracy",
    ]
    assert ax.get_xlabel() == "epoch"
    assert ax.yaxis.label.get_color() == PALETTE[0]
    assert twin.yaxis.label.get_color() == PALETTE[1]


def test_accuracy_axis_stays_within_a_share_and_shows_per_cent() -> None:
    ax = plotting.plot_cost_and_accuracy(COST, ACCURACY)
    twin = twin_of(ax)
    low, high = twin.get_ylim()
    assert 0.0 <= low < min(ACCURACY)
    assert max(ACCURACY) < high <= 1.01
    ax.figure.canvas.draw()
    labels = [tick.get_text() for tick in twin.get_yticklabels() if tick.get_text()]
    assert labels and all(label.endswith("%") for label in labels)
    assert all("." not in label for label in labels), "whole per cents for a wide range"


def test_flat_accuracy_still_gets_a_readable_range() -> None:
    ax = plotting.plot_cost_and_accuracy(COST, [0.8] * 5)
    low, high = twin_of(ax).get_ylim()
    assert low < 0.8 < high and high - low > 0.01


def test_custom_epochs_labels_log_scale_and_given_axes() -> None:
    _, given = plt.subplots()
    ax = plotting.plot_cost_and_accuracy(
        COST,
        ACCURACY,
        epochs=[10, 20, 30, 40, 50],
        cost_label="validation cost",
        accuracy_label="validation accuracy",
        log_scale=True,
        ax=given,
    )
    assert ax is given
    assert ax.get_yscale() == "log"
    assert ax.get_lines()[0].get_xdata().tolist() == [10.0, 20.0, 30.0, 40.0, 50.0]
    assert twin_of(ax).get_ylabel() == "validation accuracy"


def test_it_draws_a_history_with_accuracies_and_saves() -> None:
    history = History(train_cost=COST)
    ax = plotting.plot_cost_and_accuracy(history.train_cost, ACCURACY)
    buffer = io.BytesIO()
    save_figure(ax.figure, buffer, format="png")
    assert buffer.getvalue().startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("cost", "accuracy", "epochs", "message"),
    [
        ([], [], None, "cost must be a non-empty"),
        ([[0.5]], [0.5], None, "cost must be a non-empty 1-D"),
        ([0.5, np.nan], [0.5, 0.6], None, "cost must hold finite"),
        ([0.5, 0.4], [0.5], None, "same length"),
        ([0.5, 0.4], [0.5, 0.6], [1, 2, 3], "same length"),
        ([0.5, 0.4], [50.0, 60.0], None, "accuracy must lie in"),
        ([0.5, 0.4], [0.5, np.inf], None, "accuracy must hold finite"),
    ],
)
def test_bad_curves_are_refused(cost, accuracy, epochs, message) -> None:
    with pytest.raises(ValueError, match=message):
        plotting.plot_cost_and_accuracy(cost, accuracy, epochs=epochs)


def test_log_scale_needs_positive_costs() -> None:
    with pytest.raises(ValueError, match="log_scale"):
        plotting.plot_cost_and_accuracy([0.5, 0.0], [0.5, 0.6], log_scale=True)


def test_mark_level_horizontal_and_vertical() -> None:
    ax = plotting.plot_loss_curves(
        History(train_cost=[0.9, 0.6, 0.5], validation_cost=[1, 0.8, 0.9])
    )
    assert plotting.mark_level(ax, 0.693, "always 1/2") is ax
    plotting.mark_level(ax, 2, "best epoch", axis="x", legend_loc="upper right")
    horizontal, vertical = ax.get_lines()[-2:]
    assert list(horizontal.get_ydata()) == [0.693, 0.693]
    assert list(vertical.get_xdata()) == [2, 2]
    for line in (horizontal, vertical):
        assert line.get_linestyle() == ":"
        assert line.get_color() not in PALETTE
    texts = [text.get_text() for text in ax.get_legend().get_texts()]
    assert texts == ["training", "validation", "always 1/2", "best epoch"]


@pytest.mark.parametrize(
    ("value", "axis", "error"),
    [(np.nan, "y", "finite"), ([1.0, 2.0], "y", "one finite"), (1.0, "z", "axis must be")],
)
def test_mark_level_refuses_bad_arguments(value, axis, error) -> None:
    ax = new_axes(None)
    with pytest.raises(ValueError, match=error):
        plotting.mark_level(ax, value, "level", axis=axis)
