"""Executing a report notebook (kaili_analysis.render.execute): a cell that runs past
``--timeout`` is a failing cell - exit 1, one line, the executed notebook in ``_failed/``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HOSTILE_NOTEBOOKS = Path(__file__).parent / "fixtures" / "hostile_notebooks"


@pytest.mark.slow
def test_a_cell_past_the_timeout_fails_the_report_in_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "KAILI_TEST_SLEEP_1": "60"}
    proc = subprocess.run([sys.executable, "-m", "kaili_analysis", "render", "slow",
                           "--lang", "en", "--format", "html", "--timeout", "1.5",
                           "--notebooks-dir", str(HOSTILE_NOTEBOOKS),
                           "--output-dir", str(tmp_path)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert "failed in cell 2: CellTimeoutError" in proc.stderr
    assert "time limit of 2 s" in proc.stderr  # 1.5 rounded up to whole seconds
    kept = tmp_path / "_failed" / "slow__lang-en.ipynb"
    assert str(kept) in proc.stderr
    nb = json.loads(kept.read_text("utf-8"))
    errors = [o for c in nb["cells"] for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert [e["ename"] for e in errors] == ["CellTimeoutError"]
    assert not list(tmp_path.glob("*.html")) and not list(tmp_path.rglob(".*"))
