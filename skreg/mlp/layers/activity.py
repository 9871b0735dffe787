"""Activity regularization: L1/L2 penalty on a hidden layer's outputs."""

import numpy as np

from skreg.mlp.layers.base import Layer


class ActivityRegularization(Layer):
    """Identity layer adding ``(l1 * sum|h| + l2 * sum h**2) / n_rows`` to the loss.

    The penalty is averaged over the rows of the batch (as in Keras) and only
    computed while training.

    Parameters
    ----------
    l1, l2 : float, default=0.0
        Strengths of the L1 and L2 activity penalties.
    """

    keeps_output = aliases = True

    def __init__(self, l1=0.0, l2=0.0):
        self.l1 = float(l1)
        self.l2 = float(l2)

    def allocate(self, n):
        self.capacity = n
        self._buf_tmp = self._empty(n)

    def forward(self, x, ctx):
        if not ctx.training:
            return x
        self._h = x
        n = x.shape[0]
        tmp = self._buf_tmp[:n]
        total = 0.0
        if self.l1:
            np.abs(x, out=tmp)
            total += self.l1 * float(tmp.sum(dtype=np.float64))
        if self.l2:
            np.multiply(x, x, out=tmp)
            total += self.l2 * float(tmp.sum(dtype=np.float64))
        self._penalty = total / n
        return x

    def penalty(self):
        return getattr(self, "_penalty", 0.0)

    def backward(self, dy, ctx, need_dx=True):
        n = dy.shape[0]
        tmp = self._buf_tmp[:n]
        if self.l1:
            np.sign(self._h, out=tmp)
            tmp *= self.l1 / n
            dy += tmp
        if self.l2:
            np.multiply(self._h, 2.0 * self.l2 / n, out=tmp)
            dy += tmp
        return dy
