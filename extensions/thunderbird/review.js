/* The review window: the findings that held the message back, each with its rewrite and Apply;
 * "Send anyway" sends the message as it is. */
"use strict";
(function () {
  const Client = globalThis.TonecheckClient;
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
    const el = document.createElement("section");
    el.className = `finding ${finding.severity}`;
    const preview = Client.sentencePreview(state.text, finding);
    el.append(line("p", finding.message), line("p", preview.before, "before"));
    if (preview.after !== null) el.append(line("p", `→ ${preview.after}`, "after"));
    const rule = line("a", finding.rule, "rule");
    rule.href = `rule.html?id=${encodeURIComponent(finding.rule)}&lang=${finding.language || "en"}`;
    rule.target = "_blank";
    el.append(rule);
    if (Client.applicable(finding)) {
      const apply = line("button", finding.language === "ru" ? "Применить" : "Apply");
      apply.type = "button";
      apply.addEventListener("click", () => ask("apply", {index}).then(render, fail));
      el.append(apply);
    }
    return el;
  }

  function line(tag, text, className) {
    const el = document.createElement(tag);
    el.textContent = text;
    if (className) el.className = className;
    return el;
  }

  function fail(e) {
    status.textContent = e.message;
    status.className = "error";
  }

  document.getElementById("edit").addEventListener("click", () => window.close());
  document.getElementById("send").addEventListener("click", () => ask("send").then(() => window.close(), fail));
  ask("findings").then(render, fail);
})();
