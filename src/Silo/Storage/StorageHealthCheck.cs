using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Maimai.Silo.Storage;

/// <summary>"storage reachable": opens a connection to the configured database and runs a trivial query.</summary>
internal sealed class StorageHealthCheck(Database database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: cancellationToken));
            return HealthCheckResult.Healthy($"{database.Dialect.Provider} answers.");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The exception text stays out of the description: health is answered to anonymous callers.
            return new HealthCheckResult(context.Registration.FailureStatus, $"{database.Dialect.Provider} cannot be reached.", e);
        }
    }
}
