/* Likes on comments without a reload: the like buttons are ordinary forms that
   work without JavaScript; here they are sent with fetch and the count updated
   in place, and any failure falls back to submitting the form normally.
   In the moderation queue, a "select all" box for the bulk actions. */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("[data-like-form]");
    if (!form || !window.fetch || form.dataset.sending) return;
    event.preventDefault();
    form.dataset.sending = "1";
    var button = form.querySelector("button");
    var next = form.querySelector("[data-like-next]");
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (!response.ok || type.indexOf("application/json") === -1) throw new Error("not json");
      return response.json();
    }).then(function (data) {
      form.querySelector("[data-like-count]").textContent = data.count;
      button.setAttribute("aria-pressed", data.liked ? "true" : "false");
      next.value = data.liked ? "0" : "1";
      delete form.dataset.sending;
    }).catch(function () {
      form.submit();
    });
  });

  var selectAll = document.querySelector("[data-select-all]");
  if (selectAll) {
    var boxes = document.querySelectorAll("[data-select]");
    selectAll.closest("[data-select-all-wrap]").hidden = false;
    selectAll.addEventListener("change", function () {
      boxes.forEach(function (box) { box.checked = selectAll.checked; });
    });
  }
})();
