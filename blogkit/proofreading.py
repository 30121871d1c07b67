"""Proofread a post: its worded claims hold, and no number a reader sees is typed unchecked.

A number the code computes is written by the code (an inline expression, see
blogkit.inline). What only words can say is a claim, stated next to the phrase it is about:

    This epoch [more than halved]{claim="loss_history[2] < loss_history[1] / 2"} the loss.

The expression is evaluated in the namespace the post's code leaves behind (plus the helpers
of the post's claims.py); a false one is reported with the post's line and the phrase. The
page shows the phrase alone (_filters/claims.lua), and so does the notebook.

What must stay typed (an alt text is a cell option, which Quarto does not evaluate) is
checked by the post's claims.py: `typed(run)` gives, per figure label, the numbers its alt
text shows as the code computes them.
"""

import re

from blogkit.inline import INLINE
from blogkit.notebooks import figures

CLAIM = re.compile(r'\[([^\]]*)\]\{claim="([^"]*)"\}')

# A number as a reader sees it, also as a coefficient (3x, 2I); not a digit inside a name
# such as x_1, H_z or log10.
SEEN_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?:e-?\d+)?(?![\d_]|[A-Za-z]{2})")


def line_of(text, position):
    return text.count("\n", 0, position) + 1


def check_claims(text, namespace, where="post"):
    """Problems with the worded claims of `text`: each false or failing one, by line and phrase."""
    problems = []
    for claim in CLAIM.finditer(text):
        phrase, expression = claim[1], claim[2]
        try:
            holds = eval(expression, dict(namespace))  # the post's own code, run by the tests
        except Exception as error:  # noqa: BLE001 - a broken claim is reported, not raised
            holds, expression = False, f"{expression} raised {error!r}"
        if holds is not True and not (hasattr(holds, "item") and holds.item() is True):
            problems.append(
                f"{where}, line {line_of(text, claim.start())}: {phrase!r} is not true "
                f"({expression})"
            )
    return problems


def figure_alts(text):
    """{label: alt text} of every figure with a typed alt text, as the post's source types it."""
    return {label: alt for label, (_, alt, _) in figures(text).items() if alt is not None}


def check_typed(text, expected, where="post"):
    """Problems with the numbers typed in alt texts: `expected` is {label: [numbers as shown]}."""
    problems = []
    for label, alt in figure_alts(text).items():
        shown = SEEN_NUMBER.findall(alt)
        wanted = [str(number) for number in expected.get(label, [])]
        if shown != wanted:
            problems.append(f"{where}, {label} alt text: shows {shown}, computed {wanted}")
    return problems


def visible(text):
    """The post's source with what a reader does not see, or the code writes, blanked out.

    Kept: the front matter's title and description, the markdown, diagrams, the text of raw
    HTML blocks, and the alt texts of the code cells. Blanked (positions kept): code, inline
    expressions, claimed phrases and their claims, HTML tags and scripts, link targets, cell
    options other than fig-alt, LaTeX command names.
    """
    shown = list(text)

    def blank(start, end):
        shown[start:end] = re.sub(r"[^\n]", " ", text[start:end])

    front = re.match(r"---\n.*?\n---\n", text, re.DOTALL)
    if front:
        for line in re.finditer(r"^.*$", front[0], re.MULTILINE):
            if not re.match(r"(title|description):", line[0]):
                blank(line.start(), line.end())
    for cell in re.finditer(r"^```\{python\}\n(.*?)^```$", text, re.DOTALL | re.MULTILINE):
        for line in re.finditer(r"^.*$", cell[1], re.MULTILINE):
            if not re.match(r"#\| fig-alt:", line[0]):
                blank(cell.start(1) + line.start(), cell.start(1) + line.end())
    # A raw HTML block shows the text between its tags (the words shown without JavaScript).
    for block in re.finditer(r"^```\{=html\}\n(.*?)^```$", text, re.DOTALL | re.MULTILINE):
        for tag in re.finditer(r"<script\b.*?</script>|<[^>]*>", block[1], re.DOTALL):
            blank(block.start(1) + tag.start(), block.start(1) + tag.end())
    patterns = (
        INLINE.pattern,
        CLAIM.pattern,
        r"\]\([^)]*\)(\{[^}]*\})?",
        r"\\[A-Za-z]+",
        r"<!--.*?-->",
        r"\{[.#][^}]*\}",
    )
    for pattern in patterns:
        for match in re.finditer(pattern, text, re.DOTALL | re.MULTILINE):
            blank(match.start() + (1 if match[0].startswith("]") else 0), match.end())
    return "".join(shown)


def unaccounted(text, definitions=()):
    """(line, number) of every number a reader sees that the code does not write.

    Typed numbers are allowed where a definition covers them (`definitions`: patterns of the
    text's own constants, such as the 2 of a squared error) and in alt texts (check_typed).
    """
    covered = []
    for pattern in definitions:
        covered += [m.span() for m in re.finditer(pattern, text)]
    for alt in re.finditer(r"^#\| fig-alt:.*$", text, re.MULTILINE):
        covered.append(alt.span())
    return [
        (line_of(text, number.start()), number[0])
        for number in SEEN_NUMBER.finditer(visible(text))
        if not any(start <= number.start() and number.end() <= end for start, end in covered)
    ]


# An edge of a mermaid flowchart: `A[text] --> B`, `C -- no --> D[text]`, `E -- "text" --> A`.
EDGE = re.compile(
    r'^[ \t]*(\w+)[^-\n]*?[ \t]*(?:--[ \t]*("[^"\n]*"|[^->\n]+?)[ \t]*)?-->[ \t]*(\w+)', re.M
)


def flow(diagram):
    """The flowchart's edges as (from, label, to), and its decision nodes (`X{...}`)."""
    edges = [(m[1], (m[2] or "").strip('"'), m[3]) for m in EDGE.finditer(diagram)]
    decisions = set(re.findall(r"(\w+)\{", diagram))
    return edges, decisions
