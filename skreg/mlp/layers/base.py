"""The layer contract shared by every layer of the network."""

from dataclasses import dataclass

import numpy as np


@dataclass
class Context:
    """Flags and generator threaded through one forward/backward pass.

    ``training`` selects batch statistics (batch norm) and input noise;
    ``dropout`` switches dropout masks on. Monte-Carlo dropout uses
    ``training=False, dropout=True``.
    """

    training: bool = False
    dropout: bool = False
    rng: np.random.Generator | None = None


class Layer:
    """Base layer: owns its buffers, params (views into the network vector).

    Three flags tell the network how buffers may be shared: ``inplace`` (the
    forward pass overwrites its input), ``keeps_output`` (the backward pass
    reads the forward output, so nobody may overwrite it) and ``aliases`` (the
    output may be the input buffer itself). The network copies the input of an
    in-place layer only when that buffer is still needed (or is the user's X).
    """

    inplace = False
    keeps_output = False
    aliases = False

    #: name -> (kind, init) for every trainable array; kind is "weight" (penalized)
    #: or "other" (biases, batch-norm scale/shift).
    def param_shapes(self, n_in):
        """Return ``[(name, shape, kind)]`` for the trainable arrays."""
        return []

    def output_size(self, n_in):
        """Number of units this layer emits for ``n_in`` inputs."""
        return n_in

    def build(self, n_in, dtype):
        """Remember sizes; called once before ``bind``."""
        self.n_in = n_in
        self.n_out = self.output_size(n_in)
        self.dtype = np.dtype(dtype)
        self.capacity = 0

    def bind(self, params, grads):
        """Receive views into the network's flat parameter and gradient vectors."""
        self.params, self.grads = params, grads

    def allocate(self, n):
        """Allocate buffers for batches of up to ``n`` rows."""
        self.capacity = n

    def forward(self, x, ctx):
        """Return the output for ``x``; may work in place on ``x``."""
        return x

    def backward(self, dy, ctx, need_dx=True):
        """Fill param grads and return the gradient w.r.t. the input."""
        return dy

    def penalty(self):
        """Extra loss term added by this layer in the last forward pass."""
        return 0.0

    def _empty(self, n, shape_tail=None):
        """A fresh buffer of ``n`` rows in the layer's dtype."""
        tail = self.n_out if shape_tail is None else shape_tail
        return np.empty((n, tail), dtype=self.dtype)

    def __getstate__(self):
        # Buffers and forward caches are scratch space: never pickle them.
        state = {k: v for k, v in self.__dict__.items() if not k.startswith("_")}
        state["capacity"] = 0
        return state
