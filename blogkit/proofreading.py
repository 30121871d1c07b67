"""Proofread a post: its worded claims hold, and no number a reader sees is typed unchecked.

What only words can say is a claim next to its phrase, `[more than halved]{claim="..."}`,
evaluated in the namespace the post's code leaves behind plus its claims.py's helpers, `shown`
(the number written just before it), `following` (those its paragraph writes after it) and
`phrase`. A typed alt text is checked against `typed(run)` of claims.py.
"""

import re
from math import log10

from blogkit.inline import INLINE
from blogkit.notebooks import figures

CLAIM = re.compile(r'\[([^\]]*)\]\{claim="([^"]*)"\}')

# A number as a reader sees it, also as a coefficient (3x, 2I); not a digit inside a name
# such as x_1, H_z or log10.
SEEN_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?:e-?\d+)?(?![\d_]|[A-Za-z]{2})")
# Words a slip swaps for their pair, and how a claim's code says each ("rises": `>`).
PAIRS = [((r"\b(?:ris(?:es?|ing)|climbs?|grow(?:s|ing)?|increas(?:es?|ing)|above|along|higher"
           r"|farther|positive|larger|bigger|greater|slower|later|long)\b", ">"),
          (r"\b(?:fall(?:s|ing)?|drops?|shrink(?:s|ing)?|decreas(?:es?|ing)|below|against"
           r"|lower(?! left| right)|closer|negative|smaller|fewer|faster|sooner|short)\b", "<")),
         (("slope",) * 2, ("intercept",) * 2), ((r"\$m\$", r"\bm\b"), (r"\$b\$", r"\bb\b")),
         (("training", "train"), ("validation|test", "valid|test")), (("mean",) * 2, ("sum",) * 2),
         ((r"\bfirst\b", r"\[0\]|first"), (r"\blast\b", r"\[-1\]|last")),
         ((r"upper left|lower right", r"\] \* \w+\[1\] <"),  # a diagonal: the signs of (x, y)
          (r"lower left|upper right", r"\] \* \w+\[1\] >")), (("converge",) * 2, ("diverge",) * 2),
         ((r"steep|\bfast", "lambda_max|steep"), (r"\bflat|\bslow", "lambda_min|flat")),
         ((r"observations|data points|patients|\brows", r"len\((?:X|y)|axis=0"),
          (r"parameters|features|columns", "param|axis=1")),
         ((r"\bbefore\b", "initial|guess|start"), (r"\bafter\b", "final|trained")),
         ((r"(?<!inversely )proportional", r"\b2 \*"), (r"inversely proportional", r"/ 2\b")),
         ((r"vertical|\$?y\$?-axis", r"yaxis|yscale|\(0,"),  # at x = 0: on the y-axis
          (r"horizontal|\$?x\$?-axis", "xaxis|xscale"))]  # fmt: skip
# A ratio in words ("twice", "halves", "ten times"): a number too, claimed or defined.
RATIO = re.compile(
    r"\b(?:twice|doubl(?:es?|ed|ing)|halv(?:es?|ed|ing)|half|tripl(?:es?|ed)|tenfold"
    r"|(?:two|three|four|five|ten|a hundred) times)\b", re.IGNORECASE)  # fmt: skip


# What a phrase's words count, and how its claim must say it: a literal with the same digits
# (0.5, 50, 5e-3 for "five"; a power of ten exactly, 100 or 0.01 for "hundred"), that exponent
# ("six digits": 1e-6) or a name spelling it (`thousands_to_hundreds`). Display math, code: skipped.
QUANTITIES = {
    "one": 1, "two": 2, "twice": 2, "doubled?": 2, "half|halve[sd]?": 2, "three": 3, "third": 3,
    "tripled?": 3, "four": 4, "quarter": 4, "five": 5, "fifth": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten(?:fold)?": 10, "hundred(?:s|fold)?": 100, "thousands?": 1000,
    "million": 1e6, "billion": 1e9, "per ?cent": 100,
}  # fmt: skip


def _written(inline, names):
    """The number an inline expression writes."""
    return float(str(eval(inline[1], names)).replace(",", ""))


def check_claims(text, namespace, where="post"):
    """Problems with the worded claims of `text`, by line and phrase: each false or failing one,
    and each whose phrase counts something (in words or digits) that its expression does not."""
    problems = []
    for claim in CLAIM.finditer(text):
        phrase, expression = claim[1], claim[2]
        line = text.count("\n", 0, claim.start()) + 1
        at = f"{where}, line {line}: {phrase!r}"
        try:
            names = dict(namespace, phrase=phrase)  # a claim may read its phrase (`sides`)
            if "shown" in expression:  # the number the text writes just before the claim
                names["shown"] = _written([*INLINE.finditer(text, 0, claim.start())][-1], names)
            if "following" in expression:  # the numbers its paragraph writes after it
                end = re.compile(r"\n\n|\Z").search(text, claim.end()).start()
                after = INLINE.finditer(text, claim.end(), end)
                names["following"] = [_written(inline, names) for inline in after]
            holds = eval(expression, names)  # the post's own code, run by the tests
        except Exception as error:  # noqa: BLE001 - a broken claim is reported, not raised
            holds, expression = False, f"{expression} raised {error!r}"
        if holds is not True and not (hasattr(holds, "item") and holds.item() is True):
            problems.append(f"{at} is not true ({expression})")
        problems += [f"{at} says {w!r}; its claim does not" for w in uncounted(phrase, expression)]
        for pair in PAIRS:
            said = [re.search(words, phrase, re.I) for words, _ in pair]
            coded = [re.search(code, expression, re.I) is not None for _, code in pair]
            if sum(map(bool, said)) == 1 and coded == [not s for s in said]:
                problems.append(f"{at} says {(said[0] or said[1])[0]!r}; its claim, the other way")
    return problems


def _digits(value):
    return f"{abs(value):.6e}".split("e")[0].rstrip("0").rstrip(".").replace(".", "")


def uncounted(phrase, expression):
    """The quantities `phrase` names that `expression` does not (see QUANTITIES)."""
    phrase = re.sub(r"\$\$.*?\$\$|`\{python\}[^`]*`", " ", phrase, flags=re.S)  # inline math counts
    literals = re.findall(r"(?<![\w.])\d[\d_]*(?:\.\d+)?(?:e-?\d+)?", expression)
    values, names = [float(n) for n in literals], " ".join(re.findall(r"[A-Za-z_]\w*", expression))
    numbers = re.finditer(SEEN_NUMBER.pattern + "%?", phrase)  # 5% is 0.05 (or 5 per cent)
    said = [(m[0], float(m[0].rstrip("%"))) for m in numbers]
    for word, count in QUANTITIES.items():
        said += [(m[0], count) for m in re.finditer(rf"\b(?:{word})\b", phrase, re.I)]
    return [
        word
        for word, count in said
        if not re.search(word.lower().rstrip("s"), names.lower())
        and not any(
            v in (count, count / 100)  # a number in digits: by its value (5% also 0.05)
            if word[0].isdigit()
            else _digits(v) in (_digits(count), _digits(1 / count if count else 0))
            and (log10(count) % 1 > 0 or count in (1, v) or abs(v * count - 1) < 1e-9)
            or (v > 0 and abs(log10(v)) == count)
            for v in values
        )
    ]


def check_typed(text, expected, where="post"):
    """Problems with the signed numbers typed in alt texts: `expected` is {label: [shown]}."""
    problems = []
    for label, (_, alt, _) in figures(text).items():
        shown = re.findall("-?" + SEEN_NUMBER.pattern, (alt or "").replace("\u2212", "-"))
        wanted = [str(number) for number in expected.get(label, [])]
        if shown != wanted:
            problems.append(f"{where}, {label} alt text: shows {shown}, computed {wanted}")
    return problems


def visible(text):
    """The post's source with what a reader does not see, or the code writes, blanked out
    (positions kept): code but alt texts, inline expressions, claims, tags, links, commands."""
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
    for pattern in (INLINE.pattern, CLAIM.pattern, r"\]\([^)]*\)(\{[^}]*\})?", r"\\[A-Za-z]+",
                    r"<!--.*?-->", r"\{[.#][^}]*\}"):  # fmt: skip
        for match in re.finditer(pattern, text, re.DOTALL | re.MULTILINE):
            blank(match.start() + (1 if match[0].startswith("]") else 0), match.end())
    return "".join(shown)


def unaccounted(text, definitions=()):
    """(line, number) of every number a reader sees that the code does not write, but where
    `definitions` (patterns of the text's own constants) cover it, and in alt texts."""
    patterns = [*definitions, r"(?m)^#\| fig-alt:.*$"]
    covered = [m.span() for pattern in patterns for m in re.finditer(pattern, text)]
    shown = visible(text)
    seen = [*SEEN_NUMBER.finditer(shown), *RATIO.finditer(shown)]
    return [
        (text.count("\n", 0, number.start()) + 1, number[0])
        for number in sorted(seen, key=lambda number: number.start())
        if not any(start <= number.start() and number.end() <= end for start, end in covered)
    ]


def sides(latex, **symbols):
    """The right-hand sides of a formula's equations (\\quad apart) in x_i, \\hat{y}_i (yhat_i=),
    \\bar{x} (xbar=), \\lambda_{max} (lambda_max=), n...; None where one does not evaluate."""
    bound = {
        k: [*map(Interval, v)] if hasattr(v, "__len__") else Interval(v) for k, v in symbols.items()
    }
    equations = re.split(r"\\q?quad", latex)  # the left side names: "(?<!_\{i)" skips i=1
    rights = [side for eq in equations for side in re.split(r"(?<!_\{i)=|\\approx", eq)[1:]]
    values = [evaluate(side.strip(" $.,"), bound) for side in rights]
    if not any(values):
        raise ValueError(f"not arithmetic of {', '.join(symbols)}: {latex}")
    return [value and (value.low + value.high) / 2 for value in values]


# ------------- the arithmetic the page shows: the sides of each `=` or `\approx` must overlap


class Interval:
    """[low, high], with the arithmetic the equations use."""

    def __init__(self, low, high=None):
        self.low, self.high = low, low if high is None else high

    def __add__(self, other):
        return Interval(self.low + other.low, self.high + other.high)

    def __sub__(self, other):
        return Interval(self.low - other.high, self.high - other.low)

    def __mul__(self, other):
        ends = [a * b for a in (self.low, self.high) for b in (other.low, other.high)]
        return Interval(min(ends), max(ends))

    def __truediv__(self, other):
        if other.low <= 0 <= other.high:
            raise ZeroDivisionError("division by an interval around 0")
        return self * Interval(1 / other.high, 1 / other.low)

    def overlaps(self, other, slack=1e-9):
        return self.low <= other.high + slack and other.low <= self.high + slack


def shown_number(text):
    """A number as shown: an integer is exact, a decimal stands for what rounds to it."""
    value = float(text)
    half = 0.5 * 10.0 ** -len(text.split(".")[1]) if "." in text else 0.0
    return Interval(value - half, value + half)


ARITHMETIC_TOKEN = re.compile(r"\s*(\d+(?:\.\d+)?|\\times|\\cdot|\\frac|\^(?:2|\{2\})"
                              r"|[-+(){}\[\],]|\\sum_\{i=1\}\^(?:n|\{n\})"
                              r"|(?P<symbol>\\[a-z]+(?:_\w|_\{\w+\})?|[a-z](?:_i)?))")  # fmt: skip
NAMED = (  # symbols by name: \bar{x} is xbar, \operatorname{mean} the function mean, |a| abs
    (r"\\(hat|bar)\{(\w)\}", r"\\\2\1"),
    (r"\\operatorname\{(\w+)\}", r"\\\1"),
    (r"\|([^|]*)\|", r"\\abs(\1)"),
)
FUNCTIONS = {  # of a list, element by element but the mean
    "sqrt": lambda v: _apply(v, v, lambda a, _: Interval(a.low**0.5, a.high**0.5)),
    "sign": lambda v: _apply(v, v, lambda a, _: Interval(*[float(a.low > 0) - (a.high < 0)] * 2)),
    "abs": lambda v: _apply(
        v, v, lambda a, _: Interval(max(0, a.low, -a.high), max(-a.low, a.high))
    ),
    "mean": lambda v: _apply(sum(v[1:], v[0]), Interval(len(v)), lambda a, b: a / b),
}


def evaluate(latex, symbols=()):
    """The value of a LaTeX sum, product, fraction or list of numbers (or of `symbols`), or None."""
    latex = re.sub(r"\\left|\\right|\\big|\\,|\s+", " ", latex).strip()
    for pattern, name in NAMED:
        latex = re.sub(pattern, name, latex)
    tokens, position = [], 0
    while position < len(latex):
        match = ARITHMETIC_TOKEN.match(latex, position)
        if not match:
            return None
        tokens.append(re.sub(r"[\\{}]", "", match[1]) if match["symbol"] else match[1])
        position = match.end()
    tokens = [dict(symbols).get(token, token) for token in tokens]
    if not tokens or not any(not isinstance(t, str) or re.match(r"\d", t) for t in tokens):
        return None
    try:
        value, rest = _sum(tokens)
    except (IndexError, TypeError, ValueError, ZeroDivisionError):
        return None
    return value if not rest else None


def _sum(tokens):
    value, tokens = _product(tokens)
    while tokens and tokens[0] in "+-":
        sign, (term, tokens) = tokens[0], _product(tokens[1:])
        value = _apply(value, term, lambda a, b, s=sign: a + b if s == "+" else a - b)
    return value, tokens


def _product(tokens):
    value, tokens = _factor(tokens)
    while tokens and tokens[0] not in ("+", "-", ")", "}", "]", ","):  # 2(3) and 2 \times 3
        factor, tokens = _factor(tokens[1:] if tokens[0] in (r"\times", r"\cdot") else tokens)
        value = _apply(value, factor, lambda a, b: a * b)
    return value, tokens


def _factor(tokens):
    head, rest = tokens[0], tokens[1:]
    if not isinstance(head, str):
        value = head
    elif head.startswith(r"\sum"):
        terms, rest = _product(rest)
        value = sum(terms[1:], terms[0])
    elif head == "-":
        value, rest = _factor(rest)
        value = _apply(Interval(0), value, lambda a, b: a - b)
    elif head in FUNCTIONS:  # \sqrt{a}, \operatorname{sign}(a), |a| (as \abs(a))
        value, rest = _group(rest, rest[0], {"{": "}", "(": ")"}.get(rest[0]))
        value = FUNCTIONS[head](value)
    elif head == r"\frac":
        numerator, rest = _group(rest, "{", "}")
        denominator, rest = _group(rest, "{", "}")
        value = _apply(numerator, denominator, lambda a, b: a / b)
    elif head == "(":
        value, rest = _group(tokens, "(", ")")
    elif head == "[":
        value, rest = [], [",", *rest]
        while rest[0] == ",":
            item, rest = _sum(rest[1:])
            value.append(item)
        if rest[0] != "]":
            raise ValueError("not a list")
        rest = rest[1:]
    elif re.match(r"\d", head):
        value = shown_number(head)
    else:
        raise ValueError(f"unexpected {head}")
    while rest and str(rest[0]).startswith("^"):
        value, rest = _apply(value, value, lambda a, b: a * b), rest[1:]
    return value, rest


def _group(tokens, opening, closing):
    value, rest = _sum(tokens[1:]) if tokens[0] == opening else (None, [])
    if not rest or rest[0] != closing:
        raise ValueError(f"expected {opening}...{closing}")
    return value, rest[1:]


def _apply(a, b, operation):
    """`operation` on intervals, element by element where one side is a list."""
    if isinstance(a, list) or isinstance(b, list):
        a = a if isinstance(a, list) else [a] * len(b)
        b = b if isinstance(b, list) else [b] * len(a)
        return [operation(x, y) for x, y in zip(a, b, strict=True)]
    return operation(a, b)


def _agree(a, b):
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(x.overlaps(y) for x, y in zip(a, b, strict=True))
    return not isinstance(a, list) and not isinstance(b, list) and a.overlaps(b)


MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.DOTALL)


def check_arithmetic(markdown, where="post"):
    """Problems with the displayed equalities and formula columns of `markdown` (with values)."""
    problems = []
    for math in MATH.finditer(markdown):
        for line in re.split(r"\\\\", math[1] or math[2]):
            line = re.sub(r"^.*?:&\\quad|&|\\begin\{aligned\}|\\end\{aligned\}", "", line)
            sides = [evaluate(side) for side in re.split(r"=|\\approx", line)]
            for left, right in zip(sides, sides[1:], strict=False):
                if left is not None and right is not None and not _agree(left, right):
                    problems.append(f"{where}: the arithmetic of ${line.strip()}$ is wrong")
    return problems + _check_tables(markdown, where)


def _check_tables(markdown, where):
    problems = []
    for table in re.finditer(r"(?:^\|.*\|[ \t]*\n?){3,}", markdown, re.MULTILINE):
        rows = [
            [cell.strip().strip("$").strip() for cell in line.strip().strip("|").split("|")]
            for line in table[0].strip().splitlines()
        ]
        header, body = rows[0], rows[2:]
        for row in body:
            values = dict(zip(header, row, strict=False))
            for column, cell in values.items():
                formula = column
                for name in sorted(header, key=len, reverse=True):
                    pattern = rf"(?<![\w\\{{]){re.escape(name)}(?![\w}}])"
                    if name != column and evaluate(values[name]) is not None:
                        formula = re.sub(pattern, f"({values[name]})", formula)
                expected = evaluate(formula) if formula != column else None
                computed = evaluate(cell)
                follows = header[header.index(column) + 1] if column == "calc" else None
                if follows:
                    expected, computed = computed, evaluate(values[follows])
                if expected is not None and computed is not None and not _agree(expected, computed):
                    problems.append(f"{where}: table column {column}: {cell} in row {row}")
    return problems
