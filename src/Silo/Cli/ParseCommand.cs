using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Maimai.Core.Game;
using Maimai.Scraping.Pages;

namespace Maimai.Silo.Cli;

/// <summary>
/// `parse &lt;kind&gt; &lt;file&gt; [--region intl|jp]`: runs one DX NET page parser on a saved page and prints the
/// result as JSON. Exit code 0 on success, 2 when the page cannot be parsed (one-line reason on stderr), 1 on usage errors.
/// </summary>
public static class ParseCommand
{
    public const int Unparsable = 2;

    /// <summary>The page kinds the verb accepts, each with its parser.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["player", "scores", "record", "playlog", "music-detail", "rating-target"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters =
        {
            new JsonStringEnumConverter(),
            new AchievementJsonConverter(),
            new LevelJsonConverter(),
        },
    };

    public static Command Create()
    {
        var kind = new Argument<string>("kind") { Description = "The page kind: " + string.Join('|', Kinds) };
        kind.AcceptOnlyFromAmong([.. Kinds]);
        var file = new Argument<FileInfo>("file") { Description = "A saved DX NET page (UTF-8 HTML)." };
        var region = new Option<string>("--region")
        {
            Description = "The site the page comes from: intl or jp.",
            DefaultValueFactory = _ => "intl",
        };
        region.AcceptOnlyFromAmong("intl", "jp");

        var command = new Command("parse", "Parse a saved maimai DX NET page and print it as JSON.") { kind, file, region };
        command.SetAction(parse => Run(
            parse.GetValue(kind)!,
            parse.GetValue(file)!.FullName,
            RegionNames.Parse(parse.GetValue(region)!),
            Console.Out,
            Console.Error));
        return command;
    }

    /// <summary>The verb's logic, callable in-process by tests.</summary>
    public static int Run(string kind, string path, Region region, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        string html;
        try
        {
            html = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            stderr.WriteLine($"parse: cannot read '{path}': {e.Message}");
            return 1;
        }

        var (value, failure) = kind switch
        {
            "player" => Unwrap(PlayerPageParser.Parse(html, region)),
            "scores" => Unwrap(ScoreListPageParser.Parse(html, region)),
            "record" => Unwrap(RecordPageParser.Parse(html, region)),
            "playlog" => Unwrap(PlaylogDetailPageParser.Parse(html, region)),
            "music-detail" => Unwrap(MusicDetailPageParser.Parse(html, region)),
            "rating-target" => Unwrap(RatingTargetPageParser.Parse(html, region)),
            _ => (null, null),
        };

        if (value is null && failure is null)
        {
            stderr.WriteLine($"parse: unknown page kind '{kind}'; expected one of {string.Join(", ", Kinds)}.");
            return 1;
        }

        if (failure is not null)
        {
            stderr.WriteLine($"parse: {path}: {failure.Message}");
            return Unparsable;
        }

        stdout.WriteLine(JsonSerializer.Serialize(value, value!.GetType(), Json));
        return 0;
    }

    private static (object? Value, PageFailure? Failure) Unwrap<T>(PageResult<T> result)
        where T : class => (result.Value, result.Failure);

    /// <summary>Writes an achievement as DX NET shows it ("100.5000%"), exactly.</summary>
    private sealed class AchievementJsonConverter : JsonConverter<Achievement>
    {
        public override Achievement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Achievement.TryParse(reader.GetString(), out var value) ? value : throw new JsonException("Not an achievement.");

        public override void Write(Utf8JsonWriter writer, Achievement value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
    }

    /// <summary>Writes a level as DX NET displays it ("13+").</summary>
    private sealed class LevelJsonConverter : JsonConverter<Level>
    {
        public override Level Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Level.TryParseDisplayed(reader.GetString(), out var value) ? value : throw new JsonException("Not a level.");

        public override void Write(Utf8JsonWriter writer, Level value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.Display);
    }
}
