"""Network layers; each lives in its own module and is registered here."""

from skreg.mlp._config import Registry
from skreg.mlp.layers.activations import ACTIVATIONS, Activation
from skreg.mlp.layers.activity import ActivityRegularization
from skreg.mlp.layers.base import Context, Layer
from skreg.mlp.layers.batch_norm import BatchNorm
from skreg.mlp.layers.dense import Dense
from skreg.mlp.layers.dropout import AlphaDropout, Dropout
from skreg.mlp.layers.layer_norm import LayerNorm
from skreg.mlp.layers.noise import GaussianNoise

LAYERS = Registry(
    "layer",
    {
        "dense": Dense,
        "activation": Activation,
        "dropout": Dropout,
        "alpha_dropout": AlphaDropout,
        "batch_norm": BatchNorm,
        "gaussian_noise": GaussianNoise,
        "activity_regularization": ActivityRegularization,
        "layer_norm": LayerNorm,
    },
)

__all__ = [
    "ACTIVATIONS",
    "LAYERS",
    "Activation",
    "ActivityRegularization",
    "AlphaDropout",
    "BatchNorm",
    "Context",
    "Dense",
    "Dropout",
    "GaussianNoise",
    "Layer",
    "LayerNorm",
]
