from flask import Blueprint

bp = Blueprint("children", __name__, url_prefix="/children")
