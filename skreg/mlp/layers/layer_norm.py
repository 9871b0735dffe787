"""Layer normalization (Ba, Kiros & Hinton, 2016), placed before the activation."""

import numpy as np

from skreg.mlp.layers.base import Layer


class LayerNorm(Layer):
    """Normalize each row over its units, then scale by gamma and shift by beta.

    Unlike batch norm it uses no batch statistics: training and prediction do the
    same thing, row by row, whatever the batch size.

    Parameters
    ----------
    eps : float, default=1e-5
        Added to each row's variance before the square root.
    """

    inplace = aliases = True

    def __init__(self, eps=1e-5):
        self.eps = float(eps)

    def param_shapes(self, n_in):
        return [("gamma", (n_in,), "other", 1.0), ("beta", (n_in,), "other", 0.0)]

    def allocate(self, n):
        self.capacity = n
        self._buf_xhat = self._empty(n)
        self._buf_tmp = self._empty(n)

    def forward(self, x, ctx):
        x -= x.mean(axis=1, keepdims=True)
        inv_std = 1.0 / np.sqrt(np.einsum("ij,ij->i", x, x) / x.shape[1] + self.eps)
        x *= inv_std[:, None]
        if ctx.backward:
            n = x.shape[0]
            np.copyto(self._buf_xhat[:n], x)
            self._inv_std = inv_std
        x *= self.params["gamma"]
        x += self.params["beta"]
        return x

    def backward(self, dy, ctx, need_dx=True):
        n, k = dy.shape
        xhat, tmp = self._buf_xhat[:n], self._buf_tmp[:n]
        np.sum(dy, axis=0, out=self.grads["beta"])
        np.einsum("ij,ij->j", dy, xhat, out=self.grads["gamma"])
        dy *= self.params["gamma"]  # now d loss / d xhat
        proj = np.einsum("ij,ij->i", dy, xhat) / k
        np.multiply(xhat, proj[:, None], out=tmp)
        dy -= dy.mean(axis=1, keepdims=True)
        dy -= tmp
        dy *= self._inv_std[:, None]
        return dy
