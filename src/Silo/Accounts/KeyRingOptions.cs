namespace Maimai.Silo.Accounts;

/// <summary>The Data Protection key ring that encrypts maimai tokens and DX NET sessions (configuration section "DataProtection").</summary>
public sealed class KeyRingOptions
{
    public const string SectionName = "DataProtection";

    /// <summary>
    /// How long a new key is the one that encrypts; after that a new key takes over, and the old ones still decrypt
    /// what they encrypted. Defaults to 90 days (Data Protection's own default); at least 7 days.
    /// </summary>
    public TimeSpan KeyLifetime { get; set; } = TimeSpan.FromDays(90);
}
