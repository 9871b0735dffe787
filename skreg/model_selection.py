"""Holdout, train/dev/test and bias-vs-variance helpers (seeds 001 and 004).

scikit-learn splits data in two (``train_test_split``) or k ways (``KFold``);
this module adds the two pieces the seed notes use all the time:

- :class:`HoldoutSplit`, a CV splitter with exactly one train/dev split, usable as
  ``cv=`` anywhere scikit-learn accepts a splitter;
- :func:`train_dev_test_split`, a three-way split (60/20/20 on small data, 98/1/1
  on big data) with exact stratification;

and Andrew Ng's "basic recipe" for reading train and dev error:
:func:`diagnose_bias_variance` and :func:`bias_variance_report`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import maximum_flow
from sklearn.base import is_classifier
from sklearn.dummy import DummyClassifier, DummyRegressor
from sklearn.metrics import get_scorer_names
from sklearn.model_selection import (
    BaseCrossValidator,
    check_cv,
    cross_validate,
    train_test_split,
)
from sklearn.utils import check_random_state

from skreg._compat import (
    HasMethods,
    Interval,
    RealNotInt,
    StrOptions,
    validate_parameter_constraints,
    validate_params,
)
from skreg._validation import check_not_complex
from skreg.linear import _named_check_array

__all__ = [
    "BiasVarianceDiagnosis",
    "HoldoutSplit",
    "bias_variance_report",
    "diagnose_bias_variance",
    "train_dev_test_split",
]

# Two fractions "add up to 1" when they are this close (0.98 + 0.01 + 0.01 != 1.0).
_SUM_TOL = 1e-6

# A part size: a fraction of the rows or a row count.
_SIZE = [
    Interval(RealNotInt, 0, 1, closed="neither"),
    Interval(Integral, 1, None, closed="left"),
]
_ERROR = [Interval(Real, 0, None, closed="left")]


def _n_rows(a):
    """Number of rows of an array-like, DataFrame, Series, sparse matrix or list."""
    shape = getattr(a, "shape", None)
    if shape is not None and len(shape) > 0:
        return int(shape[0])
    try:
        return len(a)
    except TypeError:
        raise TypeError(
            "expected array-like inputs (arrays, DataFrames, Series, lists or sparse "
            f"matrices); got {type(a).__name__}"
        ) from None


def _take(a, indices):
    """Rows ``indices`` of ``a``, keeping its type; never modifies ``a``."""
    if hasattr(a, "iloc"):
        return a.iloc[indices]
    if sp.issparse(a):
        return a.tocsr()[indices] if a.format not in ("csr", "csc") else a[indices]
    if isinstance(a, np.ndarray):
        return a[indices]
    if isinstance(a, list | tuple):
        return [a[i] for i in indices]
    return np.asarray(a)[indices]


def _holdout_size(test_size, n_samples):
    """Number of dev rows for ``HoldoutSplit``: a fraction (rounded up) or a count."""
    if isinstance(test_size, Integral):
        n_test = int(test_size)
    else:
        n_test = int(np.ceil(test_size * n_samples))
    if not 1 <= n_test <= n_samples - 1:
        raise ValueError(
            f"test_size={test_size!r} gives {n_test} dev rows out of "
            f"n_samples={n_samples}; both parts need at least one row"
        )
    return n_test


def _check_labels(labels, name, n_samples):
    """Class labels to stratify on: 1-D, one per row."""
    if _n_rows(labels) != n_samples:
        raise ValueError(
            f"{name} must have one label per row ({n_samples}); got {_n_rows(labels)}"
        )
    labels = np.asarray(labels)
    if labels.ndim != 1:
        raise ValueError(f"{name} must be 1-D class labels; got shape {labels.shape}")
    check_not_complex(labels, name)
    # NaN is no class label (scikit-learn's stratified splitters reject it too)
    return _named_check_array(labels, name, ensure_2d=False, dtype=None)


class HoldoutSplit(BaseCrossValidator):
    """One train/dev split, as a scikit-learn cross-validation splitter.

    The holdout method of seed 004: fit on one part, score on the other, once.
    Pass it as ``cv=`` to ``GridSearchCV``, ``cross_validate``,
    ``learning_curve`` or ``validation_curve`` when k-fold is too slow or when
    the dev set is fixed by design. The split is exactly
    ``train_test_split(np.arange(n), test_size=..., shuffle=..., random_state=...,
    stratify=y if stratify else None)``.

    The parameters are checked when :meth:`split` is called (as scikit-learn
    estimators check theirs at ``fit``).

    Parameters
    ----------
    test_size : float or int, default=0.2
        Fraction of rows in the dev part (float in (0, 1), rounded up), or their
        count (positive int).
    shuffle : bool, default=True
        Shuffle before splitting. Without shuffling the last ``test_size`` rows
        are the dev part.
    stratify : bool, default=False
        Keep the class proportions of ``y`` in both parts (needs ``y`` and
        ``shuffle=True``).
    random_state : int, RandomState instance or None, default=None
        Seed of the shuffle. An int gives the same split on every call of
        :meth:`split`.

    Examples
    --------
    >>> import numpy as np
    >>> from skreg import HoldoutSplit
    >>> cv = HoldoutSplit(test_size=0.25, random_state=0)
    >>> cv
    HoldoutSplit(random_state=0, shuffle=True, stratify=False, test_size=0.25)
    >>> cv.get_n_splits()
    1
    >>> [(len(train), len(dev)) for train, dev in cv.split(np.zeros((8, 2)))]
    [(6, 2)]
    """

    _parameter_constraints = {
        "test_size": _SIZE,
        "shuffle": ["boolean"],
        "stratify": ["boolean"],
        "random_state": ["random_state"],
    }

    def __init__(
        self, test_size=0.2, *, shuffle=True, stratify=False, random_state=None
    ):
        self.test_size = test_size
        self.shuffle = shuffle
        self.stratify = stratify
        self.random_state = random_state

    def split(self, X, y=None, groups=None):
        """Yield the single ``(train_indices, dev_indices)`` pair.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Data to split; only its number of rows is used.
        y : array-like of shape (n_samples,), default=None
            Class labels; required when ``stratify=True``.
        groups : None
            Ignored; present for API compatibility.

        Yields
        ------
        train : ndarray of int
            Row indices of the training part.
        dev : ndarray of int
            Row indices of the dev (validation) part.
        """
        validate_parameter_constraints(
            self._parameter_constraints,
            {name: getattr(self, name) for name in self._parameter_constraints},
            caller_name=type(self).__name__,
        )
        n_samples = _n_rows(X)
        if y is not None and _n_rows(y) != n_samples:
            raise ValueError(
                "X and y must have the same number of rows; got X with "
                f"{n_samples} rows and y with {_n_rows(y)}"
            )
        n_test = _holdout_size(self.test_size, n_samples)
        stratify = None
        if self.stratify:
            if y is None:
                raise ValueError("HoldoutSplit(stratify=True) needs y; got y=None")
            if not self.shuffle:
                raise ValueError(
                    "stratify=True requires shuffle=True; got shuffle=False"
                )
            stratify = _check_labels(y, "y", n_samples)
        train, dev = train_test_split(
            np.arange(n_samples),
            test_size=n_test,
            shuffle=self.shuffle,
            random_state=self.random_state,
            stratify=stratify,
        )
        yield train, dev

    def get_n_splits(self, X=None, y=None, groups=None):
        """Number of splits: always 1.

        Parameters
        ----------
        X, y, groups : object
            Ignored; present for API compatibility.

        Returns
        -------
        n_splits : int
            1.
        """
        return 1


def _size_kind(value):
    """'none', 'int' (a row count) or 'float' (a fraction) for a checked size."""
    if value is None:
        return "none"
    return "int" if isinstance(value, Integral) else "float"


def _largest_remainder(targets, total):
    """Round non-negative reals ``targets`` to ints that add up to ``total``."""
    floors = np.floor(targets).astype(int)
    short = total - floors.sum()
    order = np.argsort(-(targets - floors), kind="stable")
    floors[order[:short]] += 1
    return floors


def _resolve_sizes(sizes, n_samples):
    """Turn (train, dev, test) sizes into row counts that add up to n_samples."""
    names = ("train_size", "dev_size", "test_size")
    kinds = [_size_kind(s) for s in sizes]
    shown = ", ".join(f"{n}={s!r}" for n, s in zip(names, sizes, strict=True))
    if kinds.count("none") > 1:
        raise ValueError(
            "at most one of train_size, dev_size and test_size may be None "
            f"(it takes the remaining rows); got {shown}"
        )
    rows = [
        0.0 if k == "none" else float(s) * (n_samples if k == "float" else 1)
        for k, s in zip(kinds, sizes, strict=True)
    ]
    if "none" in kinds:
        rest = kinds.index("none")
        rows[rest] = n_samples - sum(rows)
        if rows[rest] <= _SUM_TOL * n_samples:
            raise ValueError(
                f"{names[rest]}=None takes the remaining rows, but the other sizes "
                f"use {sum(rows) - rows[rest]:g} of n_samples={n_samples}; "
                f"got {shown}"
            )
    total = sum(rows)
    if abs(total - n_samples) > _SUM_TOL * n_samples:
        unit = "1.0" if set(kinds) == {"float"} else f"n_samples={n_samples}"
        got = sum(sizes) if set(kinds) == {"float"} else total
        raise ValueError(
            f"train_size, dev_size and test_size must add up to {unit} "
            f"(fractions of the rows, row counts, or None for the rest); got {shown}, "
            f"which adds up to {got:g}"
        )
    counts = _largest_remainder(np.array(rows) * n_samples / total, n_samples)
    if counts.min() < 1:
        empty = names[int(np.argmin(counts))]
        raise ValueError(
            f"{empty} gives 0 of n_samples={n_samples} rows; got {shown}. "
            "Use fewer parts or larger sizes."
        )
    return counts


def _stratified_counts(class_counts, part_counts, rng):
    """Rows of each class in each part: floor or ceil of its exact share.

    The exact shares ``n_c * m_k / n`` form a matrix whose row sums (class sizes)
    and column sums (part sizes) are integers; rounding it while keeping both
    sums is a max-flow problem that always has an integral solution.
    """
    n = int(class_counts.sum())
    exact = np.outer(class_counts, part_counts)
    alloc, remainder = np.divmod(exact, n)
    row_need = class_counts - alloc.sum(axis=1)
    col_need = part_counts - alloc.sum(axis=0)
    n_cls, n_parts = alloc.shape
    # Random node order: which classes get the extra row is not biased.
    cls_order, part_order = rng.permutation(n_cls), rng.permutation(n_parts)
    size = n_cls + n_parts + 2
    src, sink = 0, size - 1
    rows, cols, caps = [], [], []
    for i, c in enumerate(cls_order):
        rows.append(src), cols.append(1 + i), caps.append(row_need[c])
        for j, k in enumerate(part_order):
            if remainder[c, k]:
                rows.append(1 + i), cols.append(1 + n_cls + j), caps.append(1)
    for j, k in enumerate(part_order):
        rows.append(1 + n_cls + j), cols.append(sink), caps.append(col_need[k])
    graph = sp.csr_matrix(
        (np.asarray(caps, dtype=np.int32), (rows, cols)), shape=(size, size)
    )
    result = maximum_flow(graph, src, sink)
    if result.flow_value != row_need.sum():  # impossible by integrality of flows
        raise RuntimeError("stratified allocation failed; please report this bug")
    flow = result.flow.toarray()
    for i, c in enumerate(cls_order):
        for j, k in enumerate(part_order):
            alloc[c, k] += max(flow[1 + i, 1 + n_cls + j], 0)
    return alloc


def _stratified_parts(stratify, counts, rng):
    """Row indices of each part, stratified on the labels ``stratify``."""
    classes, y_codes, class_counts = np.unique(
        stratify, return_inverse=True, return_counts=True
    )
    if class_counts.min() < 2:
        rare = classes[int(np.argmin(class_counts))]
        raise ValueError(
            "stratify: every class needs at least 2 rows; got class "
            f"{rare!r} with {class_counts.min()} row"
        )
    alloc = _stratified_counts(class_counts, np.asarray(counts), rng)
    parts = [[] for _ in counts]
    for c in range(len(classes)):
        members = rng.permutation(np.flatnonzero(y_codes == c))
        bounds = np.cumsum(alloc[c])[:-1]
        for k, chunk in enumerate(np.split(members, bounds)):
            parts[k].append(chunk)
    return [rng.permutation(np.concatenate(p)) for p in parts]


@validate_params(
    {
        "train_size": [*_SIZE, None],
        "dev_size": [*_SIZE, None],
        "test_size": [*_SIZE, None],
        "stratify": ["array-like", None],
        "shuffle": ["boolean"],
        "random_state": ["random_state"],
    },
    prefer_skip_nested_validation=True,
)
def train_dev_test_split(
    *arrays,
    train_size=0.6,
    dev_size=0.2,
    test_size=0.2,
    stratify=None,
    shuffle=True,
    random_state=None,
):
    """Split arrays into train, dev and test parts (seed 001).

    Like ``sklearn.model_selection.train_test_split`` but with three parts:
    60/20/20 on small data, 98/1/1 (or counts like 10_000 dev rows) on big
    data. Dev and test come from the same shuffled distribution.

    Parameters
    ----------
    *arrays : sequence of array-likes with the same number of rows
        NumPy arrays, lists, pandas DataFrames/Series or SciPy sparse matrices.
        They are never modified; each part keeps the input's type (a DataFrame
        part keeps its original index labels).
    train_size, dev_size, test_size : float, int or None
        Size of each part: a fraction of all rows (float in (0, 1)), a row count
        (positive int) or ``None`` for "the remaining rows" (at most one None).
        Fractions and counts may be mixed; together they must cover every row:
        fractions must add up to 1 (within 1e-6), counts to ``n_samples``.
        Fractional row counts are rounded by largest remainder so that the parts
        add up to ``n_samples``; every part must get at least one row.
    stratify : array-like of shape (n_samples,), default=None
        Class labels. Each class then gets, in every part, the floor or the
        ceiling of its exact share ``n_class * n_part / n_samples`` - within one
        row of its proportion. Every class needs at least 2 rows.
    shuffle : bool, default=True
        Shuffle before splitting. Without shuffling the parts are consecutive
        blocks (train first); ``stratify`` then is not allowed.
    random_state : int, RandomState instance or None, default=None
        Seed of the shuffle.

    Returns
    -------
    splitting : list of length 3 * len(arrays)
        ``a_train, a_dev, a_test, b_train, b_dev, b_test, ...``.

    Examples
    --------
    >>> import numpy as np
    >>> from skreg import train_dev_test_split
    >>> X = np.arange(20).reshape(10, 2)
    >>> y = np.array([0, 0, 0, 0, 0, 1, 1, 1, 1, 1])
    >>> X_tr, X_dev, X_te, y_tr, y_dev, y_te = train_dev_test_split(
    ...     X, y, stratify=y, random_state=0
    ... )
    >>> X_tr.shape, X_dev.shape, X_te.shape
    ((6, 2), (2, 2), (2, 2))
    >>> np.bincount(y_tr), np.bincount(y_dev), np.bincount(y_te)
    (array([3, 3]), array([1, 1]), array([1, 1]))
    >>> a_tr, a_dev, a_te = train_dev_test_split(
    ...     list(range(100)), train_size=0.98, dev_size=1, test_size=None,
    ...     shuffle=False,
    ... )
    >>> len(a_tr), a_dev, a_te
    (98, [98], [99])
    """
    if not arrays:
        raise ValueError("train_dev_test_split needs at least one array; got none")
    lengths = [_n_rows(a) for a in arrays]
    if len(set(lengths)) > 1:
        raise ValueError(
            f"all arrays must have the same number of rows; got lengths {lengths}"
        )
    n_samples = lengths[0]
    if n_samples < 3:
        raise ValueError(
            f"need at least 3 rows for train, dev and test; got n_samples={n_samples}"
        )
    counts = _resolve_sizes((train_size, dev_size, test_size), n_samples)
    rng = check_random_state(random_state)
    if stratify is not None:
        if not shuffle:
            raise ValueError("stratify requires shuffle=True; got shuffle=False")
        labels = _check_labels(stratify, "stratify", n_samples)
        parts = _stratified_parts(labels, counts, rng)
    else:
        order = rng.permutation(n_samples) if shuffle else np.arange(n_samples)
        parts = np.split(order, np.cumsum(counts)[:-1])
    return [_take(a, idx) for a in arrays for idx in parts]


# --------------------------------------------------------------------------------
# Bias vs variance (seed 001)

_BIAS_ADVICE = (
    "high bias: use a bigger model (more features, more units or layers)",
    "high bias: train longer or use a better optimizer",
    "high bias: regularize less (smaller alpha)",
)
_VARIANCE_ADVICE = (
    "high variance: get more training data (or augment it)",
    "high variance: regularize more (larger alpha, L2/L1, dropout, early stopping)",
    "high variance: use fewer features or a smaller model",
)


@dataclass(frozen=True)
class BiasVarianceDiagnosis:
    """Train/dev errors read with the "basic recipe" of seed 001.

    ``avoidable_bias = train_error - human_error`` and
    ``variance = dev_error - train_error``; each is "high" when it exceeds
    ``tolerance``. Build it with :func:`diagnose_bias_variance` or
    :func:`bias_variance_report`.

    Attributes
    ----------
    train_error, dev_error, human_error : float
        The errors that were compared (same units, lower is better).
    avoidable_bias : float
        ``train_error - human_error``.
    variance : float
        ``dev_error - train_error``.
    tolerance : float
        Largest gap still considered fine.
    verdict : {"high bias", "high variance", "both", "fine"}
        The diagnosis.
    advice : tuple of str
        What to try next.
    error_name : str
        What the errors measure, e.g. ``"1 - accuracy"``.
    train_error_std, dev_error_std : float or None
        Spread over cross-validation folds, when measured that way.

    Examples
    --------
    >>> from skreg import diagnose_bias_variance
    >>> d = diagnose_bias_variance(0.15, 0.30)
    >>> d.verdict, round(d.avoidable_bias, 2), round(d.variance, 2), len(d.advice)
    ('both', 0.15, 0.15, 6)
    """

    train_error: float
    dev_error: float
    human_error: float
    avoidable_bias: float
    variance: float
    tolerance: float
    verdict: str
    advice: tuple = field(default_factory=tuple)
    error_name: str = "error"
    train_error_std: float | None = None
    dev_error_std: float | None = None

    def __repr__(self):
        def show(mean, std):
            return f"{mean:.4g}" + ("" if std is None else f" (+/- {std:.2g})")

        lines = [
            f"BiasVarianceDiagnosis(verdict={self.verdict!r})",
            f"  error           : {self.error_name}",
            f"  human error     : {self.human_error:.4g}",
            f"  train error     : {show(self.train_error, self.train_error_std)}",
            f"  dev error       : {show(self.dev_error, self.dev_error_std)}",
            f"  avoidable bias  : {self.avoidable_bias:.4g}",
            f"  variance        : {self.variance:.4g}",
            f"  tolerance       : {self.tolerance:.4g}",
        ]
        lines += [f"  - {tip}" for tip in self.advice]
        return "\n".join(lines)


@validate_params(
    {
        "train_error": _ERROR,
        "dev_error": _ERROR,
        "human_error": _ERROR,
        "tolerance": _ERROR,
        "error_name": [str],
    },
    prefer_skip_nested_validation=True,
)
def diagnose_bias_variance(
    train_error, dev_error, human_error=0.0, *, tolerance=0.02, error_name="error"
):
    """Diagnose high bias / high variance from train, dev and human-level error.

    The "basic recipe" of seed 001: avoidable bias is train error minus
    human-level (Bayes) error; variance is dev error minus train error. A gap
    larger than ``tolerance`` is "high". High bias asks for a bigger model or
    longer training; high variance for more data or more regularization.

    Parameters
    ----------
    train_error, dev_error : float
        Errors on the training and dev sets (>= 0, lower is better, same units).
    human_error : float, default=0.0
        Human-level or best achievable error, the reference for bias.
    tolerance : float, default=0.02
        Largest gap that is still fine, in the units of the errors. The default
        suits error rates (2 percentage points); for MSE pass a value in the
        units of ``y**2`` (or use :func:`bias_variance_report`, which scales it).
    error_name : str, default="error"
        Label of the error in the printed report.

    Returns
    -------
    diagnosis : BiasVarianceDiagnosis
        Avoidable bias, variance, verdict and advice.

    Examples
    --------
    >>> from skreg import diagnose_bias_variance
    >>> d = diagnose_bias_variance(0.01, 0.11)
    >>> d.verdict
    'high variance'
    >>> diagnose_bias_variance(0.15, 0.16).verdict
    'high bias'
    >>> diagnose_bias_variance(0.15, 0.30).verdict
    'both'
    >>> diagnose_bias_variance(0.005, 0.01).verdict
    'fine'
    >>> print(diagnose_bias_variance(0.08, 0.10, human_error=0.07))
    BiasVarianceDiagnosis(verdict='fine')
      error           : error
      human error     : 0.07
      train error     : 0.08
      dev error       : 0.1
      avoidable bias  : 0.01
      variance        : 0.02
      tolerance       : 0.02
      - fine: bias and variance are within tolerance; confirm once on the test set
    """
    return _diagnose(train_error, dev_error, human_error, tolerance, error_name)


def _diagnose(train_error, dev_error, human_error, tolerance, error_name, **stds):
    """Shared body of diagnose_bias_variance and bias_variance_report."""
    train_error, dev_error = float(train_error), float(dev_error)
    human_error, tolerance = float(human_error), float(tolerance)
    bias = train_error - human_error
    variance = dev_error - train_error
    # Round-off must not turn 0.10 - 0.08 into "above 0.02".
    slack = 1e-12 * max(1.0, dev_error)
    high_bias, high_var = bias > tolerance + slack, variance > tolerance + slack
    if high_bias and high_var:
        verdict, advice = "both", _BIAS_ADVICE + _VARIANCE_ADVICE
    elif high_bias:
        verdict, advice = "high bias", _BIAS_ADVICE
    elif high_var:
        verdict, advice = "high variance", _VARIANCE_ADVICE
    else:
        verdict = "fine"
        advice = (
            "fine: bias and variance are within tolerance; confirm once on the "
            "test set",
        )
    return BiasVarianceDiagnosis(
        train_error=train_error,
        dev_error=dev_error,
        human_error=human_error,
        avoidable_bias=bias,
        variance=variance,
        tolerance=tolerance,
        verdict=verdict,
        advice=advice,
        error_name=error_name,
        **stds,
    )


def _score_to_error(scoring, classifier):
    """(scorer name, error label, function score -> error) for a scoring string."""
    if scoring is None:
        scoring = "accuracy" if classifier else "neg_mean_squared_error"
    if scoring.startswith("neg_"):
        return scoring, scoring[4:], lambda s: -np.asarray(s)
    return scoring, f"1 - {scoring}", lambda s: 1.0 - np.asarray(s)


def _report_folds(cv, X, y, classifier):
    """The cross-validation folds of ``bias_variance_report``, drawn once.

    The model and its baseline are scored on these same folds, even when ``cv``
    shuffles without a fixed seed.
    """
    if _n_rows(X) != _n_rows(y):
        raise ValueError(
            "X and y must have the same number of rows; got X with "
            f"{_n_rows(X)} rows and y with {_n_rows(y)}"
        )
    # Every supervised estimator needs a finite target (numbers for the regression
    # baseline); what X may hold is the estimator's business (a pipeline may
    # encode text or impute NaN).
    check_not_complex(y, "y")
    dtype = None if classifier else "numeric"
    _named_check_array(y, "y", ensure_2d=False, dtype=dtype)
    try:
        return list(check_cv(cv, y, classifier=classifier).split(X, y))
    except ValueError as exc:
        raise ValueError(f"cv={cv!r} cannot split X, y: {exc}") from exc


def _cross_validate(est, X, y, folds, scoring):
    """``cross_validate`` whose data errors say what failed on the caller's X, y."""
    try:
        return cross_validate(
            est,
            X,
            y,
            cv=folds,
            scoring=scoring,
            return_train_score=True,
            error_score="raise",
        )
    except (ValueError, TypeError) as exc:
        if type(exc) not in (ValueError, TypeError):  # e.g. a parameter error
            raise
        raise type(exc)(
            f"{type(est).__name__} could not be cross-validated on X, y: {exc}"
        ) from exc


@validate_params(
    {
        "estimator": [HasMethods("fit")],
        "X": ["array-like", "sparse matrix"],
        "y": ["array-like"],
        "cv": ["cv_object"],
        "scoring": [StrOptions(set(get_scorer_names())), None],
        "human_error": _ERROR,
    },
    # the estimator is the caller's: its own fit must still check its parameters
    prefer_skip_nested_validation=False,
)
def bias_variance_report(estimator, X, y, *, cv=5, scoring=None, human_error=0.0):
    """Measure train and dev error by cross-validation and diagnose them.

    Runs ``cross_validate(estimator, X, y, cv=cv, scoring=scoring,
    return_train_score=True)``; train error is the mean training-fold error,
    dev error the mean held-out-fold error.

    Errors (lower is better) come from scores (higher is better): with
    ``scoring=None`` the error is ``1 - accuracy`` for classifiers and the mean
    squared error for regressors. With a scorer name, ``neg_*`` scores become
    errors by a sign flip (``neg_mean_absolute_error`` -> MAE) and any other score
    ``s`` becomes ``1 - s`` (``"r2"`` -> ``1 - R^2``, ``"f1"`` -> ``1 - F1``).

    The tolerance that separates "high" from "fine" is 5 % of the dev error of a
    constant baseline (``DummyClassifier()`` or ``DummyRegressor()``) measured by
    the same cross-validation, so it is in the units of the error whatever they
    are.

    Parameters
    ----------
    estimator : estimator object
        Unfitted scikit-learn estimator (it is cloned).
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
        Features, as the estimator accepts them.
    y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Target: finite, and numeric for regressors.
    cv : int, cross-validation generator or iterable, default=5
        As in ``cross_validate``; e.g. ``HoldoutSplit(0.2)`` or ``KFold(5)``.
        The folds are drawn once, so the model and its baseline are scored on
        the same folds even when ``cv`` shuffles without a fixed seed.
    scoring : str or None, default=None
        Scorer name (see above).
    human_error : float, default=0.0
        Human-level error in the same units as the error.

    Returns
    -------
    diagnosis : BiasVarianceDiagnosis
        With the fold standard deviations filled in.

    Examples
    --------
    >>> from sklearn.datasets import load_breast_cancer
    >>> from sklearn.tree import DecisionTreeClassifier
    >>> from skreg import bias_variance_report
    >>> X, y = load_breast_cancer(return_X_y=True)
    >>> tree = DecisionTreeClassifier(random_state=0)
    >>> report = bias_variance_report(tree, X, y, cv=5)
    >>> report.verdict, report.train_error
    ('high variance', 0.0)
    >>> round(report.dev_error, 3)
    0.083
    """
    if isinstance(estimator, type):
        raise TypeError(
            "estimator must be an estimator instance, e.g. "
            f"{estimator.__name__}(); got the class {estimator.__name__}"
        )
    classifier = is_classifier(estimator)
    scoring, name, to_error = _score_to_error(scoring, classifier)
    folds = _report_folds(cv, X, y, classifier)
    baseline = DummyClassifier() if classifier else DummyRegressor()
    runs = [_cross_validate(est, X, y, folds, scoring) for est in (estimator, baseline)]
    train, dev = to_error(runs[0]["train_score"]), to_error(runs[0]["test_score"])
    baseline_dev = float(np.mean(to_error(runs[1]["test_score"])))
    errors = np.array([np.mean(train), np.mean(dev), baseline_dev])
    if not np.all(np.isfinite(errors)):
        raise ValueError(
            f"scoring={scoring!r} gave non-finite errors (train, dev, baseline dev: "
            f"{errors.tolist()}); check that every fold of cv has enough rows"
        )
    return _diagnose(
        *errors[:2],
        human_error,
        0.05 * abs(baseline_dev),
        name,
        train_error_std=float(np.std(train)),
        dev_error_std=float(np.std(dev)),
    )
