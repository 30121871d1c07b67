"""The posts' interactive controls compute what the posts' Python computes.

The browser's gradient descent (js/gradient-descent.js) runs in Chromium and is compared with
the posts' own Python functions (`run_of`): the same floating-point numbers, so the same
printed digits, stop reasons and epoch counts. The numbers the issue names (17.40; 3.4649,
4.2550 and 56.5754 after 3000 epochs; converged after 2329, diverged after 150) are the
posts' printed output, which test_numbers_in_prose checks against their prose. The numbers are
written as Python writes them (js/python-format.js), which Python's own format() checks.

The module tests need only Chromium and playwright; the page tests also render the site
with Quarto (site_fixtures). Each skips, saying why, where what it needs is missing.
"""

import json
import random
import re
import struct
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pytest
from conftest import PLOTLY, least_squares, notebook_of, page_values, post_named, run_of
from site_fixtures import chromium, chromium_path, first_view, rendered_site, serve  # noqa: F401

import plot_utils
from blogkit.paths import ROOT

MODULES = ROOT / "js"
FIRST_POST = post_named("linear-regression-from-scratch")
SECOND_POST = post_named("knowing-when-to-stop")


@pytest.fixture(scope="module")
def browser():
    pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    if chromium_path() is None:
        pytest.skip("no Chromium: install it or point QUARTO_CHROMIUM at it (see README)")
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def js(browser):
    """A page with js/gradient-descent.js imported as `window.gd` and js/python-format.js as
    `window.pyformat`; call it with js(expression, argument)."""
    with serve(MODULES) as base:
        page = browser.new_page()
        page.goto(base)  # the modules' own origin: they import each other
        page.evaluate(
            """async (base) => {
            window.gd = await import(base + "gradient-descent.js");
            window.pyformat = await import(base + "python-format.js");
        }""",
            base,
        )
        yield lambda expression, argument=None: page.evaluate(expression, argument)
        page.close()


def js_fit(js, X, y, learning_rate, max_epochs, tol):
    factor = run_of(SECOND_POST)["DIVERGENCE_FACTOR"]
    return js(
        "([X, y, options]) => gd.fit(X, y, options)",
        [
            list(map(float, X)),
            list(map(float, y)),
            {
                "learningRate": learning_rate,
                "maxEpochs": max_epochs,
                "tol": tol,
                "divergenceFactor": factor,
            },
        ],
    )


# ---------------------------------------------------------------- the module


def test_the_guessed_line_costs_17_40(js):
    run = run_of(FIRST_POST)
    loss = js(
        "([X, y]) => gd.lossMse(y, gd.predict(X, 3, 60))",
        [run["X"].tolist(), run["y_true"].tolist()],
    )
    assert loss == run["initial_loss"]
    assert js("(value) => value.toFixed(2)", loss) == f"{run['initial_loss']:.2f}" == "17.40"


def test_3000_epochs_at_0_01_end_where_the_first_post_does(js):
    run = run_of(FIRST_POST)
    result = js_fit(js, run["X"], run["y_true"], 0.01, 3000, 1e-12)
    assert result["reason"] == "max_epochs"
    # The first post prints the loss before its last update, and m, b after it.
    shown = [result["lossHistory"][2999], result["m"], result["b"]]
    assert shown == [run["final_loss"], run["m"], run["b"]]
    assert [f"{value:.4f}" for value in shown] == ["3.4649", "4.2550", "56.5754"]


@pytest.mark.parametrize(
    "learning_rate, tol",
    [(0.01, 1e-6), (0.1, 1e-6), (0.001, 1e-9), (0.03, 1e-9), (0.035, 1e-9), (0.036, 1e-9)],
)
def test_fit_stops_as_the_python_fit_does(js, learning_rate, tol):
    run = run_of(SECOND_POST)
    python = run["fit"](run["X"], run["y_true"], learning_rate, max_epochs=3000, tol=tol)
    browser = js_fit(js, run["X"], run["y_true"], learning_rate, 3000, tol)
    assert (browser["reason"], browser["epochs"], browser["message"]) == (
        python.reason,
        python.epochs,
        python.message,
    )
    assert browser["lossHistory"] == [float(loss) for loss in python.loss_history]
    assert browser["path"] == [[float(m), float(b)] for m, b in python.path]


def test_fit_converges_after_2329_and_diverges_after_150(js):
    run = run_of(SECOND_POST)
    converged = js_fit(js, run["X"], run["y_true"], 0.01, 3000, 1e-6)
    diverged = js_fit(js, run["X"], run["y_true"], 0.036, 3000, 1e-9)
    assert (converged["reason"], converged["epochs"]) == ("converged", run["first_run"].epochs)
    assert (diverged["reason"], diverged["epochs"]) == ("diverged", run["runs"][-1].epochs)
    assert (converged["epochs"], diverged["epochs"]) == (2329, 150)


def test_the_live_sections_data_gives_the_posts_printed_runs(js):
    # What the page hands its modules (page data), not the tests' copy of the post's values:
    # a wrong value in a page-data cell shows a reader runs the post never printed.
    first = page_values(FIRST_POST, "fit-by-hand")
    loss = js(
        "([X, y, m, b]) => gd.lossMse(y, gd.predict(X, m, b))",
        [first["points"]["x"], first["points"]["y"], first["guess"]["m"], first["guess"]["b"]],
    )
    assert loss == run_of(FIRST_POST)["initial_loss"]
    data, run = page_values(SECOND_POST, "learning-rates-live"), run_of(SECOND_POST)
    assert len(data["rates"]) == len(run["runs"])
    for rate, python in zip(data["rates"], run["runs"], strict=True):
        browser = js(
            "([X, y, options]) => gd.fit(X, y, options)",
            [
                data["points"]["x"],
                data["points"]["y"],
                {
                    "learningRate": rate,
                    "maxEpochs": data["maxEpochs"],
                    "tol": data["tol"],
                    "divergenceFactor": data["divergenceFactor"],
                },
            ],
        )
        assert (browser["message"], browser["loss"]) == (python.message, python.loss)
    # The live landscapes span the static ones (the standardised one is drawn further down).
    ranges = [run[name] for name in ("m_range", "b_range", "w_range", "c_range")]
    live = [data["landscapes"][k][r] for k in "xz" for r in ("mRange", "bRange")]
    assert live == [list(r) for r in ranges]


def test_standardised_runs_match(js):
    run = run_of(SECOND_POST)
    scaled = js("(X) => gd.standardise(X)", run["X"].tolist())
    assert (scaled["mean"], scaled["std"]) == (run["x_mean"], run["x_std"])
    assert scaled["z"] == run["Z"].tolist()
    for learning_rate, python in run["scaled_runs"].items():
        browser = js_fit(js, run["Z"], run["y_true"], learning_rate, 1000, 1e-12)
        assert (browser["reason"], browser["epochs"]) == (python.reason, python.epochs)
        assert [browser["m"], browser["b"]] == [python.m, python.b]


def test_the_limit_and_the_exact_line_agree_to_the_printed_digits(js):
    run = run_of(SECOND_POST)
    curvature = js("(X) => gd.curvature(X)", run["X"].tolist())
    exact = js("([X, y]) => gd.leastSquares(X, y)", [run["X"].tolist(), run["y_true"].tolist()])
    assert f"{2 / curvature['lambdaMax']:.4f}" == f"{run['bound']:.4f}"
    assert f"{curvature['lambdaMin']:.4f}" == f"{run['lambda_min']:.4f}"
    assert f"{curvature['hessian'][0][1]:.1f}" == f"{run['hessian'][0, 1]:.1f}"
    assert [f"{exact['m']:.6f}", f"{exact['b']:.6f}"] == [
        f"{run['m_exact']:.6f}",
        f"{run['b_exact']:.6f}",
    ]


# ---------------------------------------------------------------- numbers as Python prints them
# The independent reference is Python's own format(); doubles cross to the browser as their
# 64 bits, so every value is compared exactly, NaN, infinities and -0.0 included.


def bits_of(value):
    return struct.unpack("<Q", struct.pack("<d", value))[0]


FROM_BITS = """(hex) => { const view = new DataView(new ArrayBuffer(8));
    view.setBigUint64(0, BigInt(hex)); return view.getFloat64(0); }"""


def formatted_by_browser(js, function, cases):
    """[pyformat.<function>(value, digits)] and [value.toFixed(digits)] for (value, digits)."""
    return js(
        f"""(cases) => {{ const value = {FROM_BITS};
        return cases.map(([hex, digits]) => {{ const x = value(hex);
            return [pyformat.{function}(x, digits),
                    Math.abs(x) < 1e21 ? x.toFixed(Math.min(digits, 100)) : null]; }}); }}""",
        [[hex(bits_of(value)), digits] for value, digits in cases],
    )


def doubles(seed, count):
    """Doubles of every kind: any 64 bits, every magnitude, and exact decimal ties."""
    rng = random.Random(seed)
    values = [struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0] for _ in range(count)]
    values += [rng.uniform(-1, 1) * 10.0 ** rng.randint(-12, 24) for _ in range(count)]
    # An odd multiple of 2**-(k + 1) lies exactly halfway between two numbers of k decimals.
    values += [
        sign * odd / 2 ** (k + 1) for k in range(7) for odd in range(1, 400, 2) for sign in (1, -1)
    ]
    values += [0.0, -0.0, 1e21, 5e-324, 1.7976931348623157e308, float("inf"), float("nan")]
    values += [9.995, 0.125, 2.5, 3.625, 1e16, 123456789.0]
    return values


def test_format_fixed_writes_every_double_as_python_does(js):
    values = doubles(seed=16, count=1500)
    cases = [(value, digits) for value in values for digits in (0, 1, 2, 3, 4, 6)]
    cases += [(value, 20) for value in values[:200]]
    shown = formatted_by_browser(js, "formatFixed", cases)
    python = [format(value, f".{digits}f") for value, digits in cases]
    assert [pair[0] for pair in shown] == python
    # The ties are there: toFixed, which rounds them away from zero, gets hundreds wrong.
    ties = sum(
        fixed is not None and fixed != want for (_, fixed), want in zip(shown, python, strict=True)
    )
    assert ties > 500, ties


def test_format_g_writes_every_double_as_python_does(js):
    values = doubles(seed=17, count=1500)
    cases = [(value, precision) for value in values for precision in (1, 2, 3, 6, 17)]
    shown = formatted_by_browser(js, "formatG", cases)
    assert [pair[0] for pair in shown] == [format(v, f".{p}g") for v, p in cases]


@pytest.mark.parametrize(
    "value, precision",
    [(1e-6, 6), (1e-9, 6), (0.036, 6), (6434061488.2, 3), (1.3e-8, 2), (0.045, 2), (2.5, 2)],
)
def test_format_g_writes_the_posts_messages_as_python_does(js, value, precision):
    shown = js("([v, p]) => pyformat.formatG(v, p)", [value, precision])
    assert shown == format(value, f".{precision}g")


def test_the_fit_by_hand_grid_prints_as_python_does(js):
    # Every line on a quarter-step grid of the sliders' ranges: exact binary values, so the
    # MSE and the squared errors often land exactly on a tie (at m = 4.25, b = 57 the MSE is
    # 3.625, which Python prints as 3.62).
    run = run_of(FIRST_POST)
    slopes, intercepts = np.arange(-5, 15.25, 0.25), np.arange(0, 120.25, 0.25)
    browser = js(
        """([X, y, slopes, intercepts]) => slopes.flatMap((m) => intercepts.map((b) => {
            const mse = gd.lossMse(y, gd.predict(X, m, b));
            const areas = gd.squaredErrors(X, y, m, b);
            return [mse, pyformat.formatFixed(mse, 2), areas.map((a) => pyformat.formatFixed(a, 2)),
                    mse.toFixed(2)];
        }))""",
        [run["X"].tolist(), run["y_true"].tolist(), slopes.tolist(), intercepts.tolist()],
    )
    lines = [(m, b) for m in slopes for b in intercepts]
    python = [run["loss_mse"](run["y_true"], run["predict"](run["X"], m, b)) for m, b in lines]
    assert [row[0] for row in browser] == python  # the same doubles, bit for bit
    assert [row[1] for row in browser] == [f"{loss:.2f}" for loss in python]
    areas = [(run["y_true"] - run["predict"](run["X"], m, b)) ** 2 for m, b in lines]
    assert [row[2] for row in browser] == [[f"{a:.2f}" for a in five] for five in areas]
    ties = [line for line, row in zip(lines, browser, strict=True) if row[1] != row[3]]
    assert (4.25, 57.0) in ties and len(ties) > 100, len(ties)


def fit_call(X="[1, 2]", y="[1, 2]", **changed):
    """A call of gd.fit with good options but for `changed` (None leaves one out)."""
    options = {"learningRate": 0.1, "maxEpochs": 5, "tol": 1e-6, "divergenceFactor": 1e6}
    options.update(changed)
    written = ", ".join(f"{k}: {v!r}" for k, v in options.items() if v is not None)
    return f"gd.fit({X}, {y}, {{ {written} }})"


@pytest.mark.parametrize(
    "call, words",
    [
        (fit_call(y="[1]"), "X and y"),
        (fit_call(learningRate=-0.1), "learningRate"),
        (fit_call(learningRate="0.1"), "learningRate"),
        (fit_call(maxEpochs=2.5), "maxEpochs"),
        (fit_call(tol=0), "tol"),
        (fit_call(divergenceFactor=None), "divergenceFactor"),
        (fit_call(X="[]", y="[]"), "X"),
        ("gd.squaredErrors([1, NaN], [1, 2], 1, 0)", "X"),
        ("pyformat.formatFixed(3.625, 2.5)", "decimals"),
        ("pyformat.formatFixed('3.625', 2)", "value"),
        ("pyformat.formatG(3.625, 0)", "precision"),
    ],
)
def test_bad_input_is_rejected_naming_the_argument(js, call, words):
    error = js(
        f"() => {{ try {{ {call}; return null; }} catch (e) {{ return [e.name, e.message]; }} }}"
    )
    assert error is not None and error[0] in ("TypeError", "RangeError")
    assert words in error[1], error


# ---------------------------------------------------------------- the rendered pages


@pytest.fixture(scope="module")
def site_url(rendered_site):  # noqa: F811  (the fixture imported above)
    """The rendered site served on a free loopback port (modules do not load from file:)."""
    with serve(rendered_site) as base:
        yield base


def open_post(browser, site_url, post, width=1280, javascript=True):
    """The post's page as a reader sees it (other hosts refused), and its first view."""
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=javascript
    )
    page = context.new_page()
    view = first_view(page, f"{site_url}posts/{post.parent.name}/index.html")
    if javascript:
        page.locator(".gd-readout").first.wait_for()
    return page, view


def assert_clean(view, site_url):
    """Nothing from another host, no console or page error."""
    assert view.other_hosts(site_url) == []
    assert view.console_errors == [] and view.page_errors == []


def readout(page, section, after=None):
    """The section's live text, once it shows `after` (the page updates it asynchronously)."""
    live = page.locator(f"section#{section} .gd-readout")
    if after is not None:
        live.filter(has_text=after).wait_for()
    return live.inner_text()


def page_data(page, name):
    """The JSON the post's page_data cell wrote into the page for the section `name`."""
    return json.loads(page.locator(f"script#{name}-data").text_content())


def static_landscapes(post):
    """The view of each loss landscape the post's Python draws: ranges, names, equal scale."""
    views = []
    for cell in notebook_of(post).cells:
        for output in cell.get("outputs", []):
            layout = output.get("data", {}).get(PLOTLY, {}).get("layout", {})
            if layout.get("title", {}).get("text") == "Loss landscape and descent path":
                x, y = layout["xaxis"], layout["yaxis"]
                views.append(
                    {
                        "mRange": x["range"],
                        "bRange": y["range"],
                        "names": [x["title"]["text"], y["title"]["text"]],
                        "sameScale": y.get("scaleanchor") == "x",
                    }
                )
    return views


def test_each_page_gets_its_data_from_the_posts_code(browser, site_url):
    # What the modules read is what the posts' Python holds, not numbers typed twice.
    first, second = run_of(FIRST_POST), run_of(SECOND_POST)
    page, view = open_post(browser, site_url, FIRST_POST, javascript=False)
    data = page_data(page, "fit-by-hand")
    assert data["points"] == {"x": first["X"].tolist(), "y": first["y_true"].tolist()}
    guess = [float(v) for v in first["no_fit_prediction"][[0, -1]]]  # the line at x = 2, 8
    assert [data["guess"]["m"] * x + data["guess"]["b"] for x in (2, 8)] == guess
    # The chart shows every point, and the sliders reach the guess and the exact line.
    (x_low, x_high), (y_low, y_high) = data["view"]["x"], data["view"]["y"]
    assert x_low <= first["X"].min() and first["X"].max() <= x_high
    assert y_low <= first["y_true"].min() and first["y_true"].max() <= y_high
    exact = least_squares(first["X"], first["y_true"])
    for name, value in zip("mb", exact, strict=True):
        low, high = data["sliders"][name]["min"], data["sliders"][name]["max"]
        assert low <= data["guess"][name] <= high and low <= value <= high, name
    assert data["colors"] == plot_utils.PAGE_COLORS
    page.context.close()
    page, view = open_post(browser, site_url, SECOND_POST, javascript=False)
    data = page_data(page, "learning-rates-live")
    assert data["points"] == {"x": second["X"].tolist(), "y": second["y_true"].tolist()}
    assert data["rates"] == second["learning_rates"]
    assert data["divergenceFactor"] == second["DIVERGENCE_FACTOR"]
    # The live landscapes show what the post's own landscape charts show, raw x then z.
    landscapes = [{"sameScale": False, **data["landscapes"][k]} for k in ("x", "z")]
    assert landscapes == static_landscapes(SECOND_POST)
    assert data["colors"] == plot_utils.PAGE_COLORS
    page.context.close()


def test_the_live_charts_share_the_static_charts_palette():
    assert {k: plot_utils.PAGE_COLORS[k] for k in plot_utils.COLORS} == plot_utils.COLORS
    # No colour of its own in the charts' code: they take the page data's.
    assert re.findall(r"#[0-9a-fA-F]{3,8}\b", (MODULES / "charts.js").read_text()) == []


def with_page_data(page, name, change):
    """Serve the post with its section's page data changed by `change(data)`."""

    def rewrite(route):
        response = route.fetch()
        html = response.text()
        pattern = rf'(<script type="application/json" id="{name}-data">)(.*?)(</script>)'
        found = re.search(pattern, html, re.DOTALL)
        data = json.loads(found[2])
        change(data)
        html = html[: found.start(2)] + json.dumps(data) + html[found.end(2) :]
        route.fulfill(response=response, body=html)

    page.route("**/index.html", rewrite)


def drawn(page, section):
    """What the section's charts show: their texts and the colours they are drawn in."""
    return page.evaluate(
        """(section) => [...document.querySelectorAll(`section#${section} svg.gd-chart`)].map(
        (svg) => ({ texts: [...svg.querySelectorAll("text")].map((t) => t.textContent),
            colors: [...new Set([...svg.querySelectorAll("*")]
                .flatMap((e) => [e.getAttribute("stroke"), e.getAttribute("fill")])
                .filter((c) => c && c.startsWith("#")))] }))""",
        section,
    )


def test_the_charts_draw_what_the_page_data_says(browser, site_url):
    # Other values in the page data: the charts follow them, so js/ holds no copy of them.
    palette = {key: f"#0000{index:02d}" for index, key in enumerate(plot_utils.PAGE_COLORS)}

    def fit_by_hand(data):
        data.update(view={"x": [-10, 40], "y": [0, 500]}, labels=["hours", "pay"], colors=palette)

    def learning_rates(data):
        data["landscapes"]["x"].update(mRange=[-20, 80], bRange=[-100, 400], names=["p", "q"])
        data["colors"] = palette

    for post, section, change, texts, keys in [
        (
            FIRST_POST,
            "fit-by-hand",
            fit_by_hand,
            [["hours", "pay", "-10", "40", "500"]],
            [{"data", "line", "residual", "axis"}],
        ),
        (
            SECOND_POST,
            "learning-rates-live",
            learning_rates,
            [["slope p", "intercept q", "-20", "80", "-100", "400"], []],
            [{"path", "optimum", "contour", "axis"}, {"loss", "axis"}],
        ),
    ]:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
        with_page_data(page, section, change)
        page.goto(f"{site_url}posts/{post.parent.name}/index.html")
        page.locator(f"section#{section} .gd-readout").wait_for()
        charts = drawn(page, section)
        assert len(charts) == len(texts)
        for chart, words, used in zip(charts, texts, keys, strict=True):
            assert set(words) <= set(chart["texts"]), chart["texts"]
            assert set(chart["colors"]) == {palette[key] for key in used}, chart["colors"]
        assert errors == []
        context.close()


def test_fit_by_hand_starts_at_the_guess_and_jumps_to_the_exact_line(browser, site_url):
    page, view = open_post(browser, site_url, FIRST_POST)
    assert readout(page, "fit-by-hand").startswith("MSE = 17.40 for the line y = 3x + 60")
    slope = page.get_by_label("Slope m", exact=True)
    slope.focus()
    page.keyboard.press("ArrowRight")  # one step of 0.05, by keyboard alone
    run = run_of(FIRST_POST)
    moved = run["loss_mse"](run["y_true"], run["predict"](run["X"], 3.05, 60))
    shown = readout(page, "fit-by-hand", after="y = 3.05x")
    assert shown.startswith(f"MSE = {moved:.2f} for the line y = 3.05x + 60")
    page.get_by_role("button", name="Jump to the least-squares line").focus()
    page.keyboard.press("Enter")
    exact = run_of(SECOND_POST)
    line = f"y = {exact['m_exact']:.6f}x + {exact['b_exact']:.6f}"
    shown = readout(page, "fit-by-hand", after=line)
    assert shown.startswith(f"MSE = {exact['exact_loss']:.2f} for the line {line}")
    assert_clean(view, site_url)
    page.context.close()


def test_fit_by_hand_prints_a_tie_as_python_does(browser, site_url):
    run = run_of(FIRST_POST)
    loss = run["loss_mse"](run["y_true"], run["predict"](run["X"], 4.25, 57))
    # Exactly halfway between two numbers of two decimals: rounding half up would differ.
    half_up = Decimal(loss).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert f"{loss:.2f}" != str(half_up)
    page, view = open_post(browser, site_url, FIRST_POST)
    page.get_by_label("Slope m, exact value").fill("4.25")
    page.get_by_label("Intercept b, exact value").fill("57")
    shown = readout(page, "fit-by-hand", after="y = 4.25x + 57")
    assert shown.startswith(f"MSE = {loss:.2f} for the line y = 4.25x + 57")
    assert_clean(view, site_url)
    page.context.close()


def test_learning_rates_live_stops_as_fit_does(browser, site_url):
    run = run_of(SECOND_POST)
    page, view = open_post(browser, site_url, SECOND_POST)
    rate = page.get_by_label("Learning rate, exact value")
    for learning_rate, X, names in [
        (0.036, run["X"], "mb"),
        (0.01, run["X"], "mb"),
        (0.5, run["Z"], "wc"),
    ]:
        if names == "wc":
            page.get_by_label("Standardise x", exact=False).focus()
            page.keyboard.press("Space")
        rate.fill(str(learning_rate))
        # The page starts at the post's learning-rate runs' settings (its claims check them).
        python = run["fit"](X, run["y_true"], learning_rate, max_epochs=3000, tol=1e-9)
        shown = readout(page, "learning-rates-live", after=f"Learning rate {learning_rate} ")
        assert python.message in shown
        if python.reason != "diverged":
            assert (
                f"{names[0]} = {python.m:.4f}, {names[1]} = {python.b:.4f}, MSE = {python.loss:.4f}"
            ) in shown
    assert "diverged after 150 epochs" not in shown  # the last run is not the first
    assert_clean(view, site_url)
    page.context.close()


# Each kind of value a number box cannot use: not whole, empty, not a number, huge, negative,
# beyond a double, a decimal comma. Each is unusable in every box (ranges from the page data).
UNUSABLE = ["250.5", "", "abc", "1e308", "-250", "1e999", "1,5"]


@pytest.mark.parametrize(
    "source, section, label, good, shown",
    [
        (FIRST_POST, "fit-by-hand", "Slope m", "3.5", "y = 3.5x + 60"),
        (FIRST_POST, "fit-by-hand", "Intercept b", "61", "y = 3x + 61"),
        (SECOND_POST, "learning-rates-live", "Learning rate", "0.02", "Learning rate 0.02 "),
        (SECOND_POST, "learning-rates-live", "Epochs, at most", "250", "max_epochs = 250"),
    ],
)
def test_a_value_a_box_cannot_use_is_explained_and_changes_nothing(
    browser, site_url, source, section, label, good, shown
):
    page, view = open_post(browser, site_url, source)
    box = page.get_by_label(f"{label}, exact value")
    before = readout(page, section)
    charts = page.locator(f"section#{section} svg.gd-chart").evaluate_all(
        "(svgs) => svgs.map((svg) => svg.outerHTML)"
    )
    message = page.locator(f"#{box.get_attribute('aria-describedby')}")
    for typed in UNUSABLE:
        box.fill(typed)
        assert message.is_visible(), typed
        assert (f"“{typed}” is not" if typed else "Type") in message.inner_text()
        assert box.get_attribute("aria-invalid") == "true"
        assert readout(page, section) == before, typed
        assert (
            page.locator(f"section#{section} svg.gd-chart").evaluate_all(
                "(svgs) => svgs.map((svg) => svg.outerHTML)"
            )
            == charts
        ), typed
    # Leaving the box puts back the value in use, and says so.
    box.fill("250.5")
    box.press("Tab")
    assert box.input_value() != "250.5" and "back to" in message.inner_text()
    box.fill(good)
    assert shown in readout(page, section, after=shown)
    assert not message.is_visible() and box.get_attribute("aria-invalid") == "false"
    assert_clean(view, site_url)
    page.context.close()


def test_the_learning_rate_slider_stops_on_the_limit_itself(browser, site_url):
    run = run_of(SECOND_POST)
    bound = run["bound"]
    page, view = open_post(browser, site_url, SECOND_POST)
    slider = page.get_by_label("Learning rate", exact=True)
    box = page.get_by_label("Learning rate, exact value")
    slider.focus()
    below = [float(box.input_value())]
    while below[-1] < bound * (1 - 1e-12):  # by keyboard, from 0.01 up to the mark
        page.keyboard.press("ArrowRight")
        below.append(float(box.input_value()))
    # The first value not below the limit is the limit itself, not the rounded 0.0352.
    at_limit = below[-1]
    assert abs(at_limit - bound) <= 1e-12 * bound, below
    python = run["fit"](run["X"], run["y_true"], at_limit, max_epochs=3000, tol=1e-9)
    shown = readout(page, "learning-rates-live", after=f"Learning rate {at_limit} ")
    assert f"the limit {bound:.4f} itself" in shown and python.message in shown
    assert "2/λmax, x" in slider.get_attribute("aria-valuetext")
    page.keyboard.press("ArrowRight")
    assert float(box.input_value()) > bound
    page.keyboard.press("ArrowLeft")
    assert float(box.input_value()) == at_limit
    assert_clean(view, site_url)
    page.context.close()


MARKS = """() => {
  const marks = [...document.querySelectorAll("#learning-rates-live .gd-mark")];
  const control = marks[0].closest(".gd-control").getBoundingClientRect();
  const track = marks[0].closest(".gd-control").querySelector("input[type=range]")
    .getBoundingClientRect();
  return { control: [control.left, control.right], track: [track.left, track.width],
    fontSize: parseFloat(getComputedStyle(marks[0]).fontSize),
    marks: marks.map((mark) => {
      const box = mark.getBoundingClientRect();
      const arrow = [...mark.children].find((part) => part.textContent === "▲")
        .getBoundingClientRect();
      return { text: mark.textContent, box: [box.left, box.top, box.right, box.bottom],
        arrow: arrow.left + arrow.width / 2 };
    }) };
}"""


def test_the_marks_under_the_learning_rate_slider_never_overlap(browser, site_url):
    run = run_of(SECOND_POST)
    hessian_z = 2 * np.array([[np.mean(run["Z"] ** 2), np.mean(run["Z"])], [np.mean(run["Z"]), 1]])
    limits = {"x": run["bound"], "z": 2 / np.linalg.eigvalsh(hessian_z).max()}
    page, view = open_post(browser, site_url, SECOND_POST)
    data = page_data(page, "learning-rates-live")
    low, high = np.log10(min(data["rates"])), np.log10(data["rate"]["max"])
    for width in (1280, 390, 320, 600):  # each after the last: the marks follow the screen
        page.set_viewport_size({"width": width, "height": 900})
        # Two frames: the marks are laid out again in the frame after the resize.
        page.evaluate(
            "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
        )
        seen = page.evaluate(MARKS)
        (a, b), em = [mark["box"] for mark in seen["marks"]], seen["fontSize"]
        apart = a[2] + em / 2 <= b[0] or b[2] + em / 2 <= a[0] or a[3] <= b[1] or b[3] <= a[1]
        assert apart, (width, seen)
        for mark in seen["marks"]:
            assert seen["control"][0] <= mark["box"][0] and mark["box"][2] <= seen["control"][1]
            # Each ▲ stands under the thumb at its value (the thumb is 16 px wide).
            left, track = seen["track"]
            limit = limits[re.search(r", ([xz])", mark["text"])[1]]
            where = (np.log10(limit) - low) / (high - low)
            assert abs(mark["arrow"] - (left + 8 + (track - 16) * where)) < 2, (width, mark)
    assert_clean(view, site_url)
    page.context.close()


CHARTS = """(section) => [...document.querySelectorAll(`section#${section} svg.gd-chart`)].map(
  (svg) => {
    const clip = svg.querySelector("clipPath rect");
    const points = (e) => e.getAttribute("points").trim().split(/\\s+/)
      .map((p) => p.split(",").map(Number));
    const end = svg.querySelector(".gd-end");
    return {
      box: ["x", "y", "width", "height"].map((k) => Number(clip.getAttribute(k))),
      xTicks: [...svg.querySelectorAll(".gd-x-tick")].map((t) => Number(t.textContent)),
      lines: [...svg.querySelectorAll("polyline")].map(points),
      end: end && { tag: end.tagName, clipped: end.hasAttribute("clip-path"),
        at: end.tagName === "circle" ? [Number(end.getAttribute("cx")),
          Number(end.getAttribute("cy"))] : points(end)[0] },
    };
  })"""


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("learning_rate", [0.036, 1.2, 0.03])
def test_a_diverging_run_stays_readable(browser, site_url, width, learning_rate):
    run = run_of(SECOND_POST)
    python = run["fit"](run["X"], run["y_true"], learning_rate, max_epochs=3000, tol=1e-9)
    page, view = open_post(browser, site_url, SECOND_POST, width=width)
    page.get_by_label("Learning rate, exact value").fill(str(learning_rate))
    readout(page, "learning-rates-live", after=f"Learning rate {learning_rate} ")
    landscape, loss = page.evaluate(CHARTS, "learning-rates-live")
    # The loss chart's epochs are the run's: its curve runs across the whole chart.
    assert python.epochs / 2 <= max(loss["xTicks"]) <= python.epochs, loss["xTicks"]
    left, top, across, down = loss["box"]
    assert loss["lines"][-1][-1][0] == pytest.approx(left + across)
    # The path's last point is drawn, on the chart even when it lies far off it.
    left, top, across, down = landscape["box"]
    data = page_data(page, "learning-rates-live")["landscapes"]["x"]
    (m0, m1), (b0, b1) = data["mRange"], data["bRange"]

    def pixels(m, b):
        return np.array([left + (m - m0) / (m1 - m0) * across, top + (b1 - b) / (b1 - b0) * down])

    end, last = landscape["end"], pixels(python.m, python.b)
    assert not end["clipped"]
    tip = np.array(end["at"])
    assert left <= tip[0] <= left + across and top <= tip[1] <= top + down
    inside = left <= last[0] <= left + across and top <= last[1] <= top + down
    assert (end["tag"] == "circle") == inside
    if inside:
        assert tip == pytest.approx(last)
    else:  # an arrowhead at the edge, on the line from the exact minimum towards the point
        assert min(tip[0] - left, left + across - tip[0], tip[1] - top, top + down - tip[1]) < 10
        star = pixels(*least_squares(run["X"], run["y_true"]))
        out, there = [(v - star) / np.linalg.norm(v - star) for v in (tip, last)]
        assert abs(out[0] * there[1] - out[1] * there[0]) < 0.01 and out @ there > 0
    assert_clean(view, site_url)
    page.context.close()


def chart_labels(page, section):
    return page.locator(f"section#{section} svg.gd-chart").evaluate_all(
        "(svgs) => svgs.map((svg) => [svg.getAttribute('role'), svg.getAttribute('aria-label')])"
    )


def test_each_live_chart_says_in_words_what_the_run_did(browser, site_url):
    run = run_of(SECOND_POST)
    page, view = open_post(browser, site_url, SECOND_POST)
    seen = set()
    for learning_rate in (0.01, 0.036, 0.03):
        page.get_by_label("Learning rate, exact value").fill(str(learning_rate))
        shown = readout(page, "learning-rates-live", after=f"Learning rate {learning_rate} ")
        python = run["fit"](run["X"], run["y_true"], learning_rate, max_epochs=3000, tol=1e-9)
        (role, landscape), (loss_role, loss) = chart_labels(page, "learning-rates-live")
        assert role == loss_role == "img"
        stop = python.message.split(":")[0]  # "diverged after 150 epochs"
        end = [f"m = {python.m:.4f}", f"b = {python.b:.4f}", f"MSE = {python.loss:.4f}"]
        # The readout's numbers, in each chart's words: where the run ended, and why.
        for words in [stop, *end]:
            assert words in shown and words in landscape, (words, landscape)
        assert "starts at m = 0.0000, b = 0.0000" in landscape
        assert stop in loss and end[-1] in loss and f"from {python.loss_history[0]:.2f}" in loss
        assert ("off the chart" in landscape) == (python.reason == "diverged")
        seen.add((landscape, loss))
    assert len(seen) == 3  # each run changed both
    assert_clean(view, site_url)
    page.context.close()
    page, view = open_post(browser, site_url, FIRST_POST)
    first = run_of(FIRST_POST)
    for slope in ("3", "4.25"):
        page.get_by_label("Slope m, exact value").fill(slope)
        shown = readout(page, "fit-by-hand", after=f"y = {slope}x")
        ((role, label),) = chart_labels(page, "fit-by-hand")
        errors = (first["y_true"] - first["predict"](first["X"], float(slope), 60)) ** 2
        numbers = [f"MSE = {errors.mean():.2f}", ", ".join(f"{e:.2f}" for e in errors)]
        assert role == "img" and f"y = {slope}x + 60" in label
        assert all(n in shown and n in label for n in numbers), (numbers, label)
    page.context.close()


def test_every_control_has_a_visible_label_and_the_numbers_are_announced(browser, site_url):
    for post in (FIRST_POST, SECOND_POST):
        page, _ = open_post(browser, site_url, post)
        controls = page.locator(".gd-control input, .gd-check input")
        assert controls.count() >= 3
        for index in range(controls.count()):
            control = controls.nth(index)
            labelled = control.evaluate(
                "(e) => e.labels.length ? e.labels[0].innerText : e.getAttribute('aria-label')"
            )
            assert labelled and labelled.strip(), control.evaluate("(e) => e.outerHTML")
        live = page.locator(".gd-readout")
        assert live.count() == 1
        assert live.get_attribute("aria-live") == "polite"
        assert live.get_attribute("role") == "status"
        page.context.close()


def test_the_controls_fit_a_390_px_screen(browser, site_url):
    for post in (FIRST_POST, SECOND_POST):
        page, _ = open_post(browser, site_url, post, width=390)
        widest = page.evaluate("""() => Math.max(...[...document.querySelectorAll(
            '.gd-control, .gd-check, .gd-chart, .gd-readout')].map(
            (e) => e.getBoundingClientRect().right))""")
        assert widest <= 390, f"{post.parent.name}: a control reaches {widest} px"
        page.context.close()


# The size each piece of text in a section is drawn at, in CSS pixels: an SVG text's font size
# times the scale its chart is drawn at (viewBox to screen, rotation included).
TEXT_SIZES = """(section) => [...document.querySelectorAll(`section#${section} *`)]
  .filter((e) => [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())
    && e.getClientRects().length)
  .map((e) => {
    const ctm = e instanceof SVGElement ? e.getScreenCTM() : null;
    const scale = ctm ? Math.hypot(ctm.a, ctm.b) : 1;
    return [e.textContent.trim(), parseFloat(getComputedStyle(e).fontSize) * scale, !!ctm];
  })"""


@pytest.mark.parametrize("width", [390, 320])
def test_no_text_in_the_live_sections_is_smaller_than_10_px_on_a_phone(browser, site_url, width):
    for source, section, states in [
        (FIRST_POST, "fit-by-hand", [None]),
        (SECOND_POST, "learning-rates-live", [None, "0.036", "standardise"]),
    ]:
        page, view = open_post(browser, site_url, source, width=width)
        for state in states:
            if state == "standardise":
                page.get_by_label("Standardise x", exact=False).check()
            elif state:
                page.get_by_label("Learning rate, exact value").fill(state)
            sizes = page.evaluate(TEXT_SIZES, section)
            assert sum(in_chart for _, _, in_chart in sizes) > 10  # the charts' texts are there
            small = [(text, round(size, 1)) for text, size, _ in sizes if size < 10]
            assert small == [], (width, state, small)
        page.context.close()


@pytest.mark.parametrize(
    "source, section, words",
    [
        (FIRST_POST, "fit-by-hand", "the table above shows the same"),
        (SECOND_POST, "learning-rates-live", "the lines printed above for the five learning rates"),
    ],
)
def test_without_javascript_the_section_says_where_its_numbers_stand(
    browser, site_url, source, section, words
):
    page, _ = open_post(browser, site_url, source, javascript=False)
    shown = " ".join(page.locator(f"section#{section}").inner_text().split())
    assert words in shown
    assert page.locator(f"section#{section} .gd-control").count() == 0
    page.context.close()
    # With JavaScript the controls take the note's place.
    page, _ = open_post(browser, site_url, source)
    assert words not in " ".join(page.locator(f"section#{section}").inner_text().split())
    page.context.close()


def test_without_javascript_the_static_story_is_there(browser, site_url):
    page, _ = open_post(browser, site_url, FIRST_POST, javascript=False)
    assert page.locator("img[alt*='hand-picked line'], img[alt*='y = 3x']").count() >= 1
    page.context.close()
    page, _ = open_post(browser, site_url, SECOND_POST, javascript=False)
    text = page.locator("main").inner_text()
    assert re.search(r"lr 0.036 .* diverged +after +150 epochs", text), "the printed runs"
    page.context.close()
