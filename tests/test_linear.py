"""Tests for skreg.linear: compare_linear_models and regularization_path."""

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris, load_wine
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import (
    ElasticNet,
    Lasso,
    LinearRegression,
    LogisticRegression,
    Ridge,
    enet_path,
    lasso_path,
)
from sklearn.metrics import log_loss, mean_squared_error, r2_score
from sklearn.model_selection import KFold, cross_validate, train_test_split
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from skreg import (
    HoldoutSplit,
    LinearComparison,
    ZScoreScaler,
    compare_linear_models,
    regularization_path,
)
from skreg._compat import path_grid_size_kwargs
from skreg.linear import MODEL_NAMES


@pytest.fixture(scope="module")
def wine():
    return load_wine(return_X_y=True, as_frame=True)


@pytest.fixture(scope="module")
def wine_result(wine):
    X, y = wine
    return compare_linear_models(X, y, alpha=0.05, test_size=0.3, random_state=101)


# --------------------------------------------------------------------------------
# Evidence from seed 000


def test_wine_lasso_keeps_7_of_13_with_test_mse_close_to_ols(wine_result):
    s = wine_result.summary
    assert s.loc["lasso", "n_nonzero"] == 7
    assert s.loc["linear", "n_nonzero"] == 13
    assert (wine_result.coefficients["lasso"] != 0).sum() == 7
    assert abs(s.loc["lasso", "test_mse"] - s.loc["linear", "test_mse"]) < 0.02
    # the numbers of the seed notes (scikit-learn 1.9): 0.096 vs 0.106
    assert s.loc["lasso", "test_mse"] == pytest.approx(0.0956, abs=5e-4)
    assert s.loc["linear", "test_mse"] == pytest.approx(0.1062, abs=5e-4)


def test_wine_split_and_fits_are_plain_scikit_learn(wine, wine_result):
    X, y = wine
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.3, random_state=101)
    np.testing.assert_array_equal(
        wine_result.split["test_index"], X.index.get_indexer(X_te.index)
    )
    assert wine_result.split["n_train"] == 124 and wine_result.split["n_test"] == 54
    for name, est in [("linear", LinearRegression()), ("lasso", Lasso(alpha=0.05)),
                      ("ridge", Ridge(alpha=0.05)),
                      ("elasticnet", ElasticNet(alpha=0.05))]:  # fmt: skip
        est.fit(X_tr, y_tr)
        np.testing.assert_allclose(
            wine_result.coefficients[name], est.coef_, atol=1e-10
        )
        assert wine_result.intercepts[name] == pytest.approx(est.intercept_)
        mse = mean_squared_error(y_te, est.predict(X_te))
        assert wine_result.summary.loc[name, "test_mse"] == pytest.approx(mse)
        fitted = wine_result.models[name]
        assert type(fitted) is type(est)
        assert getattr(fitted, "alpha", None) == getattr(est, "alpha", None)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_iris_one_feature_lasso_barely_fits_ridge_matches_ols(seed):
    iris = load_iris(as_frame=True).frame
    X, y = iris[["petal length (cm)"]], iris["sepal length (cm)"]
    res = compare_linear_models(X, y, random_state=seed)  # default alpha=1.0
    slope = res.coefficients.loc["petal length (cm)"]
    assert 0 < slope["lasso"] < slope["linear"] / 3
    assert slope["ridge"] == pytest.approx(slope["linear"], rel=0.01)
    assert slope["linear"] == pytest.approx(0.41, abs=0.03)


README_WINE_TABLE = """\
LinearComparison(task='regression', n_train=124, n_test=54)
        alpha  n_nonzero  train_mse  test_mse  train_r2  test_r2
model
linear    NaN         13     0.0457    0.1062    0.9242   0.8169
ridge    0.05         13     0.0457    0.1057    0.9242   0.8179
lasso    0.05          7     0.0633    0.0956    0.8951   0.8352
coefficients:
model                         linear   ridge   lasso
feature
alcohol                      -0.0809 -0.0812  0.0000
malic_acid                    0.0435  0.0436  0.0137
ash                          -0.1189 -0.1217  0.0000
alcalinity_of_ash             0.0366  0.0366  0.0307
magnesium                    -0.0005 -0.0004  0.0015
total_phenols                 0.1414  0.1392  0.0000
flavanoids                   -0.4541 -0.4507 -0.3414
nonflavanoid_phenols         -0.5132 -0.4872  0.0000
proanthocyanins               0.0969  0.0954  0.0000
color_intensity               0.0534  0.0537  0.0676
hue                          -0.1276 -0.1286  0.0000
od280/od315_of_diluted_wines -0.2914 -0.2898 -0.1456
proline                      -0.0006 -0.0006 -0.0009"""


def test_readme_lasso_vs_ridge_on_wine_table(wine):
    """The table printed in README's "Lasso vs Ridge on wine" section."""
    X, y = wine
    result = compare_linear_models(
        X, y, alpha=0.05, test_size=0.3, random_state=101,
        models=("linear", "ridge", "lasso"),
    )  # fmt: skip
    assert repr(result) == README_WINE_TABLE


# --------------------------------------------------------------------------------
# compare_linear_models: result object


def test_result_shapes_names_and_types(wine_result, wine):
    X, _ = wine
    res = wine_result
    assert isinstance(res, LinearComparison) and res.task == "regression"
    assert list(res.coefficients.index) == list(X.columns)
    assert list(res.coefficients.columns) == ["linear", "ridge", "lasso", "elasticnet"]
    assert list(res.summary.index) == ["linear", "ridge", "lasso", "elasticnet"]
    for col in ["alpha", "n_nonzero", "train_mse", "test_mse", "train_r2", "test_r2"]:
        assert col in res.summary.columns
    assert np.isnan(res.summary.loc["linear", "alpha"])
    assert res.summary.loc["lasso", "alpha"] == 0.05
    assert isinstance(res.models["ridge"], Ridge)
    assert res.split["random_state"] == 101 and res.split["test_size"] == 0.3


def test_repr_and_html(wine_result):
    text = repr(wine_result)
    assert text.startswith(
        "LinearComparison(task='regression', n_train=124, n_test=54)"
    )
    assert "n_nonzero" in text and "coefficients:" in text and "proline" in text
    assert "-0.0 " not in text  # zeroed Lasso weights are shown as 0.0
    html = wine_result._repr_html_()
    assert html.count("<table") == 2 and "test_mse" in html


def test_numpy_input_gets_x_names_and_is_not_mutated():
    X, y = load_diabetes(return_X_y=True)
    X_before, y_before = X.copy(), y.copy()
    res = compare_linear_models(X, y, models=("lasso",), alpha=0.5, random_state=0)
    assert list(res.coefficients.index) == [f"x{i}" for i in range(10)]
    assert list(res.coefficients.columns) == ["lasso"]
    np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(y, y_before)


def test_alpha_per_model(wine):
    X, y = wine
    res = compare_linear_models(
        X, y, alpha={"ridge": 10.0, "lasso": 0.5}, models=("linear", "ridge", "lasso"),
        random_state=0,
    )  # fmt: skip
    assert res.summary.loc["ridge", "alpha"] == 10.0
    assert res.models["lasso"].alpha == 0.5
    assert res.summary.loc["lasso", "n_nonzero"] < 7  # stronger L1, fewer features


def test_scale_standardizes_inside_a_pipeline(wine):
    X, y = wine
    res = compare_linear_models(X, y, alpha=0.05, scale=True, random_state=0,
                                models=("lasso",))  # fmt: skip
    assert isinstance(res.models["lasso"], Pipeline)
    assert isinstance(res.models["lasso"][0], ZScoreScaler)
    # skreg's scaler gives scikit-learn's StandardScaler results on ordinary data.
    X_tr, _, y_tr, _ = train_test_split(X, y, random_state=0, test_size=0.25)
    ref = make_pipeline(StandardScaler(), Lasso(alpha=0.05)).fit(X_tr, y_tr)
    np.testing.assert_allclose(res.coefficients["lasso"], ref[-1].coef_, atol=1e-10)


@pytest.mark.parametrize(
    "cv", [KFold(5, shuffle=True, random_state=42), HoldoutSplit(0.2, random_state=0)]
)
def test_cv_columns_match_cross_validate(wine, cv):
    X, y = wine
    res = compare_linear_models(X, y, alpha=0.05, models=("ridge",), cv=cv,
                                random_state=0)  # fmt: skip
    X_tr, _, y_tr, _ = train_test_split(X, y, random_state=0, test_size=0.25)
    ref = cross_validate(Ridge(alpha=0.05), X_tr, y_tr, cv=cv,
                         scoring="neg_mean_squared_error")  # fmt: skip
    row = res.summary.loc["ridge"]
    assert row["cv_mse_mean"] == pytest.approx(-ref["test_score"].mean())
    assert row["cv_mse_std"] == pytest.approx(ref["test_score"].std())
    assert {"cv_r2_mean", "cv_r2_std"} <= set(res.summary.columns)


def test_non_convergence_is_reported_per_model(wine):
    X, y = wine
    with pytest.warns(ConvergenceWarning, match="model 'lasso' did not converge with "
                      r"max_iter=1 .*scale=True"):  # fmt: skip
        compare_linear_models(X, y, alpha=0.001, models=("lasso",), max_iter=1)


def test_bad_data():
    X, y = load_diabetes(return_X_y=True)
    with pytest.raises(ValueError, match="same number of rows; got X with 442 rows "
                       "and y with 441"):  # fmt: skip
        compare_linear_models(X, y[:-1])
    with pytest.raises(ValueError, match=r"y must be 1-D; got an array of shape"):
        compare_linear_models(X, np.c_[y, y])
    with pytest.raises(ValueError, match="needs at least 2 classes of y in the "
                       "training part; got 1"):  # fmt: skip
        compare_linear_models(X, np.zeros(442), task="classification")
    with pytest.raises(ValueError, match="task='classification' needs class labels "
                       "in y; got a 'continuous' target"):  # fmt: skip
        compare_linear_models(X, y + 0.5, task="classification")


# --------------------------------------------------------------------------------
# compare_linear_models: classification


def test_classification_multiclass_per_class_coefficients(wine):
    X, y = wine  # any warning fails the test (pyproject: warnings are errors)
    res = compare_linear_models(X, y, alpha=0.5, task="classification", scale=True,
                                random_state=0, cv=3)  # fmt: skip
    coefs = res.coefficients
    assert coefs.columns.names == ["model", "class"]
    assert coefs.shape == (13, 4 * 3)
    assert list(coefs["lasso"].columns) == [0, 1, 2]
    s = res.summary
    for col in ["train_accuracy", "test_accuracy", "train_log_loss", "test_log_loss",
                "cv_accuracy_mean", "cv_log_loss_std"]:  # fmt: skip
        assert col in s.columns
    assert (s["test_accuracy"] > 0.9).all()
    assert s.loc["lasso", "n_nonzero"] < 13  # L1 drops features
    assert s.loc["lasso", "n_nonzero"] == int((coefs["lasso"] != 0).any(axis=1).sum())
    lasso = res.models["lasso"][-1]
    assert lasso.solver == "saga" and lasso.C == pytest.approx(2.0)
    linear = res.models["linear"][-1]  # unpenalized, in each version's spelling
    assert linear.C == np.inf or linear.get_params().get("penalty") is None
    # log-loss is scikit-learn's, on the same split
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, random_state=0, test_size=0.25)
    proba = res.models["ridge"].predict_proba(X_te)
    assert s.loc["ridge", "test_log_loss"] == pytest.approx(log_loss(y_te, proba))


def test_classification_binary_matches_logistic_regression():
    X, y = load_breast_cancer(return_X_y=True)
    res = compare_linear_models(X, y, alpha=1.0, task="classification", scale=True,
                                models=("ridge", "lasso"), random_state=0)  # fmt: skip
    assert res.coefficients.shape == (30, 2)
    assert list(res.coefficients.columns) == [("ridge", 1), ("lasso", 1)]
    assert res.models["lasso"][-1].solver == "liblinear"
    X_tr, _, y_tr, _ = train_test_split(X, y, random_state=0, test_size=0.25)
    ref = make_pipeline(StandardScaler(), LogisticRegression(C=1.0)).fit(X_tr, y_tr)
    np.testing.assert_allclose(res.coefficients[("ridge", 1)], ref[-1].coef_[0],
                               rtol=1e-4, atol=1e-6)  # fmt: skip
    assert res.summary.loc["lasso", "n_nonzero"] < 30
    assert res.intercepts.index.names == ["model", "class"]


def test_classification_accepts_string_labels():
    iris = load_iris(as_frame=True)
    y = pd.Series(iris.target_names[iris.target], dtype="str")
    res = compare_linear_models(iris.data, y, task="classification", scale=True,
                                models=("ridge",), random_state=0)  # fmt: skip
    assert list(res.coefficients["ridge"].columns) == ["setosa", "versicolor",
                                                       "virginica"]  # fmt: skip


# --------------------------------------------------------------------------------
# regularization_path


@pytest.fixture(scope="module")
def diabetes():
    return load_diabetes(return_X_y=True, as_frame=True)


def test_lasso_path_matches_scikit_learn(diabetes):
    X, y = diabetes
    alphas = np.geomspace(5.0, 0.005, 30)
    path = regularization_path(X, y, model="lasso", alphas=alphas)
    Xc, yc = (X - X.mean()).to_numpy(), (y - y.mean()).to_numpy()
    ref_alphas, ref_coefs, _ = lasso_path(Xc, yc, alphas=alphas, max_iter=10_000)
    np.testing.assert_allclose(path.index.to_numpy(), ref_alphas)
    np.testing.assert_allclose(path.to_numpy(), ref_coefs.T, rtol=1e-12, atol=1e-12)
    # without an intercept it is lasso_path on the raw data
    raw = regularization_path(X, y, alphas=alphas, fit_intercept=False)
    _, raw_coefs, _ = lasso_path(X.to_numpy(), y.to_numpy(), alphas=alphas,
                                 max_iter=10_000)  # fmt: skip
    np.testing.assert_allclose(raw.to_numpy(), raw_coefs.T, rtol=1e-12, atol=1e-12)


def test_lasso_and_enet_path_points_match_estimators(diabetes):
    X, y = diabetes
    scale = np.abs(LinearRegression().fit(X, y).coef_).max()
    for model, est in [("lasso", Lasso), ("elasticnet", ElasticNet)]:
        path = regularization_path(X, y, model=model, alphas=[1.0, 0.1, 0.01],
                                   l1_ratio=0.7, tol=1e-12)  # fmt: skip
        for a in path.index:
            kw = {"l1_ratio": 0.7} if model == "elasticnet" else {}
            fitted = est(alpha=a, tol=1e-12, max_iter=100_000, **kw).fit(X, y)
            np.testing.assert_allclose(path.loc[a], fitted.coef_, atol=1e-6 * scale)


def test_enet_path_matches_enet_path(diabetes):
    X, y = diabetes
    path = regularization_path(X, y, model="elasticnet", l1_ratio=0.3,
                               fit_intercept=False)  # fmt: skip
    alphas = path.index.to_numpy()
    _, coefs, _ = enet_path(X.to_numpy(), y.to_numpy(), l1_ratio=0.3, alphas=alphas,
                            max_iter=10_000)  # fmt: skip
    np.testing.assert_allclose(path.to_numpy(), coefs.T, rtol=1e-12, atol=1e-12)
    assert path.attrs == {"model": "elasticnet", "l1_ratio": 0.3, "positive": False}


@pytest.mark.parametrize("loader", [load_wine, load_diabetes])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_ridge_path_points_match_ridge_to_1e8(loader, fit_intercept):
    X, y = loader(return_X_y=True)
    path = regularization_path(X, y, model="ridge", fit_intercept=fit_intercept)
    assert len(path) == 100
    for a, row in path.iterrows():
        ref = Ridge(alpha=a, fit_intercept=fit_intercept).fit(X, y).coef_
        np.testing.assert_allclose(row.to_numpy(), ref, rtol=0, atol=1e-8)


def test_ridge_path_uses_one_svd_and_no_fits(monkeypatch, diabetes):
    X, y = diabetes
    calls = []
    real_svd = np.linalg.svd

    def counting_svd(*args, **kwargs):
        calls.append(1)
        return real_svd(*args, **kwargs)

    def no_fit(*args, **kwargs):
        raise AssertionError("Ridge.fit must not be called")

    monkeypatch.setattr(np.linalg, "svd", counting_svd)
    monkeypatch.setattr(Ridge, "fit", no_fit)
    path = regularization_path(X, y, model="ridge", alphas=np.geomspace(1e3, 1e-3, 50))
    assert len(calls) == 1 and path.shape == (50, 10)


def test_default_grids_span_zero_to_least_squares(diabetes):
    X, y = diabetes
    ols = LinearRegression().fit(X, y).coef_
    lasso = regularization_path(X, y)
    assert len(lasso) == 100 and lasso.index.name == "alpha"
    assert np.all(np.diff(lasso.index.to_numpy()) < 0)  # strongest first
    assert lasso.index[-1] == pytest.approx(lasso.index[0] * 1e-3)
    assert (lasso.iloc[0] == 0).all() and (lasso.iloc[1] != 0).any()
    ridge = regularization_path(X, y, model="ridge")
    assert ridge.index[-1] == pytest.approx(ridge.index[0] * 1e-3)
    assert np.linalg.norm(ridge.iloc[0]) < 0.02 * np.linalg.norm(ols)
    assert list(ridge.columns) == list(X.columns)
    # diabetes has s_min**2 / s_max**2 ~ 2e-3: a small eps reaches least squares
    ridge = regularization_path(X, y, model="ridge", eps=1e-9)
    np.testing.assert_allclose(ridge.iloc[-1], ols, rtol=1e-3)


def test_given_alphas_are_sorted_decreasing(diabetes):
    X, y = diabetes
    path = regularization_path(X, y, model="ridge", alphas=[0.1, 10.0, 1.0])
    assert path.index.tolist() == [10.0, 1.0, 0.1]


# --------------------------------------------------------------------------------
# compare_linear_models: explicit test set, shuffle, stratify


def _assert_models_match(res, X_tr, X_te, y_tr, y_te, estimators):
    """Coefficients, intercepts and test metrics equal scikit-learn's own fits."""
    for name, est in estimators.items():
        est.fit(X_tr, y_tr)
        np.testing.assert_allclose(
            res.coefficients[name], est.coef_, rtol=1e-10, atol=1e-10
        )
        assert res.intercepts[name] == pytest.approx(est.intercept_, rel=1e-10)
        pred = est.predict(X_te)
        row = res.summary.loc[name]
        assert row["test_mse"] == pytest.approx(
            mean_squared_error(y_te, pred), rel=1e-10
        )
        assert row["test_r2"] == pytest.approx(r2_score(y_te, pred), rel=1e-10)


def test_given_test_set_reproduces_the_ols_gallery_example():
    # scikit-learn's "Linear Regression Example": the last 20 rows are the test set
    X, y = load_diabetes(return_X_y=True)
    X_tr, X_te, y_tr, y_te = X[:-20], X[-20:], y[:-20], y[-20:]
    res = compare_linear_models(
        X_tr, y_tr, X_test=X_te, y_test=y_te, alpha=0.1,
        models=("linear", "ridge", "lasso"),
    )  # fmt: skip
    estimators = {
        "linear": LinearRegression(),
        "ridge": Ridge(alpha=0.1),
        "lasso": Lasso(alpha=0.1, max_iter=10_000),
    }
    _assert_models_match(res, X_tr, X_te, y_tr, y_te, estimators)
    assert res.split["mode"] == "given"
    assert (res.split["n_train"], res.split["n_test"]) == (422, 20)
    assert res.split["train_index"] is None and res.split["test_size"] is None


def _sparse_signal_data(n_samples=60, n_features=30, seed=0):
    """Data like scikit-learn's "L1-based models for sparse signals" example."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_samples, n_features))
    coef = np.zeros(n_features)
    coef[rng.choice(n_features, 6, replace=False)] = rng.standard_normal(6) * 3
    y = X @ coef + 0.5 * rng.standard_normal(n_samples)
    return X, y


def test_shuffle_false_reproduces_the_sparse_signal_gallery_example():
    # the example splits with train_test_split(X, y, test_size=0.5, shuffle=False)
    X, y = _sparse_signal_data()
    res = compare_linear_models(
        X, y, test_size=0.5, shuffle=False, l1_ratio=0.5,
        alpha={"lasso": 0.14, "elasticnet": 0.08}, models=("lasso", "elasticnet"),
    )  # fmt: skip
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.5, shuffle=False)
    estimators = {
        "lasso": Lasso(alpha=0.14, max_iter=10_000),
        "elasticnet": ElasticNet(alpha=0.08, l1_ratio=0.5, max_iter=10_000),
    }
    _assert_models_match(res, X_tr, X_te, y_tr, y_te, estimators)
    assert res.split["mode"] == "split" and res.split["shuffle"] is False
    np.testing.assert_array_equal(res.split["test_index"], np.arange(30, 60))


def test_stratify_is_train_test_split_with_stratify(wine):
    X, y = wine
    res = compare_linear_models(
        X, y, stratify=y, random_state=3, task="classification", scale=True,
        models=("ridge",),
    )  # fmt: skip
    _, X_te, _, _ = train_test_split(X, y, stratify=y, random_state=3)
    np.testing.assert_array_equal(
        res.split["test_index"], X.index.get_indexer(X_te.index)
    )
    assert res.split["stratified"] is True
    share = np.bincount(y) * res.split["n_test"] / len(y)
    assert np.all(
        np.abs(np.bincount(y.to_numpy()[res.split["test_index"]]) - share) < 1
    )


def test_classification_with_given_test_set_keeps_random_state(wine):
    X, y = wine
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, random_state=0, stratify=y)
    kwargs = dict(task="classification", scale=True, models=("lasso",), alpha=0.5)
    a = compare_linear_models(X_tr, y_tr, X_test=X_te, y_test=y_te, random_state=1,
                              **kwargs)  # fmt: skip
    assert a.split["random_state"] == 1 and a.models["lasso"][-1].random_state == 1
    assert a.summary.loc["lasso", "test_accuracy"] > 0.9


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(X_test="X"), r"X_test needs y_test: pass both X_test and y_test, "
         r"or neither .* got y_test=None"),
        (dict(y_test="y"), r"y_test needs X_test: .* got X_test=None"),
        (dict(X_test="X", y_test="y", test_size=0.3), r"no split is made, so "
         r"test_size, shuffle, stratify .* must keep their defaults; got "
         r"test_size=0.3"),
        (dict(X_test="X", y_test="y", shuffle=False), r"got shuffle=False"),
        (dict(X_test="X", y_test="y", stratify="y"), r"got stratify=<array>"),
        (dict(X_test="X", y_test="y", random_state=0), r"random_state for "
         r"regression\) must keep .*; got random_state=0"),
        (dict(X_test="X[:, :5]", y_test="y"), r"X_test must have the same number "
         r"of columns as X \(10\); got 5"),
        (dict(X_test="X", y_test="y[:-1]"), r"X_test and y_test must have the same "
         r"number of rows; got X_test with 442 rows and y_test with 441"),
        (dict(stratify="y", shuffle=False), r"stratify requires shuffle=True; got "
         r"shuffle=False"),
        (dict(stratify="y[:-1]"), r"stratify must hold one class label per row of "
         r"X \(442\); got an array of shape \(441,\)"),
    ],
)  # fmt: skip
def test_split_argument_errors(kwargs, match):
    X, y = load_diabetes(return_X_y=True)
    data = {"X": X, "y": y, "X[:, :5]": X[:, :5], "y[:-1]": y[:-1]}
    kwargs = {k: data.get(v, v) if isinstance(v, str) else v for k, v in kwargs.items()}
    with pytest.raises(ValueError, match=match):
        compare_linear_models(X, y, **kwargs)


# --------------------------------------------------------------------------------
# regularization_path: eps, positive, integer alphas


@pytest.mark.parametrize("positive", [False, True])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_int_alphas_and_eps_are_lasso_paths_own(diabetes, positive, fit_intercept):
    X, y = diabetes
    path = regularization_path(X, y, alphas=7, eps=1e-2, positive=positive,
                               fit_intercept=fit_intercept)  # fmt: skip
    Xr, yr = X.to_numpy(), y.to_numpy()
    if fit_intercept:
        Xr, yr = Xr - Xr.mean(axis=0), yr - yr.mean()
    ref_alphas, ref_coefs, _ = lasso_path(
        Xr, yr, eps=1e-2, positive=positive, max_iter=10_000,
        **path_grid_size_kwargs(7),
    )  # fmt: skip
    assert len(path) == 7
    np.testing.assert_allclose(path.index.to_numpy(), ref_alphas, rtol=1e-12)
    np.testing.assert_allclose(path.to_numpy(), ref_coefs.T, rtol=1e-12, atol=1e-12)
    assert path.index[-1] == pytest.approx(path.index[0] * 1e-2, rel=1e-12)
    assert path.attrs["positive"] is positive
    if positive:
        assert (path.to_numpy() >= 0).all() and (path.iloc[-1] > 0).any()


@pytest.mark.parametrize("positive", [False, True])
def test_int_alphas_eps_positive_are_enet_paths_own(diabetes, positive):
    X, y = diabetes
    path = regularization_path(X, y, model="elasticnet", l1_ratio=0.3, alphas=5,
                               eps=1e-3, positive=positive)  # fmt: skip
    Xc, yc = (X - X.mean()).to_numpy(), (y - y.mean()).to_numpy()
    ref_alphas, ref_coefs, _ = enet_path(
        Xc, yc, l1_ratio=0.3, eps=1e-3, positive=positive, max_iter=10_000,
        **path_grid_size_kwargs(5),
    )  # fmt: skip
    np.testing.assert_allclose(path.index.to_numpy(), ref_alphas, rtol=1e-12)
    np.testing.assert_allclose(path.to_numpy(), ref_coefs.T, rtol=1e-12, atol=1e-12)


def test_positive_lasso_path_points_match_lasso(diabetes):
    X, y = diabetes
    path = regularization_path(X, y, alphas=[1.0, 0.1, 0.01], positive=True,
                               tol=1e-12)  # fmt: skip
    for a, row in path.iterrows():
        ref = Lasso(alpha=a, positive=True, tol=1e-12, max_iter=100_000).fit(X, y)
        np.testing.assert_allclose(row, ref.coef_, atol=1e-6 * np.abs(ref.coef_).max())


def test_ridge_int_alphas_grid_goes_from_100_smax2_down_by_eps(diabetes):
    X, y = diabetes
    path = regularization_path(X, y, model="ridge", alphas=9, eps=1e-4)
    s_max = np.linalg.norm((X - X.mean()).to_numpy(), ord=2)
    expected = np.geomspace(100 * s_max**2, 100 * s_max**2 * 1e-4, 9)
    np.testing.assert_allclose(path.index.to_numpy(), expected, rtol=1e-12)
    for a, row in path.iterrows():
        np.testing.assert_allclose(row, Ridge(alpha=a).fit(X, y).coef_, atol=1e-8)


@pytest.mark.parametrize("loader", [load_wine, load_diabetes])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_positive_ridge_path_points_match_ridge(loader, fit_intercept):
    X, y = loader(return_X_y=True)
    path = regularization_path(X, y, model="ridge", positive=True, alphas=6,
                               eps=1e-6, fit_intercept=fit_intercept)  # fmt: skip
    assert (path.to_numpy() >= 0).all()
    for a, row in path.iterrows():
        ref = Ridge(alpha=a, positive=True, fit_intercept=fit_intercept, tol=1e-12,
                    max_iter=100_000).fit(X, y).coef_  # fmt: skip
        # Ridge's lbfgs stops at its tolerance; the path's NNLS solve is exact
        np.testing.assert_allclose(row, ref, atol=1e-4 * max(np.abs(ref).max(), 1e-3))


@pytest.mark.parametrize("loader", [load_wine, load_diabetes])
def test_positive_ridge_path_satisfies_kkt(loader):
    """Exactness: w >= 0, gradient 0 where w > 0 and >= 0 where w = 0."""
    X, y = loader(return_X_y=True)
    path = regularization_path(X, y, model="ridge", positive=True, alphas=8,
                               eps=1e-8)  # fmt: skip
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    scale = np.abs(Xc.T @ yc).max()
    for a, w in path.iterrows():
        w = w.to_numpy()
        grad = Xc.T @ (Xc @ w - yc) + a * w
        assert (w >= 0).all()
        assert np.abs(grad[w > 0]).max(initial=0) < 1e-10 * scale
        assert grad[w == 0].min(initial=0) > -1e-10 * scale
    assert (path.iloc[-1] == 0).any() and (path.iloc[-1] > 0).any()


def test_ridge_path_on_zero_X_is_zero():
    X, y = np.ones((5, 3)), np.arange(5.0)  # constant columns: centered X is 0
    path = regularization_path(X, y, model="ridge", alphas=4)
    assert path.shape == (4, 3) and (path.to_numpy() == 0).all()
    assert np.isfinite(path.index.to_numpy()).all()


# --------------------------------------------------------------------------------
# NumPy's global random state


def _comparison(X, y, task, random_state, models=None):
    # classification: saga (multiclass L1) is the solver that draws random numbers
    if models is None:
        models = MODEL_NAMES if task == "regression" else ("lasso",)
    return compare_linear_models(
        X, y, task=task, scale=True, alpha=5.0, random_state=random_state,
        cv=KFold(3, shuffle=True, random_state=0), models=models,
    )  # fmt: skip


@pytest.mark.parametrize("task", ["regression", "classification"])
def test_compare_with_random_state_ignores_global_random_state(
    wine, task, global_rng, global_state_unchanged
):
    X, y = wine
    global_rng(1)
    before = np.random.get_state()  # noqa: NPY002
    first = _comparison(X, y, task, random_state=0)
    assert global_state_unchanged(before)
    global_rng(2)  # another global state changes nothing
    second = _comparison(X, y, task, random_state=0)
    pd.testing.assert_frame_equal(first.summary, second.summary, check_exact=True)
    pd.testing.assert_frame_equal(
        first.coefficients, second.coefficients, check_exact=True
    )
    # control: without a random_state the split does come from the global state
    global_rng(1)
    a = _comparison(X, y, task, random_state=None, models=("lasso",))
    global_rng(2)
    b = _comparison(X, y, task, random_state=None, models=("lasso",))
    assert not np.array_equal(a.split["test_index"], b.split["test_index"])


@pytest.mark.parametrize(
    "kwargs",
    [dict(model="lasso"), dict(model="elasticnet", alphas=10),
     dict(model="lasso", positive=True, alphas=10), dict(model="ridge"),
     dict(model="ridge", positive=True, alphas=5)],
)  # fmt: skip
def test_regularization_path_ignores_global_random_state(
    diabetes, kwargs, global_rng, global_state_unchanged
):
    X, y = diabetes
    global_rng(1)
    before = np.random.get_state()  # noqa: NPY002
    first = regularization_path(X, y, **kwargs)
    assert global_state_unchanged(before)
    global_rng(2)
    pd.testing.assert_frame_equal(
        first, regularization_path(X, y, **kwargs), check_exact=True
    )


def test_all_models_cross_validate_on_the_same_folds(wine):
    # a splitter whose folds change on every split() call
    X, y = wine
    cv = KFold(4, shuffle=True, random_state=np.random.RandomState(0))
    res = compare_linear_models(X, y, alpha=0.05, models=("ridge", "lasso"), cv=cv,
                                random_state=0)  # fmt: skip
    X_tr, _, y_tr, _ = train_test_split(X, y, random_state=0)
    folds = list(KFold(4, shuffle=True, random_state=np.random.RandomState(0)).split(
        X_tr, y_tr))  # fmt: skip
    for name, est in [("ridge", Ridge(alpha=0.05)),
                      ("lasso", Lasso(alpha=0.05, max_iter=10_000))]:  # fmt: skip
        ref = cross_validate(est, X_tr, y_tr, cv=folds,
                             scoring="neg_mean_squared_error")  # fmt: skip
        assert res.summary.loc[name, "cv_mse_mean"] == pytest.approx(
            -ref["test_score"].mean(), rel=1e-10
        )
