"""RegularizedMLPClassifier/Regressor in model files, through the engine's state.

A fitted MLP holds one ``network_``: its ``get_config()`` (layers, loss and
dtype, by registry name) and its ``state_dict()`` (every parameter and buffer)
are stored, and loading rebuilds it with ``Network.from_config`` and
``load_state_dict``. ``optimizer_`` and ``schedule_`` are stored as their
registry name, config and state; ``_progress`` as its counters. ``coefs_``,
``intercepts_`` and the ``bn_*_`` lists are views of the network: they are not
stored, and are published again from the loaded network, as unpickling does.

A file names a layer, loss, optimizer or schedule only through the engine's
registries; configs are JSON values, states tensors and numbers.
"""

import inspect
import re

import numpy as np

from skreg.mlp import RegularizedMLPClassifier, RegularizedMLPRegressor
from skreg.mlp.network import Network
from skreg.mlp.optimizers import OPTIMIZERS, Optimizer
from skreg.mlp.schedules import SCHEDULES, Progress, Schedule
from skreg.persistence._errors import UnsafeFileError
from skreg.persistence._kinds import (
    INT,
    LABELS,
    NONE,
    REAL,
    STR,
    Array,
    DictOf,
    Est,
    ExtOf,
    Int,
    Kind,
    ListOf,
)
from skreg.persistence._spec import COMMON, ClassSpec, check_features, length
from skreg.persistence._tree import Ext

__all__ = ["CLASSIFIER", "EXTENSIONS", "REGRESSOR"]

_DENSE_WEIGHT = re.compile(r"dense_(\d+)\.W")
#: fitted attributes that are views of ``network_`` (published by ``finish``)
_VIEWS = (
    "coefs_",
    "intercepts_",
    "bn_gamma_",
    "bn_beta_",
    "bn_running_mean_",
    "bn_running_var_",
    "_views",
)
_PROGRESS_FIELDS = tuple(inspect.signature(Progress).parameters)

#: what an optimizer state may hold: slots, step count, momentum, scale factors
_OPTIMIZER_STATE = (
    Array("f", range(9))
    | INT
    | REAL
    | NONE
    | Kind(
        "a tuple of numbers",
        lambda v: type(v) is tuple and all(REAL.matches(x) for x in v),
    )
)
_SCHEDULE_STATE = REAL | NONE


def _plain(value):
    """Whether a decoded value is a JSON value (no tensor, estimator, object)."""
    if value is None or type(value) in (bool, int, float, str):
        return True
    if isinstance(value, np.generic):
        return True
    if type(value) in (list, tuple):
        return all(_plain(v) for v in value)
    if type(value) is dict:
        return all(_plain(k) and _plain(v) for k, v in value.items())
    return False


def _largest_int(value):
    """The largest int inside a plain value (0 if none)."""
    if INT.matches(value):
        return int(value)
    if type(value) in (list, tuple):
        return max((_largest_int(v) for v in value), default=0)
    if type(value) is dict:
        return max((_largest_int(v) for v in value.values()), default=0)
    return 0


def _size(shape):
    n = 1
    for s in shape:
        n *= s
    return n


def _decode_config(decoder, raw, path, depth):
    config = decoder.value(raw, f"{path}.config", depth)
    if type(config) is not dict or not _plain(config):
        raise UnsafeFileError(f"{path}.config: a config holds JSON values only")
    return config


def _decode_state(decoder, raw, path, depth, kind):
    """A state dict of str -> values of ``kind`` (None when absent)."""
    if raw is None:
        return None
    if type(raw) is not dict:
        raise UnsafeFileError(f"{path}.state: expected a JSON object")
    state = {k: decoder.value(v, f"{path}.state[{k!r}]", depth) for k, v in raw.items()}
    for key, v in state.items():
        if not kind.matches(v):
            raise UnsafeFileError(f"{path}.state[{key!r}] must be {kind}")
    return state


def _encode_state(encoder, state, path):
    return {
        k: encoder.array(v, f"{path}[{k!r}]")
        if isinstance(v, np.ndarray)
        else encoder.value(v, f"{path}[{k!r}]")
        for k, v in state.items()
    }


def _rebuild(path, build):
    """Run an engine constructor; its refusals become UnsafeFileError."""
    try:
        return build()
    except (ValueError, TypeError, KeyError) as exc:
        raise UnsafeFileError(f"{path}: {exc}") from None


class _NetworkCodec:
    def encodes(self, v):
        return isinstance(v, Network)

    def encode(self, encoder, net, path):
        state = net.state_dict()
        return {
            "config": encoder.plain(net.get_config(), f"{path}.get_config()"),
            "state": _encode_state(encoder, state, f"{path}.state_dict()"),
        }

    def decode(self, decoder, payload, path, depth):
        raw_config, raw_state = decoder.fields(payload, ("config", "state"), path)
        config = _decode_config(decoder, raw_config, path, depth)
        if type(raw_state) is not dict:
            raise UnsafeFileError(f"{path}.state: expected a JSON object")
        state = _decode_state(decoder, raw_state, path, depth, Array("f", range(9)))
        # Sizes in the config are used to allocate before any tensor is checked
        # against them: none may exceed what the file's own parameters hold.
        total = sum(_size(t.shape) for t in state.values())
        if _largest_int(config) > max(total, 1):
            raise UnsafeFileError(
                f"{path}.config: declares a size above the {total} parameters "
                "stored in the file"
            )
        return Ext("$network", {"config": config, "state": state}, path)

    def build(self, builder, ext):
        state = {k: builder.value(v) for k, v in ext.payload["state"].items()}
        net = _rebuild(ext.path, lambda: Network.from_config(ext.payload["config"]))
        _rebuild(ext.path, lambda: net.load_state_dict(state))
        return net


class _PendingOptimizer:
    """An optimizer whose state waits for the network it steps (see ``_finish``)."""

    def __init__(self, optimizer, state):
        self.optimizer, self.state = optimizer, state


class _RegistryCodec:
    """Optimizer or schedule: a registry name, its config and its state."""

    def __init__(self, tag, base, registry, what, state_kind):
        self.tag, self.base, self.registry = tag, base, registry
        self.what, self.state_kind = what, state_kind
        self._names = {cls: name for name, cls in registry.items()}

    def encodes(self, v):
        return isinstance(v, self.base)

    def encode(self, encoder, obj, path):
        name = self._names.get(type(obj))
        if name is None:
            raise TypeError(
                f"cannot save {path}: {type(obj).__qualname__} is not a registered "
                f"{self.what}"
            )
        try:  # an optimizer given as a parameter has no state yet
            state = obj.state_dict()
        except AttributeError:
            state = None
        return {
            "name": name,
            "config": encoder.plain(obj.get_config(), f"{path}.get_config()"),
            "state": None if state is None else _encode_state(encoder, state, path),
        }

    def decode(self, decoder, payload, path, depth):
        name, raw_config, raw_state = decoder.fields(
            payload, ("name", "config", "state"), path
        )
        if type(name) is not str or name not in self.registry:
            raise UnsafeFileError(f"{path}: {self.what} {name!r} is not registered")
        config = _decode_config(decoder, raw_config, path, depth)
        state = _decode_state(decoder, raw_state, path, depth, self.state_kind)
        return Ext(self.tag, {"name": name, "config": config, "state": state}, path)

    def build(self, builder, ext):
        p = ext.payload
        cls = self.registry[p["name"]]
        obj = _rebuild(ext.path, lambda: cls.from_config(p["config"]))
        if not p["state"]:
            return obj
        state = {k: builder.value(v) for k, v in p["state"].items()}
        if self.base is Optimizer:
            return _PendingOptimizer(obj, state)
        _rebuild(ext.path, lambda: obj.load_state_dict(state))
        return obj


class _ProgressCodec:
    """The training counters that per-step schedules read."""

    def encodes(self, v):
        return type(v) is Progress

    def encode(self, encoder, progress, path):
        if set(vars(progress)) != set(_PROGRESS_FIELDS):
            raise TypeError(f"cannot save {path}: unexpected Progress fields")
        return {k: encoder.value(getattr(progress, k), path) for k in _PROGRESS_FIELDS}

    def decode(self, decoder, payload, path, depth):
        values = decoder.fields(payload, _PROGRESS_FIELDS, path)
        if not all(type(v) is int and v >= 0 for v in values):
            raise UnsafeFileError(f"{path}: progress counters are ints >= 0")
        return Ext("$progress", dict(zip(_PROGRESS_FIELDS, values, strict=True)), path)

    def build(self, builder, ext):
        return Progress(**ext.payload)


EXTENSIONS = {
    "$network": _NetworkCodec(),
    "$optimizer": _RegistryCodec(
        "$optimizer", Optimizer, OPTIMIZERS, "optimizer", _OPTIMIZER_STATE
    ),
    "$schedule": _RegistryCodec(
        "$schedule", Schedule, SCHEDULES, "schedule", _SCHEDULE_STATE
    ),
    "$progress": _ProgressCodec(),
}


def _prepare(est):
    """Take coefs_/intercepts_ set by hand into the network, as predict would."""
    if "network_" in vars(est):
        est._take_hand_set_params()


def _finish(est):
    """Publish the network's views; give the optimizer its state for it."""
    net = vars(est).get("network_")
    if net is None:
        return
    est._set_network(net)
    pending = vars(est).get("optimizer_")
    if isinstance(pending, _PendingOptimizer):
        pending.optimizer.init_state(net.theta)
        pending.optimizer.load_state_dict(pending.state)
        est.optimizer_ = pending.optimizer


def check_architecture(params, attrs):
    """The dense weights chain n_features_in_ -> hidden sizes -> n_outputs_."""
    net = attrs.get("network_")
    if net is None:
        return None
    weights = {}
    for key, t in net.payload["state"].items():
        match = _DENSE_WEIGHT.fullmatch(key)
        if match:
            weights[int(match.group(1))] = t.shape
    shapes = [weights[i] for i in sorted(weights)]
    if sorted(weights) != list(range(len(weights))) or not shapes:
        return "network_ state must hold dense_0.W, dense_1.W, ... in order"
    if any(len(s) != 2 for s in shapes):
        return "network_ dense weights must be 2-D"
    sizes = [shapes[0][0]] + [s[1] for s in shapes]
    chained = all(a[1] == b[0] for a, b in zip(shapes, shapes[1:], strict=False))
    expected = [attrs.get("n_features_in_"), attrs.get("n_outputs_")]
    if not chained or [sizes[0], sizes[-1]] != expected:
        return f"network_ layer sizes {sizes} do not match n_features_in_/n_outputs_"
    if attrs.get("n_layers_") != len(sizes):
        return f"n_layers_={attrs.get('n_layers_')} but the network has {len(sizes)}"
    return None


def check_classes(params, attrs):
    classes, n_out = attrs.get("classes_"), attrs.get("n_outputs_")
    if classes is None or n_out is None:
        return None
    n = length(classes)
    if n_out != n and not (n == 2 and n_out == 1):
        return f"n_outputs_={n_out} does not fit {n} classes"
    return None


def check_optimizer(params, attrs):
    """An optimizer's slots are per network parameter: no state without one."""
    opt = attrs.get("optimizer_")
    if isinstance(opt, Ext) and opt.payload["state"] and "network_" not in attrs:
        return "optimizer_ has a state but there is no network_"
    return None


_MLP_ATTRS = {
    **COMMON,
    "network_": ExtOf("$network"),
    "optimizer_": NONE | ExtOf("$optimizer"),
    "schedule_": NONE | ExtOf("$schedule"),
    "_progress": NONE | ExtOf("$progress"),
    "n_outputs_": Int(1),
    "n_layers_": Int(2),
    "out_activation_": STR,
    "n_iter_": Int(0),
    "t_": Int(0),
    "loss_": NONE | REAL,
    "best_loss_": NONE | REAL,
    "loss_curve_": ListOf(REAL),
    "validation_scores_": NONE | ListOf(REAL),
    "best_validation_score_": NONE | REAL,
    "_no_improvement_count": Int(0),
    "_noise_seed": NONE | Int(0),
    "history_": ListOf(DictOf(STR, REAL | NONE)),
}
_MLP = dict(
    required=("n_features_in_", "network_", "n_outputs_", "n_layers_"),
    params={
        "solver": STR | ExtOf("$optimizer"),
        "learning_rate": STR | ExtOf("$schedule"),
    },
    derived=_VIEWS,
    prepare=_prepare,
    finish=_finish,
)

REGRESSOR = ClassSpec(
    RegularizedMLPRegressor,
    attrs=_MLP_ATTRS,
    checks=(check_features, check_architecture, check_optimizer),
    **_MLP,
)
CLASSIFIER = ClassSpec(
    RegularizedMLPClassifier,
    attrs={
        **_MLP_ATTRS,
        "classes_": LABELS,
        "_label_binarizer": Est("sklearn.preprocessing.LabelBinarizer"),
    },
    checks=(check_features, check_architecture, check_classes, check_optimizer),
    **{**_MLP, "required": (*_MLP["required"], "classes_", "_label_binarizer")},
)
