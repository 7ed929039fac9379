namespace Maimai.Core.Sharing;

/// <summary>
/// Which parts of a player's profile anyone may read on their public page. Each is off until the player turns it on:
/// <see cref="None"/> is the default, and a profile sharing nothing is private (as if it did not exist).
/// </summary>
/// <param name="Profile">The profile summary: in-game name, rating, class and dan.</param>
/// <param name="Scores">Every chart's best score as of the latest snapshot of each region.</param>
/// <param name="RecentPlays">The recent plays (never the arcade they were played at).</param>
/// <param name="PlayCounts">Play counts: the profile's totals per region and each chart's own count.</param>
public sealed record SharedParts(bool Profile, bool Scores, bool RecentPlays, bool PlayCounts)
{
    public static SharedParts None { get; } = new(false, false, false, false);

    /// <summary>Whether anything is shared: a profile that shares nothing has no public page.</summary>
    public bool Any => Profile || Scores || RecentPlays || PlayCounts;
}

/// <summary>A player's sharing settings: their username (null until chosen) and the parts they share.</summary>
public sealed record SharingSettings(string? Username, SharedParts Parts)
{
    public static SharingSettings Private { get; } = new(null, SharedParts.None);
}

/// <summary>A public profile found by username: whose it is and what its owner shares right now.</summary>
public sealed record PublicSharing(long UserId, string Username, SharedParts Parts);

/// <summary>How saving sharing settings ended.</summary>
public enum SharingSave
{
    Saved,

    /// <summary>Another player has the username (in any letter case): nothing was changed.</summary>
    UsernameTaken,

    /// <summary>The user does not exist (deleted meanwhile).</summary>
    UserNotFound,
}
