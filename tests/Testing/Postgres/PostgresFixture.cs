namespace Maimai.Testing.Postgres;

/// <summary>
/// An xunit class or collection fixture: the run's shared <see cref="PostgresCluster"/> plus a fresh database
/// for the class (<see cref="ConnectionString"/>). Tests that need isolation per test call
/// <see cref="CreateDatabaseAsync"/>.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresCluster? _cluster;
    private string? _connectionString;

    public PostgresCluster Cluster => _cluster ?? throw new InvalidOperationException("The fixture is not initialised yet.");

    /// <summary>The class's own database.</summary>
    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("The fixture is not initialised yet.");

    public Task<string> CreateDatabaseAsync(string prefix = "test") => Cluster.CreateDatabaseAsync(prefix);

    public async Task InitializeAsync()
    {
        _cluster = await PostgresCluster.Shared.WaitAsync(TimeSpan.FromSeconds(120));
        _connectionString = await _cluster.CreateDatabaseAsync("class");
    }

    // The cluster outlives the class; it is stopped when the test process exits.
    public Task DisposeAsync() => Task.CompletedTask;
}
