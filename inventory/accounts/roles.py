"""The four roles of docs/product.md, spelled once."""

from inventory.errors import N_
from inventory.terms import Term


class Role(Term):
    TECHNICIAN = "technician", N_("Technician")
    SOCIAL_WORKER = "social_worker", N_("Social worker")
    SCHOOL = "school", N_("School staff")
    ADMIN = "admin", N_("Coordinator")
