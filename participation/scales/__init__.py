from flask import Blueprint

bp = Blueprint("scales", __name__)
