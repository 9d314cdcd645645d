using System.Diagnostics.CodeAnalysis;

namespace Ash.Core.Errors;

/// <summary>Either a value or an <see cref="AshError"/>.</summary>
public readonly struct Result<T>
{
    private Result(T? value, AshError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public AshError? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(AshError error) => new(default, error);
}
