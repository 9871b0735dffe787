"""RMSprop (Hinton, 2012 lecture 6e), optionally with momentum."""

import numpy as np

from skreg.mlp.optimizers.base import Optimizer


class RMSprop(Optimizer):
    """RMSprop: ``v = rho v + (1-rho) g**2``; ``step = g / (sqrt(v) + eps)``;
    with momentum ``buf = momentum * buf + step`` and ``theta -= lr * buf``,
    else ``theta -= lr * step`` (PyTorch's form).

    Parameters
    ----------
    rho : float, default=0.9
    epsilon : float, default=1e-8
    momentum : float, default=0.0
    weight_decay : float, default=0.0
    """

    def __init__(self, rho=0.9, epsilon=1e-8, momentum=0.0, *, weight_decay=0.0):
        super().__init__(weight_decay=weight_decay)
        self.rho = rho
        self.epsilon = epsilon
        self.momentum = momentum

    @property
    def momentum_attr(self):
        return "momentum" if self.momentum else None

    def _slot_names(self):
        return ("v", "buf")

    def _update(self, theta, grad, lr):
        v, buf, tmp = self._slots["v"], self._slots["buf"], self._tmp
        v *= self.rho
        np.multiply(grad, grad, out=tmp)
        tmp *= 1.0 - self.rho
        v += tmp
        np.sqrt(v, out=tmp)
        tmp += self.epsilon
        np.divide(grad, tmp, out=tmp)
        if self.momentum:
            buf *= self.momentum
            buf += tmp
            np.multiply(buf, lr, out=tmp)
        else:
            tmp *= lr
        theta -= tmp
