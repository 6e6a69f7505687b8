"""The child's record: who they are, how they communicate, who is allocated to them."""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.auth.models import Worker
from participation.db_types import UTCDateTime, new_public_id, utcnow
from participation.extensions import Model


class Child(Model):
    __tablename__ = "child"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    name: Mapped[str] = mapped_column(String(200))
    date_of_birth: Mapped[date] = mapped_column(Date)
    case_reference: Mapped[str] = mapped_column(String(64), index=True)
    # The language the child chose for the screens...
    preferred_language: Mapped[str] = mapped_column(String(16), default="en")
    # ...kept apart from their first language (None: not recorded): a child may choose
    # English screens and still think and speak first in Tigrinya.
    first_language: Mapped[str | None] = mapped_column(String(16))
    # Optional identity fields, in the child's or worker's own words (None: not recorded).
    # Privacy: special category data; shown only to staff who may see the child, on the child
    # page and record (both audited), never on the child's own screens; deleted with the child.
    religion: Mapped[str | None] = mapped_column(String(200))
    ethnicity: Mapped[str | None] = mapped_column(String(200))
    nationality: Mapped[str | None] = mapped_column(String(200))
    immigration_status: Mapped[str | None] = mapped_column(String(200))
    disability: Mapped[str | None] = mapped_column(String(200))
    # Safeguarding: the interpreter's gender may matter to the child (Barnet's standards say
    # interpreters are chosen "considering gender"); None is no preference, else woman / man.
    interpreter_gender: Mapped[str | None] = mapped_column(String(8))
    # How the child's screens address them in languages that say "you" differently to a girl
    # and a boy (Arabic, Tigrinya...): "girl", "boy", or None (not recorded: the everyday form).
    # Privacy: used only to choose grammar on the child's own screens; never shown to anyone
    # else, set only if the worker records it, and deleted with the child (it is a column).
    address_as: Mapped[str | None] = mapped_column(String(8))
    communication_needs: Mapped[str] = mapped_column(Text, default="")
    allocated_worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), index=True)
    family_id: Mapped[int | None] = mapped_column(ForeignKey("family.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    allocated_worker: Mapped[Worker] = relationship()

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name else ""
