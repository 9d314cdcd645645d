using System.Collections.Concurrent;

namespace Ash.Core.Budgets;

/// <summary>
/// The turns running in this process, one per session, as the model proxy sees them: the message's
/// <c>maxBudgetUsd</c> and what the turn has spent so far, and the budget refusal that ended it, if any. The
/// session actor begins and ends each turn here; the proxy of the session's sandbox (in the same process)
/// adds each request's cost and reads the limit before forwarding the next request.
/// </summary>
public sealed class TurnBudgets
{
    private readonly ConcurrentDictionary<Guid, TurnBudget> _running = new();

    /// <summary>Starts counting a turn's cost; dispose the result when the turn ends.</summary>
    public TurnBudget Begin(Guid sessionId, decimal? maxBudgetUsd)
    {
        var turn = new TurnBudget(this, sessionId, maxBudgetUsd);
        _running[sessionId] = turn;
        return turn;
    }

    /// <summary>The session's running turn, or null between turns.</summary>
    public TurnBudget? Running(Guid sessionId) => _running.GetValueOrDefault(sessionId);

    /// <summary>A model request's cost, counted against the session's running turn (none between turns).</summary>
    public void AddCost(Guid sessionId, decimal costUsd) => Running(sessionId)?.Add(costUsd);

    internal void End(TurnBudget turn) => _running.TryRemove(KeyValuePair.Create(turn.SessionId, turn));
}

/// <summary>One turn's spending, as <see cref="TurnBudgets"/> counts it.</summary>
public sealed class TurnBudget : IDisposable
{
    private readonly TurnBudgets _owner;
    private readonly Lock _gate = new();
    private decimal _spent;
    private BudgetExceeded? _refusal;

    internal TurnBudget(TurnBudgets owner, Guid sessionId, decimal? maxBudgetUsd)
    {
        _owner = owner;
        SessionId = sessionId;
        MaxBudgetUsd = maxBudgetUsd;
    }

    public Guid SessionId { get; }

    /// <summary>The message's <c>maxBudgetUsd</c>, or null when it set none.</summary>
    public decimal? MaxBudgetUsd { get; }

    public decimal SpentUsd
    {
        get
        {
            lock (_gate)
            {
                return _spent;
            }
        }
    }

    /// <summary>The first budget refusal of a model request during the turn, or null.</summary>
    public BudgetExceeded? Refusal
    {
        get
        {
            lock (_gate)
            {
                return _refusal;
            }
        }
    }

    /// <summary>The message's own limit when its spending reached it, else null.</summary>
    public BudgetExceeded? Exceeded()
    {
        var spent = SpentUsd;
        return MaxBudgetUsd is { } max && spent >= max ? BudgetExceeded.ForTurn(max, spent) : null;
    }

    public void NoteRefusal(BudgetExceeded refusal)
    {
        lock (_gate)
        {
            _refusal ??= refusal;
        }
    }

    public void Dispose() => _owner.End(this);

    internal void Add(decimal costUsd)
    {
        lock (_gate)
        {
            _spent += costUsd;
        }
    }
}
