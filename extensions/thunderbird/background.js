/* The Thunderbird add-on's background: the check before Send, and the review window's requests. */
"use strict";
(function () {
  const guard = globalThis.TonecheckComposeCheck.createGuard({
    messenger: globalThis.messenger,
    Client: globalThis.TonecheckClient,
    TextMap: globalThis.TonecheckTextMap,
    parseHTML: (html) => new DOMParser().parseFromString(html, "text/html"),
  });

  messenger.compose.onBeforeSend.addListener((tab, details) => guard.onBeforeSend(tab, details));

  messenger.runtime.onMessage.addListener((request) => {
    if (!request || typeof request.tab !== "number") return undefined;
    if (request.type === "findings") return Promise.resolve(guard.findings(request.tab));
    if (request.type === "apply") return guard.apply(request.tab, request.index);
    if (request.type === "send") return guard.send(request.tab);
    return undefined;
  });
})();
