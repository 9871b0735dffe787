"""Lion: evolved sign momentum (Chen et al., 2023, "Symbolic Discovery of
Optimization Algorithms")."""

import numpy as np

from skreg.mlp.optimizers.base import Optimizer


class Lion(Optimizer):
    """Lion: ``theta -= lr * sign(b1 m + (1 - b1) g)``, then
    ``m = b2 m + (1 - b2) g``.

    Every parameter moves by exactly ``lr`` per step, so Lion wants a learning
    rate 3-10x smaller than Adam's and, with ``weight_decay``, a decay as many
    times larger (Chen et al.). Only ``beta_1`` comes from the estimator's
    parameter: its ``beta_2`` default (0.999) is Adam's, not Lion's 0.99.

    Parameters
    ----------
    beta_1 : float, default=0.9
        Interpolation between momentum and gradient for the update's sign.
    beta_2 : float, default=0.99
        Decay of the momentum.
    """

    estimator_params = {"beta_1": "beta_1"}
    momentum_attr = "beta_1"

    def __init__(self, beta_1=0.9, beta_2=0.99):
        self.beta_1 = beta_1
        self.beta_2 = beta_2

    def _slot_names(self):
        return ("m",)

    def _update(self, theta, grad, lr):
        m, tmp, b1 = self._slots["m"], self._tmp, self._momentum
        np.multiply(m, b1, out=tmp)
        tmp += (1.0 - b1) * grad
        np.sign(tmp, out=tmp)
        tmp *= lr
        theta -= tmp
        m *= self.beta_2
        np.multiply(grad, 1.0 - self.beta_2, out=tmp)
        m += tmp
