"""Weight penalties (L1, L2) and weight constraints (max-norm).

Penalties act on the flat vector of all weight matrices (never on biases or
batch-norm parameters) and are scaled like scikit-learn's ``alpha``: divided by
the (weighted) number of rows in the batch. Add one by writing a class with
``__call__(w, grad, scale, tmp)`` and a line in :data:`REGULARIZERS`.
"""

import numpy as np


class L2:
    """``0.5 * alpha * ||w||**2 / n`` (scikit-learn's ``alpha``)."""

    def __init__(self, alpha):
        self.alpha = float(alpha)

    def __call__(self, w, grad, scale, tmp):
        """Add the gradient into ``grad`` and return the penalty value."""
        c = self.alpha * scale
        np.multiply(w, c, out=tmp)
        grad += tmp
        return 0.5 * c * float(np.dot(w, w))


class L1:
    """``l1 * ||w||_1 / n`` (sub-gradient ``l1 * sign(w) / n``)."""

    def __init__(self, l1):
        self.l1 = float(l1)

    def __call__(self, w, grad, scale, tmp):
        """Add the gradient into ``grad`` and return the penalty value."""
        c = self.l1 * scale
        np.sign(w, out=tmp)
        value = c * float(np.dot(tmp, w))
        tmp *= c
        grad += tmp
        return value


REGULARIZERS = {"l2": L2, "l1": L1}


class MaxNorm:
    """Rescale each unit's incoming weights so that ``||w||_2 <= max_norm``.

    For a weight matrix ``W`` of shape ``(n_in, n_units)`` column ``j`` holds
    unit ``j``'s incoming weights.
    """

    def __init__(self, max_norm):
        self.max_norm = float(max_norm)

    def __call__(self, W):
        """Apply the constraint to ``W`` in place."""
        norms = np.sqrt(np.einsum("ij,ij->j", W, W))
        over = norms > self.max_norm
        if over.any():
            scale = np.ones_like(norms)
            scale[over] = self.max_norm / norms[over]
            W *= scale


CONSTRAINTS = {"max_norm": MaxNorm}
