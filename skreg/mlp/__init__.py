"""A pure-NumPy multi-layer perceptron with every regularization tool."""

from skreg.mlp.estimators import RegularizedMLPClassifier, RegularizedMLPRegressor

__all__ = ["RegularizedMLPClassifier", "RegularizedMLPRegressor"]
