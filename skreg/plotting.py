"""Plots of skreg's lessons (needs the optional ``plot`` extra).

Linear models: coefficients, regularization paths and validation curves over
alpha. Networks: learning curves from ``history_`` and Monte-Carlo dropout
uncertainty. Any model: confusion matrix, residuals, bias vs variance, and the
ranges of features before and after scaling.

matplotlib is imported inside the functions only, so ``import skreg`` works
without it. Each function draws on ``ax`` (or a new figure) and returns a small
display object holding ``figure_``, ``ax_`` (``axes_`` for several panels) and
the drawn artists, in the style of scikit-learn's ``*Display`` classes.
"""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Integral, Real

import numpy as np
import pandas as pd
from sklearn.model_selection import validation_curve
from sklearn.utils import check_array

from skreg._validation import check_not_complex, check_numbers, named
from skreg.model_selection import BiasVarianceDiagnosis, _n_rows

__all__ = [
    "AlphaCurveDisplay",
    "BiasVarianceDisplay",
    "CoefficientDisplay",
    "ConfusionDisplay",
    "FeatureRangesDisplay",
    "LearningCurvesDisplay",
    "MCUncertaintyDisplay",
    "RegularizationPathDisplay",
    "ResidualsDisplay",
    "UncertainImagesDisplay",
    "plot_bias_variance",
    "plot_coefficients",
    "plot_confusion_matrix",
    "plot_feature_ranges",
    "plot_learning_curves",
    "plot_mc_uncertainty",
    "plot_regularization_path",
    "plot_residuals",
    "plot_uncertain_images",
    "plot_validation_curve",
]


def _pyplot():
    """matplotlib.pyplot, or an ImportError that says how to install it."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise ImportError(
            'skreg plotting needs matplotlib; install it with pip install "skreg[plot]"'
        ) from exc
    return plt


def _real(values, name, *, allow_nan=False):
    """``values`` as a float64 array; ValueError naming ``name`` (and the column
    of a DataFrame) unless they are real numbers, finite or (``allow_nan``) NaN."""
    if values is None:
        raise TypeError(f"{name} must be an array-like of numbers; got None")
    arr = np.asarray(values)
    check_numbers(values, name, hint="")  # the columns of a DataFrame
    check_numbers(arr, name)  # complex numbers, strings
    try:
        arr = arr.astype(np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must hold numbers; {exc}") from None
    bad = np.isinf(arr) if allow_nan else ~np.isfinite(arr)
    if bad.any():
        where = ""
        if isinstance(values, pd.DataFrame) and arr.ndim == 2:
            where = f" in column {values.columns[np.argmax(bad.any(axis=0))]!r}"
        raise ValueError(f"{name} must hold finite numbers; got {arr[bad][0]}{where}")
    return arr


def _not_empty(table, name, what):
    """Refuse a table without rows or columns: there would be nothing to draw."""
    if 0 in table.shape:
        raise ValueError(f"{name} is empty (shape {table.shape}); it needs {what}")


def _one_each(values, name, n, unit):
    """``values`` (y_true, classes) as a 1-D array of ``n`` entries, one per
    ``unit``."""
    arr = np.asarray(values)
    if arr.ndim != 1 or arr.shape[0] != n:
        raise ValueError(
            f"{name} must have one value per {unit} ({n}); got shape {arr.shape}"
        )
    return arr


def _axes(ax, figsize=None):
    if ax is None:
        fig, ax = _pyplot().subplots(figsize=figsize)
        return fig, ax
    _pyplot()
    return ax.figure, ax


@dataclass
class CoefficientDisplay:
    """Grouped coefficient bars; built by :func:`plot_coefficients`.

    Attributes
    ----------
    figure_ : matplotlib Figure
    ax_ : matplotlib Axes
    bars_ : list of matplotlib BarContainer
        One container per model (per ``model[class]`` in classification).
    coefficients : pandas.DataFrame
        The plotted table.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import pandas as pd
    >>> from skreg import plot_coefficients
    >>> table = pd.DataFrame({"ridge": [1.0, -0.5], "lasso": [0.8, 0.0]},
    ...                      index=["a", "b"])
    >>> display = plot_coefficients(table)
    >>> type(display).__name__, len(display.bars_), len(display.ax_.patches)
    ('CoefficientDisplay', 2, 4)
    >>> plt.close(display.figure_)
    """

    figure_: object
    ax_: object
    bars_: list
    coefficients: pd.DataFrame


@dataclass
class RegularizationPathDisplay:
    """Coefficient paths over alpha; built by :func:`plot_regularization_path`.

    Attributes
    ----------
    figure_ : matplotlib Figure
    ax_ : matplotlib Axes
    lines_ : list of matplotlib Line2D
        One line per feature.
    path : pandas.DataFrame
        The plotted path.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import pandas as pd
    >>> from skreg import plot_regularization_path
    >>> path = pd.DataFrame({"a": [0.0, 1.0], "b": [0.0, -2.0]},
    ...                     index=pd.Index([10.0, 0.1], name="alpha"))
    >>> display = plot_regularization_path(path)
    >>> type(display).__name__, len(display.lines_)
    ('RegularizationPathDisplay', 2)
    >>> plt.close(display.figure_)
    """

    figure_: object
    ax_: object
    lines_: list
    path: pd.DataFrame


@dataclass
class AlphaCurveDisplay:
    """Train and dev score over alpha; built by :func:`plot_validation_curve`.

    Attributes
    ----------
    figure_ : matplotlib Figure
    ax_ : matplotlib Axes
    lines_ : list of matplotlib Line2D
        The train and the dev (cross-validated) mean score.
    alphas : ndarray
        The alphas tried.
    train_scores, dev_scores : ndarray of shape (n_alphas, n_splits)
        Scores from ``sklearn.model_selection.validation_curve``.
    best_alpha_ : float
        Alpha with the highest mean dev score (marked by a vertical line).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from sklearn.datasets import load_diabetes
    >>> from sklearn.linear_model import Lasso
    >>> from skreg import HoldoutSplit, plot_validation_curve
    >>> X, y = load_diabetes(return_X_y=True)
    >>> display = plot_validation_curve(
    ...     Lasso(), X, y, alphas=[0.01, 0.1, 1.0, 10.0],
    ...     cv=HoldoutSplit(0.25, random_state=0),
    ... )
    >>> type(display).__name__, display.dev_scores.shape
    ('AlphaCurveDisplay', (4, 1))
    >>> plt.close(display.figure_)
    """

    figure_: object
    ax_: object
    lines_: list
    alphas: np.ndarray
    train_scores: np.ndarray
    dev_scores: np.ndarray
    best_alpha_: float


def _coefficient_table(coefficients):
    table = getattr(coefficients, "coefficients", coefficients)
    if not isinstance(table, pd.DataFrame):
        raise TypeError(
            "coefficients must be a LinearComparison or a DataFrame (features x "
            f"models); got {type(coefficients).__name__}"
        )
    if isinstance(table.columns, pd.MultiIndex):
        table = table.copy()
        table.columns = [f"{m}[{c}]" for m, c in table.columns]
    return table


def plot_coefficients(coefficients, *, ax=None):
    """Bar chart of coefficients, one group per feature and one bar per model.

    Parameters
    ----------
    coefficients : LinearComparison or pandas.DataFrame
        A comparison result or its ``.coefficients`` table (features x models).
    ax : matplotlib Axes, default=None
        Axes to draw on; a new figure is created when None.

    Returns
    -------
    display : CoefficientDisplay

    Examples
    --------
    >>> from sklearn.datasets import load_wine
    >>> from skreg import compare_linear_models, plot_coefficients
    >>> X, y = load_wine(return_X_y=True, as_frame=True)
    >>> result = compare_linear_models(X, y, alpha=0.05, scale=True, random_state=0)
    >>> display = plot_coefficients(result)
    >>> len(display.bars_), len(display.ax_.patches)
    (4, 52)
    >>> import matplotlib.pyplot as plt
    >>> plt.close(display.figure_)
    """
    table = _coefficient_table(coefficients)
    _not_empty(table, "coefficients", "one row per feature and one column per model")
    values = _real(table, "coefficients")
    fig, ax = _axes(ax)
    n_features, n_models = table.shape
    x = np.arange(n_features)
    width = 0.8 / n_models
    bars = [
        ax.bar(
            x + (i - (n_models - 1) / 2) * width,
            values[:, i],
            width,
            label=str(col),
        )
        for i, col in enumerate(table.columns)
    ]
    ax.axhline(0.0, color="black", linewidth=0.8)
    ax.set_xticks(x, [str(f) for f in table.index], rotation=60, ha="right")
    ax.set_ylabel("coefficient")
    ax.set_title("coefficients by model")
    ax.legend()
    fig.tight_layout()
    return CoefficientDisplay(figure_=fig, ax_=ax, bars_=bars, coefficients=table)


def plot_regularization_path(path, *, ax=None, legend=True):
    """Plot each coefficient against alpha on a log x-axis.

    Parameters
    ----------
    path : pandas.DataFrame
        Output of :func:`skreg.regularization_path` (index alpha, one column per
        feature). ``path.attrs["model"]`` names the title and
        ``path.attrs["ylabel"]`` (default "coefficient") the y-axis.
    ax : matplotlib Axes, default=None
        Axes to draw on; a new figure is created when None.
    legend : bool, default=True
        Label the lines with the feature names.

    Returns
    -------
    display : RegularizationPathDisplay

    Examples
    --------
    >>> from sklearn.datasets import load_diabetes
    >>> from skreg import plot_regularization_path, regularization_path
    >>> X, y = load_diabetes(return_X_y=True, as_frame=True)
    >>> display = plot_regularization_path(regularization_path(X, y, model="ridge"))
    >>> len(display.lines_), display.ax_.get_xscale()
    (10, 'log')
    >>> import matplotlib.pyplot as plt
    >>> plt.close(display.figure_)
    """
    if not isinstance(path, pd.DataFrame):
        raise TypeError(
            "path must be the DataFrame returned by regularization_path; "
            f"got {type(path).__name__}"
        )
    _not_empty(path, "path", "one row per alpha and one column per feature")
    values = _real(path, "path")
    alphas = _real(path.index, "path.index (the alphas)")
    if np.any(alphas <= 0):
        raise ValueError(
            "path.index must hold the alphas, all > 0 (a log axis); got "
            f"{alphas[alphas <= 0][0]}"
        )
    fig, ax = _axes(ax)
    lines = [
        ax.plot(alphas, values[:, i], label=str(c))[0]
        for i, c in enumerate(path.columns)
    ]
    ax.set_xscale("log")
    ax.set_xlabel("alpha")
    ax.set_ylabel(path.attrs.get("ylabel", "coefficient"))
    ax.set_title(f"{path.attrs.get('model', 'regularization')} path")
    if legend:
        ax.legend(fontsize="small")
    return RegularizationPathDisplay(figure_=fig, ax_=ax, lines_=lines, path=path)


def plot_validation_curve(
    estimator, X, y, *, alphas, param_name="alpha", cv=5, scoring=None, ax=None
):
    """Train and dev score over alpha, with the best alpha marked.

    A thin layer over ``sklearn.model_selection.validation_curve``: mean and
    standard deviation over the folds, log x-axis.

    Parameters
    ----------
    estimator : estimator object
        E.g. ``Lasso()`` or a pipeline (then ``param_name="lasso__alpha"``).
    X : array-like of shape (n_samples, n_features)
        Features.
    y : array-like of shape (n_samples,)
        Target.
    alphas : array-like of float
        Positive values to try.
    param_name : str, default="alpha"
        Name of the parameter that ``alphas`` sets.
    cv : int, CV splitter or iterable, default=5
        E.g. ``KFold(5, shuffle=True, random_state=42)`` or ``HoldoutSplit()``.
    scoring : str, callable or None, default=None
        Scorer; None uses the estimator's ``score`` (R^2 or accuracy).
    ax : matplotlib Axes, default=None
        Axes to draw on; a new figure is created when None.

    Returns
    -------
    display : AlphaCurveDisplay

    Examples
    --------
    >>> from sklearn.datasets import load_diabetes
    >>> from sklearn.linear_model import Ridge
    >>> from skreg import plot_validation_curve
    >>> X, y = load_diabetes(return_X_y=True)
    >>> display = plot_validation_curve(Ridge(), X, y, alphas=[0.1, 1, 10, 100])
    >>> [line.get_label() for line in display.lines_], display.best_alpha_
    (['train', 'dev'], 0.1)
    >>> import matplotlib.pyplot as plt
    >>> plt.close(display.figure_)
    """
    alphas = _real(alphas, "alphas")
    if alphas.ndim != 1 or alphas.size == 0 or np.any(alphas <= 0):
        raise ValueError(
            "alphas must be a non-empty 1-D sequence of positive numbers; "
            f"got alphas={alphas!r}"
        )
    if _n_rows(X) != _n_rows(y):
        raise ValueError(
            f"X and y must have the same number of rows; got X with {_n_rows(X)} "
            f"rows and y with {_n_rows(y)}"
        )
    try:
        train, dev = validation_curve(
            estimator,
            X,
            y,
            param_name=param_name,
            param_range=alphas,
            cv=cv,
            scoring=scoring,
            error_score="raise",  # a failed fit is an error, not a NaN score
        )
    except (ValueError, TypeError) as exc:
        if type(exc) not in (ValueError, TypeError):  # e.g. a parameter error
            raise
        raise type(exc)(
            f"{type(estimator).__name__} could not be validated on X, y: {exc}"
        ) from exc
    fig, ax = _axes(ax)
    lines = []
    for label, scores in (("train", train), ("dev", dev)):
        mean, std = scores.mean(axis=1), scores.std(axis=1)
        lines.append(ax.plot(alphas, mean, marker="o", label=label)[0])
        ax.fill_between(alphas, mean - std, mean + std, alpha=0.2)
    best = float(alphas[int(np.argmax(dev.mean(axis=1)))])
    ax.axvline(best, color="grey", linestyle="--", label=f"best alpha={best:.3g}")
    ax.set_xscale("log")
    ax.set_xlabel(param_name)
    ax.set_ylabel(scoring if isinstance(scoring, str) else "score")
    ax.set_title("validation curve")
    ax.legend()
    return AlphaCurveDisplay(
        figure_=fig,
        ax_=ax,
        lines_=lines,
        alphas=alphas,
        train_scores=train,
        dev_scores=dev,
        best_alpha_=best,
    )


# --------------------------------------------------------------------------------
# Networks: learning curves and Monte-Carlo dropout


@dataclass
class LearningCurvesDisplay:
    """Loss per epoch of one or several MLPs; built by :func:`plot_learning_curves`.

    Attributes
    ----------
    figure_ : matplotlib Figure
    ax_ : matplotlib Axes
    train_lines_ : dict of str to matplotlib Line2D
        Training loss per model (solid).
    val_lines_ : dict of str to matplotlib Line2D
        Validation loss per model (dashed), for models fitted with validation data.
    histories : dict of str to list of dict
        The plotted ``history_`` records.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from skreg.plotting import plot_learning_curves
    >>> history = [{"epoch": 1, "loss": 1.0, "val_loss": 1.2},
    ...            {"epoch": 2, "loss": 0.5, "val_loss": 0.9}]
    >>> display = plot_learning_curves({"plain": history})
    >>> list(display.train_lines_), list(display.val_lines_)
    (['plain'], ['plain'])
    >>> plt.close(display.figure_)
    """

    figure_: object
    ax_: object
    train_lines_: dict
    val_lines_: dict
    histories: dict


def _history(name, model):
    """The epoch records of a fitted skreg MLP, or the records themselves."""
    history = getattr(model, "history_", model)
    if not isinstance(history, list) or not all(
        isinstance(r, dict) and {"epoch", "loss"} <= set(r) for r in history
    ):
        raise TypeError(
            f"models[{name!r}] must be a fitted skreg MLP (with history_) or its "
            f"history_ list; got {type(model).__name__}"
        )
    if not history:
        raise ValueError(f"models[{name!r}] has no epoch: its history_ is empty")
    for record in history:
        for key in ("epoch", "loss", "val_loss"):
            value = record.get(key)
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, Real)
            ):
                raise TypeError(
                    f"models[{name!r}]: {key} must be a number in every epoch; "
                    f"got {key}={value!r}"
                )
    return history


def plot_learning_curves(models, *, ax=None, log_y=True):
    """Training loss (solid) and validation loss (dashed) per epoch.

    Seed 001's early-stopping picture: while the training loss keeps falling, the
    validation loss reaches a minimum and rises again when the network starts to
    overfit. The validation curve is drawn for models fitted with ``X_val, y_val``
    (or ``early_stopping=True``), whose ``history_`` holds ``val_loss``. Note that
    the training loss is the mean over the epoch's mini-batches, measured with
    dropout on and including the penalties.

    Parameters
    ----------
    models : estimator, list of dict, or dict of str to estimator or list of dict
        A fitted :class:`~skreg.RegularizedMLPClassifier` /
        :class:`~skreg.RegularizedMLPRegressor`, its ``history_``, or a dict that
        labels several of them.
    ax : matplotlib Axes, default=None
        Axes to draw on; a new figure is created when None.
    log_y : bool, default=True
        Log-scale loss axis (when every plotted loss is positive).

    Returns
    -------
    display : LearningCurvesDisplay

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from sklearn.datasets import load_iris
    >>> from skreg import RegularizedMLPClassifier
    >>> from skreg.plotting import plot_learning_curves
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = RegularizedMLPClassifier((16,), learning_rate_init=0.01, max_iter=500,
    ...                                early_stopping=True, random_state=0)
    >>> clf = clf.fit(X, y)  # early stopping holds out 10 %: val_loss per epoch
    >>> display = plot_learning_curves({"MLP": clf})
    >>> len(display.train_lines_["MLP"].get_xdata()) == clf.n_iter_
    True
    >>> list(display.val_lines_)
    ['MLP']
    >>> plt.close(display.figure_)
    """
    if not isinstance(models, dict):
        models = {type(models).__name__: models}
    if not models:
        raise ValueError("models must name at least one model; got an empty dict")
    histories = {str(name): _history(name, m) for name, m in models.items()}
    fig, ax = _axes(ax)
    train, val, values = {}, {}, []
    for i, (name, history) in enumerate(histories.items()):
        color = f"C{i % 10}"
        epochs = [r["epoch"] for r in history]
        losses = [r["loss"] for r in history]
        train[name] = ax.plot(epochs, losses, color=color, label=f"{name}: train")[0]
        val_losses = [r.get("val_loss") for r in history]
        values += losses
        if all(v is not None for v in val_losses):
            val[name] = ax.plot(
                epochs, val_losses, "--", color=color, label=f"{name}: validation"
            )[0]
            values += val_losses
    finite = [v for v in values if np.isfinite(v)]  # a diverged epoch is a gap
    if log_y and finite and min(finite) > 0:
        ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss")
    ax.set_title("learning curves")
    ax.legend(fontsize="small")
    return LearningCurvesDisplay(
        figure_=fig, ax_=ax, train_lines_=train, val_lines_=val, histories=histories
    )


def _count(value, name):
    """An int parameter >= 1 (a number of rows, images or columns)."""
    if isinstance(value, bool) or not isinstance(value, Integral) or value < 1:
        raise ValueError(f"{name} must be an int >= 1; got {name}={value!r}")
    return int(value)


def _mc_samples(samples, n_rows=None):
    """Monte-Carlo samples as float64; 3-D must hold probabilities."""
    samples = _real(samples, "samples")
    if samples.ndim not in (2, 3) or samples.shape[0] < 2 or samples.shape[1] < 1:
        raise ValueError(
            "samples must have shape (n_samples >= 2, n_rows) from predict_mc or "
            "(n_samples >= 2, n_rows, n_classes) from predict_proba_mc; got shape "
            f"{samples.shape}"
        )
    if samples.ndim == 3 and not np.allclose(samples.sum(axis=2), 1.0, atol=1e-3):
        raise ValueError(
            "samples of shape (n_samples, n_rows, n_classes) must be probabilities "
            "(each row sums to 1), as returned by predict_proba_mc"
        )
    if n_rows is not None and samples.shape[1] != n_rows:
        raise ValueError(
            f"samples must have one column per row of the data ({n_rows}); got "
            f"shape {samples.shape}"
        )
    return samples


def _class_spread(samples):
    """Predicted column, its mean probability and its standard deviation."""
    mean = samples.mean(axis=0)
    pred = mean.argmax(axis=1)
    rows = np.arange(mean.shape[0])
    return pred, mean[rows, pred], samples.std(axis=0)[rows, pred]


def _truth(y_true, classes, samples):
    """y_true (one per row of ``samples``) and classes (one per probability
    column), checked."""
    if y_true is not None:
        y_true = _one_each(y_true, "y_true", samples.shape[1], "row of samples")
    if classes is not None and samples.ndim == 3:
        classes = _one_each(classes, "classes", samples.shape[2], "column of samples")
    return y_true, classes


def _label_of(classes, pred):
    return pred if classes is None else np.asarray(classes)[pred]


@dataclass
class MCUncertaintyDisplay:
    """Predictive mean and spread per row; built by :func:`plot_mc_uncertainty`.

    Attributes
    ----------
    figure_ : matplotlib Figure
    ax_ : matplotlib Axes
    rows_ : ndarray of int
        The plotted rows, most uncertain first.
    mean_ : ndarray
        Mean probability of the predicted class (classification) or mean
        prediction (regression) of ``rows_``.
    spread_ : ndarray
        Its standard deviation over the Monte-Carlo samples.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import numpy as np
    >>> from skreg.plotting import plot_mc_uncertainty
    >>> samples = np.array([[1.0, 2.0, 3.0], [1.0, 4.0, 3.5]])  # 2 passes, 3 rows
    >>> display = plot_mc_uncertainty(samples)
    >>> display.rows_, display.spread_
    (array([1, 2, 0]), array([1.  , 0.25, 0.  ]))
    >>> plt.close(display.figure_)
    """

    figure_: object
    ax_: object
    rows_: np.ndarray
    mean_: np.ndarray
    spread_: np.ndarray


def plot_mc_uncertainty(samples, *, y_true=None, classes=None, max_rows=40, ax=None):
    """Monte-Carlo dropout: each row's prediction with its spread as an error bar.

    Seed 002: with dropout kept on at prediction time, the network gives a
    different answer on every pass; the mean is the prediction and the standard
    deviation its uncertainty. Rows are sorted by spread, most uncertain first.
    For classification the plotted value is the mean probability of the predicted
    class; wrong predictions (when ``y_true`` is given) are drawn in red.

    Parameters
    ----------
    samples : array-like of shape (n_samples, n_rows, n_classes) or \
(n_samples, n_rows)
        Output of ``predict_proba_mc`` (classification) or ``predict_mc``
        (single-output regression).
    y_true : array-like of shape (n_rows,), default=None
        True labels or values, to mark errors.
    classes : array-like of shape (n_classes,), default=None
        Class labels of the probability columns (``clf.classes_``); needed to
        compare with ``y_true`` when the labels are not ``0..n_classes-1``.
    max_rows : int, default=40
        Number of rows shown.
    ax : matplotlib Axes, default=None
        Axes to draw on; a new figure is created when None.

    Returns
    -------
    display : MCUncertaintyDisplay

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from sklearn.datasets import load_iris
    >>> from skreg import RegularizedMLPClassifier
    >>> from skreg.plotting import plot_mc_uncertainty
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = RegularizedMLPClassifier((32,), dropout=0.3, max_iter=300,
    ...                                random_state=0).fit(X, y)
    >>> samples = clf.predict_proba_mc(X, n_samples=30, random_state=0)
    >>> display = plot_mc_uncertainty(samples, y_true=y, max_rows=20)
    >>> len(display.rows_), bool(display.spread_[0] >= display.spread_[-1])
    (20, True)
    >>> plt.close(display.figure_)
    """
    samples = _mc_samples(samples)
    max_rows = _count(max_rows, "max_rows")
    y_true, classes = _truth(y_true, classes, samples)
    if samples.ndim == 3:
        pred, mean, spread = _class_spread(samples)
    else:
        pred, mean, spread = None, samples.mean(axis=0), samples.std(axis=0)
    rows = np.argsort(-spread, kind="stable")[:max_rows]
    fig, ax = _axes(ax)
    x = np.arange(rows.size)
    wrong = np.zeros(rows.size, dtype=bool)
    if y_true is not None and pred is not None:
        wrong = _label_of(classes, pred[rows]) != y_true[rows]
    for mask, color, label in ((~wrong, "C0", "prediction"), (wrong, "C3", "wrong")):
        if mask.any():
            ax.errorbar(
                x[mask],
                mean[rows][mask],
                yerr=spread[rows][mask],
                fmt="o",
                color=color,
                capsize=2,
                label=label,
            )
    if y_true is not None and pred is None:
        ax.plot(x, _real(y_true, "y_true")[rows], "kx", label="true value")
    ax.set_xlabel("rows, most uncertain first")
    ax.set_ylabel("P(predicted class)" if pred is not None else "prediction")
    ax.set_title("Monte-Carlo dropout: mean +- std")
    ax.legend(fontsize="small")
    return MCUncertaintyDisplay(
        figure_=fig, ax_=ax, rows_=rows, mean_=mean[rows], spread_=spread[rows]
    )


@dataclass
class UncertainImagesDisplay:
    """Images of the least certain rows; built by :func:`plot_uncertain_images`.

    Attributes
    ----------
    figure_ : matplotlib Figure
    axes_ : ndarray of matplotlib Axes
    rows_ : ndarray of int
        The rows shown, most uncertain first.
    predicted_ : ndarray
        Their predicted class labels.
    probability_ : ndarray
        Mean probability of the predicted class.
    spread_ : ndarray
        Its standard deviation over the Monte-Carlo samples.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import numpy as np
    >>> from skreg.plotting import plot_uncertain_images
    >>> images = np.eye(4).reshape(4, 2, 2)
    >>> samples = np.array([[[0.9, 0.1], [0.5, 0.5], [0.2, 0.8], [0.6, 0.4]],
    ...                     [[0.9, 0.1], [0.9, 0.1], [0.2, 0.8], [0.4, 0.6]]])
    >>> display = plot_uncertain_images(images, samples, n=2)
    >>> display.rows_, display.spread_
    (array([1, 3]), array([0.2, 0.1]))
    >>> plt.close(display.figure_)
    """

    figure_: object
    axes_: np.ndarray
    rows_: np.ndarray
    predicted_: np.ndarray
    probability_: np.ndarray
    spread_: np.ndarray


def _as_images(images, image_shape):
    """(n_rows, h, w) images from flat rows or an image stack."""
    images = _real(images, "images", allow_nan=True)
    if image_shape is not None:
        try:
            return images.reshape((images.shape[0], *image_shape))
        except (TypeError, ValueError):
            raise ValueError(
                f"image_shape={image_shape!r} does not fit images of shape "
                f"{images.shape}"
            ) from None
    if images.ndim == 3:
        return images
    side = int(round(np.sqrt(images.shape[1]))) if images.ndim == 2 else 0
    if images.ndim != 2 or side * side != images.shape[1]:
        raise ValueError(
            "images must have shape (n_rows, height, width), or (n_rows, n_pixels) "
            f"with a square number of pixels; got shape {images.shape} (pass "
            "image_shape=(height, width))"
        )
    return images.reshape(-1, side, side)


def plot_uncertain_images(
    images, samples, *, n=8, y_true=None, classes=None, image_shape=None, ncols=4
):
    """Show the ``n`` images whose Monte-Carlo prediction is least certain.

    The spread of a row is the standard deviation, over the Monte-Carlo
    samples, of the probability of its predicted class (the class with the
    highest mean probability). Each image is titled with the predicted class,
    its mean probability +- spread and, when ``y_true`` is given, the true class
    (in red when the prediction is wrong).

    Parameters
    ----------
    images : array-like of shape (n_rows, n_pixels) or (n_rows, height, width)
        The rows of the data as images (e.g. the digits' 8 x 8 pixels).
    samples : array-like of shape (n_samples, n_rows, n_classes)
        Output of ``predict_proba_mc`` on these rows.
    n : int, default=8
        Number of images.
    y_true : array-like of shape (n_rows,), default=None
        True labels.
    classes : array-like of shape (n_classes,), default=None
        Class labels of the probability columns (``clf.classes_``).
    image_shape : tuple of int, default=None
        ``(height, width)``; inferred for square flat images.
    ncols : int, default=4
        Images per row of the grid.

    Returns
    -------
    display : UncertainImagesDisplay

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from sklearn.datasets import load_digits
    >>> from skreg import RegularizedMLPClassifier
    >>> from skreg.plotting import plot_uncertain_images
    >>> X, y = load_digits(return_X_y=True)
    >>> clf = RegularizedMLPClassifier((32,), dropout=0.3, early_stopping=True,
    ...                                random_state=0).fit(X[:500] / 16, y[:500])
    >>> samples = clf.predict_proba_mc(X[500:700] / 16, n_samples=30,
    ...                                random_state=0)
    >>> display = plot_uncertain_images(X[500:700], samples, y_true=y[500:700])
    >>> display.axes_.shape, len(display.rows_)
    ((2, 4), 8)
    >>> plt.close(display.figure_)
    """
    images = _as_images(images, image_shape)
    samples = _mc_samples(samples, n_rows=images.shape[0])
    if samples.ndim != 3:
        raise ValueError(
            "samples must be class probabilities of shape (n_samples, n_rows, "
            f"n_classes) from predict_proba_mc; got shape {samples.shape}"
        )
    n, ncols = _count(n, "n"), _count(ncols, "ncols")
    y_true, classes = _truth(y_true, classes, samples)
    pred, proba, spread = _class_spread(samples)
    rows = np.argsort(-spread, kind="stable")[:n]
    labels = _label_of(classes, pred[rows])
    ncols = min(ncols, rows.size)
    nrows = -(-rows.size // ncols)
    fig, axes = _pyplot().subplots(
        nrows, ncols, figsize=(2.2 * ncols, 2.9 * nrows), squeeze=False
    )
    for ax in axes.ravel():
        ax.set_axis_off()
    for ax, row, label in zip(axes.ravel(), rows, labels, strict=False):
        ax.imshow(images[row], cmap="gray_r")
        title = f"pred {label} ({proba[row]:.2f}+-{spread[row]:.2f})"
        wrong = y_true is not None and y_true[row] != label
        if y_true is not None:
            title += f"\ntrue {y_true[row]}"
        ax.set_title(title, fontsize="small", color="C3" if wrong else "black")
    fig.suptitle("least certain predictions (Monte-Carlo dropout)")
    fig.tight_layout()
    return UncertainImagesDisplay(
        figure_=fig,
        axes_=axes,
        rows_=rows,
        predicted_=labels,
        probability_=proba[rows],
        spread_=spread[rows],
    )


# --------------------------------------------------------------------------------
# Any model: errors, bias vs variance, feature ranges


@dataclass
class ConfusionDisplay:
    """Confusion matrix; built by :func:`plot_confusion_matrix`.

    Attributes
    ----------
    figure_ : matplotlib Figure
    ax_ : matplotlib Axes
    image_ : matplotlib AxesImage
    matrix : ndarray of shape (n_classes, n_classes)
        Rows are true classes, columns predicted classes.
    labels : ndarray
        The classes, in matrix order.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from skreg.plotting import plot_confusion_matrix
    >>> display = plot_confusion_matrix(["a", "b", "b"], ["a", "b", "a"])
    >>> display.matrix
    array([[1, 0],
           [1, 1]])
    >>> plt.close(display.figure_)
    """

    figure_: object
    ax_: object
    image_: object
    matrix: np.ndarray
    labels: np.ndarray


def plot_confusion_matrix(y_true, y_pred, *, labels=None, normalize=None, ax=None):
    """Counts of true (rows) against predicted (columns) classes.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        True and predicted labels, e.g. out-of-fold predictions from
        ``cross_val_predict``.
    labels : array-like, default=None
        Classes to show, in order; default: every label seen, sorted.
    normalize : {"true", "pred", "all"} or None, default=None
        As in ``sklearn.metrics.confusion_matrix``.
    ax : matplotlib Axes, default=None
        Axes to draw on; a new figure is created when None.

    Returns
    -------
    display : ConfusionDisplay

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.model_selection import cross_val_predict
    >>> from skreg.plotting import plot_confusion_matrix
    >>> X, y = load_iris(return_X_y=True)
    >>> pred = cross_val_predict(LogisticRegression(max_iter=1000), X, y, cv=5)
    >>> display = plot_confusion_matrix(y, pred)
    >>> int(display.matrix.sum()), display.matrix.shape
    (150, (3, 3))
    >>> plt.close(display.figure_)
    """
    from sklearn.metrics import confusion_matrix
    from sklearn.utils.multiclass import unique_labels

    n_true, n_pred = _check_labels(y_true, "y_true"), _check_labels(y_pred, "y_pred")
    if n_true != n_pred:
        raise ValueError(
            f"y_true and y_pred must have the same length; got {n_true} and {n_pred}"
        )
    try:
        labels = unique_labels(y_true, y_pred) if labels is None else np.asarray(labels)
    except ValueError as exc:
        raise ValueError(f"y_true and y_pred must hold class labels: {exc}") from None
    matrix = confusion_matrix(y_true, y_pred, labels=labels, normalize=normalize)
    fig, ax = _axes(ax)
    image = ax.imshow(matrix, cmap="Blues")
    if len(labels) <= 20:  # more cells than that cannot be read anyway
        cut = matrix.max() / 2
        for (i, j), value in np.ndenumerate(matrix):
            text = f"{value:.2f}" if normalize else f"{value:d}"
            ax.text(
                j,
                i,
                text,
                ha="center",
                va="center",
                fontsize="small",
                color="white" if value > cut else "black",
            )
    ticks = np.arange(len(labels))
    ax.set_xticks(ticks, [str(c) for c in labels], rotation=45, ha="right")
    ax.set_yticks(ticks, [str(c) for c in labels])
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    accuracy = np.mean(np.asarray(y_true) == np.asarray(y_pred))
    ax.set_title(f"confusion matrix (accuracy {accuracy:.3f})")
    fig.tight_layout()
    return ConfusionDisplay(
        figure_=fig, ax_=ax, image_=image, matrix=matrix, labels=labels
    )


def _check_labels(values, name):
    """Refuse what is no non-empty 1-D array of class labels; return its length."""
    check_not_complex(np.asarray(values), name)
    with named(name):
        values = check_array(values, ensure_2d=False, dtype=None, input_name=name)
    if values.ndim != 1:
        raise ValueError(f"{name} must be 1-D class labels; got shape {values.shape}")
    return values.shape[0]


@dataclass
class ResidualsDisplay:
    """Residuals against predictions; built by :func:`plot_residuals`.

    Attributes
    ----------
    figure_ : matplotlib Figure
    ax_ : matplotlib Axes
    points_ : matplotlib PathCollection
    residuals : ndarray of shape (n_samples,)
        ``y_true - y_pred``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from skreg.plotting import plot_residuals
    >>> display = plot_residuals([1.0, 2.0, 3.0], [1.5, 2.0, 2.0])
    >>> display.residuals
    array([-0.5,  0. ,  1. ])
    >>> plt.close(display.figure_)
    """

    figure_: object
    ax_: object
    points_: object
    residuals: np.ndarray


def plot_residuals(y_true, y_pred, *, ax=None):
    """Residual (true - predicted) against the prediction, with a zero line.

    A good regression model leaves residuals scattered evenly around zero; a
    curve or a funnel shape points to a missing feature or transformation.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        True values and predictions, e.g. out-of-fold from ``cross_val_predict``.
    ax : matplotlib Axes, default=None
        Axes to draw on; a new figure is created when None.

    Returns
    -------
    display : ResidualsDisplay

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from sklearn.datasets import load_diabetes
    >>> from sklearn.linear_model import Ridge
    >>> from sklearn.model_selection import cross_val_predict
    >>> from skreg.plotting import plot_residuals
    >>> X, y = load_diabetes(return_X_y=True)
    >>> display = plot_residuals(y, cross_val_predict(Ridge(0.1), X, y, cv=5))
    >>> display.residuals.shape, display.ax_.get_xlabel()
    ((442,), 'predicted')
    >>> plt.close(display.figure_)
    """
    y_true = _real(y_true, "y_true").ravel()
    y_pred = _real(y_pred, "y_pred").ravel()
    if y_true.shape != y_pred.shape or y_true.size == 0:
        raise ValueError(
            "y_true and y_pred must be non-empty and of the same length; got "
            f"{y_true.size} and {y_pred.size} values"
        )
    with np.errstate(over="ignore"):
        residuals = y_true - y_pred
    if not np.isfinite(residuals).all():
        raise ValueError(
            "y_true - y_pred overflows float64 (beyond 1.8e308); scale y_true "
            "and y_pred"
        )
    fig, ax = _axes(ax)
    points = ax.scatter(y_pred, residuals, s=12, alpha=0.6)
    ax.axhline(0.0, color="black", linewidth=0.8)
    ax.set_xlabel("predicted")
    ax.set_ylabel("residual (true - predicted)")
    top = np.abs(residuals).max()  # scaled first: the squares may overflow
    rmse = float(top * np.sqrt(np.mean((residuals / top) ** 2))) if top else 0.0
    ax.set_title(f"residuals (RMSE {rmse:.4g})")
    return ResidualsDisplay(figure_=fig, ax_=ax, points_=points, residuals=residuals)


@dataclass
class BiasVarianceDisplay:
    """Train and dev error per model; built by :func:`plot_bias_variance`.

    Attributes
    ----------
    figure_ : matplotlib Figure
    ax_ : matplotlib Axes
    bars_ : list of matplotlib BarContainer
        The train and the dev error bars.
    diagnoses : dict of str to BiasVarianceDiagnosis
        The plotted diagnoses.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from skreg import diagnose_bias_variance
    >>> from skreg.plotting import plot_bias_variance
    >>> display = plot_bias_variance({"tree": diagnose_bias_variance(0.0, 0.1)})
    >>> [bars.get_label() for bars in display.bars_]
    ['train error', 'dev error']
    >>> plt.close(display.figure_)
    """

    figure_: object
    ax_: object
    bars_: list
    diagnoses: dict


def plot_bias_variance(diagnoses, *, ax=None):
    """Bars of train and dev error per model, labelled with the verdict.

    The gap between the train bar and human-level error (dotted line, when not
    zero) is the avoidable bias; the gap between the two bars is the variance
    (seed 001's "basic recipe").

    Parameters
    ----------
    diagnoses : dict of str to BiasVarianceDiagnosis
        From :func:`skreg.diagnose_bias_variance` or
        :func:`skreg.bias_variance_report`, labelled by model.
    ax : matplotlib Axes, default=None
        Axes to draw on; a new figure is created when None.

    Returns
    -------
    display : BiasVarianceDisplay

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from skreg import diagnose_bias_variance
    >>> from skreg.plotting import plot_bias_variance
    >>> display = plot_bias_variance({
    ...     "small": diagnose_bias_variance(0.15, 0.16),
    ...     "large": diagnose_bias_variance(0.01, 0.11),
    ... })
    >>> [t.get_text() for t in display.ax_.get_xticklabels()]
    ['small\\nhigh bias', 'large\\nhigh variance']
    >>> plt.close(display.figure_)
    """
    if not isinstance(diagnoses, dict) or not diagnoses:
        got = (
            "an empty dict" if isinstance(diagnoses, dict) else type(diagnoses).__name__
        )
        raise TypeError(
            "diagnoses must be a non-empty dict of label to BiasVarianceDiagnosis; "
            f"got {got}"
        )
    for name, diagnosis in diagnoses.items():
        if not isinstance(diagnosis, BiasVarianceDiagnosis):
            raise TypeError(
                f"diagnoses[{name!r}] must be a BiasVarianceDiagnosis (from "
                "diagnose_bias_variance or bias_variance_report); got "
                f"{type(diagnosis).__name__}"
            )
    items = list(diagnoses.values())
    fig, ax = _axes(ax, figsize=(max(6.4, 2.0 * len(items)), 4.8))
    x = np.arange(len(items))
    bars = [
        ax.bar(x + shift, [getattr(d, attr) for d in items], 0.38, label=label)
        for shift, attr, label in (
            (-0.2, "train_error", "train error"),
            (0.2, "dev_error", "dev error"),
        )
    ]
    human = max(d.human_error for d in items)
    if human > 0:
        ax.axhline(human, color="black", linestyle=":", label="human-level error")
    labels = [f"{name}\n{d.verdict}" for name, d in diagnoses.items()]
    ax.set_xticks(x, labels)
    ax.set_ylabel(items[0].error_name)
    ax.set_title("bias vs variance")
    ax.legend(fontsize="small")
    fig.tight_layout()
    return BiasVarianceDisplay(figure_=fig, ax_=ax, bars_=bars, diagnoses=diagnoses)


@dataclass
class FeatureRangesDisplay:
    """Box plots of each column per table; built by :func:`plot_feature_ranges`.

    Attributes
    ----------
    figure_ : matplotlib Figure
    axes_ : ndarray of matplotlib Axes
        One panel per table.
    frames : dict of str to pandas.DataFrame
        The plotted tables.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import pandas as pd
    >>> from skreg.plotting import plot_feature_ranges
    >>> raw = pd.DataFrame({"money": [1e3, 5e7, 1e8], "hours": [0.0, 12.0, 24.0]})
    >>> display = plot_feature_ranges({"raw": raw, "min-max": raw / raw.max()})
    >>> [ax.get_title() for ax in display.axes_]
    ['raw', 'min-max']
    >>> plt.close(display.figure_)
    """

    figure_: object
    axes_: np.ndarray
    frames: dict


def plot_feature_ranges(frames):
    """One panel per table, one box per column: ranges before and after scaling.

    Seed 000's motivation for normalization: with money in 1e3..1e8 next to hours
    in 0..24, the hours are invisible on the raw scale (and in any distance);
    after z-score or min-max scaling every column spans a comparable range.

    Parameters
    ----------
    frames : dict of str to pandas.DataFrame
        Numeric tables, e.g. ``{"raw": X, "z-score": ZScoreScaler()...}``.

    Returns
    -------
    display : FeatureRangesDisplay

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from sklearn.datasets import load_wine
    >>> from skreg import ZScoreScaler
    >>> from skreg.plotting import plot_feature_ranges
    >>> X = load_wine(as_frame=True).data[["proline", "hue"]]
    >>> Z = ZScoreScaler().set_output(transform="pandas").fit_transform(X)
    >>> display = plot_feature_ranges({"raw": X, "z-score": Z})
    >>> display.axes_.shape
    (2,)
    >>> plt.close(display.figure_)
    """
    if not isinstance(frames, dict) or not frames:
        got = "an empty dict" if isinstance(frames, dict) else type(frames).__name__
        raise TypeError(
            f"frames must be a non-empty dict of title to DataFrame; got {got}"
        )
    values = {}
    for title, frame in frames.items():
        name = f"frames[{title!r}]"
        if not isinstance(frame, pd.DataFrame):
            raise TypeError(f"{name} must be a DataFrame; got {type(frame).__name__}")
        _not_empty(frame, name, "at least one row and one column")
        check_numbers(frame, name, hint="")
        values[title] = _real(frame, name, allow_nan=True)  # NaN: missing
    fig, axes = _pyplot().subplots(
        1, len(frames), figsize=(3.8 * len(frames), 3.6), squeeze=False
    )
    for ax, (title, frame) in zip(axes[0], frames.items(), strict=True):
        columns = values[title].T
        ax.boxplot([c[~np.isnan(c)] for c in columns])
        ticks = np.arange(1, frame.shape[1] + 1)
        ax.set_xticks(ticks, [str(c) for c in frame.columns], rotation=30, ha="right")
        ax.set_title(str(title))
    fig.tight_layout()
    return FeatureRangesDisplay(figure_=fig, axes_=axes[0], frames=frames)
