"""``skreg study``: a regularization study of your own table.

Every candidate is a pipeline that imputes missing values (median for numeric
columns, most frequent value for categorical ones), standardizes numeric columns
with :class:`skreg.ZScoreScaler` and one-hot encodes categorical ones, then fits
an L2, L1 or elastic-net linear model or a regularized MLP (L2 ``alpha``,
dropout, batch norm, L1). Each candidate's small grid is searched by K-fold
cross-validation (``GridSearchCV``); the study keeps the leaderboard, diagnoses
the best model's bias and variance, and refits it on all rows.

From Python::

    from skreg.study import read_csv, run_study
    result = run_study(read_csv("data.csv"), target="price")
    result.leaderboard
    result.write_report("skreg-study")

From the shell: ``skreg study data.csv --target price``.
"""

from __future__ import annotations

import inspect
import time
import warnings
from collections import Counter
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.compose import ColumnTransformer, TransformedTargetRegressor
from sklearn.impute import SimpleImputer
from sklearn.linear_model import ElasticNet, Lasso, LogisticRegression, Ridge
from sklearn.model_selection import (
    GridSearchCV,
    KFold,
    StratifiedKFold,
    cross_val_predict,
    train_test_split,
)
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder
from threadpoolctl import threadpool_limits

import skreg
from skreg import plotting
from skreg.report import Report

__all__ = [
    "MAX_AUTO_CLASSES",
    "MAX_CATEGORIES",
    "StudyError",
    "StudyResult",
    "infer_task",
    "read_csv",
    "run_study",
    "save_model",
]

#: ``task="auto"`` picks classification for an integer target with at most
#: this many distinct values.
MAX_AUTO_CLASSES = 10

#: A text column with more distinct values than this looks like an identifier
#: or free text; it is left out of the features.
MAX_CATEGORIES = 50

_COMPRESSED = {".gz", ".bz2", ".zip", ".xz", ".zst", ".tar"}


class StudyError(ValueError):
    """A problem with the data or the options of a study; the message says which.

    Examples
    --------
    >>> import pandas as pd
    >>> from skreg.study import StudyError, run_study
    >>> try:
    ...     run_study(pd.DataFrame({"a": [1, 2]}), target="b")
    ... except StudyError as exc:
    ...     print(exc)
    target column 'b' not found; available columns: 'a'
    """


# --------------------------------------------------------------------------------
# Reading and preparing the table


def read_csv(path):
    """Read a CSV file into a DataFrame, or raise :class:`StudyError` saying why not.

    Parameters
    ----------
    path : str or path-like
        A comma-separated text file with a header row (compressed files such as
        ``.csv.gz`` are decompressed by pandas).

    Returns
    -------
    data : pandas.DataFrame

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from skreg.study import read_csv
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "t.csv"
    ...     _ = path.write_text("x,y\\n1,a\\n2,b\\n")
    ...     read_csv(path).shape
    (2, 2)
    """
    try:
        path = Path(path)
    except TypeError:
        raise TypeError(f"path must be a str or path-like; got {path!r}") from None
    if not path.exists():
        raise StudyError(f"cannot read {path}: no such file")
    if path.is_dir():
        raise StudyError(f"cannot read {path}: it is a folder, not a CSV file")
    try:
        with path.open("rb") as handle:
            head = handle.read(8192)
    except OSError as exc:
        raise StudyError(f"cannot read {path}: {exc.strerror or exc}") from None
    if not head:
        raise StudyError(f"{path} is empty")
    if b"\x00" in head and not set(path.suffixes) & _COMPRESSED:
        raise StudyError(f"{path} is not a CSV text file (it holds binary data)")
    try:
        data = pd.read_csv(path)
    except UnicodeDecodeError:
        raise StudyError(f"{path} is not UTF-8 text; save it as UTF-8 CSV") from None
    except pd.errors.EmptyDataError:
        raise StudyError(f"{path} is empty (no header row)") from None
    except (pd.errors.ParserError, ValueError, OSError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc)
        raise StudyError(f"{path} could not be read as CSV: {first}") from None
    if data.empty:
        raise StudyError(f"{path} has a header but no data rows")
    return data


def infer_task(y):
    """``"classification"`` or ``"regression"`` for a target column, with the reason.

    The rule: classification when the target is not numeric (text, categories,
    booleans), or when it is numeric with integer values only (e.g. 0/1, 1..5)
    and at most ``MAX_AUTO_CLASSES`` (10) distinct values; regression otherwise.

    Parameters
    ----------
    y : pandas.Series
        The target, without missing values.

    Returns
    -------
    task : str
    reason : str

    Examples
    --------
    >>> import pandas as pd
    >>> from skreg.study import infer_task
    >>> infer_task(pd.Series(["cat", "dog", "cat"]))[0]
    'classification'
    >>> infer_task(pd.Series([0, 1, 1, 0]))
    ('classification', 'integer target with 2 distinct values, at most 10')
    >>> infer_task(pd.Series([1.5, 2.25, 3.0]))[0]
    'regression'
    """
    y = _target_series(y)
    if not pd.api.types.is_numeric_dtype(y) or pd.api.types.is_bool_dtype(y):
        return "classification", f"the target is not numeric: dtype {y.dtype}"
    values = y.to_numpy(dtype=float)
    n_unique = int(np.unique(values).size)
    if np.all(values == np.round(values)) and n_unique <= MAX_AUTO_CLASSES:
        return "classification", (
            f"integer target with {n_unique} distinct values, at most "
            f"{MAX_AUTO_CLASSES}"
        )
    if np.all(values == np.round(values)):
        return "regression", (
            f"integer target with {n_unique} distinct values, more than "
            f"{MAX_AUTO_CLASSES}"
        )
    return "regression", "numeric target with fractional values"


def _target_series(y):
    """The target of :func:`infer_task` as a Series of real numbers or labels."""
    if isinstance(y, pd.DataFrame):
        raise StudyError(f"y must be one column; got a DataFrame of shape {y.shape}")
    if not isinstance(y, pd.Series):
        if np.ndim(y) != 1:
            raise StudyError(f"y must be 1-D; got shape {np.shape(y)}")
        y = pd.Series(y)
    if y.empty:
        raise StudyError("y is empty: there is no task to infer")
    if y.isna().any():
        raise StudyError(
            f"y holds {int(y.isna().sum())} missing values; drop those rows first"
        )
    _check_target_values(y, "y")
    return y


def _check_target_values(y, name):
    """Refuse complex, infinite and mixed text/number target values."""
    if pd.api.types.is_complex_dtype(y):
        raise StudyError(f"{name} holds complex numbers; it needs labels or reals")
    numeric = pd.api.types.is_numeric_dtype(y) and not pd.api.types.is_bool_dtype(y)
    if numeric and np.isinf(y.to_numpy(dtype=float)).any():
        n_inf = int(np.isinf(y.to_numpy(dtype=float)).sum())
        raise StudyError(
            f"{name} holds infinite values in {n_inf} rows; replace or drop them"
        )
    if y.dtype == object and len({isinstance(v, str) for v in y}) > 1:
        raise StudyError(
            f"{name} mixes text and numbers (e.g. {y.iloc[0]!r}); make its values "
            "all text or all numbers"
        )


def _column_kind(column):
    """'numeric', 'categorical', or why the column cannot be a feature."""
    if column.isna().all():
        return "skipped: every value is missing"
    if pd.api.types.is_bool_dtype(column):
        return "categorical"
    if pd.api.types.is_numeric_dtype(column):
        if pd.api.types.is_complex_dtype(column):
            return "skipped: complex numbers"
        return "numeric"
    if (
        isinstance(column.dtype, pd.CategoricalDtype)
        or column.dtype == object
        or (pd.api.types.is_string_dtype(column))
    ):
        n_unique = column.nunique()
        if n_unique > MAX_CATEGORIES:
            return (
                f"skipped: text with {n_unique} distinct values (more than "
                f"{MAX_CATEGORIES}; an identifier or free text?)"
            )
        return "categorical"
    return f"skipped: unsupported dtype {column.dtype}"


def _features(data, target):
    """Numeric and categorical feature names, and notes on the skipped ones."""
    kinds = {c: _column_kind(data[c]) for c in data.columns if c != target}
    numeric = [c for c, k in kinds.items() if k == "numeric"]
    categorical = [c for c, k in kinds.items() if k == "categorical"]
    notes = [f"column {c!r} {k}" for c, k in kinds.items() if k.startswith("skipped")]
    if not numeric and not categorical:
        why = "; ".join(notes) if notes else "the table has no other column"
        raise StudyError(f"no usable feature besides the target {target!r}: {why}")
    for c in numeric:
        n_inf = int(np.isinf(data[c].to_numpy(dtype=float, na_value=np.nan)).sum())
        if n_inf:
            raise StudyError(
                f"column {c!r} holds infinite values in {n_inf} rows: replace them "
                "(empty cells are imputed) or drop the column"
            )
    return numeric, categorical, notes


def _target(data, target):
    """The target without missing values, the rows kept, and a note on dropped rows."""
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a pandas DataFrame; got {type(data).__name__}")
    repeated = [str(c) for c in data.columns[data.columns.duplicated()]]
    if repeated:
        raise StudyError(f"data must name each column once; repeated: {repeated}")
    try:
        found = target in data.columns
    except TypeError:  # an unhashable target
        found = False
    if not found:
        available = ", ".join(repr(str(c)) for c in data.columns) or "none"
        raise StudyError(
            f"target column {target!r} not found; available columns: {available}"
        )
    y = data[target]
    keep = y.notna().to_numpy()
    notes = []
    if not keep.all():
        notes.append(
            f"dropped {int((~keep).sum())} of {len(y)} rows whose target {target!r} "
            "is missing"
        )
    _check_target_values(y[keep], f"the target {target!r}")
    return y[keep], keep, notes


def _check_task(task, y, target):
    if task not in ("auto", "classification", "regression"):
        raise StudyError(
            f"task must be 'auto', 'classification' or 'regression'; got task={task!r}"
        )
    if task == "auto":
        return infer_task(y)
    if task == "regression" and (
        not pd.api.types.is_numeric_dtype(y) or pd.api.types.is_bool_dtype(y)
    ):
        raise StudyError(
            f"task='regression' needs a numeric target; {target!r} holds values "
            f"such as {y.iloc[0]!r}"
        )
    return task, "chosen with --task"


def _check_count(y, cv):
    """Enough rows for ``cv`` folds."""
    if len(y) < 2 * cv:
        raise StudyError(
            f"too few rows: {len(y)} rows with a target value; cv={cv} needs at "
            f"least {2 * cv} (lower --cv or add rows)"
        )


def _check_rows(y, task, cv, target):
    """Enough classes, and enough rows per class for ``cv`` folds."""
    if task == "regression":
        if y.nunique() < 2:
            raise StudyError(f"the target {target!r} is constant: nothing to predict")
        return
    counts = y.value_counts()
    if len(counts) < 2:
        raise StudyError(
            f"the target {target!r} has a single class ({counts.index[0]!r}); "
            "classification needs at least 2 classes"
        )
    if counts.iloc[-1] < cv:
        raise StudyError(
            f"class {counts.index[-1]!r} of {target!r} has only {counts.iloc[-1]} "
            f"rows; stratified cv={cv} needs at least {cv} rows per class (lower "
            "--cv, or merge or drop rare classes)"
        )


# --------------------------------------------------------------------------------
# Candidates


def _preprocessor(numeric, categorical):
    """Impute, then standardize numeric and one-hot encode categorical columns."""
    numeric_steps = Pipeline(
        [("impute", SimpleImputer(strategy="median")), ("scale", skreg.ZScoreScaler())]
    )
    onehot = OneHotEncoder(handle_unknown="ignore", sparse_output=False)
    categorical_steps = Pipeline(
        [("impute", SimpleImputer(strategy="most_frequent")), ("onehot", onehot)]
    )
    parts = [("num", numeric_steps, numeric), ("cat", categorical_steps, categorical)]
    return ColumnTransformer([part for part in parts if part[2]])


def _logistic_uses_l1_ratio():
    """True on scikit-learn >= 1.8, where ``penalty`` is deprecated for ``l1_ratio``."""
    penalty = inspect.signature(LogisticRegression).parameters.get("penalty")
    return penalty is None or penalty.default == "deprecated"


def _logistic(l1_ratio, random_state):
    """L2 (l1_ratio=0, lbfgs), L1 (1, saga) or elastic-net (saga) logistic model."""
    solver = "lbfgs" if l1_ratio == 0 else "saga"
    params = dict(solver=solver, max_iter=2000)
    if solver == "saga":
        params["random_state"] = random_state
    if _logistic_uses_l1_ratio():
        params["l1_ratio"] = l1_ratio
    else:  # pragma: no cover - scikit-learn < 1.8
        params["penalty"] = {0.0: "l2", 1.0: "l1"}.get(l1_ratio, "elasticnet")
        if params["penalty"] == "elasticnet":
            params["l1_ratio"] = l1_ratio
    return LogisticRegression(**params)


@dataclass
class _Candidate:
    name: str
    family: str  # "linear" or "mlp"
    estimator: object
    grid: dict
    penalty: str = ""  # linear models: "ridge", "lasso" or "elasticnet"


def _pick(quick):
    """Choose the full or the --quick grid."""
    return (lambda full, short: short) if quick else (lambda full, short: full)


def _linear_candidates(setup):
    pick, rs = _pick(setup.quick), setup.random_state
    if setup.task == "classification":
        Cs = pick([0.01, 0.1, 1.0, 10.0], [0.1, 1.0])
        enet = {
            "C": pick([0.1, 1.0, 10.0], [1.0]),
            "l1_ratio": pick([0.2, 0.5, 0.8], [0.5]),
        }
        specs = [
            ("logistic L2", _logistic(0.0, rs), {"C": Cs}, "ridge"),
            ("logistic L1", _logistic(1.0, rs), {"C": Cs}, "lasso"),
            ("logistic elastic net", _logistic(0.5, rs), enet, "elasticnet"),
        ]
    else:
        # Ridge's alpha adds to X^T X (which grows with the rows); Lasso's alpha is
        # in the units of y. Scaling the grids keeps them meaningful on any table.
        n, scale = len(setup.y), float(np.std(setup.y.to_numpy(dtype=float)))
        ridge = [n * a for a in pick([1e-3, 1e-2, 0.1, 1.0], [1e-2, 1.0])]
        l1 = [scale * a for a in pick([1e-3, 1e-2, 3e-2, 1e-1], [1e-2, 1e-1])]
        enet = {"alpha": l1, "l1_ratio": pick([0.2, 0.5, 0.8], [0.5])}
        specs = [
            ("ridge (L2)", Ridge(), {"alpha": ridge}, "ridge"),
            ("lasso (L1)", Lasso(max_iter=10_000), {"alpha": l1}, "lasso"),
            ("elastic net", ElasticNet(max_iter=10_000), enet, "elasticnet"),
        ]
    return [
        _Candidate(name, "linear", est, grid, pen) for name, est, grid, pen in specs
    ]


def _mlp_candidates(setup):
    quick, pick = setup.quick, _pick(setup.quick)
    base = dict(
        hidden_layer_sizes=(16,) if quick else (64,),
        max_iter=30 if quick else 150,
        # Small tables get small batches: enough weight updates per epoch.
        batch_size=32 if len(setup.y) < 2000 else "auto",
        learning_rate_init=0.003,
        random_state=setup.random_state,
    )
    variants = [
        ("MLP + L2 (alpha)", {}, {"alpha": pick([1e-4, 1e-2, 1.0], [1e-4, 1e-1])}),
        ("MLP + dropout", {}, {"dropout": pick([0.1, 0.3], [0.2])}),
        (
            "MLP + batch norm",
            {"batch_norm": True},
            {"alpha": pick([1e-4, 1e-2], [1e-4])},
        ),
        ("MLP + L1", {}, {"l1": pick([1e-4, 1e-3], [1e-3])}),
    ]
    out = []
    for name, fixed, grid in variants:
        if setup.task == "classification":
            est = skreg.RegularizedMLPClassifier(**base, **fixed)
        else:  # networks learn a standardized target far more easily
            est = TransformedTargetRegressor(
                regressor=skreg.RegularizedMLPRegressor(**base, **fixed),
                transformer=skreg.ZScoreScaler(),
            )
            grid = {f"regressor__{k}": v for k, v in grid.items()}
        out.append(_Candidate(name, "mlp", est, grid))
    return out


def _pipeline(candidate, prep):
    model = Pipeline([("prep", clone(prep)), ("model", candidate.estimator)])
    grid = {f"model__{k}": v for k, v in candidate.grid.items()}
    return model, grid


def _params_text(params):
    def short(name):
        return name.split("__")[-1]

    return ", ".join(
        f"{short(k)}={v:.3g}" if isinstance(v, float) else f"{short(k)}={v}"
        for k, v in params.items()
    )


@contextmanager
def _collect_warnings(notes, label):
    """Record warnings as one note per distinct message instead of printing them."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    messages = Counter(
        f"{w.category.__name__}: {str(w.message).strip().splitlines()[0][:200]}"
        for w in caught
    )
    notes.extend(f"{label}: {count} x {m}" for m, count in messages.items())


# --------------------------------------------------------------------------------
# The study


def _step(progress, label):
    return nullcontext() if progress is None else progress.step(label)


@dataclass
class _Setup:
    """What every step of one study shares: the data, the folds, the progress."""

    X: pd.DataFrame
    y: pd.Series
    task: str
    cv: int
    quick: bool
    random_state: int
    progress: object = None
    warnings: list = field(default_factory=list)

    @property
    def scoring(self):
        return "accuracy" if self.task == "classification" else "r2"

    @property
    def splitter(self):
        kind = StratifiedKFold if self.task == "classification" else KFold
        return kind(self.cv, shuffle=True, random_state=self.random_state)

    @contextmanager
    def stage(self, label, source):
        """One progress step; its warnings become notes labelled ``source``."""
        with _step(self.progress, label), _collect_warnings(self.warnings, source):
            yield


def _search(candidate, prep, setup):
    """Grid-search one candidate; None (with a note) when every fit failed."""
    model, grid = _pipeline(candidate, prep)
    n_settings = int(np.prod([len(v) for v in grid.values()]))
    search = GridSearchCV(
        model,
        grid,
        cv=setup.splitter,
        scoring=setup.scoring,
        return_train_score=True,
        error_score=np.nan,
    )
    label = f"grid search: {candidate.name} ({n_settings} x {setup.cv} folds)"
    began = time.perf_counter()
    with setup.stage(label, candidate.name):
        try:
            search.fit(setup.X, setup.y)
        except ValueError as exc:  # "All the N fits failed"
            first = str(exc).strip().splitlines()[0]
            setup.warnings.append(f"{candidate.name}: {first}")
            return None
    search.elapsed_ = time.perf_counter() - began
    return search


def _search_all(candidates, prep, setup):
    searches = {}
    for candidate in candidates:
        search = _search(candidate, prep, setup)
        if search is not None:
            searches[candidate.name] = search
    if not searches:
        raise StudyError(
            "every candidate failed to fit: " + "; ".join(setup.warnings[-3:])
        )
    return searches


def _leaderboard(searches, scoring):
    rows = []
    for name, search in searches.items():
        i, res = search.best_index_, search.cv_results_
        rows.append(
            {
                "model": name,
                "best params": _params_text(search.best_params_),
                f"{scoring} mean": res["mean_test_score"][i],
                f"{scoring} std": res["std_test_score"][i],
                f"train {scoring}": res["mean_train_score"][i],
                "fit time (s)": res["mean_fit_time"][i],
                "search time (s)": search.elapsed_,
                "settings": len(res["params"]),
            }
        )
    table = pd.DataFrame(rows).set_index("model")
    return table.sort_values(f"{scoring} mean", ascending=False, kind="stable")


@dataclass
class StudyResult:
    """What :func:`run_study` found; :meth:`write_report` writes it to a folder.

    Attributes
    ----------
    task : {"classification", "regression"}
    task_reason : str
        Why this task (the ``task="auto"`` rule, or the caller's choice).
    target : str
    scoring : {"accuracy", "r2"}
        The cross-validation score of the leaderboard.
    cv : int
    leaderboard : pandas.DataFrame
        One row per candidate, best first: best parameters, mean and std of the
        CV score, train score, mean fit time per fold, search time.
    searches : dict of str to GridSearchCV
        The fitted searches, by candidate name.
    best_name : str
    best_estimator : sklearn.pipeline.Pipeline
        The best candidate with its best parameters, refitted on all rows.
    diagnosis : skreg.BiasVarianceDiagnosis
        From :func:`skreg.bias_variance_report` on the best candidate.
    y_true, oof_predictions : ndarray
        The target and the best model's out-of-fold predictions.
    linear_name : str or None
        Name of the best linear candidate.
    coefficients : pandas.DataFrame or None
        Its coefficients (features x outputs), on the standardized and one-hot
        encoded features.
    path : pandas.DataFrame or None
        Its regularization path (index alpha, one column per feature).
    curve_name : str or None
        Name of the best MLP candidate.
    curve_model : estimator or None
        That MLP refitted on 80 % of the rows with the other 20 % as
        validation set, for its learning curves (``curve_model.history_``).
    columns : dict
        ``"numeric"`` and ``"categorical"`` feature names.
    notes : list of str
        Dropped rows and skipped columns.
    fit_warnings : list of str
        Warnings raised while fitting, one line per distinct message with its
        count (e.g. solvers that hit their iteration limit).
    n_rows : int
        Rows used (with a target value).
    """

    task: str
    task_reason: str
    target: str
    scoring: str
    cv: int
    leaderboard: pd.DataFrame
    searches: dict
    best_name: str
    best_estimator: object
    diagnosis: object
    y_true: np.ndarray
    oof_predictions: np.ndarray
    linear_name: str | None
    coefficients: pd.DataFrame | None
    path: pd.DataFrame | None
    curve_name: str | None
    curve_model: object
    columns: dict
    notes: list = field(default_factory=list)
    fit_warnings: list = field(default_factory=list)
    n_rows: int = 0

    def write_report(self, out, *, source="", console=None, progress=None):
        """Write ``index.html``, the PNGs, ``leaderboard.csv`` and ``model.skreg``.

        Parameters
        ----------
        out : str or path-like
            Report folder (created if missing).
        source : str, default=""
            Where the data came from, shown in the report.
        console : file-like, default=None
            Where the tables are echoed; None prints nothing.
        progress : skreg.report.Progress, default=None
            Step lines.

        Returns
        -------
        report : skreg.report.Report
        """
        with _step(progress, "writing the report"):
            return _write_report(self, Path(out), source, console)


def _check_cv(cv):
    if isinstance(cv, bool) or not isinstance(cv, (int, np.integer)) or cv < 2:
        raise StudyError(f"cv must be an int >= 2; got cv={cv!r}")
    return int(cv)


def _check_random_state(random_state):
    if (
        isinstance(random_state, bool)
        or not isinstance(random_state, (int, np.integer))
        or not 0 <= random_state < 2**32
    ):
        raise StudyError(
            f"random_state must be an int in [0, 2**32); got "
            f"random_state={random_state!r}"
        )
    return int(random_state)


def run_study(
    data, target, *, task="auto", cv=5, quick=False, random_state=0, progress=None
):
    """Grid-search regularized linear models and MLPs on a table, by K-fold CV.

    Parameters
    ----------
    data : pandas.DataFrame
        The table: one row per sample, the target among the columns. Rows whose
        target is missing are dropped (and noted). Numeric columns and text,
        category or boolean columns (at most ``MAX_CATEGORIES`` distinct values)
        are features; other columns are skipped (and noted).
    target : str
        Name of the target column.
    task : {"auto", "classification", "regression"}, default="auto"
        ``"auto"`` follows :func:`infer_task`.
    cv : int, default=5
        Number of folds (stratified for classification, shuffled).
    quick : bool, default=False
        Smaller grids, networks and epoch counts.
    random_state : int, default=0
        Seeds the folds, the solvers and the networks.
    progress : skreg.report.Progress, default=None
        Prints one line per step (each grid search, the diagnosis, ...).

    Returns
    -------
    result : StudyResult

    Raises
    ------
    StudyError
        Missing target column, no usable feature, too few rows for ``cv``
        folds, fewer than 2 classes or fewer than ``cv`` rows in a class, a
        non-numeric target for regression, or every candidate failing.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from skreg.study import run_study
    >>> data = load_iris(as_frame=True).frame
    >>> result = run_study(data, target="target", cv=3, quick=True)
    >>> result.task, result.scoring, len(result.leaderboard)
    ('classification', 'accuracy', 7)
    >>> bool(result.leaderboard["accuracy mean"].iloc[0] > 0.9)
    True
    """
    cv = _check_cv(cv)
    random_state = _check_random_state(random_state)
    y, keep, notes = _target(data, target)
    _check_count(y, cv)
    numeric, categorical, skipped = _features(data, target)
    task, reason = _check_task(task, y, target)
    _check_rows(y, task, cv, target)
    X = data.loc[keep, numeric + categorical]
    setup = _Setup(X, y, task, cv, bool(quick), random_state, progress)
    candidates = _linear_candidates(setup) + _mlp_candidates(setup)
    if progress is not None:
        progress.total = (progress.total or 0) + len(candidates) + 4
    # Many small fits: a second BLAS thread gains little, and on a busy machine
    # its spin-waiting made small network fits up to ten times slower.
    with threadpool_limits(1, user_api="blas"):
        searches = _search_all(candidates, _preprocessor(numeric, categorical), setup)
        board = _leaderboard(searches, setup.scoring)
        best = board.index[0]
        diagnosis, oof = _assess_best(searches[best], setup)
        linear_name, coefs, path = _linear_views(board, searches, candidates, setup)
        curve_name, curve_model = _curve_model(board, searches, candidates, setup)
    return StudyResult(
        task=task,
        task_reason=reason,
        target=target,
        scoring=setup.scoring,
        cv=cv,
        leaderboard=board,
        searches=searches,
        best_name=best,
        best_estimator=searches[best].best_estimator_,
        diagnosis=diagnosis,
        y_true=y.to_numpy(),
        oof_predictions=oof,
        linear_name=linear_name,
        coefficients=coefs,
        path=path,
        curve_name=curve_name,
        curve_model=curve_model,
        columns={"numeric": numeric, "categorical": categorical},
        notes=notes + skipped,
        fit_warnings=setup.warnings,
        n_rows=len(y),
    )


def _assess_best(search, setup):
    """Bias/variance diagnosis and out-of-fold predictions of the best candidate."""
    model = clone(search.best_estimator_)
    X, y, splitter = setup.X, setup.y, setup.splitter
    with setup.stage("bias vs variance of the best model", "bias/variance"):
        diagnosis = skreg.bias_variance_report(
            model, X, y, cv=splitter, scoring=setup.scoring
        )
    with setup.stage(
        "out-of-fold predictions of the best model", "out-of-fold predictions"
    ):
        oof = cross_val_predict(model, X, y, cv=splitter)
    return diagnosis, oof


def _best_of_family(board, candidates, family):
    names = {c.name: c for c in candidates if c.family == family}
    for name in board.index:
        if name in names:
            return names[name]
    return None


def _feature_names(prep):
    return [name.split("__", 1)[-1] for name in prep.get_feature_names_out()]


def _coefficient_table(pipeline, names):
    model = pipeline["model"]
    coef = np.atleast_2d(model.coef_)
    if coef.shape[0] == 1:
        label = "coefficient"
        if hasattr(model, "classes_"):
            label = f"coefficient (class {model.classes_[-1]})"
        columns = [label]
    else:
        columns = [f"class {c}" for c in model.classes_]
    return pd.DataFrame(coef.T, index=pd.Index(names, name="feature"), columns=columns)


def _linear_views(board, searches, candidates, setup):
    """Coefficients and regularization path of the best linear candidate."""
    candidate = _best_of_family(board, candidates, "linear")
    if candidate is None:
        return None, None, None
    pipeline = searches[candidate.name].best_estimator_
    names = _feature_names(pipeline["prep"])
    coefs = _coefficient_table(pipeline, names)
    Xt = pd.DataFrame(pipeline["prep"].transform(setup.X), columns=names)
    with setup.stage(f"regularization path: {candidate.name}", "regularization path"):
        if setup.task == "regression":
            path = _regression_path(candidate, pipeline, Xt, setup.y)
        else:
            path = _logistic_path(candidate, pipeline, Xt, setup)
    return candidate.name, coefs, path


def _regression_path(candidate, pipeline, Xt, y):
    l1_ratio = getattr(pipeline["model"], "l1_ratio", 0.5)
    return skreg.regularization_path(
        Xt, y.to_numpy(dtype=float), model=candidate.penalty, l1_ratio=l1_ratio
    )


def _logistic_path(candidate, pipeline, Xt, setup):
    """Coefficients of the chosen logistic penalty over C; alpha = 1 / C.

    Binary: the signed coefficients. Several classes: each feature's L2 norm
    over the classes (zero exactly when L1 has dropped the feature).
    """
    model = clone(pipeline["model"]).set_params(warm_start=True)
    Cs = np.geomspace(1e-3, 1e2, 6 if setup.quick else 15)
    rows = []
    for C in Cs:
        coef = np.atleast_2d(model.set_params(C=C).fit(Xt, setup.y).coef_)
        rows.append(coef[0] if coef.shape[0] == 1 else np.linalg.norm(coef, axis=0))
    path = pd.DataFrame(rows, index=pd.Index(1 / Cs, name="alpha"), columns=Xt.columns)
    path.attrs["model"] = candidate.name
    if len(pipeline["model"].classes_) > 2:
        path.attrs["ylabel"] = "L2 norm of the coefficients over the classes"
    return path


def _curve_model(board, searches, candidates, setup):
    """The best MLP refitted on 80 % of the rows, validated on 20 % every epoch."""
    candidate = _best_of_family(board, candidates, "mlp")
    if candidate is None:
        return None, None
    X, y = setup.X, setup.y
    pipeline = clone(searches[candidate.name].best_estimator_)
    n_classes = y.nunique() if setup.task == "classification" else 0
    stratify = y if 0 < n_classes <= int(0.2 * len(y)) else None
    X_tr, X_val, y_tr, y_val = train_test_split(
        X, y, test_size=0.2, stratify=stratify, random_state=setup.random_state
    )
    prep = pipeline["prep"].fit(X_tr)
    model = pipeline["model"]
    mlp = getattr(model, "regressor", model)
    y_tr, y_val = y_tr.to_numpy(), y_val.to_numpy()
    if mlp is not model:  # standardize the target as TransformedTargetRegressor does
        scaler = clone(model.transformer).fit(y_tr.reshape(-1, 1))
        y_tr, y_val = (
            scaler.transform(v.reshape(-1, 1)).ravel() for v in (y_tr, y_val)
        )
    with setup.stage(f"learning curves: {candidate.name}", "learning curves"):
        mlp.fit(prep.transform(X_tr), y_tr, X_val=prep.transform(X_val), y_val=y_val)
    return candidate.name, mlp


# --------------------------------------------------------------------------------
# The report


def save_model(model, path):
    """Save ``model`` with ``skreg.save`` (safe, reloadable with ``skreg.load``);
    say what happened.

    Parameters
    ----------
    model : estimator
        The fitted model.
    path : path-like
        Destination, e.g. ``out / "model.skreg"``.

    Returns
    -------
    message : str
        One line for the console and the report.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from sklearn.linear_model import Ridge
    >>> from skreg.study import save_model
    >>> model = Ridge().fit([[0.0], [1.0]], [0.0, 1.0])
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     message = save_model(model, Path(folder) / "model.skreg")
    >>> message.startswith("model file:")
    True
    """
    try:
        skreg.save(model, path)
    except (TypeError, ValueError, NotImplementedError, OSError) as exc:
        return f"model file: not written ({type(exc).__name__}: {exc})"
    return f"model file: {path} (reload with skreg.load)"


def _data_section(section, result, source):
    cols = result.columns
    section.text(
        f"{source + ': ' if source else ''}{result.n_rows} rows with a value of "
        f"the target {result.target!r}. Numeric features (median imputation, "
        f"z-score): {len(cols['numeric'])}; categorical features (most frequent "
        f"value imputation, one-hot encoding): {len(cols['categorical'])}."
    )
    section.note(f"task: {result.task} ({result.task_reason})")
    if result.notes:
        section.items(result.notes)
    section.text(f"Numeric: {', '.join(map(str, cols['numeric'])) or 'none'}.")
    section.text(f"Categorical: {', '.join(map(str, cols['categorical'])) or 'none'}.")


def _leaderboard_section(section, result):
    kind = "stratified " if result.task == "classification" else ""
    section.text(
        f"Each candidate's grid was searched by {kind}{result.cv}-fold "
        f"cross-validation; the table shows its best setting, the mean and "
        f"standard deviation of the {result.scoring} over the folds, the mean "
        "training score, and the mean fit time per fold. Also in leaderboard.csv."
    )
    section.table(result.leaderboard, caption="Leaderboard (best first)")


def _best_section(section, result, out):
    params = result.leaderboard.loc[result.best_name, "best params"]
    section.note(f"best: {result.best_name} ({params})")
    section.text(
        "Train and dev error of the best setting, measured again by the same "
        "cross-validation (skreg.bias_variance_report), read with the basic "
        "recipe: avoidable bias = train error - human-level error (taken as 0), "
        "variance = dev error - train error."
    )
    section.preformatted(repr(result.diagnosis))
    section.note(save_model(result.best_estimator, out / "model.skreg"))


def _linear_section(section, result):
    table = result.coefficients
    size = table.abs().max(axis=1).sort_values(ascending=False, kind="stable")
    top = table.loc[size.index[:30]] + 0.0  # + 0.0: no "-0" for zeroed weights
    section.note(
        f"{result.linear_name}: {int((size > 0).sum())} of {len(table)} features "
        "have a non-zero coefficient"
    )
    section.table(
        top,
        caption="Largest coefficients (per standard deviation of numeric features)",
        echo=10,
    )
    section.plot(
        "coefficients",
        lambda: plotting.plot_coefficients(top),
        caption=f"Coefficients of {result.linear_name}",
    )
    path = result.path
    section.plot(
        "regularization_path",
        lambda: plotting.plot_regularization_path(path, legend=path.shape[1] <= 25),
        caption=f"Regularization path of {result.linear_name} "
        "(stronger penalty to the right)",
    )


def _mlp_section(section, result):
    history = result.curve_model.history_
    val = [r["val_loss"] for r in history]
    best = int(np.argmin(val))
    section.text(
        f"{result.curve_name} with its best setting, refitted on 80 % of the "
        "rows with the other 20 % as validation set; both losses per epoch. A "
        "validation loss that rises while the training loss falls means "
        "overfitting: more regularization or fewer epochs. The training loss "
        "includes the penalties (L2, L1) and is measured with dropout on; the "
        "validation loss has neither."
        + (
            " Regression losses are on the standardized target."
            if result.task == "regression"
            else ""
        )
    )
    summary = pd.DataFrame(
        {
            "epochs": [len(history)],
            "final train loss": [history[-1]["loss"]],
            "best val loss": [val[best]],
            "at epoch": [best + 1],
            "final val loss": [val[-1]],
        },
        index=[result.curve_name],
    )
    section.table(summary, caption="Learning curve")
    section.plot(
        "learning_curves",
        lambda: plotting.plot_learning_curves({result.curve_name: result.curve_model}),
        caption="Training (solid) and validation (dashed) loss",
    )


def _errors_section(section, result):
    y, pred = result.y_true, result.oof_predictions
    section.text(
        f"Out-of-fold predictions of {result.best_name}: each row predicted by "
        f"the model of the fold that did not train on it ({result.cv} folds)."
    )
    if result.task == "classification":
        table = pd.crosstab(pd.Series(y, name="true"), pd.Series(pred, name="pred"))
        section.table(table, caption="Confusion matrix", echo=12)
        section.plot(
            "confusion_matrix",
            lambda: plotting.plot_confusion_matrix(y, pred),
            caption="Confusion matrix (out of fold)",
        )
        return
    residuals = y.astype(float) - pred
    ss_tot = np.sum((y - np.mean(y)) ** 2)
    table = pd.DataFrame(
        {
            "RMSE": [np.sqrt(np.mean(residuals**2))],
            "MAE": [np.mean(np.abs(residuals))],
            "R^2": [1 - np.sum(residuals**2) / ss_tot],
        },
        index=["out of fold"],
    )
    section.table(table, caption="Errors")
    section.plot(
        "residuals",
        lambda: plotting.plot_residuals(y, pred),
        caption="Residuals (out of fold)",
    )


def _write_report(result, out, source, console):
    if out.exists() and not out.is_dir():
        raise StudyError(f"out must be a folder; {out} is a file")
    out.mkdir(parents=True, exist_ok=True)
    report = Report(
        f"skreg study: {result.target}",
        console=console,
        subtitle=f"{source or 'data'}: {result.task}, {result.cv}-fold "
        f"CV, {result.scoring}",
    )
    _data_section(report.section("Data"), result, source)
    _leaderboard_section(report.section("Leaderboard"), result)
    result.leaderboard.to_csv(out / "leaderboard.csv")
    _best_section(report.section("Best model"), result, out)
    if result.coefficients is not None:
        _linear_section(report.section("Best linear model"), result)
    if result.curve_model is not None:
        _mlp_section(report.section("Best MLP: learning curves"), result)
    _errors_section(report.section("Errors of the best model"), result)
    if result.fit_warnings:
        report.section("Warnings while fitting").items(result.fit_warnings)
    report.write(out)
    return report
