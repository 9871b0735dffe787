"""``import skreg`` exposes exactly the documented public API."""

import re

import skreg


def test_all_names_import_and_are_documented():
    assert "__version__" in skreg.__all__
    for name in skreg.__all__:
        obj = getattr(skreg, name)
        if name != "__version__":
            assert obj.__doc__ and "Examples" in obj.__doc__, name


def test_version_is_pep440():
    assert re.fullmatch(r"\d+\.\d+\.\d+(\.dev\d+|rc\d+)?", skreg.__version__)
