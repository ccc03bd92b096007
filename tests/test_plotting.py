"""lossbook.plotting: one style, deterministic output, helpers that draw what they say."""

from __future__ import annotations

import hashlib
import io

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt

from lossbook import plotting
from lossbook.data import make_two_classes


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def figure_bytes(figure: plt.Figure, format: str) -> bytes:
    buffer = io.BytesIO()
    plotting.save_figure(figure, buffer, format=format)
    return buffer.getvalue()


def draw_all() -> list[plt.Figure]:
    features, labels = make_two_classes(50, seed=3)
    axes = [
        plotting.plot_two_classes(features, labels),
        plotting.plot_loss_sweep(lambda y, p: (y - p) ** 2, {"y = 0": 0.0, "y = 1": 1.0}),
        plotting.plot_per_sample_losses([0.2, 1.0, 0.4]),
        plotting.plot_training_loop(),
    ]
    return [ax.figure for ax in axes]


@pytest.mark.parametrize("format", ["png", "svg"])
def test_figures_are_byte_identical_across_runs(format: str) -> None:
    first = [hashlib.sha256(figure_bytes(f, format)).hexdigest() for f in draw_all()]
    plt.close("all")
    second = [hashlib.sha256(figure_bytes(f, format)).hexdigest() for f in draw_all()]
    assert first == second


def test_saved_svg_has_no_date() -> None:
    svg = figure_bytes(draw_all()[0], "svg").decode()
    assert "<dc:date>" not in svg


def test_style_gives_an_opaque_white_background_and_a_colour_blind_safe_cycle() -> None:
    plotting.use_book_style()
    assert matplotlib.rcParams["figure.facecolor"] == "white"
    assert matplotlib.rcParams["savefig.transparent"] is False
    colours = matplotlib.rcParams["axes.prop_cycle"].by_key()["color"]
    assert tuple(colours) == plotting.PALETTE


def test_two_classes_draws_one_collection_per_class_with_the_data() -> None:
    features, labels = make_two_classes(30, seed=0)
    ax = plotting.plot_two_classes(features, labels, class_names=("cat", "dog"))
    offsets = [collection.get_offsets() for collection in ax.collections]
    assert len(offsets) == 2
    np.testing.assert_array_equal(offsets[0], features[labels == 0])
    np.testing.assert_array_equal(offsets[1], features[labels == 1])


def test_two_classes_refuses_mismatched_shapes() -> None:
    with pytest.raises(ValueError, match="features must have shape"):
        plotting.plot_two_classes(np.zeros((5, 3)), np.zeros(5))


def test_loss_sweep_draws_the_loss_it_is_given() -> None:
    predictions = np.linspace(0.1, 0.9, 9)
    ax = plotting.plot_loss_sweep(
        lambda y, p: np.abs(y - p), {"y = 1": 1.0}, predictions=predictions, ylim=(0, 2)
    )
    (line,) = ax.get_lines()
    np.testing.assert_allclose(line.get_ydata(), 1.0 - predictions)
    assert ax.get_ylim() == (0.0, 2.0)


def test_per_sample_losses_draws_bars_and_their_mean() -> None:
    losses = np.array([0.5, 1.5, 4.0])
    ax = plotting.plot_per_sample_losses(losses, names=["a", "b", "c"])
    heights = [patch.get_height() for patch in ax.patches]
    np.testing.assert_allclose(heights, losses)
    (mean_line,) = ax.get_lines()
    assert mean_line.get_ydata()[0] == pytest.approx(losses.mean())


def test_training_loop_names_every_step() -> None:
    ax = plotting.plot_training_loop()
    text = " ".join(item.get_text() for item in ax.texts)
    for step in ("parameters", "model", "loss", "gradient", "update", "forward", "backward"):
        assert step in text
