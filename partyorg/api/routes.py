"""The read-only REST API for integrators, with its OpenAPI description (``/api/openapi.json``)
and Swagger page (``/api/docs``, a signed-in officer's page).

Who: every endpoint needs a user, either the browser session (``django_auth``) or an integrator's
token (``Authorization: Bearer <token>``, ``python -m django apitoken create``). The pages'
``LoginRequiredMiddleware`` would answer an unauthenticated API call with a redirect to the sign-in
page; the endpoints are exempt from it and ninja's own authentication answers 401 in JSON instead.

What: exactly what the pages show the same user on the same day (``?on=``): organizations and
people only through ``request.scope`` (``partyorg.accounts.scope``), out of scope answered 404 like
a code that does not exist, figures only from ``partyorg.reports.statistics``. The work is done in
``partyorg.api.answers``.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from datetime import date, datetime
from typing import Annotated, Any

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.params import functions as param
from ninja.security import HttpBearer, django_auth

from partyorg.accounts.models import ReadKind
from partyorg.accounts.reads import log_read
from partyorg.accounts.scope import Scope
from partyorg.api import answers, schemas
from partyorg.api.tokens import user_for_token
from partyorg.core.known import end_of_day
from partyorg.members.known import as_known_on
from partyorg.members.models import Person

__all__ = ["api"]

FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2100, 12, 31)
MAX_LIMIT = 500


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>``: the request is then made as the token's user."""

    def authenticate(self, request: HttpRequest, token: str) -> User:
        user = user_for_token(token)
        if user is None:
            # A token that is presented and refused is a refusal, whatever cookie comes with it.
            raise AuthenticationError()
        request.user = user
        # The middleware made the scope of the (anonymous) session user: this is the token's user.
        request.scope = Scope(user, request.on)  # type: ignore[attr-defined]
        if request.session.session_key is None:
            # ScopeMiddleware remembers ?on= in the session for the next page; a system calling
            # with a token has no next page, and must not leave a session row per call.
            request.session.modified = False
        return user


bearer_token = BearerToken()


PAGES = {"openapi-view", "api-root"}  # Swagger's HTML page, and ninja's root (always a 404)


class PartyorgAPI(NinjaAPI):
    @property
    def urls(self) -> tuple[list[URLResolver | URLPattern], str, str]:
        """ninja's URLs, with the endpoints and the OpenAPI description exempt from
        ``LoginRequiredMiddleware`` (they answer 401 themselves); the Swagger page stays a page."""
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            if not isinstance(pattern, URLPattern) or pattern.name in PAGES:
                continue
            if pattern.name == "openapi-json":
                pattern.callback = _needs_user(pattern.callback)
            login_not_required(pattern.callback)
        return patterns, app_name, namespace


api = PartyorgAPI(
    title="partyorg",
    version="1",
    description=(
        "Hồ sơ tổ chức đảng và đảng viên, chỉ đọc. Mỗi lời gọi thấy đúng những gì người dùng "
        "thấy trên trang, tại ngày `on` (DD/MM/YYYY; mặc định: ngày đang xem trong phiên đăng nhập, "
        "nếu không thì hôm nay). Tổ chức hoặc đảng viên ngoài phạm vi được trả lời 404 như mã không "
        "tồn tại. Xác thực: phiên đăng nhập của trình duyệt, hoặc `Authorization: Bearer <mã>` "
        "(mã tạo bằng `python -m django apitoken create`). Ngày trong kết quả theo ISO 8601."
    ),
    auth=[bearer_token, django_auth],
    urls_namespace="api",
)


def _needs_user(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The OpenAPI description, for the same callers as the endpoints."""

    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            user = bearer_token(request) or django_auth(request)
        except HttpError as refused:
            return api.on_exception(request, refused)
        if not user:
            return api.on_exception(request, AuthenticationError())
        return view(request, *args, **kwargs)

    return guarded


# -- refusals: one shape (schemas.Problem), Vietnamese, never echoing what was asked for ----------
@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Out of scope (OutOfScope) and not existing must read the same: no code in the message.
    return api.create_response(request, {"detail": _("Không tìm thấy."), "errors": []}, status=404)


@api.exception_handler(AuthenticationError)
def unauthorized(request: HttpRequest, exc: Exception) -> HttpResponse:
    detail = _("Cần đăng nhập, hoặc mã truy cập hợp lệ (Authorization: Bearer <mã>).")
    response = api.create_response(request, {"detail": detail, "errors": []}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="partyorg"'
    return response


MESSAGES = {  # pydantic's error types, in Vietnamese (marked for makemessages, translated when used)
    "missing": gettext_noop("Thiếu tham số."),
    "int_parsing": gettext_noop("Phải là một số nguyên."),
    "int_type": gettext_noop("Phải là một số nguyên."),
    "greater_than_equal": gettext_noop("Phải lớn hơn hoặc bằng {ge}."),
    "less_than_equal": gettext_noop("Phải nhỏ hơn hoặc bằng {le}."),
    "string_too_long": gettext_noop("Dài quá {max_length} ký tự."),
    "string_pattern_mismatch": gettext_noop("Không đúng dạng quy định."),
}


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = []
    for error in exc.errors:
        location, *rest = error.get("loc") or ("query",)
        message = str(error.get("msg", ""))
        template = MESSAGES.get(str(error.get("type")))
        if template:
            with suppress(KeyError, IndexError):  # else pydantic's own (English) message
                message = _(template).format(**error.get("ctx", {}))
        errors.append({"location": str(location), "name": ".".join(map(str, rest)), "message": message})
    names = ", ".join(sorted({e["name"] for e in errors if e["name"]}))
    detail = _("Tham số không hợp lệ: %(names)s.") % {"names": names}
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


def _refuse(name: str, message: str) -> ValidationError:
    return ValidationError([{"loc": ("query", name), "msg": message, "type": "partyorg"}])


# -- parameters ----------------------------------------------------------------------------------
DAY_PATTERN = r"^(\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2})$"
TEXT_PATTERN = r"^[^\x00-\x1F\x7F]*$"  # no control characters (PostgreSQL refuses NUL in text)
CODE_PATTERN = r"^[^\x00-\x1F\x7F]+$"

OrgCode = Annotated[
    str, param.Path(description="Mã tổ chức", max_length=40, pattern=CODE_PATTERN, example="T.H.S")
]
PersonCode = Annotated[str, param.Path(description="Mã hồ sơ", max_length=40, pattern=CODE_PATTERN)]
OnDay = Annotated[
    str | None,
    param.Query(
        description=(
            "Ngày xem, DD/MM/YYYY (hoặc YYYY-MM-DD), từ 01/01/1900 đến 31/12/2100. Mặc định: ngày "
            "đang xem trong phiên đăng nhập, nếu không thì hôm nay"
        ),
        pattern=DAY_PATTERN,
        example="30/06/2017",
    ),
]
Limit = Annotated[int, param.Query(description="Số dòng tối đa", ge=1, le=MAX_LIMIT)]
Offset = Annotated[int, param.Query(description="Bỏ qua bấy nhiêu dòng đầu", ge=0, le=100_000_000)]


def _day(value: str, name: str) -> date:
    """``30/06/2017`` or ``2017-06-30`` as ``ScopeMiddleware`` reads ``?on=``, but a day that does
    not exist (31/02/2017) is refused instead of silently replaced by today."""
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            day = datetime.strptime(value, pattern).date()  # noqa: DTZ007 - a date, not a moment
        except ValueError:
            continue
        if not FIRST_DAY <= day <= LAST_DAY:
            raise _refuse(name, _("Ngày phải từ 01/01/1900 đến 31/12/2100."))
        return day
    raise _refuse(name, _("Không phải một ngày có thật (dạng DD/MM/YYYY, ví dụ 30/06/2017)."))


def _scope(request: HttpRequest, on: str | None) -> Scope:
    """The user's scope on the day asked for. ``ScopeMiddleware`` has read the same ``?on=`` into
    ``request.on`` and made ``request.scope`` for it; here a bad ``on`` is refused (422)."""
    if on is not None:
        _day(on, "on")
    scope: Scope = request.scope  # type: ignore[attr-defined]
    return scope


ORGANIZATIONS = "Tổ chức đảng"
MEMBERS = "Đảng viên"
COMMON: dict[int, type[schemas.Problem]] = {401: schemas.Problem, 422: schemas.Problem}


# -- endpoints -----------------------------------------------------------------------------------
@api.get(
    "/organizations",
    response={200: schemas.OrganizationPage, **COMMON},
    operation_id="listOrganizations",
    tags=[ORGANIZATIONS],
    summary="Các tổ chức người dùng được xem, tại ngày xem",
)
def organizations(
    request: HttpRequest,
    on: OnDay = None,
    q: Annotated[
        str,
        param.Query(
            description='Tìm theo tên, không cần dấu ("na ten"), hoặc đúng mã tổ chức',
            max_length=200,
            pattern=TEXT_PATTERN,
        ),
    ] = "",
    limit: Limit = 100,
    offset: Offset = 0,
) -> schemas.OrganizationPage:
    """Sắp theo tên (không phân biệt dấu), rồi theo mã."""
    return answers.organizations(_scope(request, on), q=q, limit=limit, offset=offset)


@api.get(
    "/organizations/{code}",
    response={200: schemas.OrganizationDetail, 404: schemas.Problem, **COMMON},
    operation_id="getOrganization",
    tags=[ORGANIZATIONS],
    summary="Một tổ chức tại ngày xem: vị trí trong cây và các tổ chức trực thuộc",
)
def organization(request: HttpRequest, code: OrgCode, on: OnDay = None) -> schemas.OrganizationDetail:
    return answers.organization(_scope(request, on), code)


@api.get(
    "/organizations/{code}/figures",
    response={200: schemas.Figures, 404: schemas.Problem, **COMMON},
    operation_id="getOrganizationFigures",
    tags=[ORGANIZATIONS],
    summary="Số liệu của tổ chức (cả các tổ chức trực thuộc) tại ngày xem, và biến động trong kỳ",
)
def organization_figures(
    request: HttpRequest,
    code: OrgCode,
    on: OnDay = None,
    first: Annotated[
        str | None,
        param.Query(alias="from", description="Ngày đầu kỳ (DD/MM/YYYY), cùng với to", pattern=DAY_PATTERN),
    ] = None,
    last: Annotated[
        str | None,
        param.Query(alias="to", description="Ngày cuối kỳ (DD/MM/YYYY), cùng với from", pattern=DAY_PATTERN),
    ] = None,
    known_on: Annotated[
        str | None,
        param.Query(
            description=(
                "Số liệu như đã biết đến hết ngày này (DD/MM/YYYY): chỉ tính những gì đã ghi đến hôm đó, "
                "như khi gửi báo cáo kỳ ấy"
            ),
            pattern=DAY_PATTERN,
        ),
    ] = None,
) -> schemas.Figures:
    """Số đảng viên, tổ chức, thôn bản tại ngày xem; với `from` và `to`, thêm biến động đảng viên
    (biểu 1: đầu kỳ, tăng và giảm theo lý do, cuối kỳ). Cần xem được tổ chức cả vào ngày đầu
    và ngày cuối kỳ. Với `known_on`, số liệu như đã biết đến hết ngày ấy."""
    scope = _scope(request, on)
    period = None
    if (first is None) != (last is None):
        raise _refuse("from" if first is None else "to", _("Cần cả from và to."))
    if first is not None and last is not None:
        period = (_day(first, "from"), _day(last, "to"))
        if period[1] < period[0]:
            raise _refuse("to", _("Ngày cuối kỳ phải từ ngày đầu kỳ trở đi."))
    if known_on is None:
        return answers.figures(scope, code, period)
    known_day = _day(known_on, "known_on")
    with as_known_on(end_of_day(known_day)):
        return answers.figures(scope, code, period).model_copy(update={"known_on": known_day})


@api.get(
    "/members",
    response={200: schemas.MemberPage, 404: schemas.Problem, **COMMON},
    operation_id="listMembers",
    tags=[MEMBERS],
    summary="Đảng viên tại ngày xem, trong các tổ chức người dùng được xem",
)
def members(
    request: HttpRequest,
    on: OnDay = None,
    q: Annotated[
        str,
        param.Query(
            description=(
                'Tìm theo họ tên không cần dấu ("nguyen thi huong"), hoặc đúng số thẻ đảng viên, '
                "số định danh cá nhân, mã hồ sơ"
            ),
            max_length=200,
            pattern=TEXT_PATTERN,
        ),
    ] = "",
    org: Annotated[
        str,
        param.Query(
            description="Chỉ trong tổ chức này và các tổ chức trực thuộc (404 nếu ngoài phạm vi)",
            max_length=40,
            pattern=TEXT_PATTERN,
        ),
    ] = "",
    limit: Limit = 100,
    offset: Offset = 0,
) -> schemas.MemberPage:
    """Sắp theo họ tên không dấu."""
    page = answers.members(_scope(request, on), q=q, org=org, limit=limit, offset=offset)
    log_read(request, ReadKind.MEMBER_LIST)  # one row for the page of people, its query as the detail
    return page


KnownOnDay = Annotated[
    str | None,
    param.Query(
        description=(
            "Như đã biết đến hết ngày này (DD/MM/YYYY): chỉ những gì đã ghi đến hôm đó (sự kiện, thông tin "
            "theo thời gian, sửa thông tin cá nhân)"
        ),
        pattern=DAY_PATTERN,
    ),
]


def _known_at(known_on: str | None) -> tuple[date | None, datetime | None]:
    """The day of ``known_on`` (422 when not a day) and the moment it ends, or (None, None)."""
    if known_on is None:
        return None, None
    day = _day(known_on, "known_on")
    return day, end_of_day(day)


@api.get(
    "/members/{code}",
    response={200: schemas.MemberDetail, 404: schemas.Problem, **COMMON},
    operation_id="getMember",
    tags=[MEMBERS],
    summary=(
        "Một người tại ngày xem: tình trạng, nơi sinh hoạt, tuổi đảng, thông tin theo thời gian, "
        "toàn bộ quá trình"
    ),
)
def member(
    request: HttpRequest, code: PersonCode, on: OnDay = None, known_on: KnownOnDay = None
) -> schemas.MemberDetail:
    """Thấy được người từng sinh hoạt ở tổ chức người dùng được xem, như trang hồ sơ đảng viên;
    quá trình gồm cả sự kiện đã được sửa (`is_corrected`); `facts`: mỗi loại thông tin theo thời
    gian (nơi cư trú, trình độ, nghề nghiệp…) đúng vào ngày xem. Với `known_on`, như đã biết đến hết
    ngày ấy. Mỗi lần đọc được ghi vào nhật ký truy cập."""
    scope = _scope(request, on)
    day, moment = _known_at(known_on)
    answer = answers.member(scope, code, moment)
    log_read(request, ReadKind.PERSON, person=Person.objects.get(code=answer.code))
    return answer.model_copy(update={"known_on": day})


@api.get(
    "/members/{code}/facts",
    response={200: schemas.MemberFacts, 404: schemas.Problem, **COMMON},
    operation_id="getMemberFacts",
    tags=[MEMBERS],
    summary="Thông tin theo thời gian của một người: giá trị tại ngày xem, các thời kỳ và mọi bản ghi",
)
def member_facts(
    request: HttpRequest, code: PersonCode, on: OnDay = None, known_on: KnownOnDay = None
) -> schemas.MemberFacts:
    """Mỗi loại thông tin: giá trị đúng vào ngày xem, các thời kỳ (từ ngày – đến ngày) và mọi bản
    ghi (thông tin, bản sửa, bản hủy, với căn cứ, người ghi, thời điểm ghi). Cùng phạm vi như
    `/members/{code}`; mỗi lần đọc được ghi vào nhật ký truy cập."""
    scope = _scope(request, on)
    day, moment = _known_at(known_on)
    answer = answers.member_facts(scope, code, moment)
    log_read(request, ReadKind.PERSON, person=Person.objects.get(code=answer.code))
    return answer.model_copy(update={"known_on": day})
