"""Finite-difference gradient checks (float64), parametrized by the registries."""

import numpy as np
import pytest

from skreg.mlp.layers import ACTIVATIONS, BatchNorm, Context, Dropout
from skreg.mlp.losses import LOSSES
from skreg.mlp.network import make_network
from skreg.mlp.regularizers import REGULARIZERS

CONFIGS = {
    "plain": {},
    "l1": {"regularizers": REGULARIZERS["l1"](0.3)},
    "l2": {"regularizers": REGULARIZERS["l2"](0.3)},
    "l1_l2": {"regularizers": REGULARIZERS["l1_l2"](0.2, 0.3)},
    "per_layer": {
        "regularizers": [REGULARIZERS["l1"](0.3), None, REGULARIZERS["l2"](0.5)],
        "activity_l1": [0.05, 0.0],
        "activity_l2": [0.0, 0.1],
    },
    "activity": {"activity_l1": 0.05, "activity_l2": 0.1},
    "batch_norm": {"batch_norm": True},
    "dropout": {"dropout": (0.3, 0.4)},
    "everything": {
        "regularizers": REGULARIZERS["l1_l2"](0.1, 0.2),
        "activity_l1": 0.02,
        "activity_l2": 0.05,
        "batch_norm": True,
        "dropout": (0.25, 0.25),
    },
}


def _targets(loss, rng, n, k):
    """Targets suited to ``loss``."""
    if loss == "log_loss":
        return np.eye(k)[rng.randint(0, k, n)]
    if loss == "binary_log_loss":
        return (rng.rand(n, k) > 0.5).astype(float)
    if loss == "poisson":
        return rng.poisson(2.0, (n, k)).astype(float)
    return rng.randn(n, k)


def _check(activation, loss, config, weighted=True, seed=0):
    """Return the relative error between analytic and numeric gradients."""
    rng = np.random.RandomState(seed)
    config = dict(config)
    net = make_network(
        4,
        (6, 5),
        3,
        activation=activation,
        loss=LOSSES[loss](),
        dropout=config.pop("dropout", (0.0, 0.0)),
        dtype=np.float64,
        **config,
    )
    net.theta[:] = 0.5 * rng.randn(net.theta.size)
    for bn in net.batch_norms:
        bn.params["gamma"][:] = 1 + 0.3 * rng.randn(bn.n_in)
    X = rng.randn(9, 4)
    Y = _targets(loss, rng, 9, 3)
    w = rng.uniform(0.5, 2.0, 9) if weighted else None
    ctx = Context(
        training=True, dropout=True, rng=np.random.default_rng(seed), backward=True
    )
    net.loss_and_grad(X, Y, w, ctx)  # samples the dropout masks
    for layer in net.layers:
        if isinstance(layer, Dropout):
            layer.frozen = True
    theta0 = net.theta.copy()
    net.loss_and_grad(X, Y, w, ctx)
    analytic = net.grad.copy()
    numeric = np.empty_like(analytic)
    h = 1e-6
    for i in range(theta0.size):
        for sign in (1, -1):
            net.theta[:] = theta0
            net.theta[i] += sign * h
            value = net.loss_and_grad(X, Y, w, ctx)
            numeric[i] = value if sign == 1 else (numeric[i] - value) / (2 * h)
    diff = np.linalg.norm(numeric - analytic)
    return diff / (np.linalg.norm(numeric) + np.linalg.norm(analytic))


@pytest.mark.parametrize("config", sorted(CONFIGS))
@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
def test_gradients_every_activation_and_regularizer(activation, config):
    assert _check(activation, "log_loss", CONFIGS[config]) <= 1e-6


@pytest.mark.parametrize("weighted", [True, False])
@pytest.mark.parametrize("loss", sorted(LOSSES))
def test_gradients_every_loss(loss, weighted):
    assert _check("tanh", loss, CONFIGS["everything"], weighted=weighted) <= 1e-6


@pytest.mark.parametrize("name", sorted(REGULARIZERS))
def test_every_regularizer_is_covered(name):
    covered = {
        type(r)
        for c in CONFIGS.values()
        for r in np.atleast_1d(c.get("regularizers", []))
        if r is not None
    }
    assert REGULARIZERS[name] in covered


def test_gradient_check_detects_a_wrong_gradient(monkeypatch):
    # Guard against a check that cannot fail: break BatchNorm's backward.
    original = BatchNorm.backward

    def broken(self, dy, ctx, need_dx=True):
        out = original(self, dy, ctx, need_dx)
        self.grads["gamma"] *= 1.1
        return out

    monkeypatch.setattr(BatchNorm, "backward", broken)
    assert _check("relu", "log_loss", CONFIGS["batch_norm"]) > 1e-4
