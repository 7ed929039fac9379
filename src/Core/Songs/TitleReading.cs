using System.Text;

namespace Maimai.Core.Songs;

/// <summary>Folds what an admin types into the form readings are stored in (katakana, as otoge-db's title_kana).</summary>
public static class TitleReading
{
    // Hiragana ぁ..ゖ and the iteration marks ゝゞ sit exactly 0x60 below their katakana in Unicode.
    private const int KatakanaOffset = 0x30A1 - 0x3041;

    public static string ToKatakana(string text)
    {
        var folded = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            folded.Append(c is (>= '\u3041' and <= '\u3096') or '\u309D' or '\u309E' ? (char)(c + KatakanaOffset) : c);
        }

        return folded.ToString();
    }

    /// <summary>The text with dakuten and handakuten taken off (ボ and ポ become ホ).</summary>
    public static string WithoutVoicing(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var plain = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (c is not ('\u3099' or '\u309A'))
            {
                plain.Append(c);
            }
        }

        return plain.ToString().Normalize(NormalizationForm.FormC);
    }
}
