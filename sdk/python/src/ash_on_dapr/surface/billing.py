"""What the tenant spends: usage records and totals, analytics, and budgets."""

from __future__ import annotations

from datetime import datetime

from .._call import Call, model, models, nothing, query, route
from .._operation import operation
from ..models import Analytics, Budget, UsagePage, UsageStats

_Time = datetime | str


class BillingRoutes:
    @operation("listUsageEvents")
    def list_usage_events(
        self,
        *,
        session_id: str | None = None,
        agent_name: str | None = None,
        after: _Time | None = None,
        before: _Time | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Call[UsagePage]:
        """A page of usage records, newest first; ``after``/``before`` are exclusive bounds."""
        filters = query(session_id=session_id, agent_name=agent_name, after=after, before=before, limit=limit, cursor=cursor)
        return Call("GET", "/api/usage", model(UsagePage), query=filters)

    @operation("getUsageStats")
    def get_usage_stats(
        self, *, session_id: str | None = None, agent_name: str | None = None, after: _Time | None = None, before: _Time | None = None
    ) -> Call[UsageStats]:
        """Usage totals over the same filters."""
        filters = query(session_id=session_id, agent_name=agent_name, after=after, before=before)
        return Call("GET", "/api/usage/stats", model(UsageStats, "stats"), query=filters)

    @operation("getAnalytics")
    def get_analytics(self, *, after: _Time | None = None, before: _Time | None = None) -> Call[Analytics]:
        """The tenant's overview: agents, sessions by status, usage totals."""
        return Call("GET", "/api/analytics", model(Analytics), query=query(after=after, before=before))

    @operation("listBudgets")
    def list_budgets(self) -> Call[list[Budget]]:
        """The tenant's budgets: the tenant's first, then agents', then sessions'."""
        return Call("GET", "/api/budgets", models(Budget, "budgets"))

    @operation("setTenantBudget")
    def set_tenant_budget(self, limit_usd: float) -> Call[Budget]:
        """Sets (or changes) the tenant's limit in USD."""
        return Call("PUT", "/api/budgets/tenant", _budget, json={"limitUsd": limit_usd})

    @operation("deleteTenantBudget")
    def delete_tenant_budget(self) -> Call[None]:
        """Removes the tenant's limit (404 ``budget_not_found`` when none is set)."""
        return Call("DELETE", "/api/budgets/tenant", nothing)

    @operation("setAgentBudget")
    def set_agent_budget(self, name: str, limit_usd: float) -> Call[Budget]:
        """Sets (or changes) an agent's limit in USD."""
        return Call("PUT", route("/api/budgets/agents/{}", name), _budget, json={"limitUsd": limit_usd})

    @operation("deleteAgentBudget")
    def delete_agent_budget(self, name: str) -> Call[None]:
        """Removes an agent's limit."""
        return Call("DELETE", route("/api/budgets/agents/{}", name), nothing)

    @operation("setSessionBudget")
    def set_session_budget(self, session_id: str, limit_usd: float) -> Call[Budget]:
        """Sets (or changes) a session's limit in USD."""
        return Call("PUT", route("/api/budgets/sessions/{}", session_id), _budget, json={"limitUsd": limit_usd})

    @operation("deleteSessionBudget")
    def delete_session_budget(self, session_id: str) -> Call[None]:
        """Removes a session's limit."""
        return Call("DELETE", route("/api/budgets/sessions/{}", session_id), nothing)


_budget = model(Budget, "budget")
