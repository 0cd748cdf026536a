"""The notebooks' kernel: ``make setup`` registers the project's environment as the Jupyter
kernel ``kaili-analysis`` (inside .venv), the notebooks name it, Jupyter tools start this
Python by that name, and ``kaili render`` runs any notebook in the running Python whatever
kernel it names.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat
import pytest

from kaili_analysis import config
from kaili_analysis.render import render

KERNEL = "kaili-analysis"
DISPLAY_NAME = "Python 3 (kaili-analysis)"
FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"


def _registered():
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        return KernelSpecManager().get_kernel_spec(KERNEL)
    except NoSuchKernel:
        pytest.fail(f"no Jupyter kernel named {KERNEL!r} on the Jupyter path: make setup "
                    "registers it", pytrace=False)


@pytest.mark.parametrize("path", sorted(config.NOTEBOOKS_DIR.glob("*.ipynb")),
                         ids=lambda p: p.stem)
def test_every_notebook_names_the_project_kernel(path: Path) -> None:
    spec = json.loads(path.read_text("utf-8"))["metadata"]["kernelspec"]
    assert spec == {"name": KERNEL, "display_name": DISPLAY_NAME, "language": "python"}


def test_make_setup_registered_this_environment_as_the_kernel() -> None:
    spec = _registered()
    # --sys-prefix: the kernel lives in this environment, not in a user-wide Jupyter path
    # that several checkouts would overwrite
    assert Path(spec.resource_dir).is_relative_to(Path(sys.prefix) / "share" / "jupyter")
    assert spec.argv[0] == sys.executable
    assert spec.argv[-4:] == ["-m", "kaili_analysis.render.kernel", "-f", "{connection_file}"]
    assert spec.display_name == DISPLAY_NAME and spec.language == "python"


@pytest.mark.slow
def test_nbclient_starts_this_python_by_the_name_in_the_notebook() -> None:
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    from kaili_analysis.render.execute import private_channels

    _registered()
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": KERNEL, "display_name": DISPLAY_NAME,
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell("import sys; print(sys.prefix)")]
    km = KernelManager(kernel_name=nb.metadata["kernelspec"]["name"], **private_channels())
    NotebookClient(nb, km=km, timeout=60, startup_timeout=60).execute()
    (output,) = nb.cells[0].outputs
    assert output["text"].strip() == sys.prefix


def _bogus_spec(root: Path, name: str) -> Path:
    """A Jupyter path whose kernel ``name`` would fail to start if it were ever used."""
    spec = root / "kernels" / name
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": ["/nonexistent/python3", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Somebody else's Python", "language": "python"}), "utf-8")
    return root


@pytest.mark.slow
@pytest.mark.parametrize("name", [KERNEL, "somebody-elses-kernel"])
def test_kaili_render_runs_the_notebook_in_this_python_whatever_kernel_it_names(
        name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    jupyter = _bogus_spec(tmp_path / "jupyter", name)
    monkeypatch.setenv("JUPYTER_PATH", str(jupyter))
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(jupyter))
    nb = nbformat.read(FIXTURES / "hello.ipynb", as_version=4)
    nb.metadata["kernelspec"] = {"name": name, "display_name": name, "language": "python"}
    nb.cells.append(nbformat.v4.new_code_cell(
        'import sys; print(f"KERNEL-PYTHON={sys.executable}")', id="which-python"))
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    nbformat.write(nb, notebooks / "hello.ipynb")
    result = render("hello", {"n": "2"}, formats="html", output_dir=tmp_path / "out",
                    notebooks_dir=notebooks)
    page = result.html.read_text("utf-8")
    assert re.findall(r"KERNEL-PYTHON=(\S+)", page) == [sys.executable]


def _kernel_log(argv: list[str], tmp_path: Path) -> str:
    """Start a kernel with ``argv`` over TCP on loopback (as Lab and papermill do), run a cell,
    shut it down as jupyter_client does (SIGINT first); return what it logged on stderr."""
    from jupyter_client.kernelspec import KernelSpec
    from jupyter_client.manager import KernelManager

    log = tmp_path / "kernel.log"
    km = KernelManager(kernel_name=KERNEL)
    km._kernel_spec = KernelSpec(argv=argv, language="python", display_name="t")
    with log.open("wb") as err:
        km.start_kernel(stderr=err)
        client = km.client()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=60)
            reply = client.execute_interactive("x = 1", timeout=60)
            assert reply["content"]["status"] == "ok"
        finally:
            client.stop_channels()
            km.shutdown_kernel()
    return log.read_text("utf-8", errors="replace")


@pytest.mark.slow
def test_the_project_kernel_logs_no_noise_where_plain_ipykernel_does(tmp_path: Path) -> None:
    from kaili_analysis.render.kernel import kernel_argv

    assert _registered().argv == kernel_argv()
    plain = _kernel_log([sys.executable, "-m", "ipykernel_launcher", "-f",
                         "{connection_file}"], tmp_path)
    assert "running over TCP without encryption" in plain  # what the filter is for
    ours = _kernel_log(kernel_argv(), tmp_path)
    assert "without encryption" not in ours and "KeyboardInterrupt" not in ours, ours


def test_the_kernel_log_filter_drops_only_the_noise() -> None:
    import logging
    from types import SimpleNamespace

    from kaili_analysis.render.kernel import QuietKernelLog

    def kept(message: str, ip: str = "127.0.0.1") -> bool:
        record = logging.LogRecord("IPKernelApp", logging.WARNING, __file__, 1, message,
                                   None, None)
        return QuietKernelLog(SimpleNamespace(ip=ip)).filter(record)

    tcp = "Kernel is running over TCP without encryption. All communication ..."
    assert not kept(tcp) and not kept(tcp, "::1")
    assert kept(tcp, "0.0.0.0") and kept(tcp, "10.1.2.3")  # reachable from elsewhere: warn
    assert not kept("KeyboardInterrupt caught in kernel") and not kept(
        "KeyboardInterrupt caught in kernel.")
    assert kept("Exception in message handler:") and kept("Starting the kernel at pid: 7")


def test_install_writes_a_kernel_spec_of_this_python(tmp_path: Path) -> None:
    from kaili_analysis.render.kernel import install, kernel_argv

    where = install(prefix=str(tmp_path))
    assert where == tmp_path / "share" / "jupyter" / "kernels" / KERNEL
    spec = json.loads((where / "kernel.json").read_text("utf-8"))
    assert spec["argv"] == kernel_argv() and spec["display_name"] == DISPLAY_NAME  # the notebooks'
    assert kernel_argv()[0] == sys.executable
