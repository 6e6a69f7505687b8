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
  // Safeguarding: a worry tap that can't reach the server still shows 999 and Childline at
  // once, with words that don't claim the worker was told.
  function worryNotReached(event) {
    var elt = event.detail.elt;
    if (!elt || !elt.closest || !elt.closest(".worry-form")) return false;
    var panel = document.getElementById("worry-panel");
    var help = document.getElementById("worry-help-fallback");
    if (panel && help) {
      panel.replaceChildren(help.content.cloneNode(true));
      setUpReadAloud(panel);
    }
    return true;
  }

  function inSaveStatus(target) {
    var status = document.getElementById("save-status");
    return status && target && status.contains(target);
  }

  // Where a failure is said: just above the form that was sent (where the person is
  // looking), else at the top of the page.
  function problemBoxFor(elt) {
    var form = elt && elt.closest ? elt.closest("form") : null;
    if (!form || !form.parentNode) return document.getElementById("page-problem");
    var box = form.previousElementSibling;
    if (!box || !box.classList.contains("form-problem")) {
      box = document.createElement("div");
      box.className = "form-problem";
      form.parentNode.insertBefore(box, form);
    }
    return box;
  }

  // A server failure on any other htmx form: show the server's plain words beside it and
  // leave the form (and what was typed in it) as it is. Autosave says it in its own status.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status < 500) return;
    if (inSaveStatus(event.detail.target) || worryNotReached(event)) return;
    var box = problemBoxFor(event.detail.elt);
    if (!box) return;
    event.detail.shouldSwap = true;
    event.detail.target = box;
    event.detail.swapOverride = "innerHTML";
  });
  // A new try clears the last failure's words, so they never sit above a saved form.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt && event.detail.elt.closest ? event.detail.elt.closest("form") : null;
    var box = form ? form.previousElementSibling : null;
    if (box && box.classList.contains("form-problem")) box.replaceChildren();
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var box = event.detail.target;
    if (box && box.classList && (box.classList.contains("form-problem") || box.id === "page-problem")) {
      box.scrollIntoView({ block: "nearest" });
    }
  });
  // A lost connection during autosave: say so plainly rather than fail silently.
  document.addEventListener("htmx:sendError", function (event) {
    if (worryNotReached(event)) return;
    var status = document.getElementById("save-status");
    if (status) status.textContent = status.dataset.offline;
  });
  // The server did not save it (failing, or the session ended): never leave "Saved" showing.
  document.addEventListener("htmx:responseError", function (event) {
    if (worryNotReached(event)) return;
    var status = document.getElementById("save-status");
    var code = event.detail.xhr ? event.detail.xhr.status : 0;
    if (!status || !status.contains(event.detail.target)) return;
    status.textContent = (code >= 500 ? status.dataset.failed : status.dataset.held) || status.dataset.offline;
  });
})();
