"""ZScoreScaler and MinMaxScaler: agreement with scikit-learn, numerics, API."""

import math
import tracemalloc
import warnings

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.testing import assert_allclose, assert_array_equal
from sklearn import preprocessing as skp
from sklearn.datasets import load_wine
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, KFold
from sklearn.pipeline import make_pipeline

from skreg import MinMaxScaler, ZScoreScaler, _moments

SCALERS = [ZScoreScaler, MinMaxScaler]


@pytest.fixture
def small_blocks(monkeypatch):
    """Force many cache blocks per fit so the block-merging path is exercised."""
    monkeypatch.setattr(_moments, "_BLOCK_BYTES", 2048)


def _random_data(seed=0, n=300, p=6, nan_fraction=0.0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p)) * rng.uniform(0.1, 100, p) + rng.uniform(-50, 50, p)
    X[rng.random(X.shape) < nan_fraction] = np.nan
    return X


def _sklearn(cls, X, **fit_params):
    """Fit scikit-learn's counterpart, silencing its own RuntimeWarnings."""
    anchor = skp.StandardScaler if cls is ZScoreScaler else skp.MinMaxScaler
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return anchor().fit(X, **fit_params)


def _exact_moments(column):
    """Mean and population std of a float64 column with exactly rounded sums."""
    n = len(column)
    mean = math.fsum(column) / n
    dev = [x - mean for x in column]  # exact for data far from zero (Sterbenz)
    correction = math.fsum(dev) / n
    var = math.fsum(d * d for d in dev) / n - correction * correction
    return mean + correction, math.sqrt(var)


# --- agreement with scikit-learn -------------------------------------------------


@pytest.mark.parametrize("nan_fraction", [0.0, 0.15])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("with_mean", [True, False])
@pytest.mark.parametrize("with_std", [True, False])
def test_zscore_matches_sklearn(nan_fraction, weighted, with_mean, with_std):
    X = _random_data(nan_fraction=nan_fraction)
    w = np.random.default_rng(1).uniform(0, 3, len(X)) if weighted else None
    ours = ZScoreScaler(with_mean=with_mean, with_std=with_std).fit(X, sample_weight=w)
    anchor = skp.StandardScaler(with_mean=with_mean, with_std=with_std)
    anchor.fit(X, sample_weight=w)
    for attr in ("mean_", "var_", "scale_"):
        if getattr(anchor, attr) is None:
            assert getattr(ours, attr) is None
        else:
            assert_allclose(getattr(ours, attr), getattr(anchor, attr), rtol=1e-12)
    if with_mean or with_std or not weighted:
        # scikit-learn alone counts rows, not weights, when it neither centers nor
        # scales; skreg sums the weights in every mode.
        assert_allclose(ours.n_samples_seen_, anchor.n_samples_seen_, rtol=1e-12)
    assert_allclose(ours.transform(X), anchor.transform(X), rtol=1e-12, atol=1e-13)
    Z = ours.transform(X)
    assert_allclose(ours.inverse_transform(Z), anchor.inverse_transform(Z), rtol=1e-12)


@pytest.mark.parametrize("fmt", ["csr", "csc"])
@pytest.mark.parametrize("weighted", [False, True])
def test_zscore_sparse_matches_sklearn(fmt, weighted):
    rng = np.random.default_rng(2)
    dense = _random_data(seed=3, nan_fraction=0.05)
    dense[rng.random(dense.shape) < 0.6] = 0.0
    X = sp.csr_matrix(dense).asformat(fmt)
    w = rng.uniform(0, 2, X.shape[0]) if weighted else None
    ours = ZScoreScaler(with_mean=False).fit(X, sample_weight=w)
    anchor = skp.StandardScaler(with_mean=False).fit(X, sample_weight=w)
    assert_allclose(ours.mean_, anchor.mean_, rtol=1e-12)
    assert_allclose(ours.var_, anchor.var_, rtol=1e-12)
    assert_allclose(ours.n_samples_seen_, anchor.n_samples_seen_, rtol=1e-12)
    Xt = ours.transform(X)
    assert sp.issparse(Xt)
    assert_allclose(Xt.toarray(), anchor.transform(X).toarray(), rtol=1e-12)
    assert_allclose(ours.inverse_transform(Xt).toarray(), X.toarray(), rtol=1e-12)
    # Sparse statistics agree with the dense path on the same values.
    dense_fit = ZScoreScaler(with_mean=False).fit(X.toarray(), sample_weight=w)
    assert_allclose(ours.scale_, dense_fit.scale_, rtol=1e-12)


def test_zscore_sparse_centering_is_an_error():
    X = sp.random(20, 3, density=0.3, format="csr", random_state=0)
    with pytest.raises(ValueError, match="Cannot center sparse matrices"):
        ZScoreScaler().fit(X)
    fitted = ZScoreScaler().fit(X.toarray())
    with pytest.raises(ValueError, match="Cannot center sparse matrices"):
        fitted.transform(X)


def test_minmax_matches_sklearn():
    X = _random_data(nan_fraction=0.1)
    for kwargs in ({}, {"feature_range": (-3, 2)}, {"clip": True}):
        ours = MinMaxScaler(**kwargs).fit(X)
        anchor = skp.MinMaxScaler(**kwargs).fit(X)
        for attr in ("min_", "scale_", "data_min_", "data_max_", "data_range_"):
            assert_allclose(getattr(ours, attr), getattr(anchor, attr), rtol=1e-12)
        assert ours.n_samples_seen_ == anchor.n_samples_seen_
        X_new = X * 1.5
        assert_allclose(
            ours.transform(X_new), anchor.transform(X_new), rtol=1e-12, atol=1e-12
        )
        Y = ours.transform(X)
        assert_allclose(ours.inverse_transform(Y), X, rtol=1e-12)


def test_minmax_rejects_sparse_and_bad_range():
    X = sp.random(10, 3, density=0.5, format="csr", random_state=0)
    with pytest.raises(TypeError, match="does not support sparse input"):
        MinMaxScaler().fit(X)
    for bad in [(1, 0), (0, 0), (0, np.inf), (0, 1, 2)]:
        with pytest.raises(ValueError, match=r"feature_range must be .*min < max"):
            MinMaxScaler(feature_range=bad).fit([[0.0], [1.0]])


def test_minmax_clip_limits_new_data():
    scaler = MinMaxScaler(feature_range=(-1, 1), clip=True).fit([[0.0], [10.0]])
    assert_array_equal(scaler.transform([[-5.0], [5.0], [50.0]]), [[-1], [0], [1]])


# --- numerics -------------------------------------------------------------------


@pytest.mark.parametrize("n", [1_000, 1_000_000])
def test_zscore_exact_for_huge_offset(n):
    rng = np.random.default_rng(0)
    X = 1e9 + rng.normal(size=(n, 2))
    scaler = ZScoreScaler().fit(X)
    for j in range(2):
        mean, std = _exact_moments(X[:, j].tolist())
        assert abs(scaler.mean_[j] - mean) <= 1e-12 * abs(mean)
        assert abs(scaler.scale_[j] - std) <= 1e-12 * std
    Z = scaler.transform(X[:1000])
    assert_allclose(Z, (X[:1000] - mean) / std * 0 + Z)  # finite and real-valued
    assert abs(Z.std(axis=0) - 1).max() < 0.1


def test_zscore_float32_accumulates_in_float64():
    rng = np.random.default_rng(1)
    X = (1e4 + rng.normal(size=(200_000, 2))).astype(np.float32)
    scaler = ZScoreScaler().fit(X)
    assert scaler.mean_.dtype == np.float64
    for j in range(2):
        mean, std = _exact_moments(X[:, j].astype(np.float64).tolist())
        assert abs(scaler.mean_[j] - mean) <= 1e-12 * abs(mean)
        assert abs(scaler.scale_[j] - std) <= 1e-9 * std
    Z = scaler.transform(X)
    assert Z.dtype == np.float32
    assert abs(float(Z[:, 0].astype(np.float64).std()) - 1) < 1e-4


@pytest.mark.parametrize("offset", [0.0, 1e9])
def test_partial_fit_in_chunks_equals_fit(offset, small_blocks):
    rng = np.random.default_rng(4)
    X = offset + rng.normal(size=(20_000, 3)) * [1.0, 1e-3, 50.0]
    X[rng.random(X.shape) < 0.05] = np.nan
    w = rng.uniform(0.5, 2.0, len(X))
    for kwargs in ({}, {"sample_weight": w}):
        whole = ZScoreScaler().fit(X, **kwargs)
        chunked = ZScoreScaler()
        for start in range(0, len(X), 1000):
            part = {k: v[start : start + 1000] for k, v in kwargs.items()}
            chunked.partial_fit(X[start : start + 1000], **part)
        assert_allclose(chunked.mean_, whole.mean_, rtol=1e-9)
        assert_allclose(chunked.scale_, whole.scale_, rtol=1e-9)
        assert_allclose(chunked.n_samples_seen_, whole.n_samples_seen_, rtol=1e-12)
    mm_whole = MinMaxScaler().fit(X)
    mm_chunked = MinMaxScaler()
    for start in range(0, len(X), 1000):
        mm_chunked.partial_fit(X[start : start + 1000])
    assert_array_equal(mm_chunked.data_min_, mm_whole.data_min_)
    assert_array_equal(mm_chunked.scale_, mm_whole.scale_)
    assert mm_chunked.n_samples_seen_ == mm_whole.n_samples_seen_ == len(X)


def test_block_size_does_not_change_the_result(monkeypatch):
    X = 1e9 + np.random.default_rng(5).normal(size=(30_000, 4))
    one_block = ZScoreScaler().fit(X)
    monkeypatch.setattr(_moments, "_BLOCK_BYTES", 1024)
    many_blocks = ZScoreScaler().fit(X)
    assert_allclose(many_blocks.mean_, one_block.mean_, rtol=1e-14)
    assert_allclose(many_blocks.scale_, one_block.scale_, rtol=1e-12)


def test_values_near_float64_limit():
    X = np.array([[-1.7e308, 1e200], [0.0, -1e200], [1.7e308, 1e200], [1e308, -1e200]])
    scaler = ZScoreScaler().fit(X)
    # Exact reference after an exact power-of-two rescaling.
    for j in range(2):
        col = (X[:, j] * 2.0**-1024).tolist()
        mean, std = _exact_moments(col)
        assert_allclose(scaler.mean_[j] * 2.0**-1024, mean, rtol=1e-14, atol=1e-300)
        assert_allclose(scaler.scale_[j] * 2.0**-1024, std, rtol=1e-14)
    Z = scaler.transform(X)
    assert np.isfinite(Z).all()
    assert_allclose(Z.mean(axis=0), 0, atol=1e-14)
    assert_allclose(Z.std(axis=0), 1, rtol=1e-14)
    assert_allclose(scaler.inverse_transform(Z), X, rtol=1e-14)
    # var_ is scale_**2: it overflows only where the true variance exceeds float64.
    assert np.isinf(scaler.var_).all()

    mm = MinMaxScaler().fit(X)
    assert np.isfinite(mm.scale_).all() and (mm.scale_ > 0).all()
    Y = mm.transform(X)
    assert_allclose(Y[:, 0], [0, 0.5, 1, 2.7 / 3.4], rtol=1e-14)
    assert_allclose(mm.inverse_transform(Y), X, rtol=1e-14)


def test_subnormal_variance_column():
    rng = np.random.default_rng(6)
    col = rng.normal(size=500) * 1e-160 + 3e-158
    X = np.column_stack([col, rng.normal(size=500)])
    scaler = ZScoreScaler().fit(X)
    mean, std = _exact_moments((col * 2.0**600).tolist())
    assert 0 < scaler.var_[0] < 1e-300  # the variance itself is subnormal
    assert_allclose(scaler.scale_[0] * 2.0**600, std, rtol=1e-12)
    assert_allclose(scaler.mean_[0] * 2.0**600, mean, rtol=1e-12)
    Z = scaler.transform(X)
    assert_allclose(Z[:, 0].std(), 1, rtol=1e-12)


def test_subnormal_data_range():
    X = np.array([[2.2250738585072014e-308], [0.0], [1e-308]])
    scaler = MinMaxScaler(feature_range=(-2, 5)).fit(X)
    assert_allclose(
        scaler.transform(X).ravel(), [5, -2, -2 + 7 * 1e-308 / 2.2250738585072014e-308]
    )
    assert_allclose(scaler.inverse_transform(scaler.transform(X)), X, rtol=1e-12)
    assert np.isfinite(scaler.min_).all()


def test_float16_near_its_limit():
    X = np.array([[-6e4, 1.0], [6e4, 2.0], [-6e4, 3.0], [6e4, 4.0]], dtype=np.float16)
    for scaler in (ZScoreScaler(), MinMaxScaler()):
        out = scaler.fit_transform(X)
        assert out.dtype == np.float16
        assert np.isfinite(out).all()
        back = scaler.inverse_transform(out)
        assert_allclose(back.astype(np.float64), X.astype(np.float64), rtol=2e-3)
    assert_allclose(ZScoreScaler().fit_transform(X)[:, 0], [-1, 1, -1, 1])
    assert_allclose(MinMaxScaler().fit_transform(X)[:, 0], [0, 1, 0, 1])


@pytest.mark.parametrize("cls", SCALERS)
@pytest.mark.parametrize("value", [np.inf, -np.inf])
def test_infinity_is_an_error_naming_the_column(cls, value):
    X = pd.DataFrame({"price": [1.0, 2.0, 3.0], "hours": [1.0, value, 2.0]})
    with pytest.raises(ValueError, match=r"infinity in column 1 \('hours'\)"):
        cls().fit(X)
    fitted = cls().fit(X.assign(hours=[1.0, 5.0, 2.0]))
    with pytest.raises(ValueError, match=r"infinity in column 1 \('hours'\)"):
        fitted.transform(X)


def test_transform_overflow_is_an_error():
    scaler = ZScoreScaler().fit([[0.0], [1.0]])
    with pytest.raises(ValueError, match="column 0 overflows float64"):
        scaler.transform([[1.7e308]])
    scaler32 = ZScoreScaler().fit(np.array([[0.0], [1e-3]], dtype=np.float32))
    with pytest.raises(ValueError, match="column 0 overflows float32"):
        scaler32.transform(np.array([[3e38]], dtype=np.float32))


@pytest.mark.parametrize(
    "constant", [0.0, 0.1, 1e9 + 0.1, -3e-300, 1.7e308, np.float64(np.pi)]
)
def test_constant_column_gets_unit_scale_exactly(constant, small_blocks):
    rng = np.random.default_rng(7)
    X = np.column_stack([np.full(5000, constant), rng.normal(size=5000)])
    X[::7, 0] = np.nan
    w = rng.uniform(0, 2, len(X))
    for fit_params in ({}, {"sample_weight": w}):
        scaler = ZScoreScaler().fit(X, **fit_params)
        assert scaler.scale_[0] == 1.0
        assert scaler.var_[0] == 0.0
        assert scaler.mean_[0] == constant
        assert_array_equal(scaler.transform(X)[1::7, 0], 0.0)
    chunked = ZScoreScaler()
    for start in range(0, len(X), 1000):
        chunked.partial_fit(X[start : start + 1000])
    assert chunked.scale_[0] == 1.0
    observed = X[~np.isnan(X[:, 0])]
    sparse_fit = ZScoreScaler(with_mean=False).fit(sp.csr_matrix(observed))
    assert sparse_fit.scale_[0] == 1.0
    mm = MinMaxScaler().fit(X)
    assert mm.scale_[0] == 1.0 and mm.data_range_[0] == 0.0


def test_real_spread_is_never_constant():
    base = 1e9 + 0.1
    X = np.array([[base], [np.nextafter(base, np.inf)]] * 50)
    scaler = ZScoreScaler().fit(X)
    assert 0 < scaler.scale_[0] < 1e-6
    assert_allclose(np.unique(scaler.transform(X)), [-1, 1], rtol=1e-9)
    mm = MinMaxScaler().fit(X)
    assert_array_equal(np.unique(mm.transform(X)), [0, 1])


def test_nan_ignored_in_fit_and_kept_in_transform():
    X = np.array([[1.0, np.nan], [np.nan, 2.0], [3.0, 4.0], [5.0, np.nan]])
    for cls in SCALERS:
        out = cls().fit(X).transform(X)
        assert_array_equal(np.isnan(out), np.isnan(X))
    scaler = ZScoreScaler().fit(X)
    assert_allclose(scaler.mean_, [3.0, 3.0])
    assert_array_equal(scaler.n_samples_seen_, [3, 2])


@pytest.mark.parametrize("cls", SCALERS)
def test_column_without_values_passes_through(cls):
    X = np.array([[1.0, np.nan], [2.0, np.nan], [4.0, np.nan]])
    scaler = cls().fit(X)
    assert_array_equal(scaler.transform([[2.0, 7.5]])[:, 1], [7.5])
    assert np.isfinite(scaler.scale_).all()


# --- API: copies, dtypes, pandas ------------------------------------------------


@pytest.mark.parametrize("cls", SCALERS)
def test_copy_false_transforms_in_place_without_extra_memory(cls):
    X = np.random.default_rng(8).normal(size=(20_000, 50))
    scaler = cls(copy=False).fit(X)
    expected = cls().fit(X).transform(X)
    tracemalloc.start()
    out = scaler.transform(X)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert out is X
    assert peak < X.nbytes / 10
    assert_allclose(X, expected)
    back = scaler.inverse_transform(X)
    assert back is X


@pytest.mark.parametrize("cls", SCALERS)
def test_copy_true_leaves_user_data_untouched(cls):
    X = _random_data(nan_fraction=0.1)
    df = pd.DataFrame(X.copy(), columns=[f"f{i}" for i in range(X.shape[1])])
    X_before, df_before = X.copy(), df.copy()
    scaler = cls().fit(X)
    scaler.transform(X)
    scaler.inverse_transform(X)
    cls().fit(df).transform(df)
    assert_array_equal(X, X_before)
    pd.testing.assert_frame_equal(df, df_before)


@pytest.mark.parametrize("cls", SCALERS)
def test_copy_false_never_writes_into_a_dataframe(cls):
    df = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [4.0, 6.0, 9.0]})
    before = df.copy()
    cls(copy=False).fit(df).transform(df)
    pd.testing.assert_frame_equal(df, before)


@pytest.mark.parametrize("cls", SCALERS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_is_preserved(cls, dtype):
    X = _random_data().astype(dtype)
    scaler = cls().fit(X)
    assert scaler.transform(X).dtype == dtype
    assert scaler.inverse_transform(X).dtype == dtype
    assert scaler.fit_transform(np.arange(12).reshape(6, 2)).dtype == np.float64


@pytest.mark.parametrize("cls", SCALERS)
def test_pandas_output_keeps_column_names(cls):
    X, _ = load_wine(return_X_y=True, as_frame=True)
    scaler = cls().set_output(transform="pandas")
    out = scaler.fit_transform(X)
    assert isinstance(out, pd.DataFrame)
    assert list(out.columns) == list(X.columns)
    assert_array_equal(scaler.get_feature_names_out(), X.columns)
    assert list(scaler.feature_names_in_) == list(X.columns)


def test_bad_sample_weight_is_an_error():
    X = np.ones((3, 2))
    with pytest.raises(
        ValueError, match="Negative values in data passed to `sample_weight`"
    ):
        ZScoreScaler().fit(X, sample_weight=[1.0, -1.0, 1.0])
    with pytest.raises(ValueError, match="sample_weight.shape"):
        ZScoreScaler().fit(X, sample_weight=[1.0, 1.0])


@pytest.mark.parametrize("cls", SCALERS)
def test_feature_count_mismatch_is_an_error(cls):
    scaler = cls().fit(np.ones((4, 3)))
    with pytest.raises(ValueError, match="expecting 3 features"):
        scaler.transform(np.ones((2, 2)))
    with pytest.raises(ValueError, match="expecting 3 features"):
        scaler.inverse_transform(np.ones((2, 2)))


def test_wine_pipeline_in_grid_search_with_dataframe():
    X, y = load_wine(return_X_y=True, as_frame=True)
    pipe = make_pipeline(ZScoreScaler(), LogisticRegression(max_iter=1000))
    search = GridSearchCV(
        pipe,
        {"logisticregression__C": [0.1, 1.0], "zscorescaler__with_mean": [True, False]},
        cv=KFold(5, shuffle=True, random_state=0),
    )
    search.fit(X, y)
    assert search.best_score_ > 0.95
    scaler = search.best_estimator_[0].set_output(transform="pandas")
    out = scaler.transform(X)
    assert list(out.columns) == list(X.columns)


# --- properties -----------------------------------------------------------------

finite_matrices = hnp.arrays(
    np.float64,
    hnp.array_shapes(min_dims=2, max_dims=2, min_side=2, max_side=40),
    elements=st.floats(-1e12, 1e12, allow_nan=False, allow_subnormal=False),
)


@settings(max_examples=60, deadline=None)
@given(X=finite_matrices)
def test_property_inverse_of_transform(X):
    for scaler in (ZScoreScaler(), MinMaxScaler(), MinMaxScaler((-2.0, 5.0))):
        Z = scaler.fit_transform(X)
        assert np.isfinite(Z).all()
        tol = 1e-9 * (np.abs(X).max(axis=0) + 1e-300)
        assert (np.abs(scaler.inverse_transform(Z) - X) <= tol).all()


@settings(max_examples=60, deadline=None)
@given(X=finite_matrices, chunk=st.integers(1, 15))
def test_property_chunked_partial_fit_equals_fit(X, chunk):
    whole = ZScoreScaler().fit(X)
    parts = ZScoreScaler()
    for start in range(0, len(X), chunk):
        parts.partial_fit(X[start : start + chunk])
    spread = np.abs(X - whole.mean_).max(axis=0)
    assert (np.abs(parts.mean_ - whole.mean_) <= 1e-12 * spread + 1e-300).all()
    assert (np.abs(parts.scale_ - whole.scale_) <= 1e-9 * whole.scale_).all()
    assert_array_equal(parts.scale_ == 1.0, whole.scale_ == 1.0)


@settings(max_examples=80, deadline=None)
@given(
    X=finite_matrices,
    feature_range=st.sampled_from([(0.0, 1.0), (-1.0, 1.0), (0.0, 255.0)]),
)
def test_property_minmax_training_output_inside_range(X, feature_range):
    out = MinMaxScaler(feature_range=feature_range).fit_transform(X)
    assert (out >= feature_range[0]).all()
    assert (out <= feature_range[1]).all()
