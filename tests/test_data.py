"""Tests of lossbook.data: seeded generators, the digits and the split helper."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from lossbook.data import (
    load_digits,
    make_classes,
    make_counts,
    make_line_with_outliers,
    make_multilabel,
    make_two_classes,
    train_validation_split,
)

GENERATORS = [
    make_two_classes,
    make_line_with_outliers,
    make_classes,
    make_multilabel,
    make_counts,
]


@pytest.mark.parametrize("generator", GENERATORS)
def test_same_seed_same_arrays_other_seed_other_arrays(generator):
    first = generator(seed=5)
    again = generator(seed=5)
    other = generator(seed=6)
    for array, repeat, different in zip(first, again, other, strict=True):
        np.testing.assert_array_equal(array, repeat)
        assert not np.array_equal(array, different)


@pytest.mark.parametrize("generator", GENERATORS)
def test_generators_return_float_features_with_one_row_per_target(generator):
    features, targets = generator(50, seed=0)
    assert features.dtype == np.float64
    assert features.ndim == 2
    assert features.shape[0] == targets.shape[0] == 50
    assert np.isfinite(features).all()


def test_make_two_classes_is_unchanged():
    """Chapter 1 prints these values: they must never move."""
    features, labels = make_two_classes(6, seed=1)
    assert labels.tolist() == [1, 0, 1, 1, 0, 0]
    assert features.shape == (6, 2)


def test_line_with_outliers_has_exactly_the_outliers_far_from_the_line():
    features, targets = make_line_with_outliers(
        60, slope=-1.5, intercept=4.0, noise=0.3, n_outliers=6, outlier_size=20.0, seed=2
    )
    assert features.shape == (60, 1)
    assert (np.diff(features[:, 0]) >= 0).all()
    assert features.min() >= 0.0 and features.max() <= 10.0
    residuals = targets - (-1.5 * features[:, 0] + 4.0)
    outliers = residuals > 10.0
    assert outliers.sum() == 6
    assert (residuals[outliers] >= 16.0 - 2.0).all()
    assert np.abs(residuals[~outliers]).max() < 6 * 0.3


def test_line_without_outliers():
    features, targets = make_line_with_outliers(10, n_outliers=0, seed=0)
    residuals = targets - (2.0 * features[:, 0] + 1.0)
    assert np.abs(residuals).max() < 3 * 0.5


def test_make_classes_balanced_labels_around_a_circle():
    features, labels = make_classes(400, n_classes=4, spread=0.3, seed=1)
    assert labels.dtype == np.int64
    assert np.bincount(labels).tolist() == [100, 100, 100, 100]
    for label in range(4):
        angle = 2 * np.pi * label / 4
        centre = features[labels == label].mean(axis=0)
        np.testing.assert_allclose(centre, [2 * np.cos(angle), 2 * np.sin(angle)], atol=0.1)


def test_make_multilabel_labels_are_binary_and_follow_their_direction():
    features, labels = make_multilabel(2000, n_labels=4, sharpness=5.0, seed=3)
    assert labels.shape == (2000, 4)
    assert labels.dtype == np.int64
    assert set(np.unique(labels).tolist()) == {0, 1}
    # label 0 points along +x: it is on far more often for x > 1 than for x < -1
    assert labels[features[:, 0] > 1, 0].mean() > 0.9
    assert labels[features[:, 0] < -1, 0].mean() < 0.1
    # several labels can be on at once
    assert (labels.sum(axis=1) >= 2).any()


def test_make_counts_follows_the_log_linear_rate():
    features, counts = make_counts(20000, slope=0.7, intercept=0.2, seed=4)
    assert counts.dtype == np.int64
    assert (counts >= 0).all()
    assert features.shape == (20000, 1)
    assert features.min() >= -2.0 and features.max() <= 2.0
    # the mean count near x = 1 is about exp(0.2 + 0.7)
    near_one = np.abs(features[:, 0] - 1.0) < 0.05
    assert counts[near_one].mean() == pytest.approx(np.exp(0.9), rel=0.1)


def test_load_digits_scaled_to_unit_interval():
    features, labels = load_digits()
    assert features.shape == (1797, 64)
    assert features.dtype == np.float64
    assert features.min() == 0.0
    assert features.max() == 1.0
    assert labels.dtype == np.int64
    assert sorted(set(labels.tolist())) == list(range(10))


def test_load_digits_is_scikit_learns_set_without_scikit_learn(monkeypatch):
    from sklearn import datasets

    expected = datasets.load_digits()
    monkeypatch.setitem(sys.modules, "sklearn", None)
    features, labels = load_digits()
    np.testing.assert_array_equal(features * 16.0, expected.data)
    np.testing.assert_array_equal(labels, expected.target)


def test_load_digits_returns_fresh_arrays():
    features, _ = load_digits()
    features[0, 0] = 99.0
    assert load_digits()[0][0, 0] == 0.0


def test_split_partitions_the_rows():
    features = np.arange(40.0).reshape(20, 2)
    targets = np.arange(20)
    train_x, val_x, train_y, val_y = train_validation_split(
        features, targets, validation_fraction=0.3, seed=1
    )
    assert len(val_y) == 6
    assert len(train_y) == 14
    assert sorted(np.r_[train_y, val_y].tolist()) == list(range(20))
    np.testing.assert_array_equal(train_x[:, 0], 2 * train_y)
    np.testing.assert_array_equal(val_x[:, 0], 2 * val_y)
    assert train_y.dtype == targets.dtype


def test_split_is_seeded():
    features, labels = make_two_classes(30, seed=0)
    first = train_validation_split(features, labels, seed=3)
    again = train_validation_split(features, labels, seed=3)
    other = train_validation_split(features, labels, seed=4)
    for part, repeat in zip(first, again, strict=True):
        np.testing.assert_array_equal(part, repeat)
    assert not np.array_equal(first[3], other[3])


def test_stratified_split_keeps_class_shares():
    features, labels = make_classes(300, n_classes=3, seed=0)
    labels = labels.copy()
    labels[labels == 2] = 1  # classes of 100 and 200
    _, _, train_y, val_y = train_validation_split(
        features, labels, validation_fraction=0.2, stratify=True, seed=0
    )
    assert np.bincount(val_y).tolist()[:2] == [20, 40]
    assert np.bincount(train_y).tolist()[:2] == [80, 160]


def test_split_keeps_at_least_one_sample_on_each_side():
    features = np.zeros((3, 1))
    parts = train_validation_split(features, np.arange(3), validation_fraction=0.01)
    assert [len(part) for part in parts] == [2, 1, 2, 1]


def test_split_does_not_modify_its_inputs():
    features, labels = make_two_classes(20, seed=0)
    features_copy, labels_copy = features.copy(), labels.copy()
    train_x, *_ = train_validation_split(features, labels, stratify=True)
    train_x[:] = 0.0
    np.testing.assert_array_equal(features, features_copy)
    np.testing.assert_array_equal(labels, labels_copy)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: make_two_classes(1), ValueError, "n_samples"),
        (lambda: make_two_classes(2.5), TypeError, "n_samples"),
        (lambda: make_line_with_outliers(True), TypeError, "n_samples"),
        (lambda: make_line_with_outliers(5, n_outliers=4), ValueError, "n_outliers"),
        (lambda: make_line_with_outliers(5, n_outliers=-1), ValueError, "n_outliers"),
        (lambda: make_line_with_outliers(noise=0.0), ValueError, "noise"),
        (lambda: make_line_with_outliers(outlier_size=-1.0), ValueError, "outlier_size"),
        (lambda: make_line_with_outliers(slope="steep"), TypeError, "slope"),
        (lambda: make_line_with_outliers(intercept=np.nan), ValueError, "intercept"),
        (lambda: make_classes(n_classes=1), ValueError, "n_classes"),
        (lambda: make_classes(2, n_classes=3), ValueError, "n_samples"),
        (lambda: make_classes(spread=0), ValueError, "spread"),
        (lambda: make_multilabel(n_labels=1), ValueError, "n_labels"),
        (lambda: make_multilabel(sharpness=-2.0), ValueError, "sharpness"),
        (lambda: make_counts(slope=10.0), ValueError, "slope"),
        (lambda: make_counts(intercept=None), TypeError, "intercept"),
    ],
)
def test_generators_refuse_bad_arguments(call, error, match):
    with pytest.raises(error, match=match):
        call()


@pytest.mark.parametrize(
    ("features", "targets", "options", "error", "match"),
    [
        (np.zeros((4, 2)), np.zeros(3), {}, ValueError, "one row per sample"),
        (np.zeros((1, 2)), np.zeros(1), {}, ValueError, "at least 2"),
        (
            np.zeros((4, 2)),
            np.zeros(4),
            {"validation_fraction": 0.0},
            ValueError,
            "validation_fraction",
        ),
        (
            np.zeros((4, 2)),
            np.zeros(4),
            {"validation_fraction": 1.0},
            ValueError,
            "validation_fraction",
        ),
        (
            np.zeros((4, 2)),
            np.zeros(4),
            {"validation_fraction": "half"},
            TypeError,
            "validation_fraction",
        ),
        (np.zeros((4, 2)), np.array(["a"] * 4), {}, TypeError, "targets"),
        (np.array([["a"]] * 4), np.zeros(4), {}, TypeError, "features"),
        (np.full((4, 2), np.nan), np.zeros(4), {}, ValueError, "features"),
        (np.zeros((4, 2)), np.zeros((4, 2)), {"stratify": True}, ValueError, "stratify"),
        (np.zeros((4, 2)), np.full(4, 0.5), {"stratify": True}, ValueError, "stratify"),
        (np.zeros((4, 2)), np.zeros(4), {"stratify": "yes"}, TypeError, "stratify"),
        (
            np.zeros((4, 2)),
            np.arange(4),
            {"stratify": True, "validation_fraction": 0.6},
            ValueError,
            "empty",
        ),
    ],
)
def test_split_refuses_bad_input(features, targets, options, error, match):
    with pytest.raises(error, match=match):
        train_validation_split(features, targets, **options)
