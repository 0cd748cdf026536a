"""The data version string, computed from the files alone."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import kaili_analysis as ka
from kaili_analysis import config
from kaili_analysis.data import version as dataversion
from kaili_analysis.data.schema import read_datapackage, table_names
from kaili_analysis.errors import DataValidationError

TABLES = tuple(table_names(read_datapackage(config.DEFAULT_DATA_DIR / config.DATAPACKAGE_FILE)))


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(config.DEFAULT_DATA_DIR, tmp_path / "data"))


def test_same_string_as_the_validating_loader(data_copy: Path) -> None:
    assert dataversion.data_version() == ka.data_version()
    assert dataversion.data_version(data_copy) == ka.data_version(data_copy)
    assert dataversion.data_version().startswith(f"{ka.__version__}+")


def test_any_table_edit_changes_it(data_copy: Path) -> None:
    before = dataversion.data_version(data_copy)
    for name in TABLES:
        path = data_copy / f"{name}.csv"
        original = path.read_bytes()
        path.write_bytes(original + b"\n")
        assert dataversion.data_version(data_copy) != before, name
        path.write_bytes(original)
    assert dataversion.data_version(data_copy) == before


def test_unreadable_data_is_named(data_copy: Path) -> None:
    descriptor = data_copy / config.DATAPACKAGE_FILE
    (data_copy / "sections.csv").unlink()
    with pytest.raises(DataValidationError, match="cannot read a data file"):
        dataversion.data_version(data_copy)
    descriptor.write_text("[]", "utf-8")
    with pytest.raises(DataValidationError, match="a JSON object with a 'resources' list") as info:
        dataversion.data_version(data_copy)
    assert info.value.path == descriptor
    descriptor.write_text(json.dumps({"resources": [{"name": "sections"}]}), "utf-8")
    with pytest.raises(DataValidationError, match="resource 'sections' has no 'path'"):
        dataversion.data_version(data_copy)
    descriptor.unlink()
    with pytest.raises(DataValidationError, match="descriptor is missing"):
        dataversion.data_version(data_copy)


def test_it_imports_no_pandas() -> None:
    code = ("import sys; from kaili_analysis.data.version import data_version; data_version(); "
            "print('pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"
