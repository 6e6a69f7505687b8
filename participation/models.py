"""Imports every feature's models so metadata (and Alembic) sees all tables."""

from participation.activities import models as activities
from participation.admin import models as admin
from participation.advocacy import models as advocacy
from participation.alerts import models as alerts
from participation.audit import models as audit
from participation.auth import models as auth
from participation.caserecord import models as caserecord
from participation.children import models as children
from participation.children import transfer_models as children_transfers
from participation.childspace import models as childspace
from participation.codes import models as codes
from participation.identity import models as identity
from participation.journal import models as journal
from participation.meetings import models as meetings
from participation.network import models as network
from participation.network import version_models as network_versions
from participation.notifications import models as notifications
from participation.pathway import models as pathway
from participation.planscales import models as planscales
from participation.record import models as record
from participation.review import models as review
from participation.scales import models as scales
from participation.translation import models as translation
from participation.wordspictures import models as wordspictures

# Each feature's models module; importing it declares its tables.
MODULES = (
    activities,
    admin,
    advocacy,
    alerts,
    audit,
    auth,
    caserecord,
    children,
    children_transfers,
    childspace,
    codes,
    identity,
    journal,
    meetings,
    network,
    network_versions,
    notifications,
    pathway,
    planscales,
    record,
    review,
    scales,
    translation,
    wordspictures,
)
