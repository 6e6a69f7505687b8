"""The floor for benchmarks/council.py: a bare Flask "hello world", served by the same gunicorn."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hello, World!"
