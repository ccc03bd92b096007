r"""The catalog of lossbook's losses: one entry per loss, as data.

Each :class:`LossEntry` holds a loss, its gradient and what a reader (or a
test) needs to know about it: what the targets and the predictions are, the
per-sample formula and its gradient in LaTeX, when to use the loss, what it
is called in PyTorch, Keras, optax and scikit-learn, its default
hyper-parameters, and a maker of valid sample inputs.

The tests iterate over :data:`CATALOG`, so a loss is checked (gradient
against finite differences, reductions, bad input, minimum) the moment it
is listed here; the book's loss atlas renders its table from the same
entries. The vocabulary of the short fields:

``kind``
    ``'regression'`` (predict a number), ``'classification'`` (predict a
    class) or ``'distribution'`` (compare two probability distributions).
``target``
    What ``y_true`` holds: ``'value'`` (any real number), ``'count'``
    (a non-negative number of events), ``'probability'`` (in [0, 1]: labels
    0 and 1, or soft labels), ``'sign'`` (a label -1 or +1), ``'label'``
    (an integer class index) or ``'distribution'`` (rows that sum to 1).
``prediction``
    What the second argument holds: ``'value'``, ``'probability'``,
    ``'logit'``, ``'log-rate'``, ``'score'`` or ``'distribution'``.
``minimum``
    Where the loss is smallest, for the tests and the atlas:
    ``'zero'``: the loss and its gradient are 0 where the prediction equals
    the target (for 0/1 labels, a probability equal to the label);
    ``'zero-loss'``: the loss is 0 there, but its partial derivatives are
    not, because they ignore that a distribution must sum to 1 (no step
    that keeps it a distribution lowers the loss);
    ``'stationary'``: the gradient is 0 at the prediction that matches the
    target (the target itself, or its log for a log-rate) but the loss is not;
    ``'margin'``: the loss and its gradient are 0 once the score of the true
    class beats the others by the margin;
    ``'unreached'``: the loss approaches 0 as the logits grow in the right
    direction, and never gets there.

Examples
--------
>>> from lossbook import catalog
>>> len(catalog.CATALOG)
17
>>> catalog.names()[:4]
('mse', 'mae', 'huber', 'smooth_l1')
>>> entry = catalog.get("huber")
>>> entry.kind, entry.target, entry.prediction
('regression', 'value', 'value')
>>> dict(entry.defaults)
{'delta': 1.0}
>>> entry.function([0.0, 0.0], [0.5, 3.0], **entry.defaults, reduction="none").tolist()
[0.125, 2.5]
>>> print(entry.pytorch)
nn.HuberLoss(delta=1.0); F.huber_loss(input, target): prediction first
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np

from lossbook import classification, regression
from lossbook.activations import softmax

__all__ = ["CATALOG", "LossEntry", "get", "names"]

#: A sample maker: ``(rng, shape, **hyper_parameters) -> (y_true, y_pred)``.
SampleMaker = Callable[..., tuple[np.ndarray, np.ndarray]]


@dataclass(frozen=True, eq=False)
class LossEntry:
    r"""One loss of lossbook, described for the tests and the book's atlas.

    Attributes
    ----------
    name : str
        The loss's name in lossbook, ``function.__name__``.
    function, gradient : callable
        The loss ``name`` and its gradient ``name_grad``.
    kind : str
        ``'regression'``, ``'classification'`` or ``'distribution'``.
    target : str
        What ``y_true`` holds (see the module's docstring for the vocabulary).
    prediction : str
        What the second argument holds.
    class_axis : bool
        True when the classes lie on the last axis and the loss is one value
        per row; False when it is one value per element.
    formula, gradient_formula : str
        The per-sample loss and its derivative with respect to the prediction,
        in LaTeX (for math mode, without delimiters).
    use : str
        When to use the loss, in one or two sentences.
    pytorch, keras, optax, sklearn : str
        The loss's name and argument conventions in each library, or
        ``'none'`` where the library has no equivalent.
    defaults : mapping of str to object
        The keyword arguments the catalog calls the loss with: its own
        defaults, and a typical value for a required keyword (the variance of
        :func:`~lossbook.regression.gaussian_nll`).
    variants : tuple of mappings
        Other hyper-parameter settings the tests also run.
    bad_hyper_parameters : tuple of (str, object)
        Values of a keyword argument that the loss must refuse.
    minimum : str
        Where the loss is smallest (see the module's docstring).
    sample : callable
        ``sample(rng, shape, **hyper_parameters) -> (y_true, y_pred)``: valid
        inputs whose prediction has the given shape (classes last for the
        class-axis losses), away from kinks and from the edges of the valid
        range, so that finite differences approximate the gradient.

    Examples
    --------
    >>> import numpy as np
    >>> from lossbook.catalog import get
    >>> entry = get("softmax_cross_entropy")
    >>> entry.prediction, entry.class_axis
    ('logit', True)
    >>> y_true, logits = entry.sample(np.random.default_rng(0), (4, 3))
    >>> y_true.shape, logits.shape
    ((4,), (4, 3))
    >>> gradient = entry.gradient(y_true, logits, reduction="sum")
    >>> bool(np.abs(gradient.sum(axis=-1)).max() < 1e-15)  # each row sums to 0
    True
    """

    name: str
    function: Callable[..., Any]
    gradient: Callable[..., Any]
    kind: str
    target: str
    prediction: str
    class_axis: bool
    formula: str
    gradient_formula: str
    use: str
    pytorch: str
    keras: str
    optax: str
    sklearn: str
    defaults: Mapping[str, Any]
    variants: tuple[Mapping[str, Any], ...]
    bad_hyper_parameters: tuple[tuple[str, Any], ...]
    minimum: str
    sample: SampleMaker


# --- sample makers ---------------------------------------------------------------------
# Each returns (y_true, y_pred) for a prediction of the given shape, far enough from
# every kink of the loss (at least 5 % of the scale, against steps of about 1e-6 in the
# finite differences) and inside the valid range of each argument.


def _residual_sizes(rng: np.random.Generator, shape, kink: float | None = None) -> np.ndarray:
    """Sizes |y - y_hat| in [0.1, 3], moved away from ``kink`` (in units of ``kink``)."""
    scale = 1.0 if kink is None else kink
    sizes = scale * rng.uniform(0.1, 3.0, shape)
    if kink is not None:
        sizes = np.where(np.abs(sizes - kink) < 0.1 * kink, sizes + 0.2 * kink, sizes)
    return sizes


def _values(rng, shape, kink=None):
    """Real targets and predictions whose residuals keep away from 0 and from ``kink``."""
    y_true = rng.normal(0.0, 2.0, shape)
    signs = rng.choice([-1.0, 1.0], shape)
    return y_true, y_true - signs * _residual_sizes(rng, shape, kink)


def _sample_values(rng, shape, **_):
    return _values(rng, shape)


def _sample_huber(rng, shape, *, delta=1.0, **_):
    return _values(rng, shape, kink=delta)


def _sample_smooth_l1(rng, shape, *, beta=1.0, **_):
    return _values(rng, shape, kink=beta)


def _sample_poisson(rng, shape, *, log_input=True, **_):
    counts = rng.poisson(2.0, shape).astype(np.float64)
    if log_input:
        return counts, rng.uniform(-1.0, 2.0, shape)  # log-rates
    return counts, rng.uniform(0.2, 5.0, shape)  # rates


def _binary_targets(rng, shape):
    """Labels 0 and 1 half of the time, soft labels in [0, 1] otherwise."""
    if rng.random() < 0.5:
        return rng.integers(0, 2, shape).astype(np.float64)
    return rng.uniform(0.0, 1.0, shape)


def _sample_probabilities(rng, shape, **_):
    return _binary_targets(rng, shape), rng.uniform(0.05, 0.95, shape)


def _sample_logits(rng, shape, **_):
    return _binary_targets(rng, shape), rng.normal(0.0, 3.0, shape)


def _sample_signs(rng, shape, **_):
    """Labels -1 and +1, with margins y * score in [-2, 3] away from the kink at 1."""
    labels = rng.choice([-1.0, 1.0], shape)
    margins = rng.uniform(-2.0, 3.0, shape)
    margins = np.where(np.abs(margins - 1.0) < 0.1, margins + 0.2, margins)
    return labels, labels * margins


def _sample_distributions(rng, shape, **_):
    """Target rows (one-hot half of the time) and predicted rows well inside the simplex."""
    if rng.random() < 0.5:
        targets = np.eye(shape[-1])[rng.integers(0, shape[-1], shape[:-1])]
    else:
        targets = softmax(rng.normal(0.0, 1.0, shape))
    return targets, softmax(rng.normal(0.0, 1.0, shape))


def _sample_class_logits(rng, shape, **_):
    return rng.integers(0, shape[-1], shape[:-1]), rng.normal(0.0, 3.0, shape)


def _sample_class_scores(rng, shape, *, margin=1.0, **_):
    """Integer labels and scores whose margins keep away from the hinge's kinks.

    Within a row the scores are 0.3 * margin apart (a shuffled ladder, plus a
    jitter below 0.02 * margin and a shift per row), so no two rivals tie and
    no margin + s_j - s_y comes within 0.06 * margin of 0.
    """
    ladder = 0.3 * margin * np.arange(shape[-1], dtype=np.float64)
    scores = rng.permuted(np.broadcast_to(ladder, shape), axis=-1)
    scores = scores + rng.uniform(-0.01, 0.01, shape) * margin
    scores = scores + rng.normal(0.0, 1.0, (*shape[:-1], 1))
    return rng.integers(0, shape[-1], shape[:-1]), scores


# --- the entries -----------------------------------------------------------------------


def _entry(function, gradient, *, defaults=None, variants=(), **fields) -> LossEntry:
    """A LossEntry with read-only mappings and the name taken from the function."""
    return LossEntry(
        name=function.__name__,
        function=function,
        gradient=gradient,
        defaults=MappingProxyType(dict(defaults or {})),
        variants=tuple(MappingProxyType(dict(variant)) for variant in variants),
        **fields,
    )


_REGRESSION = (
    _entry(
        regression.mse,
        regression.mse_grad,
        kind="regression",
        target="value",
        prediction="value",
        class_axis=False,
        formula=r"(y - \hat y)^2",
        gradient_formula=r"2\,(\hat y - y)",
        use=(
            "The default for predicting a number when errors are roughly Gaussian: it "
            "fits the mean, and one large error can dominate the cost."
        ),
        pytorch="nn.MSELoss; F.mse_loss(input, target): prediction first",
        keras="keras.losses.MeanSquaredError(); 'none' averages over the last axis",
        optax="optax.losses.squared_error(predictions, targets): per element",
        sklearn="metrics.mean_squared_error(y_true, y_pred)",
        bad_hyper_parameters=(),
        minimum="zero",
        sample=_sample_values,
    ),
    _entry(
        regression.mae,
        regression.mae_grad,
        kind="regression",
        target="value",
        prediction="value",
        class_axis=False,
        formula=r"|y - \hat y|",
        gradient_formula=r"\operatorname{sign}(\hat y - y)",
        use=(
            "Predicting a number when outliers should not dominate: it fits the "
            "median, and its gradient has the same size for every error."
        ),
        pytorch="nn.L1Loss; F.l1_loss(input, target): prediction first",
        keras="keras.losses.MeanAbsoluteError()",
        optax="none",
        sklearn="metrics.mean_absolute_error(y_true, y_pred)",
        bad_hyper_parameters=(),
        minimum="zero",
        sample=_sample_values,
    ),
    _entry(
        regression.huber,
        regression.huber_grad,
        kind="regression",
        target="value",
        prediction="value",
        class_axis=False,
        formula=(
            r"\begin{cases} \tfrac12 (y - \hat y)^2 & |y - \hat y| \le \delta \\ "
            r"\delta\,(|y - \hat y| - \tfrac12 \delta) & |y - \hat y| > \delta \end{cases}"
        ),
        gradient_formula=r"\operatorname{clip}(\hat y - y, -\delta, \delta)",
        use=(
            "Regression with some outliers: squared error for small residuals, "
            "absolute error beyond delta, so no single point pulls harder than delta."
        ),
        pytorch="nn.HuberLoss(delta=1.0); F.huber_loss(input, target): prediction first",
        keras="keras.losses.Huber(delta=1.0)",
        optax="optax.losses.huber_loss(predictions, targets, delta=1.0)",
        sklearn="none",
        defaults={"delta": 1.0},
        variants=({"delta": 0.5}, {"delta": 2.0}),
        bad_hyper_parameters=(("delta", 0.0), ("delta", -1.0), ("delta", "1.0")),
        minimum="zero",
        sample=_sample_huber,
    ),
    _entry(
        regression.smooth_l1,
        regression.smooth_l1_grad,
        kind="regression",
        target="value",
        prediction="value",
        class_axis=False,
        formula=(
            r"\begin{cases} \tfrac12 (y - \hat y)^2 / \beta & |y - \hat y| < \beta \\ "
            r"|y - \hat y| - \tfrac12 \beta & |y - \hat y| \ge \beta \end{cases}"
        ),
        gradient_formula=r"\operatorname{clip}(\hat y - y, -\beta, \beta) / \beta",
        use=(
            "The Huber loss divided by its threshold, as in PyTorch and box regression "
            "for object detection: its linear part has slope 1 whatever beta."
        ),
        pytorch="nn.SmoothL1Loss(beta=1.0); beta=0 gives the L1 loss",
        keras="none",
        optax="none",
        sklearn="none",
        defaults={"beta": 1.0},
        variants=({"beta": 0.5}, {"beta": 2.0}),
        bad_hyper_parameters=(("beta", 0.0), ("beta", -1.0), ("beta", None)),
        minimum="zero",
        sample=_sample_smooth_l1,
    ),
    _entry(
        regression.log_cosh,
        regression.log_cosh_grad,
        kind="regression",
        target="value",
        prediction="value",
        class_axis=False,
        formula=r"\log\cosh(y - \hat y)",
        gradient_formula=r"\tanh(\hat y - y)",
        use=(
            "A smooth alternative to the Huber loss with delta 1: about half the "
            "squared error near 0 and the absolute error far away, with no threshold."
        ),
        pytorch="none",
        keras="keras.losses.LogCosh(); losses below about 1e-16 are lost to rounding",
        optax="optax.losses.log_cosh(predictions, targets)",
        sklearn="none",
        bad_hyper_parameters=(),
        minimum="zero",
        sample=_sample_values,
    ),
    _entry(
        regression.quantile_loss,
        regression.quantile_loss_grad,
        kind="regression",
        target="value",
        prediction="value",
        class_axis=False,
        formula=r"\max\bigl(\tau\,(y - \hat y),\ (\tau - 1)\,(y - \hat y)\bigr)",
        gradient_formula=(
            r"\begin{cases} -\tau & \hat y < y \\ 0 & \hat y = y \\ "
            r"1 - \tau & \hat y > y \end{cases}"
        ),
        use=(
            "Predicting a quantile rather than the mean, for prediction intervals or "
            "when under- and over-prediction cost differently; tau 0.5 gives the median."
        ),
        pytorch="none",
        keras="none",
        optax="none",
        sklearn="metrics.mean_pinball_loss(y_true, y_pred, alpha=tau)",
        defaults={"tau": 0.5},
        variants=({"tau": 0.1}, {"tau": 0.9}),
        bad_hyper_parameters=(("tau", 0.0), ("tau", 1.0), ("tau", 1.5), ("tau", "0.5")),
        minimum="zero",
        sample=_sample_values,
    ),
    _entry(
        regression.gaussian_nll,
        regression.gaussian_nll_grad,
        kind="regression",
        target="value",
        prediction="value",
        class_axis=False,
        formula=r"\tfrac12 \bigl(\log \sigma^2 + (y - \hat y)^2 / \sigma^2\bigr)",
        gradient_formula=r"(\hat y - y) / \sigma^2",
        use=(
            "Regression where the model also predicts its uncertainty: a variance "
            "per sample, learnt through the gradient with respect to var."
        ),
        pytorch="nn.GaussianNLLLoss(full=False, eps=1e-6)(input, target, var): clamps var",
        keras="none",
        optax="none",
        sklearn="none",
        defaults={"var": 1.0, "full": False},
        variants=({"var": 0.25}, {"var": 3.0, "full": True}),
        bad_hyper_parameters=(
            ("var", 0.0),
            ("var", -1.0),
            ("var", float("nan")),
            ("var", "1.0"),
            ("full", 1),
        ),
        minimum="stationary",
        sample=_sample_values,
    ),
    _entry(
        regression.poisson_nll,
        regression.poisson_nll_grad,
        kind="regression",
        target="count",
        prediction="log-rate",
        class_axis=False,
        formula=r"e^{\hat y} - y\,\hat y",
        gradient_formula=r"e^{\hat y} - y",
        use=(
            "Predicting counts (events, arrivals, clicks): the model outputs the log of "
            "a Poisson rate; with log_input=False it outputs the rate itself."
        ),
        pytorch="nn.PoissonNLLLoss(log_input=True, full=False); eps=1e-8 in the log of rates",
        keras="keras.losses.Poisson(): rates, 1e-7 added inside the log",
        optax="none",
        sklearn="metrics.mean_poisson_deviance(y_true, y_pred): rates, shifted and doubled",
        defaults={"log_input": True},
        variants=({"log_input": False},),
        bad_hyper_parameters=(("log_input", 1), ("log_input", "yes")),
        minimum="stationary",
        sample=_sample_poisson,
    ),
)

_CLASSIFICATION = (
    _entry(
        classification.binary_cross_entropy,
        classification.binary_cross_entropy_grad,
        kind="classification",
        target="probability",
        prediction="probability",
        class_axis=False,
        formula=r"-\bigl[y \log \hat y + (1 - y) \log(1 - \hat y)\bigr]",
        gradient_formula=r"\frac{\hat y - y}{\hat y\,(1 - \hat y)}",
        use=(
            "Two classes, or several independent yes/no labels, when the model "
            "already outputs probabilities; from logits prefer the logit form."
        ),
        pytorch="nn.BCELoss; F.binary_cross_entropy(input, target): log clamped at -100",
        keras="keras.losses.BinaryCrossentropy(): probabilities clipped to [1e-7, 1 - 1e-7]",
        optax="none",
        sklearn="metrics.log_loss(y_true, y_pred): clipped at the dtype's eps",
        bad_hyper_parameters=(),
        minimum="zero",
        sample=_sample_probabilities,
    ),
    _entry(
        classification.binary_cross_entropy_with_logits,
        classification.binary_cross_entropy_with_logits_grad,
        kind="classification",
        target="probability",
        prediction="logit",
        class_axis=False,
        formula=r"w_+\, y \operatorname{softplus}(-z) + (1 - y) \operatorname{softplus}(z)",
        gradient_formula=r"(1 - y)\,\sigma(z) - w_+\, y\, \sigma(-z)",
        use=(
            "The binary cross-entropy of a sigmoid output, computed from the logit so "
            "that it stays exact at any logit; pos_weight weighs the positives."
        ),
        pytorch=(
            "nn.BCEWithLogitsLoss(pos_weight); F.binary_cross_entropy_with_logits(input, target)"
        ),
        keras="keras.losses.BinaryCrossentropy(from_logits=True)",
        optax="optax.losses.sigmoid_binary_cross_entropy(logits, labels)",
        sklearn="none",
        defaults={"pos_weight": None},
        variants=({"pos_weight": 3.0},),
        bad_hyper_parameters=(("pos_weight", 0.0), ("pos_weight", -2.0), ("pos_weight", "2")),
        minimum="unreached",
        sample=_sample_logits,
    ),
    _entry(
        classification.categorical_cross_entropy,
        classification.categorical_cross_entropy_grad,
        kind="classification",
        target="distribution",
        prediction="distribution",
        class_axis=True,
        formula=r"-\sum_k y_k \log \hat y_k",
        gradient_formula=r"-y_k / \hat y_k",
        use=(
            "One class out of K, or soft targets, when the model outputs "
            "probabilities; it is the cross-entropy H(y, y_hat) between distributions."
        ),
        pytorch="F.nll_loss(log(y_pred), labels): log-probabilities, integer labels",
        keras="keras.losses.CategoricalCrossentropy(): clipped to [1e-7, 1 - 1e-7]",
        optax="none",
        sklearn="metrics.log_loss(labels, y_pred): integer labels, clipped at eps",
        bad_hyper_parameters=(),
        minimum="zero-loss",
        sample=_sample_distributions,
    ),
    _entry(
        classification.softmax_cross_entropy,
        classification.softmax_cross_entropy_grad,
        kind="classification",
        target="label",
        prediction="logit",
        class_axis=True,
        formula=(
            r"-\sum_k t_k \log \operatorname{softmax}(z)_k,"
            r"\quad t = (1 - \varepsilon)\, y + \varepsilon / K"
        ),
        gradient_formula=r"\operatorname{softmax}(z)_k - t_k",
        use=(
            "The standard loss for one class out of K from a network's logits; takes "
            "integer labels or target rows, class weights and label smoothing."
        ),
        pytorch="nn.CrossEntropyLoss(weight, label_smoothing); F.cross_entropy(input, target)",
        keras="keras.losses.SparseCategoricalCrossentropy(from_logits=True) for labels",
        optax="optax.losses.softmax_cross_entropy_with_integer_labels(logits, labels)",
        sklearn="none",
        defaults={"class_weight": None, "label_smoothing": 0.0},
        variants=({"label_smoothing": 0.1},),
        bad_hyper_parameters=(
            ("label_smoothing", -0.1),
            ("label_smoothing", 1.5),
            ("label_smoothing", "0.1"),
            ("class_weight", (1.0, 0.0)),
        ),
        minimum="unreached",
        sample=_sample_class_logits,
    ),
    _entry(
        classification.kl_divergence,
        classification.kl_divergence_grad,
        kind="distribution",
        target="distribution",
        prediction="distribution",
        class_axis=True,
        formula=r"\sum_k y_k \log(y_k / \hat y_k)",
        gradient_formula=r"-y_k / \hat y_k",
        use=(
            "How far a predicted distribution is from a target one, as in knowledge "
            "distillation and variational inference; 0 only when they agree."
        ),
        pytorch="F.kl_div(log(y_pred), y_true, reduction='batchmean'): log-probabilities first",
        keras="keras.losses.KLDivergence(): both arguments clipped to [1e-7, 1]",
        optax="optax.losses.kl_divergence(log_predictions, targets)",
        sklearn="none",
        bad_hyper_parameters=(),
        minimum="zero-loss",
        sample=_sample_distributions,
    ),
    _entry(
        classification.focal_loss,
        classification.focal_loss_grad,
        kind="classification",
        target="probability",
        prediction="logit",
        class_axis=False,
        formula=(
            r"\alpha_t (1 - p_t)^\gamma \bigl[y \operatorname{softplus}(-z) "
            r"+ (1 - y) \operatorname{softplus}(z)\bigr],"
            r"\quad 1 - p_t = y\,\sigma(-z) + (1 - y)\,\sigma(z)"
        ),
        gradient_formula=(
            r"\alpha_t (1 - p_t)^\gamma \Bigl[\sigma(z) - y + \gamma\,(1 - 2y)\,"
            r"\frac{\sigma(z)\,\sigma(-z)}{1 - p_t}\,\mathrm{BCE}(y, z)\Bigr]"
        ),
        use=(
            "Binary classification with many easy negatives, as in dense object "
            "detection: it scales the cross-entropy down on well-classified examples."
        ),
        pytorch="torchvision.ops.sigmoid_focal_loss(inputs, targets, alpha=0.25, gamma=2)",
        keras=(
            "keras.losses.BinaryFocalCrossentropy(from_logits=True); "
            "alpha only with apply_class_balancing=True"
        ),
        optax="optax.losses.sigmoid_focal_loss(logits, labels, alpha=None, gamma=2.0)",
        sklearn="none",
        defaults={"gamma": 2.0, "alpha": None},
        variants=({"gamma": 0.0}, {"gamma": 0.5, "alpha": 0.25}),
        bad_hyper_parameters=(
            ("gamma", -1.0),
            ("gamma", "2"),
            ("alpha", 1.5),
            ("alpha", -0.25),
        ),
        minimum="unreached",
        sample=_sample_logits,
    ),
    _entry(
        classification.hinge,
        classification.hinge_grad,
        kind="classification",
        target="sign",
        prediction="score",
        class_axis=False,
        formula=r"\max(0,\ 1 - y\,\hat y)",
        gradient_formula=r"-y\,[\,y\,\hat y < 1\,]",
        use=(
            "Two classes labelled -1 and +1 with a margin, as in linear support vector "
            "machines: correct answers beyond the margin cost nothing."
        ),
        pytorch="none",
        keras="keras.losses.Hinge(): maps labels 0 and 1 to -1 and +1",
        optax="optax.losses.hinge_loss(predictor_outputs, targets): prediction first",
        sklearn="metrics.hinge_loss(y_true, pred_decision): any two labels",
        bad_hyper_parameters=(),
        minimum="margin",
        sample=_sample_signs,
    ),
    _entry(
        classification.squared_hinge,
        classification.squared_hinge_grad,
        kind="classification",
        target="sign",
        prediction="score",
        class_axis=False,
        formula=r"\max(0,\ 1 - y\,\hat y)^2",
        gradient_formula=r"-2y \max(0,\ 1 - y\,\hat y)",
        use=(
            "A hinge with a continuous gradient, as in L2 support vector machines; it "
            "punishes large violations of the margin more than the plain hinge."
        ),
        pytorch="none",
        keras="keras.losses.SquaredHinge(): maps labels 0 and 1 to -1 and +1",
        optax="none",
        sklearn="svm.LinearSVC(loss='squared_hinge'): its default training loss",
        bad_hyper_parameters=(),
        minimum="margin",
        sample=_sample_signs,
    ),
    _entry(
        classification.multiclass_hinge,
        classification.multiclass_hinge_grad,
        kind="classification",
        target="label",
        prediction="score",
        class_axis=True,
        formula=r"\max\bigl(0,\ \Delta + \max_{j \ne y} s_j - s_y\bigr)",
        gradient_formula=(
            r"e_{j^*} - e_y \text{ if } \Delta + s_{j^*} - s_y > 0 \text{ else } 0,"
            r"\quad j^* = \arg\max_{j \ne y} s_j"
        ),
        use=(
            "One class out of K with a margin, as in multi-class support vector "
            "machines; Crammer-Singer charges the strongest rival, Weston-Watkins all."
        ),
        pytorch="nn.MultiMarginLoss(margin=1.0): Weston-Watkins divided by K",
        keras="keras.losses.CategoricalHinge(): one-hot targets, rival scores below 0 count as 0",
        optax="optax.losses.multiclass_hinge_loss(scores, labels): Crammer-Singer",
        sklearn="metrics.hinge_loss(y_true, pred_decision): Crammer-Singer",
        defaults={"method": "crammer_singer", "margin": 1.0},
        variants=({"method": "weston_watkins"}, {"margin": 0.5}),
        bad_hyper_parameters=(
            ("method", "svm"),
            ("method", None),
            ("margin", 0.0),
            ("margin", -1.0),
        ),
        minimum="margin",
        sample=_sample_class_scores,
    ),
)

#: Every loss of lossbook, in the order the book teaches them.
CATALOG: tuple[LossEntry, ...] = _REGRESSION + _CLASSIFICATION

_BY_NAME: Mapping[str, LossEntry] = MappingProxyType({entry.name: entry for entry in CATALOG})


def names() -> tuple[str, ...]:
    """Return the names of the catalog's losses, in the book's order.

    Examples
    --------
    >>> from lossbook.catalog import names
    >>> len(names()), names()[-1]
    (17, 'multiclass_hinge')
    """
    return tuple(_BY_NAME)


def get(name: str) -> LossEntry:
    """Return the entry of the loss called ``name``.

    Raises
    ------
    KeyError
        If no loss of the catalog has that name; the message lists the names.

    Examples
    --------
    >>> from lossbook.catalog import get
    >>> get("mse").gradient([1.0, 2.0], [1.5, 2.0], reduction="sum").tolist()
    [1.0, 0.0]
    >>> get("cross_entropy")
    Traceback (most recent call last):
    ...
    KeyError: "no loss called 'cross_entropy' in the catalog; it has mse, mae, ..."
    """
    try:
        return _BY_NAME[name]
    except (KeyError, TypeError):
        raise KeyError(
            f"no loss called {name!r} in the catalog; it has {', '.join(_BY_NAME)}"
        ) from None
