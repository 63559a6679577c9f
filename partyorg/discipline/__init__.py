"""Commendations (khen thưởng) and disciplinary measures (kỷ luật) of members and organizations."""
