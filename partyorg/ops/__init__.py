"""Running partyorg: the backup of its database and the restore of one (``partyorg backup``,
``partyorg restore``; :mod:`partyorg.ops.backup`)."""
