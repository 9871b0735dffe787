"""Shared fixtures: off-screen plots, NumPy's global random state."""

import os

import numpy as np
import pytest

# Plots render off-screen in tests.
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture
def global_rng():
    """Reseed NumPy's legacy global random state; it is restored afterwards."""
    saved = np.random.get_state()  # noqa: NPY002 - the global state is under test
    yield np.random.seed  # noqa: NPY002
    np.random.set_state(saved)  # noqa: NPY002


@pytest.fixture
def global_state_unchanged():
    """``check(before) -> bool``: whether the global state is still ``before``."""

    def check(before):
        after = np.random.get_state()  # noqa: NPY002
        return (
            before[0] == after[0]
            and np.array_equal(before[1], after[1])
            and before[2:] == after[2:]
        )

    return check
