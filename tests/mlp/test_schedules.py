"""Each schedule's learning rate at chosen steps equals its formula."""

import copy
import math
from types import SimpleNamespace

import numpy as np
import pytest

from skreg import RegularizedMLPClassifier
from skreg.mlp.callbacks import ReduceLROnPlateau
from skreg.mlp.schedules import SCHEDULES, OneCycle, Progress, StepDecay

LR0 = 0.1
P = dict(steps_per_epoch=10, total_steps=100)


def _p(step, epoch=0, samples=0):
    return Progress(step=step, epoch=epoch, samples=samples, **P)


def _cos(a, b, f):
    return b + (a - b) * (1 + math.cos(math.pi * f)) / 2


FORMULAS = {
    "constant": [(_p(0), LR0), (_p(57, 5, 570), LR0)],
    "invscaling": [(_p(0), LR0), (_p(30, 3, 300), LR0 / 301**0.5)],
    "adaptive": [(_p(0), LR0), (_p(99, 9, 900), LR0)],
    "exponential": [(_p(0), LR0), (_p(50), LR0 * 0.1**0.5), (_p(100), LR0 * 0.1)],
    "inverse_time": [(_p(0), LR0), (_p(10), LR0 / 2), (_p(35), LR0 / 4.5)],
    "step": [
        (_p(0), LR0),
        (_p(95, 9), LR0),
        (_p(100, 10), LR0 / 2),
        (_p(250, 25), LR0 / 4),
    ],
    "cosine": [(_p(0), LR0), (_p(50), LR0 / 2), (_p(100), 0.0), (_p(150), 0.0)],
    "one_cycle": [
        (_p(0), LR0 / 25),
        (_p(15), _cos(LR0 / 25, LR0, 0.5)),
        (_p(30), LR0),
        (_p(65), _cos(LR0, LR0 / 25e4, 0.5)),
        (_p(100), LR0 / 25e4),
    ],
}


@pytest.mark.parametrize("name", sorted(SCHEDULES))
def test_learning_rate_matches_formula(name):
    assert name in FORMULAS, f"add formula checks for schedule {name!r}"
    schedule = SCHEDULES[name]()
    for progress, expected in FORMULAS[name]:
        assert schedule(LR0, progress) == pytest.approx(expected, rel=1e-12, abs=1e-15)


def test_one_cycle_cycles_momentum():
    s = OneCycle()
    assert s.momentum(_p(0)) == pytest.approx(0.95)
    assert s.momentum(_p(30)) == pytest.approx(0.85)
    assert s.momentum(_p(15)) == pytest.approx(0.90)
    assert s.momentum(_p(100)) == pytest.approx(0.95)


def test_adaptive_divides_by_five_then_stops():
    s, rule = SCHEDULES["adaptive"](), ReduceLROnPlateau()
    trainer = SimpleNamespace(schedule=s, lr=s(1e-3, _p(0)))
    assert trainer.lr == 1e-3
    assert rule.on_plateau(trainer, "stalled") is True  # handled: keep training
    assert s(1e-3, _p(1)) == pytest.approx(2e-4)
    for _ in range(10):
        trainer.lr = s(1e-3, _p(2))
        if not rule.on_plateau(trainer, "stalled"):
            break
    assert trainer.lr <= 1e-6 < 5 * trainer.lr
    assert s.get_config() == {}  # the factor is state, not config
    assert s.state_dict() == {"factor": pytest.approx(trainer.lr / 1e-3)}


def test_adaptive_training_lowers_the_rate_until_it_stops(blobs):
    # scikit-learn's test_adaptive_learning_rate, through skreg's callbacks.
    X, y = blobs
    clf = RegularizedMLPClassifier(
        (8,),
        solver="sgd",
        learning_rate="adaptive",
        tol=0.5,
        max_iter=3000,
        random_state=0,
    ).fit(X, y)
    assert clf.n_iter_ < clf.max_iter
    assert clf.learning_rate_init * clf.schedule_.factor < 1e-6


def test_step_schedule_steps_per_epoch_in_training(blobs):
    X, y = blobs
    clf = RegularizedMLPClassifier(
        (8,),
        learning_rate=StepDecay(drop=0.5, epochs_drop=2),
        max_iter=6,
        learning_rate_init=0.01,
        random_state=0,
        batch_size=50,
    )
    with pytest.warns(UserWarning, match="Maximum iterations"):
        clf.fit(X, y)
    lrs = [h["learning_rate"] for h in clf.history_]
    np.testing.assert_allclose(lrs, [0.01, 0.01, 0.005, 0.005, 0.0025, 0.0025])


def test_cosine_steps_per_update_in_training(blobs):
    X, y = blobs  # 150 rows, batch 50 -> 3 updates per epoch, 12 in total
    clf = RegularizedMLPClassifier(
        (8,),
        learning_rate="cosine",
        max_iter=4,
        learning_rate_init=0.01,
        random_state=0,
        batch_size=50,
    )
    with pytest.warns(UserWarning, match="Maximum iterations"):
        clf.fit(X, y)
    lrs = [h["learning_rate"] for h in clf.history_]  # rate of each last update
    expected = [_cos(0.01, 0.0, s / 12) for s in (2, 5, 8, 11)]
    np.testing.assert_allclose(lrs, expected, rtol=1e-12)


def test_one_cycle_cycles_sgd_momentum_in_training(blobs):
    X, y = blobs
    clf = RegularizedMLPClassifier(
        (8,),
        solver="sgd",
        learning_rate="one_cycle",
        max_iter=3,
        random_state=0,
    )
    with pytest.warns(UserWarning, match="Maximum iterations"):
        clf.fit(X, y)
    assert 0.85 <= clf.optimizer_.live_momentum <= 0.95
    assert clf.optimizer_.live_momentum != 0.9
    assert clf.optimizer_.momentum == 0.9  # the config is never changed


def test_schedule_object_is_copied_not_mutated(blobs):
    X, y = blobs
    sched = SCHEDULES["adaptive"]()
    before = copy.deepcopy(vars(sched))
    clf = RegularizedMLPClassifier(
        (8,), learning_rate=sched, max_iter=3, random_state=0
    )
    with pytest.warns(UserWarning, match="Maximum iterations"):
        clf.fit(X, y)
    assert vars(sched) == before
    assert clf.schedule_ is not sched
