"""What every public callable of skreg must do with each bad or unusual input.

The row format
--------------
``ROWS`` maps a target name (a function in ``targets.py``) to a dict mapping a
case name (a builder in ``cases.py``) to the expected behaviour, one of:

- ``SAME``: the result equals the one on the clean base data (plain C-ordered
  float arrays), to rtol 1e-7 / atol 1e-9;
- ``OK``: no error, and every number in the result is finite;
- ``(exception type, regex)``: raises that exception (or a subclass) with a
  message matched by ``re.search``; the regex names the argument and the
  problem;
- ``Warns(warning type, regex)``: warns so, and every number is finite;
- ``Returns(regex)``: ``str(result)`` matches (functions that report in text);
- ``EXACT``: the target's exact reference accepts the result (the scalers:
  fitted statistics and outputs against values computed with fractions).

Whatever happens, the caller's arguments are left unmodified (checked by the
test), but for what the target says a call may overwrite (the scalers' X with
``copy=False``). Moving rows in from another table is adding entries to ``ROWS`` (and
any new case to ``cases.py``); the test needs no change.
"""

from dataclasses import dataclass

from skreg._compat import InvalidParameterError
from skreg.persistence import UnsafeFileError
from skreg.study import StudyError


@dataclass(frozen=True)
class Warns:
    category: type
    match: str


@dataclass(frozen=True)
class Returns:
    match: str


SAME, OK, EXACT = "same", "ok", "exact"
INVALID = InvalidParameterError

# messages shared by many rows
NAN_X = (ValueError, "Input X contains NaN")
INF_X = (ValueError, "Input X contains infinity")
NAN_Y = (ValueError, "Input y contains NaN")
INF_Y = (ValueError, "Input y contains infinity")
STR_X = (ValueError, r"^X: dtype='numeric' is not compatible with .*strings")
OBJ_X = (ValueError, r"^X: could not convert string to float: 'big'")
STR_Y = (ValueError, r"^y: dtype='numeric' is not compatible with .*strings")
COMPLEX_X = (ValueError, "X must hold real numbers; got complex dtype complex128")
COMPLEX_Y = (ValueError, "y must hold real numbers; got complex dtype complex128")
EMPTY_X = (ValueError, r"^X: Found array with 0 sample\(s\)")
NO_COLUMNS = (ValueError, r"^X: Found array with 0 feature\(s\)")
Y_2D = (ValueError, r"y must be 1-D; got an array of shape \(30, [12]\)")
SHORT_Y = (ValueError, "X and y must have the same number of rows; got X with 30 "
           "rows and y with 29")  # fmt: skip
MIXED = (ValueError, r"X must have real numeric columns only; got non-numeric "
         r"columns \['c'\]")  # fmt: skip

# the MLPs'
MLP_STR_X = (ValueError, r"^X must hold numbers; got an array of strings \(dtype <U")
MLP_STR_Y = (ValueError, r"^y must hold numbers; got an array of strings \(dtype <U")
MLP_COMPLEX_X = (ValueError, "^Complex data not supported: " + COMPLEX_X[1])
MLP_COMPLEX_Y = (ValueError, "^Complex data not supported: " + COMPLEX_Y[1])
X_1D = (ValueError, r"^X: Expected 2D array, got 1D array instead")
Y_3D = (ValueError, r"^y: Found array with dim 3")
BEYOND_FLOAT32 = (ValueError, r"^X has values beyond the range of float32 \(largest "
                  r"\|value\| \S+ > 3.4e\+38\), the dtype this model computes in; "
                  r"scale X or use dtype='float64'")  # fmt: skip
Y_BEYOND_FLOAT32 = (ValueError, r"^y has values beyond the range of float32 .* "
                    r"scale y or use dtype='float64'")  # fmt: skip
OUTPUT_OVERFLOWS = (ValueError, r"^X has values too large for this model: its output "
                    r"overflows for \d+ row\(s\)")  # fmt: skip
SW_NAN = (ValueError, "Input sample_weight contains NaN")
SW_SHORT = (ValueError, r"sample_weight.shape == \(29,\), expected \(30,\)")
SW_STR = (ValueError, "^sample_weight: could not convert string to float")
X_VAL_NAN = (ValueError, "Input X_val contains NaN")
X_VAL_FEATURES = (ValueError, "^X_val has 2 features, but Regularized.* is expecting "
                  "3 features as input")  # fmt: skip
X_VAL_ALONE = (ValueError, "X_val and y_val must be given together")
SHORT_Y_VAL = (ValueError, "^X_val and y_val must have the same number of rows; got "
               "X_val with 30 rows and y_val with 29")  # fmt: skip
DROPOUT = (ValueError, r"^dropout must be in \[0, 1\); got dropout=1.5")
DROPOUT_LIST = (ValueError, r"^dropout must be a number or one value per hidden "
                r"layer \(1\); got dropout=\[0.1, 0.2\]")  # fmt: skip
HIDDEN_WITH_ZERO = (ValueError, r"hidden_layer_sizes must be > 0, got \[4, 0\]")
NO_DROPOUT = (ValueError, "^Monte-Carlo dropout needs dropout > 0")
N_SAMPLES = (ValueError, "^n_samples must be an int >= 1; got 0")
MC_RANDOM_STATE = (ValueError, "^random_state: 'x' cannot be used to seed")
STATE_NAN = (ValueError, r"^state\['dense_0.W'\] holds NaN or infinite values")
NOT_A_STATE = (TypeError, r"^state must be a dict of name to array, as "
               r"state_dict\(\) returns; got NoneType")  # fmt: skip


def _n_features(cls):
    return (ValueError, f"^X has 2 features, but {cls} is expecting 3 features")


def _param(name, cls):
    return (INVALID, f"^The '{name}' parameter of {cls} must be")


def _mlp_parameters(cls):
    return {
        "dropout_above_one": DROPOUT,
        "dropout_per_layer_wrong_length": DROPOUT_LIST,
        "alpha_negative": _param("alpha", cls),
        "hidden_layer_sizes_zero": _param("hidden_layer_sizes", cls),
        "hidden_layer_sizes_with_zero": HIDDEN_WITH_ZERO,
        "batch_size_zero": _param("batch_size", cls),
        "max_iter_zero": _param("max_iter", cls),
        "dtype_float16": _param("dtype", cls),
    }


# ------------------------------------------------------------------------------
# skreg.linear and skreg.model_selection

_PATH_ROWS = {
    "nan_X": NAN_X, "inf_X": INF_X, "nan_y": NAN_Y, "inf_y": INF_Y,
    "str_X": STR_X, "object_X": OBJ_X, "str_y": STR_Y,
    "complex_X": COMPLEX_X, "complex_y": COMPLEX_Y, "empty": EMPTY_X,
    "no_columns": NO_COLUMNS,
    # one row, centered: every coefficient is 0, as the estimators give
    "one_row": OK, "two_rows": OK, "constant_y": OK, "constant_X": OK,
    "y_column": Y_2D, "y_two_columns": Y_2D, "short_y": SHORT_Y,
    "sparse_X": SAME, "frame_X": SAME, "series_y": SAME,
    "mixed_frame_X": MIXED, "read_only": SAME, "fortran_X": SAME,
    "strided_X": SAME, "strided_y": SAME, "list_X": SAME,
    "eps_above_one": (INVALID, r"The 'eps' parameter of regularization_path "
                      r"must be a float in the range \(0.0, 1.0\)"),
}  # fmt: skip

LINEAR = {
    "compare_regression": {
        "nan_X": NAN_X, "inf_X": INF_X, "nan_y": NAN_Y, "inf_y": INF_Y,
        "str_X": STR_X, "object_X": OBJ_X, "str_y": STR_Y,
        "complex_X": COMPLEX_X, "complex_y": COMPLEX_Y, "empty": EMPTY_X,
        "no_columns": NO_COLUMNS,
        "one_row": (ValueError, "With n_samples=1, test_size=0.25 .* train set will "
                    "be empty"),
        "two_rows": (ValueError, r"regression needs at least 2 rows in the training "
                     r"and in the test part .* got n_train=1, n_test=1"),
        "constant_y": OK, "constant_X": OK,
        "y_column": Y_2D, "y_two_columns": Y_2D, "short_y": SHORT_Y,
        "sparse_X": SAME, "frame_X": SAME, "series_y": SAME, "mixed_frame_X": MIXED,
        "read_only": SAME, "fortran_X": SAME, "strided_X": SAME, "strided_y": SAME,
        "list_X": SAME,
        "alpha_zero": (INVALID, r"The 'alpha' parameter of compare_linear_models "
                       r"must be a float in the range \(0.0, inf\) or an instance "
                       r"of 'dict'. Got 0.0 instead."),
        "test_size_all_rows": (ValueError, r"test_size=30 should be either positive "
                               "and smaller than the number of samples 30"),
        "cv_too_many_folds": (ValueError, r"n_splits=31 greater than the number of "
                              r"samples: n_samples=22"),
    },
    "compare_classification": {
        "nan_X": NAN_X, "inf_X": INF_X, "nan_labels": NAN_Y,
        "str_X": STR_X, "object_X": OBJ_X, "str_labels": OK,
        "complex_X": COMPLEX_X, "complex_labels": COMPLEX_Y, "empty_labels": EMPTY_X,
        "one_row_labels": (ValueError, "With n_samples=1, test_size=0.25"),
        "one_class": (ValueError, r"task='classification' needs at least 2 classes "
                      r"of y in the training part; got 1"),
        "nan_y": NAN_Y,
        "y_two_columns": Y_2D, "labels_column": Y_2D,
        # strings are class labels, here one per row
        "str_y": (ValueError, r"the test part of y has classes that the training "
                  r"part lacks"),
        "inf_y": INF_Y,
        "continuous_y": (ValueError, r"task='classification' needs class labels in "
                         r"y; got a 'continuous' target"),
        "short_labels": SHORT_Y,
        "sparse_X": SAME, "frame_X": SAME, "series_labels": SAME,
        "mixed_frame_X": MIXED, "read_only_labels": SAME, "fortran_X": SAME,
        "strided_X": SAME, "list_X": SAME,
    },
    "lasso_path": _PATH_ROWS,
    "ridge_path": _PATH_ROWS,
    "positive_ridge_path": _PATH_ROWS,
    "holdout": {
        # only the number of rows of X matters to a splitter
        "nan_X": SAME, "inf_X": SAME, "str_X": SAME, "complex_X": SAME,
        "no_columns": SAME, "sparse_X": SAME, "frame_X": SAME, "mixed_frame_X": SAME,
        "list_X": SAME, "read_only_labels": SAME, "series_labels": SAME,
        "str_labels": SAME,
        "nan_labels": NAN_Y, "complex_labels": COMPLEX_Y,
        "empty_labels": (ValueError, r"test_size=0.25 gives 0 dev rows out of "
                         r"n_samples=0; both parts need at least one row"),
        "one_row_labels": (ValueError, r"test_size=0.25 gives 1 dev rows out of "
                           r"n_samples=1"),
        "one_class": OK,
        "labels_column": (ValueError, r"y must be 1-D class labels; got shape "
                          r"\(30, 1\)"),
        "short_labels": SHORT_Y,
        "test_size_all_rows": (ValueError, r"test_size=30 gives 30 dev rows out of "
                               r"n_samples=30"),
    },
    "three_way": {
        "nan_X": SAME, "inf_X": SAME, "str_X": SAME, "complex_X": SAME,
        "no_columns": SAME, "sparse_X": SAME, "frame_X": SAME, "mixed_frame_X": SAME,
        "list_X": SAME, "read_only_labels": SAME, "series_labels": SAME,
        "str_labels": SAME, "fortran_X": SAME, "strided_X": SAME,
        "nan_labels": (ValueError, "Input stratify contains NaN"),
        "complex_labels": (ValueError, "stratify must hold real numbers; got complex"),
        "empty_labels": (ValueError, "need at least 3 rows for train, dev and test; "
                         "got n_samples=0"),
        "one_row_labels": (ValueError, "need at least 3 rows .* got n_samples=1"),
        "one_class": OK,
        "labels_column": (ValueError, r"stratify must be 1-D class labels; got shape "
                          r"\(30, 1\)"),
        "short_labels": (ValueError, r"all arrays must have the same number of rows; "
                         r"got lengths \[30, 30, 29\]"),
        "test_size_all_rows": (ValueError, r"train_size, dev_size and test_size must "
                               r"add up to n_samples=30"),
    },
    "report_regression": {
        "nan_X": (ValueError, "^Ridge could not be cross-validated on X, y: Input X "
                  "contains NaN"),
        "inf_X": (ValueError, "^Ridge could not .* Input X contains infinity"),
        "nan_y": NAN_Y, "inf_y": INF_Y,
        "str_X": (ValueError, "^Ridge could not be cross-validated on X, y: dtype="),
        "str_y": STR_Y,
        "complex_X": (ValueError, "^Ridge could not .* Complex data not supported"),
        "complex_y": COMPLEX_Y,
        "empty": (ValueError, r"^y: Found array with 0 sample\(s\)"),
        "no_columns": (ValueError, r"^Ridge could not .* 0 feature\(s\)"),
        "one_row": (ValueError, r"cv=3 cannot split X, y: .*n_splits=3 greater than "
                    r"the number of samples: n_samples=1"),
        "constant_y": OK, "constant_X": OK,
        "y_two_columns": OK,  # Ridge fits several targets at once
        "short_y": SHORT_Y,
        "sparse_X": SAME, "frame_X": SAME, "series_y": SAME,
        "mixed_frame_X": (ValueError, "^Ridge could not be cross-validated on X, y: "
                          "could not convert string to float"),
        "read_only": SAME, "fortran_X": SAME, "strided_X": SAME, "strided_y": SAME,
        "list_X": SAME,
        "cv_too_many_folds": (ValueError, r"cv=31 cannot split X, y"),
    },
    "report_classification": {
        "nan_X": (ValueError, "^LogisticRegression could not be cross-validated on X, "
                  "y: Input X contains NaN"),
        "nan_labels": NAN_Y, "str_labels": SAME,
        "complex_labels": COMPLEX_Y,
        "one_class": (ValueError, "^LogisticRegression could not be cross-validated "
                      "on X, y: .*only one class"),
        "y_two_columns": (ValueError, r"^LogisticRegression could not .* y should be "
                          r"a 1d array, got an array of shape \(20, 2\)"),
        "short_labels": SHORT_Y,
        "sparse_X": SAME, "frame_X": SAME, "series_labels": SAME,
        "read_only_labels": SAME, "list_X": SAME,
    },
    "diagnose": {
        "nan_error": (INVALID, "The 'dev_error' parameter of diagnose_bias_variance "
                      r"must be a float in the range \[0.0, inf\). Got nan"),
        "inf_error": (INVALID, "The 'train_error' parameter .* Got inf"),
        "str_error": (INVALID, "The 'dev_error' parameter .* Got '0.2'"),
        "complex_error": (INVALID, "The 'dev_error' parameter"),
        "array_error": (INVALID, "The 'dev_error' parameter"),
        "negative_error": (INVALID, "The 'human_error' parameter .* Got -0.1"),
        "numpy_error": OK,
    },
}  # fmt: skip

# ------------------------------------------------------------------------------
# The MLPs: scikit-learn's NaN/inf messages; every other error names X or y;
# non-contiguous, read-only, memory-mapped, sparse and pandas input give the
# result of the plain array.

_SAME_DATA = {
    "object_numbers_X": SAME, "sparse_X": SAME, "sparse_csc_X": SAME,
    "sparse_coo_X": SAME, "frame_X": SAME, "frame_mixed_dtypes_X": SAME,
    "memmap_X": SAME, "fortran_X": SAME, "strided_X": SAME, "list_X": SAME,
}  # fmt: skip

_BAD_X = {
    "nan_X": NAN_X, "inf_X": INF_X, "frame_with_NA_X": NAN_X,
    "str_X": MLP_STR_X, "object_X": OBJ_X, "complex_X": MLP_COMPLEX_X,
    "no_columns": NO_COLUMNS, "X_1d": X_1D, "mixed_frame_X": MIXED,
    "beyond_float32_X": OK,  # float64 compute
    "beyond_float32_X_in_float32": BEYOND_FLOAT32,
    "subnormal_column": OK, "subnormal_X": OK,
}  # fmt: skip

# predicting: the model was fitted on the plain array, without column names
NAMES_UNSEEN = Warns(UserWarning, "X has feature names, but Regularized.* was fitted "
                     "without feature names")  # fmt: skip
_PREDICT = {
    "nan_X": NAN_X, "inf_X": INF_X, "str_X": MLP_STR_X, "object_X": OBJ_X,
    "complex_X": MLP_COMPLEX_X, "empty_X": EMPTY_X, "X_1d": X_1D,
    "mixed_frame_X": MIXED, "subnormal_X": OK, "one_row_X": OK,
    "beyond_float32_X": OK,
    **_SAME_DATA, "read_only_X": SAME, "unnamed_frame_X": SAME,
    # scikit-learn's warning: column names at predict, none at fit
    "frame_X": NAMES_UNSEEN, "frame_mixed_dtypes_X": NAMES_UNSEEN,
}  # fmt: skip

MLP_ROWS = {
    "mlp_classifier_fit": {
        **_BAD_X, **_SAME_DATA, **_mlp_parameters("RegularizedMLPClassifier"),
        "nan_labels": NAN_Y, "complex_labels": MLP_COMPLEX_Y,
        "continuous_y": (ValueError, "^y: Unknown label type"),
        "empty_labels": EMPTY_X,
        "str_labels": SAME,  # "no" < "yes" as 0 < 1
        "one_row_labels": OK,
        "one_row_early_stopping": (ValueError, r"^early_stopping=True cannot hold "
                                   r"out validation_fraction=0.1 of the 1 rows of X"),
        # one class: scikit-learn's MLPClassifier fits, predicts it, and gives
        # two probability columns; skreg does the same
        "one_class": OK,
        "labels_column": SAME, "series_labels": SAME, "read_only_labels": SAME,
        "labels_two_columns": OK,  # multilabel
        "labels_3d": Y_3D, "short_labels": SHORT_Y,
        "nan_sample_weight": SW_NAN, "short_sample_weight": SW_SHORT,
        "str_sample_weight": SW_STR,
        "nan_X_val": X_VAL_NAN, "X_val_features": X_VAL_FEATURES,
        "X_val_alone": X_VAL_ALONE, "short_y_val": SHORT_Y_VAL,
        "unseen_y_val": (ValueError, r"^y_val has classes not in classes_ \[0 1\]: "
                         r"\[2\]"),
    },
    "mlp_classifier_partial_fit": {
        "nan_X": NAN_X, "complex_X": MLP_COMPLEX_X, "str_X": MLP_STR_X,
        "n_features_at_predict": _n_features("RegularizedMLPClassifier"),
        "str_labels": (ValueError, "`y` has classes not in `self.classes_`"),
        "nan_labels": NAN_Y, "empty_labels": EMPTY_X, "one_row_labels": OK,
        "short_labels": SHORT_Y,
        "beyond_float32_X_in_float32": BEYOND_FLOAT32,
        "sparse_X": SAME, "memmap_X": SAME, "read_only_labels": SAME,
        "frame_X": Warns(UserWarning, "X has feature names, but "
                         "RegularizedMLPClassifier was fitted without"),
        "dropout_above_one": DROPOUT,
    },
    "mlp_classifier_predict": {
        **_PREDICT,
        "n_features_at_predict": _n_features("RegularizedMLPClassifier"),
        "beyond_float32_X_in_float32": OK,  # the rows that overflow: in float64
    },
    "mlp_classifier_predict_proba": {
        "nan_X": NAN_X, "complex_X": MLP_COMPLEX_X, "empty_X": EMPTY_X,
        "n_features_at_predict": _n_features("RegularizedMLPClassifier"),
        "beyond_float32_X": OK, "beyond_float32_X_in_float32": OK,
        "sparse_X": SAME, "read_only_X": SAME, "memmap_X": SAME,
    },
    "mlp_classifier_predict_log_proba": {
        "nan_X": NAN_X, "str_X": MLP_STR_X,
        "n_features_at_predict": _n_features("RegularizedMLPClassifier"),
        "sparse_X": SAME, "read_only_X": SAME, "subnormal_X": OK,
    },
    "mlp_classifier_predict_proba_mc": {
        "nan_X": NAN_X, "complex_X": MLP_COMPLEX_X,
        "n_features_at_predict": _n_features("RegularizedMLPClassifier"),
        "n_samples_zero": N_SAMPLES, "no_dropout": NO_DROPOUT,
        "mc_random_state_str": MC_RANDOM_STATE,
        "beyond_float32_X": OK,
        "sparse_X": SAME, "read_only_X": SAME, "fortran_X": SAME,
    },
    "mlp_classifier_score": {
        "nan_X": NAN_X, "nan_labels": NAN_Y, "complex_labels": MLP_COMPLEX_Y,
        "short_labels": SHORT_Y, "labels_3d": Y_3D,
        "n_features_at_predict": _n_features("RegularizedMLPClassifier"),
        "sparse_X": SAME, "series_labels": SAME, "labels_column": SAME,
        "read_only_labels": SAME,
    },
    "mlp_classifier_load_state_dict": {
        "state_nan": STATE_NAN,
        "state_beyond_float32": (ValueError, r"^state\['dense_0.W'\] has values "
                                 r"beyond the range of float32"),
        "state_wrong_shape": (ValueError, r"^state\['dense_0.W'\] must be a float "
                              r"array of shape \(3, 4\); got float64 of shape "
                              r"\(1, 4\)"),
        "state_missing_key": (ValueError, r"^state does not fit this network: "
                              r"missing keys \['dense_1.b'\]"),
        "state_not_a_dict": NOT_A_STATE,
        "state_read_only": SAME,
    },
    "mlp_regressor_fit": {
        **_BAD_X, **_SAME_DATA, **_mlp_parameters("RegularizedMLPRegressor"),
        "nan_y": NAN_Y, "inf_y": INF_Y, "str_y": MLP_STR_Y,
        "complex_y": MLP_COMPLEX_Y, "empty": EMPTY_X,
        "beyond_float32_y_in_float32": Y_BEYOND_FLOAT32,
        "one_row": OK, "two_rows": OK, "constant_y": OK, "constant_X": OK,
        "y_column": SAME, "series_y": SAME, "read_only": SAME, "strided_y": SAME,
        "y_two_columns": OK,  # two outputs
        "y_3d": Y_3D, "short_y": SHORT_Y,
        "nan_sample_weight": SW_NAN, "short_sample_weight": SW_SHORT,
        "nan_y_val": (ValueError, "Input y_val contains NaN"),
    },
    "mlp_regressor_partial_fit": {
        "nan_X": NAN_X, "inf_y": INF_Y,
        "n_features_at_predict": _n_features("RegularizedMLPRegressor"),
        "beyond_float32_y_in_float32": Y_BEYOND_FLOAT32,
        "one_row": OK, "sparse_csc_X": SAME, "read_only": SAME,
    },
    "mlp_regressor_predict": {
        **_PREDICT,
        "n_features_at_predict": _n_features("RegularizedMLPRegressor"),
        # its outputs are beyond float32 too
        "beyond_float32_X_in_float32": OUTPUT_OVERFLOWS,
    },
    "mlp_regressor_predict_mc": {
        "nan_X": NAN_X, "str_X": MLP_STR_X,
        "n_features_at_predict": _n_features("RegularizedMLPRegressor"),
        "n_samples_zero": N_SAMPLES, "no_dropout": NO_DROPOUT,
        "mc_random_state_str": MC_RANDOM_STATE,
        "beyond_float32_X": OK, "sparse_X": SAME, "memmap_X": SAME,
    },
    "mlp_regressor_score": {
        "nan_X": NAN_X, "nan_y": NAN_Y, "inf_y": INF_Y, "str_y": MLP_STR_Y,
        "complex_y": MLP_COMPLEX_Y, "short_y": SHORT_Y,
        "y_column": SAME, "series_y": SAME, "read_only": SAME, "sparse_X": SAME,
    },
    "mlp_regressor_load_state_dict": {
        "state_nan": STATE_NAN, "state_not_a_dict": NOT_A_STATE,
    },
    "dropin_classifier_fit": {
        "nan_X": NAN_X, "complex_X": MLP_COMPLEX_X, "sparse_X": SAME,
        "alpha_negative": _param("alpha", "MLPClassifier"),
    },
    "dropin_regressor_predict": {
        "nan_X": NAN_X, "n_features_at_predict": _n_features("MLPRegressor"),
        "list_X": SAME,
    },
    "float32_checks": {
        "clean": Returns("check_regressor_multioutput"),
        "float64_estimator": Returns(r"^\[\]$"),
        "estimator_not_allowed": Returns(r"^\[\]$"),  # no dtype: float64
        "bad_dtype_estimator": (ValueError, "^estimator.dtype must be 'float32', "
                                "'float64' or None; got dtype='bogus'"),
    },
}  # fmt: skip

# ------------------------------------------------------------------------------
# Model files

NOT_A_MODEL_FILE = (UnsafeFileError, "is not a skreg model file")
PATH_NONE = (TypeError, "^path must be a str or os.PathLike; got None")

FILE_ROWS = {
    "skreg_save": {
        "clean": OK,
        "unfitted_estimator": Returns(r"^RegularizedMLPClassifier\(hidden_layer_sizes="
                                      r"\(4,\)\)$"),
        "not_an_estimator": (TypeError, "^cannot save object: values of type "
                             "builtins.object cannot be stored exactly"),
        "estimator_class": (TypeError, "^cannot save type: builtins.type is not an "
                            "allowed class"),
        "estimator_not_allowed": (TypeError, "^cannot save SVC: "
                                  "sklearn.svm._classes.SVC is not an allowed class"),
        "path_is_folder": (IsADirectoryError, "Is a directory"),
        "path_in_missing_folder": (FileNotFoundError, "No such file or directory: "
                                   ".*missing/m.skreg"),
        "path_none": PATH_NONE,
    },
    "skreg_load": {
        "clean": OK,
        "path_is_folder": (UnsafeFileError, "is not a regular file"),
        "missing_file": (FileNotFoundError, "No such file or directory: "
                         ".*missing.skreg"),
        "pickle_file": NOT_A_MODEL_FILE, "csv_file": NOT_A_MODEL_FILE,
        "empty_file": NOT_A_MODEL_FILE, "path_none": PATH_NONE,
        "max_bytes_too_small": (UnsafeFileError, r"its tensors take \d+ bytes, above "
                                r"max_bytes=10"),
        "max_bytes_negative": (ValueError, "^max_bytes must be >= 1; got "
                               "max_bytes=-1"),
        "max_bytes_str": (TypeError, "^max_bytes must be an int; got str '10'"),
    },
}  # fmt: skip

# ------------------------------------------------------------------------------
# Plots

MC_SHAPE = (ValueError, r"^samples must have shape \(n_samples >= 2, n_rows\) from "
            r"predict_mc or \(n_samples >= 2, n_rows, n_classes\) from "
            r"predict_proba_mc; got shape")  # fmt: skip

PLOT_ROWS = {
    "plot_coefficients": {
        "clean": OK, "coefficients_objects": SAME,
        "coefficients_array": (TypeError, "^coefficients must be a LinearComparison "
                               r"or a DataFrame \(features x models\); got ndarray"),
        "coefficients_empty": (ValueError, r"^coefficients is empty \(shape "
                               r"\(0, 0\)\)"),
        "coefficients_no_rows": (ValueError, r"^coefficients is empty \(shape "
                                 r"\(0, 2\)\)"),
        "coefficients_nan": (ValueError, "^coefficients must hold finite numbers; got "
                             "nan in column 'lasso'"),
        "coefficients_inf": (ValueError, "^coefficients must hold finite numbers; got "
                             "inf in column 'lasso'"),
        "coefficients_str": (ValueError, "^coefficients must have real numeric "
                             r"columns only; got non-numeric columns \['ridge', "
                             r"'lasso'\]$"),
        "coefficients_complex": (ValueError, "^coefficients must have real numeric "
                                 "columns only"),
    },
    "plot_regularization_path": {
        "clean": OK,
        "path_array": (TypeError, "^path must be the DataFrame returned by "
                       "regularization_path; got ndarray"),
        "path_empty": (ValueError, r"^path is empty \(shape \(0, 0\)\)"),
        "path_no_columns": (ValueError, r"^path is empty \(shape \(3, 0\)\)"),
        "path_nan": (ValueError, "^path must hold finite numbers; got nan in column "
                     "'b'"),
        "path_str_alphas": (ValueError, r"^path.index \(the alphas\) must hold "
                            "numbers; could not convert string to float: 'x'"),
        "path_zero_alpha": (ValueError, r"^path.index must hold the alphas, all > 0 "
                            r"\(a log axis\); got 0.0"),
    },
    "plot_validation_curve": {
        "clean": OK, "read_only": SAME, "frame_X": SAME, "list_X": SAME,
        "sparse_X": SAME,
        "nan_X": (ValueError, "^Ridge could not be validated on X, y: Input X "
                  "contains NaN"),
        "str_X": (ValueError, "^Ridge could not be validated on X, y: dtype='numeric'"),
        "short_y": SHORT_Y,
        "empty": (ValueError, "^Ridge could not be validated on X, y: Cannot have "
                  "number of splits n_splits=3 greater than the number of samples: "
                  "n_samples=0"),
        "alphas_negative": (ValueError, r"^alphas must be a non-empty 1-D sequence "
                            r"of positive numbers; got alphas=array\(\[-1.,  1.\]\)"),
        "alphas_empty": (ValueError, "^alphas must be a non-empty 1-D sequence"),
        "alphas_str": (ValueError, "^alphas must hold numbers; got an array of "
                       "strings"),
        "alphas_inf": (ValueError, "^alphas must hold finite numbers; got inf"),
        "not_an_estimator_to_validate": (INVALID, "^The 'estimator' parameter of "
                                         "validation_curve must be an object "
                                         "implementing 'fit'"),
        "unknown_param_name": (ValueError, "Invalid parameter 'C' for estimator "
                               r"Ridge\(\)"),
        "cv_too_many_folds": (ValueError, "n_splits=31 greater than the number of "
                              "samples: n_samples=30"),
    },
    "plot_learning_curves": {
        "clean": OK,
        "history_inf_loss": OK,  # a diverged epoch is drawn as a gap
        "models_empty": (ValueError, "^models must name at least one model; got an "
                         "empty dict"),
        "models_none": (TypeError, r"^models\['NoneType'\] must be a fitted skreg MLP "
                        r"\(with history_\) or its history_ list; got NoneType"),
        "models_unfitted": (TypeError, r"^models\['RegularizedMLPClassifier'\] must "
                            "be a fitted skreg MLP"),
        "history_empty": (ValueError, r"^models\['mlp'\] has no epoch: its history_ "
                          "is empty"),
        "history_str_loss": (TypeError, r"^models\['mlp'\]: loss must be a number in "
                             "every epoch; got loss='1.0'"),
    },
    "plot_mc_uncertainty": {
        "clean": OK, "samples_read_only": SAME, "samples_list": SAME,
        "samples_empty": MC_SHAPE, "samples_one_pass": MC_SHAPE,
        "samples_1d": MC_SHAPE,
        "samples_nan": (ValueError, "^samples must hold finite numbers; got nan"),
        "samples_inf": (ValueError, "^samples must hold finite numbers; got inf"),
        "samples_str": (ValueError, "^samples must hold numbers; got an array of "
                        "strings"),
        "samples_complex": (ValueError, "samples must hold real numbers; got complex"),
        "max_rows_zero": (ValueError, "^max_rows must be an int >= 1; got "
                          "max_rows=0"),
        "y_true_short": (ValueError, r"^y_true must have one value per row of "
                         r"samples \(6\); got shape \(5,\)"),
    },
    "plot_mc_uncertainty_proba": {
        "clean": OK,
        "classes_short": (ValueError, r"^classes must have one value per column of "
                          r"samples \(2\); got shape \(1,\)"),
        "y_true_short": (ValueError, r"^y_true must have one value per row of "
                         r"samples \(6\); got shape \(5,\)"),
        "probabilities_not_summing_to_one": (ValueError, "^samples of shape "
                                             r"\(n_samples, n_rows, n_classes\) must "
                                             "be probabilities"),
    },
    "plot_uncertain_images": {
        "clean": OK,
        "images_nan": OK,  # drawn as blank pixels
        "images_str": (ValueError, "^images must hold numbers; got an array of "
                       "strings"),
        "images_not_square": (ValueError, r"^images must have shape \(n_rows, height, "
                              r"width\), or \(n_rows, n_pixels\) with a square number "
                              r"of pixels; got shape \(6, 3\)"),
        "image_shape_wrong": (ValueError, r"^image_shape=\(3, 3\) does not fit images "
                              r"of shape \(6, 4\)"),
        "probabilities_for_other_rows": (ValueError, r"^samples must have one column "
                                         r"per row of the data \(6\)"),
        "probabilities_of_regression": (ValueError, "^samples must be class "
                                        "probabilities"),
        "samples_nan": (ValueError, "^samples must hold finite numbers; got nan"),
        "n_zero": (ValueError, "^n must be an int >= 1; got n=0"),
        "ncols_zero": (ValueError, "^ncols must be an int >= 1; got ncols=0"),
        "y_true_short": (ValueError, r"^y_true must have one value per row of "
                         r"samples \(6\)"),
        "classes_short": (ValueError, r"^classes must have one value per column of "
                          r"samples \(2\)"),
    },
    "plot_confusion_matrix": {
        "clean": OK, "labels_str": OK, "labels_read_only": SAME,
        "labels_empty": (ValueError, r"^y_true: Found array with 0 sample\(s\)"),
        "labels_short": (ValueError, "^y_true and y_pred must have the same length; "
                         "got 30 and 29"),
        "labels_nan": (ValueError, "Input y_true contains NaN"),
        "labels_continuous": (ValueError, "^y_true and y_pred must hold class labels: "
                              "Unknown label type"),
        "labels_2d": (ValueError, r"^y_true must be 1-D class labels; got shape "
                      r"\(3, 3\)"),
        "labels_complex": (ValueError, "y_true must hold real numbers; got complex"),
        # scikit-learn's warning: with one label, is a class missing?
        "labels_one_class": Warns(UserWarning, "A single label was found in 'y_true' "
                                  "and 'y_pred'"),
        "normalize_unknown": (INVALID, "^The 'normalize' parameter of "
                              "confusion_matrix must be"),
    },
    "plot_residuals": {
        "clean": OK, "values_read_only": SAME, "values_list": SAME,
        "values_huge": OK,  # residuals near 1e200: the RMSE does not overflow
        "values_empty": (ValueError, "^y_true and y_pred must be non-empty and of the "
                         "same length; got 0 and 0 values"),
        "values_short": (ValueError, "^y_true and y_pred must be non-empty and of the "
                         "same length; got 30 and 29 values"),
        "values_nan": (ValueError, "^y_true must hold finite numbers; got nan"),
        "values_inf": (ValueError, "^y_pred must hold finite numbers; got inf"),
        "values_str": (ValueError, "^y_true must hold numbers; got an array of "
                       "strings"),
        "values_complex": (ValueError, "y_true must hold real numbers; got complex"),
        "values_none": (TypeError, "^y_true must be an array-like of numbers; got "
                        "None"),
        "values_overflowing": (ValueError, r"^y_true - y_pred overflows float64"),
    },
    "plot_bias_variance": {
        "clean": OK,
        "diagnoses_empty": (TypeError, "^diagnoses must be a non-empty dict of label "
                            "to BiasVarianceDiagnosis; got an empty dict"),
        "diagnoses_list": (TypeError, "^diagnoses must be a non-empty dict .* got "
                           "list"),
        "diagnoses_of_numbers": (TypeError, r"^diagnoses\['ridge'\] must be a "
                                 "BiasVarianceDiagnosis .* got float"),
    },
    "plot_feature_ranges": {
        "clean": OK,
        "frame_nan": OK,  # missing values are left out of the boxes
        "frames_empty": (TypeError, "^frames must be a non-empty dict of title to "
                         "DataFrame; got an empty dict"),
        "frames_a_frame": (TypeError, "^frames must be a non-empty dict .* got "
                           "DataFrame"),
        "frames_of_arrays": (TypeError, r"^frames\['raw'\] must be a DataFrame; got "
                             "ndarray"),
        "frame_empty": (ValueError, r"^frames\['raw'\] is empty \(shape \(0, 0\)\)"),
        "frame_str_column": (ValueError, r"^frames\['raw'\] must have real numeric "
                             r"columns only; got non-numeric columns \['s'\]"),
        "frame_inf": (ValueError, r"^frames\['raw'\] must hold finite numbers; got "
                      "inf in column 'a'"),
        "frame_complex": (ValueError, r"^frames\['raw'\] must have real numeric "
                          r"columns only; got non-numeric columns \['a'\]"),
    },
}  # fmt: skip

# ------------------------------------------------------------------------------
# The scalers: the exact result, or an error that names X (or sample_weight,
# feature_range, ...) and its column. copy=False: a transform may write into X.

INF_IN_COLUMN = (ValueError, r"Input X contains infinity in column \d")
INVALID_X_STR = (ValueError, r"Invalid X: could not convert string to float")
INVALID_X_COMPLEX = (ValueError, r"Invalid X: Complex data not supported")
INVALID_X_NO_ROWS = (ValueError, r"Invalid X: Found array with 0 sample\(s\)")
INVALID_X_NO_COLUMNS = (ValueError, r"Invalid X: Found array with 0 feature\(s\)")
INVALID_X_NOT_2D = (ValueError, r"Invalid X: Expected 2D array")
INVALID_X_3D = (ValueError, r"Invalid X: Found array with dim 3")
X_FEATURES = (ValueError, r"X has 2 features, but \w+ is expecting 3 features")
CENTER_SPARSE = (ValueError, r"Cannot center sparse matrices: pass `with_mean=False`")
MM_SPARSE = (TypeError, r"X is a sparse matrix, but MinMaxScaler does not support")
SPARSE_DENSE = (TypeError, r"Sparse data was passed.*, but dense data is required")
STRING_COLUMN = (ValueError, r"Invalid X \(column 'city' is not numeric\)")
OVERFLOW32 = (ValueError, r"Scaling column 0 overflows float32")
FEATURE_RANGE = (ValueError, r"feature_range must be a tuple \(min, max\) of finite "
                 r"numbers with min < max; got feature_range=")  # fmt: skip
SW_NEGATIVE = (ValueError, r"Negative values in data passed to `sample_weight`")

_EVERY_METHOD = {  # of both scalers
    "nan_cells_and_nan_column": EXACT, "subnormal_values": EXACT,
    "object_ints_and_floats": EXACT, "single_row": EXACT, "list_of_lists": EXACT,
    "integers": EXACT, "booleans": EXACT, "float16": EXACT,
    "non_contiguous": EXACT, "read_only_array": EXACT, "memmap_read_only": EXACT,
    "read_only_array_in_place": EXACT,
    "frame_int_float32_bool": EXACT, "frame_nullable_with_NA": EXACT,
    "inf_cell": INF_IN_COLUMN, "minus_inf_cell": INF_IN_COLUMN,
    "object_with_string": INVALID_X_STR, "string_array": INVALID_X_STR,
    "complex_cell": INVALID_X_COMPLEX, "no_rows": INVALID_X_NO_ROWS,
    "no_features": INVALID_X_NO_COLUMNS, "one_dimensional": INVALID_X_NOT_2D,
    "X_none": INVALID_X_NOT_2D, "three_dimensional": INVALID_X_3D,
    "frame_string_column": STRING_COLUMN,
}  # fmt: skip
_FITTING = {  # fit, partial_fit and fit_transform of both scalers
    **_EVERY_METHOD,
    "frame_float32_and_float64_beyond_it": EXACT, "numeric_strings": EXACT,
}  # fmt: skip
_TRANSFORMING = {  # transform and inverse_transform of both scalers
    **_EVERY_METHOD,
    "float64_beyond_float32_range": EXACT,
    "two_features_instead_of_three": X_FEATURES,
    "memmap_writeable_in_place": EXACT,
}  # fmt: skip
_ZSCORE = {  # every method of ZScoreScaler
    "non_contiguous_in_place": EXACT, "memmap_read_only_in_place": EXACT,
    "csr_without_mean": EXACT, "csc_without_mean": EXACT,
    "csr_with_nan_without_mean": EXACT,
}  # fmt: skip
_ZSCORE_FITTING = {**_FITTING, **_ZSCORE, "coo_without_mean": EXACT,
                   "csr": CENTER_SPARSE}  # fmt: skip
_ZSCORE_TRANSFORMING = {**_TRANSFORMING, **_ZSCORE, "csr_read_only_in_place": EXACT}
_MM_FITTING = {**_FITTING, "csr": MM_SPARSE}
_MM_TRANSFORMING = {**_TRANSFORMING, "csr_after_dense_fit": SPARSE_DENSE}

SCALER_ROWS = {
    "zscore_fit": {
        **_ZSCORE_FITTING,
        "csr_with_inf_without_mean": INF_IN_COLUMN,
        "weights_with_zero_and_tiny": EXACT, "weights_extreme": EXACT,
        "weight_scalar": EXACT,
        "weights_negative": SW_NEGATIVE,
        "weights_nan": (ValueError, r"sample_weight contains NaN"),
        "weights_inf": (ValueError, r"sample_weight contains infinity"),
        "weights_short": (ValueError, r"sample_weight.shape == \(2,\), expected "
                          r"\(4,\)"),
        "weights_2d": (ValueError, r"Invalid sample_weight: Sample weights must be "
                       r"1D"),
        "weights_str": (ValueError, r"Invalid sample_weight: could not convert "
                        r"string"),
        "weights_complex": (TypeError, r"Invalid sample_weight: float\(\) argument"),
        "weights_all_zero": (ValueError, r"Invalid sample_weight: Sample weights "
                             r"must contain at least one non-zero"),
        "weights_sum_overflows": (ValueError, r"sample_weight must sum to a finite "
                                  r"float64"),
        "copy_str": (ValueError, r"'copy' parameter of ZScoreScaler must be"),
        "with_mean_int": (ValueError, r"'with_mean' parameter of ZScoreScaler must "
                          r"be"),
        "with_std_none": (ValueError, r"'with_std' parameter of ZScoreScaler must "
                          r"be"),
    },
    "zscore_partial_fit": {
        **_ZSCORE_FITTING,
        "weights_with_zero_and_tiny": EXACT,
        "weights_negative": SW_NEGATIVE,
    },
    "zscore_fit_transform": _ZSCORE_FITTING,
    "zscore_transform": {
        **_ZSCORE_TRANSFORMING,
        "float32_result_beyond_float32": OVERFLOW32,
        "csr_with_inf_without_mean": INF_IN_COLUMN,
        "csr_after_dense_fit": CENTER_SPARSE,
        "method_copy_str": (TypeError, r"copy must be a bool or None; got "
                            r"copy='no'"),
        "method_copy_false": EXACT,
    },
    "zscore_inverse_transform": {
        **_ZSCORE_TRANSFORMING,
        "method_copy_int": (TypeError, r"copy must be a bool or None; got copy=1"),
        "method_copy_numpy_false": EXACT,
    },
    "minmax_fit": {
        **_MM_FITTING,
        **{f"feature_range_{name}": FEATURE_RANGE
           for name in ("reversed", "empty", "inf", "nan", "str", "three")},
        "feature_range_list": (ValueError, r"'feature_range' parameter of "
                               r"MinMaxScaler must be an instance of 'tuple'"),
        "clip_none": (ValueError, r"'clip' parameter of MinMaxScaler must be"),
    },
    "minmax_partial_fit": _MM_FITTING,
    "minmax_fit_transform": _MM_FITTING,
    "minmax_transform": {
        **_MM_TRANSFORMING,
        "float32_result_beyond_float32": OVERFLOW32,
        "nan_cells_clipped": EXACT,
    },
    "minmax_inverse_transform": _MM_TRANSFORMING,
    # the classes of skreg.dropin: the same scalers, errors under their names
    "dropin_standard_scaler_transform": {
        "nan_cells_and_nan_column": EXACT, "memmap_writeable_in_place": EXACT,
        "inf_cell": INF_IN_COLUMN,
        "two_features_instead_of_three": (ValueError, r"^X has 2 features, but "
                                          r"StandardScaler is expecting 3"),
        "copy_str": (ValueError, r"'copy' parameter of StandardScaler must be"),
    },
    "dropin_minmax_scaler_transform": {
        "nan_cells_and_nan_column": EXACT, "memmap_writeable_in_place": EXACT,
        "minus_inf_cell": INF_IN_COLUMN,
        "two_features_instead_of_three": (ValueError, r"^X has 2 features, but "
                                          r"MinMaxScaler is expecting 3"),
        "feature_range_list": (ValueError, r"'feature_range' parameter of "
                               r"MinMaxScaler must be an instance of 'tuple'"),
    },
}  # fmt: skip

# ------------------------------------------------------------------------------
# skreg.study

STUDY_ROWS = {
    "run_study": {
        "all_nan_column": OK, "nan_in_feature": OK,  # imputed
        "mixed_dtypes_table": OK,
        "empty_frame": (StudyError, "^target column 'target' not found; available "
                        "columns: none"),
        "frame_without_rows": (StudyError, "^too few rows: 0 rows with a target "
                               "value; cv=2 needs at least 4"),
        "data_array": (TypeError, "^data must be a pandas DataFrame; got ndarray"),
        "missing_target": (StudyError, "^target column 'price' not found; available "
                           "columns: 'a', 'b', 'c', 'target'"),
        "unhashable_target": (StudyError, r"^target column \['target'\] not found"),
        "only_target": (StudyError, "^no usable feature besides the target 'target': "
                        "the table has no other column"),
        "too_few_rows": (StudyError, "^too few rows: 3 rows with a target value; "
                         "cv=2 needs at least 4"),
        "one_class_target": (StudyError, "^the target 'target' has a single class "
                             r".*; classification needs at least 2 classes"),
        "inf_in_feature": (StudyError, "^column 'a' holds infinite values in 1 rows"),
        "inf_target": (StudyError, "^the target 'target' holds infinite values in 1 "
                       "rows"),
        "complex_target": (StudyError, "^the target 'target' holds complex numbers"),
        "mixed_target": (StudyError, "^the target 'target' mixes text and numbers"),
        "repeated_columns": (StudyError, r"^data must name each column once; "
                             r"repeated: \['a'\]"),
        "cv_one": (StudyError, "^cv must be an int >= 2; got cv=1"),
        "task_unknown": (StudyError, "^task must be 'auto', 'classification' or "
                         "'regression'; got task='clustering'"),
        "random_state_str": (StudyError, r"^random_state must be an int in \[0, "
                             r"2\*\*32\); got random_state='0'"),
    },
    "read_csv": {
        "clean": OK,
        "path_is_folder": (StudyError, "^cannot read .*: it is a folder, not a CSV "
                           "file"),
        "missing_file": (StudyError, "^cannot read .*missing.skreg: no such file"),
        "path_none": (TypeError, "^path must be a str or path-like; got None"),
        "binary_file": (StudyError, r"binary.csv is not a CSV text file \(it holds "
                        r"binary data\)"),
        "header_only_file": (StudyError, "header.csv has a header but no data rows"),
        "empty_file": (StudyError, "empty.skreg is empty"),
    },
    "infer_task": {
        "clean": Returns("^\\('classification', 'integer target with 2 distinct "
                         "values, at most 10'\\)$"),
        "target_list": Returns("^\\('classification'"),
        "target_array": Returns("^\\('regression', 'numeric target with fractional "
                                "values'\\)$"),
        "target_frame": (StudyError, r"^y must be one column; got a DataFrame of "
                         r"shape \(30, 1\)"),
        "target_2d": (StudyError, r"^y must be 1-D; got shape \(30, 1\)"),
        "target_empty": (StudyError, "^y is empty"),
        "target_nan": (StudyError, "^y holds 1 missing values; drop those rows "
                       "first"),
        "target_inf": (StudyError, "^y holds infinite values in 1 rows"),
        "target_complex": (StudyError, "^y holds complex numbers"),
        "target_mixed": (StudyError, "^y mixes text and numbers"),
    },
    "save_model": {
        "clean": Returns(r"^model file: .*m.skreg \(reload with skreg.load\)$"),
        "path_is_folder": Returns(r"^model file: not written \(IsADirectoryError: "),
        "path_none": Returns(r"^model file: not written \(TypeError: path must be a "
                             "str or os.PathLike; got None\\)$"),
        "not_an_estimator": Returns(r"^model file: not written \(TypeError: cannot "
                                    "save object"),
    },
}  # fmt: skip

ROWS = {**LINEAR, **MLP_ROWS, **FILE_ROWS, **PLOT_ROWS, **SCALER_ROWS,
        **STUDY_ROWS}  # fmt: skip
