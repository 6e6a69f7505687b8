"""Between the settings page's boxes and the stored council settings (admin/council.py)."""

from typing import Any

from flask import current_app

from participation.admin import council

HELP_PARTS = ("name", "call", "text", "text_word", "when")


def _contact_in(form, prefix: str, value: Any) -> None:
    value = value if isinstance(value, dict) else {}
    for part in ("name", "mobile", "email"):
        getattr(form, f"{prefix}_{part}").data = value.get(part) or ""


def _contact_out(form, prefix: str) -> dict | None:
    """None when neither a mobile nor an email is given: nobody to tell, so no contact."""
    value = {part: (getattr(form, f"{prefix}_{part}").data or "").strip()
             for part in ("name", "mobile", "email")}  # fmt: skip
    if not (value["mobile"] or value["email"]):
        return None
    return {k: v for k, v in value.items() if v}


def _help_in(numbers: Any) -> str:
    lines = []
    for n in numbers or []:
        lines.append(" | ".join(str(n.get(part, "") or "") for part in HELP_PARTS))
    return "\n".join(lines)


def _help_out(text: str) -> list[dict] | None:
    """Empty means the national lines (None)."""
    numbers = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")] + [""] * len(HELP_PARTS)
        numbers.append({k: v for k, v in zip(HELP_PARTS, parts, strict=False) if v})
    return numbers or None


def load_settings(form) -> None:
    s = council.setting
    form.terminology.data = s("DEFAULT_TERMINOLOGY")
    _contact_in(form, "duty", s("DUTY_CONTACT"))
    _contact_in(form, "night", s("OUT_OF_HOURS_CONTACT"))
    form.duty_phone.data = s("EMERGENCY_DUTY_PHONE") or ""
    form.help_numbers.data = _help_in(s("HELP_NUMBERS"))
    form.retention_years.data = s("RETENTION_YEARS_AFTER_BIRTH")
    form.care_leaver_retention_years.data = s("CARE_LEAVER_RETENTION_YEARS_AFTER_BIRTH")
    form.plan_review_days.data = s("PLAN_REVIEW_INTERVAL_DAYS")


def save_settings(form, by) -> list[str]:
    """Store what differs from the deployment's default (the same value is no choice, so a
    later change to the default still reaches the council); the names that changed."""
    values = {
        "DEFAULT_TERMINOLOGY": form.terminology.data,
        "DUTY_CONTACT": _contact_out(form, "duty"),
        "OUT_OF_HOURS_CONTACT": _contact_out(form, "night"),
        "EMERGENCY_DUTY_PHONE": (form.duty_phone.data or "").strip() or None,
        "HELP_NUMBERS": _help_out(form.help_numbers.data),
        "RETENTION_YEARS_AFTER_BIRTH": form.retention_years.data,
        "CARE_LEAVER_RETENTION_YEARS_AFTER_BIRTH": form.care_leaver_retention_years.data,
        "PLAN_REVIEW_INTERVAL_DAYS": form.plan_review_days.data,
    }
    changed = []
    for name, value in values.items():
        if value == council.setting(name):
            continue
        changed.append(name)
        if value == current_app.config.get(name):
            council.reset(name)
        else:
            council.save(name, value, by)
    return changed
