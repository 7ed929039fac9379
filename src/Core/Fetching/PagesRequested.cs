using System.Globalization;

namespace Maimai.Core.Fetching;

/// <summary>
/// The pages one fetch asked DX NET for, counted by what it was reading (the login gateway under
/// <see cref="FetchStage.Login"/>). Compared by value, so two reads of the same fetch are equal.
/// </summary>
public sealed class PagesRequested : IEquatable<PagesRequested>
{
    public static readonly PagesRequested None = new([]);

    private readonly KeyValuePair<FetchStage, int>[] _counts;

    private PagesRequested(KeyValuePair<FetchStage, int>[] counts) => _counts = counts;

    /// <summary>Stages with at least one request, in stage order.</summary>
    public IReadOnlyList<KeyValuePair<FetchStage, int>> Counts => _counts;

    public int Total => _counts.Sum(c => c.Value);

    public static PagesRequested From(IEnumerable<KeyValuePair<FetchStage, int>> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return new([.. counts.Where(c => c.Value > 0).GroupBy(c => c.Key).Select(g => KeyValuePair.Create(g.Key, g.Sum(c => c.Value))).OrderBy(c => c.Key)]);
    }

    /// <summary>"PlayerData=1;Scores=6": stable stage names, as stored.</summary>
    public override string ToString() =>
        string.Join(';', _counts.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key}={c.Value}")));

    /// <summary>Reads <see cref="ToString"/>'s form; a stage this build does not know is left out.</summary>
    public static PagesRequested Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return None;
        }

        var counts = new List<KeyValuePair<FetchStage, int>>();
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0
                && Enum.TryParse<FetchStage>(part.AsSpan(0, equals), out var stage)
                && Enum.IsDefined(stage)
                && int.TryParse(part.AsSpan(equals + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                counts.Add(KeyValuePair.Create(stage, count));
            }
        }

        return From(counts);
    }

    public bool Equals(PagesRequested? other) => other is not null && _counts.AsSpan().SequenceEqual(other._counts);

    public override bool Equals(object? obj) => Equals(obj as PagesRequested);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (stage, count) in _counts)
        {
            hash.Add(stage);
            hash.Add(count);
        }

        return hash.ToHashCode();
    }
}
