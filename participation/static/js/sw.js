// Service worker: keeps the app's own scripts and styles so pages open on a bad connection.
// People's pages are never cached (they carry children's words), nor anyone's drawings or
// photos: only files under /static/ are.
// The /sw.js route (participation/pwa/routes.py) writes PRECACHE (today's fingerprinted
// URLs) and VERSION above this line, so each release is a new worker with a new cache.
/* global PRECACHE, VERSION */
const CACHE = "participation-static-" + VERSION;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("participation-static") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  if (!url.pathname.startsWith("/static/")) return;
  if (url.searchParams.has("v")) {
    // Fingerprinted: the bytes at this URL never change, so the copy kept here is used
    // without asking the network at all.
    event.respondWith(
      caches.open(CACHE).then((cache) =>
        cache.match(event.request).then((kept) => kept || fetch(event.request).then((response) => {
          if (response.ok) cache.put(event.request, response.clone());
          return response;
        }))
      )
    );
    return;
  }
  // Any other static URL may change: the network first, the kept copy when offline.
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(event.request, copy));
        }
        return response;
      })
      .catch(() => caches.match(event.request))
  );
});
