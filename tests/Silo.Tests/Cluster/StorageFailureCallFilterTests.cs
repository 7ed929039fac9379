using Maimai.Silo.Fetching;
using Maimai.Silo.Storage;
using Maimai.Silo.Tests.Fetching;
using Maimai.Testing.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Maimai.Silo.Tests.Cluster;

/// <summary>
/// A grain call that meets the database away reaches its caller as StorageUnavailableException, which Orleans can
/// carry between silos (PostgresException has no Orleans codec) and the API still maps to UNAVAILABLE.
/// </summary>
public sealed class StorageFailureCallFilterTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_grain_call_with_the_database_away_fails_as_storage_unavailable_which_crosses_silos_intact()
    {
        await using var cluster = await PostgresCluster.StartAsync().WaitAsync(TimeSpan.FromSeconds(120));
        await using var world = await FetchWorld.CreateAsync(await cluster.CreateDatabaseAsync("filter").WaitAsync(Timeout));
        var node = await world.StartNodeAsync();
        var grain = node.Services.GetRequiredService<IGrainFactory>().GetGrain<IUserRegionGrain>(world.UserId, "intl");
        await grain.SettleAsync(-1).WaitAsync(Timeout); // active, its state read

        await cluster.StopServerAsync().WaitAsync(Timeout);
        try
        {
            var failure = await Assert.ThrowsAsync<StorageUnavailableException>(() => grain.StartFetchAsync().WaitAsync(Timeout));
            Assert.True(StorageFailures.IsTransient(failure));

            // What another silo would receive: the same type, still transient.
            var serializer = node.Services.GetRequiredService<Serializer>();
            var carried = serializer.Deserialize<Exception>(serializer.SerializeToArray<Exception>(failure));
            Assert.True(StorageFailures.IsTransient(Assert.IsType<StorageUnavailableException>(carried)));
            Assert.Equal(failure.Message, carried.Message);
        }
        finally
        {
            await cluster.StartServerAsync().WaitAsync(Timeout);
        }
    }
}
