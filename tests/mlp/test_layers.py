"""Registry-driven checks: every layer's gradient and inference."""

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
    LayerNorm,
)
from skreg.mlp.losses import LogLoss
from skreg.mlp.network import Network
from skreg.mlp.regularizers import L1L2, MaxNorm

EXAMPLES = {
    "dense": lambda: Dense(
        5,
        kernel_regularizer=L1L2(l1=0.1, l2=0.2),
        kernel_constraint=MaxNorm(2.0),
        weight_decay=0.1,
    ),
    "activation": lambda: Activation("elu"),
    "dropout": lambda: Dropout(0.3),
    "alpha_dropout": lambda: AlphaDropout(0.3),
    "batch_norm": lambda: BatchNorm(momentum=0.8, eps=1e-3),
    "layer_norm": lambda: LayerNorm(eps=1e-3),
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
    ctx = Context(
        training=True, dropout=True, rng=np.random.default_rng(0), backward=True
    )
    net.loss_and_grad(X, Y, None, ctx)
    _freeze(net)
    net.loss_and_grad(X, Y, None, ctx)
    analytic, theta0 = net.grad.copy(), net.theta.copy()
    numeric = np.empty_like(theta0)
    for i in range(theta0.size):
        values = []
        for h in (1e-6, -1e-6):
            net.theta[:] = theta0
            net.theta[i] += h
            values.append(net.loss_and_grad(X, Y, None, ctx))
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


def _layer_state(net):
    """Everything a layer holds, copied (arrays by value)."""
    return [
        {k: np.copy(v) if isinstance(v, np.ndarray) else v for k, v in vars(la).items()}
        for la in net.layers
    ]


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_inference_writes_nothing_into_the_layers(name):
    """Prediction and MC sampling leave every layer untouched (thread safety)."""
    rng = np.random.RandomState(3)
    net = Network([Dense(6), EXAMPLES[name](), Dense(3)], LogLoss()).build(4)
    net.theta[:] = rng.randn(net.theta.size)
    X = rng.randn(5, 4).astype(np.float32)
    before = _layer_state(net)
    net.forward(X, Context())
    net.forward(X, Context(dropout=True, rng=np.random.default_rng(0)))
    after = _layer_state(net)
    for a, b in zip(before, after, strict=True):
        assert a.keys() == b.keys()
        for key in a:
            np.testing.assert_array_equal(a[key], b[key], err_msg=key)
