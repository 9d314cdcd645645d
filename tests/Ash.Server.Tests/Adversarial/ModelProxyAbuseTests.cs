using System.Globalization;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Adversarial;

/// <summary>The probe fixture with a small model-proxy body cap and connection cap, so the attacks reach them quickly.</summary>
public sealed class ModelProxyProbeFixture : ProbeFixture
{
    public const int MaxConnections = 8;
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Ash:Sandbox:ModelProxy:MaxConnections"] = MaxConnections.ToString(CultureInfo.InvariantCulture),
        ["Ash:Sandbox:ModelProxy:MaxRequestBodyBytes"] = MaxBodyBytes.ToString(CultureInfo.InvariantCulture),
    };
}

/// <summary>Runs alone: the memory attack reads the server's RSS, which tests running beside it would move.</summary>
[CollectionDefinition(nameof(ModelProxyAbuseTests), DisableParallelization = true)]
public sealed class ModelProxyAbuseCollection;

/// <summary>
/// The model proxy attacked from inside a sandbox with the sandbox's own, valid token (issue 12, point 7):
/// it must forward nothing but the routes the CLI needs, in their canonical form, stream bodies under a
/// cap instead of holding them, bound the connections a sandbox has, and answer every refusal in the
/// Anthropic error shape, while another session keeps working. The probe runtime never calls the model,
/// so anything the fake upstream sees here came from an attack.
/// </summary>
[Collection(nameof(ModelProxyAbuseTests))]
public sealed class ModelProxyAbuseTests(ModelProxyProbeFixture probe) : IClassFixture<ModelProxyProbeFixture>
{
    /// <summary>A raw HTTP/1.1 client for the proxy's loopback port: sends exactly the bytes given, prints "label status error-type".</summary>
    private const string Client = """
        import json, os, select, socket, sys, threading, time
        TOKEN = os.environ['ANTHROPIC_API_KEY']

        def connect():
            return socket.create_connection(('127.0.0.1', 8377), timeout=60)

        def head(method, target, extra):
            return (f'{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:8377\r\nx-api-key: {TOKEN}\r\n'
                    f'content-type: application/json\r\n{extra}\r\n').encode('latin-1')

        def read_all(s):
            data = b''
            try:
                while True:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    data += chunk
            except OSError:
                pass
            return data

        def answer(data):
            if not data.startswith(b'HTTP/1.1 '):
                return 'none -'
            status = data.split(b' ', 2)[1].decode()
            body = data.split(b'\r\n\r\n', 1)[1] if b'\r\n\r\n' in data else b''
            kind = '-'
            try:
                error = json.loads(body)
                if error.get('type') == 'error':
                    kind = error['error']['type'] if isinstance(error['error']['message'], str) else 'bad-shape'
            except Exception:
                pass
            return f'{status} {kind}'

        def call(label, method, target, body=b'{}'):
            s = connect()
            s.sendall(head(method, target, f'content-length: {len(body)}\r\n') + body)
            print(label, answer(read_all(s)), flush=True)
            s.close()

        def send_until_answered(s, chunks):
            # Sends the chunks while the proxy has not answered; returns the MiB sent.
            sent = 0
            try:
                for chunk in chunks:
                    if select.select([s], [], [], 0)[0]:
                        break
                    s.sendall(chunk)
                    sent += len(chunk)
            except OSError:
                pass
            return sent >> 20

        """;

    private static ITestOutputHelper Output => TestContext.Current.TestOutputHelper!;

    [Fact]
    public async Task OtherRoutesMethodsAndEscapingPaths_AreRefusedAndNeverReachTheModel()
    {
        (string Label, string Method, string Target, string Expected)[] attempts =
        [
            ("files", "POST", "/v1/files", "403 permission_error"),
            ("files-list", "GET", "/v1/files", "403 permission_error"),
            ("batches", "POST", "/v1/messages/batches", "403 permission_error"),
            ("batches-list", "GET", "/v1/messages/batches", "403 permission_error"),
            ("models", "GET", "/v1/models", "403 permission_error"),
            ("admin-keys", "GET", "/v1/organizations/api_keys", "403 permission_error"),
            ("dot-dot", "POST", "/v1/../admin", "403 permission_error"),
            ("dot-dot-encoded", "POST", "/v1/%2e%2e/admin", "403 permission_error"),
            ("dot-dot-mixed", "POST", "/v1/messages/%2E./../files", "403 permission_error"),
            ("dot", "POST", "/v1/./files", "403 permission_error"),
            ("double-slash", "POST", "//v1//files", "403 permission_error"),
            ("climb", "POST", "/v1/../../admin", "400 invalid_request_error"),
            ("encoded-slash", "POST", "/v1/messages%2f..%2f..%2fadmin", "400 invalid_request_error"),
            ("encoded-backslash", "POST", "/v1%5cmessages", "400 invalid_request_error"),
            ("backslash", "POST", "/v1\\\\messages", "400 invalid_request_error"),
            ("double-encoded", "POST", "/v1/%252e%252e/admin", "400 invalid_request_error"),
            ("nul-encoded", "POST", "/v1/messages%00", "400 invalid_request_error"),
            ("nul-raw", "POST", "/v1/mess\\x00ages", "400 invalid_request_error"),
            ("control", "POST", "/v1/mess\\x1bages", "400 invalid_request_error"),
            ("absolute-form", "POST", "http://api.anthropic.com/v1/messages", "400 invalid_request_error"),
            ("fragment", "POST", "/v1/messages#x", "400 invalid_request_error"),
            ("get", "GET", "/v1/messages", "403 permission_error"),
            ("put", "PUT", "/v1/messages", "403 permission_error"),
            ("delete", "DELETE", "/v1/messages", "403 permission_error"),
            ("upper-case", "POST", "/V1/Messages", "403 permission_error"),
            ("extra-query", "POST", "/v1/messages?beta=true&limit=1", "403 permission_error"),
        ];
        var arrivals = probe.Model.Arrivals.Count;

        var result = await probe.AttackAsync(
            Python(string.Concat(attempts.Select(a => $"call('{a.Label}', '{a.Method}', '{a.Target}')\n"))));

        Output.WriteLine(result.Output);
        var lines = result.Output.Split('\n');
        foreach (var (label, _, _, expected) in attempts)
        {
            Assert.Contains($"{label} {expected}", lines);
        }

        Assert.Equal(arrivals, probe.Model.Arrivals.Count);
    }

    [Fact]
    public async Task AllowedRoute_InAnySpelling_ReachesTheModelOnlyInItsCanonicalForm()
    {
        var marker = "canonical-" + Guid.NewGuid().ToString("N");
        var body = $$"""{"model":"claude-fake","max_tokens":16,"messages":[{"role":"user","content":"{{marker}}"}]}""";
        var arrivals = probe.Model.Arrivals.Count;

        var result = await probe.AttackAsync(Python(
            $"call('dot', 'POST', '/v1/./messages?beta=true', b'{body}')\n" +
            $"call('slashes', 'POST', '//v1//messages/', b'{body}')\n" +
            $"call('encoded', 'POST', '/v1/%6Dessages?%62eta=true', b'{body}')\n"));

        Output.WriteLine(result.Output);
        Assert.Contains("dot 200 -", result.Output, StringComparison.Ordinal);
        Assert.Contains("slashes 200 -", result.Output, StringComparison.Ordinal);
        Assert.Contains("encoded 200 -", result.Output, StringComparison.Ordinal);
        Assert.Equal(
            ["POST /v1/messages?beta=true", "POST /v1/messages", "POST /v1/messages?beta=true"],
            probe.Model.Arrivals.Skip(arrivals).Select(a => a.ToString()));
        var reached = probe.Model.Requests.Where(r => r.Body.Contains(marker, StringComparison.Ordinal)).ToList();
        Assert.Equal(3, reached.Count);
        Assert.All(reached, r => Assert.Equal(PlatformFixture.RealModelKey, r.ApiKeyHeader));
    }

    [Fact]
    public async Task SixConnectionsDeclaring64MiBBodies_LeaveServerMemoryFlatAndTheBystanderServed()
    {
        await using var bystander = await probe.StartSessionAsync();
        await using var attacker = await probe.StartSessionAsync();
        var arrivals = probe.Model.Arrivals.Count;
        var before = ResidentMiB();
        var peak = before;

        // Each connection declares 64 MiB and sends all of it but the last byte, unless the proxy answers
        // first, then holds the connection open for 4 s: a proxy that buffers bodies holds 6 × 64 MiB.
        var attack = attacker.RunAsync(Python("""
            SIZE = 64 << 20
            results = [None] * 6
            def attack(i):
                s = connect()
                s.sendall(head('POST', '/v1/messages', f'content-length: {SIZE}\r\n'))
                chunk = b'x' * (1 << 20)
                chunks = [chunk] * 63 + [chunk[:-1]]
                sent = send_until_answered(s, chunks)
                time.sleep(4)
                s.settimeout(20)
                results[i] = (sent, answer(read_all(s)))
                s.close()
            threads = [threading.Thread(target=attack, args=(i,)) for i in range(6)]
            for t in threads: t.start()
            for t in threads: t.join()
            for i, (sent, got) in enumerate(results):
                print(f'connection {i} sent {sent} MiB, answer {got}')
            """, timeoutSeconds: 90), TimeSpan.FromMinutes(2));

        var bystanderTurn = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            return await bystander.RunAsync("echo served-during-the-attack");
        });
        while (!attack.IsCompleted)
        {
            peak = Math.Max(peak, ResidentMiB());
            await Task.WhenAny(attack, Task.Delay(50));
        }

        var result = await attack;
        var after = ResidentMiB();
        Output.WriteLine(result.Output);
        Output.WriteLine($"server (test process) RSS: before {before} MiB, peak during the attack {peak} MiB, after {after} MiB");

        Assert.Equal("served-during-the-attack", (await bystanderTurn.WaitAsync(TimeSpan.FromSeconds(90))).Output.Trim());
        Assert.Equal(6, result.Output.Split('\n').Count(l => l.EndsWith("answer 413 request_too_large", StringComparison.Ordinal)));
        Assert.True(peak - before < 100, $"the server grew by {peak - before} MiB while six connections declared 64 MiB bodies");
        Assert.Equal(arrivals, probe.Model.Arrivals.Count);
        await probe.AssertStillServingAsync(bystander);
    }

    [Fact]
    public async Task BodiesOverTheCap_Get413WhetherDeclaredOrChunked()
    {
        var completed = probe.Model.Requests.Count;
        var result = await probe.AttackAsync(Python(
            $"MAX = {ModelProxyProbeFixture.MaxBodyBytes}\n" + """
            s = connect()
            s.sendall(head('POST', '/v1/messages?beta=true', f'content-length: {MAX + 1}\r\n'))
            send_until_answered(s, [b'x' * (1 << 20)] * 5)
            print('declared', answer(read_all(s)), flush=True)
            s.close()

            s = connect()
            s.sendall(head('POST', '/v1/messages?beta=true', 'transfer-encoding: chunked\r\n'))
            piece = b'x' * (1 << 20)
            sent = send_until_answered(s, [b'%x\r\n' % len(piece) + piece + b'\r\n'] * 6 + [b'0\r\n\r\n'])
            print('chunked', answer(read_all(s)), 'after', sent, 'MiB', flush=True)
            s.close()

            s = connect()
            s.sendall(head('POST', '/v1/messages?beta=true', 'transfer-encoding: chunked\r\n') + b'zz\r\n{}\r\n0\r\n\r\n')
            print('bad-chunk', answer(read_all(s)), flush=True)
            s.close()

            s = connect()
            s.sendall(head('POST', '/v1/messages?beta=true', 'content-length: 2\r\ntransfer-encoding: chunked\r\n') + b'{}')
            print('both-framings', answer(read_all(s)), flush=True)
            s.close()
            """));

        Output.WriteLine(result.Output);
        Assert.Contains("declared 413 request_too_large", result.Output, StringComparison.Ordinal);
        Assert.Contains("chunked 413 request_too_large", result.Output, StringComparison.Ordinal);
        Assert.Contains("bad-chunk 400 invalid_request_error", result.Output, StringComparison.Ordinal);
        Assert.Contains("both-framings 400 invalid_request_error", result.Output, StringComparison.Ordinal);

        // The chunked body was streamed until it passed the cap, then the upstream request was aborted: the
        // model never received a whole request.
        Assert.Equal(completed, probe.Model.Requests.Count);
    }

    [Fact]
    public async Task ConnectionsOverTheCap_Get429UntilOneCloses()
    {
        var result = await probe.AttackAsync(Python(
            $"CAP = {ModelProxyProbeFixture.MaxConnections}\n" + """
            held = [connect() for _ in range(CAP)]
            time.sleep(1)
            call('over-the-cap', 'POST', '/v1/files')
            for s in held: s.close()
            time.sleep(1)
            call('after-closing', 'POST', '/v1/files')
            """));

        Output.WriteLine(result.Output);
        Assert.Contains("over-the-cap 429 rate_limit_error", result.Output, StringComparison.Ordinal);
        Assert.Contains("after-closing 403 permission_error", result.Output, StringComparison.Ordinal);
    }

    /// <summary>A probe script running <paramref name="program"/> after <see cref="Client"/> in python3, inside the sandbox.</summary>
    private static string Python(string program, int timeoutSeconds = 60) =>
        $"#timeout={timeoutSeconds}\npython3 - <<'PY'\n{Client}{program}\nPY\n";

    private static long ResidentMiB()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }
}
