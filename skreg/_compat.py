"""The one place that imports private scikit-learn names.

If a scikit-learn release moves one of them, this file is the only one to mend.
"""

from sklearn.base import _fit_context
from sklearn.utils._param_validation import Interval, Options, StrOptions
from sklearn.utils.validation import _check_sample_weight

try:  # scikit-learn >= 1.9: estimators report their fit to callbacks
    from sklearn.callback import CallbackSupportMixin
except ImportError:  # pragma: no cover - older releases have no callbacks

    class _NoCallbacks:
        """A callback context with no callbacks: every hook does nothing."""

        def call_on_fit_task_begin(self, **kwargs):
            return False

        def call_on_fit_task_end(self, **kwargs):
            return False

    class CallbackSupportMixin:
        """Stand-in for scikit-learn's mixin where callbacks do not exist."""

        def _init_callback_context(self, *args, **kwargs):
            return _NoCallbacks()


__all__ = [
    "CallbackSupportMixin",
    "Interval",
    "Options",
    "StrOptions",
    "_check_sample_weight",
    "_fit_context",
]
