using Ash.Testing.DaprSidecar.Actors;
using Ash.Testing.DaprSidecar.PubSub;
using Ash.Testing.DaprSidecar.Reminders;
using Ash.Testing.DaprSidecar.State;

namespace Ash.Testing.DaprSidecar;

/// <summary>What every sidecar of the mesh shares: placement, actors, reminders, state and the broker.</summary>
internal sealed record SharedComponents(Placement Placement, ActorRuntime Actors, ActorSchedules Schedules, StateStores StateStores, Broker Broker, TimeProvider Time);
