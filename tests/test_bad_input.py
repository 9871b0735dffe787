"""Bad and unusual input to every public callable of skreg, as one table.

The rows live in ``bad_input/table.py`` (format documented there), the inputs in
``bad_input/cases.py``, the callables in ``bad_input/targets.py`` and the scalers'
exact reference in ``bad_input/exact.py``. Each row gets the correct result or
an error naming the argument and the problem, and leaves the caller's arguments
unmodified (but for a scaler's X that ``copy=False`` lets a transform overwrite).
"""

import copy
import importlib
import inspect
import re
from contextlib import nullcontext

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from bad_input.cases import CASES, Data
from bad_input.table import EXACT, OK, ROWS, SAME, Returns, Warns
from bad_input.targets import TARGETS, Scaled
from sklearn.base import BaseEstimator

from skreg import BiasVarianceDiagnosis, LinearComparison

#: where skreg's public API lives; a name counts once, under its first module
PUBLIC_MODULES = (
    "skreg",
    "skreg.dropin",
    "skreg.mlp",
    "skreg.plotting",
    "skreg.persistence",
    "skreg.study",
)

#: the methods of a public class that take data
DATA_METHODS = (
    "fit", "partial_fit", "predict", "predict_proba", "predict_log_proba",
    "predict_proba_mc", "predict_mc", "score", "transform", "fit_transform",
    "inverse_transform", "split", "load_state_dict",
)  # fmt: skip

ROW_LIST = [
    (target, case, expected)
    for target, cases in ROWS.items()
    for case, expected in cases.items()
]


# --------------------------------------------------------------------------------
# The numbers of a result, and whether the caller's arguments changed


#: the fitted statistics of the scalers
_STATISTICS = ("mean_", "var_", "scale_", "data_min_", "data_max_", "min_")


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
    if isinstance(result, Scaled):  # the fitted statistics and the output
        fitted = vars(result.estimator)
        statistics = [
            v for k, v in sorted(fitted.items()) if k in _STATISTICS and v is not None
        ]
        output = [] if result.output is result.estimator else [result.output]
        return _numbers([*statistics, *output])
    if sp.issparse(result):
        return result.toarray().ravel().astype(float)
    if isinstance(result, BaseEstimator):  # a loaded model: its weights
        return _numbers(
            [*getattr(result, "coefs_", []), *getattr(result, "intercepts_", [])]
        )
    if isinstance(result, list | tuple):  # splits, weights, arrays of a display
        parts = [_numbers(part) for part in result]
        return np.concatenate(parts) if parts else np.empty(0)
    return np.ravel(result).astype(float)


def _same(a, b, seen=None):
    """Whether ``b`` (a deep copy taken before the call) still equals ``a``."""
    seen = set() if seen is None else seen
    if (id(a), id(b)) in seen:
        return True
    seen.add((id(a), id(b)))
    if isinstance(a, pd.DataFrame | pd.Series | pd.Index):
        return type(a) is type(b) and a.equals(b)
    if sp.issparse(a):
        return (
            sp.issparse(b)
            and (a.format, a.shape, a.dtype) == (b.format, b.shape, b.dtype)
            and np.array_equal(a.toarray(), b.toarray(), equal_nan=True)
        )
    if isinstance(a, np.ndarray):
        if not (
            isinstance(b, np.ndarray) and a.shape == b.shape and a.dtype == b.dtype
        ):
            return False
        if a.dtype == object:
            return _same(a.tolist(), b.tolist(), seen)
        return np.array_equal(a, b, equal_nan=a.dtype.kind in "fc")
    if isinstance(a, np.random.RandomState):
        return _same(a.get_state(legacy=False), b.get_state(legacy=False), seen)
    if isinstance(a, np.random.Generator):
        return a.bit_generator.state == b.bit_generator.state
    if isinstance(a, dict):
        return (
            isinstance(b, dict)
            and a.keys() == b.keys()
            and all(_same(a[k], b[k], seen) for k in a)
        )
    if isinstance(a, list | tuple):
        return (
            type(a) is type(b)
            and len(a) == len(b)
            and all(_same(x, y, seen) for x, y in zip(a, b, strict=True))
        )
    if hasattr(a, "get_config") and hasattr(a, "state_dict"):  # network, optimizer
        return type(a) is type(b) and all(
            _same(getattr(a, m)(), getattr(b, m)(), seen)
            for m in ("get_config", "state_dict")
        )
    if isinstance(a, float) and np.isnan(a):
        return isinstance(b, float) and np.isnan(b)
    if hasattr(a, "__dict__") and not isinstance(a, type) and not callable(a):
        return type(a) is type(b) and _same(vars(a), vars(b), seen)
    if type(a) is object:  # no state to change
        return type(b) is object
    return a is b or a == b


def _snapshot(kwargs):
    return {key: copy.deepcopy(value) for key, value in kwargs.items()}


# --------------------------------------------------------------------------------
# The table


def _row_id(row):
    target, case, _ = row
    return f"{target}-{case}"


@pytest.mark.parametrize("target, case, expected", ROW_LIST, ids=map(_row_id, ROW_LIST))
def test_bad_input(target, case, expected, tmp_path_factory):
    func, base = TARGETS[target].func, TARGETS[target].base

    def folder():
        return tmp_path_factory.mktemp("bad_input")

    data = Data(folder)
    kwargs = {**base(data), **CASES[case](data)}
    before = _snapshot(kwargs)
    if isinstance(expected, tuple):
        error, match = expected
        with pytest.raises(error, match=match):
            func(**kwargs)
    elif isinstance(expected, Returns):
        result = func(**kwargs)
        assert re.search(expected.match, str(result)), result
    elif expected == EXACT:
        assert TARGETS[target].exact is not None, f"{target} has no exact reference"
        TARGETS[target].exact(func(**kwargs), before)
    else:
        _check_numbers(expected, func, kwargs, lambda: base(Data(folder)))
    may_write = TARGETS[target].may_write(kwargs)
    for key, value in before.items():
        assert key in may_write or _same(value, kwargs[key]), f"{key} was modified"


def _check_numbers(expected, func, kwargs, clean_kwargs):
    """A finite result (SAME: equal to the one on the clean keywords)."""
    context = nullcontext()
    if isinstance(expected, Warns):
        context = pytest.warns(expected.category, match=expected.match)
    else:
        assert expected in (SAME, OK), expected
    with context:
        numbers = _numbers(func(**kwargs))
    assert np.all(np.isfinite(numbers))
    if expected == SAME:  # computed on fresh clean data, in a fresh folder
        reference = _numbers(func(**clean_kwargs()))
        np.testing.assert_allclose(numbers, reference, rtol=1e-7, atol=1e-9)


# --------------------------------------------------------------------------------
# The table is complete


def _public_callables():
    """``module.name`` of every public function, and ``module.Class.method`` of
    every data method of a public class (``module.Class`` for a subclass of
    another public class: one row of it is enough)."""
    needed, seen = set(), []
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            obj = getattr(module, name)
            if any(obj is other for other in seen):
                continue
            seen.append(obj)
            path = f"{module_name}.{name}"
            if inspect.isfunction(obj):
                needed.add(path)
            elif inspect.isclass(obj):
                methods = [m for m in DATA_METHODS if callable(getattr(obj, m, None))]
                if methods and any(
                    inspect.isclass(other) and issubclass(obj, other)
                    for other in seen[:-1]
                ):
                    needed.add(path)
                else:
                    needed.update(f"{path}.{m}" for m in methods)
    return needed


def test_every_public_callable_has_rows():
    covered = {TARGETS[target].covers for target in ROWS}
    missing = sorted(
        name
        for name in _public_callables()
        if not any(c == name or c.startswith(name + ".") for c in covered)
    )
    assert not missing, f"public callables without a row: {missing}"


def test_every_target_and_case_is_used():
    assert set(ROWS) == set(TARGETS)
    used = {case for cases in ROWS.values() for case in cases}
    assert used == set(CASES), sorted(set(CASES) - used)
