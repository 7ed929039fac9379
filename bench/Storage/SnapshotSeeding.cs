using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Scores;

namespace Maimai.Benchmarks.Storage;

/// <summary>Writes a snapshot in a transaction of its own (the product writes one inside its fetch's commit).</summary>
internal static class SnapshotSeeding
{
    public static async Task<SnapshotWriteResult> WriteSnapshotAsync(this ScoreRepository repository, Database database, SnapshotWrite write, CancellationToken cancellationToken = default)
    {
        await using var transaction = await database.BeginAsync(cancellationToken);
        var result = await repository.WriteSnapshotAsync(transaction, write, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }
}
