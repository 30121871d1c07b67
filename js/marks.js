// The marks under a slider: a ▲ under each marked value, with its text beside it.
//
// Each text runs to one side of its ▲. The sides are chosen from the widths the browser
// measures, again whenever the slider's width changes: texts never overlap, and a reader can
// tell which ▲ each text belongs to.

export const MARKS_STYLE = `
.gd-marks { position: relative; height: 1.4rem; margin-right: 7.25rem; font-size: 0.85rem; }
.gd-mark { position: absolute; top: 0; white-space: nowrap; }
`;

/**
 * The marks' element, to put under a range input whose thumb is 16 px wide and whose track
 * is as wide as this element. `where` of a mark is its place along the track, from 0 to 1;
 * the texts may run on to the element's parent's right edge (under the slider's number box).
 */
export function markLabels(marks, element) {
  const labels = element("div", { class: "gd-marks", "aria-hidden": "true" });
  const ticks = marks.map(({ text, where }) => {
    const arrow = element("span", {}, "▲");
    const words = element("span", {}, text);
    const node = element("span", { class: "gd-mark" });
    labels.append(node);
    return { node, arrow, words, where };
  });
  const place = () => layout(labels, ticks);
  new ResizeObserver(place).observe(labels);
  document.fonts?.ready.then(place);
  return labels;
}

function layout(labels, ticks) {
  const track = labels.clientWidth;
  if (!track) return;
  const room = labels.parentElement ? labels.parentElement.clientWidth : track;
  const em = parseFloat(getComputedStyle(labels).fontSize);
  // Each mark's width (the same either way round) and the half width of its ▲.
  const sized = ticks.map((tick) => {
    tick.node.replaceChildren(tick.arrow, " ", tick.words);
    const width = tick.node.getBoundingClientRect().width;
    const half = tick.arrow.getBoundingClientRect().width / 2;
    return { ...tick, width, half, anchor: 8 + (track - 16) * tick.where };
  });
  const spans = (sides) => sized.map(({ anchor, width, half }, i) => (sides[i] === "after"
    ? [anchor - half, anchor - half + width] : [anchor + half - width, anchor + half]));
  // Each way of turning the texts; the first is the usual one (away from the nearer end).
  const usual = sized.map(({ where }) => (where < 0.5 ? "after" : "before"));
  const choices = [];
  for (let flips = 0; flips < 2 ** sized.length; flips += 1) {
    const sides = usual.map((side, i) => ((flips >> i) & 1
      ? (side === "after" ? "before" : "after") : side));
    const placed = spans(sides);
    const inside = placed.every(([left, right]) => left >= 0 && right <= room);
    const order = [...placed].sort((a, b) => a[0] - b[0]);
    let gap = Infinity;
    for (let k = 1; k < order.length; k += 1) gap = Math.min(gap, order[k][0] - order[k - 1][1]);
    if (inside && gap > 0) choices.push({ sides, placed, gap, flipped: popcount(flips) });
  }
  // Two texts closer than two em read as one: take the fewest flips that keep them apart,
  // else the widest gap there is.
  choices.sort((a, b) => a.flipped - b.flipped);
  const chosen = choices.find((choice) => choice.gap >= 2 * em) ??
    choices.sort((a, b) => b.gap - a.gap)[0];
  if (chosen) {
    sized.forEach((tick, i) => write(tick, chosen.sides[i], chosen.placed[i][0], 0));
    labels.style.marginBottom = "";
    return;
  }
  // No way fits on one line: each text goes on the first line where it overlaps nothing.
  const lines = [];
  spans(usual).forEach(([left, right], i) => {
    let line = lines.findIndex((taken) => taken.every(([l, r]) => right <= l || left >= r));
    if (line === -1) line = lines.push([]) - 1;
    lines[line].push([left, right]);
    write(sized[i], usual[i], Math.max(0, Math.min(left, room - sized[i].width)), line);
  });
  // The margin, not the height: this element's own size is what the observer watches.
  labels.style.marginBottom = `${1.4 * (lines.length - 1)}rem`;
}

function write({ node, arrow, words }, side, left, line) {
  node.replaceChildren(...(side === "after" ? [arrow, " ", words] : [words, " ", arrow]));
  node.style.left = `${left}px`;
  node.style.top = `${1.4 * line}rem`;
}

function popcount(bits) {
  let count = 0;
  for (let rest = bits; rest; rest >>= 1) count += rest & 1;
  return count;
}
