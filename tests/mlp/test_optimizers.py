"""Each optimizer's steps equal its published update equations (golden values)."""

import copy
import inspect

import numpy as np
import pytest

from skreg import RegularizedMLPClassifier
from skreg.mlp.network import make_network
from skreg.mlp.optimizers import OPTIMIZERS, SGD, Adam, AdamW, Lion, Nadam, RMSprop


def _sgd(p, grads, lr, momentum=0.9, nesterov=True):
    """Sutskever et al. (2013) in scikit-learn's velocity form."""
    v = np.zeros_like(p)
    for g in grads:
        v = momentum * v - lr * g
        p = p + (momentum * v - lr * g if nesterov else v)
    return p


def _adam(p, grads, lr, b1=0.9, b2=0.999, eps=1e-8, wd=0.0, n_decay=0):
    """Kingma & Ba (2015), section 2 (efficient form); AdamW decay first."""
    m = v = np.zeros_like(p)
    for t, g in enumerate(grads, start=1):
        p = p.copy()
        p[:n_decay] *= 1 - lr * wd
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g**2
        lr_t = lr * np.sqrt(1 - b2**t) / (1 - b1**t)
        p = p - lr_t * m / (np.sqrt(v) + eps)
    return p


def _nadam(p, grads, lr, b1=0.9, b2=0.999, eps=1e-8):
    """Dozat (2016), algorithm 2 with constant mu."""
    m = v = np.zeros_like(p)
    for t, g in enumerate(grads, start=1):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g**2
        m_hat = b1 * m / (1 - b1 ** (t + 1)) + (1 - b1) * g / (1 - b1**t)
        v_hat = v / (1 - b2**t)
        p = p - lr * m_hat / (np.sqrt(v_hat) + eps)
    return p


def _rmsprop(p, grads, lr, rho=0.9, eps=1e-8, momentum=0.0):
    """Hinton (2012), lecture 6e; PyTorch's momentum form."""
    v = buf = np.zeros_like(p)
    for g in grads:
        v = rho * v + (1 - rho) * g**2
        step = g / (np.sqrt(v) + eps)
        buf = momentum * buf + step
        p = p - lr * (buf if momentum else step)
    return p


def _lion(p, grads, lr, b1=0.9, b2=0.99):
    """Chen et al. (2023), algorithm 2 (without decay, applied by the layers)."""
    m = np.zeros_like(p)
    for g in grads:
        p = p - lr * np.sign(b1 * m + (1 - b1) * g)
        m = b2 * m + (1 - b2) * g
    return p


CASES = {
    "sgd": [
        (SGD(), _sgd),
        (SGD(momentum=0.5, nesterov=False), lambda p, g, lr: _sgd(p, g, lr, 0.5, 0)),
    ],
    "adam": [
        (Adam(beta_1=0.8, beta_2=0.99), lambda p, g, lr: _adam(p, g, lr, 0.8, 0.99))
    ],
    "adamw": [(AdamW(), _adam)],
    "nadam": [(Nadam(), _nadam)],
    "lion": [
        (Lion(), _lion),
        (Lion(beta_1=0.8, beta_2=0.9), lambda p, g, lr: _lion(p, g, lr, 0.8, 0.9)),
    ],
    "rmsprop": [
        (RMSprop(), _rmsprop),
        (
            RMSprop(rho=0.8, momentum=0.9),
            lambda p, g, lr: _rmsprop(p, g, lr, 0.8, 1e-8, 0.9),
        ),
    ],
}


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_steps_match_published_equations(name):
    assert name in CASES, f"add golden equations for optimizer {name!r}"
    rng = np.random.RandomState(0)
    p0 = rng.randn(5)
    grads = [rng.randn(5) for _ in range(3)]
    for opt, reference in CASES[name]:
        opt = copy.deepcopy(opt)
        theta = p0.copy()
        opt.init_state(theta)
        for g in grads:
            opt.step(theta, g, 0.01)
        # the first step alone as well: the golden single-step value
        np.testing.assert_allclose(theta, reference(p0, grads, 0.01), rtol=1e-12)
        one = p0.copy()
        opt.init_state(one)
        opt.step(one, grads[0], 0.01)
        np.testing.assert_allclose(one, reference(p0, grads[:1], 0.01), rtol=1e-12)


def test_sgd_single_step_golden_value():
    # v = 0.9*0 - 0.1*2 = -0.2; nesterov: p = 1 + 0.9*(-0.2) - 0.1*2 = 0.62
    theta = np.array([1.0])
    opt = SGD()
    opt.init_state(theta)
    opt.step(theta, np.array([2.0]), 0.1)
    assert theta[0] == pytest.approx(0.62, abs=1e-15)


def test_adam_first_step_moves_by_lr():
    # m = 0.1 g, v = 0.001 g^2, lr_t = lr sqrt(0.001)/0.1, step = lr * sign(g)
    theta = np.array([1.0, -1.0])
    opt = Adam(epsilon=0.0)
    opt.init_state(theta)
    opt.step(theta, np.array([3.0, -0.5]), 0.01)
    np.testing.assert_allclose(theta, [0.99, -0.99], rtol=1e-12)


def test_decoupled_weight_decay_spares_biases_and_batch_norm():
    net = make_network(
        3,
        (4,),
        2,
        activation="relu",
        loss="log_loss",
        batch_norm=True,
        weight_decay=0.5,
        dtype=np.float64,
    )
    net.theta[:] = 1.0
    net.decay_weights(0.1)
    for layer in net.dense:
        np.testing.assert_array_equal(layer.params["W"], 0.95)
        np.testing.assert_array_equal(layer.params["b"], 1.0)
    for bn in net.batch_norms:
        np.testing.assert_array_equal(bn.params["gamma"], 1.0)


def test_per_layer_weight_decay():
    net = make_network(
        3,
        (4, 4),
        2,
        activation="relu",
        loss="log_loss",
        weight_decay=[0.5, 0.0, 1.0],
        dtype=np.float64,
    )
    net.theta[:] = 1.0
    net.decay_weights(0.1)
    factors = [float(la.params["W"][0, 0]) for la in net.dense]
    assert factors == pytest.approx([0.95, 1.0, 0.9], abs=1e-15)


def test_adamw_is_adam_after_decoupled_decay():
    """Loshchilov & Hutter: decay the weights, then Adam's step (the trainer's
    order), equals the published AdamW update."""
    rng = np.random.RandomState(0)
    net = make_network(
        2,
        (3,),
        2,
        activation="tanh",
        loss="log_loss",
        weight_decay=0.01,
        dtype=np.float64,
    )
    p0 = rng.randn(net.theta.size)
    net.theta[:] = p0
    grads = [rng.randn(net.theta.size) for _ in range(3)]
    opt = AdamW()
    opt.init_state(net.theta)
    for g in grads:
        net.decay_weights(0.01)
        opt.step(net.theta, g, 0.01)
    expected = _adam(p0, grads, 0.01, wd=0.01, n_decay=net.n_weights)
    np.testing.assert_allclose(net.theta, expected, rtol=1e-12)


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_every_solver_trains(name, blobs):
    X, y = blobs
    clf = RegularizedMLPClassifier(
        (16,),
        solver=name,
        learning_rate_init=0.01,
        max_iter=30,
        random_state=0,
        n_iter_no_change=100,
    )
    with pytest.warns(UserWarning, match="Maximum iterations"):
        clf.fit(X, y)
    assert clf.loss_curve_[-1] < 0.5 * clf.loss_curve_[0]
    assert clf.score(X, y) > 0.9


def test_optimizer_object_is_copied_not_mutated(blobs):
    X, y = blobs
    opt = Nadam(beta_1=0.8)
    before = copy.deepcopy(vars(opt))
    clf = RegularizedMLPClassifier((8,), solver=opt, max_iter=5, random_state=0)
    with pytest.warns(UserWarning, match="Maximum iterations"):
        clf.fit(X, y)
    assert vars(opt).keys() == before.keys()
    assert isinstance(clf.optimizer_, Nadam) and clf.optimizer_ is not opt
    assert clf.optimizer_.beta_1 == 0.8 and clf.optimizer_.n_steps > 0


def test_adamw_default_weight_decay_and_override(blobs):
    X, y = blobs

    def decays(**kw):
        clf = RegularizedMLPClassifier((4,), max_iter=1, random_state=0, **kw)
        with pytest.warns(UserWarning, match="Maximum iterations"):
            clf.fit(X, y)
        return [la.weight_decay for la in clf.network_.dense]

    assert decays(solver="adamw") == [0.01, 0.01]
    assert decays(solver="adamw", weight_decay=0.2) == [0.2, 0.2]
    assert decays(solver="sgd") == [0.0, 0.0]
    assert decays(solver=AdamW()) == [0.01, 0.01]


@pytest.mark.parametrize("cls", [Adam, AdamW])
def test_adam_follows_a_cycling_beta_1(cls):
    """One-cycle momentum changes beta_1 every step; the equations still hold."""
    rng = np.random.RandomState(1)
    p0 = rng.randn(7)
    grads = [rng.randn(7) for _ in range(6)]
    betas = [0.95, 0.9, 0.85, 0.9, 0.8, 0.93]
    opt = cls()
    p = p0.copy()
    opt.init_state(p)
    m = v = np.zeros(7)
    expected = p0.copy()
    for t, (g, b1) in enumerate(zip(grads, betas, strict=True), start=1):
        opt.set_momentum(b1)
        opt.step(p, g, 0.01)
        m = b1 * m + (1 - b1) * g
        v = 0.999 * v + 0.001 * g**2
        lr_t = 0.01 * np.sqrt(1 - 0.999**t) / (1 - b1**t)
        expected = expected - lr_t * m / (np.sqrt(v) + 1e-8)
    np.testing.assert_allclose(p, expected, rtol=1e-12)


def test_each_optimizer_declares_its_estimator_parameters():
    """No estimator parameter reaches an optimizer by a coincidence of names."""
    params = RegularizedMLPClassifier().get_params()
    for name, cls in OPTIMIZERS.items():
        init = inspect.signature(cls.__init__).parameters
        for arg, param in cls.estimator_params.items():
            assert arg in init, (name, arg)
            assert param in params, (name, param)


def test_rmsprop_does_not_take_sgd_momentum(blobs):
    # The estimator's momentum=0.9 documents SGD; RMSprop keeps its own 0.0.
    X, y = blobs
    clf = RegularizedMLPClassifier((4,), solver="rmsprop", max_iter=2, random_state=0)
    with pytest.warns(UserWarning, match="Maximum iterations"):
        clf.fit(X, y)
    assert clf.optimizer_.get_config() == {"rho": 0.9, "epsilon": 1e-8, "momentum": 0.0}
    opt = RMSprop.from_estimator(dict(params := clf.get_params(), epsilon=1e-6))
    assert opt.momentum == 0.0 and opt.epsilon == 1e-6 and params["momentum"] == 0.9


def test_a_new_optimizer_gets_only_what_it_declares():
    class Lion(OPTIMIZERS["sgd"].__mro__[1]):  # the Optimizer base
        estimator_params = {"beta_1": "beta_1"}

        def __init__(self, beta_1=0.9, beta_2=0.99):
            self.beta_1, self.beta_2 = beta_1, beta_2

    opt = Lion.from_estimator(RegularizedMLPClassifier(beta_1=0.8).get_params())
    assert opt.get_config() == {"beta_1": 0.8, "beta_2": 0.99}


@pytest.mark.parametrize("solver, attr", [("sgd", "momentum"), ("adam", "beta_1")])
def test_one_cycle_leaves_the_optimizer_config_alone(solver, attr, blobs):
    X, y = blobs
    clf = RegularizedMLPClassifier(
        (4,), solver=solver, learning_rate="one_cycle", max_iter=3, random_state=0
    )
    with pytest.warns(UserWarning, match="Maximum iterations"):
        clf.fit(X, y)
    assert getattr(clf.optimizer_, attr) == 0.9  # the declared hyperparameter
    assert clf.optimizer_.live_momentum != 0.9  # the cycled value
