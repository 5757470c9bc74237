/* Share buttons: the phone's share sheet (Web Share API) where there is one,
   else copy the link and say so. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".share-button");
    if (!button) return;
    var url = new URL(button.dataset.shareUrl, window.location.href).href;
    if (navigator.share) {
      navigator.share({ title: button.dataset.shareTitle, url: url }).catch(function () {});
      return;
    }
    var done = function () { button.textContent = document.body.dataset.msgCopied; };
    if (navigator.clipboard) navigator.clipboard.writeText(url).then(done, function () { window.prompt("", url); });
    else window.prompt("", url);
  });
})();
