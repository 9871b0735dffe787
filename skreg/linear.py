"""Lasso vs Ridge: side-by-side comparison and regularization paths (seed 000).

scikit-learn has the estimators; this module lines them up on one holdout split
(:func:`compare_linear_models`) and traces their coefficients over alpha
(:func:`regularization_path`, with the Ridge path computed from one SVD).
"""

from __future__ import annotations

import inspect
import numbers
import warnings

import numpy as np
import pandas as pd
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
from sklearn.metrics import accuracy_score, log_loss, mean_squared_error, r2_score
from sklearn.model_selection import cross_validate, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.utils import check_array

from skreg.preprocessing import ZScoreScaler

__all__ = ["LinearComparison", "compare_linear_models", "regularization_path"]

MODEL_NAMES = ("linear", "ridge", "lasso", "elasticnet")
_PENALIZED = ("ridge", "lasso", "elasticnet")
_TASKS = ("regression", "classification")


# --------------------------------------------------------------------------------
# Input checks


def _feature_names(X, n_features):
    columns = getattr(X, "columns", None)
    if columns is not None:
        return [str(c) for c in columns]
    return [f"x{i}" for i in range(n_features)]


def _check_Xy(X, y, *, y_numeric):
    """Validate X (2-D, numeric) and y (1-D, same rows); return arrays + names."""
    X_arr = check_array(X, dtype="numeric", ensure_2d=True, input_name="X")
    y_arr = np.asarray(y)
    if y_arr.ndim != 1:
        raise ValueError(f"y must be 1-D; got an array of shape {y_arr.shape}")
    if X_arr.shape[0] != y_arr.shape[0]:
        raise ValueError(
            "X and y must have the same number of rows; got X with "
            f"{X_arr.shape[0]} rows and y with {y_arr.shape[0]}"
        )
    if y_numeric:
        y_arr = check_array(y_arr, ensure_2d=False, dtype="numeric", input_name="y")
    return X_arr, y_arr, _feature_names(X, X_arr.shape[1])


def _check_choice(name, value, options):
    if not isinstance(value, str) or value not in options:
        raise ValueError(
            f"{name} must be one of {', '.join(map(repr, options))}; "
            f"got {name}={value!r}"
        )
    return value


def _check_positive(name, value):
    if (
        not isinstance(value, numbers.Real)
        or isinstance(value, bool)
        or not np.isfinite(value)
        or value <= 0
    ):
        raise ValueError(
            f"{name} must be a positive finite number; got {name}={value!r}"
        )
    return float(value)


def _check_l1_ratio(l1_ratio):
    if (
        not isinstance(l1_ratio, numbers.Real)
        or isinstance(l1_ratio, bool)
        or not 0 <= l1_ratio <= 1
    ):
        raise ValueError(f"l1_ratio must be in [0, 1]; got l1_ratio={l1_ratio!r}")
    return float(l1_ratio)


def _check_models(models):
    if isinstance(models, str):
        models = (models,)
    models = tuple(models)
    valid = ", ".join(map(repr, MODEL_NAMES))
    unknown = [m for m in models if m not in MODEL_NAMES]
    if not models or unknown:
        raise ValueError(
            f"models must be a non-empty sequence of names from {valid}; "
            f"got unknown {unknown!r}"
            if unknown
            else f"models must be a non-empty sequence of names from {valid}; got ()"
        )
    if len(set(models)) != len(models):
        raise ValueError(f"models must not repeat a name; got models={models!r}")
    return models


def _check_alphas_per_model(alpha, models):
    """One positive alpha per penalized model, from a number or a dict."""
    penalized = [m for m in models if m in _PENALIZED]
    if not isinstance(alpha, dict):
        value = _check_positive("alpha", alpha)
        return dict.fromkeys(penalized, value)
    unexpected = sorted(set(alpha) - set(penalized), key=str)
    missing = [m for m in penalized if m not in alpha]
    if unexpected or missing:
        raise ValueError(
            f"alpha as a dict needs one value per penalized model {penalized}; "
            f"got keys {sorted(alpha, key=str)} "
            f"(unexpected: {unexpected}, missing: {missing})"
        )
    return {m: _check_positive(f"alpha[{m!r}]", alpha[m]) for m in penalized}


# --------------------------------------------------------------------------------
# Estimators


def _logistic_uses_l1_ratio():
    """True on scikit-learn >= 1.8, where `penalty` is deprecated for `l1_ratio`."""
    penalty = inspect.signature(LogisticRegression).parameters.get("penalty")
    return penalty is None or penalty.default == "deprecated"


def _logistic(name, alpha, l1_ratio, n_classes, max_iter, random_state):
    """L1/L2/elastic-net/unpenalized logistic regression with C = 1 / alpha."""
    ratio = {"linear": 0.0, "ridge": 0.0, "lasso": 1.0}.get(name, l1_ratio)
    # liblinear is fast and reliable for binary L1 but has no multinomial loss;
    # saga is the only solver for multinomial L1 and elastic net.
    if name in ("linear", "ridge"):
        solver = "lbfgs"
    elif name == "lasso" and n_classes == 2:
        solver = "liblinear"
    else:
        solver = "saga"
    params = dict(
        C=np.inf if name == "linear" else 1.0 / alpha,
        solver=solver,
        max_iter=max_iter,
        random_state=random_state if solver != "lbfgs" else None,
    )
    if _logistic_uses_l1_ratio():
        params["l1_ratio"] = ratio
    else:  # pragma: no cover - scikit-learn < 1.8
        penalty = {"linear": None, "ridge": "l2", "lasso": "l1"}
        params["penalty"] = penalty.get(name, "elasticnet")
        params["C"] = 1.0 if name == "linear" else params["C"]
        if name == "elasticnet":
            params["l1_ratio"] = ratio
    return LogisticRegression(**params)


def _regressor(name, alpha, l1_ratio, max_iter):
    if name == "linear":
        return LinearRegression()
    if name == "ridge":
        return Ridge(alpha=alpha)
    if name == "lasso":
        return Lasso(alpha=alpha, max_iter=max_iter)
    return ElasticNet(alpha=alpha, l1_ratio=l1_ratio, max_iter=max_iter)


def _run_reporting_convergence(name, max_iter, func, /, *args, **kwargs):
    """Call ``func``; re-issue a ConvergenceWarning with advice for this model."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = func(*args, **kwargs)
    for w in caught:
        if issubclass(w.category, ConvergenceWarning):
            first = str(w.message).strip().splitlines()[0]
            warnings.warn(
                f"model {name!r} did not converge with max_iter={max_iter} "
                f"({first}); standardize the features (e.g. scale=True) or "
                "raise max_iter",
                ConvergenceWarning,
                stacklevel=3,
            )
        else:
            warnings.warn(w.message, w.category, stacklevel=3)
    return result


# --------------------------------------------------------------------------------
# Result


def _rounded(frame):
    """4 decimals for display; ``+ 0.0`` turns -0.0 (a zeroed Lasso weight) into 0."""
    return frame.round(4).apply(lambda col: col + 0.0 if col.dtype.kind == "f" else col)


class LinearComparison:
    """Linear models fitted side by side on one train/test split.

    Returned by :func:`compare_linear_models`; not meant to be built by hand.

    Attributes
    ----------
    coefficients : pandas.DataFrame
        One row per feature; one column per model (regression) or per
        ``(model, class)`` pair (classification). In standardized units when the
        comparison was run with ``scale=True``.
    intercepts : pandas.Series
        Intercept per model (or per ``(model, class)``).
    summary : pandas.DataFrame
        One row per model: ``alpha``, ``n_nonzero`` and train/test metrics
        (``train_mse``, ``test_mse``, ``train_r2``, ``test_r2`` for regression;
        ``train_accuracy``, ``test_accuracy``, ``train_log_loss``,
        ``test_log_loss`` for classification), plus ``cv_*_mean`` / ``cv_*_std``
        columns when ``cv`` was given.
    models : dict of str to estimator
        The fitted estimators (pipelines with a ``ZScoreScaler`` when
        ``scale=True``), fitted on the training part.
    split : dict
        ``test_size``, ``random_state``, ``n_train``, ``n_test``, ``train_index``
        and ``test_index`` (row positions), enough to rebuild the split.
    task : {"regression", "classification"}
        The kind of models compared.

    Examples
    --------
    >>> from sklearn.datasets import load_diabetes
    >>> from skreg import compare_linear_models
    >>> X, y = load_diabetes(return_X_y=True, as_frame=True)
    >>> result = compare_linear_models(
    ...     X, y, alpha=0.5, models=("ridge", "lasso"), random_state=0
    ... )
    >>> type(result).__name__, sorted(result.models), result.coefficients.shape
    ('LinearComparison', ['lasso', 'ridge'], (10, 2))
    >>> print(repr(result).splitlines()[0])
    LinearComparison(task='regression', n_train=331, n_test=111)
    """

    def __init__(self, *, coefficients, intercepts, summary, models, split, task):
        self.coefficients = coefficients
        self.intercepts = intercepts
        self.summary = summary
        self.models = models
        self.split = split
        self.task = task

    def _header(self):
        return (
            f"LinearComparison(task={self.task!r}, n_train={self.split['n_train']}, "
            f"n_test={self.split['n_test']})"
        )

    def __repr__(self):
        text = (
            f"{self._header()}\n{_rounded(self.summary).to_string()}\n"
            f"coefficients:\n{_rounded(self.coefficients).to_string()}"
        )
        return "\n".join(line.rstrip() for line in text.splitlines())

    def _repr_html_(self):
        return (
            f"<p><code>{self._header()}</code></p>"
            f"{_rounded(self.summary).to_html()}"
            f"<p>coefficients</p>{_rounded(self.coefficients).to_html()}"
        )

    def plot(self, *, ax=None):
        """Grouped bar chart of the coefficients (needs matplotlib).

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Axes to draw on; a new figure is created when None.

        Returns
        -------
        display : skreg.plotting.CoefficientDisplay
            With ``figure_``, ``ax_`` and ``bars_``.
        """
        from skreg.plotting import plot_coefficients

        return plot_coefficients(self, ax=ax)


# --------------------------------------------------------------------------------
# compare_linear_models


def _fitted_linear(est):
    return est[-1] if hasattr(est, "steps") else est


def _regression_scores(est, X, y):
    pred = est.predict(X)
    return {"mse": mean_squared_error(y, pred), "r2": r2_score(y, pred)}


def _classification_scores(est, X, y):
    proba = est.predict_proba(X)
    return {
        "accuracy": accuracy_score(y, est.predict(X)),
        "log_loss": log_loss(y, proba, labels=est.classes_),
    }


_CV_SCORING = {
    "regression": {"mse": "neg_mean_squared_error", "r2": "r2"},
    "classification": {"accuracy": "accuracy", "log_loss": "neg_log_loss"},
}


def _cv_columns(name, est, X, y, cv, task, max_iter):
    scoring = _CV_SCORING[task]
    res = _run_reporting_convergence(
        name,
        max_iter,
        cross_validate,
        est,
        X,
        y,
        cv=cv,
        scoring=scoring,
        error_score="raise",
    )
    row = {}
    for key, scorer in scoring.items():
        values = res[f"test_{key}"] * (-1 if scorer.startswith("neg_") else 1)
        row[f"cv_{key}_mean"] = float(np.mean(values))
        row[f"cv_{key}_std"] = float(np.std(values))
    return row


def _coef_columns(name, est):
    """Coefficient columns {label: values} and intercepts {label: value}."""
    lin = _fitted_linear(est)
    coef = np.atleast_2d(lin.coef_)
    intercept = np.atleast_1d(lin.intercept_)
    if not hasattr(lin, "classes_"):
        return {name: coef[0]}, {name: float(intercept[0])}
    classes = lin.classes_[1:] if coef.shape[0] == 1 else lin.classes_
    coefs = {(name, c): row for c, row in zip(classes, coef, strict=True)}
    inters = {(name, c): float(b) for c, b in zip(classes, intercept, strict=True)}
    return coefs, inters


def compare_linear_models(
    X,
    y,
    *,
    alpha=1.0,
    l1_ratio=0.5,
    models=MODEL_NAMES,
    test_size=0.25,
    cv=None,
    random_state=None,
    task="regression",
    scale=False,
    max_iter=10_000,
):
    """Fit plain, L2 (Ridge), L1 (Lasso) and elastic-net linear models side by side.

    Seed 000's lesson in one call: on the same split, Ridge stays close to least
    squares while Lasso sets small coefficients to exactly zero. The holdout split
    is exactly ``train_test_split(X, y, test_size=test_size,
    random_state=random_state)``, so it can be reproduced outside skreg.

    Regression (``task="regression"``, the default, also for integer targets
    such as wine's class number) uses ``LinearRegression``, ``Ridge(alpha)``,
    ``Lasso(alpha)`` and ``ElasticNet(alpha, l1_ratio)``; ``alpha`` has exactly
    the estimators' meaning. Classification (``task="classification"``) uses
    ``LogisticRegression`` with ``C = 1 / alpha``: unpenalized ("linear"), L2
    ("ridge", lbfgs), L1 ("lasso", liblinear for two classes, saga otherwise) and
    elastic net ("elasticnet", saga). The task is never guessed from ``y``.

    Parameters
    ----------
    X : array-like or DataFrame of shape (n_samples, n_features)
        Features; DataFrame column names label the coefficients (else ``x0..``).
    y : array-like of shape (n_samples,)
        Target (numbers for regression, class labels for classification).
    alpha : float or dict, default=1.0
        Regularization strength, one value for all penalized models or a dict
        ``{"ridge": 0.5, "lasso": 0.05, ...}`` with one entry per penalized model.
    l1_ratio : float, default=0.5
        Elastic-net mixing (1 = Lasso, 0 = Ridge), in [0, 1].
    models : sequence of str, default=("linear", "ridge", "lasso", "elasticnet")
        Which models to fit, in table order.
    test_size : float or int, default=0.25
        Passed to ``train_test_split``.
    cv : int, CV splitter or None, default=None
        When given, each model is also cross-validated on the training part and
        ``cv_*_mean`` / ``cv_*_std`` columns are added to the summary.
    random_state : int, RandomState instance or None, default=None
        Seed of the split (and of the saga/liblinear solvers).
    task : {"regression", "classification"}, default="regression"
        Kind of models.
    scale : bool, default=False
        Standardize features with ``ZScoreScaler`` inside each model (a
        pipeline fitted on the training part only). Coefficients are then per
        standard deviation of each feature. Off by default so that coefficients
        and results match plain scikit-learn on the raw data; recommended with
        features on different scales, and for classification (saga converges
        slowly on unscaled data).
    max_iter : int, default=10_000
        Iteration limit of the iterative solvers (Lasso, ElasticNet, logistic).
        A model that still does not converge raises a ``ConvergenceWarning`` that
        says which one.

    Returns
    -------
    comparison : LinearComparison
        ``.coefficients``, ``.summary``, ``.models``, ``.split`` and ``.plot()``.

    Examples
    --------
    >>> from sklearn.datasets import load_wine
    >>> from skreg import compare_linear_models
    >>> X, y = load_wine(return_X_y=True, as_frame=True)
    >>> result = compare_linear_models(X, y, alpha=0.05, test_size=0.3,
    ...                                random_state=101)
    >>> table = result.summary[["n_nonzero", "test_mse"]].round(3)
    >>> table  # doctest: +NORMALIZE_WHITESPACE
                n_nonzero  test_mse
    model
    linear             13     0.106
    ridge              13     0.106
    lasso               7     0.096
    elasticnet          8     0.097
    >>> result.coefficients.loc["proline", "lasso"].round(5)
    np.float64(-0.0009)
    """
    task = _check_choice("task", task, _TASKS)
    models = _check_models(models)
    alphas = _check_alphas_per_model(alpha, models)
    l1_ratio = _check_l1_ratio(l1_ratio)
    if not isinstance(max_iter, numbers.Integral) or max_iter < 1:
        raise ValueError(f"max_iter must be a positive int; got max_iter={max_iter!r}")
    X_arr, y_arr, names = _check_Xy(X, y, y_numeric=task == "regression")
    if task == "classification" and np.unique(y_arr).size < 2:
        raise ValueError("task='classification' needs at least 2 classes in y; got 1")
    idx = np.arange(X_arr.shape[0])
    X_tr, X_te, y_tr, y_te, idx_tr, idx_te = train_test_split(
        X, y, idx, test_size=test_size, random_state=random_state
    )
    n_classes = np.unique(y_arr).size
    fitted, rows, coefs, inters = {}, [], {}, {}
    for name in models:
        a = alphas.get(name)
        if task == "regression":
            est = _regressor(name, a, l1_ratio, max_iter)
        else:
            est = _logistic(name, a, l1_ratio, n_classes, max_iter, random_state)
        if scale:
            est = make_pipeline(ZScoreScaler(), est)
        rows.append(_evaluate(name, est, (X_tr, X_te, y_tr, y_te), cv, task, max_iter))
        rows[-1]["alpha"] = np.nan if a is None else a
        fitted[name] = est
        c, b = _coef_columns(name, est)
        coefs.update(c)
        inters.update(b)
    return _build_result(
        rows,
        coefs,
        inters,
        fitted,
        names,
        task,
        split=dict(
            test_size=test_size,
            random_state=random_state,
            n_train=len(idx_tr),
            n_test=len(idx_te),
            train_index=idx_tr,
            test_index=idx_te,
        ),
    )


def _evaluate(name, est, parts, cv, task, max_iter):
    """Fit ``est`` on the training part; return its summary row."""
    X_tr, X_te, y_tr, y_te = parts
    _run_reporting_convergence(name, max_iter, est.fit, X_tr, y_tr)
    scores = _regression_scores if task == "regression" else _classification_scores
    coef = np.atleast_2d(_fitted_linear(est).coef_)
    row = {"model": name, "n_nonzero": int(np.count_nonzero(np.any(coef != 0, axis=0)))}
    train, test = scores(est, X_tr, y_tr), scores(est, X_te, y_te)
    for key in train:
        row.update({f"train_{key}": train[key], f"test_{key}": test[key]})
    if cv is not None:
        row.update(_cv_columns(name, est, X_tr, y_tr, cv, task, max_iter))
    return row


def _build_result(rows, coefs, inters, fitted, names, task, split):
    summary = pd.DataFrame(rows).set_index("model")
    summary.insert(0, "alpha", summary.pop("alpha"))
    coefficients = pd.DataFrame(coefs, index=pd.Index(names, name="feature"))
    intercepts = pd.Series(inters, name="intercept", dtype=float)
    if task == "classification":
        coefficients.columns.names = ["model", "class"]
        intercepts.index.names = ["model", "class"]
    else:
        coefficients.columns.name = "model"
        intercepts.index.name = "model"
    return LinearComparison(
        coefficients=coefficients,
        intercepts=intercepts,
        summary=summary,
        models=fitted,
        split=split,
        task=task,
    )


# --------------------------------------------------------------------------------
# regularization_path


def _check_alphas(alphas):
    arr = np.asarray(alphas, dtype=float)
    if arr.ndim != 1 or arr.size == 0 or not np.all(np.isfinite(arr)) or arr.min() <= 0:
        raise ValueError(
            "alphas must be a non-empty 1-D sequence of positive finite numbers; "
            f"got alphas={alphas!r}"
        )
    return np.sort(arr)[::-1]


def _l1_alpha_grid(X, y, l1_ratio, n_alphas=100, eps=1e-3):
    """scikit-learn's grid: alpha_max (all coefficients 0) down to eps * alpha_max."""
    alpha_max = np.max(np.abs(X.T @ y)) / (X.shape[0] * l1_ratio)
    if alpha_max == 0:
        alpha_max = 1.0
    return np.geomspace(alpha_max, alpha_max * eps, n_alphas)


def _ridge_alpha_grid(s, n_alphas=100):
    """From 100 * s_max**2 (coefficients near 0) to s_min**2 / 1000 (near OLS)."""
    s2 = s[s > s[0] * 1e-10] ** 2 if s.size and s[0] > 0 else np.ones(1)
    return np.geomspace(s2[0] * 1e2, max(s2[-1] * 1e-3, s2[0] * 1e-12), n_alphas)


def _ridge_path(X, y, alphas):
    """Ridge coefficients for every alpha from one thin SVD of X.

    With X = U diag(s) V^T, the minimizer of ||y - Xw||^2 + alpha ||w||^2 is
    w = V diag(s / (s^2 + alpha)) U^T y.
    """
    U, s, Vt = np.linalg.svd(X, full_matrices=False)
    if alphas is None:
        alphas = _ridge_alpha_grid(s)
    uty = U.T @ y
    shrink = s / (s**2 + alphas[:, None])
    return alphas, (shrink * uty) @ Vt


def regularization_path(
    X,
    y,
    *,
    model="lasso",
    alphas=None,
    l1_ratio=0.5,
    fit_intercept=True,
    max_iter=10_000,
    tol=1e-4,
):
    """Coefficients of Lasso, Ridge or ElasticNet along a grid of alphas.

    ``alpha`` has exactly the meaning of the estimators ``Lasso(alpha=a)``,
    ``Ridge(alpha=a)`` and ``ElasticNet(alpha=a, l1_ratio=r)``: each row equals
    the ``coef_`` of that estimator fitted on ``(X, y)``. Lasso and elastic net
    minimize ``1 / (2 n) ||y - Xw||^2 + alpha * penalty`` and are computed with
    ``sklearn.linear_model.lasso_path`` / ``enet_path`` (warm-started coordinate
    descent); Ridge minimizes ``||y - Xw||^2 + alpha ||w||^2`` (no ``1 / n``) and
    its whole path comes from one SVD of X. With ``fit_intercept=True`` X and y
    are centered first, which is how the estimators fit their intercept.

    Parameters
    ----------
    X : array-like or DataFrame of shape (n_samples, n_features)
        Features; DataFrame column names become the columns of the result.
    y : array-like of shape (n_samples,)
        Numeric target.
    model : {"lasso", "ridge", "elasticnet"}, default="lasso"
        Which penalty.
    alphas : array-like of float or None, default=None
        Positive regularization strengths. None gives 100 log-spaced values:
        for Lasso/ElasticNet scikit-learn's grid from ``alpha_max`` (the smallest
        alpha with all coefficients zero) down to ``1e-3 * alpha_max``; for Ridge
        from ``100 * s_max**2`` (coefficients near zero) down to
        ``s_min**2 / 1000`` (near least squares), ``s`` the singular values of
        the centered X.
    l1_ratio : float, default=0.5
        Elastic-net mixing, used when ``model="elasticnet"``.
    fit_intercept : bool, default=True
        Center X and y first, as the estimators do with ``fit_intercept=True``.
    max_iter : int, default=10_000
        Iteration limit of coordinate descent (Lasso/ElasticNet).
    tol : float, default=1e-4
        Tolerance of coordinate descent (Lasso/ElasticNet), as in ``lasso_path``.

    Returns
    -------
    path : pandas.DataFrame
        Indexed by ``alpha`` (decreasing, strongest first), one column per
        feature; ``path.attrs`` holds ``model`` and ``l1_ratio``.

    Examples
    --------
    >>> from sklearn.datasets import load_diabetes
    >>> from skreg import regularization_path
    >>> X, y = load_diabetes(return_X_y=True, as_frame=True)
    >>> path = regularization_path(X, y, model="ridge", alphas=[10.0, 1.0, 0.1])
    >>> path[["bmi", "s5"]].round(1)  # doctest: +NORMALIZE_WHITESPACE
             bmi     s5
    alpha
    10.0    75.4   70.1
    1.0    306.4  262.9
    0.1    489.7  443.8
    >>> lasso = regularization_path(X, y, model="lasso")
    >>> lasso.shape, int((lasso.iloc[0] != 0).sum()), int((lasso.iloc[-1] != 0).sum())
    ((100, 10), 0, 10)
    """
    model = _check_choice("model", model, ("lasso", "ridge", "elasticnet"))
    l1_ratio = _check_l1_ratio(l1_ratio)
    if model == "elasticnet" and l1_ratio == 0:
        raise ValueError(
            "l1_ratio must be > 0 for model='elasticnet' (use model='ridge'); "
            "got l1_ratio=0.0"
        )
    X_arr, y_arr, names = _check_Xy(X, y, y_numeric=True)
    X_arr, y_arr = X_arr.astype(float), y_arr.astype(float)
    if fit_intercept:
        X_arr = X_arr - X_arr.mean(axis=0)
        y_arr = y_arr - y_arr.mean()
    grid = None if alphas is None else _check_alphas(alphas)
    if model == "ridge":
        grid, coefs = _ridge_path(X_arr, y_arr, grid)
    else:
        ratio = 1.0 if model == "lasso" else l1_ratio
        if grid is None:
            grid = _l1_alpha_grid(X_arr, y_arr, ratio)
        path_func = lasso_path if model == "lasso" else enet_path
        extra = {} if model == "lasso" else {"l1_ratio": ratio}
        grid, coefs, _ = _run_reporting_convergence(
            model,
            max_iter,
            path_func,
            X_arr,
            y_arr,
            alphas=grid,
            max_iter=max_iter,
            tol=tol,
            **extra,
        )
        coefs = coefs.T
    path = pd.DataFrame(coefs, index=pd.Index(grid, name="alpha"), columns=names)
    path.attrs.update(model=model, l1_ratio=l1_ratio if model == "elasticnet" else None)
    return path
