"""Properties of both scalers on any finite data: chunking, inversion, finiteness.

The data strategies reach the whole float64 range on purpose: subnormals, +-1e308,
huge offsets with a spread of a few ulps, constant columns and NaN.
"""

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

from skreg import MinMaxScaler, ZScoreScaler

EPS = np.finfo(np.float64).eps
# The smallest positive float64. Subnormal values are integer multiples of it, so a
# float64 statistic of subnormal data is only defined to within a few of them.
QUANTUM = 2.0**-1074

any_float = st.floats(allow_nan=False, allow_infinity=False)


@st.composite
def columns(draw, n):
    """One column of ``n`` finite values, of a kind that stresses the scalers."""
    kind = draw(st.sampled_from(["any", "offset", "subnormal", "constant", "small"]))
    if kind == "any":
        values = draw(st.lists(any_float, min_size=n, max_size=n))
    elif kind == "offset":  # a huge offset, a spread of a few ulps
        base = draw(any_float.filter(lambda v: v != 0))
        steps = draw(st.lists(st.integers(-50, 50), min_size=n, max_size=n))
        with np.errstate(over="ignore", invalid="ignore"):
            values = base + np.array(steps) * np.spacing(base)
        values = np.where(np.isfinite(values), values, base)
    elif kind == "subnormal":
        ints = draw(st.lists(st.integers(-(2**20), 2**20), min_size=n, max_size=n))
        values = np.array(ints, dtype=np.float64) * QUANTUM
    elif kind == "constant":
        values = [draw(any_float)] * n
    else:
        values = draw(st.lists(st.floats(-1e3, 1e3), min_size=n, max_size=n))
    return np.asarray(values, dtype=np.float64)


@st.composite
def matrices(draw, nan=True, min_rows=1, p=None):
    """A float64 matrix of 1-4 (or ``p``) such columns, optionally with NaN."""
    n = draw(st.integers(min_rows, 24))
    p = draw(st.integers(1, 4)) if p is None else p
    X = np.column_stack([draw(columns(n)) for _ in range(p)])
    if nan and draw(st.booleans()):
        mask = draw(st.lists(st.booleans(), min_size=n * p, max_size=n * p))
        X[np.array(mask).reshape(n, p)] = np.nan
    return X


@st.composite
def chunks(draw, n):
    """Random chunk boundaries over ``n`` rows, as a list of slices."""
    cuts = draw(st.sets(st.integers(1, max(n - 1, 1)), max_size=n))
    bounds = [0, *sorted(c for c in cuts if c < n), n]
    return [slice(a, b) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


# Weights within a factor 1e300 of each other: beyond 2**1022 the smaller ones are
# subnormal relative to the largest and lose digits (and their negligible share).
weights = st.one_of(st.just(0.0), st.floats(1e-150, 1e150))


def _column_scale(X):
    """Largest magnitude of each column (NaN ignored; 0 for a column without any)."""
    with np.errstate(invalid="ignore"):
        return np.nan_to_num(np.fmax.reduce(np.abs(X), axis=0))


def _constant(scaler):
    return (scaler.scale_ == 1.0) & (scaler.var_ == 0.0)


def _assert_same_moments(ours, reference, X, w):
    """``mean_`` and ``scale_`` of two fits of the same data agree.

    Both are sums rounded in float64, in a different order. Each of the at most
    24 merges or blocks may move the mean by a few ulps of the largest deviation
    from it and the std by a few ulps of itself: 64 * eps (1.4e-14) of those
    bounds the difference. Add the rounding of the mean itself, and a few subnormal
    quanta, below which float64 has no digits at all.
    """
    counted = ~np.isnan(X) if w is None else ~np.isnan(X) & (w > 0)[:, None]
    half_deviation = np.abs(0.5 * X - 0.5 * reference.mean_)  # cannot overflow
    half_deviation = np.where(counted, half_deviation, 0.0).max(axis=0)
    std = reference.scale_ * ~_constant(reference)
    mean_tol = 8 * EPS * np.abs(reference.mean_) + 128 * EPS * half_deviation
    mean_err = np.abs(ours.mean_ - reference.mean_)
    assert (mean_err <= mean_tol + 4 * QUANTUM).all()
    scale_err = np.abs(ours.scale_ - reference.scale_)
    assert (scale_err <= 64 * EPS * std + 4 * QUANTUM).all()
    assert_array_equal(_constant(ours), _constant(reference))


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_zscore_chunked_partial_fit_equals_fit(data):
    X = data.draw(matrices())
    parts = data.draw(chunks(len(X)))
    w = None
    if data.draw(st.booleans()):
        w = np.array(data.draw(st.lists(weights, min_size=len(X), max_size=len(X))))
        assume(all(w[part].any() for part in parts))
    whole = ZScoreScaler().fit(X, sample_weight=w)
    chunked = ZScoreScaler()
    for part in parts:
        chunked.partial_fit(X[part], sample_weight=None if w is None else w[part])
    _assert_same_moments(chunked, whole, X, w)
    assert_allclose(chunked.n_samples_seen_, whole.n_samples_seen_, rtol=1e-13)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_zscore_sparse_fit_equals_dense_fit(data):
    X = data.draw(matrices())
    X[
        np.array(
            data.draw(st.lists(st.booleans(), min_size=X.size, max_size=X.size))
        ).reshape(X.shape)
    ] = 0.0
    w = None
    if data.draw(st.booleans()):
        w = np.array(data.draw(st.lists(weights, min_size=len(X), max_size=len(X))))
        assume(w.any())
    dense = ZScoreScaler(with_mean=False).fit(X, sample_weight=w)
    fmt = data.draw(st.sampled_from(["csr", "csc"]))
    sparse = ZScoreScaler(with_mean=False).fit(
        sp.csr_matrix(X).asformat(fmt), sample_weight=w
    )
    _assert_same_moments(sparse, dense, X, w)
    assert_allclose(sparse.n_samples_seen_, dense.n_samples_seen_, rtol=1e-13)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_minmax_chunked_partial_fit_equals_fit_exactly(data):
    X = data.draw(matrices())
    feature_range = data.draw(st.sampled_from([(0, 1), (-2.0, 5.0), (-1e-3, 1e3)]))
    whole = MinMaxScaler(feature_range).fit(X)
    chunked = MinMaxScaler(feature_range)
    for part in data.draw(chunks(len(X))):
        chunked.partial_fit(X[part])
    # Minimum and maximum are exact, so is everything derived from them.
    for attr in ("data_min_", "data_max_", "data_range_", "scale_", "min_"):
        assert_array_equal(getattr(chunked, attr), getattr(whole, attr))
    assert chunked.n_samples_seen_ == whole.n_samples_seen_


SCALERS = [
    ZScoreScaler(),
    ZScoreScaler(with_mean=False),
    ZScoreScaler(with_std=False),
    MinMaxScaler(),
    MinMaxScaler(feature_range=(-2.0, 5.0)),
    MinMaxScaler(feature_range=(-1.0, 1.0), clip=True),
]


@pytest.mark.parametrize("scaler", SCALERS, ids=repr)
@settings(max_examples=40, deadline=None)
@given(X=matrices())
def test_inverse_transform_recovers_training_data(scaler, X):
    scaler.fit(X)
    if isinstance(scaler, ZScoreScaler) and not scaler.with_std:
        # Centering alone can move a value near +-1.8e308 beyond float64: then the
        # transform must refuse, naming the column (or, within the 8 ulps of its
        # rounding, give the largest float64).
        half_centered = np.abs(0.5 * X - 0.5 * scaler.mean_)
        limit = np.finfo(np.float64).max / 2
        if (half_centered > limit * (1 + 8 * EPS)).any():
            with pytest.raises(ValueError, match=r"column \d+ overflows float64"):
                scaler.transform(X)
            return
    Z = scaler.transform(X)
    assert_array_equal(np.isnan(Z), np.isnan(X))
    assert np.isfinite(Z[~np.isnan(X)]).all()
    back = scaler.inverse_transform(Z)
    # Two or three roundings each way, each at most an ulp of the column's largest
    # magnitude (the dynamic range); subnormal results round to a quantum.
    tol = 16 * EPS * _column_scale(X) + 4 * QUANTUM
    err = np.abs(np.where(np.isnan(X), 0.0, back - X))
    assert (err <= tol).all()


@pytest.mark.parametrize("scaler", SCALERS, ids=repr)
@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_transform_is_finite_or_names_the_column(scaler, data):
    X = data.draw(matrices(nan=False))
    X_new = data.draw(matrices(nan=False, p=X.shape[1]))
    scaler.fit(X)
    for method in (scaler.transform, scaler.inverse_transform):
        try:
            out = method(X_new)
        except ValueError as exc:
            assert "overflows float64" in str(exc)
            assert "column" in str(exc)
        else:
            assert np.isfinite(out).all()


@pytest.mark.parametrize("scaler", SCALERS, ids=repr)
@settings(max_examples=30, deadline=None)
@given(X=matrices(min_rows=2))
def test_float32_transform_is_float64_transform_rounded(scaler, X):
    with np.errstate(over="ignore"):
        X32 = X.astype(np.float32)
    assume(np.isfinite(X32[~np.isnan(X32)]).all())
    Z32 = scaler.fit(X32).transform(X32)
    assert Z32.dtype == np.float32
    Z64 = scaler.transform(X32.astype(np.float64))
    # The float32 path rounds a few times where float64 rounds once: a few ulps of
    # float32 relative to the result, or to the unit the data are scaled to.
    eps32 = float(np.finfo(np.float32).eps)
    unit = 1.0 if not isinstance(scaler, ZScoreScaler) or scaler.with_std else 0.0
    unit = np.maximum(unit, 0.0)
    tol = 8 * eps32 * (np.abs(Z64) + unit) + 2.0**-149
    err = np.abs(Z32.astype(np.float64) - Z64)
    assert_array_equal(np.isnan(Z32), np.isnan(Z64))
    assert (err[~np.isnan(Z64)] <= tol[~np.isnan(Z64)]).all()
