using Ash.Core.Secrets;

namespace Ash.Core.Agents;

/// <summary>
/// Seals an agent's env values as they are stored, and opens them (issue 13) for the one thing that needs them in
/// plaintext: the start of the agent's process. Done on the sessions side, which has the key ring, so that in Dapr mode a sandbox
/// node receives the env as it always did, over the sidecar's channel, and needs no key ring of its own.
/// </summary>
public static class AgentEnvironment
{
    /// <exception cref="InvalidOperationException">A value cannot be opened (the key ring that sealed it was lost); the message says what to do.</exception>
    public static IReadOnlyDictionary<string, string> Open(Agent agent, ISecretProtector secrets)
    {
        if (agent.Env.Count == 0)
        {
            return agent.Env;
        }

        var opened = new Dictionary<string, string>(agent.Env.Count, StringComparer.Ordinal);
        foreach (var (name, sealedValue) in agent.Env)
        {
            if (!secrets.TryOpen(sealedValue, out var value))
            {
                throw new InvalidOperationException(
                    $"the env value '{name}' of agent '{agent.Name}' cannot be decrypted: the server's key ring no longer holds the key it was sealed with; deploy the agent again with its env");
            }

            opened[name] = value;
        }

        return opened;
    }

    /// <summary>
    /// <paramref name="env"/> sealed for storage. A value equal to the one <paramref name="sealedBefore"/> holds under the
    /// same name keeps that sealed text, so an env given again unchanged is stored unchanged (no new version).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Seal(
        IReadOnlyDictionary<string, string> env, IReadOnlyDictionary<string, string>? sealedBefore, ISecretProtector secrets)
    {
        var sealedEnv = new Dictionary<string, string>(env.Count, StringComparer.Ordinal);
        foreach (var (name, value) in env)
        {
            sealedEnv[name] = sealedBefore is not null
                && sealedBefore.TryGetValue(name, out var before)
                && secrets.TryOpen(before, out var opened)
                && opened == value
                    ? before
                    : secrets.Seal(value);
        }

        return sealedEnv;
    }
}
