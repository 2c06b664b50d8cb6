"""`complaint_visible_to` (one loaded complaint, no query) agrees with
`visible_complaints` (the query) for every persona and every way of being involved."""

from accounts.models import Position, Role
from complaints.access import complaint_visible_to, visible_complaints
from complaints.models import Complaint
from tests.accounts.factories import MembershipFactory, UserFactory, user_with
from tests.complaints.factories import advance, submit


def test_the_predicate_and_the_query_agree(
    warga, operator_desa_a, operator_desa_b, pejabat_desa_a, kades_desa_a, camat_x,
    admin_kabupaten, desa_a, desa_a2, desa_b,
):  # fmt: skip
    box_a = user_with(Role.BOX_TEAM, desa_a)
    box_b = user_with(Role.BOX_TEAM, desa_b)
    sekdes_a = UserFactory()
    MembershipFactory(user=sekdes_a, role=Role.HANDLER, region=desa_a, position=Position.SEKDES)
    # An official of A who is also a resident reporting in B, and a handler of A2.
    official = user_with(Role.INTAKE_OFFICER, desa_a)
    MembershipFactory(
        user=official, role=Role.HANDLER, region=desa_a2, position=Position.KASI_PELAYANAN
    )

    submit(desa_a, actor=warga)
    submit(desa_b)
    submit(desa_b, actor=official)
    submit(desa_a, channel="suggestion_box", actor=box_a)
    submit(desa_b, channel="suggestion_box", actor=box_b)
    advance(submit(desa_a).complaint, "assigned", officer=operator_desa_a, handler=pejabat_desa_a)
    to_position = submit(desa_a).complaint
    advance(to_position, "verified", officer=operator_desa_a)
    from complaints.services import complaint_transition

    complaint_transition(
        complaint=to_position, actor=operator_desa_a, action="assign", position=Position.SEKDES
    )
    to_a2 = submit(desa_a2).complaint
    officer_a2 = user_with(Role.INTAKE_OFFICER, desa_a2)
    advance(to_a2, "verified", officer=officer_a2)
    complaint_transition(
        complaint=to_a2, actor=officer_a2, action="assign", position=Position.KASI_PELAYANAN
    )

    everything = list(Complaint.objects.all())
    personas = [
        warga, operator_desa_a, operator_desa_b, pejabat_desa_a, kades_desa_a, camat_x,
        admin_kabupaten, box_a, box_b, sekdes_a, official, officer_a2,
    ]  # fmt: skip
    for persona in personas:
        by_query = set(visible_complaints(persona).values_list("pk", flat=True))
        by_predicate = {c.pk for c in everything if complaint_visible_to(persona, c)}
        assert by_predicate == by_query, persona.username
    # The cases are not empty: each branch lets someone see something.
    assert all(
        any(complaint_visible_to(p, c) for c in everything)
        for p in [warga, box_a, sekdes_a, official, pejabat_desa_a, officer_a2]
    )
