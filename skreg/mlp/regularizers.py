"""Weight penalties (L1, L2, L1 + L2) and weight constraints (max-norm).

A Dense layer carries at most one penalty (``kernel_regularizer``) and one
constraint (``kernel_constraint``), as in Keras. Penalties are scaled like
scikit-learn's ``alpha``: ``0.5 * l2 * ||W||**2 / n`` and ``l1 * ||W||_1 / n`` with
``n`` the (weighted) number of rows in the batch, so ``L2(alpha)`` is exactly
scikit-learn's MLP penalty (Keras' unscaled ``l2(c)`` is ``L2(2 * c * n)``).
Biases and batch-norm parameters are never penalized. Add one by writing a
:class:`~skreg.mlp._config.Configurable` class with ``__call__(w, grad, scale,
tmp)`` (or ``__call__(W)`` for a constraint) and a line in its registry.
"""

import numpy as np

from skreg.mlp._config import Configurable, Registry


class L1L2(Configurable):
    """``(0.5 * l2 * ||w||**2 + l1 * ||w||_1) / n``.

    Parameters
    ----------
    l1 : float, default=0.0
        L1 strength (sub-gradient ``l1 * sign(w) / n``).
    l2 : float, default=0.0
        L2 strength, scikit-learn's ``alpha``.
    """

    def __init__(self, l1=0.0, l2=0.0):
        self.l1 = float(l1)
        self.l2 = float(l2)

    def __call__(self, w, grad, scale, tmp):
        """Add the penalty's gradient into ``grad``; return its value.

        ``scale`` is ``1 / n``; ``tmp`` is scratch space shaped like ``w``.
        """
        value = 0.0
        if self.l2:
            c = self.l2 * scale
            np.multiply(w, c, out=tmp)
            grad += tmp
            value += 0.5 * c * float(np.dot(w, w))
        if self.l1:
            c = self.l1 * scale
            np.sign(w, out=tmp)
            value += c * float(np.dot(tmp, w))
            tmp *= c
            grad += tmp
        return value


class L1(L1L2):
    """``l1 * ||w||_1 / n``."""

    def __init__(self, l1=0.01):
        super().__init__(l1=l1)


class L2(L1L2):
    """``0.5 * l2 * ||w||**2 / n`` (scikit-learn's ``alpha``)."""

    def __init__(self, l2=0.01):
        super().__init__(l2=l2)


REGULARIZERS = Registry("regularizer", {"l1": L1, "l2": L2, "l1_l2": L1L2})


class MaxNorm(Configurable):
    """Rescale each unit's incoming weights so that ``||w||_2 <= max_norm``.

    For a weight matrix ``W`` of shape ``(n_in, n_units)`` column ``j`` holds
    unit ``j``'s incoming weights.

    Parameters
    ----------
    max_norm : float, default=3.0
    """

    def __init__(self, max_norm=3.0):
        self.max_norm = float(max_norm)

    def __call__(self, W):
        """Apply the constraint to ``W`` in place."""
        norms = np.sqrt(np.einsum("ij,ij->j", W, W))
        over = norms > self.max_norm
        if over.any():
            scale = np.ones_like(norms)
            scale[over] = self.max_norm / norms[over]
            W *= scale


CONSTRAINTS = Registry("constraint", {"max_norm": MaxNorm})
