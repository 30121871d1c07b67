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


def solutions_path(source):
    """The notebook with the exercises' worked solutions: posts/<slug>/<slug>-solutions.ipynb."""
    source = Path(source)
    return source.parent / f"{source.parent.name}-solutions.ipynb"


def answers_path(source):
    """The solutions' answers, for check.py: posts/<slug>/answers.json."""
    return Path(source).parent / "answers.json"
