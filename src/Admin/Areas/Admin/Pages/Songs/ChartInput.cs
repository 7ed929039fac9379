using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Maimai.Core.Game;
using Maimai.Core.Songs;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Maimai.Admin.Areas.Admin.Pages.Songs;

/// <summary>The chart form's fields: levels as people write them ("13+", "13.7"), parsed with a message beside the field.</summary>
public sealed class ChartInput
{
    public ChartType Type { get; set; } = ChartType.Dx;

    public Difficulty Difficulty { get; set; } = Difficulty.Master;

    [Required(ErrorMessage = "A chart needs its level, like 13 or 13+.")]
    public string Level { get; set; } = "";

    public string? InternalLevel { get; set; }

    public string? IntlLevel { get; set; }

    public string? IntlInternalLevel { get; set; }

    [Range(0, 10000, ErrorMessage = "Note counts are 0 to 10000.")] public int? NotesTotal { get; set; }
    [Range(0, 10000, ErrorMessage = "Note counts are 0 to 10000.")] public int? NotesTap { get; set; }
    [Range(0, 10000, ErrorMessage = "Note counts are 0 to 10000.")] public int? NotesHold { get; set; }
    [Range(0, 10000, ErrorMessage = "Note counts are 0 to 10000.")] public int? NotesSlide { get; set; }
    [Range(0, 10000, ErrorMessage = "Note counts are 0 to 10000.")] public int? NotesTouch { get; set; }
    [Range(0, 10000, ErrorMessage = "Note counts are 0 to 10000.")] public int? NotesBreak { get; set; }

    [StringLength(200)]
    public string? Designer { get; set; }

    public bool Discovered { get; set; }

    /// <summary>The row version the form was filled from.</summary>
    public long Version { get; set; }

    /// <summary>A precise level as the form shows it ("13.7"), empty when unknown.</summary>
    public static string Precise(Level? level) =>
        level is { } l ? string.Create(CultureInfo.InvariantCulture, $"{l.Tenths / 10}.{l.Tenths % 10}") : "";

    public static ChartInput From(EditableChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var f = chart.Fields;
        return new ChartInput
        {
            Type = f.Type, Difficulty = f.Difficulty, Level = f.Level.Display, InternalLevel = Precise(f.InternalLevel),
            IntlLevel = f.IntlLevel?.Display, IntlInternalLevel = Precise(f.IntlInternalLevel),
            NotesTotal = f.Notes.Total, NotesTap = f.Notes.Tap, NotesHold = f.Notes.Hold, NotesSlide = f.Notes.Slide,
            NotesTouch = f.Notes.Touch, NotesBreak = f.Notes.Break, Designer = f.Designer, Discovered = f.Discovered, Version = chart.Version,
        };
    }

    /// <summary>The fields, or null with each bad one named in <paramref name="errors"/> (keys "Input.&lt;field&gt;").</summary>
    public ChartFields? ToFields(ModelStateDictionary errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var faults = errors.ErrorCount;
        var level = Displayed(Level, nameof(Level), errors);
        var intlLevel = Displayed(IntlLevel, nameof(IntlLevel), errors);
        var internalLevel = PreciseOf(InternalLevel, nameof(InternalLevel), level, errors);
        var intlInternal = PreciseOf(IntlInternalLevel, nameof(IntlInternalLevel), intlLevel ?? level, errors);
        if (!Enum.IsDefined(Type))
        {
            errors.AddModelError("Input.Type", "Pick STD or DX.");
        }

        if (!Enum.IsDefined(Difficulty))
        {
            errors.AddModelError("Input.Difficulty", "Pick a difficulty.");
        }

        return level is null || errors.ErrorCount > faults ? null : new ChartFields(
            Type, Difficulty, level.Value, internalLevel, intlLevel, intlInternal,
            new NoteCounts(NotesTotal, NotesTap, NotesHold, NotesSlide, NotesTouch, NotesBreak),
            string.IsNullOrWhiteSpace(Designer) ? null : Designer.Trim(), Discovered);
    }

    private static Level? Displayed(string? text, string field, ModelStateDictionary errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (Core.Game.Level.TryParseDisplayed(text, out var level) && level.Tenths is >= 10 and <= 157)
        {
            return level;
        }

        errors.AddModelError("Input." + field, "A level is 1 to 15, with + for the upper half: 13 or 13+.");
        return null;
    }

    // A precise level must fall within its displayed level: 13 is 13.0-13.6, 13+ is 13.7-13.9.
    private static Level? PreciseOf(string? text, string field, Level? displayed, ModelStateDictionary errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!Core.Game.Level.TryParsePrecise(text, out var level) || level.Tenths is < 10 or > 159)
        {
            errors.AddModelError("Input." + field, "A precise level is like 13.7: one digit after the point.");
            return null;
        }

        if (displayed is { } shown && (level.Tenths / 10 != shown.Tenths / 10 || (level.Tenths % 10 >= 7) != (shown.Tenths % 10 >= 7)))
        {
            errors.AddModelError("Input." + field, $"{Precise(level)} is not a level {shown.Display}: 13 is 13.0 to 13.6, 13+ is 13.7 to 13.9.");
            return null;
        }

        return level;
    }
}
