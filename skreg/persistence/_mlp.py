"""RegularizedMLPClassifier/Regressor in model files, through the engine's contract.

A fitted MLP holds one ``network_`` (``get_config()`` / ``Network.from_config``
plus ``state_dict()`` / ``load_state_dict``), an ``optimizer_`` and a
``schedule_`` (``get_config()`` / ``from_config``, looked up by their name in
``OPTIMIZERS`` / ``SCHEDULES``; optimizers also carry a state dict). ``coefs_``,
``intercepts_`` and the batch-norm statistics are views of the network and are
not stored twice. Everything else is a plain fitted attribute with a schema.

A file names a network, optimizer or schedule only through these registries;
their configs are JSON values, their states tensors (and ints for optimizers).
"""

import re

from skreg.mlp import RegularizedMLPClassifier, RegularizedMLPRegressor
from skreg.mlp.network import Network
from skreg.mlp.optimizers import OPTIMIZERS, Optimizer
from skreg.mlp.schedules import SCHEDULES, Schedule
from skreg.persistence._errors import UnsafeFileError
from skreg.persistence._kinds import (
    INT,
    LABELS,
    NONE,
    REAL,
    STR,
    DictOf,
    Est,
    ExtOf,
    Int,
    ListOf,
)
from skreg.persistence._spec import COMMON, ClassSpec, check_features, length
from skreg.persistence._tree import Ext, TensorRef

__all__ = ["CLASSIFIER", "EXTENSIONS", "REGRESSOR"]

_DENSE_WEIGHT = re.compile(r"dense_(\d+)\.W")


def _plain(value):
    """Whether a decoded value is a JSON value (no tensor, estimator, object)."""
    if value is None or type(value) in (bool, int, float, str):
        return True
    if type(value) in (list, tuple):
        return all(_plain(v) for v in value)
    if type(value) is dict:
        return all(_plain(k) and _plain(v) for k, v in value.items())
    return False


def _largest_int(value):
    """The largest int inside a plain value (0 if none)."""
    if type(value) is int:
        return value
    if type(value) in (list, tuple):
        return max((_largest_int(v) for v in value), default=0)
    if type(value) is dict:
        return max((_largest_int(v) for v in value.values()), default=0)
    return 0


def _decode_config(decoder, raw, path, depth):
    config = decoder.value(raw, f"{path}.config", depth)
    if not _plain(config):
        raise UnsafeFileError(f"{path}.config: a config holds JSON values only")
    return config


def _decode_state(decoder, raw, path, depth, ints):
    """A state dict of str -> tensor (or int for optimizers)."""
    if type(raw) is not dict:
        raise UnsafeFileError(f"{path}.state: expected a JSON object")
    state = {k: decoder.value(v, f"{path}.state[{k!r}]", depth) for k, v in raw.items()}
    for key, v in state.items():
        if not (isinstance(v, TensorRef) or (ints and INT.matches(v))):
            raise UnsafeFileError(f"{path}.state[{key!r}]: expected a tensor")
    return state


def _registered(registry, name, path, what):
    if type(name) is not str or name not in registry:
        raise UnsafeFileError(f"{path}: {what} {name!r} is not registered")
    return registry[name]


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
            "state": {
                k: encoder.array(v, f"{path}.state_dict()[{k!r}]")
                for k, v in state.items()
            },
        }

    def decode(self, decoder, payload, path, depth):
        raw_config, raw_state = decoder.fields(payload, ("config", "state"), path)
        config = _decode_config(decoder, raw_config, path, depth)
        state = _decode_state(decoder, raw_state, path, depth, ints=False)
        # Sizes in the config come before any tensor is checked against them:
        # none may exceed what the file's own parameters hold.
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


def _size(shape):
    n = 1
    for s in shape:
        n *= s
    return n


class _RegistryCodec:
    """Optimizer or schedule: a registry name, a config, optionally a state."""

    def __init__(self, tag, base, registry, what, stateful):
        self.tag, self.base, self.registry = tag, base, registry
        self.what, self.stateful = what, stateful
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
        out = {"name": name, "config": encoder.plain(obj.get_config(), path)}
        if self.stateful:
            out["state"] = {
                k: int(v) if INT.matches(v) else encoder.array(v, f"{path}[{k!r}]")
                for k, v in obj.state_dict().items()
            }
        return out

    def decode(self, decoder, payload, path, depth):
        keys = ("name", "config", "state") if self.stateful else ("name", "config")
        raw = decoder.fields(payload, keys, path)
        _registered(self.registry, raw[0], path, self.what)
        out = {"name": raw[0], "config": _decode_config(decoder, raw[1], path, depth)}
        if self.stateful:
            out["state"] = _decode_state(decoder, raw[2], path, depth, ints=True)
        return Ext(self.tag, out, path)

    def build(self, builder, ext):
        p = ext.payload
        cls = self.registry[p["name"]]
        obj = _rebuild(ext.path, lambda: cls.from_config(p["config"]))
        if self.stateful:
            state = {k: builder.value(v) for k, v in p["state"].items()}
            _rebuild(ext.path, lambda: obj.load_state_dict(state))
        return obj


EXTENSIONS = {
    "$network": _NetworkCodec(),
    "$optimizer": _RegistryCodec(
        "$optimizer", Optimizer, OPTIMIZERS, "optimizer", stateful=True
    ),
    "$schedule": _RegistryCodec(
        "$schedule", Schedule, SCHEDULES, "schedule", stateful=False
    ),
}


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


_MLP_ATTRS = {
    **COMMON,
    "network_": ExtOf("$network"),
    "optimizer_": NONE | ExtOf("$optimizer"),
    "schedule_": NONE | ExtOf("$schedule"),
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
    "history_": ListOf(DictOf(STR, REAL | NONE)),
}
_MLP_REQUIRED = ("n_features_in_", "network_", "n_outputs_", "n_layers_")

REGRESSOR = ClassSpec(
    RegularizedMLPRegressor,
    attrs=_MLP_ATTRS,
    required=_MLP_REQUIRED,
    checks=(check_features, check_architecture),
)
CLASSIFIER = ClassSpec(
    RegularizedMLPClassifier,
    attrs={
        **_MLP_ATTRS,
        "classes_": LABELS,
        "_label_binarizer": Est("sklearn.preprocessing.LabelBinarizer"),
    },
    required=(*_MLP_REQUIRED, "classes_", "_label_binarizer"),
    checks=(check_features, check_architecture, check_classes),
)
