"""Tests for skreg.model_selection: holdout, three-way split, bias/variance."""

import warnings

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris
from sklearn.dummy import DummyRegressor
from sklearn.linear_model import Lasso, LogisticRegression, Ridge
from sklearn.model_selection import (
    GridSearchCV,
    KFold,
    check_cv,
    cross_validate,
    learning_curve,
    train_test_split,
)
from sklearn.tree import DecisionTreeClassifier

from skreg import (
    BiasVarianceDiagnosis,
    HoldoutSplit,
    bias_variance_report,
    diagnose_bias_variance,
    train_dev_test_split,
)


@pytest.fixture(scope="module")
def diabetes():
    return load_diabetes(return_X_y=True)


# --------------------------------------------------------------------------------
# HoldoutSplit


def test_holdout_repr_and_n_splits():
    cv = HoldoutSplit(0.3, stratify=True, random_state=1)
    assert repr(cv) == (
        "HoldoutSplit(random_state=1, shuffle=True, stratify=True, test_size=0.3)"
    )
    assert cv.get_n_splits() == 1
    assert cv.get_n_splits(np.zeros((10, 2)), np.zeros(10), None) == 1
    assert check_cv(cv) is cv


@pytest.mark.parametrize(
    "test_size, n_dev", [(0.2, 20), (0.25, 25), (7, 7), (0.001, 1)]
)
def test_holdout_folds_disjoint_and_cover(test_size, n_dev):
    X = np.zeros((100, 3))
    splits = list(HoldoutSplit(test_size, random_state=0).split(X))
    assert len(splits) == 1
    train, dev = splits[0]
    assert len(dev) == n_dev
    assert np.intersect1d(train, dev).size == 0
    np.testing.assert_array_equal(np.sort(np.concatenate([train, dev])), np.arange(100))


def test_holdout_is_train_test_split_of_indices():
    X = np.zeros((50, 2))
    train, dev = next(HoldoutSplit(0.2, random_state=7).split(X))
    exp_train, exp_dev = train_test_split(np.arange(50), test_size=10, random_state=7)
    np.testing.assert_array_equal(train, exp_train)
    np.testing.assert_array_equal(dev, exp_dev)


def test_holdout_deterministic_for_int_seed_and_varies_with_seed():
    X = np.zeros((40, 1))
    a = next(HoldoutSplit(random_state=3).split(X))[1]
    b = next(HoldoutSplit(random_state=3).split(X))[1]
    c = next(HoldoutSplit(random_state=4).split(X))[1]
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_holdout_without_shuffle_takes_last_rows():
    train, dev = next(HoldoutSplit(3, shuffle=False).split(np.zeros((10, 1))))
    np.testing.assert_array_equal(train, np.arange(7))
    np.testing.assert_array_equal(dev, [7, 8, 9])


def test_holdout_stratify_uses_y():
    y = np.array([0] * 80 + [1] * 20)
    X = np.zeros((100, 2))
    for seed in range(5):
        train, dev = next(
            HoldoutSplit(0.2, stratify=True, random_state=seed).split(X, y)
        )
        assert np.bincount(y[dev]).tolist() == [16, 4]
        assert np.bincount(y[train]).tolist() == [64, 16]
    # without stratification the class counts in dev do vary with the seed
    counts = {
        tuple(np.bincount(y[next(HoldoutSplit(0.2, random_state=s).split(X))[1]]))
        for s in range(20)
    }
    assert len(counts) > 1


def test_holdout_errors():
    X = np.zeros((10, 1))
    with pytest.raises(ValueError, match=r"stratify=True\) needs y; got y=None"):
        next(HoldoutSplit(stratify=True).split(X))
    with pytest.raises(ValueError, match="requires shuffle=True; got shuffle=False"):
        next(HoldoutSplit(stratify=True, shuffle=False).split(X, np.arange(10) % 2))
    with pytest.raises(ValueError, match="same number of rows; got X with 10 rows "
                       "and y with 9"):  # fmt: skip
        next(HoldoutSplit(stratify=True).split(X, np.arange(9) % 2))
    with pytest.raises(ValueError, match=r"y must be 1-D class labels; got shape"):
        next(HoldoutSplit(stratify=True).split(X, np.zeros((10, 2))))
    with pytest.raises(ValueError, match="Input y contains NaN"):
        next(HoldoutSplit(stratify=True).split(X, np.r_[np.nan, np.arange(9) % 2]))


@pytest.mark.parametrize("bad", [10, 25])
def test_holdout_test_size_too_large(bad):
    with pytest.raises(ValueError, match=f"test_size={bad} gives {bad} dev rows"):
        next(HoldoutSplit(bad).split(np.zeros((10, 1))))


@pytest.mark.parametrize(
    "cv", [HoldoutSplit(0.25, random_state=0), KFold(5, shuffle=True, random_state=42)]
)
def test_grid_search_picks_an_alpha(diabetes, cv):
    X, y = diabetes
    alphas = [0.001, 0.01, 0.1, 1.0, 10.0]
    search = GridSearchCV(Lasso(max_iter=10_000), {"alpha": alphas}, cv=cv)
    search.fit(X, y)
    assert search.best_params_["alpha"] in alphas
    n_splits = cv.get_n_splits()
    assert search.n_splits_ == n_splits
    # the chosen alpha is the best mean dev score, and the large alphas lose
    means = search.cv_results_["mean_test_score"]
    assert search.best_params_["alpha"] == alphas[int(np.argmax(means))]
    assert means[-1] < means.max()


def test_holdout_in_cross_validate_and_learning_curve(diabetes):
    X, y = diabetes
    cv = HoldoutSplit(0.2, random_state=0)
    res = cross_validate(Ridge(), X, y, cv=cv, return_train_score=True)
    assert res["test_score"].shape == (1,)
    train, dev = next(cv.split(X))
    expected = Ridge().fit(X[train], y[train]).score(X[dev], y[dev])
    assert res["test_score"][0] == pytest.approx(expected)

    sizes, train_scores, dev_scores = learning_curve(
        Ridge(), X, y, cv=cv, train_sizes=[0.5, 1.0]
    )
    assert sizes.tolist() == [176, 353]
    assert train_scores.shape == dev_scores.shape == (2, 1)


def test_holdout_stratified_in_grid_search():
    X, y = load_iris(return_X_y=True)
    cv = HoldoutSplit(0.2, stratify=True, random_state=0)
    search = GridSearchCV(
        LogisticRegression(max_iter=1000), {"C": [0.01, 1.0]}, cv=cv
    ).fit(X, y)
    assert search.best_params_["C"] == 1.0


# --------------------------------------------------------------------------------
# train_dev_test_split


def test_default_split_is_60_20_20_and_partitions_rows():
    X = np.arange(200).reshape(100, 2)
    y = np.arange(100)
    X_tr, X_dev, X_te, y_tr, y_dev, y_te = train_dev_test_split(X, y, random_state=0)
    assert (len(y_tr), len(y_dev), len(y_te)) == (60, 20, 20)
    np.testing.assert_array_equal(np.sort(np.concatenate([y_tr, y_dev, y_te])), y)
    np.testing.assert_array_equal(X_tr[:, 0], 2 * y_tr)  # rows stay aligned
    np.testing.assert_array_equal(X_te[:, 1], 2 * y_te + 1)


def test_split_is_reproducible():
    y = np.arange(30)
    a = train_dev_test_split(y, random_state=5)
    b = train_dev_test_split(y, random_state=5)
    c = train_dev_test_split(y, random_state=6)
    for left, right in zip(a, b, strict=True):
        np.testing.assert_array_equal(left, right)
    assert not np.array_equal(a[0], c[0])


def test_pandas_inputs_keep_type_and_are_not_mutated():
    df = pd.DataFrame(
        {"a": np.arange(10.0), "b": list("abcdefghij")}, index=np.arange(10) * 10
    )
    s = pd.Series(np.arange(10), index=df.index, name="target")
    df_before, s_before = df.copy(), s.copy()
    df_tr, df_dev, df_te, s_tr, s_dev, s_te = train_dev_test_split(
        df, s, train_size=0.6, dev_size=0.2, test_size=0.2, random_state=0
    )
    assert isinstance(df_tr, pd.DataFrame) and isinstance(s_te, pd.Series)
    assert list(df_tr.columns) == ["a", "b"] and s_tr.name == "target"
    assert (df_tr.index == s_tr.index).all()
    assert set(df_tr.index) | set(df_dev.index) | set(df_te.index) == set(df.index)
    df_tr.loc[df_tr.index[0], "a"] = -1.0  # editing a part leaves the input alone
    pd.testing.assert_frame_equal(df, df_before)
    pd.testing.assert_series_equal(s, s_before)


def test_lists_and_sparse():
    rows = list(range(10))
    X = sp.coo_matrix(np.arange(20).reshape(10, 2))
    r_tr, r_dev, r_te, X_tr, X_dev, X_te = train_dev_test_split(
        rows, X, train_size=6, dev_size=2, test_size=2, random_state=0
    )
    assert isinstance(r_tr, list) and len(r_dev) == 2
    assert sp.issparse(X_tr) and X_tr.shape == (6, 2)
    np.testing.assert_array_equal(X_te.toarray()[:, 0], 2 * np.array(r_te))
    csr = sp.csr_matrix(np.eye(5))
    parts = train_dev_test_split(csr, train_size=3, dev_size=1, test_size=1)
    assert [p.shape[0] for p in parts] == [3, 1, 1]


def test_98_1_1_on_100k_rows():
    X = np.zeros((100_000, 2), dtype=np.float32)
    parts = train_dev_test_split(
        X, train_size=0.98, dev_size=0.01, test_size=0.01, random_state=0
    )
    assert [len(p) for p in parts] == [98_000, 1_000, 1_000]


@pytest.mark.parametrize(
    "sizes, expected",
    [
        ((0.6, 0.2, 0.2), [6, 2, 2]),
        ((7, 2, 1), [7, 2, 1]),
        ((None, 2, 1), [7, 2, 1]),
        ((0.5, None, 2), [5, 3, 2]),
        ((0.7, 2, 0.1), [7, 2, 1]),
        ((1 / 3, 1 / 3, 1 / 3), [4, 3, 3]),
    ],
)
def test_sizes_fractions_counts_and_mixing(sizes, expected):
    tr, dev, te = train_dev_test_split(
        np.arange(10), train_size=sizes[0], dev_size=sizes[1], test_size=sizes[2]
    )
    assert [len(tr), len(dev), len(te)] == expected


def test_shuffle_false_keeps_order():
    tr, dev, te = train_dev_test_split(np.arange(10), shuffle=False)
    assert tr.tolist() == list(range(6))
    assert dev.tolist() == [6, 7] and te.tolist() == [8, 9]


@pytest.mark.parametrize(
    "sizes, match",
    [
        ((0.6, 0.3, 0.2), r"must add up to 1.0 .* which adds up to 1.1"),
        ((0.5, 0.2, 0.2), r"must add up to 1.0"),
        ((6, 2, 1), r"must add up to n_samples=10 .* adds up to 9"),
        ((0.9, 2, None), r"test_size=None takes the remaining rows, but the other "
         r"sizes use 11 of n_samples=10"),
        ((None, 5, 0.5), r"train_size=None takes the remaining rows, but the other "
         r"sizes use 10 of n_samples=10"),
        ((0.5, 0.3, 3), r"must add up to n_samples=10 .* adds up to 11"),
        ((None, None, 0.2), r"at most one of train_size, dev_size and test_size may "
         r"be None"),
        ((0.98, 0.01, 0.01), r"dev_size gives 0 of n_samples=10 rows"),
    ],
)  # fmt: skip
def test_bad_sizes(sizes, match):
    with pytest.raises(ValueError, match=match):
        train_dev_test_split(
            np.arange(10), train_size=sizes[0], dev_size=sizes[1], test_size=sizes[2]
        )


def test_bad_inputs():
    with pytest.raises(ValueError, match=r"same number of rows; got lengths \[10, 9\]"):
        train_dev_test_split(np.arange(10), np.arange(9))
    with pytest.raises(ValueError, match="needs at least one array"):
        train_dev_test_split()
    with pytest.raises(ValueError, match="need at least 3 rows .* got n_samples=2"):
        train_dev_test_split(np.arange(2))
    with pytest.raises(
        ValueError, match=r"stratify must have one label per row \(10\)"
    ):
        train_dev_test_split(np.arange(10), stratify=np.arange(9) % 2)
    with pytest.raises(ValueError, match="stratify requires shuffle=True"):
        train_dev_test_split(np.arange(10), stratify=np.arange(10) % 2, shuffle=False)
    with pytest.raises(ValueError, match="every class needs at least 2 rows; got cl"):
        train_dev_test_split(np.arange(10), stratify=[0] * 9 + [1])
    with pytest.raises(ValueError, match=r"stratify must be 1-D class labels; got "
                       r"shape \(10, 2\)"):  # fmt: skip
        train_dev_test_split(np.arange(10), stratify=np.zeros((10, 2)))
    with pytest.raises(TypeError, match="expected array-like inputs"):
        train_dev_test_split(5)


def _check_stratified(labels, parts_idx, part_sizes):
    n = len(labels)
    classes, counts = np.unique(labels, return_counts=True)
    assert [len(p) for p in parts_idx] == list(part_sizes)
    allrows = np.sort(np.concatenate(parts_idx))
    np.testing.assert_array_equal(allrows, np.arange(n))
    for part, size in zip(parts_idx, part_sizes, strict=True):
        got = np.array([(labels[part] == c).sum() for c in classes])
        share = counts * size / n
        assert np.all(np.abs(got - share) < 1), (got, share)


@settings(max_examples=60, deadline=None)
@given(
    class_counts=st.lists(st.integers(2, 40), min_size=1, max_size=8),
    fractions=st.tuples(st.integers(1, 20), st.integers(1, 20), st.integers(1, 20)),
    seed=st.integers(0, 2**16),
)
def test_stratified_each_class_within_one_row_of_share(class_counts, fractions, seed):
    labels = np.repeat(np.arange(len(class_counts)), class_counts)
    labels = np.random.default_rng(seed).permutation(labels)
    n = len(labels)
    total = sum(fractions)
    if n < 3:
        return
    sizes = [f / total for f in fractions]
    try:
        parts = train_dev_test_split(
            np.arange(n), train_size=sizes[0], dev_size=sizes[1], test_size=None,
            stratify=labels, random_state=seed,
        )  # fmt: skip
    except ValueError as exc:  # a part too small to get any row is an error
        assert "gives 0 of" in str(exc)
        return
    _check_stratified(labels, parts, [len(p) for p in parts])


@pytest.mark.parametrize("seed", range(3))
def test_stratified_98_1_1_with_string_labels(seed):
    rng = np.random.default_rng(seed)
    labels = rng.choice(
        np.array(["cat", "dog", "rare"]), p=[0.7, 0.29, 0.01], size=5000
    )
    y = pd.Series(labels, dtype="str")
    parts = train_dev_test_split(
        np.arange(5000), train_size=0.98, dev_size=0.01, test_size=0.01,
        stratify=y, random_state=seed,
    )  # fmt: skip
    _check_stratified(labels, parts, [4900, 50, 50])


# --------------------------------------------------------------------------------
# bias / variance


@pytest.mark.parametrize(
    "train, dev, human, verdict",
    [
        (0.01, 0.11, 0.0, "high variance"),
        (0.15, 0.16, 0.0, "high bias"),
        (0.15, 0.30, 0.0, "both"),
        (0.005, 0.01, 0.0, "fine"),
        (0.15, 0.16, 0.14, "fine"),  # human-level error makes the bias unavoidable
        (0.08, 0.10, 0.0, "high bias"),
    ],
)
def test_diagnose_basic_recipe(train, dev, human, verdict):
    d = diagnose_bias_variance(train, dev, human)
    assert isinstance(d, BiasVarianceDiagnosis)
    assert d.verdict == verdict
    assert d.avoidable_bias == pytest.approx(train - human)
    assert d.variance == pytest.approx(dev - train)
    if verdict in ("high bias", "both"):
        assert any("bigger model" in tip for tip in d.advice)
    if verdict in ("high variance", "both"):
        assert any("more training data" in tip for tip in d.advice)
        assert any("regularize more" in tip for tip in d.advice)
    if verdict == "fine":
        assert len(d.advice) == 1


def test_diagnose_tolerance_and_repr():
    d = diagnose_bias_variance(300.0, 700.0, human_error=250.0, tolerance=100.0)
    assert d.verdict == "high variance"
    text = repr(d)
    assert text.startswith("BiasVarianceDiagnosis(verdict='high variance')")
    assert "avoidable bias  : 50" in text and "variance        : 400" in text


def test_report_classifier_tree_overfits():
    X, y = load_breast_cancer(return_X_y=True)
    d = bias_variance_report(DecisionTreeClassifier(random_state=0), X, y, cv=5)
    assert d.verdict == "high variance"
    assert d.error_name == "1 - accuracy"
    res = cross_validate(DecisionTreeClassifier(random_state=0), X, y, cv=5)
    assert d.dev_error == pytest.approx(1 - res["test_score"].mean())
    baseline_error = 1 - np.bincount(y).max() / len(y)
    assert d.tolerance == pytest.approx(0.05 * baseline_error, rel=0.02)
    assert d.dev_error_std is not None and "+/-" in repr(d)


def test_report_regressor_high_bias(diabetes):
    X, y = diabetes
    d = bias_variance_report(Ridge(alpha=1e4), X, y, cv=KFold(5, shuffle=True,
                             random_state=42))  # fmt: skip
    assert d.verdict == "high bias"
    assert d.error_name == "mean_squared_error"
    assert d.train_error == pytest.approx(y.var(), rel=0.05)


def test_report_well_fit_model_is_fine(diabetes):
    X, y = diabetes
    d = bias_variance_report(
        Ridge(alpha=0.1), X, y, cv=HoldoutSplit(0.3, random_state=0),
        scoring="r2", human_error=0.45,
    )  # fmt: skip
    assert d.error_name == "1 - r2"
    train, dev = next(HoldoutSplit(0.3, random_state=0).split(X))
    model = Ridge(alpha=0.1).fit(X[train], y[train])
    assert d.dev_error == pytest.approx(1 - model.score(X[dev], y[dev]))
    assert d.train_error == pytest.approx(1 - model.score(X[train], y[train]))
    assert d.train_error_std == 0.0  # one split, no spread
    kfold = KFold(5, shuffle=True, random_state=42)
    d = bias_variance_report(Ridge(alpha=0.1), X, y, cv=kfold, scoring="r2",
                             human_error=0.45)  # fmt: skip
    assert d.verdict == "fine"
    assert 0 < d.avoidable_bias < d.tolerance and 0 < d.variance < d.tolerance


def test_report_neg_scorer_is_sign_flipped(diabetes):
    X, y = diabetes
    d = bias_variance_report(Ridge(), X, y, cv=3, scoring="neg_mean_absolute_error")
    res = cross_validate(Ridge(), X, y, cv=3, scoring="neg_mean_absolute_error")
    assert d.error_name == "mean_absolute_error"
    assert d.dev_error == pytest.approx(-res["test_score"].mean())


def test_report_scores_model_and_baseline_on_the_same_folds(diabetes):
    # a splitter whose folds change on every split() call
    X, y = diabetes
    cv = KFold(4, shuffle=True, random_state=np.random.RandomState(0))
    d = bias_variance_report(Ridge(), X, y, cv=cv)
    folds = list(KFold(4, shuffle=True, random_state=np.random.RandomState(0)).split(X))
    model = cross_validate(Ridge(), X, y, cv=folds, scoring="neg_mean_squared_error")
    baseline = cross_validate(DummyRegressor(), X, y, cv=folds,
                              scoring="neg_mean_squared_error")  # fmt: skip
    assert d.dev_error == pytest.approx(-model["test_score"].mean(), rel=1e-12)
    assert d.tolerance == pytest.approx(
        0.05 * -baseline["test_score"].mean(), rel=1e-12
    )


def test_report_rejects_non_finite_errors():
    # R^2 on one-row dev folds is undefined (NaN with a warning)
    X, y = np.arange(8.0).reshape(4, 2), np.arange(4.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ValueError, match=r"scoring='r2' gave non-finite errors"):
            bias_variance_report(Ridge(), X, y, cv=4, scoring="r2")


# --------------------------------------------------------------------------------
# NumPy's global random state


def _holdout_parts(X, y):
    return next(HoldoutSplit(0.3, stratify=True, random_state=0).split(X, y))


def _three_parts(X, y):
    return train_dev_test_split(np.arange(len(y)), stratify=y, random_state=0)


def _report(X, y):
    d = bias_variance_report(
        DecisionTreeClassifier(random_state=0), X, y,
        cv=KFold(3, shuffle=True, random_state=0),
    )  # fmt: skip
    return [d.train_error, d.dev_error, d.tolerance]


def _report_holdout(X, y):
    d = bias_variance_report(
        LogisticRegression(max_iter=1000), X, y, cv=HoldoutSplit(random_state=0)
    )
    return [d.train_error, d.dev_error, d.tolerance]


@pytest.mark.parametrize(
    "run", [_holdout_parts, _three_parts, _report, _report_holdout]
)
def test_seeded_helpers_ignore_global_random_state(
    run, global_rng, global_state_unchanged
):
    X, y = load_iris(return_X_y=True)
    global_rng(1)
    before = np.random.get_state()  # noqa: NPY002
    first = run(X, y)
    assert global_state_unchanged(before)
    global_rng(2)  # another global state changes nothing
    second = run(X, y)
    for a, b in zip(first, second, strict=True):
        np.testing.assert_array_equal(a, b)


def test_unseeded_holdout_follows_global_random_state(global_rng):
    """Control for the test above: random_state=None does use the global state."""
    X = np.zeros((50, 1))
    global_rng(1)
    a = next(HoldoutSplit().split(X))[1]
    global_rng(2)
    b = next(HoldoutSplit().split(X))[1]
    global_rng(1)
    c = next(HoldoutSplit().split(X))[1]
    assert not np.array_equal(a, b)
    np.testing.assert_array_equal(a, c)
