"""Render the site with Quarto and read the pages as a reader gets them.

Needs the `quarto` command; where it is missing these tests are skipped, and everything
else about the posts is checked by the other tests without it.
"""

import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
from build_notebooks import notebook_path, post_sources

ROOT = Path(__file__).resolve().parent.parent
PLOTLY = "application/vnd.plotly.v1+json"

pytestmark = pytest.mark.skipif(
    shutil.which("quarto") is None,
    reason="the quarto command is not installed (see README: Render and preview the site)",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The site rendered from a copy of the repository, so the work tree stays clean."""
    copy = tmp_path_factory.mktemp("blog") / "blog"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(
        ".git", ".venv", "venv", "_site", ".quarto", "__pycache__", ".pytest_cache"))
    subprocess.run(["quarto", "render"], cwd=copy, check=True, timeout=900)
    return copy / "_site"


def page(site, post):
    return (site / "posts" / post.parent.name / "index.html").read_text(encoding="utf-8")


def test_page_shows_everything_the_notebook_prints(site, post):
    html = page(site, post)
    notebook = nbformat.read(notebook_path(post), as_version=4)
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                for line in output.text.splitlines():
                    assert line in html, f"{line!r} is not on the page"


def test_page_has_its_plotly_charts_without_a_second_mathjax(site, post):
    html = page(site, post)
    notebook = nbformat.read(notebook_path(post), as_version=4)
    charts = sum(PLOTLY in o.get("data", {}) for c in notebook.cells for o in c.get("outputs", []))
    assert html.count('class="plotly-graph-div"') == charts
    assert not re.search(r"<script[^>]*cdnjs[^>]*mathjax", html, re.IGNORECASE)


def test_page_draws_its_mermaid_diagrams(site, post):
    diagrams = post.read_text(encoding="utf-8").count("```{mermaid}")
    assert page(site, post).count('class="mermaid') >= diagrams


def test_notebook_is_a_download_not_a_page(site, post):
    folder = site / "posts" / post.parent.name
    assert (folder / notebook_path(post).name).exists()
    assert not (folder / f"{notebook_path(post).stem}.html").exists()


def test_home_page_lists_every_post(site):
    home = (site / "index.html").read_text(encoding="utf-8")
    for post in post_sources():
        assert f"posts/{post.parent.name}/index.html" in home
    assert (site / "index.xml").exists()  # the RSS feed
