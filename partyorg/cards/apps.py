from django.apps import AppConfig


class CardsConfig(AppConfig):
    name = "partyorg.cards"
    label = "cards"
    verbose_name = "Thẻ đảng viên"

    def ready(self) -> None:
        from partyorg.cards.signals import refuse_card_number_past_register
        from partyorg.members.signals import person_correcting

        # Person.card_number copies the register's last card once the register holds one (cards.models).
        person_correcting.connect(refuse_card_number_past_register, dispatch_uid="cards.card_number")
