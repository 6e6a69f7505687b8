"""Invented demo data for development: a council a newcomer can explore in five minutes.

Not a blueprint: `flask seed-demo` (participation/cli.py) calls `seed.load()`, which builds
everything through the app's own services, as the screens would.
"""
