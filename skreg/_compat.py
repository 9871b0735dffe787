"""The one place that imports private scikit-learn names.

If a scikit-learn release moves one of them, this file is the only one to mend.
"""

import re

import sklearn
from sklearn.base import _fit_context
from sklearn.utils._param_validation import (
    HasMethods,
    Interval,
    InvalidParameterError,
    Options,
    RealNotInt,
    StrOptions,
    validate_parameter_constraints,
    validate_params,
)
from sklearn.utils.validation import _check_sample_weight

try:  # scikit-learn 1.6 only: ColumnTransformer's remainder columns that warn
    from sklearn.compose._column_transformer import _RemainderColsList
except ImportError:
    _RemainderColsList = None

__all__ = [
    "HasMethods",
    "Interval",
    "InvalidParameterError",
    "Options",
    "RealNotInt",
    "StrOptions",
    "_RemainderColsList",
    "_check_sample_weight",
    "_fit_context",
    "path_grid_size_kwargs",
    "spurious_convergence_warning",
    "validate_parameter_constraints",
    "validate_params",
]

# scikit-learn 1.7 lets lasso_path/enet_path take ``alphas=<int>`` (that many
# alphas on the automatic grid); 1.6 spells it ``n_alphas=<int>, alphas=None``.
_INT_ALPHAS = tuple(int(p) for p in sklearn.__version__.split(".")[:2]) >= (1, 7)


def spurious_convergence_warning(message):
    """Whether a coordinate-descent ConvergenceWarning is scikit-learn < 1.7's
    false alarm on a fit that converged exactly (duality gap 0 <= tolerance 0,
    e.g. a constant target)."""
    found = re.search(r"Duality gap: (\S+), tolerance: (\S+?)\.?$", str(message))
    return found is not None and float(found[1]) == 0.0 == float(found[2])


def path_grid_size_kwargs(n_alphas):
    """Keywords asking lasso_path/enet_path for ``n_alphas`` alphas on their grid.

    scikit-learn 1.6's automatic grid ignores ``positive`` (its top is
    ``max |X^T y|`` where 1.9's is ``max X^T y``): the grid differs there.
    """
    if _INT_ALPHAS:
        return {"alphas": n_alphas}
    return {"n_alphas": n_alphas, "alphas": None}  # pragma: no cover - 1.6
