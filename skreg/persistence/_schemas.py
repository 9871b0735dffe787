"""The allowed classes: identifier -> class, fitted-attribute schema and checks.

:data:`ALLOWED` is the only way from a file's class identifier to a class: a dict
literal, never an import or an attribute lookup. Each :class:`ClassSpec` lists
every attribute the class may carry once fitted (across scikit-learn 1.6-1.9),
with its kind, the attributes a fitted instance must have, and cross-field
checks run on the decoded tree, before anything is built. Allowing one more
class is one line in :data:`ALLOWED` (plus its schema if it has fitted state).
"""

import dataclasses

import numpy as np
from sklearn.compose import ColumnTransformer
from sklearn.impute import MissingIndicator, SimpleImputer
from sklearn.linear_model import (
    ElasticNet,
    Lasso,
    LinearRegression,
    LogisticRegression,
    Ridge,
)
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import (
    FunctionTransformer,
    LabelBinarizer,
    OneHotEncoder,
    StandardScaler,
)
from sklearn.preprocessing import MinMaxScaler as SkMinMaxScaler

from skreg import dropin
from skreg._compat import _RemainderColsList
from skreg.persistence import _mlp
from skreg.persistence._errors import UnsafeFileError
from skreg.persistence._kinds import (
    BOOL,
    DTYPE,
    FLOAT,
    INT,
    LABELS,
    NONE,
    REAL,
    SLICE,
    STR,
    STR_ARRAY,
    AnyOf,
    Array,
    Const,
    DictOf,
    Est,
    ExtOf,
    Int,
    ListOf,
    ObjArray,
    TupleOf,
)
from skreg.persistence._spec import (
    COMMON,
    ClassSpec,
    check_features,
    length,
    per_feature,
    shape,
)
from skreg.persistence._tree import Ext, TensorRef, describe
from skreg.preprocessing import MinMaxScaler, ZScoreScaler

__all__ = ["ALLOWED", "CLASS_IDS", "EXTENSIONS", "ClassSpec"]


# --------------------------------------------------------------------------
# Cross-field checks: each returns an error message, or None when consistent


def check_linear(params, attrs):
    coef, intercept = attrs.get("coef_"), attrs.get("intercept_")
    if coef is None:
        return None
    n = attrs.get("n_features_in_")
    if coef.shape[-1] != n:
        return f"coef_ has shape {coef.shape}; its last axis must be n_features_in_={n}"
    if shape(intercept) is not None and shape(intercept) != coef.shape[:-1]:
        return f"intercept_ has shape {shape(intercept)}; coef_ has {coef.shape}"
    return None


def check_logistic(params, attrs):
    coef, classes = attrs.get("coef_"), attrs.get("classes_")
    if coef is None or classes is None:
        return None
    n_classes = length(classes)
    rows = 1 if n_classes == 2 else n_classes
    if coef.shape[0] != rows:
        return f"coef_ has {coef.shape[0]} rows for {n_classes} classes"
    return None


def check_zscore(params, attrs):
    if "mean_" not in attrs:
        return None
    with_mean = params.get("with_mean", True)  # a missing param takes its default
    with_std = params.get("with_std", True)
    if (attrs["scale_"] is None) == bool(with_std):
        return f"scale_ is {describe(attrs['scale_'])} with with_std={with_std}"
    if (attrs["mean_"] is None) == bool(with_mean or with_std):
        return f"mean_ is {describe(attrs['mean_'])} with with_mean={with_mean}"
    return None


def check_one_hot(params, attrs):
    n = attrs.get("n_features_in_")
    for name in (
        "categories_",
        "_n_features_outs",
        "drop_idx_",
        "_infrequent_indices",
        "_default_to_infrequent_mappings",
    ):
        value = attrs.get(name)
        if value is not None and length(value) != n:
            return f"{name} has length {length(value)}; n_features_in_={n}"
    return None


def _column_error(columns, n, names):
    """What is wrong with one column specification of a ColumnTransformer."""
    if isinstance(columns, Ext):
        columns = columns.payload["columns"]
    if isinstance(columns, TensorRef):
        if columns.dtype.kind == "b" and columns.shape != (n,):
            return f"a boolean column mask has shape {columns.shape}; expected ({n},)"
        return None
    items = columns.tolist() if isinstance(columns, np.ndarray) else columns
    items = items if type(items) is list else [items]
    for c in items:
        if type(c) is str and (names is None or c not in set(names)):
            return f"column {c!r} is not among the input features"
        if INT.matches(c) and not -n <= c < n:
            return f"column {c} is out of range for {n} input features"
    if items and all(type(c) is bool for c in items) and len(items) != n:
        return f"a boolean column mask has length {len(items)}; expected {n}"
    return None


def check_column_transformer(params, attrs):
    if "transformers_" not in attrs:
        return None
    n, names = attrs.get("n_features_in_"), attrs.get("feature_names_in_")
    entries = [*attrs["transformers_"], attrs["_remainder"]]
    specs = [e[2] for e in entries] + list(attrs["_columns"])
    for columns in specs:
        message = _column_error(columns, n, names)
        if message:
            return message
    labels = [e[0] for e in attrs["transformers_"]]
    if len(set(labels)) != len(labels):
        return f"transformers_ repeats a name: {labels}"
    for key, indices in attrs["_transformer_to_input_indices"].items():
        message = _column_error(indices, n, None)
        if message:
            return f"_transformer_to_input_indices[{key!r}]: {message}"
    return None


# --------------------------------------------------------------------------
# Kinds shared by several classes

F1 = Array("f")
F1_OR_NONE = F1 | NONE
COLUMNS = AnyOf(
    ListOf(STR),
    ListOf(INT),
    ListOf(BOOL),
    INT,
    STR,
    SLICE,
    Array("iub"),
    STR_ARRAY,
    ExtOf("$remainder_cols"),
)
TRANSFORMER = Est() | Const("drop", "passthrough")
COEF = {"coef_": Array("f", (1, 2)), "intercept_": REAL | F1}
N_ITER = INT | ListOf(INT) | Array("iu") | NONE
INDICES = NONE | ObjArray() | Array("iu")


# --------------------------------------------------------------------------
# The allowed classes. The identifier is the public import path.

ALLOWED = {
    "skreg.ZScoreScaler": ClassSpec(
        ZScoreScaler,
        attrs={
            **COMMON,
            # count, mean (hi, lo), std, and the power-of-two scale of each column
            "_state": TupleOf(F1, F1, F1, F1, Array("i", (1,))),
            "_weighted": BOOL,
            "n_samples_seen_": INT | FLOAT | Array("iuf"),
            "mean_": F1_OR_NONE,
            "var_": F1_OR_NONE,
            "scale_": F1_OR_NONE,
            "_mean_residual": F1_OR_NONE,
        },
        required=("n_features_in_", "_state", "_weighted", "n_samples_seen_")
        + ("mean_", "var_", "scale_"),
        checks=(
            check_features,
            check_zscore,
            per_feature(
                "_state", "n_samples_seen_", "mean_", "var_", "scale_", "_mean_residual"
            ),
        ),
    ),
    "skreg.MinMaxScaler": ClassSpec(
        MinMaxScaler,
        attrs={
            **COMMON,
            "n_samples_seen_": INT,
            **dict.fromkeys(
                ("data_min_", "data_max_", "data_range_", "_half_range"), F1
            ),
            **dict.fromkeys(("scale_", "min_"), F1),
        },
        required=("n_features_in_", "n_samples_seen_", "data_min_", "data_max_")
        + ("data_range_", "_half_range", "scale_", "min_"),
        checks=(
            check_features,
            per_feature(
                "data_min_", "data_max_", "data_range_", "_half_range", "scale_", "min_"
            ),
        ),
    ),
    "skreg.RegularizedMLPClassifier": _mlp.CLASSIFIER,
    "skreg.RegularizedMLPRegressor": _mlp.REGRESSOR,
    "sklearn.pipeline.Pipeline": ClassSpec(
        Pipeline,
        params={
            "steps": ListOf(TupleOf(STR, Est() | Const("passthrough") | NONE)),
            "memory": NONE,  # a cache directory is a path on the saving machine
            "transform_input": NONE | ListOf(STR),
        },
    ),
    "sklearn.compose.ColumnTransformer": ClassSpec(
        ColumnTransformer,
        attrs={
            **COMMON,
            "_columns": ListOf(COLUMNS),
            "_transformer_to_input_indices": DictOf(STR, ListOf(INT) | Array("iu")),
            "_remainder": TupleOf(STR, TRANSFORMER, COLUMNS),
            "sparse_output_": BOOL,
            "transformers_": ListOf(TupleOf(STR, TRANSFORMER, COLUMNS)),
            "output_indices_": DictOf(STR, SLICE),
            # scikit-learn >= 1.9, with pandas/polars output
            "_transformers_feature_names_out": ObjArray(),
        },
        required=("n_features_in_", "_columns", "_transformer_to_input_indices")
        + ("_remainder", "sparse_output_", "transformers_", "output_indices_"),
        params={
            "transformers": ListOf(TupleOf(STR, TRANSFORMER, COLUMNS)),
            "remainder": TRANSFORMER,
        },
        checks=(check_features, check_column_transformer),
    ),
    "sklearn.preprocessing.OneHotEncoder": ClassSpec(
        OneHotEncoder,
        attrs={
            **COMMON,
            "categories_": ListOf(LABELS),
            "drop_idx_": INDICES,
            "_drop_idx_after_grouping": INDICES,
            "_infrequent_enabled": BOOL,
            "_infrequent_indices": ListOf(NONE | Array("iu")),
            "_default_to_infrequent_mappings": ListOf(NONE | Array("iu")),
            "_n_features_outs": ListOf(Int(0)),
        },
        required=("n_features_in_", "categories_", "drop_idx_")
        + ("_infrequent_enabled", "_n_features_outs"),
        checks=(check_features, check_one_hot),
    ),
    "sklearn.preprocessing.FunctionTransformer": ClassSpec(
        FunctionTransformer,
        attrs=COMMON,
        # Only the identity: functions are code, and files hold none.
        params={
            "func": NONE,
            "inverse_func": NONE,
            "feature_names_out": NONE | Const("one-to-one"),
        },
        checks=(check_features,),
    ),
    "sklearn.preprocessing.StandardScaler": ClassSpec(
        StandardScaler,
        attrs={
            **COMMON,
            "n_samples_seen_": INT | FLOAT | Array("iuf"),
            **dict.fromkeys(("mean_", "var_", "scale_"), F1_OR_NONE),
        },
        required=("n_features_in_", "n_samples_seen_", "mean_", "var_", "scale_"),
        checks=(check_features, per_feature("n_samples_seen_", "mean_", "var_")),
    ),
    "sklearn.preprocessing.MinMaxScaler": ClassSpec(
        SkMinMaxScaler,
        attrs={
            **COMMON,
            "n_samples_seen_": INT,
            **dict.fromkeys(
                ("scale_", "min_", "data_min_", "data_max_", "data_range_"), F1
            ),
        },
        required=("n_features_in_", "n_samples_seen_", "scale_", "min_")
        + ("data_min_", "data_max_", "data_range_"),
        checks=(
            check_features,
            per_feature("scale_", "min_", "data_min_", "data_max_", "data_range_"),
        ),
    ),
    "sklearn.preprocessing.LabelBinarizer": ClassSpec(
        LabelBinarizer,
        attrs={
            "classes_": LABELS | ObjArray((1, 2)),
            "y_type_": Const("binary", "multiclass", "multilabel-indicator"),
            "sparse_input_": BOOL,
        },
        required=("classes_", "y_type_", "sparse_input_"),
    ),
    "sklearn.impute.SimpleImputer": ClassSpec(
        SimpleImputer,
        attrs={
            **COMMON,
            "statistics_": Array("fiub") | ObjArray(),
            "indicator_": NONE | Est("sklearn.impute.MissingIndicator"),
            "_fit_dtype": DTYPE,
            "_fill_dtype": DTYPE,
        },
        required=("n_features_in_", "statistics_", "indicator_"),
        checks=(check_features, per_feature("statistics_")),
    ),
    "sklearn.impute.MissingIndicator": ClassSpec(
        MissingIndicator,
        attrs={
            **COMMON,
            "features_": Array("iu"),
            "_n_features": Int(0),
            "_precomputed": BOOL,
        },
        required=("n_features_in_", "features_", "_n_features"),
        checks=(check_features,),
    ),
    "sklearn.linear_model.LinearRegression": ClassSpec(
        LinearRegression,
        attrs={**COMMON, **COEF, "rank_": INT, "singular_": F1},
        required=("n_features_in_", "coef_", "intercept_"),
        checks=(check_features, check_linear),
    ),
    "sklearn.linear_model.Ridge": ClassSpec(
        Ridge,
        attrs={**COMMON, **COEF, "n_iter_": N_ITER, "solver_": STR},
        required=("n_features_in_", "coef_", "intercept_"),
        checks=(check_features, check_linear),
    ),
    "sklearn.linear_model.Lasso": ClassSpec(
        Lasso,
        # Lasso sets l1_ratio=1.0 in __init__ although it is no parameter.
        attrs={**COMMON, **COEF, "n_iter_": N_ITER, "dual_gap_": REAL | F1}
        | {"l1_ratio": REAL},
        required=("n_features_in_", "coef_", "intercept_"),
        always=("_sklearn_output_config", "l1_ratio"),
        checks=(check_features, check_linear),
    ),
    "sklearn.linear_model.ElasticNet": ClassSpec(
        ElasticNet,
        attrs={**COMMON, **COEF, "n_iter_": N_ITER, "dual_gap_": REAL | F1},
        required=("n_features_in_", "coef_", "intercept_"),
        checks=(check_features, check_linear),
    ),
    "sklearn.linear_model.LogisticRegression": ClassSpec(
        LogisticRegression,
        attrs={
            **COMMON,
            "classes_": LABELS,
            "coef_": Array("f", (2,)),
            "intercept_": F1,
            "n_iter_": Array("iu"),
        },
        required=("n_features_in_", "classes_", "coef_", "intercept_"),
        checks=(check_features, check_linear, check_logistic),
    ),
}

#: class -> identifier, for saving (exact classes only: no subclasses)
# skreg.dropin: the same classes under scikit-learn's names, the same schemas.
for _name, _base in {
    "StandardScaler": "skreg.ZScoreScaler",
    "MinMaxScaler": "skreg.MinMaxScaler",
    "MLPClassifier": "skreg.RegularizedMLPClassifier",
    "MLPRegressor": "skreg.RegularizedMLPRegressor",
}.items():
    ALLOWED[f"skreg.dropin.{_name}"] = dataclasses.replace(
        ALLOWED[_base], cls=getattr(dropin, _name)
    )

CLASS_IDS = {spec.cls: cid for cid, spec in ALLOWED.items()}


class _RemainderCols:
    """scikit-learn 1.6's list of remainder columns that warns when read."""

    def encodes(self, v):
        return _RemainderColsList is not None and type(v) is _RemainderColsList

    def encode(self, encoder, v, path):
        return {
            "columns": encoder.value(list(v.data), path),
            "future_dtype": v.future_dtype,
            "warning_was_emitted": bool(v.warning_was_emitted),
            "warning_enabled": bool(v.warning_enabled),
        }

    def decode(self, decoder, payload, path, depth):
        names = ("columns", "future_dtype", "warning_was_emitted", "warning_enabled")
        columns, future, emitted, enabled = decoder.fields(payload, names, path)
        ok = (
            ListOf(INT).matches(columns)
            and future in (None, "str", "bool")
            and type(emitted) is bool
            and type(enabled) is bool
        )
        if not ok:
            raise UnsafeFileError(f"{path}: malformed remainder column list")
        return Ext("$remainder_cols", {n: payload[n] for n in names}, path)

    def build(self, builder, ext):
        p = ext.payload
        if _RemainderColsList is None:  # scikit-learn >= 1.7 keeps a plain list
            return list(p["columns"])
        return _RemainderColsList(
            list(p["columns"]),
            future_dtype=p["future_dtype"],
            warning_was_emitted=p["warning_was_emitted"],
            warning_enabled=p["warning_enabled"],
        )


#: tag -> codec of objects that are neither plain values nor estimators
EXTENSIONS = {**_mlp.EXTENSIONS, "$remainder_cols": _RemainderCols()}
