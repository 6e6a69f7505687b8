// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Read-aloud with the browser's own speech, in the page's language.
  function setUpReadAloud(root) {
    if (!("speechSynthesis" in window)) return;
    root.querySelectorAll("button.say[data-say]").forEach(function (button) {
      button.hidden = false;
      if (button.dataset.bound) return;
      button.dataset.bound = "1";
      button.addEventListener("click", function () {
        window.speechSynthesis.cancel();
        var utterance = new SpeechSynthesisUtterance(button.dataset.say);
        utterance.lang = document.documentElement.lang || "en";
        utterance.rate = 0.9;
        window.speechSynthesis.speak(utterance);
      });
    });
  }

  // Language picker: switching reloads the whole page in the new language.
  function setUpLanguagePicker() {
    var select = document.getElementById("lang-picker");
    if (!select) return;
    select.addEventListener("change", function () { select.form.submit(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpReadAloud(document);
    setUpLanguagePicker();
  });
  document.addEventListener("htmx:afterSwap", function (event) { setUpReadAloud(event.target); });
  // A lost connection during autosave: say so plainly rather than fail silently.
  document.addEventListener("htmx:sendError", function () {
    var status = document.getElementById("save-status");
    if (status) status.textContent = status.dataset.offline;
  });
  // The server did not save it (failing, or the session ended): never leave "Saved" showing.
  document.addEventListener("htmx:responseError", function (event) {
    var status = document.getElementById("save-status");
    var code = event.detail.xhr ? event.detail.xhr.status : 0;
    if (!status || !status.contains(event.detail.target)) return;
    status.textContent = (code >= 500 ? status.dataset.failed : status.dataset.held) || status.dataset.offline;
  });
})();
