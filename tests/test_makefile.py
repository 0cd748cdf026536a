"""The Makefile's developer targets: the git filter ``make setup`` defines (notebooks staged
without outputs), ``make lab`` (as root or not, headless with LAB_ARGS, its URL printed) and
``make clean``. Also: every notebook in the index is output-free, in the form the filter writes.
"""

from __future__ import annotations

import asyncio
import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]
STRIP = [sys.executable, "-m", "nbstripout", "--keep-id"]


def _git(*args: str, cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=60, **kwargs)


def _require_git_checkout() -> None:
    if _git("rev-parse", "--is-inside-work-tree", cwd=REPO).returncode != 0:
        pytest.skip("not a git checkout (an unpacked sdist): nothing is committed here")


# --------------------------------------------------------------------------- committed notebooks


def test_every_notebook_in_git_is_output_free_in_the_form_the_filter_writes(
        tmp_path: Path) -> None:
    """Reads the notebooks as git holds them (the index: what is or will be committed)."""
    _require_git_checkout()
    listing = _git("ls-files", "-s", "-z", "--", "*.ipynb", cwd=REPO, check=True).stdout
    entries = [line.split(b"\t", 1) for line in listing.split(b"\0") if line]
    assert len(entries) >= 6
    paths = [raw.decode() for _, raw in entries]
    attrs = _git("check-attr", "-z", "filter", "--", *paths, cwd=REPO, check=True).stdout
    fields = attrs.split(b"\0")
    filtered = {fields[i].decode() for i in range(0, len(fields) - 2, 3)
                if fields[i + 2] == b"nbstripout"}
    assert {p for p in paths if p.startswith("notebooks/")} <= filtered
    copies: dict[str, tuple[Path, bytes]] = {}
    for (info, _), path in zip(entries, paths, strict=True):
        blob = _git("cat-file", "blob", info.split()[1].decode(), cwd=REPO, check=True).stdout
        nb = nbformat.reads(blob.decode("utf-8"), as_version=4)
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                assert cell.get("outputs", []) == [], f"{path}: code cell {index} has outputs"
                assert cell.get("execution_count") is None, (
                    f"{path}: code cell {index} has an execution count")
        if path in filtered:
            copy = tmp_path / f"{len(copies)}.ipynb"
            copy.write_bytes(blob)
            copies[path] = (copy, blob)
    # the filter would leave them byte for byte as they are (no churn on the next git add)
    subprocess.run([*STRIP, *(str(f) for f, _ in copies.values())], check=True, timeout=120)
    for path, (copy, blob) in copies.items():
        assert copy.read_bytes() == blob, f"{path}: the nbstripout filter would rewrite it"


# --------------------------------------------------------------------------- the git filter


def _notebook_with_outputs() -> str:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "kaili-analysis", "display_name": "Python 3 "
                                 "(kaili-analysis)", "language": "python"}
    cell = nbformat.v4.new_code_cell("print('凯里')", id="keep-this-id")
    cell.execution_count = 7
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="凯里\n")]
    nb.cells = [nbformat.v4.new_markdown_cell("# 凯里 Kaili", id="intro"), cell]
    return nbformat.writes(nb) + "\n"


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A new repository with this project's .gitattributes and a notebook saved with outputs."""
    repo = tmp_path / "clone"
    (repo / "notebooks").mkdir(parents=True)
    _git("init", "-q", cwd=repo, check=True)
    shutil.copy(REPO / ".gitattributes", repo / ".gitattributes")
    (repo / "notebooks" / "saved.ipynb").write_text(_notebook_with_outputs(), "utf-8")
    return repo


def _the_filter_make_setup_defined() -> str:
    _require_git_checkout()
    value = _git("config", "--get", "filter.nbstripout.clean", cwd=REPO).stdout.decode().strip()
    assert value, "make setup defines the git filter nbstripout (filter.nbstripout.clean)"
    return value


def _staged(repo: Path, path: str) -> str:
    return _git("show", f":{path}", cwd=repo, check=True).stdout.decode("utf-8")


def test_the_filter_strips_outputs_on_git_add_with_the_worktrees_own_venv(clone: Path) -> None:
    command = _the_filter_make_setup_defined()
    assert "/" + ".venv" not in command and str(REPO) not in command  # no absolute path
    _git("config", "filter.nbstripout.clean", command, cwd=clone, check=True)
    (clone / ".venv").symlink_to(Path(sys.prefix))  # this work tree's environment
    proc = _git("add", "saved.ipynb", cwd=clone / "notebooks")  # from a subdirectory
    assert proc.returncode == 0 and proc.stderr == b"", proc.stderr
    staged = nbformat.reads(_staged(clone, "notebooks/saved.ipynb"), as_version=4)
    code = staged.cells[1]
    assert code.outputs == [] and code.execution_count is None
    assert code.id == "keep-this-id" and code.source == "print('凯里')"
    assert staged.metadata["kernelspec"]["name"] == "kaili-analysis"
    # the file on disk keeps its outputs; git sees nothing to commit beyond the stripped form
    assert "凯里\\n" in (clone / "notebooks" / "saved.ipynb").read_text("utf-8")
    assert _git("diff", "--quiet", cwd=clone).returncode == 0


def test_git_add_without_a_venv_warns_and_stages_the_file_as_it_is(clone: Path) -> None:
    _git("config", "filter.nbstripout.clean", _the_filter_make_setup_defined(), cwd=clone,
         check=True)
    proc = _git("add", "notebooks/saved.ipynb", cwd=clone)
    assert proc.returncode == 0
    assert proc.stderr.decode().strip() == ("nbstripout filter: no .venv in this work tree "
                                            "(make setup); staged as is")
    assert _staged(clone, "notebooks/saved.ipynb") == _notebook_with_outputs()


def test_git_add_in_a_fresh_clone_before_make_setup_just_works(clone: Path) -> None:
    proc = _git("add", "notebooks/saved.ipynb", cwd=clone)
    assert proc.returncode == 0 and proc.stderr == b""
    assert _staged(clone, "notebooks/saved.ipynb") == _notebook_with_outputs()


# --------------------------------------------------------------------------- make lab


def _fake_id(tmp_path: Path, uid: int) -> dict[str, str]:
    bin_dir = tmp_path / f"uid-{uid}"
    bin_dir.mkdir()
    script = bin_dir / "id"
    script.write_text(f"#!/bin/sh\necho {uid}\n", "utf-8")
    script.chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}


@pytest.mark.parametrize(("uid", "allow_root"), [(0, True), (1000, False)])
def test_make_lab_allows_root_only_for_root_and_passes_lab_args(tmp_path: Path, uid: int,
                                                                allow_root: bool) -> None:
    proc = subprocess.run(["make", "-n", "--no-print-directory", "lab",
                           "LAB_ARGS=--no-browser --port=8899"], cwd=REPO,
                          env=_fake_id(tmp_path, uid), capture_output=True, text=True,
                          timeout=60, check=True)
    (line,) = [ln for ln in proc.stdout.splitlines() if "jupyter lab" in ln]
    assert line.split()[:3] == [".venv/bin/jupyter", "lab", "--notebook-dir=notebooks"]
    assert ("--allow-root" in line.split()) is allow_root
    assert line.split()[-2:] == ["--no-browser", "--port=8899"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _lines(stream, out: queue.Queue) -> None:
    for line in stream:
        out.put(line)
    out.put(None)


def _get_when_listening(url: str, deadline: float) -> bytes:
    """GET ``url``; the server prints its URL a moment before it accepts connections."""
    while True:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                assert response.status == 200
                return response.read()
        except urllib.error.URLError as exc:
            if not isinstance(exc.reason, ConnectionRefusedError) or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


async def _kernel_info(url: str) -> None:
    """Ask a kernel of a Jupyter server for its info over the server's websocket: the kernel
    has started (and logged what it logs at start) once it replies."""
    from tornado.websocket import websocket_connect

    ws = await websocket_connect(url)
    header = {"msg_id": "kaili-test", "msg_type": "kernel_info_request", "username": "test",
              "session": "kaili-test", "version": "5.3", "date": ""}
    ws.write_message(json.dumps({"header": header, "parent_header": {}, "metadata": {},
                                 "content": {}, "channel": "shell", "buffers": []}))
    while True:
        message = await ws.read_message()
        if message is None:
            raise AssertionError("the server closed the kernel's websocket")
        if isinstance(message, str) and json.loads(message)["msg_type"] == "kernel_info_reply":
            break
    ws.close()


@pytest.mark.slow
def test_make_lab_runs_headless_prints_its_url_and_offers_the_project_kernel(
        tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
           "JUPYTER_CONFIG_DIR": str(tmp_path / "config")}
    proc = subprocess.Popen(
        ["make", "--no-print-directory", "lab",
         f"LAB_ARGS=--no-browser --ip=127.0.0.1 --port={port}"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True)  # its own process group: stopped as one below
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_lines, args=(proc.stdout, lines), daemon=True).start()
    seen: list[str] = []
    url = None
    try:
        deadline = time.monotonic() + 120
        while url is None and time.monotonic() < deadline:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                continue
            if line is None:
                break
            seen.append(line)
            found = re.search(rf"http://127\.0\.0\.1:{port}/lab\?token=\w+", line)
            url = found.group(0) if found else None
        assert url, "no URL printed:\n" + "".join(seen[-30:])
        token = url.split("token=")[1]
        page = _get_when_listening(url, deadline=time.monotonic() + 60)
        assert b"JupyterLab" in page
        api = f"http://127.0.0.1:{port}/api/kernelspecs?token={token}"
        with urllib.request.urlopen(api, timeout=30) as response:
            specs = json.load(response)["kernelspecs"]
        assert specs["kaili-analysis"]["spec"]["argv"][0] == sys.executable
        contents = f"http://127.0.0.1:{port}/api/contents?token={token}"
        with urllib.request.urlopen(contents, timeout=30) as response:
            names = {item["name"] for item in json.load(response)["content"]}
        assert "overview.ipynb" in names  # Lab serves notebooks/
        # a kernel started and shut down by Lab leaves no noise in Lab's log
        headers = {"Authorization": f"token {token}", "Content-Type": "application/json"}
        kernels = f"http://127.0.0.1:{port}/api/kernels"
        start = urllib.request.Request(kernels, data=b'{"name": "kaili-analysis"}',
                                       headers=headers, method="POST")
        with urllib.request.urlopen(start, timeout=60) as response:
            kernel_id = json.load(response)["id"]
        asyncio.run(asyncio.wait_for(_kernel_info(
            f"ws://127.0.0.1:{port}/api/kernels/{kernel_id}/channels?token={token}"), 90))
        stop = urllib.request.Request(f"{kernels}/{kernel_id}", headers=headers,
                                      method="DELETE")
        urllib.request.urlopen(stop, timeout=60).close()
        time.sleep(2)
        while not lines.empty():
            seen.append(lines.get() or "")
        log = "".join(seen)
        assert "Kernel started" in log and "Kernel shutdown" in log, log[-3000:]
        assert "without encryption" not in log and "KeyboardInterrupt" not in log, log[-3000:]
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)


# --------------------------------------------------------------------------- make clean


def test_make_clean_removes_what_reports_and_builds_wrote_and_nothing_else(tmp_path: Path) -> None:
    shutil.copy(REPO / "Makefile", tmp_path / "Makefile")
    written = ["reports/overview.html", "reports/overview.pdf", "reports/index.html",
               "reports/.kaili/overview.html.json",
               "reports/_failed/overview.ipynb", "reports/data/indicators.csv",
               "reports/data/datapackage.json", ".venv/bin/python", "build/lib/x.py",
               "dist/kaili_analysis-0.1.0.tar.gz", "kaili_analysis.egg-info/PKG-INFO",
               ".hypothesis/examples/0a/1b", ".pytest_cache/v/cache/lastfailed",
               ".ruff_cache/0.5.0/123", ".import_linter_cache/contracts.json",
               "notebooks/.ipynb_checkpoints/overview-checkpoint.ipynb",
               "tests/.pytest_cache/README.md", "examples/.ipynb_checkpoints/a-checkpoint.ipynb"]
    kept = ["reports/README.md", "data/indicators.csv", "notebooks/overview.ipynb",
            ".git/hooks/.pytest_cache/x", ".gitattributes", "Makefile"]
    for name in written + kept[:-1]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", "utf-8")
    subprocess.run(["make", "--no-print-directory", "clean"], cwd=tmp_path, check=True,
                   capture_output=True, timeout=60)
    left = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert left == sorted(kept)
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == ["README.md"]
    assert not [p for p in tmp_path.rglob(".*") if p.is_dir() and ".git" not in p.parts]


# --------------------------------------------------------------------- .ci/system-deps.sh


@pytest.mark.skipif(not Path("/etc/debian_version").exists() or os.geteuid() != 0,
                    reason="the script installs with apt-get as root on Debian/Ubuntu only")
def test_system_deps_wait_for_another_apt_to_finish(tmp_path: Path) -> None:
    """With the system packages missing, every apt-get call of the script waits for the dpkg
    lock (another apt run) instead of failing at once."""
    fake = tmp_path / "bin"
    fake.mkdir()
    calls = tmp_path / "apt-calls"
    for tool in ("bash", "grep", "rm", "id", "cat"):
        (fake / tool).symlink_to(shutil.which(tool))
    (fake / "apt-get").write_text(f'#!{shutil.which("bash")}\necho "$*" >> {calls}\n')
    (fake / "apt-get").chmod(0o755)
    # axe-core already in place (the script's own version), so only the system packages are due
    script = (REPO / ".ci" / "system-deps.sh").read_text(encoding="utf-8")
    version = re.search(r"^AXE_VERSION=(\S+)$", script, re.M).group(1)
    axe = tmp_path / "axe" / "node_modules" / "axe-core"
    axe.mkdir(parents=True)
    (axe / "axe.min.js").write_text("/* axe */")
    (axe / "package.json").write_text(f'{{"version": "{version}"}}')
    env = {"PATH": str(fake), "HOME": str(tmp_path),  # no chromium, fonts or poppler here
           "KAILI_AXE_DIR": str(tmp_path / "axe")}
    proc = subprocess.run([shutil.which("bash"), str(REPO / ".ci" / "system-deps.sh")],
                          env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    lines = calls.read_text().splitlines()
    assert [line.split()[2] for line in lines] == ["update", "install"]
    assert all(line.startswith("-o DPkg::Lock::Timeout=600 ") for line in lines), lines
    assert "chromium fonts-noto-cjk poppler-utils fontconfig" in lines[1]
