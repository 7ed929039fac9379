namespace Maimai.Silo.Storage;

/// <summary>Where data lives (configuration section "Storage").</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>"Sqlite" or "Postgres". Defaults to "Sqlite".</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>
    /// The ADO.NET connection string. Defaults, for SQLite, to the file data/maimai.db under the working
    /// directory (the folder is created); PostgreSQL needs one.
    /// </summary>
    public string? ConnectionString { get; set; }
}
