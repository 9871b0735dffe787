"""scikit-learn's estimator checks over both MLP estimators.

As in scikit-learn's own test suite, the checks run with ConvergenceWarning
ignored: a check's tiny data and iteration budgets say nothing about
convergence, and whether an optimizer stops exactly at ``max_iter`` depends on
how the machine's BLAS kernel rounds. The default instances (float64 for
float64 data) pass every check; float32 instances fail exactly the checks that
``float32_expected_failed_checks`` lists.
"""

import pytest
from sklearn.utils.estimator_checks import check_estimator, parametrize_with_checks

from skreg import RegularizedMLPClassifier, RegularizedMLPRegressor, dropin
from skreg.mlp import float32_expected_failed_checks

SMALL = dict(hidden_layer_sizes=(8,), random_state=0)
STOCHASTIC = dict(l1=1e-4, max_norm=3.0, tol=1e-2, max_iter=3000, **SMALL)

ESTIMATORS = [
    RegularizedMLPClassifier(),
    RegularizedMLPRegressor(),
    dropin.MLPClassifier(),
    dropin.MLPRegressor(),
    RegularizedMLPClassifier(solver="lbfgs", max_iter=1000, **SMALL),
    RegularizedMLPRegressor(solver="lbfgs", max_iter=5000, tol=0.1, **SMALL),
    RegularizedMLPClassifier(learning_rate_init=0.01, **STOCHASTIC),
    RegularizedMLPRegressor(learning_rate_init=0.03, **STOCHASTIC),
]


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@parametrize_with_checks(ESTIMATORS)
def test_sklearn_compatible(estimator, check):
    check(estimator)


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@pytest.mark.filterwarnings("ignore::sklearn.exceptions.SkipTestWarning")
@pytest.mark.parametrize("cls", [RegularizedMLPClassifier, RegularizedMLPRegressor])
def test_float32_fails_only_the_listed_checks(cls):
    # Whether float32 rounding breaks a 1e-7 comparison on a given draw depends
    # on the data and the BLAS kernel, so a listed check may pass: assert the
    # failures are among the listed ones.
    estimator = cls(dtype="float32", random_state=0)
    results = check_estimator(estimator, on_fail=None)
    failed = {r["check_name"] for r in results if r["status"] == "failed"}
    assert failed <= set(float32_expected_failed_checks(estimator))
    assert len(results) > 50


# Dropout masks, input noise and batch statistics make a row of weight 2
# differ from two identical rows, so the two sample-weight *equivalence* checks
# cannot hold for these networks; every other check must pass.
NOT_EQUIVALENT = {
    "check_sample_weight_equivalence_on_dense_data",
    "check_sample_weight_equivalence_on_sparse_data",
}
STOCHASTIC_NETS = dict(
    hidden_layer_sizes=(8,),
    dropout=0.1,
    batch_norm=True,
    input_noise=0.05,
    tol=1e-2,
    random_state=0,
)


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@pytest.mark.filterwarnings("ignore::sklearn.exceptions.SkipTestWarning")
@pytest.mark.parametrize(
    "estimator",
    [
        RegularizedMLPClassifier(
            max_iter=500, learning_rate_init=0.01, **STOCHASTIC_NETS
        ),
        RegularizedMLPRegressor(
            max_iter=3000, learning_rate_init=0.1, **STOCHASTIC_NETS
        ),
    ],
    ids=["classifier", "regressor"],
)
def test_checks_with_dropout_batch_norm_and_noise(estimator):
    results = check_estimator(estimator, on_fail=None)
    failed = {
        r["check_name"]: r["exception"]
        for r in results
        if r["status"] == "failed" and r["check_name"] not in NOT_EQUIVALENT
    }
    assert not failed
    assert len(results) > 50
