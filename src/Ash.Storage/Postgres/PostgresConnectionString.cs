using System.Globalization;
using Npgsql;

namespace Ash.Storage.Postgres;

/// <summary>
/// Reads the two ways operators write a PostgreSQL connection: a libpq URL
/// (<c>postgres://user:pass@host:port/db?sslmode=disable</c>, also <c>postgresql://</c>; a unix socket
/// directory through <c>?host=/path</c>) or an Npgsql <c>Key=Value;</c> string. Error messages never
/// repeat the input, because it may hold a password.
/// </summary>
public static class PostgresConnectionString
{
    private static readonly string[] Schemes = ["postgres://", "postgresql://"];

    public static NpgsqlConnectionStringBuilder Parse(string connection)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connection);
        var text = connection.Trim();
        foreach (var scheme in Schemes)
        {
            if (text.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                return ParseUrl(text[scheme.Length..]);
            }
        }

        try
        {
            return new NpgsqlConnectionStringBuilder(text);
        }
        catch (ArgumentException exception)
        {
            throw new FormatException($"The PostgreSQL connection string is neither a postgres:// URL nor a valid Key=Value string: {exception.Message}", exception);
        }
    }

    private static NpgsqlConnectionStringBuilder ParseUrl(string rest)
    {
        var builder = new NpgsqlConnectionStringBuilder { Host = "localhost" };
        var queryStart = rest.IndexOf('?', StringComparison.Ordinal);
        var query = queryStart < 0 ? string.Empty : rest[(queryStart + 1)..];
        var beforeQuery = queryStart < 0 ? rest : rest[..queryStart];
        var pathStart = beforeQuery.IndexOf('/', StringComparison.Ordinal);
        var authority = pathStart < 0 ? beforeQuery : beforeQuery[..pathStart];
        var database = pathStart < 0 ? string.Empty : Decode(beforeQuery[(pathStart + 1)..], "database name");

        // The last '@' ends the user info, so an unencoded '@' in a password still parses.
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = authority[..at];
            authority = authority[(at + 1)..];
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            var user = Decode(colon < 0 ? userInfo : userInfo[..colon], "user name");
            if (user.Length > 0)
            {
                builder.Username = user;
            }

            if (colon >= 0)
            {
                builder.Password = Decode(userInfo[(colon + 1)..], "password");
            }
        }

        ApplyHostAndPort(builder, authority);
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"The PostgreSQL URL has a query parameter without a value ('{Decode(equals < 0 ? pair : pair[..equals], "parameter")}').");
            }

            ApplyParameter(builder, Decode(pair[..equals], "parameter"), Decode(pair[(equals + 1)..], "parameter value"));
        }

        return builder;
    }

    private static void ApplyHostAndPort(NpgsqlConnectionStringBuilder builder, string authority)
    {
        if (authority.Length == 0)
        {
            return;
        }

        if (authority.Contains(',', StringComparison.Ordinal))
        {
            throw new FormatException("The PostgreSQL URL names several hosts; only one is supported.");
        }

        string host;
        string? port = null;
        if (authority.StartsWith('['))
        {
            // An IPv6 literal: [::1]:5432
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new FormatException("The PostgreSQL URL has an IPv6 host without its closing ']'.");
            }

            host = authority[1..close];
            var after = authority[(close + 1)..];
            if (after.Length > 0)
            {
                if (!after.StartsWith(':'))
                {
                    throw new FormatException("The PostgreSQL URL has text after its IPv6 host that is not a port.");
                }

                port = after[1..];
            }
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            host = colon < 0 ? authority : authority[..colon];
            port = colon < 0 ? null : authority[(colon + 1)..];
        }

        if (host.Length > 0)
        {
            builder.Host = Decode(host, "host");
        }

        if (!string.IsNullOrEmpty(port))
        {
            builder.Port = ParsePort(port);
        }
    }

    private static void ApplyParameter(NpgsqlConnectionStringBuilder builder, string name, string value)
    {
        switch (name)
        {
            case "host":
                builder.Host = value;
                break;
            case "port":
                builder.Port = ParsePort(value);
                break;
            case "dbname":
                builder.Database = value;
                break;
            case "user":
                builder.Username = value;
                break;
            case "password":
                builder.Password = value;
                break;
            case "sslmode":
                builder.SslMode = ParseSslMode(value);
                break;
            case "sslrootcert":
                builder.RootCertificate = value;
                break;
            case "sslcert":
                builder.SslCertificate = value;
                break;
            case "sslkey":
                builder.SslKey = value;
                break;
            case "application_name":
                builder.ApplicationName = value;
                break;
            case "options":
                builder.Options = value;
                break;
            case "connect_timeout":
                builder.Timeout = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                    ? seconds
                    : throw new FormatException($"The PostgreSQL URL parameter connect_timeout must be a whole number of seconds, not '{value}'.");
                break;
            default:
                throw new FormatException($"The PostgreSQL URL parameter '{name}' is not supported (supported: host, port, dbname, user, password, sslmode, sslrootcert, sslcert, sslkey, application_name, options, connect_timeout).");
        }
    }

    private static SslMode ParseSslMode(string value) => value switch
    {
        "disable" => SslMode.Disable,
        "allow" => SslMode.Allow,
        "prefer" => SslMode.Prefer,
        "require" => SslMode.Require,
        "verify-ca" => SslMode.VerifyCA,
        "verify-full" => SslMode.VerifyFull,
        _ => throw new FormatException($"The PostgreSQL URL parameter sslmode must be disable, allow, prefer, require, verify-ca or verify-full, not '{value}'."),
    };

    private static int ParsePort(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? port
            : throw new FormatException($"The PostgreSQL URL port must be a number from 1 to 65535, not '{text}'.");

    private static string Decode(string text, string what)
    {
        // Uri.UnescapeDataString leaves malformed escapes as they are; libpq rejects them, and so do we.
        for (var i = text.IndexOf('%', StringComparison.Ordinal); i >= 0; i = text.IndexOf('%', i + 1))
        {
            if (i + 2 >= text.Length || !Uri.IsHexDigit(text[i + 1]) || !Uri.IsHexDigit(text[i + 2]))
            {
                throw new FormatException($"The PostgreSQL URL has a malformed percent-escape in its {what}.");
            }
        }

        return Uri.UnescapeDataString(text);
    }
}
