"""Stand-ins for outside services, on real loopback servers, for tests and local runs."""
