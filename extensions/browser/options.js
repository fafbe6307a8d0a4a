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
    const sites = Client.matchPatterns(settings.sites);
    if (sites.invalid.length) return show(`Not a site pattern: ${sites.invalid.join(", ")}`, true);
    await askForAccess(settings.server, mail ? [] : sites.patterns);
    await ext.storage.local.set({settings});
    try {
      const health = await Client.check(settings, {text: "Здравствуйте! Всё получил, спасибо."});
      show(`Saved. The server answers (warmth ${Client.badgeText(health)}/10 for a test message).`, false);
    } catch (e) {
      show(`Saved, but: ${e.message}`, true);
    }
  });

  /** Access to the server and the sites, asked while the click that saves is still the user's
   * (this machine's server is in the manifest; sites already granted are not asked again). A
   * refusal is no error: a site without access is simply not checked. */
  async function askForAccess(server, sites) {
    if (!ext.permissions) return;
    const origins = [`${new URL(server).origin}/*`, ...sites];
    try { await ext.permissions.request({origins}); } catch (e) { /* the check below says if the server is out of reach */ }
  }

  function show(message, error) {
    status.textContent = message;
    status.className = error ? "error" : "";
  }
})();
