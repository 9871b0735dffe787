"""A feed-forward network: ordered layers over flat parameter and buffer vectors.

All trainable arrays are views into ``theta`` (weights first, then biases and
batch-norm parameters) and their gradients are views into ``grad``; non-trainable
state (batch-norm running statistics) are views into ``buffers``. Optimizers and
L-BFGS therefore update the whole network with a few vector operations, and a
snapshot of the network is two vector copies.

The network is the one owner of a fitted model's state: ``get_config()`` /
``from_config()`` describe and rebuild its architecture, ``state_dict()`` /
``load_state_dict()`` move every parameter and buffer in and out by name
(``"dense_0.W"``, ``"batch_norm_0.running_mean"``).
"""

from collections import Counter

import numpy as np

from skreg.mlp.layers import (
    LAYERS,
    Activation,
    ActivityRegularization,
    AlphaDropout,
    BatchNorm,
    Dense,
    Dropout,
    GaussianNoise,
    LayerNorm,
)
from skreg.mlp.losses import LOSSES


class Network:
    """Ordered layers, an output activation fused with its loss, flat state.

    Parameters
    ----------
    layers : list of Layer
        The layers, input to output.
    loss : Loss or str
        The loss, whose output activation ends the forward pass.
    dtype : dtype, default=np.float32
        The compute dtype of every parameter, buffer and activation.
    """

    def __init__(self, layers, loss, dtype=np.float32):
        self.layers = list(layers)
        self.loss = LOSSES.get(loss)
        # The scalar type (np.float32), not a dtype instance: a plain type keeps
        # the pickled network free of objects that model inspectors distrust.
        self.dtype = np.dtype(dtype).type

    # ---------------------------------------------------------------- build
    def build(self, n_features):
        """Size every layer and lay its parameters and buffers out; return self."""
        self.n_features = int(n_features)
        self.names = self._layer_names()
        params, buffers, n = [], [], self.n_features
        for i, layer in enumerate(self.layers):
            layer.build(n, self.dtype)
            params += [
                (kind, i, name, s, v) for name, s, kind, v in layer.param_shapes(n)
            ]
            buffers += [(i, name, s, v) for name, s, v in layer.buffer_shapes(n)]
            n = layer.n_out
        self.n_outputs = n
        # Weights first, in layer order: penalties and decay act on theta's head.
        params.sort(key=lambda r: (r[0] != "weight", r[1]))
        self._param_layout = _layout([(i, name, s) for _, i, name, s, _ in params])
        self._buffer_layout = _layout([(i, name, s) for i, name, s, _ in buffers])
        self.n_weights = sum(int(np.prod(r[3])) for r in params if r[0] == "weight")
        self.theta = np.zeros(_size(self._param_layout), dtype=self.dtype)
        for (*_, start, end, _), (*_, init) in zip(
            self._param_layout, params, strict=True
        ):
            self.theta[start:end] = init
        self.grad = np.zeros_like(self.theta)
        self.buffers = np.empty(_size(self._buffer_layout), dtype=self.dtype)
        for (*_, start, end, _), (*_, init) in zip(
            self._buffer_layout, buffers, strict=True
        ):
            self.buffers[start:end] = init
        # One theta-sized scratch vector, shared by the weight penalties and the
        # optimizer's update: they never run at the same time.
        self.scratch = np.empty_like(self.theta)
        self._bind()
        return self

    def _layer_names(self):
        """``dense_0``, ``batch_norm_0``, ``dense_1``...: stable state-dict keys.

        Counting per kind keeps a Dense layer's name when dropout or noise
        layers are added or removed around it.
        """
        counts, names = Counter(), []
        for layer in self.layers:
            if type(layer) in LAYERS.values():
                kind = LAYERS.name_of(layer)
            else:
                kind = type(layer).__name__.lower()
            names.append(f"{kind}_{counts[kind]}")
            counts[kind] += 1
        return names

    def _bind(self):
        """Hand every layer its views; derive the lists used by the hot loop."""
        views = [({}, {}, {}) for _ in self.layers]
        for i, name, start, end, shape in self._param_layout:
            views[i][0][name] = self.theta[start:end].reshape(shape)
            views[i][1][name] = self.grad[start:end].reshape(shape)
        for i, name, start, end, shape in self._buffer_layout:
            views[i][2][name] = self.buffers[start:end].reshape(shape)
        for layer, (p, g, b) in zip(self.layers, views, strict=True):
            layer.bind(p, g, b)
        self.dense = [la for la in self.layers if isinstance(la, Dense)]
        self.batch_norms = [la for la in self.layers if isinstance(la, BatchNorm)]
        self._first = self.layers.index(self.dense[0])
        self.copy_plan = self._plan_copies()
        self._penalties = self._weight_groups("kernel_regularizer")
        self._decays = [
            (sl, wd) for sl, wd in self._weight_groups("weight_decay") if wd
        ]
        self._constraints = [
            (la.params["W"], la.kernel_constraint)
            for la in self.dense
            if la.kernel_constraint is not None
        ]
        self._capacity = 0

    def _weight_groups(self, attr):
        """``[(slice of theta, value)]`` merging adjacent Dense layers alike.

        Weights are contiguous in layer order, so layers sharing a penalty (the
        usual case: one ``alpha`` for all) are handled in one pass over theta.
        """
        groups = []
        for i, name, start, end, _ in self._param_layout:
            layer = self.layers[i]
            if name != "W" or not isinstance(layer, Dense):
                continue
            value = getattr(layer, attr)
            if groups and _same(groups[-1][1], value) and groups[-1][0].stop == start:
                groups[-1] = (slice(groups[-1][0].start, end), groups[-1][1])
            else:
                groups.append((slice(start, end), value))
        return [(sl, v) for sl, v in groups if v is not None]

    def _plan_copies(self):
        """``copy_plan``: which in-place layers must copy their input first (it
        is still needed by another layer's backward pass, or it is the user's X)."""
        copies, protected = [], True
        for layer in self.layers:
            copy = layer.inplace and protected
            copies.append(copy)
            protected = layer.keeps_output or (layer.aliases and protected and not copy)
        return copies

    def allocate(self, n):
        """Make every training buffer hold at least ``n`` rows."""
        if n > self._capacity:
            for layer in self.layers:
                layer.allocate(n)
            self._copies = [
                np.empty((n, la.n_in), dtype=self.dtype) if c else None
                for la, c in zip(self.layers, self.copy_plan, strict=True)
            ]
            self._delta = np.empty((n, self.n_outputs), dtype=self.dtype)
            self._capacity = n

    # ---------------------------------------------------------- config/state
    def get_config(self):
        """The architecture as JSON-compatible data (no weights)."""
        return {
            "n_features": self.n_features,
            "dtype": np.dtype(self.dtype).name,
            "loss": LOSSES.serialize(self.loss),
            "layers": [LAYERS.serialize(layer) for layer in self.layers],
        }

    @classmethod
    def from_config(cls, config):
        """Build a network (parameters zero, buffers at their initial values)."""
        layers = [LAYERS.deserialize(spec) for spec in config["layers"]]
        loss = LOSSES.deserialize(config["loss"])
        return cls(layers, loss, config["dtype"]).build(config["n_features"])

    def _named(self):
        """Yield ``(key, view)`` for every parameter and buffer."""
        for layout, vector in (
            (self._param_layout, self.theta),
            (self._buffer_layout, self.buffers),
        ):
            for i, name, start, end, shape in layout:
                yield f"{self.names[i]}.{name}", vector[start:end].reshape(shape)

    def state_dict(self):
        """Copies of every parameter and buffer, by name."""
        return {key: view.copy() for key, view in self._named()}

    def load_state_dict(self, state):
        """Copy ``state`` (as from :meth:`state_dict`) in, after checking it."""
        views = dict(self._named())
        missing, extra = set(views) - set(state), set(state) - set(views)
        if missing or extra:
            raise ValueError(
                f"state does not fit this network: missing keys {sorted(missing)}, "
                f"unexpected keys {sorted(extra)}"
            )
        for key, view in views.items():
            value = np.asarray(state[key])
            if value.shape != view.shape or value.dtype.kind != "f":
                raise ValueError(
                    f"state[{key!r}] must be a float array of shape {view.shape}; "
                    f"got {value.dtype} of shape {value.shape}"
                )
            if not np.isfinite(value).all():
                raise ValueError(f"state[{key!r}] holds NaN or infinite values")
            limit = np.finfo(view.dtype).max
            if value.size and np.abs(value).max() > limit:
                raise ValueError(
                    f"state[{key!r}] has values beyond the range of {view.dtype}, "
                    "the dtype of this network"
                )
        for key, view in views.items():
            view[...] = state[key]
        return self

    def snapshot(self, out=None):
        """Copy parameters and buffers into ``out`` (or new arrays); return it."""
        if out is None:
            return self.theta.copy(), self.buffers.copy()
        np.copyto(out[0], self.theta)
        np.copyto(out[1], self.buffers)
        return out

    def restore(self, snapshot):
        """Set parameters and buffers from :meth:`snapshot`'s output."""
        np.copyto(self.theta, snapshot[0])
        np.copyto(self.buffers, snapshot[1])

    # ------------------------------------------------------------ computing
    def forward(self, X, ctx):
        """Return the output-activated predictions.

        With ``ctx.backward`` the result lives in a reused buffer; otherwise it
        is a fresh array and the pass writes nothing into the network.
        """
        if ctx.backward:
            self.allocate(X.shape[0])
        x = X
        for i, layer in enumerate(self.layers):
            if self.copy_plan[i]:
                x = self._input_copy(i, x, ctx)
            x = layer.forward(x, ctx)
        self.loss.activate(x)
        return x

    def _input_copy(self, i, x, ctx):
        """A copy of ``x`` that layer ``i`` may overwrite."""
        if not ctx.backward:
            return np.array(x, dtype=self.dtype)
        buf = self._copies[i][: x.shape[0]]
        np.copyto(buf, x)
        return buf

    def backward(self, delta, ctx):
        """Back-propagate ``delta`` (dLoss/dz of the output) into ``grad``."""
        dy = delta
        for i in range(len(self.layers) - 1, self._first - 1, -1):
            dy = self.layers[i].backward(dy, ctx, need_dx=i > self._first)

    def loss_and_grad(self, X, Y, w, ctx, report=False):
        """Forward + backward on one batch; return the loss with every penalty.

        The gradient (of the objective) is left in ``grad``. With ``report``
        the data term is scaled as the loss reports it (see
        ``Loss.report_factor``).
        """
        n = X.shape[0]
        sw_sum = n if w is None else float(w.sum())
        y_pred = self.forward(X, ctx)
        loss = self.loss.value(y_pred, Y, w)
        if report:
            loss *= self.loss.report_factor(self.n_outputs)
        loss += self.penalty()
        delta = self.loss.delta(y_pred, Y, w, sw_sum, self._delta[:n])
        self.backward(delta, ctx)
        for sl, regularizer in self._penalties:
            loss += regularizer(
                self.theta[sl], self.grad[sl], 1.0 / sw_sum, self.scratch[sl]
            )
        return loss

    def penalty(self):
        """Sum of the layer penalties (activity regularization) of the last pass."""
        return sum(layer.penalty() for layer in self.layers)

    def decay_weights(self, lr):
        """Decoupled weight decay before an update: ``W *= 1 - lr * decay``."""
        for sl, decay in self._decays:
            self.theta[sl] *= 1.0 - lr * decay

    def apply_constraints(self):
        """Apply every layer's weight constraint (after an update)."""
        for W, constraint in self._constraints:
            constraint(W)

    @property
    def has_dropout(self):
        """Whether any layer samples dropout masks."""
        return any(isinstance(la, Dropout) and la.rate > 0 for la in self.layers)

    @property
    def is_stochastic(self):
        """Whether training draws random numbers (dropout masks, input noise)."""
        return self.has_dropout or any(
            isinstance(la, GaussianNoise) and la.stddev > 0 for la in self.layers
        )

    def __getstate__(self):
        state = dict(self.__dict__)
        for name in ("_delta", "_copies", "dense", "batch_norms", "_constraints"):
            state.pop(name, None)
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._bind()


def _layout(entries):
    """``[(layer, name, start, end, shape)]`` packing ``entries`` back to back."""
    out, start = [], 0
    for i, name, shape in entries:
        end = start + int(np.prod(shape))
        out.append((i, name, start, end, tuple(shape)))
        start = end
    return out


def _size(layout):
    return layout[-1][3] if layout else 0


def _same(a, b):
    """Whether two penalty configs (objects or numbers) are interchangeable."""
    if hasattr(a, "get_config") and hasattr(b, "get_config"):
        return type(a) is type(b) and a.get_config() == b.get_config()
    return a == b


def make_network(
    n_features,
    hidden_layer_sizes,
    n_outputs,
    *,
    activation,
    loss,
    dropout=None,
    batch_norm=False,
    layer_norm=False,
    activity_l1=0.0,
    activity_l2=0.0,
    input_noise=0.0,
    dtype=np.float32,
    regularizers=None,
    constraints=None,
    weight_decay=None,
    batch_norm_momentum=0.9,
):
    """Build the standard MLP stack and return a built :class:`Network`.

    Each hidden layer is ``Dense -> [BatchNorm] -> [LayerNorm] -> Activation ->
    [ActivityRegularization] -> [Dropout]``; with ``"selu"`` dropout is
    :class:`AlphaDropout`. ``input_noise`` adds a :class:`GaussianNoise` input.
    Per-layer arguments (``dropout``, ``activity_l1``/``activity_l2``: one per
    hidden layer; ``regularizers``, ``constraints``, ``weight_decay``: one per
    Dense layer, output included) may also be single values.
    """
    n_hidden = len(hidden_layer_sizes)
    dropout = _per_layer(dropout, n_hidden, 0.0)
    act_l1 = _per_layer(activity_l1, n_hidden, 0.0)
    act_l2 = _per_layer(activity_l2, n_hidden, 0.0)
    regs = _per_layer(regularizers, n_hidden + 1, None)
    cons = _per_layer(constraints, n_hidden + 1, None)
    decay = _per_layer(weight_decay, n_hidden + 1, 0.0)
    layers = [GaussianNoise(input_noise)] if input_noise > 0 else []
    drop_cls = AlphaDropout if activation == "selu" else Dropout
    for i, units in enumerate(hidden_layer_sizes):
        layers.append(Dense(units, not batch_norm, regs[i], cons[i], decay[i]))
        if batch_norm:
            layers.append(BatchNorm(momentum=batch_norm_momentum))
        if layer_norm:
            layers.append(LayerNorm())
        layers.append(Activation(activation))
        if act_l1[i] or act_l2[i]:
            layers.append(ActivityRegularization(act_l1[i], act_l2[i]))
        if dropout[i] > 0:
            layers.append(drop_cls(dropout[i]))
    layers.append(Dense(n_outputs, True, regs[-1], cons[-1], decay[-1]))
    return Network(layers, loss, dtype).build(n_features)


def _per_layer(value, n, default):
    """``value`` repeated ``n`` times, or the sequence itself (length ``n``)."""
    if value is None:
        return [default] * n
    if isinstance(value, list | tuple):
        if len(value) != n:
            raise ValueError(f"expected {n} per-layer values; got {len(value)}")
        return list(value)
    return [value] * n
