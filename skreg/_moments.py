"""Exact-as-float64-allows column moments and the chunked affine kernel of the scalers.

Everything here works column-wise on float64 accumulators, whatever the input dtype:

* Moments are a tuple ``(count, mean_hi, mean_lo, std, exp)`` of per-column arrays:
  the mean is ``(mean_hi + mean_lo) * 2**exp`` and the population standard deviation
  ``std * 2**exp``. The power-of-two scale keeps subnormal data exact and data near
  the float64 limit from overflowing; ``mean_lo`` keeps the digits of a large mean
  that float64 rounding would lose.
* ``dense_moments`` computes the moments of one block with a shifted two-pass
  algorithm. The shift is a real data value (first block) or the running mean, so a
  constant column yields a spread of exactly zero and a column with any real spread
  never does. Columns whose squares would overflow or underflow are recomputed
  after an exact power-of-two rescaling. ``sparse_moments`` does the same for a
  sparse matrix, implicit zeros included.
* ``merge_moments`` merges two sets of moments (Chan, Golub & LeVeque 1983) in a
  common power-of-two scale, in which nothing overflows or underflows.
* ``affine_chunked`` evaluates ``((X - a) / b) * c + d`` block by block so that the
  block stays in cache, in place when asked, and recomputes any column that left the
  float range in a halved form before it reports a genuine overflow.
"""

import numpy as np

# Rows per block: about 1 MiB of float64 per block keeps it in cache.
_BLOCK_BYTES = 1 << 20
# Below this std, sums of squares may have lost digits to subnormal rounding:
# such columns are computed again, rescaled.
_TINY = 2.0**-450
# Refinements of a mean by centring again: each gains about 53 bits, and 2**-2100
# spans any ratio of float64 magnitudes.
_MAX_REFINE = 40
# The smallest positive float64; every subnormal is a multiple of it.
QUANTUM = 2.0**-1074


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


def _wsum(D, w):
    """Column sums of ``D``, weighted by ``w`` when given."""
    return D.sum(axis=0) if w is None else w @ D


def _two_pass(X, w, shift, buf, scaled=False):
    """Weighted count, mean as ``hi + lo``, and std of ``X`` around a float64 ``shift``.

    ``X`` is finite or NaN (ignored); ``buf`` is float64 scratch of ``X``'s shape.
    ``scaled`` sums squares column-wise rescaled (see ``_scaled_spread``).
    """
    D = buf[: X.shape[0]]
    nan = None
    np.subtract(X, shift, out=D)
    s1 = _wsum(D, w)
    if not np.isfinite(s1).all():
        nan = np.isnan(X)
        if nan.any():
            D[nan] = 0.0
            s1 = _wsum(D, w)
        else:
            nan = None
    if nan is None:
        n = np.full(X.shape[1], float(X.shape[0]) if w is None else w.sum())
    else:  # summed over the valid rows: exactly 0 for a column of NaN
        n = _wsum(~nan, w).astype(np.float64)
    safe_n = np.where(n > 0, n, 1.0)
    hi = shift + s1 / safe_n
    # Second pass from the original data around the refined mean: the subtraction
    # is then accurate relative to |x - mean|, not to |x - shift|.
    c, std, lost = _central(X, w, hi, None, nan, D, safe_n, scaled)
    hi, lo = _two_sum(hi, c)
    # One heavy row's deviation from the rounded mean can dominate the sum of
    # squares and cancel against its correction term: centre those columns again
    # on hi + lo, which each pass makes about 2**-53 times closer to the mean.
    todo = np.flatnonzero(lost)
    for _ in range(_MAX_REFINE):
        if not todo.size:
            break
        sub_nan = None if nan is None else nan[:, todo]
        c, std[todo], lost = _central(
            X[:, todo], w, hi[todo], lo[todo], sub_nan, None, safe_n[todo], scaled
        )
        hi[todo], lo[todo] = _two_sum(hi[todo], lo[todo] + c)
        todo = todo[lost]
    return n, hi, lo, std


def _central(X, w, hi, lo, nan, D, safe_n, scaled):
    """Mean correction, std around ``hi + lo``, and where cancellation lost digits."""
    D = np.subtract(X, hi, out=D)
    if lo is not None:
        D -= lo
    if nan is not None:
        D[nan] = 0.0
    if scaled:
        return _scaled_spread(D, w, safe_n)
    c1 = _wsum(D, w)
    np.multiply(D, D, out=D)
    s2 = _wsum(D, w)
    correction = c1 * (c1 / safe_n)
    std = np.sqrt(np.maximum(s2 - correction, 0.0) / safe_n)
    return c1 / safe_n, std, correction > 0.25 * s2


def _scaled_spread(D, w, safe_n):
    """``_central``'s results from ``sqrt(w) * D`` scaled per column by 2**-f.

    Squares of the scaled terms cannot underflow, however small the weights or
    the deviations: the std comes out as ``sqrt(...) * 2**f``.
    """
    root = None if w is None else np.sqrt(w)
    u = D.copy() if root is None else root[:, None] * D
    f = exponent(np.abs(u).max(axis=0)) if len(u) else np.zeros(u.shape[1], int)
    u = np.ldexp(u, -f)
    c1 = u.sum(axis=0) if root is None else root @ u
    s2 = np.einsum("ij,ij->j", u, u)
    correction = c1 * (c1 / safe_n)
    std = np.ldexp(np.sqrt(np.maximum(s2 - correction, 0.0) / safe_n), f)
    return np.ldexp(c1 / safe_n, f), std, correction > 0.25 * s2


def first_values(X, w):
    """One real value per column (first non-NaN with positive weight), else 0."""
    if X.shape[0] == 0:
        return np.zeros(X.shape[1])
    valid = ~np.isnan(X)
    if w is not None:
        valid &= (w > 0)[:, None]
    idx = valid.argmax(axis=0)
    vals = X[idx, np.arange(X.shape[1])].astype(np.float64)
    vals[~valid[idx, np.arange(X.shape[1])]] = 0.0
    return vals


def exponent(x):
    """Per-element ``e`` with ``|x| * 2**-e`` in [0.5, 1); 0 where ``x`` is 0 or NaN.

    ``np.ldexp(x, -e)`` rescales exactly, also for subnormal ``x`` whose ``2**-e``
    itself would overflow.
    """
    with np.errstate(invalid="ignore"):
        return np.frexp(np.where(np.isfinite(x), x, 0.0))[1]


def scaled_weights(w):
    """``(w * 2**-k, k)`` with the largest scaled weight in [0.5, 1).

    The moments do not depend on a common factor of the weights, only the count
    does: it is ``2**k`` times the scaled weights' sum. Scaled, weighted sums of
    squares can neither overflow nor underflow; a weight below 2**-1022 times the
    largest of its batch loses digits, and so its negligible share of the moments.
    """
    if w is None or not w.any():
        return w, 0
    k = int(exponent(w.max()))
    return (np.ldexp(w, -k), k) if k != 0 else (w, 0)


def scaled_count(n, w_exp):
    """The count ``n * 2**w_exp``; a ValueError if the weights sum beyond float64."""
    with np.errstate(over="ignore"):
        n = np.ldexp(n, w_exp)
    if not np.isfinite(n).all():
        raise ValueError(
            "sample_weight must sum to a finite float64 (at most 1.8e308); got "
            "weights that sum to more."
        )
    return n


def _rescaled_moments(X, w, feature_names, col_index):
    """Moments of columns that overflow or underflow, computed on ``X * 2**-e``.

    With weights, each column is done on its own rows of positive weight, the
    weights scaled to a largest of about 1: the weighted sums of a column whose
    rows carry a tiny share of the weight would underflow otherwise.
    """
    Xs = X.astype(np.float64)  # a copy: small, only the flagged columns
    raise_if_inf(Xs, col_index, feature_names)
    with np.errstate(invalid="ignore"):
        e = exponent(np.fmax.reduce(np.abs(Xs), axis=0))
    # max |x| * 2**-e lies in [0.5, 1): squares and sums can neither overflow nor
    # lose digits to subnormal rounding, and the moments stay in this scale.
    Xs = np.ldexp(Xs, -e)
    if w is None:
        return (*_scaled_two_pass(Xs, None), e)
    moments = np.zeros((4, Xs.shape[1]))
    for j in range(Xs.shape[1]):
        rows = ~np.isnan(Xs[:, j])
        w_j, k = scaled_weights(w[rows])
        n, *rest = _scaled_two_pass(Xs[rows, j : j + 1], w_j)
        moments[:, j] = [np.ldexp(n[0], k), *(v[0] for v in rest)]
    return (*moments, e)


def _scaled_two_pass(Xs, w):
    """``_two_pass`` of rescaled columns, squares summed in ``_scaled_spread``."""
    return _two_pass(Xs, w, first_values(Xs, w), np.empty_like(Xs), scaled=True)


def dense_moments(X, w, shift, buf, feature_names=None):
    """Moments ``(count, mean_hi, mean_lo, std, exp)`` of a dense block's columns.

    The mean of column j is ``(mean_hi + mean_lo) * 2**exp`` and its population std
    ``std * 2**exp``. ``shift`` is the running mean, or None for the first block (a
    data value is used). ``buf`` is a float64 scratch array with at least
    ``X.shape`` rows.
    """
    if w is not None and not w.all():
        # Rows of weight zero count for nothing; left in, their magnitude could
        # decide the rescaling of a column and cost the others their digits.
        dropped = X[w == 0]
        raise_if_inf(dropped, range(X.shape[1]), feature_names)
        X, w = X[w > 0], w[w > 0]
    if shift is None:
        shift = first_values(X, w)
    w, w_exp = scaled_weights(w)
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        n, hi, lo, std = _two_pass(X, w, shift, buf)
    e = np.zeros(X.shape[1], dtype=np.int64)
    bad = ~(np.isfinite(hi) & np.isfinite(std)) | ((std < _TINY) & (std > 0))
    # Rows carrying a tiny share of the weight: their weighted sums may underflow.
    bad |= (n > 0) & (n < _TINY)
    # A spread of exactly zero is a constant column unless every weighted square
    # underflowed: check that its values are all equal. The mean of a constant
    # column is its value, whatever weighted sums of tiny deviations gave.
    zero = np.flatnonzero((std == 0) & (n > 0))
    if zero.size:
        low, high = np.fmin.reduce(X[:, zero]), np.fmax.reduce(X[:, zero])
        constant = low == high
        bad[zero] |= ~constant
        hi[zero[constant]], lo[zero[constant]] = low[constant], 0.0
    if bad.any():
        cols = np.flatnonzero(bad)
        n[cols], hi[cols], lo[cols], std[cols], e[cols] = _rescaled_moments(
            X[:, cols], w, feature_names, cols
        )
    return scaled_count(n, w_exp), hi, lo, std, e


def empty_moments(n_features):
    """The moments of no data: zero count, mean and std, in scale ``2**0``."""
    zeros = np.zeros(n_features)
    return zeros, zeros, zeros, zeros, np.zeros(n_features, dtype=np.int64)


def _two_sum(a, b):
    """``a + b`` as a rounded sum and its exact rounding error (Knuth)."""
    total = a + b
    b_part = total - a
    return total, (a - (total - b_part)) + (b - b_part)


# The magnitude of moments that are all zeros: any scale fits them.
_NO_MAGNITUDE = np.iinfo(np.int64).min


def _magnitude(moments):
    """Exponent of the larger of |mean| and std in each column; see _NO_MAGNITUDE."""
    n, hi, _, std, e = moments
    size = np.maximum(np.abs(hi), std)
    return np.where((n > 0) & (size > 0), e + exponent(size), _NO_MAGNITUDE)


def _rescale(moments, e):
    """The same moments expressed in the scale ``2**e`` (exact unless negligible)."""
    n, hi, lo, std, e_old = moments
    shift = e_old - e
    return n, np.ldexp(hi, shift), np.ldexp(lo, shift), np.ldexp(std, shift)


def merge_moments(a, b):
    """Merge two moments ``(count, mean_hi, mean_lo, std, exp)``; never overflows.

    Chan, Golub and LeVeque's pairwise update, with the mean carried as an unevaluated
    sum ``hi + lo`` so that the difference of two large, close means stays exact.
    Both sides are first brought to one power-of-two scale in which the larger mean
    or std lies in [0.5, 1): nothing below can overflow, and subnormal data keep
    every digit of their spread.
    """
    e = np.maximum(_magnitude(a), _magnitude(b))
    e = np.where(e == _NO_MAGNITUDE, 0, e)
    only_a, only_b = b[0] == 0, a[0] == 0
    with np.errstate(under="ignore"):
        n_a, hi_a, lo_a, std_a = _rescale(a, e)
        n_b, hi_b, lo_b, std_b = _rescale(b, e)
    with np.errstate(over="ignore"):
        n = n_a + n_b  # inf if the weights overflow: the caller reports it
    # The shares n_a / n and n_b / n, from counts scaled to at most 2.
    k = exponent(np.maximum(n_a, n_b))
    s_a, s_b = np.ldexp(n_a, -k), np.ldexp(n_b, -k)
    s = np.where(s_a + s_b > 0, s_a + s_b, 1.0)
    delta = (hi_b - hi_a) + (lo_b - lo_a)
    # Step from the heavier side's mean: its share of delta is the small one, and
    # the lighter side's share cannot round to 1 and swallow the result.
    a_heavy = s_a >= s_b
    hi, lo = _two_sum(
        np.where(a_heavy, hi_a, hi_b),
        np.where(a_heavy, lo_a + delta * (s_b / s), lo_b - delta * (s_a / s)),
    )
    # std**2 = wa * std_a**2 + wb * std_b**2 + wa * wb * delta**2, as the norm of
    # three terms scaled by the largest: no square of a tiny term underflows.
    ra, rb = np.sqrt(s_a) / np.sqrt(s), np.sqrt(s_b) / np.sqrt(s)
    terms = np.stack([ra * std_a, rb * std_b, ra * rb * np.abs(delta)])
    top = terms.max(axis=0)
    safe_top = np.where(top > 0, top, 1.0)
    std = top * np.sqrt(((terms / safe_top) ** 2).sum(axis=0))
    # Columns not seen on one side take the other side's moments unchanged.
    hi = np.where(only_b, hi_b, np.where(only_a, hi_a, hi))
    lo = np.where(only_b, lo_b, np.where(only_a, lo_a, lo))
    std = np.where(only_b, std_b, np.where(only_a, std_a, std))
    return n, hi, lo, std, e


def mean_of(moments):
    """The float64 mean ``(hi + lo) * 2**exp`` of each column (0 if unseen)."""
    _, hi, lo, _, e = moments
    with np.errstate(under="ignore"):
        return np.ldexp(hi, e) + np.ldexp(lo, e)


def affine_chunked(
    X, out, a=None, b=None, c=None, d=None, *, a_lo=None, feature_names=None
):
    """Write ``((X - a - a_lo) / b) * c + d`` into ``out`` block by block.

    Each of ``a, b, c, d`` is a float64 vector or None (skipped); ``a_lo`` is the
    low-order part of ``a`` where it matters. ``out`` may be ``X`` itself. NaN stays
    NaN; an infinite input or a result that does not fit the output dtype raises a
    ValueError naming the column.
    """
    coefs = (a, a_lo, b, c, d)
    work, work_coefs = _work_coefs(out.dtype, coefs)
    step = block_rows(X.shape[1])
    ones = np.ones(min(step, X.shape[0]), dtype=work)
    for start in range(0, X.shape[0], step):
        xb, ob = X[start : start + step], out[start : start + step]
        src = xb if xb.dtype == work else xb.astype(work)
        res = ob if ob.dtype == work else np.empty_like(src)
        with np.errstate(over="ignore", invalid="ignore"):
            _affine(src, res, *work_coefs)
            # One BLAS pass over the cached block: NaN or inf anywhere shows here.
            total = ones[: res.shape[0]] @ res
        if not np.isfinite(total).all():
            _mend_block(xb, res, coefs, feature_names)
        if res is not ob:
            info = np.finfo(ob.dtype)
            with np.errstate(over="ignore"):
                ob[...] = saturate(res, info.max, info.eps)
            raise_if_overflow(xb, ob, np.arange(X.shape[1]), feature_names)
    return out


def _work_coefs(out_dtype, coefs):
    """The dtype to compute in and the coefficients in it.

    float32 for float32 or float16 output, unless a coefficient would leave the
    normal float32 range there (then float64). The subtracted ``a`` becomes its
    nearest float32 plus a float32 remainder where that moves the result by more
    than an ulp: ``x - a`` near a large ``a`` keeps float32's full precision.
    """
    work = np.dtype(np.float32 if out_dtype == np.float16 else out_dtype)
    a, a_lo, b, c, d = coefs
    if work != np.float64 and a is not None:
        head = a.astype(work)
        rest = (a - head) + (0.0 if a_lo is None else a_lo)
        ref = np.abs(b) if b is not None else 0.0
        rest = np.where(np.abs(rest) > np.finfo(work).eps * ref, rest, 0.0)
        a, a_lo = head.astype(np.float64), rest if rest.any() else None
    with np.errstate(over="ignore"):
        cast = [None if v is None else v.astype(work) for v in (a, a_lo, b, c, d)]
    tiny = np.finfo(work).tiny
    for v, v64 in zip(cast, (a, a_lo, b, c, d), strict=True):
        if (
            v is not None
            and not (np.isfinite(v) & ((np.abs(v) >= tiny) | (v64 == 0))).all()
        ):
            return np.dtype(np.float64), list(coefs)
    return work, cast


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
    """Recompute non-finite columns of ``res`` in float64; raise on a real overflow.

    Where ``x - a`` or a product overflows although the result fits, the result is
    computed from halves instead.
    """
    bad = np.flatnonzero(~np.isfinite(res).all(axis=0))
    x = xb[:, bad].astype(np.float64)
    raise_if_inf(x, bad, feature_names)
    a, a_lo, b, c, d = [None if v is None else v[bad] for v in coefs]
    info = np.finfo(res.dtype)
    with np.errstate(over="ignore", invalid="ignore"):
        t = _affine_scaled(x, a, a_lo, b, c, d, 1.0)
        beyond = ~(np.abs(t) <= info.max) & ~np.isnan(x)
        if beyond.any():
            half = _affine_scaled(x, a, a_lo, b, c, d, 0.5)
            t = np.where(beyond, 2.0 * saturate(half, info.max / 2, info.eps), t)
        fixed = t.astype(res.dtype)
    raise_if_overflow(x, fixed, bad, feature_names)
    res[:, bad] = fixed


def _affine_scaled(x, a, a_lo, b, c, d, half):
    """``half * (((x - a - a_lo) / b) * c + d)``, with every term scaled first."""
    t = half * x - (0.0 if a is None else half * a)
    t = t - (0.0 if a_lo is None else half * a_lo)
    t = t / (1.0 if b is None else b)
    t = t * (1.0 if c is None else c)
    return t + (0.0 if d is None else half * d)


def saturate(values, top, eps):
    """``values`` with magnitudes just above ``top`` (8 ulps at most) set to ``top``.

    The affine map rounds up to four times; a result that exceeds the largest
    finite number by less than that is that number, not an overflow.
    """
    magnitude, top = np.abs(values), float(top)  # top of float16 is a float16
    near = (magnitude > top) & (magnitude <= top * (1 + 8 * float(eps)))
    return np.where(near, np.copysign(top, values), values) if near.any() else values


def raise_if_overflow(x, result, col_index, feature_names):
    """Raise a ValueError naming the first column where finite ``x`` gave +-inf."""
    overflow = np.isinf(result) & ~np.isinf(x)
    if overflow.any():
        j = col_index[np.flatnonzero(overflow.any(axis=0))[0]]
        raise ValueError(
            f"Scaling {column_label(j, feature_names)} overflows {result.dtype}: the "
            "input lies too far outside the range seen in fit."
        )


def _segment_reduce(ufunc, values, indptr, empty):
    """``ufunc.reduce`` of ``values`` per CSC column segment; ``empty`` if none."""
    out = np.full(len(indptr) - 1, empty)
    nonempty = np.flatnonzero(np.diff(indptr) > 0)
    if nonempty.size:
        out[nonempty] = ufunc.reduceat(values, indptr[:-1][nonempty])
    return out


def sparse_moments(X, w, feature_names=None):
    """Moments ``(count, mean_hi, mean_lo, std, exp)`` of a sparse matrix's columns.

    Implicit entries are zeros; explicit NaN entries are ignored. Column j is
    scaled by ``2**-exp[j]`` so that its largest magnitude lies in [0.5, 1):
    nothing overflows and subnormal values keep all their digits.
    """
    X = X.tocsc()
    p = X.shape[1]
    col = np.repeat(np.arange(p), np.diff(X.indptr))
    inf_cols = np.unique(col[np.isinf(X.data)])
    if inf_cols.size:
        raise_if_inf(X.data[col == inf_cols[0], None], inf_cols[:1], feature_names)
    if w is not None and not w.all():  # rows of weight zero count for nothing
        X, w = X[w > 0], w[w > 0]
        col = np.repeat(np.arange(p), np.diff(X.indptr))
    w_rows, w_exp = scaled_weights(np.ones(X.shape[0]) if w is None else w)
    w_data = w_rows[X.indices]
    data = X.data.astype(np.float64)
    nan = np.isnan(data)
    w_valid = np.where(nan, 0.0, w_data)
    data[nan] = 0.0
    w_zero = _implicit_weight(X, w_rows, w_data, col, exact=w is None)
    n = w_zero + np.bincount(col, w_valid, minlength=p)
    safe_n = np.where(n > 0, n, 1.0)
    e = exponent(_segment_reduce(np.maximum, np.abs(data), X.indptr, 0.0))
    v = np.ldexp(data, -e[col])
    sums = v, w_valid, col, w_zero, safe_n, X.indptr
    hi = np.bincount(col, w_valid * v, minlength=p) / safe_n
    c, std, lost = _sparse_central(*sums, hi, np.zeros(p))
    hi, lo = _two_sum(hi, c)
    for _ in range(_MAX_REFINE):  # see _two_pass: centre again on hi + lo
        if not lost.any():
            break
        c, std_again, lost_again = _sparse_central(*sums, hi, lo)
        new_hi, new_lo = _two_sum(hi, lo + c)
        hi, lo = np.where(lost, new_hi, hi), np.where(lost, new_lo, lo)
        std = np.where(lost, std_again, std)
        lost &= lost_again
    constant, value = _sparse_constant(v, ~nan, X.indptr, w_zero > 0)
    hi = np.where(constant, value, hi)
    lo = np.where(constant, 0.0, lo)
    std = np.where(constant, 0.0, std)
    return scaled_count(n, w_exp), hi, lo, std, e


def _implicit_weight(X, w_rows, w_data, col, exact):
    """Total weight of each CSC column's implicit zeros (rows of positive weight).

    ``exact`` says that every weight is 1, so that differences of sums are exact.
    """
    p = X.shape[1]
    has_zero = np.diff(X.indptr) < X.shape[0]
    total = w_rows.sum()
    w_zero = np.where(has_zero, total - np.bincount(col, w_data, minlength=p), 0.0)
    w_zero = np.maximum(w_zero, 0.0)
    # Where the implicit rows weigh less than the explicit ones, the difference
    # loses digits to cancellation: sum their own weights instead.
    small = has_zero & (w_zero < 0.5 * total) & (not exact)
    for j in np.flatnonzero(small):
        implicit = np.ones(X.shape[0], dtype=bool)
        implicit[X.indices[X.indptr[j] : X.indptr[j + 1]]] = False
        w_zero[j] = w_rows[implicit].sum()
    return w_zero


def _sparse_central(v, w_valid, col, w_zero, safe_n, indptr, hi, lo):
    """Sparse ``_scaled_spread`` around ``hi + lo``; implicit zeros deviate by it."""
    p = len(hi)
    root, root_zero = np.sqrt(w_valid), np.sqrt(w_zero)
    u = root * ((v - hi[col]) - lo[col])
    u_zero = root_zero * (-hi - lo)
    top = np.maximum(_segment_reduce(np.maximum, np.abs(u), indptr, 0.0), abs(u_zero))
    f = exponent(top)
    u, u_zero = np.ldexp(u, -f[col]), np.ldexp(u_zero, -f)
    c1 = np.bincount(col, root * u, minlength=p) + root_zero * u_zero
    s2 = np.bincount(col, u * u, minlength=p) + u_zero * u_zero
    correction = c1 * (c1 / safe_n)
    std = np.ldexp(np.sqrt(np.maximum(s2 - correction, 0.0) / safe_n), f)
    return np.ldexp(c1 / safe_n, f), std, correction > 0.25 * s2


def _sparse_constant(v, counted, indptr, has_zero):
    """Columns whose counted values (implicit zeros included) are all equal, and it."""
    lo_val = _segment_reduce(np.minimum, np.where(counted, v, np.inf), indptr, np.inf)
    hi_val = _segment_reduce(np.maximum, np.where(counted, v, -np.inf), indptr, -np.inf)
    no_explicit = ~np.isfinite(lo_val)
    constant = no_explicit | ((lo_val == hi_val) & (~has_zero | (lo_val == 0)))
    return constant, np.where(no_explicit, 0.0, lo_val)
