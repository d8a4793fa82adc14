"""What signing in contributes: /signin, /signout and the single sign-on callback."""
from __future__ import annotations

from consult.contract import DomainContract
from consult.signin import routes, sso

CONTRACT = DomainContract(name="signin", routers=(routes.router, sso.router))
