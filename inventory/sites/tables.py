"""The site table."""

from piccolo.columns import Boolean, Serial, Timestamptz, Varchar
from piccolo.table import Table

from inventory.errors import N_
from inventory.terms import Term


class SiteKind(Term):
    WORKSHOP = "workshop", N_("Workshop")
    ANTENNA = "antenna", N_("Social antenna")
    DIGITAL_SPACE = "digital_space", N_("Digital public space")
    BUS = "bus", N_("Mobile bus")
    REST_HOME = "rest_home", N_("Rest home")
    SCHOOL = "school", N_("School")
    OTHER = "other", N_("Other site")


class Site(Table):
    id: Serial  # Piccolo's implicit primary key, declared for the type checker
    code = Varchar(length=40, unique=True)
    name = Varchar(length=200)
    kind = Varchar(length=20, choices=SiteKind, default=SiteKind.OTHER)
    address = Varchar(length=300, default="")
    active = Boolean(default=True)
    created_at = Timestamptz()
