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
    """

    estimator_params = {"beta_1": "beta_1", "beta_2": "beta_2", "epsilon": "epsilon"}
    momentum_attr = "beta_1"

    def __init__(self, beta_1=0.9, beta_2=0.999, epsilon=1e-8):
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
        between steps (one-cycle momentum) is handled by the previous scales,
        kept in the state.
        """
        m, v, tmp, b1 = self._slots["m"], self._slots["v"], self._tmp, self._momentum
        m_scale, v_scale = 1.0 - b1, 1.0 - self.beta_2
        prev_m, prev_v = self._extra.get("scales", (m_scale, v_scale))
        m *= b1 * prev_m / m_scale
        m += grad
        v *= self.beta_2 * prev_v / v_scale
        np.multiply(grad, grad, out=tmp)
        v += tmp
        self._extra["scales"] = (m_scale, v_scale)
        return m, v, tmp, m_scale, v_scale

    def _update(self, theta, grad, lr):
        m, v, tmp, m_scale, v_scale = self._moments(grad)
        t, b1 = self._t, self._momentum
        lr_t = lr * np.sqrt(1.0 - self.beta_2**t) / (1.0 - b1**t)
        # m / (sqrt(v) + eps) = (m_scale / root) * m' / (sqrt(v') + eps / root)
        root = np.sqrt(v_scale)
        np.sqrt(v, out=tmp)
        tmp += self.epsilon / root
        np.divide(m, tmp, out=tmp)
        tmp *= lr_t * m_scale / root
        theta -= tmp
