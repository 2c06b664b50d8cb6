"""Keeps the cached WhatsApp number → desa map (`selectors.desa_ids_of_whatsapp_numbers`)
true to the contact settings, however they are written: `desa_contact_set`, the admin's
inline, a deletion. Cache bookkeeping only; no business rule lives here."""

from django.db import transaction
from django.db.models.signals import post_delete, pre_save
from django.dispatch import receiver

from regions.models import DesaContact
from regions.selectors import whatsapp_numbers_forget


@receiver(pre_save, sender=DesaContact)
def _forget_numbers_on_change(sender, instance: DesaContact, raw: bool = False, **kwargs) -> None:
    before = (
        DesaContact.objects.filter(pk=instance.pk)
        .values_list("whatsapp_phone_number_id", flat=True)
        .first()
    )
    numbers = (before or "", instance.whatsapp_phone_number_id)
    # After commit: forgotten earlier, a webhook could cache the old row again meanwhile.
    transaction.on_commit(lambda: whatsapp_numbers_forget(*numbers))


@receiver(post_delete, sender=DesaContact)
def _forget_numbers_on_delete(sender, instance: DesaContact, **kwargs) -> None:
    number = instance.whatsapp_phone_number_id
    transaction.on_commit(lambda: whatsapp_numbers_forget(number))
