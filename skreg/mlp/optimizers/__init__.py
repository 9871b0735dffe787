"""Optimizers; one module each, registered here by their ``solver`` name."""

from skreg.mlp._config import Registry
from skreg.mlp.optimizers.adam import Adam
from skreg.mlp.optimizers.adamw import AdamW
from skreg.mlp.optimizers.base import Optimizer
from skreg.mlp.optimizers.lion import Lion
from skreg.mlp.optimizers.nadam import Nadam
from skreg.mlp.optimizers.rmsprop import RMSprop
from skreg.mlp.optimizers.sgd import SGD

OPTIMIZERS = Registry(
    "optimizer",
    {
        "sgd": SGD,
        "adam": Adam,
        "rmsprop": RMSprop,
        "nadam": Nadam,
        "adamw": AdamW,
        "lion": Lion,
    },
)

__all__ = [
    "OPTIMIZERS",
    "SGD",
    "Adam",
    "AdamW",
    "Lion",
    "Nadam",
    "Optimizer",
    "RMSprop",
]
