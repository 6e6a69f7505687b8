from flask import Blueprint

bp = Blueprint("scales", __name__, url_prefix="/scales")
