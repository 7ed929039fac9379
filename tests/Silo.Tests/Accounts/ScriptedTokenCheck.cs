using Maimai.Core.Game;
using Maimai.Scraping.Contract;
using Maimai.Silo.Accounts;

namespace Maimai.Silo.Tests.Accounts;

/// <summary>A token check that answers what the test says (null: no plugin serves the region) and records what it was asked.</summary>
internal sealed class ScriptedTokenCheck(TokenCheckResult? answer) : IDxNetTokenCheck
{
    public static ScriptedTokenCheck Accepting => new(TokenCheckResult.Valid(new Dictionary<string, string>(), 1));

    public List<(Region Region, MaimaiToken Token)> Calls { get; } = [];

    public Task<TokenCheckResult?> CheckAsync(Region region, MaimaiToken token, CancellationToken cancellationToken)
    {
        lock (Calls)
        {
            Calls.Add((region, token));
        }

        return Task.FromResult(answer);
    }
}
