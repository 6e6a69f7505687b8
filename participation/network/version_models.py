"""Every version of a family's safety plan, kept so the record shows who changed what and
which words everyone agreed."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.auth.models import Worker
from participation.db_types import UTCDateTime, new_public_id, utcnow
from participation.extensions import Model
from participation.network.models import Family


class SafetyPlanVersion(Model):
    """The whole plan as it stood after a change, each sentence with its author and
    language; an agreed one is a record entry and goes to every member's phone."""

    __tablename__ = "safety_plan_version"
    __table_args__ = (UniqueConstraint("family_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict] = mapped_column(JSON)
    # Who made the change(s), as shown on the version ("Sam Okafor (social worker)").
    changed_by: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    agreed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    agreed_by_id: Mapped[int | None] = mapped_column(ForeignKey("worker.id"), index=True)
    # Agreed at a plan review (the monthly look at how the plan is working).
    is_review: Mapped[bool] = mapped_column(default=False)

    family: Mapped[Family] = relationship()
    agreed_by: Mapped[Worker | None] = relationship()
