"""Bad and unusual input to the public callables of skreg.linear and
skreg.model_selection, as one table of plain data.

Each row is ``(callable, case, expected)``: ``case`` names keyword arguments in
``CASES`` (merged over the callable's base arguments in ``BASE``); ``expected``
is ``SAME`` (the result equals the one on plain C-contiguous float arrays),
``OK`` (no error, every number in the result finite) or ``(error type, regex)``
where the regex names the argument and the problem. Whatever happens, the
caller's arrays and DataFrames are left unmodified.
"""

import copy

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression, Ridge

from skreg import (
    BiasVarianceDiagnosis,
    HoldoutSplit,
    LinearComparison,
    bias_variance_report,
    compare_linear_models,
    diagnose_bias_variance,
    regularization_path,
    train_dev_test_split,
)
from skreg._compat import InvalidParameterError

# --------------------------------------------------------------------------------
# The callables, with a uniform keyword interface


def compare_regression(X, y, **params):
    return compare_linear_models(X, y, **{"alpha": 0.1, "random_state": 0, **params})


def compare_classification(X, y, **params):
    return compare_linear_models(
        X, y, task="classification", models=("linear", "ridge", "lasso"),
        random_state=0, **params,
    )  # fmt: skip


def lasso_path(X, y, **params):
    return regularization_path(X, y, alphas=5, **params)


def ridge_path(X, y, **params):
    return regularization_path(X, y, model="ridge", alphas=5, **params)


def positive_ridge_path(X, y, **params):
    return regularization_path(X, y, model="ridge", alphas=5, positive=True, **params)


def holdout(X, y=None, **params):
    params = {"test_size": 0.25, "stratify": True, "random_state": 0, **params}
    return list(HoldoutSplit(**params).split(X, y))


def three_way(X, y, **params):
    """The row positions of the train, dev and test parts of X, y."""
    rows = np.arange(X.shape[0] if hasattr(X, "shape") else len(X))
    params = {"stratify": y, "random_state": 0, **params}
    return train_dev_test_split(rows, X, y, **params)[:3]


def report_regression(X, y, **params):
    return bias_variance_report(Ridge(), X, y, **{"cv": 3, **params})


def report_classification(X, y, **params):
    return bias_variance_report(LogisticRegression(), X, y, **{"cv": 3, **params})


def diagnose(**params):
    return diagnose_bias_variance(**{"train_error": 0.1, "dev_error": 0.2, **params})


# --------------------------------------------------------------------------------
# The data

_rng = np.random.default_rng(0)
labels = np.arange(30) % 2
X = _rng.standard_normal((30, 3))
X[:, 0] += 2 * labels
y = X @ np.array([1.0, -2.0, 0.5]) + 0.1 * _rng.standard_normal(30)


def _with(a, value):
    a = a.astype(float)
    a.flat[0] = value
    return a


def _read_only(a):
    a = a.copy()
    a.flags.writeable = False
    return a


REGRESSION = (compare_regression, lasso_path, ridge_path, positive_ridge_path,
              report_regression)  # fmt: skip
CLASSIFICATION = (compare_classification, holdout, three_way, report_classification)
BASE = {
    **{f: dict(X=X, y=y) for f in REGRESSION},
    **{f: dict(X=X, y=labels) for f in CLASSIFICATION},
    diagnose: {},
}

CASES = {
    "nan_X": dict(X=_with(X, np.nan)),
    "inf_X": dict(X=_with(X, np.inf)),
    "nan_y": dict(y=_with(y, np.nan)),
    "inf_y": dict(y=_with(y, -np.inf)),
    "nan_labels": dict(y=_with(labels, np.nan)),
    "continuous_y": dict(y=y),
    "str_X": dict(X=X.astype(str)),
    "object_X": dict(X=np.where(X > 2, "big", X).astype(object)),
    "str_y": dict(y=y.astype(str)),
    "str_labels": dict(y=np.array(["no", "yes"])[labels]),
    "complex_X": dict(X=X + 0j),
    "complex_y": dict(y=y + 1j),
    "complex_labels": dict(y=labels + 0j),
    "empty": dict(X=X[:0], y=y[:0]),
    "empty_labels": dict(X=X[:0], y=labels[:0]),
    "no_columns": dict(X=X[:, :0]),
    "one_row": dict(X=X[:1], y=y[:1]),
    "one_row_labels": dict(X=X[:1], y=labels[:1]),
    "two_rows": dict(X=X[:2], y=y[:2]),
    "one_class": dict(y=np.zeros(30, dtype=int)),
    "constant_y": dict(y=np.full(30, 3.0)),
    "constant_X": dict(X=np.ones((30, 3))),
    "y_column": dict(y=y[:, None]),
    "labels_column": dict(y=labels[:, None]),
    "y_two_columns": dict(y=np.c_[y, y]),
    "short_y": dict(y=y[:-1]),
    "short_labels": dict(y=labels[:-1]),
    "sparse_X": dict(X=sp.csr_matrix(X)),
    "frame_X": dict(X=pd.DataFrame(X, columns=["a", "b", "c"])),
    "series_y": dict(y=pd.Series(y, index=np.arange(30) + 100)),
    "series_labels": dict(y=pd.Series(labels, index=np.arange(30) + 100)),
    "mixed_frame_X": dict(
        X=pd.DataFrame({"a": X[:, 0], "b": X[:, 1], "c": ["u", "v", "w"] * 10})
    ),
    "read_only": dict(X=_read_only(X), y=_read_only(y)),
    "read_only_labels": dict(X=_read_only(X), y=_read_only(labels)),
    "fortran_X": dict(X=np.asfortranarray(X)),
    "strided_X": dict(X=np.repeat(X, 2, axis=1)[:, ::2]),
    "strided_y": dict(y=np.repeat(y, 2)[::2]),
    "list_X": dict(X=X.tolist()),
    # out-of-range parameters
    "alpha_zero": dict(alpha=0.0),
    "eps_above_one": dict(eps=2.0),
    "test_size_all_rows": dict(test_size=30),
    "cv_too_many_folds": dict(cv=31),
    # the errors of diagnose_bias_variance
    "nan_error": dict(dev_error=np.nan),
    "inf_error": dict(train_error=np.inf),
    "str_error": dict(dev_error="0.2"),
    "complex_error": dict(dev_error=0.2 + 0j),
    "array_error": dict(dev_error=np.array([0.2, 0.3])),
    "negative_error": dict(human_error=-0.1),
    "numpy_error": dict(train_error=np.float32(0.1), dev_error=np.int64(1)),
}

SAME, OK = "same", "ok"
INVALID = InvalidParameterError
NAN_X = (ValueError, "Input X contains NaN")
INF_X = (ValueError, "Input X contains infinity")
NAN_Y = (ValueError, "Input y contains NaN")
INF_Y = (ValueError, "Input y contains infinity")
STR_X = (ValueError, r"^X: dtype='numeric' is not compatible with .*strings")
OBJ_X = (ValueError, r"^X: could not convert string to float: 'big'")
STR_Y = (ValueError, r"^y: dtype='numeric' is not compatible with .*strings")
COMPLEX_X = (ValueError, "X must hold real numbers; got complex dtype complex128")
COMPLEX_Y = (ValueError, "y must hold real numbers; got complex dtype complex128")
EMPTY_X = (ValueError, r"^X: Found array with 0 sample\(s\)")
NO_COLUMNS = (ValueError, r"^X: Found array with 0 feature\(s\)")
Y_2D = (ValueError, r"y must be 1-D; got an array of shape \(30, [12]\)")
SHORT_Y = (ValueError, "X and y must have the same number of rows; got X with 30 "
           "rows and y with 29")  # fmt: skip
MIXED = (ValueError, r"X must have real numeric columns only; got non-numeric "
         r"columns \['c'\]")  # fmt: skip


def _rows(func, expected):
    return [(func, case, exp) for case, exp in expected.items()]


ROWS = [
    *_rows(compare_regression, {
        "nan_X": NAN_X, "inf_X": INF_X, "nan_y": NAN_Y, "inf_y": INF_Y,
        "str_X": STR_X, "object_X": OBJ_X, "str_y": STR_Y,
        "complex_X": COMPLEX_X, "complex_y": COMPLEX_Y, "empty": EMPTY_X,
        "no_columns": NO_COLUMNS,
        "one_row": (ValueError, "With n_samples=1, test_size=0.25 .* train set will "
                    "be empty"),
        "two_rows": (ValueError, r"regression needs at least 2 rows in the training "
                     r"and in the test part .* got n_train=1, n_test=1"),
        "constant_y": OK, "constant_X": OK,
        "y_column": Y_2D, "y_two_columns": Y_2D, "short_y": SHORT_Y,
        "sparse_X": SAME, "frame_X": SAME, "series_y": SAME, "mixed_frame_X": MIXED,
        "read_only": SAME, "fortran_X": SAME, "strided_X": SAME, "strided_y": SAME,
        "list_X": SAME,
        "alpha_zero": (INVALID, r"The 'alpha' parameter of compare_linear_models "
                       r"must be a float in the range \(0.0, inf\) or an instance "
                       r"of 'dict'. Got 0.0 instead."),
        "test_size_all_rows": (ValueError, r"test_size=30 should be either positive "
                               "and smaller than the number of samples 30"),
        "cv_too_many_folds": (ValueError, r"n_splits=31 greater than the number of "
                              r"samples: n_samples=22"),
    }),
    *_rows(compare_classification, {
        "nan_X": NAN_X, "inf_X": INF_X, "nan_labels": NAN_Y,
        "str_X": STR_X, "object_X": OBJ_X, "str_labels": OK,
        "complex_X": COMPLEX_X, "complex_labels": COMPLEX_Y, "empty_labels": EMPTY_X,
        "one_row_labels": (ValueError, "With n_samples=1, test_size=0.25"),
        "one_class": (ValueError, r"task='classification' needs at least 2 classes "
                      r"of y in the training part; got 1"),
        "nan_y": NAN_Y,
        "y_two_columns": Y_2D, "labels_column": Y_2D,
        # strings are class labels, here one per row
        "str_y": (ValueError, r"the test part of y has classes that the training "
                  r"part lacks"),
        "inf_y": INF_Y,
        "continuous_y": (ValueError, r"task='classification' needs class labels in "
                         r"y; got a 'continuous' target"),
        "short_labels": SHORT_Y,
        "sparse_X": SAME, "frame_X": SAME, "series_labels": SAME,
        "mixed_frame_X": MIXED, "read_only_labels": SAME, "fortran_X": SAME,
        "strided_X": SAME, "list_X": SAME,
    }),
    *[
        row
        for func in (lasso_path, ridge_path, positive_ridge_path)
        for row in _rows(func, {
            "nan_X": NAN_X, "inf_X": INF_X, "nan_y": NAN_Y, "inf_y": INF_Y,
            "str_X": STR_X, "object_X": OBJ_X, "str_y": STR_Y,
            "complex_X": COMPLEX_X, "complex_y": COMPLEX_Y, "empty": EMPTY_X,
            "no_columns": NO_COLUMNS,
            # one row, centered: every coefficient is 0, as the estimators give
            "one_row": OK, "two_rows": OK, "constant_y": OK, "constant_X": OK,
            "y_column": Y_2D, "y_two_columns": Y_2D, "short_y": SHORT_Y,
            "sparse_X": SAME, "frame_X": SAME, "series_y": SAME,
            "mixed_frame_X": MIXED, "read_only": SAME, "fortran_X": SAME,
            "strided_X": SAME, "strided_y": SAME, "list_X": SAME,
            "eps_above_one": (INVALID, r"The 'eps' parameter of regularization_path "
                              r"must be a float in the range \(0.0, 1.0\)"),
        })
    ],
    *_rows(holdout, {
        # only the number of rows of X matters to a splitter
        "nan_X": SAME, "inf_X": SAME, "str_X": SAME, "complex_X": SAME,
        "no_columns": SAME, "sparse_X": SAME, "frame_X": SAME, "mixed_frame_X": SAME,
        "list_X": SAME, "read_only_labels": SAME, "series_labels": SAME,
        "str_labels": SAME,
        "nan_labels": NAN_Y, "complex_labels": COMPLEX_Y,
        "empty_labels": (ValueError, r"test_size=0.25 gives 0 dev rows out of "
                         r"n_samples=0; both parts need at least one row"),
        "one_row_labels": (ValueError, r"test_size=0.25 gives 1 dev rows out of "
                           r"n_samples=1"),
        "one_class": OK,
        "labels_column": (ValueError, r"y must be 1-D class labels; got shape "
                          r"\(30, 1\)"),
        "short_labels": SHORT_Y,
        "test_size_all_rows": (ValueError, r"test_size=30 gives 30 dev rows out of "
                               r"n_samples=30"),
    }),
    *_rows(three_way, {
        "nan_X": SAME, "inf_X": SAME, "str_X": SAME, "complex_X": SAME,
        "no_columns": SAME, "sparse_X": SAME, "frame_X": SAME, "mixed_frame_X": SAME,
        "list_X": SAME, "read_only_labels": SAME, "series_labels": SAME,
        "str_labels": SAME, "fortran_X": SAME, "strided_X": SAME,
        "nan_labels": (ValueError, "Input stratify contains NaN"),
        "complex_labels": (ValueError, "stratify must hold real numbers; got complex"),
        "empty_labels": (ValueError, "need at least 3 rows for train, dev and test; "
                         "got n_samples=0"),
        "one_row_labels": (ValueError, "need at least 3 rows .* got n_samples=1"),
        "one_class": OK,
        "labels_column": (ValueError, r"stratify must be 1-D class labels; got shape "
                          r"\(30, 1\)"),
        "short_labels": (ValueError, r"all arrays must have the same number of rows; "
                         r"got lengths \[30, 30, 29\]"),
        "test_size_all_rows": (ValueError, r"train_size, dev_size and test_size must "
                               r"add up to n_samples=30"),
    }),
    *_rows(report_regression, {
        "nan_X": (ValueError, "^Ridge could not be cross-validated on X, y: Input X "
                  "contains NaN"),
        "inf_X": (ValueError, "^Ridge could not .* Input X contains infinity"),
        "nan_y": NAN_Y, "inf_y": INF_Y,
        "str_X": (ValueError, "^Ridge could not be cross-validated on X, y: dtype="),
        "str_y": STR_Y,
        "complex_X": (ValueError, "^Ridge could not .* Complex data not supported"),
        "complex_y": COMPLEX_Y,
        "empty": (ValueError, r"^y: Found array with 0 sample\(s\)"),
        "no_columns": (ValueError, r"^Ridge could not .* 0 feature\(s\)"),
        "one_row": (ValueError, r"cv=3 cannot split X, y: .*n_splits=3 greater than "
                    r"the number of samples: n_samples=1"),
        "constant_y": OK, "constant_X": OK,
        "y_two_columns": OK,  # Ridge fits several targets at once
        "short_y": SHORT_Y,
        "sparse_X": SAME, "frame_X": SAME, "series_y": SAME,
        "mixed_frame_X": (ValueError, "^Ridge could not be cross-validated on X, y: "
                          "could not convert string to float"),
        "read_only": SAME, "fortran_X": SAME, "strided_X": SAME, "strided_y": SAME,
        "list_X": SAME,
        "cv_too_many_folds": (ValueError, r"cv=31 cannot split X, y"),
    }),
    *_rows(report_classification, {
        "nan_X": (ValueError, "^LogisticRegression could not be cross-validated on X, "
                  "y: Input X contains NaN"),
        "nan_labels": NAN_Y, "str_labels": SAME,
        "complex_labels": COMPLEX_Y,
        "one_class": (ValueError, "^LogisticRegression could not be cross-validated "
                      "on X, y: .*only one class"),
        "y_two_columns": (ValueError, r"^LogisticRegression could not .* y should be "
                          r"a 1d array, got an array of shape \(20, 2\)"),
        "short_labels": SHORT_Y,
        "sparse_X": SAME, "frame_X": SAME, "series_labels": SAME,
        "read_only_labels": SAME, "list_X": SAME,
    }),
    *_rows(diagnose, {
        "nan_error": (INVALID, "The 'dev_error' parameter of diagnose_bias_variance "
                      r"must be a float in the range \[0.0, inf\). Got nan"),
        "inf_error": (INVALID, "The 'train_error' parameter .* Got inf"),
        "str_error": (INVALID, "The 'dev_error' parameter .* Got '0.2'"),
        "complex_error": (INVALID, "The 'dev_error' parameter"),
        "array_error": (INVALID, "The 'dev_error' parameter"),
        "negative_error": (INVALID, "The 'human_error' parameter .* Got -0.1"),
        "numpy_error": OK,
    }),
]  # fmt: skip


# --------------------------------------------------------------------------------
# The test


def _numbers(result):
    """The numbers a result holds, as one float array (NaN alpha of "linear" out)."""
    if isinstance(result, LinearComparison):
        summary = result.summary.drop(columns="alpha")
        return np.concatenate(
            [summary.to_numpy(float).ravel(), result.coefficients.to_numpy().ravel(),
             result.intercepts.to_numpy()]
        )  # fmt: skip
    if isinstance(result, pd.DataFrame):
        return np.concatenate([result.index.to_numpy(), result.to_numpy().ravel()])
    if isinstance(result, BiasVarianceDiagnosis):
        return np.array([result.train_error, result.dev_error, result.tolerance])
    if isinstance(result, list | tuple):  # splits or the parts of a split
        return np.concatenate([_numbers(part) for part in result])
    return np.ravel(result).astype(float)


def _snapshot(kwargs):
    return {k: copy.deepcopy(v) for k, v in kwargs.items()}


def _unchanged(before, after):
    for key, old in before.items():
        new = after[key]
        if isinstance(old, pd.DataFrame | pd.Series):
            assert old.equals(new), key
        elif sp.issparse(old):
            assert (old != new).nnz == 0, key
        elif isinstance(old, np.ndarray):
            np.testing.assert_array_equal(old, new, err_msg=key)
        else:
            assert old == new or old is new, key


def _row_id(row):
    func, case, _ = row
    return f"{func.__name__}-{case}"


@pytest.mark.parametrize("func, case, expected", ROWS, ids=map(_row_id, ROWS))
def test_bad_input(func, case, expected):
    kwargs = {**BASE[func], **CASES[case]}
    before = _snapshot(kwargs)
    if expected in (SAME, OK):
        result = func(**kwargs)
        numbers = _numbers(result)
        if expected == SAME:
            reference = _numbers(func(**BASE[func]))
            np.testing.assert_allclose(numbers, reference, rtol=1e-7, atol=1e-9)
        else:
            assert np.all(np.isfinite(numbers))
    else:
        error, match = expected
        with pytest.raises(error, match=match):
            func(**kwargs)
    _unchanged(before, kwargs)


def test_every_case_is_used():
    used = {case for _, case, _ in ROWS}
    assert used == set(CASES)
