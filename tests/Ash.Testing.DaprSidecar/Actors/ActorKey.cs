namespace Ash.Testing.DaprSidecar.Actors;

internal readonly record struct ActorKey(string Type, string Id)
{
    public string AppPath => $"actors/{Uri.EscapeDataString(Type)}/{Uri.EscapeDataString(Id)}";

    public override string ToString() => $"{Type}/{Id}";
}
