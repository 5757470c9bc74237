/* Reply templates (reports/reply_templates.py): picking a template in its
   <select data-reply-template="<id of the text box>"> puts the template's
   filled text (the option's data-text) in the box at once, so the
   "Dùng mẫu" button, which does the same through the server for browsers
   without this script, is hidden. */
(function () {
  "use strict";
  var selects = document.querySelectorAll("select[data-reply-template]");
  Array.prototype.forEach.call(selects, function (select) {
    var box = document.getElementById(select.dataset.replyTemplate);
    if (!box) { return; }
    var wrapper = select.parentNode;
    var button = wrapper.querySelector("[data-reply-template-use]");
    if (button) { button.hidden = true; }
    select.addEventListener("change", function () {
      var option = select.options[select.selectedIndex];
      if (!option || option.dataset.text === undefined) { return; }
      box.value = option.dataset.text;
      box.dispatchEvent(new Event("input", { bubbles: true }));
    });
  });
})();
