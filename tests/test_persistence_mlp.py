"""skreg.save/load of RegularizedMLPClassifier/Regressor (the network_ engine).

Written against the engine's contract: ``network_`` with ``get_config`` /
``Network.from_config`` and ``state_dict`` / ``load_state_dict``; ``optimizer_``
and ``schedule_`` registered in ``OPTIMIZERS`` / ``SCHEDULES`` with
``get_config`` / ``from_config`` (optimizers with a state dict); ``coefs_`` and
``intercepts_`` derived from the network. Rename to test_persistence_mlp.py once
that engine is in place.
"""

import json
import pickle

import numpy as np
import pytest
import skops.io as sio
from safetensors import safe_open
from sklearn.datasets import load_diabetes, load_iris
from test_persistence import assert_same, assert_same_outputs, round_trip
from test_persistence_security import est_of, no_code_runs, refused, rewrite

import skreg
from skreg import RegularizedMLPClassifier, RegularizedMLPRegressor, ZScoreScaler
from skreg.mlp.optimizers import OPTIMIZERS
from skreg.mlp.schedules import SCHEDULES

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


def _iris(labels=False):
    X, y = load_iris(return_X_y=True)
    if labels:
        y = np.array(["setosa", "versicolor", "virginica"], dtype=object)[y]
    return X, y


def _diabetes(outputs=1):
    X, y = load_diabetes(return_X_y=True)
    y = (y - y.mean()) / y.std()
    return X, (y if outputs == 1 else np.column_stack([y, -y]))


SMALL = dict(hidden_layer_sizes=(8, 4), max_iter=5, random_state=0)
CASES = {
    "classifier-dropout-batch-norm": (
        lambda: RegularizedMLPClassifier(dropout=0.2, batch_norm=True, **SMALL),
        _iris,
    ),
    "classifier-str-labels-sgd-cosine": (
        lambda: RegularizedMLPClassifier(
            solver="sgd", learning_rate="cosine", momentum=0.9, **SMALL
        ),
        lambda: _iris(labels=True),
    ),
    "classifier-binary-early-stopping": (
        lambda: RegularizedMLPClassifier(
            early_stopping=True,
            validation_fraction=0.3,
            n_iter_no_change=np.inf,
            **SMALL,
        ),
        lambda: (_iris()[0], _iris()[1] == 0),
    ),
    "classifier-lbfgs": (
        lambda: RegularizedMLPClassifier(solver="lbfgs", **SMALL),
        _iris,
    ),
    "classifier-optimizer-object": (
        lambda: RegularizedMLPClassifier(
            solver=OPTIMIZERS["adamw"](), learning_rate=SCHEDULES["cosine"](), **SMALL
        ),
        _iris,
    ),
    "regressor-float32-l1-max-norm": (
        lambda: RegularizedMLPRegressor(
            dtype="float32", l1=1e-4, max_norm=3.0, weight_decay=1e-3, **SMALL
        ),
        _diabetes,
    ),
    "regressor-multi-output-float64": (
        lambda: RegularizedMLPRegressor(dtype=np.float64, dropout=[0.1, 0.0], **SMALL),
        lambda: _diabetes(outputs=2),
    ),
}


def _fitted(case):
    make, data = CASES[case]
    X, y = data()
    return make().fit(X, y), X, y


_ENGINE = {"network_", "optimizer_", "schedule_", "_progress", "_views"}
_VIEWS = ["coefs_", "intercepts_", "bn_gamma_", "bn_beta_", "bn_running_mean_"]
_VIEWS += ["bn_running_var_"]


def _network_state(est):
    return est.network_.state_dict()


def _assert_same_component(a, b, name):
    """Optimizers/schedules: same class, config and state."""
    assert type(a) is type(b), name
    if a is None:
        return
    assert_same(a.get_config(), b.get_config(), f"{name}.get_config()")
    try:
        state = a.state_dict()
    except AttributeError:  # a spec object, not yet used
        return
    assert_same(state, b.state_dict(), f"{name}.state_dict()")


def assert_same_mlp(est, loaded):
    params = est.get_params(deep=False)
    for name in ("solver", "learning_rate"):
        if isinstance(params[name], str):
            assert params[name] == loaded.get_params()[name]
        else:
            _assert_same_component(params[name], loaded.get_params()[name], name)
    plain = set(vars(est)) - _ENGINE - set(_VIEWS) - {"solver", "learning_rate"}
    assert plain == set(vars(loaded)) - _ENGINE - set(_VIEWS) - {
        "solver",
        "learning_rate",
    }
    for name in plain:
        assert_same(vars(est)[name], vars(loaded)[name], name)
    assert_same(_network_state(est), _network_state(loaded), "state_dict")
    assert est.network_.get_config() == loaded.network_.get_config()
    for name in _VIEWS:
        assert_same(getattr(est, name), getattr(loaded, name), name)
    for name in ("optimizer_", "schedule_"):
        _assert_same_component(getattr(est, name), getattr(loaded, name), name)
    assert getattr(est, "_progress", None) == getattr(loaded, "_progress", None)


@pytest.mark.parametrize("case", list(CASES))
def test_mlp_round_trip_is_exact(case, tmp_path):
    est, X, _ = _fitted(case)
    loaded = round_trip(est, tmp_path)
    assert_same_outputs(est, loaded, X)
    assert_same_mlp(est, loaded)


def test_coefs_set_by_hand_are_saved(tmp_path):
    est, X, _ = _fitted("regressor-float32-l1-max-norm")
    est.coefs_[0] = est.coefs_[0] * 2  # scikit-learn lets users set these
    loaded = round_trip(est, tmp_path)
    assert_same(est.coefs_, loaded.coefs_, "coefs_")
    assert_same_outputs(est, loaded, X)


@pytest.mark.parametrize("case", ["classifier-dropout-batch-norm"])
def test_mc_dropout_of_a_loaded_classifier_samples_the_same(case, tmp_path):
    est, X, _ = _fitted(case)
    loaded = round_trip(est, tmp_path)
    a = est.predict_proba_mc(X[:10], n_samples=5, random_state=0)
    b = loaded.predict_proba_mc(X[:10], n_samples=5, random_state=0)
    assert a.tobytes() == b.tobytes()


@pytest.mark.parametrize(
    "case",
    [
        c
        for c in CASES
        if c not in ("classifier-lbfgs", "classifier-binary-early-stopping")
    ],
)
def test_partial_fit_of_a_loaded_mlp_continues_exactly(case, tmp_path):
    est, X, y = _fitted(case)
    loaded = round_trip(est, tmp_path)
    for _ in range(2):
        est.partial_fit(X, y)
        loaded.partial_fit(X, y)
    assert_same_outputs(est, loaded, X)
    assert_same(_network_state(est), _network_state(loaded), "state_dict")
    _assert_same_component(est.optimizer_, loaded.optimizer_, "optimizer_")


def test_derived_arrays_are_not_stored_twice(tmp_path):
    est, _, _ = _fitted("classifier-dropout-batch-norm")
    path = tmp_path / "mlp.skreg"
    skreg.save(est, path)
    with safe_open(path, framework="numpy") as f:
        tree = f.metadata()["tree"]
        n_values = sum(int(np.prod(f.get_slice(k).get_shape())) for k in f.keys())
    assert '"coefs_"' not in tree and '"intercepts_"' not in tree
    expected = sum(v.size for v in _network_state(est).values())
    slots = est.optimizer_.state_dict().values()
    expected += sum(v.size for v in slots if isinstance(v, np.ndarray))
    expected += est.classes_.size  # shared with _label_binarizer: stored once
    assert n_values == expected


def test_a_pipeline_with_an_mlp_loads_under_the_guard(tmp_path):
    X, y = _iris()
    from sklearn.pipeline import make_pipeline

    pipe = make_pipeline(ZScoreScaler(), RegularizedMLPClassifier(**SMALL)).fit(X, y)
    path = tmp_path / "pipe.skreg"
    skreg.save(pipe, path)
    skreg.load(path)
    with no_code_runs():
        loaded = skreg.load(path)
    assert_same_outputs(pipe, loaded, X)


def _mlp_file(tmp_path):
    est, _, _ = _fitted("classifier-dropout-batch-norm")
    path = tmp_path / "mlp.skreg"
    skreg.save(est, path)
    return path


def test_mlp_tampering_is_refused(tmp_path):
    def wrong_width(t):
        state = est_of(t)["attrs"]["network_"]["$network"]["state"]
        state["dense_1.W"], state["dense_0.W"] = state["dense_0.W"], state["dense_1.W"]

    refused(rewrite(_mlp_file(tmp_path), tree=wrong_width), "layer sizes")

    def unknown_optimizer(t):
        est_of(t)["attrs"]["optimizer_"]["$optimizer"]["name"] = "os.system"

    refused(rewrite(_mlp_file(tmp_path), tree=unknown_optimizer), "not registered")

    def huge_config(t):
        network = est_of(t)["attrs"]["network_"]["$network"]
        network["config"] = {"$dict": [["units", 10**12]]}

    refused(rewrite(_mlp_file(tmp_path), tree=huge_config), "declares a size above")

    def extra_state(t):
        state = est_of(t)["attrs"]["network_"]["$network"]["state"]
        state["dense_9.b"] = state["dense_0.W"]

    refused(rewrite(_mlp_file(tmp_path), tree=extra_state), "dense_9")

    def config_object(t):
        network = est_of(t)["attrs"]["network_"]["$network"]
        network["config"] = {"$est": json.loads(json.dumps(est_of(t)))}

    refused(rewrite(_mlp_file(tmp_path), tree=config_object), "JSON values only")


@pytest.mark.parametrize(
    "case", ["classifier-dropout-batch-norm", "regressor-float32-l1-max-norm"]
)
def test_mlp_pickles_are_stamped_and_skops_trusts_their_parts(case):
    est, X, _ = _fitted(case)
    assert est.__getstate__()["_skreg_version"] == skreg.__version__
    assert_same_outputs(est, pickle.loads(pickle.dumps(est)), X)
    untrusted = sio.get_untrusted_types(data=sio.dumps(est))
    assert all(t.startswith("skreg.") for t in untrusted), untrusted
