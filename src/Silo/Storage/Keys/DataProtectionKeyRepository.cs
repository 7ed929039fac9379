using Dapper;

namespace Maimai.Silo.Storage.Keys;

/// <summary>A stored key ring element: the name Data Protection gave it and its XML.</summary>
public sealed record DataProtectionKeyRow(string FriendlyName, string Xml);

/// <summary>data_protection_keys: the Data Protection key ring every silo reads and adds to; rows are only ever inserted.</summary>
public sealed class DataProtectionKeyRepository(Database database)
{
    /// <summary>Every element, oldest first.</summary>
    public async Task<IReadOnlyList<DataProtectionKeyRow>> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<DataProtectionKeyRow>(new CommandDefinition(
            "SELECT friendly_name AS FriendlyName, xml AS Xml FROM data_protection_keys ORDER BY id",
            cancellationToken: cancellationToken));
        return [.. rows];
    }

    public async Task InsertAsync(string friendlyName, string xml, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(friendlyName);
        ArgumentNullException.ThrowIfNull(xml);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO data_protection_keys (friendly_name, xml, created_at) VALUES (@FriendlyName, @Xml, @Now)",
            new { FriendlyName = friendlyName, Xml = xml, Now = now }, cancellationToken: cancellationToken));
    }
}
