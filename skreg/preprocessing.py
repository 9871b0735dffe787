"""Numerically robust drop-ins for scikit-learn's StandardScaler and MinMaxScaler."""

from sklearn.preprocessing import MinMaxScaler, StandardScaler as ZScoreScaler  # noqa: F401  placeholder, replaced in this issue
