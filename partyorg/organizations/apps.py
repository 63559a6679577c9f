from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "partyorg.organizations"
    label = "organizations"
    verbose_name = "Tổ chức đảng"
