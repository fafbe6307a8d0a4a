/* The extension's background: the only place that talks to the server (the one in the options),
 * so pages never see the token and the request comes from the extension, not the page.
 * A newer check from the same editor aborts the one still on its way. It also puts the content
 * script on the sites the user listed, and on no others. */
"use strict";
if (typeof importScripts === "function" && !globalThis.TonecheckClient) {
  importScripts("client/tonecheck-client.js");  // Chromium's service worker; Firefox lists it in the manifest
}
const ext = globalThis.browser || globalThis.chrome;
const Client = globalThis.TonecheckClient;
const inFlight = new Map();  // "tab:editor" -> AbortController

async function settings() {
  const stored = await ext.storage.local.get("settings");
  return Client.withDefaults(stored.settings);
}

async function check(request, sender) {
  const key = `${sender.tab ? sender.tab.id : "-"}:${request.editor}`;
  if (inFlight.has(key)) inFlight.get(key).abort();
  const controller = new AbortController();
  inFlight.set(key, controller);
  try {
    const result = await Client.check(await settings(), {text: request.text, quoted: request.quoted},
                                      {signal: controller.signal});
    badge(sender, Client.badgeText(result), "#2f3b52");
    return {ok: true, result};
  } catch (e) {
    if (e.kind !== "aborted") badge(sender, "!", "#b00020");
    return {ok: false, kind: e.kind || "rejected", message: e.message};
  } finally {
    if (inFlight.get(key) === controller) inFlight.delete(key);
  }
}

function badge(sender, text, color) {
  if (!sender.tab || !ext.action) return;
  ext.action.setBadgeText({tabId: sender.tab.id, text}).catch(() => {});
  ext.action.setBadgeBackgroundColor({tabId: sender.tab.id, color}).catch(() => {});
}

const CONTENT_SCRIPTS = ["client/tonecheck-client.js", "client/textmap.js", "client/finding-view.js", "content.js"];

/** The content script runs only on the listed sites the user gave access to: it is registered
 * for them now, and again whenever the list or the access changes. */
async function registerContentScript() {
  const wanted = Client.matchPatterns((await settings()).sites).patterns;
  const granted = [];
  for (const pattern of wanted) {
    if (await ext.permissions.contains({origins: [pattern]})) granted.push(pattern);
  }
  const registered = await ext.scripting.getRegisteredContentScripts({ids: ["tonecheck"]});
  if (registered.length) await ext.scripting.unregisterContentScripts({ids: ["tonecheck"]});
  if (granted.length) {
    await ext.scripting.registerContentScripts([{id: "tonecheck", matches: granted, js: CONTENT_SCRIPTS,
                                                 allFrames: true, runAt: "document_idle"}]);
  }
}

function reregister() {
  registerContentScript().catch((e) => console.warn(`tonecheck: content script not registered: ${e.message}`));
}

ext.runtime.onInstalled.addListener((details) => {
  reregister();
  if (details.reason === "install") ext.runtime.openOptionsPage();  // the server and the sites come first
});
ext.runtime.onStartup.addListener(reregister);
ext.permissions.onAdded.addListener(reregister);
ext.permissions.onRemoved.addListener(reregister);
ext.storage.onChanged.addListener((changes, area) => {
  if (area === "local" && changes.settings) reregister();
});

ext.runtime.onMessage.addListener((request, sender, sendResponse) => {
  if (!request || request.type !== "check") return false;
  check(request, sender).then(sendResponse);
  return true;  // the answer comes asynchronously
});
