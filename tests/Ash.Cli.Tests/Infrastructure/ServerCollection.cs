using Ash.Testing.Server;

namespace Ash.Cli.Tests.Infrastructure;

/// <summary>
/// One real server (and fake model) for every test that talks to one: the CLI's tests are many short runs,
/// and one server with its sandboxes is what this shared 2-core machine can give them. Tests in a collection
/// run one after another; each deploys its own agent and creates its own sessions.
/// </summary>
[CollectionDefinition(nameof(ServerCollection))]
public sealed class ServerCollection : ICollectionFixture<PlatformFixture>;
