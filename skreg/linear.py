"""Lasso vs Ridge: side-by-side comparison and regularization paths (seed 000).

scikit-learn has the estimators; this module lines them up on one holdout split
(:func:`compare_linear_models`) and traces their coefficients over alpha
(:func:`regularization_path`, with the Ridge path computed from one SVD).
"""

from __future__ import annotations

import inspect
import warnings
from numbers import Integral, Real

import numpy as np
import pandas as pd
import scipy.sparse as sp
from pandas.api.types import is_complex_dtype, is_numeric_dtype
from scipy.optimize import nnls
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
from sklearn.model_selection import check_cv, cross_validate, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.utils import check_array
from sklearn.utils.multiclass import type_of_target

from skreg._compat import (
    Interval,
    RealNotInt,
    StrOptions,
    path_grid_size_kwargs,
    spurious_convergence_warning,
    validate_parameter_constraints,
    validate_params,
)
from skreg._validation import check_not_complex, named
from skreg.preprocessing import ZScoreScaler

__all__ = ["LinearComparison", "compare_linear_models", "regularization_path"]

MODEL_NAMES = ("linear", "ridge", "lasso", "elasticnet")
_PENALIZED = ("ridge", "lasso", "elasticnet")
_TASKS = ("regression", "classification")
_POSITIVE = Interval(Real, 0, None, closed="neither")


# --------------------------------------------------------------------------------
# Input checks


def _feature_names(X, n_features):
    columns = getattr(X, "columns", None)
    if columns is not None:
        return [str(c) for c in columns]
    return [f"x{i}" for i in range(n_features)]


def _check_frame_columns(X, name):
    """A DataFrame must hold real numbers (or booleans) in every column."""
    if not hasattr(X, "columns"):
        return
    bad = [
        str(col)
        for col, dtype in X.dtypes.items()
        if not is_numeric_dtype(dtype) or is_complex_dtype(dtype)
    ]
    if bad:
        raise ValueError(
            f"{name} must have real numeric columns only; got non-numeric columns "
            f"{bad} (encode them first, e.g. with OneHotEncoder)"
        )


def _named_check_array(a, name, **kwargs):
    """``check_array`` whose errors always name the argument."""
    with named(name):
        return check_array(a, input_name=name, **kwargs)


def _check_numeric(a, name, *, ensure_2d, accept_sparse=False):
    """``check_array(dtype="numeric")`` with errors that name the argument."""
    check_not_complex(a, name)
    _check_frame_columns(a, name)
    return _named_check_array(
        a, name, dtype="numeric", ensure_2d=ensure_2d, accept_sparse=accept_sparse
    )


def _check_target(y, name, *, classification):
    """y as a 1-D array: numbers for regression, class labels for classification."""
    if sp.issparse(y):
        raise ValueError(f"{name} must be a 1-D array-like; got a sparse matrix")
    try:
        shape = np.shape(y)
    except ValueError as exc:  # ragged nested lists
        raise ValueError(f"{name}: {exc}") from exc
    if len(shape) != 1:
        raise ValueError(f"{name} must be 1-D; got an array of shape {shape}")
    if not classification:
        return _check_numeric(y, name, ensure_2d=False)
    check_not_complex(y, name)
    y_arr = _named_check_array(y, name, ensure_2d=False, dtype=None)
    kind = type_of_target(y_arr, input_name=name)
    if kind not in ("binary", "multiclass"):
        raise ValueError(
            f"task='classification' needs class labels in {name}; got a {kind!r} "
            "target (use task='regression' for numbers)"
        )
    return y_arr


def _check_Xy(X, y, *, classification, accept_sparse=False, names=("X", "y")):
    """Validate X (2-D, numeric) and y (1-D, same rows); return both as arrays."""
    x_name, y_name = names
    X_arr = _check_numeric(X, x_name, ensure_2d=True, accept_sparse=accept_sparse)
    y_arr = _check_target(y, y_name, classification=classification)
    if X_arr.shape[0] != y_arr.shape[0]:
        raise ValueError(
            f"{x_name} and {y_name} must have the same number of rows; got "
            f"{x_name} with {X_arr.shape[0]} rows and {y_name} with {y_arr.shape[0]}"
        )
    return X_arr, y_arr


def _check_models(models):
    """A non-empty tuple of distinct model names."""
    models = (models,) if isinstance(models, str) else tuple(models)
    if not models:
        raise ValueError(
            "models must name at least one of "
            f"{', '.join(map(repr, MODEL_NAMES))}; got models=()"
        )
    validate_parameter_constraints(
        {f"models[{i}]": [StrOptions(set(MODEL_NAMES))] for i in range(len(models))},
        {f"models[{i}]": m for i, m in enumerate(models)},
        caller_name="compare_linear_models",
    )
    if len(set(models)) != len(models):
        raise ValueError(f"models must not repeat a name; got models={models!r}")
    return models


def _check_alphas_per_model(alpha, models):
    """One positive alpha per penalized model, from a number or a dict."""
    penalized = [m for m in models if m in _PENALIZED]
    if not isinstance(alpha, dict):
        return dict.fromkeys(penalized, float(alpha))
    unexpected = sorted(set(alpha) - set(penalized), key=str)
    missing = [m for m in penalized if m not in alpha]
    if unexpected or missing:
        raise ValueError(
            f"alpha as a dict needs one value per penalized model {penalized}; "
            f"got keys {sorted(alpha, key=str)} "
            f"(unexpected: {unexpected}, missing: {missing})"
        )
    validate_parameter_constraints(
        {f"alpha[{m!r}]": [_POSITIVE] for m in penalized},
        {f"alpha[{m!r}]": alpha[m] for m in penalized},
        caller_name="compare_linear_models",
    )
    return {m: float(alpha[m]) for m in penalized}


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


def _regressor(name, alpha, l1_ratio, max_iter, random_state):
    if name == "linear":
        return LinearRegression()
    if name == "ridge":
        return Ridge(alpha=alpha)
    # Coordinate descent draws a seed even in its (default, deterministic) cyclic
    # order; without random_state it would draw it from NumPy's global state.
    params = dict(alpha=alpha, max_iter=max_iter, random_state=random_state)
    if name == "lasso":
        return Lasso(**params)
    return ElasticNet(l1_ratio=l1_ratio, **params)


def _make_model(name, alpha, spec):
    """The estimator (or scaler + estimator pipeline) compared as ``name``."""
    if spec["task"] == "regression":
        est = _regressor(
            name, alpha, spec["l1_ratio"], spec["max_iter"], spec["random_state"]
        )
    else:
        est = _logistic(
            name,
            alpha,
            spec["l1_ratio"],
            spec["n_classes"],
            spec["max_iter"],
            spec["random_state"],
        )
    if spec["scale"]:
        # The models fit their own intercept, so centering changes no coefficient;
        # sparse X is only scaled, which keeps it sparse.
        est = make_pipeline(ZScoreScaler(with_mean=not spec["sparse"]), est)
    return est


def _run_reporting_convergence(name, max_iter, func, /, *args, **kwargs):
    """Call ``func``; re-issue a ConvergenceWarning with advice for this model."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = func(*args, **kwargs)
    for w in caught:
        if issubclass(w.category, ConvergenceWarning) and spurious_convergence_warning(
            w.message
        ):
            continue
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
        How the data was divided. ``mode`` is ``"split"`` (``X, y`` were split by
        ``train_test_split``) or ``"given"`` (``X_test, y_test`` were passed and
        no split was made); then ``test_size``, ``shuffle``, ``stratified``
        (bool), ``random_state``, ``n_train``, ``n_test``, and ``train_index`` /
        ``test_index`` (row positions in ``X``, enough to rebuild the split;
        ``None`` in ``"given"`` mode, where ``test_size`` and ``shuffle`` are
        ``None`` too).
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


def _given_parts(X_test, y_test, args, n_features):
    """The given test set, checked; the split arguments must keep their defaults."""
    if (X_test is None) != (y_test is None):
        given, missing = (
            ("X_test", "y_test") if y_test is None else ("y_test", "X_test")
        )
        raise ValueError(
            f"{given} needs {missing}: pass both X_test and y_test, or neither to "
            f"split X, y; got {missing}=None"
        )
    changed = [f"test_size={args['test_size']!r}"] if args["test_size"] != 0.25 else []
    changed += [] if args["shuffle"] else [f"shuffle={args['shuffle']!r}"]
    changed += [] if args["stratify"] is None else ["stratify=<array>"]
    if args["task"] == "regression" and args["random_state"] is not None:
        # nothing random is left: no split, and the regression solvers are
        # deterministic (classification keeps it for the saga/liblinear solvers)
        changed.append(f"random_state={args['random_state']!r}")
    if changed:
        raise ValueError(
            "with X_test and y_test given no split is made, so test_size, shuffle, "
            "stratify (and random_state for regression) must keep their defaults; "
            f"got {', '.join(changed)}"
        )
    X_te, y_te = _check_Xy(
        X_test, y_test, classification=args["task"] == "classification",
        accept_sparse=("csr", "csc"), names=("X_test", "y_test"),
    )  # fmt: skip
    if X_te.shape[1] != n_features:
        raise ValueError(
            f"X_test must have the same number of columns as X ({n_features}); "
            f"got {X_te.shape[1]}"
        )
    X_te = X_test if hasattr(X_test, "columns") else X_te
    return X_te, y_te, dict(mode="given", test_size=None, shuffle=None)


def _split_parts(X, y, args):
    """``train_test_split`` of (X, y) with the caller's split arguments."""
    stratify = args["stratify"]
    if stratify is not None:
        if not args["shuffle"]:
            raise ValueError("stratify requires shuffle=True; got shuffle=False")
        labels = np.asarray(stratify)
        if labels.ndim != 1 or labels.shape[0] != X.shape[0]:
            raise ValueError(
                f"stratify must hold one class label per row of X ({X.shape[0]}); "
                f"got an array of shape {labels.shape}"
            )
    parts = train_test_split(
        X,
        y,
        np.arange(X.shape[0]),
        test_size=args["test_size"],
        shuffle=args["shuffle"],
        stratify=stratify,
        random_state=args["random_state"],
    )
    split = dict(
        mode="split",
        test_size=args["test_size"],
        shuffle=args["shuffle"],
        stratified=stratify is not None,
        train_index=parts[4],
        test_index=parts[5],
    )
    return parts[:4], split


def _holdout(X, y, X_test, y_test, args):
    """Training and test parts, the split record, feature names."""
    classification = args["task"] == "classification"
    X_arr, y_arr = _check_Xy(
        X, y, classification=classification, accept_sparse=("csr", "csc")
    )
    names = _feature_names(X, X_arr.shape[1])
    # DataFrames go to the estimators as they are, so that they keep their names
    X_fit = X if hasattr(X, "columns") else X_arr
    if X_test is None and y_test is None:
        (X_tr, X_te, y_tr, y_te), split = _split_parts(X_fit, y_arr, args)
        test_name = "the test part of y"
    else:
        X_te, y_te, split = _given_parts(X_test, y_test, args, X_arr.shape[1])
        X_tr, y_tr, test_name = X_fit, y_arr, "y_test"
        split.update(stratified=False, train_index=None, test_index=None)
    _check_parts(y_tr, y_te, args["task"], test_name)
    split.update(random_state=args["random_state"], n_train=len(y_tr), n_test=len(y_te))
    return (X_tr, X_te, y_tr, y_te), split, names


def _check_parts(y_tr, y_te, task, test_name):
    """Enough rows (and classes) in each part for the reported metrics."""
    if task == "regression" and min(len(y_tr), len(y_te)) < 2:
        raise ValueError(
            "regression needs at least 2 rows in the training and in the test part "
            f"(R^2 is undefined on one row); got n_train={len(y_tr)}, "
            f"n_test={len(y_te)}"
        )
    if task == "classification":
        classes = np.unique(y_tr)
        if classes.size < 2:
            raise ValueError(
                "task='classification' needs at least 2 classes of y in the "
                f"training part; got {classes.size}"
            )
        unseen = np.setdiff1d(np.unique(y_te), classes)
        if unseen.size:
            raise ValueError(
                f"{test_name} has classes that the training part lacks: "
                f"{unseen.tolist()} (stratify the split, or use more rows per class)"
            )


@validate_params(
    {
        "X": ["array-like", "sparse matrix"],
        "y": ["array-like"],
        "alpha": [_POSITIVE, dict],
        "l1_ratio": [Interval(Real, 0, 1, closed="both")],
        "models": [StrOptions(set(MODEL_NAMES)), list, tuple],
        "test_size": [
            Interval(RealNotInt, 0, 1, closed="neither"),
            Interval(Integral, 1, None, closed="left"),
        ],
        "shuffle": ["boolean"],
        "stratify": ["array-like", None],
        "cv": ["cv_object"],
        "random_state": ["random_state"],
        "task": [StrOptions(set(_TASKS))],
        "scale": ["boolean"],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "X_test": ["array-like", "sparse matrix", None],
        "y_test": ["array-like", None],
    },
    prefer_skip_nested_validation=True,
)
def compare_linear_models(
    X,
    y,
    *,
    alpha=1.0,
    l1_ratio=0.5,
    models=MODEL_NAMES,
    test_size=0.25,
    shuffle=True,
    stratify=None,
    cv=None,
    random_state=None,
    task="regression",
    scale=False,
    max_iter=10_000,
    X_test=None,
    y_test=None,
):
    """Fit plain, L2 (Ridge), L1 (Lasso) and elastic-net linear models side by side.

    Seed 000's lesson in one call: on the same split, Ridge stays close to least
    squares while Lasso sets small coefficients to exactly zero. The holdout split
    is exactly ``train_test_split(X, y, test_size=test_size, shuffle=shuffle,
    stratify=stratify, random_state=random_state)``, so it can be reproduced
    outside skreg. With ``X_test`` and ``y_test`` given no split is made: the
    models are fitted on all of ``X, y`` and scored on the given test set (as
    scikit-learn's examples do with a fixed or unshuffled test set).

    Regression (``task="regression"``, the default, also for integer targets
    such as wine's class number) uses ``LinearRegression``, ``Ridge(alpha)``,
    ``Lasso(alpha)`` and ``ElasticNet(alpha, l1_ratio)``; ``alpha`` has exactly
    the estimators' meaning. Classification (``task="classification"``) uses
    ``LogisticRegression`` with ``C = 1 / alpha``: unpenalized ("linear"), L2
    ("ridge", lbfgs), L1 ("lasso", liblinear for two classes, saga otherwise) and
    elastic net ("elasticnet", saga). The task is never guessed from ``y``.

    Parameters
    ----------
    X : {array-like, sparse matrix, DataFrame} of shape (n_samples, n_features)
        Features (real numbers); DataFrame column names label the coefficients
        (else ``x0..``). The training data alone when ``X_test`` is given.
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
        Passed to ``train_test_split``: a fraction in (0, 1) or a row count.
    shuffle : bool, default=True
        Passed to ``train_test_split``; ``shuffle=False`` makes the last rows the
        test part (no stratification then, as in scikit-learn).
    stratify : array-like of shape (n_samples,) or None, default=None
        Class labels to stratify the split on, e.g. ``stratify=y``.
    cv : int, CV splitter or None, default=None
        When given, each model is also cross-validated on the training part and
        ``cv_*_mean`` / ``cv_*_std`` columns are added to the summary.
    random_state : int, RandomState instance or None, default=None
        Seed of the split, and of the solvers that draw random numbers (saga,
        liblinear, coordinate descent). An int gives bitwise identical results
        on every call; NumPy's global random state is then left untouched.
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
    X_test : {array-like, sparse matrix, DataFrame} or None, default=None
        A given test set, keyword-only, with the columns of ``X``. Requires
        ``y_test``; ``test_size``, ``shuffle`` and ``stratify`` must then keep
        their defaults, and so must ``random_state`` for regression (nothing is
        random there without a split).
    y_test : array-like of shape (n_test,) or None, default=None
        Target of the given test set; requires ``X_test``.

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
    models = _check_models(models)
    alphas = _check_alphas_per_model(alpha, models)
    args = dict(
        test_size=test_size,
        shuffle=shuffle,
        stratify=stratify,
        random_state=random_state,
        task=task,
    )
    parts, split, names = _holdout(X, y, X_test, y_test, args)
    X_tr, _, y_tr, _ = parts
    spec = dict(
        args,
        l1_ratio=l1_ratio,
        max_iter=max_iter,
        scale=scale,
        sparse=sp.issparse(X_tr),
        n_classes=np.unique(y_tr).size,
    )
    folds = None if cv is None else _folds(cv, X_tr, y_tr, task)
    fitted, rows, coefs, inters = {}, [], {}, {}
    for name in models:
        est = _make_model(name, alphas.get(name), spec)
        rows.append(_evaluate(name, est, parts, folds, task, max_iter))
        rows[-1]["alpha"] = alphas.get(name, np.nan)
        fitted[name] = est
        c, b = _coef_columns(name, est)
        coefs.update(c)
        inters.update(b)
    return _build_result(rows, coefs, inters, fitted, names, task, split)


def _folds(cv, X, y, task):
    """The cross-validation folds, drawn once so that every model gets the same."""
    splitter = check_cv(cv, y, classifier=task == "classification")
    return list(splitter.split(X, y))


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

# Top of the automatic Ridge grid, in units of s_max**2: there every direction of
# the coefficients is shrunk to at most 1/101 of its least-squares size.
_RIDGE_TOP = 100.0


def _check_alphas(alphas):
    """A given grid: a non-empty 1-D sequence of positive finite numbers."""
    try:
        arr = np.asarray(alphas, dtype=float)
    except (TypeError, ValueError):
        arr = np.empty(0)
    if arr.ndim != 1 or arr.size == 0 or not np.all(np.isfinite(arr)) or arr.min() <= 0:
        raise ValueError(
            "alphas must be a positive int (grid size) or a non-empty 1-D sequence "
            f"of positive finite numbers; got alphas={alphas!r}"
        )
    return np.sort(arr)[::-1]


def _ridge_alpha_grid(s, n_alphas, eps):
    """From 100 * s_max**2 down to eps times that, like scikit-learn's L1 grid."""
    alpha_max = _RIDGE_TOP * s[0] ** 2 if s.size else 0.0
    resolution = np.finfo(np.float64).resolution
    if alpha_max <= resolution:  # X is zero: every coefficient is 0 at any alpha
        return np.full(n_alphas, resolution)
    return np.geomspace(alpha_max, alpha_max * eps, num=n_alphas)


def _ridge_path(X, y, alphas, *, eps, positive):
    """Ridge coefficients for every alpha from one thin SVD of X.

    With X = U diag(s) V^T, the minimizer of ||y - Xw||^2 + alpha ||w||^2 is
    w = V diag(s / (s^2 + alpha)) U^T y.
    """
    U, s, Vt = np.linalg.svd(X, full_matrices=False)
    if isinstance(alphas, Integral):
        alphas = _ridge_alpha_grid(s, alphas, eps)
    uty = U.T @ y
    if positive:
        return alphas, _positive_ridge_coefs(s, Vt, uty, alphas)
    shrink = s / (s**2 + alphas[:, None])
    return alphas, (shrink * uty) @ Vt


def _positive_ridge_coefs(s, Vt, uty, alphas):
    """Ridge with w >= 0 as non-negative least squares, one exact solve per alpha.

    ||y - Xw||^2 + alpha ||w||^2 = ||[diag(s) V^T; sqrt(alpha) I] w - [U^T y; 0]||^2
    up to a constant, so Lawson-Hanson NNLS gives the exact constrained minimizer
    (no iterative tolerance, unlike Ridge's lbfgs solver).
    """
    k, p = Vt.shape
    A = np.vstack([s[:, None] * Vt, np.zeros((p, p))])
    b = np.concatenate([uty, np.zeros(p)])
    coefs = np.empty((alphas.size, p))
    for i, alpha in enumerate(alphas):
        A[k:] = np.sqrt(alpha) * np.eye(p)
        coefs[i] = nnls(A, b, maxiter=50 * max(p, 1))[0]
    return coefs


def _l1_path(model, X, y, alphas, *, eps, l1_ratio, positive, max_iter, tol):
    """lasso_path / enet_path on (X, y): (alphas, coefs of shape (n_alphas, p))."""
    grid = (
        path_grid_size_kwargs(alphas)
        if isinstance(alphas, Integral)
        else {"alphas": alphas}
    )
    extra = {} if model == "lasso" else {"l1_ratio": l1_ratio}
    alphas, coefs, _ = _run_reporting_convergence(
        model,
        max_iter,
        lasso_path if model == "lasso" else enet_path,
        X,
        y,
        eps=eps,
        positive=positive,
        max_iter=max_iter,
        tol=tol,
        # The cyclic solver draws a seed it never uses; fixing it keeps NumPy's
        # global random state untouched. The path does not depend on it.
        random_state=0,
        **grid,
        **extra,
    )
    return alphas, coefs.T


@validate_params(
    {
        "X": ["array-like", "sparse matrix"],
        "y": ["array-like"],
        "model": [StrOptions({"lasso", "ridge", "elasticnet"})],
        "alphas": [Interval(Integral, 1, None, closed="left"), "array-like"],
        "eps": [Interval(Real, 0, 1, closed="neither")],
        "l1_ratio": [Interval(Real, 0, 1, closed="both")],
        "positive": ["boolean"],
        "fit_intercept": ["boolean"],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def regularization_path(
    X,
    y,
    *,
    model="lasso",
    alphas=100,
    eps=1e-3,
    l1_ratio=0.5,
    positive=False,
    fit_intercept=True,
    max_iter=10_000,
    tol=1e-4,
):
    """Coefficients of Lasso, Ridge or ElasticNet along a grid of alphas.

    ``alpha`` has exactly the meaning of the estimators ``Lasso(alpha=a)``,
    ``Ridge(alpha=a)`` and ``ElasticNet(alpha=a, l1_ratio=r)``: each row equals
    the ``coef_`` of that estimator fitted on ``(X, y)`` (with the same
    ``positive``). Lasso and elastic net minimize
    ``1 / (2 n) ||y - Xw||^2 + alpha * penalty`` and are computed with
    ``sklearn.linear_model.lasso_path`` / ``enet_path`` (warm-started coordinate
    descent); Ridge minimizes ``||y - Xw||^2 + alpha ||w||^2`` (no ``1 / n``) and
    its whole path comes from one SVD of X (with ``positive=True``, one exact
    non-negative least-squares solve per alpha on that SVD). With
    ``fit_intercept=True`` X and y are centered first, which is how the
    estimators fit their intercept.

    Parameters
    ----------
    X : {array-like, sparse matrix, DataFrame} of shape (n_samples, n_features)
        Features (real numbers); DataFrame column names become the columns of
        the result. Sparse X is densified (the centered X is dense anyway).
    y : array-like of shape (n_samples,)
        Numeric target.
    model : {"lasso", "ridge", "elasticnet"}, default="lasso"
        Which penalty.
    alphas : int or array-like of float, default=100
        An int asks for that many alphas on the automatic log-spaced grid from
        ``alpha_max`` down to ``eps * alpha_max``, exactly as scikit-learn's
        ``lasso_path(alphas=<int>)``. For Lasso/ElasticNet ``alpha_max`` is the
        smallest alpha at which every coefficient is zero (scikit-learn's
        grid). For Ridge, whose coefficients never reach exactly zero,
        ``alpha_max = 100 * s_max**2`` (``s_max`` the largest singular value of
        the centered X): there every coefficient direction is shrunk to at most
        1/101 of its least-squares value. An array gives the alphas
        themselves (positive; sorted decreasing).
    eps : float, default=1e-3
        ``alpha_min / alpha_max`` of the automatic grid, in (0, 1), for every
        model. For Ridge the grid reaches least squares only when
        ``eps * 100 * s_max**2`` is well below ``s_min**2``; pass a smaller
        ``eps`` (e.g. 1e-8) to see the whole path on ill-conditioned X.
    l1_ratio : float, default=0.5
        Elastic-net mixing, used when ``model="elasticnet"``; must be > 0 there.
    positive : bool, default=False
        Force the coefficients to be >= 0, as the estimators' ``positive=True``.
        Forwarded to ``lasso_path`` / ``enet_path``; for Ridge solved exactly
        by non-negative least squares.
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
        feature; ``path.attrs`` holds ``model``, ``l1_ratio`` and ``positive``.

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
    >>> nonneg = regularization_path(X, y, model="ridge", alphas=5, positive=True)
    >>> nonneg.shape, bool((nonneg >= 0).all().all())
    ((5, 10), True)
    """
    if model == "elasticnet" and l1_ratio == 0:
        raise ValueError(
            "l1_ratio must be > 0 for model='elasticnet' (use model='ridge'); "
            "got l1_ratio=0.0"
        )
    X_arr, y_arr = _check_Xy(X, y, classification=False, accept_sparse="csr")
    names = _feature_names(X, X_arr.shape[1])
    X_arr = X_arr.toarray() if sp.issparse(X_arr) else X_arr
    # astype copies: the caller's arrays are never modified
    X_arr, y_arr = X_arr.astype(np.float64), y_arr.astype(np.float64)
    if fit_intercept:
        X_arr -= X_arr.mean(axis=0)
        y_arr -= y_arr.mean()
    grid = alphas if isinstance(alphas, Integral) else _check_alphas(alphas)
    if model == "ridge":
        grid, coefs = _ridge_path(X_arr, y_arr, grid, eps=eps, positive=positive)
    else:
        ratio = 1.0 if model == "lasso" else float(l1_ratio)
        grid, coefs = _l1_path(
            model, X_arr, y_arr, grid, eps=eps, l1_ratio=ratio,
            positive=positive, max_iter=max_iter, tol=tol,
        )  # fmt: skip
    path = pd.DataFrame(coefs, index=pd.Index(grid, name="alpha"), columns=names)
    path.attrs.update(
        model=model,
        l1_ratio=float(l1_ratio) if model == "elasticnet" else None,
        positive=bool(positive),
    )
    return path
