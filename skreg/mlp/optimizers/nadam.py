"""Nadam: Adam with Nesterov momentum (Dozat, 2016), constant beta_1."""

import numpy as np

from skreg.mlp.optimizers.adam import Adam


class Nadam(Adam):
    """Nadam: with Adam's moments ``m`` and ``v`` at step ``t``,
    ``m_hat = b1 m / (1 - b1**(t+1)) + (1-b1) g / (1 - b1**t)``,
    ``v_hat = v / (1 - b2**t)``, ``theta -= lr m_hat / (sqrt(v_hat) + eps)``.

    Parameters
    ----------
    beta_1 : float, default=0.9
    beta_2 : float, default=0.999
    epsilon : float, default=1e-8
    """

    def _slot_names(self):
        return ("m", "v", "denom")

    def _update(self, theta, grad, lr):
        m, v, tmp, m_scale, v_scale = self._moments(grad)  # m = m_scale * m'
        b1, t = self._momentum, self._t
        denom = self._slots["denom"]
        np.multiply(v, v_scale / (1.0 - self.beta_2**t), out=denom)
        np.sqrt(denom, out=denom)
        denom += self.epsilon
        c_m = b1 / (1.0 - b1 ** (t + 1))
        c_g = (1.0 - b1) / (1.0 - b1**t)
        np.multiply(m, m_scale * c_m / c_g, out=tmp)
        tmp += grad
        tmp *= c_g
        tmp /= denom
        tmp *= lr
        theta -= tmp
