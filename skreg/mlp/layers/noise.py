"""Gaussian input noise: data augmentation active only while training."""

import numpy as np
import scipy.sparse as sp

from skreg.mlp.layers.base import Layer


class GaussianNoise(Layer):
    """Add N(0, stddev**2) noise to the input when ``ctx.training``.

    Setting ``frozen = True`` reuses the last noise draw (gradient checks).

    Parameters
    ----------
    stddev : float
        Standard deviation of the noise.
    """

    aliases = True  # outside training the input passes through

    def __init__(self, stddev):
        self.stddev = float(stddev)
        self.frozen = False

    def allocate(self, n):
        self.capacity = n
        self._buf_out = self._empty(n)
        self._buf_noise = self._empty(n)

    def forward(self, x, ctx):
        if not (ctx.training and self.stddev > 0):
            return x
        n = x.shape[0]
        noise, out = self._buf_noise[:n], self._buf_out[:n]
        if not (self.frozen and getattr(self, "_n", None) == n):
            ctx.rng.standard_normal(out=noise, dtype=noise.dtype)
            noise *= self.stddev
            self._n = n
        if sp.issparse(x):
            out[...] = x.toarray()
            out += noise
        else:
            np.add(x, noise, out=out)
        return out
