"""The targets: skreg's public callables behind a uniform keyword interface.

A target is called with its base keywords (clean data, built from ``Data``)
merged with a case's keywords. Keywords that are no data go to the estimator's
constructor (MLP targets) or to the function. A target returns numbers (arrays,
lists of arrays, a float) that the test compares or checks for finiteness, or
what the function returns when that is text (a message, a task name).

``covers`` names the public callable a target exercises, as
``module.name[.method]`` with the first public module that exports the name
(``skreg``, then ``skreg.dropin``, ``skreg.mlp``, ``skreg.plotting``,
``skreg.persistence``, ``skreg.study``); the test fails when a public callable
is covered by no row.

``exact`` (optional) checks a result against an exact reference, for the rows
whose expectation is ``EXACT``; ``may_write`` names the keywords a call may
overwrite (the scalers' X when ``copy=False``), which are exempt from the check
that the caller's arguments are unchanged.
"""

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial

import numpy as np
from sklearn.linear_model import LogisticRegression, Ridge

import skreg
from skreg import (
    HoldoutSplit,
    MinMaxScaler,
    RegularizedMLPClassifier,
    RegularizedMLPRegressor,
    ZScoreScaler,
    bias_variance_report,
    compare_linear_models,
    diagnose_bias_variance,
    dropin,
    regularization_path,
    study,
    train_dev_test_split,
)
from skreg import plotting as plots
from skreg.dropin import MLPClassifier, MLPRegressor
from skreg.mlp import float32_expected_failed_checks

from .cases import MLP, Data, quiet_fit
from .exact import check_scaled


def _writes_nothing(kwargs):
    return ()


@dataclass(frozen=True)
class Target:
    func: Callable
    covers: str
    base: Callable  # Data -> dict of the clean keywords
    exact: Callable | None = None  # (result, keywords before the call) -> None
    may_write: Callable = _writes_nothing  # keywords -> names it may overwrite


TARGETS = {}


def target(covers, base, **checks):
    """Register the decorated function as a target exercising ``covers``."""

    def register(func):
        TARGETS[func.__name__] = Target(func, covers, base, **checks)
        return func

    return register


def REGRESSION(d):
    return dict(X=d.X, y=d.y)


def CLASSIFICATION(d):
    return dict(X=d.X, y=d.labels)


def PREDICT(d):
    return dict(X=d.X)


# ------------------------------------------------------------------------------
# skreg.linear and skreg.model_selection


@target("skreg.compare_linear_models", REGRESSION)
def compare_regression(X, y, **params):
    return compare_linear_models(X, y, **{"alpha": 0.1, "random_state": 0, **params})


@target("skreg.compare_linear_models", CLASSIFICATION)
def compare_classification(X, y, **params):
    return compare_linear_models(
        X, y, task="classification", models=("linear", "ridge", "lasso"),
        random_state=0, **params,
    )  # fmt: skip


@target("skreg.regularization_path", REGRESSION)
def lasso_path(X, y, **params):
    return regularization_path(X, y, alphas=5, **params)


@target("skreg.regularization_path", REGRESSION)
def ridge_path(X, y, **params):
    return regularization_path(X, y, model="ridge", alphas=5, **params)


@target("skreg.regularization_path", REGRESSION)
def positive_ridge_path(X, y, **params):
    return regularization_path(X, y, model="ridge", alphas=5, positive=True, **params)


@target("skreg.HoldoutSplit.split", CLASSIFICATION)
def holdout(X, y=None, **params):
    params = {"test_size": 0.25, "stratify": True, "random_state": 0, **params}
    return list(HoldoutSplit(**params).split(X, y))


@target("skreg.train_dev_test_split", CLASSIFICATION)
def three_way(X, y, **params):
    """The row positions of the train, dev and test parts of X, y."""
    rows = np.arange(X.shape[0] if hasattr(X, "shape") else len(X))
    params = {"stratify": y, "random_state": 0, **params}
    return train_dev_test_split(rows, X, y, **params)[:3]


@target("skreg.bias_variance_report", REGRESSION)
def report_regression(X, y, **params):
    return bias_variance_report(Ridge(), X, y, **{"cv": 3, **params})


@target("skreg.bias_variance_report", CLASSIFICATION)
def report_classification(X, y, **params):
    return bias_variance_report(LogisticRegression(), X, y, **{"cv": 3, **params})


@target("skreg.diagnose_bias_variance", lambda d: {})
def diagnose(**params):
    return diagnose_bias_variance(**{"train_error": 0.1, "dev_error": 0.2, **params})


# ------------------------------------------------------------------------------
# The scalers: one target per class and method. The keywords other than X,
# fit_X, sample_weight and method_copy go to the constructor.

SCALER_METHODS = (
    "fit",
    "partial_fit",
    "fit_transform",
    "transform",
    "inverse_transform",
)
_TRANSFORMS = ("transform", "inverse_transform")
_CALL_KEYWORDS = {"sample_weight": "sample_weight", "method_copy": "copy"}


@dataclass(frozen=True)
class Scaled:
    """What a scaler target returns: the scaler, its method, what that returned."""

    estimator: object
    method: str
    output: object


def _scale(cls, method, X, fit_X, params):
    """``cls(**params).method(X)``, fitted on fit_X first for a transform."""
    call = {
        new: params.pop(old) for old, new in _CALL_KEYWORDS.items() if old in params
    }
    scaler = cls(**params)
    if method in _TRANSFORMS:
        scaler.fit(fit_X)
    return Scaled(scaler, method, getattr(scaler, method)(X, **call))


def _scaler_writes(method, kwargs):
    """X, when the method may overwrite it: a transform with copy=False."""
    if method in ("fit", "partial_fit"):
        return ()
    copy = kwargs.get("method_copy")
    if copy is None:  # the transform's copy argument, else the constructor's
        copy = kwargs.get("copy", True)
    return () if copy else ("X",)


def _scaler_target(name, cls, method, covers):
    def scale(X, fit_X=None, **params):
        return _scale(cls, method, X, fit_X, params)

    scale.__name__ = name
    target(
        f"{covers}.{method}",
        lambda d: dict(X=d.small, fit_X=d.small.copy()),
        exact=check_scaled,
        may_write=partial(_scaler_writes, method),
    )(scale)


for _method in SCALER_METHODS:
    _scaler_target(f"zscore_{_method}", ZScoreScaler, _method, "skreg.ZScoreScaler")
    _scaler_target(f"minmax_{_method}", MinMaxScaler, _method, "skreg.MinMaxScaler")
_scaler_target(
    "dropin_standard_scaler_transform",
    dropin.StandardScaler,
    "transform",
    "skreg.dropin.StandardScaler",
)
_scaler_target(
    "dropin_minmax_scaler_transform",
    dropin.MinMaxScaler,
    "transform",
    "skreg.dropin.MinMaxScaler",
)


# ------------------------------------------------------------------------------
# The MLPs: keywords other than the data go to the constructor


def _weights(est):
    return [*est.coefs_, *est.intercepts_]


def _classifier(cls=RegularizedMLPClassifier, **params):
    return cls(**{**MLP, **params})


def _regressor(cls=RegularizedMLPRegressor, **params):
    return cls(**{**MLP, **params})


def _fitted_regressor(**params):
    d = Data()
    return quiet_fit(_regressor(**params), d.X, d.y)


@target("skreg.RegularizedMLPClassifier.fit", CLASSIFICATION)
def mlp_classifier_fit(X, y, sample_weight=None, X_val=None, y_val=None, **params):
    """The fitted weights and the probabilities on the training X."""
    clf = quiet_fit(
        _classifier(**params), X, y, sample_weight, X_val=X_val, y_val=y_val
    )
    return [*_weights(clf), clf.predict_proba(X)]


@target("skreg.RegularizedMLPClassifier.partial_fit", CLASSIFICATION)
def mlp_classifier_partial_fit(X, y, **params):
    """One epoch on the clean data, then one on X, y."""
    d = Data()
    clf = _classifier(**params).partial_fit(d.X, d.labels, classes=[0, 1])
    clf.partial_fit(X, y)
    return [*_weights(clf), clf.predict_proba(X)]


@target("skreg.RegularizedMLPClassifier.predict", PREDICT)
def mlp_classifier_predict(X, **params):
    return Data().mlp(**params).predict(X)


@target("skreg.RegularizedMLPClassifier.predict_proba", PREDICT)
def mlp_classifier_predict_proba(X, **params):
    return Data().mlp(**params).predict_proba(X)


@target("skreg.RegularizedMLPClassifier.predict_log_proba", PREDICT)
def mlp_classifier_predict_log_proba(X, **params):
    return Data().mlp(**params).predict_log_proba(X)


@target("skreg.RegularizedMLPClassifier.predict_proba_mc", PREDICT)
def mlp_classifier_predict_proba_mc(X, n_samples=3, mc_random_state=0, **params):
    clf = Data().mlp(**{"dropout": 0.2, **params})
    return clf.predict_proba_mc(X, n_samples=n_samples, random_state=mc_random_state)


@target("skreg.RegularizedMLPClassifier.score", CLASSIFICATION)
def mlp_classifier_score(X, y, **params):
    return Data().mlp(**params).score(X, y)


@target(
    "skreg.RegularizedMLPClassifier.load_state_dict",
    lambda d: dict(state=d.mlp().state_dict()),
)
def mlp_classifier_load_state_dict(state, **params):
    return _weights(Data().mlp(**params).load_state_dict(state))


@target("skreg.RegularizedMLPRegressor.fit", REGRESSION)
def mlp_regressor_fit(X, y, sample_weight=None, X_val=None, y_val=None, **params):
    """The fitted weights and the predictions on the training X."""
    reg = quiet_fit(_regressor(**params), X, y, sample_weight, X_val=X_val, y_val=y_val)
    return [*_weights(reg), reg.predict(X)]


@target("skreg.RegularizedMLPRegressor.partial_fit", REGRESSION)
def mlp_regressor_partial_fit(X, y, **params):
    """One epoch on the clean data, then one on X, y."""
    d = Data()
    reg = _regressor(**params).partial_fit(d.X, d.y)
    reg.partial_fit(X, y)
    return [*_weights(reg), reg.predict(X)]


@target("skreg.RegularizedMLPRegressor.predict", PREDICT)
def mlp_regressor_predict(X, **params):
    return _fitted_regressor(**params).predict(X)


@target("skreg.RegularizedMLPRegressor.predict_mc", PREDICT)
def mlp_regressor_predict_mc(X, n_samples=3, mc_random_state=0, **params):
    reg = _fitted_regressor(**{"dropout": 0.2, **params})
    return reg.predict_mc(X, n_samples=n_samples, random_state=mc_random_state)


@target("skreg.RegularizedMLPRegressor.score", REGRESSION)
def mlp_regressor_score(X, y, **params):
    return _fitted_regressor(**params).score(X, y)


@target(
    "skreg.RegularizedMLPRegressor.load_state_dict",
    lambda d: dict(state=_fitted_regressor().state_dict()),
)
def mlp_regressor_load_state_dict(state, **params):
    return _weights(_fitted_regressor(**params).load_state_dict(state))


@target("skreg.dropin.MLPClassifier.fit", CLASSIFICATION)
def dropin_classifier_fit(X, y, **params):
    clf = quiet_fit(_classifier(MLPClassifier, **params), X, y)
    return [*_weights(clf), clf.predict_proba(X)]


@target("skreg.dropin.MLPRegressor.predict", PREDICT)
def dropin_regressor_predict(X, **params):
    d = Data()
    return quiet_fit(_regressor(MLPRegressor, **params), d.X, d.y).predict(X)


@target(
    "skreg.mlp.float32_expected_failed_checks",
    lambda d: dict(estimator=RegularizedMLPRegressor(dtype="float32")),
)
def float32_checks(estimator):
    return sorted(float32_expected_failed_checks(estimator))


# ------------------------------------------------------------------------------
# Model files


@target("skreg.save", lambda d: dict(estimator=d.mlp(), path=d.folder / "m.skreg"))
def skreg_save(estimator, path):
    """Save, and load back what was saved."""
    skreg.save(estimator, path)
    return skreg.load(path)


@target("skreg.load", lambda d: dict(path=d.model_file()))
def skreg_load(path, **params):
    return skreg.load(path, **params)


# ------------------------------------------------------------------------------
# Plots (matplotlib's Agg backend, set in tests/conftest.py)


@contextmanager
def _closing_figures():
    import matplotlib.pyplot as plt

    try:
        yield
    finally:
        plt.close("all")


@target("skreg.plot_coefficients", lambda d: dict(coefficients=d.coefficients()))
def plot_coefficients(coefficients):
    with _closing_figures():
        display = plots.plot_coefficients(coefficients)
        return [bars.datavalues for bars in display.bars_]


@target("skreg.plot_regularization_path", lambda d: dict(path=d.path_table()))
def plot_regularization_path(path):
    with _closing_figures():
        display = plots.plot_regularization_path(path)
        return [line.get_xydata() for line in display.lines_]


@target(
    "skreg.plot_validation_curve",
    lambda d: dict(estimator=Ridge(), X=d.X, y=d.y, alphas=[0.1, 1.0, 10.0]),
)
def plot_validation_curve(estimator, X, y, **params):
    with _closing_figures():
        display = plots.plot_validation_curve(estimator, X, y, **{"cv": 3, **params})
        return [display.train_scores, display.dev_scores, display.best_alpha_]


@target("skreg.plotting.plot_learning_curves", lambda d: dict(models=d.history()))
def plot_learning_curves(models):
    """The epochs drawn (a diverged epoch's loss is a gap, not a number)."""
    with _closing_figures():
        display = plots.plot_learning_curves(models)
        return [line.get_xdata() for line in display.train_lines_.values()]


@target("skreg.plotting.plot_mc_uncertainty", lambda d: dict(samples=d.samples()))
def plot_mc_uncertainty(samples, **params):
    with _closing_figures():
        display = plots.plot_mc_uncertainty(samples, **params)
        return [display.rows_, display.mean_, display.spread_]


@target(
    "skreg.plotting.plot_mc_uncertainty",
    lambda d: dict(samples=d.probabilities(), y_true=d.labels[:6], classes=[0, 1]),
)
def plot_mc_uncertainty_proba(samples, **params):
    return plot_mc_uncertainty(samples, **params)


@target(
    "skreg.plotting.plot_uncertain_images",
    lambda d: dict(images=d.images(), samples=d.probabilities(), y_true=d.labels[:6]),
)
def plot_uncertain_images(images, samples, **params):
    with _closing_figures():
        display = plots.plot_uncertain_images(images, samples, **{"n": 3, **params})
        return [display.rows_, display.probability_, display.spread_]


@target(
    "skreg.plotting.plot_confusion_matrix",
    lambda d: dict(y_true=d.labels, y_pred=(d.y > 0).astype(int)),
)
def plot_confusion_matrix(y_true, y_pred, **params):
    with _closing_figures():
        return plots.plot_confusion_matrix(y_true, y_pred, **params).matrix


@target("skreg.plotting.plot_residuals", lambda d: dict(y_true=d.y, y_pred=d.X[:, 0]))
def plot_residuals(y_true, y_pred):
    """The residuals and the RMSE in the title."""
    with _closing_figures():
        display = plots.plot_residuals(y_true, y_pred)
        rmse = float(display.ax_.get_title().split("RMSE ")[1].rstrip(")"))
        return [display.residuals, rmse]


@target(
    "skreg.plotting.plot_bias_variance",
    lambda d: dict(diagnoses={"ridge": diagnose_bias_variance(0.1, 0.2)}),
)
def plot_bias_variance(diagnoses):
    with _closing_figures():
        display = plots.plot_bias_variance(diagnoses)
        return [bars.datavalues for bars in display.bars_]


@target("skreg.plotting.plot_feature_ranges", lambda d: dict(frames={"raw": d.frame()}))
def plot_feature_ranges(frames):
    """The y values of the box plots' lines (boxes, whiskers, medians)."""
    with _closing_figures():
        display = plots.plot_feature_ranges(frames)
        return [line.get_ydata() for ax in display.axes_ for line in ax.lines]


# ------------------------------------------------------------------------------
# skreg.study


@target("skreg.study.run_study", lambda d: dict(data=d.frame(), target="target"))
def run_study(data, target, **params):
    """The scores of the leaderboard (not its times)."""
    result = study.run_study(data, target, **{"cv": 2, "quick": True, **params})
    return result.leaderboard.filter(regex=r" (mean|std)$").to_numpy()


@target("skreg.study.read_csv", lambda d: dict(path=d.csv_file()))
def read_csv(path):
    return study.read_csv(path)


@target("skreg.study.infer_task", lambda d: dict(y=d.frame()["target"]))
def infer_task(y):
    return study.infer_task(y)


@target(
    "skreg.study.save_model",
    lambda d: dict(estimator=d.mlp(), path=d.folder / "m.skreg"),
)
def save_model(estimator, path):
    return study.save_model(estimator, path)
