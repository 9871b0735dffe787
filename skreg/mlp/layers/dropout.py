"""Inverted dropout and alpha dropout (for SELU networks)."""

import numpy as np

from skreg.mlp.layers.activations import SELU_ALPHA, SELU_SCALE
from skreg.mlp.layers.base import Layer


class Dropout(Layer):
    """Zero each unit with probability ``rate``; scale survivors by 1/(1-rate).

    Active only when ``ctx.dropout`` is true. Setting ``frozen = True`` reuses
    the last training mask (used by gradient checks).

    Parameters
    ----------
    rate : float
        Probability of dropping a unit, in [0, 1).
    """

    aliases = True  # inactive dropout passes its input through

    def __init__(self, rate):
        self.rate = float(rate)
        self.frozen = False

    def allocate(self, n):
        self.capacity = n
        self._buf_out = self._empty(n)
        self._buf_mask = self._empty(n)

    # Survivors carry the inverted-dropout factor in the mask itself, so the
    # backward pass is one multiplication.
    def _keep_value(self):
        return 1.0 / (1.0 - self.rate)

    def _sample_mask(self, n, ctx):
        if not ctx.backward:
            return self._draw(self._empty(n), ctx.rng)
        mask = self._buf_mask[:n]
        if self.frozen and getattr(self, "_n", None) == n:
            return mask
        self._n = n
        return self._draw(mask, ctx.rng)

    def _draw(self, mask, rng):
        rng.random(out=mask, dtype=mask.dtype)
        np.greater_equal(mask, self.rate, out=mask)
        mask *= self._keep_value()
        return mask

    def _active(self, ctx):
        active = ctx.dropout and self.rate > 0
        if ctx.backward:
            self._was_active = active
        return active

    def forward(self, x, ctx):
        if not self._active(ctx):
            return x
        n = x.shape[0]
        mask = self._sample_mask(n, ctx)
        return np.multiply(x, mask, out=self._scratch("_buf_out", n, ctx))

    def backward(self, dy, ctx, need_dx=True):
        if self._was_active:
            dy *= self._buf_mask[: dy.shape[0]]
        return dy


class AlphaDropout(Dropout):
    """Dropout that keeps SELU's zero mean / unit variance (Klambauer et al.).

    Dropped units are set to the SELU saturation value ``-scale * alpha`` and
    the result is affinely corrected with ``a`` and ``b``.

    Parameters
    ----------
    rate : float
        Probability of dropping a unit, in [0, 1).
    """

    def _keep_value(self):
        return 1.0  # a 0/1 mask: the affine correction below does the scaling

    def _affine(self):
        q = 1.0 - self.rate
        alpha_p = -SELU_SCALE * SELU_ALPHA
        a = (q * (1.0 + self.rate * alpha_p**2)) ** -0.5
        b = -a * alpha_p * self.rate
        return alpha_p, a, b

    def forward(self, x, ctx):
        if not self._active(ctx):
            return x
        n = x.shape[0]
        mask = self._sample_mask(n, ctx)
        alpha_p, a, b = self._affine()
        out = self._scratch("_buf_out", n, ctx)
        np.subtract(x, alpha_p, out=out)
        out *= mask
        out += alpha_p
        out *= a
        out += b
        return out

    def backward(self, dy, ctx, need_dx=True):
        if self._was_active:
            dy *= self._buf_mask[: dy.shape[0]]
            dy *= self._affine()[1]
        return dy
