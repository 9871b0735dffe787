"""Components that describe themselves, and the registries that rebuild them.

Every layer, optimizer, schedule, regularizer and loss is :class:`Configurable`:
its constructor arguments are its config (Keras' ``get_config`` / ``from_config``),
stored under attributes of the same names. A :class:`Registry` maps the short names
users type (``solver="adam"``) to classes and turns a component into plain JSON
(``{"name": "adam", "config": {...}}``) and back, so a network, its optimizer and its
schedule can be written to a file and rebuilt without pickle.
"""

import inspect
from collections.abc import Mapping


class Configurable:
    """Mixin: ``get_config()`` returns the constructor arguments as a dict."""

    def get_config(self):
        """Return the constructor arguments (JSON-compatible values)."""
        params = inspect.signature(type(self).__init__).parameters
        return {
            name: getattr(self, name)
            for name, p in params.items()
            if name != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        }

    @classmethod
    def from_config(cls, config):
        """Rebuild an instance from :meth:`get_config`'s output."""
        return cls(**config)

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"


class Registry(Mapping):
    """Name -> class for one kind of component (``"optimizer"``, ``"layer"``...)."""

    def __init__(self, kind, entries):
        self.kind = kind
        self._entries = dict(entries)

    def __getitem__(self, name):
        return self._entries[name]

    def __iter__(self):
        return iter(self._entries)

    def __len__(self):
        return len(self._entries)

    def name_of(self, obj):
        """The registered name of ``obj``'s exact class."""
        for name, cls in self._entries.items():
            if type(obj) is cls:
                return name
        raise ValueError(
            f"{type(obj).__name__} is not a registered {self.kind}; registered: "
            f"{sorted(self._entries)}"
        )

    def get(self, identifier, **config):
        """An instance from a name (and ``config``), a serialized dict or itself."""
        if isinstance(identifier, Mapping):
            return self.deserialize(identifier)
        if isinstance(identifier, str):
            if identifier not in self._entries:
                raise ValueError(
                    f"unknown {self.kind} {identifier!r}; expected one of "
                    f"{sorted(self._entries)}"
                )
            return self._entries[identifier](**config)
        return identifier

    def serialize(self, obj):
        """``{"name": ..., "config": ...}`` for a registered component."""
        return {"name": self.name_of(obj), "config": obj.get_config()}

    def deserialize(self, spec):
        """Rebuild a component from :meth:`serialize`'s output."""
        if not isinstance(spec, Mapping) or set(spec) != {"name", "config"}:
            raise ValueError(
                f"a serialized {self.kind} is a dict with keys 'name' and 'config'; "
                f"got {spec!r}"
            )
        name = spec["name"]
        if not isinstance(name, str) or name not in self._entries:
            raise ValueError(
                f"unknown {self.kind} {name!r}; expected one of {sorted(self._entries)}"
            )
        if not isinstance(spec["config"], Mapping):
            raise ValueError(f"the config of {self.kind} {name!r} must be a dict")
        return self._entries[name].from_config(dict(spec["config"]))
