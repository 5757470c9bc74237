/* The report form in three short steps on a phone (1 Ảnh, 2 Nội dung, 3 Vị trí), with a step
   indicator, "Quay lại" and "Tiếp". Moving between steps saves the draft: the form is posted
   with action=draft by fetch, exactly as "Lưu nháp" would post it (the same view and service),
   and the page takes over the draft's address, so a reload or a lost connection keeps what
   was typed and the photos already sent. On a wide screen every section shows at once.
   Without this script the form is one page with three fieldsets and still works.
   It dispatches "report-form:layout" when the visible sections change and
   "report-form:saved" when the draft now holds the chosen files; before posting it asks
   form.keptOffline(submitter) (offline-reports.js) whether the report was kept on the phone. */
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  var indicator = document.getElementById("form-steps");
  if (!form || !indicator || !window.fetch || !window.DOMParser) return;
  var steps = Array.prototype.slice.call(form.querySelectorAll("[data-step]"));
  var labels = Array.prototype.slice.call(indicator.querySelectorAll("[data-step-label]"));
  var back = document.getElementById("step-back");
  var next = document.getElementById("step-next");
  var saveButton = document.getElementById("save-draft");
  var sendButton = document.getElementById("send-report");
  var cancel = document.getElementById("cancel-report");
  var saveStatus = document.getElementById("save-status");
  var narrow = window.matchMedia("(max-width: 47.99rem)");
  var UPLOAD_ERRORS = "#id_images_error, #id_videos_error, #id_files_error";
  var saving = Promise.resolve();
  var current = Math.max(0, steps.findIndex(function (step) {
    return step.querySelector(".field--error, .field__errors");
  }));

  function layout() {
    var stepped = narrow.matches;
    var last = current === steps.length - 1;
    form.classList.toggle("report-form--steps", stepped);
    indicator.hidden = !stepped;
    steps.forEach(function (step, index) { step.hidden = stepped && index !== current; });
    labels.forEach(function (label, index) {
      if (stepped && index === current) label.setAttribute("aria-current", "step");
      else label.removeAttribute("aria-current");
      label.classList.toggle("is-done", stepped && index < current);
    });
    back.hidden = !stepped || current === 0;
    next.hidden = !stepped || last;
    cancel.hidden = stepped && current !== 0;
    saveButton.hidden = stepped && !last;
    sendButton.hidden = stepped && !last;
    form.dispatchEvent(new CustomEvent("report-form:layout"));
  }

  function go(index) {
    saveDraft();
    current = index;
    layout();
    form.scrollIntoView({ block: "start" });
    steps[current].focus({ preventScroll: true });
  }

  function say(text) {
    saveStatus.hidden = !text;
    saveStatus.textContent = text;
  }

  function errorsIn(page) {
    return Array.prototype.map.call(
      page.querySelectorAll(".field__errors li, .message--error"),
      function (node) { return node.textContent.trim(); }
    );
  }

  // The server's answer to a draft save: take over the draft's address and its kept files.
  function adopt(response, html) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var fresh = page.getElementById("report-form");
    if (!fresh) throw new Error("not the report form");  // e.g. the login page
    var action = fresh.getAttribute("action");
    if (action !== form.getAttribute("action")) {
      form.setAttribute("action", action);
      history.replaceState(null, "", action);
    }
    var kept = document.getElementById("kept-files");
    var freshKept = page.getElementById("kept-files");
    var before = kept.querySelectorAll(".kept-file").length;
    kept.innerHTML = freshKept ? freshKept.innerHTML : "";
    var filesHandled = response.redirected || page.querySelector(UPLOAD_ERRORS) ||
      kept.querySelectorAll(".kept-file").length > before;
    if (filesHandled) {
      ["videos", "files"].forEach(function (name) {
        var input = form.querySelector("input[name=" + name + "]");
        if (input) input.value = "";
      });
      form.dispatchEvent(new CustomEvent("report-form:saved"));
    }
    var errors = errorsIn(page);
    say(errors.length ? form.dataset.msgSaveRefused + " " + errors.join(" ") : form.dataset.msgSaved);
  }

  function saveDraft() {
    saving = saving.then(function () {
      return form.photosReady ? form.photosReady() : null;
    }).then(function () {
      var data = new FormData(form);
      data.set("action", "draft");
      say(form.dataset.msgSaving);
      return fetch(form.getAttribute("action"), { method: "POST", body: data, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.text().then(function (html) { adopt(response, html); });
        });
    }).catch(function () { say(form.dataset.msgSaveFailed); });
    return saving;
  }

  back.addEventListener("click", function () { go(current - 1); });
  next.addEventListener("click", function () { go(current + 1); });

  // "Gửi" and "Lưu nháp" wait for the photos being prepared and a save under way.
  var waited = false;
  form.addEventListener("submit", function (event) {
    if (waited) return;
    event.preventDefault();
    var submitter = event.submitter;
    Promise.all([form.photosReady ? form.photosReady() : null, saving]).then(function () {
      // No connection: offline-reports.js keeps the report on the phone instead.
      return form.keptOffline ? form.keptOffline(submitter) : false;
    }).then(function (keptOffline) {
      if (keptOffline) return;
      // After this event's dispatch is over: a form firing "submit" ignores requestSubmit.
      window.setTimeout(function () {
        waited = true;
        if (form.requestSubmit) form.requestSubmit(submitter); else if (submitter) submitter.click(); else form.submit();
        waited = false;
      }, 0);
    });
  });

  if (narrow.addEventListener) narrow.addEventListener("change", layout);
  layout();
})();
