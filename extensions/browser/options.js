/* The options page, the same in the browser extension and the Thunderbird add-on: saving checks
 * the server URL and has the server check a short message, so a wrong URL or token shows at once. */
"use strict";
(function () {
  const ext = globalThis.browser || globalThis.chrome;
  const Client = globalThis.TonecheckClient;
  const FIELDS = ["server", "token", "language", "formality", "failOn"];
  const status = document.getElementById("status");
  const mail = Boolean(ext.compose);  // Thunderbird: no sites to list
  document.getElementById("sites-block").hidden = mail;

  ext.storage.local.get("settings").then((stored) => {
    const settings = Object.assign({}, Client.DEFAULTS, stored.settings || {});
    for (const key of FIELDS) document.getElementById(key).value = settings[key];
    document.getElementById("sites").value = settings.sites.join("\n");
  });

  document.getElementById("options").addEventListener("submit", async (event) => {
    event.preventDefault();
    const settings = {};
    for (const key of FIELDS) settings[key] = document.getElementById(key).value.trim();
    settings.sites = document.getElementById("sites").value.split("\n").map((s) => s.trim()).filter(Boolean);
    try {
      settings.server = Client.serverUrl(settings.server);
    } catch (e) {
      return show(e.message, true);
    }
    await askForServer(settings.server);
    await ext.storage.local.set({settings});
    try {
      const health = await Client.check(settings, {text: "Здравствуйте! Всё получил, спасибо."});
      show(`Saved. The server answers (warmth ${Client.badgeText(health)}/10 for a test message).`, false);
    } catch (e) {
      show(`Saved, but: ${e.message}`, true);
    }
  });

  /** A team server needs its own host permission; this machine's is in the manifest. */
  async function askForServer(server) {
    const origin = `${new URL(server).origin}/*`;
    if (!ext.permissions || /^http:\/\/(127\.0\.0\.1|localhost)(:|\/)/.test(server)) return;
    try { await ext.permissions.request({origins: [origin]}); } catch (e) { /* the check below will say */ }
  }

  function show(message, error) {
    status.textContent = message;
    status.className = error ? "error" : "";
  }
})();
