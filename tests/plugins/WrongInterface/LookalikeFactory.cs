using Maimai.Core.Game;

namespace Maimai.TestPlugins.WrongInterface;

/// <summary>A scraper factory interface of the plugin's own: right shape, wrong interface.</summary>
public interface IScraperFactory
{
    Region Region { get; }

    object Create();
}

/// <summary>Looks like a scraper factory (a Region and a Create) but implements the wrong interface.</summary>
public sealed class LookalikeFactory : IScraperFactory
{
    public Region Region => Region.Intl;

    public object Create() => new();
}
