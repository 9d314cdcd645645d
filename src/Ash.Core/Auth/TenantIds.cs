namespace Ash.Core.Auth;

/// <summary>
/// What a tenant id may be: 1-64 lowercase letters, digits, '-' and '_', starting with a letter or digit.
/// Tenant ids appear in paths, logs and metrics tags of operators' tooling, so they stay plain.
/// </summary>
public static class TenantIds
{
    public const int MaxLength = 64;

    public static bool IsValid(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxLength || !IsLowerAlphanumeric(id[0]))
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!IsLowerAlphanumeric(c) && c is not '-' and not '_')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLowerAlphanumeric(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
}
