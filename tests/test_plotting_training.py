"""lossbook.plotting.training: the figures of training draw what they are given."""

from __future__ import annotations

import hashlib
import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from mpl_toolkits.mplot3d import Axes3D

from lossbook import plotting
from lossbook.data import make_classes, make_two_classes
from lossbook.models import LogisticRegression, OneHiddenLayerNetwork, SoftmaxRegression
from lossbook.training import History


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def short_run() -> History:
    return History(
        train_cost=[1.0, 0.6, 0.4, 0.3],
        validation_cost=[1.1, 0.8, 0.7, 0.72],
        step_cost=[1.2, 0.9, 0.8, 0.6, 0.5, 0.45, 0.4, 0.35],
        steps_per_epoch=2,
        best_epoch=3,
    )


def long_run() -> History:
    costs = list(np.geomspace(2.0, 0.01, 30))
    return History(train_cost=costs, step_cost=costs, steps_per_epoch=1, best_epoch=30)


def trained_logistic() -> LogisticRegression:
    model = LogisticRegression(2)
    model.set_params({"weights": [1.5, 2.0], "bias": -0.25})
    return model


def three_class_model() -> SoftmaxRegression:
    model = SoftmaxRegression(2, 3)
    angles = 2.0 * np.pi * np.arange(3) / 3
    model.set_params({"weights": 2.0 * np.stack([np.cos(angles), np.sin(angles)])})
    return model


def bowl(w: float, b: float) -> float:
    return (w - 1.0) ** 2 + 3.0 * (b + 0.5) ** 2


def double_well(x: np.ndarray) -> float:
    return float((x[0] ** 2 - 1.0) ** 2 + 0.5 * x[1] ** 2)


class RecordingModel:
    """A binary classifier that remembers the points it was asked about."""

    def __init__(self, probability=None):
        self.calls: list[np.ndarray] = []
        self.probability = probability

    def predict_proba(self, X):
        X = np.asarray(X)
        self.calls.append(X.copy())
        if self.probability is not None:
            return np.full(X.shape[0], self.probability)
        return 1.0 / (1.0 + np.exp(-(X[:, 0] - X[:, 1])))


def draw_all() -> list[plt.Figure]:
    features, labels = make_two_classes(40, seed=2)
    features3, labels3 = make_classes(60, seed=1)
    network = OneHiddenLayerNetwork(2, 4, link="sigmoid", seed=3)

    def network_cost(params):
        network.set_params(params)
        return float(np.mean((network.predict_proba(features) - labels) ** 2))

    start = network.params
    direction = {name: np.ones_like(value) for name, value in start.items()}
    axes = [
        plotting.plot_loss_curves({"short": short_run(), "long": long_run()}),
        plotting.plot_loss_curves(short_run(), per_step=True, log_scale=True),
        plotting.plot_decision_boundary(trained_logistic(), features, labels, resolution=50),
        plotting.plot_decision_boundary(three_class_model(), features3, labels3, resolution=50),
        plotting.plot_cost_surface(bowl, (-1, 3), (-2, 1), resolution=20, mark=(1.0, -0.5)),
        plotting.plot_cost_surface(bowl, (-1, 3), (-2, 1), resolution=15, kind="surface"),
        plotting.plot_cost_slice(network_cost, start, direction, resolution=40, label="d"),
        plotting.plot_chord(np.exp, -1.0, 1.0),
    ]
    return [ax.figure for ax in axes]


# --- every figure ----------------------------------------------------------------------


@pytest.mark.parametrize("format", ["png", "svg"])
def test_figures_are_byte_identical_across_runs(format: str) -> None:
    def digests() -> list[str]:
        result = []
        for figure in draw_all():
            buffer = io.BytesIO()
            plotting.save_figure(figure, buffer, format=format, dpi=40)
            result.append(hashlib.sha256(buffer.getvalue()).hexdigest())
        plt.close("all")
        return result

    assert digests() == digests()


def test_everything_drawn_fits_inside_the_figure() -> None:
    for figure in draw_all():
        figure.canvas.draw()
        renderer = figure.canvas.get_renderer()
        for ax in figure.axes:
            drawn = ax.get_tightbbox(renderer)  # labels, tick labels, legend, title
            assert figure.bbox.padded(1.0).contains(drawn.x0, drawn.y0), ax
            assert figure.bbox.padded(1.0).contains(drawn.x1, drawn.y1), ax


def test_every_helper_is_exported_by_the_package() -> None:
    for name in plotting.training.__all__:
        assert getattr(plotting, name) is getattr(plotting.training, name)
        assert name in plotting.__all__


def test_every_helper_draws_into_the_axes_it_is_given() -> None:
    figure, axes = plt.subplots(1, 5)
    features, labels = make_two_classes(20, seed=0)
    drawn = [
        plotting.plot_loss_curves(short_run(), ax=axes[0]),
        plotting.plot_decision_boundary(
            trained_logistic(), features, labels, resolution=10, ax=axes[1]
        ),
        plotting.plot_cost_surface(bowl, (0, 1), (0, 1), resolution=5, ax=axes[2]),
        plotting.plot_cost_slice(double_well, [0.0, 0.0], [1.0, 0.0], ax=axes[3]),
        plotting.plot_chord(np.square, 0.0, 1.0, ax=axes[4]),
    ]
    assert drawn == list(axes)
    assert plt.get_fignums() == [figure.number]


# --- loss curves -----------------------------------------------------------------------


def test_loss_curves_draw_training_solid_and_validation_dashed_per_epoch() -> None:
    history = short_run()
    ax = plotting.plot_loss_curves(history)
    training, validation = ax.get_lines()
    np.testing.assert_array_equal(training.get_xdata(), [1, 2, 3, 4])
    np.testing.assert_array_equal(training.get_ydata(), history.train_cost)
    np.testing.assert_array_equal(validation.get_ydata(), history.validation_cost)
    assert (training.get_linestyle(), validation.get_linestyle()) == ("-", "--")
    assert training.get_color() == validation.get_color()
    assert ax.get_xlabel() == "epoch" and ax.get_ylabel() == "cost"
    assert [text.get_text() for text in ax.get_legend().get_texts()] == [
        "training",
        "validation",
    ]


def test_loss_curves_of_several_runs_differ_in_colour_and_marker_and_keep_their_lengths() -> None:
    ax = plotting.plot_loss_curves({"short": short_run(), "long": long_run()})
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == [
        "short: training",
        "short: validation",
        "long: training",
    ]
    assert [len(line.get_xdata()) for line in lines] == [4, 4, 30]
    assert lines[0].get_color() != lines[2].get_color()
    assert lines[0].get_marker() != lines[2].get_marker()
    assert ax.get_xlim()[1] >= 30


def test_loss_curves_per_step_put_validation_at_the_end_of_each_epoch() -> None:
    history = short_run()
    ax = plotting.plot_loss_curves(history, per_step=True)
    steps, validation = ax.get_lines()
    np.testing.assert_array_equal(steps.get_xdata(), np.arange(8))
    np.testing.assert_array_equal(steps.get_ydata(), history.step_cost)
    np.testing.assert_array_equal(validation.get_xdata(), [2, 4, 6, 8])
    assert "update" in ax.get_xlabel()


def test_loss_curves_log_scale() -> None:
    ax = plotting.plot_loss_curves(long_run(), log_scale=True)
    assert ax.get_yscale() == "log"
    assert "log" in ax.get_ylabel()


def test_loss_curves_do_not_change_the_history() -> None:
    history = short_run()
    before = short_run()
    plotting.plot_loss_curves({"a": history}, per_step=True)
    assert history == before


@pytest.mark.parametrize(
    ("histories", "options", "error", "match"),
    [
        ([1.0, 0.5], {}, TypeError, "histories must be a History or a mapping"),
        ({}, {}, ValueError, "histories must hold at least one"),
        ({"a": [1.0]}, {}, TypeError, r"histories\['a'\] must be a History"),
        (History(), {}, ValueError, "histories has nothing to draw: its train_cost"),
        (History(train_cost=[1.0]), {"per_step": True}, ValueError, "its step_cost is empty"),
        (History(train_cost=[1.0, np.nan]), {}, ValueError, "finite"),
        (History(train_cost=[1.0, 0.0]), {"log_scale": True}, ValueError, "log_scale"),
        (
            History(train_cost=[1.0], validation_cost=[1.0], step_cost=[1.0]),
            {"per_step": True},
            ValueError,
            "steps_per_epoch",
        ),
    ],
)
def test_loss_curves_refuse_bad_input(histories, options, error, match) -> None:
    with pytest.raises(error, match=match):
        plotting.plot_loss_curves(histories, **options)


# --- decision boundary -----------------------------------------------------------------


def test_binary_decision_boundary_shades_the_probability_and_draws_the_half_line() -> None:
    features, labels = make_two_classes(30, seed=0)
    ax = plotting.plot_decision_boundary(trained_logistic(), features, labels)
    filled, boundary, class_0, class_1 = ax.collections
    np.testing.assert_allclose(filled.levels, np.linspace(0.0, 1.0, 11))
    np.testing.assert_array_equal(boundary.levels, [0.5])
    np.testing.assert_array_equal(class_0.get_offsets(), features[labels == 0])
    np.testing.assert_array_equal(class_1.get_offsets(), features[labels == 1])
    assert class_0.get_paths()[0] != class_1.get_paths()[0]  # different markers
    assert len(ax.figure.axes) == 2  # the colour bar
    assert ax.figure.axes[1].get_ylabel() == "P(label 1)"
    assert [text.get_text() for text in ax.get_legend().get_texts()] == [
        "label 0",
        "label 1",
        "decision boundary (p = 0.5)",
    ]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("feature 1", "feature 2")


def test_decision_boundary_is_where_the_model_says_one_half() -> None:
    features, labels = make_two_classes(30, seed=0)
    model = trained_logistic()
    ax = plotting.plot_decision_boundary(model, features, labels, resolution=60)
    vertices = np.concatenate([path.vertices for path in ax.collections[1].get_paths()])
    np.testing.assert_allclose(model.predict_proba(vertices), 0.5, atol=1e-3)


def test_decision_boundary_samples_a_grid_of_the_asked_resolution_around_the_data() -> None:
    features = np.array([[0.0, 0.0], [1.0, 2.0], [0.5, 1.0]])
    model = RecordingModel()
    plotting.plot_decision_boundary(model, features, [0, 1, 1], resolution=7)
    (grid,) = model.calls
    assert grid.shape == (49, 2)
    np.testing.assert_allclose(grid.min(axis=0), [-0.1, -0.2])
    np.testing.assert_allclose(grid.max(axis=0), [1.1, 2.2])


class TwoColumnModel:
    """Probabilities of both classes, one column each, as scikit-learn's classifiers give."""

    def predict_proba(self, X):
        probability = trained_logistic().predict_proba(X)
        return np.column_stack([1.0 - probability, probability])


def test_decision_boundary_accepts_two_column_probabilities_like_scikit_learn() -> None:
    features, labels = make_two_classes(40, seed=1)
    ax = plotting.plot_decision_boundary(
        TwoColumnModel(), features, labels, class_names=["cat", "dog"], resolution=30
    )
    np.testing.assert_array_equal(ax.collections[1].levels, [0.5])
    vertices = np.concatenate([path.vertices for path in ax.collections[1].get_paths()])
    np.testing.assert_allclose(trained_logistic().predict_proba(vertices), 0.5, atol=1e-3)
    assert ax.figure.axes[1].get_ylabel() == "P(dog)"
    assert ax.get_legend().get_texts()[0].get_text() == "cat (label 0)"


def test_multi_class_decision_regions_one_per_class_with_markers() -> None:
    features, labels = make_classes(60, n_classes=3, seed=0)
    ax = plotting.plot_decision_boundary(
        three_class_model(), features, labels, class_names=["a", "b", "c"], resolution=40
    )
    scatters = ax.collections[-3:]
    for label, scatter in enumerate(scatters):
        np.testing.assert_array_equal(scatter.get_offsets(), features[labels == label])
    assert len({scatter.get_paths()[0] for scatter in scatters}) == 3
    regions = ax.collections[:-3]
    assert len(regions) == 6  # a region and a border per class
    assert len(ax.figure.axes) == 1  # no colour bar: the classes are in the legend
    assert [text.get_text() for text in ax.get_legend().get_texts()] == [
        "a (label 0)",
        "b (label 1)",
        "c (label 2)",
    ]


def test_decision_boundary_of_a_model_that_never_crosses_one_half() -> None:
    features = np.array([[0.0, 0.0], [1.0, 1.0]])
    ax = plotting.plot_decision_boundary(RecordingModel(0.8), features, [0, 1], resolution=5)
    assert len(ax.collections) == 3  # the shading and two classes, no boundary line


def test_decision_boundary_does_not_change_its_inputs() -> None:
    features, labels = make_two_classes(20, seed=4)
    features_copy, labels_copy = features.copy(), labels.copy()
    plotting.plot_decision_boundary(trained_logistic(), features, labels, resolution=10)
    np.testing.assert_array_equal(features, features_copy)
    np.testing.assert_array_equal(labels, labels_copy)


class NoProbabilities:
    def forward(self, X):
        return np.zeros(len(X))


class BadProbabilities:
    def predict_proba(self, X):
        return np.full(len(X), 1.5)


@pytest.mark.parametrize(
    ("model", "features", "labels", "options", "error", "match"),
    [
        (NoProbabilities(), [[0.0, 0.0]], [0], {}, TypeError, "model must have a predict_proba"),
        (None, np.zeros((3, 3)), [0, 1, 0], {}, ValueError, r"features must have shape"),
        (None, np.zeros(3), [0, 1, 0], {}, ValueError, r"features must have shape"),
        (None, [[0.0, np.nan]], [0], {}, ValueError, "features must contain only finite"),
        (None, [["a", "b"]], [0], {}, TypeError, "features must be an array of real"),
        (None, np.zeros((3, 2)), [0, 1], {}, ValueError, r"labels must have shape \(3,\)"),
        (None, np.zeros((2, 2)), [0.0, 1.0], {}, TypeError, "labels must be integers"),
        (None, np.zeros((2, 2)), [0, -1], {}, ValueError, "labels must be at least 0"),
        (None, np.zeros((2, 2)), [0, 2], {}, ValueError, r"labels must lie in \[0, 2\)"),
        (None, np.zeros((2, 2)), [0, 1], {"resolution": 1}, ValueError, "resolution"),
        (None, np.zeros((2, 2)), [0, 1], {"resolution": 2.5}, TypeError, "resolution"),
        (None, np.zeros((2, 2)), [0, 1], {"class_names": ["a"]}, ValueError, "class_names"),
        (None, np.zeros((2, 2)), [0, 1], {"class_names": "ab"}, TypeError, "class_names"),
        (None, np.zeros((2, 2)), [0, 1], {"feature_names": ["x"]}, ValueError, "feature_names"),
        (BadProbabilities(), np.zeros((2, 2)), [0, 1], {}, ValueError, r"in \[0, 1\]"),
    ],
)
def test_decision_boundary_refuses_bad_input(model, features, labels, options, error, match):
    model = trained_logistic() if model is None else model
    with pytest.raises(error, match=match):
        plotting.plot_decision_boundary(model, features, labels, **options)


# --- cost surface ----------------------------------------------------------------------


def test_cost_surface_draws_the_cost_on_the_grid_with_the_levels_and_mark() -> None:
    calls = []

    def recording_bowl(w, b):
        calls.append((w, b))
        return bowl(w, b)

    ax = plotting.plot_cost_surface(
        recording_bowl,
        (-1.0, 3.0),
        (-2.0, 1.0),
        resolution=9,
        levels=[0.0, 0.5, 2.0, 8.0, 32.0],
        mark=(1.0, -0.5),
        mark_label="minimum",
        xlabel="weight",
        ylabel="bias",
        cost_label="MSE",
    )
    assert len(calls) == 9 * 9 + 0
    assert all(isinstance(value, float) for pair in calls for value in pair)
    assert min(calls) == (-1.0, -2.0) and max(calls) == (3.0, 1.0)
    filled, lines = ax.collections
    np.testing.assert_array_equal(filled.levels, [0.0, 0.5, 2.0, 8.0, 32.0])
    np.testing.assert_array_equal(lines.levels, filled.levels)
    (mark,) = ax.get_lines()
    assert mark.get_xydata().tolist() == [[1.0, -0.5]]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("weight", "bias")
    assert ax.figure.axes[1].get_ylabel() == "MSE"
    assert ax.get_legend().get_texts()[0].get_text() == "minimum"
    assert ax.get_xlim() == (-1.0, 3.0) and ax.get_ylim() == (-2.0, 1.0)


def test_cost_surface_with_a_number_of_levels_and_no_mark() -> None:
    ax = plotting.plot_cost_surface(bowl, (-1, 3), (-2, 1), levels=5)
    assert 2 <= len(ax.collections[0].levels) <= 7
    assert ax.get_lines() == [] and ax.get_legend() is None


def test_cost_surface_in_3d() -> None:
    ax = plotting.plot_cost_surface(
        bowl, (-1, 3), (-2, 1), resolution=10, kind="surface", mark=(1.0, -0.5)
    )
    assert isinstance(ax, Axes3D)
    assert ax.get_zlabel() == "cost $J(w, b)$"
    (mark,) = ax.get_lines()
    x_mark, y_mark, z_mark = mark.get_data_3d()
    assert (x_mark[0], y_mark[0], z_mark[0]) == (1.0, -0.5, 0.0)
    assert ax.get_zlim()[1] == pytest.approx(bowl(-1.0, 1.0))


def test_cost_surface_in_3d_into_given_axes() -> None:
    figure = plt.figure()
    ax3d = figure.add_subplot(projection="3d")
    assert (
        plotting.plot_cost_surface(bowl, (0, 1), (0, 1), resolution=4, kind="surface", ax=ax3d)
        is ax3d
    )


def test_a_cost_that_is_flat_still_draws() -> None:
    ax = plotting.plot_cost_surface(lambda w, b: 1.0, (0, 1), (0, 1), resolution=4)
    assert len(ax.collections) >= 1


@pytest.mark.parametrize(
    ("arguments", "options", "error", "match"),
    [
        ((None, (0, 1), (0, 1)), {}, TypeError, "cost must be a function"),
        ((bowl, (0, np.inf), (0, 1)), {}, ValueError, "w_range must be a finite number"),
        ((bowl, (0, 1), (np.nan, 1)), {}, ValueError, "b_range must be a finite number"),
        ((bowl, (1, 0), (0, 1)), {}, ValueError, r"w_range must be increasing"),
        ((bowl, (0, 1, 2), (0, 1)), {}, ValueError, r"w_range must be a pair"),
        ((bowl, "01", (0, 1)), {}, TypeError, r"w_range must be a pair"),
        ((bowl, (0, "1"), (0, 1)), {}, TypeError, r"w_range must be a real number"),
        ((bowl, (0, 1), (0, 1)), {"resolution": 1}, ValueError, "resolution"),
        ((bowl, (0, 1), (0, 1)), {"levels": [2.0, 1.0]}, ValueError, "levels"),
        ((bowl, (0, 1), (0, 1)), {"levels": 0}, ValueError, "levels"),
        ((bowl, (0, 1), (0, 1)), {"mark": (1.0,)}, ValueError, "mark must be a pair"),
        ((bowl, (0, 1), (0, 1)), {"mark": (1.0, np.inf)}, ValueError, "mark must contain"),
        ((bowl, (0, 1), (0, 1)), {"kind": "wireframe"}, ValueError, "kind must be"),
        ((lambda w, b: np.nan, (0, 1), (0, 1)), {}, ValueError, "cost must be finite"),
        ((lambda w, b: [w, b], (0, 1), (0, 1)), {}, TypeError, "cost must return one"),
    ],
)
def test_cost_surface_refuses_bad_input(arguments, options, error, match) -> None:
    with pytest.raises(error, match=match):
        plotting.plot_cost_surface(*arguments, resolution=options.pop("resolution", 5), **options)


def test_cost_surface_refuses_axes_of_the_wrong_kind() -> None:
    flat_ax = plt.figure().add_subplot()
    with pytest.raises(TypeError, match=r"ax must be 3-D axes"):
        plotting.plot_cost_surface(bowl, (0, 1), (0, 1), kind="surface", ax=flat_ax)
    ax3d = plt.figure().add_subplot(projection="3d")
    with pytest.raises(TypeError, match=r"ax must be 2-D axes"):
        plotting.plot_cost_surface(bowl, (0, 1), (0, 1), ax=ax3d)


# --- cost slice ------------------------------------------------------------------------


def test_cost_slice_draws_the_cost_along_the_line_and_marks_the_point() -> None:
    point, direction = np.array([0.0, 1.0]), np.array([1.0, 0.0])
    ax = plotting.plot_cost_slice(
        double_well, point, direction, span=(-2.0, 2.0), resolution=9, label="w1"
    )
    curve, start = ax.get_lines()
    offsets = np.linspace(-2.0, 2.0, 9)
    np.testing.assert_array_equal(curve.get_xdata(), offsets)
    expected = [double_well(point + offset * direction) for offset in offsets]
    np.testing.assert_allclose(curve.get_ydata(), expected)
    assert start.get_xydata().tolist() == [[0.0, double_well(point)]]
    assert [text.get_text() for text in ax.get_legend().get_texts()] == [
        "w1",
        r"$\theta$ ($t = 0$)",
    ]
    # non-convex along this line: the middle is a bump between two valleys
    assert curve.get_ydata()[4] > curve.get_ydata()[2]


def test_cost_slice_through_model_parameters_as_dicts() -> None:
    features, labels = make_two_classes(20, seed=5)
    network = OneHiddenLayerNetwork(2, 3, link="sigmoid", seed=2)
    start = network.params
    start_copy = {name: value.copy() for name, value in start.items()}
    direction = {name: np.full_like(value, 0.5) for name, value in start.items()}
    seen = []

    def cost(params):
        seen.append(sorted(params))
        network.set_params(params)
        return float(np.mean((network.predict_proba(features) - labels) ** 2))

    ax = plotting.plot_cost_slice(cost, start, direction, span=(0.0, 1.0), resolution=3)
    assert seen[0] == sorted(start)
    expected = []
    for offset in (0.0, 0.5, 1.0):
        network.set_params({name: start_copy[name] + offset * direction[name] for name in start})
        expected.append(float(np.mean((network.predict_proba(features) - labels) ** 2)))
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), expected)
    for name in start:
        np.testing.assert_array_equal(start[name], start_copy[name])


def test_cost_slices_in_the_same_axes_differ_in_colour_and_style() -> None:
    ax = plotting.plot_cost_slice(double_well, [0.0, 0.0], [1.0, 0.0])
    plotting.plot_cost_slice(double_well, [0.0, 0.0], [0.0, 1.0], ax=ax)
    first, second = (line for line in ax.get_lines() if len(line.get_xdata()) > 1)
    assert first.get_color() != second.get_color()
    assert first.get_linestyle() != second.get_linestyle()


def test_cost_slice_without_zero_in_the_span_has_no_mark() -> None:
    ax = plotting.plot_cost_slice(double_well, [0.0, 0.0], [1.0, 0.0], span=(0.5, 2.0))
    assert len(ax.get_lines()) == 1
    assert ax.get_legend() is None


@pytest.mark.parametrize(
    ("cost", "point", "direction", "options", "error", "match"),
    [
        (None, [0.0], [1.0], {}, TypeError, "cost must be a function"),
        (double_well, [0.0, 0.0], [0.0, 0.0], {}, ValueError, "direction must not be zero"),
        (double_well, [0.0, 0.0], [1.0, 0.0, 0.0], {}, ValueError, "direction must have"),
        (double_well, [0.0, 0.0], [[1.0, 0.0]], {}, ValueError, "direction must have"),
        (double_well, [0.0, np.nan], [1.0, 0.0], {}, ValueError, "point must contain only"),
        (double_well, {"w": [0.0]}, [1.0], {}, TypeError, "point and direction must both"),
        (double_well, {"w": [0.0]}, {"v": [1.0]}, {}, ValueError, "direction must have"),
        (double_well, {}, {}, {}, ValueError, "point must not be an empty dict"),
        (double_well, [0.0, 0.0], [1.0, 0.0], {"span": (1, -1)}, ValueError, "span"),
        (double_well, [0.0, 0.0], [1.0, 0.0], {"span": (0, np.inf)}, ValueError, "span"),
        (double_well, [0.0, 0.0], [1.0, 0.0], {"resolution": 1}, ValueError, "resolution"),
        (lambda x: np.inf, [0.0], [1.0], {}, ValueError, "cost must be finite"),
        (lambda x: x, [0.0], [1.0], {}, TypeError, "cost must return one real number"),
    ],
)
def test_cost_slice_refuses_bad_input(cost, point, direction, options, error, match) -> None:
    with pytest.raises(error, match=match):
        plotting.plot_cost_slice(cost, point, direction, **options)


# --- chord -----------------------------------------------------------------------------


def test_chord_of_a_convex_function_lies_above_it() -> None:
    ax = plotting.plot_chord(np.exp, -1.0, 1.5, fraction=0.25, resolution=50)
    graph, chord, gap = ax.get_lines()
    np.testing.assert_allclose(graph.get_xdata(), np.linspace(-2.25, 2.75, 50))
    np.testing.assert_allclose(graph.get_ydata(), np.exp(graph.get_xdata()))
    np.testing.assert_allclose(chord.get_xydata(), [[-1.0, np.exp(-1.0)], [1.5, np.exp(1.5)]])
    (x_gap, _), (x_gap_again, _) = gap.get_xydata()
    assert x_gap == x_gap_again == pytest.approx(-0.375)
    on_curve, on_chord = gap.get_ydata()
    assert on_chord > on_curve
    assert on_chord == pytest.approx(0.75 * np.exp(-1.0) + 0.25 * np.exp(1.5))
    assert (graph.get_linestyle(), chord.get_linestyle()) == ("-", "--")


def test_chord_of_a_concave_function_lies_below_it_and_the_gap_is_negative() -> None:
    ax = plotting.plot_chord(np.sin, 0.5, 2.5, domain=(0.0, 3.0))
    on_curve, on_chord = ax.get_lines()[2].get_ydata()
    assert on_chord < on_curve
    assert "\N{MINUS SIGN}" in ax.get_legend().get_texts()[2].get_text()
    assert ax.get_lines()[0].get_xdata()[[0, -1]].tolist() == [0.0, 3.0]


@pytest.mark.parametrize(
    ("function", "x_left", "x_right", "options", "error", "match"),
    [
        ("exp", 0.0, 1.0, {}, TypeError, "function must be a function"),
        (np.exp, 1.0, 1.0, {}, ValueError, "x_left and x_right must be increasing"),
        (np.exp, 0.0, np.inf, {}, ValueError, "x_left and x_right must be a finite"),
        (np.exp, "0", 1.0, {}, TypeError, "x_left and x_right must be a real number"),
        (np.exp, 0.0, 1.0, {"fraction": 1.5}, ValueError, "fraction"),
        (np.exp, 0.0, 1.0, {"domain": (0.5, 2.0)}, ValueError, "domain must contain"),
        (np.exp, 0.0, 1.0, {"domain": (2.0, 0.0)}, ValueError, "domain must be increasing"),
        (np.exp, 0.0, 1.0, {"resolution": 0}, ValueError, "resolution"),
        (np.log, -1.0, 1.0, {}, ValueError, "function must be finite"),
    ],
)
def test_chord_refuses_bad_input(function, x_left, x_right, options, error, match) -> None:
    with np.errstate(invalid="ignore", divide="ignore"), pytest.raises(error, match=match):
        plotting.plot_chord(function, x_left, x_right, **options)
