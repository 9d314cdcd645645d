using Ash.Storage.Postgres;
using Npgsql;

namespace Ash.Storage.Tests.Postgres;

public sealed class PostgresConnectionStringTests
{
    [Fact]
    public void Parse_FullUrl_ReadsEveryPart()
    {
        var builder = PostgresConnectionString.Parse("postgres://ash:secret@db.internal:6543/ashdb?sslmode=disable");

        Assert.Equal("ash", builder.Username);
        Assert.Equal("secret", builder.Password);
        Assert.Equal("db.internal", builder.Host);
        Assert.Equal(6543, builder.Port);
        Assert.Equal("ashdb", builder.Database);
        Assert.Equal(SslMode.Disable, builder.SslMode);
    }

    [Fact]
    public void Parse_PostgresqlScheme_IsAccepted()
    {
        var builder = PostgresConnectionString.Parse("PostgreSQL://u@h/d");

        Assert.Equal("u", builder.Username);
        Assert.Equal("h", builder.Host);
        Assert.Equal("d", builder.Database);
        Assert.Equal(5432, builder.Port);
    }

    [Fact]
    public void Parse_PercentEncodedCredentials_DecodesThem()
    {
        var builder = PostgresConnectionString.Parse("postgres://us%40er:p%40ss%3Aw%2Frd%25+x@localhost/db");

        Assert.Equal("us@er", builder.Username);
        Assert.Equal("p@ss:w/rd%+x", builder.Password);
    }

    [Fact]
    public void Parse_UnencodedAtInPassword_SplitsAtTheLastAt()
    {
        var builder = PostgresConnectionString.Parse("postgres://user:p@ss@host/db");

        Assert.Equal("p@ss", builder.Password);
        Assert.Equal("host", builder.Host);
    }

    [Fact]
    public void Parse_SocketDirectoryInQuery_UsesItAsHost()
    {
        var builder = PostgresConnectionString.Parse("postgres://ash@/ashdb?host=/var/run/postgresql");

        Assert.Equal("/var/run/postgresql", builder.Host);
        Assert.Equal("ashdb", builder.Database);
    }

    [Fact]
    public void Parse_PercentEncodedSocketDirectory_UsesItAsHost()
    {
        var builder = PostgresConnectionString.Parse("postgresql://%2Ftmp%2Fpg:5433/db");

        Assert.Equal("/tmp/pg", builder.Host);
        Assert.Equal(5433, builder.Port);
    }

    [Fact]
    public void Parse_Ipv6Host_ReadsHostAndPort()
    {
        var builder = PostgresConnectionString.Parse("postgres://u@[::1]:5433/db");

        Assert.Equal("::1", builder.Host);
        Assert.Equal(5433, builder.Port);
    }

    [Fact]
    public void Parse_NoHost_DefaultsToLocalhost()
    {
        var builder = PostgresConnectionString.Parse("postgres:///db");

        Assert.Equal("localhost", builder.Host);
        Assert.Equal("db", builder.Database);
    }

    [Theory]
    [InlineData("disable", SslMode.Disable)]
    [InlineData("allow", SslMode.Allow)]
    [InlineData("prefer", SslMode.Prefer)]
    [InlineData("require", SslMode.Require)]
    [InlineData("verify-ca", SslMode.VerifyCA)]
    [InlineData("verify-full", SslMode.VerifyFull)]
    public void Parse_SslMode_MapsToNpgsql(string mode, SslMode expected)
    {
        Assert.Equal(expected, PostgresConnectionString.Parse($"postgres://h/d?sslmode={mode}").SslMode);
    }

    [Fact]
    public void Parse_QueryParameters_OverrideAndExtend()
    {
        var builder = PostgresConnectionString.Parse("postgres://h/d?user=a%20b&password=x%26y&port=7000&application_name=ash&connect_timeout=7&dbname=other");

        Assert.Equal("a b", builder.Username);
        Assert.Equal("x&y", builder.Password);
        Assert.Equal(7000, builder.Port);
        Assert.Equal("ash", builder.ApplicationName);
        Assert.Equal(7, builder.Timeout);
        Assert.Equal("other", builder.Database);
    }

    [Fact]
    public void Parse_KeyValueString_PassesThrough()
    {
        var builder = PostgresConnectionString.Parse("Host=db;Port=5544;Username=ash;Password=pw;Database=ash");

        Assert.Equal("db", builder.Host);
        Assert.Equal(5544, builder.Port);
        Assert.Equal("pw", builder.Password);
    }

    [Theory]
    [InlineData("postgres://h/d?nonsense=1")]
    [InlineData("postgres://h:notaport/d")]
    [InlineData("postgres://h:70000/d")]
    [InlineData("postgres://h/d?sslmode=sometimes")]
    [InlineData("postgres://h1,h2/d")]
    [InlineData("postgres://u:p%zz@h/d")]
    [InlineData("postgres://[::1/d")]
    [InlineData("postgres://h/d?flag")]
    [InlineData("NotAKey=1")]
    public void Parse_Malformed_ThrowsFormatException(string connection)
    {
        Assert.Throws<FormatException>(() => PostgresConnectionString.Parse(connection));
    }

    [Fact]
    public void Parse_MalformedUrl_DoesNotEchoThePassword()
    {
        var error = Assert.Throws<FormatException>(() => PostgresConnectionString.Parse("postgres://u:hunter2@h:bad/d"));

        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }
}
