"""The optimizer contract: an in-place update of a flat parameter vector."""

import numpy as np


class Optimizer:
    """Base optimizer.

    An optimizer updates the network's flat parameter vector ``theta`` in place
    from the flat gradient ``grad`` and a learning rate ``lr`` chosen by the
    training loop (it never knows where ``lr`` comes from). The first
    ``n_decay`` entries of ``theta`` are the weights; decoupled weight decay
    (Loshchilov & Hutter) shrinks them by ``1 - lr * weight_decay`` before each
    update. Biases and batch-norm parameters are never decayed.

    Parameters
    ----------
    weight_decay : float, default=0.0
        Decoupled weight decay coefficient.
    """

    #: attribute cycled by schedules with momentum cycling (``one_cycle``)
    momentum_attr = None

    def __init__(self, *, weight_decay=0.0):
        self.weight_decay = weight_decay

    def get_config(self):
        """Return the constructor arguments as a dict."""
        return {k: v for k, v in vars(self).items() if not k.startswith("_")}

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"

    def init_state(self, theta, n_decay, scratch=None):
        """Allocate the optimizer state for ``theta``.

        ``scratch``, a theta-sized array, is used for temporaries instead of a new
        one; it may be overwritten between steps.
        """
        self._n_decay = n_decay
        self._t = 0
        self._tmp = np.zeros_like(theta) if scratch is None else scratch
        self.__dict__.pop("_scales", None)
        self._slots = {name: np.zeros_like(theta) for name in self._slot_names()}

    def _slot_names(self):
        """Names of the per-parameter state vectors."""
        return ()

    @property
    def n_steps(self):
        """Number of updates done since ``init_state``."""
        return self._t

    def set_momentum(self, value):
        """Set the momentum-like hyperparameter (no-op without one)."""
        if self.momentum_attr is not None:
            setattr(self, self.momentum_attr, value)

    def step(self, theta, grad, lr):
        """Apply decoupled decay then one update, in place."""
        self._t += 1
        if self.weight_decay:
            theta[: self._n_decay] *= 1.0 - lr * self.weight_decay
        self._update(theta, grad, lr)

    def _update(self, theta, grad, lr):
        """The optimizer's own update rule."""
        raise NotImplementedError
