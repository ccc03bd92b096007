"""lossbook.plotting.classification: the cross-entropy chapter's helpers draw what they say."""

from __future__ import annotations

import hashlib
import io

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt

from lossbook import plotting
from lossbook.plotting import classification


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def figure_bytes(figure: plt.Figure, format: str) -> bytes:
    buffer = io.BytesIO()
    plotting.save_figure(figure, buffer, format=format)
    return buffer.getvalue()


def draw_all() -> list[plt.Figure]:
    x = np.linspace(-3.0, 3.0, 31)
    naive = np.where(x > 2.0, np.inf, np.where(x < -2.0, np.nan, np.exp(-x)))
    axes = [
        plotting.plot_curves(x, {"a": x**2, "b": np.abs(x)}, reference_x=[1.0]),
        plotting.plot_probability_bars({"T = 1": [0.7, 0.2, 0.1], "T = 5": [0.4, 0.3, 0.3]}),
        plotting.plot_numerical_failures(x, np.exp(-x), naive),
    ]
    return [ax.figure for ax in axes]


def test_helpers_are_exported_by_the_plotting_package() -> None:
    for name in classification.__all__:
        assert getattr(plotting, name) is getattr(classification, name)
        assert name in plotting.__all__


@pytest.mark.parametrize("format", ["png", "svg"])
def test_figures_are_byte_identical_across_runs(format: str) -> None:
    first = [hashlib.sha256(figure_bytes(f, format)).hexdigest() for f in draw_all()]
    plt.close("all")
    second = [hashlib.sha256(figure_bytes(f, format)).hexdigest() for f in draw_all()]
    assert first == second


# --- plot_curves ------------------------------------------------------------------------


def test_curves_draws_each_curve_in_its_own_colour_and_style() -> None:
    x = np.linspace(0.0, 1.0, 5)
    curves = {"one": x, "two": 2 * x, "three": 3 * x}
    ax = plotting.plot_curves(x, curves, xlabel="logit", ylabel="gradient")
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == list(curves)
    for line, expected in zip(lines, curves.values(), strict=True):
        np.testing.assert_allclose(line.get_xdata(), x)
        np.testing.assert_allclose(line.get_ydata(), expected)
    styles = {(line.get_color(), line.get_linestyle()) for line in lines}
    assert len({colour for colour, _ in styles}) == 3
    assert len({style for _, style in styles}) == 3
    assert ax.get_xlabel() == "logit"
    assert ax.get_ylabel() == "gradient"


def test_curves_leaves_gaps_for_non_finite_values() -> None:
    x = np.arange(4.0)
    ax = plotting.plot_curves(x, {"loss": [1.0, np.inf, np.nan, 2.0]})
    values = ax.get_lines()[0].get_ydata()
    assert values[0] == 1.0 and values[3] == 2.0
    assert np.isnan(values[1]) and np.isnan(values[2])


def test_curves_draws_reference_lines_scale_and_limits() -> None:
    x = np.linspace(0.1, 2.0, 5)
    ax = plotting.plot_curves(
        x, {"loss": x}, reference_x=[1.0], reference_y=[0.5, 1.5], yscale="log", ylim=(0.1, 3)
    )
    assert len(ax.get_lines()) == 1 + 1 + 2
    assert ax.get_yscale() == "log"
    assert ax.get_ylim() == pytest.approx((0.1, 3.0))
    assert [text.get_text() for text in ax.get_legend().get_texts()] == ["loss"]


def test_curves_draws_into_the_axes_it_is_given() -> None:
    _, (left, right) = plt.subplots(1, 2)
    assert plotting.plot_curves([0.0, 1.0], {"a": [1.0, 0.0]}, ax=right) is right
    assert not left.get_lines()


@pytest.mark.parametrize(
    ("x", "curves", "message"),
    [
        (np.zeros((2, 2)), {"a": np.zeros((2, 2))}, "x must be a non-empty 1-D array"),
        ([], {"a": []}, "x must be a non-empty 1-D array"),
        ([0.0, 1.0], {}, "at least one curve"),
        ([0.0, 1.0], {"a": [1.0, 2.0, 3.0]}, "curve 'a' must have one value per point"),
    ],
)
def test_curves_refuses_bad_input(x, curves, message) -> None:
    with pytest.raises(ValueError, match=message):
        plotting.plot_curves(x, curves)


# --- plot_probability_bars ----------------------------------------------------------------


def test_probability_bars_groups_the_vectors_by_class() -> None:
    vectors = {"T = 0.5": [0.8, 0.15, 0.05], "T = 1": [0.6, 0.3, 0.1]}
    ax = plotting.plot_probability_bars(vectors, class_names=["a", "b", "c"], annotate=True)
    heights = [patch.get_height() for patch in ax.patches]
    np.testing.assert_allclose(heights, [0.8, 0.15, 0.05, 0.6, 0.3, 0.1])
    centres = [patch.get_x() + patch.get_width() / 2 for patch in ax.patches]
    # Within a class, the first vector's bar stands left of the second's, around the tick.
    for k in range(3):
        assert centres[k] < k < centres[3 + k]
        assert centres[k] + centres[3 + k] == pytest.approx(2 * k)
    hatches = {patch.get_hatch() or "" for patch in ax.patches[:3]}
    assert hatches != {patch.get_hatch() or "" for patch in ax.patches[3:]}
    assert [label.get_text() for label in ax.get_xticklabels()] == ["a", "b", "c"]
    assert [text.get_text() for text in ax.texts] == [
        "0.80",
        "0.15",
        "0.05",
        "0.60",
        "0.30",
        "0.10",
    ]
    assert ax.get_ylim() == (0.0, 1.0)


def test_probability_bars_names_classes_by_default_and_accepts_free_limits() -> None:
    ax = plotting.plot_probability_bars({"sigmoid": [0.9, 0.8]}, ylim=None)
    assert [label.get_text() for label in ax.get_xticklabels()] == ["class 0", "class 1"]
    assert not ax.texts


@pytest.mark.parametrize(
    ("distributions", "names", "message"),
    [
        ({}, None, "at least one probability vector"),
        ({"a": [0.5, 0.5], "b": [1.0, 0.0, 0.0]}, None, "same length"),
        ({"a": [0.5, 0.5]}, ["only one"], "must name all 2 classes"),
        ({"a": [[0.5, 0.5]]}, None, "must be a non-empty 1-D array"),
    ],
)
def test_probability_bars_refuses_bad_input(distributions, names, message) -> None:
    with pytest.raises(ValueError, match=message):
        plotting.plot_probability_bars(distributions, class_names=names)


# --- plot_numerical_failures -------------------------------------------------------------


def test_numerical_failures_shades_each_run_of_each_kind() -> None:
    x = np.arange(10.0)
    exact = np.full(10, 2.0)
    naive = np.array([np.nan, np.nan, 2.0, np.inf, 2.0, 0.0, 0.0, 2.0, np.nan, 2.0])
    ax = plotting.plot_numerical_failures(x, exact, naive, xlabel="logit", ylabel="loss")
    spans = list(ax.patches)
    # Two runs of NaN, one of inf, one of 0.
    assert len(spans) == 4
    extents = sorted(
        (round(span.get_x(), 2), round(span.get_x() + span.get_width(), 2)) for span in spans
    )
    assert extents == [(-0.5, 1.5), (2.5, 3.5), (4.5, 6.5), (7.5, 8.5)]
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend == ["stable", "naive", "naive gives NaN", "naive gives inf", "naive gives 0"]
    exact_line, naive_line = ax.get_lines()
    np.testing.assert_allclose(exact_line.get_ydata(), exact)
    shown = naive_line.get_ydata()
    assert np.isnan(shown[[0, 1, 3, 5, 6, 8]]).all()
    np.testing.assert_allclose(shown[[2, 4, 7, 9]], 2.0)
    assert ax.get_yscale() == "log"


def test_numerical_failures_names_only_the_failures_that_occur() -> None:
    x = np.linspace(-1.0, 1.0, 5)
    ax = plotting.plot_numerical_failures(
        x, np.exp(x), np.exp(x), exact_label="exact", naive_label="np.log(sigmoid)"
    )
    assert not ax.patches
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend == ["exact", "np.log(sigmoid)"]


@pytest.mark.parametrize(
    ("x", "exact", "naive", "message"),
    [
        ([0.0, 1.0], [1.0, 1.0], [1.0], "same shape"),
        ([1.0, 0.0], [1.0, 1.0], [1.0, 1.0], "x must increase"),
        ([0.0, 1.0], [1.0, 0.0], [1.0, 1.0], "finite positive"),
        ([0.0, 1.0], [1.0, np.inf], [1.0, 1.0], "finite positive"),
    ],
)
def test_numerical_failures_refuses_bad_input(x, exact, naive, message) -> None:
    with pytest.raises(ValueError, match=message):
        plotting.plot_numerical_failures(x, exact, naive)
