from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentsConfig(AppConfig):
    name = "assignments"
    verbose_name = _("Assignments")

    def ready(self) -> None:
        from assignments.services import assignment_effect
        from complaints import hooks
        from complaints.state import Action

        hooks.provide_effect(Action.ASSIGN, assignment_effect)
        hooks.provide_effect(Action.REASSIGN, assignment_effect)
