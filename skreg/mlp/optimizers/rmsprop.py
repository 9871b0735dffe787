"""RMSprop (Hinton, 2012 lecture 6e), optionally with momentum."""

import numpy as np

from skreg.mlp.optimizers.base import Optimizer


class RMSprop(Optimizer):
    """RMSprop: ``v = rho v + (1-rho) g**2``; ``step = g / (sqrt(v) + eps)``;
    with momentum ``buf = momentum * buf + step`` and ``theta -= lr * buf``,
    else ``theta -= lr * step`` (PyTorch's form).

    The estimator passes only ``epsilon``: its ``momentum`` parameter belongs to
    SGD. Use ``solver=RMSprop(rho=..., momentum=...)`` for the others.

    Parameters
    ----------
    rho : float, default=0.9
    epsilon : float, default=1e-8
    momentum : float, default=0.0
    """

    estimator_params = {"epsilon": "epsilon"}

    def __init__(self, rho=0.9, epsilon=1e-8, momentum=0.0):
        self.rho = rho
        self.epsilon = epsilon
        self.momentum = momentum

    @property
    def momentum_attr(self):
        return "momentum" if self.momentum else None

    def _slot_names(self):
        return ("v", "buf") if self.momentum else ("v",)

    def _update(self, theta, grad, lr):
        v, tmp = self._slots["v"], self._tmp
        v *= self.rho
        np.multiply(grad, grad, out=tmp)
        tmp *= 1.0 - self.rho
        v += tmp
        np.sqrt(v, out=tmp)
        tmp += self.epsilon
        np.divide(grad, tmp, out=tmp)
        if self.momentum:
            buf = self._slots["buf"]
            buf *= self._momentum
            buf += tmp
            np.multiply(buf, lr, out=tmp)
        else:
            tmp *= lr
        theta -= tmp
