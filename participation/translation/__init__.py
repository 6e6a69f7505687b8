from flask import Blueprint

bp = Blueprint("translation", __name__)
