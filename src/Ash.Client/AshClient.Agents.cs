using System.Net.Http.Json;
using Ash.Client.Wire;

namespace Ash.Client;

public sealed partial class AshClient
{
    /// <summary>Deploys (or redeploys) an agent from a folder that already exists on the server's machine.</summary>
    /// <param name="name">Agent name, matching <c>^[a-zA-Z0-9][a-zA-Z0-9._-]{0,62}$</c>.</param>
    /// <param name="path">Absolute path of the folder on the server; it must hold a <c>CLAUDE.md</c>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The deployed agent; a redeploy that changes its files, env or model makes a new version, one that changes nothing keeps it.</returns>
    public Task<Agent> DeployAgentAsync(string name, string path, CancellationToken cancellationToken = default) =>
        DeployAgentAsync(name, path, env: null, cancellationToken);

    /// <summary>Deploys (or redeploys) an agent from a folder on the server's machine, with its environment.</summary>
    /// <param name="name">Agent name, matching <c>^[a-zA-Z0-9][a-zA-Z0-9._-]{0,62}$</c>.</param>
    /// <param name="path">Absolute path of the folder on the server; it must hold a <c>CLAUDE.md</c>.</param>
    /// <param name="env">The agent's environment (replaces the one it had); <see langword="null"/> keeps it.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<Agent> DeployAgentAsync(string name, string path, IReadOnlyDictionary<string, string>? env, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var body = JsonContent.Create(new DeployAgentRequest(name, path, env), AshJsonContext.Default.DeployAgentRequest);
        var response = await SendAsync(HttpMethod.Post, "api/agents", body, AshJsonContext.Default.AgentResponse, cancellationToken);
        return response.Agent;
    }

    /// <summary>
    /// Deploys (or redeploys) an agent by uploading a local folder: every file below it, base64-encoded,
    /// except what lies under <c>.git</c> or <c>node_modules</c>, <c>.env</c> and <c>.env.*</c> files (secrets
    /// belong in the agent's environment) and symbolic links.
    /// </summary>
    /// <param name="name">Agent name, matching <c>^[a-zA-Z0-9][a-zA-Z0-9._-]{0,62}$</c>.</param>
    /// <param name="directory">Local folder holding the agent; it must contain a <c>CLAUDE.md</c>.</param>
    /// <param name="cancellationToken">Cancels reading the files and the request.</param>
    /// <returns>The deployed agent.</returns>
    /// <exception cref="DirectoryNotFoundException"><paramref name="directory"/> does not exist.</exception>
    public Task<Agent> UploadAgentAsync(string name, string directory, CancellationToken cancellationToken = default) =>
        UploadAgentAsync(name, directory, env: null, cancellationToken);

    /// <summary>Deploys (or redeploys) an agent by uploading a local folder, with its environment.</summary>
    /// <param name="name">Agent name, matching <c>^[a-zA-Z0-9][a-zA-Z0-9._-]{0,62}$</c>.</param>
    /// <param name="directory">Local folder holding the agent; it must contain a <c>CLAUDE.md</c>.</param>
    /// <param name="env">The agent's environment (replaces the one it had); <see langword="null"/> keeps it.</param>
    /// <param name="cancellationToken">Cancels reading the files and the request.</param>
    public async Task<Agent> UploadAgentAsync(string name, string directory, IReadOnlyDictionary<string, string>? env, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var files = await AgentFolder.ReadAsync(directory, cancellationToken);
        var body = JsonContent.Create(new UploadAgentRequest(name, files, env), AshJsonContext.Default.UploadAgentRequest);
        var response = await SendAsync(HttpMethod.Post, "api/agents", body, AshJsonContext.Default.AgentResponse, cancellationToken);
        return response.Agent;
    }

    /// <summary>Lists the tenant's agents.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<IReadOnlyList<Agent>> ListAgentsAsync(CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(HttpMethod.Get, "api/agents", content: null, AshJsonContext.Default.AgentListResponse, cancellationToken);
        return response.Agents;
    }

    /// <summary>Reads one agent.</summary>
    /// <param name="name">Agent name.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="AshApiException">404 when no such agent exists.</exception>
    public async Task<Agent> GetAgentAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var response = await SendAsync(HttpMethod.Get, $"api/agents/{Escape(name)}", content: null, AshJsonContext.Default.AgentResponse, cancellationToken);
        return response.Agent;
    }

    /// <summary>Lists an agent's versions, newest first.</summary>
    /// <param name="name">Agent name.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="AshApiException">404 when no such agent exists.</exception>
    public async Task<IReadOnlyList<AgentVersion>> ListAgentVersionsAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var response = await SendAsync(HttpMethod.Get, $"api/agents/{Escape(name)}/versions", content: null, AshJsonContext.Default.AgentVersionListResponse, cancellationToken);
        return response.Versions;
    }

    /// <summary>Makes a version the active one: new sessions run it (a rollback when it is older); running sessions keep theirs.</summary>
    /// <param name="name">Agent name.</param>
    /// <param name="version">Version number, or version id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The number of the version now active.</returns>
    /// <exception cref="AshApiException">404 when the agent or the version does not exist.</exception>
    public async Task<int> ActivateAgentVersionAsync(string name, string version, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(version);
        var response = await SendAsync(
            HttpMethod.Post, $"api/agents/{Escape(name)}/versions/{Escape(version)}/activate", content: null, AshJsonContext.Default.VersionActivatedResponse, cancellationToken);
        return response.VersionNumber;
    }

    /// <summary>Deletes an agent.</summary>
    /// <param name="name">Agent name.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="AshApiException">404 when no such agent exists.</exception>
    public Task DeleteAgentAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return SendAsync(HttpMethod.Delete, $"api/agents/{Escape(name)}", content: null, cancellationToken);
    }
}
