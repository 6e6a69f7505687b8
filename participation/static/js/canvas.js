// The drawing canvas: finger, stylus (with pressure) and mouse through pointer events.
// Autosaves the picture as PNG, and keeps it in this browser after every stroke (the outbox),
// so nothing is lost if the tablet sleeps, the connection drops or the page is closed.
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
    var dirty = false, saving = null, timer = null, retry = null, failures = 0, waitMs = 0;

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

    var outbox = window.participationOutbox && window.participationOutbox.enabled ? window.participationOutbox : null;
    var url = wrap.dataset.uploadUrl, key = "drawing " + url, LOCAL = "participation-drawing " + url;
    // The saved drawing must be on the canvas before anything is sent, or the new strokes
    // alone would replace it. Until it has loaded, nothing is uploaded (only kept here).
    var baseReady = !wrap.dataset.existing, stamp = null, keeping = null, changes = 0, keptChanges = 0;

    function changed() {
      dirty = true;
      changes++;
      say("Waiting");
      keep();
      clearTimeout(timer);
      timer = setTimeout(save, 1500);
    }

    // Keep the picture in this browser after every stroke, so a reload or a closed page loses nothing.
    function keep() {
      if (!outbox) return Promise.resolve();
      var run = function () {
        var upTo = changes;
        return new Promise(function (resolve) { canvas.toBlob(resolve, "image/png"); }).then(function (blob) {
          if (!blob) return null;
          return outbox.put(key, {
            action: url, fields: [["drawing", blob]], kind: "drawing", saved: Date.now(),
            partial: !baseReady, state: "draft"
          }).then(function (s) {
            stamp = s;
            keptChanges = Math.max(keptChanges, upTo);
            try { localStorage.removeItem(LOCAL); } catch (e) { /* nothing kept there */ }
          });
        });
      };
      // Storage blocked or full: the picture is still sent; keepNow() tries localStorage.
      keeping = (keeping || Promise.resolve()).then(run, run).catch(function () {});
      return keeping;
    }

    // The page is going away: a stroke not yet kept is kept now, synchronously.
    function keepNow() {
      if (keptChanges >= changes) return;
      try {
        localStorage.setItem(LOCAL, JSON.stringify({ data: canvas.toDataURL("image/png"), partial: !baseReady, saved: Date.now() }));
      } catch (e) { /* too big for this browser's storage: the copy in the outbox is the last one */ }
    }

    // Not sent: say why in plain words, and keep the picture here to send again later.
    function failed(message, code, response) {
      var state = outbox ? outbox.stateFor(code) : (code && code < 500 ? "held" : "failed");
      // Sent again by itself only for no connection or a failing server, waiting longer each
      // time (15 s, 30 s, ... 10 min, or as long as the server asks). A refused picture is kept
      // here and tried again on the next page or sign-in, not every few seconds for ever.
      dirty = state !== "held";
      if (dirty) {
        waitMs = Math.min(15000 * Math.pow(2, Math.min(failures, 10)), 600000);
        if (outbox && response) waitMs = Math.max(waitMs, outbox.retryAfter(response));
        failures++;
      }
      if (!outbox) { status.textContent = wrap.dataset.msgFailed; return; }
      var text = wrap.dataset[state === "waiting" ? "msgOffline" : state === "held" ? "msgHeld" : "msgFailed"];
      // The server's own reason helps for a refused picture (too big, already sent), not a lost session.
      if (state === "held" && message && [401, 403, 404].indexOf(code) < 0) text = message + " " + text;
      status.textContent = text || wrap.dataset.msgFailed;
      return Promise.resolve(keeping).catch(function () {}).then(function () {
        return outbox.mark(key, stamp, state, code || 0);
      }).then(outbox.refresh).catch(function () {});
    }

    function save() {
      clearTimeout(timer);
      clearTimeout(retry);
      if (!dirty) return Promise.resolve();
      if (saving) return saving.then(save);
      if (!baseReady) {
        // Not sent over the saved drawing we can't see yet: kept here, sent once it has loaded.
        loadBase();
        return Promise.resolve();
      }
      dirty = false;
      say("Saving");
      var sent = null;
      // Kept here or not (storage blocked or full), the picture is sent all the same.
      saving = Promise.resolve(keeping).catch(function () {})
        .then(function () { return new Promise(function (resolve) { canvas.toBlob(resolve, "image/png"); }); })
        .then(function (blob) {
          sent = stamp;
          var body = new FormData();
          body.append("drawing", blob, "drawing.png");
          return fetch(url, {
            method: "POST", body: body, credentials: "same-origin",
            headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" }
          }).then(function (response) {
            return response.json().catch(function () { return {}; }).then(function (data) {
              if (!response.ok) return failed(data.error, response.status, response);
              say("Saved");
              failures = 0;
              if (outbox && sent !== null) return outbox.forget(key, sent).then(outbox.refresh).catch(function () {});
            });
          }, function () {
            // No connection, or the request dropped: kept here and sent when it is back.
            return failed("", 0);
          });
        })
        .finally(function () {
          saving = null;
          if (dirty) { clearTimeout(retry); retry = setTimeout(save, waitMs || 15000); }
        });
      return saving;
    }

    function loadImage(src) {
      return new Promise(function (resolve, reject) {
        var img = new Image();
        img.onload = function () { resolve(img); };
        img.onerror = reject;
        img.src = src;
      });
    }

    var loadingBase = null;
    function loadBase() {
      if (!wrap.dataset.existing) baseReady = true;
      if (baseReady || loadingBase) return loadingBase;
      loadingBase = loadImage(wrap.dataset.existing).then(function (img) {
        // What was drawn here before the saved drawing loaded goes on top of it.
        var drawn = document.createElement("canvas");
        drawn.width = canvas.width;
        drawn.height = canvas.height;
        drawn.getContext("2d").drawImage(canvas, 0, 0);
        var under = document.createElement("canvas");
        under.width = canvas.width;
        under.height = canvas.height;
        under.getContext("2d").drawImage(img, 0, 0, canvas.width, canvas.height);
        under.getContext("2d").drawImage(drawn, 0, 0);
        base = under;
        strokes = [];
        redoStack = [];
        baseReady = true;
        redraw();
        if (dirty) { keep(); save(); }
      }, function () {
        loadingBase = null;
        if (dirty) say("Offline");
      });
      return loadingBase;
    }

    // On opening the page: the picture kept here (not yet sent) wins over the saved one.
    function restore() {
      var local = null;
      try { local = JSON.parse(localStorage.getItem(LOCAL) || "null"); } catch (e) { local = null; }
      var kept = outbox ? outbox.get(key).catch(function () { return null; }) : Promise.resolve(null);
      return kept.then(function (item) {
        var src = null, partial = false;
        if (local && (!item || local.saved >= item.saved)) { src = local.data; partial = local.partial; }
        else if (item) { src = URL.createObjectURL(item.fields[0][1]); partial = item.partial; stamp = item.stamp; }
        if (!src) { loadBase(); return; }
        return loadImage(src).then(function (img) {
          // A partial picture (drawn before the saved drawing had loaded) goes over it once it loads.
          base = img;
          baseReady = !partial;
          dirty = true;
          redraw();
          if (partial) loadBase();
          say("Waiting");
          if (local) keep();
          if (baseReady) save();
        }, function () { loadBase(); });
      });
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

    restore();

    // The tablet going to sleep or the child leaving the page: keep it here and send it now.
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { keepNow(); save(); }
    });
    window.addEventListener("pagehide", keepNow);
    window.addEventListener("online", function () { if (dirty) { loadBase(); save(); } });

    // Moving to another house waits for the drawing to be sent (or kept here) first.
    if (outbox && form) {
      outbox.beforeSubmit(function (submitted) {
        if (submitted !== form) return null;
        return Promise.resolve(keeping).catch(function () {}).then(function () { return dirty || saving ? save() : null; });
      });
    } else if (form) {
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
