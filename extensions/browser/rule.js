/* A rule's explanation, from the server's GET /v1/rules/{id} (with the token, which a plain link
 * to the server could not carry). */
"use strict";
(function () {
  const ext = globalThis.browser || globalThis.chrome;
  const Client = globalThis.TonecheckClient;
  const query = new URLSearchParams(location.search), id = query.get("id") || "";
  document.getElementById("rule").textContent = id;
  const status = document.getElementById("status");
  ext.storage.local.get("settings").then(async (stored) => {
    try {
      const rule = await Client.ruleDoc(Client.withDefaults(stored.settings), id, query.get("lang"));
      document.getElementById("doc").textContent = rule.markdown;
      status.textContent = rule.summary;
    } catch (e) {
      status.textContent = e.message;
      status.className = "error";
    }
  });
})();
