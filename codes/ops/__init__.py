"""Running the site in production: health and readiness probes, the release version that
keys every cache, HTTP caching (ETag, Last-Modified, Cache-Control, 304) and the server-side
page cache. May import the models and ``codes.timeline.currency`` (readiness reports whether
the data is current); nothing else in ``codes`` imports from here but the URLs
and the release services (which bump the version)."""
