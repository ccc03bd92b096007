"""lossbook.plotting.regression: the figures of the regression chapter draw what they say."""

from __future__ import annotations

import functools
import hashlib
import io

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt

import lossbook
from lossbook import plotting
from lossbook.data import make_line_with_outliers


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def per_sample(function, **options):
    return lambda y_true, y_pred: function(y_true, y_pred, reduction="none", **options)


def test_the_helpers_are_exported_from_lossbook_plotting() -> None:
    for name in (
        "plot_against_residual",
        "plot_fits",
        "plot_cost_with_steps",
        "plot_trajectories",
    ):
        assert name in plotting.__all__
        assert callable(getattr(plotting, name))


def test_against_residual_evaluates_each_curve_at_y_true_r_and_y_pred_0() -> None:
    residuals = np.linspace(-2.0, 2.0, 9)
    curves = {
        "Huber": per_sample(lossbook.huber, delta=1.0),
        "gradient": per_sample(lossbook.huber_grad, delta=1.0),
    }
    ax = plotting.plot_against_residual(curves, residuals=residuals, ylim=(-1.5, 2.5))
    huber_line, gradient_line = ax.get_lines()[:2]
    np.testing.assert_array_equal(huber_line.get_xdata(), residuals)
    np.testing.assert_allclose(
        huber_line.get_ydata(), lossbook.huber(residuals, 0 * residuals, reduction="none")
    )
    # y_true = r and y_pred = 0, so the gradient is clip(-r, -1, 1).
    np.testing.assert_allclose(gradient_line.get_ydata(), np.clip(-residuals, -1.0, 1.0))
    assert ax.get_ylim() == (-1.5, 2.5)
    assert [text.get_text() for text in ax.get_legend().get_texts()] == ["Huber", "gradient"]


def test_against_residual_gives_each_curve_its_own_colour_and_line_style() -> None:
    curves = {name: per_sample(lossbook.mse) for name in "abcdef"}
    ax = plotting.plot_against_residual(curves)
    lines = ax.get_lines()[:6]
    assert len({line.get_color() for line in lines}) == 6
    assert [line.get_linestyle() for line in lines[:4]] == ["-", "--", "-.", ":"]


def test_against_residual_refuses_a_bad_grid() -> None:
    with pytest.raises(ValueError, match="residuals must be a 1-D array"):
        plotting.plot_against_residual({}, residuals=np.zeros((2, 2)))


def test_fits_draws_points_outliers_reference_and_fits() -> None:
    features, targets = make_line_with_outliers(20, n_outliers=2, seed=1)
    _, clean = make_line_with_outliers(20, n_outliers=0, seed=1)
    outliers = targets != clean
    ax = plotting.plot_fits(
        features,
        targets,
        {"a line": lambda grid: 2.0 * grid + 1.0, "flat": lambda grid: 0 * grid + 3.0},
        highlight=outliers,
        reference=lambda grid: 2.0 * grid + 1.0,
    )
    reference, first, flat = ax.get_lines()
    assert reference.get_label() == "true line"
    np.testing.assert_allclose(first.get_ydata(), 2.0 * first.get_xdata() + 1.0)
    np.testing.assert_allclose(flat.get_ydata(), 3.0)
    assert first.get_xdata().min() == pytest.approx(features.min())
    assert first.get_xdata().max() == pytest.approx(features.max())
    normal, highlighted = ax.collections
    np.testing.assert_array_equal(highlighted.get_offsets()[:, 1], targets[outliers])
    assert len(normal.get_offsets()) == (~outliers).sum()


def test_fits_shades_a_band_between_two_curves() -> None:
    x = np.linspace(0.0, 1.0, 5)
    ax = plotting.plot_fits(
        x,
        x,
        {"mean": lambda g: g},
        band=(lambda g: g - 1, lambda g: g + 1, "band"),
        points_label="counts",
    )
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert "band" in labels
    assert "counts" in labels
    assert "outliers" not in labels  # nothing highlighted, no empty legend entry


@pytest.mark.parametrize(
    ("x", "y", "highlight"),
    [
        (np.zeros((3, 2)), np.zeros(3), None),
        (np.zeros(3), np.zeros(4), None),
        (np.zeros(3), np.zeros(3), np.zeros(2, dtype=bool)),
    ],
)
def test_fits_refuses_mismatched_shapes(x, y, highlight) -> None:
    with pytest.raises(ValueError):
        plotting.plot_fits(x, y, {}, highlight=highlight)


def test_cost_with_steps_marks_each_step_on_the_curve() -> None:
    grid = np.linspace(-1.0, 3.0, 81)
    steps = [3.0, 2.0, 1.5, 1.25]
    costs = [(value - 1.0) ** 2 for value in steps]
    ax = plotting.plot_cost_with_steps(grid, (grid - 1.0) ** 2, steps, costs)
    curve, points = ax.get_lines()
    np.testing.assert_allclose(curve.get_ydata(), (grid - 1.0) ** 2)
    np.testing.assert_allclose(points.get_xdata(), steps)
    np.testing.assert_allclose(points.get_ydata(), costs)
    assert [text.get_text() for text in ax.texts] == ["0", "1", "2", "3"]
    assert len(ax.patches) == len(steps) - 1  # one arrow per step taken


def test_cost_with_steps_leaves_out_numbers_that_would_overlap() -> None:
    grid = np.linspace(0.0, 4.0, 41)
    steps = [0.0, 2.0, 2.01, 2.02]
    ax = plotting.plot_cost_with_steps(grid, grid, steps, steps)
    assert [text.get_text() for text in ax.texts] == ["0", "1"]


def test_cost_with_steps_refuses_mismatched_steps() -> None:
    with pytest.raises(ValueError, match="one length"):
        plotting.plot_cost_with_steps([0.0, 1.0], [0.0, 1.0], [0.0, 1.0], [0.0])


def test_trajectories_draws_each_path_and_the_targets() -> None:
    ax = plotting.plot_trajectories(
        {"bouncing": [0.0, 1.2, 0.8, 1.2], "settling": [0.0, 0.7, 0.9]},
        targets={"y = 1": 1.0},
        ylabel="prediction",
    )
    bouncing, settling, target = ax.get_lines()
    np.testing.assert_array_equal(bouncing.get_xdata(), [0, 1, 2, 3])
    np.testing.assert_array_equal(settling.get_ydata(), [0.0, 0.7, 0.9])
    np.testing.assert_array_equal(target.get_ydata(), [1.0, 1.0])
    assert ax.get_ylabel() == "prediction"


def test_helpers_draw_into_a_given_axes() -> None:
    figure, panels = plt.subplots(1, 2)
    x = np.linspace(0.0, 1.0, 4)
    assert plotting.plot_fits(x, x, {}, ax=panels[0]) is panels[0]
    curves = {"absolute": per_sample(lossbook.mae)}
    assert plotting.plot_against_residual(curves, ax=panels[1]) is panels[1]
    assert len(figure.axes) == 2


def test_regression_figures_are_byte_identical_across_runs() -> None:
    def draw() -> list[bytes]:
        features, targets = make_line_with_outliers(15, seed=2)
        huber = functools.partial(lossbook.huber, delta=1.0)
        axes = [
            plotting.plot_against_residual({"Huber": lambda y, p: huber(y, p, reduction="none")}),
            plotting.plot_fits(features, targets, {"line": lambda g: 2 * g + 1}),
            plotting.plot_cost_with_steps([0.0, 1.0, 2.0], [1.0, 0.0, 1.0], [0.0, 1.0], [1, 0]),
            plotting.plot_trajectories({"path": [0.0, 0.5, 0.75]}, targets={"one": 1.0}),
        ]
        result = []
        for ax in axes:
            buffer = io.BytesIO()
            plotting.save_figure(ax.figure, buffer, format="svg")
            result.append(hashlib.sha256(buffer.getvalue()).hexdigest())
        plt.close("all")
        return result

    assert draw() == draw()
