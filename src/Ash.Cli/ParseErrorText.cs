using System.CommandLine.Parsing;

namespace Ash.Cli;

// Parse errors in the user's terms. System.CommandLine names the .NET type a value failed to convert to
// ("as expected type 'System.Nullable`1[System.Int32]'"); that becomes what the option takes.
internal static class ParseErrorText
{
    // The library's wording for a value that does not convert; anything else it says is already plain.
    private const string ConversionFailure = "Cannot parse argument";

    public static string Describe(ParseError error)
    {
        if (!error.Message.StartsWith(ConversionFailure, StringComparison.Ordinal))
        {
            return error.Message;
        }

        return error.SymbolResult switch
        {
            OptionResult { Option: var option } result => Takes(option.Name, option.ValueType, Given(result.Tokens)),
            ArgumentResult { Argument: var argument } result => Takes($"<{argument.Name}>", argument.ValueType, Given(result.Tokens)),
            _ => error.Message,
        };
    }

    private static string Takes(string name, Type type, string given) =>
        $"{name} takes {Kind(Nullable.GetUnderlyingType(type) ?? type)}, not {given}";

    private static string Kind(Type type)
    {
        if (type.IsEnum)
        {
            return "one of " + string.Join(", ", Enum.GetNames(type).Select(value => value.ToLowerInvariant()));
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.Int16 or TypeCode.Int32 or TypeCode.Int64 or TypeCode.UInt16 or TypeCode.UInt32 or TypeCode.UInt64 or TypeCode.Byte => "a whole number",
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number",
            TypeCode.Boolean => "true or false",
            _ => "another value",
        };
    }

    private static string Given(IReadOnlyList<Token> tokens) =>
        tokens.Count == 0 ? "nothing" : string.Join(" ", tokens.Select(token => $"'{token.Value}'"));
}
