"""skreg's estimators under scikit-learn's class names, for code that depends on them.

``make_pipeline`` names its steps after the class (``standardscaler``,
``mlpclassifier``), ``set_params`` routes parameters through those names
(``mlpclassifier__alpha``) and reprs print them. Swapping
``from sklearn.neural_network import MLPClassifier`` for
``from skreg.dropin import MLPClassifier`` keeps all of that as it was, and gives
skreg's exact scalers and regularized MLPs.

Examples
--------
>>> from sklearn.pipeline import make_pipeline
>>> from skreg.dropin import MLPClassifier, StandardScaler
>>> pipe = make_pipeline(StandardScaler(), MLPClassifier(dropout=0.2))
>>> list(pipe.named_steps)
['standardscaler', 'mlpclassifier']
>>> pipe.set_params(mlpclassifier__alpha=1e-3).steps[1][1]
MLPClassifier(alpha=0.001, dropout=0.2)
"""

from skreg.mlp import RegularizedMLPClassifier, RegularizedMLPRegressor
from skreg.preprocessing import MinMaxScaler as _MinMaxScaler
from skreg.preprocessing import ZScoreScaler

__all__ = ["MLPClassifier", "MLPRegressor", "MinMaxScaler", "StandardScaler"]


class StandardScaler(ZScoreScaler):
    """:class:`skreg.ZScoreScaler` under scikit-learn's name.

    Examples
    --------
    >>> from skreg.dropin import StandardScaler
    >>> StandardScaler().fit_transform([[1.0], [3.0]]).ravel()
    array([-1.,  1.])
    """


class MinMaxScaler(_MinMaxScaler):
    """:class:`skreg.MinMaxScaler` under scikit-learn's module path.

    Examples
    --------
    >>> from skreg.dropin import MinMaxScaler
    >>> MinMaxScaler().fit_transform([[1.0], [3.0]]).ravel()
    array([0., 1.])
    """


class MLPClassifier(RegularizedMLPClassifier):
    """:class:`skreg.RegularizedMLPClassifier` under scikit-learn's name.

    Examples
    --------
    >>> from skreg.dropin import MLPClassifier
    >>> MLPClassifier(hidden_layer_sizes=(8,), dropout=0.1)
    MLPClassifier(dropout=0.1, hidden_layer_sizes=(8,))
    """


class MLPRegressor(RegularizedMLPRegressor):
    """:class:`skreg.RegularizedMLPRegressor` under scikit-learn's name.

    Examples
    --------
    >>> from skreg.dropin import MLPRegressor
    >>> MLPRegressor(hidden_layer_sizes=(8,), l1=1e-4)
    MLPRegressor(hidden_layer_sizes=(8,), l1=0.0001)
    """
