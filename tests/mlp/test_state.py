"""One fitted network: the estimator's state lives in network_ and nowhere else."""

import pickle

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning

from skreg import RegularizedMLPClassifier, RegularizedMLPRegressor
from skreg.mlp.layers import Context
from skreg.mlp.network import Network

MAXIT = pytest.mark.filterwarnings("ignore:Stochastic Optimizer:UserWarning")


def _clf(**kw):
    params = dict(hidden_layer_sizes=(16,), random_state=0, max_iter=10)
    params.update(kw)
    return RegularizedMLPClassifier(**params)


@MAXIT
def test_fitted_attributes_are_views_of_the_network(blobs):
    X, y = blobs
    clf = _clf(hidden_layer_sizes=(8, 8), batch_norm=True).fit(X, y)
    net = clf.network_
    for W in clf.coefs_ + clf.intercepts_ + clf.bn_gamma_ + clf.bn_beta_:
        assert np.shares_memory(W, net.theta)
    for stat in clf.bn_running_mean_ + clf.bn_running_var_:
        assert np.shares_memory(stat, net.buffers)
    theta = net.theta
    clf.partial_fit(X, y)  # continues on the same arrays
    assert clf.network_ is net and net.theta is theta
    assert np.shares_memory(clf.coefs_[0], net.theta)


@MAXIT
def test_state_dict_is_the_one_way_in_and_out(blobs):
    X, y = blobs
    a = _clf(batch_norm=True, dropout=0.2).fit(X, y)
    b = _clf(batch_norm=True, dropout=0.2, random_state=5).fit(X, y)
    state = a.state_dict()
    assert set(state) == {
        "dense_0.W", "dense_0.b", "batch_norm_0.gamma", "batch_norm_0.beta",
        "batch_norm_0.running_mean", "batch_norm_0.running_var",
        "dense_1.W", "dense_1.b",
    }  # fmt: skip
    state["dense_0.W"][...] = 0  # a copy: the model is not touched
    assert a.coefs_[0].any()
    b.load_state_dict(a.state_dict())
    np.testing.assert_array_equal(b.predict_proba(X), a.predict_proba(X))
    np.testing.assert_array_equal(b.bn_running_var_[0], a.bn_running_var_[0])


@MAXIT
def test_rebuild_from_config_and_state_predicts_the_same(blobs):
    X, y = blobs
    clf = _clf(batch_norm=True, dropout=0.3, input_noise=0.1, activity_l2=1e-3)
    clf.fit(X, y)
    net = Network.from_config(clf.network_.get_config())
    net.load_state_dict(clf.state_dict())
    out = net.forward(X.astype(np.float32), Context())
    np.testing.assert_allclose(clf.predict_proba(X), out, rtol=1e-6)  # renormalized


@MAXIT
def test_pickle_keeps_one_state(blobs):
    X, y = blobs
    clf = _clf(batch_norm=True).fit(X, y)
    copy = pickle.loads(pickle.dumps(clf))
    assert np.shares_memory(copy.coefs_[0], copy.network_.theta)
    copy.partial_fit(X, y)  # training the copy moves its views with it
    assert np.shares_memory(copy.coefs_[0], copy.network_.theta)
    assert not np.array_equal(copy.coefs_[0], clf.coefs_[0])
    out = copy.network_.forward(X.astype(np.float32), Context())
    np.testing.assert_allclose(copy.predict_proba(X), out, rtol=1e-6)


# ------------------------------------------------ architecture decided once
@MAXIT
def test_params_changed_after_fit_do_not_change_predictions(blobs):
    X, y = blobs
    clf = _clf(dropout=0.2).fit(X, y)
    proba = clf.predict_proba(X)
    clf.set_params(input_noise=0.3, activity_l2=0.1, dropout=0.0, activation="tanh")
    np.testing.assert_array_equal(clf.predict_proba(X), proba)
    clf.predict_proba_mc(X[:3], n_samples=2)  # still the fitted dropout network


@MAXIT
def test_warm_start_with_new_dropout_rebuilds_the_network(blobs):
    # Formerly the new dropout was accepted, ignored, and MC dropout then failed.
    X, y = blobs
    clf = _clf(warm_start=True).fit(X, y)
    W = clf.coefs_[0].copy()
    clf.set_params(dropout=0.5, max_iter=1)
    with pytest.warns(ConvergenceWarning):
        clf.fit(X, y)
    rates = [
        spec["config"]["rate"]
        for spec in clf.network_.get_config()["layers"]
        if spec["name"] == "dropout"
    ]
    assert rates == [0.5]
    assert np.abs(clf.coefs_[0] - W).max() < 0.1  # continued, not restarted
    assert clf.predict_proba_mc(X[:4], n_samples=5, random_state=0).shape == (5, 4, 3)


@MAXIT
def test_warm_start_with_new_input_noise_trains_with_it(blobs):
    X, y = blobs
    clf = _clf(warm_start=True).fit(X, y)
    clf.set_params(input_noise=0.3)
    clf.fit(X, y)
    names = [s["name"] for s in clf.network_.get_config()["layers"]]
    assert names[0] == "gaussian_noise"


@pytest.mark.parametrize(
    "param, value, match",
    [
        ("hidden_layer_sizes", (32,), r"hidden_layer_sizes=\(16,\)"),
        ("batch_norm", True, r"batch_norm=False"),
    ],
)
def test_warm_start_cannot_change_parameter_shapes(param, value, match, blobs):
    X, y = blobs
    clf = _clf(warm_start=True, max_iter=2)
    with pytest.warns(ConvergenceWarning):
        clf.fit(X, y)
    clf.set_params(**{param: value})
    with pytest.raises(ValueError, match=f"warm_start cannot change {param}.*{match}"):
        clf.fit(X, y)
    clf.set_params(warm_start=False)
    with pytest.warns(ConvergenceWarning):
        clf.fit(X, y)  # a fresh fit takes the new architecture


def test_partial_fit_cannot_change_parameter_shapes(blobs):
    X, y = blobs
    clf = _clf().partial_fit(X, y, classes=[0, 1, 2])
    clf.set_params(hidden_layer_sizes=(4, 4))
    with pytest.raises(ValueError, match="partial_fit cannot change hidden_layer"):
        clf.partial_fit(X, y)


@MAXIT
def test_partial_fit_keeps_optimizer_state_across_a_rebuild(blobs):
    X, y = blobs
    clf = _clf().partial_fit(X, y, classes=[0, 1, 2])
    steps = clf.optimizer_.n_steps
    clf.set_params(dropout=0.1)
    clf.partial_fit(X, y)
    assert clf.optimizer_.n_steps == 2 * steps  # same optimizer, continued


def test_hand_set_coefs_before_partial_fit_like_scikit_learn():
    # scikit-learn's test_fit sets the weights by hand, then calls partial_fit.
    X = np.array([[0.6, 0.8, 0.7]])
    mlp = RegularizedMLPClassifier(
        solver="sgd", learning_rate_init=0.1, alpha=0.1, activation="logistic",
        random_state=1, max_iter=1, hidden_layer_sizes=2, momentum=0,
        dtype="float64",
    )  # fmt: skip
    mlp.coefs_ = [0] * 2
    mlp.intercepts_ = [0] * 2
    mlp.coefs_[0] = np.array([[0.1, 0.2], [0.3, 0.1], [0.5, 0]])
    mlp.coefs_[1] = np.array([[0.1], [0.2]])
    mlp.intercepts_[0] = np.array([0.1, 0.1])
    mlp.intercepts_[1] = np.array([1.0])
    mlp.n_features_in_ = 3
    mlp.partial_fit(X, np.array([0]), classes=[0, 1])
    # scikit-learn's hand-computed update (decimal=3 there)
    np.testing.assert_allclose(
        mlp.coefs_[0],
        [[0.098, 0.195756], [0.2956664, 0.096008], [0.4939998, -0.002244]],
        atol=1e-3,
    )
    np.testing.assert_allclose(mlp.coefs_[1], [[0.04706], [0.154089]], atol=1e-3)
    np.testing.assert_allclose(mlp.intercepts_[1], [0.9235], atol=1e-3)


@MAXIT
def test_coefs_set_by_hand_on_a_fitted_model_are_used(blobs):
    X, y = blobs
    clf = _clf().fit(X, y)
    other = _clf(random_state=7).fit(X, y)
    clf.coefs_ = [W.copy() for W in other.coefs_]
    clf.intercepts_[1] = other.intercepts_[1].copy()
    clf.intercepts_[0] = other.intercepts_[0].copy()
    np.testing.assert_allclose(clf.predict_proba(X), other.predict_proba(X))
    assert np.shares_memory(clf.coefs_[0], clf.network_.theta)
    with pytest.raises(ValueError, match=r"coefs_\[0\] must have shape \(4, 16\)"):
        clf.coefs_ = [np.zeros((3, 16)), clf.coefs_[1]]
        clf.predict(X)


@MAXIT
def test_clone_has_no_fitted_state(blobs):
    X, y = blobs
    clf = _clf().fit(X, y)
    fresh = clone(clf)
    assert not hasattr(fresh, "network_") and not hasattr(fresh, "coefs_")


@MAXIT
def test_regressor_network_and_views(blobs):
    X, _ = blobs
    reg = RegularizedMLPRegressor(hidden_layer_sizes=(8,), max_iter=5, random_state=0)
    reg.fit(X, X[:, 0])
    assert reg.network_.get_config()["loss"]["name"] == "squared_error"
    assert np.shares_memory(reg.coefs_[1], reg.network_.theta)
