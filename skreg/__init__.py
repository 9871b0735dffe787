"""skreg: regularization as a first-class, grid-searchable tool for scikit-learn.

The public API is re-exported here; everything else is private.
"""

from skreg.linear import LinearComparison, compare_linear_models, regularization_path
from skreg.mlp import RegularizedMLPClassifier, RegularizedMLPRegressor
from skreg.model_selection import (
    BiasVarianceDiagnosis,
    HoldoutSplit,
    bias_variance_report,
    diagnose_bias_variance,
    train_dev_test_split,
)
from skreg.persistence import load, save
from skreg.plotting import (
    plot_coefficients,
    plot_regularization_path,
    plot_validation_curve,
)
from skreg.preprocessing import MinMaxScaler, ZScoreScaler

__version__ = "0.1.0"

__all__ = [
    "LinearComparison",
    "compare_linear_models",
    "regularization_path",
    "BiasVarianceDiagnosis",
    "HoldoutSplit",
    "bias_variance_report",
    "diagnose_bias_variance",
    "train_dev_test_split",
    "plot_coefficients",
    "plot_regularization_path",
    "plot_validation_curve",
    "MinMaxScaler",
    "ZScoreScaler",
    "load",
    "save",
    "RegularizedMLPClassifier",
    "RegularizedMLPRegressor",
    "__version__",
]
