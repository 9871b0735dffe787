"""Adam (Kingma & Ba, 2015), in the form of its section 2 used by scikit-learn."""

import numpy as np

from skreg.mlp.optimizers.base import Optimizer


class Adam(Optimizer):
    """Adam: ``m = b1 m + (1-b1) g``, ``v = b2 v + (1-b2) g**2``,
    ``theta -= lr sqrt(1-b2**t) / (1-b1**t) * m / (sqrt(v) + eps)``.

    Parameters
    ----------
    beta_1 : float, default=0.9
    beta_2 : float, default=0.999
    epsilon : float, default=1e-8
    weight_decay : float, default=0.0
    """

    momentum_attr = "beta_1"

    def __init__(self, beta_1=0.9, beta_2=0.999, epsilon=1e-8, *, weight_decay=0.0):
        super().__init__(weight_decay=weight_decay)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon

    def _slot_names(self):
        return ("m", "v")

    def _moments(self, grad):
        """Update the first and second moment estimates in place."""
        m, v, tmp = self._slots["m"], self._slots["v"], self._tmp
        m *= self.beta_1
        np.multiply(grad, 1.0 - self.beta_1, out=tmp)
        m += tmp
        v *= self.beta_2
        np.multiply(grad, grad, out=tmp)
        tmp *= 1.0 - self.beta_2
        v += tmp
        return m, v, tmp

    def _update(self, theta, grad, lr):
        m, v, tmp = self._moments(grad)
        t = self._t
        lr_t = lr * np.sqrt(1.0 - self.beta_2**t) / (1.0 - self.beta_1**t)
        np.sqrt(v, out=tmp)
        tmp += self.epsilon
        np.divide(m, tmp, out=tmp)
        tmp *= lr_t
        theta -= tmp
