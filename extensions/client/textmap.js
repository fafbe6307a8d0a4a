/* The text of a rich editor (a contenteditable compose box, an HTML mail body) as the service
 * reads it, and the way back from an offset in that text to a DOM position: the editor's own
 * nodes are never rewrapped, so underlining and applying cannot break its model.
 * Quoted messages (blockquotes, Gmail's and Thunderbird's quote wrappers) are kept apart as
 * `quoted`; they are what the user answers, not what the user writes. */
(function (root, factory) {
  const api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.TonecheckTextMap = api;
})(globalThis, function () {
  "use strict";

  const QUOTE = "blockquote, .gmail_quote, .moz-cite-prefix, .yahoo_quoted, #divRplyFwdMsg, #appendonsend";
  const SKIP = "script, style, template, .moz-signature";
  const BLOCK = /^(ADDRESS|ARTICLE|ASIDE|BLOCKQUOTE|DIV|DL|DT|DD|FIELDSET|FIGURE|FOOTER|FORM|H[1-6]|HEADER|HR|LI|MAIN|NAV|OL|P|PRE|SECTION|TABLE|TR|UL)$/;
  const TEXT = 3, ELEMENT = 1;

  /** {text, quoted, pieces}: `pieces` are the text nodes in order with where each starts in `text`. */
  function read(rootElement) {
    const state = {text: "", quoted: [], pieces: []};
    walk(rootElement, state);
    return {text: state.text, quoted: state.quoted.join("\n\n").trim(), pieces: state.pieces};
  }

  function walk(node, state) {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === TEXT) {
        state.pieces.push({node: child, start: state.text.length});
        state.text += child.data;
      } else if (child.nodeType === ELEMENT) {
        element(child, state);
      }
    }
  }

  function element(el, state) {
    if (el.matches(SKIP)) return;
    if (el.matches(QUOTE)) {
      const quoted = (el.textContent || "").trim();
      if (quoted) state.quoted.push(quoted);
      return;
    }
    if (el.tagName === "BR") { state.text += "\n"; return; }
    const block = BLOCK.test(el.tagName);
    if (block) newline(state);
    walk(el, state);
    if (block) newline(state);
  }

  function newline(state) {
    if (state.text && !state.text.endsWith("\n")) state.text += "\n";
  }

  /** The DOM position of a UTF-16 offset into the text; an offset on a line break the walk added
   * goes to the end of the text node before it. */
  function position(map, offset) {
    let found = null;
    for (const piece of map.pieces) {
      if (piece.start > offset) break;
      found = piece;
    }
    if (!found) return null;
    return {node: found.node, offset: Math.min(offset - found.start, found.node.data.length)};
  }

  /** A DOM Range over [start, end) of the text. */
  function range(map, start, end, doc) {
    const a = position(map, start), b = position(map, end);
    if (!a || !b) return null;
    const r = (doc || a.node.ownerDocument).createRange();
    r.setStart(a.node, a.offset);
    r.setEnd(b.node, b.offset);
    return r;
  }

  /** Replace [start, end) of the text with `replacement` in the text nodes themselves: the first
   * node takes the replacement, the nodes after it inside the span lose their share of it. */
  function replace(map, start, end, replacement) {
    const a = position(map, start), b = position(map, end);
    if (!a || !b) return false;
    if (a.node === b.node) {
      a.node.data = a.node.data.slice(0, a.offset) + replacement + a.node.data.slice(b.offset);
      return true;
    }
    a.node.data = a.node.data.slice(0, a.offset) + replacement;
    let inside = false;
    for (const piece of map.pieces) {
      if (piece.node === b.node) break;
      if (inside) piece.node.data = "";
      if (piece.node === a.node) inside = true;
    }
    b.node.data = b.node.data.slice(b.offset);
    return true;
  }

  return {QUOTE, read, position, range, replace};
});
