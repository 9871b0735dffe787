"""Pickles of skreg estimators carry a skreg version stamp; skops trusts their parts."""

import copy
import pickle

import numpy as np
import pytest
import skops.io as sio
from sklearn.datasets import load_diabetes
from test_persistence import assert_same_outputs

import skreg
from skreg import MinMaxScaler, ZScoreScaler
from skreg.persistence import InconsistentVersionWarning


def _fitted():
    X, _ = load_diabetes(return_X_y=True, as_frame=True)
    weights = np.linspace(0.5, 2.0, len(X))
    return {
        "zscore": (ZScoreScaler().fit(X), X),
        "zscore-weighted": (ZScoreScaler().fit(X, sample_weight=weights), X),
        "zscore-neither": (ZScoreScaler(with_mean=False, with_std=False).fit(X), X),
        "minmax": (MinMaxScaler(feature_range=(-1, 1), clip=True).fit(X), X),
        # Once the MLP estimators carry the mixin, one line each adds them here.
    }


FITTED = _fitted()


@pytest.mark.parametrize("name", list(FITTED))
def test_pickles_carry_the_skreg_version_and_round_trip(name):
    est, X = FITTED[name]
    state = est.__getstate__()
    assert state["_skreg_version"] == skreg.__version__
    assert "_skreg_version" not in vars(est)  # stamping leaves the estimator alone
    loaded = pickle.loads(pickle.dumps(est))  # same version: no warning
    assert "_skreg_version" not in vars(loaded)
    assert_same_outputs(est, loaded, X)
    assert copy.deepcopy(est).get_params() == est.get_params()


def test_unpickling_another_versions_pickle_warns(monkeypatch):
    est, X = FITTED["zscore"]
    monkeypatch.setattr(skreg, "__version__", "0.0.1")
    data = pickle.dumps(est)
    monkeypatch.undo()
    message = r"ZScoreScaler from skreg version 0\.0\.1 when using version 0\.1\.0"
    with pytest.warns(InconsistentVersionWarning, match=message) as record:
        loaded = pickle.loads(data)
    warning = record[0].message
    assert warning.original_skreg_version == "0.0.1"
    assert warning.current_skreg_version == skreg.__version__
    assert issubclass(InconsistentVersionWarning, UserWarning)
    np.testing.assert_array_equal(loaded.transform(X), est.transform(X))


def test_an_unstamped_pickle_warns_as_unknown_version():
    est, _ = FITTED["minmax"]
    state = {k: v for k, v in est.__getstate__().items() if k != "_skreg_version"}
    blank = MinMaxScaler.__new__(MinMaxScaler)
    with pytest.warns(InconsistentVersionWarning, match="from skreg version unknown"):
        blank.__setstate__(state)


@pytest.mark.parametrize("name", list(FITTED))
def test_skops_trusts_everything_but_the_skreg_class(name):
    est, X = FITTED[name]
    data = sio.dumps(est)
    untrusted = sio.get_untrusted_types(data=data)
    assert f"{type(est).__module__}.{type(est).__qualname__}" in untrusted
    assert all(t.startswith("skreg.") for t in untrusted), untrusted
    assert_same_outputs(est, sio.loads(data, trusted=untrusted), X)
