"""scikit-learn's estimator checks over every public skreg transformer."""

import pytest
from sklearn.utils.estimator_checks import (
    check_dataframe_column_names_consistency,
    check_global_output_transform_pandas,
    check_set_output_transform,
    check_set_output_transform_pandas,
    check_transformer_get_feature_names_out,
    check_transformer_get_feature_names_out_pandas,
    parametrize_with_checks,
)

from skreg import MinMaxScaler, ZScoreScaler

TRANSFORMERS = [
    ZScoreScaler(),
    ZScoreScaler(with_mean=False),
    ZScoreScaler(with_std=False),
    ZScoreScaler(with_mean=False, with_std=False),
    MinMaxScaler(),
    MinMaxScaler(feature_range=(-1, 1), clip=True),
]


@parametrize_with_checks(TRANSFORMERS)
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
