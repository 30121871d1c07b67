"""Build each post's companion notebooks from its index.qmd, executed, with outputs.

    python scripts/build_notebooks.py            # every post in posts/
    python scripts/build_notebooks.py posts/NAME # one post

The notebook is written next to the post as <post folder name>.ipynb; a post with exercises
(blogkit.exercises) also gets <slug>-solutions.ipynb and answers.json. Run this after editing
a post: the tests compare the notebooks with the .qmd and re-run them with nbval.
"""

import re
import tempfile
from pathlib import Path

import jupytext
import nbformat
import yaml
from nbclient import NotebookClient
from nbconvert.preprocessors import CoalesceStreamsPreprocessor
from traitlets.config import Config

from blogkit.exercises import (
    answer_cells,
    answers_text,
    declared,
    exercise_cell_source,
    has_exercises,
    is_answer_cell,
    split_solutions,
)
from blogkit.inline import INLINE, quarto_value
from blogkit.paths import ROOT, answers_path, notebook_path, post_sources, solutions_path

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
# A cell that calls page_data writes data for the page's interactive sections.
PAGE_DATA = re.compile(r"^page_data\(", re.MULTILINE)
# A figure div's fences, `::: {#fig-name}` ... `:::`: the notebook shows the figure's content
# and caption without them (callouts, the other divs, are turned into quotes first).
FIGURE_FENCE = re.compile(r"^::: *\{#fig-[\w-]+\} *\n?|^:::[ \t]*$\n?", re.MULTILINE)
# A claim about the words of a phrase, `[phrase]{claim="..."}`: the notebook shows the phrase.
CLAIM = re.compile(r"\[([^\]]*)\]\{claim=\"[^\"]*\"\}")
ON_THE_PAGE = (
    "> **On the web page**\n>\n> The blog post has interactive controls here, which "
    "run in the browser. This notebook has the Python that computes the same numbers."
)


def read_post(source):
    """The post as jupytext reads it: front matter, markdown and code cells."""
    return jupytext.reads(Path(source).read_text(encoding="utf-8"), fmt="Rmd")


def is_page_only(cell):
    """Raw HTML blocks, the Python cells that write data for them with page_data, and cells
    that show nothing (`include: false`: what the page's inline expressions need)."""
    language = cell.metadata.get("language", "python")
    if cell.cell_type != "code":
        return False
    if language == "=html":
        return True
    return language == "python" and (
        bool(PAGE_DATA.search(cell.source)) or cell_options(cell.source).get("include") is False
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


# Quarto's figure div: `::: {#fig-name}`, the figure's cell, then its caption paragraph.
FIGURE_DIV = re.compile(
    r"^::: *\{#(fig-[\w-]+)\} *\n```\{python\}\n(.*?)^```\n(.*?)^:::[ \t]*$",
    re.MULTILINE | re.DOTALL,
)


def figures(text):
    """{label: (caption, alt, cell source)} of every figure in a post's source, in its order.

    A figure is a cell with a `fig-` label and `fig-cap` and `fig-alt` options, a figure div
    holding a cell and, last, its caption (which may carry inline expressions), or a diagram
    with `%%| label` and `%%| fig-cap`. A plotly chart's alt text is composed by its code
    (`with_alt`) and a diagram's is its accTitle: the alt given here is then None.
    """
    found = []
    for cell in re.finditer(r"^```\{python\}\n(.*?)^```$", text, re.MULTILINE | re.DOTALL):
        options = cell_options(cell[1])
        if is_figure(cell[1]):
            figure = (options.get("fig-cap"), options.get("fig-alt"), cell[1])
            found.append((cell.start(), options["label"], figure))
    for div in FIGURE_DIV.finditer(text):
        figure = (div[3].strip(), cell_options(div[2]).get("fig-alt"), div[2])
        found.append((div.start(), div[1], figure))
    for diagram in re.finditer(r"^```\{mermaid\}\n(.*?)^```$", text, re.MULTILINE | re.DOTALL):
        options = cell_options(diagram[1].replace("%%|", "#|"))
        if str(options.get("label", "")).startswith("fig-"):
            figure = (options.get("fig-cap"), None, diagram[1])
            found.append((diagram.start(), options["label"], figure))
    return {label: figure for _, label, figure in sorted(found)}


def _title_cell(front_matter, note=None):
    meta = yaml.safe_load(front_matter.strip().strip("-"))
    lines = [f"# {meta['title']}", ""]
    if meta.get("description"):
        lines += [f"*{meta['description']}*", ""]
    lines.append(f"{meta.get('author', '')} · {meta.get('date', '')}".strip(" ·"))
    if note:
        lines += ["", note]
    return nbformat.v4.new_markdown_cell("\n".join(lines))


def _callout_to_quote(match):
    title = match["title"] or match["kind"].capitalize()
    body = "\n".join(f"> {line}".rstrip() for line in match["body"].strip().splitlines())
    return f"> **{title}**\n>\n{body}"


def _markdown_for_jupyter(text, numbers):
    """Quarto-only markdown (callouts, link attributes, diagrams, raw HTML, cross-references
    `@fig-name`, which become "Figure 2" by `numbers`) as Jupyter shows it."""
    text = FIGURE_REFERENCE.sub(lambda m: _reference(m, numbers), text)
    text = CALLOUT.sub(_callout_to_quote, text)
    text = HTML_CHUNKS.sub(ON_THE_PAGE, text)
    text = DIAGRAM_FENCE.sub(r"```\1", text)  # JupyterLab draws ```mermaid blocks
    text = CLAIM.sub(r"\1", text)
    text = FIGURE_FENCE.sub("", text).strip("\n")
    return LINK_ATTRIBUTES.sub(r"](\1)", text)


# A cross-reference: `@fig-name` is "Figure 2" on the page, `[-@fig-name]` just "2".
FIGURE_REFERENCE = re.compile(r"(\[-)?@(fig-[\w-]*\w)(?(1)\])")
DIV_OPENS = re.compile(r"^::: *\{#(fig-[\w-]+)\} *\Z", re.MULTILINE)


def _reference(match, numbers):
    if match[2] not in numbers:
        raise ValueError(f"@{match[2]} refers to no figure of the post")
    number = numbers[match[2]]
    return str(number) if match[1] else f"Figure {number}"


DIAGRAM = re.compile(r"^```\{mermaid\}\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def _caption(label, numbers, caption):
    """A figure's caption as the notebook shows it, numbered as on the page."""
    return f"**Figure {numbers[label]}:** {caption.strip()}"


def _with_caption(diagram, numbers, found):
    """A diagram inside a markdown cell, with its caption below it if it is a figure."""
    label = cell_options(diagram[1].replace("%%|", "#|")).get("label")
    if label not in numbers:
        return diagram[0]
    return f"{diagram[0]}\n\n{_caption(label, numbers, found[label][0])}"


PAGE_ONLY = "page-only"
SOLUTIONS_NOTE = (
    "**This notebook has the worked solutions.** It is the post with the solutions of its "
    "exercises in place; `{exercises}` is the same post with a cell to work in for each."
)
SOLUTION_HEADING = "#### Solution"


def to_notebook(source, solutions=False):
    """The post as an unexecuted notebook for Jupyter: the exercise notebook, or with
    `solutions` the one with the exercises' worked solutions in place.

    In the exercise notebook each solution is replaced by one code cell to work in. The
    Python cells that only the page needs are kept, tagged `page-only`, so that they run
    where the page runs them; `execute` drops them once their values are in the markdown.
    The solutions' `answer(...)` cells are page-only too, and carry their exercise's number.
    """
    post = read_post(source)
    pieces = split_solutions(post.cells)
    answers = answer_cells(pieces)
    found = figures(Path(source).read_text(encoding="utf-8"))
    numbers = {label: number for number, label in enumerate(found, start=1)}
    cells, placed, in_div = [], set(), None
    for number, cell in pieces:
        if number is not None and not solutions:
            if number not in placed:  # the solution's first piece: a cell to work in
                code = exercise_cell_source(number, *declared(answers[number]))
                cells.append(nbformat.v4.new_code_cell(code))
                placed.add(number)
            continue
        if number is not None and number not in placed:
            cells.append(nbformat.v4.new_markdown_cell(SOLUTION_HEADING))
            placed.add(number)
        if cell.cell_type == "raw" and cell.source.startswith("---"):
            note = (
                SOLUTIONS_NOTE.format(exercises=notebook_path(source).name) if solutions else None
            )
            cells.append(_title_cell(cell.source, note))
        elif is_python(cell):
            cells.append(nbformat.v4.new_code_cell(cell.source))
            label = cell_options(cell.source).get("label")
            if label in numbers and found[label][0] and not in_div:
                cells.append(
                    nbformat.v4.new_markdown_cell(_caption(label, numbers, found[label][0]))
                )
        elif is_page_only(cell) and cell.metadata.get("language", "python") == "python":
            metadata = {"tags": [PAGE_ONLY]}
            if is_answer_cell(cell):
                metadata["exercise"] = number
            cells.append(nbformat.v4.new_code_cell(cell.source, metadata=metadata))
        elif is_page_only(cell):
            # Interactive cells run only on the page: one note where they stand, once.
            shown = cells and cells[-1].source == ON_THE_PAGE
            if cell.metadata.get("language") == "=html" and not shown:
                cells.append(nbformat.v4.new_markdown_cell(ON_THE_PAGE))
        elif cell.cell_type == "code":  # a diagram: JupyterLab draws ```mermaid blocks
            language = cell.metadata["language"]
            cells.append(nbformat.v4.new_markdown_cell(f"```{language}\n{cell.source}\n```"))
            label = cell_options(cell.source.replace("%%|", "#|")).get("label")
            if label in numbers:
                cells.append(
                    nbformat.v4.new_markdown_cell(_caption(label, numbers, found[label][0]))
                )
        else:
            text = cell.source
            if in_div:  # the figure div's caption, up to its closing fence
                caption, text = re.split(r"^:::[ \t]*$", text, maxsplit=1, flags=re.M)
                text = f"{_caption(in_div, numbers, caption)}\n\n{text.lstrip()}"
            text = DIAGRAM.sub(lambda m: _with_caption(m, numbers, found), text)
            opened = DIV_OPENS.search(text.rstrip())  # the cell ends by opening a figure div
            in_div = opened[1] if opened else None
            text = _markdown_for_jupyter(text, numbers)
            if text.strip():  # a figure div's opening fence alone leaves nothing to show
                cells.append(nbformat.v4.new_markdown_cell(text))
    notebook = nbformat.v4.new_notebook(cells=cells)
    _number(notebook)
    notebook.metadata = {
        "kernelspec": {
            "display_name": "Python 3 (ipykernel)",
            "language": "python",
            "name": KERNEL,
        },
        "language_info": {"name": "python"},
    }
    return notebook


def _number(notebook):
    for number, cell in enumerate(notebook.cells, start=1):
        cell.id = f"cell-{number}"  # stable ids: rebuilding an unchanged post changes nothing


def is_page_only_cell(cell):
    return PAGE_ONLY in cell.metadata.get("tags", [])


def for_jupyter(notebook):
    """`notebook` without the cells only the page needs."""
    notebook.cells = [cell for cell in notebook.cells if not is_page_only_cell(cell)]
    _number(notebook)
    return notebook


def execute(notebook, folder):
    """Run `notebook` in place, in `folder`, and keep only outputs that do not depend on timing.

    Each markdown cell's inline expressions are evaluated as Quarto evaluates them, after the
    code cells above it, and their values written into the markdown.

    A cell that prints, computes and prints again gives one stream output on a quiet machine
    and two on a busy one (the kernel flushes in between): consecutive streams are merged.
    """
    return _finish(_run(notebook, folder))


def _run(notebook, folder):
    """Every cell of `notebook` run in order, page-only cells included, inline values filled."""
    with tempfile.TemporaryDirectory() as sockets:
        # IPC sockets in a private folder: the kernel talks to no network port, and does not
        # warn about unencrypted TCP.
        config = Config({"KernelManager": {"transport": "ipc", "ip": f"{sockets}/kernel"}})
        client = NotebookClient(
            notebook,
            timeout=TIMEOUT_SECONDS,
            kernel_name=KERNEL,
            config=config,
            record_timing=False,
            resources={"metadata": {"path": str(folder)}},
        )
        with client.setup_kernel():
            for index, cell in enumerate(notebook.cells):
                if cell.cell_type == "code":
                    client.execute_cell(cell, index)
                elif cell.cell_type == "markdown":
                    cell.source = _with_values(client, cell.source)
    return notebook


def _finish(notebook):
    for_jupyter(notebook)
    CoalesceStreamsPreprocessor().preprocess(notebook, {})
    # Keep only what does not depend on the machine that ran it.
    notebook.metadata["language_info"] = {"name": "python"}
    return notebook


def collected_answers(notebook):
    """{exercise number: answer} from the executed answer(...) cells of a solutions notebook."""
    answers = {}
    for cell in notebook.cells:
        if "exercise" in cell.metadata:
            (data,) = [o.data for o in cell.outputs if "application/json" in o.get("data", {})]
            answers[cell.metadata["exercise"]] = data["application/json"]
    return answers


def _with_values(client, markdown):
    """`markdown` with each inline expression replaced by its value in the running kernel."""
    expressions = [match[1] for match in INLINE.finditer(markdown)]
    if not expressions:
        return markdown
    asked = {str(number): expression for number, expression in enumerate(expressions)}
    reply = client.wait_for_reply(client.kc.execute("", silent=True, user_expressions=asked))
    results = reply["content"]["user_expressions"]
    values = {}
    for key, expression in asked.items():
        try:
            values[expression] = quarto_value(results[key])
        except ValueError as error:
            raise ValueError(f"inline expression {expression!r} failed: {error}") from None
    return INLINE.sub(lambda match: values[match[1]], markdown)


def executed_text(source):
    """The post's (exercise) notebook, executed in the post's folder, as an .ipynb's text."""
    notebook = execute(to_notebook(source), Path(source).parent)
    return nbformat.writes(notebook) + "\n"


def executed_solutions(source):
    """(the solutions notebook's text, answers.json's text), executed in the post's folder."""
    notebook = _run(to_notebook(source, solutions=True), Path(source).parent)
    answers = answers_text(collected_answers(notebook), Path(source).parent.name)
    return nbformat.writes(_finish(notebook)) + "\n", answers


def build(source):
    """Execute the post's notebooks and write them next to the post; return the paths.

    A post with exercises gets two: the exercise notebook (<slug>.ipynb), and the solutions
    notebook (<slug>-solutions.ipynb) with the answers its solutions computed (answers.json).
    """
    target = notebook_path(source)
    target.write_text(executed_text(source), encoding="utf-8")
    written = [target]
    if has_exercises(source):
        notebook, answers = executed_solutions(source)
        solutions_path(source).write_text(notebook, encoding="utf-8")
        answers_path(source).write_text(answers, encoding="utf-8")
        written += [solutions_path(source), answers_path(source)]
    return written


def main(arguments):
    sources = [Path(a) / "index.qmd" if Path(a).is_dir() else Path(a) for a in arguments]
    for source in sources or post_sources():
        for path in build(source.resolve()):
            print(f"built {path.relative_to(ROOT)}")
