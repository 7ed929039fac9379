using Maimai.Core.Game;

namespace Maimai.TestPlugins.WrongInterface;

/// <summary>Looks like a scraper factory (a Region and a Create) but implements no contract interface.</summary>
public sealed class LookalikeFactory
{
    public Region Region => Region.Intl;

    public object Create() => new();
}
