using Dapper;
using Maimai.Core.Game;
using Maimai.Core.Songs;
using Maimai.Scraping.Contract;
using Maimai.Scraping.Identity;
using Maimai.Scraping.Pages;
using Maimai.Silo.Storage;

namespace Maimai.Silo.Fetching.Internal;

/// <summary>One chart of the songs database as a fetch needs it: identity, levels for the region, version.</summary>
internal sealed record ChartInfo(
    int ChartId,
    string SongKey,
    string Title,
    string Genre,
    ChartType Type,
    Difficulty Difficulty,
    Level Level,
    Level? InternalLevel,
    int VersionCode);

/// <summary>
/// The songs database for one fetch: resolves DX NET rows to chart ids with the <see cref="ChartResolver"/> and
/// adds a discovered song or chart for every row it cannot match, so no score is ever dropped. Discovered
/// entries are keyed by title and genre, so the next fetch finds them again, and are created inside the fetch's
/// transaction (a failed fetch leaves none behind).
/// </summary>
internal sealed class ChartDirectory
{
    private const string DiscoveredImage = "";

    // DX NET's international genre headings for otoge-db's (Japanese) catcodes; the reverse of GenreNames.
    private static readonly Dictionary<string, string> IntlGenreLabels = new(StringComparer.Ordinal)
    {
        ["POPS＆アニメ"] = "POPS＆ANIME",
        ["niconico＆ボーカロイド"] = "niconico＆VOCALOID™",
        ["ゲーム＆バラエティ"] = "GAME＆VARIETY",
    };

    private readonly Region _region;
    private readonly Dictionary<int, ChartInfo> _byId;
    private readonly Dictionary<(string SongKey, ChartType Type, Difficulty Difficulty), int> _idByKey;
    private readonly Dictionary<string, int> _songIdByKey;
    private readonly ChartResolver _resolver;

    private ChartDirectory(Region region, List<ChartRow> rows, Dictionary<string, int> songIds)
    {
        _region = region;
        var intl = region == Region.Intl;
        _byId = rows.ToDictionary(r => r.ChartId, r => r.ToInfo(intl));
        _idByKey = rows.ToDictionary(r => (r.SongKey, (ChartType)r.ChartType, (Difficulty)r.Difficulty), r => r.ChartId);
        _songIdByKey = songIds;
        var songs = rows.GroupBy(r => r.SongKey, StringComparer.Ordinal).Select(g =>
        {
            var first = g.First();
            return new Song(first.SongKey, first.Title, "", first.Genre, first.VersionCode, null, first.ImageFile, null, false, null, null,
                [.. g.Select(r => new Chart((ChartType)r.ChartType, (Difficulty)r.Difficulty, new Level(r.Level), null, NoteCounts.Unknown, null))]);
        });
        _resolver = new ChartResolver(new SongCatalog(songs));
    }

    public static async Task<ChartDirectory> LoadAsync(Database database, Region region, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<ChartRow>(new CommandDefinition("""
            SELECT c.id AS ChartId, s.id AS SongId, s.song_key AS SongKey, s.title AS Title, s.genre AS Genre, s.image_file AS ImageFile,
                s.version_code AS VersionCode, s.intl_version_code AS IntlVersionCode, c.chart_type AS ChartType, c.difficulty AS Difficulty,
                c.level_x10 AS Level, c.internal_level_x10 AS InternalLevel, c.intl_level_x10 AS IntlLevel, c.intl_internal_level_x10 AS IntlInternalLevel
            FROM charts c JOIN songs s ON s.id = c.song_id
            """, cancellationToken: cancellationToken))).ToList();
        var songIds = (await connection.QueryAsync<(string Key, int Id)>(new CommandDefinition(
            "SELECT song_key, id FROM songs", cancellationToken: cancellationToken))).ToDictionary(s => s.Key, s => s.Id, StringComparer.Ordinal);
        return new ChartDirectory(region, rows, songIds);
    }

    public int ChartCount => _byId.Count;

    public ChartInfo? Find(int chartId) => _byId.GetValueOrDefault(chartId);

    /// <summary>The key the scraper compares score rows by, for a stored chart.</summary>
    public ChartKey KeyOf(ChartInfo chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var genre = _region == Region.Intl && IntlGenreLabels.TryGetValue(chart.Genre, out var label) ? label : chart.Genre;
        return new ChartKey(genre, chart.Title, chart.Type, chart.Difficulty);
    }

    /// <summary>The chart a score list row is about, adding a discovered one when the database has none.</summary>
    public Task<int> ResolveAsync(StorageTransaction transaction, ScoreListRow row, CancellationToken cancellationToken) =>
        ResolveAsync(transaction, _resolver.Resolve(row), row.Level, row.MaxDxScore, cancellationToken);

    /// <summary>
    /// The chart a recent play is about: the songs database's, else the chart the same fetch's score list row of that
    /// title, type and difficulty resolved to, else a discovered one.
    /// </summary>
    public async Task<int> ResolveAsync(StorageTransaction transaction, RecordEntry entry, int? fromScoreList, CancellationToken cancellationToken)
    {
        var match = _resolver.Resolve(entry);
        if (match is KnownChart known && _idByKey.TryGetValue((known.Song.Key, known.Chart.Type, known.Chart.Difficulty), out var id))
        {
            return id;
        }

        return fromScoreList ?? await ResolveAsync(transaction, match, entry.Level, entry.MaxDxScore, cancellationToken);
    }

    /// <summary>A row that must not share the chart another row of the fetch resolved to: its own discovered chart.</summary>
    public Task<int> ResolveDiscoveredAsync(StorageTransaction transaction, ScoreListRow row, CancellationToken cancellationToken) =>
        ResolveAsync(transaction, new DiscoveredChart(new ScrapedChart(row.Heading, row.Title, row.Type, row.Difficulty), "another row resolved to the same chart"),
            row.Level, row.MaxDxScore, cancellationToken);

    /// <summary>How many discovered charts this fetch added.</summary>
    public int DiscoveredAdded { get; private set; }

    private async Task<int> ResolveAsync(StorageTransaction transaction, ChartMatch match, Level level, int? maxDxScore, CancellationToken cancellationToken)
    {
        if (match is KnownChart known && _idByKey.TryGetValue((known.Song.Key, known.Chart.Type, known.Chart.Difficulty), out var id))
        {
            return id;
        }

        var scraped = match.Scraped;
        var genre = GenreNames.ToCatalogGenre(scraped.Genre ?? "");
        var songKey = "discovered" + SongKeys.For(scraped.Title, genre);
        if (_idByKey.TryGetValue((songKey, scraped.Type, scraped.Difficulty), out id))
        {
            return id;
        }

        var connection = transaction.Connection;
        if (!_songIdByKey.TryGetValue(songKey, out var songId))
        {
            // Another user's fetch may add the same song concurrently: the unique key settles it.
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO songs (song_key, title, artist, genre, version_code, image_file, discovered)
                VALUES (@Key, @Title, '', @Genre, 0, @Image, TRUE)
                ON CONFLICT (song_key) DO NOTHING
                """, new { Key = songKey, scraped.Title, Genre = genre, Image = scraped.ImageFile ?? DiscoveredImage },
                transaction.Transaction, cancellationToken: cancellationToken));
            songId = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                "SELECT id FROM songs WHERE song_key = @Key", new { Key = songKey }, transaction.Transaction, cancellationToken: cancellationToken));
            _songIdByKey[songKey] = songId;
        }

        var key = new { SongId = songId, Type = (int)scraped.Type, Difficulty = (int)scraped.Difficulty, Level = level.Tenths };

        // Every note is worth at most 3 DX score, so the page's "dx / max" gives the note count the songs database lacks.
        int? notes = maxDxScore is > 0 and var max && max % 3 == 0 ? max / 3 : null;
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO charts (song_id, chart_type, difficulty, level_x10, notes_total, discovered)
            VALUES (@SongId, @Type, @Difficulty, @Level, @Notes, TRUE)
            ON CONFLICT (song_id, chart_type, difficulty) DO NOTHING
            """, new { key.SongId, key.Type, key.Difficulty, key.Level, Notes = notes }, transaction.Transaction, cancellationToken: cancellationToken));
        id = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT id FROM charts WHERE song_id = @SongId AND chart_type = @Type AND difficulty = @Difficulty",
            key, transaction.Transaction, cancellationToken: cancellationToken));
        _idByKey[(songKey, scraped.Type, scraped.Difficulty)] = id;
        _byId[id] = new ChartInfo(id, songKey, scraped.Title, genre, scraped.Type, scraped.Difficulty, level, null, 0);
        DiscoveredAdded++;
        return id;
    }

    private sealed class ChartRow
    {
        public int ChartId { get; set; }
        public int SongId { get; set; }
        public string SongKey { get; set; } = "";
        public string Title { get; set; } = "";
        public string Genre { get; set; } = "";
        public string ImageFile { get; set; } = "";
        public int VersionCode { get; set; }
        public int? IntlVersionCode { get; set; }
        public int ChartType { get; set; }
        public int Difficulty { get; set; }
        public int Level { get; set; }
        public int? InternalLevel { get; set; }
        public int? IntlLevel { get; set; }
        public int? IntlInternalLevel { get; set; }

        public ChartInfo ToInfo(bool intl)
        {
            var level = intl ? IntlLevel ?? Level : Level;
            var internalLevel = intl ? IntlInternalLevel ?? InternalLevel : InternalLevel;
            var version = intl ? IntlVersionCode ?? VersionCode : VersionCode;
            return new ChartInfo(ChartId, SongKey, Title, Genre, (ChartType)ChartType, (Difficulty)Difficulty,
                new Level(level), internalLevel is { } i ? new Level(i) : null, version);
        }
    }
}
