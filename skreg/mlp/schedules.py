"""Learning-rate schedules: ``lr = f(lr0, progress)``.

When a schedule steps
---------------------
The training loop asks the schedule for the learning rate **before every
optimizer update** (every mini-batch), passing a :class:`Progress` with

- ``step``: updates already done since the optimizer was created (0 for the
  first update of a fit),
- ``epoch``: epochs already completed,
- ``samples``: training samples seen in completed epochs (scikit-learn's ``t_``),
- ``steps_per_epoch`` and ``total_steps`` (``max_iter * steps_per_epoch``).

Each schedule documents which counter it reads, so the moment its value changes
is exact: ``exponential``, ``inverse_time``, ``cosine`` and ``one_cycle`` change
every update (per step); ``invscaling`` and ``step`` change only when an epoch
ends (per epoch; ``invscaling`` uses ``samples`` exactly like scikit-learn);
``adaptive`` changes only when the loss or validation score stalls for
``n_iter_no_change`` epochs (it divides the rate by 5, like scikit-learn; the
rule is the :class:`~skreg.mlp.callbacks.ReduceLROnPlateau` callback that the
estimator wires with it). A schedule's constructor arguments are its config;
``estimator_params`` names the estimator parameters that feed them. Add a
schedule by writing a class and a line in :data:`SCHEDULES`.
"""

import math
from dataclasses import dataclass

from skreg.mlp._config import Configurable, Registry


@dataclass
class Progress:
    """Counters describing where training is (see the module docstring)."""

    step: int = 0
    epoch: int = 0
    samples: int = 0
    steps_per_epoch: int = 1
    total_steps: int = 1


class Schedule(Configurable):
    """Base schedule: constant learning rate.

    ``estimator_params`` maps constructor arguments to the estimator parameters
    that feed them; ``reduces_on_plateau`` asks the estimator to wire the
    plateau rule of scikit-learn's ``"adaptive"`` schedule.
    """

    estimator_params = {}
    reduces_on_plateau = False

    @classmethod
    def from_estimator(cls, params):
        """An instance fed by the declared estimator parameters (a dict)."""
        return cls(**{arg: params[name] for arg, name in cls.estimator_params.items()})

    def __call__(self, lr0, progress):
        """Learning rate for the update about to happen."""
        return lr0

    def momentum(self, progress):
        """Momentum for the next update, or None to leave the optimizer's."""
        return None

    def state_dict(self):
        """What training changed in the schedule (empty for pure functions)."""
        return {}

    def load_state_dict(self, state):
        """Set the state from :meth:`state_dict`'s output."""
        return self


class Constant(Schedule):
    """``lr = lr0``."""


class InvScaling(Schedule):
    """``lr = lr0 / (samples + 1) ** power_t`` (per epoch, scikit-learn's;
    ``lr0`` for the first epoch of a new optimizer).

    Parameters
    ----------
    power_t : float, default=0.5
    """

    estimator_params = {"power_t": "power_t"}

    def __init__(self, power_t=0.5):
        self.power_t = power_t

    def __call__(self, lr0, progress):
        if progress.epoch == 0:  # a new optimizer starts at lr0, as scikit-learn's
            return lr0
        return lr0 / (progress.samples + 1) ** self.power_t


class Adaptive(Schedule):
    """Constant until a plateau, then ``lr /= 5``; training stops once a plateau
    is reached with ``lr <= 1e-6`` (scikit-learn's ``"adaptive"``).

    The current factor is the schedule's state; the plateau rule that changes it
    is the :class:`~skreg.mlp.callbacks.ReduceLROnPlateau` callback.
    """

    reduces_on_plateau = True

    def __call__(self, lr0, progress):
        return lr0 * self.factor

    @property
    def factor(self):
        """The product of the reductions so far."""
        return getattr(self, "_factor", 1.0)

    def reduce(self, divisor):
        """Divide the learning rate by ``divisor`` from now on."""
        self._factor = self.factor / divisor

    def state_dict(self):
        return {"factor": self.factor}

    def load_state_dict(self, state):
        self._factor = float(state["factor"])
        return self


class ExponentialDecay(Schedule):
    """``lr = lr0 * decay_rate ** (step / decay_steps)`` (per step).

    Parameters
    ----------
    decay_rate : float, default=0.1
    decay_steps : int or None, default=None
        None means ``total_steps``: the rate falls to ``lr0 * decay_rate`` at
        the end of ``max_iter`` epochs.
    """

    def __init__(self, decay_rate=0.1, decay_steps=None):
        self.decay_rate = decay_rate
        self.decay_steps = decay_steps

    def __call__(self, lr0, progress):
        s = self.decay_steps or progress.total_steps
        return lr0 * self.decay_rate ** (progress.step / s)


class InverseTimeDecay(Schedule):
    """``lr = lr0 / (1 + decay_rate * step / decay_steps)`` (1/t decay, per step).

    Parameters
    ----------
    decay_rate : float, default=1.0
    decay_steps : int or None, default=None
        None means ``steps_per_epoch``, i.e. ``lr0 / (1 + epochs)``.
    """

    def __init__(self, decay_rate=1.0, decay_steps=None):
        self.decay_rate = decay_rate
        self.decay_steps = decay_steps

    def __call__(self, lr0, progress):
        s = self.decay_steps or progress.steps_per_epoch
        return lr0 / (1.0 + self.decay_rate * progress.step / s)


class StepDecay(Schedule):
    """``lr = lr0 * drop ** (epoch // epochs_drop)`` (per epoch).

    Parameters
    ----------
    drop : float, default=0.5
    epochs_drop : int, default=10
    """

    def __init__(self, drop=0.5, epochs_drop=10):
        self.drop = drop
        self.epochs_drop = epochs_drop

    def __call__(self, lr0, progress):
        return lr0 * self.drop ** (progress.epoch // self.epochs_drop)


def _cos_anneal(start, end, frac):
    """Cosine interpolation from ``start`` (frac=0) to ``end`` (frac=1)."""
    return end + (start - end) * 0.5 * (1.0 + math.cos(math.pi * frac))


class CosineDecay(Schedule):
    """``lr = lr_min + (lr0 - lr_min) (1 + cos(pi min(step, T) / T)) / 2``,
    ``T = total_steps``, ``lr_min = min_ratio * lr0`` (per step).

    Parameters
    ----------
    min_ratio : float, default=0.0
    """

    def __init__(self, min_ratio=0.0):
        self.min_ratio = min_ratio

    def __call__(self, lr0, progress):
        frac = min(progress.step, progress.total_steps) / progress.total_steps
        return _cos_anneal(lr0, lr0 * self.min_ratio, frac)


class OneCycle(Schedule):
    """1-cycle policy (Smith, 2018) with cosine phases, per step.

    With ``T = total_steps`` and ``T1 = pct_start * T``: for ``step <= T1`` the
    rate rises from ``lr0 / div_factor`` to ``lr0`` while momentum falls from
    ``max_momentum`` to ``base_momentum``; afterwards the rate falls to
    ``lr0 / (div_factor * final_div_factor)`` while momentum rises back.
    Momentum (SGD's ``momentum``, Adam's ``beta_1``) is cycled when the solver
    has one.

    Parameters
    ----------
    pct_start : float, default=0.3
    div_factor : float, default=25.0
    final_div_factor : float, default=1e4
    base_momentum : float, default=0.85
    max_momentum : float, default=0.95
    """

    def __init__(
        self,
        pct_start=0.3,
        div_factor=25.0,
        final_div_factor=1e4,
        base_momentum=0.85,
        max_momentum=0.95,
    ):
        self.pct_start = pct_start
        self.div_factor = div_factor
        self.final_div_factor = final_div_factor
        self.base_momentum = base_momentum
        self.max_momentum = max_momentum

    def _phase(self, progress):
        """Return (phase, fraction of the phase done)."""
        t1 = self.pct_start * progress.total_steps
        s = min(progress.step, progress.total_steps)
        if s <= t1:
            return 0, (s / t1 if t1 > 0 else 1.0)
        return 1, (s - t1) / (progress.total_steps - t1)

    def __call__(self, lr0, progress):
        phase, frac = self._phase(progress)
        if phase == 0:
            return _cos_anneal(lr0 / self.div_factor, lr0, frac)
        final = lr0 / (self.div_factor * self.final_div_factor)
        return _cos_anneal(lr0, final, frac)

    def momentum(self, progress):
        phase, frac = self._phase(progress)
        lo, hi = self.base_momentum, self.max_momentum
        return _cos_anneal(hi, lo, frac) if phase == 0 else _cos_anneal(lo, hi, frac)


SCHEDULES = Registry(
    "schedule",
    {
        "constant": Constant,
        "invscaling": InvScaling,
        "adaptive": Adaptive,
        "exponential": ExponentialDecay,
        "inverse_time": InverseTimeDecay,
        "step": StepDecay,
        "cosine": CosineDecay,
        "one_cycle": OneCycle,
    },
)
