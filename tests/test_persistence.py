"""skreg.save / skreg.load: exact round trips of every allowed class, and refusals."""

import math
import os

import numpy as np
import pandas as pd
import pytest
from safetensors import safe_open
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin, clone
from sklearn.compose import ColumnTransformer, make_column_selector
from sklearn.datasets import load_diabetes, load_iris
from sklearn.impute import SimpleImputer
from sklearn.linear_model import (
    ElasticNet,
    Lasso,
    LinearRegression,
    LogisticRegression,
    Ridge,
)
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import (
    FunctionTransformer,
    OneHotEncoder,
    StandardScaler,
)
from sklearn.preprocessing import MinMaxScaler as SkMinMaxScaler

import skreg
from skreg import MinMaxScaler, ZScoreScaler
from skreg.persistence import FORMAT, FORMAT_VERSION

# --------------------------------------------------------------------------
# Helpers shared with the other persistence test files


def assert_same(a, b, path="est"):
    """Same types and values all the way down; arrays bitwise, same dtype/order."""
    assert type(a) is type(b), f"{path}: {type(a)} != {type(b)}"
    if isinstance(a, BaseEstimator):
        assert set(vars(a)) == set(vars(b)), f"{path}: {set(vars(a)) ^ set(vars(b))}"
        for key in vars(a):
            assert_same(vars(a)[key], vars(b)[key], f"{path}.{key}")
    elif isinstance(a, np.ndarray):
        assert (a.dtype, a.shape) == (b.dtype, b.shape), path
        if a.flags.c_contiguous or a.flags.f_contiguous:
            assert a.flags.f_contiguous == b.flags.f_contiguous, path
            assert a.flags.c_contiguous == b.flags.c_contiguous, path
        else:  # a strided view comes back as a C-ordered copy
            assert b.flags.c_contiguous, path
        if a.dtype == object:
            for i, (x, y) in enumerate(zip(a.flat, b.flat, strict=True)):
                assert_same(x, y, f"{path}[{i}]")
        else:
            assert a.tobytes(order="A") == b.tobytes(order="A"), path
    elif isinstance(a, dict):
        assert list(a) == list(b), path
        for key in a:
            assert_same(a[key], b[key], f"{path}[{key!r}]")
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            assert_same(x, y, f"{path}[{i}]")
    elif isinstance(a, (float, np.floating)):
        assert np.asarray(a).tobytes() == np.asarray(b).tobytes() or (
            math.isnan(a) and math.isnan(b)
        ), path
    else:
        assert a == b, f"{path}: {a!r} != {b!r}"


def assert_same_outputs(original, loaded, X):
    """Every prediction/transform method gives bitwise the same result."""
    methods = ["predict", "predict_proba", "decision_function", "transform"]
    used = 0
    for name in methods:
        if not hasattr(original, name):
            continue
        expected, got = getattr(original, name)(X), getattr(loaded, name)(X)
        used += 1
        if isinstance(expected, pd.DataFrame):
            assert list(expected.columns) == list(got.columns)
            expected, got = expected.to_numpy(), got.to_numpy()
        if sparse.issparse(expected):
            expected, got = expected.toarray(), got.toarray()
        assert_same(np.asarray(expected), np.asarray(got), name)
    assert used, "no prediction method was compared"


def round_trip(est, tmp_path, name="model.skreg"):
    path = tmp_path / name
    skreg.save(est, path)
    return skreg.load(path)


# --------------------------------------------------------------------------
# Data


def _diabetes():
    return load_diabetes(return_X_y=True, as_frame=True)


def _iris_labels():
    X, y = load_iris(return_X_y=True, as_frame=True)
    return X, np.array(["setosa", "versicolor", "virginica"], dtype=object)[y]


def _mixed():
    rng = np.random.default_rng(0)
    n = 60
    X = pd.DataFrame(
        {
            "city": rng.choice(["Paris", "Oslo", "Rome", "Lima"], n).astype(object),
            "size": rng.normal(size=n),
            "rooms": rng.integers(1, 6, n).astype(float),
            "flag": rng.choice(["yes", "no"], n).astype(object),
        }
    )
    X.loc[::7, "size"] = np.nan
    X.loc[::9, "city"] = None
    y = (X["rooms"] + rng.normal(size=n) > 3).to_numpy()
    return X, y


# --------------------------------------------------------------------------
# Cases: a function returning (fitted estimator, X to predict on)


def _zscore_frame():
    X, _ = _diabetes()
    return ZScoreScaler().fit(X), X


def _zscore_modes(with_mean, with_std):
    X, _ = _diabetes()
    est = ZScoreScaler(with_mean=with_mean, with_std=with_std).fit(X.to_numpy())
    return est, X.to_numpy()


def _zscore_hard():
    rng = np.random.default_rng(1)
    X = np.column_stack(
        [1e9 + 1e-6 * rng.normal(size=50), rng.normal(size=50), np.full(50, 0.3)]
    ).astype(np.float64)
    X[::5, 1] = np.nan  # per-column sample counts
    w = rng.uniform(0.5, 2.0, size=50)
    return ZScoreScaler().fit(X, sample_weight=w), X


def _zscore_float32():
    X, _ = _diabetes()
    X32 = X.to_numpy(np.float32)
    return ZScoreScaler().fit(X32), X32


def _minmax_skreg():
    X = np.array([[-1.7e308, 1.0, np.nan], [0.0, 2.0, np.nan], [1.7e308, 5.0, np.nan]])
    return MinMaxScaler(feature_range=(-1, 1), clip=True).fit(X), X


def _sklearn_scalers():
    X, _ = _diabetes()
    X = X.to_numpy(copy=True)
    X[::4, 2] = np.nan
    return make_pipeline(StandardScaler(), SkMinMaxScaler((0, 2))).fit(X), X


def _linear_multi():
    X, y = _diabetes()
    Y = np.column_stack([y, -y])
    return LinearRegression().fit(X.to_numpy(), Y), X.to_numpy()


def _ridge_frame():
    X, y = _diabetes()
    return Ridge(alpha=0.5, solver="lsqr").fit(X, y), X


def _lasso_multi():
    X, y = _diabetes()
    return Lasso(alpha=0.1).fit(X, np.column_stack([y, 2 * y])), X


def _elastic_net():
    X, y = _diabetes()
    return ElasticNet(alpha=0.01, l1_ratio=0.3, fit_intercept=False).fit(X, y), X


def _logistic_strings():
    X, y = _iris_labels()
    return make_pipeline(ZScoreScaler(), LogisticRegression(C=10.0)).fit(X, y), X


def _logistic_bool():
    X, y = _iris_labels()
    return LogisticRegression(max_iter=1000).fit(X, y == "setosa"), X


def _one_hot_variants():
    X, _ = _mixed()
    ct = ColumnTransformer(
        [
            ("plain", OneHotEncoder(handle_unknown="ignore"), ["city"]),
            (
                "rare",
                OneHotEncoder(
                    drop="first",
                    min_frequency=12,
                    handle_unknown="infrequent_if_exist",
                    sparse_output=False,
                    dtype=np.float32,
                ),
                ["flag", "rooms"],
            ),
            ("binary", OneHotEncoder(drop="if_binary"), ["flag"]),
        ]
    )
    return ct.fit(X), X


def _imputers():
    X, _ = _mixed()
    ct = ColumnTransformer(
        [
            ("freq", SimpleImputer(strategy="most_frequent"), ["city"]),
            ("const", SimpleImputer(strategy="constant", fill_value="none"), ["city"]),
            ("mean", SimpleImputer(add_indicator=True), ["size", "rooms"]),
            ("inf", SimpleImputer(strategy="constant", fill_value=-np.inf), ["size"]),
        ],
        remainder="drop",
    )
    return ct.fit(X), X


def _study_pipeline():
    X, y = _mixed()
    categorical = make_pipeline(
        SimpleImputer(strategy="most_frequent"), OneHotEncoder(handle_unknown="ignore")
    )
    numeric = make_pipeline(SimpleImputer(), ZScoreScaler())
    pre = ColumnTransformer(
        [("cat", categorical, ["city", "flag"]), ("num", numeric, ["size"])],
        remainder="passthrough",
    )
    return make_pipeline(pre, LogisticRegression(max_iter=1000)).fit(X, y), X


def _columns_by_position():
    X, y = _mixed()
    X = X[["size", "rooms", "city", "flag"]].copy()
    X["size"] = X["size"].fillna(0.0)
    Xn = X.to_numpy(dtype=object)
    pre = ColumnTransformer(
        [
            ("num", ZScoreScaler(), slice(0, 2)),
            ("cat", OneHotEncoder(), np.array([False, False, False, True])),
            ("gone", "drop", [2]),
        ],
        remainder=StandardScaler(),
        sparse_threshold=1.0,
    )
    return pre.fit(Xn[:, [0, 1, 2, 3]]), Xn


def _passthrough_pandas():
    X, y = _diabetes()
    pre = ColumnTransformer(
        [("scaled", ZScoreScaler(), ["age", "bmi"]), ("kept", "passthrough", ["s1"])],
        remainder=MinMaxScaler(),
        verbose_feature_names_out=False,
    ).set_output(transform="pandas")
    return Pipeline([("pre", pre), ("skip", "passthrough"), ("ridge", Ridge())]).fit(
        X, y
    ), X


def _identity():
    X, _ = _diabetes()
    return FunctionTransformer(feature_names_out="one-to-one").fit(X), X


CASES = {
    "zscore-frame": _zscore_frame,
    "zscore-no-mean": lambda: _zscore_modes(False, True),
    "zscore-no-std": lambda: _zscore_modes(True, False),
    "zscore-neither": lambda: _zscore_modes(False, False),
    "zscore-weighted-nan-offset": _zscore_hard,
    "zscore-float32": _zscore_float32,
    "minmax-skreg-extreme": _minmax_skreg,
    "sklearn-scalers": _sklearn_scalers,
    "linear-multi-target": _linear_multi,
    "ridge-frame": _ridge_frame,
    "lasso-multi-target": _lasso_multi,
    "elastic-net": _elastic_net,
    "logistic-str-labels": _logistic_strings,
    "logistic-bool-labels": _logistic_bool,
    "one-hot-variants": _one_hot_variants,
    "imputers": _imputers,
    "study-pipeline": _study_pipeline,
    "columns-by-position-sparse": _columns_by_position,
    "passthrough-pandas": _passthrough_pandas,
    "identity": _identity,
}


@pytest.mark.parametrize("case", list(CASES))
def test_round_trip_is_exact(case, tmp_path):
    est, X = CASES[case]()
    loaded = round_trip(est, tmp_path)
    assert_same(est, loaded)
    assert_same(est.get_params(), loaded.get_params(), "get_params")
    assert_same_outputs(est, loaded, X)
    assert_same(clone(est).get_params(), clone(loaded).get_params(), "clone")


def test_loaded_scalers_continue_partial_fit_exactly(tmp_path):
    rng = np.random.default_rng(3)
    first, second = rng.normal(5, 3, (40, 4)), rng.normal(-2, 1, (30, 4))
    for est in (ZScoreScaler(), MinMaxScaler(), StandardScaler()):
        est.partial_fit(first)
        loaded = round_trip(est, tmp_path)
        est.partial_fit(second)
        loaded.partial_fit(second)
        assert_same(est, loaded)


def test_unfitted_estimators_round_trip(tmp_path):
    for est in (
        Ridge(alpha=3.0),
        MinMaxScaler(feature_range=(-2, 2)),
        make_pipeline(ZScoreScaler(with_mean=False), Lasso(alpha=0.5)),
    ):
        loaded = round_trip(est, tmp_path)
        assert_same(est, loaded)


def test_fortran_ordered_arrays_come_back_fortran_ordered(tmp_path):
    X, y = _diabetes()
    est = LinearRegression().fit(X, np.column_stack([y, y / 2]))
    est.coef_ = np.asfortranarray(est.coef_)
    loaded = round_trip(est, tmp_path)
    assert loaded.coef_.flags.f_contiguous and not loaded.coef_.flags.c_contiguous
    assert_same(est, loaded)
    assert_same_outputs(est, loaded, X)


def test_an_array_shared_by_two_attributes_is_stored_once_and_shared(tmp_path):
    est = MinMaxScaler().fit([[0.0, 1.0], [2.0, 5.0]])
    est._half_range = est.data_range_  # the same object under two names
    loaded = round_trip(est, tmp_path)
    assert loaded._half_range is loaded.data_range_
    with safe_open(tmp_path / "model.skreg", framework="numpy") as f:
        assert len(f.keys()) == 5  # six arrays, one stored twice


def test_file_is_portable_and_stamped(tmp_path):
    est, _ = _study_pipeline()
    path = tmp_path / "model.skreg"
    skreg.save(est, path)
    raw = path.read_bytes()
    assert str(tmp_path).encode() not in raw and os.getcwd().encode() not in raw
    with safe_open(path, framework="numpy") as f:
        meta = f.metadata()
        dtypes = {f.get_slice(k).get_dtype() for k in f.keys()}
    assert meta["format"] == FORMAT and meta["format_version"] == str(FORMAT_VERSION)
    assert meta["skreg_version"] == skreg.__version__
    assert meta["checksum"].startswith("sha256:")
    assert dtypes <= {"F64", "I64", "I32", "BOOL"}  # strings stay in the JSON tree


def test_save_accepts_str_paths_and_overwrites(tmp_path):
    path = str(tmp_path / "m.skreg")
    skreg.save(Ridge(alpha=1.0), path)
    skreg.save(Ridge(alpha=2.0), path)
    assert skreg.load(path).alpha == 2.0
    with pytest.raises(IsADirectoryError):
        skreg.save(Ridge(), tmp_path)


class _Custom(TransformerMixin, BaseEstimator):
    def fit(self, X, y=None):
        self.fitted_ = True
        return self

    def transform(self, X):
        return X


class _MyRidge(Ridge):
    pass


def _with_attr(est, name, value):
    setattr(est, name, value)
    return est


REFUSED = {
    "custom class": (
        lambda: make_pipeline(_Custom(), Ridge()),
        r"Pipeline\.steps\[0\]\[1\]: .*_Custom is not an allowed class",
    ),
    "subclass": (lambda: _MyRidge(), r"_MyRidge is not an allowed class"),
    "column selector": (
        lambda: ColumnTransformer(
            [("s", ZScoreScaler(), make_column_selector(dtype_include="number"))]
        ),
        r"transformers\[0\]\[2\]: .*is a callable.*list of columns",
    ),
    "function": (
        lambda: FunctionTransformer(np.log1p),
        r"FunctionTransformer\.func: .* is a callable",
    ),
    "random generator": (
        lambda: LogisticRegression(random_state=np.random.RandomState(0)),
        r"LogisticRegression\.random_state: .*RandomState cannot be stored",
    ),
    "unknown attribute": (
        lambda: _with_attr(Ridge().fit([[0.0], [1.0]], [0, 1]), "extra_", 1),
        r"Ridge\.extra_: skreg has no schema for attribute 'extra_'",
    ),
    "object array of objects": (
        lambda: _with_attr(ZScoreScaler(), "feature_names_in_", np.array([object()])),
        r"feature_names_in_: object arrays may hold only str",
    ),
    "complex array": (
        lambda: _with_attr(Ridge(), "coef_", np.ones(2, complex)),
        r"Ridge\.coef_: arrays of dtype complex128 are not supported",
    ),
    "wrong attribute kind": (
        lambda: _with_attr(Ridge().fit([[0.0], [1.0]], [0, 1]), "coef_", "a"),
        r"Ridge\.coef_: attribute must be a float array",
    ),
    "pipeline memory": (
        lambda: Pipeline([("r", Ridge())], memory="cache_dir"),
        r"Pipeline\.memory: parameter must be None",
    ),
    "not an estimator": (lambda: {"coef": 1}, r"skreg\.save stores an estimator"),
    "metadata request": (
        lambda: Ridge().set_fit_request(sample_weight=True),
        r"Ridge\._metadata_request: skreg has no schema for attribute",
    ),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_save_refuses_what_it_cannot_store_exactly(case, tmp_path):
    make, message = REFUSED[case]
    path = tmp_path / "model.skreg"
    if case == "metadata request":
        import sklearn

        with sklearn.config_context(enable_metadata_routing=True):
            est = make()
    else:
        est = make()
    with pytest.raises(TypeError, match=message):
        skreg.save(est, path)
    assert not path.exists()
