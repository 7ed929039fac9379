namespace Maimai.Scraping.Pages.Internal;

/// <summary>
/// The CSS selectors the parsers write, matched without allocating: a comma list of chains of compounds (a tag, #id,
/// .class tokens, [attr], [attr=value], [attr*=value]) joined by descendant (space) or child (&gt;) combinators. Matching
/// follows CSS: tags, ids, classes and values compare exactly (HTML tag names are lower case after parsing), and an
/// ancestor may lie outside the queried root, as in querySelector. Anything else is left to AngleSharp.
/// </summary>
internal sealed class PlainSelector
{
    private readonly Chain[] _alternatives;

    private PlainSelector(Chain[] alternatives) => _alternatives = alternatives;

    /// <summary>The parsed selector, or null when it uses syntax this matcher does not cover.</summary>
    public static PlainSelector? TryParse(string text)
    {
        var alternatives = new List<Chain>();
        foreach (var part in text.Split(','))
        {
            if (Chain.TryParse(part, out var chain))
            {
                alternatives.Add(chain);
            }
            else
            {
                return null;
            }
        }

        return new PlainSelector([.. alternatives]);
    }

    public bool Matches(AngleSharp.Dom.IElement element)
    {
        foreach (var chain in _alternatives)
        {
            if (chain.Matches(element))
            {
                return true;
            }
        }

        return false;
    }

    // Compounds right to left: Steps[0] is the subject; Steps[i].Child says how Steps[i] relates to Steps[i - 1].
    private sealed record Chain(Compound[] Steps)
    {
        public static bool TryParse(string text, out Chain chain)
        {
            chain = null!;
            var steps = new List<Compound>();
            var child = false;
            foreach (var token in text.Replace(">", " > ", StringComparison.Ordinal).Split((char[])[' ', '\t', '\n', '\r', '\f'], StringSplitOptions.RemoveEmptyEntries))
            {
                if (token == ">")
                {
                    if (steps.Count == 0 || child)
                    {
                        return false;
                    }

                    child = true;
                    continue;
                }

                if (!Compound.TryParse(token, child, out var compound))
                {
                    return false;
                }

                steps.Add(compound);
                child = false;
            }

            if (steps.Count == 0 || child)
            {
                return false;
            }

            steps.Reverse();
            chain = new Chain([.. steps]);
            return true;
        }

        public bool Matches(AngleSharp.Dom.IElement element) => Steps[0].Matches(element) && MatchesFrom(element, 0);

        // Steps[step] matched element; do the steps to its left match its ancestors?
        private bool MatchesFrom(AngleSharp.Dom.IElement element, int step)
        {
            if (step + 1 == Steps.Length)
            {
                return true;
            }

            var next = Steps[step + 1];
            for (var ancestor = element.ParentElement; ancestor is not null; ancestor = ancestor.ParentElement)
            {
                if (next.Matches(ancestor) && MatchesFrom(ancestor, step + 1))
                {
                    return true;
                }

                if (Steps[step].Child)
                {
                    return false;
                }
            }

            return false;
        }
    }

    private sealed record Compound(string? Tag, string? Id, string[] Classes, Condition[] Conditions, bool Child)
    {
        public static bool TryParse(string text, bool child, out Compound compound)
        {
            compound = null!;
            string? tag = null;
            string? id = null;
            var classes = new List<string>();
            var conditions = new List<Condition>();
            var at = 0;
            var name = Name(text, ref at);
            if (name.Length > 0)
            {
                tag = name;
            }

            while (at < text.Length)
            {
                var kind = text[at++];
                if (kind is '.' or '#')
                {
                    name = Name(text, ref at);
                    if (name.Length == 0)
                    {
                        return false;
                    }

                    if (kind == '.')
                    {
                        classes.Add(name);
                    }
                    else
                    {
                        id = name;
                    }
                }
                else if (kind == '[' && Condition.TryParse(text, ref at, out var condition))
                {
                    conditions.Add(condition);
                }
                else
                {
                    return false;
                }
            }

            compound = new Compound(tag, id, [.. classes], [.. conditions], child);
            return true;
        }

        public bool Matches(AngleSharp.Dom.IElement element)
        {
            if ((Tag is not null && element.LocalName != Tag) || (Id is not null && element.Id != Id))
            {
                return false;
            }

            foreach (var name in Classes)
            {
                if (!ElementWalk.HasClass(element, name))
                {
                    return false;
                }
            }

            foreach (var condition in Conditions)
            {
                if (!condition.Matches(element))
                {
                    return false;
                }
            }

            return true;
        }

        private static string Name(string text, ref int at)
        {
            var start = at;
            while (at < text.Length && (char.IsAsciiLetterOrDigit(text[at]) || text[at] is '_' or '-'))
            {
                at++;
            }

            return text[start..at];
        }
    }

    // [name], [name=value] or [name*=value]; the value bare or in single or double quotes.
    private sealed record Condition(string Name, string? Value, bool Contains)
    {
        public static bool TryParse(string text, ref int at, out Condition condition)
        {
            condition = null!;
            var end = text.IndexOf(']', at);
            if (end < 0)
            {
                return false;
            }

            var inside = text[at..end];
            at = end + 1;
            var equals = inside.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                condition = new Condition(inside, null, false);
                return IsName(inside);
            }

            var contains = equals > 0 && inside[equals - 1] == '*';
            var name = inside[..(contains ? equals - 1 : equals)];
            var value = inside[(equals + 1)..];
            if (value.Length >= 2 && (value[0] is '\'' or '"') && value[^1] == value[0])
            {
                value = value[1..^1];
            }
            else if (!IsName(value))
            {
                return false;
            }

            condition = new Condition(name, value, contains);
            return IsName(name) && value.Length > 0 && !value.Contains('\\', StringComparison.Ordinal);
        }

        public bool Matches(AngleSharp.Dom.IElement element)
        {
            var actual = element.GetAttribute(Name);
            return actual is not null && (Value is null || (Contains ? actual.Contains(Value, StringComparison.Ordinal) : actual == Value));
        }

        private static bool IsName(string text) =>
            text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
    }
}
