"""A feed-forward network: ordered layers over one flat parameter vector.

All trainable arrays are views into ``theta`` (weights first, then biases and
batch-norm parameters) and their gradients are views into ``grad``. Optimizers
and L-BFGS therefore update the whole network with a few vector operations and
weight penalties act on the contiguous slice ``theta[:n_weights]``.
"""

import numpy as np

from skreg.mlp.layers import (
    Activation,
    ActivityRegularization,
    AlphaDropout,
    BatchNorm,
    Dense,
    Dropout,
    GaussianNoise,
)


class Network:
    """Ordered layers, an output activation (from ``loss``) and flat params."""

    def __init__(self, layers, loss, dtype=np.float32):
        self.layers = list(layers)
        self.loss = loss
        self.dtype = np.dtype(dtype)

    def build(self, n_features):
        """Size every layer and lay its parameters out in ``theta``."""
        specs, n = [], n_features
        for layer in self.layers:
            layer.build(n, self.dtype)
            specs.append(layer.param_shapes(n))
            n = layer.n_out
        self.n_outputs = n
        order = sorted(
            (
                (kind != "weight", i, name, shape)
                for i, s in enumerate(specs)
                for name, shape, kind in s
            ),
            key=lambda r: (r[0], r[1]),
        )
        total = sum(int(np.prod(shape)) for *_, shape in order)
        self.theta = np.zeros(total, dtype=self.dtype)
        self.grad = np.zeros(total, dtype=self.dtype)
        views = [({}, {}) for _ in self.layers]
        start = self.n_weights = 0
        for not_weight, i, name, shape in order:
            end = start + int(np.prod(shape))
            views[i][0][name] = self.theta[start:end].reshape(shape)
            views[i][1][name] = self.grad[start:end].reshape(shape)
            if not not_weight:
                self.n_weights = end
            start = end
        for layer, (params, grads) in zip(self.layers, views, strict=True):
            layer.bind(params, grads)
        self.dense = [la for la in self.layers if isinstance(la, Dense)]
        self.batch_norms = [la for la in self.layers if isinstance(la, BatchNorm)]
        self._first = self.layers.index(self.dense[0])
        self._copy_input = self._plan_copies()
        # One theta-sized scratch vector, shared by the weight penalties and the
        # optimizer's update: they never run at the same time.
        self.scratch = np.empty_like(self.theta)
        self._capacity = 0
        return self

    def _plan_copies(self):
        """Which in-place layers must copy their input (still needed, or user X)."""
        copies, protected = [], True
        for layer in self.layers:
            copy = layer.inplace and protected
            copies.append(copy)
            protected = layer.keeps_output or (layer.aliases and protected and not copy)
        return copies

    def allocate(self, n):
        """Make every buffer hold at least ``n`` rows."""
        if n > self._capacity:
            for layer in self.layers:
                layer.allocate(n)
            self._copies = [
                np.empty((n, la.n_in), dtype=self.dtype) if c else None
                for la, c in zip(self.layers, self._copy_input, strict=True)
            ]
            self._delta = np.empty((n, self.n_outputs), dtype=self.dtype)
            self._capacity = n

    def forward(self, X, ctx):
        """Return the output-activated predictions (a reused buffer)."""
        self.allocate(X.shape[0])
        x = X
        for layer, copy in zip(self.layers, self._copies, strict=True):
            if copy is not None:
                buf = copy[: x.shape[0]]
                np.copyto(buf, x)
                x = buf
            x = layer.forward(x, ctx)
        self.loss.activate(x)
        return x

    def backward(self, delta, ctx):
        """Back-propagate ``delta`` (dLoss/dz of the output) into ``grad``."""
        dy = delta
        for i in range(len(self.layers) - 1, self._first - 1, -1):
            dy = self.layers[i].backward(dy, ctx, need_dx=i > self._first)

    def delta_buffer(self, n):
        """A buffer for the output gradient of ``n`` rows."""
        return self._delta[:n]

    def penalty(self):
        """Sum of the layer penalties (activity regularization) of the last pass."""
        return sum(layer.penalty() for layer in self.layers)

    @property
    def has_dropout(self):
        """Whether any layer samples dropout masks."""
        return any(isinstance(la, Dropout) and la.rate > 0 for la in self.layers)

    def apply_constraint(self, constraint):
        """Apply a weight constraint to every hidden layer's weights."""
        for layer in self.dense[:-1]:
            constraint(layer.params["W"])

    def get_running(self):
        """Copies of the batch-norm running statistics."""
        return [(b.running_mean.copy(), b.running_var.copy()) for b in self.batch_norms]

    def set_running(self, running):
        """Copy batch-norm running statistics in."""
        for b, (mean, var) in zip(self.batch_norms, running, strict=True):
            b.running_mean[...] = mean
            b.running_var[...] = var

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("_delta", None)
        state.pop("_copies", None)
        state["_capacity"] = 0
        return state


def make_network(
    n_features,
    hidden_layer_sizes,
    n_outputs,
    *,
    activation,
    loss,
    dropout=None,
    batch_norm=False,
    activity_l1=0.0,
    activity_l2=0.0,
    input_noise=0.0,
    dtype=np.float32,
):
    """Build the standard MLP stack and return a built :class:`Network`.

    Each hidden layer is ``Dense -> [BatchNorm] -> Activation ->
    [ActivityRegularization] -> [Dropout]``; with ``"selu"`` dropout is
    :class:`AlphaDropout`. ``input_noise`` adds a :class:`GaussianNoise` input.
    """
    if dropout is None:
        dropout = (0.0,) * len(hidden_layer_sizes)
    layers = [GaussianNoise(input_noise)] if input_noise > 0 else []
    drop_cls = AlphaDropout if activation == "selu" else Dropout
    for units, rate in zip(hidden_layer_sizes, dropout, strict=True):
        layers.append(Dense(units, use_bias=not batch_norm))
        if batch_norm:
            layers.append(BatchNorm())
        layers.append(Activation(activation))
        if activity_l1 or activity_l2:
            layers.append(ActivityRegularization(activity_l1, activity_l2))
        if rate > 0:
            layers.append(drop_cls(rate))
    layers.append(Dense(n_outputs))
    return Network(layers, loss, dtype).build(n_features)
