"""The inputs: each case builds keyword arguments from a fresh clean ``Data``.

A case is a function ``Data -> dict``; its keywords are merged over the target's
base keywords (``targets.py``), so a case names only what it changes. Cases
never modify ``Data``'s arrays: they build new ones (``_with`` copies).
"""

import pickle
import warnings
from functools import cached_property

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.exceptions import ConvergenceWarning
from sklearn.svm import SVC

import skreg
from skreg import RegularizedMLPClassifier, RegularizedMLPRegressor


class Data:
    """Fresh copies of the clean data every case starts from, and a folder.

    ``folder`` is a callable returning a new empty folder; it is called only
    when a case or a target needs a file.
    """

    def __init__(self, folder=None):
        rng = np.random.default_rng(0)
        self.labels = np.arange(30) % 2
        self.X = rng.standard_normal((30, 3))
        self.X[:, 0] += 2 * self.labels
        self.y = self.X @ np.array([1.0, -2.0, 0.5]) + 0.1 * rng.standard_normal(30)
        # the scalers': round numbers, whose scaled values one can check by hand
        self.small = np.array(
            [[1.0, -2.0, 4.0], [3.0, 0.0, 8.0], [2.0, 5.0, 0.0], [0.5, 1.0, 2.0]]
        )
        self._new_folder = folder

    @cached_property
    def folder(self):
        return self._new_folder()

    # -------------------------------------------------- derived clean inputs
    def frame(self):
        """The study table: three numeric features and a class target."""
        return pd.DataFrame(self.X, columns=["a", "b", "c"]).assign(target=self.labels)

    def mlp(self, **params):
        """A small classifier fitted on the clean data."""
        clf = RegularizedMLPClassifier(**{**MLP, **params})
        return quiet_fit(clf, self.X, self.labels)

    def model_file(self):
        """A skreg model file of :meth:`mlp`."""
        path = self.folder / "model.skreg"
        skreg.save(self.mlp(), path)
        return path

    def csv_file(self):
        path = self.folder / "table.csv"
        self.frame().to_csv(path, index=False)
        return path

    def file(self, name, content):
        path = self.folder / name
        path.write_bytes(content)
        return path

    def coefficients(self):
        return pd.DataFrame(
            {"ridge": self.X[0], "lasso": [0.8, 0.0, 0.1]}, index=["a", "b", "c"]
        )

    def path_table(self):
        index = pd.Index([10.0, 1.0, 0.1], name="alpha")
        return pd.DataFrame(self.X[:3], columns=["a", "b", "c"], index=index)

    def history(self):
        return [{"epoch": i, "loss": 1.0 / i, "val_loss": 1.2 / i} for i in (1, 2, 3)]

    def samples(self):
        """Five Monte-Carlo passes of a regressor over six rows."""
        return self.y.reshape(5, 6).copy()

    def probabilities(self):
        """Five Monte-Carlo passes of a binary classifier over six rows."""
        p = 1.0 / (1.0 + np.exp(-self.samples()))
        return np.stack([1.0 - p, p], axis=2)

    def images(self):
        """Six 2 x 2 images, flat."""
        return self.X[:6].repeat(2, axis=1)[:, :4]


#: the small network of every MLP row: fast, and stopping early on purpose
MLP = dict(hidden_layer_sizes=(4,), max_iter=5, random_state=0)


def quiet_fit(est, *args, **kwargs):
    """``est.fit``, with the ConvergenceWarning of ``max_iter=5`` silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return est.fit(*args, **kwargs)


def _with(a, value, where=0):
    """A float copy of ``a`` with one entry set to ``value``."""
    a = a.astype(float)
    a.flat[where] = value
    return a


def _read_only(a):
    a = a.copy()
    a.flags.writeable = False
    return a


def _memmap(d, a, name, mode="r"):
    """``a`` as a memory-mapped file, read-only as joblib hands data to workers."""
    path = d.folder / f"{name}.dat"
    out = np.memmap(path, dtype=a.dtype, mode="w+", shape=a.shape)
    out[:] = a
    out.flush()
    return np.memmap(path, dtype=a.dtype, mode=mode, shape=a.shape)


def _big_column(X):
    """X with its first column beyond float32's range (finite in float64)."""
    X = X.copy()
    X[:, 0] *= 1e39
    return X


def _mixed_dtypes(X):
    """The same numbers as X in a float64, an object and a nullable Float64 column."""
    return pd.DataFrame(
        {"a": X[:, 0], "b": X[:, 1].astype(object), "c": pd.array(X[:, 2], "Float64")}
    )


def _with_na(X):
    frame = _mixed_dtypes(X)
    frame.loc[3, "c"] = pd.NA
    return frame


def _state(d, **params):
    return d.mlp(**params).state_dict()


def _state_with(d, key, value, **params):
    state = _state(d, **params)
    state[key] = np.full_like(state[key], value)
    return state


# ------------------------------------------------------------------------------
# Arrays: X, y, class labels, sample weights, validation data

ARRAYS = {
    "clean": lambda d: {},
    "nan_X": lambda d: dict(X=_with(d.X, np.nan)),
    "inf_X": lambda d: dict(X=_with(d.X, np.inf)),
    "nan_y": lambda d: dict(y=_with(d.y, np.nan)),
    "inf_y": lambda d: dict(y=_with(d.y, -np.inf)),
    "nan_labels": lambda d: dict(y=_with(d.labels, np.nan)),
    "beyond_float32_X": lambda d: dict(X=_big_column(d.X)),
    "beyond_float32_X_in_float32": lambda d: dict(X=_big_column(d.X), dtype="float32"),
    "beyond_float32_y_in_float32": lambda d: dict(y=d.y * 1e39, dtype="float32"),
    "subnormal_column": lambda d: dict(X=np.c_[d.X[:, :2], d.X[:, 2] * 1e-310]),
    "subnormal_X": lambda d: dict(X=d.X * 1e-310),
    "continuous_y": lambda d: dict(y=d.y),
    "str_X": lambda d: dict(X=d.X.astype(str)),
    "object_X": lambda d: dict(X=np.where(d.X > 2, "big", d.X).astype(object)),
    "object_numbers_X": lambda d: dict(X=d.X.astype(object)),
    "str_y": lambda d: dict(y=d.y.astype(str)),
    "str_labels": lambda d: dict(y=np.array(["no", "yes"])[d.labels]),
    "complex_X": lambda d: dict(X=d.X + 0j),
    "complex_y": lambda d: dict(y=d.y + 1j),
    "complex_labels": lambda d: dict(y=d.labels + 0j),
    "empty": lambda d: dict(X=d.X[:0], y=d.y[:0]),
    "empty_labels": lambda d: dict(X=d.X[:0], y=d.labels[:0]),
    "empty_X": lambda d: dict(X=d.X[:0]),
    "no_columns": lambda d: dict(X=d.X[:, :0]),
    "X_1d": lambda d: dict(X=d.X[:, 0]),
    "one_row": lambda d: dict(X=d.X[:1], y=d.y[:1]),
    "one_row_labels": lambda d: dict(X=d.X[:1], y=d.labels[:1]),
    "one_row_X": lambda d: dict(X=d.X[:1]),
    "one_row_early_stopping": lambda d: dict(
        X=d.X[:1], y=d.labels[:1], early_stopping=True
    ),
    "two_rows": lambda d: dict(X=d.X[:2], y=d.y[:2]),
    "one_class": lambda d: dict(y=np.zeros(30, dtype=int)),
    "constant_y": lambda d: dict(y=np.full(30, 3.0)),
    "constant_X": lambda d: dict(X=np.ones((30, 3))),
    "y_column": lambda d: dict(y=d.y[:, None]),
    "labels_column": lambda d: dict(y=d.labels[:, None]),
    "y_two_columns": lambda d: dict(y=np.c_[d.y, d.y]),
    "labels_two_columns": lambda d: dict(y=np.c_[d.labels, 1 - d.labels]),
    "labels_3d": lambda d: dict(y=d.labels[:, None, None]),
    "y_3d": lambda d: dict(y=d.y[:, None, None]),
    "short_y": lambda d: dict(y=d.y[:-1]),
    "short_labels": lambda d: dict(y=d.labels[:-1]),
    "n_features_at_predict": lambda d: dict(X=d.X[:, :2]),
    "sparse_X": lambda d: dict(X=sp.csr_matrix(d.X)),
    "sparse_csc_X": lambda d: dict(X=sp.csc_matrix(d.X)),
    "sparse_coo_X": lambda d: dict(X=sp.coo_matrix(d.X)),
    "frame_X": lambda d: dict(X=pd.DataFrame(d.X, columns=["a", "b", "c"])),
    "unnamed_frame_X": lambda d: dict(X=pd.DataFrame(d.X)),
    "frame_mixed_dtypes_X": lambda d: dict(X=_mixed_dtypes(d.X)),
    "frame_with_NA_X": lambda d: dict(X=_with_na(d.X)),
    "series_y": lambda d: dict(y=pd.Series(d.y, index=np.arange(30) + 100)),
    "series_labels": lambda d: dict(y=pd.Series(d.labels, index=np.arange(30) + 100)),
    "mixed_frame_X": lambda d: dict(
        X=pd.DataFrame({"a": d.X[:, 0], "b": d.X[:, 1], "c": ["u", "v", "w"] * 10})
    ),
    "read_only": lambda d: dict(X=_read_only(d.X), y=_read_only(d.y)),
    "read_only_labels": lambda d: dict(X=_read_only(d.X), y=_read_only(d.labels)),
    "read_only_X": lambda d: dict(X=_read_only(d.X)),
    "memmap_X": lambda d: dict(X=_memmap(d, d.X, "X")),
    "fortran_X": lambda d: dict(X=np.asfortranarray(d.X)),
    "strided_X": lambda d: dict(X=np.repeat(d.X, 2, axis=1)[:, ::2]),
    "strided_y": lambda d: dict(y=np.repeat(d.y, 2)[::2]),
    "list_X": lambda d: dict(X=d.X.tolist()),
    "nan_sample_weight": lambda d: dict(sample_weight=_with(np.ones(30), np.nan)),
    "short_sample_weight": lambda d: dict(sample_weight=np.ones(29)),
    "str_sample_weight": lambda d: dict(sample_weight=np.full(30, "a")),
    "nan_X_val": lambda d: dict(X_val=_with(d.X, np.nan), y_val=d.labels),
    "X_val_features": lambda d: dict(X_val=d.X[:, :2], y_val=d.labels),
    "X_val_alone": lambda d: dict(X_val=d.X),
    "nan_y_val": lambda d: dict(X_val=d.X, y_val=_with(d.y, np.nan)),
    "short_y_val": lambda d: dict(X_val=d.X, y_val=d.labels[:-1]),
    "unseen_y_val": lambda d: dict(X_val=d.X, y_val=d.labels + 1),
}

# ------------------------------------------------------------------------------
# Out-of-range parameters (of functions and of estimators)

PARAMETERS = {
    "alpha_zero": lambda d: dict(alpha=0.0),
    "alpha_negative": lambda d: dict(alpha=-1),
    "eps_above_one": lambda d: dict(eps=2.0),
    "test_size_all_rows": lambda d: dict(test_size=30),
    "cv_too_many_folds": lambda d: dict(cv=31),
    "dropout_above_one": lambda d: dict(dropout=1.5),
    "dropout_per_layer_wrong_length": lambda d: dict(dropout=[0.1, 0.2]),
    "hidden_layer_sizes_zero": lambda d: dict(hidden_layer_sizes=0),
    "hidden_layer_sizes_with_zero": lambda d: dict(hidden_layer_sizes=(4, 0)),
    "batch_size_zero": lambda d: dict(batch_size=0),
    "max_iter_zero": lambda d: dict(max_iter=0),
    "dtype_float16": lambda d: dict(dtype="float16"),
    "n_samples_zero": lambda d: dict(n_samples=0),
    "no_dropout": lambda d: dict(dropout=0.0),
    "mc_random_state_str": lambda d: dict(mc_random_state="x"),
    # the errors of diagnose_bias_variance
    "nan_error": lambda d: dict(dev_error=np.nan),
    "inf_error": lambda d: dict(train_error=np.inf),
    "str_error": lambda d: dict(dev_error="0.2"),
    "complex_error": lambda d: dict(dev_error=0.2 + 0j),
    "array_error": lambda d: dict(dev_error=np.array([0.2, 0.3])),
    "negative_error": lambda d: dict(human_error=-0.1),
    "numpy_error": lambda d: dict(train_error=np.float32(0.1), dev_error=np.int64(1)),
}

# ------------------------------------------------------------------------------
# A fitted network's state, for load_state_dict

STATES = {
    "state_nan": lambda d: dict(state=_state_with(d, "dense_0.W", np.nan)),
    "state_beyond_float32": lambda d: dict(
        state=_state_with(d, "dense_0.W", 1e39), dtype="float32"
    ),
    "state_wrong_shape": lambda d: dict(state={k: v[:1] for k, v in _state(d).items()}),
    "state_missing_key": lambda d: dict(
        state={k: v for k, v in _state(d).items() if k != "dense_1.b"}
    ),
    "state_not_a_dict": lambda d: dict(state=None),
    "state_read_only": lambda d: dict(
        state={k: _read_only(v) for k, v in _state(d).items()}
    ),
}

# ------------------------------------------------------------------------------
# Estimators, paths and files (skreg.save, skreg.load, the study's files)

FILES = {
    "unfitted_estimator": lambda d: dict(estimator=RegularizedMLPClassifier((4,))),
    "not_an_estimator": lambda d: dict(estimator=object()),
    "estimator_class": lambda d: dict(estimator=RegularizedMLPClassifier),
    "estimator_not_allowed": lambda d: dict(estimator=SVC()),
    "float64_estimator": lambda d: dict(estimator=RegularizedMLPRegressor()),
    "bad_dtype_estimator": lambda d: dict(
        estimator=RegularizedMLPRegressor(dtype="bogus")
    ),
    "path_is_folder": lambda d: dict(path=d.folder),
    "path_in_missing_folder": lambda d: dict(path=d.folder / "missing" / "m.skreg"),
    "missing_file": lambda d: dict(path=d.folder / "missing.skreg"),
    "path_none": lambda d: dict(path=None),
    "pickle_file": lambda d: dict(path=d.file("p.skreg", pickle.dumps(d.mlp()))),
    "csv_file": lambda d: dict(path=d.csv_file()),
    "empty_file": lambda d: dict(path=d.file("empty.skreg", b"")),
    "binary_file": lambda d: dict(path=d.file("binary.csv", b"\x00\x01\x02")),
    "header_only_file": lambda d: dict(path=d.file("header.csv", b"a,b\n")),
    "max_bytes_too_small": lambda d: dict(max_bytes=10),
    "max_bytes_negative": lambda d: dict(max_bytes=-1),
    "max_bytes_str": lambda d: dict(max_bytes="10"),
}

# ------------------------------------------------------------------------------
# Tables for skreg.study.run_study and infer_task


def _frame_with(d, **columns):
    return d.frame().assign(**columns)


TABLES = {
    "empty_frame": lambda d: dict(data=pd.DataFrame()),
    "frame_without_rows": lambda d: dict(data=d.frame().iloc[:0]),
    "data_array": lambda d: dict(data=d.frame().to_numpy()),
    "missing_target": lambda d: dict(target="price"),
    "unhashable_target": lambda d: dict(target=["target"]),
    "only_target": lambda d: dict(data=d.frame()[["target"]]),
    "too_few_rows": lambda d: dict(data=d.frame().iloc[:3]),
    "one_class_target": lambda d: dict(data=_frame_with(d, target=0)),
    "all_nan_column": lambda d: dict(data=_frame_with(d, b=np.nan)),
    "nan_in_feature": lambda d: dict(data=_frame_with(d, a=_with(d.X[:, 0], np.nan))),
    "inf_in_feature": lambda d: dict(data=_frame_with(d, a=_with(d.X[:, 0], np.inf))),
    "inf_target": lambda d: dict(data=_frame_with(d, target=_with(d.y, np.inf))),
    "complex_target": lambda d: dict(data=_frame_with(d, target=d.labels + 1j)),
    "mixed_target": lambda d: dict(
        data=_frame_with(d, target=np.array(["no", 1], dtype=object)[d.labels])
    ),
    "mixed_dtypes_table": lambda d: dict(
        data=_frame_with(
            d, s=np.array(["u", "v", "w"])[np.arange(30) % 3], b=d.labels == 1
        )
    ),
    "repeated_columns": lambda d: dict(
        data=d.frame().set_axis(["a", "a", "c", "target"], axis=1)
    ),
    "cv_one": lambda d: dict(cv=1),
    "task_unknown": lambda d: dict(task="clustering"),
    "random_state_str": lambda d: dict(random_state="0"),
    # the target alone, for infer_task
    "target_list": lambda d: dict(y=d.labels.tolist()),
    "target_array": lambda d: dict(y=d.y),
    "target_frame": lambda d: dict(y=d.frame()[["target"]]),
    "target_2d": lambda d: dict(y=d.labels[:, None]),
    "target_empty": lambda d: dict(y=pd.Series([], dtype=float)),
    "target_nan": lambda d: dict(y=pd.Series(_with(d.y, np.nan))),
    "target_inf": lambda d: dict(y=pd.Series(_with(d.y, np.inf))),
    "target_complex": lambda d: dict(y=pd.Series(d.y + 1j)),
    "target_mixed": lambda d: dict(y=pd.Series(["no", 1] * 15, dtype=object)),
}

# ------------------------------------------------------------------------------
# The inputs of the plots


def _coefficients_with(d, value):
    table = d.coefficients()
    table.iloc[1, 1] = value
    return table


def _path_with(d, value):
    table = d.path_table()
    table.iloc[0, 1] = value
    return table


PLOTS = {
    "coefficients_array": lambda d: dict(coefficients=d.coefficients().to_numpy()),
    "coefficients_empty": lambda d: dict(coefficients=pd.DataFrame()),
    "coefficients_no_rows": lambda d: dict(coefficients=d.coefficients().iloc[:0]),
    "coefficients_nan": lambda d: dict(coefficients=_coefficients_with(d, np.nan)),
    "coefficients_inf": lambda d: dict(coefficients=_coefficients_with(d, np.inf)),
    "coefficients_str": lambda d: dict(coefficients=d.coefficients().astype(str)),
    "coefficients_complex": lambda d: dict(coefficients=d.coefficients() + 1j),
    "coefficients_objects": lambda d: dict(
        coefficients=d.coefficients().astype(object)
    ),
    "path_array": lambda d: dict(path=d.path_table().to_numpy()),
    "path_empty": lambda d: dict(path=pd.DataFrame()),
    "path_no_columns": lambda d: dict(path=d.path_table().iloc[:, :0]),
    "path_nan": lambda d: dict(path=_path_with(d, np.nan)),
    "path_str_alphas": lambda d: dict(path=d.path_table().set_axis(["x", "y", "z"])),
    "path_zero_alpha": lambda d: dict(path=d.path_table().set_axis([1.0, 0.5, 0.0])),
    "alphas_negative": lambda d: dict(alphas=[-1.0, 1.0]),
    "alphas_empty": lambda d: dict(alphas=[]),
    "alphas_str": lambda d: dict(alphas="abc"),
    "alphas_inf": lambda d: dict(alphas=[1.0, np.inf]),
    "not_an_estimator_to_validate": lambda d: dict(estimator="ridge"),
    "unknown_param_name": lambda d: dict(param_name="C"),
    "models_empty": lambda d: dict(models={}),
    "models_none": lambda d: dict(models=None),
    "models_unfitted": lambda d: dict(models=RegularizedMLPClassifier()),
    "history_empty": lambda d: dict(models={"mlp": []}),
    "history_str_loss": lambda d: dict(models={"mlp": [{"epoch": 1, "loss": "1.0"}]}),
    "history_inf_loss": lambda d: dict(
        models={"mlp": [*d.history(), {"epoch": 4, "loss": np.inf}]}
    ),
    "samples_empty": lambda d: dict(samples=d.samples()[:0]),
    "samples_one_pass": lambda d: dict(samples=d.samples()[:1]),
    "samples_1d": lambda d: dict(samples=d.samples()[0]),
    "samples_nan": lambda d: dict(samples=_with(d.samples(), np.nan)),
    "samples_inf": lambda d: dict(samples=_with(d.samples(), np.inf)),
    "samples_str": lambda d: dict(samples=d.samples().astype(str)),
    "samples_complex": lambda d: dict(samples=d.samples() + 1j),
    "samples_read_only": lambda d: dict(samples=_read_only(d.samples())),
    "samples_list": lambda d: dict(samples=d.samples().tolist()),
    "probabilities_not_summing_to_one": lambda d: dict(samples=2 * d.probabilities()),
    "probabilities_for_other_rows": lambda d: dict(samples=d.probabilities()[:, :5]),
    "probabilities_of_regression": lambda d: dict(samples=d.samples()),
    "max_rows_zero": lambda d: dict(max_rows=0),
    "n_zero": lambda d: dict(n=0),
    "ncols_zero": lambda d: dict(ncols=0),
    "y_true_short": lambda d: dict(y_true=d.labels[:5]),
    "classes_short": lambda d: dict(classes=["no"]),
    "images_nan": lambda d: dict(images=_with(d.images(), np.nan)),
    "images_str": lambda d: dict(images=d.images().astype(str)),
    "images_not_square": lambda d: dict(images=d.images()[:, :3]),
    "image_shape_wrong": lambda d: dict(image_shape=(3, 3)),
    "labels_empty": lambda d: dict(y_true=[], y_pred=[]),
    "labels_short": lambda d: dict(y_pred=d.labels[:-1]),
    "labels_nan": lambda d: dict(y_true=_with(d.labels, np.nan)),
    "labels_continuous": lambda d: dict(y_true=d.y, y_pred=d.y),
    "labels_2d": lambda d: dict(y_true=np.eye(3), y_pred=np.eye(3)),
    "labels_complex": lambda d: dict(y_true=d.labels + 1j, y_pred=d.labels + 1j),
    "labels_str": lambda d: dict(
        y_true=np.array(["no", "yes"])[d.labels],
        y_pred=np.array(["no", "yes"])[(d.y > 0).astype(int)],
    ),
    "labels_read_only": lambda d: dict(y_true=_read_only(d.labels)),
    "labels_one_class": lambda d: dict(y_true=np.zeros(30), y_pred=np.zeros(30)),
    "normalize_unknown": lambda d: dict(normalize="rows"),
    "values_empty": lambda d: dict(y_true=[], y_pred=[]),
    "values_short": lambda d: dict(y_pred=d.y[:-1]),
    "values_nan": lambda d: dict(y_true=_with(d.y, np.nan)),
    "values_inf": lambda d: dict(y_pred=_with(d.y, np.inf)),
    "values_str": lambda d: dict(y_true=d.y.astype(str)),
    "values_complex": lambda d: dict(y_true=d.y + 1j),
    "values_none": lambda d: dict(y_true=None),
    "values_overflowing": lambda d: dict(
        y_true=np.full(30, 1.5e308), y_pred=np.full(30, -1.5e308)
    ),
    "values_huge": lambda d: dict(y_true=d.y * 1e200, y_pred=np.zeros(30)),
    "values_read_only": lambda d: dict(y_true=_read_only(d.y)),
    "values_list": lambda d: dict(y_true=d.y.tolist()),
    "diagnoses_empty": lambda d: dict(diagnoses={}),
    "diagnoses_list": lambda d: dict(diagnoses=[0.1, 0.2]),
    "diagnoses_of_numbers": lambda d: dict(diagnoses={"ridge": 0.1}),
    "frames_empty": lambda d: dict(frames={}),
    "frames_a_frame": lambda d: dict(frames=d.frame()),
    "frames_of_arrays": lambda d: dict(frames={"raw": d.X}),
    "frame_empty": lambda d: dict(frames={"raw": pd.DataFrame()}),
    "frame_str_column": lambda d: dict(frames={"raw": _frame_with(d, s="u")}),
    "frame_inf": lambda d: dict(frames={"raw": _frame_with(d, a=np.inf)}),
    "frame_nan": lambda d: dict(frames={"raw": _frame_with(d, a=_with(d.y, np.nan))}),
    "frame_complex": lambda d: dict(frames={"raw": _frame_with(d, a=1j)}),
}

# ------------------------------------------------------------------------------
# The scalers' inputs. X is what the method under test gets; fit_X is what a
# transform's scaler is fitted on first (``d.small`` unless a case says
# otherwise). sample_weight goes to fit, method_copy is the copy argument of a
# transform; every other keyword goes to the constructor.


def _self_fitted(make, **params):
    """A case transforming what it was fitted on, as two separate arrays: a
    transform that writes into X (copy=False) leaves fit_X as it was."""
    return lambda d: dict(X=make(d), fit_X=make(d), **params)


def _nan_cells(d):
    X = d.small.copy()
    X[[0, 2], 1] = np.nan
    X[:, 2] = np.nan  # a column without any value
    return X


def _non_contiguous(d):
    """d.small as a strided view of a Fortran-ordered array twice its size."""
    return np.asfortranarray(d.small.repeat(2, axis=0).repeat(2, axis=1))[::2, ::2]


_SPARSE = {"csr": sp.csr_matrix, "csc": sp.csc_matrix, "coo": sp.coo_matrix}


def _sparse(d, format="csr", at=None, value=0.0):
    """d.small with its values <= 1 set to 0 (and ``value`` at ``at``), sparse."""
    dense = np.where(d.small > 1, d.small, 0.0)
    if at is not None:
        dense[at] = value
    return _SPARSE[format](dense)


def _read_only_data(matrix):
    matrix.data.setflags(write=False)
    return matrix


def _single_row(d):
    return np.array([[1.0, -2.0, 3.0]])


def _frame_beyond_float32(d):
    return pd.DataFrame(
        {"a": np.array([1.0, 2.0, 3.0], dtype=np.float32), "b": [1e39, -1e39, 0.0]}
    )


def _frame_int_float32_bool(d):
    return pd.DataFrame(
        {
            "count": [1, 2, 3],
            "ratio": np.array([0.5, 0.25, 1.0], dtype=np.float32),
            "flag": [True, False, True],
        }
    )


def _frame_nullable_with_na(d):
    return pd.DataFrame(
        {
            "a": pd.array([1, None, 3], dtype="Int64"),
            "b": pd.array([0.5, 1.5, None], dtype="Float64"),
        }
    )


_SUBNORMALS = [
    [5e-324, 1e-310, 2.2e-311],
    [0.0, 3e-310, 2.2e-311],
    [1e-323, 1.0, 2.2e-311],
]
_INTEGERS = [[1, -2, 4], [3, 0, 8], [2, 5, 0]]
_BOOLEANS = [[True, False, True], [False, False, True], [True, True, False]]
_FEATURE_RANGE = {
    "reversed": (1, 0), "empty": (0, 0), "inf": (0, np.inf), "nan": (0, np.nan),
    "str": ("a", "b"), "three": (0, 1, 2), "list": [0, 1],
}  # fmt: skip

SCALER_INPUTS = {
    "nan_cells_and_nan_column": _self_fitted(_nan_cells),
    "nan_cells_clipped": _self_fitted(_nan_cells, feature_range=(-1, 1), clip=True),
    "inf_cell": lambda d: dict(X=_with(d.small, np.inf, where=4)),
    "minus_inf_cell": lambda d: dict(X=_with(d.small, -np.inf, where=8)),
    "float32_result_beyond_float32": lambda d: dict(
        X=np.array([[3e38, 0.0, 0.0]], dtype=np.float32),
        fit_X=np.array([[0.0, 0.0, 0.0], [1e-30, 1.0, 1.0]], dtype=np.float32),
    ),
    "float64_beyond_float32_range": lambda d: dict(
        X=np.array([[1e39, -1e39, 1e300]]), fit_X=d.small.astype(np.float32)
    ),
    "frame_float32_and_float64_beyond_it": _self_fitted(_frame_beyond_float32),
    "subnormal_values": _self_fitted(lambda d: np.array(_SUBNORMALS)),
    "object_ints_and_floats": _self_fitted(
        lambda d: np.array([[1, 2.5, 3], [3, 4, 5], [0, 1, 1]], dtype=object)
    ),
    "object_with_string": lambda d: dict(
        X=np.array([["a", 2.5, 3], [3, 4, 5]], dtype=object), fit_X=d.small[:2].copy()
    ),
    "string_array": lambda d: dict(X=np.array([["x", "y", "z"], ["u", "v", "w"]])),
    "numeric_strings": _self_fitted(
        lambda d: np.array([["1.5", "2", "3"], ["-4", "5e2", "6"]])
    ),
    "complex_cell": lambda d: dict(X=np.array([[1 + 1j, 2, 3], [2, 3, 4]])),
    "no_rows": lambda d: dict(X=np.empty((0, 3))),
    "no_features": lambda d: dict(X=np.empty((3, 0))),
    "single_row": _self_fitted(_single_row),
    "two_features_instead_of_three": lambda d: dict(X=d.small[:, :2].copy()),
    "one_dimensional": lambda d: dict(X=np.array([1.0, 2.0, 3.0])),
    "three_dimensional": lambda d: dict(X=np.ones((2, 3, 2))),
    "X_none": lambda d: dict(X=None),
    "list_of_lists": lambda d: dict(X=d.small.tolist()),
    "integers": _self_fitted(lambda d: np.array(_INTEGERS, dtype=np.int64)),
    "booleans": _self_fitted(lambda d: np.array(_BOOLEANS)),
    "float16": _self_fitted(lambda d: d.small.astype(np.float16)),
    "non_contiguous": _self_fitted(_non_contiguous),
    "non_contiguous_in_place": _self_fitted(_non_contiguous, copy=False),
    "read_only_array": _self_fitted(lambda d: _read_only(d.small)),
    "read_only_array_in_place": _self_fitted(lambda d: _read_only(d.small), copy=False),
    "memmap_read_only": lambda d: dict(
        X=_memmap(d, d.small, "X"), fit_X=_memmap(d, d.small, "fit_X")
    ),
    "memmap_read_only_in_place": lambda d: dict(
        X=_memmap(d, d.small, "X"), fit_X=_memmap(d, d.small, "fit_X"), copy=False
    ),
    "memmap_writeable_in_place": lambda d: dict(
        X=_memmap(d, d.small, "X", mode="r+"), copy=False
    ),
    "csr": _self_fitted(_sparse),
    "csr_without_mean": _self_fitted(_sparse, with_mean=False),
    "csc_without_mean": _self_fitted(lambda d: _sparse(d, "csc"), with_mean=False),
    "coo_without_mean": _self_fitted(lambda d: _sparse(d, "coo"), with_mean=False),
    "csr_with_nan_without_mean": _self_fitted(
        lambda d: _sparse(d, at=(0, 0), value=np.nan), with_mean=False
    ),
    "csr_with_inf_without_mean": lambda d: dict(
        X=_sparse(d, at=(1, 2), value=np.inf), fit_X=_sparse(d), with_mean=False
    ),
    "csr_read_only_in_place": _self_fitted(
        lambda d: _read_only_data(_sparse(d)), with_mean=False, copy=False
    ),
    "csr_after_dense_fit": lambda d: dict(X=sp.csr_matrix(d.small)),
    "frame_int_float32_bool": _self_fitted(_frame_int_float32_bool),
    "frame_string_column": lambda d: dict(
        X=pd.DataFrame({"price": [1.0, 2.0], "city": ["Oslo", "Rome"], "n": [1, 2]}),
        fit_X=pd.DataFrame({"price": [1.0, 3.0], "city": [0.0, 1.0], "n": [1, 2]}),
    ),
    "frame_nullable_with_NA": _self_fitted(_frame_nullable_with_na),
    # sample_weight, of fit and partial_fit (the four rows of d.small)
    "weights_with_zero_and_tiny": lambda d: dict(sample_weight=[1.0, 0.0, 2.5, 1e-3]),
    "weights_extreme": lambda d: dict(sample_weight=[1e300, 1e-300, 1.0, 1e150]),
    "weight_scalar": lambda d: dict(sample_weight=2.0),
    "weights_negative": lambda d: dict(sample_weight=[1.0, -1.0, 1.0, 1.0]),
    "weights_nan": lambda d: dict(sample_weight=[1.0, np.nan, 1.0, 1.0]),
    "weights_inf": lambda d: dict(sample_weight=[1.0, np.inf, 1.0, 1.0]),
    "weights_short": lambda d: dict(sample_weight=[1.0, 2.0]),
    "weights_2d": lambda d: dict(sample_weight=[[1.0] * 4]),
    "weights_str": lambda d: dict(sample_weight=np.array(["1", "a", "1", "1"])),
    "weights_complex": lambda d: dict(sample_weight=[1 + 1j, 1, 1, 1]),
    "weights_all_zero": lambda d: dict(sample_weight=[0.0] * 4),
    "weights_sum_overflows": lambda d: dict(sample_weight=[1e308] * 4),
    # constructor parameters, checked when fitting
    **{
        f"feature_range_{name}": (
            lambda d, value=value: dict(X=_single_row(d), feature_range=value)
        )
        for name, value in _FEATURE_RANGE.items()
    },
    "clip_none": lambda d: dict(X=_single_row(d), clip=None),
    "copy_str": lambda d: dict(X=_single_row(d), copy="yes"),
    "with_mean_int": lambda d: dict(X=_single_row(d), with_mean=2),
    "with_std_none": lambda d: dict(X=_single_row(d), with_std=None),
    # the copy argument of transform and inverse_transform
    "method_copy_str": lambda d: dict(X=d.small.copy(), method_copy="no"),
    "method_copy_int": lambda d: dict(X=d.small.copy(), method_copy=1),
    "method_copy_false": lambda d: dict(X=d.small.copy(), method_copy=False),
    "method_copy_numpy_false": lambda d: dict(X=d.small.copy(), method_copy=np.False_),
}

_GROUPS = (ARRAYS, PARAMETERS, STATES, FILES, TABLES, PLOTS, SCALER_INPUTS)
CASES = {name: case for group in _GROUPS for name, case in group.items()}
assert len(CASES) == sum(map(len, _GROUPS)), "a case name is used twice"
