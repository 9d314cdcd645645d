namespace Ash.Dapr.Tests;

internal static class Placeholder;
