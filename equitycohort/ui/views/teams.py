"""State teams of a cohort, their leaders, and the directory of everyone."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from equitycohort import i18n
from equitycohort.data.cohorts import get_cohort
from equitycohort.data.partners import partner_choices
from equitycohort.data.rules import TEAM_SIZE, team_warnings
from equitycohort.data.schema import CHECKIN_WEEKS, LANGUAGES, PERSON_KINDS
from equitycohort.data.states import ALL_PLACES, state_name
from equitycohort.data.teams import (
    add_team,
    delete_team,
    filter_people,
    leaders_language,
    list_teams,
    make_executive_director,
    remove_leader,
    save_leader,
    save_person,
    search_people,
    taken_states,
    team_leaders,
    update_team,
)
from equitycohort.i18n import N_, _, ngettext, pgettext
from equitycohort.ui import dialogs
from equitycohort.ui.context import Context, InView
from equitycohort.ui.fields import StateField
from equitycohort.ui.forms import FormDialog, combo, line, text_box, text_of
from equitycohort.ui.labels import WarningBanner, heading, muted, plain
from equitycohort.ui.models import Column, RecordTableModel
from equitycohort.ui.views.base import (
    EmptyState,
    View,
    button,
    button_row,
    fit_columns,
    record_table,
    select_id,
    selected_record,
)

if TYPE_CHECKING:
    from equitycohort.data.workspace import Change

#: the role the first leader of a new team starts with (translated where it is filled in)
ED_ROLE = N_("Executive Director")


class TeamTableModel(RecordTableModel):
    COL_STATE, COL_ORGANIZATION, COL_LEADERS, COL_DIRECTOR = range(4)
    columns = (
        Column(N_("State"), lambda t: t.state_name),
        Column(N_("Organization"), lambda t: t.organization),
        Column(N_("Leaders"), lambda t: _("{n} of {size}").format(n=t.leader_count, size=TEAM_SIZE),
               sort=lambda t: t.leader_count, tone=lambda t: None if t.leader_count == TEAM_SIZE else "warning_fg"),
        Column(N_("Exec. director"), lambda t: _("Yes") if t.director_count == 1 else (
            _("None") if not t.director_count else _("Several")),
               tone=lambda t: None if t.director_count == 1 else "warning_fg"),
    )


class LeaderTableModel(RecordTableModel):
    COL_NAME, COL_ROLE, COL_EMAIL, COL_PHONE = range(4)
    columns = (
        Column(N_("Name"), lambda p: p.name + ("  ★" if p.is_executive_director else ""),
               tooltip=lambda p: _("Executive director") if p.is_executive_director else ""),
        Column(N_("Role"), lambda p: p.role),
        Column(N_("E-mail"), lambda p: p.email or ""),
        Column(N_("Phone"), lambda p: p.phone or ""),
    )


class PeopleTableModel(RecordTableModel):
    COL_NAME, COL_KIND, COL_WHERE, COL_EMAIL, COL_PHONE, COL_LANGUAGE, COL_PRONOUNS = range(7)
    columns = (
        Column(N_("Name"), lambda p: p["name"]),
        Column(N_("Kind"), lambda p: i18n.label(PERSON_KINDS, p["kind"])),
        Column(N_("Team or organization"), lambda p: _where(p)),
        Column(N_("E-mail"), lambda p: p["email"] or ""),
        Column(N_("Phone"), lambda p: p["phone"] or ""),
        Column(N_("Language"), lambda p: p["preferred_language"] or ""),
        Column(N_("Pronouns"), lambda p: p["pronouns"] or ""),
    )


def _where(person: dict) -> str:
    if person.get("teams"):
        return "; ".join(f"{state_name(t[:2])}:{t[2:]}" for t in person["teams"].split("; "))
    return person.get("organization") or ""


class TeamDialog(FormDialog):
    """A new team with up to three leaders at once, or an edited team."""

    def __init__(self, parent, ws, cohort_id: str, team: dict | None = None):
        super().__init__(parent, _("Edit state team") if team else _("New state team"))
        self.setMinimumWidth(620)  # a leader's e-mail address fits its field
        self.ws, self.cohort_id, self.team = ws, cohort_id, team
        t = team or {}
        taken = taken_states(ws, cohort_id)
        places = [(code, name) for code, name in ALL_PLACES.items() if code not in taken or code == t.get("state")]
        self.state = self.add_field("state", _("&State"), StateField(places, t.get("state"), frozenset(taken)))
        self.add_field("organization", _("&Organization"), line(t.get("organization"), _("the state organization")))
        phase_weeks = CHECKIN_WEEKS.get(ws.require("cohorts", cohort_id)["phase"], 4)
        self.cadence = self.add_field("checkin_weeks", _("&Check in every"), QSpinBox(), _(
            "How often this team is checked in with; Attention lists it when a check-in falls due."))
        self.cadence.setRange(0, 26)
        self.cadence.setSuffix(_(" weeks"))
        self.cadence.setSpecialValueText(ngettext("Every {n} week (the default for its cohort)",
                                                  "Every {n} weeks (the default for its cohort)",
                                                  phase_weeks).format(n=phase_weeks))
        self.cadence.setValue(t.get("checkin_weeks") or 0)
        leaders = leaders_language(ws, team["id"]) if team else None
        languages = i18n.labels(LANGUAGES)
        automatic = _("As its leaders prefer ({language})").format(language=languages[leaders or "en"])
        self.add_field("language", _("&Language of documents"),
                       combo([(None, automatic), *languages.items()], t.get("language")),
                       _("The language of the workplan and check-in history made for this team."))
        notes = self.add_field("notes", _("N&otes"), text_box(t.get("notes"), height=60))
        notes.setMaximumHeight(90)
        self.leader_rows: list[tuple[QLineEdit, QLineEdit, QLineEdit, QRadioButton]] = []
        if not team:
            self._add_leader_grid()
        self.finish_layout()

    def _add_leader_grid(self) -> None:
        group = QGroupBox(_("Leaders (a team of three, one of them the executive director)"))
        grid = QGridLayout(group)
        for col, title in enumerate((_("Name"), _("Role"), _("E-mail"), _("Exec. director"))):
            grid.addWidget(muted(title), 0, col)
        self.director_group = QButtonGroup(self)
        for i in range(TEAM_SIZE):
            name = line(placeholder=_("Leader {n}").format(n=i + 1))
            name.setAccessibleName(_("Leader {n} name").format(n=i + 1))
            role = line(_(ED_ROLE) if i == 0 else "", _("role or title"))
            role.setAccessibleName(_("Leader {n} role").format(n=i + 1))
            email = line(placeholder=_("name@example.org"))
            email.setAccessibleName(_("Leader {n} e-mail").format(n=i + 1))
            director = QRadioButton()
            director.setAccessibleName(_("Leader {n} is the executive director").format(n=i + 1))
            director.setChecked(i == 0)
            self.director_group.addButton(director, i)
            for col, widget in enumerate((name, role, email, director)):
                grid.addWidget(widget, i + 1, col, alignment=Qt.AlignmentFlag.AlignCenter if col == 3 else Qt.AlignmentFlag(0))
            self.leader_rows.append((name, role, email, director))
        self.leaders_error = plain(QLabel())
        self.leaders_error.setWordWrap(True)
        self.leaders_error.setVisible(False)
        grid.addWidget(self.leaders_error, TEAM_SIZE + 1, 0, 1, 4)
        self._layout.addWidget(group)
        self.errors["leaders"] = self.leaders_error
        self.fields["leaders"] = self.leader_rows[0][0]

    def save(self) -> Change:
        values = {
            "state": self.state.value(),
            "organization": text_of(self.fields["organization"]),
            "notes": text_of(self.fields["notes"]),
            "checkin_weeks": self.cadence.value() or None,
            "language": self.fields["language"].currentData(),
        }
        if self.team:
            return update_team(self.ws, self.team["id"], values)
        leaders = [{"name": name.text(), "role": role.text(), "email": email.text(),
                    "executive_director": director.isChecked()}
                   for name, role, email, director in self.leader_rows]
        return add_team(self.ws, self.cohort_id, values, leaders)


class PersonDialog(FormDialog):
    """Contact details of a person; with a team, also their role on it."""

    def __init__(self, parent, ws, person: dict | None = None, team_id: str | None = None,
                 member: dict | None = None, kind: str = "leader"):
        new = {"facilitator": _("New facilitator"), "partner": _("New partner contact")}.get(kind, _("New person"))
        title = _("Edit contact details") if person else (_("Add leader") if team_id else new)
        super().__init__(parent, title)
        self.ws, self.person, self.team_id, self.member = ws, person, team_id, member
        p = person or {"kind": kind}
        self.add_field("name", _("&Name"), line(p.get("name")))
        if team_id:
            self.add_field("role", _("&Role"), line((member or {}).get("role"), _("e.g. Policy Director")))
            director = QCheckBox(_("This leader is the team's executive director"))
            director.setChecked(bool((member or {}).get("is_executive_director")))
            self.add_field("is_executive_director", "", director)
        else:
            self.add_field("kind", _("&Kind"), combo(i18n.labels(PERSON_KINDS), p.get("kind")))
        self.add_field("title", _("&Job title"), line(p.get("title")))
        self.add_field("organization", _("Or&ganization"), line(p.get("organization")))
        self.add_field("email", _("&E-mail"), line(p.get("email"), _("name@example.org")))
        self.add_field("phone", _("&Phone"), line(p.get("phone"), max_length=60))
        self.add_field("preferred_language", _("Preferred &language"),
                       line(p.get("preferred_language"), max_length=80))
        self.add_field("pronouns", _("Pro&nouns"), line(p.get("pronouns"), _("e.g. she/her"), max_length=60))
        partners: list[tuple[str | None, str]] = [(None, pgettext("planning partner", "None")),
                                                  *partner_choices(ws)]
        self.add_field("partner_id", _("Planning &partner"), combo(partners, p.get("partner_id")))
        self.add_field("notes", _("No&tes"), text_box(p.get("notes"), height=60)).setMaximumHeight(90)
        self.finish_layout()

    def person_values(self) -> dict:
        values = {name: text_of(self.fields[name]) or None for name in
                  ("title", "organization", "email", "phone", "preferred_language", "pronouns")}
        values["name"] = text_of(self.fields["name"])
        values["notes"] = text_of(self.fields["notes"])
        values["partner_id"] = self.fields["partner_id"].currentData()
        if "kind" in self.fields:
            values["kind"] = self.fields["kind"].currentData()
        return values

    def save(self) -> Change:
        values = self.person_values()
        if not self.team_id:
            return save_person(self.ws, values, self.person["id"] if self.person else None)
        return save_leader(self.ws, self.team_id, values, role=text_of(self.fields["role"]),
                           executive_director=self.fields["is_executive_director"].isChecked(),
                           member_id=self.member["id"] if self.member else None)


class TeamsView(View):
    title = "Teams"
    tables = frozenset({"teams", "team_members", "people", "cohorts", "partners"})
    cohort_screen = True
    follows_team = True

    def __init__(self, context: Context | None = None, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Teams and people"))
        self.tabs.addTab(self._teams_page(), _("State &teams"))
        self.tabs.addTab(self._people_page(), _("People &directory"))
        self._people_rows: list[dict] | None = None
        self.tabs.currentChanged.connect(self._tab_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    # --- state teams ----------------------------------------------------

    def _teams_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.heading = heading(_("State teams"))
        layout.addWidget(self.heading)
        self.add_team_button = button(_("&Add state team…"), self.add_team, _("Add state team"))
        self.edit_team_button = button(_("&Edit team…"), self.edit_team, _("Edit team"))
        self.delete_team_button = button(_("Delete team…"), self.delete_team, _("Delete team"))
        layout.addLayout(button_row(self.add_team_button, self.edit_team_button, self.delete_team_button))

        self.team_model = TeamTableModel(self)
        self.team_table = record_table(self.team_model, _("State teams"),
                                                        stretch=TeamTableModel.COL_ORGANIZATION)
        self.team_table.selectionModel().selectionChanged.connect(self._team_selected)
        self.team_table.activated.connect(self.edit_team)

        right = QWidget()
        side = QVBoxLayout(right)
        side.setContentsMargins(8, 0, 0, 0)
        self.team_title = heading("")
        self.email_button = button(_("E-&mail leaders…"), self.email_team, _("E-mail the team's leaders"),
                                   _("Write to the team's leaders in your mail program"))
        self.copy_button = button(_("Cop&y addresses"), self.copy_addresses, _("Copy the leaders' e-mail addresses"),
                                  _("Copy the leaders' e-mail addresses, to paste into any mail program"))
        title_row = QHBoxLayout()
        title_row.addWidget(self.team_title, 1)
        title_row.addWidget(self.email_button)
        title_row.addWidget(self.copy_button)
        side.addLayout(title_row)
        self.team_banner = WarningBanner()
        side.addWidget(self.team_banner)
        self.leader_model = LeaderTableModel(self)
        # executive director first, then the team's own order
        self.leader_table = record_table(self.leader_model, _("Leaders"), stretch=LeaderTableModel.COL_EMAIL,
                                         sortable=False)
        self.leader_table.activated.connect(self.edit_leader)
        self.add_leader_button = button(_("Add &leader…"), self.add_leader, _("Add leader"))
        self.edit_leader_button = button(_("Ed&it leader…"), self.edit_leader, _("Edit leader"))
        self.remove_leader_button = button(_("&Remove from team"), self.remove_leader, _("Remove leader from team"))
        self.director_button = button(_("Make e&xecutive director"), self.make_director, _("Make executive director"))
        side.addLayout(button_row(self.add_leader_button, self.edit_leader_button, self.director_button,
                                  self.remove_leader_button))
        side.addWidget(self.leader_table, 1)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.team_table)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([520, 560])
        split.setChildrenCollapsible(False)

        self.no_cohort = EmptyState(_("No cohort yet"), _("Create a cohort on the Cohorts screen first; "
                                                          "its state teams are set up here."), [])
        self.no_cohort.setVisible(False)
        layout.addWidget(self.no_cohort, 1)
        layout.addWidget(split, 1)
        self.teams_split = split
        return page

    def refresh(self) -> None:
        cohort = get_cohort(self.ws, self.cohort_id) if self.cohort_id else None
        has_cohort = cohort is not None
        self.no_cohort.setVisible(not has_cohort)
        self.teams_split.setVisible(has_cohort)
        self.add_team_button.setEnabled(has_cohort)
        if cohort is not None:
            self.heading.setText(_("State teams of {cohort}").format(cohort=cohort.name))
            selected = selected_record(self.team_table)
            keep = self.context.team_id or (selected.id if selected else None)
            self.team_model.set_rows(list_teams(self.ws, cohort.id))
            fit_columns(self.team_table, stretch=TeamTableModel.COL_ORGANIZATION, keep=(TeamTableModel.COL_STATE,))
            if not (keep and select_id(self.team_table, self.team_model, keep)) and self.team_model.rowCount():
                self.team_table.selectRow(0)
        else:
            self.heading.setText(_("State teams"))
            self.team_model.set_rows([])
        self._team_selected()
        self._people_rows = None
        if self.tabs.currentIndex() == 1:
            self._refresh_people()

    def _tab_changed(self, index: int) -> None:
        if index == 1:
            self._refresh_people()
            self.search.setFocus()  # the directory opens ready to type a name
            self.search.selectAll()
        self.publish()

    def _team_selected(self, *args) -> None:
        team = selected_record(self.team_table)
        for b in (self.edit_team_button, self.delete_team_button, self.add_leader_button, self.email_button,
                  self.copy_button):
            b.setEnabled(team is not None)
        if team is None:
            self.team_title.setText(_("No team selected") if self.team_model.rowCount() else _("No teams yet"))
            self.team_banner.set_warnings([])
            self.leader_model.set_rows([])
        else:
            self.team_title.setText(f"{team.state_name}: {team.organization}")
            self.team_banner.set_warnings(team_warnings(self.ws, team.id))
            self.leader_model.set_rows(team_leaders(self.ws, team.id))
            fit_columns(self.leader_table, stretch=LeaderTableModel.COL_EMAIL)
        has_leader = self.leader_model.rowCount() > 0
        for b in (self.edit_leader_button, self.remove_leader_button, self.director_button):
            b.setEnabled(has_leader)
        if has_leader:
            self.leader_table.selectRow(0)
        self.publish()

    def email_team(self) -> None:
        from equitycohort.ui.mail import email_team

        team = selected_record(self.team_table)
        if team is not None:
            email_team(self, self.ws, team.id)

    def copy_addresses(self) -> None:
        from equitycohort.ui.mail import copy_team_addresses

        team = selected_record(self.team_table)
        if team is not None:
            copy_team_addresses(self, self.ws, team.id)

    def selected_team_id(self) -> str | None:
        team = selected_record(self.team_table)
        return team.id if team else None

    def in_view(self) -> InView:
        on_teams = self.tabs.currentIndex() == 0
        return InView(cohort=True, team=self.selected_team_id() if on_teams else None)

    def select_team(self, team_id: str) -> None:
        self.tabs.setCurrentIndex(0)
        select_id(self.team_table, self.team_model, team_id)

    def show_record(self, record_id: str, table: str = "") -> None:
        if table == "people":
            self.tabs.setCurrentIndex(1)
            self._refresh_people()
            select_id(self.people_table, self.people_model, record_id)
            return
        self.refresh_if_stale()
        self.select_team(record_id)

    def add_team(self) -> None:
        if self.cohort_id:
            TeamDialog(self, self.ws, self.cohort_id).exec()

    def edit_team(self, *args) -> None:
        team = selected_record(self.team_table)
        if team:
            TeamDialog(self, self.ws, team.cohort_id, self.ws.get("teams", team.id)).exec()

    def delete_team(self) -> None:
        team = selected_record(self.team_table)
        if team and dialogs.confirm(
                self, _("Delete state team"),
                _("Delete the {state} team with its workplan, assessments and check-ins? "
                  "Its leaders stay in the people directory. You can undo this with Edit > Undo.").format(
                      state=team.state_name),
                _("Delete"), destructive=True):
            self.run(delete_team, team.id)

    def _leader(self):
        return selected_record(self.leader_table)

    def add_leader(self) -> None:
        team = selected_record(self.team_table)
        if team:
            PersonDialog(self, self.ws, team_id=team.id).exec()

    def edit_leader(self, *args) -> None:
        leader = self._leader()
        if leader:
            PersonDialog(self, self.ws, self.ws.get("people", leader.person_id), team_id=leader.team_id,
                         member=self.ws.get("team_members", leader.member_id)).exec()

    def remove_leader(self) -> None:
        leader = self._leader()
        if leader and dialogs.confirm(self, _("Remove leader"),
                                      _("Remove {name} from this team? They stay in the people directory.").format(
                                          name=leader.name),
                                      _("Remove")):
            self.run(remove_leader, leader.member_id)

    def make_director(self) -> None:
        leader = self._leader()
        if leader is not None:
            self.run(make_executive_director, leader.member_id)

    # --- people directory -----------------------------------------------

    def _people_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(heading(_("People")))
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Filter people by name, e-mail, organization or state"))
        self.search.setAccessibleName(_("Search people"))
        self.search.setClearButtonEnabled(True)
        from PySide6.QtCore import QTimer

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(120)  # filter once typing pauses
        self._search_timer.timeout.connect(self._refresh_people)
        self.search.textChanged.connect(self._search_timer.start)
        self.kind_filter = combo([(None, _("Everyone")), *i18n.labels(PERSON_KINDS).items()])
        self.kind_filter.setAccessibleName(_("Show kind of person"))
        self.kind_filter.currentIndexChanged.connect(self._refresh_people)
        row = button_row(self.search, self.kind_filter)
        row.setStretch(0, 1)
        layout.addLayout(row)
        self.new_person_button = button(_("&New person…"), self.new_person, _("New person"))
        self.edit_person_button = button(_("&Edit contact details…"), self.edit_person, _("Edit contact details"))
        layout.addLayout(button_row(self.new_person_button, self.edit_person_button))
        self.people_model = PeopleTableModel(self)
        self.people_table = record_table(self.people_model, _("People"),
                                                            stretch=PeopleTableModel.COL_WHERE)
        self.people_table.activated.connect(self.edit_person)
        layout.addWidget(self.people_table, 1)
        self.people_count = muted()
        layout.addWidget(self.people_count)
        return page

    def _refresh_people(self, *args) -> None:
        if not self.has_workspace:
            return
        if self._people_rows is None:
            self._people_rows = search_people(self.ws)
        people = filter_people(self._people_rows, self.search.text(), self.kind_filter.currentData())
        self.people_model.set_rows(people)
        fit_columns(self.people_table, stretch=PeopleTableModel.COL_WHERE, stretch_share=0.22,
                    keep=(PeopleTableModel.COL_PHONE, PeopleTableModel.COL_KIND))
        self.people_count.setText(ngettext("{n} person", "{n} people", len(people)).format(n=len(people)))
        self.edit_person_button.setEnabled(bool(people))

    def new_person(self) -> None:
        PersonDialog(self, self.ws).exec()

    def edit_person(self, *args) -> None:
        person = selected_record(self.people_table)
        if person:
            PersonDialog(self, self.ws, self.ws.get("people", person["id"])).exec()
