"""The one place that imports private scikit-learn names.

If a scikit-learn release moves one of them, this file is the only one to mend.
"""

from sklearn.base import _fit_context
from sklearn.utils._param_validation import Interval, Options, StrOptions
from sklearn.utils.validation import _check_sample_weight

try:  # scikit-learn 1.6 only: ColumnTransformer's remainder columns that warn
    from sklearn.compose._column_transformer import _RemainderColsList
except ImportError:
    _RemainderColsList = None

__all__ = [
    "Interval",
    "Options",
    "StrOptions",
    "_RemainderColsList",
    "_check_sample_weight",
    "_fit_context",
]
