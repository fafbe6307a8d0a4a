/* tonecheck in the page: on the sites the user allowed, every textarea and rich editor is checked
 * when the user pauses typing; findings are underlined in an overlay (the editor's own DOM is
 * never touched until the user presses Apply), a card shows the message, the rule's explanation,
 * the whole sentence before and after, and Apply replaces exactly the flagged words.
 * Nothing here blocks or delays typing: checks run in the background script. */
(function () {
  "use strict";
  const ext = globalThis.browser || globalThis.chrome;
  const Client = globalThis.TonecheckClient, TextMap = globalThis.TonecheckTextMap;
  const View = globalThis.TonecheckFindingView;
  const PAUSE_MS = 200;  // the debounce: a check starts this long after the last keystroke
  const editors = new WeakMap();
  let overlay = null, nextEditor = 1, settings = null;

  ext.storage.local.get("settings").then((stored) => {
    try { settings = Client.withDefaults(stored.settings); } catch (e) { return; }
    if (!Client.siteAllowed(location.href, settings.sites)) return;  // not allowed: stay inert
    document.addEventListener("focusin", (event) => attach(event.target), true);
    if (document.activeElement) attach(document.activeElement);
    window.addEventListener("scroll", redrawAll, true);
    window.addEventListener("resize", redrawAll);
  });

  function editableRoot(el) {
    if (!el || el.nodeType !== 1) return null;
    if (el.tagName === "TEXTAREA") return el.readOnly || el.disabled ? null : el;
    if (!el.isContentEditable) return null;
    let host = el;
    while (host.parentElement && host.parentElement.isContentEditable) host = host.parentElement;
    return host;
  }

  function attach(target) {
    const el = editableRoot(target);
    if (!el || editors.has(el)) return;
    const editor = {el, id: nextEditor++, seq: 0, timer: null, text: "", findings: [], state: "idle",
                    message: "", result: null};
    editors.set(el, editor);
    el.addEventListener("input", () => typed(editor));
    el.addEventListener("scroll", () => draw(editor));
    if (currentText(editor).text.trim()) schedule(editor, 0);
  }

  function typed(editor) {
    editor.findings = [];  // the old underlines no longer sit on the right words, the old score is stale
    editor.state = "checking";
    draw(editor);
    schedule(editor, PAUSE_MS);
  }

  function schedule(editor, delay) {
    clearTimeout(editor.timer);
    editor.timer = setTimeout(() => check(editor), delay);
  }

  function currentText(editor) {
    if (editor.el.tagName === "TEXTAREA") return {text: editor.el.value, quoted: "", map: null};
    const map = TextMap.read(editor.el);
    return {text: map.text, quoted: map.quoted, map};
  }

  async function check(editor) {
    const current = currentText(editor), mine = ++editor.seq;
    if (!current.text.trim()) { editor.findings = []; editor.state = "idle"; draw(editor); return; }
    editor.state = "checking";
    const answer = await ext.runtime.sendMessage(
      {type: "check", editor: editor.id, text: current.text, quoted: current.quoted});
    if (mine !== editor.seq || !answer || answer.kind === "aborted") return;  // a newer check is on its way
    editor.text = current.text;
    if (answer.ok) {
      editor.result = answer.result;
      editor.findings = Client.atOrAbove(answer.result.findings, settings.failOn);
      editor.state = "ready";
    } else {
      editor.findings = [];
      editor.state = answer.kind;
      editor.message = answer.message;
    }
    draw(editor);
  }

  // --- the overlay: one shadow root over the page, so page styles and ours never mix ---------------

  function shadow() {
    if (overlay) return overlay;
    const host = document.createElement("tonecheck-overlay");
    host.style.cssText = "position:fixed;left:0;top:0;width:0;height:0;z-index:2147483647;";
    const root = host.attachShadow({mode: "open"});
    const style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = ext.runtime.getURL("content.css");
    root.appendChild(style);
    document.documentElement.appendChild(host);
    overlay = root;
    return root;
  }

  function layer(editor) {
    const root = shadow();
    let box = root.querySelector(`[data-editor="${editor.id}"]`);
    if (!box) {
      box = document.createElement("div");
      box.className = "editor";
      box.dataset.editor = editor.id;
      root.appendChild(box);
    }
    return box;
  }

  function redrawAll() {
    if (!overlay) return;
    for (const box of overlay.querySelectorAll(".editor")) {
      const editor = editorById(Number(box.dataset.editor));
      if (editor) draw(editor);
    }
  }

  function editorById(id) {
    let found = null;
    document.querySelectorAll("textarea, [contenteditable]").forEach((el) => {
      const editor = editors.get(el);
      if (editor && editor.id === id) found = editor;
    });
    return found;
  }

  function draw(editor) {
    const box = layer(editor);
    box.replaceChildren();
    const bounds = editor.el.getBoundingClientRect();
    if (!bounds.width || !bounds.height) return;
    editor.findings.forEach((finding, i) => {
      for (const rect of rects(editor, finding)) {
        if (rect.bottom < bounds.top || rect.top > bounds.bottom || rect.right < bounds.left || rect.left > bounds.right) continue;
        const line = document.createElement("div");
        line.className = `underline ${finding.severity} ${finding.rule.split(".")[0]}`;
        line.dataset.rule = finding.rule;
        line.dataset.index = i;
        line.title = finding.message;
        Object.assign(line.style, {left: `${rect.left}px`, top: `${rect.bottom - 3}px`, width: `${rect.width}px`});
        line.addEventListener("click", () => card(editor, [i]));
        box.appendChild(line);
      }
    });
    box.appendChild(pill(editor, bounds));
  }

  function pill(editor, bounds) {
    const el = document.createElement("button");
    el.className = `pill ${editor.state}`;
    el.type = "button";
    el.textContent = pillText(editor);
    Object.assign(el.style, {left: `${bounds.right - 8}px`, top: `${bounds.bottom - 8}px`});
    el.addEventListener("click", () => card(editor, editor.findings.map((f, i) => i)));
    return el;
  }

  function pillText(editor) {
    if (editor.state === "unreachable") return "tonecheck: server unreachable";
    if (editor.state === "unauthorized") return "tonecheck: wrong token";
    if (editor.state === "rejected") return `tonecheck: ${editor.message}`;
    if (editor.state === "checking") return "tonecheck …";
    if (editor.state === "idle" || !editor.result) return "tonecheck";
    const n = editor.findings.length;
    return `warmth ${Client.badgeText(editor.result)}/10 · ${n ? n + (n === 1 ? " issue" : " issues") : "no issues"}`;
  }

  /** Where a finding's words are on screen now. */
  function rects(editor, finding) {
    const s = Client.span(editor.text, finding);
    if (editor.el.tagName === "TEXTAREA") return textareaRects(editor.el, s.start, s.end);
    const range = TextMap.range(TextMap.read(editor.el), s.start, s.end, document);
    return range ? Array.from(range.getClientRects()).filter((r) => r.width > 0) : [];
  }

  const MIRRORED = ["boxSizing", "width", "height", "paddingTop", "paddingRight", "paddingBottom", "paddingLeft",
                    "borderTopWidth", "borderRightWidth", "borderBottomWidth", "borderLeftWidth", "borderStyle",
                    "fontFamily", "fontSize", "fontWeight", "fontStyle", "letterSpacing", "lineHeight",
                    "textTransform", "wordSpacing", "textIndent", "tabSize"];

  /** A textarea's characters have no boxes of their own: a hidden copy laid out the same way on
   * the same spot has them. */
  function textareaRects(textarea, start, end) {
    const style = getComputedStyle(textarea), at = textarea.getBoundingClientRect();
    const mirror = document.createElement("div");
    for (const key of MIRRORED) mirror.style[key] = style[key];
    Object.assign(mirror.style, {position: "fixed", left: `${at.left}px`, top: `${at.top}px`, visibility: "hidden",
                                 whiteSpace: "pre-wrap", overflowWrap: "break-word", overflow: "hidden",
                                 borderColor: "transparent"});
    const text = document.createTextNode(textarea.value + "\u200b");
    mirror.appendChild(text);
    shadow().appendChild(mirror);
    mirror.scrollTop = textarea.scrollTop;
    const range = document.createRange();
    range.setStart(text, start);
    range.setEnd(text, end);
    const dy = textarea.scrollTop, dx = textarea.scrollLeft;
    const found = Array.from(range.getClientRects()).filter((r) => r.width > 0)
      .map((r) => ({left: r.left - dx, right: r.right - dx, top: r.top - dy, bottom: r.bottom - dy, width: r.width}));
    mirror.remove();
    return found;
  }

  // --- the card -----------------------------------------------------------------------------------

  function card(editor, indexes) {
    const root = shadow();
    const old = root.querySelector(".card");
    if (old) old.remove();
    const panel = document.createElement("div");
    panel.className = "card";
    const bounds = editor.el.getBoundingClientRect();
    Object.assign(panel.style, {left: `${Math.max(8, bounds.left)}px`, top: `${Math.min(bounds.bottom + 6, innerHeight - 40)}px`});
    const close = button("×", "close", () => panel.remove());
    panel.appendChild(close);
    if (!indexes.length) panel.appendChild(text("p", editor.state === "ready" ? "No issues." : pillText(editor)));
    for (const i of indexes) panel.appendChild(item(editor, editor.findings[i], panel));
    root.appendChild(panel);
  }

  function item(editor, finding, panel) {
    return View.findingElement(document, editor.text, finding, ext.runtime.getURL("rule.html"), () => {
      panel.remove();
      apply(editor, finding);
    });
  }

  function text(tag, content, className) {
    return View.element(document, tag, content, className);
  }

  function button(label, className, onClick) {
    const el = document.createElement("button");
    el.type = "button";
    el.className = className;
    el.textContent = label;
    el.addEventListener("click", onClick);
    return el;
  }

  // --- Apply: exactly the flagged words, through the editor's own input path ----------------------

  function apply(editor, finding) {
    const current = currentText(editor), s = Client.span(current.text, finding);
    if (current.text.slice(s.start, s.end) !== finding.text) { schedule(editor, 0); return; }  // edited since
    editor.el.focus();
    if (editor.el.tagName === "TEXTAREA") {
      editor.el.setSelectionRange(s.start, s.end);
      if (!typeOver(finding.suggestion)) {
        editor.el.setRangeText(finding.suggestion, s.start, s.end, "end");
        editor.el.dispatchEvent(new Event("input", {bubbles: true}));
      }
    } else {
      const range = TextMap.range(current.map, s.start, s.end, document), selection = getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      if (!typeOver(finding.suggestion)) {
        TextMap.replace(current.map, s.start, s.end, finding.suggestion);
        editor.el.dispatchEvent(new Event("input", {bubbles: true}));
      }
    }
    schedule(editor, 0);
  }

  /** Replace the selection as typing would (the editor's undo and its framework see an input);
   * false where the browser does not offer it. */
  function typeOver(replacement) {
    return replacement ? document.execCommand("insertText", false, replacement) : document.execCommand("delete");
  }
})();
