"""The site rendered once per test session, from a copy of the repository.

Needs the `quarto` command; where it is missing, tests that use `rendered_site` are skipped.
"""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOT_COPIED = (".git", ".venv", "venv", "_site", ".quarto", "__pycache__", ".pytest_cache",
              ".ruff_cache")
RENDER_TIMEOUT_SECONDS = 900


@pytest.fixture(scope="session")
def rendered_site(tmp_path_factory):
    """The `_site` folder of a fresh `quarto render`; the work tree stays clean."""
    if shutil.which("quarto") is None:
        pytest.skip("the quarto command is not installed (see README: Render and preview the site)")
    copy = tmp_path_factory.mktemp("blog") / "blog"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(*NOT_COPIED))
    subprocess.run(["quarto", "render"], cwd=copy, check=True, timeout=RENDER_TIMEOUT_SECONDS)
    return copy / "_site"
