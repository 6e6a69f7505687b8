"""Recorded read-aloud prompts: stable ids, audio only where a council dropped a file in, and a
command that says what is still to record."""

import os
import re
import wave

import pytest

from participation.prompts import prompt_id

HELLO = "Hello! Type the code your worker gave you."
DANGER = "If you are in danger now, call %(number)s."


@pytest.fixture
def app_config(app_config, tmp_path):
    audio = tmp_path / "audio"
    audio.mkdir()
    return {**app_config, "AUDIO_PROMPTS_DIR": str(audio)}


def record(app, lang: str, msgid: str, ext: str = "wav"):
    """A council's recording, dropped in: a tenth of a second of silence."""
    folder = app.config["AUDIO_PROMPTS_DIR"] + f"/{lang}"
    os.makedirs(folder, exist_ok=True)
    path = f"{folder}/{prompt_id(msgid)}.{ext}"
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\0\0" * 800)
    return path


def say_button(html: str) -> str:
    match = re.search(r'<button type="button" class="say"[^>]*>', html)
    assert match, "no read-aloud button"
    return match.group(0)


def test_prompt_ids_are_readable_and_stable():
    assert prompt_id(HELLO) == prompt_id(HELLO)
    assert prompt_id(HELLO).startswith("hello-type-the-code-your-worker-gave-you-")
    assert re.fullmatch(r"[a-z0-9-]+-[0-9a-f]{8}", prompt_id(HELLO))
    # A changed English sentence is a new prompt, so an old recording is never played for it.
    assert prompt_id(HELLO) != prompt_id("Hello! Type the code your social worker gave you.")


def test_no_recording_no_audio(client):
    button = say_button(client.get("/start?lang=so").get_data(as_text=True))
    assert "data-audio" not in button
    assert "hidden" in button
    assert "Soo dhawoow!" in button  # the device voice, if any, reads the Somali


def test_a_dropped_in_recording_is_offered_for_its_language_only(app, client):
    record(app, "so", HELLO)
    button = say_button(client.get("/start?lang=so").get_data(as_text=True))
    url = f"/audio/so/{prompt_id(HELLO)}.wav"
    assert f'data-audio="{url}"' in button
    with client.get(url) as played:
        assert played.status_code == 200
        assert played.mimetype == "audio/wav"
        assert played.data.startswith(b"RIFF")
    # The Somali recording is never offered on an English or a Pashto page.
    assert "data-audio" not in say_button(client.get("/start?lang=en").get_data(as_text=True))
    assert "data-audio" not in say_button(client.get("/start?lang=ps").get_data(as_text=True))


def test_audio_route_serves_only_recordings(app, client):
    record(app, "so", HELLO)
    assert client.get("/audio/so/../../secret.wav").status_code == 404
    assert client.get(f"/audio/so/{prompt_id(HELLO)}.txt").status_code == 404
    assert client.get("/audio/so/nothing-here-00000000.mp3").status_code == 404


def test_prompts_with_a_number_are_found_behind_the_translation(app):
    """The child's 999 panel shows "call 999" filled in; its recording is still found."""
    with app.test_request_context("/?lang=so"):
        from flask import render_template_string

        def panel():
            return render_template_string(
                '{% from "activities/_worry_help.html" import worry_help %}{{ worry_help() }}'
            )

        assert "data-audio" not in panel()
        record(app, "so", DANGER)
        record(app, "so", "You can talk to Childline for free, any time, on %(number)s.")
    with app.test_request_context("/?lang=so"):
        audio = re.search(r'data-audio="([^"]+)"', panel()).group(1).split()
    assert audio == [
        f"/audio/so/{prompt_id(DANGER)}.wav",
        "/audio/so/"
        + prompt_id("You can talk to Childline for free, any time, on %(number)s.")
        + ".wav",
    ]


def test_half_recorded_text_is_not_played(app):
    """Every sentence a button reads must be recorded, or none is played."""
    from flask import render_template_string

    record(app, "so", "Thank you!")
    with app.test_request_context("/?lang=so"):
        html = render_template_string(
            '{% from "macros.html" import say %}'
            '{{ say(_("Thank you!"), _("You can give the tablet back now.")) }}'
        )
    assert "data-audio" not in html
    record(app, "so", "You can give the tablet back now.")
    with app.test_request_context("/?lang=so"):
        html = render_template_string(
            '{% from "macros.html" import say %}'
            '{{ say(_("Thank you!"), _("You can give the tablet back now.")) }}'
        )
    assert html.count("/audio/so/") == 2


def test_words_a_worker_typed_carry_their_language_and_no_recording(app):
    from flask import render_template_string

    with app.test_request_context("/?lang=so"):
        html = render_template_string(
            '{% from "macros.html" import say_words %}{{ say_words("Well done, Amy", "en") }}'
        )
    assert 'data-lang="en"' in html
    assert "data-audio" not in html


def test_prompts_missing_lists_what_is_left_to_record(app):
    record(app, "so", HELLO)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["prompts", "missing", "--lang", "so"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith("# so:")
    assert not any(line.startswith(prompt_id(HELLO)) for line in lines)
    # Each missing prompt: its id, the English, and what the recording should say.
    worries = next(line for line in lines if line.startswith(prompt_id("House of worries")))
    assert worries.split("\t")[1] == "House of worries"
    assert worries.split("\t")[2] != "House of worries"  # the Somali words to record
    assert any(line.startswith(prompt_id("Did the plan work?")) for line in lines)
    assert any(line.startswith(prompt_id(DANGER)) for line in lines)


def test_prompts_list_names_every_read_aloud_text(app):
    result = app.test_cli_runner().invoke(args=["prompts", "list"])
    assert result.exit_code == 0
    english = {line.split("\t")[1] for line in result.output.splitlines()}
    for text in (
        HELLO,
        DANGER,
        "If a child is in danger right now, call %(number)s.",
        "Not well at all",
        "How is your health? What helps you stay well?",
        "What happened?",
    ):
        assert text in english
    # The page's own text, never the people's: no reply or plan words are prompts.
    assert len(english) == len(result.output.splitlines())
