using Maimai.Core.Game;
using Maimai.DxNetSimulator.Catalog;

namespace Maimai.DxNetSimulator.Player;

/// <summary>
/// The simulated player's state: profile, per-chart bests, the recent record (a ring of 50, as the site's
/// "NN,unixtime" idx shows) and play counts. Every change goes through here under one lock; pages render
/// from an immutable <see cref="SimulatorSnapshot"/> that is rebuilt only after a change.
/// </summary>
public sealed class SimulatedPlayer
{
    /// <summary>The record page keeps this many plays.</summary>
    public const int RecentCapacity = 50;

    /// <summary>Tracks per credit: TRACK 01 to 03, then a new credit (play count + 1).</summary>
    public const int TracksPerCredit = 3;

    private static readonly TimeSpan PlayGap = TimeSpan.FromMinutes(3);

    private readonly Lock _gate = new();
    private readonly Dictionary<(int SongId, Difficulty Difficulty), ChartScore> _scores = [];
    private readonly PlayRecord?[] _ring = new PlayRecord?[RecentCapacity];
    private readonly Random _random;
    private readonly TimeProvider _time;
    private readonly int _skill;
    private readonly Region _region;
    private PlayerProfile _baseProfile;
    private int _nextRing;
    private int _track;
    private DateTimeOffset _lastPlay = DateTimeOffset.MinValue;
    private SimulatorSnapshot? _snapshot;

    internal SimulatedPlayer(DxNetSimulatorOptions options, SongCatalog catalog)
    {
        Catalog = catalog;
        _region = options.Region;
        _time = options.TimeProvider;
        _skill = options.SkillTenths;
        _random = new Random(options.Seed + 1);
        _baseProfile = new PlayerProfile(options.PlayerName, 0, options.PlayerTitle, TitleColor.Normal,
            "0123456789abcdef", ClassRank.S5, CourseRank.Dan5, 221, 0, 0);
        SeedHistory(options.PlayedPercent);
    }

    public SongCatalog Catalog { get; }

    /// <summary>The current state, immutable; cheap when nothing changed since the last call.</summary>
    public SimulatorSnapshot Snapshot()
    {
        lock (_gate)
        {
            return _snapshot ??= BuildSnapshot();
        }
    }

    /// <summary>Adds <paramref name="count"/> plays of charts chosen by the seeded generator, as new credits.</summary>
    public IReadOnlyList<PlayRecord> AddPlays(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (_gate)
        {
            var requests = Enumerable.Range(0, count).Select(_ => PickChart()).ToList();
            return AddPlaysLocked(requests, _time.GetUtcNow());
        }
    }

    /// <summary>Adds the given plays in order, as new credits, ending at the current time.</summary>
    public IReadOnlyList<PlayRecord> AddPlays(IReadOnlyList<PlayRequest> plays)
    {
        ArgumentNullException.ThrowIfNull(plays);
        foreach (var play in plays)
        {
            if (play.SongId < 0 || play.SongId >= Catalog.Songs.Count || Catalog[play.SongId].Find(play.Difficulty) is null)
            {
                throw new ArgumentException($"Song {play.SongId} has no {play.Difficulty} chart.", nameof(plays));
            }
        }

        lock (_gate)
        {
            return AddPlaysLocked(plays, _time.GetUtcNow());
        }
    }

    /// <summary>Replaces profile fields that plays do not derive (name, title, icon, ranks, stars).</summary>
    public void UpdateProfile(Func<PlayerProfile, PlayerProfile> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            _baseProfile = change(_baseProfile) with
            {
                Rating = 0,
                CurrentVersionPlayCount = _baseProfile.CurrentVersionPlayCount,
                TotalPlayCount = _baseProfile.TotalPlayCount,
            };
            _snapshot = null;
        }
    }

    private void SeedHistory(int playedPercent)
    {
        var now = _time.GetUtcNow();
        var plays = 0;
        foreach (var song in Catalog.Songs)
        {
            foreach (var chart in song.Charts)
            {
                var chance = chart.Difficulty switch
                {
                    Difficulty.Basic or Difficulty.Advanced => playedPercent / 2,
                    Difficulty.ReMaster => playedPercent * 2 / 3,
                    _ => playedPercent,
                };
                if (_random.Next(100) >= chance)
                {
                    continue;
                }

                var outcome = PlayJudge.Judge(_random, song.Type, chart, _skill);
                var count = 1 + _random.Next(10);
                var last = now.AddSeconds(-3600 * 24 * (2 + _random.Next(400)) - _random.Next(86_400));
                _scores[(song.Id, chart.Difficulty)] = new ChartScore(song.Id, chart.Difficulty, outcome.Achievement,
                    outcome.DxScore, chart.MaxDxScore, outcome.ComboLamp, outcome.SyncLamp, count, TruncateToSeconds(last));
                plays += count;
            }
        }

        var credits = (plays / TracksPerCredit) + 40;
        _baseProfile = _baseProfile with { TotalPlayCount = credits, CurrentVersionPlayCount = credits / 3 };

        // The recent record: 50 plays ending an hour before the start, through the same path as later plays.
        var recent = Enumerable.Range(0, RecentCapacity).Select(_ => PickChart()).ToList();
        AddPlaysLocked(recent, now.AddHours(-1));
    }

    private List<PlayRecord> AddPlaysLocked(IReadOnlyList<PlayRequest> requests, DateTimeOffset end)
    {
        var added = new List<PlayRecord>(requests.Count);
        _track = 0;
        for (var i = 0; i < requests.Count; i++)
        {
            var at = TruncateToSeconds(end - (PlayGap * (requests.Count - 1 - i)));
            if (at <= _lastPlay)
            {
                at = _lastPlay.AddSeconds(1);
            }

            added.Add(PlayLocked(requests[i], at));
        }

        _snapshot = null;
        return added;
    }

    private PlayRecord PlayLocked(PlayRequest request, DateTimeOffset at)
    {
        if (_track % TracksPerCredit == 0)
        {
            _track = 0;
            _baseProfile = _baseProfile with
            {
                TotalPlayCount = _baseProfile.TotalPlayCount + 1,
                CurrentVersionPlayCount = _baseProfile.CurrentVersionPlayCount + 1,
            };
        }

        _track++;
        var song = Catalog[request.SongId];
        var chart = song.Find(request.Difficulty)!;
        var outcome = PlayJudge.Judge(_random, song.Type, chart, request.SkillTenths ?? _skill);
        var key = (song.Id, chart.Difficulty);
        var old = _scores.GetValueOrDefault(key);
        var newAchievement = old is null || outcome.Achievement > old.Achievement;
        var newDx = old is null || outcome.DxScore > old.DxScore;
        _scores[key] = new ChartScore(song.Id, chart.Difficulty,
            newAchievement ? outcome.Achievement : old!.Achievement,
            newDx ? outcome.DxScore : old!.DxScore,
            chart.MaxDxScore,
            old is null || outcome.ComboLamp > old.ComboLamp ? outcome.ComboLamp : old.ComboLamp,
            old is null || outcome.SyncLamp > old.SyncLamp ? outcome.SyncLamp : old.SyncLamp,
            (old?.PlayCount ?? 0) + 1,
            at);

        var venues = Venues;
        var record = new PlayRecord(_nextRing, at, _track, song.Id, song.Title, song.Type, chart.Difficulty, chart.Level,
            outcome.Achievement, outcome.DxScore, chart.MaxDxScore, outcome.ComboLamp, outcome.SyncLamp,
            newAchievement, newDx, outcome.MatchingRank, outcome.Judgements, outcome.Fast, outcome.Late,
            outcome.MaxCombo, outcome.TotalCombo, outcome.MaxSync, outcome.TotalSync,
            venues[_baseProfile.TotalPlayCount % venues.Length]);
        _ring[_nextRing] = record;
        _nextRing = (_nextRing + 1) % RecentCapacity;
        _lastPlay = at;
        return record;
    }

    private PlayRequest PickChart()
    {
        while (true)
        {
            var song = Catalog[_random.Next(Catalog.Songs.Count)];
            var roll = _random.Next(100);
            var difficulty = song.IsUtage ? Difficulty.Utage
                : roll < 5 ? Difficulty.Basic
                : roll < 15 ? Difficulty.Advanced
                : roll < 50 ? Difficulty.Expert
                : roll < 95 ? Difficulty.Master
                : Difficulty.ReMaster;
            if (song.Find(difficulty) is not null)
            {
                return new PlayRequest(song.Id, difficulty);
            }
        }
    }

    private SimulatorSnapshot BuildSnapshot()
    {
        var scores = _scores.Values.OrderBy(s => s.SongId).ThenBy(s => s.Difficulty).ToList();
        var rating = Rating.Targets(Catalog, scores).Total;
        var recent = new List<PlayRecord>(RecentCapacity);
        for (var i = 1; i <= RecentCapacity; i++)
        {
            if (_ring[(_nextRing - i + RecentCapacity) % RecentCapacity] is { } play)
            {
                recent.Add(play);
            }
        }

        return new SimulatorSnapshot(_region, _baseProfile with { Rating = rating }, Catalog.Songs, scores, recent);
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset t) => DateTimeOffset.FromUnixTimeSeconds(t.ToUnixTimeSeconds());

    private static readonly string[] Venues =
    [
        "SIM ARCADE Loopback", "Game Center 127", "Round Zero Station", "Kestrel Amusement", "Port 0 Plaza",
    ];
}
