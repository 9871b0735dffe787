"""Output activations fused with their canonical losses.

Every loss here pairs an output activation with the loss whose gradient with
respect to the pre-activation is ``(y_pred - y) * w / sum(w)``, as in
scikit-learn's MLP. Values are weighted means over rows and sums over outputs.
"""

import numpy as np
from scipy.special import expit, xlogy

from skreg.mlp._config import Configurable, Registry


class Loss(Configurable):
    """Base loss: ``activate`` in place, ``value`` and ``delta``."""

    out_activation = "identity"

    def activate(self, z):
        """Apply the output activation to ``z`` in place."""

    def _pointwise(self, y_pred, y_true):
        """Per-element loss, shape (n, k)."""
        raise NotImplementedError

    def value(self, y_pred, y_true, sample_weight=None):
        """Weighted mean over rows of the summed per-output loss (float64)."""
        per_row = self._pointwise(y_pred, y_true).sum(axis=1, dtype=np.float64)
        if sample_weight is None:
            return float(per_row.mean())
        return float(np.dot(per_row, sample_weight) / sample_weight.sum())

    def report_factor(self, n_outputs):
        """Factor from the objective's data term to the value reported."""
        return 1.0

    def delta(self, y_pred, y_true, sample_weight, sw_sum, out):
        """Write dLoss/dz into ``out`` (the canonical-link gradient)."""
        np.subtract(y_pred, y_true, out=out)
        if sample_weight is not None:
            out *= sample_weight[:, None]
        out *= 1.0 / sw_sum
        return out


class SquaredError(Loss):
    """Half squared error with identity output.

    The objective sums over outputs; the value reported (``loss_curve_``,
    ``loss_``, the stopping rule) averages over them, as scikit-learn's MLP.
    """

    def report_factor(self, n_outputs):
        return 1.0 / n_outputs

    def _pointwise(self, y_pred, y_true):
        diff = y_pred - y_true
        return 0.5 * diff * diff


class Poisson(Loss):
    """Half Poisson deviance with exponential output (log link)."""

    out_activation = "exp"

    def activate(self, z):
        np.exp(z, out=z)

    def _pointwise(self, y_pred, y_true):
        return xlogy(y_true, y_true / y_pred) - y_true + y_pred


class LogLoss(Loss):
    """Softmax output with multinomial cross-entropy."""

    out_activation = "softmax"

    def activate(self, z):
        z -= z.max(axis=1, keepdims=True)
        np.exp(z, out=z)
        z /= z.sum(axis=1, keepdims=True)

    def _pointwise(self, y_pred, y_true):
        eps = np.finfo(y_pred.dtype).eps
        return -y_true * np.log(np.clip(y_pred, eps, 1 - eps))


class BinaryLogLoss(Loss):
    """Logistic output with binary cross-entropy per output (binary/multilabel)."""

    out_activation = "logistic"

    def activate(self, z):
        expit(z, out=z)

    def _pointwise(self, y_pred, y_true):
        eps = np.finfo(y_pred.dtype).eps
        p = np.clip(y_pred, eps, 1 - eps)
        return -(y_true * np.log(p) + (1 - y_true) * np.log1p(-p))


LOSSES = Registry(
    "loss",
    {
        "squared_error": SquaredError,
        "poisson": Poisson,
        "log_loss": LogLoss,
        "binary_log_loss": BinaryLogLoss,
    },
)
