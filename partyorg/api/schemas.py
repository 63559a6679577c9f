"""What the API answers, as OpenAPI schemas. Dates are ISO 8601 (``2017-06-30``), as in the JSON
Lines interchange files; the ``on``, ``from`` and ``to`` parameters also take ``30/06/2017``."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema


class ParamError(Schema):
    location: str = Field(description="query hoặc path")
    name: str = Field(description="Tên tham số")
    message: str


class Problem(Schema):
    """Any refusal: 401, 404, 422."""

    detail: str = Field(description="Lý do, bằng tiếng Việt")
    errors: list[ParamError] = Field(default_factory=list, description="Từng tham số không hợp lệ")


class OrgRef(Schema):
    code: str = Field(description="Mã tổ chức")
    name: str = Field(description="Tên vào ngày xem")
    kind: str = Field(description="Loại tổ chức (OrgKind): province, district, grassroots_committee, cell…")


class Organization(OrgRef):
    parent_code: str | None = Field(
        description="Mã tổ chức cấp trên trực tiếp; null khi là tổ chức cao nhất người dùng được xem"
    )
    sector: str = Field(description="Loại hình cơ sở (OrgSector), rỗng nếu không có")
    is_combined: bool = Field(description="Chi bộ ghép")


class OrganizationPage(Schema):
    on: date = Field(description="Ngày xem")
    count: int = Field(description="Tổng số tổ chức khớp điều kiện")
    limit: int
    offset: int
    items: list[Organization]


class OrganizationDetail(Organization):
    on: date = Field(description="Ngày xem")
    valid_from: date = Field(description="Ngày bắt đầu của trạng thái hiện tại (tên, loại, cấp trên)")
    valid_until: date | None = Field(description="Ngày đầu tiên trạng thái này không còn hiệu lực")
    path: list[OrgRef] = Field(
        description="Từ tổ chức cao nhất người dùng được xem xuống đến tổ chức này (có cả nó)"
    )
    children: list[OrgRef] = Field(description="Các tổ chức trực thuộc vào ngày xem")


class MembershipCounts(Schema):
    """Form 3's headline stocks (``reports.statistics.membership_on``)."""

    total: int = Field(description="Tổng số đảng viên")
    probationary: int = Field(description="Đảng viên dự bị")
    women: int = Field(description="Đảng viên nữ")
    ethnic_minority: int = Field(description="Đảng viên dân tộc thiểu số")
    religious: int = Field(description="Đảng viên có tôn giáo")
    youth_union: int = Field(description="Đảng viên là đoàn viên")
    exempt: int = Field(description="Đảng viên được miễn công tác và sinh hoạt đảng")


class OrganizationCounts(Schema):
    """Organizations under this one, itself excluded (``reports.statistics.organizations_on``)."""

    grassroots: int = Field(description="Tổ chức cơ sở đảng (đảng bộ cơ sở + chi bộ cơ sở)")
    grassroots_committees: int = Field(description="Đảng bộ cơ sở")
    grassroots_cells: int = Field(description="Chi bộ cơ sở")
    sub_committees: int = Field(description="Đảng bộ bộ phận")
    cells: int = Field(description="Chi bộ trực thuộc")
    combined_cells: int = Field(description="Chi bộ ghép")


class HamletCounts(Schema):
    """``reports.statistics.hamlets_on``."""

    all: int = Field(description="Thôn, bản, tổ dân phố")
    without_members: int = Field(description="Chưa có đảng viên")
    without_own_cell: int = Field(description="Chưa có chi bộ riêng")


class EntryCounts(Schema):
    admitted: int = Field(description="Kết nạp mới")
    readmitted: int = Field(description="Kết nạp lại")
    transferred_in: int = Field(description="Chuyển đến")
    restored: int = Field(description="Phục hồi đảng tịch")
    reorganized: int = Field(description="Chuyển theo tổ chức (đến)")
    opened: int = Field(0, description="Đảng viên từ trước khi có hồ sơ (tính từ ngày có hồ sơ)")


class ExitCounts(Schema):
    died: int = Field(description="Từ trần")
    expelled: int = Field(description="Khai trừ")
    removed: int = Field(description="Xóa tên")
    withdrew: int = Field(description="Ra khỏi Đảng")
    transferred_out: int = Field(description="Chuyển đi")
    reorganized: int = Field(description="Chuyển theo tổ chức (đi)")


class MembersFlow(Schema):
    """Form 1 (``reports.statistics.members_flow``): closing = opening + entered − left."""

    first_day: date = Field(description="Ngày đầu kỳ (from)")
    last_day: date = Field(description="Ngày cuối kỳ (to)")
    opening: int = Field(description="Đảng viên đầu kỳ (ngày trước ngày đầu kỳ)")
    entries: EntryCounts = Field(description="Tăng trong kỳ, theo lý do")
    exits: ExitCounts = Field(description="Giảm trong kỳ, theo lý do")
    entered: int = Field(description="Tổng tăng")
    left: int = Field(description="Tổng giảm")
    closing: int = Field(description="Đảng viên cuối kỳ (ngày cuối kỳ)")
    identity_holds: bool = Field(description="Cuối kỳ = đầu kỳ + tăng − giảm")


class Figures(Schema):
    code: str = Field(description="Mã tổ chức")
    on: date = Field(description="Ngày của các số liệu thời điểm")
    membership: MembershipCounts
    organizations: OrganizationCounts
    hamlets: HamletCounts | None = Field(description="null khi tổ chức không gắn với địa bàn")
    flow: MembersFlow | None = Field(description="Biến động trong kỳ from–to; null khi không hỏi kỳ")
    known_on: date | None = Field(
        default=None, description="Số liệu như đã biết đến hết ngày này; null: theo mọi điều đã ghi đến nay"
    )


class Member(Schema):
    code: str = Field(description="Mã hồ sơ")
    full_name: str = Field(description="Họ và tên")
    sex: str = Field(description="male hoặc female")
    birth_date: date
    status: str = Field(description="probationary (dự bị) hoặc official (chính thức) vào ngày xem")
    organization_code: str = Field(description="Tổ chức đảng viên sinh hoạt chính thức vào ngày xem")


class MemberPage(Schema):
    on: date = Field(description="Ngày xem")
    count: int = Field(description="Tổng số đảng viên khớp điều kiện")
    limit: int
    offset: int
    items: list[Member]


class PartyAge(Schema):
    years: int
    months: int
    days: int
    net_days: int = Field(description="Số ngày tuổi đảng, đã trừ thời gian gián đoạn")


class LegalBasis(Schema):
    number: str = Field(description="Số văn bản")
    issued_on: date | None = Field(description="Ngày văn bản")
    issuer: str = Field(description="Cơ quan ban hành")
    text: str = Field(description="Số, ngày, cơ quan ban hành viết liền, như trên trang hồ sơ")


class Event(Schema):
    uid: str = Field(description="Mã sự kiện")
    effective_on: date = Field(description="Ngày hiệu lực")
    kind: str = Field(description="Loại sự kiện (EventKind)")
    kind_label: str = Field(description="Tên loại sự kiện")
    organization_code: str | None = Field(description="Tổ chức nơi sự kiện xảy ra hoặc nơi đến")
    other_organization_code: str | None = Field(description="Đầu kia của việc chuyển sinh hoạt")
    external_place: str = Field(description="Nơi ngoài hệ thống")
    legal_basis: LegalBasis
    corrects_uid: str | None = Field(description="Sự kiện mà sự kiện này sửa hoặc hủy")
    is_corrected: bool = Field(description="Đã có sự kiện khác sửa hoặc hủy sự kiện này")
    recorded_at: datetime = Field(description="Thời điểm ghi")
    recorded_by: str = Field(description="Người ghi")
    admitted_on: date | None = Field(
        None, description="Đảng viên từ trước khi có hồ sơ: ngày quyết định kết nạp (trống: chưa rõ)"
    )
    ceremony_on: date | None = Field(
        None, description="Đảng viên từ trước khi có hồ sơ: ngày lễ kết nạp (trống: chưa rõ)"
    )
    recognized_on: date | None = Field(
        None, description="Đảng viên từ trước khi có hồ sơ: ngày công nhận chính thức (trống: chưa rõ)"
    )


class FactOnDay(Schema):
    """One kind of dated fact about a person (issue 15) as it held on the day asked."""

    kind: str = Field(
        description=(
            "Loại thông tin (FactKind): residence, general_education, professional_level, academic_title, "
            "political_theory, state_management, occupation, youth_union, religion, full_name"
        )
    )
    kind_label: str = Field(description="Tên loại thông tin")
    value: str = Field(
        description=(
            "Giá trị đúng vào ngày xem, như đã ghi (giáo dục phổ thông: mã; đoàn viên: true/false; "
            "nơi cư trú: rỗng, xem locality_code); rỗng khi chưa có thông tin cho ngày ấy"
        )
    )
    label: str = Field(description="Giá trị như trang hồ sơ hiển thị (nơi cư trú: tên thôn, bản và xã)")
    locality_code: str | None = Field(description="Nơi cư trú: mã thôn, bản, tổ dân phố")
    dated: bool = Field(
        description="true: theo thông tin đã ghi theo thời gian; false: theo hồ sơ, chưa ghi theo thời gian"
    )
    valid_from: date | None = Field(description="Đầu thời kỳ của giá trị ấy; null: từ trước khi có hồ sơ")
    valid_until: date | None = Field(description="Ngày đầu tiên giá trị ấy không còn đúng; null: đến nay")


class FactPeriod(Schema):
    valid_from: date | None = Field(description="Từ ngày; null: từ trước khi có hồ sơ")
    valid_until: date | None = Field(description="Ngày đầu tiên giá trị này không còn đúng; null: đến nay")
    value: str = Field(description="Giá trị như đã ghi")
    label: str = Field(description="Giá trị như trang hồ sơ hiển thị")
    locality_code: str | None = Field(description="Nơi cư trú: mã thôn, bản, tổ dân phố")
    holds: bool = Field(description="Thời kỳ chứa ngày xem")


class FactRecord(Schema):
    """One row recorded: a fact, a correction of another (``corrects_uid``) or its withdrawal."""

    uid: str = Field(description="Mã bản ghi")
    valid_from: date | None = Field(description="Đúng từ ngày; null: từ trước khi có hồ sơ")
    value: str
    label: str
    locality_code: str | None
    legal_basis: LegalBasis
    note: str = Field(description="Ghi chú; lý do khi sửa hoặc hủy")
    corrects_uid: str | None = Field(description="Bản ghi mà bản ghi này sửa hoặc hủy")
    corrected_by_uid: str | None = Field(description="Bản ghi đã sửa hoặc hủy bản ghi này")
    withdrawn: bool = Field(description="Bản ghi hủy bản ghi trước (corrects_uid)")
    in_force: bool = Field(description="Còn hiệu lực: chưa bị sửa hay hủy, và không phải bản ghi hủy")
    recorded_at: datetime = Field(description="Thời điểm ghi")
    recorded_by: str = Field(description="Người ghi")


class FactHistory(FactOnDay):
    periods: list[FactPeriod] = Field(
        description="Các thời kỳ, theo thứ tự; rỗng khi chưa ghi theo thời gian"
    )
    records: list[FactRecord] = Field(description="Mọi bản ghi, theo thời điểm ghi")


class MemberFacts(Schema):
    code: str = Field(description="Mã hồ sơ")
    on: date = Field(description="Ngày xem")
    known_on: date | None = Field(
        description="Như đã biết đến hết ngày này; null: theo mọi điều đã ghi đến nay"
    )
    facts: list[FactHistory]


class MemberDetail(Schema):
    code: str = Field(description="Mã hồ sơ")
    full_name: str
    sex: str
    birth_date: date
    on: date = Field(description="Ngày xem")
    is_member: bool = Field(description="Là đảng viên vào ngày xem")
    status: str = Field(description="probationary, official, hoặc rỗng khi không là đảng viên")
    status_label: str = Field(description="Tình trạng vào ngày xem, bằng tiếng Việt")
    organization_code: str | None = Field(description="Nơi sinh hoạt chính thức vào ngày xem")
    in_transit: bool = Field(description="Đang chuyển sinh hoạt, chưa trình giấy ở nơi đến")
    is_exempt: bool = Field(description="Được miễn công tác và sinh hoạt đảng")
    is_suspended: bool = Field(description="Đang bị đình chỉ sinh hoạt")
    deceased: bool = Field(description="Đã từ trần")
    first_decision_on: date | None = Field(description="Ngày quyết định kết nạp lần đầu")
    party_age: PartyAge | None = Field(description="Tuổi đảng (chỉ với đảng viên chính thức)")
    recognition_due_on: date | None = Field(description="Ngày đủ 12 tháng dự bị")
    events: list[Event] = Field(description="Toàn bộ quá trình, theo ngày hiệu lực")
    facts: list[FactOnDay] = Field(
        description=(
            "Thông tin theo thời gian đúng vào ngày xem; các thời kỳ và bản ghi: /members/{code}/facts"
        )
    )
    known_on: date | None = Field(
        default=None, description="Như đã biết đến hết ngày này; null: theo mọi điều đã ghi đến nay"
    )
