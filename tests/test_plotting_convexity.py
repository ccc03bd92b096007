"""lossbook.plotting.convexity: the figures of the chapter on convexity."""

from __future__ import annotations

import hashlib
import io

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.collections import PolyCollection

import lossbook
from lossbook import plotting
from lossbook.checks import directional_curvature


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def figure_bytes(figure: plt.Figure) -> bytes:
    buffer = io.BytesIO()
    plotting.save_figure(figure, buffer, format="svg")
    return buffer.getvalue()


def double_well(x: float) -> float:
    return x**4 - 4.0 * x**2


def draw_all() -> list[plt.Figure]:
    curvature = plotting.plot_second_difference(double_well, (-2.0, 2.0), label="f")
    paths = plotting.plot_descent_paths({"a": [[1.0, 1.0], [0.5, 0.2], [0.0, 0.0]]})
    return [curvature.figure, paths.figure]


def test_the_helpers_are_exported_by_the_plotting_package() -> None:
    for name in ("plot_second_difference", "plot_descent_paths"):
        assert name in plotting.__all__
        assert callable(getattr(plotting, name))


def test_figures_are_byte_identical_across_runs() -> None:
    first = [hashlib.sha256(figure_bytes(f)).hexdigest() for f in draw_all()]
    plt.close("all")
    second = [hashlib.sha256(figure_bytes(f)).hexdigest() for f in draw_all()]
    assert first == second


# --- plot_second_difference -------------------------------------------------------------


def test_second_difference_matches_the_second_derivative() -> None:
    ax = plotting.plot_second_difference(double_well, (-2.0, 2.0), resolution=41)
    curve = ax.get_lines()[0]
    x = curve.get_xdata()
    np.testing.assert_allclose(curve.get_ydata(), 12.0 * x**2 - 8.0, atol=1e-4)


def test_second_difference_is_what_directional_curvature_computes() -> None:
    def loss(z: float) -> float:
        return lossbook.mse([1.0], lossbook.sigmoid([z]))

    ax = plotting.plot_second_difference(loss, (-4.0, 4.0), resolution=9, step=1e-2)
    curve = ax.get_lines()[0]
    expected = [
        directional_curvature(lambda v: loss(float(v[0])), [x], [1.0], step=1e-2)
        for x in curve.get_xdata()
    ]
    assert curve.get_ydata().tolist() == expected


def test_negative_curvature_is_shaded_only_where_it_is_negative() -> None:
    ax = plotting.plot_second_difference(double_well, (-2.0, 2.0), resolution=201, label="f")
    shades = [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert len(shades) == 1
    vertices = shades[0].get_paths()[0].vertices
    bound = np.sqrt(8.0 / 12.0)  # f'' = 12 x**2 - 8 is negative for |x| < sqrt(2/3)
    assert vertices[:, 0].min() >= -bound - 1e-9
    assert vertices[:, 0].max() <= bound + 1e-9
    assert vertices[:, 1].max() <= 1e-9


def test_a_convex_function_gets_no_shading_and_no_shading_legend_entry() -> None:
    ax = plotting.plot_second_difference(lambda x: x**2, (-1.0, 1.0), label="parabola")
    assert not [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["parabola"]


def test_second_call_adds_a_curve_in_another_style_and_one_reference_line() -> None:
    ax = plotting.plot_second_difference(double_well, (-2.0, 2.0), label="first")
    plotting.plot_second_difference(lambda x: x**2, (-2.0, 2.0), label="second", ax=ax)
    first, reference, second = ax.get_lines()
    assert first.get_linestyle() != second.get_linestyle()
    assert first.get_color() != second.get_color()
    assert list(reference.get_ydata()) == [0.0, 0.0]
    assert ax.get_legend() is not None


def test_second_difference_without_label_has_no_legend() -> None:
    ax = plotting.plot_second_difference(double_well, (-1.0, 1.0))
    assert ax.get_legend() is None
    assert ax.get_xlim() == (-1.0, 1.0)


def test_second_difference_draws_into_a_given_axes() -> None:
    _, (left, right) = plt.subplots(1, 2)
    returned = plotting.plot_second_difference(double_well, (-1.0, 1.0), ax=right)
    assert returned is right
    assert not left.get_lines()


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"function": 3.0}, TypeError),
        ({"domain": (1.0, -1.0)}, ValueError),
        ({"domain": (0.0, np.inf)}, ValueError),
        ({"domain": "ab"}, TypeError),
        ({"domain": (0.0, 1.0, 2.0)}, ValueError),
        ({"step": 0.0}, ValueError),
        ({"step": "small"}, TypeError),
        ({"resolution": 1}, ValueError),
        ({"resolution": 2.5}, TypeError),
        ({"function": lambda x: np.nan}, ValueError),
        ({"function": lambda x: np.array([x, x])}, TypeError),
    ],
)
def test_second_difference_refuses_bad_arguments(kwargs, error) -> None:
    arguments = {"function": double_well, "domain": (-1.0, 1.0), **kwargs}
    function, domain = arguments.pop("function"), arguments.pop("domain")
    with pytest.raises(error):
        plotting.plot_second_difference(function, domain, **arguments)


# --- plot_descent_paths -----------------------------------------------------------------


def test_descent_paths_draw_each_path_and_one_start_marker_per_path() -> None:
    paths = {
        "first": np.array([[2.0, 1.0], [1.0, 0.5], [0.0, 0.0]]),
        "second": np.array([[-2.0, 1.0], [-1.0, 0.0]]),
    }
    ax = plotting.plot_descent_paths(paths)
    first, second, starts = ax.get_lines()
    assert first.get_xydata().tolist() == paths["first"].tolist()
    assert second.get_xydata().tolist() == paths["second"].tolist()
    assert starts.get_xydata().tolist() == [[2.0, 1.0], [-2.0, 1.0]]
    assert first.get_linestyle() != second.get_linestyle()
    assert first.get_marker() != second.get_marker()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["first", "second", "start"]


def test_descent_paths_keep_the_limits_of_a_cost_surface() -> None:
    ax = plotting.plot_cost_surface(
        lambda w, b: w**2 + b**2, (-1.0, 1.0), (-1.0, 1.0), resolution=5
    )
    plotting.plot_descent_paths({"far away": [[5.0, 5.0], [0.0, 0.0]]}, ax=ax)
    assert ax.get_xlim() == (-1.0, 1.0)
    assert ax.get_ylim() == (-1.0, 1.0)


def test_second_call_names_the_start_once_and_continues_the_styles() -> None:
    ax = plotting.plot_descent_paths({"a": [[0.0, 0.0], [1.0, 1.0]]})
    plotting.plot_descent_paths({"b": [[0.0, 1.0], [1.0, 0.0]]}, ax=ax)
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert texts == ["a", "start", "b"]
    path_a, _, path_b, _ = ax.get_lines()
    assert path_a.get_color() != path_b.get_color()


def test_a_path_of_one_point_is_just_its_start() -> None:
    ax = plotting.plot_descent_paths({"still": [[0.5, 0.5]]})
    assert ax.get_lines()[1].get_xydata().tolist() == [[0.5, 0.5]]


@pytest.mark.parametrize(
    ("paths", "error"),
    [
        ([[0.0, 0.0]], TypeError),
        ({}, ValueError),
        ({"bad": [0.0, 1.0]}, ValueError),
        ({"bad": [[0.0, 1.0, 2.0]]}, ValueError),
        ({"bad": np.empty((0, 2))}, ValueError),
        ({"bad": [[0.0, np.nan]]}, ValueError),
    ],
)
def test_descent_paths_refuse_bad_paths(paths, error) -> None:
    with pytest.raises(error):
        plotting.plot_descent_paths(paths)


def test_second_difference_keeps_the_axis_labels_of_a_first_call() -> None:
    ax = plotting.plot_second_difference(
        double_well, (-1.0, 1.0), xlabel="logit $z$", ylabel="curvature"
    )
    plotting.plot_second_difference(lambda x: x**2, (-1.0, 1.0), ax=ax)
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("logit $z$", "curvature")
    fresh = plotting.plot_second_difference(double_well, (-1.0, 1.0))
    assert (fresh.get_xlabel(), fresh.get_ylabel()) == ("$x$", "curvature $f''(x)$")
