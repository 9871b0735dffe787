"""The training loop: mini-batches, loss + penalties, history, early stopping.

The loop knows epochs, batches, the random generator, the loss and the
penalties; it never knows which layers or which optimizer it drives.
"""

import time
import warnings
from dataclasses import dataclass, field

import numpy as np
import scipy.optimize
import scipy.sparse as sp
from sklearn.exceptions import ConvergenceWarning

from skreg.mlp.layers import Context
from skreg.mlp.schedules import Progress


@dataclass
class TrainState:
    """Everything that survives between epochs and ``partial_fit`` calls."""

    early_stopping: bool = False
    loss_curve: list = field(default_factory=list)
    validation_scores: list | None = None
    best_loss: float | None = np.inf
    best_validation_score: float | None = None
    no_improvement_count: int = 0
    n_iter: int = 0
    epochs: int = 0
    t: int = 0
    step: int = 0
    history: list = field(default_factory=list)
    best_theta: np.ndarray | None = None
    best_running: list | None = None

    def __post_init__(self):
        if self.early_stopping:
            self.validation_scores = []
            self.best_validation_score = -np.inf
            self.best_loss = None


@dataclass
class TrainConfig:
    """Hyperparameters of the stochastic loop."""

    batch_size: int
    shuffle: bool = True
    max_iter: int = 200
    tol: float = 1e-4
    n_iter_no_change: float = 10
    learning_rate_init: float = 1e-3
    verbose: int = 0
    regularizers: list = field(default_factory=list)
    constraint: object = None


def loss_and_grad(network, regularizers, X, Y, w, ctx):
    """Forward + backward on one batch; return loss incl. penalties.

    The gradient is left in ``network.grad``.
    """
    n = X.shape[0]
    sw_sum = n if w is None else float(w.sum())
    y_pred = network.forward(X, ctx)
    loss = network.loss.value(y_pred, Y, w) + network.penalty()
    delta = network.loss.delta(y_pred, Y, w, sw_sum, network.delta_buffer(n))
    network.backward(delta, ctx)
    nw = network.n_weights
    for reg in regularizers:
        loss += reg(
            network.theta[:nw], network.grad[:nw], 1.0 / sw_sum, network.scratch[:nw]
        )
    return loss


class Trainer:
    """Runs stochastic epochs of ``optimizer`` over ``network``."""

    def __init__(self, network, optimizer, schedule, config, rng):
        self.network = network
        self.optimizer = optimizer
        self.schedule = schedule
        self.config = config
        self.rng = rng
        self.ctx = Context(training=True, dropout=True, rng=rng)

    def _batches(self, n):
        """Yield index arrays or slices of one epoch's mini-batches."""
        bs = self.config.batch_size
        perm = self.rng.permutation(n) if self.config.shuffle else None
        for start in range(0, n, bs):
            stop = min(start + bs, n)
            yield slice(start, stop) if perm is None else perm[start:stop]

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

    def _step(self, progress):
        """One optimizer update with the scheduled rate; returns the rate."""
        lr = self.schedule(self.config.learning_rate_init, progress)
        momentum = self.schedule.momentum(progress)
        if momentum is not None:
            self.optimizer.set_momentum(momentum)
        self.optimizer.step(self.network.theta, self.network.grad, lr)
        if self.config.constraint is not None:
            self.network.apply_constraint(self.config.constraint)
        return lr

    def run_epoch(self, X, Y, w, state):
        """Train one epoch; return (mean loss, last learning rate)."""
        n = X.shape[0]
        steps = -(-n // self.config.batch_size)
        progress = Progress(
            state.step, state.epochs, state.t, steps, steps * self.config.max_iter
        )
        total, lr = 0.0, self.config.learning_rate_init
        for idx in self._batches(n):
            xb, yb, wb = (self._gather(A, idx) for A in (X, Y, w))
            batch_loss = loss_and_grad(
                self.network, self.config.regularizers, xb, yb, wb, self.ctx
            )
            total += batch_loss * xb.shape[0]
            lr = self._step(progress)
            progress.step += 1
        state.step = progress.step
        return total / n, lr

    def fit(self, X, Y, w, state, validate=None, incremental=False):
        """Run epochs until convergence, ``max_iter`` or one epoch if incremental.

        ``validate(network) -> (val_loss, val_score)`` drives early stopping
        when ``state.early_stopping`` is true.
        """
        cfg = self.config
        self.network.allocate(cfg.batch_size)
        self._bufs = {}
        start = time.perf_counter()
        state.n_iter = 0
        for it in range(cfg.max_iter):
            tic = time.perf_counter()
            loss, lr = self.run_epoch(X, Y, w, state)
            state.n_iter += 1
            state.epochs += 1
            state.t += X.shape[0]
            state.loss_curve.append(loss)
            val = validate(self.network) if validate is not None else (None, None)
            self._record(state, loss, val, lr, tic, start, it)
            if self._update_no_improvement(state, loss, val[1]):
                if self.schedule.on_plateau():
                    self._say("Stopping.")
                    break
                state.no_improvement_count = 0
            if incremental:
                break
            if state.n_iter == cfg.max_iter:
                warnings.warn(
                    f"Stochastic Optimizer: Maximum iterations ({cfg.max_iter}) "
                    "reached and the optimization hasn't converged yet.",
                    ConvergenceWarning,
                    stacklevel=2,
                )
        if state.early_stopping and state.best_theta is not None:
            self.network.theta[...] = state.best_theta
            self.network.set_running(state.best_running)
        return state

    def _say(self, msg):
        if self.config.verbose:
            print(msg)

    def _record(self, state, loss, val, lr, tic, start, it):
        """Append a history record and print the progress line."""
        now = time.perf_counter()
        rec = {
            "epoch": state.epochs,
            "loss": loss,
            "val_loss": val[0],
            "val_score": val[1],
            "learning_rate": lr,
            "time": now - tic,
        }
        state.history.append(rec)
        if self.config.verbose:
            elapsed = now - start
            left = elapsed / (it + 1) * (self.config.max_iter - it - 1)
            extra = (
                ""
                if val[0] is None
                else (f", val_loss = {val[0]:.6f}, val_score = {val[1]:.6f}")
            )
            print(
                f"Iteration {state.n_iter}, loss = {loss:.8f}{extra}, "
                f"lr = {lr:.3g}, {elapsed:.2f}s elapsed, ~{left:.2f}s left"
            )

    def _update_no_improvement(self, state, loss, val_score):
        """scikit-learn's stopping bookkeeping; True when patience ran out."""
        tol = self.config.tol
        if state.early_stopping:
            state.validation_scores.append(val_score)
            if val_score < state.best_validation_score + tol:
                state.no_improvement_count += 1
            else:
                state.no_improvement_count = 0
            if val_score > state.best_validation_score:
                state.best_validation_score = val_score
                state.best_theta = self.network.theta.copy()
                state.best_running = self.network.get_running()
        else:
            if loss > state.best_loss - tol:
                state.no_improvement_count += 1
            else:
                state.no_improvement_count = 0
            state.best_loss = min(state.best_loss, loss)
        return state.no_improvement_count > self.config.n_iter_no_change


def fit_lbfgs(network, regularizers, X, Y, w, *, max_iter, max_fun, tol):
    """Minimize the full-batch loss with scipy's L-BFGS-B; return (loss, n_iter)."""
    ctx = Context(training=True, dropout=False)

    def fun(x):
        network.theta[...] = x
        loss = loss_and_grad(network, regularizers, X, Y, w, ctx)
        return loss, network.grad.astype(np.float64)

    res = scipy.optimize.minimize(
        fun,
        network.theta.astype(np.float64),
        method="L-BFGS-B",
        jac=True,
        options={"maxfun": max_fun, "maxiter": max_iter, "gtol": tol},
    )
    if res.status != 0:
        warnings.warn(
            f"lbfgs failed to converge after {res.nit} iteration(s) "
            f"(status={res.status}):\n{res.message}.\n\n"
            "Increase the number of iterations to improve the convergence "
            f"(max_iter={max_iter}).",
            ConvergenceWarning,
            stacklevel=2,
        )
    network.theta[...] = res.x
    return float(res.fun), min(res.nit, max_iter)
