namespace Ash.Dapr;

internal static class Placeholder;
