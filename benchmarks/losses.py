"""Benchmark of every loss in lossbook.catalog against its naive NumPy formula.

For each loss and its gradient, on 10^6 float64 values (10^5 rows of 10 classes
for the class-axis losses), prints a table with:

- lossbook's time (``reduction='mean'``, the catalog's default hyper-parameters),
- the time of the naive NumPy formula as a textbook writes it (no stabilisation,
  no input checks; its results may overflow or be NaN where lossbook's are exact),
- their ratio (the target is at most 2),
- the share of lossbook's time spent in input validation, measured by timing
  the module's private validator on the same inputs,
- the validator's time in units of one pass over the inputs (the time of
  ``np.isfinite(x).all()`` on each of them): the target is about 1 pass per input.

Each time is the best of several runs, which is the least disturbed by other
work on the machine. Run it from the root of the repository::

    .venv/bin/python benchmarks/losses.py

It is not a test: pytest does not collect it (benchmarks/ is outside testpaths).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from lossbook import classification, regression
from lossbook.catalog import CATALOG

N_VALUES = 1_000_000
N_CLASSES = 10
REPEATS = 11

# --- the naive formulas: (loss, gradient of the mean loss), as a textbook writes them ---


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _rows(values):
    return values.shape[0]


def _naive_huber(y, p, delta=1.0):
    residual = y - p
    size = np.abs(residual)
    return np.mean(np.where(size <= delta, 0.5 * residual**2, delta * (size - 0.5 * delta)))


def _naive_softmax(z):
    exps = np.exp(z)
    return exps / exps.sum(axis=-1, keepdims=True)


def _naive_softmax_cross_entropy(labels, z):
    probabilities = _naive_softmax(z)
    return -np.mean(np.log(probabilities[np.arange(z.shape[0]), labels]))


def _naive_softmax_cross_entropy_grad(labels, z):
    gradient = _naive_softmax(z)
    gradient[np.arange(z.shape[0]), labels] -= 1.0
    return gradient / z.shape[0]


def _naive_focal(y, z, gamma=2.0):
    s = _sigmoid(z)
    p_t = y * s + (1.0 - y) * (1.0 - s)
    return -np.mean((1.0 - p_t) ** gamma * np.log(p_t))


def _naive_focal_grad(y, z, gamma=2.0):
    s = _sigmoid(z)
    p_t = y * s + (1.0 - y) * (1.0 - s)
    slope = (2.0 * y - 1.0) * s * (1.0 - s)  # d p_t / dz
    inner = gamma * (1.0 - p_t) ** (gamma - 1.0) * np.log(p_t) - (1.0 - p_t) ** gamma / p_t
    return slope * inner / y.size


def _naive_multiclass_margins(labels, scores):
    rows = np.arange(scores.shape[0])
    margins = 1.0 + scores - scores[rows, labels][:, np.newaxis]
    margins[rows, labels] = -np.inf
    return rows, margins


def _naive_multiclass_hinge(labels, scores):
    _, margins = _naive_multiclass_margins(labels, scores)
    return np.mean(np.maximum(0.0, margins.max(axis=-1)))


def _naive_multiclass_hinge_grad(labels, scores):
    rows, margins = _naive_multiclass_margins(labels, scores)
    rival = margins.argmax(axis=-1)
    active = margins[rows, rival] > 0.0
    gradient = np.zeros_like(scores)
    gradient[rows, rival] += active
    gradient[rows, labels] -= active
    return gradient / scores.shape[0]


NAIVE: dict[str, tuple[Callable, Callable]] = {
    "mse": (lambda y, p: np.mean((y - p) ** 2), lambda y, p: 2.0 * (p - y) / y.size),
    "mae": (lambda y, p: np.mean(np.abs(y - p)), lambda y, p: np.sign(p - y) / y.size),
    "huber": (_naive_huber, lambda y, p: np.clip(p - y, -1.0, 1.0) / y.size),
    "smooth_l1": (_naive_huber, lambda y, p: np.clip(p - y, -1.0, 1.0) / y.size),
    "log_cosh": (
        lambda y, p: np.mean(np.log(np.cosh(y - p))),
        lambda y, p: np.tanh(p - y) / y.size,
    ),
    "quantile_loss": (
        lambda y, p: np.mean(np.maximum(0.5 * (y - p), -0.5 * (y - p))),
        lambda y, p: np.where(p > y, 0.5, -0.5) / y.size,
    ),
    "gaussian_nll": (
        lambda y, p: np.mean(0.5 * (np.log(1.0) + (y - p) ** 2 / 1.0)),
        lambda y, p: (p - y) / 1.0 / y.size,
    ),
    "poisson_nll": (
        lambda y, p: np.mean(np.exp(p) - y * p),
        lambda y, p: (np.exp(p) - y) / y.size,
    ),
    "binary_cross_entropy": (
        lambda y, p: -np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)),
        lambda y, p: (p - y) / (p * (1.0 - p)) / y.size,
    ),
    "binary_cross_entropy_with_logits": (
        lambda y, z: -np.mean(y * np.log(_sigmoid(z)) + (1.0 - y) * np.log(1.0 - _sigmoid(z))),
        lambda y, z: (_sigmoid(z) - y) / y.size,
    ),
    "categorical_cross_entropy": (
        lambda y, p: -np.sum(y * np.log(p)) / _rows(p),
        lambda y, p: -y / p / _rows(p),
    ),
    "softmax_cross_entropy": (_naive_softmax_cross_entropy, _naive_softmax_cross_entropy_grad),
    "kl_divergence": (
        lambda y, p: np.sum(y * np.log(y / p)) / _rows(p),
        lambda y, p: -y / p / _rows(p),
    ),
    "focal_loss": (_naive_focal, _naive_focal_grad),
    "hinge": (
        lambda y, p: np.mean(np.maximum(0.0, 1.0 - y * p)),
        lambda y, p: np.where(y * p < 1.0, -y, 0.0) / y.size,
    ),
    "squared_hinge": (
        lambda y, p: np.mean(np.maximum(0.0, 1.0 - y * p) ** 2),
        lambda y, p: -2.0 * y * np.maximum(0.0, 1.0 - y * p) / y.size,
    ),
    "multiclass_hinge": (_naive_multiclass_hinge, _naive_multiclass_hinge_grad),
}

# --- the validators: the private check each public function calls first ---------------

_reg, _cls = regression, classification
VALIDATORS: dict[str, Callable] = {
    "mse": lambda y, p: _reg._check_regression(y, p, "mean", None),
    "mae": lambda y, p: _reg._check_regression(y, p, "mean", None),
    "huber": lambda y, p: _reg._check_regression(y, p, "mean", None, delta=1.0),
    "smooth_l1": lambda y, p: _reg._check_regression(y, p, "mean", None, beta=1.0),
    "log_cosh": lambda y, p: _reg._check_regression(y, p, "mean", None),
    "quantile_loss": lambda y, p: _reg._check_regression(y, p, "mean", None, tau=0.5),
    "gaussian_nll": lambda y, p: _reg._check_gaussian(y, p, 1.0, False, "mean", None),
    "poisson_nll": lambda y, p: _reg._check_poisson(y, p, True, "mean", None),
    "binary_cross_entropy": lambda y, p: _cls._check_binary_probabilities(y, p, "mean", None),
    "binary_cross_entropy_with_logits": lambda y, z: _cls._check_binary_logits(y, z, "mean", None),
    "categorical_cross_entropy": lambda y, p: _cls._check_distribution_pair(y, p, "mean", None),
    "softmax_cross_entropy": lambda y, z: _cls._check_softmax_cross_entropy(
        y, z, None, 0.0, "mean", None
    ),
    "kl_divergence": lambda y, p: _cls._check_distribution_pair(y, p, "mean", None),
    "focal_loss": lambda y, z: _cls._check_focal(y, z, 2.0, None, "mean", None),
    "hinge": lambda y, p: _cls._check_hinge(y, p, "mean", None),
    "squared_hinge": lambda y, p: _cls._check_hinge(y, p, "mean", None),
    "multiclass_hinge": lambda y, s: _cls._check_multiclass_hinge(
        y, s, "crammer_singer", 1.0, "mean", None
    ),
}


def best_time(function: Callable[[], object], repeats: int = REPEATS) -> float:
    """The shortest of ``repeats`` runs of ``function()``, in milliseconds."""
    times = []
    for _ in range(repeats):
        start = time.process_time()
        function()
        times.append(time.process_time() - start)
    return 1e3 * min(times)


def one_pass(*arrays: np.ndarray) -> float:
    """Milliseconds for one read of every array: ``np.isfinite(x).all()`` on each."""
    return best_time(lambda: [bool(np.isfinite(array).all()) for array in arrays])


def main() -> None:
    rng = np.random.default_rng(0)
    header = (
        f"{'loss':<40} {'lossbook ms':>11} {'naive ms':>9} {'ratio':>6} "
        f"{'validation':>10} {'passes':>6}"
    )
    print(f"{N_VALUES:,} float64 values; class-axis losses as {N_VALUES // N_CLASSES:,} rows")
    print(f"of {N_CLASSES} classes; best of {REPEATS} runs; validation = share of lossbook's")
    print("time in the validator; passes = validator time / one read of the inputs.")
    print()
    print(header)
    print("-" * len(header))
    misses = []
    for entry in CATALOG:
        shape = (N_VALUES // N_CLASSES, N_CLASSES) if entry.class_axis else (N_VALUES,)
        y_true, y_pred = entry.sample(rng, shape, **entry.defaults)
        naive_loss, naive_grad = NAIVE[entry.name]
        validator = VALIDATORS[entry.name]
        validation = best_time(lambda: validator(y_true, y_pred))  # noqa: B023
        passes = validation / one_pass(y_true, y_pred)
        rows = (
            (entry.name, entry.function, naive_loss),
            (f"{entry.name}_grad", entry.gradient, naive_grad),
        )
        for label, function, naive in rows:
            with np.errstate(all="ignore"):  # the naive formulas may warn (log 0, 0/0)
                naive_ms = best_time(lambda: naive(y_true, y_pred))  # noqa: B023
            ours_ms = best_time(
                lambda: function(y_true, y_pred, **entry.defaults)  # noqa: B023
            )
            ratio = ours_ms / naive_ms
            share = validation / ours_ms
            print(
                f"{label:<40} {ours_ms:>11.2f} {naive_ms:>9.2f} {ratio:>6.2f} "
                f"{share:>10.0%} {passes:>6.1f}"
            )
            if ratio > 2.0:
                misses.append(label)
    print()
    print(f"Above 2x the naive formula: {', '.join(misses) if misses else 'none'}")


if __name__ == "__main__":
    main()
