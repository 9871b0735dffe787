"""scikit-learn's callback API (``sklearn.callback``, scikit-learn >= 1.9) for
skreg's estimators.

Estimators inherit :class:`CallbackSupportMixin` and open their fit task with
:func:`fit_task`. With scikit-learn >= 1.9 that is scikit-learn's own machinery:
``set_callbacks(ProgressBar(), ScoringMonitor(...))`` works on skreg's scalers
and MLPs as on scikit-learn's estimators, and callbacks set on a ``Pipeline`` or
``GridSearchCV`` propagate into them. With an older scikit-learn everything else
works unchanged, the fit task is a no-op, and ``set_callbacks`` says which
version it needs.
"""

from contextlib import contextmanager

import sklearn

try:
    from sklearn.callback import CallbackSupportMixin as _SklearnSupport

    HAVE_CALLBACKS = True
except ImportError:  # scikit-learn < 1.9
    _SklearnSupport = object
    HAVE_CALLBACKS = False

__all__ = ["HAVE_CALLBACKS", "CallbackSupportMixin", "fit_task", "open_fit_task"]


class CallbackSupportMixin(_SklearnSupport):
    """``set_callbacks`` of scikit-learn >= 1.9, or a clear error before it."""

    if not HAVE_CALLBACKS:

        def set_callbacks(self, *callbacks):
            """Callbacks need scikit-learn >= 1.9 (``sklearn.callback``)."""
            raise ImportError(
                "set_callbacks needs scikit-learn >= 1.9, which added "
                f"sklearn.callback; scikit-learn {sklearn.__version__} is installed. "
                "Upgrade scikit-learn (pip install -U scikit-learn) to use callbacks."
            )


class _NoTask:
    """The fit task when there are no callbacks to call: every hook is a no-op."""

    def subcontext(self, **kwargs):
        return self

    def call_on_fit_task_begin(self, **kwargs):
        return self

    def call_on_fit_task_end(self, **kwargs):
        return False


def _has_callbacks(estimator):
    return HAVE_CALLBACKS and (
        getattr(estimator, "_skl_callbacks", None)
        or hasattr(estimator, "_parent_callback_ctx")
    )


def open_fit_task(estimator, *, X=None, y=None, metadata=None, max_subtasks=0):
    """Begin the estimator's root fit task and return its context; the caller
    ends it with ``context.call_on_fit_task_end(...)``. Without callbacks (or
    scikit-learn < 1.9) the context does nothing."""
    if not _has_callbacks(estimator):
        return _NoTask()
    context = estimator._init_callback_context(max_subtasks=max_subtasks)
    context.call_on_fit_task_begin(estimator=estimator, X=X, y=y, metadata=metadata)
    return context


@contextmanager
def fit_task(estimator, *, X=None, y=None, metadata=None, max_subtasks=0):
    """:func:`open_fit_task` as a context manager: on an exception the task is
    ended empty, so every begin has its end."""
    context = open_fit_task(
        estimator, X=X, y=y, metadata=metadata, max_subtasks=max_subtasks
    )
    try:
        yield context
    except BaseException:
        context.call_on_fit_task_end(estimator=estimator)
        raise
