using Maimai.Browser.Tests.Hosting;

namespace Maimai.Browser.Tests;

/// <summary>A theory that needs <see cref="Chromium"/>; it skips with the reason when the browser is absent.</summary>
public sealed class ChromiumTheoryAttribute : TheoryAttribute
{
    public ChromiumTheoryAttribute()
    {
        if (!Chromium.IsPresent)
        {
            Skip = Chromium.MissingReason;
        }
    }
}
