"""The one place that imports private scikit-learn names.

If a scikit-learn release moves one of them, this file is the only one to mend.
"""

from sklearn.base import _fit_context
from sklearn.utils._param_validation import Interval, Options, StrOptions
from sklearn.utils.validation import _check_sample_weight

__all__ = ["Interval", "Options", "StrOptions", "_check_sample_weight", "_fit_context"]
