"""A pure-NumPy multi-layer perceptron with every regularization tool."""

from skreg.mlp._checks import float32_expected_failed_checks
from skreg.mlp.estimators import (
    DivergenceError,
    RegularizedMLPClassifier,
    RegularizedMLPRegressor,
)

__all__ = [
    "DivergenceError",
    "RegularizedMLPClassifier",
    "RegularizedMLPRegressor",
    "float32_expected_failed_checks",
]
