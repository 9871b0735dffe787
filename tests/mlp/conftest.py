"""Shared small data sets for the MLP tests."""

import numpy as np
import pytest
from sklearn.datasets import load_digits
from threadpoolctl import threadpool_limits


@pytest.fixture(autouse=True, scope="module")
def _single_blas_thread():
    """Tiny matrices: one BLAS thread is faster and immune to busy cores."""
    with threadpool_limits(limits=1, user_api="blas"):
        yield


@pytest.fixture(scope="session")
def digits_small():
    """600 rows of digits scaled to [0, 1]."""
    X, y = load_digits(return_X_y=True)
    return X[:600] / 16.0, y[:600]


@pytest.fixture(scope="session")
def blobs():
    """A small, well-separated 3-class problem."""
    rng = np.random.RandomState(0)
    centers = np.array([[2.0, 0, 0, 0], [0, 2.0, 0, 0], [0, 0, 2.0, 0]])
    y = rng.randint(0, 3, 150)
    X = centers[y] + 0.5 * rng.randn(150, 4)
    return X, y
