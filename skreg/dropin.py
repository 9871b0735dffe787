"""skreg's estimators under scikit-learn's class names, for a one-line swap.

``from skreg.dropin import StandardScaler`` in place of
``from sklearn.preprocessing import StandardScaler`` keeps everything that is derived
from the class name exactly as scikit-learn makes it: the step names of
:func:`~sklearn.pipeline.make_pipeline`, the ``step__param`` routes of
``set_params`` and grid searches, and reprs. Each class is a plain subclass of the
skreg estimator, with its parameters, defaults and behaviour.
"""

from skreg.mlp import RegularizedMLPClassifier, RegularizedMLPRegressor
from skreg.preprocessing import MinMaxScaler as _MinMaxScaler
from skreg.preprocessing import ZScoreScaler

__all__ = ["MLPClassifier", "MLPRegressor", "MinMaxScaler", "StandardScaler"]


class StandardScaler(ZScoreScaler):
    """:class:`skreg.ZScoreScaler` under scikit-learn's name ``StandardScaler``.

    See :class:`skreg.ZScoreScaler` for the parameters and attributes.

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.pipeline import make_pipeline
    >>> from skreg.dropin import StandardScaler
    >>> pipe = make_pipeline(StandardScaler(with_mean=False), LogisticRegression())
    >>> [name for name, _ in pipe.steps]
    ['standardscaler', 'logisticregression']
    >>> pipe.set_params(standardscaler__with_std=False)[0]
    StandardScaler(with_mean=False, with_std=False)
    """


class MinMaxScaler(_MinMaxScaler):
    """:class:`skreg.MinMaxScaler` under scikit-learn's name ``MinMaxScaler``.

    See :class:`skreg.MinMaxScaler` for the parameters and attributes.

    Examples
    --------
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.svm import SVC
    >>> from skreg.dropin import MinMaxScaler
    >>> pipe = make_pipeline(MinMaxScaler(feature_range=(-1, 1)), SVC())
    >>> pipe.steps[0]
    ('minmaxscaler', MinMaxScaler(feature_range=(-1, 1)))
    >>> pipe[0].fit_transform([[1.0], [3.0]])
    array([[-1.],
           [ 1.]])
    """


class MLPClassifier(RegularizedMLPClassifier):
    """:class:`skreg.RegularizedMLPClassifier` under scikit-learn's name.

    See :class:`skreg.RegularizedMLPClassifier` for the parameters and attributes.

    Examples
    --------
    >>> from sklearn.pipeline import make_pipeline
    >>> from skreg.dropin import MLPClassifier, StandardScaler
    >>> pipe = make_pipeline(StandardScaler(), MLPClassifier())
    >>> [name for name, _ in pipe.steps]
    ['standardscaler', 'mlpclassifier']
    >>> pipe.set_params(mlpclassifier__alpha=1e-3)[-1]
    MLPClassifier(alpha=0.001)
    """


class MLPRegressor(RegularizedMLPRegressor):
    """:class:`skreg.RegularizedMLPRegressor` under scikit-learn's name.

    See :class:`skreg.RegularizedMLPRegressor` for the parameters and attributes.

    Examples
    --------
    >>> from sklearn.pipeline import make_pipeline
    >>> from skreg.dropin import MinMaxScaler, MLPRegressor
    >>> pipe = make_pipeline(MinMaxScaler(), MLPRegressor(hidden_layer_sizes=(8,)))
    >>> pipe.named_steps["mlpregressor"]
    MLPRegressor(hidden_layer_sizes=(8,))
    """
