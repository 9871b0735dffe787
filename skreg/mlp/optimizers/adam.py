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
        """Update the moment estimates in place; return them with their scales.

        They are stored unnormalized, ``m' = m / (1 - b1)`` and
        ``v' = v / (1 - b2)``, which makes each update two and three passes over
        the parameters instead of three and four; the true moments are
        ``m = m_scale * m'`` and ``v = v_scale * v'``. A ``beta_1`` that changes
        between steps (one-cycle momentum) is handled by the factor ``decay``.
        """
        m, v, tmp = self._slots["m"], self._slots["v"], self._tmp
        m_scale, v_scale = 1.0 - self.beta_1, 1.0 - self.beta_2
        prev_m, prev_v = getattr(self, "_scales", (m_scale, v_scale))
        m *= self.beta_1 * prev_m / m_scale
        m += grad
        v *= self.beta_2 * prev_v / v_scale
        np.multiply(grad, grad, out=tmp)
        v += tmp
        self._scales = (m_scale, v_scale)
        return m, v, tmp, m_scale, v_scale

    def _update(self, theta, grad, lr):
        m, v, tmp, m_scale, v_scale = self._moments(grad)
        t = self._t
        lr_t = lr * np.sqrt(1.0 - self.beta_2**t) / (1.0 - self.beta_1**t)
        # m / (sqrt(v) + eps) = (m_scale / root) * m' / (sqrt(v') + eps / root)
        root = np.sqrt(v_scale)
        np.sqrt(v, out=tmp)
        tmp += self.epsilon / root
        np.divide(m, tmp, out=tmp)
        tmp *= lr_t * m_scale / root
        theta -= tmp
