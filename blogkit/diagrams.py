"""A post's mermaid diagrams as written: their Quarto options, their text and their boxes."""

import re
from dataclasses import dataclass

import yaml

DIAGRAM = re.compile(r"^```\{?mermaid\}?\n(.*?)^```$", re.DOTALL | re.MULTILINE)
# A box of a flowchart and its shape: A[text], B(text), C{text}, E((text)).
BOX = re.compile(
    r"\b(?P<id>[A-Za-z]\w*)(?:\[(?P<square>[^\]]*)\]|\(\((?P<circle>[^)]*)\)\)"
    r"|\((?P<rounded>[^)]*)\)|\{(?P<decision>[^}]*)\})"
)
ACCESSIBILITY = re.compile(r"^[ \t]*acc(Title|Descr)\b.*$", re.MULTILINE)


@dataclass
class Diagram:
    options: dict  # the cell's leading %%| options (label, fig-cap, ...)
    body: str  # what mermaid reads

    @property
    def is_flowchart(self):
        return self.body.lstrip().startswith(("flowchart", "graph"))

    def statement(self, keyword):
        """The text of a one-line statement such as `accTitle: ...`, or None."""
        found = re.search(rf"^[ \t]*{keyword}[ \t]*:[ \t]*(.*)$", self.body, re.MULTILINE)
        return found[1].strip() if found else None

    def boxes(self):
        """[(id, shape, text)] of every box, its line breaks as spaces."""
        found = []
        for match in BOX.finditer(ACCESSIBILITY.sub("", self.body)):
            shape = next(
                name
                for name in ("square", "circle", "rounded", "decision")
                if match[name] is not None
            )
            found.append(
                (match["id"], shape, re.sub(r"\s*<br\s*/?>\s*", " ", match[shape]).strip())
            )
        return found


def diagrams_in(text):
    """Every mermaid cell of a post's source (```{mermaid}) or notebook (```mermaid)."""
    found = []
    for cell in DIAGRAM.findall(text):
        lines = cell.splitlines()
        count = next((i for i, line in enumerate(lines) if not line.startswith("%%|")), len(lines))
        options = "\n".join(line[3:].removeprefix(" ") for line in lines[:count])
        found.append(Diagram(yaml.safe_load(options) or {}, "\n".join(lines[count:]) + "\n"))
    return found


# An edge of a mermaid flowchart: `A[text] --> B`, `C -- no --> D[text]`, `E -- "text" --> A`.
EDGE = re.compile(
    r'^[ \t]*(\w+)[^-\n]*?[ \t]*(?:--[ \t]*("[^"\n]*"|[^->\n]+?)[ \t]*)?-->[ \t]*(\w+)', re.M
)


def flow(diagram):
    """The flowchart's edges as (from, label, to), and its decision nodes (`X{...}`)."""
    edges = [(m[1], (m[2] or "").strip('"'), m[3]) for m in EDGE.finditer(diagram)]
    decisions = set(re.findall(r"(\w+)\{", diagram))
    return edges, decisions
