using System.Text.Json;

namespace Ash.Testing.DaprSidecar.Hosting;

/// <summary>
/// How daprd reads the JSON an app answers: Go's decoder matches a field by its exact name first, then by any name
/// equal ignoring case. So <c>pubsubName</c>, as Dapr.AspNetCore writes it, fills daprd's <c>pubsubname</c>.
/// </summary>
internal static class GoJsonFields
{
    public static bool TryGet(JsonElement element, string name, out JsonElement value)
    {
        value = default;
        if (element.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        if (element.TryGetProperty(name, out value))
        {
            return true;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        return false;
    }
}
