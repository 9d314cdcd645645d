import { segment } from '../http/paths.js';
import type { Analytics, Budget, QueryOf, RequestOf, ResponseOf, UsageEvent, UsagePage, UsageStats } from '../models.js';
import type { CallOptions } from '../options.js';
import { CredentialMethods } from './credentials.js';

/** The usage filters; `limit` (1-1000) is a number, though the contract types it as the string the server parses. */
export type UsageQuery = Omit<QueryOf<'listUsageEvents'>, 'limit'> & { limit?: number | string };

/** What sessions spent (usage events, their totals, analytics) and the budgets that cap it. */
export class UsageMethods extends CredentialMethods {
  /** One page of usage events, newest first. */
  async listUsageEvents(query: UsageQuery = {}, call?: CallOptions): Promise<UsageEvent[]> {
    return (await this.listUsageEventsPage(query, call)).events;
  }

  /** One page of usage events with the cursor of the next (`nextCursor`, null on the last page). */
  listUsageEventsPage(query: UsageQuery = {}, call?: CallOptions): Promise<UsagePage> {
    return this.http.json({ method: 'GET', path: '/api/usage', query }, call);
  }

  async getUsageStats(query: QueryOf<'getUsageStats'> = {}, call?: CallOptions): Promise<UsageStats> {
    return (await this.http.json<ResponseOf<'getUsageStats'>>({ method: 'GET', path: '/api/usage/stats', query }, call)).stats;
  }

  getAnalytics(query: QueryOf<'getAnalytics'> = {}, call?: CallOptions): Promise<Analytics> {
    return this.http.json({ method: 'GET', path: '/api/analytics', query }, call);
  }

  /** The tenant's budgets: the tenant's first, then its agents', then its sessions'. */
  async listBudgets(call?: CallOptions): Promise<Budget[]> {
    return (await this.http.json<ResponseOf<'listBudgets'>>({ method: 'GET', path: '/api/budgets' }, call)).budgets;
  }

  setTenantBudget(limitUsd: number, call?: CallOptions): Promise<Budget> {
    return this.setBudget('/api/budgets/tenant', limitUsd, call);
  }

  deleteTenantBudget(call?: CallOptions): Promise<void> {
    return this.http.empty({ method: 'DELETE', path: '/api/budgets/tenant' }, call);
  }

  setAgentBudget(agentName: string, limitUsd: number, call?: CallOptions): Promise<Budget> {
    return this.setBudget(agentBudgetPath(agentName), limitUsd, call);
  }

  deleteAgentBudget(agentName: string, call?: CallOptions): Promise<void> {
    return this.http.empty({ method: 'DELETE', path: agentBudgetPath(agentName) }, call);
  }

  setSessionBudget(sessionId: string, limitUsd: number, call?: CallOptions): Promise<Budget> {
    return this.setBudget(sessionBudgetPath(sessionId), limitUsd, call);
  }

  deleteSessionBudget(sessionId: string, call?: CallOptions): Promise<void> {
    return this.http.empty({ method: 'DELETE', path: sessionBudgetPath(sessionId) }, call);
  }

  private async setBudget(path: string, limitUsd: number, call: CallOptions | undefined): Promise<Budget> {
    const body: RequestOf<'setTenantBudget'> & RequestOf<'setAgentBudget'> & RequestOf<'setSessionBudget'> = { limitUsd };
    type Answer = ResponseOf<'setTenantBudget'> & ResponseOf<'setAgentBudget'> & ResponseOf<'setSessionBudget'>;
    return (await this.http.json<Answer>({ method: 'PUT', path, body }, call)).budget;
  }
}

function agentBudgetPath(agentName: string): string {
  return `/api/budgets/agents/${segment(agentName, 'agent name')}`;
}

function sessionBudgetPath(sessionId: string): string {
  return `/api/budgets/sessions/${segment(sessionId, 'session id')}`;
}
