"""Awkward and invalid input for both scalers: a right answer or a clear error.

One table, one test. A row is plain data: ``(estimator factory, method, case
builder, expected)``, where ``expected`` is ``"ok"`` (the result is checked against
an exact reference) or ``(exception type, regex of its message)``; the message
names the argument (X, sample_weight, feature_range, ...) and the problem. The
caller's data must come out unchanged unless ``copy=False`` allows a transform to
write into it.
"""

import copy
import math
from fractions import Fraction
from functools import partial
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from skreg import MinMaxScaler, ZScoreScaler


class Case(NamedTuple):
    X: Any  # the argument of the method under test
    fit_X: Any = None  # what the estimator is fitted on first (transforms only)
    kwargs: dict = {}


BASE = np.array([[1.0, -2.0, 4.0], [3.0, 0.0, 8.0], [2.0, 5.0, 0.0], [0.5, 1.0, 2.0]])


# --- case builders: tmp_path -> Case --------------------------------------------


def nan_values(tmp_path):
    X = BASE.copy()
    X[[0, 2], 1] = np.nan
    X[:, 2] = np.nan  # a column without any value
    return Case(X, fit_X=X)


def positive_inf(tmp_path):
    X = BASE.copy()
    X[1, 1] = np.inf
    return Case(X, fit_X=BASE)


def negative_inf(tmp_path):
    X = BASE.copy()
    X[2, 2] = -np.inf
    return Case(X, fit_X=BASE)


def float32_result_beyond_float32(tmp_path):
    fit_X = np.array([[0.0, 0.0, 0.0], [1e-30, 1.0, 1.0]], dtype=np.float32)
    return Case(np.array([[3e38, 0.0, 0.0]], dtype=np.float32), fit_X=fit_X)


def float64_beyond_float32_range(tmp_path):
    fit_X = BASE.astype(np.float32)
    return Case(np.array([[1e39, -1e39, 1e300]]), fit_X=fit_X)


def pandas_float32_and_float64_beyond_it(tmp_path):
    X = pd.DataFrame(
        {"a": np.array([1.0, 2.0, 3.0], dtype=np.float32), "b": [1e39, -1e39, 0.0]}
    )
    return Case(X, fit_X=X)


def subnormal_values(tmp_path):
    X = np.array(
        [[5e-324, 1e-310, 2.2e-311], [0.0, 3e-310, 2.2e-311], [1e-323, 1.0, 2.2e-311]]
    )
    return Case(X, fit_X=X)


def object_numbers(tmp_path):
    X = np.array([[1, 2.5, 3], [3, 4, 5], [0, 1, 1]], dtype=object)
    return Case(X, fit_X=X)


def object_with_string(tmp_path):
    X = np.array([["a", 2.5, 3], [3, 4, 5]], dtype=object)
    return Case(X, fit_X=BASE[:2])


def string_array(tmp_path):
    return Case(np.array([["x", "y", "z"], ["u", "v", "w"]]), fit_X=BASE)


def numeric_strings(tmp_path):
    X = np.array([["1.5", "2", "3"], ["-4", "5e2", "6"]])
    return Case(X, fit_X=X)


def complex_numbers(tmp_path):
    return Case(np.array([[1 + 1j, 2, 3], [2, 3, 4]]), fit_X=BASE)


def no_rows(tmp_path):
    return Case(np.empty((0, 3)), fit_X=BASE)


def no_columns(tmp_path):
    return Case(np.empty((3, 0)), fit_X=BASE)


def one_row(tmp_path):
    X = np.array([[1.0, -2.0, 3.0]])
    return Case(X, fit_X=X)


def two_features_instead_of_three(tmp_path):
    return Case(BASE[:, :2].copy(), fit_X=BASE)


def one_dimensional(tmp_path):
    return Case(np.array([1.0, 2.0, 3.0]), fit_X=BASE)


def three_dimensional(tmp_path):
    return Case(np.ones((2, 3, 2)), fit_X=BASE)


def none(tmp_path):
    return Case(None, fit_X=BASE)


def list_of_lists(tmp_path):
    return Case(BASE.tolist(), fit_X=BASE)


def integers(tmp_path):
    X = np.array([[1, -2, 4], [3, 0, 8], [2, 5, 0]], dtype=np.int64)
    return Case(X, fit_X=X)


def booleans(tmp_path):
    X = np.array([[True, False, True], [False, False, True], [True, True, False]])
    return Case(X, fit_X=X)


def float16(tmp_path):
    return Case(BASE.astype(np.float16), fit_X=BASE.astype(np.float16))


def non_contiguous(tmp_path):
    wide = np.asfortranarray(np.repeat(BASE, 2, axis=0).repeat(2, axis=1))
    return Case(wide[::2, ::2], fit_X=wide[::2, ::2])


def read_only(tmp_path):
    X = BASE.copy()
    X.setflags(write=False)
    return Case(X, fit_X=X)


def _memmap(tmp_path, mode):
    path = tmp_path / "X.dat"
    stored = np.memmap(path, dtype=np.float64, mode="w+", shape=BASE.shape)
    stored[...] = BASE
    stored.flush()
    return np.memmap(path, dtype=np.float64, mode=mode, shape=BASE.shape)


def memmap_read_only(tmp_path):
    X = _memmap(tmp_path, "r")
    return Case(X, fit_X=X)


def memmap_writeable(tmp_path):
    X = _memmap(tmp_path, "r+")
    return Case(X, fit_X=np.asarray(X).copy())


def csr(tmp_path):
    X = sp.csr_matrix(np.where(BASE > 1, BASE, 0.0))
    return Case(X, fit_X=X)


def csc(tmp_path):
    X = sp.csc_matrix(np.where(BASE > 1, BASE, 0.0))
    return Case(X, fit_X=X)


def coo(tmp_path):
    X = sp.coo_matrix(np.where(BASE > 1, BASE, 0.0))
    return Case(X, fit_X=X)


def csr_with_nan(tmp_path):
    dense = np.where(BASE > 1, BASE, 0.0)
    dense[0, 0] = np.nan
    X = sp.csr_matrix(dense)
    return Case(X, fit_X=X)


def csr_with_inf(tmp_path):
    dense = np.where(BASE > 1, BASE, 0.0)
    dense[1, 2] = np.inf
    fit_X = sp.csr_matrix(np.where(BASE > 1, BASE, 0.0))
    return Case(sp.csr_matrix(dense), fit_X=fit_X)


def csr_read_only(tmp_path):
    X = sp.csr_matrix(np.where(BASE > 1, BASE, 0.0))
    X.data.setflags(write=False)
    return Case(X, fit_X=X)


def dense_fit_sparse_transform(tmp_path):
    return Case(sp.csr_matrix(BASE), fit_X=BASE)


def pandas_mixed_dtypes(tmp_path):
    X = pd.DataFrame(
        {
            "count": [1, 2, 3],
            "ratio": np.array([0.5, 0.25, 1.0], dtype=np.float32),
            "flag": [True, False, True],
        }
    )
    return Case(X, fit_X=X)


def pandas_string_column(tmp_path):
    X = pd.DataFrame({"price": [1.0, 2.0], "city": ["Oslo", "Rome"], "n": [1, 2]})
    fit_X = pd.DataFrame({"price": [1.0, 3.0], "city": [0.0, 1.0], "n": [1, 2]})
    return Case(X, fit_X=fit_X)


def pandas_nullable_with_na(tmp_path):
    X = pd.DataFrame(
        {
            "a": pd.array([1, None, 3], dtype="Int64"),
            "b": pd.array([0.5, 1.5, None], dtype="Float64"),
        }
    )
    return Case(X, fit_X=X)


def weights(values):
    """A builder of BASE with ``sample_weight=values``."""

    def build(tmp_path):
        return Case(BASE.copy(), kwargs={"sample_weight": values})

    build.__name__ = f"sample_weight={values!r}"
    return build


def transform_copy(value):
    """A builder of BASE transformed with ``copy=value``."""

    def build(tmp_path):
        return Case(BASE.copy(), fit_X=BASE, kwargs={"copy": value})

    build.__name__ = f"copy={value!r}"
    return build


# --- the table ---------------------------------------------------------------------

Z = ZScoreScaler
Z_SPARSE = partial(ZScoreScaler, with_mean=False)
Z_IN_PLACE = partial(ZScoreScaler, copy=False)
MM = MinMaxScaler
MM_IN_PLACE = partial(MinMaxScaler, copy=False)
MM_CLIP = partial(MinMaxScaler, feature_range=(-1, 1), clip=True)
FITS = ("fit", "partial_fit", "fit_transform")
TRANSFORMS = ("transform", "inverse_transform")
BOTH = (Z, MM)

INF = (ValueError, r"Input X contains infinity in column \d")
NOT_NUMERIC = (ValueError, r"Invalid X: could not convert string to float")
COMPLEX = (ValueError, r"Invalid X: Complex data not supported")
NO_ROWS = (ValueError, r"Invalid X: Found array with 0 sample\(s\)")
NO_COLUMNS = (ValueError, r"Invalid X: Found array with 0 feature\(s\)")
NOT_2D = (ValueError, r"Invalid X: Expected 2D array")
DIM_3 = (ValueError, r"Invalid X: Found array with dim 3")
FEATURES = (ValueError, r"X has 2 features, but \w+ is expecting 3 features")
CENTER_SPARSE = (ValueError, r"Cannot center sparse matrices: pass `with_mean=False`")
MM_SPARSE = (TypeError, r"X is a sparse matrix, but MinMaxScaler does not support")
SPARSE_DENSE = (TypeError, r"Sparse data was passed.*, but dense data is required")
STRING_COLUMN = (ValueError, r"Invalid X \(column 'city' is not numeric\)")
OVERFLOW32 = (ValueError, r"Scaling column 0 overflows float32")


def _rows_for(factories, methods, build, expected):
    return [(f, m, build, expected) for f in factories for m in methods]


TABLE = [
    *_rows_for(BOTH, FITS + TRANSFORMS, nan_values, "ok"),
    *_rows_for(BOTH, FITS + TRANSFORMS, positive_inf, INF),
    *_rows_for(BOTH, FITS + TRANSFORMS, negative_inf, INF),
    *_rows_for(BOTH, ("transform",), float32_result_beyond_float32, OVERFLOW32),
    *_rows_for(BOTH, TRANSFORMS, float64_beyond_float32_range, "ok"),
    *_rows_for(BOTH, FITS, pandas_float32_and_float64_beyond_it, "ok"),
    *_rows_for(BOTH, FITS + TRANSFORMS, subnormal_values, "ok"),
    *_rows_for(BOTH, FITS + TRANSFORMS, object_numbers, "ok"),
    *_rows_for(BOTH, FITS + TRANSFORMS, object_with_string, NOT_NUMERIC),
    *_rows_for(BOTH, FITS + TRANSFORMS, string_array, NOT_NUMERIC),
    *_rows_for(BOTH, FITS, numeric_strings, "ok"),
    *_rows_for(BOTH, FITS + TRANSFORMS, complex_numbers, COMPLEX),
    *_rows_for(BOTH, FITS + TRANSFORMS, no_rows, NO_ROWS),
    *_rows_for(BOTH, FITS + TRANSFORMS, no_columns, NO_COLUMNS),
    *_rows_for(BOTH, FITS + TRANSFORMS, one_row, "ok"),
    *_rows_for(BOTH, TRANSFORMS, two_features_instead_of_three, FEATURES),
    *_rows_for(BOTH, FITS + TRANSFORMS, one_dimensional, NOT_2D),
    *_rows_for(BOTH, FITS + TRANSFORMS, three_dimensional, DIM_3),
    *_rows_for(BOTH, FITS + TRANSFORMS, none, NOT_2D),
    *_rows_for(BOTH, FITS + TRANSFORMS, list_of_lists, "ok"),
    *_rows_for(BOTH, FITS + TRANSFORMS, integers, "ok"),
    *_rows_for(BOTH, FITS + TRANSFORMS, booleans, "ok"),
    *_rows_for(BOTH, FITS + TRANSFORMS, float16, "ok"),
    *_rows_for((Z, MM, Z_IN_PLACE), FITS + TRANSFORMS, non_contiguous, "ok"),
    *_rows_for((*BOTH, Z_IN_PLACE, MM_IN_PLACE), FITS + TRANSFORMS, read_only, "ok"),
    *_rows_for((*BOTH, Z_IN_PLACE), FITS + TRANSFORMS, memmap_read_only, "ok"),
    *_rows_for((Z_IN_PLACE, MM_IN_PLACE), TRANSFORMS, memmap_writeable, "ok"),
    *_rows_for((Z_SPARSE,), FITS + TRANSFORMS, csr, "ok"),
    *_rows_for((Z_SPARSE,), FITS + TRANSFORMS, csc, "ok"),
    *_rows_for((Z_SPARSE,), FITS, coo, "ok"),
    *_rows_for((Z_SPARSE,), FITS + TRANSFORMS, csr_with_nan, "ok"),
    *_rows_for((Z_SPARSE,), ("fit", "transform"), csr_with_inf, INF),
    *_rows_for((partial(Z_SPARSE, copy=False),), TRANSFORMS, csr_read_only, "ok"),
    *_rows_for((Z,), FITS, csr, CENTER_SPARSE),
    *_rows_for((Z,), ("transform",), dense_fit_sparse_transform, CENTER_SPARSE),
    *_rows_for((MM,), FITS, csr, MM_SPARSE),
    *_rows_for((MM,), TRANSFORMS, dense_fit_sparse_transform, SPARSE_DENSE),
    *_rows_for(BOTH, FITS + TRANSFORMS, pandas_mixed_dtypes, "ok"),
    *_rows_for(BOTH, FITS + TRANSFORMS, pandas_string_column, STRING_COLUMN),
    *_rows_for(BOTH, FITS + TRANSFORMS, pandas_nullable_with_na, "ok"),
    (MM_CLIP, "transform", nan_values, "ok"),
    # sample_weight
    *_rows_for((Z,), ("fit", "partial_fit"), weights([1.0, 0.0, 2.5, 1e-3]), "ok"),
    *_rows_for((Z,), ("fit",), weights([1e300, 1e-300, 1.0, 1e150]), "ok"),
    *_rows_for((Z,), ("fit",), weights(2.0), "ok"),
    *_rows_for(
        (Z,),
        ("fit", "partial_fit"),
        weights([1.0, -1.0, 1.0, 1.0]),
        (ValueError, r"Negative values in data passed to `sample_weight`"),
    ),
    (
        Z,
        "fit",
        weights([1.0, np.nan, 1.0, 1.0]),
        (ValueError, r"sample_weight contains NaN"),
    ),
    (
        Z,
        "fit",
        weights([1.0, np.inf, 1.0, 1.0]),
        (ValueError, r"sample_weight contains infinity"),
    ),
    (
        Z,
        "fit",
        weights([1.0, 2.0]),
        (ValueError, r"sample_weight.shape == \(2,\), expected \(4,\)"),
    ),
    (
        Z,
        "fit",
        weights([[1.0] * 4]),
        (ValueError, r"Invalid sample_weight: Sample weights must be 1D"),
    ),
    (
        Z,
        "fit",
        weights(np.array(["1", "a", "1", "1"])),
        (ValueError, r"Invalid sample_weight: could not convert string"),
    ),
    (
        Z,
        "fit",
        weights([1 + 1j, 1, 1, 1]),
        (TypeError, r"Invalid sample_weight: float\(\) argument"),
    ),
    (
        Z,
        "fit",
        weights([0.0] * 4),
        (
            ValueError,
            r"Invalid sample_weight: Sample weights must contain at least one non-zero",
        ),
    ),
    (
        Z,
        "fit",
        weights([1e308] * 4),
        (ValueError, r"sample_weight must sum to a finite float64"),
    ),
    # parameters
    *_rows_for(
        (
            partial(MM, feature_range=r)
            for r in [(1, 0), (0, 0), (0, np.inf), (0, np.nan), ("a", "b"), (0, 1, 2)]
        ),
        ("fit",),
        one_row,
        (
            ValueError,
            r"feature_range must be a tuple \(min, max\) of finite numbers with "
            r"min < max; got feature_range=",
        ),
    ),
    (
        partial(MM, feature_range=[0, 1]),
        "fit",
        one_row,
        (
            ValueError,
            r"'feature_range' parameter of MinMaxScaler must be an instance of 'tuple'",
        ),
    ),
    (
        partial(MM, clip=None),
        "fit",
        one_row,
        (ValueError, r"'clip' parameter of MinMaxScaler must be"),
    ),
    (
        partial(Z, copy="yes"),
        "fit",
        one_row,
        (ValueError, r"'copy' parameter of ZScoreScaler must be"),
    ),
    (
        partial(Z, with_mean=2),
        "fit",
        one_row,
        (ValueError, r"'with_mean' parameter of ZScoreScaler must be"),
    ),
    (
        partial(Z, with_std=None),
        "fit",
        one_row,
        (ValueError, r"'with_std' parameter of ZScoreScaler must be"),
    ),
    (
        Z,
        "transform",
        transform_copy("no"),
        (TypeError, r"copy must be a bool or None; got copy='no'"),
    ),
    (
        Z,
        "inverse_transform",
        transform_copy(1),
        (TypeError, r"copy must be a bool or None; got copy=1"),
    ),
    (Z, "transform", transform_copy(False), "ok"),
    (Z, "inverse_transform", transform_copy(np.False_), "ok"),
]


def _label(row):
    factory, method, build, expected = row
    name = repr(factory())
    outcome = "ok" if expected == "ok" else expected[0].__name__
    return f"{name}-{method}-{build.__name__}-{outcome}"


@pytest.mark.parametrize(
    ("factory", "method", "build", "expected"), TABLE, ids=[_label(r) for r in TABLE]
)
def test_input(factory, method, build, expected, tmp_path):
    estimator = factory()
    case = build(tmp_path)
    if method in TRANSFORMS:
        estimator.fit(case.fit_X)
    before = copy.deepcopy(case.X)
    call = getattr(estimator, method)
    if expected == "ok":
        result = call(case.X, **case.kwargs)
        _check_result(estimator, method, before, result, case.kwargs)
    else:
        error, message = expected
        with pytest.raises(error, match=message):
            call(case.X, **case.kwargs)
    if not _may_write(estimator, method, case.kwargs):
        _assert_unchanged(case.X, before)


# --- checks -------------------------------------------------------------------------


def _may_write(estimator, method, kwargs):
    """A transform with copy=False may overwrite the caller's array."""
    writes = method in (*TRANSFORMS, "fit_transform")
    return writes and not kwargs.get("copy", estimator.copy)


def _assert_unchanged(X, before):
    if sp.issparse(X):
        assert (X != before).nnz == 0 or np.array_equal(
            X.toarray(), before.toarray(), equal_nan=True
        )
    elif isinstance(X, pd.DataFrame):
        pd.testing.assert_frame_equal(X, before)
    elif isinstance(X, np.ndarray) and X.dtype.kind == "f":
        np.testing.assert_array_equal(X, before)
    else:
        assert repr(X) == repr(before)


def _as_float64(X):
    if sp.issparse(X):
        return X.toarray().astype(np.float64)
    if isinstance(X, pd.DataFrame):
        return X.to_numpy(dtype=np.float64, na_value=np.nan)
    return np.asarray(X, dtype=np.float64)


def _exact_column(values, weights):
    """Exact weighted mean, std, min and max of the non-NaN values (None if none)."""
    pairs = [
        (Fraction(x), Fraction(w))
        for x, w in zip(values, weights, strict=True)
        if not math.isnan(x) and w > 0
    ]
    if not pairs:
        return None
    total = sum(w for _, w in pairs)
    mean = sum(w * x for x, w in pairs) / total
    var = sum(w * (x - mean) ** 2 for x, w in pairs) / total
    shift = (var.numerator.bit_length() - var.denominator.bit_length()) // 2
    std = math.ldexp(math.sqrt(var / Fraction(4) ** shift), shift) if var else 0.0
    xs = [x for x, _ in pairs]
    return mean, std, min(xs), max(xs)


def _check_result(estimator, method, X_before, result, kwargs):
    """Fitted statistics and outputs agree with exact references."""
    if method in ("fit", "partial_fit"):
        assert result is estimator
    X = _as_float64(X_before)
    w = np.broadcast_to(np.asarray(kwargs.get("sample_weight", 1.0), float), len(X))
    if method in FITS:
        _check_fitted(estimator, X, w)
    if method in ("fit_transform", *TRANSFORMS):
        expected = _expected_output(estimator, method, X)
        out = result.toarray() if sp.issparse(result) else np.asarray(result)
        assert sp.issparse(result) == sp.issparse(X_before)
        assert sp.issparse(result) or type(result) is np.ndarray  # not a memmap
        assert out.shape == X.shape
        assert out.dtype.kind == "f"
        np.testing.assert_array_equal(np.isnan(out), np.isnan(expected))
        tol = 8 * np.finfo(out.dtype).eps
        np.testing.assert_allclose(out, expected, rtol=tol, atol=tol)


def _check_fitted(estimator, X, w):
    for j in range(X.shape[1]):
        exact = _exact_column(X[:, j], w)
        if isinstance(estimator, MinMaxScaler):
            if exact is None:
                assert np.isnan(estimator.data_min_[j])
                continue
            assert estimator.data_min_[j] == exact[2]
            assert estimator.data_max_[j] == exact[3]
        elif exact is None:
            assert estimator.scale_[j] == 1.0
        else:
            mean, std = float(exact[0]), exact[1]
            assert abs(estimator.mean_[j] - mean) <= 4 * np.spacing(abs(mean))
            if std == 0:
                assert estimator.scale_[j] == 1.0
            else:
                assert abs(estimator.scale_[j] - std) <= 4 * np.spacing(std)


def _expected_output(estimator, method, X):
    """The exact transform, from the fitted attributes, rounded once."""
    if isinstance(estimator, MinMaxScaler):
        low, high = estimator.feature_range
        observed = ~np.isnan(estimator.data_min_)
        data_min = np.where(observed, estimator.data_min_, 0.0)
        span = np.where(estimator.data_range_ > 0, estimator.data_range_, 1.0)
        span = np.where(observed, span, 1.0)
        width = np.where(observed, high - low, 1.0)
        start = np.where(observed, low, 0.0)
        if method == "inverse_transform":
            return (X - start) / width * span + data_min
        out = (X - data_min) / span * width + start
        return np.clip(out, low, high) if estimator.clip else out
    mean = estimator.mean_ if estimator.with_mean else 0.0
    scale = estimator.scale_ if estimator.with_std else 1.0
    if method == "inverse_transform":
        return X * scale + mean
    return (X - mean) / scale
