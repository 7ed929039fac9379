using Maimai.Core.Sharing;
using ProtoSharedParts = Maimai.Grpc.Contracts.V1.SharedParts;

namespace Maimai.Grpc.Services.V1;

/// <summary>Core sharing records ↔ maimai.v1 messages.</summary>
public static class SharingMapping
{
    public static ProtoSharedParts ToProto(SharedParts parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        return new ProtoSharedParts { Profile = parts.Profile, Scores = parts.Scores, RecentPlays = parts.RecentPlays, PlayCounts = parts.PlayCounts };
    }

    /// <summary>An absent message is every part off (account.proto).</summary>
    public static SharedParts ToCore(ProtoSharedParts? parts) =>
        parts is null ? SharedParts.None : new SharedParts(parts.Profile, parts.Scores, parts.RecentPlays, parts.PlayCounts);

    public static Contracts.V1.Sharing ToProto(SharingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new Contracts.V1.Sharing { Username = settings.Username ?? "", Parts = ToProto(settings.Parts) };
    }
}
