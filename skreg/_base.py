"""Version-stamped pickling shared by every skreg estimator.

scikit-learn stamps the pickles of its own estimators with ``_sklearn_version`` and
warns when one is unpickled by another release; it does not do so for estimators
defined outside ``sklearn``. :class:`VersionedPickleMixin` does the same for skreg:
a pickle carries ``_skreg_version`` and unpickling it under another skreg version
issues an :class:`InconsistentVersionWarning` naming both versions.

Pickles run code when loaded: share models with :func:`skreg.save` instead.
"""

import warnings

__all__ = ["InconsistentVersionWarning", "VersionedPickleMixin", "skreg_version"]


def skreg_version():
    """The running skreg's version (read late: ``skreg/__init__`` imports us)."""
    from skreg import __version__

    return __version__


class InconsistentVersionWarning(UserWarning):
    """A skreg estimator is unpickled by a skreg version other than the one that
    pickled it.

    Parameters
    ----------
    estimator_name : str
        Class name of the unpickled estimator.
    current_skreg_version : str
        The running skreg's version.
    original_skreg_version : str
        The version that wrote the pickle ("unknown" for an unstamped pickle).
    """

    def __init__(
        self, *, estimator_name, current_skreg_version, original_skreg_version
    ):
        self.estimator_name = estimator_name
        self.current_skreg_version = current_skreg_version
        self.original_skreg_version = original_skreg_version

    def __str__(self):
        return (
            f"Trying to unpickle estimator {self.estimator_name} from skreg version "
            f"{self.original_skreg_version} when using version "
            f"{self.current_skreg_version}. This might lead to breaking code or "
            "invalid results; refit the estimator, or share it with skreg.save, "
            "whose files are checked when loaded."
        )


class VersionedPickleMixin:
    """Add ``_skreg_version`` to the pickled state; warn on a mismatch when loaded.

    Put it first among the bases, before ``BaseEstimator``, so that its
    ``__getstate__``/``__setstate__`` wrap scikit-learn's.
    """

    def __getstate__(self):
        # object.__getstate__ may hand back the instance __dict__ itself: copy it
        # so that stamping the pickle never changes the live estimator.
        state = dict(super().__getstate__())
        state["_skreg_version"] = skreg_version()
        return state

    def __setstate__(self, state):
        state = dict(state)
        original = state.pop("_skreg_version", "unknown")
        current = skreg_version()
        if original != current:
            warnings.warn(
                InconsistentVersionWarning(
                    estimator_name=type(self).__name__,
                    current_skreg_version=current,
                    original_skreg_version=original,
                ),
                stacklevel=2,
            )
        super().__setstate__(state)
