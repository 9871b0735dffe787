"""Callbacks: the training loop's seams.

The :class:`~skreg.mlp.training.Trainer` calls every callback, in order, at the
beginning and end of training and of each epoch (for L-BFGS: each iteration).
``on_epoch_end`` receives the epoch's ``logs`` dict (``epoch``, ``loss``,
``learning_rate``, ``time``; a validation callback adds ``val_loss`` and
``val_score``) and may set ``trainer.stop_training``. A callback that watches for
plateaus asks the others through ``trainer.plateau()``; one that can act on a
plateau (lower the learning rate) answers in ``on_plateau``.

The bookkeeping that must outlive a call (the loss curve, the best validation
score, the no-improvement count...) is written by the callbacks into one
``record`` object under scikit-learn's attribute names: the estimator. Nothing
keeps a second copy.
"""

import sys
import time

import numpy as np

from skreg.mlp.layers import Context
from skreg.mlp.training import Diverged


class Callback:
    """Base callback: every hook does nothing."""

    def on_train_begin(self, trainer):
        """Before the first epoch of a call to ``Trainer.fit``."""

    def on_epoch_begin(self, trainer):
        """Before each epoch (L-BFGS: each iteration)."""

    def on_epoch_end(self, trainer, logs):
        """After each epoch, with its ``logs``; may set ``trainer.stop_training``."""

    def on_train_end(self, trainer):
        """After the last epoch, also when training stopped early or was interrupted."""

    def on_plateau(self, trainer, msg):
        """The monitored quantity stalled (``msg`` says how); return True if
        handled, to keep training."""
        return False


class Validation(Callback):
    """Add the loss and score of held-out data to each epoch's logs.

    Parameters
    ----------
    X, Y : ndarray
        Validation inputs and encoded targets, in the network's dtype.
    sample_weight : ndarray or None
    score : callable
        ``score(output) -> float`` (accuracy or R^2 of the decoded output).
    """

    def __init__(self, X, Y, sample_weight, score):
        self.X, self.Y, self.sample_weight, self.score = X, Y, sample_weight, score

    def on_epoch_end(self, trainer, logs):
        network = trainer.network
        with np.errstate(over="ignore", invalid="ignore"):  # checked just below
            out = network.forward(self.X, Context())
        if not np.isfinite(out).all():
            raise Diverged("the network's output on the validation data is not finite")
        loss = network.loss.value(out, self.Y, self.sample_weight)
        logs["val_loss"] = loss * network.loss.report_factor(network.n_outputs)
        logs["val_score"] = self.score(out)


class History(Callback):
    """Record each epoch in ``record``: ``loss_curve_``, ``history_``, ``t_``...

    Parameters
    ----------
    record : object
        Receives ``n_iter_`` (epochs of this call), ``t_`` (samples seen),
        ``loss_``, ``loss_curve_`` (when ``curve``) and ``history_``.
    n_samples : int
        Rows per epoch.
    curve : bool, default=True
        Whether to append to ``loss_curve_`` (scikit-learn has none for L-BFGS).
    count_samples : bool, default=True
        Whether epochs add to ``t_`` (not for L-BFGS, as in scikit-learn).
    """

    def __init__(self, record, n_samples, curve=True, count_samples=True):
        self.record, self.n_samples = record, n_samples
        self.curve, self.count_samples = curve, count_samples

    def on_train_begin(self, trainer):
        self.record.n_iter_ = 0

    def on_epoch_end(self, trainer, logs):
        rec = self.record
        rec.n_iter_ += 1
        if self.count_samples:
            rec.t_ += self.n_samples
        rec.loss_ = logs["loss"]
        if self.curve:
            rec.loss_curve_.append(logs["loss"])
        rec.history_.append(
            {
                "epoch": len(rec.history_) + 1,
                "loss": logs["loss"],
                "val_loss": logs.get("val_loss"),
                "val_score": logs.get("val_score"),
                "learning_rate": logs["learning_rate"],
                "time": logs["time"],
            }
        )


class EarlyStopping(Callback):
    """scikit-learn's no-improvement rule, with best-weight restore.

    With ``monitor="val_score"`` an epoch counts as no improvement when the
    validation score is below the best plus ``tol``; with ``monitor="loss"`` when
    the training loss is above the best minus ``tol``. When more than
    ``patience`` epochs in a row do not improve, training stops unless another
    callback handles the plateau (``ReduceLROnPlateau``). With
    ``restore_best_weights`` the network ends with the parameters and buffers of
    its best validation epoch.

    Parameters
    ----------
    record : object
        Keeps ``validation_scores_``, ``best_validation_score_``, ``best_loss_``
        and ``_no_improvement_count`` across calls.
    monitor : {"loss", "val_score"}
    tol : float
    patience : int or inf
    restore_best_weights : bool, default=True
        Only with ``monitor="val_score"``.
    verbose : bool, default=False
    """

    def __init__(
        self, record, monitor, tol, patience, restore_best_weights=True, verbose=False
    ):
        self.record, self.monitor = record, monitor
        self.tol, self.patience = tol, patience
        self.restore_best_weights = restore_best_weights and monitor == "val_score"
        self.verbose = verbose

    def on_train_begin(self, trainer):
        # The weights a call starts from are the best ones known so far (a warm
        # start after early stopping starts from the restored best weights).
        self._best = trainer.network.snapshot() if self.restore_best_weights else None

    def on_epoch_end(self, trainer, logs):
        if self._improved(trainer, logs):
            self.record._no_improvement_count = 0
        else:
            self.record._no_improvement_count += 1
        if self.record._no_improvement_count > self.patience:
            what = (
                "Validation score" if self.monitor == "val_score" else "Training loss"
            )
            msg = (
                f"{what} did not improve more than tol={self.tol:f} for "
                f"{self.patience} consecutive epochs."
            )
            if trainer.plateau(msg):
                self.record._no_improvement_count = 0
            else:
                trainer.stop_training = True
                if self.verbose:
                    print(msg + " Stopping.")

    def _improved(self, trainer, logs):
        rec = self.record
        if self.monitor == "loss":
            loss = logs["loss"]
            improved = not loss > rec.best_loss_ - self.tol
            rec.best_loss_ = min(rec.best_loss_, loss)
            return improved
        score = logs["val_score"]
        rec.validation_scores_.append(score)
        improved = not score < rec.best_validation_score_ + self.tol
        if score > rec.best_validation_score_:
            rec.best_validation_score_ = score
            if self._best is not None:
                trainer.network.snapshot(self._best)
        return improved

    def on_train_end(self, trainer):
        if self._best is not None:
            trainer.network.restore(self._best)


class ReduceLROnPlateau(Callback):
    """The plateau rule of scikit-learn's ``learning_rate="adaptive"``.

    On a plateau the schedule's rate is divided by ``divisor``, unless the rate
    is already at most ``min_lr``: then the plateau is left unhandled and
    training stops.

    Parameters
    ----------
    divisor : float, default=5.0
    min_lr : float, default=1e-6
    verbose : bool, default=False
    """

    def __init__(self, divisor=5.0, min_lr=1e-6, verbose=False):
        self.divisor, self.min_lr, self.verbose = divisor, min_lr, verbose

    def on_plateau(self, trainer, msg):
        if trainer.lr <= self.min_lr:
            return False  # too small to lower: the plateau stops training
        trainer.schedule.reduce(self.divisor)
        if self.verbose:
            print(f"{msg} Setting learning rate to {trainer.lr / self.divisor:f}")
        return True


class ProgressPrinter(Callback):
    """One line per epoch: loss, validation metrics, rate, elapsed and time left.

    Parameters
    ----------
    max_epochs : int
        For the estimate of the time left.
    label : str, default="Iteration"
    file : file-like, default=sys.stdout
    """

    def __init__(self, max_epochs, label="Iteration", file=None):
        self.max_epochs, self.label, self.file = max_epochs, label, file

    def on_train_begin(self, trainer):
        self._start, self._count = time.perf_counter(), 0

    def on_epoch_end(self, trainer, logs):
        self._count += 1
        elapsed = time.perf_counter() - self._start
        left = elapsed / self._count * max(self.max_epochs - self._count, 0)
        parts = [f"{self.label} {self._count}, loss = {logs['loss']:.8f}"]
        if logs.get("val_loss") is not None:
            parts.append(f"val_loss = {logs['val_loss']:.6f}")
            parts.append(f"val_score = {logs['val_score']:.6f}")
        if logs.get("learning_rate") is not None:
            parts.append(f"lr = {logs['learning_rate']:.3g}")
        parts.append(f"{elapsed:.2f}s elapsed, ~{left:.2f}s left")
        print(", ".join(parts), file=self.file or sys.stdout)


class SklearnBridge(Callback):
    """Each epoch (L-BFGS: iteration) as one subtask of scikit-learn's callback
    API (``sklearn.callback``), so ``ProgressBar`` and ``ScoringMonitor`` see
    training progress; a scikit-learn callback asking to stop stops training.

    Parameters
    ----------
    context : sklearn.callback.CallbackContext
        The estimator's root fit task.
    estimator : estimator
        The estimator being fitted.
    fitted : callable
        ``fitted() -> dict`` of the attributes that make a copy of the estimator
        predict as the network does now (evaluated only if a callback asks).
    X, y, metadata
        What the callbacks receive (e.g. to score the model).
    """

    def __init__(self, context, estimator, fitted, X=None, y=None, metadata=None):
        self.context, self.estimator, self.fitted = context, estimator, fitted
        self.data = dict(X=X, y=y, metadata=metadata)
        self._task = None

    def on_epoch_begin(self, trainer):
        self._task = self.context.subcontext(task_name="epoch")
        self._task.call_on_fit_task_begin(estimator=self.estimator, **self.data)

    def on_epoch_end(self, trainer, logs):
        task, self._task = self._task, None
        stop = task.call_on_fit_task_end(
            estimator=self.estimator, reconstruction_attributes=self.fitted,
            **self.data,
        )  # fmt: skip
        if stop:
            trainer.stop_training = True

    def on_train_end(self, trainer):
        if self._task is not None:  # begun, but training ended before it ran
            self._task.call_on_fit_task_end(estimator=self.estimator)
            self._task = None
