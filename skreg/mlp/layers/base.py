"""The layer contract shared by every layer of the network."""

from dataclasses import dataclass

import numpy as np

from skreg.mlp._config import Configurable


@dataclass
class Context:
    """Flags and generator threaded through one forward (and backward) pass.

    ``training`` selects batch statistics (batch norm, which then updates its
    running statistics) and input noise; ``dropout`` switches dropout masks on;
    ``backward`` says a backward pass follows, so layers keep what it needs and
    write into their preallocated buffers. Without ``backward`` a pass allocates
    its outputs and writes nothing into the layers, so inference is safe from many
    threads at once. Monte-Carlo dropout uses ``dropout=True`` alone.
    """

    training: bool = False
    dropout: bool = False
    rng: np.random.Generator | None = None
    backward: bool = False


class Layer(Configurable):
    """Base layer: its config, parameter and buffer views, scratch buffers.

    Parameters (trainable) and buffers (state that is not trained, such as
    batch-norm running statistics) are views into the network's flat vectors,
    handed over by :meth:`bind`. Three flags tell the network how buffers may be
    shared: ``inplace`` (the forward pass overwrites its input), ``keeps_output``
    (the backward pass reads the forward output, so nobody may overwrite it) and
    ``aliases`` (the output may be the input buffer itself). The network copies the
    input of an in-place layer only when that buffer is still needed (or is the
    user's X).
    """

    inplace = False
    keeps_output = False
    aliases = False

    def param_shapes(self, n_in):
        """``[(name, shape, kind, initial value)]`` of the trainable arrays.

        ``kind`` is ``"weight"`` (penalized, decayed, laid out first) or
        ``"other"`` (biases, normalization scale and shift). Weights are drawn
        by the estimator's initializer; the others start at their value.
        """
        return []

    def buffer_shapes(self, n_in):
        """``[(name, shape, initial value)]`` of the non-trainable state arrays."""
        return []

    def output_size(self, n_in):
        """Number of units this layer emits for ``n_in`` inputs."""
        return n_in

    def build(self, n_in, dtype):
        """Remember sizes; called once before ``bind``."""
        self.n_in = n_in
        self.n_out = self.output_size(n_in)
        self.dtype = np.dtype(dtype).type
        self.capacity = 0

    def bind(self, params, grads, buffers):
        """Receive views into the network's flat vectors."""
        self.params, self.grads, self.buffers = params, grads, buffers

    def allocate(self, n):
        """Allocate training buffers for batches of up to ``n`` rows."""
        self.capacity = n

    def forward(self, x, ctx):
        """Return the output for ``x``; may work in place on ``x``."""
        return x

    def backward(self, dy, ctx, need_dx=True):
        """Fill param grads and return the gradient w.r.t. the input."""
        return dy

    def penalty(self):
        """Extra loss term added by this layer in the last training pass."""
        return 0.0

    def _scratch(self, name, n, ctx, width=None):
        """``n`` rows of buffer ``name`` in training, a fresh array otherwise."""
        if ctx.backward:
            return getattr(self, name)[:n]
        return np.empty((n, self.n_out if width is None else width), self.dtype)

    def _empty(self, n, width=None):
        """A fresh buffer of ``n`` rows in the layer's dtype."""
        return np.empty((n, self.n_out if width is None else width), self.dtype)

    def __getstate__(self):
        # Scratch buffers and forward caches are never pickled; the views into the
        # network's vectors are rebound by the network when it is unpickled.
        state = {k: v for k, v in self.__dict__.items() if not k.startswith("_")}
        for name in ("params", "grads", "buffers"):
            state.pop(name, None)
        state["capacity"] = 0
        return state
