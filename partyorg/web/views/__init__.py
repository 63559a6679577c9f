"""Pages. Thin: take the day and the scope from the request (``partyorg.accounts.middleware``),
look organizations and people up through the scope only, call the statistics module, render."""
