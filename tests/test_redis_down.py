"""Redis (sessions, shared rate limits) unreachable: a plain "try again" page, never a bare
500 from an error page that itself needed the session."""

import html

from tests.test_identity import another_app  # noqa: F401  (fixture)

# Nothing listens on port 1 on loopback: connections are refused at once.
NOWHERE = "redis://127.0.0.1:1/0"


def test_a_page_says_try_again_when_sessions_are_unreachable(app, another_app):  # noqa: F811
    down = another_app(SESSION_REDIS_URL=NOWHERE)
    with down.app_context():
        response = down.test_client().get("/staff/sign-in")
        # ...and the load balancer's health check (README), so it takes the server out.
        assert down.test_client().get("/start").status_code == 503
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "60"
    assert "try again in a minute" in response.get_data(as_text=True)


def test_a_sent_form_says_it_was_not_saved(app, another_app):  # noqa: F811
    down = another_app(SESSION_REDIS_URL=NOWHERE)
    with down.app_context():
        response = down.test_client().post(
            "/staff/sign-in", data={"email": "a@b.c", "password": "x"}
        )
    assert response.status_code == 503
    assert "That wasn't saved" in html.unescape(response.get_data(as_text=True))
