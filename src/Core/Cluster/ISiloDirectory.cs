namespace Maimai.Core.Cluster;

/// <summary>The cluster's silos as its membership records them, for the admin's silo list.</summary>
public interface ISiloDirectory
{
    /// <summary>Every silo the membership knows, live ones first, then by start time, newest first.</summary>
    Task<IReadOnlyList<SiloListing>> ListAsync(CancellationToken cancellationToken);
}

/// <summary>One silo: its name and address, its membership status, when it started and last said it was alive.</summary>
public sealed record SiloListing(string Name, string Address, string HostName, string Status, DateTimeOffset StartedAt, DateTimeOffset? LastAliveAt, bool IsThisSilo);
