"""Per-layer regularization: one value, or one per hidden layer (or weight matrix)."""

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning

from skreg import RegularizedMLPClassifier

MAXIT = pytest.mark.filterwarnings("ignore:Stochastic Optimizer:UserWarning")


def _fit(X, y, **kw):
    params = dict(hidden_layer_sizes=(16, 8), random_state=0, max_iter=8)
    params.update(kw)
    return RegularizedMLPClassifier(**params).fit(X, y)


def _dense_configs(clf):
    return [
        spec["config"]
        for spec in clf.network_.get_config()["layers"]
        if spec["name"] == "dense"
    ]


@MAXIT
def test_per_layer_values_land_on_their_dense_layers(blobs):
    X, y = blobs
    clf = _fit(
        X,
        y,
        alpha=[1e-3, 1e-2],
        l1=[0.0, 1e-4, 1e-5],
        max_norm=[2.0, None],
        weight_decay=[0.1, 0.0],
        activity_l1=[1e-3, 0.0],
        dropout=[0.0, 0.2],
    )
    dense = _dense_configs(clf)
    assert [d["kernel_regularizer"] for d in dense] == [
        {"name": "l1_l2", "config": {"l1": 0.0, "l2": 1e-3}},
        {"name": "l1_l2", "config": {"l1": 1e-4, "l2": 1e-2}},
        {"name": "l1_l2", "config": {"l1": 1e-5, "l2": 0.0}},  # output: no alpha
    ]
    assert [d["kernel_constraint"] for d in dense] == [
        {"name": "max_norm", "config": {"max_norm": 2.0}},
        None,
        None,
    ]
    assert [d["weight_decay"] for d in dense] == [0.1, 0.0, 0.0]
    names = [s["name"] for s in clf.network_.get_config()["layers"]]
    assert names == [
        "dense", "activation", "activity_regularization",
        "dense", "activation", "dropout", "dense",
    ]  # fmt: skip


@MAXIT
def test_scalar_values_apply_as_before(blobs):
    X, y = blobs
    dense = _dense_configs(_fit(X, y, alpha=1e-3, max_norm=3.0, weight_decay=0.1))
    assert [d["kernel_regularizer"]["config"]["l2"] for d in dense] == [1e-3] * 3
    # max-norm constrains hidden layers only; alpha and decay every weight matrix
    assert [d["kernel_constraint"] is None for d in dense] == [False, False, True]
    assert [d["weight_decay"] for d in dense] == [0.1] * 3


@MAXIT
@pytest.mark.parametrize(
    "param, scalar",
    [
        ("alpha", 1e-2),
        ("l1", 1e-4),
        ("weight_decay", 0.05),
        ("max_norm", 0.5),
        ("activity_l2", 1e-3),
        ("dropout", 0.2),
    ],
)
def test_the_same_value_per_layer_gives_exactly_the_scalar_result(param, scalar, blobs):
    X, y = blobs
    n = 3 if param in ("alpha", "l1", "weight_decay") else 2
    a = _fit(X, y, **{param: scalar})
    b = _fit(X, y, **{param: [scalar] * n})
    for wa, wb in zip(a.coefs_ + a.intercepts_, b.coefs_ + b.intercepts_, strict=True):
        np.testing.assert_array_equal(wa, wb)
    assert a.loss_curve_ == b.loss_curve_


@MAXIT
def test_l1_on_one_layer_sparsifies_that_layer_only(digits_small):
    X, y = digits_small
    clf = _fit(
        X, y, hidden_layer_sizes=(32, 32), alpha=0.0, l1=[1.0, 0.0, 0.0], max_iter=60
    )
    zeros = [np.mean(np.abs(W) < 1e-3) for W in clf.coefs_]
    assert zeros[0] > 0.2
    assert zeros[1] < 0.05


@MAXIT
def test_max_norm_on_one_layer(blobs):
    X, y = blobs
    clf = _fit(X, y, max_norm=[0.3, None], learning_rate_init=0.05)
    norms = [np.linalg.norm(W, axis=0).max() for W in clf.coefs_]
    assert norms[0] <= 0.3 * (1 + 1e-6)
    assert norms[1] > 0.3


@pytest.mark.parametrize(
    "param, value, match",
    [
        (
            "alpha",
            [1e-3],
            r"alpha must be a number or one value per hidden layer "
            r"or per weight matrix \(2 or 3\); got alpha=\[0.001\]",
        ),
        ("l1", [0.0] * 4, r"l1 must be .* \(2 or 3\); got l1=\[0.0, 0.0, 0.0, 0.0\]"),
        ("max_norm", [1.0], r"max_norm must be .*; got max_norm=\[1.0\]"),
        (
            "activity_l1",
            [0.0] * 3,
            r"activity_l1 must be a number or one value per "
            r"hidden layer \(2\)",
        ),
        ("weight_decay", [[0.1, 0.1]], r"weight_decay must be"),
        ("dropout", [0.1, 1.0], r"dropout must be in \[0, 1\); got dropout=1.0"),
        ("alpha", [1e-3, -1.0], r"alpha must be in \[0.0, inf\); got alpha=-1.0"),
        ("max_norm", [0.0, None], r"max_norm must be in .*; got max_norm=0.0"),
        ("l1", [0.1, np.nan], r"l1 must be in \[0.0, inf\); got l1=nan"),
    ],
)
def test_wrong_per_layer_values_name_the_parameter(param, value, match, blobs):
    X, y = blobs
    with pytest.raises(ValueError, match=match):
        _fit(X, y, **{param: value})


def test_lbfgs_refuses_per_layer_stochastic_parts(blobs):
    X, y = blobs
    with pytest.raises(ValueError, match=r"solver='lbfgs'.*got max_norm=\[None, 2.0\]"):
        _fit(X, y, solver="lbfgs", max_norm=[None, 2.0])
    with pytest.warns(ConvergenceWarning):
        clf = _fit(X, y, solver="lbfgs", alpha=[1e-3, 1e-2, 0.0], max_iter=5)
    assert _dense_configs(clf)[2]["kernel_regularizer"] is None
