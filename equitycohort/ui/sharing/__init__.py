"""Sharing changes with the other facilitators: File > Share My Changes, Import
Changes (and dropping a changes file on the window), the Review changes panel
and the shared folder. The work is the data layer's (data/sharing); these are
its dialogs and panel."""
