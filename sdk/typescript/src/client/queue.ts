import { segment } from '../http/paths.js';
import type { QueryOf, QueueItem, QueuePage, QueueStats, RequestOf, ResponseOf } from '../models.js';
import type { CallOptions } from '../options.js';
import { AttachmentMethods } from './attachments.js';

export type EnqueueOptions = Omit<RequestOf<'enqueue'>, 'agentName' | 'prompt'>;
export type ListQueueOptions = QueryOf<'listQueueItems'>;

/** The queue of batch jobs: prompts run as ordinary turns, one after another. */
export class QueueMethods extends AttachmentMethods {
  async enqueue(agentName: string, prompt: string, options: EnqueueOptions = {}, call?: CallOptions): Promise<QueueItem> {
    const body: RequestOf<'enqueue'> = { ...options, agentName, prompt };
    return (await this.http.json<ResponseOf<'enqueue'>>({ method: 'POST', path: '/api/queue', body }, call)).item;
  }

  /** One page of jobs, newest first. */
  async listQueueItems(options: ListQueueOptions = {}, call?: CallOptions): Promise<QueueItem[]> {
    return (await this.listQueueItemsPage(options, call)).items;
  }

  /** One page of jobs with the cursor of the next (`nextCursor`, null on the last page). */
  listQueueItemsPage(options: ListQueueOptions = {}, call?: CallOptions): Promise<QueuePage> {
    return this.http.json({ method: 'GET', path: '/api/queue', query: options }, call);
  }

  async getQueueStats(call?: CallOptions): Promise<QueueStats> {
    return (await this.http.json<ResponseOf<'getQueueStats'>>({ method: 'GET', path: '/api/queue/stats' }, call)).stats;
  }

  async getQueueItem(itemId: string, call?: CallOptions): Promise<QueueItem> {
    return (await this.http.json<ResponseOf<'getQueueItem'>>({ method: 'GET', path: queuePath(itemId) }, call)).item;
  }

  /** Cancels a pending job (a running one → 400 `queue_item_not_pending`). */
  async cancelQueueItem(itemId: string, call?: CallOptions): Promise<QueueItem> {
    return (await this.http.json<ResponseOf<'cancelQueueItem'>>({ method: 'DELETE', path: queuePath(itemId) }, call)).item;
  }
}

function queuePath(itemId: string): string {
  return `/api/queue/${segment(itemId, 'queue item id')}`;
}
