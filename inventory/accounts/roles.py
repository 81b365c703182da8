"""The four roles of docs/product.md, spelled once."""

from enum import StrEnum


class Role(StrEnum):
    TECHNICIAN = "technician"
    SOCIAL_WORKER = "social_worker"
    SCHOOL = "school"
    ADMIN = "admin"
