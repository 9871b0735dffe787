"""scikit-learn's estimator checks over every public skreg transformer."""

import pytest
import sklearn
from sklearn.utils.estimator_checks import (
    check_dataframe_column_names_consistency,
    check_global_output_transform_pandas,
    check_set_output_transform,
    check_set_output_transform_pandas,
    check_transformer_get_feature_names_out,
    check_transformer_get_feature_names_out_pandas,
    parametrize_with_checks,
)

from skreg import MinMaxScaler, ZScoreScaler, dropin

sklearn_version = tuple(int(p) for p in sklearn.__version__.split(".")[:2])

TRANSFORMERS = [
    ZScoreScaler(),
    ZScoreScaler(with_mean=False),
    ZScoreScaler(with_std=False),
    ZScoreScaler(with_mean=False, with_std=False),
    MinMaxScaler(),
    MinMaxScaler(feature_range=(-1, 1), clip=True),
    dropin.StandardScaler(),
    dropin.MinMaxScaler(),
]


def _expected_failed(estimator):
    """scikit-learn < 1.7's sparse sample-weight check feeds sparse data to
    centering scalers, which refuse it (as scikit-learn's StandardScaler does)."""
    if sklearn_version < (1, 7) and getattr(estimator, "with_mean", False):
        return {"check_sample_weight_equivalence_on_sparse_data": "centers sparse X"}
    return {}


@parametrize_with_checks(TRANSFORMERS, expected_failed_checks=_expected_failed)
def test_sklearn_compatible(estimator, check):
    check(estimator)


EXTRA_CHECKS = [
    check_dataframe_column_names_consistency,
    check_transformer_get_feature_names_out,
    check_transformer_get_feature_names_out_pandas,
    check_set_output_transform,
    check_set_output_transform_pandas,
    check_global_output_transform_pandas,
]


# These checks fit on a DataFrame and transform an array (and back) on purpose.
@pytest.mark.filterwarnings("ignore:X does not have valid feature names:UserWarning")
@pytest.mark.filterwarnings("ignore:X has feature names, but:UserWarning")
@pytest.mark.parametrize("check", EXTRA_CHECKS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("estimator", TRANSFORMERS, ids=repr)
def test_public_checks_not_run_automatically(estimator, check):
    check(type(estimator).__name__, estimator)
