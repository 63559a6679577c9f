"""Congresses and terms (đại hội, nhiệm kỳ), committees (cấp ủy) and positions (bí thư, phó bí thư, cấp
ủy viên).
"""
