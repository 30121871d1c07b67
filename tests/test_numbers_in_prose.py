"""Every number a post shows a reader is written by its code, or checked; its words hold.

A number the code computes is an inline expression (blogkit.inline); a worded claim,
`[phrase]{claim="..."}`, is evaluated in the namespace the post's code leaves behind, with
the helpers of the post's claims.py (posts/<slug>/claims.py). What must stay typed (alt texts,
the formulas' own constants) is declared there too: `typed(run)` and `DEFINITIONS`.
"""

import re

import numpy as np
import pytest
from conftest import (
    NUMBER,
    load_module,
    notebook_of,
    rounding_interval,
    run_of,
    tables_shown,
    text_of,
)

from blogkit import proofreading as pr
from blogkit.inline import num


def claims_of(post):
    path = post.parent / "claims.py"
    assert path.exists(), (
        f"{post.parent.name}: declare what the post types in {path.name} next to it "
        "(see the README: Add a post)"
    )
    return load_module(path, f"claims_{post.parent.name.replace('-', '_')}")


def proofread(post, text=None, run=None):
    """(problems, unchecked numbers) of the post, or of `text` and `run` in its place."""
    claims = claims_of(post)
    text = text_of(post) if text is None else text
    run = run_of(post) if run is None else run
    namespace = {**run, **{k: v for k, v in vars(claims).items() if not k.startswith("_")}}
    where = post.parent.name
    problems = pr.check_claims(text, namespace, where)
    typed = claims.typed(run) if hasattr(claims, "typed") else {}  # no typed alt text
    problems += pr.check_typed(text, typed, where)
    return problems, pr.unaccounted(text, claims.DEFINITIONS)


def test_worded_claims_and_typed_numbers_hold(post):
    problems, _ = proofread(post)
    assert problems == [], "\n".join(problems)


def test_every_number_a_reader_sees_is_written_by_the_code_or_checked(post):
    _, unchecked = proofread(post)
    assert unchecked == [], f"{post.parent.name}: typed and unchecked: " + ", ".join(
        f"{number} (line {line})" for line, number in unchecked
    )


def test_a_typed_number_in_the_prose_is_unchecked(post):
    text = text_of(post) + "\nWe trained 42 models in 7.5 hours, twice as fast.\n"
    _, unchecked = proofread(post, text)
    last = text.count("\n")
    assert unchecked == [(last, "42"), (last, "7.5"), (last, "twice")]  # a ratio is a number


def test_what_a_reader_does_not_see_or_the_code_writes_is_not_inventoried():
    text = (
        '---\ntitle: "Post 2"\ndate: 2026-01-02\n---\n\nSee [part 3](../p3/index.qmd).\n\n'
        'It took `{python} num(epochs)` epochs, [10 times]{claim="x > 9"} more.\n\n'
        '```{python}\n#| label: fig-a\n#| fig-alt: "A line through 4 points."\nx = 17\n```\n'
    )
    seen = [m[0] for m in pr.SEEN_NUMBER.finditer(pr.visible(text))]
    assert seen == ["2", "3", "4"]  # the title, the link's words, the alt text
    assert pr.unaccounted(text) == [(2, "2"), (6, "3")]  # alt texts are checked by typed()


def test_raw_html_shows_its_text_not_its_tags():
    # A raw HTML block's words are on the page (without JavaScript, too); its tags, attribute
    # values and scripts are not.
    text = (
        'Text with 1 number.\n\n```{=html}\n<div id="a-2" data-n="3">Only 4 here.</div>\n'
        '<script type="module">const rate = 0.5;</script>\n<p style="width: 6px">7</p>\n```\n'
    )
    seen = [m[0] for m in pr.SEEN_NUMBER.finditer(pr.visible(text))]
    assert seen == ["1", "4", "7"]


def test_a_false_claim_names_the_post_the_line_and_the_phrase():
    text = 'One.\nThe loss [more than halved]{claim="losses[1] < losses[0] / 2"}.\n'
    assert pr.check_claims(text, {"losses": [10.0, 6.0]}, "demo") == [
        "demo, line 2: 'more than halved' is not true (losses[1] < losses[0] / 2)"
    ]
    assert pr.check_claims(text, {"losses": [10.0, 4.0]}, "demo") == []


@pytest.mark.parametrize(
    "phrase, claim, said",
    [
        ("more than halved", "losses[1] < losses[0] / 2", []),
        ("more than tripled", "losses[1] < losses[0] / 2", ["tripled"]),  # words, not claim
        ("about seven times smaller", "abs(losses[0] / losses[1] - 7) < 0.5", []),
        ("about six times smaller", "abs(losses[0] / losses[1] - 7) < 0.5", ["six"]),
        ("to six digits", "tol == 1e-6", []),
        ("almost 5% more", "0.045 < losses[0] < 0.05", []),
        ("almost 6% more", "0.045 < losses[0] < 0.05", ["6%"]),
        ("almost 50% more", "0.045 < losses[0] < 0.05", ["50%"]),  # a percentage by its value
        ("under 7%", "losses[0] * 100 < 7", []),
        ("in fewer than 1400 epochs", "len(losses) < 1400", []),
        ("in fewer than 140 epochs", "len(losses) < 1400", ["140"]),  # digits: by value
        ("from thousands to hundreds", "thousands_to_hundreds(losses)", []),
        ("at $m = 0$ and `{python} num(n)` epochs", "losses[0] > 1", []),  # math, inline code
        ("a learning rate of $0.02$", "rate == 0.01", ["0.02"]),  # inline math counts
        ("$$L = \\frac{1}{n} \\sum_{i=1}^{n} r_i^2$$", "sides(phrase, r_i=r, n=3)", []),
    ],
)
def test_a_phrase_counts_nothing_its_claim_does_not(phrase, claim, said):
    assert pr.uncounted(phrase, claim) == said


def test_shown_is_the_number_written_just_before_the_claim():
    text = 'The rate `{python} num(rates[-1])` [is above the limit]{claim="shown > limit"}.'
    assert pr.check_claims(text, {"rates": [0.01, 0.04], "limit": 0.035, "num": str}) == []
    wrong = text.replace("rates[-1]", "rates[0]")  # a valid expression with the wrong meaning
    assert pr.check_claims(wrong, {"rates": [0.01, 0.04], "limit": 0.035, "num": str}) == [
        "post, line 1: 'is above the limit' is not true (shown > limit)"
    ]


def test_following_are_the_numbers_its_paragraph_writes_after_the_claim():
    claim = '[more than halved]{claim="following[1] < following[0] / 2 and len(following) == 2"}'
    text = f"`{{python}} c` {claim}:\n`{{python}} a` to `{{python}} b`\n\n`{{python}} c`"
    assert pr.check_claims(text, {"a": 10, "b": 4, "c": 1}) == []  # not c: before, or past it
    assert pr.check_claims(text, {"a": 10, "b": 6, "c": 1}) != []


def test_a_claim_that_fails_to_run_is_reported():
    (problem,) = pr.check_claims('[a]{claim="missing > 1"}', {}, "demo")
    assert "'a' is not true" in problem and "NameError" in problem


def test_only_true_counts_as_holding():
    # A claim must say True: a number, a list or None is a mistake in the claim, not a pass.
    for value in ("1", "[0]", "None", "'yes'"):
        assert pr.check_claims(f'[a]{{claim="{value}"}}', {}, "demo") != []


def test_typed_alt_numbers_are_compared_with_the_code():
    text = '```{python}\n#| label: fig-a\n#| fig-alt: "From (2, 65) up."\nx = 1\n```\n'
    assert pr.check_typed(text, {"fig-a": [2, 65]}) == []
    assert pr.check_typed(text, {"fig-a": [2, 56]}) == [
        "post, fig-a alt text: shows ['2', '65'], computed ['2', '56']"
    ]
    assert pr.check_typed(text, {}) != []  # a typed number no claim expects
    signed = text.replace("(2, 65)", "(-2, −0.5)")  # a minus sign is part of the number
    assert pr.check_typed(signed, {"fig-a": ["-2", "-0.5"]}) == []
    assert pr.check_typed(signed, {"fig-a": ["2", "0.5"]}) != []


def shown_markdown(notebook):
    """The notebook's text with its values, and the tables its cells write."""
    pieces = [c.source for c in notebook.cells if c.cell_type == "markdown"]
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            pieces.append(output.get("data", {}).get("text/markdown", ""))
    return "\n\n".join(pieces)


def test_the_arithmetic_the_page_shows_adds_up(post):
    # A wrong variable, index or divisor in an inline expression shows a number the code
    # computed, but not one that follows from the numbers beside it.
    problems = pr.check_arithmetic(shown_markdown(notebook_of(post)), post.parent.name)
    assert problems == [], "\n".join(problems)


def test_the_arithmetic_check_reads_sums_fractions_lists_and_formula_columns():
    right = (
        "$$\\text{MSE} = \\frac{1 + 1 + 0 + 49 + 36}{5} = 17.40$$ and "
        "$X \\times (y - \\hat{y}) = [2, 2] \\times [47.90, -1.243] \\approx [95.80, -2.486]$\n\n"
        "| Point | $y$ | calc | $\\hat{y}$ | $y-\\hat{y}$ | $(y-\\hat{y})^2$ |\n"
        "|:---:|:---:|:---:|:---:|:---:|:---:|\n"
        "| a | 65 | $(3\\times2) + 60$ | 66 | $-1$ | $1$ |\n"
    )
    assert pr.check_arithmetic(right) == []
    wrong = {
        "}{5} = 17.40": "}{4} = 17.40",
        "\\approx [95.80": "\\approx [95.90",
        "$(3\\times2) + 60$": "$(60\\times2) + 3$",
        "| $-1$ |": "| $1$ |",
        "| $1$ |\n": "| $4$ |\n",
    }
    for old, new in wrong.items():
        assert old in right
        assert len(pr.check_arithmetic(right.replace(old, new))) == 1, new


def test_what_is_not_arithmetic_is_not_judged():
    for latex in (
        "m_{new} = m - \\text{learning rate} \\times dm",
        "y = 3x + 60",
        "6015 \\rightarrow 1512",
    ):
        assert pr.check_arithmetic(f"${latex}$") == []
    assert pr.evaluate("3x") is None and pr.evaluate("\\frac{1}{0}") is None
    # A decimal stands for what rounds to it: 0.33 is 1/3 shown with two decimals.
    assert pr.check_arithmetic("$\\frac{1}{3} = 0.33$") == []
    assert pr.check_arithmetic("$\\frac{1}{3} = 0.34$") != []


def test_a_number_shown_as_zero_must_be_zero():
    # A format that rounds a learning rate of 0.01 to "0" writes a wrong number by code.
    assert num(0.0, ".2f") == "0.00" and num(-0.0, ".2f") == "0.00"
    assert num(0.01, ".2f") == "0.01"
    for value, spec in ((0.01, ".0f"), (-0.004, ".2f"), (1e-7, ".4f")):
        with pytest.raises(ValueError, match=re.escape(repr(spec))):
            num(value, spec)


def in_order(cells, line):
    """Whether the printed line holds a number for each cell's interval, in the cells' order."""
    position = 0
    for low, high in cells:
        position = next((i + 1 for i in range(position, len(line)) if low <= line[i] <= high), -1)
        if position < 0:
            return False
    return True


def test_a_table_that_repeats_printed_output_repeats_it_row_for_row(post):
    # A row that shares two or more numbers with a printed line (of three digits or more,
    # which do not meet by chance) repeats printed output: some line holds all of its
    # numbers, in the row's order. A row that took a value from another run, or a column
    # that took another column's, shows at once.
    run = run_of(post)
    lines = [list(NUMBER.finditer(line)) for line in run["printed"].splitlines()]
    lines = [[float(m[1].replace(",", "")) for m in found] for found in lines]
    for rows in tables_shown(run):
        for row in rows:
            cells = [NUMBER.fullmatch(cell.strip("$")) for cell in row[1:]]
            cells = [rounding_interval(m) for m in cells if m and len(re.sub(r"\D", "", m[1])) >= 3]
            shares = [
                len({v for v in line if any(lo <= v <= hi for lo, hi in cells)}) >= 2
                for line in lines
            ]
            assert not any(shares) or any(in_order(cells, line) for line in lines), (
                f"{post.parent.name}: the table row {' | '.join(row)} repeats printed output "
                "only in part"
            )


def test_a_direction_in_words_is_the_direction_its_claim_compares():
    assert pr.check_claims('It [rises]{claim="2 > 1"}.', {}) == []
    assert pr.check_claims('It [falls]{claim="1 < 2"}.', {}) == []
    (problem,) = pr.check_claims('It [falls]{claim="2 > 1"}.', {})
    assert "says 'falls'; its claim, the other way" in problem


def test_a_word_of_a_swappable_pair_is_the_one_its_claim_names():
    # slope/intercept, training/validation, vertical/horizontal, along/against: a phrase that
    # says one side, claimed by code that names only the other, is a slip.
    assert (
        pr.check_claims('in the [intercept]{claim="intercept_lag > 1"}', {"intercept_lag": 2}) == []
    )
    (problem,) = pr.check_claims('in the [slope]{claim="intercept_lag > 1"}', {"intercept_lag": 2})
    assert "says 'slope'; its claim, the other way" in problem
    scale = {"f": {"yaxis": "log"}}
    assert pr.check_claims("the [vertical axis]{claim=\"f['yaxis'] == 'log'\"}", scale) == []
    assert pr.check_claims("the [$x$-axis]{claim=\"f['yaxis'] == 'log'\"}", scale) != []
    assert pr.check_claims('[against it]{claim="-1 < 0"}', {}) == []
    assert pr.check_claims('[along it]{claim="-1 < 0"}', {}) != []
    both = 'the [intercept is farther than the slope]{claim="intercept_lag > 1"}'
    assert pr.check_claims(both, {"intercept_lag": 2}) == []  # both sides said: not judged


@pytest.mark.parametrize(
    "phrase, right, wrong",
    [
        ("a [larger]{claim=CODE} rate", "fast > slow", "fast < slow"),
        ("[fewer]{claim=CODE} epochs", "a.epochs < b.epochs", "a.epochs > b.epochs"),
        ("on the [test set]{claim=CODE}", "loss(X_test) > 1", "loss(X_train) > 1"),
        ("the [training loss]{claim=CODE}", "loss(X_train) > 1", "loss(X_valid) > 1"),
        ("from the [first epoch]{claim=CODE}", "h[1] > h[0]", "h[-1] > 1"),
        ("at the [last epoch]{claim=CODE}", "h[-1] < 1", "h[0] < 1"),
        ("the [steeper direction]{claim=CODE}", "lambda_max > 1", "lambda_min > 1"),
        ("along the [flat floor]{claim=CODE}", "flat[0] < 1", "steep[0] < 1"),
        ("Adam is [faster]{claim=CODE} than", "adam.epochs < gd.epochs", "adam.epochs > gd.epochs"),
        ("[too long]{claim=CODE}, it overshoots", "after > before", "after < before"),
        ("a direction [mostly $m$]{claim=CODE}", "abs(m := v[0]) > 0.9", "abs(b := v[1]) > 0.9"),
        (
            "runs [from the upper left to the lower right]{claim=CODE}",
            "v[0] * v[1] < 0",
            "v[0] * v[1] > 0",
        ),
        (
            "kicks [proportional to the rate]{claim=CODE}",
            "f(r + r) == 2 * f(r)",
            "f(r + r) == f(r) / 2",
        ),
        ("[inversely proportional]{claim=CODE}", "f(r + r) == f(r) / 2", "f(r + r) == 2 * f(r)"),
        (
            "runs [from the lower left to the upper right]{claim=CODE}",
            "v[0] * v[1] > 0",
            "v[0] * v[1] < 0",
        ),
    ],
)
def test_each_pair_catches_its_swapped_word(phrase, right, wrong):
    # The claim's code names the side its phrase says (right), or only the other (wrong).
    def slips(code):
        return [p for p in pr.check_claims(phrase.replace("CODE", f'"{code}"'), {}) if "way" in p]

    assert slips(right) == []
    (problem,) = slips(wrong)
    assert "its claim, the other way" in problem


@pytest.mark.parametrize(
    "phrase, claim, said",
    [
        ("over its last hundred epochs", "len(gaps[-100:]) == 100", []),
        ("over its last ten epochs", "len(gaps[-100:]) == 100", ["ten"]),  # 100 is not ten
        ("over its last hundred epochs", "len(gaps[-10:]) == 10", ["hundred"]),
        ("one millionth", "tol == 1e-6", []),  # a power of ten by its value or its inverse
        ("well over a hundred thousand", "steps > 100 * 1000", []),
    ],
)
def test_a_power_of_ten_in_words_is_that_power_exactly(phrase, claim, said):
    assert pr.uncounted(phrase, claim) == said


def test_a_formula_in_symbols_is_evaluated_side_by_side():
    # Sums over i, fractions, products written side by side and squares, with the symbols'
    # values given; the left side of each equation (its name) is not read.
    x, y = np.array([1.0, 2.0, 4.0]), np.array([3.0, 5.0, 4.0])
    gradient = (
        r"$$\frac{\partial L}{\partial m} = - \frac{2}{n} \sum_{i=1}^{n} x_i(y_i - \hat{y}_i)$$"
    )
    values = pr.sides(gradient, x_i=x, y_i=y, yhat_i=x + 1, n=3)
    assert values == pytest.approx([-2 / 3 * np.sum(x * (y - x - 1))])
    squared = pr.sides(gradient.replace("x_i(", "x_i^2("), x_i=x, y_i=y, yhat_i=x + 1, n=3)
    assert squared != pytest.approx(values)
    mse = r"$$\text{MSE} = \frac{1}{n} \sum_{i=1}^{n} \left(y_i - (mx_i + b)\right)^2$$"
    assert pr.sides(mse, x_i=x, y_i=y, m=2.0, b=1.0, n=3) == pytest.approx(
        [np.mean((y - 2 * x - 1) ** 2)]
    )
    two = r"$$a = \frac{2}{n} \sum_{i=1}^{n} (y_i - x_i) \qquad c = \sum_{i=1}^{n} x_i.$$"
    assert pr.sides(two, x_i=x, y_i=y, n=3) == pytest.approx([2 / 3 * np.sum(y - x), 7.0])


def test_a_formula_side_that_cannot_be_evaluated_is_none_and_none_at_all_an_error():
    mixed = r"$$L = \sum_{i=1}^{n} z_i \qquad c = \sum_{i=1}^{n} x_i$$"  # z_i has no value
    assert pr.sides(mixed, x_i=[1.0], n=1) == [None, 1.0]
    with pytest.raises(ValueError, match="not arithmetic"):
        pr.sides(r"$$L = \sum_{i=1}^{n} z_i$$", x_i=[1.0], n=1)


def test_bars_roots_greek_letters_and_named_functions_are_read():
    # Independently computed: NumPy's least squares, mean absolute error and signs.
    x, y = np.array([1.0, 2.0, 4.0]), np.array([3.0, 5.0, 4.0])
    slope, intercept = np.polyfit(x, y, 1)
    means = (
        r"$$m = \frac{\operatorname{mean}(xy) - \bar{x}\,\bar{y}}"
        r"{\operatorname{mean}(x^2) - \bar{x}^2} \qquad b = \bar{y} - m\bar{x}$$"
    )
    bars = {"xbar": x.mean(), "ybar": y.mean()}
    assert pr.sides(means, x=x, y=y, m=slope, **bars) == pytest.approx([slope, intercept])
    mae = (
        r"$$L = \frac{1}{n} \sum_{i=1}^{n} |y_i - x_i|"
        r" = \frac{1}{n} \sum_{i=1}^{n} \operatorname{sign}(y_i - x_i)(y_i - x_i)$$"
    )
    assert pr.sides(mae, x_i=x, y_i=y, n=3) == pytest.approx([np.mean(abs(y - x))] * 2)
    rate = r"$$\eta = \frac{4}{\left(\sqrt{\lambda_{max}} + \sqrt{\lambda_{min}}\right)^2}$$"
    assert pr.sides(rate, lambda_max=9.0, lambda_min=1.0) == pytest.approx([0.25])
    assert pr.sides(r"$\sigma_x = \sqrt{\kappa}$", kappa=4.0) == pytest.approx([2.0])
    # |r| of a shown number that rounds either side of zero can be 0.
    assert pr.evaluate(r"|-0.0|").low == 0 and pr.evaluate(r"|-0.4|").low == pytest.approx(0.35)
