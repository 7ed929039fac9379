using Maimai.Browser.Tests.Hosting;

namespace Maimai.Browser.Tests;

/// <summary>A fact that needs <see cref="Chromium"/>; it skips with the reason when the browser is absent.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (!Chromium.IsPresent)
        {
            Skip = Chromium.MissingReason;
        }
    }
}
