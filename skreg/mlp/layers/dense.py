"""Fully connected layer: ``y = x @ W + b``."""

import numpy as np
import scipy.sparse as sp

from skreg.mlp.layers.base import Layer


class Dense(Layer):
    """Affine layer with ``units`` outputs; ``W`` is penalized, ``b`` is not.

    With ``use_bias=False`` (a layer followed by batch norm, whose mean
    subtraction cancels any bias and whose ``beta`` plays its role) ``b`` stays
    zero and is neither added nor differentiated.
    """

    def __init__(self, units, use_bias=True):
        self.units = units
        self.use_bias = use_bias

    def output_size(self, n_in):
        return self.units

    def param_shapes(self, n_in):
        return [("W", (n_in, self.units), "weight"), ("b", (self.units,), "other")]

    def allocate(self, n):
        self.capacity = n
        self._buf_out = self._empty(n)
        self._buf_dx = self._empty(n, self.n_in)

    def forward(self, x, ctx):
        n = x.shape[0]
        out = self._buf_out[:n]
        if sp.issparse(x):
            out[...] = x @ self.params["W"]
        else:
            np.matmul(x, self.params["W"], out=out)
        if self.use_bias:
            out += self.params["b"]
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
