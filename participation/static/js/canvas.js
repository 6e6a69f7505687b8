// The drawing canvas: finger, stylus (with pressure) and mouse through pointer events.
// Autosaves the picture as PNG so nothing is lost if the tablet sleeps or the page changes.
(function () {
  "use strict";

  var COLOURS = {
    black: "#1f1f1f", red: "#d62828", orange: "#f77f00", yellow: "#fcbf49",
    green: "#2a9d8f", blue: "#1d4ed8", purple: "#7b2cbf", brown: "#7f4f24"
  };

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  function setUp(wrap) {
    var canvas = wrap.querySelector("canvas");
    var toolbar = wrap.querySelector(".toolbar");
    var status = wrap.querySelector(".drawing-status");
    var existingImg = wrap.querySelector("img.existing-drawing");
    var form = wrap.closest("form");
    var ctx = canvas.getContext("2d");
    canvas.hidden = false;
    toolbar.hidden = false;
    if (existingImg) existingImg.hidden = true;

    var colour = "black", size = 10, erasing = false;
    var strokes = [], redoStack = [], current = null, base = null;
    var dirty = false, saving = null, timer = null, retry = null;

    function say(key) { status.textContent = wrap.dataset["msg" + key] || ""; }

    function point(event) {
      var r = canvas.getBoundingClientRect();
      return {
        x: (event.clientX - r.left) * canvas.width / r.width,
        y: (event.clientY - r.top) * canvas.height / r.height,
        p: event.pointerType === "pen" && event.pressure > 0 ? event.pressure : 0.5
      };
    }

    function lineWidth(stroke, p) {
      return stroke.pen ? stroke.size * (0.3 + p * 1.4) : stroke.size;
    }

    function segment(stroke, a, b) {
      ctx.save();
      ctx.globalCompositeOperation = stroke.erase ? "destination-out" : "source-over";
      ctx.strokeStyle = stroke.colour;
      ctx.fillStyle = stroke.colour;
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      ctx.lineWidth = lineWidth(stroke, b.p);
      ctx.beginPath();
      if (a === b) {
        ctx.arc(a.x, a.y, ctx.lineWidth / 2, 0, Math.PI * 2);
        ctx.fill();
      } else {
        ctx.moveTo(a.x, a.y);
        ctx.lineTo(b.x, b.y);
        ctx.stroke();
      }
      ctx.restore();
    }

    function drawStroke(stroke) {
      var pts = stroke.points;
      segment(stroke, pts[0], pts[0]);
      for (var i = 1; i < pts.length; i++) segment(stroke, pts[i - 1], pts[i]);
    }

    function redraw() {
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      var start = 0;
      for (var i = strokes.length - 1; i >= 0; i--) {
        if (strokes[i].clear) { start = i + 1; break; }
      }
      if (start === 0 && base) ctx.drawImage(base, 0, 0, canvas.width, canvas.height);
      for (var j = start; j < strokes.length; j++) drawStroke(strokes[j]);
    }

    function changed() {
      dirty = true;
      say("Waiting");
      clearTimeout(timer);
      timer = setTimeout(save, 1500);
    }

    function save() {
      clearTimeout(timer);
      clearTimeout(retry);
      if (!dirty) return Promise.resolve();
      if (saving) return saving.then(save);
      dirty = false;
      say("Saving");
      saving = new Promise(function (resolve) { canvas.toBlob(resolve, "image/png"); })
        .then(function (blob) {
          var body = new FormData();
          body.append("drawing", blob, "drawing.png");
          return fetch(wrap.dataset.uploadUrl, {
            method: "POST", body: body, credentials: "same-origin",
            headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" }
          });
        })
        .then(function (response) {
          return response.json().catch(function () { return {}; }).then(function (data) {
            if (!response.ok) throw new Error(data.error || "");
            say("Saved");
          });
        })
        .catch(function (error) {
          // Keep the drawing on screen, mark it unsaved and try again shortly.
          dirty = true;
          status.textContent = error.message || wrap.dataset.msgFailed;
          if (!error.message) {
            retry = setTimeout(save, 5000);
            // No connection: also keep a copy in this browser, sent when it is back.
            if (!navigator.onLine && window.participationOutbox) {
              canvas.toBlob(function (blob) {
                window.participationOutbox.keep(wrap.dataset.uploadUrl, [["drawing", blob]]);
              }, "image/png");
            }
          }
        })
        .finally(function () { saving = null; });
      return saving;
    }

    canvas.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      var p = point(event);
      current = {
        colour: COLOURS[colour], size: size, erase: erasing,
        pen: event.pointerType === "pen", points: [p]
      };
      redoStack = [];
      segment(current, p, p);
    });

    canvas.addEventListener("pointermove", function (event) {
      if (!current) return;
      var events = event.getCoalescedEvents ? event.getCoalescedEvents() : [event];
      if (!events.length) events = [event];
      events.forEach(function (e) {
        var p = point(e);
        var last = current.points[current.points.length - 1];
        current.points.push(p);
        segment(current, last, p);
      });
    });

    function endStroke() {
      if (!current) return;
      strokes.push(current);
      current = null;
      changed();
    }
    canvas.addEventListener("pointerup", endStroke);
    canvas.addEventListener("pointercancel", endStroke);

    function press(group, button) {
      group.querySelectorAll("button").forEach(function (b) {
        b.setAttribute("aria-pressed", b === button ? "true" : "false");
      });
    }

    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) return;
      if (button.dataset.colour) {
        colour = button.dataset.colour;
        erasing = false;
        toolbar.querySelector('[data-action="eraser"]').setAttribute("aria-pressed", "false");
        press(button.parentNode, button);
      } else if (button.dataset.size) {
        size = Number(button.dataset.size);
        press(button.parentNode, button);
      } else if (button.dataset.action === "eraser") {
        erasing = !erasing;
        button.setAttribute("aria-pressed", erasing ? "true" : "false");
      } else if (button.dataset.action === "undo" && strokes.length) {
        redoStack.push(strokes.pop());
        redraw();
        changed();
      } else if (button.dataset.action === "redo" && redoStack.length) {
        strokes.push(redoStack.pop());
        redraw();
        changed();
      } else if (button.dataset.action === "clear") {
        // Clearing is itself undoable, so a mistaken tap loses nothing.
        strokes.push({ clear: true });
        redoStack = [];
        redraw();
        changed();
      }
    });

    if (wrap.dataset.existing) {
      var img = new Image();
      img.onload = function () { base = img; redraw(); };
      img.src = wrap.dataset.existing;
    }

    // The tablet going to sleep or the child leaving the page: save straight away.
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") save();
    });
    window.addEventListener("beforeunload", function (event) {
      if (dirty || saving) { save(); event.preventDefault(); }
    });

    // Moving to another house waits for the drawing to be saved first.
    if (form) {
      form.addEventListener("submit", function (event) {
        if (!dirty && !saving) return;
        event.preventDefault();
        var submitter = event.submitter;
        save().then(function () {
          if (!dirty) form.requestSubmit(submitter);
        });
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".drawing[data-upload-url]").forEach(setUp);
  });
})();
