"""The scikit-learn front: API, attributes, determinism, MC dropout, data types."""

import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV, KFold
from sklearn.neural_network import MLPClassifier, MLPRegressor

from skreg import RegularizedMLPClassifier, RegularizedMLPRegressor
from skreg.mlp.initializers import INITIALIZERS

MAXIT = pytest.mark.filterwarnings("ignore:Stochastic Optimizer:UserWarning")
FANCY = dict(
    dropout=0.2,
    batch_norm=True,
    input_noise=0.1,
    l1=1e-4,
    max_norm=3.0,
    activity_l2=1e-4,
)


def _clf(**kw):
    params = dict(hidden_layer_sizes=(16,), random_state=0, max_iter=20)
    params.update(kw)
    return RegularizedMLPClassifier(**params)


# ------------------------------------------------------------- sklearn parity
SK_PARAMS = set(MLPClassifier().get_params())


@pytest.mark.parametrize(
    "cls, sk",
    [
        (RegularizedMLPClassifier, MLPClassifier),
        (RegularizedMLPRegressor, MLPRegressor),
    ],
)
def test_every_scikit_learn_parameter_with_same_default(cls, sk):
    ours, theirs = cls().get_params(), sk().get_params()
    for name, value in theirs.items():
        assert name in ours
        assert ours[name] == value, name


@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_one_epoch_matches_scikit_learn_exactly(solver, blobs):
    """Same start, same data order -> the same update as scikit-learn."""
    X, y = blobs
    common = dict(
        hidden_layer_sizes=(7,),
        activation="tanh",
        solver=solver,
        alpha=0.01,
        batch_size=40,
        shuffle=False,
        max_iter=1,
        warm_start=True,
        learning_rate_init=0.05,
        random_state=0,
    )
    sk = MLPClassifier(**common)
    ours = RegularizedMLPClassifier(dtype="float64", **common)
    with pytest.warns(ConvergenceWarning):
        sk.fit(X, y)
    with pytest.warns(ConvergenceWarning):
        ours.fit(X, y)
    ours.coefs_ = [c.copy() for c in sk.coefs_]
    ours.intercepts_ = [c.copy() for c in sk.intercepts_]
    with pytest.warns(ConvergenceWarning):
        sk.fit(X, y)
    with pytest.warns(ConvergenceWarning):
        ours.fit(X, y)
    for a, b in zip(
        ours.coefs_ + ours.intercepts_, sk.coefs_ + sk.intercepts_, strict=True
    ):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)
    assert ours.loss_ == pytest.approx(sk.loss_, rel=1e-10)


@MAXIT
def test_fitted_attributes(blobs):
    X, y = blobs
    clf = _clf(early_stopping=True, batch_norm=True).fit(X, y)
    for name in [
        "coefs_",
        "intercepts_",
        "loss_curve_",
        "validation_scores_",
        "best_validation_score_",
        "n_iter_",
        "t_",
        "classes_",
        "n_layers_",
        "n_outputs_",
        "out_activation_",
        "n_features_in_",
        "history_",
        "loss_",
        "optimizer_",
        "schedule_",
    ]:
        assert hasattr(clf, name), name
    assert clf.best_loss_ is None
    assert clf.n_layers_ == 3 and clf.n_outputs_ == 3
    assert clf.out_activation_ == "softmax"
    assert [W.shape for W in clf.coefs_] == [(4, 16), (16, 3)]
    assert clf.coefs_[0].dtype == np.float64  # the input's dtype
    assert len(clf.bn_running_mean_) == 1
    assert clf.t_ == clf.n_iter_ * 135
    rec = clf.history_[-1]
    assert set(rec) == {
        "epoch",
        "loss",
        "val_loss",
        "val_score",
        "learning_rate",
        "time",
    }
    assert rec["val_score"] == clf.validation_scores_[-1]


@MAXIT
@pytest.mark.parametrize("cls", [RegularizedMLPClassifier, RegularizedMLPRegressor])
@pytest.mark.parametrize(
    "dtype, X_dtype, expected",
    [
        (None, np.float64, np.float64),
        (None, np.float32, np.float32),
        (None, np.int64, np.float64),
        ("float32", np.float64, np.float32),
        (np.float64, np.float32, np.float64),
    ],
)
def test_compute_dtype_follows_the_input_unless_given(cls, dtype, X_dtype, expected):
    X, y = np.random.RandomState(0).randn(60, 3), np.arange(60) % 3
    est = cls(hidden_layer_sizes=(4,), max_iter=2, dtype=dtype, random_state=0)
    est.fit(X.astype(X_dtype), y)
    attrs = est.coefs_ + est.intercepts_
    assert {a.dtype for a in attrs} == {np.dtype(expected)}
    out = est.predict_proba(X) if hasattr(est, "predict_proba") else est.predict(X)
    assert out.dtype == expected  # predictions in the compute dtype too
    if hasattr(est, "predict_mc"):
        est.set_params(dropout=0.1, warm_start=True).fit(X.astype(X_dtype), y)
        assert est.predict_mc(X, 2).dtype == expected
    est.set_params(warm_start=True).fit(X, y)  # float64 data: the network keeps
    assert est.coefs_[0].dtype == expected  # its dtype


def test_convergence_warning_at_max_iter(blobs):
    X, y = blobs
    with pytest.warns(ConvergenceWarning, match=r"Maximum iterations \(3\)"):
        _clf(max_iter=3).fit(X, y)


def test_stops_on_training_loss_plateau(blobs):
    X, y = blobs
    # scikit-learn stops once the count exceeds n_iter_no_change: epoch 1
    # improves on inf, epochs 2-4 do not improve by tol=1.
    clf = _clf(max_iter=500, tol=1.0, n_iter_no_change=2).fit(X, y)
    sk = MLPClassifier((16,), max_iter=500, tol=1.0, n_iter_no_change=2).fit(X, y)
    assert clf.n_iter_ == sk.n_iter_ == 4


# ------------------------------------------------------------- determinism
@MAXIT
@pytest.mark.parametrize("cls", [RegularizedMLPClassifier, RegularizedMLPRegressor])
def test_same_random_state_bitwise_identical(cls, blobs):
    X, y = blobs
    a = cls(hidden_layer_sizes=(16, 8), max_iter=5, random_state=3, **FANCY).fit(X, y)
    b = cls(hidden_layer_sizes=(16, 8), max_iter=5, random_state=3, **FANCY).fit(X, y)
    c = cls(hidden_layer_sizes=(16, 8), max_iter=5, random_state=4, **FANCY).fit(X, y)
    for wa, wb in zip(a.coefs_ + a.intercepts_, b.coefs_ + b.intercepts_, strict=True):
        np.testing.assert_array_equal(wa, wb)
    np.testing.assert_array_equal(a.predict(X), b.predict(X))
    assert not np.array_equal(a.coefs_[0], c.coefs_[0])


@MAXIT
def test_pickle_round_trip(blobs):
    X, y = blobs
    clf = _clf(**FANCY).fit(X, y)
    clone = pickle.loads(pickle.dumps(clf))
    np.testing.assert_array_equal(clf.predict_proba(X), clone.predict_proba(X))


# ------------------------------------------------------------- MC dropout
@MAXIT
def test_predict_proba_mc(blobs):
    X, y = blobs
    clf = _clf(dropout=0.3, batch_norm=True, max_iter=30).fit(X, y)
    coefs = [c.copy() for c in clf.coefs_]
    running = [m.copy() for m in clf.bn_running_mean_ + clf.bn_running_var_]
    gamma = [g.copy() for g in clf.bn_gamma_]
    proba = clf.predict_proba(X)
    mc = clf.predict_proba_mc(X, n_samples=30, random_state=0)
    assert mc.shape == (30, len(X), 3)
    np.testing.assert_allclose(mc.sum(axis=2), 1.0, rtol=1e-6)
    assert mc.std(axis=0).max() > 0  # masks were sampled
    np.testing.assert_array_equal(mc, clf.predict_proba_mc(X, 30, random_state=0))
    assert not np.array_equal(mc, clf.predict_proba_mc(X, 30, random_state=1))
    assert np.abs(mc.mean(axis=0) - proba).mean() < 0.1
    for a, b in zip(coefs, clf.coefs_, strict=True):
        np.testing.assert_array_equal(a, b)
    for a, b in zip(running, clf.bn_running_mean_ + clf.bn_running_var_, strict=True):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(gamma[0], clf.bn_gamma_[0])
    np.testing.assert_array_equal(proba, clf.predict_proba(X))


@MAXIT
def test_predict_mc_shapes():
    rng = np.random.RandomState(0)
    X = rng.randn(30, 3)
    reg = RegularizedMLPRegressor(
        hidden_layer_sizes=(8,), dropout=0.2, max_iter=5, random_state=0
    )
    assert reg.fit(X, X[:, 0]).predict_mc(X, 7, random_state=0).shape == (7, 30)
    assert reg.fit(X, X[:, :2]).predict_mc(X, 7).shape == (7, 30, 2)


@MAXIT
def test_mc_without_dropout_is_an_error(blobs):
    X, y = blobs
    clf = _clf().fit(X, y)
    with pytest.raises(ValueError, match="Monte-Carlo dropout needs dropout > 0"):
        clf.predict_proba_mc(X)


# ------------------------------------------------------------- validation
@MAXIT
def test_early_stopping_stops_and_restores_best_weights(digits_small):
    X, y = digits_small
    Xtr, ytr, Xv, yv = X[:100], y[:100], X[100:400], y[100:400]
    clf = RegularizedMLPClassifier(
        (64,),
        early_stopping=True,
        n_iter_no_change=3,
        tol=0.0,
        max_iter=300,
        learning_rate_init=0.01,
        batch_size=20,
        random_state=0,
    ).fit(Xtr, ytr, X_val=Xv, y_val=yv)
    assert clf.n_iter_ < 300
    scores = clf.validation_scores_
    best = int(np.argmax(scores))
    assert best < len(scores) - 1  # training went on past the best epoch
    assert clf.best_validation_score_ == max(scores)
    assert clf.score(Xv, yv) == pytest.approx(clf.best_validation_score_)
    assert all(h["val_loss"] is not None for h in clf.history_)


def test_impossible_stratified_validation_split_says_why():
    # scikit-learn's message (binary targets are stratified, as scikit-learn does)
    X = np.arange(40, dtype=float)[:, None]
    y = np.array([0] * 39 + [1])
    with pytest.raises(ValueError, match="The least populated class.* only 1 member"):
        _clf(early_stopping=True).fit(X, y)


@MAXIT
def test_validation_data_recorded_without_early_stopping(blobs):
    X, y = blobs
    clf = _clf(max_iter=4).fit(X[:100], y[:100], X_val=X[100:], y_val=y[100:])
    assert clf.validation_scores_ is None
    assert [h["val_score"] is not None for h in clf.history_] == [True] * 4


def test_verbose_prints_progress_with_time_left(blobs, capsys):
    X, y = blobs
    with pytest.warns(ConvergenceWarning):
        _clf(max_iter=2, verbose=1).fit(X[:100], y[:100], X_val=X[100:], y_val=y[100:])
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2
    assert out[0].startswith("Iteration 1, loss = ")
    assert "val_score" in out[0] and "elapsed" in out[0] and "left" in out[0]


# ------------------------------------------------------------- online / warm
def test_partial_fit(blobs):
    X, y = blobs
    clf = _clf(learning_rate_init=0.05)
    with pytest.raises(ValueError, match="classes must be passed"):
        clf.partial_fit(X, y)
    for _ in range(15):
        clf.partial_fit(X, y, classes=[0, 1, 2])
    assert clf.n_iter_ == 1 and clf.t_ == 15 * len(X)
    assert clf.loss_curve_[-1] < 0.5 * clf.loss_curve_[0]
    assert clf.optimizer_.n_steps == 15
    with pytest.raises(ValueError, match="not the same"):
        clf.partial_fit(X, y, classes=[0, 1])


def test_partial_fit_regressor_and_lbfgs_has_none():
    rng = np.random.RandomState(0)
    X = rng.randn(50, 3)
    reg = RegularizedMLPRegressor(hidden_layer_sizes=(8,), random_state=0)
    reg.partial_fit(X, X[:, 0]).partial_fit(X, X[:, 0])
    assert len(reg.loss_curve_) == 2
    assert not hasattr(RegularizedMLPRegressor(solver="lbfgs"), "partial_fit")


@MAXIT
def test_warm_start_continues(blobs):
    X, y = blobs
    clf = _clf(warm_start=True, max_iter=10).fit(X, y)
    first = clf.loss_curve_[-1]
    clf.fit(X, y)
    assert len(clf.loss_curve_) == 20
    assert clf.loss_curve_[10] < clf.loss_curve_[0]
    assert clf.loss_curve_[-1] < first
    with pytest.raises(ValueError, match="same classes"):
        clf.fit(X[y < 2], y[y < 2])


# ------------------------------------------------------------- weights
@MAXIT
def test_class_weight_dict_equals_sample_weight(blobs):
    X, y = blobs
    a = _clf(class_weight={0: 3.0, 1: 1.0, 2: 0.5}).fit(X, y)
    b = _clf().fit(X, y, sample_weight=np.array([3.0, 1.0, 0.5])[y])
    np.testing.assert_array_equal(a.coefs_[0], b.coefs_[0])


@MAXIT
def test_class_weight_balanced_helps_the_minority():
    rng = np.random.RandomState(0)
    y = np.array([0] * 180 + [1] * 20)
    X = rng.randn(200, 2) + 1.5 * y[:, None]
    kw = dict(max_iter=30, learning_rate_init=0.01)
    plain = _clf(**kw).fit(X, y)
    balanced = _clf(class_weight="balanced", **kw).fit(X, y)
    recall = [np.mean(m.predict(X[y == 1]) == 1) for m in (plain, balanced)]
    assert recall[1] > recall[0] + 0.3
    with pytest.raises(ValueError, match="not supported for partial_fit"):
        _clf(class_weight="balanced").partial_fit(X, y, classes=[0, 1])


# ------------------------------------------------------------- data types
@MAXIT
def test_string_labels_and_pandas(blobs):
    X, y = blobs
    names = np.array(["cat", "dog", "emu"])[y]
    df = pd.DataFrame(X, columns=list("abcd"))
    clf = _clf(max_iter=60, learning_rate_init=0.01).fit(df, pd.Series(names))
    assert list(clf.feature_names_in_) == list("abcd")
    assert set(clf.predict(df)) <= {"cat", "dog", "emu"}
    assert clf.score(df, names) > 0.9
    X_before = df.copy()
    clf.fit(df, names)
    pd.testing.assert_frame_equal(df, X_before)  # user data untouched


@MAXIT
def test_binary_and_multilabel(blobs):
    X, y = blobs
    clf = _clf(max_iter=60).fit(X, y == 1)
    assert clf.out_activation_ == "logistic"
    assert clf.predict_proba(X).shape == (len(X), 2)
    Y = np.stack([y == 0, y == 1, y >= 1], axis=1).astype(int)
    clf = _clf(max_iter=100, dropout=0.1, learning_rate_init=0.01).fit(X, Y)
    assert clf.predict(X).shape == Y.shape
    assert clf.predict_proba_mc(X, 5, random_state=0).shape == (5, len(X), 3)
    assert clf.score(X, Y) > 0.8


@MAXIT
def test_multi_output_and_poisson_regression():
    rng = np.random.RandomState(0)
    X = rng.uniform(-1, 1, (200, 3))
    Y = np.stack([X[:, 0] + X[:, 1], X[:, 2] ** 2], axis=1)
    reg = RegularizedMLPRegressor(
        hidden_layer_sizes=(32,), max_iter=200, learning_rate_init=0.01, random_state=0
    )
    reg.fit(X, Y)
    assert reg.predict(X).shape == (200, 2) and reg.n_outputs_ == 2
    assert reg.score(X, Y) > 0.8
    counts = rng.poisson(np.exp(X[:, 0]))
    pois = RegularizedMLPRegressor(
        loss="poisson", hidden_layer_sizes=(8,), max_iter=50, random_state=0
    ).fit(X, counts)
    assert pois.out_activation_ == "exp" and (pois.predict(X) > 0).all()


# ------------------------------------------------------------- lbfgs / errors
def test_lbfgs_on_a_deterministic_network(blobs):
    X, y = blobs
    clf = _clf(solver="lbfgs", max_iter=200, l1=1e-3, alpha=1e-3).fit(X, y)
    assert clf.score(X, y) > 0.95


@pytest.mark.parametrize(
    "param, value",
    [
        ("dropout", 0.2),
        ("batch_norm", True),
        ("input_noise", 0.1),
        ("weight_decay", 0.1),
        ("max_norm", 2.0),
    ],
)
def test_lbfgs_refuses_stochastic_parts(param, value, blobs):
    X, y = blobs
    with pytest.raises(ValueError, match=f"solver='lbfgs'.*got {param}="):
        _clf(solver="lbfgs", **{param: value}).fit(X, y)


@pytest.mark.parametrize(
    "dropout, match",
    [
        (1.5, r"dropout must be in \[0, 1\); got dropout=1.5"),
        (-0.1, r"dropout must be in \[0, 1\); got dropout=-0.1"),
        ([0.1, 0.2, 0.3], r"one value per hidden layer \(2\); got dropout=\[0.1"),
    ],
)
def test_dropout_errors_name_the_parameter(dropout, match, blobs):
    X, y = blobs
    with pytest.raises(ValueError, match=match):
        _clf(hidden_layer_sizes=(4, 4), dropout=dropout).fit(X, y)


@MAXIT
def test_per_layer_dropout_and_selu_alpha_dropout(blobs):
    from skreg.mlp.layers import AlphaDropout, Dropout

    X, y = blobs
    clf = _clf(hidden_layer_sizes=(8, 8), dropout=[0.0, 0.3]).fit(X, y)
    net = clf.network_
    assert [la.rate for la in net.layers if isinstance(la, Dropout)] == [0.3]
    clf = _clf(activation="selu", dropout=0.1).fit(X, y)
    assert any(isinstance(la, AlphaDropout) for la in clf.network_.layers)


@pytest.mark.parametrize("name", sorted(INITIALIZERS))
def test_initializer_variance(name):
    from skreg.mlp.initializers import init_dense

    W, b = init_dense(name, "relu", 400, 200, np.random.RandomState(0))
    if name == "sklearn":  # U(+-sqrt(6 / (fan_in + fan_out))), biases too
        assert W.var() == pytest.approx(6 / 600 / 3, rel=0.03)
        assert np.abs(b).max() <= np.sqrt(6 / 600) and b.any()
        return
    mode, scale, _ = INITIALIZERS[name]
    fan = 400 if mode == "in" else 300
    assert W.var() == pytest.approx(scale / fan, rel=0.03)
    assert not b.any()


def test_auto_initializer_follows_activation():
    from skreg.mlp.initializers import resolve_initializer

    for activation in ("identity", "logistic", "tanh", "relu"):
        assert resolve_initializer("auto", activation) == "sklearn"
    assert resolve_initializer("auto", "leaky_relu") == "he_normal"
    assert resolve_initializer("auto", "elu") == "he_normal"
    assert resolve_initializer("auto", "selu") == "lecun_normal"
    assert resolve_initializer("auto", "relu", feeds_batch_norm=True) == (
        "fan_in_uniform"
    )


# ------------------------------------------------------------- grid search
@MAXIT
def test_grid_search_over_regularizers_on_digits(digits_small):
    X, y = digits_small
    grid = {
        "dropout": [0.0, 0.2],
        "batch_norm": [False, True],
        "alpha": [1e-4],
        "l1": [0.0, 1e-3],
        "max_norm": [None, 3.0],
        "learning_rate": ["constant", "cosine"],
    }
    search = GridSearchCV(
        RegularizedMLPClassifier(
            (32,), max_iter=5, random_state=0, learning_rate_init=0.01
        ),
        grid,
        cv=KFold(5, shuffle=True, random_state=42),
        n_jobs=1,
    ).fit(X[:300], y[:300])
    assert len(search.cv_results_["params"]) == 32
    assert search.best_score_ > 0.8


@MAXIT
def test_sparse_input_matches_dense(blobs):
    import scipy.sparse as sp

    X, y = blobs
    X = np.where(np.abs(X) < 0.5, 0.0, X)
    dense = _clf(dtype="float64", input_noise=0.1).fit(X, y)
    for fmt in (sp.csr_matrix, sp.csc_matrix):
        sparse = _clf(dtype="float64", input_noise=0.1).fit(fmt(X), y)
        np.testing.assert_allclose(sparse.coefs_[0], dense.coefs_[0], rtol=1e-9)
        np.testing.assert_allclose(
            sparse.predict_proba(fmt(X)), dense.predict_proba(X), rtol=1e-9
        )


@MAXIT
def test_user_arrays_are_never_modified(blobs):
    X, y = blobs
    X32 = X.astype(np.float32)
    w = np.ones(len(y))
    copies = X32.copy(), y.copy(), w.copy()
    clf = _clf(**FANCY, dtype="float32").fit(X32, y, sample_weight=w)
    clf.predict_proba_mc(X32, 3, random_state=0)
    for a, b in zip((X32, y, w), copies, strict=True):
        np.testing.assert_array_equal(a, b)


@MAXIT
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_mc_sampling_keeps_batch_norm_in_inference_mode(blobs, seed):
    X, y = blobs
    clf = _clf(dropout=0.3, batch_norm=True).fit(X, y)
    # One hidden layer: a row's dropout mask does not depend on the rows passed
    # with it, so neither may its MC prediction. Batch statistics of the rows
    # passed (instead of the running statistics) would make it depend on them.
    alone = clf.predict_proba_mc(X[:1], n_samples=1, random_state=seed)
    together = clf.predict_proba_mc(X[:20], n_samples=1, random_state=seed)
    np.testing.assert_allclose(alone[0, 0], together[0, 0], rtol=1e-6)
