using System.Net;

namespace Maimai.Silo.Cluster;

/// <summary>
/// How this process joins the Orleans cluster (configuration section "Cluster"). On SQLite the silo runs alone
/// on loopback; on PostgreSQL every silo pointed at the same database with the same ClusterId and ServiceId finds
/// the others through the membership table.
/// </summary>
public sealed class ClusterSettings
{
    public const string SectionName = "Cluster";

    /// <summary>The cluster's name in the membership table; silos with the same id form one cluster. Defaults to "maimai".</summary>
    public string ClusterId { get; set; } = "maimai";

    /// <summary>Names the service's durable data (grain state, reminders); keep it across deployments. Defaults to "maimai".</summary>
    public string ServiceId { get; set; } = "maimai";

    /// <summary>The port silos talk to each other on. Defaults to 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>
    /// The address other silos reach this one at. Defaults to 127.0.0.1: several silos on one machine. Silos on
    /// several machines each set their own reachable address.
    /// </summary>
    public string AdvertisedAddress { get; set; } = IPAddress.Loopback.ToString();
}
