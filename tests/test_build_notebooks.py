"""The .qmd -> notebook conversion: what Quarto understands becomes what Jupyter shows."""

import json

import nbformat
import pytest
from conftest import assert_rejects
from nbclient.exceptions import CellExecutionError

from blogkit.exercises import answer
from blogkit.notebooks import (
    ON_THE_PAGE,
    cell_options,
    execute,
    executed_solutions,
    executed_text,
    for_jupyter,
    is_figure,
    to_notebook,
)

POST = """---
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
"""


def convert(tmp_path, text=POST):
    source = tmp_path / "post" / "index.qmd"
    source.parent.mkdir()
    source.write_text(text)
    return for_jupyter(to_notebook(source))


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


FIGURES_POST = """---
title: "Figures"
---

@fig-flow shows the loop; panel [-@fig-line] follows it.

```{mermaid}
%%| label: fig-flow
%%| fig-cap: "The loop."
flowchart TB
  A --> B
```

```{python}
#| label: fig-line
#| fig-cap: "A line."
#| fig-alt: "A straight line."
x = 1
```

::: {#fig-div}
```{python}
y = 2
```

A caption with a number, 2.
:::

Text after the figure, as in @fig-div.
"""


def test_figures_are_numbered_as_on_the_page(tmp_path):
    # Quarto numbers every fig- figure in the order it appears, diagrams included; the
    # notebook shows the same numbers in the text and under each figure.
    cells = convert(tmp_path, FIGURES_POST).cells
    markdown = [c.source for c in cells if c.cell_type == "markdown"]
    assert markdown[1].startswith("Figure 1 shows the loop; panel 2 follows it.")
    assert markdown[1].endswith("```\n\n**Figure 1:** The loop.")
    assert markdown[2] == "**Figure 2:** A line."
    assert (
        markdown[3]
        == "**Figure 3:** A caption with a number, 2.\n\nText after the figure, as in Figure 3."
    )
    assert not any("@fig" in text or ":::" in text for text in markdown)


def test_a_reference_to_no_figure_is_named(tmp_path):
    with pytest.raises(ValueError, match="@fig-nowhere refers to no figure"):
        convert(tmp_path, FIGURES_POST.replace("@fig-div.", "@fig-nowhere."))


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
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "import sys, time\nprint('first')\nsys.stdout.flush()\n"
                "time.sleep(0.3)\nprint('second')"
            )
        ]
    )
    execute(notebook, tmp_path)
    assert notebook.cells[0].outputs == [
        nbformat.v4.new_output("stream", name="stdout", text="first\nsecond\n")
    ]
    # and the kernel runs without its warning about unencrypted TCP ports
    assert "Kernel is running over TCP" not in capfd.readouterr().err
    assert list(tmp_path.iterdir()) == []  # its sockets are not left in the post's folder


INTERACTIVE_POST = """---
title: "A post"
---

```{=html}
<div id="first-controls"><p>Without JavaScript: the table.</p></div>
```

```{python}
x = [1, 2]
```

Drag the slider.

```{python}
#| echo: false
page_data("a-section", points=x)
```

```{=html}
<div id="a-section-controls"><p>Without JavaScript: the table above.</p></div>
<script type="module" src="../../js/a-section.js"></script>
```

Text between.

```{=html}
<div id="b-controls"></div>
```

The end.
"""


def test_interactive_sections_become_one_note_each_where_they_stand(tmp_path):
    # The page's raw HTML (containers, module scripts) means nothing in Jupyter, and page_data
    # only writes data for it: the notebook keeps the Python and says where the page has its
    # controls, whether jupytext left the block in the markdown (first) or made it a cell.
    cells = convert(tmp_path, INTERACTIVE_POST).cells
    code = [c.source for c in cells if c.cell_type == "code"]
    assert code == ["x = [1, 2]"]
    markdown = "\n".join(c.source for c in cells if c.cell_type == "markdown")
    assert markdown.count(ON_THE_PAGE) == 3
    rest = markdown.replace(ON_THE_PAGE, "")
    assert "<" not in rest and "=html" not in rest and "page_data" not in rest
    notes = [i for i in range(len(markdown)) if markdown.startswith(ON_THE_PAGE, i)]
    assert notes[0] < markdown.index("Drag the slider.") < notes[1]
    assert notes[1] < markdown.index("Text between.") < notes[2] < markdown.index("The end.")


EXERCISES_POST = """---
title: "A post"
---

```{python}
#| include: false
from blogkit.exercises import answer
from blogkit.inline import num
```

```{python}
rate = 0.5
```

## Exercises

### Double it

What is twice `{python} num(rate)`?

::: {.callout-tip collapse="true"}
## Solution

Work it out:

```{python}
doubled = 2 * rate
print(f"solved: {doubled}")
rate = 7
```

::: {#fig-inner}
A div inside the solution, with its own fence.
:::

So it is `{python} num(doubled)`.

```{python}
#| include: false
answer(doubled, task="twice the rate")
```
:::

### Nothing to check

Still `{python} num(rate)`?

::: {.callout-tip collapse="true"}
## Solution
```{python}
#| include: false
answer(None, task="a thought")
```
:::

The end.
"""


def exercises_notebook(tmp_path, solutions, text=EXERCISES_POST):
    source = tmp_path / "post" / "index.qmd"
    source.parent.mkdir(exist_ok=True)
    source.write_text(text)
    return for_jupyter(to_notebook(source, solutions))


def test_the_exercise_notebook_has_a_cell_to_work_in_where_each_solution_stands(tmp_path):
    # jupytext cuts each callout holding code into several cells; the builder finds the
    # solution's fences across them, and the fence of a div inside a solution is not its end.
    cells = exercises_notebook(tmp_path, solutions=False).cells
    code = [c.source for c in cells if c.cell_type == "code"]
    assert code[0] == "rate = 0.5"
    assert code[1].startswith("# Exercise 1: twice the rate.\n# Work it out here.")
    assert "#     check(1, your_answer)" in code[1]
    assert code[2].startswith("# Exercise 2: a thought.\n")
    assert "check(" not in code[2] and "solutions notebook" in code[2]
    assert len(code) == 3
    markdown = "\n".join(c.source for c in cells if c.cell_type == "markdown")
    for hidden in ("Solution", "Work it out", "inside the solution", "So it is", "doubled"):
        assert hidden not in markdown
    assert ":::" not in markdown and "The end." in markdown
    sources = [c.source for c in cells]
    assert sources.index(code[1]) == 1 + next(
        i for i, s in enumerate(sources) if "What is twice" in s
    )


def test_the_solutions_notebook_has_each_solution_in_place(tmp_path):
    cells = exercises_notebook(tmp_path, solutions=True).cells
    assert "has the worked solutions" in cells[0].source
    assert "`index.ipynb`" not in cells[0].source and "`post.ipynb`" in cells[0].source
    sources = [c.source for c in cells]
    first = sources.index("#### Solution")
    assert "What is twice" in sources[first - 1] and sources[first + 1] == "Work it out:"
    assert sources[first + 2].startswith("doubled = 2 * rate")
    assert "A div inside the solution, with its own fence." in sources[first + 3]
    assert "So it is" in sources[first + 3]
    assert sources.count("#### Solution") == 2
    assert not any(s.startswith("answer(") or "\nanswer(" in s for s in sources)
    assert not any(":::" in s for s in sources) and "The end." in sources[-1]


def test_executing_the_solutions_collects_their_answers(tmp_path):
    source = tmp_path / "post" / "index.qmd"
    exercises_notebook(tmp_path, solutions=False)  # writes the post
    text, answers = executed_solutions(source)
    assert json.loads(answers) == {
        "post": "post",
        "exercises": {
            "1": {"task": "twice the rate", "value": 1.0, "right": 0.001, "close": 0.05},
            "2": {"task": "a thought", "value": None, "right": 0.001, "close": 0.05},
        },
    }
    solved = nbformat.reads(text, as_version=4)
    printed = "".join(o.get("text", "") for c in solved.cells for o in c.get("outputs", []))
    assert printed == "solved: 1.0\n"
    assert any(c.source.endswith("\n\nSo it is 1.0.") for c in solved.cells)
    # The exercise notebook runs none of the solutions: its second question still sees the
    # post's rate, which the first solution changes.
    assert any(c.source.endswith("\n\nStill 7?") for c in solved.cells)
    exercises = nbformat.reads(executed_text(source), as_version=4)
    assert "solved" not in json.dumps([c.get("outputs") for c in exercises.cells])
    assert any(c.source.endswith("\n\nStill 0.5?") for c in exercises.cells)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("## Solution\n\nWork", "Work"), "solution 1: the callout's first line must be"),
        (("\n:::\n\nThe end.", "\n\nThe end."), "solution 2 has no closing ':::'"),
        (('answer(None, task="a thought")', "x = 1"), "solution 2 has no answer(...) cell"),
        (
            ('answer(None, task="a thought")', "answer(rate, task='t')\nanswer(1, task='u')"),
            "an answer cell holds one call",
        ),
        (('task="twice the rate"', "task=f'twice {rate}'"), "task= as a plain string"),
        (
            ("The end.", "```{python}\n#| include: false\nanswer(1, task='t')\n```\n"),
            "answer(...) belongs inside a solution callout",
        ),
    ],
)
def test_a_malformed_exercise_is_named(tmp_path, change, message):
    text = EXERCISES_POST.replace(*change)
    assert text != EXERCISES_POST
    with pytest.raises(ValueError) as raised:
        exercises_notebook(tmp_path, solutions=False, text=text)
    assert message in str(raised.value)


def test_a_solution_that_fails_stops_the_build(tmp_path):
    source = tmp_path / "post" / "index.qmd"
    exercises_notebook(tmp_path, False, EXERCISES_POST.replace("2 * rate", "2 * rates"))
    with pytest.raises(CellExecutionError, match="rates"):
        executed_solutions(source)


@pytest.mark.parametrize(
    ("arguments", "error", "words"),
    [
        ((1.0, 3), TypeError, "task must say in words"),
        ((1.0, "after 3 epochs"), ValueError, "task must not type a number"),
        (("1.0", "t"), TypeError, "value must be a number"),
        (([[1.0, 2.0]], "t"), TypeError, "value must be a number"),
        ((float("nan"), "t"), ValueError, "value must be finite"),
        ((1.0, "t", 0.1, 0.05), ValueError, "right and close must satisfy"),
        ((1.0, "t", True, 0.05), TypeError, "right must be a relative tolerance"),
    ],
)
def test_answer_rejects_bad_input(arguments, error, words):
    assert_rejects(lambda: answer(*arguments), error, words)
