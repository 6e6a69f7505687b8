"""The long selects (every language; a caseload of children) build each option's HTML once
per process: what they send must be what WTForms would, with the reader's choice selected."""

from wtforms import Form, SelectField
from wtforms.widgets import Select

from participation.languages import LongSelect, WrittenInField


class _Plain(Form):
    language = SelectField(choices=[])


class _Long(Form):
    language = WrittenInField(choices=[])


def _both(data: str | None):
    plain, long = _Plain(data={"language": data}), _Long(data={"language": data})
    long.language.choices = [("pl", "Polski"), ("en", "English")]
    plain.language.choices = long.language.choices
    return plain.language, long.language


def test_every_language_renders_as_wtforms_does_with_the_choice_selected(app):
    plain, long = _both("so")
    html = long()
    assert html == plain()
    assert html.count("selected") == 1
    assert '<option selected value="so">Somali (Soomaali)</option>' in html
    # The interface languages lead, then every other language, each once.
    assert html.index('value="pl"') < html.index('value="en"') < html.index('value="cy"')
    assert html.count('value="pl"') == 1


def test_a_second_page_with_another_choice_is_not_handed_the_first_pages_selection(app):
    _both("so")[1]()
    plain, long = _both("ur")
    html = long()
    assert html == plain()
    assert '<option selected value="ur">' in html
    assert '<option value="so">' in html


def test_an_escaped_name_stays_escaped(app):
    form = _Plain()
    form.language.widget = LongSelect()
    form.language.choices = [("x", "<b>Amy</b> & co")]
    html = form.language()
    assert "&lt;b&gt;Amy&lt;/b&gt; &amp; co" in html
    assert html == Select()(form.language)
