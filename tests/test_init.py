"""The top-level API: ``__all__`` is exact, ``dir()`` shows it and nothing else, every name
resolves, and importing the package stays cheap."""

from __future__ import annotations

import inspect
import subprocess
import sys
import types

import kaili_analysis as ka
from kaili_analysis import render


def test_dir_is_exactly_the_public_api() -> None:
    assert dir(ka) == sorted(ka.__all__)
    assert len(set(ka.__all__)) == len(ka.__all__)
    assert not {"Any", "annotations", "importlib"} & set(dir(ka))
    assert dir(render) == sorted(render.__all__)


def test_every_public_name_resolves_and_is_documented() -> None:
    for name in ka.__all__:
        value = getattr(ka, name)
        if callable(value) and not isinstance(value, type):
            assert inspect.getdoc(value), name
        assert isinstance(value, types.ModuleType | type | str) or callable(value), name
    for name in render.__all__:
        getattr(render, name)


def test_one_data_version() -> None:
    from kaili_analysis.data import loaders, version

    assert ka.data_version is version.data_version is loaders.data_version
    assert ka.load_indicators().attrs["data_version"] == ka.data_version()


def test_importing_the_package_loads_nothing_heavy() -> None:
    code = ("import sys, kaili_analysis\n"
            "print(sorted(m for m in ('pandas', 'papermill', 'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
