"""lossbook.plotting.custom: the figures of the chapter on writing your own loss."""

from __future__ import annotations

import hashlib
import io

import matplotlib
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt

from lossbook import plotting

BREAKDOWN = {
    "squared error": {"shortage": 8.0, "leftovers": 3.0},
    "asymmetric": {"shortage": 4.0, "leftovers": 5.5},
}


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def figure_bytes(figure: plt.Figure) -> bytes:
    buffer = io.BytesIO()
    plotting.save_figure(figure, buffer, format="svg")
    return buffer.getvalue()


def test_the_helper_is_exported_by_the_plotting_package() -> None:
    assert "plot_cost_breakdown" in plotting.__all__
    assert plotting.plot_cost_breakdown is plotting.custom.plot_cost_breakdown


def test_the_figure_is_byte_identical_across_runs() -> None:
    first = hashlib.sha256(figure_bytes(plotting.plot_cost_breakdown(BREAKDOWN).figure))
    plt.close("all")
    second = hashlib.sha256(figure_bytes(plotting.plot_cost_breakdown(BREAKDOWN).figure))
    assert first.hexdigest() == second.hexdigest()


def test_the_parts_are_stacked_left_to_right() -> None:
    ax = plotting.plot_cost_breakdown(BREAKDOWN)
    segments = [(float(patch.get_x()), float(patch.get_width())) for patch in ax.patches]
    # All the first parts, then all the second parts, each starting where the first ends.
    assert segments == [(0.0, 8.0), (0.0, 4.0), (8.0, 3.0), (4.0, 5.5)]


def test_each_bar_sits_on_its_model_with_the_first_model_on_top() -> None:
    ax = plotting.plot_cost_breakdown(BREAKDOWN)
    labels = [label.get_text() for label in ax.get_yticklabels()]
    assert labels == ["squared error", "asymmetric"]
    bottom, top = ax.get_ylim()
    assert bottom > top  # the axis is inverted: position 0 is drawn at the top


def test_the_totals_are_written_at_the_end_of_each_bar() -> None:
    ax = plotting.plot_cost_breakdown(BREAKDOWN, total_format="{:.1f} euros")
    texts = [(text.get_text(), text.get_position()) for text in ax.texts]
    assert [text for text, _ in texts] == ["11.0 euros", "9.5 euros"]
    for (_, (x, _)), total in zip(texts, (11.0, 9.5), strict=True):
        assert x > total
    assert ax.get_xlim()[1] > 11.0


def test_the_parts_differ_in_colour_and_hatch_and_are_in_the_legend() -> None:
    ax = plotting.plot_cost_breakdown(BREAKDOWN)
    first, second = ax.patches[0], ax.patches[2]
    assert first.get_facecolor() != second.get_facecolor()
    assert first.get_hatch() != second.get_hatch()
    assert [text.get_text() for text in ax.get_legend().get_texts()] == ["shortage", "leftovers"]


def test_the_legend_sits_above_the_bars() -> None:
    ax = plotting.plot_cost_breakdown(BREAKDOWN)
    ax.figure.canvas.draw()
    legend_box = ax.get_legend().get_window_extent()
    axes_box = ax.get_window_extent()
    assert legend_box.y0 >= axes_box.y1 - 1.0


def test_it_draws_into_the_axes_it_is_given() -> None:
    _, (left, right) = plt.subplots(1, 2)
    ax = plotting.plot_cost_breakdown(BREAKDOWN, ax=right, xlabel="euros per day")
    assert ax is right
    assert right.get_xlabel() == "euros per day"
    assert len(left.patches) == 0


def test_a_breakdown_of_zeros_still_draws() -> None:
    ax = plotting.plot_cost_breakdown({"perfect": {"a": 0.0, "b": 0.0}})
    assert [text.get_text() for text in ax.texts] == ["0.00"]
    assert ax.get_xlim() == (0.0, 1.15)


@pytest.mark.parametrize(
    ("breakdown", "message"),
    [
        ({}, "at least one model"),
        ({"a": {}}, "at least one part"),
        ({"a": {"x": 1.0, "y": 1.0}, "b": {"y": 1.0, "x": 1.0}}, "same parts in the same order"),
        ({"a": {"x": 1.0}, "b": {"x": 1.0, "y": 2.0}}, "same parts in the same order"),
        ({"a": {"x": -1.0}}, "finite number >= 0"),
        ({"a": {"x": float("nan")}}, "finite number >= 0"),
        ({"a": {"x": float("inf")}}, "finite number >= 0"),
    ],
)
def test_bad_breakdowns_are_refused_with_a_clear_message(breakdown, message) -> None:
    with pytest.raises(ValueError, match=message):
        plotting.plot_cost_breakdown(breakdown)
