"""skreg.dropin: skreg's estimators under scikit-learn's names."""

import pickle

import numpy as np
import pytest
import sklearn.neural_network as sk_nn
import sklearn.preprocessing as sk_pre
from sklearn.base import clone
from sklearn.pipeline import make_pipeline

import skreg
from skreg import dropin

PAIRS = [
    (dropin.StandardScaler, sk_pre.StandardScaler, skreg.ZScoreScaler),
    (dropin.MinMaxScaler, sk_pre.MinMaxScaler, skreg.MinMaxScaler),
    (dropin.MLPClassifier, sk_nn.MLPClassifier, skreg.RegularizedMLPClassifier),
    (dropin.MLPRegressor, sk_nn.MLPRegressor, skreg.RegularizedMLPRegressor),
]


@pytest.mark.parametrize("ours, theirs, base", PAIRS, ids=lambda c: c.__name__)
def test_names_reprs_and_routes_are_scikit_learns(ours, theirs, base):
    assert ours.__name__ == theirs.__name__ and issubclass(ours, base)
    a, b = make_pipeline(ours()), make_pipeline(theirs())
    assert list(a.named_steps) == list(b.named_steps)
    assert repr(ours()) == repr(theirs())
    shared = set(theirs().get_params()) & set(ours().get_params())
    assert shared == set(theirs().get_params())  # every scikit-learn parameter
    name = a.steps[0][0]
    param = sorted(shared)[0]
    a.set_params(**{f"{name}__{param}": b.get_params()[f"{name}__{param}"]})
    est = clone(ours())
    assert type(pickle.loads(pickle.dumps(est))) is ours


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_swapping_the_import_gives_scikit_learns_numbers():
    rng = np.random.RandomState(0)
    X, y = rng.randn(80, 5), rng.randint(0, 3, 80)
    Xs = make_pipeline(dropin.StandardScaler()).fit_transform(X)
    Xt = make_pipeline(sk_pre.StandardScaler()).fit_transform(X)
    np.testing.assert_allclose(Xs, Xt, rtol=1e-12)
    ours = dropin.MLPClassifier((8,), max_iter=15, random_state=0).fit(Xs, y)
    theirs = sk_nn.MLPClassifier((8,), max_iter=15, random_state=0).fit(Xt, y)
    np.testing.assert_allclose(ours.predict_proba(X), theirs.predict_proba(X),
                               rtol=1e-10)  # fmt: skip
