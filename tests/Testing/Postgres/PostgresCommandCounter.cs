using System.Diagnostics;

namespace Maimai.Testing.Postgres;

/// <summary>
/// Counts the SQL commands Npgsql sends to PostgreSQL (one client activity per command, from Npgsql's own
/// ActivitySource) made by the code awaited inside this counter's scope. Only this scope's commands count,
/// so tests running in parallel do not disturb each other. Dispose on the thread that created it.
/// </summary>
public sealed class PostgresCommandCounter : IDisposable
{
    private const string ScopeSourceName = "Maimai.Testing.CommandCounter";

    // Created before any listener looks for it (a lazily created source would miss the first listener).
    private static readonly ActivitySource Scopes = new(ScopeSourceName);

    private readonly ActivityListener _listener;
    private readonly Activity _scope;
    private readonly Lock _gate = new();
    private readonly List<string> _commands = [];

    private PostgresCommandCounter()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Npgsql" or ScopeSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Stopped,
        };
        var scopes = Scopes;
        ActivitySource.AddActivityListener(_listener);
        _scope = scopes.StartActivity("count") ?? throw new InvalidOperationException("The counting scope did not start.");
    }

    /// <summary>The commands so far (their SQL, or the activity name when Npgsql gives none).</summary>
    public IReadOnlyList<string> Commands
    {
        get
        {
            lock (_gate)
            {
                return [.. _commands];
            }
        }
    }

    public int Count => Commands.Count;

    /// <summary>Starts counting the commands of the code that follows on this async flow.</summary>
    public static PostgresCommandCounter Start() => new();

    /// <summary>Forgets what was counted so far.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _commands.Clear();
        }
    }

    public void Dispose()
    {
        _scope.Dispose();
        _listener.Dispose();
    }

    private void Stopped(Activity activity)
    {
        if (activity.Source.Name != "Npgsql" || !InScope(activity))
        {
            return;
        }

        var text = activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement") ?? activity.DisplayName;
        lock (_gate)
        {
            _commands.Add(text.ToString() ?? "");
        }
    }

    private bool InScope(Activity activity)
    {
        for (var a = activity.Parent; a is not null; a = a.Parent)
        {
            if (ReferenceEquals(a, _scope))
            {
                return true;
            }
        }

        return false;
    }
}
