namespace Ash.Core.Sessions.Actors;

/// <summary>One user message to run as a turn. <see cref="ContentJson"/> is a JSON string or an array of content blocks.</summary>
public sealed record TurnInput(string ContentJson, bool IncludePartialMessages);
