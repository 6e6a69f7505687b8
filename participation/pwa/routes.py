from flask import current_app, send_from_directory

from participation.pwa import bp


@bp.get("/sw.js")
def service_worker():
    """Served from the site root so it may look after every page's static files."""
    response = send_from_directory(current_app.static_folder + "/js", "sw.js", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response
