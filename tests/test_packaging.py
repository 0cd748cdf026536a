"""The package as a user installs it: sdist and wheel built from this checkout, the wheel
installed into a fresh environment, and the library and the ``kaili`` command used in a
directory far from any checkout.

Built once per session (module fixtures): ``python -m build`` (the sdist, then the wheel from
the sdist, as pip does), a virtual environment without pip, and ``pip --python VENV install
-c requirements-lock.txt WHEEL``: the wheel's declared dependencies resolved from the package
index at the pinned versions, and nothing else. ``--no-compile`` skips byte-compiling the
~700 MB of dependencies (40 s here); the commands then compile and cache what they import, as
Python does for any user whose environment does not set ``PYTHONDONTWRITEBYTECODE``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

import kaili_analysis as ka
from kaili_analysis import config

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
#: Left out of the copy that is built: environments, outputs, caches, git.
_NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", ".lock-venv", "reports", "build", "dist",
                                     "*.egg-info", "__pycache__", ".pytest_cache", ".ruff_cache",
                                     ".hypothesis", ".ipynb_checkpoints")
_JUNK = {"__pycache__", ".ipynb_checkpoints"}


def _run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kwargs)
    if proc.returncode != 0:
        pytest.fail(f"{' '.join(map(str, cmd))} exited {proc.returncode}:\n"
                    f"{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}", pytrace=False)
    return proc


def _shipped_in_checkout() -> dict[str, bytes]:
    """The checkout's data/ (every file) and notebooks/*.ipynb, by path relative to it."""
    files = {}
    for path in sorted((REPO / "data").rglob("*")):
        rel = path.relative_to(REPO)
        if path.is_file() and not _JUNK.intersection(rel.parts):
            files[rel.as_posix()] = path.read_bytes()
    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        files[path.relative_to(REPO).as_posix()] = path.read_bytes()
    return files


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sdist and the wheel, built from a copy of this checkout."""
    root = tmp_path_factory.mktemp("build")
    source = Path(shutil.copytree(REPO, root / "source", ignore=_NOT_SOURCE))
    out = root / "dist"
    _run([sys.executable, "-m", "build", "--outdir", str(out), str(source)])
    (sdist,) = out.glob("kaili_analysis-*.tar.gz")
    (wheel,) = out.glob("kaili_analysis-*.whl")
    return {"sdist": sdist, "wheel": wheel}


@dataclass
class Installed:
    """A fresh environment with the wheel installed, and a working directory far away."""

    venv: Path
    site: Path
    env: dict[str, str]

    def run(self, program: str, *args: str, cwd: Path,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        """Run ``program`` of the environment's bin/ in ``cwd``."""
        return _run([str(self.venv / "bin" / program), *args], cwd=cwd, env=env or self.env)

    def kaili(self, *args: str, cwd: Path, env: dict[str, str] | None = None
              ) -> subprocess.CompletedProcess:
        return self.run("kaili", *args, cwd=cwd, env=env)


@pytest.fixture(scope="module")
def installed(dists: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Installed:
    venv = tmp_path_factory.mktemp("env") / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
          "--no-compile", "--constraint", str(REPO / "requirements-lock.txt"),
          str(dists["wheel"])])
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]
                     ).stdout.strip())
    drop = {"PYTHONPATH", "PYTHONHOME", "PYTHONDONTWRITEBYTECODE", "VIRTUAL_ENV",
            config.DATA_DIR_ENV, "KAILI_NOTEBOOKS_DIR"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"  # as if activated
    return Installed(venv, site, env)


@pytest.fixture
def far(tmp_path: Path) -> Path:
    """A working directory with no checkout in it or above it."""
    work = tmp_path / "somewhere" / "else"
    work.mkdir(parents=True)
    assert not work.is_relative_to(REPO) and not REPO.is_relative_to(work)
    assert not any((p / "pyproject.toml").exists() for p in [work, *work.parents])
    return work


def test_the_checkout_keeps_one_copy_of_data_and_notebooks() -> None:
    assert not (REPO / "kaili_analysis" / "_bundle").exists()
    assert config.DEFAULT_DATA_DIR == REPO / "data"
    assert config.NOTEBOOKS_DIR == REPO / "notebooks"


def test_the_sdist_carries_data_and_notebooks(dists: dict[str, Path]) -> None:
    expected = _shipped_in_checkout()
    with tarfile.open(dists["sdist"]) as tar:
        top = tar.getnames()[0].split("/")[0]
        members = {m.name.removeprefix(f"{top}/"): m for m in tar.getmembers() if m.isfile()}
        shipped = {name: tar.extractfile(m).read() for name, m in members.items()
                   if name.startswith(("data/", "notebooks/"))}
    assert shipped == expected
    assert {"pyproject.toml", "setup.py", "MANIFEST.in", "README.md"} <= set(members)


def test_the_wheel_carries_data_and_notebooks_inside_the_package(dists: dict[str, Path]) -> None:
    expected = {f"kaili_analysis/_bundle/{name}": data
                for name, data in _shipped_in_checkout().items()}
    with zipfile.ZipFile(dists["wheel"]) as whl:
        names = whl.namelist()
        shipped = {n: whl.read(n) for n in names if n.startswith("kaili_analysis/_bundle/")}
    assert shipped == expected
    # the files beside the modules that the package reads at run time
    assert {"kaili_analysis/render/templates/kaili/conf.json",
            "kaili_analysis/analysis/audit/claims.schema.json",
            "kaili_analysis/show/scripts/whatif.js"} <= set(names)
    assert not [n for n in names if n.startswith(("data/", "notebooks/", "tests/"))]


def test_the_library_reads_the_data_shipped_in_the_wheel(installed: Installed, far: Path) -> None:
    code = ("import json, kaili_analysis as ka; from kaili_analysis import config; "
            "ind = ka.load_indicators(); print(json.dumps({'module': ka.__file__, "
            "'data': str(config.DEFAULT_DATA_DIR), 'notebooks': str(config.NOTEBOOKS_DIR), "
            "'ids': list(ind['id']), 'goals': len(ka.targets_table())}))")
    seen = json.loads(installed.run("python", "-c", code, cwd=far).stdout)
    package = installed.site / "kaili_analysis"
    assert Path(seen["module"]).parent == package
    assert Path(seen["data"]) == package / "_bundle" / "data"
    assert Path(seen["notebooks"]) == package / "_bundle" / "notebooks"
    assert seen["ids"] == list(ka.load_indicators()["id"])
    assert seen["goals"] == len(ka.targets_table())


def test_kaili_list_finds_the_shipped_reports(installed: Installed, far: Path) -> None:
    listed = json.loads(installed.kaili("list", "--json", cwd=far).stdout)
    text = json.dumps(listed)
    for notebook in sorted((REPO / "notebooks").glob("*.ipynb")):
        assert f'"{notebook.stem}"' in text
    help_text = installed.kaili("render", "--help", cwd=far).stdout
    assert "(default: reports)" in " ".join(help_text.split())
    assert list(far.iterdir()) == []  # listing writes nothing


@pytest.mark.browser
def test_kaili_render_writes_html_and_pdf_into_reports_here(installed: Installed, far: Path,
                                                             chromium_path: str) -> None:
    env = {**installed.env, config.CHROMIUM_ENV: chromium_path}
    proc = installed.kaili("render", "overview", "--lang", "en", cwd=far, env=env)
    html, pdf = (far / "reports" / f"overview__lang-en.{ext}" for ext in ("html", "pdf"))
    assert sorted(p.name for p in (far / "reports").iterdir()) == [
        ".kaili", html.name, pdf.name]  # .kaili: how each output was made (up-to-date check)
    assert html.name in proc.stdout and pdf.name in proc.stdout
    page = html.read_text("utf-8")
    assert '<html lang="en">' in page and "data:image/svg+xml;base64," in page
    assert page.count("<table") >= 2
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_kaili_batch_and_data_export_write_into_reports_here(installed: Installed,
                                                            far: Path) -> None:
    (far / "set.toml").write_text('[[report]]\nnotebook = "claims_audit"\n'
                                  'parameters = { lang = "en" }\n', encoding="utf-8")
    installed.kaili("batch", "--config", "set.toml", "--format", "html", "--no-progress",
                    cwd=far)
    assert sorted(p.name for p in (far / "reports").iterdir()) == [
        ".kaili", "claims_audit__lang-en.html", "index.html"]
    assert "claims_audit__lang-en.html" in (far / "reports" / "index.html").read_text("utf-8")
    installed.kaili("data", "export", "--format", "csv", cwd=far)
    exported = far / "reports" / "data"
    assert {p.name for p in exported.iterdir()} >= {"indicators.csv", "targets_2025.csv"}
    back = pd.read_csv(exported / "indicators.csv", keep_default_na=False)
    assert list(back["id"]) == list(ka.load_indicators()["id"])


def test_the_installed_package_registers_its_kernel(installed: Installed, far: Path) -> None:
    # the README's command for an environment outside the checkout (here --sys-prefix)
    installed.run("python", "-m", "kaili_analysis.render.kernel", "--install", "--sys-prefix",
                  cwd=far)
    spec = json.loads((installed.venv / "share" / "jupyter" / "kernels" / "kaili-analysis"
                       / "kernel.json").read_text("utf-8"))
    assert spec["argv"][0] == str(installed.venv / "bin" / "python")
    assert spec["argv"][-4:] == ["-m", "kaili_analysis.render.kernel", "-f",
                                 "{connection_file}"]


def test_kaili_renders_an_authors_own_notebook_here(installed: Installed, far: Path) -> None:
    import nbformat

    params = nbformat.v4.new_code_cell("n = 2  # how many")
    params.metadata["tags"] = ["parameters"]
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Mine"), params,
        nbformat.v4.new_code_cell("import kaili_analysis as ka\n"
                                  "print(len(ka.load_indicators()) * n)")])
    nbformat.write(nb, str(far / "mine.ipynb"))
    installed.kaili("render", "mine.ipynb", "-p", "n", "3", "--format", "html", cwd=far)
    page = (far / "reports" / "mine__n-3.html").read_text("utf-8")
    assert str(len(ka.load_indicators()) * 3) in page and "Mine" in page
