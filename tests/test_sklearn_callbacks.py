"""scikit-learn's callback API (sklearn.callback) on skreg's estimators."""

import importlib
import sys

import numpy as np
import pytest
from sklearn.datasets import load_digits
from sklearn.model_selection import GridSearchCV, KFold
from sklearn.pipeline import make_pipeline

import skreg
import skreg._callbacks
from skreg import (
    MinMaxScaler,
    RegularizedMLPClassifier,
    RegularizedMLPRegressor,
    ZScoreScaler,
)

callback = pytest.importorskip(
    "sklearn.callback", reason="sklearn.callback arrived in scikit-learn 1.9"
)
MAXIT = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits(return_X_y=True)
    return X[:400] / 16, y[:400]


def _epochs(log):
    frame = log.data_as_pandas
    return frame[frame["task_name"] == "epoch"]


@MAXIT
@pytest.mark.parametrize("solver", ["adam", "sgd", "lbfgs"])
def test_scoring_monitor_logs_a_score_per_epoch(solver, digits):
    X, y = digits
    monitor = callback.ScoringMonitor(scoring="accuracy")
    clf = RegularizedMLPClassifier((16,), solver=solver, max_iter=6, random_state=0)
    clf.set_callbacks(monitor).fit(X, y)
    epochs = _epochs(monitor.get_logs())
    assert len(epochs) == clf.n_iter_ == len(clf.history_)
    # each epoch's score is the model as it was then: the last one is the final
    assert epochs["accuracy"].iloc[-1] == pytest.approx(clf.score(X, y))
    assert epochs["accuracy"].iloc[-1] > epochs["accuracy"].iloc[0]


@MAXIT
def test_scoring_monitor_on_the_regressor_and_partial_fit(digits):
    X, y = digits
    monitor = callback.ScoringMonitor(scoring="r2")
    reg = RegularizedMLPRegressor(hidden_layer_sizes=(16,), max_iter=3, random_state=0)
    reg.set_callbacks(monitor)
    for _ in range(3):
        reg.partial_fit(X, y.astype(float))
    logs = monitor.get_logs(select="all")
    assert len(logs) == 3 and all(len(_epochs(log)) == 1 for log in logs)


@MAXIT
def test_a_callback_can_stop_training(digits):
    X, y = digits

    class StopAfterTwo:
        def setup(self, estimator, context):
            self.ends = 0

        def teardown(self, estimator, context):
            pass

        def on_fit_task_begin(self, estimator, context):
            pass

        def on_fit_task_end(self, estimator, context):
            if context.task_name == "epoch":
                self.ends += 1
                return self.ends == 2

    clf = RegularizedMLPClassifier((8,), max_iter=50, random_state=0)
    clf.set_callbacks(StopAfterTwo()).fit(X, y)
    assert clf.n_iter_ == 2


@MAXIT
def test_scoring_monitor_inside_grid_search(digits):
    X, y = digits
    monitor = callback.ScoringMonitor(scoring="accuracy")
    mlp = RegularizedMLPClassifier((8,), max_iter=3, random_state=0)
    search = GridSearchCV(
        mlp.set_callbacks(monitor), {"alpha": [1e-4, 1e-2]}, cv=KFold(2)
    ).fit(X, y)
    epochs = _epochs(monitor.get_logs())
    # 2 candidates x 2 folds + the refit, 3 epochs each
    assert len(epochs) == (2 * 2 + 1) * 3
    assert search.best_estimator_.n_iter_ == 3


@MAXIT
def test_progress_bar_alone_and_propagated_through_a_search(digits, capsys):
    pytest.importorskip("rich", reason="ProgressBar draws with rich")
    X, y = digits
    mlp = RegularizedMLPClassifier((8,), max_iter=3, random_state=0)
    mlp.set_callbacks(callback.ProgressBar()).fit(X, y)
    pipe = make_pipeline(ZScoreScaler(), RegularizedMLPClassifier((8,), max_iter=2))
    search = GridSearchCV(pipe, {"regularizedmlpclassifier__alpha": [1e-4, 1e-2]},
                          cv=KFold(2))  # fmt: skip
    search.set_callbacks(callback.ProgressBar(max_propagation_depth=None)).fit(X, y)
    out = capsys.readouterr().out
    assert "RegularizedMLPClassifier - fit" in out
    assert "GridSearchCV - fit" in out and "100%" in out


def test_without_sklearn_callback_set_callbacks_says_which_version(monkeypatch):
    monkeypatch.setitem(sys.modules, "sklearn.callback", None)  # as before 1.9
    old = importlib.reload(skreg._callbacks)
    try:
        assert not old.HAVE_CALLBACKS

        class Model(old.CallbackSupportMixin):
            pass

        with pytest.raises(ImportError, match=r"needs scikit-learn >= 1.9"):
            Model().set_callbacks(object())
        with old.fit_task(Model(), max_subtasks=3) as task:  # a no-op task
            assert task.subcontext(task_name="epoch").call_on_fit_task_end() is False
    finally:
        monkeypatch.undo()
        importlib.reload(skreg._callbacks)


@MAXIT
def test_no_callbacks_no_cost(digits):
    X, y = digits
    a = RegularizedMLPClassifier((8,), max_iter=3, random_state=0).fit(X, y)
    b = RegularizedMLPClassifier((8,), max_iter=3, random_state=0)
    b.set_callbacks(callback.ScoringMonitor(scoring="accuracy")).fit(X, y)
    for wa, wb in zip(a.coefs_, b.coefs_, strict=True):
        np.testing.assert_array_equal(wa, wb)  # callbacks observe, never change


class Recorder:
    """A plain FitCallback that keeps what each hook received."""

    def setup(self, estimator, context):
        self.calls = ["setup"]

    def teardown(self, estimator, context):
        self.calls.append("teardown")

    def on_fit_task_begin(self, estimator, context, *, X=None):
        self.calls.append(("begin", context.task_name, X.shape))

    def on_fit_task_end(self, estimator, context, *, fitted_estimator=None):
        self.calls.append(("end", context.task_name))
        self.fitted = fitted_estimator


@pytest.mark.parametrize("scaler", [ZScoreScaler(), MinMaxScaler()], ids=repr)
def test_scalers_report_their_fit_task(scaler, digits):
    X, _ = digits
    rec = Recorder()
    scaler.set_callbacks(rec).fit(X)
    assert rec.calls == [
        "setup", ("begin", "fit", X.shape), ("end", "fit"), "teardown"
    ]  # fmt: skip
    np.testing.assert_array_equal(rec.fitted.transform(X), scaler.transform(X))
    scaler.partial_fit(X[:10])
    assert rec.calls[-3:] == [("begin", "fit", (10, 64)), ("end", "fit"), "teardown"]


@MAXIT
def test_callbacks_are_observers_not_saved_with_the_model(tmp_path, digits):
    X, y = digits
    clf = RegularizedMLPClassifier((8,), max_iter=2, random_state=0)
    clf.set_callbacks(callback.ScoringMonitor(scoring="accuracy")).fit(X, y)
    skreg.save(clf, tmp_path / "model.skreg")
    loaded = skreg.load(tmp_path / "model.skreg")
    assert not hasattr(loaded, "_skl_callbacks")
    np.testing.assert_array_equal(loaded.predict_proba(X), clf.predict_proba(X))
