"""lossbook.plotting.costs: the figures of the chapter on loss, cost and objective."""

from __future__ import annotations

import hashlib
import io

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt

import lossbook
from lossbook import plotting


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def figure_bytes(figure: plt.Figure) -> bytes:
    buffer = io.BytesIO()
    plotting.save_figure(figure, buffer, format="svg")
    return buffer.getvalue()


def draw_all() -> list[plt.Figure]:
    axes = [
        plotting.plot_loss_cost_objective([0.2, 1.0, 0.4], penalty=0.3, names=["a", "b", "c"]),
        plotting.plot_penalties(
            {"L1": lossbook.l1_penalty, "L2": lossbook.l2_penalty}, strength=0.5
        ),
        plotting.plot_paths([0, 1, 2, 3], {"w": [1.0, 0.5, 0.25, 0.125]}),
    ]
    return [ax.figure for ax in axes]


def test_the_helpers_are_exported_by_the_plotting_package() -> None:
    for name in ("plot_loss_cost_objective", "plot_penalties", "plot_paths"):
        assert name in plotting.__all__
        assert callable(getattr(plotting, name))


def test_figures_are_byte_identical_across_runs() -> None:
    first = [hashlib.sha256(figure_bytes(f)).hexdigest() for f in draw_all()]
    plt.close("all")
    second = [hashlib.sha256(figure_bytes(f)).hexdigest() for f in draw_all()]
    assert first == second


# --- plot_loss_cost_objective ---------------------------------------------------------


def test_loss_cost_objective_draws_the_losses_their_mean_and_the_objective() -> None:
    losses = np.array([0.5, 1.5, 4.0])
    ax = plotting.plot_loss_cost_objective(losses, penalty=0.25, names=["a", "b", "c"])
    bars = [patch for patch in ax.patches if patch.get_height() > 0 and patch.get_width() < 1]
    np.testing.assert_allclose([bar.get_height() for bar in bars], losses)
    cost_line, objective_line = ax.get_lines()
    assert cost_line.get_ydata()[0] == pytest.approx(2.0)
    assert objective_line.get_ydata()[0] == pytest.approx(2.25)
    assert cost_line.get_linestyle() != objective_line.get_linestyle()
    assert [label.get_text() for label in ax.get_xticklabels()] == ["a", "b", "c"]
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend[:2] == ["cost (mean loss) = 2", "objective (cost + penalty) = 2.25"]


def test_loss_cost_objective_points_at_the_penalty_only_when_there_is_one() -> None:
    ax = plotting.plot_loss_cost_objective([2.0, 0.5, 3.0], penalty=0.4)
    (note,) = ax.texts
    assert note.get_text() == "penalty"
    assert note.xy == pytest.approx((1.0, 5.5 / 3 + 0.2))  # above the shortest bar
    ax = plotting.plot_loss_cost_objective([2.0, 0.5, 3.0], penalty=0.0)
    assert not ax.texts


def test_loss_cost_objective_leaves_room_above_the_tallest_line() -> None:
    ax = plotting.plot_loss_cost_objective([0.1, 0.2], penalty=5.0)
    assert ax.get_ylim()[1] > 0.15 + 5.0


def test_loss_cost_objective_without_penalty_puts_both_lines_together() -> None:
    ax = plotting.plot_loss_cost_objective([1.0, 2.0], penalty=0.0)
    cost_line, objective_line = ax.get_lines()
    assert cost_line.get_ydata()[0] == objective_line.get_ydata()[0] == pytest.approx(1.5)


@pytest.mark.parametrize(
    ("losses", "penalty", "names", "message"),
    [
        ([], 0.0, None, "losses must be a 1-D array"),
        ([[1.0, 2.0]], 0.0, None, "losses must be a 1-D array"),
        ([1.0, np.nan], 0.0, None, "finite"),
        ([1.0, 2.0], -0.1, None, "penalty must be a finite number >= 0"),
        ([1.0, 2.0], np.inf, None, "penalty must be a finite number >= 0"),
        ([1.0, 2.0], 0.0, ["only one"], "names must name all 2 samples"),
    ],
)
def test_loss_cost_objective_refuses_bad_input(losses, penalty, names, message) -> None:
    with pytest.raises(ValueError, match=message):
        plotting.plot_loss_cost_objective(losses, penalty, names=names)


def test_loss_cost_objective_draws_into_a_given_axes() -> None:
    _, (left, right) = plt.subplots(1, 2)
    assert plotting.plot_loss_cost_objective([1.0], penalty=0.1, ax=right) is right
    assert not left.patches


# --- plot_penalties ---------------------------------------------------------------------


def test_penalties_draws_the_penalties_of_lossbook_at_each_weight() -> None:
    weights = np.array([-2.0, -0.5, 0.0, 1.0, 3.0])
    ax = plotting.plot_penalties(
        {"L1": lossbook.l1_penalty, "L2": lossbook.l2_penalty}, strength=0.4, weights=weights
    )
    l1_line, l2_line = ax.get_lines()[:2]
    np.testing.assert_allclose(l1_line.get_ydata(), 0.4 * np.abs(weights))
    np.testing.assert_allclose(l2_line.get_ydata(), 0.2 * weights**2)
    assert l1_line.get_linestyle() != l2_line.get_linestyle()


def test_penalties_draws_gradients_too() -> None:
    weights = np.array([-1.0, 0.0, 2.0])
    ax = plotting.plot_penalties(
        {"L1": lossbook.l1_penalty_grad, "L2": lossbook.l2_penalty_grad},
        strength=2.0,
        weights=weights,
        ylabel="gradient",
    )
    l1_line, l2_line = ax.get_lines()[:2]
    np.testing.assert_allclose(l1_line.get_ydata(), [-2.0, 0.0, 2.0])
    np.testing.assert_allclose(l2_line.get_ydata(), [-2.0, 0.0, 4.0])
    assert ax.get_ylabel() == "gradient"


def test_penalties_default_grid_spans_minus_two_to_two() -> None:
    ax = plotting.plot_penalties({"L2": lossbook.l2_penalty})
    x_values = ax.get_lines()[0].get_xdata()
    assert x_values[0] == -2.0 and x_values[-1] == 2.0 and len(x_values) == 401


@pytest.mark.parametrize(
    ("penalties", "weights", "message"),
    [
        ({}, None, "at least one function"),
        ({"L1": lossbook.l1_penalty}, [1.0], "at least 2 values"),
        ({"L1": lossbook.l1_penalty}, [0.0, np.inf], "finite"),
        ({"bad": lambda w, strength: np.array([1.0, 2.0])}, [0.0, 1.0], "one number per weight"),
    ],
)
def test_penalties_refuses_bad_input(penalties, weights, message) -> None:
    with pytest.raises(ValueError, match=message):
        plotting.plot_penalties(penalties, weights=weights)


# --- plot_paths -------------------------------------------------------------------------


def test_paths_draws_every_path_in_its_own_style() -> None:
    x = np.arange(4)
    paths = {"a": [1.0, 0.5, 0.25, 0.125], "b": [1.0, 0.6, 0.2, 0.0], "c": [0.0, 0.1, 0.2, 0.3]}
    ax = plotting.plot_paths(x, paths, xlabel="step", ylabel="w")
    lines = ax.get_lines()[:3]
    for line, (name, values) in zip(lines, paths.items(), strict=True):
        assert line.get_label() == name
        np.testing.assert_allclose(line.get_ydata(), values)
    styles = {(line.get_color(), str(line.get_linestyle()), line.get_marker()) for line in lines}
    assert len(styles) == 3
    assert len({line.get_marker() for line in lines}) == 3
    assert ax.get_xlabel() == "step" and ax.get_ylabel() == "w"


def test_paths_draws_the_reference_lines_and_scales_asked_for() -> None:
    ax = plotting.plot_paths(
        [10, 100, 1000],
        {"sum": [10.0, 100.0, 1000.0]},
        xscale="log",
        yscale="log",
        reference_y=(),
    )
    assert len(ax.get_lines()) == 1
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    ax = plotting.plot_paths([0, 1], {"w": [1.0, -1.0]}, reference_y=(0.0, 0.5))
    assert [float(line.get_ydata()[0]) for line in ax.get_lines()[1:]] == [0.0, 0.5]


def test_paths_puts_whole_number_ticks_on_an_axis_of_update_numbers() -> None:
    ax = plotting.plot_paths(np.arange(21), {"w": np.linspace(1.0, 0.0, 21)})
    ax.figure.canvas.draw()
    ticks = ax.get_xticks()
    np.testing.assert_array_equal(ticks, np.round(ticks))
    ax = plotting.plot_paths([0.0, 0.25, 0.5], {"w": [1.0, 0.5, 0.0]})
    ax.figure.canvas.draw()
    assert any(tick != round(tick) for tick in ax.get_xticks())


@pytest.mark.parametrize(
    ("x", "paths", "message"),
    [
        ([], {"w": []}, "x must be a 1-D array"),
        ([0, 1], {}, "at least one path"),
        ([0, 1], {"w": [1.0, 2.0, 3.0]}, "path 'w' must have one value per point of x"),
    ],
)
def test_paths_refuses_bad_input(x, paths, message) -> None:
    with pytest.raises(ValueError, match=message):
        plotting.plot_paths(x, paths)
