"""Bad arguments to every public function and class of skreg.linear and
skreg.model_selection: the error type, and a message that names the argument.

Constraint violations raise scikit-learn's ``InvalidParameterError`` ("The
'alpha' parameter of compare_linear_models must be ..."); what constraints
cannot express (sizes that must add up, dict keys, ...) raises a ``ValueError``
whose message still names the argument.
"""

import numpy as np
import pytest
from sklearn.datasets import load_diabetes
from sklearn.linear_model import Ridge

from skreg import (
    HoldoutSplit,
    bias_variance_report,
    compare_linear_models,
    diagnose_bias_variance,
    regularization_path,
    train_dev_test_split,
)
from skreg._compat import InvalidParameterError

X, y = load_diabetes(return_X_y=True)
X, y = X[:80], y[:80]


def holdout_split(X, y=None, **params):
    """HoldoutSplit(**params).split(X, y), run to the end."""
    return list(HoldoutSplit(**params).split(X, y))


def three_way_split(X, **params):
    """train_dev_test_split(X, **params)."""
    return train_dev_test_split(X, **params)


BASE = {
    compare_linear_models: dict(X=X, y=y),
    regularization_path: dict(X=X, y=y),
    holdout_split: dict(X=X),
    three_way_split: dict(X=X),
    diagnose_bias_variance: dict(train_error=0.1, dev_error=0.2),
    bias_variance_report: dict(estimator=Ridge(), X=X, y=y, cv=3),
}

# The name scikit-learn's message gives the caller.
CALLER = {
    compare_linear_models: "compare_linear_models",
    regularization_path: "regularization_path",
    holdout_split: "HoldoutSplit",
    three_way_split: "train_dev_test_split",
    diagnose_bias_variance: "diagnose_bias_variance",
    bias_variance_report: "bias_variance_report",
}

INVALID = InvalidParameterError

# (callable, bad keyword arguments, the argument the message must name, error type)
ROWS = [
    (compare_linear_models, dict(X="abc"), "X", INVALID),
    (compare_linear_models, dict(y=None), "y", INVALID),
    (compare_linear_models, dict(alpha=-1.0), "alpha", INVALID),
    (compare_linear_models, dict(alpha=0), "alpha", INVALID),
    (compare_linear_models, dict(alpha=np.inf), "alpha", INVALID),
    (compare_linear_models, dict(alpha=np.nan), "alpha", INVALID),
    (compare_linear_models, dict(alpha="big"), "alpha", INVALID),
    (compare_linear_models, dict(alpha={"ridge": 1, "lasso": 0, "elasticnet": 1}),
     "alpha['lasso']", INVALID),
    (compare_linear_models, dict(alpha={"lasso": 1.0}), "alpha", ValueError),
    (compare_linear_models, dict(alpha={"ridge": 1, "lasso": 1, "elasticnet": 1,
                                        "lars": 1}), "alpha", ValueError),
    (compare_linear_models, dict(l1_ratio=1.5), "l1_ratio", INVALID),
    (compare_linear_models, dict(l1_ratio=-0.1), "l1_ratio", INVALID),
    (compare_linear_models, dict(models="lars"), "models", INVALID),
    (compare_linear_models, dict(models=5), "models", INVALID),
    (compare_linear_models, dict(models=("lasso", "lars")), "models[1]", INVALID),
    (compare_linear_models, dict(models=()), "models", ValueError),
    (compare_linear_models, dict(models=("ridge", "ridge")), "models", ValueError),
    (compare_linear_models, dict(test_size=-3), "test_size", INVALID),
    (compare_linear_models, dict(test_size=0), "test_size", INVALID),
    (compare_linear_models, dict(test_size=1.0), "test_size", INVALID),
    (compare_linear_models, dict(test_size="0.2"), "test_size", INVALID),
    (compare_linear_models, dict(test_size=80), "test_size", ValueError),
    (compare_linear_models, dict(shuffle="yes"), "shuffle", INVALID),
    (compare_linear_models, dict(stratify=5), "stratify", INVALID),
    (compare_linear_models, dict(stratify=y, shuffle=False), "stratify", ValueError),
    (compare_linear_models, dict(cv=1), "cv", INVALID),
    (compare_linear_models, dict(cv="five"), "cv", INVALID),
    (compare_linear_models, dict(random_state="seed"), "random_state", INVALID),
    (compare_linear_models, dict(random_state=-1), "random_state", INVALID),
    (compare_linear_models, dict(task="auto"), "task", INVALID),
    (compare_linear_models, dict(scale="yes"), "scale", INVALID),
    (compare_linear_models, dict(max_iter=0), "max_iter", INVALID),
    (compare_linear_models, dict(max_iter=1.5), "max_iter", INVALID),
    (compare_linear_models, dict(X_test=5), "X_test", INVALID),
    (compare_linear_models, dict(y_test=5), "y_test", INVALID),
    (compare_linear_models, dict(X_test=X), "y_test", ValueError),
    (compare_linear_models, dict(X_test=X, y_test=y, test_size=0.5), "test_size",
     ValueError),
    (compare_linear_models, dict(X_test=X, y_test=y, random_state=0),
     "random_state", ValueError),
    (regularization_path, dict(X=None), "X", INVALID),
    (regularization_path, dict(y=None), "y", INVALID),
    (regularization_path, dict(model="lars"), "model", INVALID),
    (regularization_path, dict(alphas=0), "alphas", INVALID),
    (regularization_path, dict(alphas="many"), "alphas", INVALID),
    (regularization_path, dict(alphas=2.5), "alphas", INVALID),
    (regularization_path, dict(alphas=[1.0, -1.0]), "alphas", ValueError),
    (regularization_path, dict(alphas=[]), "alphas", ValueError),
    (regularization_path, dict(alphas=[[1.0]]), "alphas", ValueError),
    (regularization_path, dict(alphas=[1.0, np.nan]), "alphas", ValueError),
    (regularization_path, dict(alphas=["a"]), "alphas", ValueError),
    (regularization_path, dict(eps=0), "eps", INVALID),
    (regularization_path, dict(eps=1.0), "eps", INVALID),
    (regularization_path, dict(eps=-1e-3), "eps", INVALID),
    (regularization_path, dict(l1_ratio=2), "l1_ratio", INVALID),
    (regularization_path, dict(model="elasticnet", l1_ratio=0), "l1_ratio",
     ValueError),
    (regularization_path, dict(positive="yes"), "positive", INVALID),
    (regularization_path, dict(fit_intercept=None), "fit_intercept", INVALID),
    (regularization_path, dict(max_iter=0), "max_iter", INVALID),
    (regularization_path, dict(tol=-1.0), "tol", INVALID),
    (holdout_split, dict(test_size=-3), "test_size", INVALID),
    (holdout_split, dict(test_size=0.0), "test_size", INVALID),
    (holdout_split, dict(test_size=1.5), "test_size", INVALID),
    (holdout_split, dict(test_size="0.2"), "test_size", INVALID),
    (holdout_split, dict(test_size=None), "test_size", INVALID),
    (holdout_split, dict(test_size=80), "test_size", ValueError),
    (holdout_split, dict(shuffle="no"), "shuffle", INVALID),
    (holdout_split, dict(stratify="y"), "stratify", INVALID),
    (holdout_split, dict(random_state="seed"), "random_state", INVALID),
    (holdout_split, dict(stratify=True), "y", ValueError),
    (holdout_split, dict(stratify=True, shuffle=False, y=y > 150), "shuffle",
     ValueError),
    (three_way_split, dict(train_size=-3), "train_size", INVALID),
    (three_way_split, dict(dev_size=0), "dev_size", INVALID),
    (three_way_split, dict(test_size=1.0), "test_size", INVALID),
    (three_way_split, dict(dev_size="0.2"), "dev_size", INVALID),
    (three_way_split, dict(train_size=None, dev_size=None), "dev_size", ValueError),
    (three_way_split, dict(train_size=0.7), "train_size", ValueError),
    (three_way_split, dict(train_size=60, dev_size=10, test_size=5), "test_size",
     ValueError),
    (three_way_split, dict(stratify=5), "stratify", INVALID),
    (three_way_split, dict(stratify=y > 150, shuffle=False), "stratify", ValueError),
    (three_way_split, dict(stratify=y[:-1] > 150), "stratify", ValueError),
    (three_way_split, dict(shuffle="no"), "shuffle", INVALID),
    (three_way_split, dict(random_state="seed"), "random_state", INVALID),
    (diagnose_bias_variance, dict(train_error=-0.1), "train_error", INVALID),
    (diagnose_bias_variance, dict(dev_error=np.nan), "dev_error", INVALID),
    (diagnose_bias_variance, dict(dev_error=np.inf), "dev_error", INVALID),
    (diagnose_bias_variance, dict(dev_error="0.2"), "dev_error", INVALID),
    (diagnose_bias_variance, dict(dev_error=[0.2]), "dev_error", INVALID),
    (diagnose_bias_variance, dict(human_error=-1), "human_error", INVALID),
    (diagnose_bias_variance, dict(tolerance=-1), "tolerance", INVALID),
    (diagnose_bias_variance, dict(error_name=3), "error_name", INVALID),
    (bias_variance_report, dict(estimator="ridge"), "estimator", INVALID),
    (bias_variance_report, dict(estimator=Ridge), "estimator", TypeError),
    (bias_variance_report, dict(X=5), "X", INVALID),
    (bias_variance_report, dict(y=None), "y", INVALID),
    (bias_variance_report, dict(cv=1), "cv", INVALID),
    (bias_variance_report, dict(scoring="acuracy"), "scoring", INVALID),
    (bias_variance_report, dict(scoring=lambda est, X, y: 0.0), "scoring", INVALID),
    (bias_variance_report, dict(human_error=-1), "human_error", INVALID),
]  # fmt: skip


def _row_id(row):
    func, kwargs, argument, _ = row
    shown = ",".join(f"{k}={v!r}"[:30] for k, v in kwargs.items())
    return f"{CALLER[func]}-{shown}"


@pytest.mark.parametrize(
    "func, kwargs, argument, error", ROWS, ids=[_row_id(r) for r in ROWS]
)
def test_bad_argument_error_names_it(func, kwargs, argument, error):
    with pytest.raises(error) as info:
        func(**{**BASE[func], **kwargs})
    message = str(info.value)
    assert argument in message
    if error is INVALID:
        assert message.startswith(
            f"The {argument!r} parameter of {CALLER[func]} must be"
        ), message


def test_every_parameter_has_a_row():
    """Each parameter of each public callable is exercised by the table."""
    import inspect

    covered = {(CALLER[f], k) for f, kwargs, _, _ in ROWS for k in kwargs}
    targets = {
        "compare_linear_models": compare_linear_models,
        "regularization_path": regularization_path,
        "HoldoutSplit": HoldoutSplit,
        "train_dev_test_split": train_dev_test_split,
        "diagnose_bias_variance": diagnose_bias_variance,
        "bias_variance_report": bias_variance_report,
    }
    missing = [
        (name, p)
        for name, target in targets.items()
        for p, param in inspect.signature(target).parameters.items()
        if param.kind is not param.VAR_POSITIONAL and (name, p) not in covered
    ]
    assert not missing
