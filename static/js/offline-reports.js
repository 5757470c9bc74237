/* Reports written without a connection (README §3), kept on the phone and sent when it returns.
   On the report form (#offline-reports holds the texts, the owner and the probe address):
   "Gửi" or "Lưu nháp" with no connection (navigator.onLine false, or the portal's /healthz
   not answering) keeps the form's fields and its photos (the Blobs photo-picker.js prepared)
   in IndexedDB with a new client token, and shows "Đang chờ gửi (n)". form-steps.js asks
   form.keptOffline(submitter) before it lets the form post.
   On every page (loaded by app.js): when the connection returns ("online", a page load, or a
   minute later), each waiting report of the citizen logged in is posted to the portal's own
   form with a fresh CSRF token from /phan-anh/gui/: first as a draft with its photos (the
   client token makes a repeated post return the same draft, reports/submissions.py), then
   "Gửi" for a report that was sent. Sent: "Đã gửi phản ánh PA-…"; incomplete (the form's
   errors): it stays a draft on the portal, "Đã lưu thành bản nháp, hãy mở để hoàn tất".
   Only then is the copy on the phone deleted; a failed attempt keeps it for the next one. */
(function () {
  "use strict";
  var script = document.currentScript;
  var createUrl = (script && script.dataset.reportForm) || "/phan-anh/gui/";
  var DB_NAME = "phananh-offline";
  var STORE = "reports";
  var RETRY_MS = 60 * 1000;
  var PROBE_MS = 8000;
  var DETAIL = /^\/phan-anh\/([^/]+)\/$/;
  var DRAFT = /^\/phan-anh\/nhap\/\d+\/$/;
  var form = document.getElementById("report-form");
  var panel = document.getElementById("offline-reports");
  var busy = false;

  // --- The phone's store ---------------------------------------------------------------------
  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE, { keyPath: "token" }); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function withStore(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(STORE, mode);
        var request = work(transaction.objectStore(STORE));
        transaction.oncomplete = function () { db.close(); resolve(request.result); };
        transaction.onerror = transaction.onabort = function () { db.close(); reject(transaction.error); };
      });
    });
  }

  function waiting(owner) {
    return withStore("readonly", function (store) { return store.getAll(); }).then(function (records) {
      return records.filter(function (record) { return owner === undefined || record.owner === owner; })
        .sort(function (a, b) { return a.created - b.created; });
    });
  }

  function newToken() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  // --- Saying what happened ------------------------------------------------------------------
  function fill(node, text, values) {
    // "Đã gửi phản ánh {code}." with {code} a link: text around, never HTML.
    text.split(/(\{\w+\})/).forEach(function (part) {
      var value = values[part.slice(1, -1)];
      node.appendChild(part.charAt(0) === "{" && value ? value : document.createTextNode(part));
    });
    return node;
  }

  function link(href, text, className) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    if (className) a.className = className;
    return a;
  }

  function outcomeLine(outcome, texts) {
    var line = document.createElement("p");
    line.className = "message message--" + (outcome.kind === "sent" ? "success" : outcome.kind === "draft" ? "warning" : "error");
    if (outcome.kind === "sent") {
      fill(line, texts.msgSent, { code: link(outcome.url, outcome.code, "code") });
    } else if (outcome.kind === "draft") {
      fill(line, texts.msgDraft, { title: link(outcome.url, outcome.title) });
    } else {
      line.textContent = [texts.msgFailed].concat(outcome.errors || []).join(" ");
    }
    return line;
  }

  function announce(outcome, texts) {
    var box = panel ? document.getElementById("offline-state") : document.getElementById("offline-notices");
    if (!box) {  // another page: a message at the top, like the portal's own
      box = document.createElement("div");
      box.className = "messages";
      box.id = "offline-notices";
      box.setAttribute("role", "status");
      var main = document.getElementById("main");
      if (!main) return;
      main.insertBefore(box, main.firstChild);
    }
    var line = outcomeLine(outcome, texts);
    if (outcome.token) {  // a report that keeps failing says so once, not at every attempt
      line.dataset.token = outcome.token;
      var earlier = box.querySelector('[data-token="' + outcome.token + '"]');
      if (earlier) earlier.remove();
    }
    box.appendChild(line);
  }

  function showWaiting() {
    if (!panel) return Promise.resolve();
    return waiting(panel.dataset.owner).then(function (records) {
      var box = document.getElementById("offline-waiting");
      var list = document.getElementById("offline-waiting-list");
      box.hidden = !records.length;
      document.getElementById("offline-waiting-title").textContent =
        panel.dataset.msgWaiting.replace("{count}", records.length);
      list.textContent = "";
      records.forEach(function (record) {
        var item = document.createElement("li");
        var photos = record.files.filter(function (file) { return file[0] === "images"; }).length;
        item.textContent = record.title || panel.dataset.msgUntitled;
        if (photos) item.textContent += " · " + panel.dataset.msgPhotos.replace("{count}", photos);
        list.appendChild(item);
      });
    }).catch(function () {});
  }

  // --- Keeping a report on the phone ---------------------------------------------------------
  function reachable() {
    if (navigator.onLine === false) return Promise.resolve(false);
    var controller = window.AbortController ? new AbortController() : null;
    var timer = setTimeout(function () { if (controller) controller.abort(); }, PROBE_MS);
    return fetch(panel.dataset.probeUrl, { cache: "no-store", signal: controller && controller.signal })
      .then(function (response) { return response.ok; }, function () { return false; })
      .then(function (up) { clearTimeout(timer); return up; });
  }

  function keep(intent) {
    var record = {
      token: newToken(),
      owner: panel.dataset.owner,
      action: form.getAttribute("action"),
      intent: intent,
      created: Date.now(),
      title: "",
      fields: [],
      files: []
    };
    new FormData(form).forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken" || name === "action" || name === "client_token") return;
      if (typeof value === "string") {
        record.fields.push([name, value]);
        if (name === "title") record.title = value.trim();
      } else if (value.size || value.name) {
        record.files.push([name, value, value.name]);
      }
    });
    return withStore("readwrite", function (store) { return store.put(record); });
  }

  function showKept() {
    form.hidden = true;
    var state = document.getElementById("offline-state");
    var line = document.createElement("p");
    line.className = "message message--warning";
    line.textContent = panel.dataset.msgKept;
    state.textContent = "";
    state.appendChild(line);
    if (!document.getElementById("offline-another")) {  // stays once the report is sent
      var another = document.createElement("p");
      another.id = "offline-another";
      another.appendChild(link(createUrl, panel.dataset.msgAnother, "button button--secondary"));
      panel.appendChild(another);
    }
    return showWaiting().then(function () {
      document.getElementById("offline-reports").scrollIntoView({ block: "start" });
    });
  }

  // Asked by form-steps.js when "Gửi" or "Lưu nháp" is pressed: true when kept here instead.
  if (form && panel) {
    form.keptOffline = function (submitter) {
      var intent = submitter && submitter.value === "draft" ? "draft" : "send";
      return reachable().then(function (up) {
        if (up) return false;
        return keep(intent).then(showKept).then(function () { return true; }, function () { return false; });
      });
    };
  }

  // --- Sending what waits --------------------------------------------------------------------
  function parse(html) { return new DOMParser().parseFromString(html, "text/html"); }

  function csrfOf(page) {
    var input = page.querySelector("#report-form input[name=csrfmiddlewaretoken]");
    return input ? input.value : null;
  }

  function errorsOf(page) {
    return Array.prototype.map.call(
      page.querySelectorAll(".field__errors li, .message--error, .form-errors p"),
      function (node) { return node.textContent.trim(); }
    );
  }

  // A fresh form from the portal: a CSRF token, who is logged in, and the texts in their language.
  function freshForm() {
    return fetch(createUrl, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
      if (!response.ok || response.redirected) return null;  // logged out: the login page
      return response.text().then(function (html) {
        var page = parse(html);
        var texts = page.getElementById("offline-reports");
        var csrf = csrfOf(page);
        return texts && csrf ? { csrf: csrf, owner: texts.dataset.owner, texts: texts.dataset } : null;
      });
    });
  }

  function post(url, record, options) {
    var data = new FormData();
    record.fields.forEach(function (field) {
      // Files removed from a draft are gone once the draft is saved: not asked again.
      if (options.files || field[0] !== "remove_attachments") data.append(field[0], field[1]);
    });
    if (options.files) record.files.forEach(function (file) { data.append(file[0], file[1], file[2]); });
    data.set("csrfmiddlewaretoken", options.csrf);
    data.set("action", options.action);
    if (options.token) data.set("client_token", record.token);
    return fetch(url, { method: "POST", body: data, credentials: "same-origin" });
  }

  function pathOf(response) { return new URL(response.url).pathname; }

  function sentOutcome(response) {
    var path = pathOf(response);
    var match = response.redirected && !DRAFT.test(path) && path !== createUrl && DETAIL.exec(path);
    return match ? { kind: "sent", url: path, code: decodeURIComponent(match[1]) } : null;
  }

  function failed(response) {
    return response.text().then(function (html) { return { kind: "failed", errors: errorsOf(parse(html)) }; });
  }

  // Sent, kept as a draft, or failed (kept on the phone); a network error rejects.
  function sendOne(record, fresh) {
    var asDraft = { csrf: fresh.csrf, action: "draft", files: true, token: true };
    return post(record.action, record, asDraft).then(function (response) {
      // A draft sent or deleted since: the portal's form, where the token finds what it made.
      if (response.status === 404 && record.action !== createUrl) return post(createUrl, record, asDraft);
      return response;
    }).then(function (response) {
      if (!response.ok) return failed(response);
      var sent = sentOutcome(response);  // posted before, and sent then
      if (sent) return sent;
      var draftUrl = pathOf(response);
      var title = record.title || fresh.texts.msgUntitled;
      return response.text().then(function (html) {
        var page = parse(html);
        var kept = page.getElementById("report-form");
        if (!DRAFT.test(draftUrl)) {  // refused as a draft too: keep what it kept, if anything
          var action = kept && kept.getAttribute("action");
          if (action && DRAFT.test(action)) return { kind: "draft", url: action, title: title };
          return { kind: "failed", errors: errorsOf(page) };
        }
        var draft = { kind: "draft", url: draftUrl, title: title };
        if (record.intent === "draft") return draft;
        return post(draftUrl, record, { csrf: csrfOf(page) || fresh.csrf, action: "send" })
          .then(function (response) {
            if (!response.ok) return draft;
            return sentOutcome(response) || draft;  // the form's errors: it stays a draft
          });
      });
    });
  }

  function sendAll() {
    if (busy || navigator.onLine === false) return Promise.resolve();
    busy = true;
    var work = function () {
      return waiting(panel ? panel.dataset.owner : undefined).then(function (records) {
        if (!records.length) return null;
        if (panel) {
          var state = document.getElementById("offline-state");
          state.textContent = "";
          var line = document.createElement("p");
          line.className = "message offline-reports__sending";
          line.textContent = panel.dataset.msgSending;
          state.appendChild(line);
        }
        return freshForm().then(function (fresh) {
          if (!fresh) {  // logged out meanwhile: they wait for the citizen's next login
            if (panel) announce({ kind: "failed", token: "network" }, panel.dataset);
            return null;
          }
          var mine = records.filter(function (record) { return record.owner === fresh.owner; });
          return mine.reduce(function (previous, record) {
            return previous.then(function (goOn) {
              if (!goOn) return false;
              return sendOne(record, fresh).then(function (outcome) {
                if (outcome.kind === "failed") outcome.token = record.token;
                announce(outcome, fresh.texts);
                if (outcome.kind === "failed") return true;  // kept; the next one may go
                return withStore("readwrite", function (store) { return store.delete(record.token); })
                  .then(function () { return true; });
              });
            });
          }, Promise.resolve(true));
        });
      });
    };
    var run = navigator.locks
      ? navigator.locks.request("phananh-offline-reports", { ifAvailable: true }, function (lock) {
          return lock ? work() : null;
        })
      : work();
    return run.catch(function () {
      // The connection failed on the way: everything not sent stays on the phone.
      if (panel) announce({ kind: "failed", token: "network" }, panel.dataset);
    }).then(function () {
      busy = false;
      var sending = document.querySelector(".offline-reports__sending");
      if (sending) sending.remove();
      return showWaiting();
    });
  }

  window.addEventListener("online", sendAll);
  showWaiting();
  sendAll();
  window.setInterval(function () {
    if (document.visibilityState === "visible") sendAll();
  }, RETRY_MS);
})();
