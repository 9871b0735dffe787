"""Property tests of the splitters: for any valid sizes and data, the parts are
disjoint, cover every row once, have the requested sizes, and stratified parts
keep every class within one row of its proportion.

(The stratified train_dev_test_split property lives in test_model_selection.py.)
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.dummy import DummyRegressor
from sklearn.model_selection import KFold

from skreg import HoldoutSplit, bias_variance_report, train_dev_test_split

seeds = st.integers(0, 2**16)


def _assert_partition(parts, n):
    rows = np.concatenate(parts)
    assert rows.size == n
    np.testing.assert_array_equal(np.sort(rows), np.arange(n))


def _assert_within_one_row(labels, part):
    """Every class of ``labels`` is within one row of its share in ``part``."""
    classes, counts = np.unique(labels, return_counts=True)
    got = np.array([(labels[part] == c).sum() for c in classes])
    assert np.all(np.abs(got - counts * len(part) / len(labels)) < 1), got


@st.composite
def holdout_sizes(draw, n):
    """A test_size for n rows: a row count or a fraction (maybe too small/large)."""
    if draw(st.booleans()):
        return draw(st.integers(1, n - 1))
    return draw(st.floats(1e-3, 1.0, exclude_max=True))


@settings(max_examples=80, deadline=None)
@given(n=st.integers(2, 300), data=st.data(), shuffle=st.booleans(), seed=seeds)
def test_holdout_parts_partition_rows_with_requested_size(n, data, shuffle, seed):
    test_size = data.draw(holdout_sizes(n))
    cv = HoldoutSplit(test_size, shuffle=shuffle, random_state=seed)
    n_dev = test_size if isinstance(test_size, int) else math.ceil(test_size * n)
    if not 1 <= n_dev <= n - 1:
        with pytest.raises(ValueError, match=f"gives {n_dev} dev rows"):
            next(cv.split(np.zeros((n, 1))))
        return
    (train, dev), *rest = cv.split(np.zeros((n, 1)))
    assert not rest and len(dev) == n_dev and len(train) == n - n_dev
    _assert_partition([train, dev], n)
    if not shuffle:  # the last rows are the dev part
        np.testing.assert_array_equal(dev, np.arange(n - n_dev, n))


@settings(max_examples=60, deadline=None)
@given(
    class_counts=st.lists(st.integers(2, 30), min_size=1, max_size=6),
    data=st.data(),
    seed=seeds,
)
def test_stratified_holdout_keeps_class_shares(class_counts, data, seed):
    rng = np.random.default_rng(seed)
    labels = rng.permutation(np.repeat(np.arange(len(class_counts)), class_counts))
    n, n_classes = len(labels), len(class_counts)
    n_dev = data.draw(st.integers(1, n - 1))
    cv = HoldoutSplit(n_dev, stratify=True, random_state=seed)
    if min(n_dev, n - n_dev) < n_classes:  # a part cannot hold every class
        with pytest.raises(ValueError, match="number of classes"):
            next(cv.split(np.zeros((n, 1)), labels))
        return
    train, dev = next(cv.split(np.zeros((n, 1)), labels))
    assert len(dev) == n_dev
    _assert_partition([train, dev], n)
    _assert_within_one_row(labels, dev)
    _assert_within_one_row(labels, train)


@st.composite
def exact_sizes(draw, n):
    """Three sizes that cover n rows exactly: counts, fractions or one None."""
    cuts = sorted(draw(st.lists(st.integers(1, n - 1), min_size=2, max_size=2,
                                unique=True)))  # fmt: skip
    counts = [cuts[0], cuts[1] - cuts[0], n - cuts[1]]
    kind = st.sampled_from(["int", "float", "none"])
    kinds = draw(st.lists(kind, min_size=3, max_size=3).filter(
        lambda k: k.count("none") <= 1))  # fmt: skip
    sizes = [
        c if k == "int" else (c / n if k == "float" else None)
        for c, k in zip(counts, kinds, strict=True)
    ]
    return counts, sizes


@settings(max_examples=80, deadline=None)
@given(n=st.integers(3, 300), data=st.data(), shuffle=st.booleans(), seed=seeds)
def test_three_way_parts_have_the_requested_counts(n, data, shuffle, seed):
    counts, sizes = data.draw(exact_sizes(n))
    parts = train_dev_test_split(
        np.arange(n), train_size=sizes[0], dev_size=sizes[1], test_size=sizes[2],
        shuffle=shuffle, random_state=seed,
    )  # fmt: skip
    assert [len(p) for p in parts] == counts
    _assert_partition(parts, n)
    if not shuffle:  # consecutive blocks, train first
        np.testing.assert_array_equal(np.concatenate(parts), np.arange(n))


@settings(max_examples=80, deadline=None)
@given(
    n=st.integers(3, 500),
    weights=st.tuples(*[st.integers(1, 50)] * 3),
    seed=seeds,
)
def test_three_way_fractions_are_within_one_row(n, weights, seed):
    fractions = [w / sum(weights) for w in weights]
    try:
        parts = train_dev_test_split(
            np.arange(n), train_size=fractions[0], dev_size=fractions[1],
            test_size=fractions[2], random_state=seed,
        )  # fmt: skip
    except ValueError as exc:  # a part too small for any row is an error
        assert "gives 0 of" in str(exc)
        assert min(fractions) * n < 1
        return
    _assert_partition(parts, n)
    for part, fraction in zip(parts, fractions, strict=True):
        assert abs(len(part) - fraction * n) < 1


@settings(max_examples=15, deadline=None)
@given(n=st.integers(6, 40), k=st.integers(2, 5), seed=seeds)
def test_report_model_and_baseline_share_the_kfold_folds(n, k, seed):
    """A baseline reported against itself is the same on every fold draw.

    The KFold below reshuffles on every ``split`` call; only folds drawn once
    give the model and its baseline the same dev error.
    """
    rng = np.random.default_rng(seed)
    X, y = rng.standard_normal((n, 2)), rng.standard_normal(n)
    cv = KFold(k, shuffle=True, random_state=np.random.RandomState(seed))
    d = bias_variance_report(DummyRegressor(), X, y, cv=cv)
    assert d.tolerance == 0.05 * d.dev_error
