"""No silent garbage: divergence is an error (or a warning), never NaN."""

import numpy as np
import pytest
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning

from skreg import RegularizedMLPClassifier, RegularizedMLPRegressor
from skreg.mlp import DivergenceError

MAXIT = pytest.mark.filterwarnings("ignore:Stochastic Optimizer:UserWarning")


@pytest.fixture(scope="module")
def raw_digits():
    """The digits as they come: pixel values 0..16, not scaled."""
    return load_digits(return_X_y=True)


def _finite_state(clf):
    assert all(np.isfinite(a).all() for a in clf.coefs_ + clf.intercepts_)
    assert np.isfinite(clf.loss_curve_).all()
    for record in clf.history_:
        assert all(
            v is None or np.isfinite(v) for k, v in record.items() if k != "epoch"
        )


@MAXIT
@pytest.mark.parametrize("solver", ["adam", "sgd"])
def test_learning_rate_10_on_unscaled_digits_is_an_error(solver, raw_digits):
    X, y = raw_digits
    clf = RegularizedMLPClassifier(
        solver=solver, learning_rate_init=10, max_iter=30, random_state=0
    )
    with pytest.raises(DivergenceError, match=r"Training diverged: .*learning_rate_i"):
        clf.fit(X, y)
    _finite_state(clf)  # the model is consistent, its curves finite


@MAXIT
@pytest.mark.parametrize("solver", ["adam", "sgd"])
def test_on_divergence_warn_keeps_a_usable_model(solver, raw_digits):
    X, y = raw_digits
    clf = RegularizedMLPClassifier(
        solver=solver,
        learning_rate_init=10,
        max_iter=30,
        random_state=0,
        on_divergence="warn",
    )
    with pytest.warns(ConvergenceWarning, match="Training diverged"):
        clf.fit(X, y)
    _finite_state(clf)
    proba = clf.predict_proba(X)
    assert np.isfinite(proba).all()
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)


def test_exploding_loss_stops_at_the_last_complete_epoch(raw_digits):
    X, y = raw_digits
    clf = RegularizedMLPClassifier(
        solver="sgd", learning_rate_init=10, max_iter=30, random_state=0,
        on_divergence="warn",
    )  # fmt: skip
    with pytest.warns(ConvergenceWarning, match="exploded from .* within one call"):
        clf.fit(X, y)
    assert clf.n_iter_ == len(clf.loss_curve_) < 30  # stopped early


def test_a_sensible_fit_of_the_same_data_is_not_flagged(raw_digits):
    X, y = raw_digits
    clf = RegularizedMLPClassifier(
        (32,), learning_rate_init=0.01, max_iter=15, random_state=0
    )
    with pytest.warns(ConvergenceWarning, match="Maximum iterations"):
        clf.fit(X, y)
    assert clf.score(X, y) > 0.9


def test_heavy_regularization_is_not_divergence(raw_digits):
    X, y = raw_digits
    clf = RegularizedMLPClassifier((16,), alpha=1000.0, max_iter=20, random_state=0)
    with pytest.warns(ConvergenceWarning, match="Maximum iterations"):
        clf.fit(X / 16, y)  # close to constant by the user's choice, not dead


@MAXIT
def test_finite_huge_input_gives_probabilities_not_nan(raw_digits):
    X, y = raw_digits
    clf = RegularizedMLPClassifier((16,), max_iter=5, random_state=0, dtype="float32")
    clf.fit(X / 16, y)
    huge = np.vstack([np.full(64, 8.5e37), X[:3] / 16])  # overflows in float32
    proba = clf.predict_proba(huge)
    assert np.isfinite(proba).all()
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-6)
    # float32: another batch size may round differently in the last bits
    np.testing.assert_allclose(proba[1:], clf.predict_proba(X[:3] / 16), rtol=1e-5)
    assert clf.predict(huge).shape == (4,)


@MAXIT
def test_input_too_large_for_any_float_is_an_error_naming_X(raw_digits):
    X, y = raw_digits
    reg = RegularizedMLPRegressor(hidden_layer_sizes=(16,), max_iter=5, random_state=0)
    reg.fit(X / 16, y)
    with pytest.raises(ValueError, match="X has values too large for this model"):
        reg.predict(np.full((2, 64), 1.7e308))
    np.testing.assert_array_equal(reg.predict(X[:2] / 16), reg.predict(X[:2] / 16))


def test_float32_training_data_beyond_range_is_an_error_naming_X(raw_digits):
    X, y = raw_digits
    X = X.astype(float)
    X[0, 0] = 1e39
    clf = RegularizedMLPClassifier((4,), max_iter=2, dtype="float32")
    with pytest.raises(ValueError, match=r"X has values beyond the range of float32"):
        clf.fit(X, y)


def test_validation_scores_are_never_nan(raw_digits):
    X, y = raw_digits
    X_val = np.full((4, 64), 1.7e308)
    clf = RegularizedMLPClassifier((8,), max_iter=5, random_state=0,
                                   early_stopping=True)  # fmt: skip
    with pytest.raises(DivergenceError, match="validation data is not finite"):
        clf.fit(X / 16, y, X_val=X_val, y_val=y[:4])
    assert clf.validation_scores_ == [] or np.isfinite(clf.validation_scores_).all()
