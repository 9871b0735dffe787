"""Stochastic gradient descent with (Nesterov) momentum, scikit-learn's form."""

import numpy as np

from skreg.mlp.optimizers.base import Optimizer


class SGD(Optimizer):
    """SGD: ``v = momentum * v - lr * g``; ``theta += v`` (or the Nesterov step
    ``theta += momentum * v - lr * g``), exactly as scikit-learn's MLP.

    Parameters
    ----------
    momentum : float, default=0.9
    nesterov : bool, default=True
    """

    estimator_params = {"momentum": "momentum", "nesterov": "nesterovs_momentum"}
    momentum_attr = "momentum"

    def __init__(self, momentum=0.9, nesterov=True):
        self.momentum = momentum
        self.nesterov = nesterov

    def _slot_names(self):
        return ("velocity",)

    def _update(self, theta, grad, lr):
        v, tmp, mu = self._slots["velocity"], self._tmp, self._momentum
        np.multiply(grad, lr, out=tmp)
        v *= mu
        v -= tmp
        if self.nesterov:
            theta -= tmp
            np.multiply(v, mu, out=tmp)
            theta += tmp
        else:
            theta += v
