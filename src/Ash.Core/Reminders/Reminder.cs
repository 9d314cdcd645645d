namespace Ash.Core.Reminders;

/// <summary>
/// A durable one-shot reminder for an actor: at <see cref="DueAt"/> the actor <see cref="ActorType"/>/<see cref="ActorId"/>
/// receives <see cref="Name"/> with <see cref="Data"/>. One reminder per (actor type, actor id, name):
/// setting it again moves it. Mirrors Dapr actor reminders, so the distributed mode drops in.
/// </summary>
public sealed record Reminder(string ActorType, string ActorId, string Name, DateTimeOffset DueAt, string? Data);
