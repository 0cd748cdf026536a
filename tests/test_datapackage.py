"""data/datapackage.json as other tools read it: ``frictionless validate`` (the pinned CLI).

The package is validated as it stands, whatever resources it holds: every resource must be
checked (none skipped) and valid, tables against their schemas and the article against its hash.
Broken copies prove that the command does look.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from _frictionless import frictionless_validate as _validate

from kaili_analysis import config

#: The raw article's file name (the article resource of data/datapackage.json).
ARTICLE_FILE = "000_25d5770c5c2caf2a.txt"


def _problems(report: dict) -> list[str]:
    found = [f"package: {e['message']}" for e in report["errors"]]
    for task in report["tasks"]:
        found += [f"{task['name']}: {e['message']}" for e in task["errors"]]
    return found


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(config.DEFAULT_DATA_DIR, tmp_path / "data"))


def test_the_shipped_data_package_validates() -> None:
    descriptor = config.DEFAULT_DATA_DIR / config.DATAPACKAGE_FILE
    code, report = _validate(descriptor)
    assert code == 0 and report["valid"], "\n".join(_problems(report))
    names = [r["name"] for r in json.loads(descriptor.read_text("utf-8"))["resources"]]
    checked = [task["name"] for task in report["tasks"]]
    assert checked == names  # every resource of the package, none left out
    assert all(task["valid"] for task in report["tasks"])
    assert {task["name"]: task["type"] for task in report["tasks"]}["article"] == "text"


def test_a_changed_article_fails_its_hash(data_copy: Path) -> None:
    article = data_copy / "raw" / ARTICLE_FILE
    article.write_bytes(article.read_bytes() + "。".encode())
    code, report = _validate(data_copy / config.DATAPACKAGE_FILE)
    assert code == 1 and not report["valid"]
    (task,) = [t for t in report["tasks"] if not t["valid"]]
    assert task["name"] == "article"
    assert any(e["type"] == "hash-count" for e in task["errors"]), _problems(report)


def test_a_cell_of_the_wrong_type_fails_its_table(data_copy: Path) -> None:
    path = data_copy / "indicators.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    rows[2]["value"] = "many"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    code, report = _validate(data_copy / config.DATAPACKAGE_FILE)
    assert code == 1 and not report["valid"]
    bad = {t["name"]: t for t in report["tasks"] if not t["valid"]}
    assert list(bad) == ["indicators"]
    (error,) = bad["indicators"]["errors"]
    assert (error["type"], error["fieldName"], error["rowNumber"]) == ("type-error", "value", 4)
