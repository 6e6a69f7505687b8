// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Read-aloud. A council's recording of the words comes first (data-audio); else the
  // device's own voice, but only if it has one for the language (Somali, Pashto and Tigrinya
  // usually have none: reading them in an English voice would be gibberish to a child);
  // else the button stays hidden. Words a person typed are never recorded (data-lang).
  var playing = null;

  function wordsLang(button) {
    return button.dataset.lang || document.documentElement.lang || "en";
  }

  function voiceFor(lang) {
    if (!("speechSynthesis" in window)) return null;
    var want = lang.toLowerCase().split(/[-_]/)[0];
    var voices = window.speechSynthesis.getVoices();
    for (var i = 0; i < voices.length; i++) {
      if (voices[i].lang.toLowerCase().split(/[-_]/)[0] === want) return voices[i];
    }
    return null;
  }

  function stopReading() {
    if (playing) { playing.pause(); playing = null; }
    if ("speechSynthesis" in window) window.speechSynthesis.cancel();
  }

  function speak(button) {
    var voice = voiceFor(wordsLang(button));
    if (!voice) return;
    var utterance = new SpeechSynthesisUtterance(button.dataset.say);
    utterance.lang = voice.lang;
    utterance.voice = voice;
    utterance.rate = 0.9;
    window.speechSynthesis.speak(utterance);
  }

  // The recordings one after another; a file that will not play falls back to the voice.
  function playRecordings(button, urls) {
    var audio = new Audio(urls[0]);
    playing = audio;
    audio.addEventListener("ended", function () {
      if (playing === audio && urls.length > 1) playRecordings(button, urls.slice(1));
    });
    audio.addEventListener("error", function () { if (playing === audio) speak(button); });
    var started = audio.play();
    if (started && started.catch) started.catch(function () { if (playing === audio) speak(button); });
  }

  function showReadAloud(root) {
    root.querySelectorAll("button.say[data-say]").forEach(function (button) {
      button.hidden = !(button.dataset.audio || voiceFor(wordsLang(button)));
    });
  }

  function setUpReadAloud(root) {
    root.querySelectorAll("button.say[data-say]").forEach(function (button) {
      if (button.dataset.bound) return;
      button.dataset.bound = "1";
      button.addEventListener("click", function () {
        stopReading();
        var urls = (button.dataset.audio || "").split(" ").filter(Boolean);
        if (urls.length) playRecordings(button, urls);
        else speak(button);
      });
    });
    showReadAloud(root);
  }

  // Voices arrive late (getVoices() is empty at first in Chrome): look again when they do.
  if ("speechSynthesis" in window && window.speechSynthesis.addEventListener) {
    window.speechSynthesis.addEventListener("voiceschanged", function () { showReadAloud(document); });
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
