"""Annual review and quality rating (kiểm điểm, đánh giá, xếp loại chất lượng) of members and
organizations.
"""
