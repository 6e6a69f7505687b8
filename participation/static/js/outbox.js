// The outbox: a form marked data-outbox that can't be sent (no connection) is kept in this
// browser and sent by itself when the connection comes back. Each form carries its own
// idempotency key, so a resend never makes a second copy.
(function () {
  "use strict";
  var DB = "participation-outbox", STORE = "waiting";

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

  function banner(count) {
    var el = document.getElementById("outbox-status");
    if (!el) return;
    el.hidden = count === 0;
    el.textContent = count ? el.dataset.waiting.replace("{count}", String(count)) : "";
  }

  function keep(action, fields) {
    return tx("readwrite", function (store) {
      return store.add({ action: action, fields: fields, saved: Date.now() });
    }).then(refresh);
  }

  function save(form) {
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      // An empty file input is not worth keeping.
      if (!(value instanceof File && !value.size)) fields.push([name, value]);
    });
    return keep(form.action, fields);
  }

  function send(item) {
    var body = new FormData();
    item.value.fields.forEach(function (pair) {
      if (pair[1] instanceof Blob) body.append(pair[0], pair[1], pair[1].name || "drawing.png");
      else body.append(pair[0], pair[1]);
    });
    var token = document.querySelector('meta[name="csrf-token"]');
    if (token) body.set("csrf_token", token.content);
    return fetch(item.value.action, { method: "POST", body: body, credentials: "same-origin", redirect: "follow" })
      .then(function (response) {
        // Sent (or refused for good, shown on the page): either way it leaves the outbox.
        if (response.status < 500) return tx("readwrite", function (store) { store.delete(item.key); }).then(function () { return response; });
        throw new Error("server");
      });
  }

  function flush() {
    if (!navigator.onLine) return Promise.resolve();
    return all().then(function (items) {
      return items.reduce(function (chain, item) {
        return chain.then(function () { return send(item).catch(function () {}); });
      }, Promise.resolve());
    }).then(refresh);
  }

  function refresh() { return all().then(function (items) { banner(items.length); }); }

  document.addEventListener("DOMContentLoaded", function () {
    if (!("indexedDB" in window)) return;
    document.querySelectorAll("form[data-outbox]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (navigator.onLine) return;
        event.preventDefault();
        save(form).then(function () {
          var note = document.getElementById("outbox-saved");
          if (note) note.hidden = false;
          // A journal form is cleared for the next entry; a child's words stay on screen.
          if (form.hasAttribute("data-outbox-reset")) {
            form.reset();
            // The next entry is a new one: it gets its own key, or it would be taken as a resend.
            var key = form.querySelector('input[name="client_key"]');
            if (key) key.value = window.crypto && crypto.randomUUID ? crypto.randomUUID() : Date.now() + "-" + Math.random();
          }
          return refresh();
        });
      });
    });
    refresh();
    flush();
  });
  window.addEventListener("online", flush);
  window.participationOutbox = { keep: keep };

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js").catch(function () {});
  }
})();
