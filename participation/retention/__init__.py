from flask import Blueprint

bp = Blueprint("retention", __name__, url_prefix="/exports")
