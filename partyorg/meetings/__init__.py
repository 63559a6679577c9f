"""Cell meetings (sinh hoạt chi bộ) with attendance, and working members' ties with the cell where they
live (QĐ 213).
"""
