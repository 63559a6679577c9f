from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "partyorg.meetings"
    label = "meetings"
    verbose_name = "Sinh hoạt chi bộ"

    def ready(self) -> None:
        from partyorg.meetings.summary import on_derived_refreshed
        from partyorg.members.signals import derived_refreshed

        # `partyorg rebuild` (every derived row again) makes the meeting months again too.
        derived_refreshed.connect(on_derived_refreshed, dispatch_uid="meetings.summary")
