using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Maimai.Scraping.Pages.Internal;

namespace Maimai.Scraping.Pages;

/// <summary>
/// Tells DX NET's pages apart. Every parser runs <see cref="DetectFailurePage(string)"/> first, so a maintenance notice,
/// an error page or a login page becomes a typed failure instead of an empty or wrong result.
/// Markers are region-independent: the title images (title_playerdata.png, title_music.png, title_playlog.png,
/// title_error.png) and class names are the same on both sites; only labels differ.
/// </summary>
public static class PageClassifier
{
    /// <summary>Parses <paramref name="html"/> and says which page it is, or which failure page.</summary>
    public static PageClassification Classify(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        if (string.IsNullOrWhiteSpace(html))
        {
            return new PageClassification(DxNetPageKind.Unknown, new UnexpectedPage(DxNetPageKind.Unknown, "the page is empty", string.Empty));
        }

        var failure = DetectFailurePage(html, out var document);
        document ??= DxNetHtml.Load(html);
        var kind = failure switch
        {
            MaintenancePage => DxNetPageKind.Maintenance,
            ErrorPage => DxNetPageKind.Error,
            SessionExpired when document.Find("input[type=password]") is not null => DxNetPageKind.Login,
            SessionExpired => DxNetPageKind.Error,
            _ => KindOf(document),
        };
        return new PageClassification(kind, failure);
    }

    /// <summary>
    /// The failure a page stands for (maintenance, DX NET error page, expired session), or null for an ordinary page.
    /// </summary>
    public static PageFailure? DetectFailurePage(string html) => DetectFailurePage(html, out _);

    /// <summary>As <see cref="DetectFailurePage(string)"/>; <paramref name="document"/> is the DOM if it had to be built.</summary>
    internal static PageFailure? DetectFailurePage(string html, out IHtmlDocument? document)
    {
        ArgumentNullException.ThrowIfNull(html);
        return DetectFailurePage(html, PageMarkers.Of(html), out document);
    }

    /// <summary>As <see cref="DetectFailurePage(string)"/>, from the page's markers already found.</summary>
    internal static PageFailure? DetectFailurePage(string html, PageMarker markers, out IHtmlDocument? document)
    {
        document = null;

        // Substring hints first: error and login pages are small, ordinary pages never carry these.
        if ((markers & (PageMarker.TitleError | PageMarker.ContainerRed | PageMarker.Password | PageMarker.JpError)) != 0)
        {
            document = DxNetHtml.Load(html);
            var error = DetectErrorPage(document);
            if (error is not null)
            {
                return error;
            }

            // A lost session ends on a login form (the Aime login for intl, SEGA ID for Japan).
            if (document.Find("input[type=password]") is not null)
            {
                return new SessionExpired(null, "the site answered with its login page");
            }
        }

        if ((markers & (PageMarker.IntlMaintenance | PageMarker.JpMaintenance)) != 0)
        {
            return new MaintenancePage();
        }

        return null;
    }

    /// <summary>
    /// A guess from substrings, used to refuse a wrong page before building its DOM. It must never say
    /// "not this kind" for a real page of that kind; <see cref="KindOf"/> then confirms on the DOM.
    /// </summary>
    internal static DxNetPageKind RawKindOf(PageMarker markers)
    {
        if (markers.HasFlag(PageMarker.PlaylogNotesDetail))
        {
            return DxNetPageKind.PlaylogDetail;
        }

        if (markers.HasFlag(PageMarker.TitlePlaylog))
        {
            return DxNetPageKind.Record;
        }

        if (markers.HasFlag(PageMarker.TitleMusic))
        {
            return markers.HasFlag(PageMarker.MusicDetailTable) ? DxNetPageKind.MusicDetail
                : markers.HasFlag(PageMarker.MusicScorelistTable) ? DxNetPageKind.ScoreList
                : DxNetPageKind.Unknown;
        }

        if (markers.HasFlag(PageMarker.TitlePlayerData))
        {
            return markers.HasFlag(PageMarker.MusicCountBlock) ? DxNetPageKind.PlayerData
                : markers.HasFlag(PageMarker.ScrewBlock) ? DxNetPageKind.RatingTarget
                : DxNetPageKind.Unknown;
        }

        return DxNetPageKind.Unknown;
    }

    /// <summary>
    /// True when the DOM is the <paramref name="expected"/> page, by the same markers <see cref="KindOf"/> uses. Only
    /// that kind's markers are looked up: each lookup of an absent marker walks the whole DOM (60,000 elements on a
    /// score list), and <see cref="RawKindOf"/> has already ruled the other kinds out.
    /// </summary>
    internal static bool IsKind(IHtmlDocument document, DxNetPageKind expected) => expected switch
    {
        DxNetPageKind.PlaylogDetail => document.Find("table.playlog_notes_detail") is not null,
        DxNetPageKind.Record => TitleImage(document) == "title_playlog.png",
        DxNetPageKind.MusicDetail => TitleImage(document) == "title_music.png" && document.Find("table.music_detail_table") is not null,
        DxNetPageKind.ScoreList => TitleImage(document) == "title_music.png" && document.Find("table.music_scorelist_table") is not null,
        DxNetPageKind.PlayerData => TitleImage(document) == "title_playerdata.png" && document.Find(".musiccount_block") is not null,
        DxNetPageKind.RatingTarget => TitleImage(document) == "title_playerdata.png" && document.Find(".screw_block") is not null,
        _ => KindOf(document) == expected,
    };

    internal static DxNetPageKind KindOf(IHtmlDocument document)
    {
        if (document.Find("table.playlog_notes_detail") is not null)
        {
            return DxNetPageKind.PlaylogDetail;
        }

        return TitleImage(document) switch
        {
            "title_playlog.png" => DxNetPageKind.Record,
            "title_music.png" when document.Find("table.music_detail_table") is not null => DxNetPageKind.MusicDetail,
            "title_music.png" when document.Find("table.music_scorelist_table") is not null => DxNetPageKind.ScoreList,
            "title_playerdata.png" when document.Find(".musiccount_block") is not null => DxNetPageKind.PlayerData,
            "title_playerdata.png" when document.Find(".screw_block") is not null => DxNetPageKind.RatingTarget,
            _ => DxNetPageKind.Unknown,
        };
    }

    /// <summary>The file name of the page's title image (img.title), which names the page on both sites.</summary>
    internal static string TitleImage(IHtmlDocument document) =>
        PageText.FileName(document.Find("img.title")?.GetAttribute("src"));

    private static PageFailure? DetectErrorPage(IHtmlDocument document)
    {
        var box = document.Find(".container_red");
        var isError = TitleImage(document) == "title_error.png"
            || (document.Title?.Contains("Error", StringComparison.OrdinalIgnoreCase) ?? false)
            || (box is not null && document.Find("img[src*='title_error']") is not null);
        if (!isError)
        {
            return null;
        }

        var codeText = box?.Find(".p_5.f_14")?.TextContent ?? string.Empty;
        var description = Description(box?.Find(".p_5.f_12"));
        var code = ErrorCode(codeText);
        return code == SessionExpired.LoginAgainCode
            ? new SessionExpired(code, description)
            : new ErrorPage(code, description);
    }

    // "ERROR CODE：100001" (intl) or "エラーコード：100001" (Japan): the digits after the label.
    private static int? ErrorCode(string text)
    {
        var digits = 0;
        var value = 0L;
        foreach (var c in text)
        {
            if (c is >= '0' and <= '9')
            {
                value = (value * 10) + (c - '0');
                if (++digits > 9)
                {
                    return null;
                }
            }
            else if (digits > 0)
            {
                break;
            }
        }

        return digits == 0 ? null : (int)value;
    }

    // "An error occured. <br>Please login again." becomes "An error occured. Please login again.".
    private static string Description(IElement? element)
    {
        if (element is null)
        {
            return string.Empty;
        }

        var parts = element.ChildNodes
            .Where(n => n.NodeType == NodeType.Text || n is IElement)
            .Select(n => PageText.Clean(n.TextContent))
            .Where(t => t.Length > 0);
        return string.Join(' ', parts);
    }
}

/// <summary>What <see cref="PageClassifier.Classify"/> found: the page kind, and the failure if it is a failure page.</summary>
public sealed record PageClassification(DxNetPageKind Kind, PageFailure? Failure);
