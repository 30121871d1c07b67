"""The site rendered once per test session, for the tests that read the pages in a browser.

`rendered_site` renders a copy of the repository with Quarto, so the work tree stays clean,
and skips where the quarto command is missing.
"""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def rendered_site(tmp_path_factory):
    """The folder of the rendered site (_site) of a copy of the repository."""
    if shutil.which("quarto") is None:
        pytest.skip("the quarto command is not installed (see README: Render and preview the site)")
    copy = tmp_path_factory.mktemp("site") / "blog"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(
        ".git", ".venv", "venv", "_site", "_freeze", ".quarto", "__pycache__", ".pytest_cache"))
    subprocess.run(["quarto", "render"], cwd=copy, check=True, timeout=900,
                   capture_output=True)
    return copy / "_site"
