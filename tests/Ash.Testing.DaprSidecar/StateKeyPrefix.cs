namespace Ash.Testing.DaprSidecar;

/// <summary>The <c>keyPrefix</c> metadata of a state store component (reference §2.1).</summary>
public enum StateKeyPrefix
{
    /// <summary><c>{appId}||{key}</c>, Dapr's default.</summary>
    AppId,

    /// <summary><c>{componentName}||{key}</c>: state shared between apps.</summary>
    Name,

    /// <summary>The key as given.</summary>
    None,
}
