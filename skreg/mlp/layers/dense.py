"""Fully connected layer: ``y = x @ W + b``, with its own penalty and constraint."""

import numpy as np
import scipy.sparse as sp

from skreg.mlp.layers.base import Layer
from skreg.mlp.regularizers import CONSTRAINTS, REGULARIZERS


class Dense(Layer):
    """Affine layer with ``units`` outputs; ``W`` is penalized, ``b`` is not.

    Parameters
    ----------
    units : int
        Number of outputs.
    use_bias : bool, default=True
        With ``False`` (a layer followed by batch norm, whose mean subtraction
        cancels any bias and whose ``beta`` plays its role) ``b`` stays zero and
        is neither added nor differentiated.
    kernel_regularizer : L1L2, str, dict or None, default=None
        Penalty on ``W`` (see :mod:`skreg.mlp.regularizers`).
    kernel_constraint : MaxNorm, str, dict or None, default=None
        Constraint applied to ``W`` after every update.
    weight_decay : float, default=0.0
        Decoupled weight decay: ``W *= 1 - lr * weight_decay`` before every
        update (Loshchilov & Hutter, 2019).
    """

    def __init__(
        self,
        units,
        use_bias=True,
        kernel_regularizer=None,
        kernel_constraint=None,
        weight_decay=0.0,
    ):
        self.units = int(units)
        self.use_bias = bool(use_bias)
        self.kernel_regularizer = (
            None if kernel_regularizer is None else REGULARIZERS.get(kernel_regularizer)
        )
        self.kernel_constraint = (
            None if kernel_constraint is None else CONSTRAINTS.get(kernel_constraint)
        )
        self.weight_decay = float(weight_decay)

    def get_config(self):
        config = super().get_config()
        if self.kernel_regularizer is not None:
            config["kernel_regularizer"] = REGULARIZERS.serialize(
                self.kernel_regularizer
            )
        if self.kernel_constraint is not None:
            config["kernel_constraint"] = CONSTRAINTS.serialize(self.kernel_constraint)
        return config

    def output_size(self, n_in):
        return self.units

    def param_shapes(self, n_in):
        return [
            ("W", (n_in, self.units), "weight", 0.0),
            ("b", (self.units,), "other", 0.0),
        ]

    def allocate(self, n):
        self.capacity = n
        self._buf_out = self._empty(n)
        self._buf_dx = self._empty(n, self.n_in)

    def forward(self, x, ctx):
        out = self._scratch("_buf_out", x.shape[0], ctx)
        if sp.issparse(x):
            out[...] = x @ self.params["W"]
        else:
            np.matmul(x, self.params["W"], out=out)
        if self.use_bias:
            out += self.params["b"]
        if ctx.backward:
            self._x = x
        return out

    def backward(self, dy, ctx, need_dx=True):
        if sp.issparse(self._x):
            self.grads["W"][...] = self._x.T @ dy
        else:
            np.matmul(self._x.T, dy, out=self.grads["W"])
        if self.use_bias:
            np.sum(dy, axis=0, out=self.grads["b"])
        else:
            self.grads["b"][...] = 0.0
        if not need_dx:
            return None
        dx = self._buf_dx[: dy.shape[0]]
        np.matmul(dy, self.params["W"].T, out=dx)
        return dx
