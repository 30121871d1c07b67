// Labelled, keyboard-operable controls for the posts' interactive sections, with no library
// to load.
//
// Each control is an element with a `value` whose changes reach it as "input" events, so a
// section redraws on one listener. Native <input> elements give the keyboard (arrows, Page
// Up/Down, Home/End), the focus ring and the accessible name.

import { MARKS_STYLE, markLabels } from "./marks.js";

let count = 0;
const newId = (stem) => `${stem}-${(count += 1)}`;

const STYLE = `
.gd-control { margin: 0.6rem 0; max-width: 34rem; }
.gd-control label { display: block; font-weight: 600; }
.gd-control-row { display: flex; gap: 0.75rem; align-items: center; }
.gd-control input[type=range] { flex: 1 1 auto; min-width: 0; margin: 0; }
.gd-control input[type=text] { width: 6.5rem; flex: 0 0 auto; }
.gd-control input[aria-invalid=true] { border: 2px solid #b00020; }
.gd-message { margin: 0.3rem 0 0; font-size: 0.95rem; color: #b00020; }
body.quarto-dark .gd-message { color: #ff8a80; }
body.quarto-dark .gd-control input[aria-invalid=true] { border-color: #ff8a80; }
.gd-check { margin: 0.6rem 0; font-weight: 600; display: flex; gap: 0.5rem; align-items: baseline; }
.gd-button { color: #fff; background: #1f4e79; border: 1px solid #1f4e79; border-radius: 0.25rem;
  padding: 0.3rem 0.8rem; }
.gd-button:hover { background: #163a5a; }
.gd-button:focus-visible { outline: 3px solid #b4450e; outline-offset: 2px; }
.gd-readout { font-size: 1.05rem; margin: 0.4rem 0 1rem; }
.gd-legend { font-size: 0.9rem; margin: -0.5rem 0 1rem; max-width: 34rem; }
@media (max-width: 500px) { .gd-chart { font-size: 16px; } }
.gd-chart { display: block; width: 100%; max-width: 34rem; height: auto; margin-bottom: 1rem; }
`;

function addStyle() {
  if (!document.getElementById("gd-style")) {
    const style = document.createElement("style");
    style.id = "gd-style";
    style.textContent = STYLE + MARKS_STYLE;
    document.head.append(style);
  }
}

function element(tag, attributes = {}, text = "") {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

const LINEAR = { toSlider: (value) => value, fromSlider: (position) => position };
const LOG = {
  toSlider: Math.log10,
  // Three significant digits: a log slider's raw values (0.0351119...) are noise to a reader.
  fromSlider: (position) => Number((10 ** position).toPrecision(3)),
};

/** A number written the usual way (-12, 0.5, .5, 3e-2), or null: "", "abc", "1,5" are not. */
function parseNumber(text) {
  const written = text.trim();
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(written) ? Number(written) : null;
}

/**
 * A slider with a number box beside it for exact values; `scale: "log"` spaces the slider
 * logarithmically, `integer` allows whole numbers only. `marks` ([{value, text}]) are drawn
 * as ▲ under the slider, and the slider stops on each marked value itself: within half a step
 * of a mark, its value is the mark's.
 *
 * A value the box cannot use (empty, not a number, not whole, out of range) is never passed
 * on: a message beside the box says why, and the section keeps what it shows.
 */
export function slider({ label, min, max, step, value, scale = "linear", integer = false,
  marks = [] }) {
  if (!(min < max)) throw new RangeError(`min must be below max, got ${min} and ${max}`);
  if (scale !== "linear" && scale !== "log") {
    throw new TypeError(`scale must be "linear" or "log", got ${scale}`);
  }
  addStyle();
  const { toSlider, fromSlider: rounded } = scale === "log" ? LOG : LINEAR;
  const fromSlider = (position) => {
    const distance = (mark) => Math.abs(toSlider(mark.value) - position);
    const nearest = [...marks].sort((a, b) => distance(a) - distance(b))[0];
    return nearest && distance(nearest) <= step / 2 ? nearest.value : rounded(position);
  };
  const mark = (at) => marks.find((candidate) => candidate.value === at);
  const valueText = (at) => (mark(at) ? `${at} (${mark(at).text})` : String(at));
  const id = newId("gd-control");
  const root = element("div", { class: "gd-control" });
  const name = element("label", { for: id }, label);
  const range = element("input", {
    type: "range", id, min: toSlider(min), max: toSlider(max), step,
  });
  // A text box, not type=number: the box then shows whatever is typed, and the message can
  // say what is wrong with it. A phone's decimal keypad has no minus sign.
  const number = element("input", {
    type: "text", inputmode: min < 0 ? "text" : "decimal", autocomplete: "off",
    "aria-label": `${label}, exact value`, "aria-describedby": `${id}-message`,
    "aria-invalid": "false",
  });
  const message = element("p", { id: `${id}-message`, class: "gd-message", "aria-live": "polite",
    hidden: "" });
  const row = element("div", { class: "gd-control-row" });
  row.append(range, number);
  root.append(name, row);
  if (marks.length) {
    // No <datalist> ticks: the browser draws only those that fall on a step, and a mark
    // (2 / lambda_max) seldom does.
    const span = toSlider(max) - toSlider(min);
    root.append(markLabels(marks.map((mark) => ({ text: mark.text,
      where: (toSlider(mark.value) - toSlider(min)) / span })), element));
    range.setAttribute("aria-describedby", `${id}-described`);
    root.append(element("span", { id: `${id}-described`, hidden: "" },
      marks.map((mark) => mark.text).join("; ")));
  }
  root.append(message);

  const kind = integer ? "a whole number" : "a number";
  const usable = (typed) => typed !== null && typed >= min && typed <= max &&
    (!integer || Number.isInteger(typed));
  let current = value;
  const say = (text) => {
    message.textContent = text;
    message.hidden = !text;
    number.setAttribute("aria-invalid", String(Boolean(text)));
  };
  const show = () => {
    range.value = toSlider(current);
    number.value = current;
    range.setAttribute("aria-valuetext", valueText(current));
    say("");
  };
  range.addEventListener("input", () => {
    current = fromSlider(range.valueAsNumber);
    show();
  });
  number.addEventListener("input", (event) => {
    const typed = parseNumber(number.value);
    if (!usable(typed)) {
      event.stopPropagation(); // half-typed or unusable: the section keeps its last good value
      const written = number.value.trim();
      say(`${written ? `“${written}” is not` : "Type"} ${kind} from ${min} to ${max}: ` +
        `still using ${current}.`);
      return;
    }
    current = typed;
    range.value = toSlider(current);
    range.setAttribute("aria-valuetext", valueText(current));
    say("");
  });
  // Leaving the box with a value it cannot use puts back the value in use.
  number.addEventListener("change", () => {
    const written = number.value.trim();
    if (!usable(parseNumber(written))) {
      number.value = current;
      const why = written ? `“${written}” was not ${kind} from ${min} to ${max}`
        : "The box was empty";
      say(`${why}: back to ${current}.`);
      number.setAttribute("aria-invalid", "false");
    }
  });
  Object.defineProperty(root, "value", {
    get: () => current,
    set: (next) => { current = next; show(); },
  });
  show();
  return root;
}

/** A labelled checkbox whose value is true or false. */
export function checkbox({ label, value = false }) {
  addStyle();
  const root = element("div", { class: "gd-check" });
  const box = element("input", { type: "checkbox", id: newId("gd-check") });
  box.checked = value;
  const name = element("label", { for: box.id }, label);
  root.append(box, name);
  Object.defineProperty(root, "value", {
    get: () => box.checked,
    set: (next) => { box.checked = next; },
  });
  return root;
}

/** A button that calls `onClick`. */
export function button(label, onClick) {
  addStyle();
  const node = element("button", { type: "button", class: "gd-button" }, label);
  node.addEventListener("click", onClick);
  return node;
}

/** Give a view a new value, as if the reader had set it. */
export function setValue(view, value) {
  view.value = value;
  view.dispatchEvent(new Event("input", { bubbles: true }));
}

/**
 * A polite ARIA live region: screen readers announce its text when `announce` changes it.
 * Create it once and update it, so that it stays the same element on the page.
 */
export function liveRegion() {
  addStyle();
  const node = element("p", { class: "gd-readout", role: "status", "aria-live": "polite" });
  node.announce = (text) => {
    if (node.textContent !== text) node.textContent = text;
  };
  return node;
}

/** "dark" while the page is in dark mode (Quarto's toggle sets body.quarto-dark), else "light". */
export function colorScheme() {
  return document.body.classList.contains("quarto-dark") ? "dark" : "light";
}

/**
 * The palette to draw with now: the page data's `colors`, or `darkColors` in dark mode. With
 * `color`, that colour of `colors` in the current mode (the same key in `darkColors`).
 */
export function palette(data, color) {
  const colors = colorScheme() === "dark" ? data.darkColors : data.colors;
  if (color === undefined) return colors;
  const key = Object.keys(data.colors).find((name) => data.colors[name] === color);
  return key === undefined ? color : colors[key];
}

/** Call `redraw` whenever the reader switches between light and dark mode. */
export function onColorSchemeChange(redraw) {
  let shown = colorScheme();
  new MutationObserver(() => {
    if (colorScheme() !== shown) {
      shown = colorScheme();
      redraw();
    }
  }).observe(document.body, { attributeFilter: ["class"] });
}

/**
 * The section `name` of the page: its container `#<name>-controls`, emptied of the text shown
 * without JavaScript, and the data the post's Python wrote into `#<name>-data` (JSON).
 */
export function mountSection(name) {
  const root = document.getElementById(`${name}-controls`);
  const source = document.getElementById(`${name}-data`);
  if (!root || !source) throw new TypeError(`the page has no section "${name}" with its data`);
  root.replaceChildren();
  return { root, data: JSON.parse(source.textContent) };
}
