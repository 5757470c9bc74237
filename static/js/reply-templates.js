/* Reply templates (reports/reply_templates.py): picking a template in its
   <select data-reply-template="<id of the text box>"> puts the template's
   filled text (the option's data-text) in the box at once, so the
   "Dùng mẫu" button, which does the same through the server for browsers
   without this script, is taken away. Loaded at the end of the portal's
   pages and in the admin's <head>, so it waits for the page when needed. */
(function () {
  "use strict";

  function enhance() {
    var selects = document.querySelectorAll("select[data-reply-template]");
    Array.prototype.forEach.call(selects, function (select) {
      var box = document.getElementById(select.dataset.replyTemplate);
      if (!box) { return; }
      var button = select.parentNode.querySelector("[data-reply-template-use]");
      if (button) { button.remove(); }
      select.addEventListener("change", function () {
        var option = select.options[select.selectedIndex];
        if (!option || option.dataset.text === undefined) { return; }
        box.value = option.dataset.text;
        box.dispatchEvent(new Event("input", { bubbles: true }));
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
