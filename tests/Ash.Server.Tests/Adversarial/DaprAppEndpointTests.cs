using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ash.Server.Tests.Dapr;
using Ash.Testing.Common;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Adversarial;

/// <summary>
/// A sandbox-host app started as dapr.yaml starts it, attacked directly, without its sidecar (issue 12): it
/// does not start without an app token (unless the logged opt-out is given); every route daprd calls refuses
/// a missing or wrong token; a caller with the token still cannot make it read a host path (the old attack:
/// <c>start</c> with an <c>agentPath</c> naming a root-only directory, then <c>exec cat</c> of a 0600 file);
/// traversal and malformed bodies are 400 in the error shape; and the Dapr routes are on loopback only.
/// </summary>
public sealed class DaprAppEndpointTests(DaprAppEndpointTests.AttackedApp app) : IClassFixture<DaprAppEndpointTests.AttackedApp>
{
    private const string Token = "adversarial-app-token-0123456789abcdef";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Every route daprd calls on a sandbox host (and two it does not host), with the method daprd uses.</summary>
    private static readonly (string Method, string Route)[] Routes =
    [
        ("GET", "/dapr/config"),
        ("GET", "/dapr/subscribe"),
        ("POST", "/dapr/events/session-events"),
        ("PUT", "/actors/sandbox-a/{session}/method/prepare"),
        ("PUT", "/actors/sandbox-a/{session}/method/start"),
        ("PUT", "/actors/sandbox-a/{session}/method/write"),
        ("PUT", "/actors/sandbox-a/{session}.out/method/read"),
        ("PUT", "/actors/sandbox-a/{session}.exec.1/method/exec"),
        ("PUT", "/actors/sandbox-a/{session}/method/kill"),
        ("PUT", "/actors/sandbox-a/{session}/method/delete"),
        ("PUT", "/actors/sandbox-a/{session}/method/has-files"),
        ("PUT", "/actors/sandbox-a/{session}/method/fork"),
        ("PUT", "/actors/sandbox-a/{session}/method/logs"),
        ("POST", "/actors/sandbox-a/{session}/method/start"),
        ("PUT", "/actors/sandbox-a/{session}/method/remind/r"),
        ("PUT", "/actors/sandbox-a/{session}/method/timer/t"),
        ("DELETE", "/actors/sandbox-a/{session}"),
        ("PUT", "/actors/session/{session}/method/create"),
        ("PUT", "/actors/unknown/{session}/method/x"),
    ];

    public static TheoryData<string, string> DaprRoutes
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var (method, route) in Routes)
            {
                data.Add(method, route);
            }

            return data;
        }
    }

    [Fact]
    public async Task WithoutAnAppToken_TheAppRefusesToStart_AndSaysWhatToDo()
    {
        var root = AttackedApp.NewRoot();
        await using var refused = DaprAppProcess.Start(root, appToken: null);

        await refused.WaitForExitAsync(TimeSpan.FromSeconds(60));

        var output = refused.Output();
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("APP_API_TOKEN", output, StringComparison.Ordinal);
        Assert.Contains("--dapr-allow-unauthenticated-app", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
        await AssertClosedAsync(IPAddress.Loopback, refused.AppPort);
    }

    [Fact]
    public async Task AShortAppToken_IsRefusedToo()
    {
        var root = AttackedApp.NewRoot();
        await using var refused = DaprAppProcess.Start(root, appToken: "short");

        await refused.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("at least 16 characters", refused.Output(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheOptOut_Starts_AndWarnsAtEveryStart()
    {
        var root = AttackedApp.NewRoot();
        string[] optOut = ["--dapr-allow-unauthenticated-app", "true"];
        int? appPort = null;
        for (var start = 0; start < 2; start++)
        {
            await using var open = DaprAppProcess.Start(root, appToken: null, optOut, appPort: appPort);
            appPort = open.AppPort;
            await open.WaitUntilListeningAsync();
            using var http = new HttpClient();

            using var config = await http.GetAsync(new Uri(open.AppUrl, "/dapr/config"), Cancel);

            Assert.Equal(HttpStatusCode.OK, config.StatusCode);
            await Eventually.TrueAsync(() => open.Output().Contains("WITHOUT an app token", StringComparison.Ordinal), () => $"the app to warn that it runs WITHOUT an app token; its output:\n{open.Output()}");
        }
    }

    [Theory]
    [MemberData(nameof(DaprRoutes))]
    public async Task EveryDaprRoute_RefusesAMissingOrWrongToken_With401(string method, string route)
    {
        var path = route.Replace("{session}", Guid.NewGuid().ToString("D"), StringComparison.Ordinal);
        string?[] wrongTokens = [null, "", new string('x', Token.Length), Token[..^1] + "X", Token[..^1], Token + "0", "Bearer " + Token, Token.ToUpperInvariant()];

        foreach (var wrong in wrongTokens)
        {
            using var response = await app.SendAsync(new HttpMethod(method), path, """{"spec":{}}""", wrong);

            await AssertErrorShapeAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
        }
    }

    [Fact]
    public async Task TheHealthCheck_StaysOpen_AndTellsNothing()
    {
        using var response = await app.SendAsync(HttpMethod.Get, "/healthz", body: null, token: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task TheOldAttack_AHostPathToARootOnlyDirectory_IsRefused_NothingStarts_TheFileIsNeverRead()
    {
        var session = Guid.NewGuid();
        var oldBody = new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["sessionId"] = session.ToString("D"),
                ["tenantId"] = "default",
                ["agentName"] = "evil",
                ["agentPath"] = app.RootOnlyDirectory,
                ["agentEnv"] = new JsonObject(),
                ["options"] = new JsonObject(),
                ["config"] = new JsonObject { ["network"] = new JsonObject { ["mode"] = "full" } },
            },
        };
        var newShapeWithAPath = SandboxCall(session, "default", "evil", new string('0', 64));
        newShapeWithAPath["agentPath"] = app.RootOnlyDirectory;

        foreach (var body in new[] { oldBody, newShapeWithAPath, SandboxCall(session, "default", "evil", app.RootOnlyDirectory) })
        {
            using var start = await app.SendAsync(HttpMethod.Put, $"/actors/sandbox-a/{session}/method/start", body.ToJsonString(), Token);
            var text = await start.Content.ReadAsStringAsync(Cancel);
            Assert.Equal(HttpStatusCode.BadRequest, start.StatusCode);
            Assert.DoesNotContain(app.Secret, text, StringComparison.Ordinal);
        }

        for (var generation = 0; generation < 4; generation++)
        {
            var exec = new JsonObject { ["generation"] = generation, ["command"] = $"cat {app.SecretFile}", ["timeoutMs"] = 5000, ["maxOutputBytes"] = 65536 };
            using var response = await app.SendAsync(HttpMethod.Put, $"/actors/sandbox-a/{session}.exec.{generation}/method/exec", exec.ToJsonString(), Token);
            var text = await response.Content.ReadAsStringAsync(Cancel);

            Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain(app.Secret, text, StringComparison.Ordinal);
        }

        Assert.False(Directory.Exists(Path.Combine(app.Process.DataDirectory, "sandboxes", session.ToString("D"))), "a sandbox directory was prepared");
        Assert.Null(SandboxProcess.PidOf(app.Process.DataDirectory, session));
        Assert.DoesNotContain(app.Secret, app.Process.Output(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("..", "evil", "")]
    [InlineData("../../..", "evil", "")]
    [InlineData("default", "..", "")]
    [InlineData("default", "../../../../tmp", "")]
    [InlineData("default", "evil/../../x", "")]
    [InlineData("default", "evil", "..")]
    [InlineData("default", "evil", "../../../../../etc")]
    [InlineData("default", "evil", "ROOTONLY")]
    [InlineData("default\u0000", "evil", "")]
    [InlineData("default", "evil\n", "")]
    public async Task TraversalInTenantNameOrContentId_Is400(string tenant, string name, string contentId)
    {
        var session = Guid.NewGuid();
        contentId = contentId switch
        {
            "" => new string('a', 64),
            "ROOTONLY" => "../../../../.." + app.RootOnlyDirectory,
            _ => contentId,
        };

        foreach (var method in new[] { "prepare", "start" })
        {
            using var response = await app.SendAsync(HttpMethod.Put, $"/actors/sandbox-a/{session}/method/{method}", SandboxCall(session, tenant, name, contentId).ToJsonString(), Token);

            await AssertErrorShapeAsync(response, HttpStatusCode.BadRequest, "invalid_agent_ref");
        }

        Assert.False(Directory.Exists(Path.Combine(app.Process.DataDirectory, "sandboxes", session.ToString("D"))));
    }

    [Fact]
    public async Task AnAgentThatWasNeverDeployedHere_Is400_NotFollowedAnywhere()
    {
        var session = Guid.NewGuid();
        using var response = await app.SendAsync(HttpMethod.Put, $"/actors/sandbox-a/{session}/method/start", SandboxCall(session, "default", "evil", new string('c', 64)).ToJsonString(), Token);

        await AssertErrorShapeAsync(response, HttpStatusCode.BadRequest, "agent_content_missing");
    }

    public static TheoryData<string, string> MalformedBodies => new()
    {
        { "start", "not json" },
        { "start", "{" },
        { "start", "[]" },
        { "start", "null" },
        { "start", """{"sessionId":42}""" },
        { "start", """{"sessionId":"{session}","tenantId":"default","agentName":"a","contentId":7,"agentEnv":{},"options":{}}""" },
        { "start", """{"sessionId":"{session}","tenantId":"default","agentName":"a","contentId":"x","agentEnv":[],"options":{}}""" },
        { "prepare", """{"sessionId":"not-a-guid"}""" },
        { "write", """{"generation":"one","line":"aGk="}""" },
        { "write", """{"generation":1,"line":"not base64 !"}""" },
        { "read", """{"generation":1,"after":"x","waitMs":1}""" },
        { "exec", """{"generation":1,"command":["cat"],"timeoutMs":1000,"maxOutputBytes":1}""" },
        { "exec", """{"generation":1,"timeoutMs":1000,"maxOutputBytes":1}""" },
        { "kill", """{"generation":null}""" },
        { "fork", """{"childSessionId":"../../etc"}""" },
        { "logs", """{"after":[],"limit":10}""" },
        { "remind/r", "not json" },
        { "remind/r", """{"dueTime":{"a":1}}""" },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task AMalformedOrWrongTypedBody_Is400_InTheErrorShape(string method, string body)
    {
        var session = Guid.NewGuid();
        var actor = method == "read" ? $"{session}.out" : session.ToString("D");

        using var response = await app.SendAsync(HttpMethod.Put, $"/actors/sandbox-a/{actor}/method/{method}", body.Replace("{session}", session.ToString("D"), StringComparison.Ordinal), Token);

        await AssertErrorShapeAsync(response, HttpStatusCode.BadRequest, "invalid_body");
    }

    [Fact]
    public async Task ABadActorIdOrUnknownTypeOrMethod_IsRefused_InTheErrorShape()
    {
        using var badId = await app.SendAsync(HttpMethod.Put, "/actors/sandbox-a/..%2F..%2Froot/method/start", "{}", Token);
        using var unknownType = await app.SendAsync(HttpMethod.Put, $"/actors/sandbox-b/{Guid.NewGuid()}/method/start", "{}", Token);
        using var unknownMethod = await app.SendAsync(HttpMethod.Put, $"/actors/sandbox-a/{Guid.NewGuid()}/method/shell", "{}", Token);
        using var subscription = await app.SendAsync(HttpMethod.Post, "/dapr/events/session-events", "not json", Token);

        await AssertErrorShapeAsync(badId, HttpStatusCode.BadRequest, "invalid_actor_id");
        await AssertErrorShapeAsync(unknownType, HttpStatusCode.NotFound, "actor_type_not_found");
        await AssertErrorShapeAsync(unknownMethod, HttpStatusCode.NotFound, "actor_method_not_found");
        await AssertErrorShapeAsync(subscription, HttpStatusCode.BadRequest, "invalid_body");
    }

    [Fact]
    public async Task TheDaprRoutes_AreNotReachable_OnANonLoopbackAddress_WhileTheRestPortIs()
    {
        var address = NonLoopbackAddress();
        if (address is null)
        {
            Assert.Skip("this machine has no non-loopback IPv4 address");
        }

        var root = AttackedApp.NewRoot();
        await using var exposed = DaprAppProcess.Start(root, Token, host: "0.0.0.0");
        await exposed.WaitUntilListeningAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var outside = new Uri($"http://{address}:{exposed.RestPort}");

        using var health = await http.GetAsync(new Uri(outside, "/healthz"), Cancel);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        foreach (var (method, route) in Routes)
        {
            // Even with the right token, and whatever Host header: the REST listener does not serve them.
            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(outside, route.Replace("{session}", Guid.NewGuid().ToString("D"), StringComparison.Ordinal)))
            {
                Content = method is "GET" or "DELETE" ? null : new StringContent("{}", Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation("dapr-api-token", Token);
            request.Headers.Host = $"127.0.0.1:{exposed.AppPort}";
            using var response = await http.SendAsync(request, Cancel);

            await AssertErrorShapeAsync(response, HttpStatusCode.NotFound, "route_not_found");
        }

        await AssertClosedAsync(address, exposed.AppPort);
        using var local = new HttpRequestMessage(HttpMethod.Get, new Uri(exposed.AppUrl, "/dapr/config"));
        local.Headers.TryAddWithoutValidation("dapr-api-token", Token);
        using var onLoopback = await http.SendAsync(local, Cancel);
        Assert.Equal(HttpStatusCode.OK, onLoopback.StatusCode);
    }

    private static JsonObject SandboxCall(Guid session, string tenant, string name, string contentId) => new()
    {
        ["sessionId"] = session.ToString("D"),
        ["tenantId"] = tenant,
        ["agentName"] = name,
        ["contentId"] = contentId,
        ["agentEnv"] = new JsonObject(),
        ["options"] = new JsonObject(),
    };

    private static async Task AssertErrorShapeAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == status, $"expected {(int)status} {code}, got {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        Assert.Equal(["error", "statusCode", "code"], json.RootElement.EnumerateObject().Select(property => property.Name));
        Assert.Equal((int)status, json.RootElement.GetProperty("statusCode").GetInt32());
        Assert.Equal(code, json.RootElement.GetProperty("code").GetString());
        foreach (var leak in new[] { "System.", "Ash.", "Exception", " at ", "LineNumber", "BytePositionInLine" })
        {
            Assert.DoesNotContain(leak, body, StringComparison.Ordinal);
        }
    }

    private static async Task AssertClosedAsync(IPAddress address, int port)
    {
        using var client = new TcpClient();
        var refused = await Assert.ThrowsAnyAsync<SocketException>(async () => await client.ConnectAsync(address, port, Cancel));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    private static IPAddress? NonLoopbackAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(nic => nic.OperationalStatus == OperationalStatus.Up && nic.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(nic => nic.GetIPProperties().UnicastAddresses)
            .Select(unicast => unicast.Address)
            .FirstOrDefault(ip => ip.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(ip));

    /// <summary>
    /// The attacked app (with an app token) and what it must never read: a root-only directory holding a CLAUDE.md
    /// and a 0600 file.
    /// </summary>
    public sealed class AttackedApp : IAsyncLifetime
    {
        public string Root { get; } = NewRoot();

        public string RootOnlyDirectory => Path.Combine(Root, "root-only");

        public string SecretFile => Path.Combine(RootOnlyDirectory, "secret");

        public string Secret { get; } = "ROOT-ONLY-" + Guid.NewGuid().ToString("N");

        internal DaprAppProcess Process { get; private set; } = null!;

        public static string NewRoot()
        {
            var root = Path.Combine(Path.GetTempPath(), "ash-tests", "dapr-attack-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(root);
            return root;
        }

        public async ValueTask InitializeAsync()
        {
            Directory.CreateDirectory(RootOnlyDirectory);
            File.SetUnixFileMode(RootOnlyDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            await File.WriteAllTextAsync(Path.Combine(RootOnlyDirectory, "CLAUDE.md"), "# not an agent\n");
            await File.WriteAllTextAsync(SecretFile, Secret);
            File.SetUnixFileMode(SecretFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            Process = DaprAppProcess.Start(Root, Token);
            await Process.WaitUntilListeningAsync();
        }

        /// <summary>Straight to the app listener, as an attacker on the machine would call it: no sidecar in between.</summary>
        public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body, string? token)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            using var request = new HttpRequestMessage(method, new Uri(Process.AppUrl, path));
            if (body is not null && method != HttpMethod.Get && method != HttpMethod.Delete)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            if (token is not null)
            {
                request.Headers.TryAddWithoutValidation("dapr-api-token", token);
            }

            var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
            await response.Content.LoadIntoBufferAsync(TestContext.Current.CancellationToken);
            return response;
        }

        public async ValueTask DisposeAsync()
        {
            await Process.DisposeAsync();
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
