from flask import Blueprint

bp = Blueprint("codes", __name__)
