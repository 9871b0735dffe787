"""Registry-driven checks: every layer, optimizer and schedule is covered."""

import numpy as np
import pytest

from skreg.mlp.layers import (
    LAYERS,
    Activation,
    ActivityRegularization,
    AlphaDropout,
    BatchNorm,
    Context,
    Dense,
    Dropout,
    GaussianNoise,
)
from skreg.mlp.losses import LogLoss
from skreg.mlp.network import Network
from skreg.mlp.optimizers import OPTIMIZERS
from skreg.mlp.schedules import SCHEDULES
from skreg.mlp.training import loss_and_grad

EXAMPLES = {
    "dense": lambda: Dense(5),
    "activation": lambda: Activation("elu"),
    "dropout": lambda: Dropout(0.3),
    "alpha_dropout": lambda: AlphaDropout(0.3),
    "batch_norm": lambda: BatchNorm(),
    "gaussian_noise": lambda: GaussianNoise(0.5),
    "activity_regularization": lambda: ActivityRegularization(0.1, 0.2),
}


def _freeze(net):
    for layer in net.layers:
        if hasattr(layer, "frozen"):
            layer.frozen = True


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_every_layer_gradient(name):
    assert name in EXAMPLES, f"add an example instance for layer {name!r}"
    rng = np.random.RandomState(1)
    layers = [Dense(6), Activation("tanh"), EXAMPLES[name](), Dense(3)]
    net = Network(layers, LogLoss(), np.float64).build(4)
    net.theta[:] = 0.5 * rng.randn(net.theta.size)
    for bn in net.batch_norms:
        bn.params["gamma"][:] = 1 + 0.2 * rng.randn(bn.n_in)
    X, Y = rng.randn(8, 4), np.eye(3)[rng.randint(0, 3, 8)]
    ctx = Context(training=True, dropout=True, rng=np.random.default_rng(0))
    loss_and_grad(net, [], X, Y, None, ctx)
    _freeze(net)
    loss_and_grad(net, [], X, Y, None, ctx)
    analytic, theta0 = net.grad.copy(), net.theta.copy()
    numeric = np.empty_like(theta0)
    for i in range(theta0.size):
        values = []
        for h in (1e-6, -1e-6):
            net.theta[:] = theta0
            net.theta[i] += h
            values.append(loss_and_grad(net, [], X, Y, None, ctx))
        numeric[i] = (values[0] - values[1]) / 2e-6
    err = np.linalg.norm(numeric - analytic)
    assert err / (np.linalg.norm(numeric) + np.linalg.norm(analytic)) <= 1e-6


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_every_layer_inference_is_deterministic(name):
    rng = np.random.RandomState(2)
    layers = [Dense(6), EXAMPLES[name](), Dense(3)]
    net = Network(layers, LogLoss(), np.float32).build(4)
    net.theta[:] = rng.randn(net.theta.size)
    X = rng.randn(5, 4).astype(np.float32)
    X_before = X.copy()
    a = net.forward(X, Context()).copy()
    b = net.forward(X, Context()).copy()
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(X, X_before)


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_optimizer_config_round_trip(name):
    opt = OPTIMIZERS[name](weight_decay=0.3)
    clone = type(opt)(**opt.get_config())
    assert clone.get_config() == opt.get_config()
    assert repr(clone) == repr(opt)


@pytest.mark.parametrize("name", sorted(SCHEDULES))
def test_schedule_config_round_trip(name):
    sched = SCHEDULES[name]()
    clone = type(sched)(**sched.get_config())
    assert clone.get_config() == sched.get_config()
    assert repr(clone).startswith(type(sched).__name__)
