"""The exact reference of the scalers, for the rows whose expectation is ``EXACT``.

Fitted statistics are compared with the (weighted) mean, standard deviation,
minimum and maximum of each column computed exactly with fractions; outputs
with the affine map of the fitted statistics, computed in float64 and rounded
once. X is the caller's X as it was before the call (a transform with
``copy=False`` may have overwritten it since).
"""

import math
from fractions import Fraction

import numpy as np
import pandas as pd
import scipy.sparse as sp

from skreg import MinMaxScaler

_FITS = ("fit", "partial_fit", "fit_transform")
_OUTPUTS = ("fit_transform", "transform", "inverse_transform")


def check_scaled(result, before):
    """``result`` (a ``targets.Scaled``) agrees with the exact reference."""
    scaler, method, output = result.estimator, result.method, result.output
    if method in ("fit", "partial_fit"):
        assert output is scaler
    X = _as_float64(before["X"])
    weights = np.asarray(before.get("sample_weight", 1.0), dtype=float)
    if method in _FITS:
        _check_fitted(scaler, X, np.broadcast_to(weights, len(X)))
    if method in _OUTPUTS:
        _check_output(_expected_output(scaler, method, X), output, before["X"])


def _check_output(expected, output, X_before):
    assert sp.issparse(output) == sp.issparse(X_before)
    assert sp.issparse(output) or type(output) is np.ndarray  # not a memmap
    out = output.toarray() if sp.issparse(output) else output
    assert out.shape == expected.shape
    assert out.dtype.kind == "f"
    np.testing.assert_array_equal(np.isnan(out), np.isnan(expected))
    tol = 8 * np.finfo(out.dtype).eps
    np.testing.assert_allclose(out, expected, rtol=tol, atol=tol)


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
    # the square root of a fraction scaled into float range, then scaled back
    shift = (var.numerator.bit_length() - var.denominator.bit_length()) // 2
    std = math.ldexp(math.sqrt(var / Fraction(4) ** shift), shift) if var else 0.0
    xs = [x for x, _ in pairs]
    return mean, std, min(xs), max(xs)


def _check_fitted(scaler, X, weights):
    for j in range(X.shape[1]):
        exact = _exact_column(X[:, j], weights)
        if isinstance(scaler, MinMaxScaler):
            if exact is None:
                assert np.isnan(scaler.data_min_[j])
                continue
            assert scaler.data_min_[j] == exact[2]
            assert scaler.data_max_[j] == exact[3]
        elif exact is None:
            assert scaler.scale_[j] == 1.0
        else:
            mean, std = float(exact[0]), exact[1]
            assert abs(scaler.mean_[j] - mean) <= 4 * np.spacing(abs(mean))
            if std == 0:
                assert scaler.scale_[j] == 1.0
            else:
                assert abs(scaler.scale_[j] - std) <= 4 * np.spacing(std)


def _expected_output(scaler, method, X):
    """The exact transform, from the fitted attributes, rounded once."""
    if isinstance(scaler, MinMaxScaler):
        return _expected_min_max(scaler, method, X)
    mean = scaler.mean_ if scaler.with_mean else 0.0
    scale = scaler.scale_ if scaler.with_std else 1.0
    if method == "inverse_transform":
        return X * scale + mean
    return (X - mean) / scale


def _expected_min_max(scaler, method, X):
    low, high = scaler.feature_range
    observed = ~np.isnan(scaler.data_min_)
    data_min = np.where(observed, scaler.data_min_, 0.0)
    span = np.where(scaler.data_range_ > 0, scaler.data_range_, 1.0)
    span = np.where(observed, span, 1.0)
    width = np.where(observed, high - low, 1.0)
    start = np.where(observed, low, 0.0)
    if method == "inverse_transform":
        return (X - start) / width * span + data_min
    out = (X - data_min) / span * width + start
    return np.clip(out, low, high) if scaler.clip else out
