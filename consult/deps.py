"""FastAPI dependencies shared by every router: the database session, the profile, the
current user (bearer token for the API, session cookie for pages) and role checks."""
from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Annotated, TypeVar

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from consult.auth import sessions
from consult.auth.models import Role, User
from consult.auth.service import user_for_token
from consult.db import session_factory, session_scope
from consult.profiles import Profile, active_profile

_T = TypeVar("_T")


async def get_db() -> AsyncIterator[Session]:
    """The request's unit of work, as consult.db.session_scope is for jobs and the CLI: commit on
    success, roll back on error, close either way.

    Async so that opening it costs no trip through the threadpool: a Session does no I/O until the
    route first uses it, in the route's own thread. Ending it may do I/O (commit, hand the connection
    back), so that runs in the threadpool in one trip, and only if the route began a transaction.
    A sync generator here cost two extra thread hand-offs per request (issue 23)."""
    session = session_factory()()
    try:
        yield session
    except BaseException:
        await _end(session, commit=False)
        raise
    await _end(session, commit=True)


async def _end(session: Session, *, commit: bool) -> None:
    if session.in_transaction():
        await run_in_threadpool(_finish, session, commit)
    else:
        session.close()  # never touched the database: nothing to commit or hand back


def _finish(session: Session, commit: bool) -> None:
    try:
        if commit:
            session.commit()
        else:
            session.rollback()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


async def in_one_trip(work: Callable[[Session], _T]) -> _T:
    """`work(session)` and the session's end (commit, or roll back on error; close) in one trip
    through the threadpool, as /healthz pings: for busy public routes, where a SessionDep costs two
    (the route's own, then ending the session). The same unit of work as get_db's."""
    return await run_in_threadpool(_scoped, work)


def _scoped(work: Callable[[Session], _T]) -> _T:
    with session_scope() as db:
        return work(db)


# scope="function": the commit happens before the response leaves, so a client never sees
# a 201 for something that then failed to commit.
SessionDep = Annotated[Session, Depends(get_db, scope="function")]


async def _profile() -> Profile:
    # Async: FastAPI runs a plain function dependency in the threadpool, one more thread hand-off per
    # request for a value that is read from disk once and then kept (load_profile's cache).
    return active_profile()


ProfileDep = Annotated[Profile, Depends(_profile)]

_bearer = HTTPBearer(auto_error=False)


def api_user(
    db: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> User:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "Sign in needed: send 'Authorization: Bearer <token>' (create one with `pimh token create`).",
            headers={"WWW-Authenticate": "Bearer"},
        )
    user = user_for_token(db=db, token=credentials.credentials)
    if user is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "That token is not valid or has been revoked.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return user


ApiUser = Annotated[User, Depends(api_user)]


def api_role(role: Role) -> Callable[[User], User]:
    """Dependency factory: the API caller must hold `role` or a higher one (else 403)."""

    def check(user: ApiUser) -> User:
        if not user.has_role(role):
            raise HTTPException(status.HTTP_403_FORBIDDEN, f"This needs the {role.value} role or higher.")
        return user

    return check


PractitionerApi = Annotated[User, Depends(api_role(Role.practitioner))]
ClinicianApi = Annotated[User, Depends(api_role(Role.clinician))]
ManagerApi = Annotated[User, Depends(api_role(Role.manager))]
AdminApi = Annotated[User, Depends(api_role(Role.admin))]


class SignInRequired(Exception):
    """Raised by page dependencies; the app turns it into a redirect to /signin."""

    def __init__(self, next_path: str) -> None:
        self.next_path = next_path


class PageForbidden(Exception):
    def __init__(self, role: Role) -> None:
        self.role = role


def optional_web_user(request: Request, db: SessionDep) -> User | None:
    user_id = sessions.user_id_for(db=db, session_data=request.session)
    if not user_id:
        return None
    user = db.get(User, user_id)
    return user if user and user.active else None


OptionalWebUser = Annotated[User | None, Depends(optional_web_user)]


def web_role(role: Role) -> Callable[[Request, User | None], User]:
    def check(request: Request, user: OptionalWebUser) -> User:
        if user is None:
            raise SignInRequired(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
        if not user.has_role(role):
            raise PageForbidden(role)
        return user

    return check


PractitionerPage = Annotated[User, Depends(web_role(Role.practitioner))]
ClinicianPage = Annotated[User, Depends(web_role(Role.clinician))]
ManagerPage = Annotated[User, Depends(web_role(Role.manager))]
