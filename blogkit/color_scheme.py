"""Each reader downloads one theme: the light stylesheets or the dark ones.

Quarto writes both themes' stylesheets into every page's head as `rel="stylesheet"`, so every
reader downloads both (some 68 kB gzip each), and in dark mode it lays the dark theme over the
light one. The dark Bootstrap theme restates every rule of the light one
(`rules_not_restated`; the reader's-view test checks the rendered site), so under it the light one
changes nothing.

After rendering, `defer_theme_styles` switches the theme links off in the page itself
(`rel="disabled-stylesheet"`, which browsers do not download), with the light ones kept in a
`<noscript>` for a browser without scripts. `_includes/color-scheme.html` switches on, in the
head and before the page is drawn, the theme the reader will see (for dark: all but the light
Bootstrap theme); Quarto's toggle switches the rest on if the reader asks for it.
"""

import os
import re
from pathlib import Path

import tinycss2

from blogkit.paths import ROOT

# Quarto's theme links: class "quarto-color-scheme" (light), "... quarto-color-alternate"
# (dark) and "quarto-color-scheme-extra" (light again, after the dark, for pages without
# scripts: Quarto's script switches it off).
THEME_LINK = re.compile(
    r'<link\b[^>]*\bclass="quarto-color-scheme[ "\-][^>]*>(<noscript>.*?</noscript>)?'
)
LIGHT = ' class="quarto-color-scheme"'
OFF = 'rel="disabled-stylesheet"'


def defer_theme_styles(html):
    """`html` with its theme stylesheet links switched off, the light ones kept for `<noscript>`."""

    def switch_off(match):
        link = match[0]
        if match[1] or 'rel="stylesheet"' not in link:
            return link  # already switched off
        off = link.replace('rel="stylesheet"', OFF, 1)
        return off + (f"<noscript>{link}</noscript>" if LIGHT in link else "")

    return THEME_LINK.sub(switch_off, html)


def declarations(css):
    """Every declaration of a stylesheet: (enclosing at-rules, selector, property, !important);
    other at-rules (@font-face, @keyframes) whole."""
    found = set()

    def walk(rules, context):
        for rule in rules:
            if rule.type == "qualified-rule":
                selector = tinycss2.serialize(rule.prelude).strip()
                for item in tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True):
                    if item.type == "declaration":
                        found.add((context, selector, item.lower_name, item.important))
            elif rule.type == "at-rule":
                prelude = f"@{rule.lower_at_keyword} {tinycss2.serialize(rule.prelude).strip()}"
                if rule.lower_at_keyword in ("media", "supports", "layer", "container"):
                    walk(
                        tinycss2.parse_rule_list(rule.content or [], True, True),
                        context + (prelude,),
                    )
                else:
                    found.add((context, prelude, tinycss2.serialize(rule.content or []), None))

    walk(tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True), ())
    return found


def rules_not_restated(under, over):
    """The rules of stylesheet `under` that stylesheet `over`, loaded after it, does not restate
    (same at-rules, selector, property and importance, so always winning). None: `under`
    changes nothing beneath `over`."""
    return declarations(under) - declarations(over)


def main(arguments):
    site = Path(
        arguments[0] if arguments else os.environ.get("QUARTO_PROJECT_OUTPUT_DIR", ROOT / "_site")
    )
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        deferred = defer_theme_styles(html)
        if deferred != html:
            page.write_text(deferred, encoding="utf-8")
