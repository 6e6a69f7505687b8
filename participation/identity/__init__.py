"""Who is asking: one session table and one lookup for staff, children, members, young people."""

from flask import Blueprint

bp = Blueprint("identity", __name__, url_prefix="/sessions")
