"""Input checks whose error messages name the argument at fault.

scikit-learn's ``check_array`` reports some problems without saying which
argument holds them ("Complex data not supported", "Found array with 0
sample(s)", "could not convert string to float") and converts arrays of
numeric strings silently. The estimators run these checks around it.
"""

import re
from contextlib import contextmanager

import numpy as np
from pandas.api.types import (
    infer_dtype,
    is_complex_dtype,
    is_numeric_dtype,
    is_object_dtype,
)
from sklearn.utils import check_array

from skreg._compat import InvalidParameterError


@contextmanager
def named(name):
    """Prefix ``"name: "`` to a ValueError raised inside whose message does not
    name the argument (scikit-learn's own messages often do not)."""
    try:
        yield
    except InvalidParameterError:
        raise
    except ValueError as exc:
        if re.search(rf"\b{re.escape(name)}\b", str(exc)):
            raise
        raise ValueError(f"{name}: {exc}") from exc


def check_not_complex(a, name):
    """Refuse complex numbers (check_array would dump the whole array); the
    message keeps scikit-learn's words, which its estimator checks look for."""
    dtype = getattr(a, "dtype", None)
    if isinstance(dtype, np.dtype) and dtype.kind == "c":
        raise ValueError(
            f"Complex data not supported: {name} must hold real numbers; got "
            f"complex dtype {dtype}"
        )


def check_numbers(a, name, hint=" (encode them first, e.g. with OneHotEncoder)"):
    """Refuse complex numbers, arrays of strings and non-numeric DataFrame
    columns in ``a``, naming ``name`` (and the columns, followed by ``hint``)."""
    check_not_complex(a, name)
    dtype = getattr(a, "dtype", None)
    if isinstance(dtype, np.dtype) and dtype.kind in "SU":
        raise ValueError(
            f"{name} must hold numbers; got an array of strings (dtype {dtype}): "
            "convert it to numbers first"
        )
    dtypes = getattr(a, "dtypes", None)
    if dtypes is None or not hasattr(dtypes, "items"):
        return
    bad = [
        str(col)
        for i, (col, kind) in enumerate(dtypes.items())
        if is_complex_dtype(kind)
        or not (is_numeric_dtype(kind) or _numbers_in_objects(a.iloc[:, i]))
    ]
    if bad:
        raise ValueError(
            f"{name} must have real numeric columns only; got non-numeric columns "
            f"{bad}{hint}"
        )


def _numbers_in_objects(column):
    """Whether an object column holds numbers only (which check_array converts)."""
    kinds = ("floating", "integer", "mixed-integer-float", "decimal", "empty")
    return is_object_dtype(column) and infer_dtype(column, skipna=True) in kinds


def check_target(y, name, *, numeric, estimator=None):
    """``y`` validated as scikit-learn's ``check_X_y(multi_output=True)`` does,
    with errors that name ``name``."""
    if numeric:
        check_numbers(y, name)
    else:
        check_not_complex(y, name)
    with named(name):
        y = check_array(
            y,
            accept_sparse="csr",
            ensure_2d=False,
            dtype=None,
            input_name=name,
            estimator=estimator,
        )
    if numeric and y.dtype.kind == "O":
        with named(name):
            y = y.astype(np.float64)
    return y


def check_same_rows(X, y, names=("X", "y")):
    """Refuse ``X`` and ``y`` of different lengths, naming both."""
    if X.shape[0] != y.shape[0]:
        x_name, y_name = names
        raise ValueError(
            f"{x_name} and {y_name} must have the same number of rows; got "
            f"{x_name} with {X.shape[0]} rows and {y_name} with {y.shape[0]}"
        )
