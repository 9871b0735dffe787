"""Callbacks are the training loop's seams: called in order, able to stop it."""

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning

from skreg import RegularizedMLPClassifier
from skreg.mlp.callbacks import Callback, EarlyStopping
from skreg.mlp.network import make_network
from skreg.mlp.optimizers import Adam
from skreg.mlp.schedules import Constant
from skreg.mlp.training import LBFGS, TrainConfig, Trainer


class Recorder(Callback):
    """Logs every hook; stops after ``stop_after`` epochs."""

    def __init__(self, stop_after=None):
        self.calls, self.stop_after, self.epochs = [], stop_after, 0

    def on_train_begin(self, trainer):
        self.calls.append("train_begin")

    def on_epoch_begin(self, trainer):
        self.calls.append("epoch_begin")

    def on_epoch_end(self, trainer, logs):
        self.calls.append(("epoch_end", sorted(logs)))
        self.epochs += 1
        if self.epochs == self.stop_after:
            trainer.stop_training = True

    def on_train_end(self, trainer):
        self.calls.append("train_end")


def _trainer(blobs, callbacks):
    X, y = blobs
    net = make_network(4, (8,), 3, activation="relu", loss="log_loss")
    rng = np.random.default_rng(0)
    net.theta[:] = 0.3 * rng.standard_normal(net.theta.size)
    opt = Adam()
    opt.init_state(net.theta, scratch=net.scratch)
    config = TrainConfig(batch_size=50, max_iter=10, learning_rate_init=0.01)
    trainer = Trainer(net, opt, Constant(), config, rng=rng, callbacks=callbacks)
    data = X.astype(np.float32), np.eye(3, dtype=np.float32)[y], None
    return trainer, data


def test_hooks_are_called_in_order_and_a_callback_stops_training(blobs):
    rec = Recorder(stop_after=2)
    trainer, data = _trainer(blobs, [rec])
    assert trainer.fit(*data, max_epochs=10) == "stopped"
    keys = ["epoch", "learning_rate", "loss", "time"]
    assert rec.calls == [
        "train_begin",
        "epoch_begin",
        ("epoch_end", keys),
        "epoch_begin",
        ("epoch_end", keys),
        "train_end",
    ]
    assert trainer.progress.epoch == 2


def test_running_every_epoch_reports_no_stop(blobs):
    rec = Recorder()
    trainer, data = _trainer(blobs, [rec])
    assert trainer.fit(*data, max_epochs=3) is None
    assert rec.epochs == 3 and trainer.progress.step == 9


def test_a_plateau_is_handled_by_another_callback_or_stops(blobs):
    class Record:
        best_loss_, _no_improvement_count = np.inf, 0

    class Handler(Callback):
        handled = 0

        def on_plateau(self, trainer, msg):
            self.handled += 1
            return self.handled < 3  # handle two plateaus, then let it stop

    handler = Handler()
    stopper = EarlyStopping(Record(), "loss", tol=10.0, patience=1)
    trainer, data = _trainer(blobs, [stopper, handler])
    assert trainer.fit(*data, max_epochs=50) == "stopped"
    assert handler.handled == 3
    # the first epoch improves on inf; each plateau then takes 2 epochs w/o gain
    assert trainer.progress.epoch == 1 + 3 * 2


def test_lbfgs_calls_the_callbacks_every_iteration(blobs):
    X, y = blobs
    net = make_network(4, (8,), 3, activation="tanh", loss="log_loss", dtype=np.float64)
    net.theta[:] = 0.3 * np.random.default_rng(0).standard_normal(net.theta.size)
    rec = Recorder(stop_after=4)
    loop = LBFGS(net, max_iter=100, max_fun=1000, tol=1e-8, callbacks=[rec])
    res = loop.fit(X, np.eye(3)[y], None)
    assert loop.stop_reason == "stopped" and res.nit == 4
    assert rec.calls.count("epoch_begin") == 4
    assert rec.calls[-1] == "train_end"
    np.testing.assert_array_equal(net.theta, res.x)


def test_lbfgs_history_and_verbose(blobs, capsys):
    X, y = blobs
    clf = RegularizedMLPClassifier(
        (8,), solver="lbfgs", max_iter=5, random_state=0, verbose=True
    )
    with pytest.warns(ConvergenceWarning, match="lbfgs failed to converge"):
        clf.fit(X, y)
    assert clf.n_iter_ == 5 and len(clf.history_) == 5
    losses = [h["loss"] for h in clf.history_]
    assert losses == sorted(losses, reverse=True)  # L-BFGS never goes up
    assert clf.loss_ == pytest.approx(losses[-1])
    assert not hasattr(clf, "loss_curve_")  # as scikit-learn: no curve for lbfgs
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 5 and out[0].startswith("Iteration 1, loss = ")


def test_adaptive_verbose_messages(blobs, capsys):
    X, y = blobs
    RegularizedMLPClassifier((4,), solver="sgd", learning_rate="adaptive", tol=10.0,
                             n_iter_no_change=1, max_iter=100, verbose=True,
                             random_state=0).fit(X, y)  # fmt: skip
    out = capsys.readouterr().out
    assert "Training loss did not improve more than tol=10.000000 for 1 " in out
    assert "Setting learning rate to 0.000200" in out
    assert out.rstrip().endswith("consecutive epochs. Stopping.")
    assert out.count("Stopping.") == 1
