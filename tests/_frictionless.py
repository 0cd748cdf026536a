"""``frictionless validate`` (the pinned CLI of this environment), shared by the data-package
and export tests."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

FRICTIONLESS = Path(sys.executable).parent / "frictionless"


def frictionless_validate(descriptor: Path) -> tuple[int, dict]:
    """Run ``frictionless validate --json DESCRIPTOR``; return its exit code and report."""
    if not FRICTIONLESS.exists():
        pytest.fail(f"{FRICTIONLESS} is missing: frictionless is a pinned dev dependency, "
                    "run make setup", pytrace=False)
    proc = subprocess.run([str(FRICTIONLESS), "validate", "--json", str(descriptor)],
                          capture_output=True, text=True, timeout=180)
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"frictionless printed no JSON report (exit {proc.returncode}): "
                    f"{proc.stderr.strip()[-500:]}")
    return proc.returncode, report
