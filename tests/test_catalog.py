"""Tests that iterate over lossbook.catalog: a loss is tested the moment it is listed.

For every entry: the catalog matches the package, the gradient matches central
finite differences, the reductions agree, bad input is refused with a message
that names the argument, no input array is modified, the gradient of 'none' is
the gradient of 'sum', and the loss is smallest where the entry says. Then the
docstrings of every public name are checked for a formula, notes and examples.
"""

from __future__ import annotations

import inspect
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lossbook
from lossbook import catalog
from lossbook.catalog import CATALOG

REDUCTIONS = ("mean", "sum", "none")
KINDS = {"regression", "classification", "distribution"}
TARGETS = {"value", "count", "probability", "sign", "label", "distribution"}
PREDICTIONS = {"value", "probability", "logit", "log-rate", "score", "distribution"}
MINIMA = {"zero", "zero-loss", "stationary", "margin", "unreached"}
LIBRARY_FIELDS = ("pytorch", "keras", "optax", "sklearn")

for_each_entry = pytest.mark.parametrize("entry", CATALOG, ids=catalog.names())


def all_settings(entry) -> list[dict]:
    """The entry's defaults, then each variant on top of them."""
    return [dict(entry.defaults)] + [{**entry.defaults, **variant} for variant in entry.variants]


def prediction_name(entry) -> str:
    """The name of the loss's second argument: y_pred, logits or scores."""
    return list(inspect.signature(entry.function).parameters)[1]


def shapes(entry) -> st.SearchStrategy[tuple[int, ...]]:
    """Prediction shapes: (n,) or (n, m) per element; (n, K) or (n, m, K) per row."""
    samples = st.integers(1, 4)
    middle = st.lists(st.integers(1, 3), max_size=1).map(tuple)
    if entry.class_axis:
        classes = st.integers(2, 4)
        return st.tuples(samples, middle, classes).map(lambda n: (n[0], *n[1], n[2]))
    return st.tuples(samples, middle).map(lambda n: (n[0], *n[1]))


def make_weights(rng: np.random.Generator, n_samples: int) -> np.ndarray:
    """Non-negative weights, one of them 0 now and then, never all 0."""
    weights = rng.uniform(0.1, 2.0, n_samples)
    if n_samples > 1 and rng.random() < 0.3:
        weights[rng.integers(n_samples)] = 0.0
    return weights


def call(function, y_true, y_pred, hyper, reduction, weights):
    return function(y_true, y_pred, **hyper, reduction=reduction, sample_weight=weights)


# --- (a) the catalog matches the package ----------------------------------------------


def two_argument_losses() -> set[str]:
    """Public functions with a ``_grad`` partner, two positional arguments, then keywords."""
    found = set()
    for name in lossbook.__all__:
        function = getattr(lossbook, name)
        if not inspect.isfunction(function) or f"{name}_grad" not in lossbook.__all__:
            continue
        parameters = list(inspect.signature(function).parameters.values())
        positional = [p for p in parameters if p.kind is p.POSITIONAL_OR_KEYWORD]
        keywords = [p for p in parameters if p.kind is p.KEYWORD_ONLY]
        if len(positional) == 2 and len(positional) + len(keywords) == len(parameters):
            found.add(name)
    return found


def test_every_loss_has_an_entry_and_every_entry_is_a_loss():
    assert set(catalog.names()) == two_argument_losses()
    assert len(CATALOG) == len(set(catalog.names()))


@for_each_entry
def test_entry_describes_its_own_function(entry):
    assert entry.function is getattr(lossbook, entry.name)
    assert entry.gradient is getattr(lossbook, f"{entry.name}_grad")
    assert catalog.get(entry.name) is entry
    loss_parameters = inspect.signature(entry.function).parameters
    grad_parameters = inspect.signature(entry.gradient).parameters
    for name, parameter in loss_parameters.items():  # the gradient takes the same arguments
        assert grad_parameters[name].default == parameter.default
        assert grad_parameters[name].kind == parameter.kind
    for name, value in entry.defaults.items():
        assert loss_parameters[name].kind is inspect.Parameter.KEYWORD_ONLY
        if loss_parameters[name].default is not inspect.Parameter.empty:
            assert value == loss_parameters[name].default
    required = {
        name
        for name, parameter in loss_parameters.items()
        if parameter.kind is parameter.KEYWORD_ONLY and parameter.default is parameter.empty
    }
    assert required <= set(entry.defaults)
    varied = [name for variant in entry.variants for name in variant]
    refused = [name for name, _ in entry.bad_hyper_parameters]
    for name in [*varied, *refused]:  # every hyper-parameter the tests touch has a default
        assert name in entry.defaults, name


@for_each_entry
def test_entry_fields_are_clean(entry):
    assert entry.kind in KINDS
    assert entry.target in TARGETS
    assert entry.prediction in PREDICTIONS
    assert entry.minimum in MINIMA
    assert isinstance(entry.class_axis, bool)
    assert entry.class_axis == (entry.target in {"label", "distribution"})
    texts = [entry.formula, entry.gradient_formula, entry.use]
    texts += [getattr(entry, field) for field in LIBRARY_FIELDS]
    for text in texts:
        assert isinstance(text, str) and text
        assert text == text.strip() and "\n" not in text and "  " not in text, text
    for latex in (entry.formula, entry.gradient_formula):
        assert latex.count("{") == latex.count("}"), latex
        assert "$" not in latex
    assert entry.use.endswith(".") and entry.use[0].isupper()
    assert 1 <= entry.use.count(". ") + 1 <= 2
    for field in LIBRARY_FIELDS:
        text = getattr(entry, field)
        assert text == "none" or "(" in text, (field, text)
    with pytest.raises(TypeError):
        entry.defaults["new"] = 1.0  # read-only
    with pytest.raises(AttributeError):
        entry.name = "other"  # frozen


def test_catalog_order_and_lookup():
    kinds = [entry.kind for entry in CATALOG]
    assert kinds == sorted(kinds, key=lambda kind: kind != "regression")  # chapter 3, then 4
    assert catalog.names()[:2] == ("mse", "mae")
    with pytest.raises(KeyError, match="no loss called 'cross_entropy'"):
        catalog.get("cross_entropy")


@for_each_entry
def test_sample_maker_gives_valid_inputs(entry):
    rng = np.random.default_rng(0)
    for hyper in all_settings(entry):
        for shape in ((5, 3), (2, 2, 4)) if entry.class_axis else ((6,), (3, 2)):
            y_true, y_pred = entry.sample(rng, shape, **hyper)
            assert y_pred.shape == shape and y_pred.dtype == np.float64
            assert y_true.shape == (shape[:-1] if entry.target == "label" else shape)
            losses = call(entry.function, y_true, y_pred, hyper, "none", None)
            assert np.isfinite(losses).all()


# --- (b) gradients against central finite differences ---------------------------------


def finite_differences(entry, y_true, y_pred, hyper, reduction, weights) -> np.ndarray:
    """Central differences of the reduced loss (the sum for 'none') in each prediction."""

    def total(prediction):
        value = call(entry.function, y_true, prediction, hyper, reduction, weights)
        return float(np.sum(value))

    # Distributions may leave the simplex by less than its tolerance of 1e-6.
    relative = 1e-7 if entry.prediction == "distribution" else 1e-6
    gradient = np.empty_like(y_pred)
    for index in np.ndindex(y_pred.shape):
        step = relative * max(1.0, abs(y_pred[index]))
        up, down = y_pred.copy(), y_pred.copy()
        up[index] += step
        down[index] -= step
        gradient[index] = (total(up) - total(down)) / (up[index] - down[index])
    return gradient


@for_each_entry
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@settings(max_examples=6, deadline=None)
@given(data=st.data())
def test_gradient_matches_finite_differences(entry, reduction, weighted, data):
    shape = data.draw(shapes(entry), label="shape")
    hyper = data.draw(st.sampled_from(all_settings(entry)), label="hyper")
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1), label="seed"))
    y_true, y_pred = entry.sample(rng, shape, **hyper)
    weights = make_weights(rng, shape[0]) if weighted else None
    gradient = call(entry.gradient, y_true, y_pred, hyper, reduction, weights)
    assert gradient.shape == y_pred.shape and gradient.dtype == np.float64
    numeric = finite_differences(entry, y_true, y_pred, hyper, reduction, weights)
    scale = max(1.0, float(np.abs(gradient).max()))
    np.testing.assert_allclose(gradient, numeric, rtol=1e-5, atol=2e-6 * scale)


# --- (c) reductions agree --------------------------------------------------------------


@for_each_entry
@settings(max_examples=8, deadline=None)
@given(data=st.data())
def test_reductions_agree(entry, data):
    shape = data.draw(shapes(entry), label="shape")
    hyper = data.draw(st.sampled_from(all_settings(entry)), label="hyper")
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1), label="seed"))
    y_true, y_pred = entry.sample(rng, shape, **hyper)
    weights = make_weights(rng, shape[0])
    plain = call(entry.function, y_true, y_pred, hyper, "none", None)
    assert plain.shape == (shape[:-1] if entry.class_axis else shape)
    per_sample = plain.size // shape[0]
    for sample_weight in (None, weights):
        losses = call(entry.function, y_true, y_pred, hyper, "none", sample_weight)
        total = call(entry.function, y_true, y_pred, hyper, "sum", sample_weight)
        mean = call(entry.function, y_true, y_pred, hyper, "mean", sample_weight)
        assert type(total) is float and type(mean) is float
        if sample_weight is None:
            np.testing.assert_array_equal(losses, plain)
            denominator = plain.size
        else:
            expanded = sample_weight.reshape((-1,) + (1,) * (plain.ndim - 1))
            np.testing.assert_allclose(losses, expanded * plain, rtol=1e-15)
            denominator = sample_weight.sum() * per_sample
        assert total == pytest.approx(float(losses.sum()), rel=1e-13, abs=1e-300)
        assert mean == pytest.approx(float(losses.sum()) / denominator, rel=1e-13, abs=1e-300)


# --- (d) bad input ---------------------------------------------------------------------

N_SAMPLES, N_CLASSES = 4, 3


def valid_inputs(entry) -> tuple[np.ndarray, np.ndarray, dict]:
    shape = (N_SAMPLES, N_CLASSES) if entry.class_axis else (N_SAMPLES,)
    y_true, y_pred = entry.sample(np.random.default_rng(7), shape, **entry.defaults)
    return y_true, y_pred, dict(entry.defaults)


def planted(array: np.ndarray, value) -> np.ndarray:
    """A float copy of ``array`` with ``value`` in its first element.

    The value ``"half"`` halves the first row instead, so that it sums to 0.5.
    """
    copy = array.astype(np.float64)
    if isinstance(value, str):
        copy[0] *= 0.5
    else:
        copy.flat[0] = value
    return copy


def bad_value_cases(entry) -> list[tuple[str, str, object]]:
    """(case id, argument, value planted into it) for the bad values that apply."""
    cases = []
    for argument, kind in (("y_true", entry.target), ("y_pred", entry.prediction)):
        cases += [(f"nan-{argument}", argument, np.nan), (f"inf-{argument}", argument, np.inf)]
        cases.append((f"-inf-{argument}", argument, -np.inf))
        out_of_range = {
            "count": [-1.0],
            "probability": [1.5, -0.5],
            "sign": [0.0, 0.5, 2.0],
            "label": [float(N_CLASSES), -1.0, 0.5, 1e30],
            "distribution": [1.5, -0.2, "half"],
            "log-rate": [800.0],
        }.get(kind, [])
        cases += [(f"{kind}-{value!r}-{argument}", argument, value) for value in out_of_range]
    return cases


def bad_cases(entry):
    """(case id, y_true, y_pred, hyper, reduction, sample_weight, argument names)."""
    y_true, y_pred, hyper = valid_inputs(entry)
    second = prediction_name(entry)
    names = {"y_true": "y_true", "y_pred": second}
    cases = []
    both = f"(y_true|{second})"
    cases.append(("shape-pred-extra-axis", y_true, y_pred[..., np.newaxis], hyper, both))
    cases.append(("shape-true-extra-axis", y_true[..., np.newaxis], y_pred, hyper, both))
    empty_pred = np.empty((0, *y_pred.shape[1:]))
    empty_true = np.empty((0, *y_true.shape[1:]), dtype=y_true.dtype)
    cases.append(("empty", empty_true, empty_pred, hyper, both))
    cases.append(("string-y_true", y_true.astype(str), y_pred, hyper, "y_true"))
    cases.append(("string-pred", y_true, y_pred.astype(str), hyper, second))
    cases.append(("object-pred", y_true, y_pred.astype(object), hyper, second))
    cases.append(("object-y_true", y_true.astype(object), y_pred, hyper, "y_true"))
    for case_id, argument, value in bad_value_cases(entry):
        if argument == "y_true":
            cases.append((case_id, planted(y_true, value), y_pred, hyper, "y_true"))
        else:
            cases.append((case_id, y_true, planted(y_pred, value), hyper, names[argument]))
    for name, value in entry.bad_hyper_parameters:
        cases.append((f"{name}={value!r}", y_true, y_pred, {**hyper, name: value}, name))
    rows = [
        (case_id, true, pred, hyper_values, "mean", None, match)
        for case_id, true, pred, hyper_values, match in cases
    ]
    weights = np.ones(N_SAMPLES)
    for reduction in ("average", "MEAN", None):
        rows.append(
            (f"reduction={reduction!r}", y_true, y_pred, hyper, reduction, None, "reduction")
        )
    for case_id, bad_weights in (
        ("negative-weight", planted(weights, -1.0)),
        ("nan-weight", planted(weights, np.nan)),
        ("short-weights", weights[:2]),
        ("2d-weights", weights[np.newaxis]),
        ("string-weights", weights.astype(str)),
    ):
        rows.append((case_id, y_true, y_pred, hyper, "mean", bad_weights, "sample_weight"))
    return rows


BAD_CASES = [
    pytest.param(entry, *case[1:], id=f"{entry.name}-{case[0]}")
    for entry in CATALOG
    for case in bad_cases(entry)
]


@pytest.mark.parametrize(
    ("entry", "y_true", "y_pred", "hyper", "reduction", "sample_weight", "argument"), BAD_CASES
)
def test_bad_input_is_refused_naming_the_argument(
    entry, y_true, y_pred, hyper, reduction, sample_weight, argument
):
    for function in (entry.function, entry.gradient):
        with pytest.raises((ValueError, TypeError), match=rf"\b{argument}\b") as caught:
            call(function, y_true, y_pred, hyper, reduction, sample_weight)
        assert type(caught.value) in (ValueError, TypeError)


# --- (e) inputs are never modified -----------------------------------------------------


@for_each_entry
def test_no_input_array_is_modified(entry):
    rng = np.random.default_rng(3)
    shape = (3, 2, 4) if entry.class_axis else (3, 4)
    for hyper in all_settings(entry):
        y_true, y_pred = entry.sample(rng, shape, **hyper)
        weights = make_weights(rng, shape[0])
        originals = [array.copy() for array in (y_true, y_pred, weights)]
        frozen = [array.copy() for array in (y_true, y_pred, weights)]
        for array in frozen:  # a write into one of these raises
            array.flags.writeable = False
        for function in (entry.function, entry.gradient):
            for reduction in REDUCTIONS:
                for sample_weight in (None, weights):
                    call(function, y_true, y_pred, hyper, reduction, sample_weight)
                call(function, frozen[0], frozen[1], hyper, reduction, frozen[2])
        for array, original in zip((y_true, y_pred, weights), originals, strict=True):
            np.testing.assert_array_equal(array, original)
            assert array.dtype == original.dtype


# --- (f) the gradient of 'none' is the gradient of 'sum' -------------------------------


@for_each_entry
@settings(max_examples=6, deadline=None)
@given(data=st.data())
def test_gradient_of_none_is_gradient_of_sum(entry, data):
    shape = data.draw(shapes(entry), label="shape")
    hyper = data.draw(st.sampled_from(all_settings(entry)), label="hyper")
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1), label="seed"))
    y_true, y_pred = entry.sample(rng, shape, **hyper)
    for weights in (None, make_weights(rng, shape[0])):
        np.testing.assert_array_equal(
            call(entry.gradient, y_true, y_pred, hyper, "none", weights),
            call(entry.gradient, y_true, y_pred, hyper, "sum", weights),
        )


# --- (g) the loss is smallest where the entry says -------------------------------------


def hard_targets(entry, rng, shape) -> np.ndarray:
    """Targets that a prediction can match exactly: labels rather than soft labels."""
    if entry.target == "probability":
        return rng.integers(0, 2, shape).astype(np.float64)
    if entry.target == "sign":
        return rng.choice([-1.0, 1.0], shape)
    if entry.target == "label":
        return rng.integers(0, shape[-1], shape[:-1])
    if entry.target == "distribution":
        return np.eye(shape[-1])[rng.integers(0, shape[-1], shape[:-1])]
    if entry.target == "count":
        return rng.integers(1, 20, shape).astype(np.float64)
    return rng.normal(0.0, 3.0, shape)


def matching_prediction(entry, y_true: np.ndarray, hyper: dict, scale: float = 1.0):
    """The prediction that agrees with ``y_true`` (``scale`` times the margin for scores)."""
    if entry.prediction == "log-rate":
        return np.log(y_true)
    if entry.target == "label":  # the margin on the true class, 0 on the others
        return scale * hyper.get("margin", 1.0) * np.eye(N_CLASSES)[y_true]
    return scale * y_true


@for_each_entry
def test_minimum(entry):
    rng = np.random.default_rng(11)
    shape = (5, N_CLASSES) if entry.class_axis else (5, 2)
    hyper = dict(entry.defaults)
    y_true = hard_targets(entry, rng, shape)

    def loss(prediction):
        return call(entry.function, y_true, prediction, hyper, "none", None)

    def gradient(prediction):
        return call(entry.gradient, y_true, prediction, hyper, "sum", None)

    if entry.minimum in ("zero", "margin", "zero-loss"):
        for scale in (1.0, 2.0) if entry.minimum == "margin" else (1.0,):
            best = matching_prediction(entry, y_true, hyper, scale)
            np.testing.assert_array_equal(loss(best), 0.0)
            if entry.minimum != "zero-loss":
                np.testing.assert_array_equal(gradient(best), 0.0)
    if entry.minimum == "zero-loss":
        # The partial derivatives are not 0, but no move inside the simplex lowers the
        # loss: along e_j - e_y (from the true class y to any other j) the slope is >= 0.
        best = matching_prediction(entry, y_true, hyper)
        slopes = gradient(best) - np.sum(gradient(best) * y_true, axis=-1, keepdims=True)
        assert (slopes >= 0.0).all()
    if entry.minimum == "stationary":
        best = matching_prediction(entry, y_true, hyper)
        np.testing.assert_allclose(gradient(best), 0.0, atol=1e-13 * np.abs(y_true).max())
        for step in (-0.1, 0.1):
            assert (loss(best + step) > loss(best)).all()
    if entry.minimum == "unreached":
        signs = 2.0 * y_true - 1.0 if entry.target == "probability" else None
        losses = []
        for size in (1.0, 5.0, 10.0, 20.0):
            logits = size * signs if signs is not None else size * np.eye(shape[-1])[y_true]
            losses.append(loss(logits))
        losses = np.array(losses)
        assert (losses > 0.0).all() and (np.diff(losses, axis=0) < 0.0).all()


@for_each_entry
def test_one_sample_without_a_sample_axis(entry):
    """A single number (a single row for the class-axis losses) works like a batch of one."""
    rng = np.random.default_rng(5)
    shape = (N_CLASSES,) if entry.class_axis else ()
    for hyper in all_settings(entry):
        y_true, y_pred = entry.sample(rng, shape, **hyper)
        for reduction in REDUCTIONS:
            for function in (entry.function, entry.gradient):
                single = call(function, y_true, y_pred, hyper, reduction, None)
                batch = call(function, y_true[None], y_pred[None], hyper, reduction, None)
                assert np.shape(single) == np.shape(batch)[1:]
                np.testing.assert_array_equal(np.reshape(single, -1), np.reshape(batch, -1))
    if entry.minimum in ("zero", "margin"):  # 0/0 at a perfect prediction gives 0 here too
        target = hard_targets(entry, rng, shape)
        best = matching_prediction(entry, target, dict(entry.defaults))
        assert call(entry.function, target, best, entry.defaults, "sum", None) == 0.0
        np.testing.assert_array_equal(
            call(entry.gradient, target, best, entry.defaults, "sum", None), 0.0
        )
    if entry.class_axis and entry.prediction == "logit":  # a spread beyond the float range
        logits = np.array([1e308, -1e308, 0.0])
        assert call(entry.function, 0, logits, entry.defaults, "sum", None) == 0.0


# --- docstrings of every public name ---------------------------------------------------

PUBLIC = [name for name in lossbook.__all__ if name != "__version__"]


@pytest.mark.parametrize("name", [*PUBLIC, "catalog.get", "catalog.names", "catalog.LossEntry"])
def test_docstring_has_formula_notes_and_examples(name):
    owner = catalog if name.startswith("catalog.") else lossbook
    obj = getattr(owner, name.removeprefix("catalog."))
    doc = inspect.getdoc(obj) or ""
    assert re.search(r"^Examples\n--------$", doc, re.MULTILINE), name
    examples = doc.split("Examples\n--------", 1)[1]
    assert ">>>" in examples, name
    if owner is lossbook:
        assert ".. math::" in doc, name
        assert re.search(r"^Notes\n-----$", doc, re.MULTILINE), name
