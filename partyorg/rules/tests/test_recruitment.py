"""The recruitment pipeline's rules: RULES.md §2.2 (and §2.3 for recognition).

Each test names its RULES.md section and source document; deadlines are worked by hand on the real
Vietnamese calendar and then compared with the code.
"""

from collections.abc import Iterator
from datetime import date

import pytest

from partyorg.rules import config
from partyorg.rules import recruitment as r
from partyorg.rules.base import RuleViolation


@pytest.fixture(autouse=True)
def _defaults() -> Iterator[None]:
    config.reset()
    yield
    config.reset()


def refusal(check: object, *args: object, **kwargs: object) -> RuleViolation:
    with pytest.raises(RuleViolation) as excinfo:
        check(*args, **kwargs)  # type: ignore[operator]
    return excinfo.value


# -- certificate validity: RULES.md §2.2, HD 61-HD/BTGTW [V] + 60 months from secondary sources [P]


@pytest.mark.parametrize(
    ("certificate", "considered", "code"),
    [
        pytest.param(date(2016, 5, 20), date(2021, 5, 20), None, id="§2.2 [P]: last day of 60 months"),
        pytest.param(
            date(2016, 5, 20),
            date(2021, 5, 21),
            "recruitment.certificate_validity",
            id="§2.2 [P]: day 61 months",
        ),
        pytest.param(
            None, date(2021, 5, 21), "recruitment.awareness_course", id="§2.2 HD 61: no certificate"
        ),
        pytest.param(
            date(2021, 6, 1),
            date(2021, 5, 21),
            "recruitment.awareness_course",
            id="§2.2 HD 61: certificate later",
        ),
    ],
)
def test_certificate_validity(certificate: date | None, considered: date, code: str | None) -> None:
    if code is None:
        r.check_certificate_valid(certificate, considered)
    else:
        assert refusal(r.check_certificate_valid, certificate, considered).code == code


def test_expired_certificate_message_and_configured_validity() -> None:
    """RULES.md §2.2, §9 item 13 [P]: the message names the dates; a deployment may change 60 months."""
    violation = refusal(r.check_certificate_valid, date(2016, 5, 20), date(2021, 6, 1))
    assert violation.message == (
        "Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng cấp ngày 20/05/2016 chỉ có giá trị 60 tháng "
        "(đến 20/05/2021); chi bộ xét ngày 01/06/2021 thì người vào Đảng phải học lại."
    )
    config.configure(awareness_certificate_valid_months=72)
    r.check_certificate_valid(date(2016, 5, 20), date(2021, 6, 1))


# -- file staleness: RULES.md §2.2, luatduonggia.vn [P] 12 months


def test_file_older_than_12_months_is_stale() -> None:
    """RULES.md §2.2 [P]: an introduction of 05/12/2016 counts until 05/12/2017, not the day after."""
    r.check_file_fresh("Giấy giới thiệu", date(2016, 12, 5), date(2017, 12, 5))
    violation = refusal(r.check_file_fresh, "Giấy giới thiệu", date(2016, 12, 5), date(2017, 12, 6))
    assert violation.code == "recruitment.file_staleness"
    assert violation.message.startswith("Giấy giới thiệu lập ngày 05/12/2016 đã quá 12 tháng")


# -- introducers: Charter Art. 4 [V] (RULES.md §2.2); the number [U] in config


def test_introducer_must_be_official() -> None:
    """Charter Art. 4 [V], RULES.md §2.2: a probationary member cannot introduce."""
    violation = refusal(
        r.check_member_introducer,
        "Lò Văn A",
        official_on_day=False,
        worked_together_since=date(2010, 1, 1),
        introduced_on=date(2017, 1, 5),
    )
    assert violation.code == "recruitment.introducer_official"
    assert (
        violation.message
        == "Người giới thiệu Lò Văn A không phải là đảng viên chính thức vào ngày 05/01/2017."
    )


@pytest.mark.parametrize(
    ("since", "ok"),
    [
        pytest.param(date(2016, 1, 5), True, id="Charter Art. 4: exactly 12 months"),
        pytest.param(date(2016, 1, 6), False, id="Charter Art. 4: 11 months 30 days"),
        pytest.param(None, False, id="Charter Art. 4: unknown"),
    ],
)
def test_introducer_worked_together_twelve_months(since: date | None, ok: bool) -> None:
    kwargs = {"official_on_day": True, "worked_together_since": since, "introduced_on": date(2017, 1, 5)}
    if ok:
        r.check_member_introducer("Lò Văn A", **kwargs)  # type: ignore[arg-type]
    else:
        violation = refusal(r.check_member_introducer, "Lò Văn A", **kwargs)
        assert violation.code == "recruitment.introducer_worked_together"


def test_number_of_introducers_is_configurable() -> None:
    """[U] Charter Art. 4 (not in RULES.md): two members, or a union's resolution and one member."""
    one = r.Introduction(r.MEMBER, date(2017, 1, 5), "A")
    union = r.Introduction(r.YOUTH_UNION, date(2017, 1, 5), "BCH Đoàn xã")
    r.check_introducers([one, union], date(2017, 2, 1))
    violation = refusal(r.check_introducers, [one], date(2017, 2, 1))
    assert violation.code == "recruitment.introducers_number"
    assert violation.message == "Hồ sơ cần 2 đảng viên chính thức giới thiệu; hiện có 1."
    config.configure(admission_member_introducers=1)
    r.check_introducers([one], date(2017, 2, 1))


def test_stale_union_resolution_is_refused_by_its_name() -> None:
    """RULES.md §2.2 [P]: the Youth Union resolution is one of the documents to redo after 12 months."""
    union = r.Introduction(r.YOUTH_UNION, date(2016, 1, 5), "BCH Đoàn xã Nà Tấu")
    one = r.Introduction(r.MEMBER, date(2017, 1, 5), "A")
    violation = refusal(r.check_introducers, [one, union], date(2017, 2, 1))
    assert violation.message.startswith("Nghị quyết giới thiệu của BCH Đoàn xã Nà Tấu lập ngày 05/01/2016")


# -- votes: admission two thirds [P] (Charter Art. 4 as RULES.md §2.2 gives it); recognition [V] QĐ 29 §4.2c


@pytest.mark.parametrize(
    ("votes_for", "total", "ok"),
    [
        pytest.param(6, 9, True, id="§2.2: 6/9 is two thirds"),
        pytest.param(5, 9, False, id="§2.2: 5/9 is short"),
        pytest.param(2, 3, True, id="§2.2: 2/3"),
        pytest.param(0, 0, False, id="§2.2: no official member"),
    ],
)
def test_admission_vote_two_thirds(votes_for: int, total: int, ok: bool) -> None:
    if ok:
        r.check_admission_vote(votes_for, 0, total)
    else:
        assert refusal(r.check_admission_vote, votes_for, 0, total).code == "recruitment.admission_vote"


def test_vote_message_and_impossible_counts() -> None:
    """RULES.md §2.3, QĐ 29 §4.2c [V] for recognition; more ballots than official members is refused."""
    violation = refusal(r.check_recognition_vote, 5, 4, 9)
    assert violation.code == "recruitment.recognition_vote"
    assert "chỉ có 5/9 tán thành" in violation.message
    assert refusal(r.check_admission_vote, 6, 4, 9).message.startswith("Số phiếu không hợp lệ")


def test_admission_vote_share_is_configurable() -> None:
    """RULES.md §2.2 [P]: the share lives in config (a deployment could require more than half only)."""
    config.configure(admission_vote_threshold=(1, 2))
    r.check_admission_vote(5, 4, 9)
    with pytest.raises(RuleViolation):
        r.check_recognition_vote(5, 4, 9)  # [V]: not configurable


# -- sympathizer period: RULES.md §2.2 step 3, one committee's practice [P], off by default


def test_sympathizer_period_is_off_unless_configured() -> None:
    r.check_sympathizer_period(None, date(2017, 1, 1))
    config.configure(sympathizer_min_months=12)
    r.check_sympathizer_period(date(2016, 1, 1), date(2017, 1, 1))
    violation = refusal(r.check_sympathizer_period, date(2016, 6, 1), date(2017, 1, 1))
    assert violation.code == "recruitment.sympathizer_period"


# -- deadlines in working days: QĐ 29 §4.3.1 [V] (RULES.md §2.2, §2.3)


def test_decision_deadline_across_tet_2017() -> None:
    """QĐ 29 §4.3.1 [V], RULES.md §2.2: resolution Mon 09/01/2017. Counted by hand: Tết 26/01–01/02
    (5 working days off) and Giỗ Tổ 06/04 skipped, the 60th working day is Tue 11/04/2017; the 30
    days of a special case, skipping 01–02/05, end Thu 25/05/2017."""
    r.check_decision_on_time(date(2017, 1, 9), date(2017, 4, 11), extended=False)
    violation = refusal(r.check_decision_on_time, date(2017, 1, 9), date(2017, 4, 12), extended=False)
    assert violation.code == "admission.decision_deadline"
    assert violation.message == (
        "Quyết định kết nạp ngày 12/04/2017 quá thời hạn 60 ngày làm việc kể từ nghị quyết của chi bộ ngày "
        "09/01/2017 (hạn 11/04/2017, gia hạn đến 25/05/2017) (gia hạn tối đa 30 ngày làm việc chỉ trong "
        "trường hợp đặc biệt)."
    )
    r.check_decision_on_time(date(2017, 1, 9), date(2017, 5, 25), extended=True)
    assert refusal(r.check_decision_on_time, date(2017, 1, 9), date(2017, 5, 26), extended=True)


def test_decision_before_the_resolution_is_refused() -> None:
    violation = refusal(r.check_decision_on_time, date(2017, 1, 9), date(2017, 1, 6), extended=False)
    assert violation.code == "recruitment.order"


def test_recognition_proposal_only_after_probation() -> None:
    """QĐ 29 §4.2a [V], RULES.md §2.3: ceremony 13/03/2017, probation ends 13/03/2018."""
    r.check_recognition_proposal_window(date(2017, 3, 13), date(2018, 3, 13))
    violation = refusal(r.check_recognition_proposal_window, date(2017, 3, 13), date(2018, 3, 12))
    assert violation.code == "recruitment.recognition_window"


def test_recognition_decision_deadline_2018() -> None:
    """QĐ 29 §4.3.1 [V], RULES.md §2.3: proposal Tue 20/03/2018; by hand, skipping Giỗ Tổ 25/04/2018
    and 30/04–01/05, the 30th working day is Fri 04/05/2018."""
    r.check_recognition_decision_on_time(date(2018, 3, 20), date(2018, 5, 4), extended=False)
    violation = refusal(
        r.check_recognition_decision_on_time, date(2018, 3, 20), date(2018, 5, 7), extended=False
    )
    assert violation.code == "probation.decision_deadline"
