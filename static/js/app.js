/* The portal as an installable app (README §3): registers the service worker (/sw.js, whole
   site) and loads offline-reports.js, which sends the reports kept on this phone while there
   was no connection. Its <script> tag in base.html carries both addresses. Without this
   script, or without service workers, every page works as before, online. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  if ("serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register(script.dataset.serviceWorker, { scope: "/" })
      .catch(function () {});  // no worker: pages simply need the network
  }
  if (!window.indexedDB || !window.fetch || !window.DOMParser) return;
  var reports = document.createElement("script");
  reports.src = script.dataset.offlineReports;
  reports.defer = true;
  reports.dataset.reportForm = script.dataset.reportForm;
  document.head.appendChild(reports);
})();
