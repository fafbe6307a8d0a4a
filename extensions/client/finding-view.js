/* One finding as the user sees it, the same in the browser's card and Thunderbird's review window:
 * the message, the whole sentence before → after, the rule's id linking to its explanation, and
 * Apply when the rewrite is safe to apply (one for the writer to finish is shown, marked so). Built with DOM calls only (no HTML strings from the server). */
(function (root, factory) {
  const api = factory(root.TonecheckClient || (typeof require === "function" && require("./tonecheck-client.js")));
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.TonecheckFindingView = api;
})(globalThis, function (Client) {
  "use strict";

  /** `text`: the checked text the finding's offsets point into; `ruleUrl`: the explanation page. */
  function findingElement(doc, text, finding, ruleUrl, onApply) {
    const el = doc.createElement("section");
    el.className = `finding ${finding.severity}`;
    el.dataset.rule = finding.rule;
    const preview = Client.sentencePreview(text, finding);
    el.append(element(doc, "p", finding.message, "message"), element(doc, "p", preview.before, "before"));
    if (preview.after !== null) {
      const note = finding.language === "ru" ? " (допишите сами)" : " (to finish by hand)";
      el.append(element(doc, "p", `→ ${preview.after}${preview.byHand ? note : ""}`,
                        preview.byHand ? "after by-hand" : "after"));
    }
    const why = element(doc, "a", finding.rule, "why");
    why.href = `${ruleUrl}?id=${encodeURIComponent(finding.rule)}&lang=${finding.language === "ru" ? "ru" : "en"}`;
    why.target = "_blank";
    why.rel = "noopener";
    el.append(why);
    if (Client.applicable(finding)) {
      const apply = element(doc, "button", finding.language === "ru" ? "Применить" : "Apply", "apply");
      apply.type = "button";
      apply.addEventListener("click", onApply);
      el.append(apply);
    }
    return el;
  }

  function element(doc, tag, content, className) {
    const el = doc.createElement(tag);
    el.textContent = content;
    if (className) el.className = className;
    return el;
  }

  return {findingElement, element};
});
