using Maimai.Core.Fetching;
using Maimai.Silo.Fetching.Internal;

namespace Maimai.Silo.Tests.Fetching;

/// <summary>Fails the next commit once armed, as a lost database or a bug at commit time would: nothing may be left behind.</summary>
internal sealed class FailingCommitProbe : IFetchCommitProbe
{
    public volatile bool Armed;
    public volatile bool Struck;

    public Task BeforeCommitAsync(FetchStatus fetch, CancellationToken cancellationToken)
    {
        if (Armed)
        {
            Armed = false;
            Struck = true;
            throw new InvalidOperationException("the commit failed on purpose");
        }

        return Task.CompletedTask;
    }
}
