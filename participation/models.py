"""Imports every feature's models so metadata (and Alembic) sees all tables."""

from participation.activities import models as activities
from participation.alerts import models as alerts
from participation.audit import models as audit
from participation.auth import models as auth
from participation.caserecord import models as caserecord
from participation.children import models as children
from participation.codes import models as codes
from participation.identity import models as identity
from participation.journal import models as journal
from participation.network import models as network
from participation.notifications import models as notifications
from participation.pathway import models as pathway
from participation.record import models as record
from participation.review import models as review
from participation.scales import models as scales
from participation.translation import models as translation

# Each feature's models module; importing it declares its tables.
MODULES = (
    activities,
    alerts,
    audit,
    auth,
    caserecord,
    children,
    codes,
    identity,
    journal,
    network,
    notifications,
    pathway,
    record,
    review,
    scales,
    translation,
)
