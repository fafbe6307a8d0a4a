/* The check before Send: what the Thunderbird add-on does, written against the `messenger` API
 * it is given, so node's test runner can hand it a fake one.
 *
 * On Send the body is read (the user's text; the quoted original apart), checked through the
 * server, and when findings at or above the configured severity remain the send is cancelled and
 * a review window lists them with Apply and "Send anyway". A server that cannot be reached never
 * holds mail back: the message goes, and the review window is not opened. */
(function (root, factory) {
  const api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.TonecheckComposeCheck = api;
})(globalThis, function () {
  "use strict";

  /** The text the user wrote and the quoted original, from a compose window's details; `map`
   * leads back into the HTML body's nodes for Apply. */
  function readCompose(details, deps) {
    if (details.isPlainText) return {text: details.plainTextBody || "", quoted: "", doc: null, map: null};
    const doc = deps.parseHTML(details.body || "");
    const map = deps.TextMap.read(doc.body);
    return {text: map.text, quoted: map.quoted, doc, map};
  }

  /** deps: {messenger, Client, TextMap, parseHTML, fetch?} -> the add-on's handlers. */
  function createGuard(deps) {
    const {messenger, Client} = deps;
    const pending = new Map();   // compose tab id -> {findings, text, language, warmth}
    const sendAnyway = new Set();  // tabs whose next send goes without a check

    async function settings() {
      const stored = await messenger.storage.local.get("settings");
      return Client.withDefaults(stored.settings);
    }

    async function review(tabId, details) {
      const composed = readCompose(details || await messenger.compose.getComposeDetails(tabId), deps);
      const config = await settings();
      const result = await Client.check(config, composed, {fetch: deps.fetch});
      const holding = Client.atOrAbove(result.findings, config.failOn);
      return {composed, result, holding};
    }

    async function onBeforeSend(tab, details) {
      if (sendAnyway.delete(tab.id)) return {cancel: false};
      let checked;
      try {
        checked = await review(tab.id, details);
      } catch (e) {
        if (e.kind === "unreachable" || e.kind === "rejected" || e.kind === "unauthorized") {
          console.warn(`tonecheck: ${e.message}; the message was sent unchecked`);
          return {cancel: false};
        }
        throw e;
      }
      if (!checked.holding.length) {
        pending.delete(tab.id);
        return {cancel: false};
      }
      remember(tab.id, checked);
      await messenger.windows.create({type: "popup", url: `review.html?tab=${tab.id}`, width: 560, height: 520});
      return {cancel: true};
    }

    function remember(tabId, checked) {
      pending.set(tabId, {findings: checked.holding, text: checked.composed.text,
                          language: checked.result.language, warmth: checked.result.warmth});
    }

    /** Apply one finding's rewrite to the compose window, then check again. */
    async function apply(tabId, index) {
      const state = pending.get(tabId);
      const finding = state && state.findings[index];
      if (!finding || !Client.applicable(finding)) throw new Error("no rewrite to apply");
      const details = await messenger.compose.getComposeDetails(tabId);
      const composed = readCompose(details, deps);
      const s = Client.span(composed.text, finding);
      if (composed.text.slice(s.start, s.end) !== finding.text) throw new Error("the message changed: check it again");
      if (composed.doc) {
        deps.TextMap.replace(composed.map, s.start, s.end, finding.suggestion);
        await messenger.compose.setComposeDetails(tabId, {body: composed.doc.documentElement.outerHTML});
      } else {
        await messenger.compose.setComposeDetails(tabId, {plainTextBody: Client.apply(composed.text, finding)});
      }
      remember(tabId, await review(tabId));
      return pending.get(tabId);
    }

    /** The user read the findings and sends as it is. */
    async function send(tabId) {
      sendAnyway.add(tabId);
      try {
        await messenger.compose.sendMessage(tabId);
        pending.delete(tabId);
      } finally {
        sendAnyway.delete(tabId);  // used by the send, or the send failed: the next one is checked
      }
    }

    return {onBeforeSend, apply, send, findings: (tabId) => pending.get(tabId) || null};
  }

  return {createGuard, readCompose};
});
