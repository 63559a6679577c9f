"""The recruitment pipeline (phát triển đảng viên): outstanding candidates, the awareness course,
application, introducers, verification, the cell's resolution, decision and ceremony.
"""
