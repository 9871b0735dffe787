"""Every registered component describes itself and comes back from its config.

A new layer, optimizer, schedule, regularizer, constraint or loss needs one
example here (the tests fail until it has one) and no other test code.
"""

import json

import numpy as np
import pytest

from skreg.mlp.layers import LAYERS, Context
from skreg.mlp.losses import LOSSES
from skreg.mlp.network import Network, make_network
from skreg.mlp.optimizers import OPTIMIZERS
from skreg.mlp.regularizers import CONSTRAINTS, REGULARIZERS
from skreg.mlp.schedules import SCHEDULES, Progress

from .test_layers import EXAMPLES as LAYER_EXAMPLES

EXAMPLES = {
    "layer": (LAYERS, LAYER_EXAMPLES),
    "optimizer": (
        OPTIMIZERS,
        {
            "sgd": lambda: OPTIMIZERS["sgd"](momentum=0.5, nesterov=False),
            "adam": lambda: OPTIMIZERS["adam"](beta_1=0.8, beta_2=0.99),
            "rmsprop": lambda: OPTIMIZERS["rmsprop"](rho=0.8, momentum=0.5),
            "nadam": lambda: OPTIMIZERS["nadam"](epsilon=1e-6),
            "adamw": lambda: OPTIMIZERS["adamw"](beta_2=0.9),
            "lion": lambda: OPTIMIZERS["lion"](beta_1=0.8),
        },
    ),
    "schedule": (
        SCHEDULES,
        {
            "constant": lambda: SCHEDULES["constant"](),
            "invscaling": lambda: SCHEDULES["invscaling"](power_t=0.25),
            "adaptive": lambda: SCHEDULES["adaptive"](),
            "exponential": lambda: SCHEDULES["exponential"](0.5, decay_steps=7),
            "inverse_time": lambda: SCHEDULES["inverse_time"](2.0),
            "step": lambda: SCHEDULES["step"](drop=0.1, epochs_drop=3),
            "cosine": lambda: SCHEDULES["cosine"](min_ratio=0.1),
            "one_cycle": lambda: SCHEDULES["one_cycle"](pct_start=0.4),
        },
    ),
    "regularizer": (
        REGULARIZERS,
        {
            "l1": lambda: REGULARIZERS["l1"](0.3),
            "l2": lambda: REGULARIZERS["l2"](0.2),
            "l1_l2": lambda: REGULARIZERS["l1_l2"](l1=0.1, l2=0.4),
        },
    ),
    "constraint": (CONSTRAINTS, {"max_norm": lambda: CONSTRAINTS["max_norm"](2.5)}),
    "loss": (LOSSES, {name: cls for name, cls in LOSSES.items()}),
}

ENTRIES = [(kind, name) for kind, (reg, _) in EXAMPLES.items() for name in reg]


@pytest.mark.parametrize("kind, name", ENTRIES, ids=[f"{k}-{n}" for k, n in ENTRIES])
def test_config_round_trip_through_json(kind, name):
    registry, examples = EXAMPLES[kind]
    assert name in examples, f"add an example {kind} for {name!r}"
    obj = examples[name]()
    spec = json.loads(json.dumps(registry.serialize(obj)))  # plain JSON only
    clone = registry.deserialize(spec)
    assert type(clone) is type(obj)
    assert clone.get_config() == obj.get_config()
    assert registry.get(name, **obj.get_config()).get_config() == obj.get_config()


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_every_layer_state_dict_round_trip(name):
    """A network with the layer rebuilds from its config and takes its state."""
    rng = np.random.default_rng(0)
    layers = [LAYERS["dense"](6), LAYER_EXAMPLES[name](), LAYERS["dense"](3)]
    net = Network(layers, "log_loss").build(4)
    net.theta[:] = rng.standard_normal(net.theta.size)
    net.buffers[:] = rng.uniform(0.5, 2.0, net.buffers.size)
    clone = Network.from_config(json.loads(json.dumps(net.get_config())))
    assert clone.get_config() == net.get_config()
    clone.load_state_dict(net.state_dict())
    np.testing.assert_array_equal(clone.theta, net.theta)
    np.testing.assert_array_equal(clone.buffers, net.buffers)
    X = rng.standard_normal((6, 4)).astype(np.float32)
    np.testing.assert_array_equal(
        clone.forward(X, Context()), net.forward(X, Context())
    )


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_every_optimizer_state_dict_round_trip(name):
    rng = np.random.default_rng(1)
    opt = EXAMPLES["optimizer"][1][name]()
    theta = rng.standard_normal(9)
    opt.init_state(theta)
    for _ in range(3):
        opt.step(theta, rng.standard_normal(9), 0.01)
    clone = OPTIMIZERS.deserialize(OPTIMIZERS.serialize(opt))
    clone.init_state(theta.copy())
    clone.load_state_dict(opt.state_dict())
    a, b = theta.copy(), theta.copy()
    grad = rng.standard_normal(9)
    opt.step(a, grad, 0.01)
    clone.step(b, grad, 0.01)
    np.testing.assert_array_equal(a, b)  # the same state gives the same step
    assert clone.n_steps == opt.n_steps == 4


@pytest.mark.parametrize("name", sorted(SCHEDULES))
def test_every_schedule_state_dict_round_trip(name):
    sched = EXAMPLES["schedule"][1][name]()
    if hasattr(sched, "reduce"):
        sched.reduce(5.0)
    clone = SCHEDULES.deserialize(SCHEDULES.serialize(sched))
    clone.load_state_dict(json.loads(json.dumps(sched.state_dict())))
    p = Progress(step=17, epoch=3, samples=300, steps_per_epoch=5, total_steps=50)
    assert clone(0.1, p) == sched(0.1, p)


def test_registry_errors_name_the_kind_and_the_options():
    with pytest.raises(ValueError, match=r"unknown optimizer 'adagrad'; expected one"):
        OPTIMIZERS.get("adagrad")
    with pytest.raises(ValueError, match="unknown layer 'os.system'"):
        LAYERS.deserialize({"name": "os.system", "config": {}})
    with pytest.raises(ValueError, match="keys 'name' and 'config'"):
        LAYERS.deserialize({"name": "dense"})


def test_load_state_dict_checks_keys_shapes_and_values():
    net = make_network(3, (4,), 2, activation="relu", loss="log_loss")
    state = net.state_dict()
    with pytest.raises(ValueError, match=r"missing keys \['dense_1.b'\]"):
        net.load_state_dict({k: v for k, v in state.items() if k != "dense_1.b"})
    with pytest.raises(ValueError, match=r"state\['dense_0.W'\] must be a float array"):
        net.load_state_dict(state | {"dense_0.W": np.zeros((4, 3))})
    with pytest.raises(ValueError, match=r"state\['dense_0.b'\] holds NaN"):
        net.load_state_dict(state | {"dense_0.b": np.full(4, np.nan)})
