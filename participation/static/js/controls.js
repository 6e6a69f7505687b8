// Small helpers for friendlier controls; every page works without them.
// - a big file button says which file was chosen (the input itself is visually hidden);
// - "In my words" grows with the text where the browser has no CSS field-sizing;
// - a suggestion can go where the young person's cursor is in their words.
(function () {
  "use strict";

  function chosenNames() {
    document.querySelectorAll(".file-button-field .file-input").forEach(function (input) {
      var shown = input.parentNode.querySelector(".file-chosen");
      if (!shown) return;
      input.addEventListener("change", function () {
        var names = Array.prototype.map.call(input.files || [], function (f) { return f.name; });
        shown.textContent = names.join(", ");
        shown.hidden = names.length === 0;
      });
    });
  }

  function growingBoxes() {
    if (window.CSS && CSS.supports && CSS.supports("field-sizing", "content")) return;
    document.querySelectorAll(".field.grows textarea").forEach(function (box) {
      function fit() {
        box.style.height = "auto";
        var edge = box.offsetHeight - box.clientHeight;
        box.style.height = box.scrollHeight + edge + "px";
      }
      box.addEventListener("input", fit);
      fit();
    });
  }

  function suggestionPlaces() {
    document.querySelectorAll(".suggestion-form[data-words-for]").forEach(function (form) {
      var box = document.getElementById(form.dataset.wordsFor);
      var here = form.querySelector(".where-here");
      if (!box || !here || !form.elements.at_start) return;
      here.hidden = false;
      // The place is remembered whenever they leave their words, and again just before sending.
      function remember() {
        form.elements.at_start.value = String(box.selectionStart);
        form.elements.at_end.value = String(box.selectionEnd);
        form.elements.seen_text.value = box.value;
      }
      box.addEventListener("blur", remember);
      box.addEventListener("keyup", remember);
      box.addEventListener("pointerup", remember);
      form.addEventListener("submit", function () {
        if (!form.elements.seen_text.value) remember();
      });
    });
  }

  function start() {
    chosenNames();
    growingBoxes();
    suggestionPlaces();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
