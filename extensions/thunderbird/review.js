/* The review window: the findings that held the message back, each with its rewrite and Apply;
 * "Send anyway" sends the message as it is. */
"use strict";
(function () {
  const Client = globalThis.TonecheckClient, View = globalThis.TonecheckFindingView;
  const tab = Number(new URLSearchParams(location.search).get("tab"));
  const list = document.getElementById("findings"), status = document.getElementById("status");

  function ask(type, extra) {
    return messenger.runtime.sendMessage(Object.assign({type, tab}, extra || {}));
  }

  function render(state) {
    list.replaceChildren();
    if (!state) { document.getElementById("summary").textContent = "Nothing to review."; return; }
    const n = state.findings.length;
    document.getElementById("summary").textContent = n
      ? `${n} ${n === 1 ? "finding" : "findings"} · warmth ${Client.badgeText(state)}/10`
      : `Nothing left to fix · warmth ${Client.badgeText(state)}/10`;
    document.getElementById("send").textContent = n ? "Send anyway" : "Send";
    state.findings.forEach((finding, index) => list.appendChild(item(state, finding, index)));
  }

  function item(state, finding, index) {
    return View.findingElement(document, state.text, finding, "rule.html",
                               () => ask("apply", {index}).then(render, fail));
  }

  function fail(e) {
    status.textContent = e.message;
    status.className = "error";
  }

  document.getElementById("edit").addEventListener("click", () => window.close());
  document.getElementById("send").addEventListener("click", () => ask("send").then(() => window.close(), fail));
  ask("findings").then(render, fail);
})();
