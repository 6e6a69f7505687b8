from flask import Blueprint

bp = Blueprint("caserecord", __name__)
