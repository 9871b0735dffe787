"""Batch normalization (Ioffe & Szegedy, 2015), placed before the activation."""

import numpy as np

from skreg.mlp.layers.base import Layer


class BatchNorm(Layer):
    """Normalize each unit over the batch, then scale by gamma and shift by beta.

    In training (``ctx.training``) batch statistics are used and the running
    mean/variance buffers are updated as ``running = momentum * running + (1 -
    momentum) * batch`` (the unbiased batch variance, as PyTorch; PyTorch's
    ``momentum`` is ``1 - momentum`` here, Keras' is the same); otherwise the
    running statistics are used and nothing is changed.

    Parameters
    ----------
    momentum : float, default=0.9
        Weight of the old running statistics at each training batch.
    eps : float, default=1e-5
        Added to the variance before the square root.
    """

    inplace = aliases = True

    def __init__(self, momentum=0.9, eps=1e-5):
        self.momentum = float(momentum)
        self.eps = float(eps)

    def param_shapes(self, n_in):
        return [("gamma", (n_in,), "other", 1.0), ("beta", (n_in,), "other", 0.0)]

    def buffer_shapes(self, n_in):
        return [("running_mean", (n_in,), 0.0), ("running_var", (n_in,), 1.0)]

    @property
    def running_mean(self):
        return self.buffers["running_mean"]

    @property
    def running_var(self):
        return self.buffers["running_var"]

    def allocate(self, n):
        self.capacity = n
        self._buf_xhat = self._empty(n)
        self._buf_tmp = self._empty(n)

    def forward(self, x, ctx):
        if not ctx.training:
            scale = self.params["gamma"] / np.sqrt(self.running_var + self.eps)
            x -= self.running_mean
            x *= scale
            x += self.params["beta"]
            return x
        n = x.shape[0]
        xhat = self._buf_xhat[:n]
        mean = x.mean(axis=0)
        x -= mean
        # Sum of squares without writing the squares out: one read pass.
        var = np.einsum("ij,ij->j", x, x) / n
        self._inv_std = 1.0 / np.sqrt(var + self.eps)
        np.multiply(x, self._inv_std, out=xhat)
        np.multiply(xhat, self.params["gamma"], out=x)
        x += self.params["beta"]
        self._update_running(mean, var, n)
        return x

    def _update_running(self, mean, var, n):
        m = self.momentum
        unbiased = var * (n / (n - 1)) if n > 1 else var
        running_mean, running_var = self.running_mean, self.running_var
        running_mean *= m
        running_mean += (1 - m) * mean
        running_var *= m
        running_var += (1 - m) * unbiased

    def backward(self, dy, ctx, need_dx=True):
        n = dy.shape[0]
        xhat, tmp = self._buf_xhat[:n], self._buf_tmp[:n]
        gbeta, ggamma = self.grads["beta"], self.grads["gamma"]
        np.sum(dy, axis=0, out=gbeta)
        np.einsum("ij,ij->j", dy, xhat, out=ggamma)
        np.multiply(xhat, ggamma / n, out=tmp)
        dy -= tmp
        dy -= gbeta / n
        dy *= self.params["gamma"] * self._inv_std
        return dy
