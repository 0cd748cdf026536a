"""Build hook: a wheel carries the repository's data/ and report notebooks/.

Everything else about the package is declared in pyproject.toml. The top-level ``data/`` and
``notebooks/`` are the only copies in the repository; ``build_py`` copies them into the built
package as ``kaili_analysis/_bundle/data`` and ``kaili_analysis/_bundle/notebooks``, where
``kaili_analysis.config`` looks first. ``MANIFEST.in`` puts them into the sdist, so a wheel
built from the sdist carries them too. An editable install copies nothing: the checkout's own
``data/`` and ``notebooks/`` are read in place.
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
#: Where the shipped files go inside the package (``config.BUNDLE_DIR``).
BUNDLE = Path("kaili_analysis", "_bundle")
#: Directories of the repository shipped in the wheel, with the files each contributes.
SHIPPED = {"data": "**/*", "notebooks": "*.ipynb"}
#: Never shipped: editor and Python leftovers.
_JUNK = {"__pycache__", ".ipynb_checkpoints", ".DS_Store"}


def bundled_files() -> list[tuple[Path, Path]]:
    """(source, destination inside the package) of every shipped file, in sorted order."""
    pairs = []
    for folder, pattern in SHIPPED.items():
        base = ROOT / folder
        for path in sorted(base.glob(pattern)):
            rel = path.relative_to(base)
            if path.is_file() and not _JUNK.intersection(rel.parts) and not any(
                    part.startswith(".") for part in rel.parts):
                pairs.append((path, BUNDLE / folder / rel))
    return pairs


class BuildPyWithBundle(build_py):
    """``build_py`` that also copies data/ and notebooks/ into the built package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for source, target in bundled_files():
            destination = Path(self.build_lib) / target
            self.mkpath(str(destination.parent))
            self.copy_file(str(source), str(destination), preserve_mode=False)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = super().get_outputs(include_bytecode)
        if getattr(self, "editable_mode", False):
            return outputs
        return [*outputs, *(str(Path(self.build_lib) / t) for _, t in bundled_files())]


setup(cmdclass={"build_py": BuildPyWithBundle})
