"""Element-wise activations, computed in place; derivatives read the output.

Each activation is a tiny class with ``forward(z, tmp)`` (overwrite ``z``) and
``backward(y, dy, tmp, mask)`` (multiply ``dy`` in place by f'(z), written in
terms of the output ``y`` so no pre-activation copy is kept). Add one by writing
a class and a line in :data:`ACTIVATIONS`.
"""

import numpy as np
from scipy.special import expit

from skreg.mlp.layers.base import Layer

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


class ActivationFunction:
    """Base of the element-wise functions below."""

    forward_tmp = False  # whether ``forward`` needs the scratch buffer ``tmp``

    def forward(self, z, tmp):
        """Overwrite ``z`` with f(z)."""

    def backward(self, y, dy, tmp, mask):
        """Multiply ``dy`` in place by f'(z), computed from the output ``y``."""


class Identity(ActivationFunction):
    """f(z) = z."""

    def forward(self, z, tmp):
        pass

    def backward(self, y, dy, tmp, mask):
        pass


class Logistic(ActivationFunction):
    """f(z) = 1 / (1 + exp(-z)); f' = y (1 - y)."""

    def forward(self, z, tmp):
        expit(z, out=z)

    def backward(self, y, dy, tmp, mask):
        np.subtract(1.0, y, out=tmp)
        tmp *= y
        dy *= tmp


class Tanh(ActivationFunction):
    """f(z) = tanh(z); f' = 1 - y**2."""

    def forward(self, z, tmp):
        np.tanh(z, out=z)

    def backward(self, y, dy, tmp, mask):
        np.multiply(y, y, out=tmp)
        np.subtract(1.0, tmp, out=tmp)
        dy *= tmp


class ReLU(ActivationFunction):
    """f(z) = max(z, 0)."""

    def forward(self, z, tmp):
        np.maximum(z, 0, out=z)

    def backward(self, y, dy, tmp, mask):
        np.greater(y, 0, out=tmp)
        dy *= tmp


class LeakyReLU(ActivationFunction):
    """f(z) = z if z > 0 else slope * z (slope 0.01)."""

    forward_tmp = True  # the forward pass needs a scratch buffer

    slope = 0.01

    def forward(self, z, tmp):
        np.multiply(z, self.slope, out=tmp)
        np.maximum(z, tmp, out=z)

    def backward(self, y, dy, tmp, mask):
        np.greater(y, 0, out=tmp)
        tmp *= 1.0 - self.slope
        tmp += self.slope
        dy *= tmp


class ELU(ActivationFunction):
    """f(z) = z if z > 0 else exp(z) - 1; f' = min(y, 0) + 1."""

    forward_tmp = True  # the forward pass needs a scratch buffer

    def forward(self, z, tmp):
        np.minimum(z, 0, out=tmp)
        np.expm1(tmp, out=tmp)
        np.maximum(z, 0, out=z)
        z += tmp

    def backward(self, y, dy, tmp, mask):
        np.minimum(y, 0, out=tmp)
        tmp += 1.0
        dy *= tmp


class SELU(ActivationFunction):
    """Scaled ELU of Klambauer et al. (2017), self-normalizing."""

    forward_tmp = True  # the forward pass needs a scratch buffer

    def forward(self, z, tmp):
        np.minimum(z, 0, out=tmp)
        np.expm1(tmp, out=tmp)
        tmp *= SELU_ALPHA
        np.maximum(z, 0, out=z)
        z += tmp
        z *= SELU_SCALE

    def backward(self, y, dy, tmp, mask):
        np.minimum(y, 0, out=tmp)
        tmp += SELU_SCALE * SELU_ALPHA
        np.greater(y, 0, out=mask)
        np.copyto(tmp, SELU_SCALE, where=mask)
        dy *= tmp


ACTIVATIONS = {
    "identity": Identity,
    "logistic": Logistic,
    "tanh": Tanh,
    "relu": ReLU,
    "leaky_relu": LeakyReLU,
    "elu": ELU,
    "selu": SELU,
}


class Activation(Layer):
    """Apply a registered activation (a name in :data:`ACTIVATIONS`) in place.

    Parameters
    ----------
    activation : str
        One of :data:`ACTIVATIONS`.
    """

    inplace = keeps_output = aliases = True

    def __init__(self, activation):
        if activation not in ACTIVATIONS:
            raise ValueError(
                f"unknown activation {activation!r}; expected one of "
                f"{sorted(ACTIVATIONS)}"
            )
        self.activation = activation
        self.fn = ACTIVATIONS[activation]()

    def allocate(self, n):
        self.capacity = n
        self._buf_tmp = self._empty(n)
        self._buf_mask = np.empty((n, self.n_out), dtype=bool)

    def forward(self, x, ctx):
        tmp = None
        if self.fn.forward_tmp:
            tmp = self._scratch("_buf_tmp", x.shape[0], ctx)
        self.fn.forward(x, tmp)
        if ctx.backward:
            self._y = x
        return x

    def backward(self, dy, ctx, need_dx=True):
        n = dy.shape[0]
        self.fn.backward(self._y, dy, self._buf_tmp[:n], self._buf_mask[:n])
        return dy
