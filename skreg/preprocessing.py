"""Drop-ins for scikit-learn's StandardScaler and MinMaxScaler, numerically stronger.

Both scalers accept what scikit-learn's accept and give the same results on ordinary
data. Where scikit-learn's return NaN, inf or zeros with only a RuntimeWarning (data
near 1e308, a huge offset such as ``1e9 + N(0, 1)``, a column whose variance is
subnormal, float16 near its limit), these give the correctly rounded result or a
``ValueError`` that names the column.
"""

import re
from numbers import Real

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin
from sklearn.utils.validation import check_array, check_is_fitted, validate_data

from skreg import _moments
from skreg._base import VersionedPickleMixin
from skreg._callbacks import CallbackSupportMixin, open_fit_task
from skreg._compat import _check_sample_weight, _fit_context

_FLOAT_DTYPES = (np.float64, np.float32, np.float16)

__all__ = ["MinMaxScaler", "ZScoreScaler"]


def _output_array(X, copy):
    """``X`` itself when it may be overwritten, else a new array of its layout."""
    if not copy and X.flags.writeable:
        return X
    return np.empty_like(X, order="K")


def _feature_names(est):
    return getattr(est, "feature_names_in_", None)


def _check_X(est, X, *, reset, accept_sparse=False):
    """``X`` as a float array (or CSR/CSC matrix); an error names X and its column.

    ``reset`` is passed to ``validate_data``; None checks ``X`` without feature
    names (``inverse_transform``), only its number of features.
    """
    kwargs = {
        "accept_sparse": accept_sparse,
        "dtype": _FLOAT_DTYPES,
        "ensure_all_finite": False,
    }
    try:
        if reset is None:
            X = check_array(X, **kwargs)
        else:
            X = validate_data(est, X, reset=reset, **kwargs)
    except (TypeError, ValueError) as exc:
        raise _naming(exc, "X", X) from exc
    if reset is None and X.shape[1] != est.n_features_in_:
        raise ValueError(
            f"X has {X.shape[1]} features, but {type(est).__name__} is expecting "
            f"{est.n_features_in_} features as input."
        )
    return X


def _check_weights(sample_weight, X):
    """Validated float64 ``sample_weight``; an error names the argument."""
    try:
        return _check_sample_weight(
            sample_weight, X, dtype=np.float64, ensure_non_negative=True
        )
    except (TypeError, ValueError) as exc:
        raise _naming(exc, "sample_weight", sample_weight) from exc


def _check_copy(copy, default):
    """The ``copy`` argument of a transform: a bool, or None for ``default``."""
    if copy is None:
        return default
    if not isinstance(copy, (bool, np.bool_)):
        raise TypeError(f"copy must be a bool or None; got copy={copy!r}")
    return bool(copy)


def _naming(exc, name, value):
    """``exc`` if its message names the argument ``name``, else one that does."""
    message = str(exc)
    if re.search(rf"\b{name}\b", message):
        return exc
    column = _first_non_numeric_column(value)
    where = "" if column is None else f" (column {column!r} is not numeric)"
    try:
        return type(exc)(f"Invalid {name}{where}: {message}")
    except TypeError:  # an exception type with a constructor of its own
        return ValueError(f"Invalid {name}{where}: {message}")


def _first_non_numeric_column(X):
    """Name of the first column of a DataFrame that does not convert to numbers."""
    if not hasattr(X, "columns") or not hasattr(X, "dtypes"):
        return None
    import pandas as pd  # only reached with a DataFrame in hand

    for name in X.columns:
        column = X[name]
        if pd.api.types.is_numeric_dtype(column.dtype):
            continue
        try:
            pd.to_numeric(column)
        except (TypeError, ValueError):
            return name
    return None


class ZScoreScaler(
    VersionedPickleMixin,
    CallbackSupportMixin,
    OneToOneFeatureMixin,
    TransformerMixin,
    BaseEstimator,
):
    """Standardize features to zero mean and unit variance: ``z = (x - u) / s``.

    A drop-in for :class:`sklearn.preprocessing.StandardScaler`: same parameters,
    fitted attributes and results on ordinary data, with float64 accumulation and a
    shifted two-pass algorithm so that ``mean_`` and ``scale_`` stay exact to
    float64 precision where the one-pass update loses digits or overflows.

    Parameters
    ----------
    copy : bool, default=True
        If False, ``transform`` and ``inverse_transform`` write into ``X`` when it is
        a writeable float NumPy array, without any extra copy.
    with_mean : bool, default=True
        Center the data before scaling. Must be False for sparse input.
    with_std : bool, default=True
        Scale the data to unit variance.

    Attributes
    ----------
    scale_ : ndarray of shape (n_features,) or None
        Per-feature standard deviation used for scaling. A constant column (all of
        its observed values equal) gets exactly 1.0; a column with any real spread
        gets its standard deviation, however small (at least the smallest positive
        float64, 5e-324). None if ``with_std=False``.
    mean_ : ndarray of shape (n_features,) or None
        Per-feature mean (float64). None if ``with_mean=False`` and
        ``with_std=False``.
    var_ : ndarray of shape (n_features,) or None
        Per-feature population variance, ``scale_ ** 2`` for non-constant columns.
        It overflows to inf only when the standard deviation itself exceeds about
        1.3e154, and underflows to 0 when it is below about 2.2e-162; ``scale_``
        and the transform stay exact. None if ``with_std=False``.
    n_samples_seen_ : int, float or ndarray of shape (n_features,)
        Number of (non-NaN) samples seen per feature, or the sum of their weights if
        ``sample_weight`` was given (in every mode, also when neither centering nor
        scaling); a scalar when it is the same for every feature.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of features seen during fit, when X has string column names.

    See Also
    --------
    MinMaxScaler : Scale each feature to a given range.

    Notes
    -----
    NaN is ignored when fitting and kept when transforming. A column without any
    observed value passes through unchanged (``mean_ = 0``, ``scale_ = 1``). An
    infinite value raises a ``ValueError`` naming its column.

    The running statistics are kept in a per-column power-of-two scale, so that
    subnormal data (below 2.2e-308) and data near 1.8e308 are as exact as normal
    data, and chunked ``partial_fit`` equals ``fit`` there too. Rows of weight zero
    count for nothing; within one call, a weight below 2**-1022 (about 2e-308)
    times the largest one loses digits, along with its negligible share.

    Examples
    --------
    >>> import numpy as np
    >>> from skreg import ZScoreScaler
    >>> X = np.array([[1e9 + 1.0, 0.0], [1e9 + 2.0, 0.0], [1e9 + 3.0, 0.0]])
    >>> scaler = ZScoreScaler().fit(X)
    >>> scaler.mean_ - [1e9, 0.0]
    array([2., 0.])
    >>> scaler.scale_
    array([0.81649658, 1.        ])
    >>> scaler.transform(X)
    array([[-1.22474487,  0.        ],
           [ 0.        ,  0.        ],
           [ 1.22474487,  0.        ]])
    """

    _parameter_constraints = {
        "copy": ["boolean"],
        "with_mean": ["boolean"],
        "with_std": ["boolean"],
    }

    def __init__(self, *, copy=True, with_mean=True, with_std=True):
        self.copy = copy
        self.with_mean = with_mean
        self.with_std = with_std

    def _reset(self):
        for name in (
            "_state",
            "_weighted",
            "_mean_residual",
            "scale_",
            "mean_",
            "var_",
        ):
            self.__dict__.pop(name, None)
        self.__dict__.pop("n_samples_seen_", None)

    def fit(self, X, y=None, sample_weight=None):
        """Compute the mean and standard deviation of each feature.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data. NaN values are ignored.
        y : None
            Ignored.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weight of each sample.

        Returns
        -------
        self : object
            Fitted scaler.
        """
        self._reset()
        return self.partial_fit(X, y, sample_weight)

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y=None, sample_weight=None):
        """Update the mean and standard deviation with one more batch of samples.

        The batches' statistics are merged exactly (Chan, Golub and LeVeque 1983), so
        fitting in chunks gives the result of one ``fit`` on all rows.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            A batch of training data. NaN values are ignored.
        y : None
            Ignored.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weight of each sample.

        Returns
        -------
        self : object
            Fitted scaler.
        """
        first_call = not hasattr(self, "_state")
        X = _check_X(self, X, reset=first_call, accept_sparse=("csr", "csc"))
        # One task per batch, reported to callbacks set with set_callbacks.
        metadata = {"sample_weight": sample_weight}
        callbacks = open_fit_task(self, X=X, y=y, metadata=metadata)
        if sparse.issparse(X) and self.with_mean:
            raise ValueError(
                "Cannot center sparse matrices: pass `with_mean=False` instead "
                "(centering would make the matrix dense)."
            )
        w = None
        if sample_weight is not None:
            w = _check_weights(sample_weight, X)
        state = self._state if not first_call else _moments.empty_moments(X.shape[1])
        names = _feature_names(self)
        if sparse.issparse(X):
            batch = _moments.sparse_moments(X, w, names)
            state = _moments.merge_moments(state, batch)
        else:
            state = self._fit_dense(state, X, w, names)
        self._publish(state, w is not None or (not first_call and self._weighted))
        callbacks.call_on_fit_task_end(
            estimator=self, X=X, y=y, metadata=metadata, reconstruction_attributes={}
        )
        return self

    def _fit_dense(self, state, X, w, names):
        """``state`` with the moments of ``X`` merged in, block by block."""
        step = _moments.block_rows(X.shape[1])
        buf = np.empty((min(step, X.shape[0]), X.shape[1]))
        for start in range(0, X.shape[0], step):
            xb = X[start : start + step]
            wb = None if w is None else w[start : start + step]
            seen, shift = state[0] > 0, _moments.mean_of(state)
            if not seen.all():  # unseen columns shift by a value of their own
                shift = np.where(seen, shift, _moments.first_values(xb, wb))
            batch = _moments.dense_moments(xb, wb, shift, buf, names)
            state = _moments.merge_moments(state, batch)
        return state

    def _publish(self, state, weighted):
        """Check the merged ``state``, then keep it and derive the fitted attributes."""
        count, hi, lo, std, e = state
        _moments.scaled_count(count, 0)  # raises if the weights summed beyond float64
        with np.errstate(over="ignore", under="ignore"):
            mean_hi, mean_lo, scale = (np.ldexp(v, e) for v in (hi, lo, std))
        overflow = np.flatnonzero(~np.isfinite(scale))
        if overflow.size:
            label = _moments.column_label(overflow[0], _feature_names(self))
            raise ValueError(
                f"The standard deviation of {label} overflows float64; the values "
                "are too far apart to be scaled."
            )
        # A real spread below the smallest float64 keeps the smallest one: only a
        # constant column has a spread of exactly zero.
        scale[(std > 0) & (scale == 0)] = _moments.QUANTUM
        self._state, self._weighted = state, weighted
        n = count if weighted else count.astype(np.int64)
        self.n_samples_seen_ = n[0] if (n == n[0]).all() else n
        if not (self.with_mean or self.with_std):
            self.mean_ = self.var_ = self.scale_ = None
            return
        self.mean_ = mean_hi + mean_lo
        # What rounding the mean to float64 lost: kept where it moves z by more
        # than a few ulps (a large offset with a tiny spread), else skipped.
        residual = mean_lo - (self.mean_ - mean_hi)
        matters = np.abs(residual) > 4 * np.finfo(np.float64).eps * np.where(
            scale > 0, scale, np.inf
        )
        self._mean_residual = (
            np.where(matters, residual, 0.0) if matters.any() else None
        )
        if self.with_std:
            with np.errstate(over="ignore", under="ignore"):
                self.var_ = scale**2
            self.scale_ = np.where(scale > 0, scale, 1.0)
        else:
            self.var_ = self.scale_ = None

    def transform(self, X, copy=None):
        """Standardize X: ``(X - mean_) / scale_``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Data to scale. NaN values are kept.
        copy : bool, default=None
            Copy X (True) or overwrite it when possible (False); None uses
            ``self.copy``.

        Returns
        -------
        X_tr : {ndarray, sparse matrix} of shape (n_samples, n_features)
            Standardized data, of X's float dtype (float64 for integer input).
        """
        check_is_fitted(self)
        copy = _check_copy(copy, self.copy)
        X = _check_X(self, X, reset=False, accept_sparse=("csr", "csc"))
        if not self.with_mean:
            return self._apply(X, copy, b=self.scale_)
        return self._apply(
            X, copy, a=self.mean_, a_lo=self._mean_residual, b=self.scale_
        )

    def inverse_transform(self, X, copy=None):
        """Scale standardized data back: ``X * scale_ + mean_``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Standardized data.
        copy : bool, default=None
            Copy X (True) or overwrite it when possible (False); None uses
            ``self.copy``.

        Returns
        -------
        X_original : {ndarray, sparse matrix} of shape (n_samples, n_features)
            Data in the original units.
        """
        check_is_fitted(self)
        copy = _check_copy(copy, self.copy)
        X = _check_X(self, X, reset=None, accept_sparse=("csr", "csc"))
        mean = self.mean_ if self.with_mean else None
        return self._apply(X, copy, c=self.scale_, d=mean)

    def _apply(self, X, copy, a=None, b=None, c=None, d=None, a_lo=None):
        """Affine map ``((X - a) / b) * c + d`` on dense X; column scaling if sparse."""
        names = _feature_names(self)
        if not sparse.issparse(X):
            out = _output_array(X, copy)
            return _moments.affine_chunked(
                X, out, a, b, c, d, a_lo=a_lo, feature_names=names
            )
        if self.with_mean:
            raise ValueError(
                "Cannot center sparse matrices: pass `with_mean=False` instead "
                "(centering would make the matrix dense)."
            )
        X = X.copy() if copy or not X.data.flags.writeable else X
        if X.format == "csr":
            cols = X.indices
        else:
            cols = np.repeat(np.arange(X.shape[1]), np.diff(X.indptr))
        # Computed in float64 and rounded once to X's dtype: scale_ cast to float32
        # could be subnormal or zero where the float64 one is not.
        data = X.data.astype(np.float64)[:, None]
        _moments.raise_if_inf(data, cols[np.isinf(data[:, 0])][:1], names)
        with np.errstate(over="ignore"):
            if b is not None:
                data[:, 0] /= b[cols]
            if c is not None:
                data[:, 0] *= c[cols]
            result = data.astype(X.dtype)
        bad = np.isinf(result[:, 0])
        _moments.raise_if_overflow(data[bad], result[bad], cols[bad], names)
        X.data[...] = result[:, 0]
        return X

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.input_tags.sparse = not self.with_mean
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags


class MinMaxScaler(
    VersionedPickleMixin,
    CallbackSupportMixin,
    OneToOneFeatureMixin,
    TransformerMixin,
    BaseEstimator,
):
    """Scale each feature to ``feature_range``: the smallest value maps to its low end.

    A drop-in for :class:`sklearn.preprocessing.MinMaxScaler`: same parameters,
    fitted attributes and results on ordinary data. Ranges wider than float64 can
    represent (data near +-1e308), float16 data near +-6e4 and constant columns are
    handled exactly, and training data always maps inside ``feature_range``.

    Parameters
    ----------
    feature_range : tuple (min, max), default=(0, 1)
        Desired range of transformed data; ``min < max``, both finite.
    copy : bool, default=True
        If False, transforms write into ``X`` when it is a writeable float NumPy
        array, without any extra copy.
    clip : bool, default=False
        Clip transformed values of held-out data to ``feature_range``.

    Attributes
    ----------
    min_ : ndarray of shape (n_features,)
        Per-feature adjustment for minimum: ``min - data_min_ * scale_``, computed
        as ``min - (data_min_ / data_range_) * (max - min)`` so that it stays finite
        where ``scale_`` overflows.
    scale_ : ndarray of shape (n_features,)
        Per-feature relative scaling: ``(max - min) / data_range_``, with a
        constant column's range taken as 1. It overflows to inf only when the data
        range is subnormal (below about 1e-308); the transform does not use it and
        stays exact.
    data_min_ : ndarray of shape (n_features,)
        Per-feature minimum seen in the data (float64; NaN if a column had no value).
    data_max_ : ndarray of shape (n_features,)
        Per-feature maximum seen in the data.
    data_range_ : ndarray of shape (n_features,)
        ``data_max_ - data_min_``; it overflows to inf only when that difference
        exceeds the float64 range, which the transform still handles exactly.
    n_samples_seen_ : int
        Number of rows processed (NaN included, as scikit-learn counts them).
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of features seen during fit, when X has string column names.

    See Also
    --------
    ZScoreScaler : Standardize features to zero mean and unit variance.

    Notes
    -----
    NaN is ignored when fitting and kept when transforming. A column without any
    observed value passes through unchanged. An infinite value raises a
    ``ValueError`` naming its column.

    Examples
    --------
    >>> import numpy as np
    >>> from skreg import MinMaxScaler
    >>> X = np.array([[-1e308, 2.0], [0.0, 6.0], [1e308, 10.0]])
    >>> scaler = MinMaxScaler().fit(X)
    >>> scaler.transform(X)
    array([[0. , 0. ],
           [0.5, 0.5],
           [1. , 1. ]])
    >>> scaler.inverse_transform([[0.25, 0.25]])
    array([[-5.e+307,  4.e+000]])
    """

    _parameter_constraints = {
        "feature_range": [tuple],
        "copy": ["boolean"],
        "clip": ["boolean"],
    }

    def __init__(self, feature_range=(0, 1), *, copy=True, clip=False):
        self.feature_range = feature_range
        self.copy = copy
        self.clip = clip

    def _reset(self):
        for name in (
            "scale_",
            "min_",
            "n_samples_seen_",
            "data_min_",
            "data_max_",
            "data_range_",
        ):
            self.__dict__.pop(name, None)

    def _range(self):
        """Validated ``feature_range`` as two floats."""
        fr = self.feature_range
        ok = len(fr) == 2 and all(isinstance(v, Real) and np.isfinite(v) for v in fr)
        if not ok or not fr[0] < fr[1]:
            raise ValueError(
                "feature_range must be a tuple (min, max) of finite numbers with "
                f"min < max; got feature_range={fr!r}"
            )
        return float(fr[0]), float(fr[1])

    def fit(self, X, y=None):
        """Compute the minimum and maximum of each feature.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data. NaN values are ignored.
        y : None
            Ignored.

        Returns
        -------
        self : object
            Fitted scaler.
        """
        self._reset()
        return self.partial_fit(X, y)

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y=None):
        """Update the minimum and maximum with one more batch of samples.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            A batch of training data. NaN values are ignored.
        y : None
            Ignored.

        Returns
        -------
        self : object
            Fitted scaler.
        """
        fr_lo, fr_hi = self._range()
        if sparse.issparse(X):
            raise TypeError(
                "X is a sparse matrix, but MinMaxScaler does not support sparse "
                "input. Consider using ZScoreScaler(with_mean=False) instead."
            )
        first_call = not hasattr(self, "n_samples_seen_")
        X = _check_X(self, X, reset=first_call)
        callbacks = open_fit_task(self, X=X, y=y)
        lo, hi = self._min_max(X)
        if not first_call:
            lo, hi = np.fmin(self.data_min_, lo), np.fmax(self.data_max_, hi)
        self.n_samples_seen_ = X.shape[0] + (0 if first_call else self.n_samples_seen_)
        self.data_min_, self.data_max_ = lo, hi
        with np.errstate(over="ignore", invalid="ignore"):
            self.data_range_ = hi - lo
            # Half range stays finite where the full range overflows.
            self._half_range = 0.5 * hi - 0.5 * lo
        width = fr_hi - fr_lo
        observed = ~np.isnan(lo)
        finite = np.isfinite(self.data_range_)
        with np.errstate(invalid="ignore", over="ignore"):
            denom = np.where(finite, self.data_range_, self._half_range)
            denom = np.where(observed & (denom > 0), denom, 1.0)
            span = np.where(finite, width, 0.5 * width)
            self.scale_ = span / denom
            self.scale_[~observed] = 1.0
            # lo / denom first: finite where scale_ alone overflows (subnormal range).
            shifted = np.where(lo == 0, fr_lo, fr_lo - (lo / denom) * span)
            self.min_ = np.where(observed, shifted, 0.0)
        callbacks.call_on_fit_task_end(
            estimator=self, X=X, y=y, reconstruction_attributes={}
        )
        return self

    def _min_max(self, X):
        """Exact per-column nanmin and nanmax in one blocked pass."""
        p = X.shape[1]
        lo, hi = np.full(p, np.nan), np.full(p, np.nan)
        step = _moments.block_rows(p)
        for start in range(0, X.shape[0], step):
            xb = X[start : start + step]
            lo = np.fmin(lo, np.fmin.reduce(xb, axis=0))
            hi = np.fmax(hi, np.fmax.reduce(xb, axis=0))
        bad = np.flatnonzero(np.isinf(lo) | np.isinf(hi))
        if bad.size:
            _moments.raise_if_inf(X[:, bad], bad, _feature_names(self))
        return lo.astype(np.float64), hi.astype(np.float64)

    def _affine(self, inverse):
        """Per-column ``(a, b, c, d)`` of ``((X - a) / b) * c + d``; None = skip."""
        fr_lo, fr_hi = self._range()
        observed = ~np.isnan(self.data_min_)
        finite = np.isfinite(self.data_range_)
        rng = np.where(finite, self.data_range_, self._half_range)
        rng = np.where(observed & (rng > 0), rng, 1.0)
        # Where the range overflowed, (X - min) / (range / 2) is scaled by width / 2.
        width = np.where(finite | ~observed, fr_hi - fr_lo, 0.5 * (fr_hi - fr_lo))
        width = np.where(observed, width, 1.0)
        lo = np.where(observed, self.data_min_, 0.0)
        start = np.where(observed, fr_lo, 0.0)
        steps = (start, width, rng, lo) if inverse else (lo, rng, width, start)
        identity = (0.0, 1.0, 1.0, 0.0)
        return [
            None if (v == e).all() else v for v, e in zip(steps, identity, strict=True)
        ]

    def transform(self, X):
        """Scale X to ``feature_range``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Data to scale. NaN values are kept.

        Returns
        -------
        Xt : ndarray of shape (n_samples, n_features)
            Scaled data, of X's float dtype (float64 for integer input).
        """
        check_is_fitted(self)
        X = _check_X(self, X, reset=False)
        out = _output_array(X, self.copy)
        out = _moments.affine_chunked(
            X, out, *self._affine(inverse=False), feature_names=_feature_names(self)
        )
        if self.clip:
            np.clip(out, *self._range(), out=out)
        return out

    def inverse_transform(self, X):
        """Undo the scaling of X.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Scaled data.

        Returns
        -------
        X_original : ndarray of shape (n_samples, n_features)
            Data in the original units.
        """
        check_is_fitted(self)
        X = _check_X(self, X, reset=None)
        out = _output_array(X, self.copy)
        return _moments.affine_chunked(
            X, out, *self._affine(inverse=True), feature_names=_feature_names(self)
        )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags
