// "Tôi cũng gặp" and "Theo dõi" without reloading the page (the forms work without it).
(function () {
  "use strict";
  var panel = document.querySelector("[data-engage]");
  if (!panel || !window.fetch) return;
  var texts = { follow: panel.getAttribute("data-follow-text"), following: panel.getAttribute("data-following-text") };

  panel.addEventListener("submit", function (event) {
    var form = event.target.closest("[data-engage-form]");
    if (!form) return;
    event.preventDefault();
    var button = form.querySelector("button");
    var wanted = form.querySelector("input[name=on]");
    button.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        // A visitor's request ends on the login page (which may answer JSON too): not ours.
        if (!response.ok || response.redirected || type.indexOf("application/json") === -1) {
          throw new Error("not the button's answer");
        }
        return response.json();
      })
      .then(function (data) {
        var on = form.getAttribute("data-engage-form") === "support" ? data.supported : data.followed;
        if (typeof on !== "boolean") throw new Error("not the button's answer");
        button.setAttribute("aria-pressed", on ? "true" : "false");
        button.classList.toggle("button--secondary", !on);
        wanted.value = on ? "0" : "1";
        if (data.count_text !== undefined) {
          panel.querySelector("[data-engage-count]").textContent = data.count_text;
        }
        if (form.getAttribute("data-engage-form") === "follow" && texts.follow) {
          button.textContent = on ? texts.following : texts.follow;
        }
        button.disabled = false;
      })
      .catch(function () {
        // A visitor (the login page), an expired session or a network error: the plain form.
        form.submit();
      });
  });
})();

// The subscriptions tab: only the chosen scope's fields, "Dùng vị trí của tôi", and
// the current tab scrolled into view on a narrow phone.
(function () {
  "use strict";
  var current = document.querySelector(".tabs [aria-current=page]");
  if (current && current.scrollIntoView) current.scrollIntoView({ block: "nearest", inline: "nearest" });
  var form = document.querySelector("[data-subscription-form]");
  if (!form) return;
  function show() {
    var chosen = form.querySelector("input[name=scope]:checked");
    var scope = chosen ? chosen.value : "";
    form.querySelectorAll("[data-scope-field]").forEach(function (group) {
      group.hidden = group.getAttribute("data-scope-field") !== scope;
    });
  }
  form.addEventListener("change", function (event) {
    if (event.target.name === "scope") show();
  });
  show();
  var locate = form.querySelector("[data-use-location]");
  var message = form.querySelector("[data-location-message]");
  if (locate && navigator.geolocation) {
    locate.hidden = false;
    locate.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(
        function (position) {
          form.querySelector("[name=latitude]").value = position.coords.latitude.toFixed(6);
          form.querySelector("[name=longitude]").value = position.coords.longitude.toFixed(6);
          message.textContent = "";
        },
        function () {
          message.textContent = form.getAttribute("data-location-refused");
        },
        { timeout: 10000 }
      );
    });
  }
})();
