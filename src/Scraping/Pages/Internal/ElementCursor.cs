using AngleSharp.Dom;

namespace Maimai.Scraping.Pages.Internal;

/// <summary>
/// Walks the elements under a root in document order by child index. AngleSharp finds an element's next sibling by
/// scanning its parent's children from the first, so a walk by sibling links is quadratic in a wide parent: a score
/// list's container holds its 1,357 rows side by side. The cursor keeps its place in each parent instead.
/// </summary>
internal sealed class ElementCursor(INode root)
{
    private readonly Stack<(INodeList Nodes, int Index)> _outer = new();
    private INodeList _nodes = root.ChildNodes;
    private int _index = -1;

    /// <summary>The element the cursor is on; null before the first move and after the last.</summary>
    public IElement? Current { get; private set; }

    /// <summary>The element after <see cref="Current"/> in the same parent, without moving; null when it is the last.</summary>
    public IElement? NextSibling
    {
        get
        {
            for (var i = _index + 1; i < _nodes.Length; i++)
            {
                if (_nodes[i] is IElement element)
                {
                    return element;
                }
            }

            return null;
        }
    }

    /// <summary>
    /// Moves to the next element in document order: into <see cref="Current"/>'s children first when
    /// <paramref name="descend"/>, else past them. False at the end.
    /// </summary>
    public bool MoveNext(bool descend = true)
    {
        if (descend && Current is { } current && current.ChildNodes.Length > 0)
        {
            _outer.Push((_nodes, _index));
            (_nodes, _index) = (current.ChildNodes, -1);
        }

        while (true)
        {
            while (++_index < _nodes.Length)
            {
                if (_nodes[_index] is IElement element)
                {
                    Current = element;
                    return true;
                }
            }

            if (!_outer.TryPop(out var parent))
            {
                Current = null;
                return false;
            }

            (_nodes, _index) = parent;
        }
    }
}
