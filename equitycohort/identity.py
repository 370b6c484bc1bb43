"""Who is editing: the facilitator's name, organization and a generated id.

Kept in the user's settings folder (``identity.json`` in ``paths.config_dir()``),
never in a workspace: a workspace is copied from laptop to laptop, a person is
not. Every change a workspace records carries the id; changes files carry the
name and organization too, so the person importing them sees who made them.
No Qt here: the command line uses it as the app does.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from equitycohort import paths
from equitycohort.i18n import N_, _

FILE_NAME = "identity.json"
NAME_MAX = 120
_ID = re.compile(r"[0-9a-f]{32}")


class IdentityError(ValueError):
    """A name or organization that cannot be used; the message says why."""


@dataclass(frozen=True)
class Identity:
    id: str
    name: str = ""
    organization: str = ""

    @property
    def complete(self) -> bool:
        """Whether the person has said who they are (a name at least)."""
        return bool(self.name.strip())

    @property
    def label(self) -> str:
        """"Maria Lopez, Child Trends", as changes files and the app show their author."""
        if not self.complete:
            return _("Someone who has not given a name")
        return f"{self.name}, {self.organization}" if self.organization else self.name


def identity_path() -> Path:
    return paths.config_dir() / FILE_NAME


def new_id() -> str:
    import uuid

    return uuid.uuid4().hex


def _clean(text: object, what: str) -> str:
    """``text`` on one line; ``what`` is the field's English label (marked with N_), shown translated."""
    if not isinstance(text, str):
        raise IdentityError(_("{field}: must be text.").format(field=_(what)))
    text = " ".join(text.split())
    if len(text) > NAME_MAX:
        raise IdentityError(_("{field}: is {length} characters long; the limit is {limit}.").format(
            field=_(what), length=len(text), limit=NAME_MAX))
    if any(ord(c) < 32 or 0xD800 <= ord(c) <= 0xDFFF for c in text):
        raise IdentityError(_("{field}: contains a character that cannot be stored.").format(field=_(what)))
    return text


def make(name: str, organization: str = "", id: str | None = None) -> Identity:
    """An identity from what a person typed; IdentityError when the name is empty."""
    name = _clean(name, N_("Name"))
    organization = _clean(organization, N_("Organization"))
    if not name:
        raise IdentityError(_("{field}: cannot be empty.").format(field=_("Name")))
    return Identity(id or new_id(), name, organization)


def load() -> Identity | None:
    """The identity kept in the settings, or None when there is none (or it cannot be read)."""
    try:
        data = json.loads(identity_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("id"), str) or not _ID.fullmatch(data["id"]):
        return None
    try:
        return Identity(data["id"], _clean(data.get("name", ""), N_("Name")),
                        _clean(data.get("organization", ""), N_("Organization")))
    except IdentityError:
        return Identity(data["id"])


def save(identity: Identity) -> Path:
    """Keep the identity in the settings folder, readable by the user only."""
    target = identity_path()
    paths.private_dir(target.parent)
    data = json.dumps({"id": identity.id, "name": identity.name, "organization": identity.organization},
                      ensure_ascii=False, indent=2)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(partial, target)
    return target


def current() -> Identity:
    """The user's identity; made (with a new id and no name yet) and kept on first use,
    so that edits made before the person gives a name are still theirs."""
    found = load()
    if found is not None:
        return found
    made = Identity(new_id())
    try:
        save(made)
    except OSError:
        pass  # settings that cannot be written: this session's edits still carry one id
    return made


def parse_as(text: str) -> Identity:
    """The identity ``--as "Name, Organization"`` names.

    Its id is the one kept in the settings when they hold the same person (or no
    name yet: then the edits made on this computer are this person's), else one
    made from the name and organization themselves, so that every command run as
    the same person signs its changes alike.
    """
    name, _, organization = text.partition(",")
    given = make(name, organization, id="0" * 32)
    kept = load()
    if kept is not None and not kept.complete:
        return Identity(kept.id, given.name, given.organization)  # the edits made here are theirs
    if kept is not None and (kept.name.casefold(), kept.organization.casefold()) == \
            (given.name.casefold(), given.organization.casefold()):
        return kept
    import uuid

    key = f"{given.name.casefold()}\n{given.organization.casefold()}"
    return Identity(uuid.uuid5(uuid.NAMESPACE_URL, f"equitycohort:person:{key}").hex,
                    given.name, given.organization)
