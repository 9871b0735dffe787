"""Regularization behaviour: L1 vs L2, dropout, max-norm, noise, activity."""

import numpy as np
import pytest

from skreg import RegularizedMLPClassifier, RegularizedMLPRegressor
from skreg.mlp.network import Network
from skreg.mlp.optimizers import Adam
from skreg.mlp.regularizers import MaxNorm

MAXIT = pytest.mark.filterwarnings("ignore:Stochastic Optimizer:UserWarning")


def _fit(X, y, **kw):
    params = dict(hidden_layer_sizes=(32,), random_state=0, max_iter=60)
    params.update(kw)
    return RegularizedMLPClassifier(**params).fit(X, y)


@MAXIT
def test_l1_leaves_many_more_near_zero_weights_than_l2(digits_small):
    X, y = digits_small
    W_l1 = _fit(X, y, l1=1.0, alpha=0.0).coefs_[0]
    W_l2 = _fit(X, y, alpha=1.0).coefs_[0]
    frac_l1 = np.mean(np.abs(W_l1) < 1e-3)
    frac_l2 = np.mean(np.abs(W_l2) < 1e-3)
    assert frac_l1 > 3 * frac_l2
    assert frac_l1 > 0.25


@MAXIT
def test_dropout_raises_train_error_and_lowers_test_error():
    # Seed 000/001: regularization trades a little training error for less test
    # error. 40 noisy points of a sine fitted by a (64, 64) net overfit.
    rng = np.random.RandomState(0)
    X = rng.uniform(-3, 3, (40, 1))
    y = np.sin(X[:, 0]) + 0.3 * rng.randn(40)
    X_test = np.linspace(-3, 3, 400)[:, None]
    errors = []
    for rate in (0.0, 0.5):
        reg = RegularizedMLPRegressor(
            hidden_layer_sizes=(64, 64),
            dropout=rate,
            alpha=0.0,
            batch_size=40,
            max_iter=1000,
            learning_rate_init=0.003,
            n_iter_no_change=10_000,
            random_state=0,
        ).fit(X, y)
        train = np.mean((reg.predict(X) - y) ** 2)
        test = np.mean((reg.predict(X_test) - np.sin(X_test[:, 0])) ** 2)
        errors.append((train, test))
    (train0, test0), (train1, test1) = errors
    assert train1 > 1.5 * train0
    assert test1 < 0.75 * test0


@MAXIT
def test_max_norm_holds_after_every_step(blobs, monkeypatch):
    X, y = blobs
    seen = []
    original = Network.apply_constraints  # runs once after every update

    def checked(self):
        original(self)
        for layer in self.dense[:-1]:
            norms = np.linalg.norm(layer.params["W"], axis=0)
            seen.append(norms.max())

    monkeypatch.setattr(Network, "apply_constraints", checked)
    clf = _fit(
        X,
        y,
        max_norm=0.5,
        learning_rate_init=0.05,
        batch_size=16,
        max_iter=10,
        hidden_layer_sizes=(16, 8),
    )
    assert len(seen) == 2 * 10 * 10
    assert max(seen) <= 0.5 * (1 + 1e-6)
    assert max(seen) > 0.49  # the constraint was active
    for W in clf.coefs_[:-1]:
        assert np.linalg.norm(W, axis=0).max() <= 0.5 * (1 + 1e-6)


def test_max_norm_constraint_rescales_only_long_columns():
    W = np.array([[3.0, 0.1], [4.0, 0.1]])
    MaxNorm(1.0)(W)
    np.testing.assert_allclose(W, [[0.6, 0.1], [0.8, 0.1]])


@MAXIT
def test_weight_decay_shrinks_weights_for_every_solver(blobs):
    X, y = blobs
    for solver in ("sgd", "adam", "rmsprop"):
        plain = _fit(X, y, solver=solver, max_iter=20, alpha=0.0)
        decayed = _fit(X, y, solver=solver, max_iter=20, alpha=0.0, weight_decay=20.0)
        assert np.abs(decayed.coefs_[0]).sum() < 0.8 * np.abs(plain.coefs_[0]).sum()


@MAXIT
def test_input_noise_is_training_only(blobs):
    X, y = blobs
    clean = _fit(X, y, max_iter=20)
    noisy = _fit(X, y, max_iter=20, input_noise=1.0)
    assert noisy.loss_curve_[-1] > clean.loss_curve_[-1]
    np.testing.assert_array_equal(noisy.predict_proba(X), noisy.predict_proba(X))


@MAXIT
def test_activity_regularization_shrinks_hidden_outputs(digits_small):
    X, y = digits_small

    def mean_activation(clf):
        h = np.maximum(X @ clf.coefs_[0] + clf.intercepts_[0], 0)
        return np.abs(h).mean()

    plain = _fit(X, y, max_iter=30)
    reg = _fit(X, y, max_iter=30, activity_l1=0.05, activity_l2=0.05)
    assert mean_activation(reg) < 0.5 * mean_activation(plain)


@MAXIT
def test_alpha_matches_scikit_learn_scaling():
    # loss_ = data loss + alpha / (2 n) ||W||^2, as scikit-learn's MLP. With
    # lr=1e-12 the fitted weights are the ones the loss was computed with.
    X = np.ones((10, 2))
    y = np.zeros(10)
    reg = RegularizedMLPRegressor(
        hidden_layer_sizes=(3,),
        alpha=2.0,
        max_iter=1,
        random_state=0,
        shuffle=False,
        learning_rate_init=1e-12,
        dtype="float64",
    )
    reg.fit(X, y)
    penalty = sum((W**2).sum() for W in reg.coefs_) * 2.0 / (2 * 10)
    pred = reg.predict(X)
    data = 0.5 * np.mean(pred**2)
    assert reg.loss_ == pytest.approx(data + penalty, rel=1e-6)


def test_biases_and_batch_norm_are_not_penalized():
    from skreg.mlp.losses import LOSSES
    from skreg.mlp.network import make_network

    net = make_network(
        3,
        (4,),
        2,
        activation="relu",
        loss=LOSSES["log_loss"](),
        dropout=(0.0,),
        batch_norm=True,
        dtype=np.float64,
    )
    names = [set(la.params) for la in net.layers if la.params]
    assert names == [{"W", "b"}, {"gamma", "beta"}, {"W", "b"}]
    weight_ids = {id(la.params["W"].base) for la in net.dense}
    assert net.n_weights == 3 * 4 + 4 * 2
    assert len(weight_ids) == 1  # all weights are views of theta[:n_weights]
    for la in net.dense:
        assert np.shares_memory(la.params["W"], net.theta[: net.n_weights])
        assert not np.shares_memory(la.params["b"], net.theta[: net.n_weights])
    for bn in net.batch_norms:
        for p in bn.params.values():
            assert not np.shares_memory(p, net.theta[: net.n_weights])


class _Recording(Adam):
    """Adam that records the norm of every gradient it is handed."""

    norms = []

    def _update(self, theta, grad, lr):
        self.norms.append(float(np.linalg.norm(grad)))
        super()._update(theta, grad, lr)


@MAXIT
def test_clip_grad_norm_bounds_every_update(blobs):
    X, y = blobs
    for clip in (None, 0.05):
        _Recording.norms = []
        _fit(X, y, solver=_Recording(), clip_grad_norm=clip, max_iter=5)
        if clip is None:
            unclipped = max(_Recording.norms)
    assert unclipped > 0.05  # clipping had work to do
    assert max(_Recording.norms) <= 0.05 * (1 + 1e-6)
    assert min(_Recording.norms) > 0.0


def test_clip_grad_norm_is_for_stochastic_solvers(blobs):
    X, y = blobs
    with pytest.raises(ValueError, match="solver='lbfgs'.*got clip_grad_norm=1.0"):
        _fit(X, y, solver="lbfgs", clip_grad_norm=1.0)


@MAXIT
def test_batch_norm_momentum_sets_how_fast_running_statistics_move(blobs):
    X, y = blobs
    moved = []
    for momentum in (0.5, 0.99):
        clf = _fit(X, y, batch_norm=True, batch_norm_momentum=momentum, max_iter=1,
                   batch_size=len(X))  # fmt: skip
        bn = [
            s for s in clf.network_.get_config()["layers"] if s["name"] == "batch_norm"
        ]
        assert [s["config"]["momentum"] for s in bn] == [momentum]
        moved.append(np.abs(clf.bn_running_mean_[0]).mean())
    # one batch: running = (1 - momentum) * batch mean, from 0
    assert moved[1] == pytest.approx(moved[0] * 0.01 / 0.5, rel=0.2)


@MAXIT
def test_layer_norm_normalizes_each_row_whatever_the_batch(blobs):
    X, y = blobs
    clf = _fit(X, y, layer_norm=True, max_iter=30, learning_rate_init=0.01)
    names = [s["name"] for s in clf.network_.get_config()["layers"]]
    assert names == ["dense", "layer_norm", "activation", "dense"]
    assert clf.score(X, y) > 0.9
    # no batch statistics: a row's prediction does not depend on the others
    np.testing.assert_allclose(clf.predict_proba(X[:1]), clf.predict_proba(X)[:1])
