using System.Globalization;
using System.Text;
using Maimai.Core.Game;
using SkiaSharp;

namespace Maimai.Silo.Site.B50;

/// <summary>
/// Draws a <see cref="B50Sheet"/> as a 1200 px wide PNG for sharing in a chat: the player and totals on top, then
/// the 15 new and 35 old charts in three columns, each with its title, difficulty colour, level, achievement, rank
/// and contribution. Japanese titles need a CJK font (Debian: fonts-noto-cjk); without one, the characters no
/// installed font has are drawn as "?" and the footer says which font is missing, never as empty boxes.
/// </summary>
public sealed class B50Image : IDisposable
{
    /// <summary>The image's width in pixels.</summary>
    public const int Width = 1200;

    private const int Margin = 24;
    private const int Gap = 10;
    private const int Columns = 3;
    private const int CellHeight = 66;
    private const int HeaderHeight = 148;
    private const int SectionHeight = 40;
    private const int FooterHeight = 40;
    private const string MissingFontNotice = "Some characters are shown as ? because no Japanese font is installed (Debian: fonts-noto-cjk).";

    private static readonly SKColor Background = new(0x1b, 0x1f, 0x3b);
    private static readonly SKColor Cell = new(0x27, 0x2c, 0x55);
    private static readonly SKColor Text = SKColors.White;
    private static readonly SKColor Muted = new(0xb8, 0xbd, 0xe0);

    private readonly SKTypeface _regular;
    private readonly SKTypeface _bold;

    private B50Image(SKTypeface regular, SKTypeface bold, bool hasJapanese)
    {
        _regular = regular;
        _bold = bold;
        HasJapanese = hasJapanese;
    }

    /// <summary>Whether the fonts found draw Japanese; when false, Japanese characters come out as "?".</summary>
    public bool HasJapanese { get; }

    /// <summary>
    /// Finds the fonts: a CJK sans face through fontconfig (Noto Sans CJK JP when installed), else the default face.
    /// Throws <see cref="InvalidOperationException"/> when no installed font can draw even Latin letters.
    /// </summary>
    public static B50Image Load()
    {
        var fonts = SKFontManager.Default;
        string[] japanese = ["ja-JP", "ja"];
        var regular = fonts.MatchCharacter("Noto Sans CJK JP", SKFontStyle.Normal, japanese, 'あ');
        var bold = fonts.MatchCharacter("Noto Sans CJK JP", SKFontStyle.Bold, japanese, 'あ') ?? regular;
        if (regular is not null && bold is not null)
        {
            return new B50Image(regular, bold, hasJapanese: true);
        }

        regular = fonts.MatchCharacter('A') ?? SKTypeface.Default;
        using var probe = new SKFont(regular);
        if (probe.GetGlyph('A') == 0)
        {
            throw new InvalidOperationException("The B50 image needs a font and none is installed; install fonts-noto-cjk (or any font that fontconfig finds).");
        }

        return new B50Image(regular, fonts.MatchFamily(regular.FamilyName, SKFontStyle.Bold) ?? regular, hasJapanese: false);
    }

    /// <summary>The sheet as PNG bytes.</summary>
    public byte[] Render(B50Sheet sheet)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        var height = HeaderHeight + (2 * SectionHeight) + Rows(sheet.NewBest.Count) + Rows(sheet.OldBest.Count) + FooterHeight + Margin;
        var info = new SKImageInfo(Width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info);
        var canvas = surface.Canvas;
        canvas.Clear(Background);
        var missing = false;

        var y = Margin + 40f;
        missing |= DrawText(canvas, sheet.PlayerName, Margin, y, 38, _bold, Text, Width - (2 * Margin));
        y += 36;
        var totals = $"Rating {Count(sheet.Rating)}   (new {Count(sheet.NewTotal)} + old {Count(sheet.OldTotal)})";
        DrawText(canvas, totals, Margin, y, 24, _bold, new SKColor(0xff, 0xd5, 0x4f), Width - (2 * Margin));
        y += 28;
        var site = sheet.SiteRating is { } r ? $"DX NET shows {Count(r)}" : "DX NET rating not shown";
        DrawText(canvas, $"{site}   ·   {(sheet.Region == Region.Intl ? "International" : "Japan")}   ·   {sheet.TakenAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC",
            Margin, y, 17, _regular, Muted, Width - (2 * Margin));

        y = HeaderHeight;
        missing |= DrawSection(canvas, $"NEW  best {sheet.NewBest.Count} of 15   ·   {Count(sheet.NewTotal)}", sheet.NewBest, ref y);
        missing |= DrawSection(canvas, $"OLD  best {sheet.OldBest.Count} of 35   ·   {Count(sheet.OldTotal)}", sheet.OldBest, ref y);

        var footer = missing ? MissingFontNotice : "maimai DX score tracker   ·   computed from the songs database's internal levels";
        DrawText(canvas, footer, Margin, height - Margin - 6, 15, _regular, missing ? new SKColor(0xff, 0x8a, 0x80) : Muted, Width - (2 * Margin));

        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    public void Dispose()
    {
        if (!ReferenceEquals(_bold, _regular))
        {
            _bold.Dispose();
        }

        _regular.Dispose();
    }

    private static int Rows(int entries) => entries == 0 ? CellHeight : (((entries + Columns - 1) / Columns) * (CellHeight + Gap));

    private bool DrawSection(SKCanvas canvas, string heading, IReadOnlyList<B50Entry> entries, ref float y)
    {
        DrawText(canvas, heading, Margin, y + 26, 20, _bold, Text, Width - (2 * Margin));
        y += SectionHeight;
        var missing = false;
        if (entries.Count == 0)
        {
            DrawText(canvas, "No chart rated.", Margin, y + 30, 17, _regular, Muted, Width - (2 * Margin));
        }

        const float cellWidth = (Width - (2 * Margin) - ((Columns - 1) * Gap)) / (float)Columns;
        for (var i = 0; i < entries.Count; i++)
        {
            var x = Margin + ((i % Columns) * (cellWidth + Gap));
            var top = y + ((i / Columns) * (CellHeight + Gap));
            missing |= DrawEntry(canvas, i + 1, entries[i], x, top, cellWidth);
        }

        y += Rows(entries.Count);
        return missing;
    }

    private bool DrawEntry(SKCanvas canvas, int place, B50Entry entry, float x, float top, float width)
    {
        using var fill = new SKPaint { Color = Cell, IsAntialias = true };
        canvas.DrawRoundRect(new SKRoundRect(new SKRect(x, top, x + width, top + CellHeight), 8), fill);
        using var strip = new SKPaint { Color = DifficultyColor(entry.Difficulty), IsAntialias = true };
        canvas.DrawRoundRect(new SKRoundRect(new SKRect(x, top, x + 8, top + CellHeight), 4), strip);

        var left = x + 18;
        var right = x + width - 12;
        var contribution = Count(entry.Contribution);
        var contributionWidth = Measure(contribution, 26, _bold);
        DrawText(canvas, contribution, right - contributionWidth, top + 30, 26, _bold, Text, contributionWidth + 1);
        var missing = DrawText(canvas, $"{place}. {entry.Title}", left, top + 27, 18, _bold, Text, right - contributionWidth - 12 - left);

        var chart = $"{(entry.Type == ChartType.Dx ? "DX" : "STD")} {DifficultyName(entry.Difficulty)} {Precise(entry.RatingLevel)}";
        DrawText(canvas, chart, left, top + 53, 15, _bold, DifficultyColor(entry.Difficulty), width / 2);
        var score = $"{Percent(entry.Achievement)}  {RankName(entry.Rank)}";
        var scoreWidth = Measure(score, 15, _regular);
        DrawText(canvas, score, right - scoreWidth, top + 53, 15, _regular, Muted, scoreWidth + 1);
        return missing;
    }

    // Draws one line, cut with an ellipsis to fit; characters no font has become "?". Returns whether any did.
    private static bool DrawText(SKCanvas canvas, string text, float x, float baseline, float size, SKTypeface face, SKColor color, float maxWidth)
    {
        using var font = new SKFont(face, size) { Subpixel = true, Edging = SKFontEdging.Antialias };
        var (drawable, replaced) = Drawable(text, font);
        var fitted = Fit(drawable, font, maxWidth);
        using var paint = new SKPaint { Color = color, IsAntialias = true };
        canvas.DrawText(fitted, x, baseline, SKTextAlign.Left, font, paint);
        return replaced;
    }

    private static float Measure(string text, float size, SKTypeface face)
    {
        using var font = new SKFont(face, size);
        return font.MeasureText(text);
    }

    private static (string Text, bool Replaced) Drawable(string text, SKFont font)
    {
        var builder = new StringBuilder(text.Length);
        var replaced = false;
        foreach (var rune in text.EnumerateRunes())
        {
            if (font.GetGlyph(rune.Value) == 0 && !Rune.IsWhiteSpace(rune))
            {
                builder.Append('?');
                replaced = true;
            }
            else
            {
                builder.Append(rune.ToString());
            }
        }

        return (builder.ToString(), replaced);
    }

    private static string Fit(string text, SKFont font, float maxWidth)
    {
        if (font.MeasureText(text) <= maxWidth)
        {
            return text;
        }

        var runes = text.EnumerateRunes().ToList();
        while (runes.Count > 0 && font.MeasureText(string.Concat(runes) + "…") > maxWidth)
        {
            runes.RemoveAt(runes.Count - 1);
        }

        return string.Concat(runes) + "…";
    }

    private static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Precise(Level level) => (level.Tenths / 10m).ToString("0.0", CultureInfo.InvariantCulture);

    private static string Percent(Achievement a) => (a.TenThousandths / 10_000m).ToString("0.0000", CultureInfo.InvariantCulture) + "%";

    private static string DifficultyName(Difficulty d) => d switch
    {
        Difficulty.Basic => "BASIC",
        Difficulty.Advanced => "ADVANCED",
        Difficulty.Expert => "EXPERT",
        Difficulty.Master => "MASTER",
        Difficulty.ReMaster => "Re:MASTER",
        _ => "UTAGE",
    };

    // The game's difficulty colours: green, yellow, red, purple, and Re:MASTER's pale violet.
    private static SKColor DifficultyColor(Difficulty d) => d switch
    {
        Difficulty.Basic => new SKColor(0x45, 0xc1, 0x24),
        Difficulty.Advanced => new SKColor(0xff, 0xba, 0x01),
        Difficulty.Expert => new SKColor(0xff, 0x5a, 0x66),
        Difficulty.Master => new SKColor(0xb0, 0x5c, 0xf0),
        Difficulty.ReMaster => new SKColor(0xe2, 0xc4, 0xff),
        _ => new SKColor(0xff, 0x6f, 0xc8),
    };

    private static string RankName(ScoreRank rank) => rank switch
    {
        ScoreRank.SSSPlus => "SSS+",
        ScoreRank.SSPlus => "SS+",
        ScoreRank.SPlus => "S+",
        _ => rank.ToString(),
    };
}
