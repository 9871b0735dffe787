"""Reproducible, thread-safe, never NaN: what a user relies on when sharing a model."""

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import skreg
from skreg import RegularizedMLPClassifier, RegularizedMLPRegressor

MAXIT = pytest.mark.filterwarnings("ignore:Stochastic Optimizer:UserWarning")
FANCY = dict(
    dropout=0.2, batch_norm=True, input_noise=0.1, l1=1e-4, max_norm=3.0,
    activity_l2=1e-4, learning_rate="one_cycle",
)  # fmt: skip


@pytest.fixture(scope="module")
def fitted(digits_small):
    X, y = digits_small
    clf = RegularizedMLPClassifier((32,), max_iter=5, random_state=0, dropout=0.2,
                                   batch_norm=True)  # fmt: skip
    with pytest.warns(UserWarning, match="Maximum iterations"):
        clf.fit(X, y)
    reg = RegularizedMLPRegressor(
        hidden_layer_sizes=(32,), max_iter=5, random_state=0, dropout=0.1
    )
    with pytest.warns(UserWarning, match="Maximum iterations"):
        reg.fit(X, y.astype(float))
    return clf, reg, X


# ------------------------------------------------------------ reproducibility
@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@pytest.mark.parametrize("cls", [RegularizedMLPClassifier, RegularizedMLPRegressor])
@pytest.mark.parametrize("solver", ["adam", "sgd", "lbfgs"])
def test_same_random_state_bitwise_and_no_global_state(cls, solver, blobs):
    X, y = blobs
    extra = FANCY if solver != "lbfgs" else dict(l1=1e-4, alpha=1e-3)
    params = dict(hidden_layer_sizes=(8, 8), max_iter=6, random_state=3,
                  solver=solver, early_stopping=solver != "lbfgs", **extra)  # fmt: skip
    np.random.seed(0)  # noqa: NPY002 - the global state is what is tested
    a = cls(**params).fit(X, y)
    np.random.seed(1)  # noqa: NPY002 - another global state must not matter
    state = np.random.get_state()  # noqa: NPY002
    b = cls(**params).fit(X, y)
    assert np.random.get_state()[1].tolist() == state[1].tolist()  # noqa: NPY002
    for wa, wb in zip(a.coefs_ + a.intercepts_, b.coefs_ + b.intercepts_, strict=True):
        np.testing.assert_array_equal(wa, wb)
    pred = a.predict_proba(X) if hasattr(a, "predict_proba") else a.predict(X)
    pred_b = b.predict_proba(X) if hasattr(b, "predict_proba") else b.predict(X)
    np.testing.assert_array_equal(pred, pred_b)
    if solver != "lbfgs":
        mc = a.predict_proba_mc if hasattr(a, "predict_proba_mc") else a.predict_mc
        mc_b = b.predict_proba_mc if hasattr(b, "predict_proba_mc") else b.predict_mc
        np.testing.assert_array_equal(
            mc(X, 3, random_state=0), mc_b(X, 3, random_state=0)
        )


@MAXIT
def test_a_saved_model_does_not_grow_with_the_training_rows(tmp_path, digits_small):
    X, y = digits_small
    sizes = []
    for n in (100, 600):
        clf = RegularizedMLPClassifier((16,), max_iter=3, random_state=0,
                                       early_stopping=True)  # fmt: skip
        clf.fit(X[:n], y[:n])
        path = tmp_path / f"model_{n}.skreg"
        skreg.save(clf, path)
        sizes.append(path.stat().st_size)
    # only the history's numbers differ (a few bytes), never the rows
    assert abs(sizes[1] - sizes[0]) < 200


# -------------------------------------------------------------- concurrency
@pytest.mark.parametrize("method", ["predict", "predict_proba", "predict_mc"])
def test_eight_threads_at_once_give_the_sequential_answers(fitted, method):
    clf, reg, X = fitted
    est = reg if method == "predict_mc" else clf
    chunks = [X[i::8] for i in range(8)]
    if method == "predict_mc":
        call = lambda Z: est.predict_mc(Z, n_samples=5, random_state=0)  # noqa: E731
    else:
        call = getattr(est, method)
    expected = [call(Z) for Z in chunks for _ in range(3)]
    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(call, [Z for Z in chunks for _ in range(3)]))
    for a, b in zip(expected, got, strict=True):
        np.testing.assert_array_equal(a, b)


# ----------------------------------------------------------------- property
FINITE = st.floats(-1e30, 1e30, allow_nan=False, allow_infinity=False, width=64)


@settings(max_examples=60, deadline=None)
@given(X=arrays(np.float64, st.tuples(st.integers(1, 6), st.just(64)), elements=FINITE))
def test_probabilities_are_finite_and_sum_to_one_for_any_finite_input(fitted, X):
    clf, _, _ = fitted
    proba = clf.predict_proba(X)
    assert np.isfinite(proba).all()
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-9)
    mc = clf.predict_proba_mc(X, n_samples=2, random_state=0)
    assert np.isfinite(mc).all()
