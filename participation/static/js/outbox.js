// The outbox: what a person wrote or drew is kept in this browser until the server has
// really taken it. A form marked data-outbox is sent from here; if there is no connection,
// the request drops, the server fails (5xx) or refuses it (session ended, code stopped),
// the item stays and is sent again by itself later: when the connection comes back, on the
// next page, or in the next session on this device. Each form carries its own idempotency
// key, so a resend never makes a second copy.
(function () {
  "use strict";
  var DB = "participation-outbox", STORE = "waiting", DRAFT = "participation-draft ";
  var LOCAL_DRAWING = "participation-drawing ";
  // Tried again by itself only for no connection or a failing server: 15 s, 30 s, ... 10 min.
  var RETRY_MS = 15000, MAX_RETRY_MS = 600000;
  var hooks = [], sending = false, retryTimer = null, failures = 0, troubled = false, retryAfterMs = 0;

  function retryDelay() {
    return Math.max(Math.min(RETRY_MS * Math.pow(2, Math.min(failures, 10)), MAX_RETRY_MS), retryAfterMs);
  }

  // The server's Retry-After (seconds or a date), in milliseconds; 0 if it gave none.
  function retryAfter(response) {
    var value = response && response.headers && response.headers.get("Retry-After");
    if (!value) return 0;
    var ms = /^\d+$/.test(value.trim()) ? Number(value) * 1000 : Date.parse(value) - Date.now();
    return ms > 0 ? Math.min(ms, MAX_RETRY_MS) : 0;
  }

  function newClientKey() {
    return window.crypto && crypto.randomUUID ? crypto.randomUUID() : Date.now() + "-" + Math.random();
  }

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE, { autoIncrement: true }); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function tx(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction(STORE, mode);
        var result = work(t.objectStore(STORE));
        t.oncomplete = function () { resolve(result && result.result !== undefined ? result.result : result); };
        t.onerror = function () { reject(t.error); };
        // A full disk aborts at commit without a request error: never leave the caller waiting.
        t.onabort = function () { reject(t.error || new Error("aborted")); };
      });
    });
  }

  function all() {
    return open().then(function (db) {
      return new Promise(function (resolve) {
        var items = [];
        var cursor = db.transaction(STORE).objectStore(STORE).openCursor();
        cursor.onsuccess = function () {
          var c = cursor.result;
          if (c) { items.push({ key: c.key, value: c.value }); c.continue(); } else { resolve(items); }
        };
      });
    });
  }

  function get(key) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var request = db.transaction(STORE).objectStore(STORE).get(key);
        request.onsuccess = function () { resolve(request.result || null); };
        request.onerror = function () { reject(request.error); };
      });
    });
  }

  // Put an item under a fixed key (the latest drawing of an area replaces the one before).
  function put(key, value) {
    value.stamp = value.stamp || Date.now() + Math.random();
    return tx("readwrite", function (store) { store.put(value, key); }).then(function () { return value.stamp; });
  }

  // Forget an item only if nothing newer was kept under its key while it was being sent.
  function forget(key, stamp) {
    if (key === null || key === undefined) return Promise.resolve();
    return tx("readwrite", function (store) {
      var request = store.get(key);
      request.onsuccess = function () {
        if (request.result && (stamp === undefined || request.result.stamp === stamp)) store.delete(key);
      };
    });
  }

  function mark(key, stamp, state, status) {
    if (key === null || key === undefined) return Promise.resolve();
    return tx("readwrite", function (store) {
      var request = store.get(key);
      request.onsuccess = function () {
        var value = request.result;
        if (!value || value.stamp !== stamp) return;
        value.state = state;
        value.status = status;
        store.put(value, key);
      };
    });
  }

  // Not sent because of the connection, the server failing, or the server refusing.
  function stateFor(status) {
    if (!status) return "waiting";
    return status >= 500 ? "failed" : "held";
  }

  // Items kept before states existed were all waiting for the connection.
  function state(item) { return item.value.state || "waiting"; }

  function banner(items) {
    var el = document.getElementById("outbox-status");
    if (!el) return;
    var shown = items.filter(function (i) { return state(i) !== "draft"; });
    var held = shown.some(function (i) { return state(i) === "held"; });
    var failed = shown.some(function (i) { return state(i) === "failed"; });
    var text = held ? el.dataset.held : failed ? el.dataset.failed : el.dataset.waiting;
    el.hidden = shown.length === 0;
    el.textContent = shown.length ? (text || el.dataset.waiting).replace("{count}", String(shown.length)) : "";
    // "No connection: kept on this phone" is only said while something waits for the connection.
    if (!shown.some(function (i) { return state(i) === "waiting"; })) noteOffline(false);
  }

  function refresh() {
    // Storage blocked (private mode, full disk): nothing is kept here, nothing to show.
    return all().catch(function () { return []; }).then(function (items) {
      banner(items);
      clearTimeout(retryTimer);
      // Waiting for the connection or the server: try again now and then, by itself.
      if (items.some(function (i) { return state(i) === "waiting" || state(i) === "failed"; })) {
        retryTimer = setTimeout(flush, retryDelay());
      }
      return items;
    });
  }

  function csrf() {
    var token = document.querySelector('meta[name="csrf-token"]');
    return token ? token.content : "";
  }

  function body(fields) {
    var data = new FormData();
    fields.forEach(function (pair) {
      if (pair[1] instanceof Blob) data.append(pair[0], pair[1], pair[1].name || "drawing.png");
      else data.append(pair[0], pair[1]);
    });
    // The token of this page's session: a kept item is sent by whoever may write there now.
    if (csrf()) data.set("csrf_token", csrf());
    return data;
  }

  function post(action, fields, json) {
    var headers = { "X-CSRFToken": csrf() };
    if (json) headers.Accept = "application/json";
    return fetch(action, { method: "POST", body: body(fields), credentials: "same-origin", redirect: "follow", headers: headers });
  }

  // The pages that say "this device is signed in as ..." (a family member, a young person).
  function owners() {
    var found = {};
    document.querySelectorAll("[data-outbox-owner]").forEach(function (el) { found[el.dataset.outboxOwner] = true; });
    return found;
  }

  // Send one kept item. Only a 2xx means the server took it; anything else keeps it.
  function send(item) {
    var value = item.value;
    return post(value.action, value.fields, value.kind === "drawing").then(function (response) {
      if (response.ok) return forget(item.key, value.stamp);
      if (response.status >= 500) { troubled = true; retryAfterMs = Math.max(retryAfterMs, retryAfter(response)); }
      return response.text().then(function (text) {
        // A clash the server kept both versions of (shown to the person when they open it).
        if (text.indexOf("data-outbox-kept") >= 0) return forget(item.key, value.stamp);
        return mark(item.key, value.stamp, stateFor(response.status), response.status);
      });
    }, function () {
      troubled = true;
      return mark(item.key, value.stamp, "waiting", 0);
    });
  }

  function dataUrlBlob(url) {
    var parts = url.split(","), bytes = atob(parts[1]), array = new Uint8Array(bytes.length);
    for (var i = 0; i < bytes.length; i++) array[i] = bytes.charCodeAt(i);
    return new Blob([array], { type: parts[0].split(":")[1].split(";")[0] });
  }

  // A drawing kept in a hurry as the page closed (canvas.js) joins the outbox from any page.
  function adoptDrawings() {
    var work = Promise.resolve();
    Object.keys(localStorage).forEach(function (name) {
      if (name.indexOf(LOCAL_DRAWING) !== 0) return;
      var url = name.slice(LOCAL_DRAWING.length);
      if (document.querySelector('.drawing[data-upload-url="' + url + '"]')) return;
      var local = null;
      try { local = JSON.parse(localStorage.getItem(name)); } catch (e) { local = null; }
      if (!local) { localStorage.removeItem(name); return; }
      work = work.then(function () { return get("drawing " + url); }).then(function (item) {
        if (item && item.saved >= local.saved) return;
        return put("drawing " + url, {
          action: url, fields: [["drawing", dataUrlBlob(local.data)]], kind: "drawing",
          saved: local.saved, partial: local.partial, state: "draft"
        });
      }).then(function () { localStorage.removeItem(name); }).catch(function () {});
    });
    return work;
  }

  function flush() {
    if (!navigator.onLine || sending) return refresh();
    sending = true;
    troubled = false;
    retryAfterMs = 0;
    var mine = owners();
    return adoptDrawings().then(all).then(function (items) {
      return items.reduce(function (chain, item) {
        var value = item.value;
        // An entry written by one family member is never sent in another person's name.
        if (value.owner && !mine[value.owner]) return chain;
        // A drawing whose canvas is open on this page is sent by the canvas itself.
        if (value.kind === "drawing" && (value.partial || document.querySelector('.drawing[data-upload-url="' + value.action + '"]'))) return chain;
        return chain.then(function () { return send(item).catch(function () {}); });
      }, Promise.resolve());
    }).catch(function () {}).then(flushDrafts).catch(function () {}).finally(function () {
      // Each round that still could not send waits twice as long before the next.
      failures = troubled ? failures + 1 : 0;
      sending = false;
    }).then(refresh);
  }

  // --- Words typed but not yet sent: kept on every keystroke, so a reload loses nothing.

  // Where a form posts to, without the "?saved=1" of the page it is on.
  function actionOf(form) {
    var url = new URL(form.action, window.location.href);
    return url.origin + url.pathname;
  }

  function draftKey(form) { return DRAFT + (form.dataset.outboxOwner || "") + " " + actionOf(form); }

  function textFields(form) {
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string" && name !== "csrf_token") fields.push([name, value]);
    });
    return fields;
  }

  function keepDraft(form) {
    try {
      localStorage.setItem(draftKey(form), JSON.stringify({
        action: actionOf(form), owner: form.dataset.outboxOwner || "", fields: textFields(form),
        autosave: form.hasAttribute("data-outbox-autosave"), stamp: Date.now() + Math.random()
      }));
    } catch (e) { /* storage full or blocked: the server copy is all there is */ }
  }

  function readDraft(key) {
    try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }

  function dropDraft(key, stamp) {
    var draft = readDraft(key);
    if (draft && (stamp === undefined || draft.stamp === stamp)) localStorage.removeItem(key);
  }

  function sameAsForm(form, fields) {
    var now = JSON.stringify(textFields(form).filter(function (p) { return p[0] !== "client_key"; }));
    return now === JSON.stringify(fields.filter(function (p) { return p[0] !== "client_key"; }));
  }

  // Put the kept words back into the form; true if anything was different.
  function restore(form, fields) {
    if (sameAsForm(form, fields)) return false;
    var names = {};
    fields.forEach(function (pair) { (names[pair[0]] = names[pair[0]] || []).push(pair[1]); });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrf_token" || el.type === "file" || el.type === "submit") return;
      var values = names[el.name];
      if (el.type === "radio" || el.type === "checkbox") el.checked = !!values && values.indexOf(el.value) >= 0;
      else if (el.tagName === "SELECT" && el.multiple) {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = !!values && values.indexOf(o.value) >= 0; });
      } else if (values) el.value = values[0];
    });
    return true;
  }

  function statusLine() { return document.getElementById("save-status"); }

  function saySaveStatus(key) {
    var el = statusLine();
    if (el && el.dataset[key]) el.textContent = el.dataset[key];
  }

  // Autosave the form's words now, the same way htmx does, and show the server's answer.
  function autosave(form) {
    var key = draftKey(form), draft = readDraft(key);
    var source = form.querySelector("[hx-post]");
    if (!draft || !source) return Promise.resolve();
    if (!navigator.onLine) { saySaveStatus("offline"); return Promise.resolve(); }
    return post(source.getAttribute("hx-post"), draft.fields).then(function (response) {
      return response.text().then(function (html) {
        if (response.ok) {
          dropDraft(key, draft.stamp);
          var el = statusLine();
          if (el) el.innerHTML = html;
        } else {
          saySaveStatus(response.status >= 500 ? "failed" : "held");
        }
      });
    }, function () { saySaveStatus("offline"); });
  }

  // Words kept for a page that is not open now are sent to that page's own form address.
  function flushDrafts() {
    var mine = owners(), work = Promise.resolve();
    Object.keys(localStorage).forEach(function (key) {
      if (key.indexOf(DRAFT) !== 0) return;
      var draft = readDraft(key);
      if (!draft || !draft.autosave || (draft.owner && !mine[draft.owner])) return;
      var form = findForm(draft.action);
      if (form) { work = work.then(function () { return autosave(form); }); return; }
      work = work.then(function () {
        return post(draft.action, draft.fields).then(function (response) {
          if (response.ok) dropDraft(key, draft.stamp);
        }, function () {});
      });
    });
    return work;
  }

  function findForm(action) {
    var found = null;
    document.querySelectorAll("form[data-outbox]").forEach(function (f) { if (actionOf(f) === action) found = f; });
    return found;
  }

  // --- A photo too big to send is made smaller here, before it is sent.

  function shrink(file, form) {
    var maxBytes = Number(form.dataset.photoMaxBytes || 0);
    var maxPixels = Number(form.dataset.photoMaxPixels || 0);
    var maxSide = Number(form.dataset.photoMaxSide || 0);
    if (!maxBytes || !window.createImageBitmap || !/^image\/(jpeg|png|webp)$/.test(file.type)) return Promise.resolve(file);
    return createImageBitmap(file, { imageOrientation: "from-image" }).then(function (image) {
      var w = image.width, h = image.height;
      if (file.size <= maxBytes * 0.9 && w * h <= maxPixels && Math.max(w, h) <= maxSide) { image.close(); return file; }
      // Well inside the server's limits: at most 4000 pixels on the long side.
      var scale = Math.min(1, Math.sqrt(maxPixels * 0.9 / (w * h)), Math.min(maxSide, 4000) / Math.max(w, h));
      function encode(s) {
        var canvas = document.createElement("canvas");
        canvas.width = Math.max(1, Math.round(w * s));
        canvas.height = Math.max(1, Math.round(h * s));
        var ctx = canvas.getContext("2d");
        ctx.fillStyle = "#ffffff";
        ctx.fillRect(0, 0, canvas.width, canvas.height);
        ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
        return new Promise(function (resolve) { canvas.toBlob(resolve, "image/jpeg", 0.85); }).then(function (blob) {
          if (blob && blob.size > maxBytes * 0.9 && s > 0.05) return encode(s * 0.7);
          return blob;
        });
      }
      return encode(scale).then(function (blob) {
        image.close();
        if (!blob) return file;
        var name = (file.name || "photo").replace(/\.[^.]*$/, "") + ".jpg";
        return new File([blob], name, { type: "image/jpeg" });
      });
    }).catch(function () { return file; });
  }

  function collect(form, submitter) {
    var pairs = [];
    new FormData(form).forEach(function (value, name) {
      // An empty file input is not worth keeping.
      if (!(value instanceof File && !value.size)) pairs.push([name, value]);
    });
    if (submitter && submitter.name) pairs.push([submitter.name, submitter.value]);
    return Promise.all(pairs.map(function (pair) {
      if (pair[1] instanceof File && /^image\//.test(pair[1].type)) {
        return shrink(pair[1], form).then(function (file) { return [pair[0], file]; });
      }
      return pair;
    }));
  }

  // "No connection: kept on this phone" beside the form.
  function noteOffline(shown) {
    var el = document.getElementById("outbox-saved");
    if (el) el.hidden = !shown;
  }

  function resetForNext(form) {
    // A journal form is cleared for the next entry; a child's words stay on screen.
    if (!form.hasAttribute("data-outbox-reset")) return;
    form.reset();
    // The next entry is a new one: it gets its own key, or it would be taken as a resend.
    var key = form.querySelector('input[name="client_key"]');
    if (key) key.value = newClientKey();
  }

  // Show a page the server answered with (its own form again, with what was wrong).
  function showPage(html) {
    document.open();
    document.write(html);
    document.close();
  }

  function submit(form, submitter) {
    var owner = form.dataset.outboxOwner || "";
    var key = null, value = null;
    // Edited since a copy was kept but not taken: a new entry, so it needs its own key,
    // or a late-landing first copy would make the server drop this one as a resend.
    var clientKey = form.querySelector('input[name="client_key"]');
    if (clientKey && form.outboxLastFields && !sameAsForm(form, form.outboxLastFields)) clientKey.value = newClientKey();
    form.outboxLastFields = textFields(form);
    // A hook that fails (storage blocked) must not stop the words being sent.
    return Promise.all(hooks.map(function (hook) { return Promise.resolve().then(function () { return hook(form); }).catch(function () {}); }))
      .then(function () { return collect(form, submitter); })
      .then(function (fields) {
        // Kept before it is sent: a dropped request or a closed page loses nothing.
        value = {
          action: actionOf(form), fields: fields, saved: Date.now(), owner: owner, kind: "form",
          state: "draft", stamp: Date.now() + Math.random()
        };
        // Storage blocked or full: it is sent all the same, only not kept here.
        return tx("readwrite", function (store) { return store.add(value); }).catch(function () { return null; });
      })
      .then(function (k) {
        key = k;
        // The typed words stay kept (localStorage) until the entry is kept here or sent.
        if (key !== null) dropDraft(draftKey(form));
        if (!navigator.onLine) return null;
        return post(value.action, value.fields).catch(function () { return null; });
      })
      .then(function (response) {
        if (!response && key === null) {
          // Neither kept here nor sent: the browser sends it the ordinary way (online),
          // or the words simply stay on screen; nothing claims they were kept.
          if (navigator.onLine) HTMLFormElement.prototype.submit.call(form);
          return null;
        }
        if (!response) {
          return mark(key, value.stamp, "waiting", 0).then(function () { noteOffline(true); resetForNext(form); });
        }
        if (response.ok) {
          if (key === null) dropDraft(draftKey(form));
          return forget(key).then(function () {
            if (response.redirected) window.location.assign(response.url);
            else return response.text().then(showPage);
          });
        }
        return response.text().then(function (html) {
          // The server gave the form back with the words and says what is wrong: show it.
          if (response.status < 500 && formComesBack(html, form, response.url)) {
            return forget(key).then(function () { showPage(html); });
          }
          // Not kept here either (storage blocked): the words stay on screen, and we say it did not go.
          if (key === null) { saySaveStatus(response.status >= 500 ? "failed" : "held"); return null; }
          // Not taken (server failing, session ended, code stopped): kept here, and said so.
          return mark(key, value.stamp, stateFor(response.status), response.status).then(function () {
            noteOffline(false);
          });
        });
      })
      .then(refresh);
  }

  function formComesBack(html, form, responseUrl) {
    var page = new DOMParser().parseFromString(html, "text/html");
    if (!page.getElementById("outbox-status")) return false;
    var again = false;
    page.querySelectorAll("form[data-outbox]").forEach(function (f) {
      var url = new URL(f.getAttribute("action") || responseUrl, responseUrl);
      if (url.origin + url.pathname === actionOf(form)) again = true;
    });
    return again;
  }

  function setUp(form) {
    // The words on screen come back after a reload, a closed page or a flat battery.
    var draft = readDraft(draftKey(form));
    // (An autosaving form's restored words are then sent by flush.)
    if (draft && !restore(form, draft.fields)) dropDraft(draftKey(form), draft.stamp);
    form.addEventListener("input", function () { keepDraft(form); });
    form.addEventListener("change", function () { keepDraft(form); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (form.dataset.outboxBusy) return;
      form.dataset.outboxBusy = "1";
      submit(form, event.submitter).finally(function () { delete form.dataset.outboxBusy; });
    });
  }

  // After htmx autosaved the words, the kept copy is no longer needed.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.target.closest && event.target.closest("form[data-outbox]");
    if (!form) return;
    var draft = readDraft(draftKey(form));
    if (draft && event.detail.xhr) event.detail.xhr.outboxStamp = draft.stamp;
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target.closest && event.target.closest("form[data-outbox]");
    var xhr = event.detail.xhr;
    if (!form || !xhr || xhr.outboxStamp === undefined) return;
    if (xhr.status >= 200 && xhr.status < 300) dropDraft(draftKey(form), xhr.outboxStamp);
  });

  document.addEventListener("DOMContentLoaded", function () {
    if (!("indexedDB" in window)) return;
    document.querySelectorAll("form[data-outbox]").forEach(setUp);
    flush();
  });
  window.addEventListener("online", function () { clearTimeout(retryTimer); flush(); });

  window.participationOutbox = {
    enabled: "indexedDB" in window,
    get: get,
    put: put,
    forget: forget,
    mark: mark,
    refresh: refresh,
    stateFor: stateFor,
    retryAfter: retryAfter,
    // Run before a form is sent (the canvas makes sure its drawing went, or is kept).
    beforeSubmit: function (hook) { hooks.push(hook); }
  };

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js").catch(function () {});
  }
})();
