"""Plots for the Lasso vs Ridge toolkit (needs the optional ``plot`` extra).

matplotlib is imported inside the functions only, so ``import skreg`` works
without it. Each function draws on ``ax`` (or a new figure) and returns a small
display object holding ``figure_``, ``ax_`` and the drawn artists, in the style
of scikit-learn's ``*Display`` classes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.model_selection import validation_curve

__all__ = [
    "AlphaCurveDisplay",
    "CoefficientDisplay",
    "RegularizationPathDisplay",
    "plot_coefficients",
    "plot_regularization_path",
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


def _axes(ax):
    if ax is None:
        fig, ax = _pyplot().subplots()
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
    fig, ax = _axes(ax)
    n_features, n_models = table.shape
    x = np.arange(n_features)
    width = 0.8 / max(n_models, 1)
    bars = [
        ax.bar(
            x + (i - (n_models - 1) / 2) * width,
            table[col].to_numpy(),
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
        feature).
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
    fig, ax = _axes(ax)
    alphas = path.index.to_numpy(dtype=float)
    lines = [ax.plot(alphas, path[c].to_numpy(), label=str(c))[0] for c in path]
    ax.set_xscale("log")
    ax.set_xlabel("alpha")
    ax.set_ylabel("coefficient")
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
    alphas = np.asarray(alphas, dtype=float)
    if alphas.ndim != 1 or alphas.size == 0 or np.any(~(alphas > 0)):
        raise ValueError(
            "alphas must be a non-empty 1-D sequence of positive numbers; "
            f"got alphas={alphas!r}"
        )
    train, dev = validation_curve(
        estimator,
        X,
        y,
        param_name=param_name,
        param_range=alphas,
        cv=cv,
        scoring=scoring,
    )
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
