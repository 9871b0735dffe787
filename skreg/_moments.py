"""Exact-as-float64-allows column moments and the chunked affine kernel of the scalers.

Everything here works column-wise on float64 accumulators, whatever the input dtype:

* ``dense_moments`` computes weighted count, mean and standard deviation of one block
  with a shifted two-pass algorithm. The shift is a real data value (first block) or
  the running mean, so a constant column yields a spread of exactly zero and a column
  with any real spread never does. Columns whose squares would overflow or underflow
  are recomputed after an exact power-of-two rescaling.
* ``merge_moments`` merges two sets of moments (Chan, Golub & LeVeque 1983) in a
  rescaled form that cannot overflow.
* ``affine_chunked`` evaluates ``((X - a) / b) * c + d`` block by block so that the
  block stays in cache, in place when asked, and recomputes any column that left the
  float range in a halved form before it reports a genuine overflow.
"""

import numpy as np

# Rows per block: about 1 MiB of float64 per block keeps it in cache.
_BLOCK_BYTES = 1 << 20
# Below this, sums of squares lose precision to subnormal rounding: rescale instead.
_TINY = 2.0**-900


def block_rows(n_features):
    """Number of rows per block for a matrix with ``n_features`` columns."""
    return max(16, _BLOCK_BYTES // (8 * max(n_features, 1)))


def column_label(j, feature_names):
    """Human-readable name of column ``j`` for error messages."""
    if feature_names is not None:
        return f"column {j} ({feature_names[j]!r})"
    return f"column {j}"


def raise_if_inf(x, col_index, feature_names):
    """Raise a ValueError naming the first column of ``x`` that holds +-inf.

    ``x[:, k]`` is column ``col_index[k]`` of the user's data.
    """
    for k, j in enumerate(col_index):
        if np.isinf(x[:, k]).any():
            raise ValueError(
                f"Input X contains infinity in {column_label(j, feature_names)}; "
                "scaling needs finite values (NaN is allowed and ignored)."
            )


def _two_pass(X, w, shift, buf):
    """Weighted count, mean and M2 of finite-or-NaN ``X`` around a float64 ``shift``."""
    D = buf[: X.shape[0]]
    nan = None
    np.subtract(X, shift, out=D)
    s1 = D.sum(axis=0) if w is None else w @ D
    if not np.isfinite(s1).all():
        nan = np.isnan(X)
        if nan.any():
            D[nan] = 0.0
            s1 = D.sum(axis=0) if w is None else w @ D
        else:
            nan = None
    if w is None:
        n = np.full(X.shape[1], float(X.shape[0]))
        if nan is not None:
            n -= nan.sum(axis=0)
    else:
        n = np.full(X.shape[1], w.sum())
        if nan is not None:
            n -= w @ nan
    safe_n = np.where(n > 0, n, 1.0)
    m = shift + s1 / safe_n
    # Second pass from the original data around the refined mean: the subtraction
    # is then accurate relative to |x - mean|, not to |x - shift|.
    np.subtract(X, m, out=D)
    if nan is not None:
        D[nan] = 0.0
    c1 = D.sum(axis=0) if w is None else w @ D
    np.multiply(D, D, out=D)
    s2 = D.sum(axis=0) if w is None else w @ D
    m2 = s2 - c1 * c1 / safe_n
    # The mean is m + c1/n; keeping the two parts apart keeps its low-order digits.
    return n, m, c1 / safe_n, np.maximum(m2, 0.0)


def first_values(X, w):
    """One real value per column (first non-NaN with positive weight), else 0."""
    valid = ~np.isnan(X)
    if w is not None:
        valid &= (w > 0)[:, None]
    idx = valid.argmax(axis=0)
    vals = X[idx, np.arange(X.shape[1])].astype(np.float64)
    vals[~valid[idx, np.arange(X.shape[1])]] = 0.0
    return vals


def _rescaled_moments(X, w, feature_names, col_index):
    """Moments of columns that overflow or underflow, after exact 2**k rescaling."""
    Xs = X.astype(np.float64)  # a copy: small, only the flagged columns
    raise_if_inf(Xs, col_index, feature_names)
    with np.errstate(invalid="ignore"):
        amax = np.fmax.reduce(np.abs(Xs), axis=0)
    amax = np.where(np.isfinite(amax) & (amax > 0), amax, 1.0)
    _, exp = np.frexp(amax)
    p = np.ldexp(1.0, -exp)  # max |x * p| in [0.5, 1)
    Xs *= p
    shift = first_values(Xs, w)
    n, hi, lo, m2 = _two_pass(Xs, w, shift, np.empty_like(Xs))
    safe_n = np.where(n > 0, n, 1.0)
    return n, hi / p, lo / p, np.sqrt(m2 / safe_n) / p


def dense_moments(X, w, shift, buf, feature_names=None):
    """Weighted count, mean (as hi + lo) and population std of a dense block's columns.

    ``shift`` is the running mean, or None for the first block (a data value is
    used). ``buf`` is a float64 scratch array with at least ``X.shape`` rows.
    """
    if shift is None:
        shift = first_values(X, w)
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        n, hi, lo, m2 = _two_pass(X, w, shift, buf)
    safe_n = np.where(n > 0, n, 1.0)
    std = np.sqrt(m2 / safe_n)
    bad = ~(np.isfinite(hi) & np.isfinite(m2)) | ((m2 < _TINY) & (m2 > 0))
    # A sum of squares of exactly zero is a constant column unless every deviation
    # underflowed: that is only possible when the values themselves are tiny.
    bad |= (m2 == 0) & (np.abs(hi) < 2.0**-400)
    if bad.any():
        cols = np.flatnonzero(bad)
        n[cols], hi[cols], lo[cols], std[cols] = _rescaled_moments(
            X[:, cols], w, feature_names, cols
        )
    return n, hi, lo, std


def _two_sum(a, b):
    """``a + b`` as a rounded sum and its exact rounding error (Knuth)."""
    total = a + b
    b_part = total - a
    return total, (a - (total - b_part)) + (b - b_part)


def merge_moments(a, b):
    """Merge two per-column moments ``(n, mean_hi, mean_lo, std)``; overflow-safe.

    Chan, Golub and LeVeque's pairwise update, with the mean carried as an unevaluated
    sum ``hi + lo`` so that the difference of two large, close means stays exact.
    """
    n_a, hi_a, lo_a, std_a = a
    n_b, hi_b, lo_b, std_b = b
    n = n_a + n_b
    safe_n = np.where(n > 0, n, 1.0)
    wa, wb = n_a / safe_n, n_b / safe_n
    with np.errstate(over="ignore", invalid="ignore"):
        delta = (hi_b - hi_a) + (lo_b - lo_a)
        ok = np.isfinite(delta)
        hi, lo = _two_sum(hi_a, np.where(ok, lo_a + delta * wb, 0.0))
        hi = np.where(ok, hi, hi_a * wa + hi_b * wb)
        lo = np.where(ok, lo, 0.0)
        half_delta = np.where(ok, 0.5 * delta, 0.5 * hi_b - 0.5 * hi_a)
    # Work with halves scaled by the largest of them: nothing below can overflow.
    k = np.maximum.reduce([0.5 * std_a, 0.5 * std_b, np.abs(half_delta)])
    safe_k = np.where(k > 0, k, 1.0)
    sa, sb, d = 0.5 * std_a / safe_k, 0.5 * std_b / safe_k, half_delta / safe_k
    ratio = wa * sa * sa + wb * sb * sb + wa * wb * d * d
    with np.errstate(over="ignore"):
        std = np.where(k > 0, np.sqrt(ratio) * safe_k * 2.0, 0.0)
    # Columns not seen on one side take the other side's moments unchanged.
    only_b, only_a = n_a == 0, n_b == 0
    hi = np.where(only_b, hi_b, np.where(only_a, hi_a, hi))
    lo = np.where(only_b, lo_b, np.where(only_a, lo_a, lo))
    std = np.where(only_b, std_b, np.where(only_a, std_a, std))
    return n, hi, lo, std


def affine_chunked(
    X, out, a=None, b=None, c=None, d=None, *, a_lo=None, feature_names=None
):
    """Write ``((X - a - a_lo) / b) * c + d`` into ``out`` block by block.

    Each of ``a, b, c, d`` is a float64 vector or None (skipped); ``a_lo`` is the
    low-order part of ``a`` where it matters. ``out`` may be ``X`` itself. NaN stays
    NaN; an infinite input or a result that does not fit the output dtype raises a
    ValueError naming the column.
    """
    work = np.float32 if out.dtype == np.float16 else out.dtype
    coefs = [None if v is None else v.astype(work) for v in (a, a_lo, b, c, d)]
    step = block_rows(X.shape[1])
    ones = np.ones(min(step, X.shape[0]), dtype=work)
    for start in range(0, X.shape[0], step):
        xb, ob = X[start : start + step], out[start : start + step]
        src = xb if xb.dtype == work else xb.astype(work)
        res = ob if ob.dtype == work else np.empty_like(src)
        with np.errstate(over="ignore", invalid="ignore"):
            _affine(src, res, *coefs)
            # One BLAS pass over the cached block: NaN or inf anywhere shows here.
            total = ones[: res.shape[0]] @ res
        if not np.isfinite(total).all():
            _mend_block(xb, res, (a, a_lo, b, c, d), feature_names)
        if res is not ob:
            ob[...] = res
    return out


def _affine(src, res, a, a_lo, b, c, d):
    """In-place chain of the optional affine steps; ``src`` may be ``res``."""
    first = src
    steps = (np.subtract, a), (np.subtract, a_lo), (np.divide, b)
    for op, coef in (*steps, (np.multiply, c), (np.add, d)):
        if coef is not None:
            op(first, coef, out=res)
            first = res
    if first is not res:
        res[...] = first


def _mend_block(xb, res, coefs, feature_names):
    """Recompute non-finite columns of ``res`` in float64 halves; raise on overflow."""
    bad = np.flatnonzero(~np.isfinite(res).all(axis=0))
    x = xb[:, bad].astype(np.float64)
    raise_if_inf(x, bad, feature_names)
    pa, pa_lo, pb, pc, pd = [None if v is None else v[bad] for v in coefs]
    with np.errstate(over="ignore", invalid="ignore"):
        t = 0.5 * x - (0.0 if pa is None else 0.5 * pa)
        t = t - (0.0 if pa_lo is None else 0.5 * pa_lo)
        t = t / (0.5 if pb is None else 0.5 * pb)
        t = t * (0.5 if pc is None else 0.5 * pc)
        t = (t + (0.0 if pd is None else 0.5 * pd)) * 2.0
        fixed = t.astype(res.dtype)
    overflow = np.isinf(fixed) & ~np.isinf(x)
    if overflow.any():
        j = bad[np.flatnonzero(overflow.any(axis=0))[0]]
        raise ValueError(
            f"Scaling {column_label(j, feature_names)} overflows {res.dtype}: the "
            "input lies too far outside the range seen in fit."
        )
    res[:, bad] = fixed


def _segment_reduce(ufunc, values, indptr, empty):
    """``ufunc.reduce`` of ``values`` per CSC column segment; ``empty`` if none."""
    out = np.full(len(indptr) - 1, empty)
    nonempty = np.flatnonzero(np.diff(indptr) > 0)
    if nonempty.size:
        out[nonempty] = ufunc.reduceat(values, indptr[:-1][nonempty])
    return out


def sparse_moments(X, w, feature_names=None):
    """Weighted count, mean (hi + lo) and population std of a sparse matrix's columns.

    Implicit entries are zeros; explicit NaN entries are ignored. Each column is
    rescaled by an exact power of two first, so nothing overflows.
    """
    X = X.tocsc()
    n_rows, p = X.shape
    col = np.repeat(np.arange(p), np.diff(X.indptr))
    data = X.data.astype(np.float64)
    inf_cols = np.unique(col[np.isinf(data)])
    if inf_cols.size:
        j = inf_cols[0]
        raise ValueError(
            f"Input X contains infinity in {column_label(j, feature_names)}; "
            "scaling needs finite values (NaN is allowed and ignored)."
        )
    w_rows = np.ones(n_rows) if w is None else w
    w_data = w_rows[X.indices]
    nan = np.isnan(data)
    w_valid = np.where(nan, 0.0, w_data)
    data[nan] = 0.0
    n = w_rows.sum() - np.bincount(col, w_data * nan, minlength=p)
    safe_n = np.where(n > 0, n, 1.0)

    amax = _segment_reduce(np.maximum, np.abs(data), X.indptr, 0.0)
    scale = np.ldexp(1.0, -np.frexp(np.where(amax > 0, amax, 1.0))[1])
    v = data * scale[col]
    # Weight of the implicit zeros of each column, exactly zero when there are none.
    n_pos = np.count_nonzero(w_rows > 0)
    n_pos_col = np.bincount(col, w_data > 0, minlength=p)
    w_zero = np.where(n_pos_col < n_pos, n - np.bincount(col, w_valid, minlength=p), 0)
    w_zero = np.maximum(w_zero, 0.0)

    mu = np.bincount(col, w_valid * v, minlength=p) / safe_n
    dev = v - mu[col]
    c1 = np.bincount(col, w_valid * dev, minlength=p) - w_zero * mu
    s2 = np.bincount(col, w_valid * dev * dev, minlength=p) + w_zero * mu * mu
    m2 = np.maximum(s2 - c1 * c1 / safe_n, 0.0)
    hi, lo = mu / scale, (c1 / safe_n) / scale
    std = np.sqrt(m2 / safe_n) / scale

    # Exact constancy: every weighted, non-NaN value equal (zeros included).
    counted = (w_data > 0) & ~nan
    lo_val = _segment_reduce(
        np.minimum, np.where(counted, data, np.inf), X.indptr, np.inf
    )
    hi_val = _segment_reduce(
        np.maximum, np.where(counted, data, -np.inf), X.indptr, -np.inf
    )
    no_explicit = ~np.isfinite(lo_val)
    has_zero = w_zero > 0
    constant = no_explicit | ((lo_val == hi_val) & (~has_zero | (lo_val == 0)))
    hi = np.where(constant, np.where(no_explicit, 0.0, lo_val), hi)
    lo = np.where(constant, 0.0, lo)
    std = np.where(constant, 0.0, std)
    return n, hi, lo, std
