"""One fitted scaler used from many threads at once gives the sequential answers."""

import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
import scipy.sparse as sp
from numpy.testing import assert_array_equal

from skreg import MinMaxScaler, ZScoreScaler, _moments

N_THREADS = 8


def _inputs(dtype, seed):
    """One input per thread: different values, with NaN (the block-mending path)."""
    rng = np.random.default_rng(seed)
    inputs = []
    for _ in range(N_THREADS):
        X = 1e3 + rng.normal(size=(600, 7)) * rng.uniform(0.1, 10, 7)
        X[rng.random(X.shape) < 0.05] = np.nan
        inputs.append(X.astype(dtype))
    return inputs


def _run_together(func, inputs):
    """``func`` on every input, all threads released at the same moment."""
    barrier = threading.Barrier(len(inputs))

    def call(X):
        barrier.wait()
        return [func(X) for _ in range(3)]  # repeated to overlap more

    with ThreadPoolExecutor(max_workers=len(inputs)) as pool:
        return list(pool.map(call, inputs))


@pytest.fixture
def small_blocks(monkeypatch):
    """Many cache blocks per call, so the threads interleave inside the kernel."""
    monkeypatch.setattr(_moments, "_BLOCK_BYTES", 4096)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize(
    "scaler",
    [ZScoreScaler(), ZScoreScaler(with_mean=False), MinMaxScaler((-1, 1), clip=True)],
    ids=repr,
)
@pytest.mark.parametrize("method", ["transform", "inverse_transform"])
def test_threads_give_the_sequential_answers(scaler, method, dtype, small_blocks):
    scaler.fit(np.concatenate(_inputs(dtype, seed=1)))
    inputs = _inputs(dtype, seed=0)
    func = getattr(scaler, method)
    expected = [func(X) for X in inputs]
    for want, results in zip(expected, _run_together(func, inputs), strict=True):
        for result in results:
            assert result.dtype == dtype
            assert_array_equal(result, want)


def test_threads_with_sparse_input_and_copy_false(small_blocks):
    inputs = [
        sp.random(400, 6, density=0.3, format="csr", random_state=i)
        for i in range(N_THREADS)
    ]
    scaler = ZScoreScaler(with_mean=False).fit(sp.vstack(inputs))
    expected = [scaler.transform(X).toarray() for X in inputs]
    results = _run_together(lambda X: scaler.transform(X).toarray(), inputs)
    for want, got in zip(expected, results, strict=True):
        for result in got:
            assert_array_equal(result, want)
    # copy=False: each thread scales its own array in place, none sees another's.
    dense = [X.toarray() for X in inputs]
    in_place = ZScoreScaler(copy=False).fit(np.concatenate(dense))
    expected = [ZScoreScaler().fit(np.concatenate(dense)).transform(X) for X in dense]
    outputs = _run_together(lambda X: in_place.transform(X.copy()), dense)
    for want, got in zip(expected, outputs, strict=True):
        for result in got:
            assert_array_equal(result, want)
