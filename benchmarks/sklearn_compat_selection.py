"""The test selection of sklearn_compat.py, copied in as the tests' conftest.py.

``SKLEARN_COMPAT_NAMES`` lists the rebound classes (comma-separated); when it is
empty every test runs. Otherwise a test (one parametrization of it) is kept when
its body, or a module-level function it calls (transitively), names one of those
classes, or when one of its parameters is, or contains, such a class or an
instance of it.
"""

import functools
import os
import types

NAMES = {name for name in os.environ.get("SKLEARN_COMPAT_NAMES", "").split(",") if name}


def _names_in(code):
    """Global names used by ``code`` and the functions nested in it."""
    found = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            found |= _names_in(const)
    return found


def _reaching(module):
    """NAMES and the module-level functions that reach them, transitively."""
    functions = {
        name: _names_in(obj.__code__)
        for name, obj in vars(module).items()
        if isinstance(obj, types.FunctionType) and obj.__module__ == module.__name__
    }
    reach = set(NAMES)
    while True:
        more = {name for name, used in functions.items() if used & reach} - reach
        if not more:
            return reach
        reach |= more


def _holds(value, classes, depth=0):
    """Whether a parameter value is, or contains, one of ``classes`` or an instance."""
    if isinstance(value, functools.partial):
        value = value.func
    if isinstance(value, type):
        return issubclass(value, classes)
    if isinstance(value, classes):
        return True
    if depth < 3 and isinstance(value, (list, tuple, set)):
        return any(_holds(v, classes, depth + 1) for v in value)
    if depth < 3 and isinstance(value, dict):
        return any(_holds(v, classes, depth + 1) for v in value.values())
    return False


def _selected(item):
    module = item.module
    classes = tuple(getattr(module, name) for name in NAMES)
    code = getattr(item.function, "__code__", None)
    if code is not None and _names_in(code) & _reaching(module):
        return True
    params = getattr(getattr(item, "callspec", None), "params", {})
    return any(_holds(value, classes) for value in params.values())


def pytest_collection_modifyitems(config, items):
    if not NAMES:
        return
    keep, drop = [], []
    for item in items:
        (keep if _selected(item) else drop).append(item)
    config.hook.pytest_deselected(items=drop)
    items[:] = keep
