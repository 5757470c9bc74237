/* "Gửi lại mã" counts down the seconds until a new code may be sent, the
   button disabled meanwhile; without this script the server still refuses
   an early resend with a message. */
(function () {
  "use strict";
  var wait = document.getElementById("resend-wait");
  var button = document.getElementById("resend-button");
  if (!wait || !button) { return; }
  var seconds = parseInt(wait.dataset.seconds, 10) || 0;

  function show() {
    if (seconds > 0) {
      wait.textContent = wait.dataset.template.replace("__s__", seconds);
      wait.hidden = false;
      button.disabled = true;
    } else {
      wait.hidden = true;
      button.disabled = false;
      button.removeAttribute("aria-describedby");
    }
  }

  show();
  if (seconds > 0) {
    var timer = window.setInterval(function () {
      seconds -= 1;
      show();
      if (seconds <= 0) { window.clearInterval(timer); }
    }, 1000);
  }
})();
