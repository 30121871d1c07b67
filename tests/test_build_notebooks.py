"""The .qmd -> notebook conversion: what Quarto understands becomes what Jupyter shows."""

import nbformat
from build_notebooks import ON_THE_PAGE, cell_options, execute, is_figure, to_notebook

POST = '''---
title: "A post"
description: "What it is about."
author: "Miguel R."
date: 2026-04-22
---

Some text.

::: {.callout-note}
## Remember
Stop when the loss stops improving.
:::

```{mermaid}
flowchart TB
  A --> B
```

```{python}
#| label: fig-demo
#| fig-cap: >-
#|   A caption
#|   on two lines.
x = 1
```

```{mermaid}
flowchart LR
  C --> D
```

See [the notebook](post.ipynb){download="post.ipynb"}.
'''


def convert(tmp_path, text=POST):
    source = tmp_path / "post" / "index.qmd"
    source.parent.mkdir()
    source.write_text(text)
    return to_notebook(source)


def test_front_matter_becomes_a_title_cell(tmp_path):
    first = convert(tmp_path).cells[0]
    assert first.cell_type == "markdown"
    assert first.source.splitlines()[0] == "# A post"
    assert "*What it is about.*" in first.source and "Miguel R. · 2026-04-22" in first.source


def test_diagrams_become_markdown_mermaid_blocks_wherever_they_stand(tmp_path):
    markdown = "\n".join(c.source for c in convert(tmp_path).cells if c.cell_type == "markdown")
    assert "```mermaid\nflowchart TB\n  A --> B\n```" in markdown  # after text
    assert "```mermaid\nflowchart LR\n  C --> D\n```" in markdown  # after a code cell
    assert "{mermaid}" not in markdown


def test_only_python_is_code(tmp_path):
    code = [c.source for c in convert(tmp_path).cells if c.cell_type == "code"]
    assert len(code) == 1 and code[0].endswith("x = 1")


def test_callouts_become_quotes_and_link_attributes_go(tmp_path):
    markdown = "\n".join(c.source for c in convert(tmp_path).cells if c.cell_type == "markdown")
    assert "> **Remember**\n>\n> Stop when the loss stops improving." in markdown
    assert ":::" not in markdown
    assert "[the notebook](post.ipynb)." in markdown


def test_cells_get_stable_ids(tmp_path):
    assert [c.id for c in convert(tmp_path).cells][:3] == ["cell-1", "cell-2", "cell-3"]


def test_cell_options_are_read_as_yaml():
    source = "#| label: fig-demo\n#| fig-cap: >-\n#|   A caption\n#|   on two lines.\nx = 1"
    assert cell_options(source) == {"label": "fig-demo", "fig-cap": "A caption on two lines."}
    assert is_figure(source)
    assert not is_figure("#| label: tbl-demo\nx = 1")
    assert not is_figure("x = 1")


def test_execution_merges_streams_split_by_a_busy_machine(tmp_path, capfd):
    # A cell that prints, keeps computing and prints again: the pause makes the kernel flush
    # in between, as a busy machine does, yet the notebook stores one stream.
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import sys, time\nprint('first')\nsys.stdout.flush()\ntime.sleep(0.3)\nprint('second')")])
    execute(notebook, tmp_path)
    assert notebook.cells[0].outputs == [
        nbformat.v4.new_output("stream", name="stdout", text="first\nsecond\n")]
    # and the kernel runs without its warning about unencrypted TCP ports
    assert "Kernel is running over TCP" not in capfd.readouterr().err
    assert list(tmp_path.iterdir()) == []  # its sockets are not left in the post's folder


INTERACTIVE_POST = """---
title: "A post"
---

```{python}
x = [1, 2]
```

Drag the slider.

```{python}
ojs_define(points=x)
```

```{ojs}
//| echo: false
import { fit } from "../../js/gradient-descent.js"
```

```{ojs}
viewof rate = Inputs.range([0, 1])
```

Text between.

```{ojs}
rate * 2
```

The end.
"""


def test_interactive_cells_become_one_note_each_where_they_stand(tmp_path):
    # Quarto defines ojs_define only while it renders, and {ojs} runs only in a browser: the
    # notebook keeps the Python and says where the page has its controls.
    cells = convert(tmp_path, INTERACTIVE_POST).cells
    code = [c.source for c in cells if c.cell_type == "code"]
    assert code == ["x = [1, 2]"]
    markdown = "\n".join(c.source for c in cells if c.cell_type == "markdown")
    assert markdown.count(ON_THE_PAGE) == 2  # one for the two cells in a row, one after the text
    assert "ojs" not in markdown.replace(ON_THE_PAGE, "") and "viewof" not in markdown
    assert markdown.index("Drag the slider.") < markdown.index(ON_THE_PAGE)
    assert markdown.index("Text between.") < markdown.rindex(ON_THE_PAGE)
    assert markdown.rindex(ON_THE_PAGE) < markdown.index("The end.")
