"""Which scikit-learn estimator checks float32 computation cannot meet."""

import numpy as np
from sklearn.base import is_regressor

_FLOAT32_FAILS = {
    "check_sample_weight_equivalence_on_dense_data": (
        "compares predictions at rtol=1e-7, below float32's rounding (~6e-8 per "
        "operation, accumulated over the layers)"
    ),
    "check_sample_weight_equivalence_on_sparse_data": (
        "compares predictions at rtol=1e-7, below float32's rounding (~6e-8 per "
        "operation, accumulated over the layers)"
    ),
}

_FLOAT32_REGRESSOR_FAILS = {
    "check_regressor_multioutput": (
        "demands float64 predictions; dtype='float32' predicts in float32 by design"
    ),
}


def float32_expected_failed_checks(estimator):
    """The scikit-learn checks an MLP computing in float32 cannot pass, with why.

    In the form ``parametrize_with_checks(expected_failed_checks=...)`` takes.
    Estimators that compute in float64 (the default for float64 input) pass
    every check, so the result is empty for them.

    Parameters
    ----------
    estimator : estimator instance
        A :class:`~skreg.RegularizedMLPClassifier` or
        :class:`~skreg.RegularizedMLPRegressor`.

    Returns
    -------
    failed : dict of str to str
        Check name -> reason.

    Examples
    --------
    >>> from skreg import RegularizedMLPRegressor
    >>> from skreg.mlp import float32_expected_failed_checks
    >>> sorted(float32_expected_failed_checks(RegularizedMLPRegressor(dtype="float32")))
    ... # doctest: +NORMALIZE_WHITESPACE
    ['check_regressor_multioutput', 'check_sample_weight_equivalence_on_dense_data',
     'check_sample_weight_equivalence_on_sparse_data']
    >>> float32_expected_failed_checks(RegularizedMLPRegressor())
    {}
    """
    dtype = getattr(estimator, "dtype", None)
    try:
        dtype = None if dtype is None else np.dtype(dtype)
    except TypeError:
        raise ValueError(
            f"estimator.dtype must be 'float32', 'float64' or None; got dtype={dtype!r}"
        ) from None
    if dtype != np.float32:
        return {}
    failed = dict(_FLOAT32_FAILS)
    if is_regressor(estimator):
        failed.update(_FLOAT32_REGRESSOR_FAILS)
    return failed
