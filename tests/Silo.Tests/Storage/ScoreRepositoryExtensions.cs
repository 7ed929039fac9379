using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Scores;

namespace Maimai.Silo.Tests.Storage;

/// <summary>Seeds a snapshot in a transaction of its own (the product writes one inside its fetch's commit).</summary>
internal static class ScoreRepositoryExtensions
{
    public static async Task<SnapshotWriteResult> WriteSnapshotAsync(this ScoreRepository repository, Database database, SnapshotWrite write)
    {
        await using var transaction = await database.BeginAsync();
        var result = await repository.WriteSnapshotAsync(transaction, write);
        await transaction.CommitAsync();
        return result;
    }
}
