using System.Globalization;
using System.Net.Http.Json;
using Ash.Client.Wire;

namespace Ash.Client;

public sealed partial class AshClient
{
    /// <summary>Queues a prompt for an agent; the server runs it when it has room, retrying failures with backoff.</summary>
    /// <param name="agentName">Agent that runs the prompt.</param>
    /// <param name="prompt">The prompt (not empty).</param>
    /// <param name="options">Session, priority and retries; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The job, <c>pending</c>.</returns>
    /// <exception cref="AshApiException">404 for an unknown agent; 400 for bad input or a session that is not the tenant's.</exception>
    public async Task<QueueItem> EnqueueAsync(string agentName, string prompt, EnqueueOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(agentName);
        ArgumentException.ThrowIfNullOrEmpty(prompt);
        var body = JsonContent.Create(new EnqueueRequest(agentName, prompt, options?.SessionId, options?.Priority, options?.MaxRetries), AshJsonContext.Default.EnqueueRequest);
        var response = await SendAsync(HttpMethod.Post, "api/queue", body, AshJsonContext.Default.QueueItemResponse, cancellationToken);
        return response.Item;
    }

    /// <summary>Lists the tenant's jobs, newest first.</summary>
    /// <param name="status">Only jobs in this status (<c>pending</c>, <c>processing</c>, <c>completed</c>, <c>failed</c>, <c>cancelled</c>).</param>
    /// <param name="limit">Page size, 1 to 500 (the server's default is 50).</param>
    /// <param name="cursor">The previous page's <see cref="QueuePage.NextCursor"/>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<QueuePage> ListQueueItemsAsync(string? status = null, int? limit = null, string? cursor = null, CancellationToken cancellationToken = default)
    {
        var route = WithQuery("api/queue", ("status", status), ("limit", limit?.ToString(CultureInfo.InvariantCulture)), ("cursor", cursor));
        return SendAsync(HttpMethod.Get, route, content: null, AshJsonContext.Default.QueuePage, cancellationToken);
    }

    /// <summary>Reads one job.</summary>
    /// <param name="id">Job id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="AshApiException">404 when the tenant has no such job.</exception>
    public async Task<QueueItem> GetQueueItemAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var response = await SendAsync(HttpMethod.Get, $"api/queue/{Escape(id)}", content: null, AshJsonContext.Default.QueueItemResponse, cancellationToken);
        return response.Item;
    }

    /// <summary>Cancels a pending job.</summary>
    /// <param name="id">Job id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The job, <c>cancelled</c>.</returns>
    /// <exception cref="AshApiException">400 <c>queue_item_not_pending</c> when it already runs or finished; 404 when unknown.</exception>
    public async Task<QueueItem> CancelQueueItemAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var response = await SendAsync(HttpMethod.Delete, $"api/queue/{Escape(id)}", content: null, AshJsonContext.Default.QueueItemResponse, cancellationToken);
        return response.Item;
    }

    /// <summary>How many of the tenant's jobs are in each status.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<QueueStats> GetQueueStatsAsync(CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(HttpMethod.Get, "api/queue/stats", content: null, AshJsonContext.Default.QueueStatsResponse, cancellationToken);
        return response.Stats;
    }
}
