"""Cadre work (công tác cán bộ, RULES.md §11): the agencies and units cadres work in, their
employment, the posts they hold, their training, the state's ratings of them and their planning.
"""
