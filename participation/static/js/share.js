// Copy and share buttons for a code or an invitation link (macros.html share_buttons).
// Copy uses the clipboard where the browser allows it; otherwise the words are selected so the
// person can copy them themselves. Share opens the phone's share sheet (text, WhatsApp), and is
// shown only where the browser has one. Without JavaScript both stay hidden: the text is there.
(function () {
  "use strict";

  function select(el) {
    if (el.select) { el.focus(); el.select(); return; }
    var range = document.createRange();
    range.selectNodeContents(el);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function setUp(box) {
    var target = document.getElementById(box.dataset.shareFor);
    if (!target) return;
    var value = box.dataset.shareValue || (target.value !== undefined ? target.value : target.textContent.trim());
    var copy = box.querySelector(".share-copy");
    var send = box.querySelector(".share-send");
    var status = box.querySelector(".share-status");
    function say(text) { status.textContent = text; }
    copy.hidden = false;
    copy.addEventListener("click", function () {
      function selectInstead() { select(target); say(box.dataset.msgSelected); }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(value).then(function () { say(box.dataset.msgCopied); }, selectInstead);
      } else {
        selectInstead();
      }
    });
    if (typeof navigator.share === "function") {
      send.hidden = false;
      send.addEventListener("click", function () {
        var data = { title: box.dataset.shareTitle || "", text: box.dataset.shareText || "" };
        if (box.dataset.shareUrl) data.url = box.dataset.shareUrl;
        else data.text = (data.text ? data.text + " " : "") + value;
        navigator.share(data).catch(function () { /* closed without sharing: nothing to do */ });
      });
    }
  }

  function start() { document.querySelectorAll("[data-share-for]").forEach(setUp); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
