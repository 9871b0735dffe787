"""Scalers on subnormal, near-overflow and extremely weighted data.

Each test pins down a case that once gave NaN, inf, a spurious constant column or
a wrong digit; the references are computed exactly with fractions.
"""

import math
from fractions import Fraction

import numpy as np
import pytest
import scipy.sparse as sp
from numpy.testing import assert_allclose, assert_array_equal

from skreg import MinMaxScaler, ZScoreScaler

EPS = np.finfo(np.float64).eps
# The smallest positive float64: every subnormal is a multiple of it, so no float64
# statistic of subnormal data can be closer than a few of these to the exact value.
QUANTUM = 2.0**-1074
BIG = np.finfo(np.float64).max


def _exact(column, weights=None):
    """Exact weighted mean and population std of the non-NaN values, rounded once."""
    weights = np.ones(len(column)) if weights is None else weights
    pairs = [
        (Fraction(x), Fraction(w))
        for x, w in zip(column, weights, strict=True)
        if not math.isnan(x) and w > 0
    ]
    total = sum(w for _, w in pairs)
    mean = sum(w * x for x, w in pairs) / total
    var = sum(w * (x - mean) ** 2 for x, w in pairs) / total
    # sqrt of a Fraction far outside the float range: scale by an even power of 2.
    shift = (var.numerator.bit_length() - var.denominator.bit_length()) // 2
    std = math.ldexp(math.sqrt(var / Fraction(4) ** shift), shift) if var else 0.0
    spread = max(abs(x - mean) for x, _ in pairs)
    return float(mean), std, float(spread)


def _assert_exact(scaler, X, weights=None, ulps=4):
    """``mean_`` and ``scale_`` within a few ulps (or quanta) of the exact values.

    The mean is as exact as float64 sums allow: to a few ulps of itself and of the
    largest deviation from it.
    """
    for j in range(X.shape[1]):
        mean, std, spread = _exact(X[:, j], weights)
        mean_tol = ulps * (np.spacing(abs(mean)) + EPS * spread + QUANTUM)
        assert abs(scaler.mean_[j] - mean) <= mean_tol
        if std == 0:
            assert scaler.scale_[j] == 1.0
        else:
            assert abs(scaler.scale_[j] - std) <= ulps * max(EPS * std, QUANTUM)


def _in_chunks(scaler, X, bounds, weights=None):
    for a, b in zip(bounds[:-1], bounds[1:], strict=True):
        part = {} if weights is None else {"sample_weight": weights[a:b]}
        scaler.partial_fit(X[a:b], **part)
    return scaler


def _rows(n):
    return list(range(n + 1))


# --- subnormal data ---------------------------------------------------------------


def test_constant_subnormal_column_is_constant():
    scaler = ZScoreScaler().fit([[2.2e-311], [2.2e-311]])
    assert scaler.mean_[0] == 2.2e-311
    assert scaler.var_[0] == 0.0
    assert scaler.scale_[0] == 1.0
    assert_array_equal(scaler.transform([[2.2e-311]]), [[0.0]])
    sparse_fit = ZScoreScaler(with_mean=False).fit(sp.csr_matrix([[2.2e-311]] * 3))
    assert sparse_fit.scale_[0] == 1.0
    assert sparse_fit.mean_[0] == 2.2e-311


def test_partial_fit_with_a_subnormal_row_equals_fit():
    X = np.array([[1.0], [2.2e-311]])
    whole = ZScoreScaler().fit(X)
    rows = _in_chunks(ZScoreScaler(), X, _rows(2))
    assert_allclose(rows.mean_, whole.mean_, rtol=1e-14)
    assert_allclose(rows.scale_, whole.scale_, rtol=1e-14)
    assert_allclose(whole.mean_, [0.5], rtol=1e-14)
    assert_allclose(whole.scale_, [0.5], rtol=1e-14)


@pytest.mark.parametrize(
    "column",
    [
        [1e-310, 3e-310, -2e-311, 5e-324],  # all subnormal
        [1e-310, 1e-300, 1.0, 5e-324],  # subnormal mixed with normal
        [5e-324, 0.0, 1e-323],  # a spread of about one quantum
        [1e308, 1e-310, -1e308],  # near overflow with a subnormal
    ],
)
def test_subnormal_columns_fit_exactly_in_any_chunking(column):
    X = np.array(column)[:, None]
    weights = np.linspace(0.5, 2.0, len(X))
    for w in (None, weights):
        _assert_exact(ZScoreScaler().fit(X, sample_weight=w), X, w)
        _assert_exact(_in_chunks(ZScoreScaler(), X, _rows(len(X)), w), X, w)


def test_spread_below_the_smallest_float_is_not_a_constant():
    # std = 0.3 * 2**-1074 rounds to zero; the column is still not constant.
    X = np.array([[0.0]] * 9 + [[QUANTUM]])
    for scaler in (ZScoreScaler().fit(X), _in_chunks(ZScoreScaler(), X, _rows(10))):
        assert scaler.scale_[0] == QUANTUM
        assert scaler.var_[0] == 0.0  # the variance itself is below float64
        assert scaler.transform(X)[-1, 0] > 0


def test_minmax_subnormal_range():
    X = np.array([[1e-310], [3e-310], [-2e-311], [5e-324]])
    scaler = MinMaxScaler().fit(X)
    assert np.isinf(scaler.scale_[0])  # (1 - 0) / 3.2e-310 exceeds float64
    assert_allclose(scaler.min_, [2e-311 / 3.2e-310], rtol=1e-12)
    assert_allclose(scaler.transform(X)[:, 0], [0.375, 1, 0, 2e-311 / 3.2e-310])
    assert_allclose(scaler.inverse_transform(scaler.transform(X)), X, atol=QUANTUM)


@pytest.mark.parametrize("cls", [ZScoreScaler, MinMaxScaler])
def test_nan_next_to_subnormal_values_keeps_their_digits(cls):
    # NaN sends the block through the slow path, which must not halve subnormals.
    X = np.array([[0.0], [3 * QUANTUM], [5 * QUANTUM], [np.nan]])
    out = cls().fit(X).transform(X)
    expected = cls().fit(X[:3]).transform(X[:3])
    assert_array_equal(out[:3], expected)
    assert np.isnan(out[3, 0])
    if cls is MinMaxScaler:
        assert_allclose(out[:3, 0], [0.0, 0.6, 1.0], rtol=1e-15)


# --- near the float64 limit ---------------------------------------------------------


@pytest.mark.parametrize(
    "scaler",
    [ZScoreScaler(), ZScoreScaler(with_std=False), MinMaxScaler((-2.0, 5.0))],
    ids=repr,
)
def test_round_trip_at_the_largest_float(scaler):
    # The inverse rounds a few times near 1.8e308: it must give the largest float
    # back, not an overflow error.
    X = np.array([[0.0]] * 6 + [[BIG], [BIG]])
    back = scaler.inverse_transform(scaler.fit_transform(X))
    assert_allclose(back, X, rtol=0, atol=4 * EPS * BIG)  # a few ulps of the range


def test_centering_beyond_float64_names_the_column():
    scaler = ZScoreScaler(with_std=False).fit([[BIG], [-BIG], [-BIG]])
    with pytest.raises(ValueError, match=r"column 0 overflows float64"):
        scaler.transform([[BIG]])


# --- extreme weights ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "weights"),
    [
        # one heavy row: its deviation from the rounded mean once swamped the rest
        ([0.0, 1.0], [4e236, 2.7e-60]),
        ([801.1289619053147, 801.1289619053085], [6.4e148, 1e-150]),
        ([1.0, 0.0, 0.0], [1.0, 272426.0, 1.0]),
        # values and weights whose products fall below float64
        ([1.2095e-320, -1.125e-320], [4.6e16, 5.4e16]),
    ],
)
def test_extreme_weights_fit_exactly(column, weights):
    X, w = np.array(column)[:, None], np.array(weights)
    _assert_exact(ZScoreScaler().fit(X, sample_weight=w), X, w)
    _assert_exact(_in_chunks(ZScoreScaler(), X, _rows(len(X)), w), X, w)
    sparse_fit = ZScoreScaler(with_mean=False).fit(sp.csr_matrix(X), sample_weight=w)
    _assert_exact(sparse_fit, X, w)


def test_merge_steps_from_the_heavier_side():
    # The second batch outweighs the first by 1e82: its mean must survive.
    X = np.array([[6.684860649432416e-13], [1.401298464324817e-45], [0.0]])
    w = np.array([1.0, 3.8306414657059881e82, 1.0106328795269904e56])
    _assert_exact(_in_chunks(ZScoreScaler(), X, [0, 1, 2, 3], w), X, w)


def test_batch_whose_rows_carry_a_tiny_share_of_the_weight():
    # The NaN row holds all but 1e-150 of the second batch's weight.
    X = np.array([[2.2185201414278930e-185], [np.nan], [2.2185201414278933e-185]])
    w = np.array([1.0, 1.0, 1e-150])
    _assert_exact(_in_chunks(ZScoreScaler(), X, [0, 1, 3], w), X, w)
    _assert_exact(ZScoreScaler().fit(X, sample_weight=w), X, w)


def test_weights_that_overflow_are_an_error_and_leave_the_fit_as_it_was():
    scaler = ZScoreScaler().partial_fit([[1.0], [2.0]], sample_weight=[8e307, 8e307])
    mean, seen = scaler.mean_.copy(), scaler.n_samples_seen_
    with pytest.raises(ValueError, match=r"sample_weight must sum to a finite"):
        scaler.partial_fit([[3.0]], sample_weight=[1e308])
    assert_array_equal(scaler.mean_, mean)
    assert scaler.n_samples_seen_ == seen
    with pytest.raises(ValueError, match=r"sample_weight must sum to a finite"):
        ZScoreScaler().fit(np.ones((3, 1)), sample_weight=[1e308] * 3)


def test_sparse_implicit_zeros_with_a_small_weight():
    # 1 - (1e20 + 1 - 1e20) is all rounding: the implicit zero's weight is summed
    # on its own.
    X = np.array([[5.0], [0.0]])
    w = np.array([1e20, 1.0])
    sparse_fit = ZScoreScaler(with_mean=False).fit(sp.csr_matrix(X), sample_weight=w)
    _assert_exact(sparse_fit, X, w)
    assert_allclose(sparse_fit.n_samples_seen_, 1e20 + 1.0, rtol=EPS)


def test_a_failed_partial_fit_leaves_the_fit_as_it_was():
    scaler = ZScoreScaler().partial_fit([[1.0], [2.0]])
    with pytest.raises(ValueError, match=r"infinity in column 0"):
        scaler.partial_fit([[np.inf]])
    assert_array_equal(scaler.mean_, [1.5])
    assert scaler.n_samples_seen_ == 2


# --- float32 and float16 ------------------------------------------------------------


def _rounded_float64_transform(scaler, X):
    return scaler.transform(X.astype(np.float64)).astype(X.dtype)


def test_float32_transform_keeps_a_large_offset():
    # The mean 10000.0015 is not a float32: subtracting its float32 rounding
    # shifted every z by half a standard deviation.
    X = (np.float32(1e4) + np.arange(4, dtype=np.float32)[:, None] * 1e-3).astype(
        np.float32
    )
    scaler = ZScoreScaler().fit(X)
    Z = scaler.transform(X)
    assert Z.dtype == np.float32
    eps32 = np.finfo(np.float32).eps
    assert_allclose(Z, _rounded_float64_transform(scaler, X), rtol=4 * eps32, atol=0)
    assert_allclose(Z.mean(), 0.0, atol=1e-6)


def test_float32_subnormal_data():
    X = np.array([[1e-40], [3e-40], [2e-40]], dtype=np.float32)
    for scaler in (ZScoreScaler().fit(X), MinMaxScaler().fit(X)):
        Z = scaler.transform(X)
        assert_allclose(Z, _rounded_float64_transform(scaler, X), rtol=1e-6)


def test_float32_range_wider_than_float32():
    X = np.array([[-3e38], [3e38], [0.0]], dtype=np.float32)
    scaler = MinMaxScaler().fit(X)
    assert_allclose(scaler.transform(X), [[0.0], [1.0], [0.5]])
    assert_allclose(scaler.inverse_transform(scaler.transform(X)), X, rtol=1e-6)


@pytest.mark.parametrize(
    ("dtype", "big"), [(np.float16, 6e4), (np.float32, 3e38)], ids=["f16", "f32"]
)
def test_result_beyond_the_output_dtype_names_the_column(dtype, big):
    scaler = ZScoreScaler().fit(np.array([[0.0], [1e-3]], dtype=dtype))
    with pytest.raises(ValueError, match=rf"column 0 overflows {np.dtype(dtype)}"):
        scaler.transform(np.array([[big]], dtype=dtype))
