"""The optimizer contract: an in-place update of a flat parameter vector."""

import numpy as np

from skreg.mlp._config import Configurable


class Optimizer(Configurable):
    """Base optimizer.

    An optimizer updates the network's flat parameter vector ``theta`` in place
    from the flat gradient ``grad`` and a learning rate ``lr`` chosen by the
    training loop (it never knows where ``lr`` comes from). Its constructor
    arguments are its config and are never changed by training; what training
    changes (step count, moment estimates, a momentum cycled by a schedule) is
    its state, moved in and out with :meth:`state_dict` / :meth:`load_state_dict`.

    Subclasses declare:

    - ``estimator_params``: constructor argument -> the estimator parameter that
      feeds it (e.g. ``{"momentum": "momentum"}``). Only these are passed, so no
      estimator parameter reaches an optimizer by a coincidence of names.
    - ``momentum_attr``: the constructor argument that momentum-cycling schedules
      (``one_cycle``) drive, or None.
    - ``default_weight_decay``: the decoupled weight decay the estimator uses
      when its ``weight_decay`` is None (AdamW's 0.01). The decay itself is
      applied by the network's Dense layers, before every update.
    """

    estimator_params = {}
    momentum_attr = None
    default_weight_decay = 0.0

    @classmethod
    def from_estimator(cls, params):
        """An instance fed by the declared estimator parameters (a dict)."""
        return cls(**{arg: params[name] for arg, name in cls.estimator_params.items()})

    def init_state(self, theta, scratch=None):
        """Reset the state for ``theta``.

        ``scratch``, a theta-sized array, is used for temporaries instead of a new
        one; it may be overwritten between steps.
        """
        self._t = 0
        self._tmp = np.zeros_like(theta) if scratch is None else scratch
        self._slots = {name: np.zeros_like(theta) for name in self._slot_names()}
        attr = self.momentum_attr
        self._momentum = None if attr is None else float(getattr(self, attr))
        self._extra = {}

    def _slot_names(self):
        """Names of the per-parameter state vectors."""
        return ()

    def set_scratch(self, scratch):
        """Use ``scratch`` (theta-sized, shared) for temporaries from now on."""
        self._tmp = scratch

    @property
    def n_steps(self):
        """Number of updates done since ``init_state``."""
        return self._t

    @property
    def live_momentum(self):
        """The momentum of the next update (None without one)."""
        return self._momentum

    def set_momentum(self, value):
        """Set the live momentum for the next updates (no-op without one)."""
        if self.momentum_attr is not None:
            self._momentum = float(value)

    def step(self, theta, grad, lr):
        """Apply one update in place."""
        self._t += 1
        self._update(theta, grad, lr)

    def _update(self, theta, grad, lr):
        """The optimizer's own update rule."""
        raise NotImplementedError

    def state_dict(self):
        """The training state: step count, live momentum, slots (copies)."""
        state = {"t": self._t, "momentum": self._momentum, **self._extra}
        state.update({f"slots.{k}": v.copy() for k, v in self._slots.items()})
        return state

    def load_state_dict(self, state):
        """Set the state from :meth:`state_dict`'s output (after ``init_state``)."""
        slots = {k[6:]: v for k, v in state.items() if k.startswith("slots.")}
        if set(slots) != set(self._slots):
            raise ValueError(
                f"optimizer state has slots {sorted(slots)}; "
                f"{type(self).__name__} needs {sorted(self._slots)}"
            )
        for name, value in slots.items():
            value = np.asarray(value)
            if value.shape != self._slots[name].shape:
                raise ValueError(
                    f"optimizer slot {name!r} must have shape "
                    f"{self._slots[name].shape}; got {value.shape}"
                )
            self._slots[name][...] = value
        self._t = int(state["t"])
        self._momentum = state["momentum"]
        self._extra = {
            k: v
            for k, v in state.items()
            if k not in ("t", "momentum") and not k.startswith("slots.")
        }
        return self

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("_tmp", None)  # shared scratch space, re-attached before training
        return state
