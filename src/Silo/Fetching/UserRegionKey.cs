using Maimai.Core.Game;

namespace Maimai.Silo.Fetching;

/// <summary>The key of a <see cref="UserRegionGrain"/>: one player on one region's site.</summary>
public readonly record struct UserRegionKey(long UserId, Region Region);
