"""skreg.dropin: scikit-learn's class names, so that names, routes and reprs match."""

import pickle

import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn import neural_network, preprocessing
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline

import skreg
from skreg import dropin

# (drop-in, skreg parent, scikit-learn class)
PAIRS = [
    (dropin.StandardScaler, skreg.ZScoreScaler, preprocessing.StandardScaler),
    (dropin.MinMaxScaler, skreg.MinMaxScaler, preprocessing.MinMaxScaler),
    (
        dropin.MLPClassifier,
        skreg.RegularizedMLPClassifier,
        neural_network.MLPClassifier,
    ),
    (dropin.MLPRegressor, skreg.RegularizedMLPRegressor, neural_network.MLPRegressor),
]
IDS = [ours.__name__ for ours, _, _ in PAIRS]

# Parameters both sides share, with a non-default value each.
SHARED = {
    "StandardScaler": {"with_mean": False, "copy": False},
    "MinMaxScaler": {"feature_range": (-1, 1), "clip": True},
    "MLPClassifier": {"alpha": 1e-3, "hidden_layer_sizes": (7,)},
    "MLPRegressor": {"alpha": 1e-3, "hidden_layer_sizes": (7,)},
}


@pytest.mark.parametrize(("ours", "parent", "theirs"), PAIRS, ids=IDS)
def test_names_and_reprs_equal_sklearns(ours, parent, theirs):
    assert ours.__name__ == theirs.__name__
    assert issubclass(ours, parent)
    params = SHARED[ours.__name__]
    assert repr(ours(**params)) == repr(theirs(**params))
    mine = make_pipeline(dropin.StandardScaler(), ours(**params))
    anchor = make_pipeline(preprocessing.StandardScaler(), theirs(**params))
    assert [name for name, _ in mine.steps] == [name for name, _ in anchor.steps]
    assert repr(mine) == repr(anchor)


@pytest.mark.parametrize(("ours", "parent", "theirs"), PAIRS, ids=IDS)
def test_set_params_routes_like_sklearn(ours, parent, theirs):
    name = theirs.__name__.lower()
    key, value = next(iter(SHARED[ours.__name__].items()))
    pipe = make_pipeline(ours()).set_params(**{f"{name}__{key}": value})
    assert pipe.get_params()[f"{name}__{key}"] == value
    assert getattr(pipe[-1], key) == value


@pytest.mark.parametrize(("ours", "parent", "theirs"), PAIRS, ids=IDS)
def test_clone_get_params_and_pickle(ours, parent, theirs):
    estimator = ours(**SHARED[ours.__name__])
    copy = clone(estimator)
    assert type(copy) is ours
    assert copy.get_params() == estimator.get_params()
    # The parameters are the skreg parent's, all of them.
    assert set(estimator.get_params()) == set(parent().get_params())
    restored = pickle.loads(pickle.dumps(estimator))
    assert type(restored) is ours
    assert restored.get_params() == estimator.get_params()


@pytest.mark.parametrize(("ours", "parent", "theirs"), PAIRS, ids=IDS)
def test_isinstance_of_the_skreg_parent_not_of_sklearns(ours, parent, theirs):
    estimator = ours()
    assert isinstance(estimator, parent)
    assert not isinstance(estimator, theirs)


def test_fitted_scalers_pickle_and_behave_like_their_parents():
    X = np.random.default_rng(0).normal(size=(50, 3)) * [1, 10, 100]
    for ours, parent in [
        (dropin.StandardScaler, skreg.ZScoreScaler),
        (dropin.MinMaxScaler, skreg.MinMaxScaler),
    ]:
        fitted = ours().fit(X)
        restored = pickle.loads(pickle.dumps(fitted))
        assert_allclose(restored.transform(X), parent().fit(X).transform(X))


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_grid_search_over_a_dropin_pipeline():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 3))
    y = X @ [1.0, -2.0, 0.5]
    pipe = make_pipeline(
        dropin.MinMaxScaler(), dropin.MLPRegressor(max_iter=5, random_state=0)
    )
    grid = {"minmaxscaler__feature_range": [(0, 1), (-1, 1)]}
    search = GridSearchCV(pipe, grid, cv=2).fit(X, y)
    assert (
        search.best_params_["minmaxscaler__feature_range"]
        in grid["minmaxscaler__feature_range"]
    )
    assert type(search.best_estimator_[-1]) is dropin.MLPRegressor
