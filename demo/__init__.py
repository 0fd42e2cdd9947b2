"""Demo data builders, outside every runtime app (driven by `manage.py seed_demo`).

Each module is named by what it builds (`accounts`, `portfolios`, `review`, `fees`, ...) and
`seed` drives them in order. The runtime apps never import this package, so what ships in them
is what runs in production. `demo` is installed as a Django app only so that `seed_demo` is a
management command; it has no models and writes nothing unless that command (or a test) runs.
"""
