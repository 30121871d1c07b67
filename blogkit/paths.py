"""Where the project's files are: the one place that knows the repository's layout."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTS = ROOT / "posts"


def post_sources(root=POSTS):
    """Every post's source, posts/<slug>/index.qmd, in a stable order."""
    return sorted(Path(root).glob("*/index.qmd"))


def notebook_path(source):
    """The post's companion notebook: posts/<slug>/<slug>.ipynb."""
    source = Path(source)
    return source.parent / f"{source.parent.name}.ipynb"
