"""Planning partners: organizations giving customized support in a focus area."""

from __future__ import annotations

import json

from equitycohort.data.workspace import Change, Workspace
from equitycohort.i18n import _


def focus_areas(partner: dict) -> list[str]:
    """A partner row's focus areas (stored as JSON), tolerating a damaged value."""
    try:
        areas = json.loads(partner.get("focus_areas") or "[]")
    except (TypeError, ValueError):
        return []
    if not isinstance(areas, list):
        return []
    # the focus area was first spelled the British way; both name the same area
    return [_SPELLED.get(a, a) for a in areas if isinstance(a, str)]


_SPELLED = {"Policy centred on racial justice and equity": "Policy centered on racial justice and equity"}


def list_partners(ws: Workspace) -> list[dict]:
    """Every partner, by name, with ``contacts``: how many people are its contacts."""
    return ws.rows(
        "SELECT p.*, (SELECT count(*) FROM people c WHERE c.partner_id = p.id) AS contacts "
        "FROM partners p ORDER BY p.name COLLATE NOCASE")


def partner_contacts(ws: Workspace, partner_id: str) -> list[dict]:
    return ws.rows("SELECT * FROM people WHERE partner_id = ? ORDER BY name COLLATE NOCASE", (partner_id,))


def partner_choices(ws: Workspace) -> list[tuple[str, str]]:
    """Partners as (id, name), by name, for pickers."""
    return [(r[0], r[1]) for r in ws.query("SELECT id, name FROM partners ORDER BY name COLLATE NOCASE")]


def save_partner(ws: Workspace, values: dict, partner_id: str | None = None) -> Change:
    if partner_id:
        return ws.update("partners", partner_id, values, label=_("Edit planning partner"))
    return ws.insert("partners", values, label=_("Add planning partner"))


def delete_partner(ws: Workspace, partner_id: str) -> Change:
    """Delete a partner; its contacts stay, and what it supported loses the link."""
    row = ws.get("partners", partner_id)
    return ws.delete("partners", partner_id,
                     _("Delete {name}").format(name=row["name"]) if row else _("Delete planning partner"))


def list_facilitators(ws: Workspace) -> list[dict]:
    """The facilitators (the community lead's and the planning partners' people who hold check-ins),
    by name: id, name, organization, email, phone, partner name, check-ins held and the last one's date."""
    return ws.rows(
        """SELECT p.id, p.name, p.organization, p.email, p.phone, pa.name AS partner,
                  count(k.id) AS checkins, max(k.date) AS last_checkin
           FROM people p LEFT JOIN partners pa ON pa.id = p.partner_id
           LEFT JOIN checkins k ON k.facilitator_id = p.id
           WHERE p.kind = 'facilitator' GROUP BY p.id ORDER BY p.name COLLATE NOCASE""")
