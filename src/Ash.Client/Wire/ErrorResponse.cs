namespace Ash.Client.Wire;

// Body of every non-success answer: {error, statusCode, code}.
internal sealed record ErrorResponse(string? Error, int? StatusCode, string? Code);
