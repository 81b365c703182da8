"""The site table."""

from enum import StrEnum

from piccolo.columns import Boolean, Serial, Timestamptz, Varchar
from piccolo.table import Table


class SiteKind(StrEnum):
    WORKSHOP = "workshop"
    ANTENNA = "antenna"
    DIGITAL_SPACE = "digital_space"
    BUS = "bus"
    REST_HOME = "rest_home"
    SCHOOL = "school"
    OTHER = "other"


class Site(Table):
    id: Serial  # Piccolo's implicit primary key, declared for the type checker
    code = Varchar(length=40, unique=True)
    name = Varchar(length=200)
    kind = Varchar(length=20, choices=SiteKind, default=SiteKind.OTHER)
    address = Varchar(length=300, default="")
    active = Boolean(default=True)
    created_at = Timestamptz()
