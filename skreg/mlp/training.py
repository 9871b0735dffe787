"""The training loops: mini-batch epochs and full-batch L-BFGS.

The loops know epochs, batches, the random generator, the loss and the
penalties (through the network), and call their callbacks at every epoch; they
never know which layers or which optimizer they drive, nor scikit-learn. What to
record, when to stop early and when to lower the learning rate are callbacks
(:mod:`skreg.mlp.callbacks`).

Both loops keep the network consistent when something goes wrong: Ctrl-C (the
first SIGINT; a second one aborts as usual) and a non-finite loss end training
with the parameters of the last complete epoch (or iteration), and the loop
reports why it stopped in ``stop_reason``.
"""

import math
import signal
import threading
import time
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass

import numpy as np
import scipy.optimize
import scipy.sparse as sp
from threadpoolctl import ThreadpoolController

from skreg.mlp.layers import Context
from skreg.mlp.schedules import Progress

#: below this many multiply-adds per batch (forward pass), training runs on one
#: BLAS thread: threads cost more than they give on such small products (the
#: digits with a (100,) network trained 7x slower on 2 threads than on 1 here)
SMALL_BATCH_WORK = 2e7

_CONTROLLER = None


def blas_threads(network, batch_size):
    """One BLAS thread for a small network and batch, else the library's default."""
    global _CONTROLLER
    work = batch_size * sum(layer.n_in * layer.n_out for layer in network.dense)
    if work >= SMALL_BATCH_WORK:
        return nullcontext()
    if _CONTROLLER is None:
        _CONTROLLER = ThreadpoolController()
    return _CONTROLLER.limit(limits=1, user_api="blas")


@dataclass
class TrainConfig:
    """Hyperparameters of the mini-batch loop.

    ``max_iter`` is the planned number of epochs (the horizon of per-step
    schedules and of the time-left estimate), not the epochs of one call.
    """

    batch_size: int
    max_iter: int = 200
    shuffle: bool = True
    learning_rate_init: float = 1e-3
    clip_grad_norm: float | None = None


class _Interrupt:
    """Set by the first Ctrl-C while a loop runs."""

    requested = False


@contextmanager
def interruptible():
    """Turn the first SIGINT into a request to stop; the second one aborts.

    Nested uses share the outermost request (an estimator guards its whole
    ``fit``; the loop inside checks the same flag). Only the main thread can
    install signal handlers; elsewhere (a worker thread of a grid search)
    Ctrl-C keeps its usual meaning.
    """
    current = signal.getsignal(signal.SIGINT)
    if isinstance(current, _Handler):
        yield current.flag
        return
    if threading.current_thread() is not threading.main_thread():
        yield _Interrupt()
        return
    handler = _Handler(current)
    signal.signal(signal.SIGINT, handler)
    try:
        yield handler.flag
    finally:
        signal.signal(signal.SIGINT, current)


class _Handler:
    """skreg's SIGINT handler: remember the first, re-raise the second."""

    def __init__(self, previous):
        self.previous, self.flag = previous, _Interrupt()

    def __call__(self, signum, frame):
        if self.flag.requested:
            signal.signal(signal.SIGINT, self.previous)
            raise KeyboardInterrupt
        self.flag.requested = True


#: a batch loss this many times the first batch's loss means training diverged
EXPLOSION = 1e3


class Diverged(Exception):
    """Raised inside an epoch (by the loop or a callback) when training has
    diverged: the loop restores the epoch's starting point and stops."""

    def __init__(self, why):
        super().__init__(why)
        self.why = why


class _Abort(Exception):
    """Ends an epoch early because of Ctrl-C."""

    reason = "interrupted"


class _Loop:
    """What both loops share: callbacks, the stop flag, the plateau question."""

    def __init__(self, network, callbacks):
        self.network = network
        self.callbacks = list(callbacks)
        self.stop_training = False
        self.stop_reason = None
        self.divergence = None  # why training diverged, when it did

    def _call(self, hook, *args):
        for callback in self.callbacks:
            getattr(callback, hook)(self, *args)

    def plateau(self, msg):
        """Ask the callbacks to handle a plateau; True if one did."""
        return any(cb.on_plateau(self, msg) for cb in self.callbacks)


class Trainer(_Loop):
    """Runs mini-batch epochs of ``optimizer`` over ``network``.

    Parameters
    ----------
    network : Network
    optimizer : Optimizer
        With its state initialized for ``network.theta``.
    schedule : Schedule
    config : TrainConfig
    rng : numpy.random.Generator
        Dropout masks and input noise.
    shuffler : numpy.random.RandomState or Generator, default=None
        Shuffles the rows every epoch (``rng`` when None).
    callbacks : list of Callback
    progress : Progress, default=None
        The schedule's clock; updated in place.
    """

    def __init__(
        self,
        network,
        optimizer,
        schedule,
        config,
        *,
        rng,
        shuffler=None,
        callbacks=(),
        progress=None,
    ):
        super().__init__(network, callbacks)
        self.optimizer = optimizer
        self.schedule = schedule
        self.config = config
        self.shuffler = rng if shuffler is None else shuffler
        self.ctx = Context(training=True, dropout=True, rng=rng, backward=True)
        self.progress = Progress() if progress is None else progress
        self.lr = config.learning_rate_init

    def fit(self, X, Y, w, max_epochs):
        """Run up to ``max_epochs`` epochs; return :attr:`stop_reason`.

        ``stop_reason`` is None when every epoch ran, ``"stopped"`` when a
        callback stopped training, ``"interrupted"`` (Ctrl-C) or ``"diverged"``
        (a non-finite or exploding loss, or a callback raising
        :class:`Diverged`); in the last two cases the network and the clock are
        back where the unfinished epoch started, and the optimizer starts afresh.
        """
        self.network.allocate(self.config.batch_size)
        if not hasattr(self, "_snapshot"):  # reused by later calls
            self._bufs = {}
            self._snapshot = self.network.snapshot()
        snapshot = self._snapshot
        self._order = None  # the row order, reshuffled every epoch
        self._first_loss = None  # what an exploding loss is measured against
        threads = blas_threads(self.network, self.config.batch_size)
        with interruptible() as interrupt, threads:
            self._interrupt = interrupt
            self._call("on_train_begin")
            try:
                for _ in range(max_epochs):
                    if self._epoch(X, Y, w, snapshot):
                        break
            finally:
                self._call("on_train_end")
        return self.stop_reason

    def _epoch(self, X, Y, w, snapshot):
        """One epoch and its callbacks; True when training must stop."""
        self._call("on_epoch_begin")
        tic = time.perf_counter()
        self.network.snapshot(snapshot)
        clock = (self.progress.step, self.progress.epoch, self.progress.samples)
        try:
            with np.errstate(over="ignore", invalid="ignore"):  # _check_loss
                loss = self.run_epoch(X, Y, w)
            self.progress.epoch += 1
            self.progress.samples += X.shape[0]
            logs = {
                "epoch": self.progress.epoch,
                "loss": loss,
                "learning_rate": self.lr,
                "time": time.perf_counter() - tic,
            }
            self._call("on_epoch_end", logs)
        except (_Abort, Diverged) as stop:
            self.network.restore(snapshot)
            # The moments of an unfinished (or diverged) epoch do not belong to
            # the restored weights: the optimizer starts afresh from them. (A
            # copy of its state would cost two parameter vectors of memory.)
            self.optimizer.init_state(self.network.theta, self.network.scratch)
            self.progress.step, self.progress.epoch, self.progress.samples = clock
            self.stop_reason = "diverged" if isinstance(stop, Diverged) else stop.reason
            self.divergence = getattr(stop, "why", None)
            return True
        if self.stop_training:
            self.stop_reason = "stopped"
        return self.stop_training

    def _batches(self, n):
        """Yield index arrays or slices of one epoch's mini-batches.

        Each epoch shuffles the previous epoch's order, as scikit-learn's MLP
        does (``sample_idx = shuffle(sample_idx)``), so the same RandomState
        gives scikit-learn's batches.
        """
        bs = self.config.batch_size
        order = None
        if self.config.shuffle:
            perm = np.arange(n)
            self.shuffler.shuffle(perm)
            order = self._order = perm if self._order is None else self._order[perm]
        for start in range(0, n, bs):
            stop = min(start + bs, n)
            yield slice(start, stop) if order is None else order[start:stop]

    def _gather(self, A, idx):
        """Rows ``idx`` of ``A`` into a preallocated buffer of the network's dtype.

        Compact integer targets (uint8 class indicators) are gathered into a
        staging buffer of their own dtype and cast into the float buffer.
        """
        if A is None:
            return None
        compact = A.dtype != self.network.dtype
        if not compact and (isinstance(idx, slice) or sp.issparse(A)):
            return A[idx]  # a view, or a sparse row slice
        bufs = self._bufs.get(id(A))
        if bufs is None:
            shape = (self.config.batch_size,) + A.shape[1:]
            stage = np.empty(shape, dtype=A.dtype) if compact else None
            bufs = self._bufs[id(A)] = (np.empty(shape, self.network.dtype), stage)
        out, stage = bufs
        n = A[idx].shape[0] if isinstance(idx, slice) else len(idx)
        if not compact:
            return np.take(A, idx, axis=0, out=out[:n])
        rows = A[idx] if isinstance(idx, slice) else np.take(A, idx, 0, out=stage[:n])
        np.copyto(out[:n], rows)
        return out[:n]

    def _step(self):
        """One update: clipping, schedule, decoupled decay, optimizer, constraints."""
        if self.config.clip_grad_norm is not None:
            _clip(self.network.grad, self.config.clip_grad_norm)
        progress = self.progress
        self.lr = lr = self.schedule(self.config.learning_rate_init, progress)
        momentum = self.schedule.momentum(progress)
        if momentum is not None:
            self.optimizer.set_momentum(momentum)
        self.network.decay_weights(lr)
        self.optimizer.step(self.network.theta, self.network.grad, lr)
        self.network.apply_constraints()

    def run_epoch(self, X, Y, w):
        """Train one epoch; return its mean loss."""
        n = X.shape[0]
        steps = -(-n // self.config.batch_size)
        self.progress.steps_per_epoch = steps
        self.progress.total_steps = steps * self.config.max_iter
        if self._interrupt.requested:  # Ctrl-C before the epoch began
            raise _Abort()
        total = 0.0
        for idx in self._batches(n):
            xb, yb, wb = (self._gather(A, idx) for A in (X, Y, w))
            loss = self.network.loss_and_grad(xb, yb, wb, self.ctx, report=True)
            self._check_loss(loss)
            total += loss * xb.shape[0]
            self._step()
            self.progress.step += 1
            if self._interrupt.requested:
                raise _Abort()
        return total / n

    def _check_loss(self, loss):
        """Raise :class:`Diverged` for a non-finite or exploding batch loss."""
        if not math.isfinite(loss):
            raise Diverged(f"the training loss became {loss}")
        if self._first_loss is None:
            self._first_loss = loss
        elif loss > EXPLOSION * max(self._first_loss, 1e-12):
            raise Diverged(
                f"the training loss exploded from {self._first_loss:.4g} to "
                f"{loss:.4g} within one call"
            )


def _clip(grad, max_norm):
    """Rescale ``grad`` in place to an L2 norm of at most ``max_norm``."""
    norm = math.sqrt(float(np.dot(grad, grad)))
    if norm > max_norm:
        grad *= max_norm / (norm + 1e-6)  # PyTorch's clip_grad_norm_ factor


class LBFGS(_Loop):
    """Full-batch L-BFGS-B (scipy) over ``network``, one callback round per
    iteration.

    Parameters
    ----------
    network : Network
    max_iter, max_fun : int
        scipy's ``maxiter`` and ``maxfun``.
    tol : float
        scipy's ``gtol``.
    callbacks : list of Callback
    """

    def __init__(self, network, *, max_iter, max_fun, tol, callbacks=()):
        super().__init__(network, callbacks)
        self.max_iter, self.max_fun, self.tol = max_iter, max_fun, tol
        self.lr = None

    def fit(self, X, Y, w):
        """Minimize the loss; return scipy's result (``stop_reason`` is set)."""
        ctx = Context(training=True, backward=True)
        network = self.network

        def fun(x):
            network.theta[...] = x
            with np.errstate(over="ignore", invalid="ignore"):  # checked at the end
                loss = network.loss_and_grad(X, Y, w, ctx)
            return loss, network.grad.astype(np.float64)

        threads = blas_threads(network, X.shape[0])
        with interruptible() as interrupt, threads:
            self._interrupt, self._tic = interrupt, time.perf_counter()
            self._call("on_train_begin")
            self._call("on_epoch_begin")
            try:
                res = scipy.optimize.minimize(
                    fun,
                    network.theta.astype(np.float64),
                    method="L-BFGS-B",
                    jac=True,
                    callback=self._iteration,
                    options={
                        "maxfun": self.max_fun,
                        "maxiter": self.max_iter,
                        "gtol": self.tol,
                    },
                )
                network.theta[...] = res.x
            finally:
                self._call("on_train_end")
        if self.stop_reason is None and not (
            np.isfinite(res.fun) and np.isfinite(res.x).all()
        ):
            self.stop_reason = "diverged"
            self.divergence = f"the loss became {res.fun}"
        return res

    def _iteration(self, intermediate_result):
        """scipy's per-iteration callback: one epoch's worth of callbacks."""
        now = time.perf_counter()
        logs = {
            "loss": float(intermediate_result.fun),
            "learning_rate": None,
            "time": now - self._tic,
        }
        self._tic = now
        self._call("on_epoch_end", logs)
        if self._interrupt.requested:
            self.stop_reason = "interrupted"
        elif self.stop_training:
            self.stop_reason = "stopped"
        if self.stop_reason is not None:
            raise StopIteration
        self._call("on_epoch_begin")
