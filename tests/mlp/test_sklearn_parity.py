"""Swap the import, get scikit-learn's numbers: a whole fit, side by side.

With scikit-learn's parameters and ``random_state`` (float64 data, so float64
compute), skreg's MLPs draw the same initial weights, shuffle the rows the same
way, hold out the same early-stopping validation set and apply the same updates
as ``MLPClassifier``/``MLPRegressor``. Both run on the same machine, so only the
order of floating-point operations differs: 1e-10 after tens of epochs, 1e-8
for L-BFGS, whose line search amplifies rounding.
"""

import numpy as np
import pytest
from sklearn.datasets import (
    load_digits,
    make_multilabel_classification,
    make_regression,
)
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.preprocessing import MinMaxScaler, scale

from skreg import RegularizedMLPClassifier, RegularizedMLPRegressor

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


def _datasets():
    """scikit-learn's test_mlp.py data sets."""
    X, y = load_digits(n_class=3, return_X_y=True)
    multiclass = MinMaxScaler().fit_transform(X[:200]), y[:200]
    X, y = load_digits(n_class=2, return_X_y=True)
    binary = MinMaxScaler().fit_transform(X[:200]), y[:200]
    X, Y = make_multilabel_classification(
        n_samples=100, n_features=8, n_classes=3, random_state=0
    )
    X_reg, y_reg = make_regression(
        n_samples=200, n_features=10, bias=20.0, noise=100.0, random_state=7
    )
    return {
        "binary": binary,
        "multiclass": multiclass,
        "multilabel": (X / X.max(), Y),
        "regression": (X_reg, scale(y_reg)),
    }


DATA = _datasets()
SOLVERS = {
    "sgd-constant": dict(solver="sgd", learning_rate_init=0.1),
    "sgd-invscaling": dict(solver="sgd", learning_rate="invscaling",
                           learning_rate_init=0.5),
    "sgd-adaptive": dict(solver="sgd", learning_rate="adaptive",
                         learning_rate_init=0.1, tol=1e-2, n_iter_no_change=2),
    "adam": dict(solver="adam", learning_rate_init=0.01),
    "lbfgs": dict(solver="lbfgs"),
}  # fmt: skip
CASES = [
    (solver, task, early)
    for solver in SOLVERS
    for task in DATA
    for early in (False, True)
    if not (early and solver == "lbfgs")
]


def _pair(solver, task, early):
    params = dict(
        hidden_layer_sizes=(12, 7),
        max_iter=30,
        random_state=1,
        early_stopping=early,
        **SOLVERS[solver],
    )
    if task == "regression":
        return MLPRegressor(**params), RegularizedMLPRegressor(**params)
    return MLPClassifier(**params), RegularizedMLPClassifier(**params)


def _close(a, b, tol, what):
    np.testing.assert_allclose(a, b, rtol=tol, atol=tol, err_msg=what)


@pytest.mark.parametrize("solver, task, early", CASES)
def test_a_whole_fit_reproduces_scikit_learn(solver, task, early):
    X, y = DATA[task]
    theirs, ours = _pair(solver, task, early)
    theirs.fit(X, y)
    ours.fit(X, y)
    tol = 1e-8 if solver == "lbfgs" else 1e-10
    assert ours.n_iter_ == theirs.n_iter_
    for i, (a, b) in enumerate(zip(ours.coefs_, theirs.coefs_, strict=True)):
        _close(a, b, tol, f"coefs_[{i}]")
    for i, (a, b) in enumerate(zip(ours.intercepts_, theirs.intercepts_, strict=True)):
        _close(a, b, tol, f"intercepts_[{i}]")
    assert ours.loss_ == pytest.approx(theirs.loss_, rel=tol, abs=tol)
    if solver != "lbfgs":
        _close(ours.loss_curve_, theirs.loss_curve_, tol, "loss_curve_")
        for name in ("best_loss_", "best_validation_score_"):
            a, b = getattr(ours, name), getattr(theirs, name)
            assert (a is None and b is None) or a == pytest.approx(b, rel=tol), name
        if early:
            _close(ours.validation_scores_, theirs.validation_scores_, tol, "val")
    if task == "regression":
        _close(ours.predict(X), theirs.predict(X), tol, "predict")
    else:
        _close(ours.predict_proba(X), theirs.predict_proba(X), tol, "predict_proba")
        np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))


@pytest.mark.parametrize("task", ["multiclass", "regression"])
def test_partial_fit_and_warm_start_reproduce_scikit_learn(task):
    X, y = DATA[task]
    theirs, ours = _pair("adam", task, False)
    kwargs = {"classes": np.unique(y)} if task != "regression" else {}
    for _ in range(5):
        theirs.partial_fit(X, y, **kwargs)
        ours.partial_fit(X, y, **kwargs)
    theirs.set_params(warm_start=True, max_iter=5).fit(X, y)
    ours.set_params(warm_start=True, max_iter=5).fit(X, y)
    for a, b in zip(ours.coefs_, theirs.coefs_, strict=True):
        _close(a, b, 1e-10, "coefs_")
    _close(ours.loss_curve_, theirs.loss_curve_, 1e-10, "loss_curve_")
    assert ours.t_ == theirs.t_


def test_switching_a_regularizer_on_keeps_the_initial_weights_and_batches():
    # dropout masks come from skreg's own stream: with dropout on, the first
    # epoch starts from scikit-learn's weights and sees scikit-learn's batches.
    X, y = DATA["multiclass"]
    theirs, _ = _pair("sgd-constant", "multiclass", False)
    theirs.set_params(max_iter=1, learning_rate_init=1e-12).fit(X, y)
    ours = RegularizedMLPClassifier(**theirs.get_params()).set_params(dropout=0.3)
    ours.fit(X, y)
    for a, b in zip(ours.coefs_, theirs.coefs_, strict=True):
        _close(a, b, 1e-9, "initial weights")
