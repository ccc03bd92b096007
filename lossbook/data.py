"""Seeded data sets for the book's running examples.

Every generator takes a ``seed`` and returns the same arrays every time it is
called with the same arguments, so the book's numbers and figures never move.
"""

from __future__ import annotations

from importlib import resources

import numpy as np

from lossbook._validation import as_float_array, check_count, check_in_interval, check_positive

__all__ = [
    "load_digits",
    "make_classes",
    "make_counts",
    "make_line_with_outliers",
    "make_multilabel",
    "make_two_classes",
    "train_validation_split",
]


def _as_real(value: float, name: str) -> float:
    """Return ``value`` as a float after checking it is a finite real number."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    if not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return float(value)


def _check_split(
    features: np.ndarray, targets: np.ndarray, validation_fraction: float, stratify: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Validate the arguments of :func:`train_validation_split`; return the arrays."""
    features = as_float_array(features, "features")
    if targets is None:
        raise TypeError("targets must be an array of numbers, got None")
    targets = np.asarray(targets)
    if targets.dtype.kind not in "biuf":
        raise TypeError(
            f"targets must be an array of numbers, got an array of dtype {targets.dtype}"
        )
    if features.ndim == 0 or targets.ndim == 0 or features.shape[0] != targets.shape[0]:
        raise ValueError(
            "features and targets must have one row per sample, got features of shape "
            f"{features.shape} and targets of shape {targets.shape}"
        )
    if features.shape[0] < 2:
        raise ValueError(f"features must hold at least 2 samples, got {features.shape[0]}")
    check_in_interval(validation_fraction, "validation_fraction", 0.0, 1.0)
    if not isinstance(stratify, bool):
        raise TypeError(f"stratify must be True or False, got {stratify!r}")
    if stratify and (targets.ndim != 1 or (targets != np.round(targets)).any()):
        raise ValueError(
            "stratify=True needs targets that are integer class labels of shape "
            f"(n_samples,), got an array of dtype {targets.dtype} and shape {targets.shape}"
        )
    return features, targets


def make_two_classes(
    n_samples: int = 200,
    *,
    separation: float = 2.0,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Two overlapping classes in two dimensions: the book's "cat or dog" toy.

    Each animal is described by two measured features (think of them as a
    standardised ear length and a standardised snout length). Cats (label 0)
    and dogs (label 1) are drawn from two round Gaussian clouds with unit
    standard deviation whose centres lie ``separation`` apart along the
    diagonal, so the classes overlap and no line separates them perfectly.
    The two classes have the same size (one more dog when ``n_samples`` is
    odd) and the samples are shuffled.

    Parameters
    ----------
    n_samples : int, default 200
        Number of animals, at least 2.
    separation : float, default 2.0
        Distance between the two class centres, greater than 0. Larger values
        make the problem easier.
    seed : int, default 0
        Seed of the random generator: the same seed gives the same arrays.

    Returns
    -------
    features : ndarray of shape (n_samples, 2)
        The two features of each animal.
    labels : ndarray of shape (n_samples,)
        0 for a cat, 1 for a dog, as integers.

    Raises
    ------
    TypeError
        If ``n_samples`` is not an integer.
    ValueError
        If ``n_samples`` is below 2 or ``separation`` is not above 0.

    Examples
    --------
    >>> from lossbook.data import make_two_classes
    >>> features, labels = make_two_classes(6, seed=1)
    >>> features.shape, labels.tolist()
    ((6, 2), [1, 0, 1, 1, 0, 0])
    >>> bool((make_two_classes(6, seed=1)[0] == features).all())
    True
    """
    n_samples = check_count(n_samples, "n_samples", minimum=2)
    separation = check_positive(separation, "separation")
    rng = np.random.default_rng(seed)
    n_cats = n_samples // 2
    labels = np.r_[np.zeros(n_cats, dtype=np.int64), np.ones(n_samples - n_cats, dtype=np.int64)]
    offset = separation / (2.0 * np.sqrt(2.0))
    centres = np.where(labels[:, None] == 1, offset, -offset)
    features = centres + rng.standard_normal((n_samples, 2))
    order = rng.permutation(n_samples)
    return features[order], labels[order]


def make_line_with_outliers(
    n_samples: int = 40,
    *,
    slope: float = 2.0,
    intercept: float = 1.0,
    noise: float = 0.5,
    n_outliers: int = 4,
    outlier_size: float = 15.0,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Points near a straight line, with a few gross outliers: the robust-regression toy.

    The inputs :math:`x` are spread uniformly over :math:`[0, 10]` and the
    targets follow the line with Gaussian noise,

    .. math::

        y_i = \text{slope}\, x_i + \text{intercept} + \varepsilon_i,
        \qquad \varepsilon_i \sim \mathcal{N}(0, \text{noise}^2),

    except for ``n_outliers`` of them, chosen at random, which are pushed
    *up* by ``outlier_size`` (plus or minus 20 %). All the outliers lie on the
    same side, so they drag a least-squares (MSE) line towards them, while
    the MAE and Huber lines stay close to the true one. The points come
    sorted by :math:`x`, which makes them easy to plot as a line.

    Parameters
    ----------
    n_samples : int, default 40
        Number of points, at least 2.
    slope, intercept : float, default 2.0 and 1.0
        The true line.
    noise : float, default 0.5
        Standard deviation of the Gaussian noise, greater than 0.
    n_outliers : int, default 4
        Number of outliers, between 0 and ``n_samples - 2`` (at least two
        points stay on the line).
    outlier_size : float, default 15.0
        Typical distance of an outlier above the line, greater than 0.
    seed : int, default 0
        Seed of the random generator: the same seed gives the same arrays.

    Returns
    -------
    features : ndarray of shape (n_samples, 1)
        The inputs :math:`x`, as a one-column matrix ready for a model.
    targets : ndarray of shape (n_samples,)
        The targets :math:`y`.

    Raises
    ------
    TypeError
        If a count is not an integer or a size is not a number.
    ValueError
        If a count or a size is out of range.

    Examples
    --------
    >>> from lossbook.data import make_line_with_outliers
    >>> features, targets = make_line_with_outliers(6, n_outliers=1, seed=3)
    >>> features.shape, targets.shape
    ((6, 1), (6,))
    >>> residuals = targets - (2.0 * features[:, 0] + 1.0)
    >>> int((residuals > 5).sum())
    1
    """
    n_samples = check_count(n_samples, "n_samples", minimum=2)
    n_outliers = check_count(n_outliers, "n_outliers", minimum=0)
    if n_outliers > n_samples - 2:
        raise ValueError(
            f"n_outliers must be at most n_samples - 2 = {n_samples - 2}, got {n_outliers}"
        )
    slope = _as_real(slope, "slope")
    intercept = _as_real(intercept, "intercept")
    noise = check_positive(noise, "noise")
    outlier_size = check_positive(outlier_size, "outlier_size")
    rng = np.random.default_rng(seed)
    inputs = np.sort(rng.uniform(0.0, 10.0, n_samples))
    targets = slope * inputs + intercept + noise * rng.standard_normal(n_samples)
    chosen = rng.choice(n_samples, size=n_outliers, replace=False)
    targets[chosen] += outlier_size * rng.uniform(0.8, 1.2, n_outliers)
    return inputs[:, None], targets


def make_classes(
    n_samples: int = 300,
    *,
    n_classes: int = 3,
    spread: float = 1.0,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Several overlapping classes in two dimensions: the multi-class toy.

    Class :math:`k` is a round Gaussian cloud with standard deviation
    ``spread`` centred on the circle of radius 2, at the angle
    :math:`2\pi k / K`:

    .. math::

        x \mid (y = k) \sim \mathcal{N}\!\left(2\,(\cos\tfrac{2\pi k}{K},
        \sin\tfrac{2\pi k}{K}),\ \text{spread}^2 I\right).

    The classes have the same size (up to one sample) and the samples are
    shuffled.

    Parameters
    ----------
    n_samples : int, default 300
        Number of samples, at least ``n_classes``.
    n_classes : int, default 3
        Number of classes :math:`K`, at least 2.
    spread : float, default 1.0
        Standard deviation of each cloud, greater than 0. Larger values make
        the classes overlap more.
    seed : int, default 0
        Seed of the random generator: the same seed gives the same arrays.

    Returns
    -------
    features : ndarray of shape (n_samples, 2)
        The two features of each sample.
    labels : ndarray of shape (n_samples,)
        Integer class labels in ``[0, n_classes)``.

    Raises
    ------
    TypeError
        If a count is not an integer.
    ValueError
        If a count is out of range or ``spread`` is not above 0.

    Examples
    --------
    >>> from lossbook.data import make_classes
    >>> features, labels = make_classes(9, n_classes=3, seed=0)
    >>> features.shape, sorted(labels.tolist())
    ((9, 2), [0, 0, 0, 1, 1, 1, 2, 2, 2])
    """
    n_classes = check_count(n_classes, "n_classes", minimum=2)
    n_samples = check_count(n_samples, "n_samples", minimum=n_classes)
    spread = check_positive(spread, "spread")
    rng = np.random.default_rng(seed)
    labels = np.arange(n_samples, dtype=np.int64) % n_classes
    angles = 2.0 * np.pi * labels / n_classes
    centres = 2.0 * np.column_stack([np.cos(angles), np.sin(angles)])
    features = centres + spread * rng.standard_normal((n_samples, 2))
    order = rng.permutation(n_samples)
    return features[order], labels[order]


def make_multilabel(
    n_samples: int = 300,
    *,
    n_labels: int = 3,
    sharpness: float = 3.0,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Samples that carry any subset of several labels: the multi-label toy.

    Think of photographs that may show a cat, a dog and a bird, all, some or
    none of them. The two features are standard normal, and label :math:`j`
    is switched on independently with a logistic probability along its own
    direction :math:`u_j = (\cos\tfrac{2\pi j}{L}, \sin\tfrac{2\pi j}{L})`:

    .. math::

        P(y_j = 1 \mid x) = \sigma(\text{sharpness}\; u_j^\top x),

    so a separate binary cross-entropy per label (a sigmoid output per
    label) is exactly the right model.

    Parameters
    ----------
    n_samples : int, default 300
        Number of samples, at least 2.
    n_labels : int, default 3
        Number of labels :math:`L`, at least 2.
    sharpness : float, default 3.0
        Slope of the logistic probabilities, greater than 0. Larger values
        make the labels easier to predict.
    seed : int, default 0
        Seed of the random generator: the same seed gives the same arrays.

    Returns
    -------
    features : ndarray of shape (n_samples, 2)
        The two features of each sample.
    labels : ndarray of shape (n_samples, n_labels)
        0 or 1 for each label, as integers.

    Raises
    ------
    TypeError
        If a count is not an integer.
    ValueError
        If a count is out of range or ``sharpness`` is not above 0.

    Examples
    --------
    >>> from lossbook.data import make_multilabel
    >>> features, labels = make_multilabel(5, n_labels=3, seed=0)
    >>> features.shape, labels.shape
    ((5, 2), (5, 3))
    >>> sorted(set(labels.ravel().tolist()))
    [0, 1]
    """
    n_samples = check_count(n_samples, "n_samples", minimum=2)
    n_labels = check_count(n_labels, "n_labels", minimum=2)
    sharpness = check_positive(sharpness, "sharpness")
    rng = np.random.default_rng(seed)
    features = rng.standard_normal((n_samples, 2))
    angles = 2.0 * np.pi * np.arange(n_labels) / n_labels
    directions = np.vstack([np.cos(angles), np.sin(angles)])
    # sigma(s) = 1 / (1 + exp(-s)), written with tanh so that it never overflows
    probabilities = 0.5 * (1.0 + np.tanh(0.5 * sharpness * (features @ directions)))
    labels = (rng.uniform(size=probabilities.shape) < probabilities).astype(np.int64)
    return features, labels


def make_counts(
    n_samples: int = 200,
    *,
    slope: float = 0.8,
    intercept: float = 0.5,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Counts whose mean grows exponentially with one input: the Poisson-regression toy.

    The inputs are uniform on :math:`[-2, 2]` and each count is drawn from a
    Poisson distribution whose log-rate is linear in the input:

    .. math::

        y_i \sim \operatorname{Poisson}(\lambda_i), \qquad
        \log \lambda_i = \text{intercept} + \text{slope}\, x_i .

    Parameters
    ----------
    n_samples : int, default 200
        Number of samples, at least 2.
    slope, intercept : float, default 0.8 and 0.5
        The true log-linear rate. Their size is limited so that the largest
        rate, :math:`\exp(|\text{intercept}| + 2|\text{slope}|)`, stays below
        :math:`10^6`.
    seed : int, default 0
        Seed of the random generator: the same seed gives the same arrays.

    Returns
    -------
    features : ndarray of shape (n_samples, 1)
        The inputs :math:`x`, as a one-column matrix ready for a model.
    counts : ndarray of shape (n_samples,)
        Non-negative integer counts.

    Raises
    ------
    TypeError
        If ``n_samples`` is not an integer or a coefficient is not a number.
    ValueError
        If ``n_samples`` is below 2 or the rates would exceed :math:`10^6`.

    Examples
    --------
    >>> from lossbook.data import make_counts
    >>> features, counts = make_counts(5, seed=0)
    >>> features.shape, counts.dtype.name, bool((counts >= 0).all())
    ((5, 1), 'int64', True)
    """
    n_samples = check_count(n_samples, "n_samples", minimum=2)
    slope = _as_real(slope, "slope")
    intercept = _as_real(intercept, "intercept")
    if abs(intercept) + 2.0 * abs(slope) > np.log(1e6):
        raise ValueError(
            "slope and intercept must keep the largest rate exp(|intercept| + 2|slope|) "
            f"below 1e6, got slope={slope!r} and intercept={intercept!r}"
        )
    rng = np.random.default_rng(seed)
    inputs = rng.uniform(-2.0, 2.0, n_samples)
    counts = rng.poisson(np.exp(intercept + slope * inputs)).astype(np.int64)
    return inputs[:, None], counts


def load_digits() -> tuple[np.ndarray, np.ndarray]:
    """The 8x8 handwritten digits (the set scikit-learn ships), with pixels scaled to [0, 1].

    The 1,797 images (UCI optical recognition of handwritten digits, test
    set, under CC BY 4.0) ship with ``lossbook`` as a 45 kB file, so nothing
    is downloaded and scikit-learn is not needed. Each image is flattened row
    by row into 64 pixels whose grey levels 0 to 16 are divided by 16. The
    order is scikit-learn's ``load_digits``, which is fixed, so no seed is
    needed; use :func:`train_validation_split` to shuffle and split.

    Returns
    -------
    features : ndarray of shape (1797, 64)
        Pixel intensities in [0, 1]; ``features[i].reshape(8, 8)`` is image i.
    labels : ndarray of shape (1797,)
        The digit shown, an integer from 0 to 9.

    References
    ----------
    Alpaydin, E. and Kaynak, C. (1998). Optical Recognition of Handwritten
    Digits. UCI Machine Learning Repository.

    Examples
    --------
    >>> from lossbook.data import load_digits
    >>> features, labels = load_digits()
    >>> features.shape, float(features.min()), float(features.max())
    ((1797, 64), 0.0, 1.0)
    >>> labels[:10].tolist()
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    """
    with resources.files("lossbook").joinpath("_data/digits.npz").open("rb") as file:
        stored = np.load(file)
        features = stored["pixels"].astype(np.float64) / 16.0
        labels = stored["labels"].astype(np.int64)
    return features, labels


def train_validation_split(
    features: np.ndarray,
    targets: np.ndarray,
    *,
    validation_fraction: float = 0.25,
    stratify: bool = False,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Split samples at random into a training set and a validation set.

    The samples (rows, first axis) are shuffled with ``seed`` and
    ``round(validation_fraction * n)`` of them (at least one, at most
    ``n - 1``) go to the validation set. With ``stratify=True`` the split is
    made class by class, so that each class keeps its share in both sets;
    each class then gives ``round(validation_fraction * n_class)`` samples,
    so the total may differ from the unstratified count by a few samples.

    Parameters
    ----------
    features : ndarray of shape (n_samples, ...)
        The inputs, one row per sample. Converted to float64.
    targets : ndarray of shape (n_samples, ...)
        The targets or labels, one per sample; their dtype is kept.
    validation_fraction : float, default 0.25
        Share of the samples held out, in (0, 1).
    stratify : bool, default False
        Split each class separately; ``targets`` must then be integer class
        labels of shape (n_samples,).
    seed : int, default 0
        Seed of the random generator: the same seed gives the same split.

    Returns
    -------
    train_features, validation_features, train_targets, validation_targets : ndarray
        In scikit-learn's ``train_test_split`` order. The rows keep the
        shuffled order.

    Raises
    ------
    TypeError
        If an array is not numeric.
    ValueError
        If the arrays do not have the same number of rows, there are fewer
        than 2 samples, ``validation_fraction`` is outside (0, 1), or
        ``stratify=True`` with targets that are not 1-D integer labels.

    Examples
    --------
    >>> from lossbook.data import make_two_classes, train_validation_split
    >>> features, labels = make_two_classes(8, seed=0)
    >>> parts = train_validation_split(features, labels, validation_fraction=0.5,
    ...                                stratify=True, seed=0)
    >>> [part.shape[0] for part in parts]
    [4, 4, 4, 4]
    >>> parts[3].tolist().count(1)
    2
    """
    features, targets = _check_split(features, targets, validation_fraction, stratify)
    rng = np.random.default_rng(seed)
    n_samples = features.shape[0]
    in_validation = np.zeros(n_samples, dtype=bool)
    if stratify:
        for label in np.unique(targets):
            members = np.flatnonzero(targets == label)
            size = round(validation_fraction * members.size)
            in_validation[rng.choice(members, size=size, replace=False)] = True
    else:
        size = min(max(round(validation_fraction * n_samples), 1), n_samples - 1)
        in_validation[rng.choice(n_samples, size=size, replace=False)] = True
    if in_validation.all() or not in_validation.any():
        raise ValueError(
            "validation_fraction leaves the training or the validation set empty "
            f"for these classes, got validation_fraction={validation_fraction!r}"
        )
    order = rng.permutation(n_samples)
    train_rows = order[~in_validation[order]]
    validation_rows = order[in_validation[order]]
    return (
        features[train_rows],
        features[validation_rows],
        targets[train_rows],
        targets[validation_rows],
    )
