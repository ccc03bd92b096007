"""Benchmark of the training loop: L2 logistic regression on 10^5 samples with 20 features.

Prints a table with, for each way of training, the time per epoch, the number
of epochs and the time needed to bring the cost within 1e-6 (relative) of the
minimum found by scikit-learn, next to scikit-learn's own fit times.

The cost is the mean binary cross-entropy plus (lam / 2) ||w||^2, which is
scikit-learn's objective divided by C * n when C = 1 / (n * lam).

Run it from the root of the repository (with lossbook installed, or with the
source tree on the path)::

    PYTHONPATH=. python benchmarks/training.py

Timings depend on the machine and its load; the epochs to the target do not.

It is not a test: pytest does not collect it (benchmarks/ is outside testpaths).
"""

from __future__ import annotations

import math
import time

import numpy as np
from sklearn.linear_model import LogisticRegression as ScikitLogisticRegression

from lossbook.classification import (
    binary_cross_entropy_with_logits,
    binary_cross_entropy_with_logits_grad,
)
from lossbook.models import LogisticRegression
from lossbook.optim import SGD, Adam
from lossbook.training import objective, train

N_SAMPLES, N_FEATURES = 100_000, 20
PENALTY = 1e-4  # lam; C = 1 / (n lam) = 0.1
TARGET = 1e-6  # relative gap to scikit-learn's minimum


def make_data(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    features = rng.standard_normal((N_SAMPLES, N_FEATURES))
    true_weights = rng.standard_normal(N_FEATURES) / math.sqrt(N_FEATURES) * 2.0
    probabilities = 1.0 / (1.0 + np.exp(-(features @ true_weights + 0.5)))
    labels = (rng.uniform(size=N_SAMPLES) < probabilities).astype(np.int64)
    return features, labels


def scikit_learn(features: np.ndarray, labels: np.ndarray, tol: float) -> tuple[float, object]:
    model = ScikitLogisticRegression(C=1.0 / (N_SAMPLES * PENALTY), tol=tol, max_iter=10_000)
    start = time.perf_counter()
    model.fit(features, labels)
    return time.perf_counter() - start, model


def run_lossbook(features, labels, reference_cost, optimizer, epochs, batch_size):
    model = LogisticRegression(N_FEATURES, seed=0)
    start = time.perf_counter()
    history = train(
        model,
        binary_cross_entropy_with_logits,
        binary_cross_entropy_with_logits_grad,
        features,
        labels,
        optimizer=optimizer,
        epochs=epochs,
        batch_size=batch_size,
        penalties={"l2": PENALTY},
        progress=False,
    )
    per_epoch = (time.perf_counter() - start) / history.epochs
    gaps = (np.array(history.train_cost) - reference_cost) / reference_cost
    reached = np.flatnonzero(gaps <= TARGET)
    epochs_needed = int(reached[0]) + 1 if reached.size else None
    return per_epoch, epochs_needed, float(gaps.min())


def main() -> None:
    features, labels = make_data()
    reference_time, reference = scikit_learn(features, labels, tol=1e-10)
    default_time, _ = scikit_learn(features, labels, tol=1e-4)
    at_reference = LogisticRegression(N_FEATURES)
    at_reference.set_params({"weights": reference.coef_[0], "bias": reference.intercept_[0]})
    reference_cost = objective(
        at_reference,
        binary_cross_entropy_with_logits,
        features,
        labels,
        penalties={"l2": PENALTY},
    )
    runs = [
        ("lossbook GD, full batch, lr=4", SGD(4.0), 200, None),
        ("lossbook Adam, full batch, lr=0.05", Adam(0.05), 300, None),
        ("lossbook SGD, batches of 1000, lr=1", SGD(1.0), 30, 1000),
        ("lossbook Adam, batches of 1000, lr=1e-3", Adam(1e-3), 30, 1000),
    ]
    print(
        f"L2 logistic regression, n={N_SAMPLES}, d={N_FEATURES}, lam={PENALTY:g} "
        f"(C={1 / (N_SAMPLES * PENALTY):g}); target: cost within {TARGET:g} (relative) "
        f"of scikit-learn's minimum {reference_cost:.12f}\n"
    )
    header = f"{'method':<42} {'time/epoch':>11} {'epochs to target':>17} {'time to target':>15}"
    print(header)
    print("-" * len(header))
    for name, optimizer, epochs, batch_size in runs:
        per_epoch, needed, best_gap = run_lossbook(
            features, labels, reference_cost, optimizer, epochs, batch_size
        )
        if needed is None:
            epochs_text, time_text = f"not in {epochs}", f"(gap {best_gap:.1e})"
        else:
            epochs_text, time_text = str(needed), f"{needed * per_epoch:.3f} s"
        print(f"{name:<42} {per_epoch * 1e3:>8.2f} ms {epochs_text:>17} {time_text:>15}")
    print(
        f"{'scikit-learn lbfgs, tol=1e-4 (default)':<42} {'':>11} {'':>17} {default_time:>13.3f} s"
    )
    print(
        f"{'scikit-learn lbfgs, tol=1e-10 (reference)':<42} {'':>11} {'':>17} "
        f"{reference_time:>13.3f} s"
    )


if __name__ == "__main__":
    main()
