"""skreg: regularization as a first-class, grid-searchable tool for scikit-learn.

The public API is re-exported here; everything else is private.
"""

from skreg.preprocessing import MinMaxScaler, ZScoreScaler

__version__ = "0.1.0"

__all__ = [
    "MinMaxScaler",
    "ZScoreScaler",
    "__version__",
]
