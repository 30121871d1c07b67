"""Numbers that a post's code writes into its text: Quarto's inline expressions.

A post writes `{python} num(initial_loss, ".2f")` (in backticks) where a sentence, a table or
an equation shows a computed number. Quarto evaluates it in the kernel when it renders the
page; the notebook builder evaluates it the same way and writes the value into the notebook's
markdown. `num` returns text that both insert as it is, inside `$...$` too (a plain str would
come out with its dots and minus signs escaped for markdown).
"""

import numbers
import re

import numpy as np

# Quarto's own pattern (its Jupyter engine): `{python} expression`, not inside ``...``.
INLINE = re.compile(r"(?:^|(?<=[^`]))`\{python\}[ \t]([^`]+)`", re.MULTILINE)


class Shown(str):
    """Text that stands in the page as it is: no quotes, nothing escaped."""

    def __repr__(self):
        return str(self)

    def _repr_markdown_(self):
        return str(self)


def num(value, spec=""):
    """`value` as the text shows it, formatted by `spec` (".2f", ".3g", "," ...).

    NumPy scalars are shown as the Python numbers they hold; -0.00 is shown as 0.00, and a
    spec that would show a non-zero value as 0 is an error.
    """
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"value must be a real number, got {type(value).__name__}")
    if not isinstance(spec, str):
        raise TypeError(f"spec must be a format spec such as '.2f', got {type(spec).__name__}")
    text = format(value, spec)
    if re.fullmatch(r"-?0(\.0*)?", text) and value != 0:
        raise ValueError(f"spec {spec!r} shows {value!r} as {text}: give it more digits")
    if re.fullmatch(r"-0(\.0*)?", text):
        text = text[1:]
    return Shown(text)


def nums(values, spec="", sep=", "):
    """Several numbers, each as `num` shows it, joined by `sep`."""
    return Shown(sep.join(num(v, spec) for v in np.asarray(values).ravel()))


def power_of_ten(value):
    """A power of ten as LaTeX, for math: 1e-06 -> 10^{-6}."""
    exponent = round(np.log10(value))
    if not np.isclose(value, 10.0**exponent, rtol=1e-12, atol=0):
        raise ValueError(f"value must be a power of ten, got {value!r}")
    return Shown(f"10^{{{exponent}}}")


def quarto_value(result):
    """The text Quarto puts in place of an inline expression, given the kernel's result.

    The result is a Jupyter `user_expressions` entry. Quarto prefers markdown to plain text;
    plain text in quotes (a str) loses them and has markdown's special characters escaped.
    """
    if result.get("status") != "ok":
        raise ValueError(f"{result.get('ename')}: {result.get('evalue')}")
    data = result["data"]
    if "text/markdown" in data:
        return data["text/markdown"]
    text = data.get("text/plain", "")
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        text = text[1:-1].replace("\\", "\\\\")
        return re.sub(r"([\\`*_{}\[\]()>#+,\-.!])", r"\\\1", text)
    return text
