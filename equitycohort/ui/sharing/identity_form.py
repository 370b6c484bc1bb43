"""Who you are, asked the first time it is needed: your name and organization
go into every changes file you share (kept in your settings, not the workspace)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from equitycohort import identity
from equitycohort.i18n import _
from equitycohort.ui.labels import muted, plain, tint


class IdentityDialog(QDialog):
    """Name and organization; saved in the settings once accepted (``self.identity``)."""

    def __init__(self, parent: QWidget | None, current: identity.Identity | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Who are you?"))
        self.setMinimumWidth(460)
        self.identity: identity.Identity | None = None
        self._id = current.id if current else None
        layout = QVBoxLayout(self)
        layout.addWidget(muted(_(
            "The other facilitators see your name and organization on the changes you share with them, and on "
            "their side of any conflict. They are kept in your settings on this computer, not in the workspace.")))
        form = QFormLayout()
        self.name = QLineEdit(current.name if current else "")
        self.name.setAccessibleName(_("Your name"))
        self.name.setMaxLength(identity.NAME_MAX)
        self.organization = QLineEdit(current.organization if current else "")
        self.organization.setAccessibleName(_("Your organization"))
        self.organization.setMaxLength(identity.NAME_MAX)
        self.organization.setPlaceholderText(_("e.g. Child Trends"))
        name_label, org_label = QLabel(_("Your &name:")), QLabel(_("&Organization:"))
        name_label.setBuddy(self.name)
        org_label.setBuddy(self.organization)
        form.addRow(name_label, self.name)
        form.addRow(org_label, self.organization)
        layout.addLayout(form)
        self.problem = plain(QLabel())
        self.problem.setAccessibleName(_("Problem"))
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        tint(self.problem, "danger_fg")
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def submit(self) -> None:
        try:
            made = identity.make(self.name.text(), self.organization.text(), self._id)
        except identity.IdentityError as exc:
            self.problem.setText(str(exc))
            self.problem.setVisible(True)
            self.name.setFocus()
            return
        try:
            identity.save(made)
        except OSError as exc:
            self.problem.setText(_("Your name could not be kept in the settings: {error}.").format(
                error=exc.strerror or exc))
            self.problem.setVisible(True)
            return
        self.identity = made
        self.accept()
