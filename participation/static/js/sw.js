// Service worker: keeps the app's own scripts and styles so pages open on a bad connection.
// People's pages are never cached (they carry children's words); only static files are.
const CACHE = "participation-static-v1";
const STATIC = [
  "/static/css/app.css",
  "/static/js/app.js",
  "/static/js/canvas.js",
  "/static/js/outbox.js",
  "/static/js/voice.js",
  "/static/vendor/htmx.min.js",
  "/static/img/icon.svg",
];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(STATIC)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  if (!url.pathname.startsWith("/static/")) return;
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        const copy = response.clone();
        caches.open(CACHE).then((cache) => cache.put(event.request, copy));
        return response;
      })
      .catch(() => caches.match(event.request))
  );
});
