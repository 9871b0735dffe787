"""When one machine is not enough: Dask, loky workers and CSV files in chunks.

A grid search spread over worker processes gives exactly the sequential result,
because every fit is the same deterministic code on the same rows with the same
``random_state``; and ``partial_fit`` streams a CSV file through the scalers and the
MLP chunk by chunk.
"""

import os

import numpy as np
import pandas as pd
import psutil
import pytest
from distributed import Client, LocalCluster, get_task_stream
from joblib import parallel_config
from joblib.externals.loky import get_reusable_executor
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.datasets import load_breast_cancer, load_digits
from sklearn.model_selection import GridSearchCV, KFold, train_test_split
from threadpoolctl import threadpool_info, threadpool_limits

import skreg
from skreg import MinMaxScaler, RegularizedMLPClassifier, ZScoreScaler

ONE_BLAS_THREAD = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}

# Five epochs per fit on purpose: these tests are about where the fits run.
few_epochs = pytest.mark.filterwarnings(
    "ignore:Stochastic Optimizer:sklearn.exceptions.ConvergenceWarning"
)


# ------------------------------------------------------------------ grid search
def _digits(n_rows=360):
    X, y = load_digits(return_X_y=True)
    return X[:n_rows] / 16.0, y[:n_rows]


def _search(X, y, n_jobs=None):
    """A small dropout x alpha grid search over a tiny network."""
    mlp = RegularizedMLPClassifier((16,), max_iter=5, random_state=0)
    grid = {"dropout": [0.0, 0.3], "alpha": [1e-4, 1e-1]}
    cv = KFold(3, shuffle=True, random_state=0)
    return GridSearchCV(mlp, grid, cv=cv, n_jobs=n_jobs).fit(X, y)


def _sequential_search(X, y):
    """The reference: one process, and one BLAS thread like every worker.

    Different BLAS thread counts may split a matrix product differently and round
    differently; with the same count the comparison is about distribution only.
    """
    with threadpool_limits(limits=1):
        return _search(X, y)


def _assert_same_search(expected, got, X):
    for key in ["mean_test_score", "std_test_score", "rank_test_score"]:
        assert_array_equal(got.cv_results_[key], expected.cv_results_[key])
    for i in range(expected.n_splits_):
        key = f"split{i}_test_score"
        assert_array_equal(got.cv_results_[key], expected.cv_results_[key])
    assert got.best_params_ == expected.best_params_
    assert_array_equal(
        got.best_estimator_.predict_proba(X), expected.best_estimator_.predict_proba(X)
    )
    assert_array_equal(
        got.best_estimator_.predict(X), expected.best_estimator_.predict(X)
    )


@pytest.fixture
def restore_environ():
    """Undo the variables distributed's Nanny writes into this process's environ.

    Before spawning a worker it puts its ``pre-spawn-environ`` (BLAS threads,
    MALLOC_TRIM_THRESHOLD_, PYTHONHASHSEED) into ``os.environ`` of the parent.
    """
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)


def _running(pid):
    """Whether process ``pid`` still runs (an exited, unreaped zombie does not)."""
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _new_children(before):
    """Running child processes started since ``before``, but the resource tracker.

    multiprocessing starts one resource tracker per interpreter the first time it
    spawns a process; it is shared, never a worker, and exits with the interpreter.
    """
    left = []
    for process in psutil.Process().children(recursive=True):
        if process.pid in before or not _running(process.pid):
            continue
        try:
            command = " ".join(process.cmdline())
        except psutil.NoSuchProcess:  # it exited meanwhile
            continue
        if "resource_tracker" not in command:
            left.append(command)
    return left


@few_epochs
def test_dask_grid_search_equals_sequential(restore_environ, monkeypatch):
    X, y = _digits()
    expected = _sequential_search(X, y)

    # Spawned workers inherit these before they import numpy, whatever the
    # environment or the dask configuration says.
    for name, value in ONE_BLAS_THREAD.items():
        monkeypatch.setenv(name, value)
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as client,
    ):
        blas = client.run(threadpool_info)
        assert len(blas) == 2
        for libraries in blas.values():
            assert libraries and all(lib["num_threads"] == 1 for lib in libraries)
        # The workers fit with the skreg under test, not some installed copy.
        assert set(client.run(lambda: skreg.__file__).values()) == {skreg.__file__}
        worker_pids = set(client.run(os.getpid).values())

        with get_task_stream(client) as tasks, parallel_config(backend="dask"):
            got = _search(X, y)
        assert {task["worker"] for task in tasks.data} <= set(blas)
        assert tasks.data, "no fit ran on the cluster"

    # Client closed before its cluster (the with-statement's order): no warnings.
    assert not [pid for pid in worker_pids if _running(pid)]
    assert not _new_children(before)
    _assert_same_search(expected, got, X)


@pytest.fixture
def shutdown_loky():
    """Stop joblib's reusable loky workers so that no process outlives the test."""
    yield
    get_reusable_executor().shutdown(wait=True)


@few_epochs
def test_loky_n_jobs_2_equals_n_jobs_1(shutdown_loky):
    X, y = _digits()
    expected = _sequential_search(X, y)
    with parallel_config(backend="loky", inner_max_num_threads=1):
        got = _search(X, y, n_jobs=2)
    _assert_same_search(expected, got, X)


# ------------------------------------------------------------ CSV in chunks
CHUNK_ROWS = 100


def _write_csv(frame, path):
    frame.to_csv(path, index=False)
    return path


def _features(chunk):
    return chunk.drop(columns="target")


@pytest.mark.parametrize(
    "load", [load_breast_cancer, load_digits], ids=lambda f: f.__name__
)
def test_scalers_streamed_from_csv_equal_one_fit(load, tmp_path):
    path = _write_csv(load(as_frame=True).frame, tmp_path / "data.csv")
    zscore, minmax = ZScoreScaler(), MinMaxScaler()
    n_chunks = 0
    for chunk in pd.read_csv(path, chunksize=CHUNK_ROWS):
        zscore.partial_fit(_features(chunk))
        minmax.partial_fit(_features(chunk))
        n_chunks += 1
    whole = _features(pd.read_csv(path))
    assert n_chunks == -(-len(whole) // CHUNK_ROWS) > 5

    zscore_fit, minmax_fit = ZScoreScaler().fit(whole), MinMaxScaler().fit(whole)
    for name in ["mean_", "var_", "scale_", "n_samples_seen_"]:
        assert_allclose(
            getattr(zscore, name), getattr(zscore_fit, name), rtol=1e-12, atol=0
        )
    for name in ["data_min_", "data_max_", "data_range_", "scale_", "min_"]:
        assert_allclose(
            getattr(minmax, name), getattr(minmax_fit, name), rtol=1e-12, atol=0
        )
    assert minmax.n_samples_seen_ == len(whole)
    assert_array_equal(zscore.feature_names_in_, whole.columns)
    assert_allclose(zscore.transform(whole), zscore_fit.transform(whole), atol=1e-12)


def _stream_mlp(path, passes):
    """Scaler statistics in one pass, then ``passes`` epochs of MLP chunks."""
    scaler = ZScoreScaler()
    for chunk in pd.read_csv(path, chunksize=CHUNK_ROWS):
        scaler.partial_fit(_features(chunk))
    clf = RegularizedMLPClassifier((64,), learning_rate_init=0.01, random_state=0)
    for _ in range(passes):
        for chunk in pd.read_csv(path, chunksize=CHUNK_ROWS):
            X = scaler.transform(_features(chunk))
            clf.partial_fit(X, chunk["target"], classes=np.arange(10))
    return scaler, clf


def test_mlp_streamed_from_csv_learns_and_is_deterministic(tmp_path):
    X, y = load_digits(return_X_y=True, as_frame=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.3, stratify=y, random_state=0
    )
    path = _write_csv(X_train.assign(target=y_train), tmp_path / "train.csv")

    scaler, clf = _stream_mlp(path, passes=3)
    assert clf.t_ == 3 * len(X_train)
    assert clf.score(scaler.transform(X_test), y_test) > 0.8  # chance is 0.1

    again_scaler, again = _stream_mlp(path, passes=3)
    assert_array_equal(again_scaler.mean_, scaler.mean_)
    params, again_params = (
        clf.coefs_ + clf.intercepts_,
        again.coefs_ + again.intercepts_,
    )
    for a, b in zip(again_params, params, strict=True):
        assert_array_equal(a, b)
