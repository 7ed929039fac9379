namespace Maimai.Testing;

/// <summary>A fact that needs ../shared; it skips with the reason when the folder is absent.</summary>
public sealed class SharedFactAttribute : FactAttribute
{
    public SharedFactAttribute()
    {
        if (!SharedFolder.IsPresent)
        {
            Skip = SharedFolder.MissingReason;
        }
    }
}

/// <summary>A theory that needs ../shared; it skips with the reason when the folder is absent.</summary>
public sealed class SharedTheoryAttribute : TheoryAttribute
{
    public SharedTheoryAttribute()
    {
        if (!SharedFolder.IsPresent)
        {
            Skip = SharedFolder.MissingReason;
        }
    }
}
