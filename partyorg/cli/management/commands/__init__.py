"""The officer's commands (``partyorg <command>``), one module each.

A command module imports at its top only what its arguments need (the command base, the models,
which django.setup() has loaded already); the services, statistics, report forms and interchange
it calls are imported inside the methods that use them. ``partyorg --help`` loads every command
module to print its help line and stays fast that way: importing partyorg.exchange.load alone adds
0,6 s and the PDF forms (WeasyPrint) 0,24 s to the help's 1,7–2,4 s (measured 06/12/2026).

Elsewhere in partyorg a late import waits for Django's app registry (AppConfig.ready; the province
generator and the demo, imported before django.setup()),
loads a heavy library only when it is used (WeasyPrint in reports/documents/pdf.py), or breaks an
import cycle (reports/documents/__init__.py and the form modules).
"""
