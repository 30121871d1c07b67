"""Values a post hands to the interactive sections of its web page (the modules in js/)."""

import json
import re

import numpy as np

from plot_utils import PAGE_COLORS, PAGE_COLORS_DARK


class PageData:
    """Values for an interactive section of the web page, written as JSON into the page.

    Its output is a raw HTML block in a markdown output (text/html would make Quarto add
    require.js and jQuery from a CDN): `<script type="application/json" id="<name>-data">`,
    which the section's module in js/ reads. The values always include `colors`, the palette
    the static charts use (PAGE_COLORS), and `darkColors`, its counterpart in dark mode
    (PAGE_COLORS_DARK). Nothing is drawn; the notebook leaves it out.
    """

    def __init__(self, name, values):
        if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name):
            raise ValueError(f"name must be a lowercase slug such as 'fit-by-hand', got {name!r}")
        if not values:
            raise ValueError("values must name at least one value for the page")
        if "colors" in values or "darkColors" in values:
            raise ValueError("values must not set colors: the page gets plot_utils' palette")
        self.name = name
        self.values = dict(values)
        try:
            # allow_nan=False: JSON has no NaN or Infinity, and JavaScript would not parse them.
            self.json = json.dumps(
                {**values, "colors": PAGE_COLORS, "darkColors": PAGE_COLORS_DARK},
                default=_plain,
                allow_nan=False,
                sort_keys=True,
            )
        except ValueError as error:
            raise ValueError(f"values must be finite numbers: {error}") from None

    def plus(self, **values):
        """The same section's data with more values (none may be given twice)."""
        twice = sorted(set(values) & set(self.values))
        if twice:
            raise ValueError(f"values must be new, got {', '.join(twice)} a second time")
        return PageData(self.name, {**self.values, **values})

    def _repr_mimebundle_(self, include=None, exclude=None):
        # "<" escaped: the JSON can never close its <script> element.
        data = self.json.replace("<", "\\u003c")
        script = f'<script type="application/json" id="{self.name}-data">{data}</script>'
        return {"text/markdown": f"```{{=html}}\n{script}\n```\n"}


def _plain(value):
    """NumPy arrays and scalars as the lists and numbers JSON writes."""
    if isinstance(value, np.ndarray | np.generic):
        return value.tolist()
    raise TypeError(f"values must hold numbers, lists and dicts, got {type(value).__name__}")


def page_data(name, **values):
    """The data of the page's interactive section `name` (its module in js/ reads it)."""
    return PageData(name, values)
