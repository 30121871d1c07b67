"""Build each post's companion notebook from its index.qmd, executed, with outputs.

    python scripts/build_notebooks.py            # every post in posts/
    python scripts/build_notebooks.py posts/NAME # one post

The notebook is written next to the post as <post folder name>.ipynb. Run this after
editing a post: the tests compare the notebook with the .qmd and re-run it with nbval.
"""

import re
import sys
import tempfile
from pathlib import Path

import jupytext
import nbformat
import yaml
from nbclient import NotebookClient
from nbconvert.preprocessors import CoalesceStreamsPreprocessor
from traitlets.config import Config

ROOT = Path(__file__).resolve().parent.parent
POSTS = ROOT / "posts"
KERNEL = "python3"
TIMEOUT_SECONDS = 600

CALLOUT = re.compile(
    r"^::: *\{\.callout-(?P<kind>\w+)[^}]*\} *\n(?:## (?P<title>[^\n]*)\n)?(?P<body>.*?)\n:::$",
    re.MULTILINE | re.DOTALL,
)
LINK_ATTRIBUTES = re.compile(r"\]\(([^)]*)\)\{[^}]*\}")
# jupytext keeps a diagram chunk inside the markdown when no code cell precedes it.
DIAGRAM_FENCE = re.compile(r"^```\{(\w+)\}$", re.MULTILINE)
# A raw HTML block is for the web page only (the interactive sections' containers and
# scripts): one or more in a row, in the markdown.
HTML_CHUNKS = re.compile(
    r"^```\{=html\}\n.*?^```$(?:\s*^```\{=html\}\n.*?^```$)*", re.MULTILINE | re.DOTALL
)
# A cell that calls page_data (plot_utils) writes data for the page's interactive sections.
PAGE_DATA = re.compile(r"^page_data\(", re.MULTILINE)
ON_THE_PAGE = (
    "> **On the web page**\n>\n> The blog post has interactive controls here, which "
    "run in the browser. This notebook has the Python that computes the same numbers."
)


def post_sources(root=POSTS):
    """Every post's source, posts/<slug>/index.qmd, in a stable order."""
    return sorted(Path(root).glob("*/index.qmd"))


def notebook_path(source):
    source = Path(source)
    return source.parent / f"{source.parent.name}.ipynb"


def read_post(source):
    """The post as jupytext reads it: front matter, markdown and code cells."""
    return jupytext.reads(Path(source).read_text(encoding="utf-8"), fmt="Rmd")


def is_page_only(cell):
    """Raw HTML blocks, and the Python cells that write data for them with page_data."""
    language = cell.metadata.get("language", "python")
    return cell.cell_type == "code" and (
        language == "=html" or (language == "python" and bool(PAGE_DATA.search(cell.source)))
    )


def is_python(cell):
    """Code cells the kernel runs; other languages (mermaid) are diagrams, not code."""
    return (
        cell.cell_type == "code"
        and cell.metadata.get("language", "python") == "python"
        and not is_page_only(cell)
    )


def python_sources(notebook):
    return [cell.source for cell in notebook.cells if is_python(cell)]


def cell_options(source):
    """A code cell's Quarto options: its leading `#|` lines, read as YAML."""
    lines = []
    for line in source.splitlines():
        if not line.startswith("#|"):
            break
        lines.append(line[3:] if line.startswith("#| ") else line[2:])
    return yaml.safe_load("\n".join(lines)) or {}


def is_figure(source):
    """Quarto treats a cell whose label starts with fig- as a figure."""
    return str(cell_options(source).get("label", "")).startswith("fig-")


def _title_cell(front_matter):
    meta = yaml.safe_load(front_matter.strip().strip("-"))
    lines = [f"# {meta['title']}", ""]
    if meta.get("description"):
        lines += [f"*{meta['description']}*", ""]
    lines.append(f"{meta.get('author', '')} · {meta.get('date', '')}".strip(" ·"))
    return nbformat.v4.new_markdown_cell("\n".join(lines))


def _callout_to_quote(match):
    title = match["title"] or match["kind"].capitalize()
    body = "\n".join(f"> {line}".rstrip() for line in match["body"].strip().splitlines())
    return f"> **{title}**\n>\n{body}"


def _markdown_for_jupyter(text):
    """Quarto-only markdown (callouts, link attributes, diagrams, raw HTML) as Jupyter shows
    it."""
    text = CALLOUT.sub(_callout_to_quote, text)
    text = HTML_CHUNKS.sub(ON_THE_PAGE, text)
    text = DIAGRAM_FENCE.sub(r"```\1", text)  # JupyterLab draws ```mermaid blocks
    return LINK_ATTRIBUTES.sub(r"](\1)", text)


def to_notebook(source):
    """The post as an unexecuted notebook for Jupyter."""
    post = read_post(source)
    cells = []
    for cell in post.cells:
        if cell.cell_type == "raw" and cell.source.startswith("---"):
            cells.append(_title_cell(cell.source))
        elif is_python(cell):
            cells.append(nbformat.v4.new_code_cell(cell.source))
        elif is_page_only(cell):
            # Interactive cells run only on the page: one note where they stand, once.
            shown = cells and cells[-1].source == ON_THE_PAGE
            if cell.metadata.get("language") == "=html" and not shown:
                cells.append(nbformat.v4.new_markdown_cell(ON_THE_PAGE))
        elif cell.cell_type == "code":  # a diagram: JupyterLab draws ```mermaid blocks
            language = cell.metadata["language"]
            cells.append(nbformat.v4.new_markdown_cell(f"```{language}\n{cell.source}\n```"))
        else:
            cells.append(nbformat.v4.new_markdown_cell(_markdown_for_jupyter(cell.source)))
    for number, cell in enumerate(cells, start=1):
        cell.id = f"cell-{number}"  # stable ids: rebuilding an unchanged post changes nothing
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata = {
        "kernelspec": {
            "display_name": "Python 3 (ipykernel)",
            "language": "python",
            "name": KERNEL,
        },
        "language_info": {"name": "python"},
    }
    return notebook


def execute(notebook, folder):
    """Run `notebook` in place, in `folder`, and keep only outputs that do not depend on timing.

    A cell that prints, computes and prints again gives one stream output on a quiet machine
    and two on a busy one (the kernel flushes in between): consecutive streams are merged.
    """
    with tempfile.TemporaryDirectory() as sockets:
        # IPC sockets in a private folder: the kernel talks to no network port, and does not
        # warn about unencrypted TCP.
        config = Config({"KernelManager": {"transport": "ipc", "ip": f"{sockets}/kernel"}})
        NotebookClient(
            notebook,
            timeout=TIMEOUT_SECONDS,
            kernel_name=KERNEL,
            config=config,
            record_timing=False,
            resources={"metadata": {"path": str(folder)}},
        ).execute()
    CoalesceStreamsPreprocessor().preprocess(notebook, {})
    # Keep only what does not depend on the machine that ran it.
    notebook.metadata["language_info"] = {"name": "python"}
    return notebook


def executed_text(source):
    """The post's notebook, executed in the post's folder, as the text of an .ipynb file."""
    notebook = execute(to_notebook(source), Path(source).parent)
    return nbformat.writes(notebook) + "\n"


def build(source):
    """Execute the post's notebook and write it next to the post."""
    target = notebook_path(source)
    target.write_text(executed_text(source), encoding="utf-8")
    return target


def main(arguments):
    sources = [Path(a) / "index.qmd" if Path(a).is_dir() else Path(a) for a in arguments]
    for source in sources or post_sources():
        print(f"built {build(source.resolve()).relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
