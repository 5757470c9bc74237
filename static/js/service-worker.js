/* The portal's service worker, served from /sw.js by phananh/pwa.py, which puts its settings
   in self.PORTAL before this code: version, shell (static URLs), offlinePage, staticPrefix,
   neverKept (path prefixes), forgetPagesOn (the accounts' pages: logging in and out).
   - Static files: from the cache first (the shell is kept at install; other static files
     when first fetched), in a cache named after the version; a new version deletes the old.
   - Pages (a GET navigation): from the network first; the citizen's recent pages are kept, so
     one read before opens without a connection; a page never read gives the offline page.
     Never kept: POST answers, staff and account pages (neverKept), redirects, anything marked
     no-store. Logging in or out (any POST to forgetPagesOn) forgets every kept page, so the
     next person on this phone never sees the last one's pages.
   - Everything else (fetch() calls, files, map tiles) goes to the network untouched. */
"use strict";

var PORTAL = self.PORTAL;
var STATIC_CACHE = "phananh-static-" + PORTAL.version;
var PAGE_CACHE = "phananh-pages";
var MAX_PAGES = 40;
var SLOW_NETWORK_MS = 8000;  // with a kept copy, wait this long for the network at most

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(STATIC_CACHE).then(function (cache) {
    // The offline page as a visitor sees it: never someone's name or notifications.
    var offline = new Request(PORTAL.offlinePage, { credentials: "omit" });
    return Promise.all([
      cache.addAll(PORTAL.shell),
      fetch(offline).then(function (response) {
        if (!response.ok) throw new Error("offline page: " + response.status);
        return cache.put(PORTAL.offlinePage, response);
      })
    ]);
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("phananh-static-") === 0 && name !== STATIC_CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function startsWithAny(path, prefixes) {
  return prefixes.some(function (prefix) { return path.indexOf(prefix) === 0; });
}

function forgetPages() {
  return caches.delete(PAGE_CACHE);
}

function fromStaticCache(request) {
  return caches.open(STATIC_CACHE).then(function (cache) {
    return cache.match(request, { ignoreVary: true }).then(function (kept) {
      if (kept) return kept;
      return fetch(request).then(function (response) {
        if (response.ok && response.type === "basic") cache.put(request, response.clone());
        return response;
      });
    });
  });
}

function keepable(response) {
  var type = response.headers.get("Content-Type") || "";
  var control = response.headers.get("Cache-Control") || "";
  return response.status === 200 && response.type === "basic" && !response.redirected &&
    type.indexOf("text/html") === 0 && !/no-store/i.test(control);
}

function keepPage(request, response) {
  return caches.open(PAGE_CACHE).then(function (cache) {
    // Delete first so the page moves to the end: the oldest are dropped first.
    return cache.delete(request, { ignoreVary: true }).then(function () {
      return cache.put(request, response);
    }).then(function () { return cache.keys(); }).then(function (keys) {
      return Promise.all(keys.slice(0, Math.max(0, keys.length - MAX_PAGES)).map(function (key) {
        return cache.delete(key);
      }));
    });
  });
}

function offlinePage() {
  return caches.open(STATIC_CACHE).then(function (cache) { return cache.match(PORTAL.offlinePage); })
    .then(function (page) {
      return page || new Response("", { status: 503, statusText: "Offline" });
    });
}

function page(event, keep) {
  var request = event.request;
  var network = fetch(request);
  if (keep) {
    event.waitUntil(network.then(function (response) {
      return keepable(response) ? keepPage(request, response.clone()) : null;
    }).catch(function () {}));
  }
  var kept = keep ? caches.match(request, { cacheName: PAGE_CACHE, ignoreVary: true }) : Promise.resolve(null);
  return kept.then(function (copy) {
    if (!copy) return network.catch(offlinePage);
    var slow = new Promise(function (resolve) {
      setTimeout(function () { resolve(copy); }, SLOW_NETWORK_MS);
    });
    return Promise.race([network.catch(function () { return copy; }), slow]);
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== "GET") {
    if (startsWithAny(url.pathname, PORTAL.forgetPagesOn)) event.waitUntil(forgetPages());
    return;  // POSTs go to the portal as they are, and their answers are never kept
  }
  if (url.pathname.indexOf(PORTAL.staticPrefix) === 0) {
    event.respondWith(fromStaticCache(request));
    return;
  }
  if (request.mode !== "navigate") return;
  event.respondWith(page(event, !startsWithAny(url.pathname, PORTAL.neverKept)));
});
