"""Ctrl-C during fit or partial_fit leaves a consistent, usable model.

Each scenario runs in a subprocess that sends SIGINT to itself from a timer while
a real fit is running: the first Ctrl-C ends training at the last complete epoch
(or iteration), warns and returns; a second one aborts as usual.
"""

import subprocess
import sys
import textwrap

import pytest

PRELUDE = textwrap.dedent(
    """
    import os, signal, threading, warnings
    import numpy as np
    from sklearn.datasets import load_digits
    from skreg import RegularizedMLPClassifier

    X, y = load_digits(return_X_y=True)
    X = X / 16

    def ctrl_c_in(seconds):
        threading.Timer(seconds, os.kill, (os.getpid(), signal.SIGINT)).start()

    def endless(**kw):  # never stops by itself: only Ctrl-C ends it
        params = dict(hidden_layer_sizes=(64,), max_iter=10**6, tol=0.0,
                      n_iter_no_change=np.inf, random_state=0, max_fun=10**9)
        params.update(kw)
        return RegularizedMLPClassifier(**params)

    def interrupted(caught):
        return any("interrupted by user" in str(w.message) for w in caught)
    """
)

FIT = PRELUDE + textwrap.dedent(
    """
    for solver in ["sgd", "adam", "rmsprop", "nadam", "adamw", "lbfgs"]:
        clf = endless(solver=solver)
        ctrl_c_in(0.4)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            clf.fit(X, y)
        assert interrupted(caught), (solver, [str(w.message) for w in caught])
        assert 0 < clf.n_iter_ < 10**6
        assert len(clf.history_) == clf.n_iter_
        if solver != "lbfgs":
            assert len(clf.loss_curve_) == clf.n_iter_, solver
            assert clf.t_ == clf.n_iter_ * len(X)
            # the unfinished epoch's moments belonged to weights that were
            # dropped: the optimizer starts afresh from the restored ones
            assert clf.optimizer_.n_steps == 0
        proba = clf.predict_proba(X)
        assert np.isfinite(proba).all() and clf.score(X, y) > 0.5, solver
        print(solver, clf.n_iter_)
    print("OK")
    """
)

PARTIAL_FIT = PRELUDE + textwrap.dedent(
    """
    for solver in ["sgd", "adam", "rmsprop", "nadam", "adamw"]:
        clf = endless(solver=solver)
        clf.partial_fit(X, y, classes=np.arange(10))
        ctrl_c_in(0.4)
        calls = 1
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            while not interrupted(caught):
                try:
                    before = [W.copy() for W in clf.coefs_]
                    clf.partial_fit(X, y)
                except KeyboardInterrupt:  # landed in this loop, not in skreg
                    ctrl_c_in(0.1)
                    continue
                calls += 1
        calls -= 1  # the interrupted call trained nothing
        # its epoch was undone: the model has the previous call's weights
        for W, W0 in zip(clf.coefs_, before, strict=True):
            assert np.array_equal(W, W0), solver
        assert len(clf.loss_curve_) == calls and clf.t_ == calls * len(X)
        clf.partial_fit(X, y)  # and training goes on from there
        assert len(clf.loss_curve_) == calls + 1
        print(solver, calls)
    print("OK")
    """
)

EARLY_STOPPING = PRELUDE + textwrap.dedent(
    """
    clf = endless(early_stopping=True, learning_rate_init=0.01)
    ctrl_c_in(0.6)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        clf.fit(X[:1200], y[:1200], X_val=X[1200:], y_val=y[1200:])
    assert interrupted(caught)
    assert "best ones under early stopping" in str(caught[-1].message)
    assert clf.best_validation_score_ == max(clf.validation_scores_)
    assert clf.score(X[1200:], y[1200:]) == clf.best_validation_score_
    print("OK", clf.n_iter_)
    """
)

TWICE = PRELUDE + textwrap.dedent(
    """
    import time
    from skreg.mlp.optimizers import Adam

    class SlowAdam(Adam):  # the first update lasts 2 s: both signals land in it
        def _update(self, theta, grad, lr):
            time.sleep(2.0)
            super()._update(theta, grad, lr)

    clf = endless(solver=SlowAdam())
    ctrl_c_in(0.8)
    ctrl_c_in(1.2)
    clf.fit(X, y)
    print("NOT INTERRUPTED")
    """
)


def _run(script, timeout=120):
    return subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.mark.parametrize(
    "script", [FIT, PARTIAL_FIT, EARLY_STOPPING], ids=["fit", "partial_fit", "early"]
)
def test_first_ctrl_c_keeps_a_usable_model(script):
    result = _run(script)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.splitlines()[-1].startswith("OK")


def test_second_ctrl_c_aborts():
    result = _run(TWICE)
    assert result.returncode != 0
    assert "KeyboardInterrupt" in result.stderr
    assert "NOT INTERRUPTED" not in result.stdout
